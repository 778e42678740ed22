//! Verifying a snapshot zip of an SDK against the SDK's own `fips140.sum`
//! and, optionally, against the pinned index.
//!
//! The zip's SHA-256 (what the FIPS security policy pins and what a go
//! command with a three-column sum file checks before unpacking) and its
//! `h1` (what the contents hash to, independent of how they were zipped)
//! are compared with every reference available. The verdict tells apart a
//! genuine zip, a re-packed one (same contents, different bytes: Debian's
//! golang-1.26 ships such zips) and one whose contents differ (then the
//! files that differ are listed, from the index's per-file listing).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use fips_dirhash::{read_bounded, summarize_zip_bytes, DirhashError, Limits, Summary};
use serde::Serialize;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::index::{IndexError, LoadedIndex};
use crate::resolve::{resolve, Resolution, ResolveError};
use crate::sumfile::{parse_sum_file, SumFileError, SumFormat};

/// Bad input: nothing could be checked.
#[derive(Debug, Error)]
pub enum VerifyError {
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error("GOFIPS140={requested} resolves to {resolved}, which uses GOROOT/src and no snapshot zip: nothing to verify")]
    NotASnapshot { requested: String, resolved: String },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    SumFile {
        path: PathBuf,
        #[source]
        source: SumFileError,
    },
    #[error(transparent)]
    Zip(#[from] DirhashError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// The overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every available reference matches.
    Ok,
    /// The file is not a readable zip.
    Corrupt,
    /// The contents (h1) differ from the genuine snapshot.
    ContentDiffers,
    /// Same contents as the genuine snapshot, different zip bytes.
    Repacked,
    /// The SHA-256 differs and no h1 reference exists to compare contents.
    ZipDiffers,
    /// The SDK's fips140.sum records other hashes than the pinned index.
    SumFileDisagreesWithIndex,
    /// The zip matches the index but fips140.sum has no entry for it.
    SumEntryMissing,
    /// The zip matches fips140.sum, but the pinned index does not know it.
    NotInIndex,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Corrupt => "corrupt",
            Verdict::ContentDiffers => "content_differs",
            Verdict::Repacked => "repacked",
            Verdict::ZipDiffers => "zip_differs",
            Verdict::SumFileDisagreesWithIndex => "sum_file_disagrees_with_index",
            Verdict::SumEntryMissing => "sum_entry_missing",
            Verdict::NotInIndex => "not_in_index",
        }
    }
}

/// Result of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Match,
    Mismatch,
    /// The reference records no value to compare with.
    NotRecorded,
}

/// What the zip actually is.
#[derive(Debug, Clone, Serialize)]
pub struct Actual {
    pub sha256: String,
    /// `None` when the file is not a readable zip (see `zip_error`).
    pub h1: Option<String>,
    pub file_count: Option<usize>,
    pub zip_error: Option<String>,
}

/// The SDK's `fips140.sum` and what it says about this zip.
#[derive(Debug, Clone, Serialize)]
pub struct SumFileCheck {
    pub path: PathBuf,
    pub format: SumFormat,
    /// False when the file has no line for this zip.
    pub has_entry: bool,
    pub sha256: Option<String>,
    pub h1: Option<String>,
    pub sha256_check: Outcome,
    pub h1_check: Outcome,
}

/// The pinned index and what it says about this snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct IndexCheck {
    pub path: PathBuf,
    /// False when the index has no entry for this snapshot.
    pub known: bool,
    pub sha256: Option<String>,
    pub h1: Option<String>,
    pub status: Option<String>,
    pub certificate: Option<String>,
    pub go_releases: Vec<String>,
    pub sha256_check: Outcome,
    pub h1_check: Outcome,
}

/// What this SDK's go command does with this zip.
#[derive(Debug, Clone, Serialize)]
pub struct GoCommand {
    /// True when the go command checks the zip's SHA-256 before unpacking
    /// (its fips140.sum has the three-column form: go1.27, Debian's go1.26.10).
    pub checks_sha256: bool,
    /// Whether it would accept this zip.
    pub accepts: bool,
    /// Its error message when it refuses.
    pub error: Option<String>,
}

