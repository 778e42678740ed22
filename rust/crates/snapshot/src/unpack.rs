//! Safe, deterministic extraction of a snapshot zip.
//!
//! Layout: the zip's `golang.org/fips140@<v>/` prefix is stripped, so `OUT`
//! mirrors the go command's module-cache directory
//! `$GOMODCACHE/golang.org/fips140@<v>/`:
//!
//! ```text
//! OUT/LICENSE
//! OUT/fips140/<v>/<pkg>/<file>     # what the stdlib build binds in as
//!                                  # GOROOT/src/crypto/internal/fips140/<v>
//! ```
//!
//! LICENSE is kept (it is part of the module, and keeping it makes
//! `dirhash OUT --prefix golang.org/fips140@<v>` equal the zip's h1).
//!
//! Every check runs on the central directory before anything is written;
//! the files are then written into a fresh temporary directory next to
//! `OUT`, which is renamed to `OUT` only when complete. On any failure the
//! temporary directory is removed, so `OUT` is never partially written.
//! Rejected: names that are not UTF-8, contain a backslash, are absolute,
//! have empty, `.` or `..` elements or characters outside Go's module-path
//! file-name rules; duplicate names; names equal under case folding, or a
//! name that is both a file and a directory; directories, symlinks and every
//! other non-regular entry; encrypted entries and compression methods other
//! than store and deflate; entries outside `golang.org/fips140@<v>/`, or
//! inside it but neither `LICENSE` nor under `fips140/<v>/`; and sizes over
//! [`UnpackLimits`] or a real size that differs from the declared one (or a
//! bad CRC-32).
//!
//! Output is deterministic: files are written in sorted order, every file
//! and directory gets the modification time 1980-01-01T00:00:00Z
//! ([`FIXED_MTIME_UNIX`], the earliest zip time and what the snapshot zips
//! themselves record), files are mode 0444 and directories 0555.

use std::fs;
use std::path::{Path, PathBuf};

use fips_safezip::{Layout, Modes, Placement};
use serde::Serialize;
use thiserror::Error;

use crate::gocompat::{is_fips_version, Syntax};

pub use fips_safezip::{PlannedFile, RejectReason, FIXED_MTIME_UNIX};

/// Bounds that turn a zip bomb into an error. The genuine snapshots are
/// about 0.7 MB zipped, 2.4 MB unpacked, 231 files, 30 KB for the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnpackLimits {
    pub max_zip_bytes: u64,
    pub max_entries: usize,
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
}

impl Default for UnpackLimits {
    fn default() -> Self {
        UnpackLimits {
            max_zip_bytes: 64 << 20,
            max_entries: 10_000,
            max_file_bytes: 16 << 20,
            max_total_bytes: 128 << 20,
        }
    }
}

impl From<&UnpackLimits> for fips_safezip::Limits {
    fn from(l: &UnpackLimits) -> Self {
        fips_safezip::Limits {
            max_zip_bytes: l.max_zip_bytes,
            max_entries: l.max_entries,
            max_file_bytes: l.max_file_bytes,
            max_total_bytes: l.max_total_bytes,
        }
    }
}

/// Why a zip cannot be unpacked. Nothing has been written to `OUT` when
/// one of these is returned.
#[derive(Debug, Error)]
pub enum UnpackError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("not a valid zip file: {0}")]
    NotAZip(String),
    #[error("zip entry {name:?} rejected: {reason}")]
    Rejected { name: String, reason: RejectReason },
    #[error("the zip has several entries with the same name")]
    DuplicateNames,
    #[error("{what} ({actual}) exceeds the limit of {limit}")]
    Limit {
        what: &'static str,
        actual: u64,
        limit: u64,
    },
    #[error("the zip has no entries")]
    Empty,
    #[error("{0:?} is not a FIPS snapshot version (like v1.26.0 or v1.0.0-c2097c7c)")]
    BadVersion(String),
    #[error("cannot tell the snapshot version from the zip name {0:?}: pass --version")]
    NoVersion(String),
    #[error("{}: output exists and is not an empty directory", .0.display())]
    OutputNotEmpty(PathBuf),
}

