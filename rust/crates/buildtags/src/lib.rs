//! Which source files of a Go package `go build` compiles for one build
//! context: the build constraints applied exactly as go/build does
//! (`Context.matchFile`, `shouldBuild`, `goodOSArchFile`, `matchTag`), for
//! build systems that run the compiler themselves.
//!
//! A file is left out when
//! - its name starts with `_` or `.`;
//! - it is a `*_test.go` file and tests are not wanted ([`Mode::Build`]);
//! - its name ends in `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` (before an
//!   optional `_test`, up to the first `.`) of a known system that the
//!   context does not match (android also matches `linux`, illumos
//!   `solaris`, ios `darwin`);
//! - its `//go:build` line is false, or, without one, a `// +build` line of
//!   the leading comment block that ends with a blank line is false;
//! - it imports "C" and cgo is off, or its package is `documentation`.
//!
//! A tag holds when it is GOOS, GOARCH, the compiler, `cgo` with cgo on,
//! `unix` on a Unix system, or one of the context's build, tool or release
//! tags. Only a file's header (through its imports) is read, and only if its
//! name does not already exclude it.
//!
//! [`cgo`] reads the `#cgo` directives of a cgo file's preamble.

pub mod cgo;
mod context;
mod expr;
mod header;
mod syslist;
mod text;

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

pub use context::{Context, CONTEXT_TEMPLATE};
pub use expr::{parse_go_build, parse_plus_build, split_go_build, split_plus_build, Expr};
pub use syslist::{KNOWN_ARCH, KNOWN_OS, UNIX_OS};

use header::{parse_file_header, read_comments, read_go_header, MultipleGoBuild, ReadError};

/// Why a file's constraints could not be applied, or a context file read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}:{line}: parsing //go:build line: {reason}")]
    GoBuild {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}:{line}: multiple //go:build comments")]
    MultipleGoBuild { file: String, line: usize },
    #[error("read {file}: unexpected NUL in input")]
    Nul { file: String },
    #[error("{file}: use of cgo in test not supported")]
    CgoInTest { file: String },
    #[error("read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: io::Error,
    },
    #[error("{file}:{line}: {reason}")]
    ContextLine {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}: missing key {key}")]
    ContextMissing { file: String, key: &'static str },
}

/// Which files are wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `go build`: `*_test.go` files are never compiled.
    Build,
    /// `go test`: the package's `*_test.go` files too.
    Test,
}

/// What go build does with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// It is compiled; `cgo`: it imports "C" (a cgo file, cgo on).
    Keep {
        cgo: bool,
    },
    Exclude(Exclusion),
}

/// Why go build leaves a file out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// The name starts with `_` or `.`.
    Hidden,
    /// Not a kind of file go/build looks at (the extension).
    NotSource,
    /// A `*_test.go` file, in [`Mode::Build`].
    TestFile,
    /// A `_GOOS`/`_GOARCH` name suffix the context does not match.
    Suffix {
        /// `GOOS` or `GOARCH`.
        var: &'static str,
        value: String,
        want: String,
    },
    /// The `//go:build` line (as written, trimmed) is false.
    GoBuild { line: String },
    /// This `// +build` line is false.
    PlusBuild { line: String },
    /// A non-Go source whose constraint does not parse (go/build then
    /// ignores the file).
    BadConstraint { reason: String },
    /// It imports "C" and cgo is off.
    CgoDisabled,
    /// Its package is `documentation`.
    Documentation,
}

impl Exclusion {
    /// Whether go counts the file among the ignored ones (`IgnoredGoFiles`):
    /// everything but hidden names, non-sources and test files.
    pub fn by_constraint(&self) -> bool {
        !matches!(
            self,
            Exclusion::Hidden | Exclusion::NotSource | Exclusion::TestFile
        )
    }
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::Hidden => f.write_str("ignored: the name starts with \"_\" or \".\""),
            Exclusion::NotSource => f.write_str("not a source file go build looks at"),
            Exclusion::TestFile => f.write_str("a test file: go build does not compile *_test.go"),
            Exclusion::Suffix { var, value, want } => {
                write!(f, "{var} {value} does not match {want}")
            }
            Exclusion::GoBuild { line } | Exclusion::PlusBuild { line } => {
                write!(f, "{line} is false")
            }
            Exclusion::BadConstraint { reason } => write!(f, "ignored: {reason}"),
            Exclusion::CgoDisabled => f.write_str("imports \"C\" but cgo is disabled"),
            Exclusion::Documentation => f.write_str("package documentation is ignored"),
        }
    }
}

/// The non-Go sources go/build applies constraints to (`fileListForExt`).
const OTHER_EXTS: &[&str] = &[
    ".c", ".cc", ".cpp", ".cxx", ".m", ".h", ".hh", ".hpp", ".hxx", ".f", ".F", ".for", ".f90",
    ".s", ".S", ".sx", ".swig", ".swigcxx", ".syso",
];

fn extension(name: &str) -> &str {
    name.rfind('.').map_or("", |i| &name[i..])
}

