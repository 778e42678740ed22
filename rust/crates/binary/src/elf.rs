//! ELF: `go:fipsinfo` lives in section `.go.fipsinfo`; its pointers are
//! mapped to file offsets through the `PT_LOAD` segment that holds them, as
//! `elffips` in cmd/link does (`Vaddr <= start <= end <= Vaddr+Filesz`,
//! offset `start + Off - Vaddr`).

use std::collections::BTreeMap;

use object::read::elf::{FileHeader, ProgramHeader, Rela, SectionHeader, SectionTable};
use object::{elf, Endian as _, Endianness, FileKind};

use crate::{
    magic_candidates, parse_record, record_len, Endian, Error, Format, HashedRange, Located,
    Location, RawRecord, Relocations, Target, MAGIC_LEN, RANGE_NAMES, SUM_LEN,
};

const SECTION: &str = ".go.fipsinfo";

/// A `PT_LOAD` segment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Load {
    pub vaddr: u64,
    pub offset: u64,
    pub filesz: u64,
}

pub(crate) fn locate(data: &[u8], kind: FileKind) -> Result<Located, Error> {
    match kind {
        FileKind::Elf32 => locate_elf::<elf::FileHeader32<Endianness>>(data),
        _ => locate_elf::<elf::FileHeader64<Endianness>>(data),
    }
}

fn goarch(machine: elf::Machine, ps: u8, endian: Endian) -> String {
    let name = match (machine, ps, endian) {
        (elf::EM_X86_64, _, _) => "amd64",
        (elf::EM_386, _, _) => "386",
        (elf::EM_AARCH64, _, _) => "arm64",
        (elf::EM_ARM, _, _) => "arm",
        (elf::EM_S390, _, _) => "s390x",
        (elf::EM_PPC64, _, Endian::Little) => "ppc64le",
        (elf::EM_PPC64, _, Endian::Big) => "ppc64",
        (elf::EM_RISCV, 8, _) => "riscv64",
        (elf::EM_LOONGARCH, 8, _) => "loong64",
        (elf::EM_MIPS, 8, Endian::Little) => "mips64le",
        (elf::EM_MIPS, 8, Endian::Big) => "mips64",
        (elf::EM_MIPS, _, Endian::Little) => "mipsle",
        (elf::EM_MIPS, _, Endian::Big) => "mips",
        _ => return format!("elf-machine-{}", machine.0),
    };
    name.to_string()
}

/// The `R_*_RELATIVE` relocation type of a machine, for `SHT_RELA` tables.
fn relative_type(machine: elf::Machine) -> Option<u32> {
    Some(match machine {
        elf::EM_X86_64 => 8,     // R_X86_64_RELATIVE
        elf::EM_386 => 8,        // R_386_RELATIVE
        elf::EM_AARCH64 => 1027, // R_AARCH64_RELATIVE
        elf::EM_ARM => 23,       // R_ARM_RELATIVE
        elf::EM_PPC64 => 22,     // R_PPC64_RELATIVE
        elf::EM_PPC => 22,       // R_PPC_RELATIVE
        elf::EM_S390 => 12,      // R_390_RELATIVE
        elf::EM_RISCV => 3,      // R_RISCV_RELATIVE
        elf::EM_LOONGARCH => 3,  // R_LARCH_RELATIVE
        elf::EM_SPARCV9 => 22,   // R_SPARC_RELATIVE
        _ => return None,
    })
}

