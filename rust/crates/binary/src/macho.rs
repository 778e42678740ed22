//! Mach-O: `go:fipsinfo` lives in section `__go_fipsinfo`. Go's linker
//! (`machofips`) masks each stored pointer with `1<<48 - 1` (the high bits
//! can hold relocation metadata) and maps it to a file offset by adding
//! `sect.Offset - self`.

use object::read::macho::{MachHeader, Section, Segment};
use object::{macho, Endian as _, Endianness, FileKind};

use crate::{
    parse_record, record_len, Endian, Error, Format, HashedRange, Located, Location, Target,
    RANGE_NAMES,
};

const SECTION: &str = "__go_fipsinfo";
const ADDEND_MASK: u64 = (1 << 48) - 1;

/// Facts about a Mach-O file that sealing needs.
pub(crate) struct MachOFacts {
    /// `(dataoff, datasize)` of `LC_CODE_SIGNATURE`.
    pub code_signature: Option<(u32, u32)>,
}

pub(crate) fn locate(data: &[u8], kind: FileKind) -> Result<Located, Error> {
    match kind {
        FileKind::MachO32 => locate_macho::<macho::MachHeader32<Endianness>>(data).map(|(l, _)| l),
        _ => locate_macho::<macho::MachHeader64<Endianness>>(data).map(|(l, _)| l),
    }
}

pub(crate) fn facts(data: &[u8]) -> Result<MachOFacts, Error> {
    match object::FileKind::parse(data) {
        Ok(FileKind::MachO32) => {
            locate_macho::<macho::MachHeader32<Endianness>>(data).map(|(_, f)| f)
        }
        Ok(FileKind::MachO64) => {
            locate_macho::<macho::MachHeader64<Endianness>>(data).map(|(_, f)| f)
        }
        _ => Err(Error::UnknownFormat),
    }
}

fn goarch(cputype: macho::CpuType) -> String {
    match cputype {
        macho::CPU_TYPE_X86_64 => "amd64".to_string(),
        macho::CPU_TYPE_ARM64 => "arm64".to_string(),
        macho::CPU_TYPE_X86 => "386".to_string(),
        macho::CPU_TYPE_ARM => "arm".to_string(),
        other => format!("macho-cputype-{:#x}", other.0),
    }
}

fn locate_macho<Mach: MachHeader<Endian = Endianness>>(
    data: &[u8],
) -> Result<(Located, MachOFacts), Error> {
    let bad = |e: object::read::Error| Error::malformed(Format::MachO, e);
    let header = Mach::parse(data, 0).map_err(bad)?;
    let endian = header.endian().map_err(bad)?;
    let ps: u8 = if header.is_type_64() { 8 } else { 4 };
    let order = if endian.is_big_endian() {
        Endian::Big
    } else {
        Endian::Little
    };
    let filetype = header.filetype(endian).0;
    let pie = header.flags(endian).0 & macho::MH_PIE.0 != 0
        || filetype == macho::MH_DYLIB.0
        || filetype == macho::MH_BUNDLE.0;
    let target = Target {
        format: Format::MachO,
        pointer_size: ps,
        endian: order,
        arch: goarch(header.cputype(endian)),
        position_independent: pie,
    };
    let mut facts = MachOFacts {
        code_signature: None,
    };
    let mut found: Option<(u64, u64, u64)> = None; // (offset, size, addr)
    let mut commands = header.load_commands(endian, data, 0).map_err(bad)?;
    while let Some(cmd) = commands.next().map_err(bad)? {
        if cmd.cmd().0 == macho::LC_CODE_SIGNATURE.0 {
            if let Ok(lc) = cmd.data::<macho::LinkeditDataCommand<Endianness>>() {
                facts.code_signature = Some((lc.dataoff.get(endian), lc.datasize.get(endian)));
            }
            continue;
        }
        let Some((segment, section_data)) = Mach::Segment::from_command(cmd).map_err(bad)? else {
            continue;
        };
        let sections = segment.sections(endian, section_data).map_err(bad)?;
        for sect in sections {
            if found.is_none() && sect.name() == SECTION.as_bytes() {
                found = Some((
                    u64::from(sect.offset(endian)),
                    sect.size(endian).into(),
                    sect.addr(endian).into(),
                ));
            }
        }
    }
    let mut located = Located::new(target);
    let Some((offset, size, addr)) = found else {
        located.absent_reason =
            format!("no {SECTION} section: not a Go binary, or a Go binary older than 1.24");
        return Ok((located, facts));
    };
    let rlen = record_len(ps);
    let raw = usize::try_from(offset)
        .ok()
        .and_then(|o| {
            let len = usize::try_from(size).ok()?;
            data.get(o..o.checked_add(len)?)
        })
        .and_then(|b| parse_record(b, ps, order));
    let Some(raw) = raw else {
        return Err(Error::malformed(
            Format::MachO,
            format!(
                "section {SECTION} (offset {offset:#x}, size {size:#x}) is outside the file or \
                 shorter than the {rlen}-byte go:fipsinfo record"
            ),
        ));
    };
    located.ranges = map_ranges(offset, raw.self_ptr, &raw.pointers, data.len());
    located.fipsinfo = Some(raw.into_info(offset, Some(addr), Location::Section(SECTION)));
    Ok((located, facts))
}

