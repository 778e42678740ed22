//! A binary as its loader maps it: segments (address, memory size, file
//! bytes, permissions), pointer size and byte order, and for an ELF
//! position-independent file the `R_*_RELATIVE` relocations whose addends
//! are the pointer values the loader writes. Reads are bounds checked; what
//! a segment holds past its file bytes (`.bss`) reads as zeros.

use std::collections::BTreeMap;

use object::{Architecture, Object, ObjectSegment};

use crate::exe::read_ptr;

/// One loaded segment (ELF `PT_LOAD`, Mach-O segment, PE section).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment {
    pub addr: u64,
    pub mem_size: u64,
    pub file_off: u64,
    pub file_size: u64,
    pub writable: bool,
    pub executable: bool,
}

/// Where a pointer's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerSource {
    /// The file's bytes; no dynamic relocation touches it.
    File,
    /// An `R_*_RELATIVE` relocation whose addend the file also holds in
    /// place (Go's linker, GNU ld): the loader adds the load base.
    Relocated,
    /// Only an `R_*_RELATIVE` relocation's addend: the file holds something
    /// else in place, typically zero (lld without `--apply-dynamic-relocs`).
    RelocationOnly,
}

pub(crate) struct Image<'a> {
    pub data: &'a [u8],
    pub file: object::File<'a>,
    /// 4 or 8.
    pub ptr_size: u8,
    pub big_endian: bool,
    pub arch: Architecture,
    pub segments: Vec<Segment>,
    /// ELF `ET_DYN` only: target address → addend of each RELATIVE
    /// relocation (see [`fips_binary::elf_relative_addends`]).
    pub relocations: BTreeMap<u64, u64>,
    /// A Mach-O with `LC_DYLD_CHAINED_FIXUPS` (Apple's ld): its data
    /// pointers are stored encoded, not as addresses.
    pub chained_fixups: bool,
}

/// Whether a 64-bit Mach-O has `LC_DYLD_CHAINED_FIXUPS`.
fn has_chained_fixups(data: &[u8]) -> bool {
    use object::read::macho::MachHeader;
    type Header = object::macho::MachHeader64<object::Endianness>;
    let Ok(header) = Header::parse(data, 0) else {
        return false;
    };
    let Ok(endian) = header.endian() else {
        return false;
    };
    let Ok(mut commands) = header.load_commands(endian, data, 0) else {
        return false;
    };
    while let Ok(Some(cmd)) = commands.next() {
        if cmd.cmd() == object::macho::LC_DYLD_CHAINED_FIXUPS {
            return true;
        }
    }
    false
}

impl<'a> Image<'a> {
    pub fn parse(data: &'a [u8]) -> Result<Image<'a>, String> {
        let file = object::File::parse(data)
            .map_err(|e| format!("not an ELF, Mach-O or PE file object can read ({e})"))?;
        let mut segments = Vec::new();
        for s in file.segments() {
            let perms = s.permissions();
            let (file_off, file_size) = s.file_range();
            // Mach-O __PAGEZERO (no access at all) maps no bytes of the file.
            if !perms.readable() && !perms.writable() && !perms.executable() {
                continue;
            }
            segments.push(Segment {
                addr: s.address(),
                mem_size: s.size().max(file_size),
                file_off,
                file_size,
                writable: perms.writable(),
                executable: perms.executable(),
            });
        }
        let relocations = match file.format() {
            object::BinaryFormat::Elf => fips_binary::elf_relative_addends(data),
            _ => BTreeMap::new(),
        };
        let chained_fixups =
            file.format() == object::BinaryFormat::MachO && has_chained_fixups(data);
        Ok(Image {
            data,
            chained_fixups,
            ptr_size: if file.is_64() { 8 } else { 4 },
            big_endian: !file.is_little_endian(),
            arch: file.architecture(),
            file,
            segments,
            relocations,
        })
    }

    fn segment_of(&self, addr: u64) -> Option<&Segment> {
        self.segments
            .iter()
            .find(|s| s.addr <= addr && addr - s.addr < s.mem_size)
    }

    /// Whether `addr` lies in a writable, non-executable segment.
    pub fn in_data(&self, addr: u64) -> bool {
        self.segment_of(addr)
            .is_some_and(|s| s.writable && !s.executable)
    }

    /// Whether `addr` lies in an executable segment.
    pub fn in_code(&self, addr: u64) -> bool {
        self.segment_of(addr).is_some_and(|s| s.executable)
    }

    /// The file bytes from `addr` to the end of its segment's file bytes
    /// (empty past them).
    pub fn file_bytes(&self, addr: u64) -> &'a [u8] {
        let Some(s) = self.segment_of(addr) else {
            return &[];
        };
        let rel = addr - s.addr;
        if rel >= s.file_size {
            return &[];
        }
        let start = s.file_off.saturating_add(rel);
        let end = s.file_off.saturating_add(s.file_size);
        let len = self.data.len() as u64;
        self.data
            .get(start.min(len) as usize..end.min(len) as usize)
            .unwrap_or(&[])
    }