fn locate_elf<Elf: FileHeader<Endian = Endianness>>(data: &[u8]) -> Result<Located, Error> {
    let bad = |e: object::read::Error| Error::malformed(Format::Elf, e);
    let header = Elf::parse(data).map_err(bad)?;
    let endian = header.endian().map_err(bad)?;
    let phdrs = header.program_headers(endian, data).map_err(bad)?;
    let ps: u8 = if header.is_type_64() { 8 } else { 4 };
    let order = if endian.is_big_endian() {
        Endian::Big
    } else {
        Endian::Little
    };
    let machine = header.e_machine(endian);
    let is_dyn = header.e_type(endian).0 == elf::ET_DYN.0;
    let target = Target {
        format: Format::Elf,
        pointer_size: ps,
        endian: order,
        arch: goarch(machine, ps, order),
        position_independent: is_dyn,
    };
    let loads: Vec<Load> = phdrs
        .iter()
        .filter(|p| p.p_type(endian).0 == elf::PT_LOAD.0)
        .map(|p| Load {
            vaddr: p.p_vaddr(endian).into(),
            offset: p.p_offset(endian).into(),
            filesz: p.p_filesz(endian).into(),
        })
        .collect();
    // Section headers are optional (a fully stripped file has none): when they
    // cannot be read, fall back to finding the record by its magic.
    let sections = header.sections(endian, data).ok();
    let rlen = record_len(ps);

    let mut located = Located::new(target);

    let named = sections
        .as_ref()
        .and_then(|s| s.section_by_name(endian, SECTION.as_bytes()));
    let (offset, address, location, raw) = if let Some((_, sh)) = named {
        let offset: u64 = sh.sh_offset(endian).into();
        let address: u64 = sh.sh_addr(endian).into();
        let size: u64 = sh.sh_size(endian).into();
        if sh.sh_type(endian).0 == elf::SHT_NOBITS.0 {
            located.ranges = Err(format!(
                "section {SECTION} has no file contents (SHT_NOBITS)"
            ));
            located.absent_reason = located.ranges.clone().err().unwrap_or_default();
            return Ok(located);
        }
        let bytes = usize::try_from(offset)
            .ok()
            .and_then(|o| data.get(o..o.checked_add(usize::try_from(size).ok()?)?));
        let raw = bytes.and_then(|b| parse_record(b, ps, order));
        let Some(raw) = raw else {
            return Err(Error::malformed(
                Format::Elf,
                format!(
                    "section {SECTION} (offset {offset:#x}, size {size:#x}) is outside the file \
                     or shorter than the {rlen}-byte go:fipsinfo record"
                ),
            ));
        };
        (offset, Some(address), Location::Section(SECTION), raw)
    } else {
        match scan(data, &loads, ps, order) {
            Some((offset, raw)) => {
                let address = offset_to_vaddr(&loads, offset);
                (offset, address, Location::MagicScan, raw)
            }
            None => {
                located.absent_reason = if sections.as_ref().is_some_and(|s| !s.is_empty()) {
                    format!(
                        "no {SECTION} section and no go:fipsinfo magic: not a Go binary, a Go \
                         binary older than 1.24, or a platform without the FIPS module \
                         (wasm, aix, plugins)"
                    )
                } else {
                    "no section headers and no go:fipsinfo magic in the file".to_string()
                };
                return Ok(located);
            }
        }
    };

    let relocations = match (&sections, address, is_dyn) {
        (Some(sections), Some(address), true) => {
            relative_relocations::<Elf>(data, header, endian, sections, address, ps, &raw)
        }
        _ => None,
    };
    let pointers = match &relocations {
        Some(r) => r.pointers,
        None => raw.pointers,
    };
    located.ranges = map_ranges(&loads, &pointers, data.len());
    if relocations.as_ref().is_some_and(|r| r.unapplied_fields > 0) {
        located.in_place_ranges = Some(map_ranges(&loads, &raw.pointers, data.len()));
    }
    located.relocations = relocations;
    located.fipsinfo = Some(raw.into_info(offset, address, location));
    Ok(located)
}

/// Find the record by its magic: prefer a candidate whose self pointer maps
/// back to its own file offset; else accept a single candidate.
fn scan(data: &[u8], loads: &[Load], ps: u8, order: Endian) -> Option<(u64, RawRecord)> {
    let candidates = magic_candidates(data);
    let mut parsed = Vec::new();
    for off in candidates {
        let Some(raw) = data.get(off..).and_then(|b| parse_record(b, ps, order)) else {
            continue;
        };
        let off = off as u64;
        if vaddr_to_offset(loads, raw.self_ptr) == Some(off) {
            return Some((off, raw));
        }
        parsed.push((off, raw));
    }
    if parsed.len() == 1 {
        parsed.pop()
    } else {
        None
    }
}

fn vaddr_to_offset(loads: &[Load], addr: u64) -> Option<u64> {
    loads.iter().find_map(|l| {
        let end = l.vaddr.checked_add(l.filesz)?;
        if l.vaddr <= addr && addr < end {
            (addr - l.vaddr).checked_add(l.offset)
        } else {
            None
        }
    })
}

fn offset_to_vaddr(loads: &[Load], off: u64) -> Option<u64> {
    loads.iter().find_map(|l| {
        let end = l.offset.checked_add(l.filesz)?;
        if l.offset <= off && off < end {
            (off - l.offset).checked_add(l.vaddr)
        } else {
            None
        }
    })
}

/// Map each (start, end) pair through the `PT_LOAD` segment that contains
/// it, exactly as cmd/link's `elffips`.
pub(crate) fn map_ranges(
    loads: &[Load],
    pointers: &[(u64, u64); 4],
    file_len: usize,
) -> Result<Vec<HashedRange>, String> {
    let mut out = Vec::with_capacity(4);
    for (name, &(start, end)) in RANGE_NAMES.iter().zip(pointers.iter()) {
        let load = loads.iter().find(|l| {
            let limit = u128::from(l.vaddr) + u128::from(l.filesz);
            l.vaddr <= start && start <= end && u128::from(end) <= limit
        });
        let Some(load) = load else {
            return Err(format!(
                "invalid pointers found in .go.fipsinfo: the {name} range \
                 {start:#x}..{end:#x} is not inside any PT_LOAD segment's file contents"
            ));
        };
        let offset = (start - load.vaddr)
            .checked_add(load.offset)
            .ok_or_else(|| format!("the {name} range's file offset overflows"))?;
        let len = end - start;
        let fits = offset
            .checked_add(len)
            .is_some_and(|e| e <= file_len as u64);
        if !fits {
            return Err(format!(
                "the {name} range {start:#x}..{end:#x} maps to file offsets \
                 {offset:#x}+{len:#x}, past the end of the file"
            ));
        }
        out.push(HashedRange {
            name,
            start,
            end,
            offset,
            len,
        });
    }
    Ok(out)
}

