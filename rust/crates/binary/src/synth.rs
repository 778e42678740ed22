//! Small synthetic ELF, Mach-O and PE files that carry a `go:fipsinfo`
//! record laid out the way Go's linker lays it out. They are not runnable;
//! they exist so that unit tests and fuzz targets can exercise every branch
//! of the readers without a Go toolchain.
//!
//! Layout shared by all three builders (file offsets):
//! `0x1000..0x1040` text, `0x1040..0x1060` rodata, `0x2000..0x2010`
//! noptrdata, `0x2010..0x2020` data, `0x2040` the record.

use crate::{hmac_sum, record_len, HashedRange, FIPS_MAGIC, MAGIC_LEN, RANGE_NAMES};

const TEXT: (u64, u64) = (0x1000, 0x1040);
const RODATA: (u64, u64) = (0x1040, 0x1060);
const NOPTRDATA: (u64, u64) = (0x2000, 0x2010);
const DATA: (u64, u64) = (0x2010, 0x2020);
const INFO: u64 = 0x2040;

fn file_ranges() -> [(u64, u64); 4] {
    [TEXT, RODATA, NOPTRDATA, DATA]
}

fn ranges_for(offsets: &[(u64, u64); 4]) -> Vec<HashedRange> {
    RANGE_NAMES
        .iter()
        .zip(offsets.iter())
        .map(|(name, &(s, e))| HashedRange {
            name,
            start: s,
            end: e,
            offset: s,
            len: e.saturating_sub(s),
        })
        .collect()
}

fn empty_ranges() -> Vec<HashedRange> {
    ranges_for(&[(0, 0); 4])
}

struct W {
    buf: Vec<u8>,
    big: bool,
}

impl W {
    fn new(len: usize, big: bool) -> Self {
        W {
            buf: vec![0; len],
            big,
        }
    }
    fn bytes(&mut self, off: u64, b: &[u8]) {
        let off = off as usize;
        self.buf[off..off + b.len()].copy_from_slice(b);
    }
    fn u16(&mut self, off: u64, v: u16) {
        let b = if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.bytes(off, &b);
    }
    fn u32(&mut self, off: u64, v: u32) {
        let b = if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.bytes(off, &b);
    }
    fn u64(&mut self, off: u64, v: u64) {
        let b = if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.bytes(off, &b);
    }
    fn word(&mut self, off: u64, ps: u8, v: u64) {
        if ps == 8 {
            self.u64(off, v)
        } else {
            self.u32(off, v as u32)
        }
    }
    fn fill_pattern(&mut self) {
        for (s, e) in file_ranges() {
            for o in s..e {
                self.buf[o as usize] = (o.wrapping_mul(7) ^ 0x5a) as u8;
            }
        }
    }
    fn record(&mut self, ps: u8, self_ptr: u64, pointers: &[(u64, u64); 4]) {
        self.bytes(INFO, &FIPS_MAGIC);
        let base = INFO + 48;
        self.word(base, ps, self_ptr);
        for (i, (s, e)) in pointers.iter().enumerate() {
            self.word(base + u64::from(ps) * (1 + 2 * i as u64), ps, *s);
            self.word(base + u64::from(ps) * (2 + 2 * i as u64), ps, *e);
        }
    }
    fn sum(&mut self, sum: [u8; 32]) {
        self.bytes(INFO + MAGIC_LEN as u64, &sum);
    }
}

/// A minimal ELF executable (or PIE) with two `PT_LOAD` segments.
#[derive(Debug, Clone)]
pub struct ElfBuilder {
    pub pointer_size: u8,
    pub big_endian: bool,
    /// `ET_DYN` with base address 0 instead of `ET_EXEC` at 0x400000.
    pub pie: bool,
    /// Emit a `.rela.dyn` with `R_*_RELATIVE` entries for the 9 pointer fields.
    pub rela_for_fields: bool,
    /// Leave the pointer fields zero in the file (what lld does by default).
    pub zero_fields_in_place: bool,
    /// Pointer pairs relative to the file layout; offset by the base address.
    pub pointers: [(u64, u64); 4],
}

