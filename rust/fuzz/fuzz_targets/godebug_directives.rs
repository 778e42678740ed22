//! Arbitrary bytes as a Go file's header: finding its `//go:` comments,
//! checking them as one package's `//go:debug` directives and computing a
//! default GODEBUG never panic. Every comment found starts with `//go:`,
//! is one line with its carriage returns removed and sits at a position
//! inside the text; every accepted setting has a key and fits on a line of
//! the directives list, which reads back the same; the default GODEBUG is
//! sorted `k=v` pairs.
#![no_main]

use fips_godebug::{default_godebug, directives, lines, Checker, Fips, FipsMode, Table};
use libfuzzer_sys::fuzz_target;

const TABLE: &str = "var All = []Info{\n\
    {Name: \"fips140\", Package: \"crypto/fips140\"},\n\
    {Name: \"panicnil\", Package: \"runtime\", Changed: 21, Old: \"1\"},\n\
    {Name: \"zipinsecurepath\", Package: \"archive/zip\"},\n}\n\
    var Removed = []RemovedInfo{\n\
    {Name: \"x509sha1\", Removed: 24, Old: func(s string) bool { return s == \"1\" }},\n}\n";

fuzz_target!(|data: &[u8]| {
    let table = Table::parse("table.go", TABLE).expect("the fixed table parses");
    let found = directives("f.go", data);
    let lines_in = data.iter().filter(|&&b| b == b'\n').count() + 1;
    for d in &found {
        assert!(d.text.starts_with("//go:"), "{d:?}");
        assert!(!d.text.contains(['\n', '\r']), "{d:?}");
        assert!(
            d.pos.line >= 1 && d.pos.line <= lines_in && d.pos.col >= 1,
            "{d:?}"
        );
    }
    let checker = Checker {
        table: &table,
        toolchain: "1.26.6",
    };
    let checked = checker.check_package(&found);
    for a in &checked.settings {
        assert!(!a.key.is_empty(), "{a:?}");
        assert!(
            !a.key.contains([' ', '\t', ',', '=']) && !a.value.contains([' ', '\t', ',']),
            "{a:?}"
        );
    }
    for e in &checked.errors {
        assert!(e.starts_with("f.go:"), "{e}");
    }
    let text = lines::render(&checked.settings).expect("accepted settings fit on a line");
    assert_eq!(
        lines::parse("d", &text).expect("reads back"),
        checked.settings
    );
    let fips = Fips {
        enabled: data.len() % 2 == 0,
        mode: FipsMode::Auto,
        mode_origin: "",
    };
    let godebug = default_godebug(&table, "1.20", &fips, &checked.settings);
    let keys: Vec<&str> = godebug
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').expect("k=v").0)
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{godebug}");
    let _ = fips.contradictions(&checked.settings);
});
