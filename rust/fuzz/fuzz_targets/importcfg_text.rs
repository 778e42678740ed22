//! Arbitrary bytes as importcfg text: the parser never panics, what it
//! reads is written back to the same directives, and merged as a
//! dependency's fragment it never yields an importcfg in which a
//! standard-library path maps to another file or a path appears twice.
#![no_main]

use std::collections::BTreeSet;

use fips_importcfg::{parse, write, Consumer, Directive, Merge, StdLibrary};
use libfuzzer_sys::fuzz_target;

const STD_CFG: &str = "packagefile fmt=std/fmt.a\npackagefile crypto/sha256=std/crypto/sha256.a\n\
                       packagefile crypto/internal/fips140/v1.0.0-c2097c7c=std/crypto/internal/fips140/v1.0.0-c2097c7c.a\n";

fuzz_target!(|data: &[u8]| {
    if let Ok(lines) = parse("f", data) {
        let directives: Vec<Directive> = lines.into_iter().map(|l| l.directive).collect();
        let text = write(&directives).expect("what reads is writable");
        let again: Vec<Directive> = parse("g", text.as_bytes())
            .expect("written text reads")
            .into_iter()
            .map(|l| l.directive)
            .collect();
        assert_eq!(again, directives);
    }

    let std = StdLibrary::from_paths([
        "fmt",
        "crypto/sha256",
        "crypto/internal/fips140/v1.0.0-c2097c7c",
        "internal/cpu",
    ]);
    let mut merge = Merge::new(&std);
    // The fragment before and after the standard library's lines.
    let (first, second) = data.split_at(data.len() / 2);
    merge.fragment("d1", first);
    merge.std_importcfg("std", STD_CFG.as_bytes());
    merge.fragment("d2", second);
    let Ok(cfg) = merge.finish() else {
        return;
    };
    for consumer in [Consumer::Compiler, Consumer::Linker] {
        let text = cfg
            .render(consumer)
            .expect("a merged importcfg is writable");
        let mut seen = BTreeSet::new();
        for line in parse("out", text.as_bytes()).expect("it reads") {
            let (path, file) = match line.directive {
                Directive::PackageFile { path, file } => (path, Some(file)),
                Directive::ImportMap { path, .. } => (path, None),
                other => panic!("{other:?} written"),
            };
            assert!(seen.insert(path.clone()), "{path} twice");
            if std.reserved(&path).is_some() {
                assert_eq!(file, Some(format!("std/{path}.a")), "{path}");
            }
        }
    }
});