impl ElfBuilder {
    pub fn new(pointer_size: u8, big_endian: bool) -> Self {
        ElfBuilder {
            pointer_size,
            big_endian,
            pie: false,
            rela_for_fields: false,
            zero_fields_in_place: false,
            pointers: file_ranges(),
        }
    }

    fn base(&self) -> u64 {
        if self.pie {
            0
        } else {
            0x40_0000
        }
    }

    /// File offset of the text range.
    pub fn text_offset(&self) -> usize {
        TEXT.0 as usize
    }

    /// File offset of the record.
    pub fn info_offset(&self) -> usize {
        INFO as usize
    }

    /// Build the file; with `sealed` the correct sum is stored.
    pub fn build(&self, sealed: bool) -> Vec<u8> {
        self.build_with_sum(|_, real| if sealed { real } else { [0; 32] })
    }

    /// Build the file and store `pick(sum over the in-file pointers, sum over
    /// the real pointers)`.
    pub fn build_with_sum(&self, pick: impl Fn([u8; 32], [u8; 32]) -> [u8; 32]) -> Vec<u8> {
        let ps = self.pointer_size;
        let is64 = ps == 8;
        let base = self.base();
        let mut w = W::new(0x2600, self.big_endian);
        // e_ident
        w.bytes(0, b"\x7fELF");
        w.buf[4] = if is64 { 2 } else { 1 };
        w.buf[5] = if self.big_endian { 2 } else { 1 };
        w.buf[6] = 1;
        let machine: u16 = match (is64, self.big_endian) {
            (true, false) => 62, // x86-64
            (true, true) => 22,  // s390
            (false, false) => 3, // 386
            (false, true) => 20, // ppc
        };
        let (ehsize, phentsize, shentsize) = if is64 { (64, 56, 64) } else { (52, 32, 40) };
        let phoff: u64 = ehsize;
        let shoff: u64 = 0x2300;
        let nsect: u16 = if self.rela_for_fields { 6 } else { 5 };
        w.u16(16, if self.pie { 3 } else { 2 });
        w.u16(18, machine);
        w.u32(20, 1);
        if is64 {
            w.u64(24, base + 0x1000);
            w.u64(32, phoff);
            w.u64(40, shoff);
            w.u32(48, 0);
            w.u16(52, ehsize as u16);
            w.u16(54, phentsize);
            w.u16(56, 2);
            w.u16(58, shentsize);
            w.u16(60, nsect);
            w.u16(62, nsect - 1);
        } else {
            w.u32(24, (base + 0x1000) as u32);
            w.u32(28, phoff as u32);
            w.u32(32, shoff as u32);
            w.u32(36, 0);
            w.u16(40, ehsize as u16);
            w.u16(42, phentsize);
            w.u16(44, 2);
            w.u16(46, shentsize);
            w.u16(48, nsect);
            w.u16(50, nsect - 1);
        }
        // Program headers: text (R X) and data (RW).
        let loads = [(0u64, 0x2000u64, 5u32), (0x2000, 0x200, 6)];
        for (i, (off, size, flags)) in loads.iter().enumerate() {
            let p = phoff + i as u64 * u64::from(phentsize);
            if is64 {
                w.u32(p, 1);
                w.u32(p + 4, *flags);
                w.u64(p + 8, *off);
                w.u64(p + 16, base + off);
                w.u64(p + 24, base + off);
                w.u64(p + 32, *size);
                w.u64(p + 40, *size);
                w.u64(p + 48, 0x1000);
            } else {
                w.u32(p, 1);
                w.u32(p + 4, *off as u32);
                w.u32(p + 8, (base + off) as u32);
                w.u32(p + 12, (base + off) as u32);
                w.u32(p + 16, *size as u32);
                w.u32(p + 20, *size as u32);
                w.u32(p + 24, *flags);
                w.u32(p + 28, 0x1000);
            }
        }
        w.fill_pattern();
        let real: [(u64, u64); 4] = {
            let mut r = self.pointers;
            for p in r.iter_mut() {
                *p = (p.0.wrapping_add(base), p.1.wrapping_add(base));
            }
            r
        };
        let self_ptr = base + INFO;
        if self.zero_fields_in_place {
            w.record(ps, 0, &[(0, 0); 4]);
        } else {
            w.record(ps, self_ptr, &real);
        }
        // .rela.dyn
        let rela_off: u64 = 0x2100;
        let relent: u64 = if is64 { 24 } else { 12 };
        if self.rela_for_fields {
            let mut values = vec![self_ptr];
            for (s, e) in real.iter() {
                values.push(*s);
                values.push(*e);
            }
            let rel_type: u64 = if is64 && !self.big_endian {
                8
            } else if is64 {
                12
            } else {
                8
            };
            for (i, v) in values.iter().enumerate() {
                let at = rela_off + i as u64 * relent;
                let field = base + INFO + 48 + i as u64 * u64::from(ps);
                if is64 {
                    w.u64(at, field);
                    w.u64(at + 8, rel_type);
                    w.u64(at + 16, *v);
                } else {
                    w.u32(at, field as u32);
                    w.u32(at + 4, rel_type as u32);
                    w.u32(at + 8, *v as u32);
                }
            }
        }
        // .shstrtab
        let strtab_off: u64 = 0x2200;
        let names = b"\0.text\0.data\0.go.fipsinfo\0.shstrtab\0.rela.dyn\0";
        w.bytes(strtab_off, names);
        let name_at = |n: &str| -> u32 {
            let pat = format!("\0{n}\0");
            names
                .windows(pat.len())
                .position(|win| win == pat.as_bytes())
                .map(|p| p as u32 + 1)
                .unwrap_or(0)
        };
        let mut sects: Vec<(u32, u32, u64, u64, u64, u64, u64)> = vec![
            (0, 0, 0, 0, 0, 0, 0),
            (name_at(".text"), 1, 6, base + 0x1000, 0x1000, 0x60, 0),
            (name_at(".data"), 1, 3, base + 0x2000, 0x2000, 0x20, 0),
            (
                name_at(".go.fipsinfo"),
                1,
                3,
                base + INFO,
                INFO,
                record_len(ps) as u64,
                0,
            ),
        ];
        if self.rela_for_fields {
            sects.push((
                name_at(".rela.dyn"),
                4,
                2,
                base + rela_off,
                rela_off,
                9 * relent,
                relent,
            ));
        }
        sects.push((
            name_at(".shstrtab"),
            3,
            0,
            0,
            strtab_off,
            names.len() as u64,
            0,
        ));
        for (i, (name, ty, flags, addr, off, size, entsize)) in sects.iter().enumerate() {
            let s = shoff + i as u64 * u64::from(shentsize);
            if is64 {
                w.u32(s, *name);
                w.u32(s + 4, *ty);
                w.u64(s + 8, *flags);
                w.u64(s + 16, *addr);
                w.u64(s + 24, *off);
                w.u64(s + 32, *size);
                w.u64(s + 48, 1);
                w.u64(s + 56, *entsize);
            } else {
                w.u32(s, *name);
                w.u32(s + 4, *ty);
                w.u32(s + 8, *flags as u32);
                w.u32(s + 12, *addr as u32);
                w.u32(s + 16, *off as u32);
                w.u32(s + 20, *size as u32);
                w.u32(s + 32, 1);
                w.u32(s + 36, *entsize as u32);
            }
        }
        let sum_real = hmac_sum(&w.buf, &ranges_for(&self.pointers)).unwrap_or([0; 32]);
        let sum_in_place = if self.zero_fields_in_place {
            hmac_sum(&w.buf, &empty_ranges()).unwrap_or([0; 32])
        } else {
            sum_real
        };
        w.sum(pick(sum_in_place, sum_real));
        w.buf
    }