/// The `R_*_RELATIVE` relocations (from `SHT_RELA` sections) whose target
/// lies in `first..=last`: target address → addend, the link-time value the
/// dynamic loader adds the load base to (truncated to 32 bits in an ELF32).
fn relative_addends<'data, Elf: FileHeader<Endian = Endianness>>(
    data: &'data [u8],
    header: &Elf,
    endian: Endianness,
    sections: &SectionTable<'data, Elf, &'data [u8]>,
    first: u64,
    last: u64,
) -> BTreeMap<u64, u64> {
    let mut out = BTreeMap::new();
    let Some(rel_type) = relative_type(header.e_machine(endian)) else {
        return out;
    };
    let mips64el = header.is_mips64el(endian);
    for sh in sections.iter() {
        if sh.sh_type(endian).0 != elf::SHT_RELA.0 {
            continue;
        }
        let Ok(Some((relas, _))) = sh.rela(endian, data) else {
            continue;
        };
        for r in relas {
            let off: u64 = r.r_offset(endian).into();
            if off < first || off > last || r.r_type(endian, mips64el).0 != rel_type {
                continue;
            }
            let addend: i64 = r.r_addend(endian).into();
            let value = if header.is_type_64() {
                addend as u64
            } else {
                u64::from(addend as u32)
            };
            out.insert(off, value);
        }
    }
    out
}

/// Every `R_*_RELATIVE` relocation of an ELF position-independent file
/// (`ET_DYN`), from its `SHT_RELA` sections: target address → addend. Empty
/// for anything else (an executable, a file without section headers, a
/// machine whose RELATIVE type is not known here, `SHT_REL` tables, whose
/// addends are the values in place).
pub fn elf_relative_addends(data: &[u8]) -> BTreeMap<u64, u64> {
    fn read<Elf: FileHeader<Endian = Endianness>>(data: &[u8]) -> Option<BTreeMap<u64, u64>> {
        let header = Elf::parse(data).ok()?;
        let endian = header.endian().ok()?;
        if header.e_type(endian).0 != elf::ET_DYN.0 {
            return None;
        }
        let sections = header.sections(endian, data).ok()?;
        Some(relative_addends(
            data,
            header,
            endian,
            &sections,
            0,
            u64::MAX,
        ))
    }
    match FileKind::parse(data) {
        Ok(FileKind::Elf32) => read::<elf::FileHeader32<Endianness>>(data),
        Ok(FileKind::Elf64) => read::<elf::FileHeader64<Endianness>>(data),
        _ => None,
    }
    .unwrap_or_default()
}

