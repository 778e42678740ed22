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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Serialize;
use thiserror::Error;

use crate::gocompat::{is_fips_version, Syntax};

/// 1980-01-01T00:00:00Z, the modification time of every unpacked file and
/// directory.
pub const FIXED_MTIME_UNIX: u64 = 315_532_800;

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

/// Why one entry is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    InvalidUtf8,
    Backslash,
    AbsolutePath,
    EmptyElement,
    DotElement(String),
    BadCharacter(char),
    Directory,
    Symlink,
    NotRegular(u32),
    OutsidePrefix(String),
    OutsideLayout(String),
    Encrypted,
    Compression(String),
    CaseCollision(String),
    FileAndDirectory(String),
    TooLarge { size: u64, limit: u64 },
    SizeMismatch { declared: u64, real: u64 },
    Corrupt(String),
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::InvalidUtf8 => write!(f, "name is not valid UTF-8"),
            RejectReason::Backslash => write!(f, "name contains a backslash"),
            RejectReason::AbsolutePath => write!(f, "absolute path"),
            RejectReason::EmptyElement => write!(f, "empty path element"),
            RejectReason::DotElement(e) => write!(f, "{e:?} path element"),
            RejectReason::BadCharacter(c) => {
                write!(f, "character {c:?} not allowed in a module file name")
            }
            RejectReason::Directory => {
                write!(f, "directory entry (only regular files are allowed)")
            }
            RejectReason::Symlink => write!(f, "symbolic link (only regular files are allowed)"),
            RejectReason::NotRegular(mode) => write!(
                f,
                "not a regular file (mode {mode:o}; only regular files are allowed)"
            ),
            RejectReason::OutsidePrefix(p) => write!(f, "outside the module prefix {p}"),
            RejectReason::OutsideLayout(v) => {
                write!(f, "neither LICENSE nor under fips140/{v}/")
            }
            RejectReason::Encrypted => write!(f, "encrypted entry"),
            RejectReason::Compression(m) => {
                write!(
                    f,
                    "compression method {m} (only store and deflate are allowed)"
                )
            }
            RejectReason::CaseCollision(other) => {
                write!(f, "same name as {other:?} under case folding")
            }
            RejectReason::FileAndDirectory(other) => {
                write!(f, "is a file, but {other:?} uses it as a directory")
            }
            RejectReason::TooLarge { size, limit } => {
                write!(
                    f,
                    "declared size {size} bytes exceeds the limit of {limit} bytes"
                )
            }
            RejectReason::SizeMismatch { declared, real } => write!(
                f,
                "real size differs from the declared size ({declared} bytes): at least {real} bytes"
            ),
            RejectReason::Corrupt(m) => write!(f, "corrupt data: {m}"),
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

/// One entry that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Index in the zip's central directory.
    pub index: usize,
    /// Path below `OUT`, slash-separated.
    pub rel: String,
    pub size: u64,
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

fn reject(name: &[u8], reason: RejectReason) -> UnpackError {
    UnpackError::Rejected {
        name: String::from_utf8_lossy(name).into_owned(),
        reason,
    }
}

/// Go's module file-name characters (`module.CheckFilePath`): ASCII letters,
/// digits and `!#$%&()+,-.=@[]^_{}~ `, and non-ASCII letters.
fn allowed_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || "!#$%&()+,-.=@[]^_{}~ ".contains(c)
    } else {
        c.is_alphabetic()
    }
}