/// The decision that needs only the file's name (`name`: no directory), if
/// the name excludes it.
pub fn match_name(ctx: &Context, name: &str, mode: Mode) -> Option<Exclusion> {
    if name.starts_with('_') || name.starts_with('.') {
        return Some(Exclusion::Hidden);
    }
    let ext = extension(name);
    if ext != ".go" && !OTHER_EXTS.contains(&ext) {
        return Some(Exclusion::NotSource);
    }
    if mode == Mode::Build && name.ends_with("_test.go") {
        return Some(Exclusion::TestFile);
    }
    good_os_arch_file(ctx, name)
}

/// `goodOSArchFile`: the `_GOOS`, `_GOARCH`, `_GOOS_GOARCH` suffixes of the
/// name before its first `.`, ignoring a final `_test` and anything before
/// the first `_`.
fn good_os_arch_file(ctx: &Context, name: &str) -> Option<Exclusion> {
    let stem = name.split('.').next().unwrap_or(name);
    let i = stem.find('_')?;
    let mut parts: Vec<&str> = stem[i..].split('_').collect();
    if parts.last() == Some(&"test") {
        parts.pop();
    }
    let suffix = |var: &'static str, value: &str| {
        let want = if var == "GOOS" {
            &ctx.goos
        } else {
            &ctx.goarch
        };
        Some(Exclusion::Suffix {
            var,
            value: value.to_string(),
            want: want.clone(),
        })
    };
    match parts.as_slice() {
        [.., os, arch] if syslist::known_os(os) && syslist::known_arch(arch) => {
            if !ctx.match_tag(arch) {
                return suffix("GOARCH", arch);
            }
            if !ctx.match_tag(os) {
                return suffix("GOOS", os);
            }
            None
        }
        [.., last] if syslist::known_os(last) && !ctx.match_tag(last) => suffix("GOOS", last),
        [.., last] if syslist::known_arch(last) && !ctx.match_tag(last) => suffix("GOARCH", last),
        _ => None,
    }
}

/// Decides for the file at `path` (its base name is matched), reading its
/// header only if the name does not exclude it. Errors name the path.
pub fn match_file(ctx: &Context, path: &Path, mode: Mode) -> Result<Decision, Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = path.display().to_string();
    decide(ctx, &name, &shown, mode, || std::fs::File::open(path))
}

/// The header of the Go file at `path`: its bytes through the imports, what
/// go/build parses for the imports and their doc comments (a cgo preamble).
pub fn read_header(path: &Path) -> Result<Vec<u8>, Error> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        file: shown.clone(),
        source,
    })?;
    read_go_header(file)
        .map(|info| info.header)
        .map_err(|e| header_error(&shown, e))
}

/// The part of a Go source held in memory that go/build parses for its
/// imports: from the start (a leading byte order mark included, so that
/// positions count it as go's do) through the import declarations, or the
/// whole source when the import reader stops at something that is not Go
/// syntax (go/build then parses the whole file). Errors name `shown`.
pub fn go_header<'a>(shown: &str, content: &'a [u8]) -> Result<&'a [u8], Error> {
    let info = read_go_header(content).map_err(|e| header_error(shown, e))?;
    if info.package.is_none() {
        return Ok(content);
    }
    let bom = if content.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    Ok(&content[..bom + info.header.len()])
}

/// Why the header of the Go file `shown` could not be read.
fn header_error(shown: &str, e: ReadError) -> Error {
    match e {
        ReadError::Nul => Error::Nul {
            file: shown.to_string(),
        },
        ReadError::Io(source) => Error::Io {
            file: shown.to_string(),
            source,
        },
    }
}

/// Decides for a file named `name` (no directory) whose content is
/// `content`.
pub fn match_source(
    ctx: &Context,
    name: &str,
    content: &[u8],
    mode: Mode,
) -> Result<Decision, Error> {
    decide(ctx, name, name, mode, || Ok(content))
}

fn decide<R: Read>(
    ctx: &Context,
    name: &str,
    shown: &str,
    mode: Mode,
    open: impl FnOnce() -> io::Result<R>,
) -> Result<Decision, Error> {
    if let Some(why) = match_name(ctx, name, mode) {
        return Ok(Decision::Exclude(why));
    }
    let ext = extension(name);
    if ext == ".syso" {
        return Ok(Decision::Keep { cgo: false }); // binary: not read
    }
    let io_err = |source: io::Error| Error::Io {
        file: shown.to_string(),
        source,
    };
    let file = open().map_err(io_err)?;
    if ext != ".go" {
        // go/build keeps a non-Go source whose comments do not read
        // cleanly, and drops one whose constraint does not parse.
        let Some(header) = read_comments(file).map_err(io_err)? else {
            return Ok(Decision::Keep { cgo: false });
        };
        return Ok(match should_build(ctx, shown, &header) {
            Ok(None) => Decision::Keep { cgo: false },
            Ok(Some(why)) => Decision::Exclude(why),
            Err(e) => Decision::Exclude(Exclusion::BadConstraint {
                reason: e.to_string(),
            }),
        });
    }
    let info = read_go_header(file).map_err(|e| header_error(shown, e))?;
    if let Some(why) = should_build(ctx, shown, &info.header)? {
        return Ok(Decision::Exclude(why));
    }
    if info.package.as_deref() == Some(b"documentation") {
        return Ok(Decision::Exclude(Exclusion::Documentation));
    }
    let cgo = imports_c(&info.imports);
    if cgo && name.ends_with("_test.go") {
        return Err(Error::CgoInTest {
            file: shown.to_string(),
        });
    }
    if cgo && !ctx.cgo_enabled {
        return Ok(Decision::Exclude(Exclusion::CgoDisabled));
    }
    Ok(Decision::Keep { cgo })
}

