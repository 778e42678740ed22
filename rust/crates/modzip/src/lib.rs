//! A Go module zip from a proxy, verified and unpacked as the go command
//! does before it puts a module in its cache (cmd/go's modfetch and
//! `golang.org/x/mod/zip`'s Unzip), with the snapshot unpacker's hardening
//! on top ([`fips_safezip`]).
//!
//! Order: the version must be canonical and fit the path; the zip's h1
//! must equal go.sum's line and the `.mod` file's h1 its `/go.mod` line
//! (both before any entry is looked at); the `.mod` file must name the
//! module; then every entry is checked ([`ModuleLayout`]) and only then is
//! anything written.

use std::path::{Path, PathBuf};

use fips_safezip::{Layout, Limits, Modes, Placement, RejectReason, ZipError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// `golang.org/x/mod/zip`'s limits: 500 MiB for the zip and for its
/// unpacked content, 16 MiB for go.mod and LICENSE.
pub const MAX_ZIP_FILE: u64 = 500 << 20;
pub const MAX_GO_MOD: u64 = 16 << 20;
pub const MAX_LICENSE: u64 = 16 << 20;

/// Entries per zip: Go sets none; this bounds the work for a hostile zip
/// (the largest real modules have some tens of thousands of files).
pub const MAX_ENTRIES: usize = 1_000_000;

/// Files that would make Bazel read the module's own build rules, left out
/// wherever they are (the repository gets generated BUILD files instead).
pub const DROPPED_NAMES: [&str; 7] = [
    "BUILD",
    "BUILD.bazel",
    "WORKSPACE",
    "WORKSPACE.bazel",
    "WORKSPACE.bzlmod",
    "MODULE.bazel",
    "REPO.bazel",
];

/// What is unpacked, and what go.sum says it must be.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The module path the zip is for (the replacement's, if replaced).
    pub path: &'a str,
    pub version: &'a str,
    /// go.sum's `path version h1:...`.
    pub zip_h1: &'a str,
    /// The `.mod` file and go.sum's `path version/go.mod h1:...`.
    pub go_mod: Option<(&'a [u8], &'a str)>,
    /// The path the module was required as, when a replacement provides
    /// it: its go.mod may name either.
    pub required_as: Option<&'a str>,
    /// Unpack into an existing directory that holds other files (none of
    /// the module's top-level names), as a repository rule's directory
    /// holds the zip it downloaded; else the output must be absent or empty.
    pub into_existing: bool,
}

/// How the zip's own go.mod compares with the `.mod` file. The go command
/// reads only the `.mod` file (a legacy `+incompatible` version can have a
/// go.mod in its zip that names another path), so a difference is reported,
/// not refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZipGoMod {
    Same,
    Differs,
    Absent,
    /// No `.mod` file was given.
    Unchecked,
}

/// What was unpacked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub path: String,
    pub version: String,
    pub out: PathBuf,
    pub h1: String,
    pub files: usize,
    pub bytes: u64,
    /// Files checked but not written ([`DROPPED_NAMES`]), sorted.
    pub dropped: Vec<String>,
    pub zip_go_mod: ZipGoMod,
    /// The `.mod` file's `go` line (None without one, or without a `.mod`).
    pub go: Option<String>,
}

#[derive(Debug, Error)]
pub enum ModuleZipError {
    #[error("{0}")]
    BadModule(String),
    #[error("{path}@{version}: zip {found} does not match go.sum ({expected}): the proxy served other content than go.sum records (a changed or tampered proxy or cache, or a wrong go.sum line); nothing was written")]
    ZipMismatch {
        path: String,
        version: String,
        expected: String,
        found: String,
    },
    #[error("{path}@{version}: go.mod {found} does not match go.sum's {path} {version}/go.mod line ({expected}): the proxy served another .mod file than go.sum records; nothing was written")]
    GoModMismatch {
        path: String,
        version: String,
        expected: String,
        found: String,
    },
    #[error("{path}@{version}: parsing go.mod: {message}")]
    GoMod {
        path: String,
        version: String,
        message: String,
    },
    #[error("{path}@{version}: parsing go.mod:\n\tmodule declares its path as: {declared}\n\t        but was required as: {required}")]
    PathMismatch {
        path: String,
        version: String,
        declared: String,
        required: String,
    },
    #[error("{path}@{version}: cannot hash the zip: {message}; nothing was written")]
    Hash {
        path: String,
        version: String,
        message: String,
    },
    #[error("{path}@{version}: {source}; nothing was written")]
    Zip {
        path: String,
        version: String,
        #[source]
        source: ZipError,
    },
}

