//! go.sum parsing on arbitrary bytes never panics; every hash kept is an
//! h1 hash keyed by path@version.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sums) = fips_gomod::gosum::parse("go.sum", data) {
        for (key, hash) in sums.zips.iter().chain(sums.go_mods.iter()) {
            assert!(key.contains('@'));
            assert!(hash.starts_with("h1:"));
        }
    }
});
