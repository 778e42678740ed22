//! Resolving a GOFIPS140 value exactly as the go command of a given GOROOT
//! does (`cmd/go/internal/fips140.initVersion` after
//! `internal/buildcfg.gofips140`).
//!
//! Order of the checks, as in Go:
//! 1. syntax: `off`, `latest`, `inprocess`, `certified`, or a version string
//!    of the SDK's release line ([`Syntax`]); an empty value means `off`;
//! 2. `off` and `latest` resolve to themselves (no snapshot);
//! 3. a value containing `/`, `\` or `..` is malformed;
//! 4. `lib/fips140/<v>.txt`, if readable, names the real version (contents
//!    with whitespace trimmed; one level only, the target is not re-checked)
//!    and `<target>.zip` must then exist;
//! 5. `lib/fips140/<v>.zip` must exist; the build tag is
//!    `fips140` + `semver.MajorMinor(v)`.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use thiserror::Error;

use crate::gocompat::{go_quote, semver_major_minor, valid_gofips140, Syntax};

/// The Go release of a GOROOT, from the first line of `GOROOT/VERSION`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SdkVersion {
    /// The first line of `VERSION`, e.g. `go1.26.6`.
    pub raw: String,
    /// `1` for every Go 1.x release.
    pub major: u32,
    /// `26` for `go1.26.6` and `go1.26rc1`.
    pub minor: u32,
}

impl SdkVersion {
    /// Parses `go1.N`, `go1.N.P`, `go1.NrcK`, `go1.NbetaK`.
    pub fn parse(line: &str) -> Option<SdkVersion> {
        let rest = line.strip_prefix("go")?;
        let (major, rest) = split_num(rest)?;
        let rest = rest.strip_prefix('.')?;
        let (minor, rest) = split_num(rest)?;
        let tail_ok = rest.is_empty()
            || rest
                .strip_prefix('.')
                .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            || ["rc", "beta"].iter().any(|pre| {
                rest.strip_prefix(pre)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            });
        tail_ok.then(|| SdkVersion {
            raw: line.to_string(),
            major,
            minor,
        })
    }

    /// Reads `GOROOT/VERSION`.
    pub fn read(goroot: &Path) -> Result<SdkVersion, ResolveError> {
        let path = goroot.join("VERSION");
        let text = fs::read_to_string(&path).map_err(|e| ResolveError::Sdk {
            goroot: goroot.to_path_buf(),
            reason: format!("cannot read {}: {e}", path.display()),
        })?;
        let first = text.lines().next().unwrap_or_default().trim();
        let version = SdkVersion::parse(first).ok_or_else(|| ResolveError::Sdk {
            goroot: goroot.to_path_buf(),
            reason: format!(
                "{}: first line {first:?} is not a Go release version like go1.26.6",
                path.display()
            ),
        })?;
        if version.major != 1 || version.minor < 24 {
            return Err(ResolveError::Sdk {
                goroot: goroot.to_path_buf(),
                reason: format!(
                    "{} has no GOFIPS140 support (it was added in go1.24)",
                    version.raw
                ),
            });
        }
        Ok(version)
    }

    /// The GOFIPS140 syntax this release's go command applies.
    pub fn syntax(&self) -> Syntax {
        if self.major == 1 && self.minor < 26 {
            Syntax::Go124
        } else {
            Syntax::Go126
        }
    }
}

fn split_num(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, rest) = s.split_at_checked(end)?;
    Some((num.parse().ok()?, rest))
}

/// Why a GOFIPS140 value does not resolve. For the variants Go itself
/// reports, `Display` is Go's exact message (see [`ResolveError::is_go_error`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ResolveError {
    #[error("{}", .syntax.invalid_message())]
    Invalid { value: String, syntax: Syntax },
    #[error("go: malformed GOFIPS140 version {}", go_quote(.value))]
    Malformed { value: String },
    #[error("go: missing GOROOT for GOFIPS140")]
    MissingGoroot,
    #[error("go: unknown GOFIPS140 version {} (from {})", go_quote(.version), go_quote(.from))]
    UnknownAliasTarget { version: String, from: String },
    #[error("go: unknown GOFIPS140 version {}", go_quote(.version))]
    Unknown { version: String },
    /// The GOROOT itself is unusable (not Go's wording).
    #[error("GOROOT {}: {reason}", .goroot.display())]
    Sdk { goroot: PathBuf, reason: String },
    /// An alias file whose contents are not UTF-8 text (not Go's wording: Go
    /// would look for a zip with that byte string as its name).
    #[error("{}: alias file is not UTF-8 text", .path.display())]
    AliasNotText { path: PathBuf },
}

impl ResolveError {
    /// True when the go command reports this very failure with this text.
    pub fn is_go_error(&self) -> bool {
        !matches!(
            self,
            ResolveError::Sdk { .. } | ResolveError::AliasNotText { .. }
        )
    }

