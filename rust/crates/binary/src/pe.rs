//! PE: `go:fipsinfo` has no section of its own. Go's linker (`pefips`)
//! scans `.data` in 16-byte steps (up to 16 MiB) for the magic, derives
//! `delta = (VirtualAddress + off) - self` (the low 12 bits of `self` and
//! `off` must agree), adds `delta` to every pointer and maps it through the
//! section whose `[VirtualAddress, VirtualAddress+SizeOfRawData]` holds it.

use object::pe as pe_consts;
use object::read::pe::{ImageNtHeaders, ImageOptionalHeader, PeFile};
use object::{FileKind, LittleEndian as LE};

use crate::{
    parse_record, record_len, Endian, Error, Format, HashedRange, Located, Location, Target,
    FIPS_MAGIC, MAGIC_LEN, RANGE_NAMES,
};

const MAX_SCAN: usize = 16 << 20;

/// A section as `debug/pe` sees it.
#[derive(Debug, Clone, Copy)]
struct Sect {
    va: u64,
    raw_size: u64,
    raw_ptr: u64,
}

/// Facts about a PE file that sealing needs.
pub(crate) struct PeFacts {
    /// File offset of the optional header's `CheckSum` field.
    pub checksum_offset: usize,
    pub checksum: u32,
    /// Size of the security (Authenticode) data directory.
    pub security_size: u32,
}

pub(crate) fn locate(data: &[u8], kind: FileKind) -> Result<Located, Error> {
    match kind {
        FileKind::Pe32 => locate_pe::<pe_consts::ImageNtHeaders32>(data).map(|(l, _)| l),
        _ => locate_pe::<pe_consts::ImageNtHeaders64>(data).map(|(l, _)| l),
    }
}

pub(crate) fn facts(data: &[u8]) -> Result<PeFacts, Error> {
    match FileKind::parse(data) {
        Ok(FileKind::Pe32) => locate_pe::<pe_consts::ImageNtHeaders32>(data).map(|(_, f)| f),
        Ok(FileKind::Pe64) => locate_pe::<pe_consts::ImageNtHeaders64>(data).map(|(_, f)| f),
        _ => Err(Error::UnknownFormat),
    }
}

fn goarch(machine: pe_consts::Machine) -> String {
    match machine {
        pe_consts::IMAGE_FILE_MACHINE_AMD64 => "amd64".to_string(),
        pe_consts::IMAGE_FILE_MACHINE_I386 => "386".to_string(),
        pe_consts::IMAGE_FILE_MACHINE_ARM64 => "arm64".to_string(),
        pe_consts::IMAGE_FILE_MACHINE_ARMNT => "arm".to_string(),
        other => format!("pe-machine-{:#x}", other.0),
    }
}

