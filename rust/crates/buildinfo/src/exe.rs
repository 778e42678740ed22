//! Locating and reading the build-info blob the way Go's `debug/buildinfo`
//! does (go1.26): find where the data starts, search it for the
//! `"\xff Go buildinf:"` magic at 16-byte aligned addresses, read the 32-byte
//! header, then either two varint-prefixed strings following it (Go 1.18+)
//! or two pointers to Go string headers (older releases).

use object::read::elf::{FileHeader, ProgramHeader, SectionHeader};
use object::read::macho::{FatArch, MachHeader, Segment};
use object::read::pe::{ImageNtHeaders, ImageOptionalHeader, PeFile};
use object::{elf, macho, pe, Endianness, FileKind, LittleEndian as LE};

use crate::Error;

const MAGIC: &[u8] = b"\xff Go buildinf:";
const ALIGN: u64 = 16;
const HEADER_SIZE: u64 = 32;
const SEARCH_CHUNK: u64 = 1 << 20;
const MAX_VARINT_LEN: u64 = 10;

/// How an address range maps to file bytes.
#[derive(Debug, Clone, Copy)]
struct Region {
    addr: u64,
    /// Bytes the region holds in the file (`p_filesz`, `filesize`,
    /// `SizeOfRawData`).
    size: u64,
    file_off: u64,
    /// Mach-O `__PAGEZERO`: matches but is skipped, as in Go.
    skip: bool,
}

enum Flavor {
    Elf,
    MachO,
    /// PE: addresses are image-relative after subtracting the image base,
    /// and section bounds are computed in 32-bit arithmetic.
    Pe {
        image_base: u64,
    },
}

pub(crate) struct Exe<'a> {
    data: &'a [u8],
    flavor: Flavor,
    regions: Vec<Region>,
    data_start: (u64, u64),
}

/// Why a read failed, mirroring the Go errors that matter.
#[derive(Debug, PartialEq, Eq)]
enum ReadErr {
    /// No region holds the address (`errUnrecognizedFormat`).
    Unmapped,
    /// Zero bytes available (`io.EOF`).
    Eof,
}

impl<'a> Exe<'a> {
    pub(crate) fn open(data: &'a [u8]) -> Result<Exe<'a>, Error> {
        if data.len() < 16 {
            return Err(Error::UnrecognizedFormat);
        }
        match FileKind::parse(data) {
            Ok(FileKind::Elf32) => elf_exe::<elf::FileHeader32<Endianness>>(data),
            Ok(FileKind::Elf64) => elf_exe::<elf::FileHeader64<Endianness>>(data),
            Ok(FileKind::MachO32) => macho_exe::<macho::MachHeader32<Endianness>>(data),
            Ok(FileKind::MachO64) => macho_exe::<macho::MachHeader64<Endianness>>(data),
            Ok(FileKind::MachOFat32) => {
                let fat = object::read::macho::MachOFatFile32::parse(data)
                    .map_err(|_| Error::UnrecognizedFormat)?;
                let first = fat.arches().first().ok_or(Error::UnrecognizedFormat)?;
                Exe::open(first.data(data).map_err(|_| Error::UnrecognizedFormat)?)
            }
            Ok(FileKind::MachOFat64) => {
                let fat = object::read::macho::MachOFatFile64::parse(data)
                    .map_err(|_| Error::UnrecognizedFormat)?;
                let first = fat.arches().first().ok_or(Error::UnrecognizedFormat)?;
                Exe::open(first.data(data).map_err(|_| Error::UnrecognizedFormat)?)
            }
            Ok(FileKind::Pe32) => pe_exe::<pe::ImageNtHeaders32>(data),
            Ok(FileKind::Pe64) => pe_exe::<pe::ImageNtHeaders64>(data),
            _ => Err(Error::UnrecognizedFormat),
        }
    }

    /// The bytes from `addr` to the end of the region holding it (Go's
    /// `DataReader`), clipped to the file.
    fn reader(&self, addr: u64) -> Result<&'a [u8], ReadErr> {
        let addr = match self.flavor {
            Flavor::Pe { image_base } => addr.wrapping_sub(image_base),
            _ => addr,
        };
        for r in &self.regions {
            let last = match self.flavor {
                // uint64(sect.VirtualAddress+sect.Size-1), in uint32.
                Flavor::Pe { .. } => {
                    u64::from((r.addr as u32).wrapping_add(r.size as u32).wrapping_sub(1))
                }
                _ => r.addr.wrapping_add(r.size).wrapping_sub(1),
            };
            if !(r.addr <= addr && addr <= last) {
                continue;
            }
            if r.skip {
                continue;
            }
            let rel = addr - r.addr;
            let avail = r.size.saturating_sub(rel);
            let start = r.file_off.saturating_add(rel);
            let end = start.saturating_add(avail);
            let len = self.data.len() as u64;
            let (s, e) = (start.min(len) as usize, end.min(len) as usize);
            return Ok(self.data.get(s..e).unwrap_or(&[]));
        }
        Err(ReadErr::Unmapped)
    }

