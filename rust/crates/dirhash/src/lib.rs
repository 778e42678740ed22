//! Go's `h1:` directory hash (`golang.org/x/mod/sumdb/dirhash.Hash1`), the
//! hash that `go.sum`, the module cache (`.ziphash`) and, from Go 1.27,
//! `GOROOT/lib/fips140/fips140.sum` record for a module zip.
//!
//! The algorithm, over a list of file names and their contents:
//!
//! 1. sort the names bytewise;
//! 2. for each name emit `lowercase-hex(sha256(content))`, two spaces, the
//!    name and `\n` (a name containing `\n` is an error);
//! 3. the hash is `h1:` + standard padded base64 of the SHA-256 of those lines.
//!
//! The lines of step 2 are called the *summary* here ([`Summary`]). Because
//! the `h1` value is just the SHA-256 of the summary, a stored summary is
//! authenticated by the `h1` it hashes to: the `snapshots/*.files` sidecars
//! of the `fips` rule set rely on that.
//!
//! Two sources are supported, as in Go:
//! - [`summarize_zip`] / [`hash_zip`] (`dirhash.HashZip`): every entry of the
//!   zip, named exactly as stored (raw bytes, no code-page conversion), with
//!   its decompressed content. Directory entries count, with empty content.
//! - [`summarize_dir`] / [`hash_dir`] (`dirhash.HashDir`): every non-directory
//!   under a directory, named `prefix` joined with the slash-separated
//!   relative path (Go's `filepath.Join`, which cleans the result; Go's module
//!   cache uses the prefix `module@version`, without a trailing slash).
//!
//! Deliberate differences from Go, all on inputs Go would not produce:
//! - a zip with two entries of the same name is refused
//!   ([`DirhashError::DuplicateNames`]); Go would hash the last one twice;
//! - every entry's real size must equal its declared size, and the
//!   [`Limits`] bound the work done on hostile input;
//! - in a directory, names must be valid UTF-8, special files (FIFOs,
//!   sockets, devices) are refused rather than read, and a symlink given as
//!   the directory itself is followed.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The prefix of every hash this crate produces.
pub const H1_PREFIX: &str = "h1:";

/// Why a hash could not be computed or a hash string is not valid.
#[derive(Debug, Error)]
pub enum DirhashError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: not a valid zip file: {reason}")]
    Zip { path: PathBuf, reason: String },
    #[error("{path}: zip entry {name:?}: {reason}")]
    ZipEntry {
        path: PathBuf,
        name: String,
        reason: String,
    },
    #[error("{path}: the zip has several entries with the same name")]
    DuplicateNames { path: PathBuf },
    #[error("dirhash: filenames with newlines are not supported: {name:?}")]
    NewlineInName { name: String },
    #[error("{path}: {what} exceeds the limit of {limit}")]
    Limit {
        path: PathBuf,
        what: &'static str,
        limit: u64,
    },
    #[error("{path}: {reason}")]
    Dir { path: PathBuf, reason: String },
    #[error("malformed h1 hash {value:?}: {reason}")]
    MalformedHash { value: String, reason: &'static str },
    #[error("malformed summary line {line}: {reason}")]
    MalformedSummary { line: usize, reason: &'static str },
}

/// Bounds on the work done for one zip or directory. The defaults are far
/// above any Go module zip (Go's own `MaxZipFile` is 500 MiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest zip file read, in bytes.
    pub max_zip_bytes: u64,
    /// Most entries (zip) or files (directory).
    pub max_entries: usize,
    /// Most content bytes hashed in total.
    pub max_total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_zip_bytes: 500 << 20,
            max_entries: 100_000,
            max_total_bytes: 1 << 30,
        }
    }
}

/// One file of a summary: its name, exactly as hashed, and the SHA-256 of its
/// content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileHash {
    pub name: Vec<u8>,
    pub sha256: [u8; 32],
}

impl FileHash {
    /// The name for display (invalid UTF-8 replaced).
    pub fn name_lossy(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }

    /// The content hash as lowercase hex.
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }
}

