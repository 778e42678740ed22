//! `fipstool snapshot verify` on the genuine SDKs (pass), Debian's re-packed
//! golang-1.26 (diagnosed as re-packed, exit 1) and a tampered copy
//! (content differs, the files are listed, exit 1).

mod snapshot_support;

use std::path::Path;

use fips_snapshot::testing::{build_zip, RawEntry};
use snapshot_support::*;

fn verify(root: &Path, version: &str, index: bool) -> std::process::Output {
    let idx = index_path();
    let mut args = vec![
        "snapshot",
        "verify",
        "--goroot",
        p(root),
        "--version",
        version,
        "--json",
    ];
    if index {
        args.extend(["--index", p(&idx)]);
    }
    fipstool(&args)
}

#[test]
fn genuine_sdks_pass() {
    for sdk in OFFICIAL {
        let root = goroot(sdk);
        let mut versions = vec!["v1.0.0-c2097c7c", "inprocess", "v1.0.0"];
        if sdk >= "go1.26" {
            versions.extend(["v1.26.0", "certified"]);
        }
        for v in versions {
            for index in [true, false] {
                let out = verify(&root, v, index);
                let j = json(&out);
                assert_eq!(code(&out), 0, "{sdk} {v} index={index}: {}", stdout(&out));
                assert_eq!(j["ok"], true);
                assert_eq!(j["verdict"], "ok");
                assert_eq!(j["go_command"]["accepts"], true);
                let (sha, h1) = if j["resolved"] == "v1.26.0" {
                    (SHA_V1_26_0, H1_V1_26_0)
                } else {
                    (SHA_C2097C7C, H1_C2097C7C)
                };
                assert_eq!(j["actual"]["sha256"], sha);
                assert_eq!(j["actual"]["h1"], h1);
                let three = sdk == "go1.27.3";
                assert_eq!(
                    j["sum_file"]["format"],
                    if three { "three_column" } else { "two_column" }
                );
                assert_eq!(j["go_command"]["checks_sha256"], three);
                assert_eq!(
                    j["sum_file"]["h1_check"],
                    if three { "match" } else { "not_recorded" }
                );
                if index {
                    assert_eq!(j["index"]["sha256_check"], "match");
                    assert_eq!(j["index"]["h1_check"], "match");
                } else {
                    assert!(j["index"].is_null());
                }
            }
        }
    }
}

#[test]
fn index_status_is_reported() {
    let root = goroot("go1.27.3");
    let j = json(&verify(&root, "certified", true));
    assert_eq!(j["index"]["status"], "certified");
    let j = json(&verify(&root, "inprocess", true));
    assert_eq!(j["index"]["status"], "in_process");
}

#[test]
fn debian_repacked_zips_are_diagnosed() {
    let root = goroot(DEBIAN);
    let sum = root.join("lib/fips140/fips140.sum");
    for (v, resolved, genuine_sha, h1) in [
        ("inprocess", "v1.26.0", SHA_V1_26_0, H1_V1_26_0),
        ("certified", "v1.0.0-c2097c7c", SHA_C2097C7C, H1_C2097C7C),
    ] {
        for index in [true, false] {
            let out = verify(&root, v, index);
            assert_eq!(code(&out), 1, "{v}: {}", stdout(&out));
            let j = json(&out);
            assert_eq!(j["ok"], false);
            assert_eq!(j["verdict"], "repacked", "{v} index={index}");
            assert_eq!(j["actual"]["h1"], h1);
            assert_ne!(j["actual"]["sha256"], genuine_sha);
            assert_eq!(j["go_command"]["checks_sha256"], true);
            assert_eq!(j["go_command"]["accepts"], false);
            // Exactly what Debian's go command prints (checked by hand).
            let want = format!(
                "go: unpacking GOFIPS140={resolved}: SHA-256 hash of {resolved}.zip is {}, want {genuine_sha} (from {})",
                j["actual"]["sha256"].as_str().unwrap(),
                sum.display()
            );
            assert_eq!(j["go_command"]["error"], want.as_str());
            assert!(j["differences"].as_array().unwrap().is_empty());
        }
    }
    // The text output says it plainly.
    let out = fipstool(&[
        "snapshot",
        "verify",
        "--goroot",
        p(&root),
        "--version",
        "inprocess",
        "--index",
        p(&index_path()),
    ]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("verdict:   repacked"), "{text}");
    assert!(text.contains("was re-packed"), "{text}");
    assert!(
        text.contains("are identical to the genuine snapshot"),
        "{text}"
    );
    assert!(
        text.contains("refuses it too: go: unpacking GOFIPS140=v1.26.0"),
        "{text}"
    );
    assert!(stderr(&out).contains("repacked"), "{}", stderr(&out));
}

/// go1.26.6's lib/fips140 with v1.26.0.zip rebuilt: one file changed, one
/// added, one removed.
fn tampered_sdk(tmp: &Path) -> std::path::PathBuf {
    let root = copy_sdk_lib("go1.26.6", tmp);
    let zip = root.join("lib/fips140/v1.26.0.zip");
    let mut entries: Vec<RawEntry> = Vec::new();
    for (name, data) in zip_entries(&zip) {
        if name.ends_with("/sha3/sha3.go") {
            continue;
        }
        let mut data = data;
        if name.ends_with("/sha256/sha256.go") {
            data.extend_from_slice(b"\n// tampered\n");
        }
        entries.push(RawEntry::deflated(&name, &data));
    }
    entries.push(RawEntry::deflated(
        "golang.org/fips140@v1.26.0/fips140/v1.26.0/backdoor/backdoor.go",
        b"package backdoor\n",
    ));
    std::fs::write(&zip, build_zip(&entries)).unwrap();
    root
}

