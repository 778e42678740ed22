//! go:fipsinfo in ELF: the input as a file, and a valid synthetic ELF (64/32
//! bit, little/big endian, PIE with RELA relocations, lld-style zero fields,
//! no section headers) patched by the input. Analyse and seal must never
//! panic; a successful seal must verify.
#![no_main]

use fips_binary::synth::ElfBuilder;
use fips_binary::{analyze, seal_bytes, Status};
use libfuzzer_sys::fuzz_target;

fn check(file: &mut [u8]) {
    let Ok(before) = analyze(file) else { return };
    if let Ok(out) = seal_bytes(file) {
        assert_eq!(analyze(file).map(|i| i.status), Ok(Status::Verified));
        if before.status == Status::Verified {
            assert!(!out.changed, "sealing a verified file changed it");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut raw = data.to_vec();
    check(&mut raw);

    let Some((&sel, patches)) = data.split_first() else {
        return;
    };
    let mut b = ElfBuilder::new(if sel & 1 == 0 { 8 } else { 4 }, sel & 2 != 0);
    b.pie = sel & 4 != 0;
    b.rela_for_fields = sel & 8 != 0;
    b.zero_fields_in_place = b.rela_for_fields && sel & 16 != 0;
    let mut file = b.build(sel & 32 != 0);
    if sel & 64 != 0 {
        ElfBuilder::drop_section_headers(&mut file);
    }
    for p in patches.chunks_exact(3) {
        let off = usize::from(u16::from_le_bytes([p[0], p[1]])) % file.len();
        file[off] = p[2];
    }
    check(&mut file);
});
