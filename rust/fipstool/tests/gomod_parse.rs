//! `fipstool gomod parse`: the JSON document the module extension reads,
//! and modfile's messages with exit code 2.

use std::process::{Command, Output};

fn fipstool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args(args)
        .output()
        .expect("run fipstool")
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn prints_go_mod_and_go_sum_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let go_mod = write(
        dir.path(),
        "go.mod",
        "module example.com/app\n\ngo 1.23\n\nrequire (\n\tgolang.org/x/text v0.3.0 // indirect\n\tgithub.com/nats-io/nats.go v1.37.0\n)\n\nreplace golang.org/x/text => ./third_party/text\n",
    );
    let go_sum = write(
        dir.path(),
        "go.sum",
        "golang.org/x/text v0.3.0 h1:AAA=\ngolang.org/x/text v0.3.0/go.mod h1:BBB=\n",
    );
    let out = fipstool(&["gomod", "parse", "--go-mod", &go_mod, "--go-sum", &go_sum]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = serde_json::json!({
        "module": "example.com/app",
        "deprecated": null,
        "go": "1.23",
        "toolchain": null,
        "godebug": [],
        "require": [
            {"path": "golang.org/x/text", "version": "v0.3.0", "indirect": true},
            {"path": "github.com/nats-io/nats.go", "version": "v1.37.0", "indirect": false}
        ],
        "exclude": [],
        "replace": [{
            "old_path": "golang.org/x/text", "old_version": null,
            "new_path": "./third_party/text", "new_version": null, "local": true
        }],
        "retract": [],
        "tool": [],
        "ignore": [],
        "sums": {"golang.org/x/text@v0.3.0": "h1:AAA="},
        "gomod_sums": {"golang.org/x/text@v0.3.0": "h1:BBB="}
    });
    assert_eq!(v, want);
    // Without --go-sum there are no sum fields; --lax drops replace.
    let out = fipstool(&["gomod", "parse", "--go-mod", &go_mod, "--lax"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("sums").is_none() && v.get("gomod_sums").is_none());
    assert_eq!(v["replace"], serde_json::json!([]));
}

#[test]
fn errors_exit_2_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let go_mod = write(
        dir.path(),
        "go.mod",
        "module m\n\nrequire (\n\tx.com/a/v2 v1.0.0\n)\n",
    );
    let out = fipstool(&["gomod", "parse", "--go-mod", &go_mod]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("fipstool: {go_mod}:4:2: require x.com/a/v2: version \"v1.0.0\" invalid: should be v2, not v1\n")
    );
    let good = write(dir.path(), "ok.mod", "module m\n");
    let go_sum = write(
        dir.path(),
        "go.sum",
        "x.com/a v1.0.0 h1:x\nx.com/a v1.0.0\n",
    );
    let out = fipstool(&["gomod", "parse", "--go-mod", &good, "--go-sum", &go_sum]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("fipstool: malformed go.sum:\n{go_sum}:2: wrong number of fields 2\n")
    );
    let out = fipstool(&[
        "gomod",
        "parse",
        "--go-mod",
        &dir.path().join("nope").display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}