impl From<fips_safezip::ZipError> for UnpackError {
    fn from(e: fips_safezip::ZipError) -> Self {
        use fips_safezip::ZipError as Z;
        match e {
            Z::Io { path, source } => UnpackError::Io { path, source },
            Z::NotAZip(m) => UnpackError::NotAZip(m),
            Z::Rejected { name, reason } => UnpackError::Rejected { name, reason },
            Z::DuplicateNames => UnpackError::DuplicateNames,
            Z::Limit {
                what,
                actual,
                limit,
            } => UnpackError::Limit {
                what,
                actual,
                limit,
            },
            Z::Empty => UnpackError::Empty,
            Z::OutputNotEmpty(p) | Z::OutputExists(p) => UnpackError::OutputNotEmpty(p),
        }
    }
}

/// What was unpacked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnpackReport {
    pub version: String,
    pub out: PathBuf,
    /// `OUT/fips140/<v>`: the directory that stands in for
    /// `GOROOT/src/crypto/internal/fips140/<v>`.
    pub snapshot_dir: PathBuf,
    pub files: usize,
    pub bytes: u64,
}

/// The result of checking a zip: the files to write, sorted by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub version: String,
    pub files: Vec<PlannedFile>,
    pub total_bytes: u64,
}

/// Checks that `version` is usable as a directory name and module version.
pub fn check_version(version: &str) -> Result<(), UnpackError> {
    let syntax_ok =
        is_fips_version(version, Syntax::Go124) || is_fips_version(version, Syntax::Go126);
    if !syntax_ok || version.contains(['/', '\\']) || version.contains("..") {
        return Err(UnpackError::BadVersion(version.to_string()));
    }
    Ok(())
}

/// The version a zip file name stands for: `v1.26.0.zip` is `v1.26.0`.
pub fn version_from_zip_name(zip: &Path) -> Result<String, UnpackError> {
    let name = zip.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let stem = name.strip_suffix(".zip").unwrap_or_default();
    check_version(stem).map_err(|_| UnpackError::NoVersion(name.to_string()))?;
    Ok(stem.to_string())
}

/// A snapshot's layout: `golang.org/fips140@<v>/LICENSE` and files under
/// `golang.org/fips140@<v>/fips140/<v>/`, the prefix stripped.
struct SnapshotLayout {
    version: String,
    prefix: String,
    tree: String,
}

impl Layout for SnapshotLayout {
    fn place(&self, name: &str) -> Result<Option<Placement>, RejectReason> {
        let Some(rel) = name.strip_prefix(&self.prefix) else {
            return Err(RejectReason::OutsidePrefix(self.prefix.clone()));
        };
        if rel != "LICENSE" && !rel.strip_prefix(&self.tree).is_some_and(|r| !r.is_empty()) {
            return Err(RejectReason::Layout(format!(
                "neither LICENSE nor under fips140/{}/",
                self.version
            )));
        }
        Ok(Some(Placement {
            rel: rel.to_string(),
            write: true,
        }))
    }
}

/// Runs every check on a zip held in memory; writes nothing.
pub fn plan(bytes: &[u8], version: &str, limits: &UnpackLimits) -> Result<Plan, UnpackError> {
    check_version(version)?;
    let layout = SnapshotLayout {
        version: version.to_string(),
        prefix: format!("golang.org/fips140@{version}/"),
        tree: format!("fips140/{version}/"),
    };
    let p = fips_safezip::plan(bytes, &layout, &limits.into())?;
    Ok(Plan {
        version: version.to_string(),
        files: p.files,
        total_bytes: p.total_bytes,
    })
}

