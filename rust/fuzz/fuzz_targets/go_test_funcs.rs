//! Arbitrary bytes as a Go test file: scanning it for tests, benchmarks,
//! fuzz targets and examples never panics and is deterministic, and a test
//! main made from it registers exactly what the file has.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = fips_gotest::decode("fuzz_test.go", data) else {
        return;
    };
    let funcs = fips_gotest::test_funcs("fuzz_test.go", source);
    let again = fips_gotest::test_funcs("fuzz_test.go", source);
    assert_eq!(funcs, again, "deterministic");
    if let Err(e) = &funcs {
        assert!(e.to_string().starts_with("fuzz_test.go:"), "{e}");
    }

    let file = vec![("fuzz_test.go".to_string(), source.to_string())];
    let internal = fips_gotest::testmain("example.com/p", &file, &[]);
    let external = fips_gotest::testmain("example.com/p", &[], &file);
    let (Ok(funcs), Ok(internal), Ok(external)) = (funcs, internal, external) else {
        return;
    };
    for (main, alias) in [(&internal, "_test"), (&external, "_xtest")] {
        for name in funcs
            .tests
            .iter()
            .chain(&funcs.benchmarks)
            .chain(&funcs.fuzz_targets)
        {
            assert!(
                main.contains(&format!("\t{{\"{name}\", {alias}.{name}}},\n")),
                "{name}"
            );
        }
        // Names may repeat (the compiler, not the scanner, rejects that).
        for e in &funcs.examples {
            let registered = main.matches(&format!(", {alias}.{},", e.name)).count();
            let run = funcs
                .examples
                .iter()
                .filter(|x| x.name == e.name && x.output.is_some())
                .count();
            assert_eq!(registered, run, "{}", e.name);
        }
        assert_eq!(
            main.contains(&format!("\t{alias}.TestMain(m)\n")),
            funcs.test_main.is_some()
        );
    }
});