/// `shouldBuild`: the `//go:build` line decides if there is one, else every
/// `// +build` line of the leading comment block must hold (lines that do
/// not parse are skipped, as in Go).
fn should_build(ctx: &Context, shown: &str, header: &[u8]) -> Result<Option<Exclusion>, Error> {
    let constraints =
        parse_file_header(header).map_err(|MultipleGoBuild(line)| Error::MultipleGoBuild {
            file: shown.to_string(),
            line,
        })?;
    let mut holds = |tag: &str| ctx.match_tag(tag);
    if let Some((line, line_no)) = constraints.go_build {
        let line = String::from_utf8_lossy(&line);
        let parse_err = |reason: String| Error::GoBuild {
            file: shown.to_string(),
            line: line_no,
            reason,
        };
        let text =
            split_go_build(&line).ok_or_else(|| parse_err("not a build constraint".into()))?;
        let x = parse_go_build(text).map_err(parse_err)?;
        return Ok((!x.eval(&mut holds)).then(|| Exclusion::GoBuild {
            line: line.into_owned(),
        }));
    }
    for (line, _) in constraints.plus_build {
        let line = String::from_utf8_lossy(&line);
        let Some(text) = split_plus_build(&line) else {
            continue;
        };
        if let Ok(x) = parse_plus_build(text) {
            if !x.eval(&mut holds) {
                return Ok(Some(Exclusion::PlusBuild {
                    line: line.into_owned(),
                }));
            }
        }
    }
    Ok(None)
}

/// Whether the imports include "C", counting none if one of them would
/// make go/parser fail (then go/build records no imports at all).
fn imports_c(imports: &[Vec<u8>]) -> bool {
    let mut found = false;
    for lit in imports {
        match unquote(lit) {
            Some(path) if valid_import(&path) => found |= path == "C",
            _ => return false,
        }
    }
    found
}

/// What `go mod tidy` reads of a Go file: cmd/go's `imports.ScanDir` with
/// every build tag both set and unset except `ignore`, so that a file
/// counts if some build could compile it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnyBuild {
    /// Whether some build could compile the file: its constraints hold for
    /// some choice of tags other than `ignore`. False for a file whose
    /// constraint lines do not parse, or has two `//go:build` lines.
    pub could_build: bool,
    /// The package name, if the package clause and imports read cleanly.
    pub package: Option<String>,
    /// The import paths (unquoted; literals that do not unquote are
    /// skipped), in order.
    pub imports: Vec<String>,
}

/// Reads a Go file's header as `go mod tidy` does (see [`AnyBuild`]).
pub fn scan_any_build(content: &[u8]) -> Result<AnyBuild, Error> {
    let info = read_go_header(content).map_err(|e| header_error("file", e))?;
    let could_build = match parse_file_header(&info.header) {
        Err(_) => false,
        Ok(c) => match c.go_build {
            Some((line, _)) => {
                let line = String::from_utf8_lossy(&line);
                split_go_build(&line)
                    .and_then(|t| parse_go_build(t).ok())
                    .is_some_and(|x| x.eval_any())
            }
            None => c.plus_build.iter().all(|(line, _)| {
                let line = String::from_utf8_lossy(line);
                split_plus_build(&line)
                    .and_then(|t| parse_plus_build(t).ok())
                    .map_or(true, |x| x.eval_any())
            }),
        },
    };
    Ok(AnyBuild {
        could_build,
        package: info
            .package
            .map(|p| String::from_utf8_lossy(&p).into_owned()),
        imports: info.imports.iter().filter_map(|l| unquote(l)).collect(),
    })
}

/// A Go string literal's value (`strconv.Unquote`); None if it is not one,
/// or if its value is not UTF-8.
pub fn unquote(lit: &[u8]) -> Option<String> {
    fips_gostr::unquote(std::str::from_utf8(lit).ok()?)
}

/// go/build's `isValidImport`: graphic, no spaces, none of the characters
/// the spec lets implementations reject, not empty. A source importing
/// another path is refused (`invalid import path: PATH`).
pub fn valid_import(path: &str) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    const ILLEGAL: &str = "!\"#$%&'()*,:;<=>?[\\]^{|}`\u{FFFD}";
    !path.is_empty()
        && path.chars().all(|c| {
            let graphic = !matches!(
                get_general_category(c),
                G::Control
                    | G::Format
                    | G::Surrogate
                    | G::PrivateUse
                    | G::Unassigned
                    | G::LineSeparator
                    | G::ParagraphSeparator
            );
            graphic && !c.is_whitespace() && !ILLEGAL.contains(c)
        })
}

#[cfg(test)]
mod tests;
