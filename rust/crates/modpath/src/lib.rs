//! Go's rules for module paths, import paths and file paths in modules, as
//! `golang.org/x/mod/module` states them (`CheckPath`, `CheckImportPath`,
//! `CheckFilePath`, `SplitPathVersion`, `EscapePath`, `EscapeVersion`), and
//! the case folding cmd/go uses to find names that collide on
//! case-insensitive file systems.
//!
//! Error texts are Go's, so a message reads as `go build`'s would:
//! `malformed import path "a//b": double slash`.

mod fold;
mod glob;

pub use fold::{fold_dup, to_fold};
pub use glob::{match_pattern, match_prefix_patterns, PatternError};

/// Which rules apply: module paths are the strictest, file paths the
/// loosest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Module,
    Import,
    File,
}

impl PathKind {
    fn word(self) -> &'static str {
        match self {
            PathKind::Module => "module",
            PathKind::Import => "import",
            PathKind::File => "file",
        }
    }
}

/// A path that breaks the rules: Go's `InvalidPathError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed {} path {path:?}: {reason}", kind.word())]
pub struct InvalidPath {
    pub kind: PathKind,
    pub path: String,
    pub reason: String,
}

/// A version that cannot be escaped (Go's `InvalidVersionError`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("version {version:?} invalid: disallowed version string")]
pub struct InvalidVersion {
    pub version: String,
}

/// An escaped path or version that does not unescape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnescapeError {
    #[error("invalid escaped module path {0:?}")]
    Path(String),
    #[error("invalid escaped module path {escaped:?}: {source}")]
    InvalidPath {
        escaped: String,
        #[source]
        source: InvalidPath,
    },
    #[error("invalid escaped version {0:?}")]
    Version(String),
    #[error("invalid escaped version {version:?}: {reason}")]
    InvalidVersion { version: String, reason: String },
}

/// Windows' reserved device names, refused as a path element's base name
/// (the part before the first dot) in any case.
const BAD_WINDOWS_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

fn mod_path_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

fn import_path_ok(c: char) -> bool {
    mod_path_ok(c) || c == '+'
}

fn file_name_ok(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || "!#$%&()+,-.=@[]^_{}~ ".contains(c)
    } else {
        c.is_alphabetic()
    }
}

fn first_path_ok(c: char) -> bool {
    c == '-' || c == '.' || c.is_ascii_digit() || c.is_ascii_lowercase()
}

/// The rules every kind of path shares: Go's `checkPath`.
fn check_path(path: &str, kind: PathKind) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty string".into());
    }
    if path.starts_with('-') && kind != PathKind::File {
        return Err("leading dash".into());
    }
    if path.contains("//") {
        return Err("double slash".into());
    }
    if path.ends_with('/') {
        return Err("trailing slash".into());
    }
    path.split('/').try_for_each(|elem| check_elem(elem, kind))
}

/// One path element: Go's `checkElem`.
fn check_elem(elem: &str, kind: PathKind) -> Result<(), String> {
    if elem.is_empty() {
        return Err("empty path element".into());
    }
    if elem.chars().all(|c| c == '.') {
        return Err(format!("invalid path element {elem:?}"));
    }
    if elem.starts_with('.') && kind == PathKind::Module {
        return Err("leading dot in path element".into());
    }
    if elem.ends_with('.') {
        return Err("trailing dot in path element".into());
    }
    let ok = match kind {
        PathKind::Module => mod_path_ok,
        PathKind::Import => import_path_ok,
        PathKind::File => file_name_ok,
    };
    if let Some(c) = elem.chars().find(|&c| !ok(c)) {
        return Err(format!("invalid char {}", fips_gostr::quote_rune(c)));
    }
    let short = elem.split('.').next().unwrap_or(elem);
    if BAD_WINDOWS_NAMES
        .iter()
        .any(|bad| bad.eq_ignore_ascii_case(short))
    {
        return Err(format!(
            "{short:?} disallowed as path element component on Windows"
        ));
    }
    if kind == PathKind::File {
        return Ok(());
    }
    // Windows short names (`PROGRA~1`): a tilde followed by digits only.
    if let Some(tilde) = short.rfind('~') {
        let suffix = &short[tilde + 1..];
        if !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_digit()) {
            return Err("trailing tilde and digits in path element".into());
        }
    }
    Ok(())
}

fn invalid(kind: PathKind, path: &str, reason: String) -> InvalidPath {
    InvalidPath {
        kind,
        path: path.to_string(),
        reason,
    }
}

/// A valid module path (`module.CheckPath`): an import path whose first
/// element has a dot, only lower-case letters, digits, dots and dashes,
/// no leading dash, and a well-formed major version suffix.
pub fn check_path_of_module(path: &str) -> Result<(), InvalidPath> {
    let err = |reason: String| invalid(PathKind::Module, path, reason);
    check_path(path, PathKind::Module).map_err(err)?;
    let first = path.split('/').next().unwrap_or("");
    if first.is_empty() {
        return Err(err("leading slash".into()));
    }
    if !first.contains('.') {
        return Err(err("missing dot in first path element".into()));
    }
    if first.starts_with('-') {
        return Err(err("leading dash in first path element".into()));
    }
    if let Some(c) = first.chars().find(|&c| !first_path_ok(c)) {
        return Err(err(format!(
            "invalid char {} in first path element",
            fips_gostr::quote_rune(c)
        )));
    }
    if split_path_version(path).is_none() {
        return Err(err("invalid version".into()));
    }
    Ok(())
}

