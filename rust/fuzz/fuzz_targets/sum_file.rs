//! Parsing arbitrary fips140.sum files never panics, and what parses is
//! consistent (every entry can be looked up by name, hashes are well formed).
#![no_main]

use fips_snapshot::sumfile::{is_sha256_hex, parse_sum_file, SumFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sums) = parse_sum_file(data) else {
        return;
    };
    assert_eq!(sums.format == SumFormat::Empty, sums.entries.is_empty());
    for e in &sums.entries {
        assert!(is_sha256_hex(&e.sha256));
        assert_eq!(e.h1.is_some(), sums.format == SumFormat::ThreeColumn);
        if let Some(h1) = &e.h1 {
            assert!(fips_dirhash::parse_h1(h1).is_ok());
        }
        assert_eq!(sums.get(&e.name).map(|f| f.line), Some(e.line));
    }
});