    /// A stable identifier for `--json` output.
    pub fn kind(&self) -> &'static str {
        match self {
            ResolveError::Invalid { .. } => "invalid",
            ResolveError::Malformed { .. } => "malformed",
            ResolveError::MissingGoroot => "missing_goroot",
            ResolveError::UnknownAliasTarget { .. } => "unknown_alias_target",
            ResolveError::Unknown { .. } => "unknown_version",
            ResolveError::Sdk { .. } => "bad_sdk",
            ResolveError::AliasNotText { .. } => "alias_not_text",
        }
    }
}

/// An alias file that redirected the requested value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alias {
    /// `GOROOT/lib/fips140/<requested>.txt`.
    pub file: PathBuf,
    /// Its trimmed contents: the version it stands for.
    pub target: String,
}

/// The outcome of resolving a GOFIPS140 value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The value as given.
    pub requested: String,
    /// The SDK's Go release (`GOROOT/VERSION`).
    pub go_version: String,
    /// `off`, `latest`, or the snapshot version, e.g. `v1.0.0-c2097c7c`:
    /// what `go version -m` records as `GOFIPS140` (when not `off`).
    pub resolved: String,
    /// True unless the resolved value is `off` (`fips140.Enabled()`).
    pub enabled: bool,
    /// True for a snapshot, i.e. neither `off` nor `latest` (`fips140.Snapshot()`).
    pub snapshot: bool,
    /// Set when `<requested>.txt` redirected the value.
    pub alias: Option<Alias>,
    /// `GOROOT/lib/fips140/<resolved>.zip` for a snapshot.
    pub zip: Option<PathBuf>,
    /// The zip's file name, `<resolved>.zip`, as listed in `fips140.sum`.
    pub zip_name: Option<String>,
    /// The build tag the go command adds, e.g. `fips140v1.0` (for a snapshot).
    pub build_tag: Option<String>,
}

/// Resolves `value` for the SDK at `goroot`, reading its `VERSION` file.
pub fn resolve(goroot: &Path, value: &str) -> Result<Resolution, ResolveError> {
    if goroot.as_os_str().is_empty() {
        // Go checks the syntax first, then the empty GOROOT (only for a
        // value that needs lib/fips140).
        return resolve_with(goroot, value, None);
    }
    let sdk = SdkVersion::read(goroot)?;
    resolve_with(goroot, value, Some(&sdk))
}

/// Resolves with an already known SDK version (`None` only for an empty GOROOT).
pub fn resolve_with(
    goroot: &Path,
    value: &str,
    sdk: Option<&SdkVersion>,
) -> Result<Resolution, ResolveError> {
    let syntax = sdk.map_or(Syntax::Go126, SdkVersion::syntax);
    let go_version = sdk.map(|s| s.raw.clone()).unwrap_or_default();
    // internal/buildcfg: an empty value is the default, off.
    let v = if value.is_empty() { "off" } else { value };
    if !valid_gofips140(v, syntax) {
        return Err(ResolveError::Invalid {
            value: value.to_string(),
            syntax,
        });
    }
    let plain = |resolved: &str| Resolution {
        requested: value.to_string(),
        go_version: go_version.clone(),
        resolved: resolved.to_string(),
        enabled: resolved != "off",
        snapshot: false,
        alias: None,
        zip: None,
        zip_name: None,
        build_tag: None,
    };
    if v == "off" || v == "latest" {
        return Ok(plain(v));
    }
    if v.contains('/') || v.contains('\\') || v.contains("..") {
        return Err(ResolveError::Malformed {
            value: value.to_string(),
        });
    }
    if goroot.as_os_str().is_empty() {
        return Err(ResolveError::MissingGoroot);
    }
    let dir = goroot.join("lib").join("fips140");
    let mut version = v.to_string();
    let mut alias = None;
    let txt = dir.join(format!("{v}.txt"));
    if let Ok(data) = fs::read(&txt) {
        let text = String::from_utf8(data)
            .map_err(|_| ResolveError::AliasNotText { path: txt.clone() })?;
        version = text.trim().to_string();
        if !zip_exists(&dir, &version) {
            return Err(ResolveError::UnknownAliasTarget {
                version,
                from: value.to_string(),
            });
        }
        alias = Some(Alias {
            file: txt,
            target: version.clone(),
        });
    }
    if !zip_exists(&dir, &version) {
        return Err(ResolveError::Unknown { version });
    }
    let zip_name = format!("{version}.zip");
    Ok(Resolution {
        requested: value.to_string(),
        go_version,
        resolved: version.clone(),
        enabled: true,
        snapshot: true,
        alias,
        zip: Some(dir.join(&zip_name)),
        zip_name: Some(zip_name),
        build_tag: Some(format!("fips140{}", semver_major_minor(&version))),
    })
}