    /// Remove the section header table reference (like `sstrip`).
    pub fn drop_section_headers(file: &mut [u8]) {
        let is64 = file[4] == 2;
        let (shoff, shnum, shstrndx) = if is64 { (40, 60, 62) } else { (32, 48, 50) };
        let len = if is64 { 8 } else { 4 };
        file[shoff..shoff + len].fill(0);
        file[shnum..shnum + 2].fill(0);
        file[shstrndx..shstrndx + 2].fill(0);
    }
}

/// A minimal 64-bit little-endian Mach-O executable.
#[derive(Debug, Clone)]
pub struct MachOBuilder {
    /// Bits OR-ed into every stored pointer above bit 48 (relocation
    /// metadata, which Go's algorithm masks off).
    pub high_bits: u64,
    /// Add an ad-hoc code signature (SHA-256 page hashes) at 0x3000.
    pub code_signature: bool,
    pub pointers: [(u64, u64); 4],
}

/// Virtual address of file offset 0 in [`MachOBuilder`] files.
pub const MACHO_BASE: u64 = 0x1_0000_0000;

impl Default for MachOBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl MachOBuilder {
    pub fn new() -> Self {
        MachOBuilder {
            high_bits: 0,
            code_signature: false,
            pointers: file_ranges(),
        }
    }