fn locate_pe<Pe: ImageNtHeaders>(data: &[u8]) -> Result<(Located, PeFacts), Error> {
    let bad = |e: object::read::Error| Error::malformed(Format::Pe, e);
    let file = PeFile::<Pe, &[u8]>::parse(data).map_err(bad)?;
    let nt = file.nt_headers();
    let ps: u8 = if nt.is_type_64() { 8 } else { 4 };
    let machine = nt.file_header().machine.get(LE);
    let characteristics = nt.file_header().characteristics.get(LE);
    let target = Target {
        format: Format::Pe,
        pointer_size: ps,
        endian: Endian::Little,
        arch: goarch(machine),
        position_independent: characteristics.0 & pe_consts::IMAGE_FILE_DLL.0 != 0,
    };
    let e_lfanew = usize::try_from(file.dos_header().e_lfanew.get(LE)).unwrap_or(usize::MAX);
    // Signature (4) + IMAGE_FILE_HEADER (20) + CheckSum's offset (64), the
    // same in PE32 and PE32+.
    let checksum_offset = e_lfanew.saturating_add(4 + 20 + 64);
    let facts = PeFacts {
        checksum_offset,
        checksum: nt.optional_header().check_sum(),
        security_size: file
            .data_directory(pe_consts::IMAGE_DIRECTORY_ENTRY_SECURITY)
            .map_or(0, |d| d.size.get(LE)),
    };
    let sections: Vec<(Vec<u8>, Sect)> = file
        .section_table()
        .iter()
        .map(|s| {
            (
                s.raw_name().to_vec(),
                Sect {
                    va: u64::from(s.virtual_address.get(LE)),
                    raw_size: u64::from(s.size_of_raw_data.get(LE)),
                    raw_ptr: u64::from(s.pointer_to_raw_data.get(LE)),
                },
            )
        })
        .collect();
    let mut located = Located::new(target);
    let Some(data_sect) = sections
        .iter()
        .find(|(name, _)| name.as_slice() == b".data")
        .map(|(_, s)| *s)
    else {
        located.absent_reason = "no .data section, so no go:fipsinfo".to_string();
        return Ok((located, facts));
    };
    // The section's raw data, clipped to the file (as a SectionReader would).
    let start = usize::try_from(data_sect.raw_ptr).unwrap_or(usize::MAX);
    let end = start.saturating_add(usize::try_from(data_sect.raw_size).unwrap_or(usize::MAX));
    let sect_bytes = data
        .get(start.min(data.len())..end.min(data.len()))
        .unwrap_or(&[]);
    let mut found = None;
    let mut off = 0usize;
    while off < MAX_SCAN {
        match sect_bytes.get(off..off + MAGIC_LEN) {
            Some(m) if m == FIPS_MAGIC => {
                found = Some(off);
                break;
            }
            Some(_) => off += 16,
            None => break,
        }
    }
    let Some(off) = found else {
        located.absent_reason = "no go:fipsinfo magic in .data: not a Go binary, a Go binary \
                                 older than 1.24, or a platform without the FIPS module \
                                 (windows/386, and windows/arm before Go 1.26)"
            .to_string();
        return Ok((located, facts));
    };
    let rlen = record_len(ps);
    let Some(raw) = sect_bytes
        .get(off..)
        .and_then(|b| parse_record(b, ps, Endian::Little))
    else {
        return Err(Error::malformed(
            Format::Pe,
            format!("go:fipsinfo at .data+{off:#x} is cut short (need {rlen} bytes)"),
        ));
    };
    let file_offset = data_sect.raw_ptr.saturating_add(off as u64);
    let address = data_sect.va.checked_add(off as u64);
    let secs: Vec<Sect> = sections.iter().map(|(_, s)| *s).collect();
    located.ranges = map_ranges(
        &secs,
        data_sect.va,
        off as u64,
        raw.self_ptr,
        &raw.pointers,
        data.len(),
    );
    located.fipsinfo = Some(raw.into_info(file_offset, address, Location::DataScan));
    Ok((located, facts))
}

fn map_ranges(
    sections: &[Sect],
    data_va: u64,
    off: u64,
    self_ptr: u64,
    pointers: &[(u64, u64); 4],
    file_len: usize,
) -> Result<Vec<HashedRange>, String> {
    if self_ptr & 0xfff != off & 0xfff {
        return Err(format!(
            "corrupt pointer found in go:fipsinfo: self pointer {self_ptr:#x} does not agree \
             with the record's page offset {:#x}",
            off & 0xfff
        ));
    }
    // Go computes in int64 from uint64 pointers; i128 holds every value.
    let delta = i128::from(data_va) + i128::from(off) - i128::from(self_ptr as i64);
    let mut out = Vec::with_capacity(4);
    for (name, &(s, e)) in RANGE_NAMES.iter().zip(pointers.iter()) {
        let start = i128::from(s as i64) + delta;
        let end = i128::from(e as i64) + delta;
        let sect = sections.iter().find(|x| {
            let va = i128::from(x.va);
            va <= start && start <= end && end <= va + i128::from(x.raw_size)
        });
        let Some(sect) = sect else {
            return Err(format!(
                "invalid pointers found in go:fipsinfo: the {name} range {s:#x}..{e:#x} is not \
                 inside any section"
            ));
        };
        let fstart = start - i128::from(sect.va) + i128::from(sect.raw_ptr);
        let fend = end - i128::from(sect.va) + i128::from(sect.raw_ptr);
        if fstart < 0 || fend > file_len as i128 {
            return Err(format!(
                "the {name} range {s:#x}..{e:#x} maps past the end of the file"
            ));
        }
        let offset = u64::try_from(fstart).map_err(|e| e.to_string())?;
        let len = u64::try_from(fend - fstart).map_err(|e| e.to_string())?;
        let rva_start = u64::try_from(start).map_err(|e| e.to_string())?;
        let rva_end = u64::try_from(end).map_err(|e| e.to_string())?;
        out.push(HashedRange {
            name,
            start: rva_start,
            end: rva_end,
            offset,
            len,
        });
    }
    Ok(out)
}

