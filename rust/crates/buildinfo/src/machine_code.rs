//! Where a function loads a Go string from a global variable to pass it as
//! the first argument of a call: under Go's register ABI (ABIInternal) the
//! string's pointer goes in the first integer argument register and its
//! length in the second, so the code loads the two words of the variable's
//! header `{ptr, len}` into them. The compiler emits (go1.24 to go1.27):
//!
//! - amd64: `MOVQ v(SB), AX; MOVQ v+8(SB), BX`, RIP-relative
//!   (`48 8b 05 disp32`, `48 8b 1d disp32`), the two adjacent, in either
//!   order;
//! - arm64: `ADRP v, R27; ADD $lo, R27, R27; LDP (R27), (R0, R1)`, or
//!   `ADRP; MOVD lo(R27), R0` then `ADRP; MOVD lo+8(R27), R1` (go1.24).
//!
//! The result is every address `v` loaded that way: a candidate set, which
//! the caller narrows by requiring several functions to agree.

use std::collections::BTreeSet;

/// The instruction sets decoded here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Isa {
    Amd64,
    Arm64,
}

/// The addresses whose two 8-byte words `code` (at address `pc`) loads into
/// the first two argument registers.
pub(crate) fn string_arg_loads(isa: Isa, code: &[u8], pc: u64) -> BTreeSet<u64> {
    match isa {
        Isa::Amd64 => amd64(code, pc),
        Isa::Arm64 => arm64(code, pc),
    }
}

/// `MOVQ disp(RIP), reg` with REX.W and ModRM mod=00 rm=101: the register
/// (0 = AX, 3 = BX) and the absolute address loaded, for the 7 bytes at `at`.
fn amd64_rip_load(code: &[u8], at: usize, pc: u64) -> Option<(u8, u64)> {
    let b = code.get(at..at.checked_add(7)?)?;
    if b.first() != Some(&0x48) || b.get(1) != Some(&0x8b) {
        return None;
    }
    let modrm = *b.get(2)?;
    if modrm & 0xc7 != 0x05 {
        return None;
    }
    let disp = i32::from_le_bytes(b.get(3..7)?.try_into().ok()?);
    let next = pc.wrapping_add(at as u64).wrapping_add(7);
    Some(((modrm >> 3) & 7, next.wrapping_add(disp as i64 as u64)))
}

fn amd64(code: &[u8], pc: u64) -> BTreeSet<u64> {
    const AX: u8 = 0;
    const BX: u8 = 3;
    let mut out = BTreeSet::new();
    for at in memchr::memchr_iter(0x48, code) {
        let Some(first) = amd64_rip_load(code, at, pc) else {
            continue;
        };
        let Some(second) = amd64_rip_load(code, at + 7, pc) else {
            continue;
        };
        let pair = match (first, second) {
            ((AX, p), (BX, l)) | ((BX, l), (AX, p)) => (p, l),
            _ => continue,
        };
        if pair.0.checked_add(8) == Some(pair.1) {
            out.insert(pair.0);
        }
    }
    out
}