    pub fn text_offset(&self) -> usize {
        TEXT.0 as usize
    }

    pub fn build(&self, sealed: bool) -> Vec<u8> {
        let cs_size: u64 = 0x200;
        let len = if self.code_signature {
            0x3000 + cs_size
        } else {
            0x3000
        };
        let mut w = W::new(len as usize, false);
        let ncmds: u32 = if self.code_signature { 3 } else { 2 };
        let seg_text = 72 + 80;
        let seg_data = 72 + 2 * 80;
        let sizeofcmds = seg_text + seg_data + if self.code_signature { 16 } else { 0 };
        w.u32(0, 0xfeed_facf);
        w.u32(4, 0x0100_000c); // arm64
        w.u32(8, 0);
        w.u32(12, 2); // MH_EXECUTE
        w.u32(16, ncmds);
        w.u32(20, sizeofcmds);
        w.u32(24, 0x0020_0085); // MH_PIE | ...
        let mut at: u64 = 32;
        let segment = |w: &mut W,
                       at: &mut u64,
                       name: &str,
                       fileoff: u64,
                       size: u64,
                       prot: u32,
                       sects: &[(&str, u64, u64)]| {
            let start = *at;
            w.u32(start, 0x19);
            w.u32(start + 4, 72 + 80 * sects.len() as u32);
            let mut n = [0u8; 16];
            n[..name.len()].copy_from_slice(name.as_bytes());
            w.bytes(start + 8, &n);
            w.u64(start + 24, MACHO_BASE + fileoff);
            w.u64(start + 32, size);
            w.u64(start + 40, fileoff);
            w.u64(start + 48, size);
            w.u32(start + 56, prot);
            w.u32(start + 60, prot);
            w.u32(start + 64, sects.len() as u32);
            for (i, (sname, off, sz)) in sects.iter().enumerate() {
                let s = start + 72 + 80 * i as u64;
                let mut n = [0u8; 16];
                n[..sname.len()].copy_from_slice(sname.as_bytes());
                w.bytes(s, &n);
                let mut g = [0u8; 16];
                g[..name.len()].copy_from_slice(name.as_bytes());
                w.bytes(s + 16, &g);
                w.u64(s + 32, MACHO_BASE + off);
                w.u64(s + 40, *sz);
                w.u32(s + 48, *off as u32);
            }
            *at = start + 72 + 80 * sects.len() as u64;
        };
        segment(
            &mut w,
            &mut at,
            "__TEXT",
            0,
            0x2000,
            5,
            &[("__text", 0x1000, 0x60)],
        );
        segment(
            &mut w,
            &mut at,
            "__DATA",
            0x2000,
            0x1000,
            3,
            &[
                ("__data", 0x2000, 0x20),
                ("__go_fipsinfo", INFO, record_len(8) as u64),
            ],
        );
        if self.code_signature {
            w.u32(at, 0x1d);
            w.u32(at + 4, 16);
            w.u32(at + 8, 0x3000);
            w.u32(at + 12, cs_size as u32);
        }
        w.fill_pattern();
        let hb = self.high_bits;
        let mut real = self.pointers;
        for p in real.iter_mut() {
            *p = ((MACHO_BASE + p.0) | hb, (MACHO_BASE + p.1) | hb);
        }
        w.record(8, (MACHO_BASE + INFO) | hb, &real);
        if sealed {
            let sum = hmac_sum(&w.buf, &ranges_for(&self.pointers)).unwrap_or([0; 32]);
            w.sum(sum);
        }
        if self.code_signature {
            write_adhoc_signature(&mut w.buf, 0x3000, 0x3000);
        }
        w.buf
    }
}