/// Go's `os.Stat(file + ".zip") == nil`: anything that stats (following
/// symlinks) counts, as in Go.
fn zip_exists(dir: &Path, version: &str) -> bool {
    fs::metadata(dir.join(format!("{version}.zip"))).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_goroot(version: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("VERSION"), format!("{version}\ntime x\n")).unwrap();
        let lib = root.path().join("lib/fips140");
        fs::create_dir_all(&lib).unwrap();
        for (name, content) in files {
            fs::write(lib.join(name), content).unwrap();
        }
        root
    }

    fn go126() -> tempfile::TempDir {
        fake_goroot(
            "go1.26.6",
            &[
                ("v1.0.0-c2097c7c.zip", ""),
                ("v1.26.0.zip", ""),
                ("inprocess.txt", "v1.26.0\n"),
                ("certified.txt", "v1.0.0-c2097c7c\n"),
                ("v1.0.0.txt", "v1.0.0-c2097c7c\n"),
            ],
        )
    }

    #[test]
    fn sdk_version_parsing() {
        let v = SdkVersion::parse("go1.26.6").unwrap();
        assert_eq!((v.major, v.minor), (1, 26));
        assert_eq!(SdkVersion::parse("go1.27rc1").unwrap().minor, 27);
        assert_eq!(SdkVersion::parse("go1.24").unwrap().minor, 24);
        for bad in [
            "",
            "devel go1.27-abc",
            "go1",
            "go1.x",
            "go1.26.",
            "1.26.6",
            "go1.26.6x",
        ] {
            assert!(SdkVersion::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            SdkVersion::parse("go1.25.5").unwrap().syntax(),
            Syntax::Go124
        );
        assert_eq!(
            SdkVersion::parse("go1.26.0").unwrap().syntax(),
            Syntax::Go126
        );
    }

    #[test]
    fn old_or_missing_sdk() {
        let root = fake_goroot("go1.23.4", &[]);
        assert!(matches!(
            resolve(root.path(), "latest"),
            Err(ResolveError::Sdk { .. })
        ));
        let empty = tempfile::tempdir().unwrap();
        let err = resolve(empty.path(), "latest").unwrap_err();
        assert!(err.to_string().contains("VERSION"), "{err}");
        assert!(!err.is_go_error());
    }

    #[test]
    fn aliases_and_tags() {
        let root = go126();
        let r = resolve(root.path(), "certified").unwrap();
        assert_eq!(r.resolved, "v1.0.0-c2097c7c");
        assert_eq!(r.build_tag.as_deref(), Some("fips140v1.0"));
        assert_eq!(r.alias.as_ref().unwrap().target, "v1.0.0-c2097c7c");
        let r = resolve(root.path(), "inprocess").unwrap();
        assert_eq!(
            (r.resolved.as_str(), r.build_tag.as_deref()),
            ("v1.26.0", Some("fips140v1.26"))
        );
        let r = resolve(root.path(), "v1.26.0").unwrap();
        assert!(r.alias.is_none());
        assert_eq!(r.zip_name.as_deref(), Some("v1.26.0.zip"));
        for (v, want) in [("", "off"), ("off", "off"), ("latest", "latest")] {
            let r = resolve(root.path(), v).unwrap();
            assert_eq!(r.resolved, want);
            assert!(!r.snapshot && r.zip.is_none() && r.build_tag.is_none());
            assert_eq!(r.enabled, want != "off");
        }
    }

    #[test]
    fn go_error_wording() {
        let root = go126();
        let msg = |v: &str| resolve(root.path(), v).unwrap_err().to_string();
        assert_eq!(
            msg("bogus"),
            "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z"
        );
        assert_eq!(msg("v1.2.3"), "go: unknown GOFIPS140 version \"v1.2.3\"");
        assert_eq!(
            msg(r"v1.0.0-ab\cdefg"),
            r#"go: malformed GOFIPS140 version "v1.0.0-ab\\cdefg""#
        );
        assert_eq!(
            msg("v1.0.0-ab..cdef"),
            "go: malformed GOFIPS140 version \"v1.0.0-ab..cdef\""
        );
        let old = fake_goroot("go1.25.5", &[("v1.0.0-c2097c7c.zip", "")]);
        assert_eq!(
            resolve(old.path(), "certified").unwrap_err().to_string(),
            "go: unknown GOFIPS140 version \"certified\""
        );
        assert_eq!(
            resolve(old.path(), "v1.0.0-rc1").unwrap_err().to_string(),
            "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or vX.Y.Z"
        );
    }

    #[test]
    fn dangling_alias_and_whitespace() {
        let root = fake_goroot(
            "go1.27.3",
            &[
                ("certified.txt", "  v1.9.9 \n"),
                ("inprocess.txt", "\tv1.26.0\r\n"),
                ("v1.26.0.zip", ""),
            ],
        );
        assert_eq!(
            resolve(root.path(), "certified").unwrap_err().to_string(),
            "go: unknown GOFIPS140 version \"v1.9.9\" (from \"certified\")"
        );
        assert_eq!(
            resolve(root.path(), "inprocess").unwrap().resolved,
            "v1.26.0"
        );
    }

    #[test]
    fn empty_goroot() {
        assert_eq!(
            resolve_with(Path::new(""), "latest", None)
                .unwrap()
                .resolved,
            "latest"
        );
        assert_eq!(
            resolve_with(Path::new(""), "v1.0.0", None).unwrap_err(),
            ResolveError::MissingGoroot
        );
    }
}
