//! Hashing arbitrary zips (and parsing arbitrary per-file listings) never
//! panics; a computed summary round-trips through its text form.
//! Input byte 0: bit 0 picks recipe mode (see zip_from_recipe), bit 1 parses
//! the rest as a per-file listing instead.
#![no_main]

use std::path::Path;

use fips_dirhash::{h1_of_summary_bytes, summarize_zip_bytes, Limits, Summary};
use fips_snapshot::testing::zip_from_recipe;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 2 != 0 {
        if let Ok(s) = Summary::parse(rest) {
            assert_eq!(s.to_bytes(), rest);
            assert_eq!(s.h1(), h1_of_summary_bytes(rest));
        }
        return;
    }
    let zip = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        zip_from_recipe("v1.26.0", rest)
    };
    let limits = Limits {
        max_zip_bytes: 1 << 20,
        max_entries: 1000,
        max_total_bytes: 1 << 20,
    };
    if let Ok(s) = summarize_zip_bytes(&zip, Path::new("fuzz.zip"), &limits) {
        let text = s.to_bytes();
        assert_eq!(
            Summary::parse(&text).ok().as_ref(),
            Some(&s).filter(|s| {
                // Summary::parse requires unique names (the zip side refuses
                // duplicates too) and no empty names.
                s.files().iter().all(|f| !f.name.is_empty())
            })
        );
        assert_eq!(s.h1(), h1_of_summary_bytes(&text));
    }
});
