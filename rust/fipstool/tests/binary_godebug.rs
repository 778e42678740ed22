//! The default GODEBUG a binary's runtime uses (`runtime.godebugDefault`)
//! against the build info's `DefaultGODEBUG`, on genuine binaries of the
//! four SDKs: plain builds agree; a link with
//! `-ldflags=-X=runtime.godebugDefault=fips140=off` (the runtime then starts
//! with FIPS mode off while the build info still says on) is caught by
//! inspect, check, attest and policy, with and without a symbol table, on
//! linux/amd64 (exe, PIE, an lld-linked PIE), linux/arm64 (cross-built, read
//! only), darwin/amd64 and windows/amd64; a binary without any default
//! GODEBUG reads as empty; where the variable cannot be located the answer
//! is "unknown" and check fails closed.

mod binary_support;

use std::path::{Path, PathBuf};

use binary_support::*;
use fips_buildinfo::godebug::{runtime_godebug, runtime_godebug_by_pclntab, PointerSource};
use fips_buildinfo::{Method, RuntimeGodebug};

const OFF: &str = "fips140=off";

/// A GOFIPS140 value that turns FIPS mode on: `certified` where the SDK has
/// that alias (go1.26 on), else `latest`.
fn fips_on(sdk: &'static str) -> &'static str {
    if sdk == "go1.24.11" || sdk == "go1.25.5" {
        "latest"
    } else {
        "certified"
    }
}

/// What `fipstool check` must be told for a fixture of `spec`'s
/// configuration: --gofips140, --module, --godebug-fips140.
fn configuration(spec: &Spec) -> [String; 3] {
    [
        spec.recorded_gofips140().unwrap_or("off").to_string(),
        spec.snapshot().unwrap_or("in-tree").to_string(),
        if spec.gofips140 == "off" {
            "none"
        } else {
            "on"
        }
        .to_string(),
    ]
}

fn check(f: &Fixture, extra: &[&str]) -> std::process::Output {
    let [gofips140, module, godebug] = configuration(&f.spec);
    let mut args = vec![
        "check",
        f.path(),
        "--gofips140",
        &gofips140,
        "--module",
        &module,
        "--godebug-fips140",
        &godebug,
    ];
    args.extend_from_slice(extra);
    fipstool(&args)
}

fn data(f: &Fixture) -> Vec<u8> {
    std::fs::read(&f.binary).expect("read fixture")
}

/// The build info's DefaultGODEBUG.
fn recorded(f: &Fixture) -> Option<String> {
    let bi = fips_buildinfo::read(&data(f)).expect("build info");
    bi.setting("DefaultGODEBUG")
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

/// Read the variable, checking how it had to be found: through the
/// pclntab exactly when there is no symbol table, and (amd64, arm64) the
/// same answer through the pclntab when there is one.
fn located(f: &Fixture) -> RuntimeGodebug {
    let name = f.spec.name();
    let bytes = data(f);
    let g = runtime_godebug(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let want = if f.spec.stripped() {
        Method::Pclntab
    } else {
        Method::SymbolTable
    };
    assert_eq!(g.method, want, "{name}: {}", g.describe());
    if !f.spec.stripped() && matches!(f.spec.goarch, "amd64" | "arm64") {
        let p = runtime_godebug_by_pclntab(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (p.address, &p.value, p.pointer),
            (g.address, &g.value, g.pointer),
            "{name}: the pclntab and the symbol table disagree"
        );
        assert!(p.functions.len() >= 2, "{name}: {:?}", p.functions);
    }
    g
}

/// A fixture this machine can run starts with FIPS mode `enabled` (no
/// GODEBUG in the environment: its default decides).
fn assert_runs_with_fips(f: &Fixture, enabled: bool) {
    if !f.spec.runnable() {
        return;
    }
    let run = exec(&mut std::process::Command::new(&f.binary));
    let want = format!("fips140.Enabled={enabled} ok=true ");
    assert!(
        stdout(&run).starts_with(&want),
        "{}: {}",
        f.spec.name(),
        stdout(&run)
    );
}

fn inspect_json(f: &Fixture) -> (i32, serde_json::Value) {
    let out = fipstool(&["inspect", "--json", f.path()]);
    (code(&out), json(&out))
}

/// Plain builds: the variable is what the build info records, on each SDK,
/// linux/amd64 and arm64, with and without a symbol table.
#[test]
fn plain_builds_agree_on_four_sdks() {
    for sdk in SDKS {
        let on = fips_on(sdk);
        let specs = [
            Spec::linux(sdk, on, Mode::Exe),
            Spec::linux(sdk, on, Mode::Stripped),
            Spec::cross(sdk, "linux", "arm64", on),
            Spec::cross(sdk, "linux", "arm64", on).with_strip(),
        ];
        for f in fixtures(&specs) {
            let name = f.spec.name();
            let want = recorded(&f).expect("a DefaultGODEBUG");
            assert!(want.contains("fips140=on"), "{name}: {want}");
            let g = located(&f);
            assert_eq!(String::from_utf8_lossy(&g.value), want, "{name}");
            let (exit, j) = inspect_json(&f);
            assert_eq!(exit, 0, "{name}: {j}");
            let r = &j["fips"]["runtime_default_godebug"];
            assert_eq!(r["verdict"], "match", "{name}: {r}");
            assert_eq!(j["fips"]["godebug_fips140"], "on", "{name}");
            let out = check(&f, &[]);
            assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
            assert_runs_with_fips(&f, true);
        }
    }
}

/// Every override fixture: each SDK on linux/amd64 and arm64, with and
/// without symbols; on go1.26.6 and go1.27.3 also PIE (Go's linker, and lld
/// without a symbol table), darwin/amd64 and windows/amd64.
fn override_specs() -> Vec<Spec> {
    let mut v = Vec::new();
    for sdk in SDKS {
        let on = fips_on(sdk);
        v.push(Spec::linux(sdk, on, Mode::Exe));
        v.push(Spec::linux(sdk, on, Mode::Stripped));
        v.push(Spec::cross(sdk, "linux", "arm64", on));
        v.push(Spec::cross(sdk, "linux", "arm64", on).with_strip());
    }
    for sdk in ["go1.26.6", "go1.27.3"] {
        v.push(Spec::linux(sdk, "certified", Mode::Pie));
        v.push(Spec::linux(sdk, "certified", Mode::Pie).with_strip());
        v.push(Spec::linux(sdk, "certified", Mode::PieLld).with_strip());
        for goos in ["darwin", "windows"] {
            v.push(Spec::cross(sdk, goos, "amd64", "certified"));
            v.push(Spec::cross(sdk, goos, "amd64", "certified").with_strip());
        }
    }
    v.into_iter().map(|s| s.with_x_godebug(OFF)).collect()
}

#[test]
fn an_x_override_is_caught_by_inspect_and_check() {
    for f in fixtures(&override_specs()) {
        let name = f.spec.name();
        // The build info still claims FIPS mode on.
        let claimed = recorded(&f).expect("a DefaultGODEBUG");
        assert!(claimed.contains("fips140=on"), "{name}: {claimed}");
        let g = located(&f);
        assert_eq!(g.value, OFF.as_bytes(), "{name}: {}", g.describe());
        match f.spec.mode {
            Mode::Pie => assert_eq!(g.pointer, PointerSource::Relocated, "{name}"),
            Mode::PieLld => assert_eq!(g.pointer, PointerSource::RelocationOnly, "{name}"),
            _ => assert_eq!(g.pointer, PointerSource::File, "{name}"),
        }

        // inspect: the report, then exit 1.
        let (exit, j) = inspect_json(&f);
        assert_eq!(exit, 1, "{name}: {j}");
        assert_eq!(j["ok"], false, "{name}");
        let fips = &j["fips"];
        let r = &fips["runtime_default_godebug"];
        assert_eq!(r["verdict"], "mismatch", "{name}: {r}");
        assert_eq!(r["value"], OFF, "{name}");
        let method = if f.spec.stripped() {
            "pclntab"
        } else {
            "symbol-table"
        };
        assert_eq!(r["method"], method, "{name}");
        assert_eq!(fips["default_godebug"], claimed.as_str(), "{name}");
        assert_eq!(fips["godebug_fips140"], "off", "{name}");
        assert_eq!(fips["mode_default"], "off", "{name}");
        let text = fipstool(&["inspect", f.path()]);
        assert_eq!(code(&text), 1, "{name}");
        let mismatch = format!(
            "default GODEBUG: the runtime uses \"fips140=off\" (runtime.godebugDefault) but the \
             build info records {claimed:?} (DefaultGODEBUG): the binary was linked with an -X \
             override of runtime.godebugDefault"
        );
        assert!(
            stderr(&text).contains(&mismatch),
            "{name}: {}",
            stderr(&text)
        );
        assert!(
            stdout(&text).contains("\tdefault fips140\toff (runtime.godebugDefault)\n"),
            "{name}: {}",
            stdout(&text)
        );

        // check, with the configuration the build claims.
        let out = check(&f, &[]);
        assert_eq!(code(&out), 1, "{name}: {}", stdout(&out));
        assert_has(
            &stderr(&out),
            &[
                &mismatch,
                "default GODEBUG fips140: found off, expected on (from runtime.godebugDefault)",
                "(fips140 \"off\", FIPS mode off by default)",
            ],
        );

        // The runtime does start with FIPS mode off.
        assert_runs_with_fips(&f, false);
    }
}

/// A file in a scratch directory.
fn scratch_file(tag: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("godebug-files")
        .join(format!("{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join("default_godebug.txt");
    std::fs::write(&path, text).expect("write");
    path
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `check` of `f` with `--default-godebug` a file holding `text`: the exit
/// code and stderr.
fn check_with_file(f: &Fixture, tag: &str, text: &str) -> (i32, String) {
    let file = scratch_file(tag, text);
    let out = check(f, &["--default-godebug", path_str(&file)]);
    (code(&out), stderr(&out))
}

/// Every one of `needles` is in `text`.
fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "missing {n:?} in:\n{text}");
    }
}

#[test]
fn check_default_godebug_file() {
    let plain = fixture(&Spec::linux(FULL, "certified", Mode::Exe));
    let built = recorded(&plain).expect("DefaultGODEBUG");
    for (tag, text) in [("nl", format!("{built}\n")), ("no-nl", built.clone())] {
        let file = scratch_file(tag, &text);
        let out = check(&plain, &["--default-godebug", path_str(&file)]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_has(
            &stdout(&out),
            &["default GODEBUG as built (runtime.godebugDefault, symbol-table)"],
        );
    }

    // Another expectation: each of the two is named, with the file.
    let (exit, err) = check_with_file(&plain, "other", "fips140=on\n");
    assert_eq!(exit, 1);
    assert_has(
        &err,
        &[
            &format!(
                "DefaultGODEBUG in the build info: found {built:?}, expected \"fips140=on\" ("
            ),
            &format!("runtime.godebugDefault: found {built:?}, expected \"fips140=on\" ("),
            "/default_godebug.txt)",
        ],
    );

    // An empty file: no DefaultGODEBUG at all.
    let (exit, err) = check_with_file(&plain, "empty", "");
    assert_eq!(exit, 1);
    assert_has(
        &err,
        &[&format!(
            "DefaultGODEBUG in the build info: found {built:?}, expected none"
        )],
    );

    // The override: the build info is as built, the runtime is not.
    let over = fixture(&Spec::linux(FULL, "certified", Mode::Exe).with_x_godebug(OFF));
    let (exit, err) = check_with_file(&over, "over", &format!("{built}\n"));
    assert_eq!(exit, 1);
    assert!(!err.contains("DefaultGODEBUG in the build info"), "{err}");
    assert_has(
        &err,
        &[&format!(
            "runtime.godebugDefault: found \"fips140=off\", expected {built:?}"
        )],
    );

    // Bad files are bad input.
    let (exit, err) = check_with_file(&plain, "two", "a=1\nb=2\n");
    assert_eq!(exit, 2, "{err}");
    assert_has(&err, &["more than one line"]);
    let out = check(&plain, &["--default-godebug", "/nonexistent/godebug.txt"]);
    assert_eq!(code(&out), 2);
}

/// GOFIPS140=off and a go.mod `go` line of the SDK's own version: go build
/// records no DefaultGODEBUG and the variable is empty; an empty
/// `--default-godebug` file matches.
#[test]
fn no_default_godebug_at_all() {
    let empty = scratch_file("none", "");
    for sdk in SDKS {
        let own = sdk
            .trim_start_matches("go")
            .rsplit_once('.')
            .map(|(minor, _)| minor)
            .expect("version");
        let f = fixture(&Spec::linux(sdk, "off", Mode::Exe).with_go_line(own));
        let name = f.spec.name();
        assert_eq!(recorded(&f), None, "{name}");
        assert_eq!(located(&f).value, b"", "{name}");
        let (exit, j) = inspect_json(&f);
        assert_eq!(exit, 0, "{name}: {j}");
        let r = &j["fips"]["runtime_default_godebug"];
        assert_eq!((&r["verdict"], &r["value"]), (&"match".into(), &"".into()));
        assert_eq!(j["fips"]["default_godebug"], serde_json::Value::Null);
        assert_eq!(j["fips"]["godebug_fips140"], serde_json::Value::Null);
        let out = check(&f, &["--default-godebug", path_str(&empty)]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
    }
}

/// Without a symbol table on an architecture without a decoder (386), the
/// value is unknown: inspect says so and falls back, unverified, to the
/// build info; check fails closed.
#[test]
fn unknown_is_said_and_check_fails_closed() {
    let f = fixture(&Spec::cross(FULL, "linux", "386", "inprocess").with_strip());
    let (exit, j) = inspect_json(&f);
    assert_eq!(exit, 0, "{j}");
    let r = &j["fips"]["runtime_default_godebug"];
    assert_eq!(r["verdict"], "unknown", "{r}");
    assert_eq!(r["value"], serde_json::Value::Null);
    let detail = r["detail"].as_str().expect("detail");
    assert!(
        detail.starts_with("cannot read runtime.godebugDefault: no symbol table, and finding it without symbols is supported on amd64 and arm64, not 386"),
        "{detail}"
    );
    assert_eq!(j["fips"]["godebug_fips140"], "on");
    let text = stdout(&fipstool(&["inspect", f.path()]));
    assert_has(
        &text,
        &["\tdefault fips140\ton (DefaultGODEBUG, unverified)\n"],
    );
    let out = check(&f, &[]);
    assert_eq!(code(&out), 1);
    assert_has(
        &stderr(&out),
        &["default GODEBUG: cannot read runtime.godebugDefault"],
    );
}

/// attest records the runtime's value and the FIPS mode it gives; a policy
/// that allows only FIPS mode on refuses the override.
#[test]
fn attest_and_policy_use_the_runtime_value() {
    let f = fixture(&Spec::linux(FULL, "certified", Mode::Exe).with_x_godebug(OFF));
    let out_file = scratch_file("attest", "").with_file_name("a.json");
    let out = fipstool(&[
        "attest",
        "--binary",
        f.path(),
        "--target",
        "//x:x",
        "--sdk-version",
        "1.26.6",
        "--requested-version",
        "certified",
        "--out",
        path_str(&out_file),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).expect("read")).expect("JSON");
    let fips = &a["fips"];
    assert_eq!(fips["runtime_default_godebug"], OFF);
    assert!(fips["default_godebug"]
        .as_str()
        .is_some_and(|d| d.contains("fips140=on")));
    assert_eq!(fips["godebug_fips140"], "off");
    assert_eq!(fips["enabled"], false);

    let policy = scratch_file("policy", "schema = 1\n[modes]\nallow = [\"on\"]\n");
    let index = concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots/index.toml");
    let out = fipstool(&[
        "policy",
        "check",
        "--policy",
        path_str(&policy),
        "--index",
        index,
        f.path(),
    ]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    assert!(
        (stdout(&out) + &stderr(&out)).contains("modes.allow"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}