/// Checks an entry name's syntax; returns it as text.
fn check_name(raw: &[u8]) -> Result<&str, UnpackError> {
    let name = std::str::from_utf8(raw).map_err(|_| reject(raw, RejectReason::InvalidUtf8))?;
    if name.contains('\\') {
        return Err(reject(raw, RejectReason::Backslash));
    }
    if name.starts_with('/') {
        return Err(reject(raw, RejectReason::AbsolutePath));
    }
    if name.ends_with('/') {
        return Err(reject(raw, RejectReason::Directory));
    }
    for elem in name.split('/') {
        if elem.is_empty() {
            return Err(reject(raw, RejectReason::EmptyElement));
        }
        if elem == "." || elem == ".." {
            return Err(reject(raw, RejectReason::DotElement(elem.to_string())));
        }
        if let Some(c) = elem.chars().find(|&c| !allowed_char(c)) {
            return Err(reject(raw, RejectReason::BadCharacter(c)));
        }
    }
    Ok(name)
}

/// Case folding for collision checks (full Unicode upper- then lower-case,
/// so that e.g. `ſ`, `s` and `S` fold together).
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Runs every check on a zip held in memory; writes nothing.
pub fn plan(bytes: &[u8], version: &str, limits: &UnpackLimits) -> Result<Plan, UnpackError> {
    check_version(version)?;
    if bytes.len() as u64 > limits.max_zip_bytes {
        return Err(UnpackError::Limit {
            what: "zip file size",
            actual: bytes.len() as u64,
            limit: limits.max_zip_bytes,
        });
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| UnpackError::NotAZip(e.to_string()))?;
    if archive.has_duplicate_names() {
        return Err(UnpackError::DuplicateNames);
    }
    if archive.len() > limits.max_entries {
        return Err(UnpackError::Limit {
            what: "number of entries",
            actual: archive.len() as u64,
            limit: limits.max_entries as u64,
        });
    }
    if archive.is_empty() {
        return Err(UnpackError::Empty);
    }
    let prefix = format!("golang.org/fips140@{version}/");
    let tree = format!("fips140/{version}/");
    let mut files = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|e| UnpackError::NotAZip(e.to_string()))?;
        let raw = entry.name_raw();
        let name = check_name(raw)?;
        let Some(rel) = name.strip_prefix(&prefix) else {
            return Err(reject(raw, RejectReason::OutsidePrefix(prefix.clone())));
        };
        if rel != "LICENSE" && !rel.strip_prefix(&tree).is_some_and(|r| !r.is_empty()) {
            return Err(reject(
                raw,
                RejectReason::OutsideLayout(version.to_string()),
            ));
        }
        if let Some(mode) = entry.unix_mode() {
            match mode & 0o170_000 {
                0 | 0o100_000 => {}
                0o040_000 => return Err(reject(raw, RejectReason::Directory)),
                0o120_000 => return Err(reject(raw, RejectReason::Symlink)),
                _ => return Err(reject(raw, RejectReason::NotRegular(mode))),
            }
        }
        if entry.encrypted() {
            return Err(reject(raw, RejectReason::Encrypted));
        }
        match entry.compression() {
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated => {}
            other => return Err(reject(raw, RejectReason::Compression(format!("{other:?}")))),
        }
        let size = entry.size();
        if size > limits.max_file_bytes {
            return Err(reject(
                raw,
                RejectReason::TooLarge {
                    size,
                    limit: limits.max_file_bytes,
                },
            ));
        }
        total = total.saturating_add(size);
        if total > limits.max_total_bytes {
            return Err(UnpackError::Limit {
                what: "total declared uncompressed size",
                actual: total,
                limit: limits.max_total_bytes,
            });
        }
        files.push(PlannedFile {
            index,
            rel: rel.to_string(),
            size,
        });
    }
    check_collisions(&files, &prefix)?;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(Plan {
        version: version.to_string(),
        files,
        total_bytes: total,
    })
}