/// A file that differs from the pinned per-file listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDifference {
    pub name: String,
    /// `modified`, `added` (not in the genuine snapshot) or `removed`.
    pub change: &'static str,
    pub expected_sha256: Option<String>,
    pub actual_sha256: Option<String>,
}

/// The full verification report (the `--json` output of `snapshot verify`).
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub goroot: PathBuf,
    pub go_version: String,
    pub requested: String,
    pub resolved: String,
    pub zip: PathBuf,
    pub zip_name: String,
    pub actual: Actual,
    pub sum_file: SumFileCheck,
    pub index: Option<IndexCheck>,
    pub go_command: GoCommand,
    pub verdict: Verdict,
    /// Only for `content_differs`, when the index has a per-file listing.
    pub differences: Vec<FileDifference>,
    /// Human explanation, one sentence per element.
    pub explanation: Vec<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.verdict == Verdict::Ok
    }
}

fn compare(expected: Option<&str>, actual: Option<&str>) -> Outcome {
    match (expected, actual) {
        (None, _) => Outcome::NotRecorded,
        (Some(e), Some(a)) if e == a => Outcome::Match,
        (Some(_), _) => Outcome::Mismatch,
    }
}

/// Resolves `version` for `goroot` and verifies the snapshot zip.
pub fn verify(
    goroot: &Path,
    version: &str,
    index: Option<&LoadedIndex>,
) -> Result<VerifyReport, VerifyError> {
    let resolution = resolve(goroot, version)?;
    verify_resolved(goroot, &resolution, index)
}

/// Verifies the zip of an existing resolution.
pub fn verify_resolved(
    goroot: &Path,
    resolution: &Resolution,
    index: Option<&LoadedIndex>,
) -> Result<VerifyReport, VerifyError> {
    let (Some(zip), Some(zip_name)) = (&resolution.zip, &resolution.zip_name) else {
        return Err(VerifyError::NotASnapshot {
            requested: resolution.requested.clone(),
            resolved: resolution.resolved.clone(),
        });
    };
    let v = &resolution.resolved;

    // The zip itself.
    let bytes = read_bounded(zip, Limits::default().max_zip_bytes)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let (summary, zip_error) = match summarize_zip_bytes(&bytes, zip, &Limits::default()) {
        Ok(s) => (Some(s), None),
        Err(e @ (DirhashError::Io { .. } | DirhashError::Limit { .. })) => return Err(e.into()),
        Err(e) => (None, Some(e.to_string())),
    };
    let actual = Actual {
        sha256: sha256.clone(),
        h1: summary.as_ref().map(Summary::h1),
        file_count: summary.as_ref().map(|s| s.files().len()),
        zip_error,
    };

    // The SDK's sum file.
    let sum_path = goroot.join("lib").join("fips140").join("fips140.sum");
    let sum_bytes = fs::read(&sum_path).map_err(|source| VerifyError::Io {
        path: sum_path.clone(),
        source,
    })?;
    let sums = parse_sum_file(&sum_bytes).map_err(|source| VerifyError::SumFile {
        path: sum_path.clone(),
        source,
    })?;
    let entry = sums.get(zip_name);
    let sum_file = SumFileCheck {
        path: sum_path.clone(),
        format: sums.format,
        has_entry: entry.is_some(),
        sha256: entry.map(|e| e.sha256.clone()),
        h1: entry.and_then(|e| e.h1.clone()),
        sha256_check: compare(entry.map(|e| e.sha256.as_str()), Some(&sha256)),
        h1_check: compare(entry.and_then(|e| e.h1.as_deref()), actual.h1.as_deref()),
    };

    // The pinned index.
    let mut expected_files: Option<Summary> = None;
    let index_check = match index {
        None => None,
        Some(idx) => {
            let e = idx.get(v);
            if let Some(e) = e {
                expected_files = idx.files(e)?;
            }
            Some(IndexCheck {
                path: idx.path.clone(),
                known: e.is_some(),
                sha256: e.map(|e| e.sha256.clone()),
                h1: e.and_then(|e| e.h1.clone()),
                status: e.map(|e| e.status.as_str().to_string()),
                certificate: e.and_then(|e| e.certificate.clone()),
                go_releases: e.map(|e| e.go_releases.clone()).unwrap_or_default(),
                sha256_check: compare(e.map(|e| e.sha256.as_str()), Some(&sha256)),
                h1_check: compare(e.and_then(|e| e.h1.as_deref()), actual.h1.as_deref()),
            })
        }
    };

    // What the go command of this SDK does (fips140.initDir, go1.27 form).
    let checks_sha256 = sums.format == SumFormat::ThreeColumn;
    let go_error = if !checks_sha256 {
        None
    } else if let Some(e) = entry {
        (e.sha256 != sha256).then(|| {
            format!(
                "go: unpacking GOFIPS140={v}: SHA-256 hash of {zip_name} is {sha256}, want {} (from {})",
                e.sha256,
                sum_path.display()
            )
        })
    } else {
        Some(format!(
            "go: verifying GOFIPS140={v}: no entry for {zip_name} in {}",
            sum_path.display()
        ))
    };
    let go_command = GoCommand {
        checks_sha256,
        accepts: go_error.is_none(),
        error: go_error,
    };

    let mut report = VerifyReport {
        goroot: goroot.to_path_buf(),
        go_version: resolution.go_version.clone(),
        requested: resolution.requested.clone(),
        resolved: v.clone(),
        zip: zip.clone(),
        zip_name: zip_name.clone(),
        actual,
        sum_file,
        index: index_check,
        go_command,
        verdict: Verdict::Ok,
        differences: Vec::new(),
        explanation: Vec::new(),
    };
    decide(&mut report, summary.as_ref(), expected_files.as_ref());
    Ok(report)
}