    /// `len` bytes at `addr`, all inside one segment; zeros where the
    /// segment has no file bytes. `None` if the range is not mapped.
    pub fn read(&self, addr: u64, len: u64) -> Option<Vec<u8>> {
        let s = self.segment_of(addr)?;
        let rel = addr - s.addr;
        if len > s.mem_size - rel {
            return None;
        }
        let mut out = vec![0u8; usize::try_from(len).ok()?];
        let file = self.file_bytes(addr);
        let n = file.len().min(out.len());
        out.get_mut(..n)?.copy_from_slice(file.get(..n)?);
        Some(out)
    }

    /// An unsigned integer of `size` bytes (4 or 8) in the target's order.
    pub fn uint(&self, bytes: &[u8], size: u8) -> Option<u64> {
        read_ptr(bytes, 0, u64::from(size), self.big_endian)
    }

    /// The pointer the loader leaves at `addr` (relative to the load base
    /// for a position-independent file), and where that value comes from.
    pub fn pointer(&self, addr: u64) -> Option<(u64, PointerSource)> {
        let b = self.read(addr, u64::from(self.ptr_size))?;
        let in_file = self.uint(&b, self.ptr_size)?;
        Some(match self.relocations.get(&addr) {
            None => (in_file, PointerSource::File),
            Some(&v) if v == in_file => (v, PointerSource::Relocated),
            Some(&v) => (v, PointerSource::RelocationOnly),
        })
    }

    /// The encoding of `value` as a pointer in the target's order.
    pub fn pointer_bytes(&self, value: u64) -> Vec<u8> {
        let mut b = if self.big_endian {
            value.to_be_bytes()
        } else {
            value.to_le_bytes()
        }
        .to_vec();
        if self.ptr_size == 4 {
            b = if self.big_endian {
                b.split_off(4)
            } else {
                b.truncate(4);
                b
            };
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 64-bit Mach-O header with one load command `cmd`.
    fn macho_with_command(cmd: u32) -> Vec<u8> {
        let mut f = Vec::new();
        for w in [
            0xfeed_facfu32,
            0x0100_0007,
            3,
            2,
            1,
            16,
            0,
            0,
            cmd,
            16,
            0,
            0,
        ] {
            f.extend_from_slice(&w.to_le_bytes());
        }
        f
    }

    #[test]
    fn chained_fixups_are_recognised() {
        let with = macho_with_command(object::macho::LC_DYLD_CHAINED_FIXUPS.0);
        assert!(has_chained_fixups(&with));
        assert!(!has_chained_fixups(&macho_with_command(
            object::macho::LC_DYLD_INFO_ONLY.0
        )));
        assert!(!has_chained_fixups(&with[..20]));
        assert!(!has_chained_fixups(b"\x7fELF"));
    }

    #[test]
    fn pointer_encoding_follows_the_target() {
        let f = crate::synth::GodebugElf::new(false, b"x").build();
        let image = Image::parse(&f).unwrap();
        assert_eq!(image.pointer_bytes(0x1122), 0x1122u64.to_le_bytes());
        assert_eq!(
            image.pointer(crate::synth::GodebugElf::HEADER),
            Some((crate::synth::GodebugElf::STRING, PointerSource::File))
        );
        // Past the segment's file bytes (none here) a read fails cleanly.
        assert_eq!(image.read(0x40_3ff8, 16), None);
        assert_eq!(image.read(0x50_0000, 1), None);
    }
}