/// Names equal under case folding, and names used both as a file and as a
/// directory (which would make extraction fail half-way).
fn check_collisions(files: &[PlannedFile], prefix: &str) -> Result<(), UnpackError> {
    let mut by_fold: BTreeMap<String, &str> = BTreeMap::new();
    for f in files {
        let folded = fold(&f.rel);
        if let Some(other) = by_fold.insert(folded, &f.rel) {
            return Err(UnpackError::Rejected {
                name: format!("{prefix}{}", f.rel),
                reason: RejectReason::CaseCollision(format!("{prefix}{other}")),
            });
        }
    }
    let mut dirs: BTreeMap<String, &str> = BTreeMap::new();
    for f in files {
        let mut end = 0;
        while let Some(pos) = f.rel.get(end..).and_then(|r| r.find('/')) {
            end += pos;
            if let Some(dir) = f.rel.get(..end) {
                dirs.entry(fold(dir)).or_insert(&f.rel);
            }
            end += 1;
        }
    }
    for (folded, file) in &by_fold {
        if let Some(user) = dirs.get(folded) {
            return Err(UnpackError::Rejected {
                name: format!("{prefix}{file}"),
                reason: RejectReason::FileAndDirectory(format!("{prefix}{user}")),
            });
        }
    }
    Ok(())
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
    check_output(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|source| UnpackError::Io {
        path: parent.clone(),
        source,
    })?;
    let tmp = make_temp_dir(&parent, out)?;
    let result = write_tree(bytes, &plan, &tmp).and_then(|()| replace_output(&tmp, out));
    if let Err(e) = result {
        remove_tree(&tmp);
        return Err(e);
    }
    Ok(UnpackReport {
        version: plan.version.clone(),
        out: out.to_path_buf(),
        snapshot_dir: out.join("fips140").join(&plan.version),
        files: plan.files.len(),
        bytes: plan.total_bytes,
    })
}

/// `OUT` may be absent or an empty directory (Bazel pre-creates tree
/// artifact directories).
fn check_output(out: &Path) -> Result<(), UnpackError> {
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(UnpackError::Io {
            path: out.to_path_buf(),
            source,
        }),
        Ok(m) if m.is_dir() => {
            let mut entries = fs::read_dir(out).map_err(|source| UnpackError::Io {
                path: out.to_path_buf(),
                source,
            })?;
            if entries.next().is_some() {
                Err(UnpackError::OutputNotEmpty(out.to_path_buf()))
            } else {
                Ok(())
            }
        }
        Ok(_) => Err(UnpackError::OutputNotEmpty(out.to_path_buf())),
    }
}

fn make_temp_dir(parent: &Path, out: &Path) -> Result<PathBuf, UnpackError> {
    let base = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let pid = std::process::id();
    let mut last_err = None;
    for attempt in 0..100u32 {
        let candidate = parent.join(format!(".{base}.fipstool-tmp.{pid}.{attempt}"));
        match fs::create_dir(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(source) => {
                return Err(UnpackError::Io {
                    path: candidate,
                    source,
                })
            }
        }
    }
    Err(UnpackError::Io {
        path: parent.to_path_buf(),
        source: last_err.unwrap_or_else(|| std::io::Error::other("no temporary name free")),
    })
}

fn io_at(path: &Path) -> impl Fn(std::io::Error) -> UnpackError + '_ {
    move |source| UnpackError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn fixed_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(FIXED_MTIME_UNIX)
}

