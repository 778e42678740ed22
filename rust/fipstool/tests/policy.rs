//! `fipstool policy`: an organisation's FIPS policy checked against genuine
//! Go binaries built with the test bed's SDKs (the fixtures of the binary_*
//! tests), with the repository's pinned index.

mod binary_support;

use std::path::{Path, PathBuf};

use binary_support::*;

fn index() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots/index.toml").to_string()
}

fn example() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/fips_policy.toml"
    )
    .to_string()
}

/// A policy file in a fresh directory.
struct PolicyFile {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl PolicyFile {
    fn new(text: &str) -> PolicyFile {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("fips_policy.toml");
        std::fs::write(&path, text).expect("write policy");
        PolicyFile { dir, path }
    }

    fn path(&self) -> &str {
        self.path.to_str().expect("UTF-8 path")
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn fixture_of(sdk: &'static str, gofips140: &'static str) -> Fixture {
    fixture(&Spec::linux(sdk, gofips140, Mode::Exe))
}

/// `fipstool policy check --policy P --index INDEX EXTRA...`
fn check(policy: &str, extra: &[&str]) -> std::process::Output {
    let index = index();
    let mut args = vec!["policy", "check", "--policy", policy, "--index", &index];
    args.extend_from_slice(extra);
    fipstool(&args)
}

fn assert_exit(out: &std::process::Output, want: i32) {
    assert_eq!(
        code(out),
        want,
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

const ALLOW_CERTIFIED: &str = "schema = 1\n[versions]\nallow = [\"certified\"]\n";
const ALLOW_LATEST: &str = "schema = 1\n[versions]\nallow = [\"latest\"]\n";

#[test]
fn a_certified_binary_passes_certified_and_fails_latest() {
    let bin = fixture_of(FULL, "certified");
    let p = PolicyFile::new(ALLOW_CERTIFIED);
    let out = check(p.path(), &[bin.path()]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out), format!("policy pass: {}\n", bin.path()));
    assert_eq!(stderr(&out), "");

    let p = PolicyFile::new(ALLOW_LATEST);
    let out = check(p.path(), &[bin.path()]);
    assert_exit(&out, 1);
    assert_eq!(
        stderr(&out),
        format!(
            "policy violation: {bin}: versions.allow ({policy}:3:1): GOFIPS140 is v1.0.0-c2097c7c (certified in the index); allowed: latest\n\
             fipstool: 1 of 1 binary violates the policy {policy}\n",
            bin = bin.path(),
            policy = p.path()
        )
    );
    assert_eq!(
        stdout(&out),
        format!("policy fail: {}: 1 violation\n", bin.path())
    );
}

#[test]
fn certified_and_inprocess_follow_the_index() {
    // go1.25.5's inprocess resolves to v1.0.0-c2097c7c, which the index
    // lists as certified: "certified" allows it, "inprocess" does not
    // (unless the build says it asked for inprocess).
    let old = fixture_of("go1.25.5", "inprocess");
    let certified = PolicyFile::new(ALLOW_CERTIFIED);
    assert_exit(&check(certified.path(), &[old.path()]), 0);
    let inprocess = PolicyFile::new("schema = 1\nversions.allow = [\"inprocess\"]\n");
    let out = check(inprocess.path(), &[old.path()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out)
            .contains("GOFIPS140 is v1.0.0-c2097c7c (certified in the index); allowed: inprocess"),
        "{}",
        stderr(&out)
    );
    let out = check(
        inprocess.path(),
        &["--requested-version", "inprocess", old.path()],
    );
    assert_exit(&out, 0);

    // go1.26.6's inprocess is v1.26.0, in process in the index.
    let new = fixture_of(FULL, "inprocess");
    assert_exit(&check(inprocess.path(), &[new.path()]), 0);
    assert_exit(&check(certified.path(), &[new.path()]), 1);
    let min = PolicyFile::new("schema = 1\n\n[versions]\nmin_status = \"certified\"\n");
    let out = check(min.path(), &[new.path()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains(&format!(
            "versions.min_status ({}:4:1): snapshot v1.26.0 is in_process in the index; required: certified",
            min.path()
        )),
        "{}",
        stderr(&out)
    );
    let min = PolicyFile::new("schema = 1\nversions.min_status = \"in_process\"\n");
    assert_exit(&check(min.path(), &[new.path()]), 0);
    assert_exit(&check(min.path(), &[fixture_of(FULL, "latest").path()]), 1);
}

#[test]
fn an_off_binary_fails_modes_on() {
    let p = PolicyFile::new("schema = 1\n[modes]\nallow = [\"on\"]\n");
    let off = fixture_of(FULL, "off");
    let out = check(p.path(), &[off.path()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains(&format!(
            "policy violation: {}: modes.allow ({}:3:1): the default GODEBUG sets no fips140 (off); allowed: on\n",
            off.path(),
            p.path()
        )),
        "{}",
        stderr(&out)
    );
    assert_exit(&check(p.path(), &[fixture_of(FULL, "latest").path()]), 0);
}

const EXEMPT: &str = r#"schema = 1
[modes]
allow = ["on"]

[[exemption]]
targets = ["//legacy/...", "//tools:gen"]
rules = ["modes.allow"]
reason = "Retired in Q3, ticket SEC-123"
"#;

#[test]
fn an_exemption_turns_a_fail_into_exempt() {
    let p = PolicyFile::new(EXEMPT);
    let off = fixture_of(FULL, "off");
    // Bazel's str(Label) spells the main repository @@.
    for target in ["//legacy/tool:tool", "@@//legacy/tool", "//tools:gen"] {
        let out = check(p.path(), &["--target", target, off.path()]);
        assert_exit(&out, 0);
        assert_eq!(
            stderr(&out),
            format!(
                "policy exemption: {target}: modes.allow waived by {}:5: Retired in Q3, ticket SEC-123\n",
                p.path()
            )
        );
        assert_eq!(
            stdout(&out),
            format!(
                "policy exempt: {target} ({}): 1 violation waived\n",
                off.path()
            )
        );
    }
    // Another target, or none: no exemption.
    for extra in [&["--target", "//app:server"][..], &[]] {
        let mut args = extra.to_vec();
        args.push(off.path());
        let out = check(p.path(), &args);
        assert_exit(&out, 1);
        assert!(
            !stderr(&out).contains("policy exemption"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn json_lists_every_binary_and_out_is_written_on_failure() {
    let p = PolicyFile::new(EXEMPT);
    let off = fixture_of(FULL, "off");
    let certified = fixture_of(FULL, "certified");
    let latest = fixture_of(FULL, "latest");
    let out_file = p.out("result.json");
    let out_str = out_file.to_str().expect("UTF-8");
    let out = check(
        p.path(),
        &[
            "--json",
            "--out",
            out_str,
            "--target",
            "//legacy:old",
            "--target",
            "//app:server",
            "--target",
            "//app:client",
            off.path(),
            certified.path(),
            off.path(),
        ],
    );
    assert_exit(&out, 1);
    assert_eq!(stdout(&out), "", "--out replaces stdout");
    assert!(
        stderr(&out).ends_with(&format!(
            "fipstool: 1 of 3 binaries violates the policy {}\n",
            p.path()
        )),
        "{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(&out_file).expect("--out written");
    let result: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        result,
        serde_json::json!({
            "schema_version": 1,
            "ok": false,
            "policy": p.path(),
            "results": [
                {
                    "binary": off.path(),
                    "target": "//legacy:old",
                    "verdict": "exempt",
                    "violations": [],
                    "exemptions": [{
                        "rule": "modes.allow",
                        "line": 5,
                        "reason": "Retired in Q3, ticket SEC-123",
                        "pattern": "//legacy/...",
                        "waived": {
                            "rule": "modes.allow",
                            "line": 3,
                            "column": 1,
                            "message": "the default GODEBUG sets no fips140 (off); allowed: on",
                        },
                    }],
                },
                {
                    "binary": certified.path(),
                    "target": "//app:server",
                    "verdict": "pass",
                    "violations": [],
                    "exemptions": [],
                },
                {
                    "binary": off.path(),
                    "target": "//app:client",
                    "verdict": "fail",
                    "violations": [{
                        "rule": "modes.allow",
                        "line": 3,
                        "column": 1,
                        "message": "the default GODEBUG sets no fips140 (off); allowed: on",
                    }],
                    "exemptions": [],
                },
            ],
        })
    );
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(p.dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // JSON on stdout, and a passing run.
    let out = check(p.path(), &["--json", latest.path()]);
    assert_exit(&out, 0);
    let v = json(&out);
    assert_eq!(v["ok"], true);
    assert_eq!(v["results"][0]["target"], serde_json::Value::Null);
    assert_eq!(v["results"][0]["verdict"], "pass");

    // Text to --out: violations, exemptions, then the verdicts.
    let text_out = p.out("result.txt");
    let out = check(
        p.path(),
        &[
            "--out",
            text_out.to_str().expect("UTF-8"),
            "--target",
            "//legacy:old",
            "--target",
            "//app:client",
            off.path(),
            off.path(),
        ],
    );
    assert_exit(&out, 1);
    assert_eq!(stdout(&out), "");
    let text = std::fs::read_to_string(&text_out).expect("--out written");
    assert_eq!(
        text,
        format!(
            "policy exemption: //legacy:old: modes.allow waived by {p}:5: Retired in Q3, ticket SEC-123\n\
             policy violation: //app:client: modes.allow ({p}:3:1): the default GODEBUG sets no fips140 (off); allowed: on\n\
             policy exempt: //legacy:old ({b}): 1 violation waived\n\
             policy fail: //app:client ({b}): 1 violation\n",
            p = p.path(),
            b = off.path()
        )
    );
}

#[test]
fn platforms_sdk_and_tags_come_from_the_build_information() {
    let windows = fixture(&Spec::cross(FULL, "windows", "amd64", "certified"));
    let linux = fixture_of(FULL, "certified");
    let platforms =
        PolicyFile::new("schema = 1\nplatforms.allow = [\"linux/amd64\", \"linux/arm64\"]\n");
    assert_exit(&check(platforms.path(), &[linux.path()]), 0);
    let out = check(platforms.path(), &[windows.path()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("platforms.allow")
            && stderr(&out)
                .contains("platform is windows/amd64; allowed: linux/amd64, linux/arm64"),
        "{}",
        stderr(&out)
    );

    let sdk = PolicyFile::new("schema = 1\n[sdk]\nmin = \"1.26.0\"\nmax = \"1.26\"\n");
    assert_exit(&check(sdk.path(), &[linux.path()]), 0);
    let out = check(sdk.path(), &[fixture_of("go1.27.3", "certified").path()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains(&format!(
            "sdk.max ({}:4:1): built with go1.27.3; required: at most 1.26 (any 1.26.x)",
            sdk.path()
        )),
        "{}",
        stderr(&out)
    );
    let out = check(sdk.path(), &[fixture_of("go1.24.11", "off").path()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("sdk.min")
            && stderr(&out).contains("built with go1.24.11; required: at least 1.26.0"),
        "{}",
        stderr(&out)
    );

    // go build records the FIPS module's tag in -tags.
    let tags = PolicyFile::new("schema = 1\nbuild.forbid_tags = [\"purego\", \"fips140v1.0\"]\n");
    let out = check(tags.path(), &[linux.path()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("built with forbidden build tag(s) fips140v1.0 (-tags=fips140v1.0)"),
        "{}",
        stderr(&out)
    );
    let experiments =
        PolicyFile::new("schema = 1\nbuild.forbid_experiments = [\"boringcrypto\"]\n");
    assert_exit(&check(experiments.path(), &[linux.path()]), 0);
}

#[test]
fn the_example_policy() {
    let example = example();
    let certified = fixture_of(FULL, "certified");
    let out = check(&example, &[certified.path()]);
    assert_exit(&out, 0);
    let off = fixture_of(FULL, "off");
    let out = check(&example, &[off.path()]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    for rule in ["versions.allow", "versions.min_status", "modes.allow"] {
        assert!(err.contains(&format!(": {rule} (")), "{rule}: {err}");
    }
    // The developer tool's exemption waives every rule.
    let out = check(&example, &["--target", "//cmd/devtool", off.path()]);
    assert_exit(&out, 0);
    assert_eq!(
        stderr(&out)
            .matches("policy exemption: //cmd/devtool: ")
            .count(),
        3
    );
    assert!(stderr(&out).contains("Developer tool, never shipped; ticket SEC-140"));

    let out = fipstool(&["policy", "validate", "--policy", &example]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("valid policy (schema 1; rules: versions.allow"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_input_exits_2() {
    let bin = fixture_of(FULL, "certified");
    let good = PolicyFile::new(ALLOW_CERTIFIED);

    // A malformed policy: every error with FILE:LINE:COL, nothing checked.
    let bad = PolicyFile::new("schema = 1\n[versions]\nallow = [\"certfied\"]\n[mode]\n");
    let out = check(bad.path(), &[bin.path()]);
    assert_exit(&out, 2);
    assert_eq!(
        stderr(&out),
        format!(
            "{p}:3:10: \"certfied\" is not a GOFIPS140 value: expected off, latest, inprocess, certified, or a snapshot version (v1.Y.Z, v1.Y.Z-rcN or v1.Y.Z- followed by 8 letters or digits)\n\
             {p}:4:2: unknown key `mode` in the top level (expected schema, versions, modes, build, platforms, sdk, crypto, exemption)\n\
             fipstool: {p}: invalid policy (2 errors)\n",
            p = bad.path()
        )
    );
    assert_eq!(stdout(&out), "");
    let out = check(bad.path(), &["--json", bin.path()]);
    assert_exit(&out, 2);
    let v = json(&out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["kind"], "policy");
    assert_eq!(v["error"]["errors"][0]["line"], 3);
    assert_eq!(v["error"]["errors"][0]["column"], 10);
    assert_eq!(v["error"]["errors"][1]["line"], 4);

    let out = fipstool(&["policy", "validate", "--policy", bad.path()]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains(&format!("{}:4:2: unknown key `mode`", bad.path())));
    let out = fipstool(&["policy", "validate", "--policy", good.path()]);
    assert_exit(&out, 0);

    let missing = good.out("missing");
    let missing = missing.to_str().expect("UTF-8");
    let cases: Vec<(Vec<&str>, String, &str)> = vec![
        // Unreadable binary, and a file that is no Go binary.
        (vec![missing], good.path().to_string(), "cannot read"),
        (
            vec![good.path()],
            good.path().to_string(),
            "not a Go binary with build information",
        ),
        // Unreadable policy.
        (vec![bin.path()], missing.to_string(), "cannot read policy"),
        // Bad labels and flag counts.
        (
            vec!["--target", "legacy:x", bin.path()],
            good.path().to_string(),
            "is not a Bazel label",
        ),
        (
            vec!["--target", "//a:b", bin.path(), bin.path()],
            good.path().to_string(),
            "--target is given 1 time for 2 binaries",
        ),
        (
            vec!["--requested-version", "v2", bin.path()],
            good.path().to_string(),
            "is not a GOFIPS140 value",
        ),
    ];
    for (extra, policy, want) in cases {
        let out = check(&policy, &extra);
        assert_exit(&out, 2);
        assert!(stderr(&out).contains(want), "{extra:?}: {}", stderr(&out));
    }
    // A bad index.
    let out = fipstool(&[
        "policy",
        "check",
        "--policy",
        good.path(),
        "--index",
        good.path(),
        bin.path(),
    ]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("cannot use the index"),
        "{}",
        stderr(&out)
    );
    // An empty --requested-version is "not known" (what a build passes when
    // it has none).
    assert_exit(
        &check(good.path(), &["--requested-version", "", bin.path()]),
        0,
    );
    // The --json form of bad input.
    let out = check(good.path(), &["--json", missing]);
    assert_exit(&out, 2);
    assert_eq!(json(&out)["error"]["kind"], "input");
}

#[test]
fn the_out_file_is_replaced_atomically() {
    let p = PolicyFile::new(ALLOW_CERTIFIED);
    let out_file = p.out("result.json");
    std::fs::write(&out_file, "old").expect("write");
    let bin = fixture_of(FULL, "certified");
    let out = check(
        p.path(),
        &[
            "--json",
            "--out",
            out_file.to_str().expect("UTF-8"),
            bin.path(),
        ],
    );
    assert_exit(&out, 0);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).expect("read")).expect("JSON");
    assert_eq!(v["results"][0]["verdict"], "pass");
    // An unwritable destination is bad input.
    let nowhere = Path::new("/nonexistent-dir/result.json");
    let out = check(
        p.path(),
        &["--out", nowhere.to_str().expect("UTF-8"), bin.path()],
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("cannot write /nonexistent-dir/result.json"),
        "{}",
        stderr(&out)
    );
}

/// Without --index, the pinned index built into fipstool gives the
/// statuses: the same verdicts and messages as the repository's file.
#[test]
fn without_index_the_pinned_index_is_used() {
    let min = PolicyFile::new("schema = 1\n\n[versions]\nmin_status = \"certified\"\n");
    let certified = fixture_of(FULL, "certified");
    let inprocess = fixture_of(FULL, "inprocess");
    let builtin = fipstool(&["policy", "check", "--policy", min.path(), certified.path()]);
    assert_exit(&builtin, 0);
    assert_eq!(
        stdout(&builtin),
        stdout(&check(min.path(), &[certified.path()]))
    );
    let builtin = fipstool(&["policy", "check", "--policy", min.path(), inprocess.path()]);
    assert_exit(&builtin, 1);
    let from_file = check(min.path(), &[inprocess.path()]);
    assert_eq!(stderr(&builtin), stderr(&from_file));
    assert!(
        stderr(&builtin)
            .contains("snapshot v1.26.0 is in_process in the index; required: certified"),
        "{}",
        stderr(&builtin)
    );
}
