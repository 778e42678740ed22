//! `fipstool module unpack` on real modules from the proxy: the tree it
//! writes is the tree the go command extracts into its module cache (less
//! the Bazel files it drops), and every go.sum mismatch is refused with
//! exit 1 and nothing written.

mod binary_support;
mod modules_support;

use binary_support::fipstool;
use modules_support::{download, tree, unpack};

#[test]
fn real_modules_unpack_as_go_extracts_them() {
    // x/text v0.3.0 has no go.mod (the proxy's .mod is synthesized);
    // x/crypto and protobuf have one; nats.go has a dotted last element.
    for (path, version) in [
        ("golang.org/x/text", "v0.3.0"),
        ("golang.org/x/crypto", "v0.31.0"),
        ("github.com/nats-io/nats.go", "v1.37.0"),
    ] {
        let d = download(path, version);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("m");
        let r = unpack(&d, &out);
        assert_eq!(
            r.status.code(),
            Some(0),
            "{path}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
        assert_eq!(report["h1"], d.sum.as_str());
        let ours = tree(&out);
        let theirs: Vec<_> = tree(&d.dir)
            .into_iter()
            .filter(|(rel, _)| {
                let base = rel.rsplit('/').next().unwrap();
                !fips_modzip::DROPPED_NAMES.contains(&base)
            })
            .collect();
        assert_eq!(ours.len(), theirs.len(), "{path}");
        assert!(ours == theirs, "{path}: unpacked tree differs from go's");
        assert_eq!(report["files"], ours.len());
        let want_mod = if path == "golang.org/x/text" {
            "absent"
        } else {
            "same"
        };
        assert_eq!(report["zip_go_mod"], want_mod, "{path}");
        if report["dropped"].as_array().unwrap().is_empty() {
            let h = fips_dirhash::hash_dir(&out, &format!("{path}@{version}")).unwrap();
            assert_eq!(h, d.sum, "{path}");
        }
    }
}

#[test]
fn mismatches_exit_1_and_write_nothing() {
    let d = download("golang.org/x/text", "v0.3.0");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m").display().to_string();
    let (zip, m) = (d.zip.display().to_string(), d.go_mod.display().to_string());
    let wrong = "h1:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq=";
    let base = [
        "module",
        "unpack",
        "--zip",
        &zip,
        "--path",
        "golang.org/x/text",
        "--version",
        "v0.3.0",
    ];
    let r = fipstool(&[&base[..], &["--h1", wrong, "--out", &out]].concat());
    assert_eq!(r.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&r.stderr),
        format!("fipstool: golang.org/x/text@v0.3.0: zip {} does not match go.sum ({wrong}): the proxy served other content than go.sum records (a changed or tampered proxy or cache, or a wrong go.sum line); nothing was written\n", d.sum)
    );
    let r = fipstool(
        &[
            &base[..],
            &[
                "--h1", &d.sum, "--mod", &m, "--mod-h1", wrong, "--out", &out,
            ],
        ]
        .concat(),
    );
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("/go.mod line"));
    // Another module's zip under this name: its entries are outside the prefix.
    let r = fipstool(&[
        "module",
        "unpack",
        "--zip",
        &zip,
        "--path",
        "golang.org/x/texts",
        "--version",
        "v0.3.0",
        "--h1",
        &d.sum,
        "--out",
        &out,
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr)
        .contains("outside the module prefix golang.org/x/texts@v0.3.0/"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