/// A valid import path (`module.CheckImportPath`).
pub fn check_import_path(path: &str) -> Result<(), InvalidPath> {
    check_path(path, PathKind::Import).map_err(|r| invalid(PathKind::Import, path, r))
}

/// A valid file path inside a module (`module.CheckFilePath`).
pub fn check_file_path(path: &str) -> Result<(), InvalidPath> {
    check_path(path, PathKind::File).map_err(|r| invalid(PathKind::File, path, r))
}

/// Splits a module path into its prefix and major version suffix (`/v2`,
/// or `.v1` for gopkg.in), as `module.SplitPathVersion`; None when the
/// suffix is malformed (`/v1`, `/v0`, `/v2.1`, `/v02`).
pub fn split_path_version(path: &str) -> Option<(&str, &str)> {
    if path.starts_with("gopkg.in/") {
        return split_gopkg_in(path);
    }
    let bytes = path.as_bytes();
    let mut i = bytes.len();
    let mut dot = false;
    while i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.') {
        dot |= bytes[i - 1] == b'.';
        i -= 1;
    }
    if i <= 1 || i == bytes.len() || bytes[i - 1] != b'v' || bytes[i - 2] != b'/' {
        return Some((path, ""));
    }
    let (prefix, major) = path.split_at(i - 2);
    if dot || major.len() <= 2 || major.as_bytes()[2] == b'0' || major == "/v1" {
        return None;
    }
    Some((prefix, major))
}

fn split_gopkg_in(path: &str) -> Option<(&str, &str)> {
    let bytes = path.as_bytes();
    let mut i = bytes.len();
    if path.ends_with("-unstable") {
        i -= "-unstable".len();
    }
    while i > 0 && bytes[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i <= 1 || bytes[i - 1] != b'v' || bytes[i - 2] != b'.' {
        return None;
    }
    let (prefix, major) = path.split_at(i - 2);
    if major.len() <= 2 || (major.as_bytes()[2] == b'0' && major != ".v0") {
        return None;
    }
    Some((prefix, major))
}

/// The module proxy's form of a module path: each upper-case letter
/// becomes `!` and its lower case (`github.com/BurntSushi` ->
/// `github.com/!burnt!sushi`). The path must be a valid module path.
pub fn escape_path(path: &str) -> Result<String, InvalidPath> {
    check_path_of_module(path)?;
    Ok(escape(path))
}

/// The module proxy's form of a version: a valid file name element
/// without `!`, upper-case letters escaped as in [`escape_path`].
pub fn escape_version(version: &str) -> Result<String, InvalidVersion> {
    if check_elem(version, PathKind::File).is_err() || version.contains('!') {
        return Err(InvalidVersion {
            version: version.to_string(),
        });
    }
    Ok(escape(version))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape(escaped: &str) -> Option<String> {
    let mut out = String::with_capacity(escaped.len());
    let mut bang = false;
    for c in escaped.chars() {
        if !c.is_ascii() {
            return None;
        }
        if bang {
            bang = false;
            if !c.is_ascii_lowercase() {
                return None;
            }
            out.push(c.to_ascii_uppercase());
        } else if c == '!' {
            bang = true;
        } else if c.is_ascii_uppercase() {
            return None;
        } else {
            out.push(c);
        }
    }
    (!bang).then_some(out)
}

/// The module path an escaped one stands for.
pub fn unescape_path(escaped: &str) -> Result<String, UnescapeError> {
    let path = unescape(escaped).ok_or_else(|| UnescapeError::Path(escaped.to_string()))?;
    check_path_of_module(&path).map_err(|source| UnescapeError::InvalidPath {
        escaped: escaped.to_string(),
        source,
    })?;
    Ok(path)
}

/// The version an escaped one stands for.
pub fn unescape_version(escaped: &str) -> Result<String, UnescapeError> {
    let version = unescape(escaped).ok_or_else(|| UnescapeError::Version(escaped.to_string()))?;
    check_elem(&version, PathKind::File).map_err(|reason| UnescapeError::InvalidVersion {
        version: version.clone(),
        reason,
    })?;
    Ok(version)
}

/// Whether `path` has an element `internal` (`a/internal/b`, `internal`,
/// `a/internal`); returns the byte index where the last such element
/// starts (the one whose parent decides who may import the package).
pub fn find_internal(path: &str) -> Option<usize> {
    let mut found = None;
    let mut start = 0;
    for part in path.split('/') {
        if part == "internal" {
            found = Some(start);
        }
        start += part.len() + 1;
    }
    found
}

/// Whether `path` has an element `vendor`; returns the byte index just
/// after `vendor/` (where the vendored path starts), as cmd/go's
/// `FindVendor`.
pub fn find_vendor(path: &str) -> Option<usize> {
    // Go looks for the last "/vendor/" first, then a leading "vendor/".
    if let Some(i) = path.rfind("/vendor/") {
        return Some(i + "/vendor/".len());
    }
    path.starts_with("vendor/").then_some("vendor/".len())
}

/// Whether `path` is `prefix` or below it (`a/b` is below `a`, `ab` is not).
pub fn has_path_prefix(path: &str, prefix: &str) -> bool {
    if prefix.is_empty() {
        return true;
    }
    match path.strip_prefix(prefix) {
        Some("") => true,
        Some(rest) => prefix.ends_with('/') || rest.starts_with('/'),
        None => false,
    }
}

#[cfg(test)]
mod tests;