    /// Go's `readData`: up to `size` bytes at `addr`; fewer at the end of
    /// the region; `Eof` if none at all (and `size > 0`).
    fn read(&self, addr: u64, size: u64) -> Result<&'a [u8], ReadErr> {
        let b = self.reader(addr)?;
        let n = usize::try_from(size).unwrap_or(usize::MAX).min(b.len());
        if n == 0 && size > 0 {
            return Err(ReadErr::Eof);
        }
        Ok(b.get(..n).unwrap_or(&[]))
    }

    fn search_magic(&self) -> Result<u64, Error> {
        let (start, size) = self.data_start;
        let end = start.checked_add(size).ok_or(Error::UnrecognizedFormat)?;
        let mut start = start
            .checked_add(ALIGN - 1)
            .ok_or(Error::UnrecognizedFormat)?
            & !(ALIGN - 1);
        if start >= end {
            return Err(Error::NotGoExe);
        }
        while start < end {
            let remaining = end - start;
            let chunk = SEARCH_CHUNK.min(remaining);
            let buf = match self.read(start, chunk) {
                Ok(b) => b,
                Err(ReadErr::Eof) => return Err(Error::NotGoExe),
                Err(ReadErr::Unmapped) => return Err(Error::UnrecognizedFormat),
            };
            for i in memchr::memmem::find_iter(buf, MAGIC) {
                if i as u64 % ALIGN != 0 {
                    continue;
                }
                if remaining - (i as u64) < HEADER_SIZE {
                    return Err(Error::NotGoExe);
                }
                return Ok(start + i as u64);
            }
            start += chunk;
        }
        Err(Error::NotGoExe)
    }

    fn decode_string(&self, addr: u64) -> Result<(Vec<u8>, u64), Error> {
        let map = |e: ReadErr| match e {
            ReadErr::Eof => Error::NotGoExe,
            ReadErr::Unmapped => Error::UnrecognizedFormat,
        };
        let b = self.read(addr, MAX_VARINT_LEN).map_err(map)?;
        let (length, n) = uvarint(b).ok_or(Error::NotGoExe)?;
        let addr = addr.checked_add(n as u64).ok_or(Error::NotGoExe)?;
        let s = self.read(addr, length).map_err(map)?;
        if (s.len() as u64) < length {
            return Err(Error::NotGoExe);
        }
        Ok((s.to_vec(), addr.wrapping_add(length)))
    }

    fn read_string_ptr(&self, ps: u64, big: bool, addr: u64) -> Vec<u8> {
        let Ok(hdr) = self.read(addr, 2 * ps) else {
            return Vec::new();
        };
        if (hdr.len() as u64) < 2 * ps {
            return Vec::new();
        }
        let (Some(data_addr), Some(len)) = (
            read_ptr(hdr, 0, ps, big),
            read_ptr(hdr, ps as usize, ps, big),
        ) else {
            return Vec::new();
        };
        match self.read(data_addr, len) {
            Ok(d) if d.len() as u64 >= len => d.to_vec(),
            _ => Vec::new(),
        }
    }

    /// Go's `readRawBuildInfo`: the Go version and the module-info text
    /// (sentinels removed).
    pub(crate) fn raw_build_info(&self) -> Result<(Vec<u8>, Vec<u8>), Error> {
        if self.data_start.1 == 0 {
            return Err(Error::NotGoExe);
        }
        let addr = self.search_magic()?;
        let header = match self.read(addr, HEADER_SIZE) {
            Ok(h) => h,
            Err(ReadErr::Eof) => return Err(Error::NotGoExe),
            Err(ReadErr::Unmapped) => return Err(Error::UnrecognizedFormat),
        };
        if (header.len() as u64) < HEADER_SIZE {
            return Err(Error::NotGoExe);
        }
        let ptr_size = u64::from(header.get(14).copied().unwrap_or(0));
        let flags = header.get(15).copied().unwrap_or(0);
        let (vers, mut module) = if flags & 0x2 == 0x2 {
            let (vers, next) = self.decode_string(addr + HEADER_SIZE)?;
            let (module, _) = self.decode_string(next)?;
            (vers, module)
        } else {
            let big = flags & 0x1 == 0x1;
            if ptr_size != 4 && ptr_size != 8 {
                return Err(Error::NotGoExe);
            }
            let vp = read_ptr(header, 16, ptr_size, big).ok_or(Error::NotGoExe)?;
            let mp =
                read_ptr(header, 16 + ptr_size as usize, ptr_size, big).ok_or(Error::NotGoExe)?;
            (
                self.read_string_ptr(ptr_size, big, vp),
                self.read_string_ptr(ptr_size, big, mp),
            )
        };
        if vers.is_empty() {
            return Err(Error::NotGoExe);
        }
        let n = module.len();
        if n >= 33 && module.get(n - 17) == Some(&b'\n') {
            module = module.get(16..n - 16).unwrap_or(&[]).to_vec();
        } else {
            module.clear();
        }
        Ok((vers, module))
    }
}

