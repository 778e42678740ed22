//! Safe, deterministic extraction of an untrusted zip: the machinery that
//! the snapshot unpacker and the module unpacker share.
//!
//! [`plan`] runs every check on the central directory and writes nothing:
//! entry names (UTF-8, no backslash, not absolute, no empty, `.` or `..`
//! element, only Go's module file-name characters), entry kinds (only
//! regular files; directory entries only where the [`Layout`] takes them),
//! no encryption, only store and deflate, duplicate names, names equal under
//! case folding, a name that is both a file and a directory, and the
//! [`Limits`]. The [`Layout`] maps each name to its place below the output
//! directory, refuses what does not belong, and may leave files out.
//!
//! [`extract`] writes the planned files into a fresh temporary directory
//! next to the output, checking every size and CRC-32 as it reads, gives
//! every file and directory the modification time [`FIXED_MTIME_UNIX`] and
//! the [`Modes`] asked for, and renames the directory into place only when
//! it is complete. On any failure the temporary directory is removed: the
//! output is never partially written.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use thiserror::Error;

/// 1980-01-01T00:00:00Z, the modification time of every unpacked file and
/// directory (the earliest time a zip can record).
pub const FIXED_MTIME_UNIX: u64 = 315_532_800;

/// Bounds that turn a zip bomb into an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_zip_bytes: u64,
    pub max_entries: usize,
    /// For each file, unless [`Layout::file_limit`] says otherwise.
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
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
    /// The layout's own reason, as text.
    Layout(String),
    Encrypted,
    Compression(String),
    CaseCollision(String),
    FileAndDirectory(String),
    TooLarge {
        size: u64,
        limit: u64,
    },
    SizeMismatch {
        declared: u64,
        real: u64,
    },
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
            RejectReason::Layout(why) => f.write_str(why),
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

/// Why a zip cannot be unpacked. Nothing has been written to the output
/// when one of these is returned.
#[derive(Debug, Error)]
pub enum ZipError {
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
    #[error("{}: output exists and is not an empty directory", .0.display())]
    OutputNotEmpty(PathBuf),
    #[error("{}: already exists", .0.display())]
    OutputExists(PathBuf),
}

/// Where one checked entry goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Path below the output directory (slash-separated, not empty); also
    /// the name compared for collisions.
    pub rel: String,
    /// False: the entry is checked like the others but not written.
    pub write: bool,
}

/// What one kind of zip may hold and where it goes.
pub trait Layout {
    /// Places a file entry whose name passed the generic checks; Ok(None)
    /// ignores it altogether (it takes no part in collision checks).
    fn place(&self, name: &str) -> Result<Option<Placement>, RejectReason>;

    /// A directory entry (`name` without its trailing slash, possibly
    /// empty). Ok(None) ignores it, Ok(Some(rel)) records `rel` as a
    /// directory for the collision checks. Default: refused.
    fn directory(&self, _name: &str) -> Result<Option<String>, RejectReason> {
        Err(RejectReason::Directory)
    }

    /// The size limit of one file.
    fn file_limit(&self, _rel: &str, limits: &Limits) -> u64 {
        limits.max_file_bytes
    }

    /// Whether a zip without entries is acceptable.
    fn allow_empty(&self) -> bool {
        false
    }
}

/// One entry that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Index in the zip's central directory.
    pub index: usize,
    /// The entry's name in the zip (for messages).
    pub name: String,
    /// Path below the output, slash-separated.
    pub rel: String,
    pub size: u64,
}

/// The result of checking a zip: the files to write, sorted by path, and
/// the ones checked but left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
    pub skipped: Vec<String>,
    /// Declared uncompressed size of every file entry, written or not.
    pub total_bytes: u64,
}

/// Permissions of what [`extract`] writes (Unix; elsewhere files are made
/// read-only when `file` has no write bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modes {
    pub file: u32,
    pub dir: u32,
}

impl Modes {
    /// 0444 files and 0555 directories: nothing can change the tree.
    pub const READ_ONLY: Modes = Modes {
        file: 0o444,
        dir: 0o555,
    };
}