/// Write an ad-hoc signature superblob with one SHA-256 CodeDirectory
/// covering `[0, code_limit)` in 4 KiB pages, at `at`.
pub fn write_adhoc_signature(buf: &mut [u8], at: usize, code_limit: usize) {
    use sha2::{Digest, Sha256};
    let pages = code_limit.div_ceil(4096);
    let ident = b"synthetic\0";
    let cd_header = 88usize;
    let hash_offset = cd_header + ident.len();
    let cd_len = hash_offset + 32 * pages;
    let sb_len = 12 + 8 + cd_len;
    let be32 = |b: &mut [u8], off: usize, v: u32| b[off..off + 4].copy_from_slice(&v.to_be_bytes());
    be32(buf, at, 0xfade_0cc0);
    be32(buf, at + 4, sb_len as u32);
    be32(buf, at + 8, 1);
    be32(buf, at + 12, 0); // CSSLOT_CODEDIRECTORY
    be32(buf, at + 16, 20);
    let cd = at + 20;
    be32(buf, cd, 0xfade_0c02);
    be32(buf, cd + 4, cd_len as u32);
    be32(buf, cd + 8, 0x20400);
    be32(buf, cd + 12, 0x2); // adhoc
    be32(buf, cd + 16, hash_offset as u32);
    be32(buf, cd + 20, cd_header as u32);
    be32(buf, cd + 24, 0);
    be32(buf, cd + 28, pages as u32);
    be32(buf, cd + 32, code_limit as u32);
    buf[cd + 36] = 32;
    buf[cd + 37] = 2; // SHA-256
    buf[cd + 38] = 0;
    buf[cd + 39] = 12;
    buf[cd + cd_header..cd + hash_offset].copy_from_slice(ident);
    for p in 0..pages {
        let end = ((p + 1) * 4096).min(code_limit);
        let h = Sha256::digest(&buf[p * 4096..end]);
        let slot = cd + hash_offset + 32 * p;
        buf[slot..slot + 32].copy_from_slice(h.as_slice());
    }
}

/// A minimal PE32+ (amd64) executable with `.text` and `.data`.
#[derive(Debug, Clone)]
pub struct PeBuilder {
    pub image_base: u64,
    /// Store a non-zero PE checksum (then sealing must update it).
    pub with_checksum: bool,
    /// Fill the security (Authenticode) data directory.
    pub signed: bool,
    /// Offset of the record inside `.data` (must be a multiple of 16).
    pub info_in_data: u64,
    /// Override the self pointer's low bits (to exercise the 12-bit check).
    pub self_adjust: u64,
}