/// An unsigned integer of `ps` bytes (4 or 8) at `off`, big- or little-endian.
pub(crate) fn read_ptr(b: &[u8], off: usize, ps: u64, big: bool) -> Option<u64> {
    match ps {
        4 => {
            let a: [u8; 4] = b.get(off..off.checked_add(4)?)?.try_into().ok()?;
            Some(u64::from(if big {
                u32::from_be_bytes(a)
            } else {
                u32::from_le_bytes(a)
            }))
        }
        8 => {
            let a: [u8; 8] = b.get(off..off.checked_add(8)?)?.try_into().ok()?;
            Some(if big {
                u64::from_be_bytes(a)
            } else {
                u64::from_le_bytes(a)
            })
        }
        _ => None,
    }
}

/// Go's `binary.Uvarint`: `None` when the buffer is too small or the value
/// overflows 64 bits.
fn uvarint(b: &[u8]) -> Option<(u64, usize)> {
    let mut x: u64 = 0;
    let mut s: u32 = 0;
    for (i, &byte) in b.iter().enumerate().take(MAX_VARINT_LEN as usize) {
        if byte < 0x80 {
            if i == 9 && byte > 1 {
                return None;
            }
            return Some((x | (u64::from(byte) << s), i + 1));
        }
        x |= u64::from(byte & 0x7f) << s;
        s += 7;
    }
    None
}

fn elf_exe<Elf: FileHeader<Endian = Endianness>>(data: &[u8]) -> Result<Exe<'_>, Error> {
    let header = Elf::parse(data).map_err(|_| Error::UnrecognizedFormat)?;
    let endian = header.endian().map_err(|_| Error::UnrecognizedFormat)?;
    let phdrs = header
        .program_headers(endian, data)
        .map_err(|_| Error::UnrecognizedFormat)?;
    let regions = phdrs
        .iter()
        .map(|p| Region {
            addr: p.p_vaddr(endian).into(),
            size: p.p_filesz(endian).into(),
            file_off: p.p_offset(endian).into(),
            skip: false,
        })
        .collect();
    let mut data_start = None;
    if let Ok(sections) = header.sections(endian, data) {
        if let Some((_, sh)) = sections.section_by_name(endian, b".go.buildinfo") {
            data_start = Some((sh.sh_addr(endian).into(), sh.sh_size(endian).into()));
        }
    }
    if data_start.is_none() {
        let (x, w) = (elf::PF_X, elf::PF_W);
        data_start = phdrs
            .iter()
            .find(|p| {
                p.p_type(endian).0 == elf::PT_LOAD.0 && p.p_flags(endian).0 & (x.0 | w.0) == w.0
            })
            .map(|p| (p.p_vaddr(endian).into(), p.p_memsz(endian).into()));
    }
    Ok(Exe {
        data,
        flavor: Flavor::Elf,
        regions,
        data_start: data_start.unwrap_or((0, 0)),
    })
}

