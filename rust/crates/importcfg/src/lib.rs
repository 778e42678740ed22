//! The importcfg files Go's compiler and linker read (`-importcfg`),
//! assembled from many hands without letting any of them stand in for the
//! standard library, and the checks cmd/go makes on a package's imports that
//! the compiler and linker do not make.
//!
//! A build system that runs the compiler and linker itself gives them an
//! importcfg per action: the standard library's `packagefile` lines, then
//! every dependency's. Both tools let a later line for a path win, so a
//! dependency that claims `crypto/sha256` would replace the standard
//! library's package for the whole program. [`Merge`] takes
//! - the trusted standard-library importcfg and the trusted list of the
//!   configuration's standard-library import paths ([`StdLibrary`], `go list
//!   std` output, with internal, vendored and FIPS snapshot packages);
//! - any number of untrusted dependency fragments: `packagefile` and
//!   `importmap` lines only, never for a standard-library path or anything
//!   under `crypto/internal/fips140`, every path a valid import path;
//! - the action's own lines: additions that must not collide, and
//!   replacements of named dependency paths;
//!
//! and refuses a path mapped twice to different files. The result
//! ([`ImportCfg`]) has each path once and every standard-library path
//! mapped to the standard library's file, whatever the order of the lines.
//!
//! [`check_imports`] reads a package's Go sources and applies, with
//! cmd/go's wording and `file:line:col` positions, the rules the compiler
//! leaves to cmd/go: well-formed paths, no relative imports, Go's internal
//! and vendor rules, no import cycle through the package itself, no import
//! of a program (its export data starts with [`NOT_IMPORTABLE`]), no case
//! collisions, and every import provided by the standard library or a
//! dependency.

mod imports;
mod merge;
mod parse;
mod stdlib;

use std::io::{self, Read};
use std::path::Path;

pub use fips_gotest::Position;
pub use imports::{check_imports, At, ImportError, Imported, Package, Problem, Source};
pub use merge::{Consumer, Entry, ImportCfg, Input, Merge, MergeError, Origin, Target};
pub use parse::{parse, write, Directive, Line, ParseError, Unwritable};
pub use stdlib::{Reserved, StdLibrary, StdListError, FIPS_MODULE};

/// The first line of the export data the compile action writes for a
/// `package main` library instead of compiling it for importers: a program
/// is not importable, and a package importing one is refused (go: `import
/// "x" is a program, not an importable package`). The file holds exactly
/// this text and a newline; the compiler, should it ever read it, refuses
/// it as export data.
pub const NOT_IMPORTABLE: &str = "fips: not importable: package main";

/// The first line of the export data the compile action writes for a
/// library none of whose Go files the build constraints keep (a dependency
/// of another platform's files, say), followed by go build's reason
/// (`build constraints exclude all Go files in //x:y`): nothing to compile,
/// and only an import from a file that is compiled is an error.
pub const NO_GO_FILES: &str = "fips: no Go files: ";

/// Why a dependency's export data is a marker instead of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unimportable {
    /// [`NOT_IMPORTABLE`]: the package is a program.
    Program,
    /// [`NO_GO_FILES`]: no Go file is compiled here; go build's reason.
    NoGoFiles(String),
}

/// How much of an export data file the markers need.
const MARKER_HEAD: u64 = 4096;

/// Which marker export data starting with `head` is, if any: the marker
/// line, then a newline or the end.
pub fn unimportable(head: &[u8]) -> Option<Unimportable> {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    if line == NOT_IMPORTABLE.as_bytes() {
        return Some(Unimportable::Program);
    }
    let reason = line.strip_prefix(NO_GO_FILES.as_bytes())?;
    let complete = line.len() < head.len() || (head.len() as u64) < MARKER_HEAD;
    (complete && !reason.is_empty())
        .then(|| Unimportable::NoGoFiles(String::from_utf8_lossy(reason).into_owned()))
}

/// Whether export data starting with `head` is the [`NOT_IMPORTABLE`]
/// marker.
pub fn is_not_importable(head: &[u8]) -> bool {
    unimportable(head) == Some(Unimportable::Program)
}

/// The marker the export data file at `path` is, if any (only its first
/// bytes are read).
pub fn read_unimportable(path: &Path) -> io::Result<Option<Unimportable>> {
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(MARKER_HEAD)
        .read_to_end(&mut head)?;
    Ok(unimportable(&head))
}

/// Whether the export data file at `path` is the [`NOT_IMPORTABLE`]
/// marker.
pub fn read_not_importable(path: &Path) -> io::Result<bool> {
    Ok(read_unimportable(path)? == Some(Unimportable::Program))
}

/// `s` as Go's `%q` prints it.
pub(crate) fn quote(s: &str) -> String {
    String::from_utf8_lossy(&fips_buildinfo::goquote::quote(s.as_bytes())).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker() {
        assert!(is_not_importable(b"fips: not importable: package main\n"));
        assert!(is_not_importable(b"fips: not importable: package main"));
        assert!(!is_not_importable(b"fips: not importable: package mainx"));
        assert!(!is_not_importable(b"fips: not importable: package"));
        assert!(!is_not_importable(b"!<arch>\n__.PKGDEF"));
        assert!(!is_not_importable(b""));
        assert_eq!(
            unimportable(b"fips: no Go files: build constraints exclude all Go files in //x:y\n"),
            Some(Unimportable::NoGoFiles(
                "build constraints exclude all Go files in //x:y".into()
            ))
        );
        assert_eq!(unimportable(b"fips: no Go files: \n"), None);
        assert_eq!(unimportable(b"!<arch>\n"), None);
        let dir = std::env::temp_dir().join(format!("fips-importcfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let main = dir.join("main.x");
        std::fs::write(&main, format!("{NOT_IMPORTABLE}\n")).unwrap();
        assert!(read_not_importable(&main).unwrap());
        let lib = dir.join("lib.x");
        std::fs::write(&lib, b"go object linux amd64 go1.26.6 X:none\n").unwrap();
        assert!(!read_not_importable(&lib).unwrap());
        assert!(read_not_importable(&dir.join("missing.x")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn quotes_as_go() {
        assert_eq!(quote("ex/a"), "\"ex/a\"");
        assert_eq!(quote("a\"b\\"), "\"a\\\"b\\\\\"");
        assert_eq!(quote("é\u{301}\t"), "\"é\u{301}\\t\"");
    }
}
