//! Arbitrary bytes as a Go source: reading its imports with positions and
//! checking them never panics, is deterministic, and every position is in
//! the source and names the file.
#![no_main]

use fips_importcfg::{check_imports, Merge, Package, Source, StdLibrary};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = fips_gotest::decode("f.go", data) {
        if let Ok(specs) = fips_gotest::imports("f.go", source) {
            assert_eq!(fips_gotest::imports("f.go", source).as_ref(), Ok(&specs));
            let lines = source.split('\n').count();
            for spec in specs {
                assert!(spec.pos.line >= 1 && spec.pos.line <= lines, "{spec:?}");
                assert!(spec.pos.col >= 1 && spec.path_pos.col >= 1, "{spec:?}");
                assert!(spec.literal.starts_with(['"', '`']), "{spec:?}");
                assert!(
                    spec.name.is_some() == (spec.pos != spec.path_pos),
                    "{spec:?}"
                );
            }
        }
    }

    let std = StdLibrary::from_paths(["fmt", "internal/cpu", "crypto/internal/fips140"]);
    let mut merge = Merge::new(&std);
    merge.std_importcfg(
        "std",
        b"packagefile fmt=std/fmt.a\npackagefile internal/cpu=std/cpu.a\n",
    );
    merge.fragment(
        "deps",
        b"packagefile example.com/a/internal/b=b.x\npackagefile example.com/tool=tool.x\n",
    );
    let cfg = merge.finish().expect("a good merge");
    let pkg = Package {
        import_path: "example.com/p",
        label: "//p",
        xtest: data.first().is_some_and(|b| b & 1 == 1),
    };
    let sources = [Source {
        name: "p/f.go",
        content: data,
    }];
    let mut program =
        |file: &str| Ok((file == "tool.x").then_some(fips_importcfg::Unimportable::Program));
    let first = check_imports(&pkg, &sources, &cfg, &std, &mut program);
    let second = check_imports(&pkg, &sources, &cfg, &std, &mut program);
    assert_eq!(first, second, "deterministic");
    if let Err(errors) = first {
        assert!(!errors.is_empty());
        for e in errors {
            if let Some(at) = &e.at {
                assert_eq!(at.file, "p/f.go");
                assert!(at.pos.line >= 1 && at.pos.col >= 1, "{e}");
            }
            let _ = e.to_string();
        }
    }
});