/// `start = (ptr & mask) + sect.Offset - (self & mask)`, as cmd/link's
/// `machofips`; then check that the range is well-formed and in the file.
fn map_ranges(
    sect_offset: u64,
    self_ptr: u64,
    pointers: &[(u64, u64); 4],
    file_len: usize,
) -> Result<Vec<HashedRange>, String> {
    let base = i128::from(sect_offset) - i128::from(self_ptr & ADDEND_MASK);
    let mut out = Vec::with_capacity(4);
    for (name, &(s, e)) in RANGE_NAMES.iter().zip(pointers.iter()) {
        let (ms, me) = (s & ADDEND_MASK, e & ADDEND_MASK);
        let start = i128::from(ms) + base;
        let end = i128::from(me) + base;
        if start < 0 || end < start || end > file_len as i128 {
            return Err(format!(
                "invalid pointers found in {SECTION}: the {name} range {ms:#x}..{me:#x} maps to \
                 file offsets {start:#x}..{end:#x}, outside the file"
            ));
        }
        // In range 0..=file_len, so the conversions cannot fail.
        let offset = u64::try_from(start).map_err(|e| e.to_string())?;
        let len = u64::try_from(end - start).map_err(|e| e.to_string())?;
        out.push(HashedRange {
            name,
            start: ms,
            end: me,
            offset,
            len,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::MachOBuilder;
    use crate::{analyze, Status};

    #[test]
    fn sealed_macho_verifies() {
        let b = MachOBuilder::new();
        let got = analyze(&b.build(true)).unwrap();
        assert_eq!(got.status, Status::Verified, "{}", got.detail);
        assert_eq!(got.target.format, Format::MachO);
        assert_eq!(got.target.arch, "arm64");
        assert!(got.target.position_independent);
        assert_eq!(got.ranges[0].offset, 0x1000);
    }

    #[test]
    fn high_bits_are_masked() {
        let mut b = MachOBuilder::new();
        b.high_bits = 0x8010_0000_0000_0000;
        let got = analyze(&b.build(true)).unwrap();
        assert_eq!(got.status, Status::Verified, "{}", got.detail);
        assert_eq!(got.ranges[0].start, 0x1_0000_1000);
    }

    #[test]
    fn unsealed_and_tampered() {
        let b = MachOBuilder::new();
        assert_eq!(analyze(&b.build(false)).unwrap().status, Status::NoChecksum);
        let mut f = b.build(true);
        f[b.text_offset() + 1] ^= 1;
        assert_eq!(analyze(&f).unwrap().status, Status::Mismatch);
    }

    #[test]
    fn pointers_outside_file() {
        let mut b = MachOBuilder::new();
        b.pointers[2] = (0x2000, 0x9_0000);
        assert_eq!(
            analyze(&b.build(false)).unwrap().status,
            Status::InvalidPointers
        );
        let mut b = MachOBuilder::new();
        b.pointers[3] = (0x2010, 0x2000);
        assert_eq!(
            analyze(&b.build(false)).unwrap().status,
            Status::InvalidPointers
        );
    }

    #[test]
    fn truncations_do_not_panic() {
        let mut b = MachOBuilder::new();
        b.code_signature = true;
        let f = b.build(true);
        for cut in (0..f.len()).step_by(5) {
            let _ = analyze(&f[..cut]);
            let _ = facts(&f[..cut]);
        }
    }
}
