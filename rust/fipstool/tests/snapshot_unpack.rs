//! `fipstool snapshot unpack`: the genuine zips unpack into the stdlib
//! layout, deterministically; every hand-made malicious zip is rejected with
//! nothing written.

mod snapshot_support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use fips_snapshot::testing::{build_zip, Method, RawEntry};
use snapshot_support::*;

const PREFIX: &str = "golang.org/fips140@v1.26.0/";

/// Every path below `dir` with its kind, mode, mtime and size, sorted.
fn listing(dir: &Path) -> Vec<(String, char, u32, u64, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            let m = std::fs::symlink_metadata(&path).unwrap();
            let kind = if m.is_dir() {
                'd'
            } else if m.is_file() {
                'f'
            } else {
                '?'
            };
            let mtime = m
                .modified()
                .unwrap()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((
                rel,
                kind,
                m.permissions().mode() & 0o7777,
                mtime,
                if kind == 'f' { m.len() } else { 0 },
            ));
            if m.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

fn unpack(zip: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["snapshot", "unpack", "--zip", p(zip), "--out", p(out)];
    args.extend_from_slice(extra);
    fipstool(&args)
}

/// Makes a read-only tree removable again (for TempDir cleanup as non-root).
fn chmod_writable(dir: &Path) {
    if let Ok(m) = std::fs::symlink_metadata(dir) {
        if m.is_dir() {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                chmod_writable(&e.path());
            }
        }
    }
}

