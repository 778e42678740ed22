//! Parse and lint the Starlark of the Buck2 cell (`buck2/`) with the
//! `starlark` crate, the interpreter Buck2 itself runs, in the dialects
//! Buck2 gives `.bzl` and `BUCK` files. Buck2 is not needed: a cargo test
//! checks every file in every CI run.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use starlark::analysis::AstModuleLint;
use starlark::environment::{Globals, LibraryExtension};
use starlark::syntax::{AstModule, Dialect, DialectTypes};

/// What Buck2 defines for `.bzl` and `BUCK` files besides the Starlark
/// standard library (the names the cell uses; a name missing here is
/// reported as undefined, so a typo never reaches a Buck2 user).
pub const BUCK2_GLOBALS: &[&str] = &[
    "DefaultInfo",
    "ExternalRunnerTestInfo",
    "RunInfo",
    "attrs",
    "cmd_args",
    "export_file",
    "filegroup",
    "glob",
    "provider",
    "provider_field",
    "read_config",
    "rule",
    "typing",
];

/// The kind of a Starlark file of a Buck2 cell, which sets its dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// A `.bzl` extension file: definitions, type annotations.
    Bzl,
    /// A `BUCK` build file: no `def`, no type annotations.
    Buck,
}

impl FileKind {
    /// The kind of `path`, or None when it is not a Starlark file Buck2 reads.
    pub fn of(path: &Path) -> Option<FileKind> {
        match path.file_name()?.to_str()? {
            "BUCK" | "BUCK.v2" => Some(FileKind::Buck),
            name if name.ends_with(".bzl") => Some(FileKind::Bzl),
            _ => None,
        }
    }

    /// Buck2's dialect for the kind (buck2_interpreter's file_type.rs, as
    /// the open-source build sets it: f-strings on).
    pub fn dialect(self) -> Dialect {
        match self {
            FileKind::Bzl => Dialect {
                enable_def: true,
                enable_lambda: true,
                enable_load: true,
                enable_keyword_only_arguments: true,
                enable_types: DialectTypes::Enable,
                enable_load_reexport: false,
                enable_top_level_stmt: true,
                enable_f_strings: true,
                ..Dialect::Standard
            },
            FileKind::Buck => Dialect {
                enable_def: false,
                enable_lambda: true,
                enable_load: true,
                enable_keyword_only_arguments: false,
                enable_types: DialectTypes::Disable,
                enable_load_reexport: false,
                enable_top_level_stmt: false,
                enable_f_strings: true,
                ..Dialect::Standard
            },
        }
    }
}

/// Every name a cell file may use without defining or loading it.
pub fn known_globals() -> HashSet<String> {
    // The extensions Buck2 turns on (buck2_interpreter's globals).
    let standard = Globals::extended_by(&[
        LibraryExtension::StructType,
        LibraryExtension::RecordType,
        LibraryExtension::EnumType,
        LibraryExtension::Map,
        LibraryExtension::Filter,
        LibraryExtension::Partial,
        LibraryExtension::Debug,
        LibraryExtension::Print,
        LibraryExtension::Json,
        LibraryExtension::Typing,
        LibraryExtension::Internal,
        LibraryExtension::CallStack,
        LibraryExtension::SetType,
    ]);
    let mut names: HashSet<String> = standard.names().map(|n| n.as_str().to_owned()).collect();
    names.extend(BUCK2_GLOBALS.iter().map(|n| (*n).to_owned()));
    names
}

/// The problems of one file's text: a parse error, or every lint (unused
/// and undefined names among them), one `path:line:col: ...` line each.
pub fn check(name: &str, text: &str, kind: FileKind, globals: &HashSet<String>) -> Vec<String> {
    match AstModule::parse(name, text.to_owned(), &kind.dialect()) {
        Err(e) => vec![format!("{name}: parse error: {e}")],
        Ok(module) => module
            .lint(Some(globals))
            .into_iter()
            .map(|lint| format!("{}: {} ({})", lint.location, lint.problem, lint.short_name))
            .collect(),
    }
}

/// The Starlark files below `root`, sorted, symbolic links followed (the
/// cell links a few files of the Bazel rules that it loads as they are).
pub fn starlark_files(root: &Path) -> std::io::Result<Vec<(PathBuf, FileKind)>> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(kind) = FileKind::of(&path) {
                out.push((path, kind));
            }
        }
    }
    out.sort();
    Ok(out)
}
