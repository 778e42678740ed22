//! Arbitrary text as `src/internal/godebugs/table.go`: reading it never
//! panics, an error names a line of the text, and a table read has named
//! rows. The first line of the input doubles as a Go version: the table's
//! defaults for it, and cmd/go's version order, never panic and the order
//! is consistent.
#![no_main]

use std::cmp::Ordering;

use fips_godebug::{gover, Table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.matches('\n').count() + 1;
    match Table::parse("table.go", text) {
        Err(e) => assert!(e.line >= 1 && e.line <= lines, "{e} ({lines} lines)"),
        Ok(table) => {
            assert!(table.all.iter().all(|s| !s.name.is_empty()));
            assert!(table.removed.iter().all(|s| !s.name.is_empty()));
            let version = text.lines().next().unwrap_or("");
            if let Some(defaults) = table.defaults_for(version) {
                for (k, v) in defaults {
                    assert!(
                        table.all.iter().any(|s| s.name == k && s.old == v),
                        "{k}={v}"
                    );
                }
            }
        }
    }
    let mut parts = text.splitn(3, '\n');
    let (a, b) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    assert_eq!(gover::compare(a, a), Ordering::Equal);
    assert_eq!(gover::compare(a, b), gover::compare(b, a).reverse());
    if !gover::is_valid(a) && gover::is_valid(b) {
        assert_eq!(gover::compare(a, b), Ordering::Less);
    }
});