impl ModuleZipError {
    /// A hash mismatch (a check that failed), as opposed to bad input.
    pub fn is_mismatch(&self) -> bool {
        matches!(
            self,
            ModuleZipError::ZipMismatch { .. } | ModuleZipError::GoModMismatch { .. }
        )
    }
}

/// A module zip's layout: every entry under `path@version/`, as
/// `module.CheckFilePath` allows, a go.mod only at the root and spelled so,
/// go.mod and LICENSE within their limits; directory entries are allowed
/// (and take part in the collision checks); [`DROPPED_NAMES`] are checked
/// but not written.
#[derive(Debug, Clone)]
pub struct ModuleLayout {
    prefix: String,
}

impl ModuleLayout {
    pub fn new(path: &str, version: &str) -> ModuleLayout {
        ModuleLayout {
            prefix: format!("{path}@{version}/"),
        }
    }

    fn rel<'n>(&self, name: &'n str) -> Result<&'n str, RejectReason> {
        if name.len() + 1 == self.prefix.len() && self.prefix.starts_with(name) {
            return Ok("");
        }
        name.strip_prefix(&self.prefix)
            .ok_or_else(|| RejectReason::OutsidePrefix(self.prefix.clone()))
    }
}

impl Layout for ModuleLayout {
    fn place(&self, name: &str) -> Result<Option<Placement>, RejectReason> {
        let rel = self.rel(name)?;
        if rel.is_empty() {
            return Err(RejectReason::OutsidePrefix(self.prefix.clone()));
        }
        fips_modpath::check_file_path(rel).map_err(|e| RejectReason::Layout(e.to_string()))?;
        let base = rel.rsplit('/').next().unwrap_or(rel);
        if base.eq_ignore_ascii_case("go.mod") {
            if base != rel {
                return Err(RejectReason::Layout(
                    "go.mod file not in module root directory".into(),
                ));
            }
            if rel != "go.mod" {
                return Err(RejectReason::Layout(
                    "go.mod files must have lowercase names".into(),
                ));
            }
        }
        Ok(Some(Placement {
            rel: rel.to_string(),
            write: !DROPPED_NAMES.contains(&base),
        }))
    }

    fn directory(&self, name: &str) -> Result<Option<String>, RejectReason> {
        let rel = self.rel(name)?;
        if rel.is_empty() {
            return Ok(None);
        }
        fips_modpath::check_file_path(rel).map_err(|e| RejectReason::Layout(e.to_string()))?;
        Ok(Some(rel.to_string()))
    }

    fn file_limit(&self, rel: &str, limits: &Limits) -> u64 {
        match rel {
            "go.mod" => MAX_GO_MOD,
            "LICENSE" => MAX_LICENSE,
            _ => limits.max_file_bytes,
        }
    }

    fn allow_empty(&self) -> bool {
        true
    }
}

/// The limits of a module zip.
pub fn module_limits() -> Limits {
    Limits {
        max_zip_bytes: MAX_ZIP_FILE,
        max_entries: MAX_ENTRIES,
        max_file_bytes: MAX_ZIP_FILE,
        max_total_bytes: MAX_ZIP_FILE,
    }
}

/// The h1 of a `.mod` file: the hash of a tree holding one file, `go.mod`,
/// with its bytes.
pub fn go_mod_h1(data: &[u8]) -> String {
    let file = fips_dirhash::FileHash {
        name: b"go.mod".to_vec(),
        sha256: Sha256::digest(data).into(),
    };
    fips_dirhash::Summary::new(vec![file])
        .map(|s| s.h1())
        .unwrap_or_default()
}

/// The version must be canonical and the pair valid (`module.Check`).
pub fn check_request(path: &str, version: &str) -> Result<(), ModuleZipError> {
    let canonical = fips_gomod::semver::canonical_module_version(version);
    if canonical != version {
        return Err(ModuleZipError::BadModule(format!(
            "{path}@{version}: version {} is not canonical (should be {})",
            fips_gomod::go_quote(version),
            fips_gomod::go_quote(&canonical)
        )));
    }
    fips_gomod::check_module_version(path, version).map_err(ModuleZipError::BadModule)
}

