//! The Go function table (pclntab), which survives `-ldflags=-s -w` and
//! `strip`: function names and their code ranges, read as Go 1.20 and later
//! lay it out (runtime/symtab.go `pcHeader`, `functab`, `_func`;
//! cmd/link/internal/ld/pcln.go).
//!
//! ```text
//! pcHeader  magic u32 (0xfffffff1), pad1, pad2 u8 (0), minLC u8, ptrSize u8,
//!           nfunc, nfiles, textStart (unused since go1.26: zero),
//!           funcnameOffset, cuOffset, filetabOffset, pctabOffset,
//!           pclnOffset (uintptr each, offsets from the header)
//! functab   at pclnOffset: nfunc × {entryoff u32, funcoff u32}, then the
//!           end entryoff of the last function (u32)
//! _func     at pclnOffset+funcoff: entryOff u32, nameOff i32, ...
//! names     at funcnameOffset+nameOff, NUL-terminated
//! ```
//!
//! Entry offsets are relative to `runtime.text`, which the header stopped
//! recording in go1.26: it is read from the module data
//! (`runtime.firstmoduledata`: `pcHeader *pcHeader`, six slices,
//! `findfunctab`, `minpc`, `maxpc`, `text`, `etext`, the same in go1.24
//! through go1.27), found as the word that points at the header followed by
//! the slice `funcnametab` pointing at the header plus `funcnameOffset`.

use crate::exe::read_ptr;
use crate::image::Image;

/// The pcHeader magic of Go 1.20 and later.
pub(crate) const GO120_MAGIC: u32 = 0xffff_fff1;

/// Sections that hold the table (ELF, ELF PIE, Mach-O).
const SECTIONS: [&str; 3] = [".gopclntab", ".data.rel.ro.gopclntab", "__gopclntab"];

/// More functions than any real binary has: a header claiming more is not one.
const MAX_FUNCS: u64 = 1 << 24;

/// How many magic matches with a plausible header the search checks in
/// full (each check walks the functab): a bound for crafted files.
const MAX_CANDIDATES: usize = 16;

/// The module data words after `pcHeader` that hold `text` and `etext`.
const MODULEDATA_TEXT: u64 = 22;

#[derive(Debug, Clone)]
pub(crate) struct Pclntab<'a> {
    /// Address of the pcHeader.
    pub addr: u64,
    /// The table's bytes, from the header on.
    bytes: &'a [u8],
    ptr_size: u8,
    big_endian: bool,
    nfunc: usize,
    funcname_off: usize,
    pcln_off: usize,
}

/// A function found by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Func {
    pub name: String,
    /// Offsets from `runtime.text`: entry, and where the next function starts.
    pub entry_off: u32,
    pub end_off: u32,
}

impl<'a> Pclntab<'a> {
    /// Parse and check a table whose header is at `bytes[0]` (address `addr`).
    pub fn parse(bytes: &'a [u8], addr: u64, ptr_size: u8, big_endian: bool) -> Option<Self> {
        let ps = usize::from(ptr_size);
        let u32_at = |off: usize| read_u32(bytes, off, big_endian);
        let word = |i: usize| read_uint(bytes, 8 + i * ps, ptr_size, big_endian);
        if u32_at(0)? != GO120_MAGIC || bytes.get(4..6)? != [0, 0] {
            return None;
        }
        let min_lc = *bytes.get(6)?;
        if !matches!(min_lc, 1 | 2 | 4) || *bytes.get(7)? != ptr_size || addr % ps as u64 != 0 {
            return None;
        }
        let nfunc = word(0)?;
        if nfunc == 0 || nfunc > MAX_FUNCS {
            return None;
        }
        let offsets: Vec<u64> = (3..8).map(word).collect::<Option<_>>()?;
        let header_len = (8 + 8 * ps) as u64;
        let increasing = offsets.windows(2).all(|w| w[0] <= w[1]);
        let (funcname_off, pcln_off) = (*offsets.first()?, *offsets.last()?);
        if !increasing || funcname_off < header_len || pcln_off > bytes.len() as u64 {
            return None;
        }
        let (funcname_off, pcln_off) = (funcname_off as usize, pcln_off as usize);
        let nfunc = nfunc as usize;
        // The functab and its final entry must fit, in ascending order.
        let functab_end = pcln_off.checked_add((2 * nfunc + 1) * 4)?;
        if functab_end > bytes.len() {
            return None;
        }
        let mut last = 0u32;
        for i in 0..=nfunc {
            let entry = u32_at(pcln_off + 8 * i)?;
            if entry < last {
                return None;
            }
            last = entry;
        }
        Some(Pclntab {
            addr,
            bytes,
            ptr_size,
            big_endian,
            nfunc,
            funcname_off,
            pcln_off,
        })
    }