/// The sorted `(name, sha256)` list that `Hash1` hashes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    files: Vec<FileHash>,
}

impl Summary {
    /// Sorts the files bytewise by name (as Go does) and checks the names.
    pub fn new(mut files: Vec<FileHash>) -> Result<Self, DirhashError> {
        if let Some(bad) = files.iter().find(|f| f.name.contains(&b'\n')) {
            return Err(DirhashError::NewlineInName {
                name: bad.name_lossy(),
            });
        }
        files.sort();
        Ok(Summary { files })
    }

    /// The files, sorted by name.
    pub fn files(&self) -> &[FileHash] {
        &self.files
    }

    /// The exact bytes `Hash1` feeds to SHA-256: `hex  name\n` per file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.files.len().saturating_mul(128));
        for f in &self.files {
            let mut line = String::with_capacity(66);
            for b in f.sha256 {
                let _ = write!(line, "{b:02x}");
            }
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"  ");
            out.extend_from_slice(&f.name);
            out.push(b'\n');
        }
        out
    }

    /// The `h1:` hash of this summary.
    pub fn h1(&self) -> String {
        h1_of_summary_bytes(&self.to_bytes())
    }

    /// Parses bytes in the format of [`Summary::to_bytes`]. The lines must be
    /// sorted and unique, so that `to_bytes` gives back the same bytes and
    /// `h1_of_summary_bytes(input)` equals `self.h1()`.
    pub fn parse(bytes: &[u8]) -> Result<Self, DirhashError> {
        let mut files: Vec<FileHash> = Vec::new();
        if bytes.is_empty() {
            return Ok(Summary { files });
        }
        let Some(body) = bytes.strip_suffix(b"\n") else {
            return Err(DirhashError::MalformedSummary {
                line: bytes.split(|&b| b == b'\n').count(),
                reason: "missing final newline",
            });
        };
        for (i, line) in body.split(|&b| b == b'\n').enumerate() {
            let lineno = i + 1;
            let bad = |reason| DirhashError::MalformedSummary {
                line: lineno,
                reason,
            };
            let (hex_part, rest) = line.split_at_checked(64).ok_or(bad("line too short"))?;
            let name = rest
                .strip_prefix(b"  ")
                .ok_or(bad("expected two spaces after the hash"))?;
            if name.is_empty() {
                return Err(bad("empty file name"));
            }
            if hex_part.iter().any(|b| b.is_ascii_uppercase()) {
                return Err(bad("hash must be lowercase hex"));
            }
            let mut sha256 = [0u8; 32];
            hex::decode_to_slice(hex_part, &mut sha256)
                .map_err(|_| bad("hash is not 64 hex digits"))?;
            let file = FileHash {
                name: name.to_vec(),
                sha256,
            };
            if let Some(prev) = files.last() {
                if prev.name >= file.name {
                    return Err(bad("names not sorted or not unique"));
                }
            }
            files.push(file);
        }
        Ok(Summary { files })
    }
}

/// `h1:` + base64(sha256(summary)).
pub fn h1_of_summary_bytes(summary: &[u8]) -> String {
    let digest: [u8; 32] = Sha256::digest(summary).into();
    format_h1(&digest)
}