/// Collect `R_*_RELATIVE` relocations (from `SHT_RELA` sections) that target
/// the record's 9 pointer fields.
fn relative_relocations<'data, Elf: FileHeader<Endian = Endianness>>(
    data: &'data [u8],
    header: &Elf,
    endian: Endianness,
    sections: &SectionTable<'data, Elf, &'data [u8]>,
    address: u64,
    ps: u8,
    raw: &RawRecord,
) -> Option<Relocations> {
    let first = address.checked_add((MAGIC_LEN + SUM_LEN) as u64)?;
    let field_addr = |i: u64| first.checked_add(i.checked_mul(u64::from(ps))?);
    let mut slots: [Option<u64>; 9] = [None; 9];
    let mut fields = [0u64; 9];
    let mut field_values = [raw.self_ptr; 9];
    for (i, (s, e)) in raw.pointers.iter().enumerate() {
        field_values[1 + 2 * i] = *s;
        field_values[2 + 2 * i] = *e;
    }
    for (i, f) in fields.iter_mut().enumerate() {
        *f = field_addr(i as u64)?;
    }
    let last = *fields.last()?;
    for (off, value) in relative_addends(data, header, endian, sections, first, last) {
        let delta = off - first;
        if delta % u64::from(ps) != 0 {
            continue;
        }
        if let Some(slot) = slots.get_mut((delta / u64::from(ps)) as usize) {
            *slot = Some(value);
        }
    }
    let relocated = slots.iter().filter(|s| s.is_some()).count();
    if relocated == 0 {
        return None;
    }
    let unapplied = slots
        .iter()
        .zip(field_values.iter())
        .filter(|(s, v)| s.is_some_and(|a| a != **v))
        .count();
    let eff = |i: usize| {
        let raw = field_values.get(i).copied().unwrap_or(0);
        slots.get(i).copied().flatten().unwrap_or(raw)
    };
    let mut pointers = [(0u64, 0u64); 4];
    for (i, p) in pointers.iter_mut().enumerate() {
        *p = (eff(1 + 2 * i), eff(2 + 2 * i));
    }
    Some(Relocations {
        relocated_fields: relocated,
        unapplied_fields: unapplied,
        self_ptr: eff(0),
        pointers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::ElfBuilder;
    use crate::{analyze, Status};

    #[test]
    fn sealed_minimal_elf_verifies() {
        for (ps, big) in [(8u8, false), (4, false), (8, true), (4, true)] {
            let b = ElfBuilder::new(ps, big);
            let file = b.build(true);
            let got = analyze(&file).unwrap();
            assert_eq!(
                got.status,
                Status::Verified,
                "ps={ps} big={big}: {}",
                got.detail
            );
            assert_eq!(got.target.pointer_size, ps);
            assert_eq!(got.ranges.len(), 4);
            assert_eq!(
                got.fipsinfo.as_ref().unwrap().location,
                Location::Section(SECTION)
            );
        }
    }

    #[test]
    fn zero_sum_and_mismatch() {
        let b = ElfBuilder::new(8, false);
        let file = b.build(false);
        assert_eq!(analyze(&file).unwrap().status, Status::NoChecksum);
        let mut file = b.build(true);
        let text = b.text_offset();
        file[text + 3] ^= 0x40;
        assert_eq!(analyze(&file).unwrap().status, Status::Mismatch);
    }

    #[test]
    fn invalid_pointers() {
        let mut b = ElfBuilder::new(8, false);
        b.pointers[1] = (0xdead_0000, 0xdead_0010);
        let got = analyze(&b.build(false)).unwrap();
        assert_eq!(got.status, Status::InvalidPointers);
        assert!(got.detail.contains("rodata"), "{}", got.detail);
        // end before start
        let mut b = ElfBuilder::new(8, false);
        b.pointers[0] = (b.pointers[0].1, b.pointers[0].0);
        assert_eq!(
            analyze(&b.build(false)).unwrap().status,
            Status::InvalidPointers
        );
    }

    #[test]
    fn no_section_headers_uses_magic() {
        let b = ElfBuilder::new(8, false);
        let mut file = b.build(true);
        ElfBuilder::drop_section_headers(&mut file);
        let got = analyze(&file).unwrap();
        assert_eq!(got.status, Status::Verified, "{}", got.detail);
        assert_eq!(got.fipsinfo.unwrap().location, Location::MagicScan);
    }

    #[test]
    fn no_fipsinfo() {
        let b = ElfBuilder::new(8, false);
        let mut file = b.build(true);
        let off = b.info_offset();
        file[off] = 0;
        ElfBuilder::drop_section_headers(&mut file);
        assert_eq!(analyze(&file).unwrap().status, Status::NoFipsInfo);
    }

    #[test]
    fn truncated_files_do_not_panic() {
        let b = ElfBuilder::new(8, false);
        let file = b.build(true);
        for cut in (0..file.len()).step_by(7) {
            let _ = analyze(&file[..cut]);
        }
    }

    #[test]
    fn unapplied_relocations_are_recognised() {
        let mut b = ElfBuilder::new(8, false);
        b.pie = true;
        b.rela_for_fields = true;
        b.zero_fields_in_place = true;
        // Sealed the way cmd/link would after an lld link: over the zero pointers.
        let file = b.build_with_sum(|sum_in_place, _sum_real| sum_in_place);
        let got = analyze(&file).unwrap();
        assert_eq!(got.status, Status::UnappliedRelocations, "{}", got.detail);
        let rel = got.relocations.as_ref().unwrap();
        assert_eq!(rel.relocated_fields, 9);
        assert_eq!(rel.unapplied_fields, 9);
        assert!(got.detail.contains("empty ranges"), "{}", got.detail);
        // Sealed over the ranges the relocations describe: verified.
        let file = b.build_with_sum(|_, real| real);
        assert_eq!(analyze(&file).unwrap().status, Status::Verified);
    }

    #[test]
    fn applied_relocations_are_fine() {
        let mut b = ElfBuilder::new(8, false);
        b.pie = true;
        b.rela_for_fields = true;
        let got = analyze(&b.build(true)).unwrap();
        assert_eq!(got.status, Status::Verified);
        let rel = got.relocations.unwrap();
        assert_eq!((rel.relocated_fields, rel.unapplied_fields), (9, 0));
    }
}
