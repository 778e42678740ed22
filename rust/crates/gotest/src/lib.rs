//! The test main package of a Go test binary, with the functions `go test`
//! registers (cmd/go/internal/load/test.go `(*testFuncs).load` and
//! `formatTestmain`, go/doc `Examples`), for build systems that compile and
//! link Go tests themselves.
//!
//! Only top-level functions without a receiver count:
//! - `TestXxx`, `BenchmarkXxx` and `FuzzXxx` (the rune after the prefix, if
//!   any, is not a lower-case letter) must have the signature
//!   `func(*testing.T)`, `func(*testing.B)`, `func(*testing.F)`, with any
//!   package qualifier; a wrong signature or type parameters is an error;
//! - `TestMain` is the test main with `func(*testing.M)`, an ordinary test
//!   with `func(*testing.T)`, and an error otherwise or when repeated;
//! - `ExampleXxx` without parameters or results runs when the last comment
//!   group of its body starts with `Output:` or `Unordered output:`
//!   (case-insensitive); the rest of that comment is the expected output.
//!
//! Files are read in go list's order: the internal test files first, then
//! the external ones, each group sorted by file name; functions in source
//! order. Sources are scanned, not parsed: a source the scanner rejects
//! (unterminated literal or comment, unbalanced brackets, NUL, invalid
//! UTF-8) is an error, other syntax errors are left to the compiler.
//!
//! The same scanner finds a cgo file's preamble ([`cgo_preambles`]) and a
//! file's imports with their positions ([`imports`]).

mod comments;
mod decls;
mod imports;
mod lex;
mod preamble;
mod render;

pub use imports::{imports, ImportSpec};
pub use preamble::cgo_preambles;
pub use render::SHARD;

use std::fmt;
use std::path::Path;

/// A place in a source: line and column (in bytes), both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Why no test main could be made, with go's wording where go has one.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// The scanner rejected the source.
    #[error("{file}:{pos}: {message}")]
    Syntax {
        file: String,
        pos: Position,
        message: String,
    },
    /// A test, benchmark, fuzz target or TestMain with the wrong signature;
    /// `pos` is that of its `func` keyword.
    #[error("{file}:{pos}: wrong signature for {name}, {why}")]
    Signature {
        file: String,
        pos: Position,
        name: String,
        why: String,
    },
    /// A second `func TestMain(*testing.M)` in the test package.
    #[error("{file}:{pos}: multiple definitions of TestMain")]
    MultipleTestMain { file: String, pos: Position },
}

/// An example function of a test file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The function's name, `Example...`.
    pub name: String,
    /// The expected output; None without an output comment, and then the
    /// example is compiled but not run.
    pub output: Option<String>,
    /// Whether the output comment was `Unordered output:`.
    pub unordered: bool,
}

/// What go test registers of one test file, in source order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestFuncs {
    pub tests: Vec<String>,
    pub benchmarks: Vec<String>,
    pub fuzz_targets: Vec<String>,
    /// Every example, run or not.
    pub examples: Vec<Example>,
    /// Where `func TestMain(m *testing.M)` is, if the file has it.
    pub test_main: Option<Position>,
}

/// The test functions of one `_test.go` file, `file` naming it in errors.
pub fn test_funcs(file: &str, source: &str) -> Result<TestFuncs, Error> {
    decls::load(file, source, false)
}

/// The source as text: Go sources are UTF-8, and the scanner's error names
/// the first invalid byte.
pub fn decode<'a>(file: &str, source: &'a [u8]) -> Result<&'a str, Error> {
    std::str::from_utf8(source).map_err(|e| {
        let before = &source[..e.valid_up_to()];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        Error::Syntax {
            file: file.to_string(),
            pos: Position {
                line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
                col: before.len() - line_start + 1,
            },
            message: "illegal UTF-8 encoding".to_string(),
        }
    })
}

/// The test main package of the package `importpath`: `internal` are the
/// `_test.go` files of the package itself, `external` those of the
/// `importpath_test` package, each as (file name, source) in any order.
pub fn testmain(
    importpath: &str,
    internal: &[(String, String)],
    external: &[(String, String)],
) -> Result<String, Error> {
    build_testmain(importpath, internal, external, true)
}

/// The test main of an external test package (`importpath_test`, its
/// `_test.go` files as (file name, source) in any order) whose package
/// `importpath` is not in the test binary: it imports only the external test
/// package (go test imports the package under test only when it has Go
/// files).
pub fn external_only_testmain(
    importpath: &str,
    external: &[(String, String)],
) -> Result<String, Error> {
    build_testmain(importpath, &[], external, false)
}

fn build_testmain(
    importpath: &str,
    internal: &[(String, String)],
    external: &[(String, String)],
    with_package: bool,
) -> Result<String, Error> {
    let mut main = render::Main::default();
    for (alias, files) in [(render::TEST, internal), (render::XTEST, external)] {
        let mut sorted: Vec<&(String, String)> = files.iter().collect();
        sorted.sort_by(|a, b| base_name(&a.0).cmp(base_name(&b.0)));
        for (name, source) in sorted {
            let funcs = decls::load(name, source, main.has_test_main())?;
            main.add(alias, funcs);
        }
    }
    Ok(main.render(importpath, with_package, !external.is_empty()))
}

/// The file name go list sorts by.
fn base_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests;
