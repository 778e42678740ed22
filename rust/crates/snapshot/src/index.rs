//! The pinned index of known snapshots, `snapshots/index.toml`.
//!
//! ```toml
//! schema = 1
//!
//! [[snapshot]]
//! version = "v1.26.0"                 # the module version, GOFIPS140 value
//! zip = "v1.26.0.zip"                 # always "<version>.zip"
//! sha256 = "9b28f8…"                  # SHA-256 of the genuine zip file
//! h1 = "h1:dtoPX1…"                   # dirhash of its contents (optional)
//! files = "v1.26.0.files"             # per-file listing (optional, needs h1)
//! file_count = 231                    # entries in the zip (optional)
//! status = "in_process"               # certified | in_process | superseded
//! certificate = "…"                   # only where one is documented
//! go_releases = ["go1.26.6"]          # releases verified to ship this zip
//! ```
//!
//! The per-file listing (`files`, a sidecar next to the index) has one line
//! per zip entry, `SHA256HEX  NAME`, sorted: exactly the summary that
//! `h1` hashes ([`fips_dirhash::Summary`]). So the sidecar needs no hash of
//! its own: it is accepted only if its SHA-256 equals the pinned `h1`, and a
//! listing can neither drift from nor be edited independently of the index.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fips_dirhash::{h1_of_summary_bytes, parse_h1, Summary};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::sumfile::is_sha256_hex;

/// The only schema version this code reads.
pub const INDEX_SCHEMA: u32 = 1;

/// Validation status of a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// What `certified.txt` points at in the newest SDK.
    Certified,
    /// What `inprocess.txt` points at in the newest SDK (CMVP "in process").
    InProcess,
    /// Shipped once and replaced; no longer in current SDKs.
    Superseded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Certified => "certified",
            Status::InProcess => "in_process",
            Status::Superseded => "superseded",
        }
    }
}

/// The whole index file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub schema: u32,
    #[serde(rename = "snapshot", default)]
    pub snapshots: Vec<IndexEntry>,
}

/// One known snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    pub version: String,
    pub zip: String,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub h1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_count: Option<usize>,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    #[serde(default)]
    pub go_releases: Vec<String>,
}

/// Why the index (or one of its sidecars) cannot be used.
#[derive(Debug, Error)]
pub enum IndexError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", .path.display())]
    Toml { path: PathBuf, message: String },
    #[error("{}: {reason}", .path.display())]
    Invalid { path: PathBuf, reason: String },
    #[error("{}: per-file listing does not hash to the pinned {h1} (it hashes to {actual}): the listing or the index was edited", .path.display())]
    SidecarMismatch {
        path: PathBuf,
        h1: String,
        actual: String,
    },
}

/// An index read from disk, remembering where its sidecars live.
#[derive(Debug, Clone)]
pub struct LoadedIndex {
    pub path: PathBuf,
    pub index: Index,
}