#[test]
fn tampered_zip_lists_differing_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tampered_sdk(tmp.path());
    let out = verify(&root, "inprocess", true);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let j = json(&out);
    assert_eq!(j["verdict"], "content_differs");
    let diffs: Vec<(String, String)> = j["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["change"].as_str().unwrap().into(),
                d["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let pre = "golang.org/fips140@v1.26.0/fips140/v1.26.0";
    assert_eq!(
        diffs,
        [
            ("added".to_string(), format!("{pre}/backdoor/backdoor.go")),
            ("modified".to_string(), format!("{pre}/sha256/sha256.go")),
            ("removed".to_string(), format!("{pre}/sha3/sha3.go")),
        ]
    );
    // go1.26.6 does not check the zip itself: say so.
    assert_eq!(j["go_command"]["checks_sha256"], false);
    assert_eq!(j["go_command"]["accepts"], true);

    // Text output lists them too.
    let out = fipstool(&[
        "snapshot",
        "verify",
        "--goroot",
        p(&root),
        "--version",
        "v1.26.0",
        "--index",
        p(&index_path()),
    ]);
    let text = stdout(&out);
    assert!(text.contains("verdict:   content_differs"), "{text}");
    assert!(
        text.contains(&format!("modified  {pre}/sha256/sha256.go")),
        "{text}"
    );

    // Without the index (a two-column sum file) only the SHA-256 can be compared.
    let out = verify(&root, "v1.26.0", false);
    assert_eq!(code(&out), 1);
    assert_eq!(json(&out)["verdict"], "zip_differs");
}

#[test]
fn tampered_zip_in_a_checking_sdk() {
    // go1.27.3 records h1 in fips140.sum: contents can be compared even
    // without the index, and its go command refuses the zip.
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_sdk_lib("go1.27.3", tmp.path());
    let zip = root.join("lib/fips140/v1.26.0.zip");
    let entries: Vec<RawEntry> = zip_entries(&zip)
        .into_iter()
        .map(|(n, mut d)| {
            if n.ends_with("LICENSE") {
                d.push(b'!');
            }
            RawEntry::deflated(&n, &d)
        })
        .collect();
    std::fs::write(&zip, build_zip(&entries)).unwrap();
    let out = verify(&root, "v1.26.0", false);
    let j = json(&out);
    assert_eq!(code(&out), 1);
    assert_eq!(j["verdict"], "content_differs");
    assert_eq!(j["go_command"]["accepts"], false);
    assert!(j["go_command"]["error"]
        .as_str()
        .unwrap()
        .contains("SHA-256 hash of v1.26.0.zip is"));
}

#[test]
fn corrupt_zip_is_a_check_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_sdk_lib("go1.26.6", tmp.path());
    std::fs::write(
        root.join("lib/fips140/v1.26.0.zip"),
        b"PK\x03\x04 truncated",
    )
    .unwrap();
    let out = verify(&root, "v1.26.0", true);
    assert_eq!(code(&out), 1);
    assert_eq!(json(&out)["verdict"], "corrupt");
}

#[test]
fn edited_sidecar_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let idx_dir = tmp.path().join("snapshots");
    std::fs::create_dir(&idx_dir).unwrap();
    let real = index_path();
    let real_dir = real.parent().unwrap();
    for f in ["index.toml", "v1.0.0-c2097c7c.files", "v1.26.0.files"] {
        std::fs::copy(real_dir.join(f), idx_dir.join(f)).unwrap();
    }
    let listing = idx_dir.join("v1.26.0.files");
    let text = std::fs::read_to_string(&listing)
        .unwrap()
        .replacen('a', "b", 1);
    std::fs::write(&listing, text).unwrap();
    let root = goroot("go1.26.6");
    let out = fipstool(&[
        "snapshot",
        "verify",
        "--goroot",
        p(&root),
        "--version",
        "v1.26.0",
        "--index",
        p(&idx_dir.join("index.toml")),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("does not hash to the pinned"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_snapshot_and_bad_values_are_bad_input() {
    let root = goroot("go1.26.6");
    for (v, want) in [
        ("latest", "nothing to verify"),
        ("off", "nothing to verify"),
        ("v9.9.9", "go: invalid GOFIPS140"),
        ("v1.9.9", "go: unknown GOFIPS140 version \"v1.9.9\""),
    ] {
        let out = verify(&root, v, true);
        assert_eq!(code(&out), 2, "{v}");
        assert!(stderr(&out).contains(want), "{v}: {}", stderr(&out));
        assert_eq!(json(&out)["ok"], false);
    }
}

#[test]
fn pinned_index_is_consistent_with_the_sdks() {
    // Every zip of every official SDK is in the index with its SHA-256 and h1,
    // and the index names that release among those shipping it.
    let idx = fips_snapshot::index::LoadedIndex::load(&index_path()).unwrap();
    for sdk in OFFICIAL {
        let root = goroot(sdk);
        for e in std::fs::read_dir(root.join("lib/fips140")).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            let Some(version) = name.strip_suffix(".zip") else {
                continue;
            };
            let entry = idx
                .get(version)
                .unwrap_or_else(|| panic!("{version} not in index"));
            assert!(
                entry.go_releases.iter().any(|r| r == sdk),
                "{version} lacks {sdk}"
            );
            let files = idx.files(entry).unwrap().expect("per-file listing");
            assert_eq!(files.h1(), entry.h1.clone().unwrap());
        }
    }
}