fn macho_exe<Mach: MachHeader<Endian = Endianness>>(data: &[u8]) -> Result<Exe<'_>, Error> {
    use object::read::macho::Section;
    let header = Mach::parse(data, 0).map_err(|_| Error::UnrecognizedFormat)?;
    let endian = header.endian().map_err(|_| Error::UnrecognizedFormat)?;
    let mut commands = header
        .load_commands(endian, data, 0)
        .map_err(|_| Error::UnrecognizedFormat)?;
    let mut regions = Vec::new();
    let mut section_start = None;
    let mut rw_segment = None;
    while let Ok(Some(cmd)) = commands.next() {
        let Ok(Some((seg, section_data))) = Mach::Segment::from_command(cmd) else {
            continue;
        };
        let addr: u64 = seg.vmaddr(endian).into();
        let filesz: u64 = seg.filesize(endian).into();
        regions.push(Region {
            addr,
            size: filesz,
            file_off: seg.fileoff(endian).into(),
            skip: seg.name() == b"__PAGEZERO",
        });
        const RW: u32 = 3;
        if rw_segment.is_none()
            && addr != 0
            && filesz != 0
            && seg.initprot(endian).0 == RW
            && seg.maxprot(endian).0 == RW
        {
            rw_segment = Some((addr, seg.vmsize(endian).into()));
        }
        if let Ok(sects) = seg.sections(endian, section_data) {
            for s in sects {
                if section_start.is_none() && s.name() == b"__go_buildinfo" {
                    section_start = Some((s.addr(endian).into(), s.size(endian).into()));
                }
            }
        }
    }
    Ok(Exe {
        data,
        flavor: Flavor::MachO,
        regions,
        data_start: section_start.or(rw_segment).unwrap_or((0, 0)),
    })
}

fn pe_exe<Pe: ImageNtHeaders>(data: &[u8]) -> Result<Exe<'_>, Error> {
    let file = PeFile::<Pe, &[u8]>::parse(data).map_err(|_| Error::UnrecognizedFormat)?;
    let image_base = file.nt_headers().optional_header().image_base();
    let mut regions = Vec::new();
    let mut data_start = None;
    const INIT_DATA: u32 = 0x40;
    const READ: u32 = 0x4000_0000;
    const WRITE: u32 = 0x8000_0000;
    const ALIGN_32: u32 = 0x60_0000;
    for s in file.section_table().iter() {
        let va = s.virtual_address.get(LE);
        let raw = s.size_of_raw_data.get(LE);
        regions.push(Region {
            addr: u64::from(va),
            size: u64::from(raw),
            file_off: u64::from(s.pointer_to_raw_data.get(LE)),
            skip: false,
        });
        let ch = s.characteristics.get(LE).0;
        if data_start.is_none() && va != 0 && raw != 0 && ch & !ALIGN_32 == INIT_DATA | READ | WRITE
        {
            data_start = Some((
                u64::from(va).wrapping_add(image_base),
                u64::from(s.virtual_size.get(LE)),
            ));
        }
    }
    Ok(Exe {
        data,
        flavor: Flavor::Pe { image_base },
        regions,
        data_start: data_start.unwrap_or((0, 0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uvarint_matches_go() {
        assert_eq!(uvarint(&[0x00]), Some((0, 1)));
        assert_eq!(uvarint(&[0x7f]), Some((127, 1)));
        assert_eq!(uvarint(&[0x80, 0x01]), Some((128, 2)));
        assert_eq!(uvarint(&[0x80]), None);
        assert_eq!(uvarint(&[]), None);
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(uvarint(&max), Some((u64::MAX, 10)));
        let over = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(uvarint(&over), None);
    }
}