impl LoadedIndex {
    /// Reads and validates an index file.
    pub fn load(path: &Path) -> Result<LoadedIndex, IndexError> {
        let text = fs::read_to_string(path).map_err(|source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let index = Index::parse(&text).map_err(|e| match e {
            ParseError::Toml(message) => IndexError::Toml {
                path: path.to_path_buf(),
                message,
            },
            ParseError::Invalid(reason) => IndexError::Invalid {
                path: path.to_path_buf(),
                reason,
            },
        })?;
        Ok(LoadedIndex {
            path: path.to_path_buf(),
            index,
        })
    }

    /// The entry for a snapshot version.
    pub fn get(&self, version: &str) -> Option<&IndexEntry> {
        self.index.snapshots.iter().find(|e| e.version == version)
    }

    /// The verified per-file listing of an entry, if the index has one.
    pub fn files(&self, entry: &IndexEntry) -> Result<Option<Summary>, IndexError> {
        let (Some(name), Some(h1)) = (&entry.files, &entry.h1) else {
            return Ok(None);
        };
        let path = self
            .path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join(name);
        let bytes = fs::read(&path).map_err(|source| IndexError::Io {
            path: path.clone(),
            source,
        })?;
        let actual = h1_of_summary_bytes(&bytes);
        if &actual != h1 {
            return Err(IndexError::SidecarMismatch {
                path,
                h1: h1.clone(),
                actual,
            });
        }
        let summary = Summary::parse(&bytes).map_err(|e| IndexError::Invalid {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if let Some(count) = entry.file_count {
            if count != summary.files().len() {
                return Err(IndexError::Invalid {
                    path,
                    reason: format!(
                        "lists {} files, the index says file_count = {count}",
                        summary.files().len()
                    ),
                });
            }
        }
        Ok(Some(summary))
    }
}

/// The pinned index this fipstool was built with: `snapshots/index.toml` of
/// its source tree, compiled in (the one file, so the two cannot drift; a
/// change to it rebuilds the tool). For commands that need only the
/// snapshots' statuses and certificates (`policy check` without
/// `--index`); verifying a zip also needs the per-file listings beside the
/// file, so `snapshot verify` still reads the index from disk.
pub const PINNED_INDEX_TOML: &str = include_str!("../../../../snapshots/index.toml");

/// Why index text is not a valid index.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("{0}")]
    Toml(String),
    #[error("{0}")]
    Invalid(String),
}

impl Index {
    /// The pinned index compiled into this tool ([`PINNED_INDEX_TOML`]).
    pub fn pinned() -> Result<Index, ParseError> {
        Index::parse(PINNED_INDEX_TOML)
    }

    /// Parses and validates index text.
    pub fn parse(text: &str) -> Result<Index, ParseError> {
        let index: Index = toml::from_str(text).map_err(|e| ParseError::Toml(e.to_string()))?;
        index.validate().map_err(ParseError::Invalid)?;
        Ok(index)
    }

    /// Checks every rule the schema promises.
    pub fn validate(&self) -> Result<(), String> {
        if self.schema != INDEX_SCHEMA {
            return Err(format!(
                "schema = {}, this fipstool reads schema = {INDEX_SCHEMA}",
                self.schema
            ));
        }
        let mut seen = BTreeSet::new();
        for e in &self.snapshots {
            let v = &e.version;
            if v.is_empty() || v.contains(['/', '\\']) || v.contains("..") {
                return Err(format!("snapshot version {v:?} is not a plain version"));
            }
            if !seen.insert(v.as_str()) {
                return Err(format!("snapshot {v} is listed twice"));
            }
            if e.zip != format!("{v}.zip") {
                return Err(format!("snapshot {v}: zip = {:?}, want \"{v}.zip\"", e.zip));
            }
            if !is_sha256_hex(&e.sha256) {
                return Err(format!(
                    "snapshot {v}: sha256 = {:?} is not 64 lowercase hex digits",
                    e.sha256
                ));
            }
            if let Some(h1) = &e.h1 {
                parse_h1(h1).map_err(|err| format!("snapshot {v}: {err}"))?;
            }
            if let Some(files) = &e.files {
                if e.h1.is_none() {
                    return Err(format!(
                        "snapshot {v}: a per-file listing needs the h1 that authenticates it"
                    ));
                }
                if files.is_empty() || files.starts_with('.') || files.contains(['/', '\\']) {
                    return Err(format!(
                        "snapshot {v}: files = {files:?} must be a file name next to the index"
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fips_dirhash::FileHash;

    fn entry_toml(extra: &str) -> String {
        format!(
            "schema = 1\n[[snapshot]]\nversion = \"v1.26.0\"\nzip = \"v1.26.0.zip\"\n\
             sha256 = \"9b28f847fdf1db4a36cb2b2f8ec09443c039383f085630a03ecfaddf6db7ea23\"\n\
             status = \"in_process\"\n{extra}"
        )
    }

    #[test]
    fn parses_minimal_entry() {
        let idx = Index::parse(&entry_toml("go_releases = [\"go1.26.6\"]\n")).unwrap();
        assert_eq!(idx.snapshots.len(), 1);
        assert_eq!(idx.snapshots[0].status, Status::InProcess);
        assert!(idx.snapshots[0].h1.is_none());
    }

    #[test]
    fn rejects_bad_entries() {
        for (extra, want) in [
            ("files = \"x.files\"\n", "needs the h1"),
            ("h1 = \"h1:bad\"\n", "malformed h1"),
            ("bogus = 1\n", "unknown field"),
            ("status2 = 1\n", "unknown field"),
            (
                "h1 = \"h1:dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM=\"\nfiles = \"../x\"\n",
                "file name next to the index",
            ),
        ] {
            let err = format!("{:?}", Index::parse(&entry_toml(extra)).unwrap_err());
            assert!(err.contains(want), "{extra}: {err}");
        }
        let twice = format!("{}{}", entry_toml(""), &entry_toml("")[11..]);
        assert!(format!("{:?}", Index::parse(&twice).unwrap_err()).contains("listed twice"));
        let bad_zip = entry_toml("").replace("zip = \"v1.26.0.zip\"", "zip = \"x.zip\"");
        assert!(Index::parse(&bad_zip).is_err());
        let bad_status = entry_toml("").replace("in_process", "maybe");
        assert!(Index::parse(&bad_status).is_err());
        assert!(Index::parse("schema = 2\n").is_err());
    }

    #[test]
    fn pinned_index_is_the_repository_file_and_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../snapshots/index.toml");
        let on_disk = fs::read_to_string(&path).unwrap();
        assert_eq!(PINNED_INDEX_TOML, on_disk, "{}", path.display());
        let idx = Index::pinned().unwrap();
        assert_eq!(idx, LoadedIndex::load(&path).unwrap().index);
        // Its listings authenticate against it, as `snapshot verify` needs.
        let loaded = LoadedIndex::load(&path).unwrap();
        for e in &idx.snapshots {
            loaded.files(e).unwrap();
        }
        let certified: Vec<&str> = idx
            .snapshots
            .iter()
            .filter(|e| e.status == Status::Certified)
            .map(|e| e.version.as_str())
            .collect();
        assert_eq!(certified, ["v1.0.0-c2097c7c"]);
    }

    #[test]
    fn sidecar_is_authenticated_by_h1() {
        let dir = tempfile::tempdir().unwrap();
        let summary = Summary::new(vec![FileHash {
            name: b"golang.org/fips140@v1.26.0/LICENSE".to_vec(),
            sha256: [7; 32],
        }])
        .unwrap();
        fs::write(dir.path().join("v1.26.0.files"), summary.to_bytes()).unwrap();
        let text = entry_toml(&format!(
            "h1 = \"{}\"\nfiles = \"v1.26.0.files\"\nfile_count = 1\n",
            summary.h1()
        ));
        fs::write(dir.path().join("index.toml"), &text).unwrap();
        let idx = LoadedIndex::load(&dir.path().join("index.toml")).unwrap();
        let entry = idx.get("v1.26.0").unwrap();
        assert_eq!(idx.files(entry).unwrap().unwrap(), summary);

        // Any edit to the listing is caught.
        let mut edited = summary.to_bytes();
        edited[0] = b'f';
        fs::write(dir.path().join("v1.26.0.files"), edited).unwrap();
        assert!(matches!(
            idx.files(entry),
            Err(IndexError::SidecarMismatch { .. })
        ));
    }
}