fn arm64(code: &[u8], pc: u64) -> BTreeSet<u64> {
    // What each register X0..X30 holds, as far as the straight-line code
    // read so far tells: a known address (ADRP, ADD), or the word loaded
    // from a known address.
    let mut address: [Option<u64>; 32] = [None; 32];
    let mut loaded: [Option<u64>; 32] = [None; 32];
    let mut out = BTreeSet::new();
    for (i, chunk) in code.chunks_exact(4).enumerate() {
        let w = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        let here = pc.wrapping_add(4 * i as u64);
        let rd = (w & 31) as usize;
        let rn = ((w >> 5) & 31) as usize;
        if w & 0x9f00_0000 == 0x9000_0000 {
            // ADRP Xd, page
            let imm = (((w >> 5) & 0x7_ffff) << 2) | ((w >> 29) & 3);
            let imm = ((imm as i64) << 43 >> 43) << 12;
            address[rd] = Some((here & !0xfff).wrapping_add(imm as u64));
            loaded[rd] = None;
        } else if w & 0xff80_0000 == 0x9100_0000 {
            // ADD Xd, Xn, #imm12{, LSL #12}
            let imm = u64::from((w >> 10) & 0xfff) << (12 * ((w >> 22) & 1));
            address[rd] = address[rn].map(|a| a.wrapping_add(imm));
            loaded[rd] = None;
        } else if w & 0xffc0_0000 == 0xf940_0000 {
            // LDR Xt, [Xn, #imm12*8]
            let off = u64::from((w >> 10) & 0xfff) * 8;
            loaded[rd] = address[rn].map(|a| a.wrapping_add(off));
            address[rd] = None;
        } else if w & 0xffc0_0000 == 0xa940_0000 {
            // LDP Xt, Xt2, [Xn, #imm7*8]
            let rt2 = ((w >> 10) & 31) as usize;
            let imm7 = ((w >> 15) & 0x7f) as i64;
            let off = ((imm7 << 57 >> 57) * 8) as u64;
            let base = address[rn].map(|a| a.wrapping_add(off));
            loaded[rd] = base;
            loaded[rt2] = base.map(|a| a.wrapping_add(8));
            address[rd] = None;
            address[rt2] = None;
        } else if (w >> 26) & 7 == 0b101 {
            // Branches, exception generation, system: a new straight line.
            address = [None; 32];
            loaded = [None; 32];
            continue;
        } else {
            // Anything else may write its Rd (and a pair its Rt2).
            address[rd] = None;
            loaded[rd] = None;
            if (w >> 27) & 7 == 0b101 {
                let rt2 = ((w >> 10) & 31) as usize;
                address[rt2] = None;
                loaded[rt2] = None;
            }
            continue;
        }
        if let (Some(p), Some(l)) = (loaded[0], loaded[1]) {
            if p.checked_add(8) == Some(l) {
                out.insert(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[u32]) -> Vec<u8> {
        ws.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    #[test]
    fn amd64_go126_godebug_notify() {
        // go1.26.6 linux/amd64 runtime.godebugNotify at 0x45b08f:
        //   MOVQ runtime.godebugDefault(SB), AX    488b05ea481500
        //   MOVQ runtime.godebugDefault+8(SB), BX  488b1deb481500
        let code = [
            0x90, 0x48, 0x8b, 0x05, 0xea, 0x48, 0x15, 0x00, 0x48, 0x8b, 0x1d, 0xeb, 0x48, 0x15,
            0x00, 0xc3,
        ];
        let got = string_arg_loads(Isa::Amd64, &code, 0x45b08e);
        assert_eq!(got.into_iter().collect::<Vec<_>>(), [0x5af980]);
        // The length first, then the pointer: the same variable.
        let mut swapped = vec![0x48, 0x8b, 0x1d];
        swapped.extend_from_slice(&(0x5af988i64 - 0x1007).to_le_bytes()[..4]);
        swapped.extend_from_slice(&[0x48, 0x8b, 0x05]);
        swapped.extend_from_slice(&(0x5af980i64 - 0x100e).to_le_bytes()[..4]);
        let got = string_arg_loads(Isa::Amd64, &swapped, 0x1000);
        assert_eq!(got.into_iter().collect::<Vec<_>>(), [0x5af980]);
    }

    #[test]
    fn amd64_needs_both_halves_of_one_header() {
        // AX and BX from words 16 bytes apart, and AX/CX: not a string arg.
        let mut code = vec![0x48, 0x8b, 0x05, 0, 0, 0, 0, 0x48, 0x8b, 0x1d, 9, 0, 0, 0];
        assert!(string_arg_loads(Isa::Amd64, &code, 0).is_empty());
        code = vec![0x48, 0x8b, 0x05, 0, 0, 0, 0, 0x48, 0x8b, 0x0d, 1, 0, 0, 0];
        assert!(string_arg_loads(Isa::Amd64, &code, 0).is_empty());
        assert!(string_arg_loads(Isa::Amd64, &[0x48, 0x8b], 0).is_empty());
    }

    #[test]
    fn arm64_go126_adrp_add_ldp() {
        // go1.26.6 linux/arm64 runtime.godebugNotify at 0x67140:
        //   ADRP 1310720(PC), R27; ADD $3552, R27, R27; LDP (R27), (R0, R1)
        let code = words(&[0x90000a1b, 0x9137837b, 0xa9400760]);
        let got = string_arg_loads(Isa::Arm64, &code, 0x67140);
        assert_eq!(got.into_iter().collect::<Vec<_>>(), [0x1a7de0]);
    }

    #[test]
    fn arm64_go124_adrp_ldr_pairs() {
        // go1.24.11 linux/arm64 runtime.parsedebugvars at 0x5b924:
        //   ADRP; MOVD 2320(R27), R0; ADRP; MOVD 2328(R27), R1
        let code = words(&[0x9000097b, 0xf9448b60, 0x9000097b, 0xf9448f61]);
        let got = string_arg_loads(Isa::Arm64, &code, 0x5b924);
        assert_eq!(got.into_iter().collect::<Vec<_>>(), [0x187910]);
    }

    #[test]
    fn arm64_state_does_not_cross_branches_or_overwrites() {
        // ADRP+LDR R0, then a branch (B .+4), then ADRP+LDR R1: no pair.
        let code = words(&[0x9000097b, 0xf9448b60, 0x14000001, 0x9000097b, 0xf9448f61]);
        assert!(string_arg_loads(Isa::Arm64, &code, 0x5b924).is_empty());
        // R0 overwritten (MOVD R5, R0 = ORR X0, XZR, X5) between the loads.
        let code = words(&[0x9000097b, 0xf9448b60, 0xaa0503e0, 0x9000097b, 0xf9448f61]);
        assert!(string_arg_loads(Isa::Arm64, &code, 0x5b924).is_empty());
        // An LDP whose base is not a known address.
        let code = words(&[0xa9400760]);
        assert!(string_arg_loads(Isa::Arm64, &code, 0).is_empty());
        // A trailing partial word is ignored.
        assert!(string_arg_loads(Isa::Arm64, &[0x1b, 0x0a, 0x00], 0).is_empty());
    }
}