/// Sets the verdict, the file differences and the explanation.
///
/// The pinned index, when it knows the snapshot, is the authority on what
/// the genuine zip is; otherwise the SDK's own fips140.sum is.
fn decide(r: &mut VerifyReport, actual: Option<&Summary>, expected: Option<&Summary>) {
    let name = r.zip_name.clone();
    let sum_path = r.sum_file.path.display().to_string();
    let known_index = r.index.as_ref().filter(|i| i.known);
    // (source, sha256 check, h1 check, genuine sha256, genuine h1)
    let authority = match known_index {
        Some(i) => Some((
            format!("the pinned index {}", i.path.display()),
            i.sha256_check,
            i.h1_check,
            i.sha256.clone(),
            i.h1.clone(),
        )),
        None if r.sum_file.has_entry => Some((
            sum_path.clone(),
            r.sum_file.sha256_check,
            r.sum_file.h1_check,
            r.sum_file.sha256.clone(),
            r.sum_file.h1.clone(),
        )),
        None => None,
    };
    let mut say = Vec::new();

    r.verdict = if let Some(err) = &r.actual.zip_error {
        say.push(format!(
            "{name} is not a readable zip ({err}): it is not the genuine snapshot."
        ));
        Verdict::Corrupt
    } else if let Some((source, sha_check, h1_check, want_sha, want_h1)) = authority {
        let want_sha = want_sha.unwrap_or_default();
        let want_h1 = want_h1.unwrap_or_default();
        let got_h1 = r.actual.h1.clone().unwrap_or_default();
        if h1_check == Outcome::Mismatch {
            say.push(format!(
                "The contents of {name} differ from the genuine snapshot: they hash to {got_h1}, the genuine snapshot ({source}) to {want_h1}."
            ));
            if let (Some(a), Some(e)) = (actual, expected) {
                r.differences = diff(e, a);
                say.push(format!(
                    "{} file(s) differ from the pinned per-file listing.",
                    r.differences.len()
                ));
            } else {
                say.push("No per-file listing of the genuine snapshot is pinned here (pass --index), so the differing files cannot be named.".to_string());
            }
            Verdict::ContentDiffers
        } else if sha_check == Outcome::Mismatch && h1_check == Outcome::Match {
            say.push(format!(
                "{name} was re-packed: its SHA-256 is {}, the genuine zip's is {want_sha} ({source}), but its contents ({got_h1}) are identical to the genuine snapshot.",
                r.actual.sha256
            ));
            say.push("Some distributions re-zip lib/fips140 (Debian's golang-1.26 does); the validated module is the exact zip file whose SHA-256 the FIPS security policy lists, so a re-packed zip is not it. Use the official Go distribution's zip.".to_string());
            Verdict::Repacked
        } else if sha_check == Outcome::Mismatch {
            say.push(format!(
                "The SHA-256 of {name} is {}, the genuine zip's is {want_sha} ({source}); no h1 of the genuine snapshot is recorded there to tell whether only the packing or also the contents differ.",
                r.actual.sha256
            ));
            Verdict::ZipDiffers
        } else if known_index.is_some() && !r.sum_file.has_entry {
            say.push(format!(
                "{name} matches the pinned index, but {sum_path} has no entry for it."
            ));
            Verdict::SumEntryMissing
        } else if known_index.is_some()
            && (r.sum_file.sha256_check == Outcome::Mismatch
                || r.sum_file.h1_check == Outcome::Mismatch)
        {
            say.push(format!(
                "{name} is the genuine snapshot according to the pinned index, but {sum_path} records other hashes for it: the SDK's sum file is not the genuine one."
            ));
            Verdict::SumFileDisagreesWithIndex
        } else if r.index.as_ref().is_some_and(|i| !i.known) {
            say.push(format!(
                "{name} matches {sum_path}, but the pinned index does not know snapshot {}: check it and add it to the index.",
                r.resolved
            ));
            Verdict::NotInIndex
        } else {
            let mut parts = vec![if r.sum_file.h1_check == Outcome::Match {
                format!("its SHA-256 and h1 match {sum_path}")
            } else {
                format!("its SHA-256 matches {sum_path}")
            }];
            if let Some(i) = &r.index {
                parts.push(if i.h1_check == Outcome::Match {
                    format!(
                        "its SHA-256 and h1 match the pinned index {}",
                        i.path.display()
                    )
                } else {
                    format!(
                        "its SHA-256 matches the pinned index {} (which records no h1 for it)",
                        i.path.display()
                    )
                });
            }
            say.push(format!(
                "{name} is the genuine snapshot {} (SHA-256 {}, contents {}): {}.",
                r.resolved,
                r.actual.sha256,
                r.actual.h1.as_deref().unwrap_or("unknown"),
                parts.join("; ")
            ));
            Verdict::Ok
        }
    } else {
        say.push(format!(
            "{sum_path} has no entry for {name} and no pinned index knows it: nothing to verify it against."
        ));
        Verdict::SumEntryMissing
    };

    if r.verdict != Verdict::Ok {
        match (&r.go_command.error, r.go_command.checks_sha256) {
            (Some(err), _) => say.push(format!(
                "The go command of this SDK ({}) refuses it too: {err}",
                r.go_version
            )),
            (None, true) => say.push(format!(
                "The go command of this SDK ({}) checks the zip only against {sum_path}, which it matches, so it would use it.",
                r.go_version
            )),
            (None, false) => say.push(format!(
                "The go command of this SDK ({}) does not check the zip when building (its fips140.sum has no h1 column), so it would use it; go commands that check (go1.27 and later) refuse a zip whose SHA-256 differs.",
                r.go_version
            )),
        }
    }
    r.explanation = say;
}