/// Checks `zip` and unpacks it into `out`. The version defaults to the zip's
/// file name (`v1.26.0.zip`).
pub fn unpack(
    zip: &Path,
    out: &Path,
    version: Option<&str>,
    limits: &UnpackLimits,
) -> Result<UnpackReport, UnpackError> {
    let version = match version {
        Some(v) => v.to_string(),
        None => version_from_zip_name(zip)?,
    };
    let bytes = fips_dirhash::read_bounded(zip, limits.max_zip_bytes).map_err(|e| match e {
        fips_dirhash::DirhashError::Limit { limit, .. } => UnpackError::Limit {
            what: "zip file size",
            actual: fs::metadata(zip).map(|m| m.len()).unwrap_or(limit),
            limit,
        },
        fips_dirhash::DirhashError::Io { path, source } => UnpackError::Io { path, source },
        other => UnpackError::NotAZip(other.to_string()),
    })?;
    unpack_bytes(&bytes, out, &version, limits)
}

/// [`unpack`] for a zip held in memory.
pub fn unpack_bytes(
    bytes: &[u8],
    out: &Path,
    version: &str,
    limits: &UnpackLimits,
) -> Result<UnpackReport, UnpackError> {
    let plan = plan(bytes, version, limits)?;
    let generic = fips_safezip::Plan {
        files: plan.files.clone(),
        skipped: Vec::new(),
        total_bytes: plan.total_bytes,
    };
    fips_safezip::extract(bytes, &generic, out, Modes::READ_ONLY)?;
    Ok(UnpackReport {
        version: plan.version.clone(),
        out: out.to_path_buf(),
        snapshot_dir: out.join("fips140").join(&plan.version),
        files: plan.files.len(),
        bytes: plan.total_bytes,
    })
}