/// Checks the `.mod` file: its h1, then that it parses (as a dependency's
/// go.mod) and names the module. Returns its `go` line.
fn check_go_mod(
    req: &Request<'_>,
    data: &[u8],
    want: &str,
) -> Result<Option<String>, ModuleZipError> {
    let (path, version) = (req.path.to_string(), req.version.to_string());
    let found = go_mod_h1(data);
    if found != want {
        return Err(ModuleZipError::GoModMismatch {
            path,
            version,
            expected: want.to_string(),
            found,
        });
    }
    let gomod_err = |message: String| ModuleZipError::GoMod {
        path: req.path.to_string(),
        version: req.version.to_string(),
        message,
    };
    let file = fips_gomod::parse("go.mod", data, fips_gomod::Mode::Lax)
        .map_err(|e| gomod_err(e.to_string()))?;
    let declared = file.module.unwrap_or_default();
    if declared.is_empty() {
        return Err(gomod_err("missing module line".into()));
    }
    if declared != req.path && Some(declared.as_str()) != req.required_as {
        return Err(ModuleZipError::PathMismatch {
            path: req.path.to_string(),
            version: req.version.to_string(),
            declared,
            required: req.required_as.unwrap_or(req.path).to_string(),
        });
    }
    Ok(file.go)
}

/// Verifies a module zip held in memory and unpacks it into `out` (absent
/// or an empty directory, or see [`Request::into_existing`]), files 0644 and directories 0755 so that the
/// repository rule can add BUILD files and apply patches.
pub fn unpack_bytes(bytes: &[u8], req: &Request<'_>, out: &Path) -> Result<Report, ModuleZipError> {
    check_request(req.path, req.version)?;
    let zip_err = |source: ZipError| ModuleZipError::Zip {
        path: req.path.to_string(),
        version: req.version.to_string(),
        source,
    };
    let limits = module_limits();
    if bytes.len() as u64 > limits.max_zip_bytes {
        return Err(zip_err(ZipError::Limit {
            what: "zip file size",
            actual: bytes.len() as u64,
            limit: limits.max_zip_bytes,
        }));
    }
    let hash_limits = fips_dirhash::Limits {
        max_zip_bytes: MAX_ZIP_FILE,
        max_entries: MAX_ENTRIES,
        max_total_bytes: MAX_ZIP_FILE,
    };
    let h1 = fips_dirhash::summarize_zip_bytes(bytes, Path::new("zip"), &hash_limits)
        .map_err(|e| ModuleZipError::Hash {
            path: req.path.to_string(),
            version: req.version.to_string(),
            message: e.to_string(),
        })?
        .h1();
    if h1 != req.zip_h1 {
        return Err(ModuleZipError::ZipMismatch {
            path: req.path.to_string(),
            version: req.version.to_string(),
            expected: req.zip_h1.to_string(),
            found: h1,
        });
    }
    let go = match req.go_mod {
        Some((data, want)) => check_go_mod(req, data, want)?,
        None => None,
    };
    let layout = ModuleLayout::new(req.path, req.version);
    let plan = fips_safezip::plan(bytes, &layout, &limits).map_err(zip_err)?;
    let zip_go_mod = match req.go_mod {
        None => ZipGoMod::Unchecked,
        Some((mod_data, _)) => match plan.files.iter().find(|f| f.rel == "go.mod") {
            None => ZipGoMod::Absent,
            Some(f) => {
                let ours = fips_safezip::read_entry(bytes, f).map_err(zip_err)?;
                if ours == mod_data {
                    ZipGoMod::Same
                } else {
                    ZipGoMod::Differs
                }
            }
        },
    };
    let modes = Modes {
        file: 0o644,
        dir: 0o755,
    };
    if req.into_existing {
        fips_safezip::extract_into(bytes, &plan, out, modes).map_err(zip_err)?;
    } else {
        fips_safezip::extract(bytes, &plan, out, modes).map_err(zip_err)?;
    }
    Ok(Report {
        path: req.path.to_string(),
        version: req.version.to_string(),
        out: out.to_path_buf(),
        h1,
        files: plan.files.len(),
        bytes: plan.files.iter().map(|f| f.size).sum(),
        dropped: plan.skipped,
        zip_go_mod,
        go,
    })
}

/// [`unpack_bytes`] for a zip file.
pub fn unpack(zip: &Path, req: &Request<'_>, out: &Path) -> Result<Report, ModuleZipError> {
    let bytes =
        fips_safezip::read_zip(zip, MAX_ZIP_FILE).map_err(|source| ModuleZipError::Zip {
            path: req.path.to_string(),
            version: req.version.to_string(),
            source,
        })?;
    unpack_bytes(&bytes, req, out)
}

#[cfg(test)]
mod tests;
