//! Arbitrary bytes as a cgo file: finding its preambles and reading their
//! `#cgo` directives never panics, and every flag read is one go build
//! would accept as an argument (no newline, never empty).
#![no_main]

use fips_buildtags::cgo::{directives, CgoFlags};
use fips_buildtags::Context;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = fips_gotest::decode("fuzz.go", data) else {
        return;
    };
    let Ok(preambles) = fips_gotest::cgo_preambles("fuzz.go", source) else {
        return;
    };
    let mut ctx = Context::new("linux", "amd64");
    ctx.cgo_enabled = true;
    for preamble in preambles {
        let mut flags = CgoFlags::default();
        match directives(&ctx, "fuzz.go", &preamble, "/src/p", &mut flags) {
            Ok(()) => {
                for (_, flag) in flags.entries() {
                    assert!(!flag.is_empty() && !flag.contains('\n'), "{flag:?}");
                }
            }
            Err(e) => assert!(e.to_string().starts_with("fuzz.go: "), "{e}"),
        }
    }
});