#[test]
fn genuine_zips_unpack_into_the_stdlib_layout() {
    let root = goroot("go1.27.3");
    for (v, files, h1) in [
        ("v1.26.0", 231, H1_V1_26_0),
        ("v1.0.0-c2097c7c", 225, H1_C2097C7C),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let zip = root.join(format!("lib/fips140/{v}.zip"));
        let o = unpack(&zip, &out, &["--json"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let j = json(&o);
        assert_eq!(j["files"], files);
        assert_eq!(j["version"], v);
        assert_eq!(j["snapshot_dir"], p(&out.join("fips140").join(v)));
        assert!(out.join("LICENSE").is_file());
        assert!(out.join(format!("fips140/{v}/sha256/sha256.go")).is_file());
        assert!(out.join(format!("fips140/{v}/check/check.go")).is_file());
        // Nothing else at the top, and no temporary directory left over.
        let mut top: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        top.sort();
        assert_eq!(top, ["LICENSE", "fips140"]);
        let siblings: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(siblings, ["out"]);
        // Deterministic metadata.
        for (rel, kind, mode, mtime, _) in listing(&out) {
            assert_eq!(mtime, 315_532_800, "{rel}");
            assert_eq!(mode, if kind == 'd' { 0o555 } else { 0o444 }, "{rel}");
        }
        // Same contents as the zip: the tree hashes to the zip's h1 with Go's
        // module-cache prefix.
        let o = fipstool(&[
            "dirhash",
            p(&out),
            "--prefix",
            &format!("golang.org/fips140@{v}"),
        ]);
        assert_eq!(stdout(&o).trim(), h1);
        chmod_writable(tmp.path());
    }
}

#[test]
fn unpacking_is_deterministic_and_matches_go_layout() {
    let zip = goroot("go1.26.6").join("lib/fips140/v1.26.0.zip");
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    assert_eq!(code(&unpack(&zip, &a, &[])), 0);
    // Bazel pre-creates a tree artifact's directory: an empty OUT is fine.
    std::fs::create_dir(&b).unwrap();
    assert_eq!(code(&unpack(&zip, &b, &["--version", "v1.26.0"])), 0);
    assert_eq!(listing(&a), listing(&b));
    // Same file set as the zip minus the module prefix (the go command's
    // $GOMODCACHE/golang.org/fips140@v1.26.0 layout).
    let mut want: Vec<String> = zip_entries(&zip)
        .into_iter()
        .map(|(n, _)| n.strip_prefix(PREFIX).unwrap().to_string())
        .collect();
    want.sort();
    let got: Vec<String> = listing(&a)
        .into_iter()
        .filter(|e| e.1 == 'f')
        .map(|e| e.0)
        .collect();
    assert_eq!(got, want);
    chmod_writable(tmp.path());
}

#[test]
fn output_that_is_not_empty_is_left_alone() {
    let zip = goroot("go1.26.6").join("lib/fips140/v1.26.0.zip");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("keep"), b"mine").unwrap();
    let o = unpack(&zip, &out, &[]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("not an empty directory"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(out.join("keep")).unwrap(), b"mine");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn zip_version_must_match() {
    let zip = goroot("go1.26.6").join("lib/fips140/v1.26.0.zip");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = unpack(&zip, &out, &["--version", "v1.0.0-c2097c7c"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("outside the module prefix golang.org/fips140@v1.0.0-c2097c7c/"));
    assert!(!out.exists());
    let renamed = tmp.path().join("snapshot.zip");
    std::fs::copy(&zip, &renamed).unwrap();
    let o = unpack(&renamed, &out, &[]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("pass --version"), "{}", stderr(&o));
}

fn entry(rel: &str, data: &[u8]) -> RawEntry {
    RawEntry::deflated(&format!("{PREFIX}{rel}"), data)
}

fn good() -> RawEntry {
    entry("fips140/v1.26.0/sha256/sha256.go", b"package sha256\n")
}

/// Writes `zip` as v1.26.0.zip, unpacks it and checks the rejection: exit 2,
/// the reason on stderr, and nothing written next to OUT.
fn assert_rejected(what: &str, zip: Vec<u8>, want: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("v1.26.0.zip");
    std::fs::write(&zip_path, zip).unwrap();
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let out: PathBuf = work.join("out");
    let o = unpack(&zip_path, &out, &[]);
    assert_eq!(code(&o), 2, "{what}: accepted: {}", stdout(&o));
    assert!(
        stderr(&o).contains(want),
        "{what}: want {want:?} in {}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("nothing was written"), "{what}");
    let left: Vec<_> = std::fs::read_dir(&work).unwrap().collect();
    assert!(left.is_empty(), "{what}: left behind {left:?}");
}

#[test]
fn malicious_names_are_rejected() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("absolute path", b"/etc/cron.d/x".to_vec(), "absolute path"),
        (
            "parent escape",
            format!("{PREFIX}fips140/v1.26.0/../../../../tmp/x").into_bytes(),
            "\"..\" path element",
        ),
        ("leading ..", b"../../x.go".to_vec(), "\"..\" path element"),
        (
            "backslash",
            format!("{PREFIX}fips140\\v1.26.0\\..\\..\\x").into_bytes(),
            "backslash",
        ),
        (
            "invalid UTF-8",
            [PREFIX.as_bytes(), b"fips140/v1.26.0/a\xc3\x28.go"].concat(),
            "not valid UTF-8",
        ),
        (
            "NUL",
            format!("{PREFIX}fips140/v1.26.0/a\0.go").into_bytes(),
            "not allowed",
        ),
        ("drive letter", b"C:/x.go".to_vec(), "not allowed"),
        (
            "outside prefix",
            b"golang.org/x/crypto@v0.1.0/x.go".to_vec(),
            "outside the module prefix",
        ),
        (
            "other version",
            b"golang.org/fips140@v1.0.0-c2097c7c/LICENSE".to_vec(),
            "outside the module prefix",
        ),
        (
            "outside layout",
            format!("{PREFIX}go.mod").into_bytes(),
            "neither LICENSE nor under fips140/v1.26.0/",
        ),
    ];
    for (what, name, want) in cases {
        assert_rejected(
            what,
            build_zip(&[good(), RawEntry::new(&name, b"x", Method::Stored)]),
            want,
        );
    }
}

#[test]
fn duplicates_and_case_collisions_are_rejected() {
    assert_rejected("duplicate", build_zip(&[good(), good()]), "same name");
    assert_rejected(
        "case folding",
        build_zip(&[good(), entry("fips140/v1.26.0/SHA256/sha256.go", b"x")]),
        "case folding",
    );
    assert_rejected(
        "file name case",
        build_zip(&[good(), entry("fips140/v1.26.0/sha256/SHA256.go", b"b")]),
        "case folding",
    );
    assert_rejected(
        "file and directory",
        build_zip(&[entry("fips140/v1.26.0/sha256", b"x"), good()]),
        "as a directory",
    );
}

#[test]
fn non_regular_entries_are_rejected() {
    assert_rejected(
        "symlink",
        build_zip(&[
            good(),
            entry("fips140/v1.26.0/evil", b"/etc/passwd").with_unix_mode(0o120_777),
        ]),
        "symbolic link",
    );
    assert_rejected(
        "directory by name",
        build_zip(&[
            good(),
            RawEntry::stored(&format!("{PREFIX}fips140/v1.26.0/d/"), b""),
        ]),
        "directory entry",
    );
    assert_rejected(
        "directory by mode",
        build_zip(&[
            good(),
            entry("fips140/v1.26.0/d", b"").with_unix_mode(0o040_755),
        ]),
        "directory entry",
    );
    assert_rejected(
        "device",
        build_zip(&[
            good(),
            entry("fips140/v1.26.0/dev", b"").with_unix_mode(0o020_644),
        ]),
        "not a regular file",
    );
    assert_rejected(
        "encrypted",
        build_zip(&[good(), entry("fips140/v1.26.0/e.go", b"x").with_flags(1)]),
        "encrypted",
    );
}

#[test]
fn zip_bombs_and_lies_are_rejected() {
    // Real size above the declared size (a deflate bomb declaring 100 bytes).
    assert_rejected(
        "declared smaller",
        build_zip(&[
            good(),
            entry("fips140/v1.26.0/bomb.go", &vec![b'0'; 5 << 20]).with_declared_size(100),
        ]),
        "declared size",
    );
    // Real size below the declared size.
    assert_rejected(
        "declared larger",
        build_zip(&[
            good(),
            entry("fips140/v1.26.0/short.go", b"abc").with_declared_size(4000),
        ]),
        "rejected",
    );
    // One entry declaring more than the per-file limit (16 MiB).
    assert_rejected(
        "huge entry",
        build_zip(&[
            good(),
            entry("fips140/v1.26.0/huge.go", b"x").with_declared_size(64 << 20),
        ]),
        "exceeds the limit",
    );
    // Many entries whose declared sizes add up past the total limit (128 MiB).
    let many: Vec<RawEntry> = (0..10)
        .map(|i| entry(&format!("fips140/v1.26.0/p{i}.go"), b"x").with_declared_size(15 << 20))
        .collect();
    assert_rejected(
        "total size",
        build_zip(&many),
        "total declared uncompressed size",
    );
    // Too many entries (limit 10000).
    let lots: Vec<RawEntry> = (0..10_001)
        .map(|i| RawEntry::stored(&format!("{PREFIX}fips140/v1.26.0/f/{i}.go"), b""))
        .collect();
    assert_rejected("entry count", build_zip(&lots), "number of entries");
    // A bad CRC-32.
    assert_rejected(
        "crc",
        build_zip(&[
            good(),
            entry("fips140/v1.26.0/crc.go", b"abc").with_crc(0xdead_beef),
        ]),
        "corrupt data",
    );
    // Not a zip at all.
    assert_rejected(
        "garbage",
        b"MZ\x90\x00 not a zip".to_vec(),
        "not a valid zip",
    );
}
