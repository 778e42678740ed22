//! Path rules, escaping and shell patterns on arbitrary text never panic,
//! and what they accept is consistent: a valid module path is a valid
//! import path, escaping round-trips, folding is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\u{1}').unwrap_or((text, ""));
    if fips_modpath::check_path_of_module(a).is_ok() {
        assert!(fips_modpath::check_import_path(a).is_ok());
        let escaped = fips_modpath::escape_path(a).expect("a valid module path escapes");
        assert_eq!(fips_modpath::unescape_path(&escaped).as_deref(), Ok(a));
    }
    if let Ok(escaped) = fips_modpath::escape_version(a) {
        assert_eq!(fips_modpath::unescape_version(&escaped).as_deref(), Ok(a));
    }
    let _ = fips_modpath::check_file_path(a);
    let folded = fips_modpath::to_fold(a);
    assert_eq!(fips_modpath::to_fold(&folded), folded);
    let _ = fips_modpath::match_pattern(a, b);
    let _ = fips_modpath::match_prefix_patterns(a, b);
    let _ = (fips_modpath::find_internal(a), fips_modpath::find_vendor(a));
});