fn reject(name: &[u8], reason: RejectReason) -> ZipError {
    ZipError::Rejected {
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

/// Checks an entry name's syntax (a trailing slash marks a directory);
/// returns it as text without that slash, and whether it is a directory.
fn check_name(raw: &[u8]) -> Result<(&str, bool), ZipError> {
    let name = std::str::from_utf8(raw).map_err(|_| reject(raw, RejectReason::InvalidUtf8))?;
    if name.contains('\\') {
        return Err(reject(raw, RejectReason::Backslash));
    }
    if name.starts_with('/') {
        return Err(reject(raw, RejectReason::AbsolutePath));
    }
    let (name, is_dir) = match name.strip_suffix('/') {
        Some(d) => (d, true),
        None => (name, false),
    };
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
    Ok((name, is_dir))
}

/// Case folding for collision checks (full Unicode upper- then lower-case,
/// so that e.g. `ſ`, `s` and `S` fold together).
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads a zip file, refusing one over `limit` bytes before reading it.
pub fn read_zip(path: &Path, limit: u64) -> Result<Vec<u8>, ZipError> {
    let size = fs::metadata(path).map_err(io_at(path))?.len();
    if size > limit {
        return Err(ZipError::Limit {
            what: "zip file size",
            actual: size,
            limit,
        });
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .map_err(io_at(path))?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_at(path))?;
    if bytes.len() as u64 > limit {
        return Err(ZipError::Limit {
            what: "zip file size",
            actual: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Runs every check on a zip held in memory; writes nothing.
pub fn plan(bytes: &[u8], layout: &dyn Layout, limits: &Limits) -> Result<Plan, ZipError> {
    if bytes.len() as u64 > limits.max_zip_bytes {
        return Err(ZipError::Limit {
            what: "zip file size",
            actual: bytes.len() as u64,
            limit: limits.max_zip_bytes,
        });
    }
    let archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipError::NotAZip(e.to_string()))?;
    if archive.has_duplicate_names() {
        return Err(ZipError::DuplicateNames);
    }
    if archive.len() > limits.max_entries {
        return Err(ZipError::Limit {
            what: "number of entries",
            actual: archive.len() as u64,
            limit: limits.max_entries as u64,
        });
    }
    if archive.is_empty() && !layout.allow_empty() {
        return Err(ZipError::Empty);
    }
    let mut files = Vec::with_capacity(archive.len());
    let mut skipped = Vec::new();
    let mut names: Vec<(String, String, bool)> = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|e| ZipError::NotAZip(e.to_string()))?;
        let raw = entry.name_raw();
        let (name, is_dir) = check_name(raw)?;
        let mode = entry.unix_mode().map(|m| m & 0o170_000);
        if is_dir || mode == Some(0o040_000) {
            if !is_dir {
                return Err(reject(raw, RejectReason::Directory));
            }
            if let Some(rel) = layout.directory(name).map_err(|r| reject(raw, r))? {
                names.push((rel, name.to_string(), true));
            }
            continue;
        }
        let Some(placement) = layout.place(name).map_err(|r| reject(raw, r))? else {
            continue;
        };
        match mode {
            None | Some(0) | Some(0o100_000) => {}
            Some(0o120_000) => return Err(reject(raw, RejectReason::Symlink)),
            Some(_) => {
                return Err(reject(
                    raw,
                    RejectReason::NotRegular(entry.unix_mode().unwrap_or_default()),
                ))
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
        let limit = layout.file_limit(&placement.rel, limits);
        if size > limit {
            return Err(reject(raw, RejectReason::TooLarge { size, limit }));
        }
        total = total.saturating_add(size);
        if total > limits.max_total_bytes {
            return Err(ZipError::Limit {
                what: "total declared uncompressed size",
                actual: total,
                limit: limits.max_total_bytes,
            });
        }
        names.push((placement.rel.clone(), name.to_string(), false));
        if placement.write {
            files.push(PlannedFile {
                index,
                name: name.to_string(),
                rel: placement.rel,
                size,
            });
        } else {
            skipped.push(placement.rel);
        }
    }
    check_collisions(&names)?;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    skipped.sort();
    Ok(Plan {
        files,
        skipped,
        total_bytes: total,
    })
}

/// Names equal under case folding, and names used both as a file and as a
/// directory (which would make extraction fail half-way). `names` holds
/// (path below the output, entry name, is a directory entry).
fn check_collisions(names: &[(String, String, bool)]) -> Result<(), ZipError> {
    let collision = |name: &str, reason| ZipError::Rejected {
        name: name.to_string(),
        reason,
    };
    let mut by_fold: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for (rel, name, _) in names.iter().filter(|n| !n.2) {
        if let Some((_, other)) = by_fold.insert(fold(rel), (rel, name)) {
            return Err(collision(
                name,
                RejectReason::CaseCollision(other.to_string()),
            ));
        }
    }
    // Every directory: those of directory entries and every parent of a
    // file or directory, with the first entry that uses it.
    let mut dirs: BTreeMap<String, (String, &str)> = BTreeMap::new();
    for (rel, name, is_dir) in names {
        let mut parents: Vec<&str> = Vec::new();
        if *is_dir {
            parents.push(rel);
        }
        let mut end = 0;
        while let Some(pos) = rel.get(end..).and_then(|r| r.find('/')) {
            end += pos;
            parents.extend(rel.get(..end));
            end += 1;
        }
        for dir in parents {
            let entry = dirs.entry(fold(dir)).or_insert((dir.to_string(), name));
            if entry.0 != dir {
                return Err(collision(
                    name,
                    RejectReason::CaseCollision(entry.1.to_string()),
                ));
            }
        }
    }
    for (folded, (_, file)) in &by_fold {
        if let Some((_, user)) = dirs.get(folded) {
            return Err(collision(
                file,
                RejectReason::FileAndDirectory(user.to_string()),
            ));
        }
    }
    Ok(())
}

/// Checks that `out` is absent or an empty directory, then writes the
/// planned files into a temporary directory beside it and renames that to
/// `out`.
pub fn extract(bytes: &[u8], plan: &Plan, out: &Path, modes: Modes) -> Result<(), ZipError> {
    check_output(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_at(&parent))?;
    let tmp = make_temp_dir(&parent, out)?;
    let result = write_tree(bytes, plan, &tmp, modes).and_then(|()| replace_output(&tmp, out));
    if let Err(e) = result {
        remove_tree(&tmp);
        return Err(e);
    }
    Ok(())
}

/// Like [`extract`], into a directory that already holds other files (a
/// repository rule's directory, with the zip it downloaded): no top-level
/// name of the plan may exist in `out`. The tree is written into a
/// temporary directory inside `out`, then its top-level entries are renamed
/// into `out`; if one rename fails, those already moved are removed again,
/// so `out` ends with all of the module or none of it.
pub fn extract_into(bytes: &[u8], plan: &Plan, out: &Path, modes: Modes) -> Result<(), ZipError> {
    if !fs::symlink_metadata(out).map_err(io_at(out))?.is_dir() {
        return Err(ZipError::Io {
            path: out.to_path_buf(),
            source: std::io::Error::other("not a directory"),
        });
    }
    let tops: BTreeSet<&str> = plan
        .files
        .iter()
        .filter_map(|f| f.rel.split('/').next())
        .collect();
    for top in &tops {
        if fs::symlink_metadata(out.join(top)).is_ok() {
            return Err(ZipError::OutputExists(out.join(top)));
        }
    }
    let tmp = make_temp_dir(out, out)?;
    let mut moved: Vec<PathBuf> = Vec::new();
    let mut result = write_tree(bytes, plan, &tmp, modes);
    if result.is_ok() {
        for top in &tops {
            let dest = out.join(top);
            if let Err(source) = fs::rename(tmp.join(top), &dest) {
                result = Err(ZipError::Io { path: dest, source });
                break;
            }
            moved.push(dest);
        }
    }
    if result.is_err() {
        for m in &moved {
            if fs::symlink_metadata(m).is_ok_and(|m| m.is_dir()) {
                remove_tree(m);
            } else {
                let _ = fs::remove_file(m);
            }
        }
    }
    remove_tree(&tmp);
    result
}

/// `out` may be absent or an empty directory (Bazel pre-creates tree
/// artifact directories).
fn check_output(out: &Path) -> Result<(), ZipError> {
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(ZipError::Io {
            path: out.to_path_buf(),
            source,
        }),
        Ok(m) if m.is_dir() => {
            let mut entries = fs::read_dir(out).map_err(io_at(out))?;
            if entries.next().is_some() {
                Err(ZipError::OutputNotEmpty(out.to_path_buf()))
            } else {
                Ok(())
            }
        }
        Ok(_) => Err(ZipError::OutputNotEmpty(out.to_path_buf())),
    }
}

fn make_temp_dir(parent: &Path, out: &Path) -> Result<PathBuf, ZipError> {
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
                return Err(ZipError::Io {
                    path: candidate,
                    source,
                })
            }
        }
    }
    Err(ZipError::Io {
        path: parent.to_path_buf(),
        source: last_err.unwrap_or_else(|| std::io::Error::other("no temporary name free")),
    })
}

pub fn io_at(path: &Path) -> impl Fn(std::io::Error) -> ZipError + '_ {
    move |source| ZipError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn fixed_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(FIXED_MTIME_UNIX)
}

