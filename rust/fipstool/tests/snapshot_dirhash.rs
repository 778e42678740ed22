//! `fipstool dirhash` equals Go's dirhash (the h1 values recorded in go1.27's
//! fips140.sum and in the go command's module cache).

mod snapshot_support;

use snapshot_support::*;

#[test]
fn genuine_and_repacked_zips_hash_to_the_known_h1() {
    for sdk in ["go1.26.6", "go1.27.3", DEBIAN] {
        let lib = goroot(sdk).join("lib/fips140");
        for (zip, h1) in [
            ("v1.26.0.zip", H1_V1_26_0),
            ("v1.0.0-c2097c7c.zip", H1_C2097C7C),
        ] {
            let out = fipstool(&["dirhash", p(&lib.join(zip))]);
            assert_eq!(code(&out), 0, "{}", stderr(&out));
            assert_eq!(stdout(&out), format!("{h1}\n"), "{sdk} {zip}");
        }
    }
    for sdk in ["go1.24.11", "go1.25.5"] {
        let zip = goroot(sdk).join("lib/fips140/v1.0.0-c2097c7c.zip");
        assert_eq!(stdout(&fipstool(&["dirhash", p(&zip)])).trim(), H1_C2097C7C);
    }
}

#[test]
fn the_three_column_sum_file_agrees() {
    let sum = std::fs::read(goroot("go1.27.3").join("lib/fips140/fips140.sum")).unwrap();
    let parsed = fips_snapshot::sumfile::parse_sum_file(&sum).unwrap();
    for e in &parsed.entries {
        let zip = goroot("go1.27.3").join("lib/fips140").join(&e.name);
        let out = fipstool(&["dirhash", p(&zip)]);
        assert_eq!(Some(stdout(&out).trim()), e.h1.as_deref(), "{}", e.name);
    }
}

#[test]
fn list_output_hashes_to_h1_and_json_reports() {
    let zip = goroot("go1.26.6").join("lib/fips140/v1.26.0.zip");
    let out = fipstool(&["dirhash", "--list", p(&zip)]);
    assert_eq!(code(&out), 0);
    assert_eq!(fips_dirhash::h1_of_summary_bytes(&out.stdout), H1_V1_26_0);
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 231);
    // The pinned listing is exactly this output.
    let pinned = std::fs::read(index_path().parent().unwrap().join("v1.26.0.files")).unwrap();
    assert_eq!(pinned, out.stdout);

    let j = json(&fipstool(&["dirhash", "--json", p(&zip)]));
    assert_eq!(j["kind"], "zip");
    assert_eq!(j["h1"], H1_V1_26_0);
    assert_eq!(j["files"], 231);
    assert!(j["prefix"].is_null());
}

#[test]
fn directory_prefix_semantics() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("a/b")).unwrap();
    std::fs::write(tmp.path().join("a/b/c.go"), b"package b\n").unwrap();
    std::fs::write(tmp.path().join("top.txt"), b"top").unwrap();
    let list = |extra: &[&str]| {
        let mut args = vec!["dirhash", "--list", p(tmp.path())];
        args.extend_from_slice(extra);
        stdout(&fipstool(&args))
    };
    let bare = list(&[]);
    assert!(
        bare.contains("  a/b/c.go\n") && bare.contains("  top.txt\n"),
        "{bare}"
    );
    let prefixed = list(&["--prefix", "m@v1"]);
    assert!(prefixed.contains("  m@v1/a/b/c.go\n"), "{prefixed}");
    // Go's filepath.Join cleans: a trailing slash changes nothing.
    assert_eq!(prefixed, list(&["--prefix", "m@v1/"]));
    let j = json(&fipstool(&[
        "dirhash",
        "--json",
        p(tmp.path()),
        "--prefix",
        "m@v1",
    ]));
    assert_eq!(j["kind"], "dir");
    assert_eq!(j["prefix"], "m@v1");
    assert_eq!(j["files"], 2);
}

#[test]
fn bad_input() {
    let zip = goroot("go1.26.6").join("lib/fips140/v1.26.0.zip");
    let out = fipstool(&["dirhash", p(&zip), "--prefix", "x"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--prefix applies to directories only"));
    let out = fipstool(&["dirhash", "/nonexistent/fipstool-test"]);
    assert_eq!(code(&out), 2);
    let tmp = tempfile::tempdir().unwrap();
    let junk = tmp.path().join("junk.zip");
    std::fs::write(&junk, b"junk").unwrap();
    let out = fipstool(&["dirhash", p(&junk)]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not a valid zip"), "{}", stderr(&out));
}