    /// Find the table: in its section when the file has one, else by its
    /// magic at a pointer-aligned address in any segment.
    pub fn find(image: &Image<'a>) -> Result<Pclntab<'a>, String> {
        use object::{Object, ObjectSection};
        let (ps, big) = (image.ptr_size, image.big_endian);
        for name in SECTIONS {
            if let Some(s) = image.file.section_by_name(name) {
                let bytes = image.file_bytes(s.address());
                if let Some(t) = Pclntab::parse(bytes, s.address(), ps, big) {
                    return Ok(t);
                }
            }
        }
        let magic = if big {
            GO120_MAGIC.to_be_bytes()
        } else {
            GO120_MAGIC.to_le_bytes()
        };
        let mut candidates = 0;
        for seg in &image.segments {
            let bytes = image.file_bytes(seg.addr);
            for at in memchr::memmem::find_iter(bytes, &magic) {
                let tail = bytes.get(at..).unwrap_or(&[]);
                if tail.get(4..6) != Some(&[0, 0]) || tail.get(7) != Some(&ps) {
                    continue;
                }
                candidates += 1;
                if candidates > MAX_CANDIDATES {
                    break;
                }
                let addr = seg.addr.wrapping_add(at as u64);
                if let Some(t) = Pclntab::parse(tail, addr, ps, big) {
                    return Ok(t);
                }
            }
        }
        Err("no Go 1.20+ function table (pclntab) in the file".to_string())
    }

    fn u32_at(&self, off: usize) -> Option<u32> {
        read_u32(self.bytes, off, self.big_endian)
    }

    /// The name of function `i` of the functab.
    fn name(&self, i: usize) -> Option<&'a [u8]> {
        let funcoff = self.u32_at(self.pcln_off.checked_add(8 * i + 4)?)? as usize;
        let func = self.pcln_off.checked_add(funcoff)?;
        let name_off = self.u32_at(func.checked_add(4)?)? as i32;
        let start = self
            .funcname_off
            .checked_add(usize::try_from(name_off).ok()?)?;
        let tail = self.bytes.get(start..)?;
        let end = memchr::memchr(0, tail)?;
        tail.get(..end)
    }

    /// Every function name of the table, in functab order (names that are
    /// not valid UTF-8 or lie outside the table are skipped).
    pub fn all_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.nfunc)
            .filter_map(|i| self.name(i))
            .filter_map(|n| std::str::from_utf8(n).ok())
    }

    /// The functions named in `names`, in functab order.
    pub fn functions(&self, names: &[&str]) -> Vec<Func> {
        let mut out = Vec::new();
        for i in 0..self.nfunc {
            let Some(name) = self.name(i) else { continue };
            let Some(want) = names.iter().find(|n| n.as_bytes() == name) else {
                continue;
            };
            let entry = self.u32_at(self.pcln_off + 8 * i);
            let end = self.u32_at(self.pcln_off + 8 * (i + 1));
            if let (Some(entry_off), Some(end_off)) = (entry, end) {
                out.push(Func {
                    name: want.to_string(),
                    entry_off,
                    end_off,
                });
            }
        }
        out
    }

    /// The address function entry offsets are relative to (`runtime.text`):
    /// the module data's `text`, else the header's `textStart` (go1.20 to
    /// go1.25), with where it came from.
    pub fn text_start(&self, image: &Image<'_>) -> Result<(u64, &'static str), String> {
        if let Some(text) = self.moduledata_text(image) {
            return Ok((text, "runtime.firstmoduledata"));
        }
        let header_field = self.addr.checked_add(8 + 2 * u64::from(self.ptr_size));
        match header_field.and_then(|a| image.pointer(a)) {
            Some((t, _)) if t != 0 => Ok((t, "the pclntab header")),
            _ => Err(
                "the start of the Go text (runtime.text) is in neither the module data \
                      nor the pclntab header"
                    .to_string(),
            ),
        }
    }

    fn moduledata_text(&self, image: &Image<'_>) -> Option<u64> {
        let ps = u64::from(self.ptr_size);
        let funcnametab = self.addr.checked_add(self.funcname_off as u64)?;
        let check = |md: u64| -> Option<u64> {
            if md % ps != 0 || image.pointer(md.checked_add(ps)?)?.0 != funcnametab {
                return None;
            }
            let text = image.pointer(md.checked_add(MODULEDATA_TEXT * ps)?)?.0;
            let etext = image
                .pointer(md.checked_add((MODULEDATA_TEXT + 1) * ps)?)?
                .0;
            (text != 0 && text < etext).then_some(text)
        };
        let needle = image.pointer_bytes(self.addr);
        for seg in image.segments.iter().filter(|s| s.writable) {
            let bytes = image.file_bytes(seg.addr);
            for at in memchr::memmem::find_iter(bytes, &needle) {
                if let Some(text) = check(seg.addr.wrapping_add(at as u64)) {
                    return Some(text);
                }
            }
        }
        image
            .relocations
            .iter()
            .filter(|(_, &v)| v == self.addr)
            .find_map(|(&at, _)| check(at))
    }
}