fn rejected(f: &PlannedFile, reason: RejectReason) -> ZipError {
    ZipError::Rejected {
        name: f.name.clone(),
        reason,
    }
}

/// Copies one entry into `out`, checking its real size against the
/// declared one (the zip crate checks the CRC-32 at the end).
fn copy_entry(
    entry: &mut impl Read,
    f: &PlannedFile,
    out: &mut impl Write,
    path: &Path,
    buf: &mut [u8],
) -> Result<(), ZipError> {
    let mut real: u64 = 0;
    loop {
        let n = match entry.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                // The zip crate reports a real size above the declared one
                // as an error of its own.
                let reason = if e.to_string().contains("declared") {
                    RejectReason::SizeMismatch {
                        declared: f.size,
                        real: real.saturating_add(1),
                    }
                } else {
                    RejectReason::Corrupt(e.to_string())
                };
                return Err(rejected(f, reason));
            }
        };
        if n == 0 {
            break;
        }
        real = real.saturating_add(n as u64);
        if real > f.size {
            return Err(rejected(
                f,
                RejectReason::SizeMismatch {
                    declared: f.size,
                    real,
                },
            ));
        }
        out.write_all(buf.get(..n).unwrap_or_default())
            .map_err(io_at(path))?;
    }
    if real != f.size {
        return Err(rejected(
            f,
            RejectReason::SizeMismatch {
                declared: f.size,
                real,
            },
        ));
    }
    Ok(())
}

