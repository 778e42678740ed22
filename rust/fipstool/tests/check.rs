//! `fipstool check`: the validation every Go binary of the rules passes.
//! It must accept each genuine fixture for the configuration it was built
//! with, and refuse it for any other.

mod binary_support;

use binary_support::*;

fn expectation(spec: &Spec) -> (String, String, String) {
    let gofips140 = spec.recorded_gofips140().unwrap_or("off").to_string();
    let module = spec.snapshot().unwrap_or("in-tree").to_string();
    let godebug = if spec.gofips140 == "off" {
        "none"
    } else {
        "on"
    }
    .to_string();
    (gofips140, module, godebug)
}

fn check(file: &str, gofips140: &str, module: &str, godebug: &str) -> std::process::Output {
    fipstool(&[
        "check",
        file,
        "--gofips140",
        gofips140,
        "--module",
        module,
        "--godebug-fips140",
        godebug,
    ])
}

fn linux_exe_fixtures() -> Vec<Fixture> {
    let specs: Vec<Spec> = matrix()
        .into_iter()
        .filter(|s| s.goos == "linux" && s.goarch == "amd64" && s.mode == Mode::Exe)
        .collect();
    fixtures(&specs)
}

#[test]
fn accepts_each_fixture_for_its_own_configuration() {
    for f in linux_exe_fixtures() {
        let (gofips140, module, godebug) = expectation(&f.spec);
        let out = check(f.path(), &gofips140, &module, &godebug);
        assert_eq!(
            code(&out),
            0,
            "{}: {}{}",
            f.spec.name(),
            stdout(&out),
            stderr(&out)
        );
        assert!(stdout(&out).contains("(fips-verified)"), "{}", stdout(&out));
    }
}

#[test]
fn refuses_another_configuration_naming_each_difference() {
    for f in linux_exe_fixtures() {
        if f.spec.gofips140 != "certified" {
            continue;
        }
        let out = check(f.path(), "latest", "in-tree", "none");
        assert_eq!(code(&out), 1, "{}: {}", f.spec.name(), stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("build info GOFIPS140: found v1.0.0-c2097c7c, expected latest"),
            "{err}"
        );
        assert!(
            err.contains(
                "FIPS module in the symbol table: found v1.0.0-c2097c7c, expected in-tree"
            ),
            "{err}"
        );
        assert!(
            err.contains("default GODEBUG fips140: found on, expected none"),
            "{err}"
        );
    }
}

#[test]
fn refuses_a_tampered_binary() {
    let spec = Spec::linux(FULL, "certified", Mode::Exe);
    let f = fixture(&spec);
    let copy = f.scratch_copy("check-tampered");
    let (_, start, _) = elf_symbol_file_range(&copy, |name| {
        name.starts_with("crypto/internal/fips140/v1.0.0-c2097c7c/sha256.")
    })
    .expect("a FIPS sha256 function in the symbol table");
    let mut data = std::fs::read(&copy).unwrap();
    data[start as usize + 1] ^= 0xff;
    std::fs::write(&copy, &data).unwrap();
    let (gofips140, module, godebug) = expectation(&spec);
    let out = check(copy.to_str().unwrap(), &gofips140, &module, &godebug);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("integrity: integrity-mismatch"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_input_exits_2() {
    let out = check("/nonexistent/binary", "off", "in-tree", "none");
    assert_eq!(code(&out), 2);
}
