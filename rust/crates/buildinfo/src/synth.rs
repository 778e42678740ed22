//! A minimal ELF64 (amd64) whose only writable `PT_LOAD` segment holds a
//! Go build-info blob, in the Go 1.18+ inline format or the older pointer
//! format. Not runnable; for tests and fuzzing.

const BASE: u64 = 0x50_1000;
const SEG_OFF: usize = 0x1000;

fn put(f: &mut Vec<u8>, off: usize, b: &[u8]) {
    if f.len() < off + b.len() {
        f.resize(off + b.len(), 0);
    }
    f[off..off + b.len()].copy_from_slice(b);
}

fn varint(mut n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// `module` is the module-info text without its 16-byte sentinels (they
/// are added).
pub fn elf_with_blob(version: &[u8], module: &[u8], inline: bool) -> Vec<u8> {
    let mut f = vec![0u8; SEG_OFF];
    put(&mut f, 0, b"\x7fELF\x02\x01\x01");
    put(&mut f, 16, &2u16.to_le_bytes());
    put(&mut f, 18, &62u16.to_le_bytes());
    put(&mut f, 20, &1u32.to_le_bytes());
    put(&mut f, 32, &64u64.to_le_bytes()); // e_phoff
    put(&mut f, 52, &64u16.to_le_bytes());
    put(&mut f, 54, &56u16.to_le_bytes());
    put(&mut f, 56, &1u16.to_le_bytes());
    let mut sentinel_mod = vec![0x30u8; 16];
    sentinel_mod.extend_from_slice(module);
    sentinel_mod.extend_from_slice(&[0xf9; 16]);
    let blob = SEG_OFF + 0x10;
    put(&mut f, blob, b"\xff Go buildinf:");
    put(&mut f, blob + 14, &[8]);
    if inline {
        put(&mut f, blob + 15, &[2]);
        let mut at = blob + 32;
        for s in [version, &sentinel_mod[..]] {
            let v = varint(s.len());
            put(&mut f, at, &v);
            at += v.len();
            put(&mut f, at, s);
            at += s.len();
        }
    } else {
        put(&mut f, blob + 15, &[0]);
        let hdrs = SEG_OFF + 0x40;
        let mut at = SEG_OFF + 0x80;
        put(&mut f, blob + 16, &(BASE + 0x40).to_le_bytes());
        put(&mut f, blob + 24, &(BASE + 0x50).to_le_bytes());
        for (i, s) in [version, &sentinel_mod[..]].iter().enumerate() {
            let h = hdrs + 16 * i;
            put(&mut f, h, &(BASE + (at - SEG_OFF) as u64).to_le_bytes());
            put(&mut f, h + 8, &(s.len() as u64).to_le_bytes());
            put(&mut f, at, s);
            at += s.len();
        }
    }
    let size = (f.len() - SEG_OFF) as u64 + 16;
    f.resize(SEG_OFF + size as usize, 0);
    // PT_LOAD, RW, file SEG_OFF.. at BASE.
    let p = 64;
    put(&mut f, p, &1u32.to_le_bytes());
    put(&mut f, p + 4, &6u32.to_le_bytes());
    put(&mut f, p + 8, &(SEG_OFF as u64).to_le_bytes());
    put(&mut f, p + 16, &BASE.to_le_bytes());
    put(&mut f, p + 24, &BASE.to_le_bytes());
    put(&mut f, p + 32, &size.to_le_bytes());
    put(&mut f, p + 40, &size.to_le_bytes());
    f
}

/// A minimal stripped ELF64 (no section headers, no symbol table) whose
/// runtime functions load `runtime.godebugDefault`, found only through its
/// function table (pclntab) and module data, as in a Go 1.26 binary built
/// with `-ldflags=-s -w`:
///
/// ```text
/// 0x401000 r-x  text: one function per name, each loading the header
/// 0x402000 r--  pclntab (header, names, functab, _func), the string bytes
/// 0x403000 rw-  firstmoduledata, the string header {ptr, len}
/// ```
#[derive(Debug, Clone)]
pub struct GodebugElf {
    /// arm64 instead of amd64.
    pub arm64: bool,
    /// The string's bytes (empty: a zero header).
    pub value: Vec<u8>,
    /// The functions in the table, each loading the header.
    pub functions: Vec<&'static str>,
    /// A function (by index) that loads another variable instead.
    pub stray: Option<usize>,
    /// Keep the length but zero the pointer.
    pub zero_pointer: bool,
}

impl GodebugElf {
    pub const TEXT: u64 = 0x40_1000;
    pub const PCLNTAB: u64 = 0x40_2000;
    pub const STRING: u64 = 0x40_2800;
    pub const MODULEDATA: u64 = 0x40_3000;
    pub const HEADER: u64 = 0x40_3200;
    const FUNC_SIZE: u64 = 0x40;

    pub fn new(arm64: bool, value: &[u8]) -> Self {
        GodebugElf {
            arm64,
            value: value.to_vec(),
            functions: vec![
                "runtime.godebugNotify",
                "runtime.parseRuntimeDebugVars",
                "runtime.reparsedebugvars",
            ],
            stray: None,
            zero_pointer: false,
        }
    }

    /// Code at `pc` that loads the words at `var` and `var+8` into the first
    /// two argument registers, then returns.
    fn code(&self, pc: u64, var: u64) -> Vec<u8> {
        if self.arm64 {
            let page = ((var & !0xfff).wrapping_sub(pc & !0xfff) as i64 >> 12) as u32;
            let adrp = 0x9000_001b | ((page & 3) << 29) | (((page >> 2) & 0x7_ffff) << 5);
            let add = 0x9100_037b | (((var & 0xfff) as u32) << 10);
            let ldp = 0xa940_0760u32;
            let ret = 0xd65f_03c0u32;
            [adrp, add, ldp, ret]
                .iter()
                .flat_map(|w| w.to_le_bytes())
                .collect()
        } else {
            let mut c = Vec::new();
            for (modrm, target) in [(0x05u8, var), (0x1d, var + 8)] {
                let next = pc + c.len() as u64 + 7;
                c.extend_from_slice(&[0x48, 0x8b, modrm]);
                c.extend_from_slice(&((target.wrapping_sub(next)) as u32).to_le_bytes());
            }
            c.push(0xc3);
            c
        }
    }

    pub fn build(&self) -> Vec<u8> {
        let mut f = vec![0u8; 0x4000];
        // ELF header: ELF64 LE, ET_EXEC, machine, 3 program headers.
        put(&mut f, 0, b"\x7fELF\x02\x01\x01");
        put(&mut f, 16, &2u16.to_le_bytes());
        let machine: u16 = if self.arm64 { 183 } else { 62 };
        put(&mut f, 18, &machine.to_le_bytes());
        put(&mut f, 20, &1u32.to_le_bytes());
        put(&mut f, 32, &64u64.to_le_bytes());
        put(&mut f, 52, &64u16.to_le_bytes());
        put(&mut f, 54, &56u16.to_le_bytes());
        put(&mut f, 56, &3u16.to_le_bytes());
        for (i, (addr, flags)) in [
            (Self::TEXT, 5u32),
            (Self::PCLNTAB, 4),
            (Self::MODULEDATA, 6),
        ]
        .iter()
        .enumerate()
        {
            let p = 64 + 56 * i;
            let off = addr - 0x40_0000;
            put(&mut f, p, &1u32.to_le_bytes());
            put(&mut f, p + 4, &flags.to_le_bytes());
            put(&mut f, p + 8, &off.to_le_bytes());
            put(&mut f, p + 16, &addr.to_le_bytes());
            put(&mut f, p + 24, &addr.to_le_bytes());
            put(&mut f, p + 32, &0x1000u64.to_le_bytes());
            put(&mut f, p + 40, &0x1000u64.to_le_bytes());
        }
        let at = |addr: u64| (addr - 0x40_0000) as usize;
        // Text.
        for i in 0..self.functions.len() {
            let pc = Self::TEXT + i as u64 * Self::FUNC_SIZE;
            let var = if self.stray == Some(i) {
                Self::HEADER + 0x40
            } else {
                Self::HEADER
            };
            put(&mut f, at(pc), &self.code(pc, var));
        }
        // pclntab: header (72 bytes), names, then functab and _func records.
        let names_off = 72u64;
        let mut names = Vec::new();
        let mut name_offs = Vec::new();
        for n in &self.functions {
            name_offs.push(names.len() as u32);
            names.extend_from_slice(n.as_bytes());
            names.push(0);
        }
        let pcln_off = (names_off + names.len() as u64 + 7) & !7;
        let n = self.functions.len() as u64;
        let mut h = Vec::new();
        h.extend_from_slice(&0xffff_fff1u32.to_le_bytes());
        h.extend_from_slice(&[0, 0, if self.arm64 { 4 } else { 1 }, 8]);
        for w in [n, 0, 0, names_off, pcln_off, pcln_off, pcln_off, pcln_off] {
            h.extend_from_slice(&w.to_le_bytes());
        }
        put(&mut f, at(Self::PCLNTAB), &h);
        put(&mut f, at(Self::PCLNTAB + names_off), &names);
        let funcs_at = (2 * n + 1) * 4;
        let mut tab = Vec::new();
        for i in 0..n {
            tab.extend_from_slice(&((i * Self::FUNC_SIZE) as u32).to_le_bytes());
            tab.extend_from_slice(&((funcs_at + 8 * i) as u32).to_le_bytes());
        }
        tab.extend_from_slice(&((n * Self::FUNC_SIZE) as u32).to_le_bytes());
        for (i, off) in name_offs.iter().enumerate() {
            tab.extend_from_slice(&((i as u64 * Self::FUNC_SIZE) as u32).to_le_bytes());
            tab.extend_from_slice(&off.to_le_bytes());
        }
        put(&mut f, at(Self::PCLNTAB + pcln_off), &tab);
        // The string, its header, and the module data.
        put(&mut f, at(Self::STRING), &self.value);
        let (ptr, len) = match (self.value.is_empty(), self.zero_pointer) {
            (true, _) => (0, 0),
            (false, true) => (0, self.value.len() as u64),
            (false, false) => (Self::STRING, self.value.len() as u64),
        };
        put(&mut f, at(Self::HEADER), &ptr.to_le_bytes());
        put(&mut f, at(Self::HEADER + 8), &len.to_le_bytes());
        let md = at(Self::MODULEDATA);
        put(&mut f, md, &Self::PCLNTAB.to_le_bytes());
        put(&mut f, md + 8, &(Self::PCLNTAB + names_off).to_le_bytes());
        put(&mut f, md + 22 * 8, &Self::TEXT.to_le_bytes());
        put(
            &mut f,
            md + 23 * 8,
            &(Self::TEXT + n * Self::FUNC_SIZE).to_le_bytes(),
        );
        f
    }
}
