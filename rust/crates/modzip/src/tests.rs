use std::fs;
use std::path::Path;

use fips_safezip::testing::{build_zip, Method, RawEntry};

use super::*;

const P: &str = "example.com/m";
const V: &str = "v1.2.0";
const MOD: &[u8] = b"module example.com/m\n\ngo 1.21\n";

fn e(rel: &str, data: &[u8]) -> RawEntry {
    RawEntry::deflated(&format!("{P}@{V}/{rel}"), data)
}

fn zip_h1(zip: &[u8]) -> String {
    fips_dirhash::summarize_zip_bytes(zip, Path::new("z"), &fips_dirhash::Limits::default())
        .unwrap()
        .h1()
}

fn good_zip() -> Vec<u8> {
    build_zip(&[
        RawEntry::stored(&format!("{P}@{V}/"), b""),
        e("go.mod", MOD),
        e("LICENSE", b"license\n"),
        e("m.go", b"package m\n"),
        e("BUILD.bazel", b"go_library(...)\n"),
        RawEntry::stored(&format!("{P}@{V}/sub/"), b""),
        e("sub/BUILD", b"x"),
        e("sub/s.go", b"package sub\n"),
        e("testdata/WORKSPACE", b""),
    ])
}

/// Runs an unpack into a fresh directory; on error, checks that nothing
/// was left there.
fn run(zip: &[u8], req: &Request<'_>) -> Result<(Report, tempfile::TempDir), ModuleZipError> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    match unpack_bytes(zip, req, &out) {
        Ok(r) => Ok((r, dir)),
        Err(err) => {
            assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "{err}");
            Err(err)
        }
    }
}

fn req<'a>(h1: &'a str, mod_h1: &'a str) -> Request<'a> {
    Request {
        path: P,
        version: V,
        zip_h1: h1,
        go_mod: Some((MOD, mod_h1)),
        required_as: None,
        into_existing: false,
    }
}

