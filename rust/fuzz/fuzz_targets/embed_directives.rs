//! Parsing arbitrary Go sources for //go:embed directives, then matching
//! their patterns against arbitrary names, never panics; what matches is a
//! subset of the names given.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (source, names) = text.split_once('\0').unwrap_or((text, "a.txt\nstatic/x"));
    let Ok(patterns) = fips_embedcfg::directives("fuzz.go", source) else {
        return;
    };
    let files: Vec<(String, String)> = names
        .lines()
        .map(|n| (n.to_string(), format!("/p/{n}")))
        .collect();
    if let Ok(cfg) = fips_embedcfg::embedcfg(&patterns, &files) {
        for name in cfg.files.keys() {
            assert!(files.iter().any(|(n, _)| n == name));
        }
    }
});
