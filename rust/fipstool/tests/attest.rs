//! `fipstool attest` and `fipstool report` against genuine Go binaries: a
//! certified go1.26.6 build (snapshot v1.0.0-c2097c7c) and a GOFIPS140=off
//! build. The attestation must carry the same facts as `fipstool inspect`,
//! the index's snapshot record and the policy result; the report gathers
//! both.

mod binary_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use binary_support::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn index() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../snapshots/index.toml")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("attest")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// fipstool, run in `cwd`.
fn fipstool_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run fipstool")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}: {text}", path.display()))
}

const POLICY: &str = r#"{
  "schema_version": 1,
  "policy": "fips_policy.toml",
  "generator": "a field this fipstool does not know",
  "results": [
    {"binary": "fipsdemo", "target": "//cmd/app:server", "verdict": "pass",
     "violations": [], "exemptions": []},
    {"binary": "fipsdemo", "target": "//tools:gen", "verdict": "exempt",
     "violations": [],
     "exemptions": [{"rule": "versions.allow", "line": 12, "reason": "build-time code generator, never shipped",
                     "pattern": "//tools:gen",
                     "waived": {"rule": "versions.allow", "line": 3, "column": 1,
                                "message": "GOFIPS140 is off (none recorded); allowed: certified"}}]}
  ]
}
"#;

/// Attest `f` from inside its directory, so that binary.path is the bare
/// file name as given.
fn attest(f: &Fixture, out: &Path, extra: &[&str]) -> Output {
    let name = f.binary.file_name().and_then(|n| n.to_str()).expect("name");
    let index = index();
    let mut args = vec![
        "attest",
        "--binary",
        name,
        "--sdk-version",
        "1.26.6",
        "--requested-version",
        f.spec.gofips140,
        "--index",
        index.to_str().expect("UTF-8"),
        "--out",
        out.to_str().expect("UTF-8"),
    ];
    args.extend_from_slice(extra);
    fipstool_in(&f.dir, &args)
}