#[test]
fn unpacks_a_verified_module() {
    let zip = good_zip();
    let (h1, mod_h1) = (zip_h1(&zip), go_mod_h1(MOD));
    let (r, dir) = run(&zip, &req(&h1, &mod_h1)).unwrap();
    let out = dir.path().join("out");
    assert_eq!(r.files, 4);
    assert_eq!(
        r.dropped,
        ["BUILD.bazel", "sub/BUILD", "testdata/WORKSPACE"]
    );
    assert_eq!(r.zip_go_mod, ZipGoMod::Same);
    assert_eq!(r.go.as_deref(), Some("1.21"));
    assert_eq!(r.h1, h1);
    assert_eq!(fs::read(out.join("sub/s.go")).unwrap(), b"package sub\n");
    assert!(!out.join("BUILD.bazel").exists() && !out.join("sub/BUILD").exists());
    // Like go's Unzip, directories come only from the files written.
    assert!(!out.join("testdata").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| fs::metadata(out.join(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode("m.go"), mode("sub"), mode("")), (0o644, 0o755, 0o755));
    }
    let mtime = fs::metadata(out.join("sub/s.go"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        mtime
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
        fips_safezip::FIXED_MTIME_UNIX
    );
    // The unpacked tree hashes like a zip of the files kept.
    let kept = build_zip(&[
        e("LICENSE", b"license\n"),
        e("go.mod", MOD),
        e("m.go", b"package m\n"),
        e("sub/s.go", b"package sub\n"),
    ]);
    assert_eq!(
        fips_dirhash::hash_dir(&out, &format!("{P}@{V}")).unwrap(),
        zip_h1(&kept)
    );
}

#[test]
fn the_go_mod_in_the_zip_may_differ_or_be_absent() {
    let zip = build_zip(&[
        e("go.mod", b"module example.com/other\n"),
        e("m.go", b"package m\n"),
    ]);
    let (h1, mod_h1) = (zip_h1(&zip), go_mod_h1(MOD));
    assert_eq!(
        run(&zip, &req(&h1, &mod_h1)).unwrap().0.zip_go_mod,
        ZipGoMod::Differs
    );
    let zip = build_zip(&[e("m.go", b"package m\n")]);
    let h1 = zip_h1(&zip);
    assert_eq!(
        run(&zip, &req(&h1, &mod_h1)).unwrap().0.zip_go_mod,
        ZipGoMod::Absent
    );
    let no_mod = Request {
        go_mod: None,
        ..req(&h1, "")
    };
    let r = run(&zip, &no_mod).unwrap().0;
    assert_eq!((r.zip_go_mod, r.go), (ZipGoMod::Unchecked, None));
    // An empty module zip is a module with no files.
    let empty = build_zip(&[]);
    let h1 = zip_h1(&empty);
    assert_eq!(run(&empty, &req(&h1, &mod_h1)).unwrap().0.files, 0);
}

#[test]
fn hash_mismatches_name_both_hashes() {
    let zip = good_zip();
    let (h1, mod_h1) = (zip_h1(&zip), go_mod_h1(MOD));
    let bad = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let err = run(&zip, &req(bad, &mod_h1)).unwrap_err();
    assert!(err.is_mismatch());
    assert_eq!(
        err.to_string(),
        format!("example.com/m@v1.2.0: zip {h1} does not match go.sum ({bad}): the proxy served other content than go.sum records (a changed or tampered proxy or cache, or a wrong go.sum line); nothing was written")
    );
    let err = run(&zip, &req(&h1, bad)).unwrap_err();
    assert!(err.is_mismatch());
    assert!(
        err.to_string().starts_with(&format!(
            "example.com/m@v1.2.0: go.mod {mod_h1} does not match go.sum's example.com/m v1.2.0/go.mod line ({bad})"
        )),
        "{err}"
    );
    // The zip hash is checked before any entry: a hostile zip with a wrong
    // hash is a mismatch, not a rejected entry.
    let evil = build_zip(&[RawEntry::new(b"../../etc/passwd", b"x", Method::Stored)]);
    assert!(run(&evil, &req(bad, &mod_h1)).unwrap_err().is_mismatch());
}

#[test]
fn the_mod_file_must_name_the_module() {
    let zip = good_zip();
    let h1 = zip_h1(&zip);
    let other: &[u8] = b"module example.com/fork\n";
    let oh1 = go_mod_h1(other);
    let r = Request {
        go_mod: Some((other, &oh1)),
        ..req(&h1, "")
    };
    assert_eq!(
        run(&zip, &r).unwrap_err().to_string(),
        "example.com/m@v1.2.0: parsing go.mod:\n\tmodule declares its path as: example.com/fork\n\t        but was required as: example.com/m"
    );
    // A replacement's go.mod may name the path it replaces.
    let r = Request {
        required_as: Some("example.com/fork"),
        ..r
    };
    run(&zip, &r).unwrap();
    let none: &[u8] = b"go 1.21\n";
    let nh1 = go_mod_h1(none);
    let r = Request {
        go_mod: Some((none, &nh1)),
        ..req(&h1, "")
    };
    assert_eq!(
        run(&zip, &r).unwrap_err().to_string(),
        "example.com/m@v1.2.0: parsing go.mod: missing module line"
    );
    let bad: &[u8] = b"module example.com/m\nrequire x\n";
    let bh1 = go_mod_h1(bad);
    let r = Request {
        go_mod: Some((bad, &bh1)),
        ..req(&h1, "")
    };
    assert_eq!(
        run(&zip, &r).unwrap_err().to_string(),
        "example.com/m@v1.2.0: parsing go.mod: go.mod:2: usage: require module/path v1.2.3"
    );
}

#[test]
fn refuses_bad_module_versions() {
    let zip = good_zip();
    let h1 = zip_h1(&zip);
    let cases = [
        (
            P,
            "v1.2",
            "example.com/m@v1.2: version \"v1.2\" is not canonical (should be \"v1.2.0\")",
        ),
        (
            P,
            "v2.0.0",
            "module example.com/m: version \"v2.0.0\" invalid: should be v0 or v1, not v2",
        ),
        (
            "example.com/m/v2",
            "v1.0.0",
            "module example.com/m/v2: version \"v1.0.0\" invalid: should be v2, not v1",
        ),
        (
            "Example.com/m",
            "v1.0.0",
            "malformed module path \"Example.com/m\": invalid char 'E' in first path element",
        ),
    ];
    for (path, version, want) in cases {
        let r = Request {
            path,
            version,
            zip_h1: &h1,
            go_mod: None,
            required_as: None,
            into_existing: false,
        };
        assert_eq!(run(&zip, &r).unwrap_err().to_string(), want);
    }
}

#[test]
fn refuses_what_go_refuses_and_more() {
    let cases: Vec<(Vec<RawEntry>, &str)> = vec![
        (vec![RawEntry::stored("other@v1.0.0/x.go", b"")], "outside the module prefix example.com/m@v1.2.0/"),
        (vec![RawEntry::stored(&format!("{P}@{V}"), b"")], "outside the module prefix"),
        (vec![e("sub/go.mod", b"module x\n")], "go.mod file not in module root directory"),
        (vec![e("GO.MOD", b"module x\n")], "go.mod files must have lowercase names"),
        (vec![e("a/con.go", b"")], "malformed file path \"a/con.go\": \"con\" disallowed as path element component on Windows"),
        (vec![e("a.go", b""), e("A.go", b"")], "case folding"),
        (vec![e("a/x.go", b""), e("A/y.go", b"")], "case folding"),
        (vec![e("a", b""), e("a/y.go", b"")], "as a directory"),
        (vec![e("a", b""), RawEntry::stored(&format!("{P}@{V}/a/"), b"")], "as a directory"),
        (vec![e("l", b"/etc/passwd").with_unix_mode(0o120_777)], "symbolic link"),
        (vec![e("x.go", b"abc").with_crc(1)], "cannot hash the zip"),
        (vec![e("x.go", &[b'a'; 100]).with_declared_size(10)], "cannot hash the zip"),
        (vec![e("../x.go", b"")], "\"..\" path element"),
        (vec![e("LICENSE", &vec![0; (16 << 20) + 1])], "exceeds the limit of 16777216 bytes"),
    ];
    for (entries, want) in cases {
        let zip = build_zip(&entries);
        let h1 = fips_dirhash::summarize_zip_bytes(&zip, Path::new("z"), &Default::default())
            .map(|s| s.h1())
            .unwrap_or_default();
        let r = Request {
            go_mod: None,
            ..req(&h1, "")
        };
        let msg = run(&zip, &r)
            .map(|r| format!("accepted {r:?}"))
            .unwrap_or_else(|e| e.to_string());
        assert!(msg.contains(want), "{want}: {msg}");
        assert!(
            msg.ends_with("; nothing was written") || msg.starts_with("accepted"),
            "{msg}"
        );
    }
}

#[test]
fn a_full_output_directory_is_refused() {
    let zip = good_zip();
    let (h1, mod_h1) = (zip_h1(&zip), go_mod_h1(MOD));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    unpack_bytes(&zip, &req(&h1, &mod_h1), &out).unwrap();
    let err = unpack_bytes(&zip, &req(&h1, &mod_h1), &out).unwrap_err();
    assert!(
        err.to_string()
            .contains("output exists and is not an empty directory"),
        "{err}"
    );
}

#[test]
fn into_a_repository_directory_beside_the_download() {
    let zip = good_zip();
    let (h1, mod_h1) = (zip_h1(&zip), go_mod_h1(MOD));
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("_module.zip"), &zip).unwrap();
    let r = Request {
        into_existing: true,
        ..req(&h1, &mod_h1)
    };
    let report = unpack_bytes(&zip, &r, dir.path()).unwrap();
    assert_eq!(report.files, 4);
    assert!(dir.path().join("sub/s.go").is_file() && dir.path().join("_module.zip").is_file());
    let err = unpack_bytes(&zip, &r, dir.path()).unwrap_err().to_string();
    assert!(err.contains("already exists"), "{err}");
}