/// Writes every planned file below `root`, then fixes times and modes.
fn write_tree(bytes: &[u8], plan: &Plan, root: &Path) -> Result<(), UnpackError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| UnpackError::NotAZip(e.to_string()))?;
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut buf = vec![0u8; 64 * 1024];
    let times = fs::FileTimes::new()
        .set_modified(fixed_time())
        .set_accessed(fixed_time());
    for f in &plan.files {
        let path = root.join(&f.rel);
        if let Some(dir) = path.parent() {
            if dirs.insert(dir.to_path_buf()) {
                fs::create_dir_all(dir).map_err(io_at(dir))?;
            }
        }
        let mut entry = archive
            .by_index(f.index)
            .map_err(|e| reject_rel(plan, f, RejectReason::Corrupt(e.to_string())))?;
        let mut out = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io_at(&path))?;
        let mut real: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    // The zip crate reports a real size above the declared
                    // one as an error of its own.
                    let reason = if e.to_string().contains("declared") {
                        RejectReason::SizeMismatch {
                            declared: f.size,
                            real: real.saturating_add(1),
                        }
                    } else {
                        RejectReason::Corrupt(e.to_string())
                    };
                    return Err(reject_rel(plan, f, reason));
                }
            };
            if n == 0 {
                break;
            }
            real = real.saturating_add(n as u64);
            if real > f.size {
                return Err(reject_rel(
                    plan,
                    f,
                    RejectReason::SizeMismatch {
                        declared: f.size,
                        real,
                    },
                ));
            }
            out.write_all(buf.get(..n).unwrap_or_default())
                .map_err(io_at(&path))?;
        }
        if real != f.size {
            return Err(reject_rel(
                plan,
                f,
                RejectReason::SizeMismatch {
                    declared: f.size,
                    real,
                },
            ));
        }
        out.set_times(times).map_err(io_at(&path))?;
        set_mode(&out, &path, 0o444)?;
    }
    // Directories, deepest first, so no later change touches a finished one.
    let mut all_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for d in &dirs {
        let mut cur = Some(d.as_path());
        while let Some(p) = cur {
            if !p.starts_with(root) {
                break;
            }
            all_dirs.insert(p.to_path_buf());
            cur = p.parent();
        }
    }
    all_dirs.insert(root.to_path_buf());
    let mut ordered: Vec<PathBuf> = all_dirs.into_iter().collect();
    ordered.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for d in &ordered {
        finish_dir(d)?;
    }
    Ok(())
}

fn reject_rel(plan: &Plan, f: &PlannedFile, reason: RejectReason) -> UnpackError {
    UnpackError::Rejected {
        name: format!("golang.org/fips140@{}/{}", plan.version, f.rel),
        reason,
    }
}

#[cfg(unix)]
fn set_mode(file: &fs::File, path: &Path, mode: u32) -> Result<(), UnpackError> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
        .map_err(io_at(path))
}

#[cfg(not(unix))]
fn set_mode(file: &fs::File, path: &Path, _mode: u32) -> Result<(), UnpackError> {
    let mut perms = file.metadata().map_err(io_at(path))?.permissions();
    perms.set_readonly(true);
    file.set_permissions(perms).map_err(io_at(path))
}

#[cfg(unix)]
fn finish_dir(dir: &Path) -> Result<(), UnpackError> {
    use std::os::unix::fs::PermissionsExt;
    let handle = fs::File::open(dir).map_err(io_at(dir))?;
    handle
        .set_times(
            fs::FileTimes::new()
                .set_modified(fixed_time())
                .set_accessed(fixed_time()),
        )
        .map_err(io_at(dir))?;
    handle
        .set_permissions(fs::Permissions::from_mode(0o555))
        .map_err(io_at(dir))
}

#[cfg(not(unix))]
fn finish_dir(_dir: &Path) -> Result<(), UnpackError> {
    Ok(())
}

/// Moves the finished tree into place.
fn replace_output(tmp: &Path, out: &Path) -> Result<(), UnpackError> {
    if fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
        // An empty directory (checked before): remove it, then rename. A
        // concurrent writer filling it in between makes remove_dir fail.
        fs::remove_dir(out).map_err(io_at(out))?;
    }
    fs::rename(tmp, out).map_err(io_at(out))
}

/// Best-effort removal of a (possibly read-only) temporary tree.
fn remove_tree(path: &Path) {
    make_writable(path);
    let _ = fs::remove_dir_all(path);
}

fn make_writable(path: &Path) {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return;
    };
    if !meta.is_dir() {
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o755));
    }
    if let Ok(entries) = fs::read_dir(path) {
        for e in entries.flatten() {
            make_writable(&e.path());
        }
    }
}

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