/// Formats a raw 32-byte digest as an `h1:` string.
pub fn format_h1(digest: &[u8; 32]) -> String {
    format!(
        "{H1_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Checks that `value` is `h1:` followed by the padded standard base64 of
/// exactly 32 bytes, and returns those bytes.
pub fn parse_h1(value: &str) -> Result<[u8; 32], DirhashError> {
    let bad = |reason| DirhashError::MalformedHash {
        value: value.to_string(),
        reason,
    };
    let b64 = value
        .strip_prefix(H1_PREFIX)
        .ok_or(bad("missing h1: prefix"))?;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| bad("not standard padded base64"))?;
    let digest: [u8; 32] = raw.try_into().map_err(|_| bad("not a 32-byte digest"))?;
    // Canonical form only: re-encoding must give the same text.
    if format_h1(&digest) != value {
        return Err(bad("not in canonical base64 form"));
    }
    Ok(digest)
}

/// `dirhash.HashZip(path, dirhash.Hash1)`.
pub fn hash_zip(path: &Path) -> Result<String, DirhashError> {
    Ok(summarize_zip(path, &Limits::default())?.h1())
}

/// The summary of a zip file on disk.
pub fn summarize_zip(path: &Path, limits: &Limits) -> Result<Summary, DirhashError> {
    let bytes = read_bounded(path, limits.max_zip_bytes)?;
    summarize_zip_bytes(&bytes, path, limits)
}

/// Reads a whole file, refusing one larger than `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, DirhashError> {
    let io_err = |source| DirhashError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::open(path).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    if len > limit {
        return Err(DirhashError::Limit {
            path: path.to_path_buf(),
            what: "file size",
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > limit {
        return Err(DirhashError::Limit {
            path: path.to_path_buf(),
            what: "file size",
            limit,
        });
    }
    Ok(bytes)
}

/// The summary of a zip held in memory; `path` is only used in messages.
pub fn summarize_zip_bytes(
    bytes: &[u8],
    path: &Path,
    limits: &Limits,
) -> Result<Summary, DirhashError> {
    let zip_err = |e: zip::result::ZipError| DirhashError::Zip {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    if archive.has_duplicate_names() {
        return Err(DirhashError::DuplicateNames {
            path: path.to_path_buf(),
        });
    }
    if archive.len() > limits.max_entries {
        return Err(DirhashError::Limit {
            path: path.to_path_buf(),
            what: "number of entries",
            limit: limits.max_entries as u64,
        });
    }
    let mut files = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(zip_err)?;
        let name = entry.name_raw().to_vec();
        let entry_err = |reason: String| DirhashError::ZipEntry {
            path: path.to_path_buf(),
            name: String::from_utf8_lossy(&name).into_owned(),
            reason,
        };
        let declared = entry.size();
        let mut hasher = Sha256::new();
        let mut real: u64 = 0;
        loop {
            let n = entry.read(&mut buf).map_err(|e| entry_err(e.to_string()))?;
            if n == 0 {
                break;
            }
            real = real.saturating_add(n as u64);
            total = total.saturating_add(n as u64);
            if real > declared {
                return Err(entry_err(format!(
                    "content is larger than its declared size ({declared} bytes)"
                )));
            }
            if total > limits.max_total_bytes {
                return Err(DirhashError::Limit {
                    path: path.to_path_buf(),
                    what: "total uncompressed size",
                    limit: limits.max_total_bytes,
                });
            }
            hasher.update(buf.get(..n).unwrap_or_default());
        }
        if real != declared {
            return Err(entry_err(format!(
                "content is {real} bytes, its declared size is {declared} bytes"
            )));
        }
        files.push(FileHash {
            name,
            sha256: hasher.finalize().into(),
        });
    }
    Summary::new(files)
}

/// `dirhash.HashDir(dir, prefix, dirhash.Hash1)`.
pub fn hash_dir(dir: &Path, prefix: &str) -> Result<String, DirhashError> {
    Ok(summarize_dir(dir, prefix, &Limits::default())?.h1())
}

/// The summary of a directory tree: every non-directory below `dir`, named
/// `filepath.Join(prefix, rel)` with forward slashes.
pub fn summarize_dir(dir: &Path, prefix: &str, limits: &Limits) -> Result<Summary, DirhashError> {
    let meta = fs::metadata(dir).map_err(|source| DirhashError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(DirhashError::Dir {
            path: dir.to_path_buf(),
            reason: "is not a directory".to_string(),
        });
    }
    let mut rels = Vec::new();
    walk(dir, "", &mut rels, limits)?;
    let clean_prefix = fips_gopath::clean(prefix);
    let mut files = Vec::with_capacity(rels.len());
    let mut total: u64 = 0;
    for (rel, path) in rels {
        let name = match clean_prefix.as_str() {
            "." => rel,
            "/" => format!("/{rel}"),
            p => format!("{p}/{rel}"),
        };
        let (sha256, size) = hash_file(&path, limits.max_total_bytes.saturating_sub(total))?;
        total = total.saturating_add(size);
        files.push(FileHash {
            name: name.into_bytes(),
            sha256,
        });
    }
    Summary::new(files)
}

fn walk(
    dir: &Path,
    rel_dir: &str,
    out: &mut Vec<(String, PathBuf)>,
    limits: &Limits,
) -> Result<(), DirhashError> {
    let io_err = |path: &Path, source| DirhashError::Io {
        path: path.to_path_buf(),
        source,
    };
    let entries = fs::read_dir(dir).map_err(|e| io_err(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_err(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(DirhashError::Dir {
                path,
                reason: "file name is not valid UTF-8".to_string(),
            });
        };
        let rel = if rel_dir.is_empty() {
            name.to_string()
        } else {
            format!("{rel_dir}/{name}")
        };
        let file_type = entry.file_type().map_err(|e| io_err(&path, e))?;
        if file_type.is_dir() {
            walk(&path, &rel, out, limits)?;
        } else {
            if out.len() >= limits.max_entries {
                return Err(DirhashError::Limit {
                    path: dir.to_path_buf(),
                    what: "number of files",
                    limit: limits.max_entries as u64,
                });
            }
            out.push((rel, path));
        }
    }
    Ok(())
}

/// SHA-256 and size of a file (following symlinks, as Go's `os.Open` does).
fn hash_file(path: &Path, budget: u64) -> Result<([u8; 32], u64), DirhashError> {
    let io_err = |source| DirhashError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(io_err)?;
    if !meta.is_file() {
        return Err(DirhashError::Dir {
            path: path.to_path_buf(),
            reason: "is not a regular file (or a symlink to one)".to_string(),
        });
    }
    let mut file = fs::File::open(path).map_err(io_err)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut copied: u64 = 0;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(e)),
        };
        copied = copied.saturating_add(n as u64);
        if copied > budget {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    if copied > budget {
        return Err(DirhashError::Limit {
            path: path.to_path_buf(),
            what: "total size of the files",
            limit: budget,
        });
    }
    Ok((hasher.finalize().into(), copied))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn sha(data: &[u8]) -> [u8; 32] {
        Sha256::digest(data).into()
    }

    /// A stored (uncompressed) zip built with the zip crate's writer.
    fn make_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn hash1_matches_go_reference_vector() {
        // x/mod's TestHash1: files "xyz" = "data for xyz", "abc" = "data for abc".
        let s = Summary::new(vec![
            FileHash {
                name: b"xyz".to_vec(),
                sha256: sha(b"data for xyz"),
            },
            FileHash {
                name: b"abc".to_vec(),
                sha256: sha(b"data for abc"),
            },
        ])
        .unwrap();
        let expected = format!(
            "{}  abc\n{}  xyz\n",
            hex::encode(Sha256::digest(b"data for abc")),
            hex::encode(Sha256::digest(b"data for xyz"))
        );
        assert_eq!(s.to_bytes(), expected.as_bytes());
        assert_eq!(s.h1(), h1_of_summary_bytes(expected.as_bytes()));
    }

    #[test]
    fn empty_summary_hash() {
        // sha256("") in base64.
        assert_eq!(
            Summary::default().h1(),
            "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn newline_in_name_is_refused() {
        let err = Summary::new(vec![FileHash {
            name: b"a\nb".to_vec(),
            sha256: [0; 32],
        }])
        .unwrap_err();
        assert!(err.to_string().contains("newlines"), "{err}");
    }

    #[test]
    fn zip_and_dir_agree_with_prefix() {
        let zip = make_zip(&[("m@v1/b/c.go", b"package c\n"), ("m@v1/a.txt", b"hello")]);
        let zs = summarize_zip_bytes(&zip, Path::new("t.zip"), &Limits::default()).unwrap();
        let names: Vec<_> = zs.files().iter().map(FileHash::name_lossy).collect();
        assert_eq!(names, ["m@v1/a.txt", "m@v1/b/c.go"]);

        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("b")).unwrap();
        fs::write(dir.path().join("b/c.go"), b"package c\n").unwrap();
        fs::write(dir.path().join("a.txt"), b"hello").unwrap();
        for prefix in ["m@v1", "m@v1/", "./m@v1", "x/../m@v1"] {
            assert_eq!(hash_dir(dir.path(), prefix).unwrap(), zs.h1(), "{prefix}");
        }
        let bare = summarize_dir(dir.path(), "", &Limits::default()).unwrap();
        let names: Vec<_> = bare.files().iter().map(FileHash::name_lossy).collect();
        assert_eq!(names, ["a.txt", "b/c.go"]);
    }

    #[test]
    fn zip_directory_entries_hash_as_empty() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        w.add_directory("m@v1/d/", opts).unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let s = summarize_zip_bytes(&bytes, Path::new("t.zip"), &Limits::default()).unwrap();
        assert_eq!(s.files().len(), 1);
        assert_eq!(s.files()[0].name, b"m@v1/d/");
        assert_eq!(s.files()[0].sha256, sha(b""));
    }

    #[test]
    fn zip_limits() {
        let zip = make_zip(&[("a", &[0u8; 1000]), ("b", b"x")]);
        let lim = Limits {
            max_total_bytes: 500,
            ..Limits::default()
        };
        assert!(matches!(
            summarize_zip_bytes(&zip, Path::new("t"), &lim),
            Err(DirhashError::Limit { .. })
        ));
        let lim = Limits {
            max_entries: 1,
            ..Limits::default()
        };
        assert!(matches!(
            summarize_zip_bytes(&zip, Path::new("t"), &lim),
            Err(DirhashError::Limit { .. })
        ));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for junk in [&b""[..], b"PK\x05\x06", b"not a zip at all", &[0xffu8; 100]] {
            assert!(summarize_zip_bytes(junk, Path::new("j"), &Limits::default()).is_err());
        }
    }

    #[test]
    fn parse_h1_checks_form() {
        let good = "h1:dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM=";
        assert_eq!(format_h1(&parse_h1(good).unwrap()), good);
        for bad in [
            "dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM=",
            "h1:dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM",
            "h1:AAAA",
            "h1:!!!",
            "h2:dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM=",
        ] {
            assert!(parse_h1(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn summary_roundtrip_and_rejects() {
        let s = Summary::new(vec![
            FileHash {
                name: b"p/b c".to_vec(),
                sha256: sha(b"1"),
            },
            FileHash {
                name: b"p/a".to_vec(),
                sha256: sha(b"2"),
            },
        ])
        .unwrap();
        let bytes = s.to_bytes();
        let back = Summary::parse(&bytes).unwrap();
        assert_eq!(back, s);
        assert_eq!(h1_of_summary_bytes(&bytes), s.h1());
        assert!(Summary::parse(b"").unwrap().files().is_empty());
        let line_a = format!("{}  p/a\n", hex::encode(sha(b"2")));
        let unsorted = format!("{}  p/z\n{line_a}", hex::encode(sha(b"1")));
        assert!(Summary::parse(unsorted.as_bytes()).is_err());
        assert!(Summary::parse(format!("{line_a}{line_a}").as_bytes()).is_err());
        assert!(Summary::parse(line_a.trim_end().as_bytes()).is_err());
        assert!(Summary::parse(line_a.to_uppercase().as_bytes()).is_err());
        assert!(Summary::parse(b"abc  x\n").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn dir_follows_file_symlinks_and_refuses_special_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("real"), b"x").unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("link")).unwrap();
        let s = summarize_dir(dir.path(), "", &Limits::default()).unwrap();
        assert_eq!(s.files().len(), 2);
        assert_eq!(s.files()[0].sha256, s.files()[1].sha256);
        std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
        assert!(summarize_dir(dir.path(), "", &Limits::default()).is_err());
    }

    #[test]
    fn dir_must_be_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        fs::write(&f, b"x").unwrap();
        assert!(hash_dir(&f, "").is_err());
        assert!(hash_dir(&dir.path().join("missing"), "").is_err());
    }
}