impl Default for PeBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// PE layout: `.text` VA 0x1000 at file 0x400 (0x200 bytes), `.data` VA
/// 0x2000 at file 0x600 (0x200 bytes).
impl PeBuilder {
    pub fn new() -> Self {
        PeBuilder {
            image_base: 0x1_4000_0000,
            with_checksum: false,
            signed: false,
            info_in_data: 0x40,
            self_adjust: 0,
        }
    }

    pub fn text_offset(&self) -> usize {
        0x400
    }

    pub fn build(&self, sealed: bool) -> Vec<u8> {
        let mut w = W::new(0x800, false);
        w.bytes(0, b"MZ");
        w.u32(0x3c, 0x80);
        w.bytes(0x80, b"PE\0\0");
        let fh = 0x84;
        w.u16(fh, 0x8664);
        w.u16(fh + 2, 2);
        w.u16(fh + 16, 240);
        w.u16(fh + 18, 0x22);
        let oh = fh + 20;
        w.u16(oh, 0x20b);
        w.u32(oh + 16, 0x1000);
        w.u32(oh + 20, 0x1000);
        w.u64(oh + 24, self.image_base);
        w.u32(oh + 32, 0x1000);
        w.u32(oh + 36, 0x200);
        w.u16(oh + 40, 6);
        w.u16(oh + 48, 6);
        w.u32(oh + 56, 0x3000);
        w.u32(oh + 60, 0x400);
        w.u16(oh + 68, 3);
        w.u32(oh + 108, 16);
        if self.signed {
            w.u32(oh + 112 + 4 * 8, 0x800);
            w.u32(oh + 112 + 4 * 8 + 4, 0x10);
        }
        let sh = oh + 240;
        let sections = [
            (b".text\0\0\0", 0x1000u32, 0x400u32, 0x6000_0020u32),
            (b".data\0\0\0", 0x2000, 0x600, 0xc000_0040),
        ];
        for (i, (name, va, ptr, ch)) in sections.iter().enumerate() {
            let s = sh + 40 * i as u64;
            w.bytes(s, *name);
            w.u32(s + 8, 0x200);
            w.u32(s + 12, *va);
            w.u32(s + 16, 0x200);
            w.u32(s + 20, *ptr);
            w.u32(s + 36, *ch);
        }
        // Content: text at 0x400.., data at 0x600..
        for o in 0x400..0x460u64 {
            w.buf[o as usize] = (o.wrapping_mul(13) ^ 0x33) as u8;
        }
        for o in 0x600..0x620u64 {
            w.buf[o as usize] = (o.wrapping_mul(5) ^ 0x11) as u8;
        }
        let info_file = 0x600 + self.info_in_data;
        let va = |rva: u64| self.image_base + rva;
        // text: .text[0..0x40], rodata: .text[0x40..0x60], noptrdata: .data[0..0x10], data: .data[0x10..0x20]
        let pointers = [
            (va(0x1000), va(0x1040)),
            (va(0x1040), va(0x1060)),
            (va(0x2000), va(0x2010)),
            (va(0x2010), va(0x2020)),
        ];
        let self_ptr = va(0x2000 + self.info_in_data) ^ self.self_adjust;
        w.bytes(info_file, &FIPS_MAGIC);
        w.u64(info_file + 48, self_ptr);
        for (i, (s, e)) in pointers.iter().enumerate() {
            w.u64(info_file + 56 + 16 * i as u64, *s);
            w.u64(info_file + 64 + 16 * i as u64, *e);
        }
        if sealed {
            let offs = [
                (0x400, 0x440),
                (0x440, 0x460),
                (0x600, 0x610),
                (0x610, 0x620),
            ];
            let sum = hmac_sum(&w.buf, &ranges_for(&offs)).unwrap_or([0; 32]);
            w.bytes(info_file + 16, &sum);
        }
        if self.with_checksum {
            let c = crate::pe::pe_checksum(&w.buf, (oh + 64) as usize).unwrap_or(1);
            w.u32(oh + 64, c);
        }
        w.buf
    }
}