/// Files of `actual` that differ from `expected`, by name.
fn diff(expected: &Summary, actual: &Summary) -> Vec<FileDifference> {
    type Pair = (Option<[u8; 32]>, Option<[u8; 32]>);
    let mut map: BTreeMap<&[u8], Pair> = BTreeMap::new();
    for f in expected.files() {
        map.entry(&f.name).or_default().0 = Some(f.sha256);
    }
    for f in actual.files() {
        map.entry(&f.name).or_default().1 = Some(f.sha256);
    }
    map.into_iter()
        .filter_map(|(name, (e, a))| {
            let change = match (e, a) {
                (Some(e), Some(a)) if e == a => return None,
                (Some(_), Some(_)) => "modified",
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                (None, None) => return None,
            };
            Some(FileDifference {
                name: String::from_utf8_lossy(name).into_owned(),
                change,
                expected_sha256: e.map(hex::encode),
                actual_sha256: a.map(hex::encode),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{build_zip, RawEntry};
    use fips_dirhash::FileHash;

    struct Sdk {
        root: tempfile::TempDir,
        genuine: Vec<u8>,
    }

    fn genuine_zip() -> Vec<u8> {
        build_zip(&[
            RawEntry::deflated("golang.org/fips140@v1.26.0/LICENSE", b"license"),
            RawEntry::deflated(
                "golang.org/fips140@v1.26.0/fips140/v1.26.0/aes/aes.go",
                b"package aes\n",
            ),
            RawEntry::deflated(
                "golang.org/fips140@v1.26.0/fips140/v1.26.0/sha256/sha256.go",
                b"package sha256\n",
            ),
        ])
    }

    /// A fake SDK whose v1.26.0.zip is `zip`, with a sum file describing `genuine`.
    fn sdk(zip: &[u8], three_column: bool) -> Sdk {
        let genuine = genuine_zip();
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("VERSION"), "go1.27.3\n").unwrap();
        let lib = root.path().join("lib/fips140");
        fs::create_dir_all(&lib).unwrap();
        fs::write(lib.join("v1.26.0.zip"), zip).unwrap();
        fs::write(lib.join("inprocess.txt"), "v1.26.0\n").unwrap();
        let sha = hex::encode(Sha256::digest(&genuine));
        let h1 = fips_dirhash::summarize_zip_bytes(&genuine, Path::new("g"), &Limits::default())
            .unwrap()
            .h1();
        let line = if three_column {
            format!("v1.26.0.zip {sha} {h1}\n")
        } else {
            format!("v1.26.0.zip {sha}\n")
        };
        fs::write(lib.join("fips140.sum"), format!("# sums\n{line}")).unwrap();
        Sdk { root, genuine }
    }

    fn index_for(dir: &Path, genuine: &[u8], known: bool) -> LoadedIndex {
        let summary =
            fips_dirhash::summarize_zip_bytes(genuine, Path::new("g"), &Limits::default()).unwrap();
        fs::write(dir.join("v1.26.0.files"), summary.to_bytes()).unwrap();
        let version = if known { "v1.26.0" } else { "v9.9.9" };
        let text = format!(
            "schema = 1\n[[snapshot]]\nversion = \"{version}\"\nzip = \"{version}.zip\"\nsha256 = \"{}\"\nh1 = \"{}\"\nfiles = \"v1.26.0.files\"\nstatus = \"in_process\"\n",
            hex::encode(Sha256::digest(genuine)),
            summary.h1()
        );
        fs::write(dir.join("index.toml"), text).unwrap();
        LoadedIndex::load(&dir.join("index.toml")).unwrap()
    }

    #[test]
    fn genuine_passes() {
        let s = sdk(&genuine_zip(), true);
        let idx = index_for(s.root.path(), &s.genuine, true);
        let r = verify(s.root.path(), "inprocess", Some(&idx)).unwrap();
        assert_eq!(r.verdict, Verdict::Ok, "{:?}", r.explanation);
        assert!(r.go_command.accepts);
        assert_eq!(r.index.as_ref().unwrap().h1_check, Outcome::Match);
        let r = verify(s.root.path(), "v1.26.0", None).unwrap();
        assert_eq!(r.verdict, Verdict::Ok);
    }

    #[test]
    fn repacked_is_diagnosed() {
        // Same contents, other order: other bytes, same h1.
        let repacked = build_zip(&[
            RawEntry::stored(
                "golang.org/fips140@v1.26.0/fips140/v1.26.0/sha256/sha256.go",
                b"package sha256\n",
            ),
            RawEntry::stored("golang.org/fips140@v1.26.0/LICENSE", b"license"),
            RawEntry::stored(
                "golang.org/fips140@v1.26.0/fips140/v1.26.0/aes/aes.go",
                b"package aes\n",
            ),
        ]);
        for three in [true, false] {
            let s = sdk(&repacked, three);
            let r = verify(s.root.path(), "v1.26.0", None).unwrap();
            if three {
                assert_eq!(r.verdict, Verdict::Repacked);
                assert!(!r.go_command.accepts);
                assert!(r
                    .go_command
                    .error
                    .as_ref()
                    .unwrap()
                    .contains("SHA-256 hash of v1.26.0.zip is"));
            } else {
                // Without any h1 reference the contents cannot be compared.
                assert_eq!(r.verdict, Verdict::ZipDiffers);
                assert!(r.go_command.accepts);
            }
            let idx = index_for(s.root.path(), &s.genuine, true);
            let r = verify(s.root.path(), "v1.26.0", Some(&idx)).unwrap();
            assert_eq!(r.verdict, Verdict::Repacked);
            assert!(r.explanation.join(" ").contains("re-packed"));
        }
    }

    #[test]
    fn content_differences_are_listed() {
        let tampered = build_zip(&[
            RawEntry::deflated("golang.org/fips140@v1.26.0/LICENSE", b"license"),
            RawEntry::deflated(
                "golang.org/fips140@v1.26.0/fips140/v1.26.0/aes/aes.go",
                b"package aes // evil\n",
            ),
            RawEntry::deflated(
                "golang.org/fips140@v1.26.0/fips140/v1.26.0/extra/x.go",
                b"package extra\n",
            ),
        ]);
        let s = sdk(&tampered, false);
        let idx = index_for(s.root.path(), &s.genuine, true);
        let r = verify(s.root.path(), "v1.26.0", Some(&idx)).unwrap();
        assert_eq!(r.verdict, Verdict::ContentDiffers);
        let got: Vec<_> = r
            .differences
            .iter()
            .map(|d| (d.name.as_str(), d.change))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "golang.org/fips140@v1.26.0/fips140/v1.26.0/aes/aes.go",
                    "modified"
                ),
                (
                    "golang.org/fips140@v1.26.0/fips140/v1.26.0/extra/x.go",
                    "added"
                ),
                (
                    "golang.org/fips140@v1.26.0/fips140/v1.26.0/sha256/sha256.go",
                    "removed"
                ),
            ]
        );
    }

    #[test]
    fn corrupt_zip_and_unknown_snapshot() {
        let s = sdk(b"definitely not a zip", true);
        let r = verify(s.root.path(), "v1.26.0", None).unwrap();
        assert_eq!(r.verdict, Verdict::Corrupt);

        let s = sdk(&genuine_zip(), true);
        let idx = index_for(s.root.path(), &s.genuine, false);
        let r = verify(s.root.path(), "v1.26.0", Some(&idx)).unwrap();
        assert_eq!(r.verdict, Verdict::NotInIndex);
    }

    #[test]
    fn sum_file_problems() {
        let s = sdk(&genuine_zip(), true);
        let idx = index_for(s.root.path(), &s.genuine, true);
        let sum = s.root.path().join("lib/fips140/fips140.sum");
        fs::write(&sum, "# nothing\n").unwrap();
        let r = verify(s.root.path(), "v1.26.0", Some(&idx)).unwrap();
        assert_eq!(r.verdict, Verdict::SumEntryMissing);
        fs::write(&sum, "v1.26.0.zip 0000\n").unwrap();
        assert!(matches!(
            verify(s.root.path(), "v1.26.0", Some(&idx)),
            Err(VerifyError::SumFile { .. })
        ));
        // A sum file edited to match a different zip.
        let other = "1".repeat(64);
        fs::write(&sum, format!("v1.26.0.zip {other}\n")).unwrap();
        let r = verify(s.root.path(), "v1.26.0", Some(&idx)).unwrap();
        assert_eq!(r.verdict, Verdict::SumFileDisagreesWithIndex);
    }

    #[test]
    fn off_is_not_a_snapshot() {
        let s = sdk(&genuine_zip(), true);
        assert!(matches!(
            verify(s.root.path(), "latest", None),
            Err(VerifyError::NotASnapshot { .. })
        ));
    }

    #[test]
    fn diff_names_changes() {
        let f = |n: &str, b: u8| FileHash {
            name: n.as_bytes().to_vec(),
            sha256: [b; 32],
        };
        let e = Summary::new(vec![f("a", 1), f("b", 2)]).unwrap();
        let a = Summary::new(vec![f("a", 1), f("b", 3), f("c", 4)]).unwrap();
        let d = diff(&e, &a);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].change, "modified");
        assert_eq!(d[1].change, "added");
    }
}