#[test]
fn attest_and_report_genuine_binaries() {
    let certified = fixture(&Spec::linux(FULL, "certified", Mode::Exe));
    let off = fixture(&Spec::linux(FULL, "off", Mode::Exe));
    let dir = scratch("genuine");
    let policy = dir.join("policy.json");
    std::fs::write(&policy, POLICY).expect("write policy");
    let policy = policy.to_str().expect("UTF-8");
    let sdk_sha = "1d7e1a4a5bd9a8c3d3a0a1e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5";

    // The certified binary.
    let a_path = dir.join("server.attestation.json");
    let o = attest(
        &certified,
        &a_path,
        &[
            "--target",
            "//cmd/app:server",
            "--sdk-archive-sha256",
            sdk_sha,
            "--policy-result",
            policy,
            "--enforcement",
            "strict",
        ],
    );
    assert_eq!(code(&o), 0, "attest: {}", stderr(&o));
    assert!(o.stdout.is_empty() && o.stderr.is_empty(), "{}", stderr(&o));
    let a = read_json(&a_path);
    let inspect = json(&fipstool(&["inspect", "--json", certified.path()]));
    let data = std::fs::read(&certified.binary).expect("read fixture");
    assert_eq!(a["schema_version"], 1);
    assert_eq!(a["kind"], "fips-attestation");
    assert_eq!(a["target"], "//cmd/app:server");
    assert_eq!(a["enforcement"], "strict");
    assert_eq!(
        a["binary"],
        json!({
            "path": "fipsdemo",
            "sha256": hex::encode(Sha256::digest(&data)),
            "format": "ELF",
            "goos": "linux",
            "goarch": "amd64",
        })
    );
    assert_eq!(
        a["sdk"],
        json!({"version": "1.26.6", "archive_sha256": sdk_sha, "go_version": "go1.26.6"})
    );
    let fips = &a["fips"];
    assert_eq!(fips["requested_version"], "certified");
    assert_eq!(fips["gofips140"], "v1.0.0-c2097c7c");
    assert_eq!(fips["enabled"], true);
    assert_eq!(
        fips["snapshot"],
        json!({
            "version": "v1.0.0-c2097c7c",
            "zip_sha256": "daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b",
            "h1": "h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ=",
            "status": "certified",
            "certificate": "5247",
        })
    );
    assert_eq!(
        fips["module"],
        json!({"origin": "snapshot", "version": "v1.0.0-c2097c7c"})
    );
    assert_eq!(fips["default_godebug"], inspect["fips"]["default_godebug"]);
    assert_eq!(fips["godebug_fips140"], "on");
    assert_eq!(fips["tags"], json!(["fips140v1.0"]));
    assert_eq!(fips["experiments"], json!([]));
    let i = &inspect["fips"]["integrity"];
    assert_eq!(
        a["integrity"],
        json!({
            "verdict": "fips-verified",
            "detail": i["detail"],
            "stored_sum": i["stored_sum"],
            "computed_sum": i["computed_sum"],
        })
    );
    assert_eq!(
        a["policy"],
        json!({"verdict": "pass", "policy": "fips_policy.toml", "target": "//cmd/app:server",
               "binary": "fipsdemo", "violations": [], "exemptions": []})
    );
    // No timestamps or host facts: attesting again gives the same bytes.
    let again = dir.join("again.json");
    let o = attest(
        &certified,
        &again,
        &[
            "--target",
            "//cmd/app:server",
            "--sdk-archive-sha256",
            sdk_sha,
            "--policy-result",
            policy,
            "--enforcement",
            "strict",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&a_path).unwrap()
    );

    // The off binary, exempted by the policy.
    let b_path = dir.join("gen.attestation.json");
    let o = attest(
        &off,
        &b_path,
        &["--target", "//tools:gen", "--policy-result", policy],
    );
    assert_eq!(code(&o), 0, "attest: {}", stderr(&o));
    let b = read_json(&b_path);
    assert_eq!(b["fips"]["requested_version"], "off");
    assert_eq!(b["fips"]["gofips140"], Value::Null);
    assert_eq!(b["fips"]["enabled"], false);
    assert_eq!(b["fips"]["snapshot"], Value::Null);
    assert_eq!(b["fips"]["module"]["origin"], "in-tree");
    assert_eq!(b["fips"]["godebug_fips140"], Value::Null);
    assert_eq!(b["fips"]["tags"], json!([]));
    assert_eq!(b["sdk"]["archive_sha256"], Value::Null);
    // Every Go 1.24+ build carries a valid sum, off included.
    assert_eq!(b["integrity"]["verdict"], "fips-verified");
    assert_eq!(b["policy"]["verdict"], "exempt");
    assert_eq!(
        b["policy"]["exemptions"][0]["reason"],
        "build-time code generator, never shipped"
    );
    // What was waived, not only why: a cached build prints nothing, the
    // attestation keeps it.
    assert_eq!(b["policy"]["exemptions"][0]["pattern"], "//tools:gen");
    assert_eq!(
        b["policy"]["exemptions"][0]["waived"],
        json!({"rule": "versions.allow", "line": 3, "column": 1,
               "message": "GOFIPS140 is off (none recorded); allowed: certified"})
    );

    // The report, given in reverse order.
    let rj = dir.join("report.json");
    let rh = dir.join("report.html");
    let o = fipstool(&[
        "report",
        "--out-json",
        rj.to_str().unwrap(),
        "--out-html",
        rh.to_str().unwrap(),
        "--title",
        "Release <candidate> 1",
        b_path.to_str().unwrap(),
        a_path.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "report: {}", stderr(&o));
    let r = read_json(&rj);
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["kind"], "fips-report");
    assert_eq!(r["title"], "Release <candidate> 1");
    assert_eq!(
        r["summary"],
        json!({"binaries": 2, "fips_enabled": 1, "verified": 2, "policy_pass": 1,
               "policy_exempt": 1, "policy_fail": 0, "policy_none": 0})
    );
    assert_eq!(r["attestations"][0], a, "sorted by target");
    assert_eq!(r["attestations"][1], b);
    let page = std::fs::read_to_string(&rh).expect("html");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<title>Release &lt;candidate&gt; 1</title>"));
    assert_eq!(page.matches("<tr class=\"row-").count(), 2);
    let server = page.find("//cmd/app:server").expect("server row");
    let gen = page.find("//tools:gen").expect("gen row");
    assert!(server < gen);
    for text in [
        "v1.0.0-c2097c7c",
        "certified",
        "certificate 5247",
        "build-time code generator, never shipped",
        "waived: GOFIPS140 is off (none recorded); allowed: certified",
        "daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b",
        "h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ=",
        sdk_sha,
    ] {
        assert!(page.contains(text), "{text} missing from the page");
    }

    // Same inputs, same bytes.
    let rj2 = dir.join("report2.json");
    let rh2 = dir.join("report2.html");
    let o = fipstool(&[
        "report",
        "--out-json",
        rj2.to_str().unwrap(),
        "--out-html",
        rh2.to_str().unwrap(),
        "--title",
        "Release <candidate> 1",
        a_path.to_str().unwrap(),
        b_path.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(std::fs::read(&rj).unwrap(), std::fs::read(&rj2).unwrap());
    assert_eq!(std::fs::read(&rh).unwrap(), std::fs::read(&rh2).unwrap());
}

/// A binary whose integrity check fails is attested, not refused: the
/// attestation records the verdict and the command exits 0.
#[test]
fn failing_integrity_is_recorded() {
    let certified = fixture(&Spec::linux(FULL, "certified", Mode::Exe));
    let copy = certified.scratch_copy("attest-zeroed");
    let inspect = json(&fipstool(&["inspect", "--json", certified.path()]));
    let offset = inspect["fips"]["integrity"]["fipsinfo"]["offset"]
        .as_u64()
        .expect("fipsinfo offset") as usize;
    let mut data = std::fs::read(&copy).unwrap();
    // go:fipsinfo: 16 bytes of magic, then the 32-byte sum.
    data[offset + 16..offset + 48].fill(0);
    std::fs::write(&copy, &data).unwrap();
    let dir = scratch("zeroed");
    let out = dir.join("a.json");
    let o = fipstool(&[
        "attest",
        "--binary",
        copy.to_str().unwrap(),
        "--target",
        "//cmd/app:zeroed",
        "--sdk-version",
        "1.26.6",
        "--requested-version",
        "certified",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let a = read_json(&out);
    assert_eq!(a["binary"]["path"], copy.to_str().unwrap());
    assert_eq!(a["integrity"]["verdict"], "no-checksum");
    assert_eq!(a["integrity"]["stored_sum"], "0".repeat(64));
    // No --index: the snapshot is named but not looked up.
    assert_eq!(
        a["fips"]["snapshot"],
        json!({"version": "v1.0.0-c2097c7c", "zip_sha256": null, "h1": null,
               "status": "unknown", "certificate": null})
    );
    assert_eq!(a["policy"], json!({"verdict": "none"}));
    // No --enforcement: not recorded.
    assert_eq!(a["enforcement"], Value::Null);
}

#[test]
fn bad_input_exits_2() {
    let certified = fixture(&Spec::linux(FULL, "certified", Mode::Exe));
    let dir = scratch("bad");
    let out = dir.join("a.json");
    let base = |binary: &str| -> Vec<String> {
        [
            "attest",
            "--binary",
            binary,
            "--target",
            "//a:a",
            "--sdk-version",
            "1.26.6",
            "--requested-version",
            "certified",
            "--out",
            out.to_str().unwrap(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        fipstool(&refs)
    };

    let text = dir.join("not-a-binary");
    std::fs::write(&text, "hello").unwrap();
    let o = run(base(text.to_str().unwrap()));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not a Go binary"), "{}", stderr(&o));

    let o = run(base(dir.join("missing").to_str().unwrap()));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cannot read binary"), "{}", stderr(&o));

    let mut args = base(certified.path());
    args.extend(["--sdk-archive-sha256".into(), "XYZ".into()]);
    let o = run(args);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--sdk-archive-sha256"),
        "{}",
        stderr(&o)
    );

    let mut args = base(certified.path());
    args.extend(["--enforcement".into(), "lenient".into()]);
    let o = run(args);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("invalid value 'lenient' for '--enforcement <MODE>'"),
        "{}",
        stderr(&o)
    );

    // A policy file with results for other binaries only.
    let policy = dir.join("policy.json");
    std::fs::write(
        &policy,
        r#"{"schema_version":1,"policy":"p","results":[
            {"target":"//b:b","verdict":"pass"},{"target":"//c:c","verdict":"fail"}]}"#,
    )
    .unwrap();
    let mut args = base(certified.path());
    args.extend(["--policy-result".into(), policy.to_str().unwrap().into()]);
    let o = run(args);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("2 results and none for target //a:a"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing is written on failure");

    // Reports: an attestation of another schema is named.
    let future = dir.join("future.json");
    std::fs::write(
        &future,
        r#"{"schema_version": 2, "kind": "fips-attestation"}"#,
    )
    .unwrap();
    let rj = dir.join("r.json");
    let o = fipstool(&[
        "report",
        "--out-json",
        rj.to_str().unwrap(),
        future.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains(future.to_str().unwrap()) && err.contains("schema_version 2"),
        "{err}"
    );
    assert!(!rj.exists());
}