/// The PE image checksum (as `CheckSumMappedFile` computes it) with the
/// checksum field at `checksum_offset` taken as zero.
pub(crate) fn pe_checksum(data: &[u8], checksum_offset: usize) -> Option<u32> {
    let mut sum: u64 = 0;
    let mut i = 0usize;
    while i < data.len() {
        let lo = u64::from(*data.get(i)?);
        let hi = u64::from(data.get(i + 1).copied().unwrap_or(0));
        let mut word = lo | (hi << 8);
        if i >= checksum_offset && i < checksum_offset.saturating_add(4) {
            word = 0;
        }
        sum += word;
        sum = (sum & 0xffff) + (sum >> 16);
        i += 2;
    }
    sum = (sum & 0xffff) + (sum >> 16);
    let total = sum.checked_add(data.len() as u64)?;
    u32::try_from(total & 0xffff_ffff).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::PeBuilder;
    use crate::{analyze, Status};

    #[test]
    fn sealed_pe_verifies() {
        let b = PeBuilder::new();
        let got = analyze(&b.build(true)).unwrap();
        assert_eq!(got.status, Status::Verified, "{}", got.detail);
        assert_eq!(got.target.arch, "amd64");
        assert_eq!(got.fipsinfo.as_ref().unwrap().location, Location::DataScan);
        assert_eq!(got.fipsinfo.as_ref().unwrap().offset, 0x640);
        assert_eq!(got.ranges[0].offset, 0x400);
        assert_eq!(got.ranges[3].offset, 0x610);
    }

    #[test]
    fn low_bits_check() {
        let mut b = PeBuilder::new();
        b.self_adjust = 0x8;
        let got = analyze(&b.build(false)).unwrap();
        assert_eq!(got.status, Status::InvalidPointers);
        assert!(got.detail.contains("corrupt pointer"), "{}", got.detail);
    }

    #[test]
    fn high_bits_of_self_are_absorbed_by_delta() {
        // Go's comment: pointers may carry bits the section headers lack.
        let mut b = PeBuilder::new();
        b.self_adjust = 0x1_0000_0000;
        // Only self is adjusted, so all ranges shift by -4 GiB and fall
        // outside every section.
        assert_eq!(
            analyze(&b.build(false)).unwrap().status,
            Status::InvalidPointers
        );
    }

    #[test]
    fn magic_must_be_16_aligned_in_data() {
        let mut b = PeBuilder::new();
        b.info_in_data = 0x48;
        let got = analyze(&b.build(true)).unwrap();
        assert_eq!(got.status, Status::NoFipsInfo);
    }

    #[test]
    fn checksum_matches_reference_algorithm() {
        let mut b = PeBuilder::new();
        b.with_checksum = true;
        let f = b.build(true);
        let facts = facts(&f).unwrap();
        assert_ne!(facts.checksum, 0);
        assert_eq!(pe_checksum(&f, facts.checksum_offset), Some(facts.checksum));
    }

    #[test]
    fn truncations_do_not_panic() {
        let f = PeBuilder::new().build(true);
        for cut in 0..f.len() {
            let _ = analyze(&f[..cut]);
        }
    }
}