#[cfg(test)]
use fips_safezip::remove_tree;
#[cfg(test)]
use std::time::SystemTime;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{build_zip, snapshot_zip, Method, RawEntry};

    const V: &str = "v1.26.0";
    const P: &str = "golang.org/fips140@v1.26.0/";

    fn entry(rel: &str, data: &[u8]) -> RawEntry {
        RawEntry::deflated(&format!("{P}{rel}"), data)
    }

    fn good() -> RawEntry {
        entry("fips140/v1.26.0/aes/aes.go", b"package aes\n")
    }

    /// Unpacks `zip` into a fresh directory; on error checks that nothing
    /// at all was written next to OUT.
    fn try_unpack(zip: &[u8]) -> Result<UnpackReport, UnpackError> {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let r = unpack_bytes(zip, &out, V, &UnpackLimits::default());
        if r.is_err() {
            let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
            assert!(left.is_empty(), "left behind: {left:?}");
        }
        remove_tree(dir.path());
        r
    }

    fn rejected(entries: Vec<RawEntry>) -> String {
        match try_unpack(&build_zip(&entries)) {
            Err(e) => e.to_string(),
            Ok(r) => panic!("accepted: {r:?}"),
        }
    }

    #[test]
    fn unpacks_layout_deterministically() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let r = unpack_bytes(&snapshot_zip(V), &out, V, &UnpackLimits::default()).unwrap();
        assert_eq!(r.files, 4);
        assert_eq!(r.snapshot_dir, out.join("fips140/v1.26.0"));
        assert_eq!(
            fs::read(out.join("LICENSE")).unwrap(),
            b"Copyright The Go Authors\n"
        );
        let f = out.join("fips140/v1.26.0/sha256/sha256.go");
        assert_eq!(fs::read(&f).unwrap(), b"package sha256\n");
        let m = fs::metadata(&f).unwrap();
        assert!(m.permissions().readonly());
        let secs = |m: &fs::Metadata| {
            m.modified()
                .unwrap()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_secs()
        };
        assert_eq!(secs(&m), FIXED_MTIME_UNIX);
        for d in ["", "fips140", "fips140/v1.26.0", "fips140/v1.26.0/aes"] {
            let m = fs::metadata(out.join(d)).unwrap();
            assert_eq!(secs(&m), FIXED_MTIME_UNIX, "{d}");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                assert_eq!(m.permissions().mode() & 0o777, 0o555, "{d}");
            }
        }
        // The temporary directory is gone.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out"]);
        // The unpacked tree hashes like the zip.
        let zip_h1 = fips_dirhash::summarize_zip_bytes(
            &snapshot_zip(V),
            Path::new("z"),
            &fips_dirhash::Limits::default(),
        )
        .unwrap()
        .h1();
        assert_eq!(
            fips_dirhash::hash_dir(&out, "golang.org/fips140@v1.26.0").unwrap(),
            zip_h1
        );
        remove_tree(dir.path());
    }

    #[test]
    fn empty_output_dir_is_replaced_and_full_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        unpack_bytes(&snapshot_zip(V), &out, V, &UnpackLimits::default()).unwrap();
        let err = unpack_bytes(&snapshot_zip(V), &out, V, &UnpackLimits::default()).unwrap_err();
        assert!(matches!(err, UnpackError::OutputNotEmpty(_)), "{err}");
        remove_tree(dir.path());
    }

    #[test]
    fn rejects_bad_names() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"/etc/passwd".to_vec(), "absolute path"),
            (
                format!("{P}fips140/v1.26.0/../../../x").into_bytes(),
                "\"..\" path element",
            ),
            (b"../x".to_vec(), "\"..\" path element"),
            (
                format!("{P}fips140/v1.26.0/./x").into_bytes(),
                "\".\" path element",
            ),
            (
                format!("{P}fips140\\v1.26.0\\x.go").into_bytes(),
                "backslash",
            ),
            (
                format!("{P}fips140/v1.26.0//x.go").into_bytes(),
                "empty path element",
            ),
            (
                [P.as_bytes(), b"fips140/v1.26.0/\xff.go"].concat(),
                "not valid UTF-8",
            ),
            (
                format!("{P}fips140/v1.26.0/a:b.go").into_bytes(),
                "character ':'",
            ),
            (
                format!("{P}fips140/v1.26.0/a\nb.go").into_bytes(),
                "character '\\n'",
            ),
            (
                format!("{P}fips140/v1.26.0/dir/").into_bytes(),
                "directory entry",
            ),
            (
                b"golang.org/fips140@v1.0.0/fips140/v1.0.0/x.go".to_vec(),
                "outside the module prefix",
            ),
            (b"other/x.go".to_vec(), "outside the module prefix"),
            (
                format!("{P}go.mod").into_bytes(),
                "neither LICENSE nor under fips140/v1.26.0/",
            ),
            (
                format!("{P}fips140/v1.0.0/x.go").into_bytes(),
                "neither LICENSE",
            ),
        ];
        for (name, want) in cases {
            let msg = rejected(vec![good(), RawEntry::new(&name, b"x", Method::Stored)]);
            assert!(
                msg.contains(want),
                "{:?}: {msg}",
                String::from_utf8_lossy(&name)
            );
        }
    }

    #[test]
    fn rejects_non_regular_entries() {
        let link = entry("fips140/v1.26.0/link", b"/etc/passwd").with_unix_mode(0o120_777);
        assert!(rejected(vec![good(), link]).contains("symbolic link"));
        let dir = entry("fips140/v1.26.0/d", b"").with_unix_mode(0o040_755);
        assert!(rejected(vec![good(), dir]).contains("directory entry"));
        let fifo = entry("fips140/v1.26.0/f", b"").with_unix_mode(0o010_644);
        assert!(rejected(vec![good(), fifo]).contains("not a regular file"));
        let enc = entry("fips140/v1.26.0/e.go", b"x").with_flags(1);
        assert!(rejected(vec![good(), enc]).contains("encrypted"));
        // A regular Unix file is fine.
        let reg = entry("fips140/v1.26.0/r.go", b"x").with_unix_mode(0o100_644);
        try_unpack(&build_zip(&[good(), reg])).unwrap();
    }

    #[test]
    fn rejects_duplicates_and_collisions() {
        let msg = rejected(vec![good(), good()]);
        assert!(msg.contains("same name"), "{msg}");
        let msg = rejected(vec![good(), entry("fips140/v1.26.0/AES/aes.go", b"x")]);
        assert!(msg.contains("case folding"), "{msg}");
        let msg = rejected(vec![good(), entry("fips140/v1.26.0/aes/AES.GO", b"x")]);
        assert!(msg.contains("case folding"), "{msg}");
        let msg = rejected(vec![
            entry("fips140/v1.26.0/x", b"file"),
            entry("fips140/v1.26.0/x/y.go", b"x"),
        ]);
        assert!(msg.contains("as a directory"), "{msg}");
        let msg = rejected(vec![
            entry("fips140/v1.26.0/X", b"file"),
            entry("fips140/v1.26.0/x/y.go", b"x"),
        ]);
        assert!(msg.contains("as a directory"), "{msg}");
    }

    #[test]
    fn rejects_bombs_and_lies() {
        // Declared smaller than real (deflated and stored).
        let lie = entry("fips140/v1.26.0/big.go", &[b'a'; 10_000]).with_declared_size(10);
        assert!(rejected(vec![good(), lie]).contains("declared size"));
        let lie = RawEntry::stored(&format!("{P}fips140/v1.26.0/big.go"), &[b'a'; 100])
            .with_declared_size(10);
        let msg = rejected(vec![good(), lie]);
        assert!(msg.contains("rejected"), "{msg}");
        // Declared larger than real.
        let short = entry("fips140/v1.26.0/short.go", b"abc").with_declared_size(1000);
        assert!(rejected(vec![good(), short]).contains("rejected"));
        // Bad CRC.
        let crc = entry("fips140/v1.26.0/crc.go", b"abc").with_crc(1);
        assert!(rejected(vec![good(), crc]).contains("corrupt data"));
        // Per-file and total limits, on declared sizes, before writing.
        let zip = build_zip(&[good(), entry("fips140/v1.26.0/z.go", &vec![0u8; 4096])]);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let small = UnpackLimits {
            max_file_bytes: 1000,
            ..UnpackLimits::default()
        };
        let err = unpack_bytes(&zip, &out, V, &small).unwrap_err().to_string();
        assert!(err.contains("exceeds the limit"), "{err}");
        let small = UnpackLimits {
            max_total_bytes: 1000,
            ..UnpackLimits::default()
        };
        let err = unpack_bytes(&zip, &out, V, &small).unwrap_err().to_string();
        assert!(err.contains("total declared uncompressed size"), "{err}");
        let small = UnpackLimits {
            max_entries: 1,
            ..UnpackLimits::default()
        };
        let err = unpack_bytes(&zip, &out, V, &small).unwrap_err().to_string();
        assert!(err.contains("number of entries"), "{err}");
        let small = UnpackLimits {
            max_zip_bytes: 100,
            ..UnpackLimits::default()
        };
        let err = unpack_bytes(&zip, &out, V, &small).unwrap_err().to_string();
        assert!(err.contains("zip file size"), "{err}");
        assert!(!out.exists());
    }

    #[test]
    fn rejects_garbage_and_empty() {
        assert!(matches!(
            try_unpack(b"not a zip"),
            Err(UnpackError::NotAZip(_))
        ));
        assert!(matches!(
            try_unpack(&build_zip(&[])),
            Err(UnpackError::Empty)
        ));
    }

    #[test]
    fn version_handling() {
        assert_eq!(
            version_from_zip_name(Path::new("/x/v1.26.0.zip")).unwrap(),
            "v1.26.0"
        );
        assert_eq!(
            version_from_zip_name(Path::new("v1.0.0-c2097c7c.zip")).unwrap(),
            "v1.0.0-c2097c7c"
        );
        assert!(version_from_zip_name(Path::new("snapshot.zip")).is_err());
        for bad in ["", "..", "v1.0.0-ab/cdefg", "v1.0.0-ab..cdef", "latest"] {
            assert!(check_version(bad).is_err(), "{bad}");
        }
        // The zip's prefix must match the version asked for.
        let zip = snapshot_zip("v1.0.0-c2097c7c");
        let err = try_unpack(&zip).unwrap_err().to_string();
        assert!(
            err.contains("outside the module prefix golang.org/fips140@v1.26.0/"),
            "{err}"
        );
    }
}
