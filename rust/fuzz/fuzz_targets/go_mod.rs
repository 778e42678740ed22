//! go.mod parsing (strict and lax) and semantic versions on arbitrary
//! bytes never panic, and what they return is consistent: a file the strict
//! reading accepts is accepted by the lax one with the same module, go line
//! and requirements; canonical versions are valid and fixed points.
#![no_main]

use fips_gomod::{modfile, semver, Mode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let strict = modfile::parse("go.mod", data, Mode::Strict);
    let lax = modfile::parse("go.mod", data, Mode::Lax);
    if let Ok(s) = &strict {
        let l = lax.as_ref().expect("strict accepted, lax refused");
        assert_eq!(s.module, l.module);
        assert_eq!(s.go, l.go);
        assert_eq!(s.require, l.require);
        for r in &s.require {
            assert_eq!(semver::canonical_module_version(&r.version), r.version);
        }
    }
    if let Err(e) = &strict {
        assert!(!e.errors.is_empty());
        let _ = e.to_string();
    }
    let _ = modfile::module_path(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let c = semver::canonical(text);
        if !c.is_empty() {
            assert!(semver::is_valid(&c));
            assert_eq!(semver::canonical(&c), c);
            assert_eq!(semver::compare(text, &c), std::cmp::Ordering::Equal);
        }
        let _ = semver::is_pseudo_version(text);
        let _ = fips_gomod::check_module_version(text, text);
    }
});
