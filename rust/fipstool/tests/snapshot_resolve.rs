//! `fipstool snapshot resolve` against the genuine SDKs. The expectations
//! are what `GOFIPS140=<v> <goroot>/bin/go list crypto/internal/fips140/sha256`
//! printed for each SDK when run by hand (go1.24.11, go1.25.5, go1.26.6,
//! go1.27.3, Debian's go1.26.10), recorded here verbatim.

mod snapshot_support;

use snapshot_support::*;

const INVALID_124: &str =
    "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or vX.Y.Z";
const INVALID_126: &str =
    "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z";

enum Want {
    /// resolved value, build tag (None for off/latest)
    Ok(&'static str, Option<&'static str>),
    /// Go's exact error message
    Err(&'static str),
}

use Want::*;

fn check(sdk: &str, value: &str, want: &Want) {
    let root = goroot(sdk);
    let out = fipstool(&[
        "snapshot",
        "resolve",
        "--goroot",
        p(&root),
        "--version",
        value,
        "--json",
    ]);
    let j = json(&out);
    match want {
        Ok(resolved, tag) => {
            assert_eq!(code(&out), 0, "{sdk} {value:?}: {}", stderr(&out));
            assert_eq!(j["resolved"], *resolved, "{sdk} {value:?}");
            assert_eq!(j["build_tag"].as_str(), *tag, "{sdk} {value:?}");
            assert_eq!(j["snapshot"], tag.is_some(), "{sdk} {value:?}");
            assert_eq!(j["enabled"], *resolved != "off", "{sdk} {value:?}");
            if tag.is_some() {
                let zip = root.join(format!("lib/fips140/{resolved}.zip"));
                assert_eq!(j["zip"], p(&zip), "{sdk} {value:?}");
                assert!(zip.is_file());
            } else {
                assert!(j["zip"].is_null());
            }
        }
        Err(message) => {
            assert_eq!(code(&out), 2, "{sdk} {value:?}: {}", stdout(&out));
            assert_eq!(j["ok"], false);
            assert_eq!(j["error"]["message"], *message, "{sdk} {value:?}");
            assert_eq!(j["go_error"], true);
            assert!(
                stderr(&out).trim_end().ends_with(message),
                "{sdk} {value:?}: {}",
                stderr(&out)
            );
        }
    }
}

fn cases_124() -> Vec<(&'static str, Want)> {
    vec![
        ("", Ok("off", None)),
        ("off", Ok("off", None)),
        ("latest", Ok("latest", None)),
        ("inprocess", Ok("v1.0.0-c2097c7c", Some("fips140v1.0"))),
        (
            "certified",
            Err("go: unknown GOFIPS140 version \"certified\""),
        ),
        ("v1.0.0", Ok("v1.0.0-c2097c7c", Some("fips140v1.0"))),
        (
            "v1.0.0-c2097c7c",
            Ok("v1.0.0-c2097c7c", Some("fips140v1.0")),
        ),
        ("v1.26.0", Err("go: unknown GOFIPS140 version \"v1.26.0\"")),
        ("v1.2.3", Err("go: unknown GOFIPS140 version \"v1.2.3\"")),
        ("v2.0.0", Err("go: unknown GOFIPS140 version \"v2.0.0\"")),
        (
            "v1.0.0-abcdefgh",
            Err("go: unknown GOFIPS140 version \"v1.0.0-abcdefgh\""),
        ),
        ("v1.0.0-rc1", Err(INVALID_124)),
        ("v1.1.0-rc12", Err(INVALID_124)),
        ("v1.0.0-abcdefg", Err(INVALID_124)),
        ("v1.0", Err(INVALID_124)),
        ("bogus", Err(INVALID_124)),
        ("OFF", Err(INVALID_124)),
        ("v1.0.0/../x", Err(INVALID_124)),
        (
            "v1.0.0-ab/cdefg",
            Err("go: malformed GOFIPS140 version \"v1.0.0-ab/cdefg\""),
        ),
    ]
}

fn cases_126() -> Vec<(&'static str, Want)> {
    vec![
        ("", Ok("off", None)),
        ("off", Ok("off", None)),
        ("latest", Ok("latest", None)),
        ("inprocess", Ok("v1.26.0", Some("fips140v1.26"))),
        ("certified", Ok("v1.0.0-c2097c7c", Some("fips140v1.0"))),
        ("v1.0.0", Ok("v1.0.0-c2097c7c", Some("fips140v1.0"))),
        (
            "v1.0.0-c2097c7c",
            Ok("v1.0.0-c2097c7c", Some("fips140v1.0")),
        ),
        ("v1.26.0", Ok("v1.26.0", Some("fips140v1.26"))),
        ("v1.2.3", Err("go: unknown GOFIPS140 version \"v1.2.3\"")),
        (
            "v1.0.0-abcdefgh",
            Err("go: unknown GOFIPS140 version \"v1.0.0-abcdefgh\""),
        ),
        (
            "v1.0.0-rc1",
            Err("go: unknown GOFIPS140 version \"v1.0.0-rc1\""),
        ),
        (
            "v1.1.0-rc12",
            Err("go: unknown GOFIPS140 version \"v1.1.0-rc12\""),
        ),
        (
            "v1.0.0-rc123456",
            Err("go: unknown GOFIPS140 version \"v1.0.0-rc123456\""),
        ),
        ("v1.0.0-rcabcdef", Err(INVALID_126)),
        ("v2.0.0", Err(INVALID_126)),
        ("v1.0.0-abcdefg", Err(INVALID_126)),
        ("v1.0", Err(INVALID_126)),
        ("bogus", Err(INVALID_126)),
        ("OFF", Err(INVALID_126)),
        ("v1.0.0/../x", Err(INVALID_126)),
        (
            "v1.0.0-ab/cdefg",
            Err("go: malformed GOFIPS140 version \"v1.0.0-ab/cdefg\""),
        ),
        (
            r"v1.0.0-ab\cdefg",
            Err(r#"go: malformed GOFIPS140 version "v1.0.0-ab\\cdefg""#),
        ),
        (
            "v1.0.0-ab..cdef",
            Err("go: malformed GOFIPS140 version \"v1.0.0-ab..cdef\""),
        ),
    ]
}

#[test]
fn resolve_go1_24_11() {
    for (v, want) in cases_124() {
        check("go1.24.11", v, &want);
    }
}

#[test]
fn resolve_go1_25_5() {
    for (v, want) in cases_124() {
        check("go1.25.5", v, &want);
    }
}

#[test]
fn resolve_go1_26_6() {
    for (v, want) in cases_126() {
        check("go1.26.6", v, &want);
    }
}

#[test]
fn resolve_go1_27_3() {
    for (v, want) in cases_126() {
        check("go1.27.3", v, &want);
    }
}

#[test]
fn resolve_debian_golang_1_26() {
    for (v, want) in cases_126() {
        check(DEBIAN, v, &want);
    }
}

#[test]
fn text_output_names_alias_zip_and_tag() {
    let root = goroot("go1.26.6");
    let out = fipstool(&[
        "snapshot",
        "resolve",
        "--goroot",
        p(&root),
        "--version",
        "certified",
    ]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    for want in [
        "resolved:   v1.0.0-c2097c7c",
        "certified.txt -> v1.0.0-c2097c7c",
        "build_tag:  fips140v1.0",
        "go:         go1.26.6",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

#[test]
fn alias_to_missing_zip_uses_go_wording() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_sdk_lib("go1.27.3", tmp.path());
    std::fs::write(root.join("lib/fips140/certified.txt"), "  v1.9.9\n").unwrap();
    let out = fipstool(&[
        "snapshot",
        "resolve",
        "--goroot",
        p(&root),
        "--version",
        "certified",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains(r#"go: unknown GOFIPS140 version "v1.9.9" (from "certified")"#));
}

#[test]
fn goroot_without_version_file_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let out = fipstool(&[
        "snapshot",
        "resolve",
        "--goroot",
        p(tmp.path()),
        "--version",
        "latest",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("VERSION"), "{}", stderr(&out));
}
