//! go:fipsinfo in Mach-O (with and without an ad-hoc code signature, with
//! relocation bits in the pointers) and PE (with and without a checksum):
//! the input as a file, and valid synthetic files patched by the input.
//! Analyse and seal must never panic; a successful seal must verify (and
//! keep a Mach-O code signature valid).
#![no_main]

use fips_binary::synth::{MachOBuilder, PeBuilder};
use fips_binary::{analyze, macho_code_signature_valid, seal_bytes, Status};
use libfuzzer_sys::fuzz_target;

fn check(file: &mut [u8]) {
    let Ok(before) = analyze(file) else { return };
    let signed_before = macho_code_signature_valid(file);
    if let Ok(out) = seal_bytes(file) {
        assert_eq!(analyze(file).map(|i| i.status), Ok(Status::Verified));
        if before.status == Status::Verified {
            assert!(!out.changed, "sealing a verified file changed it");
        }
        if signed_before == Some(true) {
            assert_eq!(macho_code_signature_valid(file), Some(true));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut raw = data.to_vec();
    check(&mut raw);

    let Some((&sel, patches)) = data.split_first() else {
        return;
    };
    let mut file = if sel & 1 == 0 {
        let mut b = MachOBuilder::new();
        b.code_signature = sel & 2 != 0;
        if sel & 4 != 0 {
            b.high_bits = 0x8010_0000_0000_0000;
        }
        b.build(sel & 8 != 0)
    } else {
        let mut b = PeBuilder::new();
        b.with_checksum = sel & 2 != 0;
        b.signed = sel & 4 != 0;
        b.build(sel & 8 != 0)
    };
    for p in patches.chunks_exact(3) {
        let off = usize::from(u16::from_le_bytes([p[0], p[1]])) % file.len();
        file[off] = p[2];
    }
    check(&mut file);
});
