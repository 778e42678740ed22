//! Workspace status files and `-X` definitions (`fipstool linkinfo
//! --stamp-file --x-def`): never a panic; a stamped value holds no `{KEY}`
//! of a key the status has, and a definition without keys is kept as it is.
#![no_main]

use fips_stamp::{substitute, x_flags, Status};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (status_text, value) = text.split_once('\0').unwrap_or((text, "v{K}"));
    let mut status = Status::default();
    status.add(status_text);
    let stamped = substitute(value, &status);
    if !value.contains('{') {
        assert_eq!(stamped.as_deref(), Some(value));
    }
    let _ = x_flags(&[format!("main.V={value}")], &status);
    let _ = x_flags(&[value.to_string()], &Status::default());
});