fn read_u32(b: &[u8], off: usize, big: bool) -> Option<u32> {
    read_ptr(b, off, 4, big).and_then(|v| u32::try_from(v).ok())
}

fn read_uint(b: &[u8], off: usize, size: u8, big: bool) -> Option<u64> {
    read_ptr(b, off, u64::from(size), big)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::GodebugElf;

    fn table(f: &[u8]) -> &[u8] {
        &f[0x2000..0x3000]
    }

    #[test]
    fn functions_by_name_and_text_start() {
        let f = GodebugElf::new(false, b"x").build();
        let image = Image::parse(&f).unwrap();
        let t = Pclntab::find(&image).unwrap();
        assert_eq!(t.addr, GodebugElf::PCLNTAB);
        assert_eq!(
            t.functions(&["runtime.reparsedebugvars", "runtime.godebugNotify"]),
            [
                Func {
                    name: "runtime.godebugNotify".into(),
                    entry_off: 0,
                    end_off: 0x40
                },
                Func {
                    name: "runtime.reparsedebugvars".into(),
                    entry_off: 0x80,
                    end_off: 0xc0
                }
            ]
        );
        assert_eq!(
            t.text_start(&image).unwrap(),
            (GodebugElf::TEXT, "runtime.firstmoduledata")
        );
    }

    #[test]
    fn header_checks() {
        let f = GodebugElf::new(false, b"x").build();
        let ok = table(&f);
        assert!(Pclntab::parse(ok, GodebugElf::PCLNTAB, 8, false).is_some());
        assert!(Pclntab::parse(ok, GodebugElf::PCLNTAB + 4, 8, false).is_none());
        assert!(Pclntab::parse(ok, GodebugElf::PCLNTAB, 4, false).is_none());
        assert!(Pclntab::parse(ok, GodebugElf::PCLNTAB, 8, true).is_none());
        for (at, v) in [(0, 0xf0), (4, 1), (6, 3), (8, 0), (8, 200), (32, 0xff)] {
            let mut bad = ok.to_vec();
            bad[at] = v;
            assert!(
                Pclntab::parse(&bad, GodebugElf::PCLNTAB, 8, false).is_none(),
                "byte {at} = {v:#x}"
            );
        }
        // Entry offsets out of order.
        let mut bad = ok.to_vec();
        let pcln = u64::from_le_bytes(bad[64..72].try_into().unwrap()) as usize;
        bad[pcln + 8..pcln + 12].copy_from_slice(&0u32.to_le_bytes());
        bad[pcln..pcln + 4].copy_from_slice(&0x10u32.to_le_bytes());
        assert!(Pclntab::parse(&bad, GodebugElf::PCLNTAB, 8, false).is_none());
    }

    #[test]
    fn without_module_data_there_is_no_text_start() {
        let mut f = GodebugElf::new(false, b"x").build();
        f[0x3008] ^= 1; // funcnametab no longer follows the header pointer
        let image = Image::parse(&f).unwrap();
        let t = Pclntab::find(&image).unwrap();
        let e = t.text_start(&image).unwrap_err();
        assert!(e.contains("runtime.text"), "{e}");
    }
}
