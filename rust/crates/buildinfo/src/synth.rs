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
