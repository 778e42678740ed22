//! The generic checks with a layout that takes directory entries and
//! leaves some files out (the snapshot's tests cover the rest).

use super::*;
use crate::testing::{build_zip, RawEntry};

struct Keep;

impl Layout for Keep {
    fn place(&self, name: &str) -> Result<Option<Placement>, RejectReason> {
        if name.starts_with("ignored/") {
            return Ok(None);
        }
        Ok(Some(Placement {
            rel: name.to_string(),
            write: !name.ends_with(".skip"),
        }))
    }

    fn directory(&self, name: &str) -> Result<Option<String>, RejectReason> {
        Ok(Some(name.to_string()))
    }

    fn file_limit(&self, rel: &str, limits: &Limits) -> u64 {
        if rel == "small" {
            2
        } else {
            limits.max_file_bytes
        }
    }

    fn allow_empty(&self) -> bool {
        true
    }
}

const LIMITS: Limits = Limits {
    max_zip_bytes: 1 << 20,
    max_entries: 100,
    max_file_bytes: 1 << 20,
    max_total_bytes: 1 << 20,
};

fn plan_of(entries: &[RawEntry]) -> Result<(Vec<u8>, Plan), ZipError> {
    let zip = build_zip(entries);
    plan(&zip, &Keep, &LIMITS).map(|p| (zip, p))
}

#[test]
fn directories_skips_and_reads() {
    let (zip, p) = plan_of(&[
        RawEntry::stored("d/", b""),
        RawEntry::deflated("d/b.go", b"bb"),
        RawEntry::stored("a.skip", b"s"),
        RawEntry::stored("ignored/A", b""),
        RawEntry::stored("IGNORED/a", b""),
    ])
    .unwrap();
    let rels: Vec<&str> = p.files.iter().map(|f| f.rel.as_str()).collect();
    assert_eq!(rels, ["IGNORED/a", "d/b.go"]);
    assert_eq!(p.skipped, ["a.skip"]);
    assert_eq!(p.total_bytes, 3);
    assert_eq!(read_entry(&zip, &p.files[1]).unwrap(), b"bb");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    extract(
        &zip,
        &p,
        &out,
        Modes {
            file: 0o600,
            dir: 0o700,
        },
    )
    .unwrap();
    assert_eq!(fs::read(out.join("d/b.go")).unwrap(), b"bb");
    assert!(!out.join("a.skip").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(out.join("d")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
    assert!(plan(&build_zip(&[]), &Keep, &LIMITS)
        .unwrap()
        .files
        .is_empty());
}

#[test]
fn collisions_count_directories_and_skipped_files() {
    let msg = |entries: &[RawEntry]| plan_of(entries).unwrap_err().to_string();
    // Two spellings of one directory.
    let m = msg(&[RawEntry::stored("a/x", b""), RawEntry::stored("A/y", b"")]);
    assert_eq!(
        m,
        "zip entry \"A/y\" rejected: same name as \"a/x\" under case folding"
    );
    let m = msg(&[RawEntry::stored("a/", b""), RawEntry::stored("A/y", b"")]);
    assert!(m.contains("under case folding"), "{m}");
    // A directory entry over a file.
    let m = msg(&[RawEntry::stored("f", b""), RawEntry::stored("f/", b"")]);
    assert_eq!(
        m,
        "zip entry \"f\" rejected: is a file, but \"f\" uses it as a directory"
    );
    // A file left out still collides.
    let m = msg(&[
        RawEntry::stored("x.skip", b""),
        RawEntry::stored("X.SKIP", b""),
    ]);
    assert!(m.contains("under case folding"), "{m}");
    // The layout's own file limit.
    let m = msg(&[RawEntry::stored("small", b"abc")]);
    assert!(m.contains("exceeds the limit of 2 bytes"), "{m}");
}

#[test]
fn read_zip_bounds_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("z.zip");
    fs::write(&p, build_zip(&[RawEntry::stored("a", b"a")])).unwrap();
    assert!(read_zip(&p, 1 << 20).is_ok());
    let err = read_zip(&p, 10).unwrap_err().to_string();
    assert!(err.starts_with("zip file size"), "{err}");
    assert!(read_zip(&dir.path().join("missing"), 10).is_err());
}

const WRITABLE: Modes = Modes {
    file: 0o644,
    dir: 0o755,
};

#[test]
fn extract_into_a_directory_with_other_files() {
    let (zip, p) = plan_of(&[
        RawEntry::stored("d/b.go", b"bb"),
        RawEntry::stored("top.go", b"t"),
    ])
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("module.zip"), b"zip").unwrap();
    extract_into(&zip, &p, dir.path(), WRITABLE).unwrap();
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["d", "module.zip", "top.go"]);
    assert_eq!(fs::read(dir.path().join("d/b.go")).unwrap(), b"bb");
    // A second time, the module's names are taken: nothing changes.
    let err = extract_into(&zip, &p, dir.path(), WRITABLE).unwrap_err();
    assert!(err.to_string().ends_with("/d: already exists"), "{err}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
    // A corrupt entry leaves nothing behind either.
    let bad = build_zip(&[RawEntry::stored("e/x", b"abc").with_crc(1)]);
    let bp = plan(&bad, &Keep, &LIMITS).unwrap();
    assert!(extract_into(&bad, &bp, dir.path(), WRITABLE).is_err());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
}