/// The content of one planned file, read with the same size and CRC-32
/// checks as [`extract`] applies.
pub fn read_entry(bytes: &[u8], f: &PlannedFile) -> Result<Vec<u8>, ZipError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipError::NotAZip(e.to_string()))?;
    let mut entry = archive
        .by_index(f.index)
        .map_err(|e| rejected(f, RejectReason::Corrupt(e.to_string())))?;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    copy_entry(&mut entry, f, &mut out, Path::new(&f.rel), &mut buf)?;
    Ok(out)
}

/// Writes every planned file below `root`, then fixes times and modes.
fn write_tree(bytes: &[u8], plan: &Plan, root: &Path, modes: Modes) -> Result<(), ZipError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipError::NotAZip(e.to_string()))?;
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
            .map_err(|e| rejected(f, RejectReason::Corrupt(e.to_string())))?;
        let mut out = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io_at(&path))?;
        copy_entry(&mut entry, f, &mut out, &path, &mut buf)?;
        out.set_times(times).map_err(io_at(&path))?;
        set_mode(&out, &path, modes.file)?;
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
        finish_dir(d, modes.dir)?;
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(file: &fs::File, path: &Path, mode: u32) -> Result<(), ZipError> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
        .map_err(io_at(path))
}

#[cfg(not(unix))]
fn set_mode(file: &fs::File, path: &Path, mode: u32) -> Result<(), ZipError> {
    let mut perms = file.metadata().map_err(io_at(path))?.permissions();
    perms.set_readonly(mode & 0o222 == 0);
    file.set_permissions(perms).map_err(io_at(path))
}

#[cfg(unix)]
fn finish_dir(dir: &Path, mode: u32) -> Result<(), ZipError> {
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
        .set_permissions(fs::Permissions::from_mode(mode))
        .map_err(io_at(dir))
}

#[cfg(not(unix))]
fn finish_dir(_dir: &Path, _mode: u32) -> Result<(), ZipError> {
    Ok(())
}

/// Moves the finished tree into place.
fn replace_output(tmp: &Path, out: &Path) -> Result<(), ZipError> {
    if fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
        // An empty directory (checked before): remove it, then rename. A
        // concurrent writer filling it in between makes remove_dir fail.
        fs::remove_dir(out).map_err(io_at(out))?;
    }
    fs::rename(tmp, out).map_err(io_at(out))
}

/// Best-effort removal of a (possibly read-only) tree.
pub fn remove_tree(path: &Path) {
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

#[cfg(any(test, feature = "testing"))]
pub mod testing;

#[cfg(test)]
mod tests;
