//! The checks cmd/go makes on a package's imports (cmd/go/internal/load
//! `loadImport`, `disallowInternal`, `disallowVendor`, `(*Package).load`;
//! cmd/go/internal/modload `importFromModules`; go/build `isValidImport`)
//! that the compiler does not make, for one package compiled against a
//! merged importcfg.
//!
//! Each import path is checked once, at the first place it is imported
//! (files in go/build's order, by name; imports in source order), and paths
//! are taken in sorted order, as cmd/go loads them. Unlike cmd/go, which
//! stops at a package's first import error, every problem is reported;
//! they are sorted by position (go/scanner's order), the problems without a
//! position first.

use std::collections::BTreeMap;
use std::fmt;
use std::io;

use fips_buildtags::{go_header, unquote, valid_import};
use fips_gotest::Position;
use fips_modpath::{
    check_import_path, find_internal, find_vendor, fold_dup, has_path_prefix, to_fold, InvalidPath,
};

use crate::merge::{ImportCfg, Target};
use crate::quote;

/// `path` as a `bazel query` regular expression that matches it alone.
fn query_regex(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        if ".+*?()[]{}|^$\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
use crate::stdlib::StdLibrary;
use crate::Unimportable;

/// The package being compiled.
#[derive(Debug, Clone, Copy)]
pub struct Package<'a> {
    /// Its import path; for a go test's external test package (`p_test`),
    /// the import path of the package under test (`p`): cmd/go checks an
    /// external test's imports as the package under test's.
    pub import_path: &'a str,
    /// How messages name its target (a Bazel label).
    pub label: &'a str,
    /// The sources are a go test's external test package: it imports the
    /// package under test, which may be a program.
    pub xtest: bool,
}

/// One Go source of the package, build constraints already applied.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The file's path, as messages name it.
    pub name: &'a str,
    pub content: &'a [u8],
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    pub file: String,
    pub pos: Position,
}

/// One problem with a package's sources or imports; the texts are cmd/go's
/// where cmd/go has one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The package's own import path is a standard-library one.
    #[error("{why}")]
    ReservedPackage { path: String, why: String },
    /// The package's own import path is malformed.
    #[error("{0}")]
    InvalidPackage(InvalidPath),
    #[error("invalid input file name {}", quote(name))]
    FileName { name: String },
    #[error(
        "case-insensitive file name collision: {} and {}",
        quote(first),
        quote(second)
    )]
    FileCollision { first: String, second: String },
    /// A source that cannot be read for its imports (a NUL byte, a token
    /// the scanner rejects, invalid UTF-8).
    #[error("{message}")]
    Source { message: String },
    /// go/build's check of an import path in a source.
    #[error("invalid import path: {path}")]
    InvalidImportPath { path: String },
    #[error(
        "{} is relative, but relative import paths are not supported in module mode",
        quote(path)
    )]
    Relative { path: String },
    #[error("{} is not a package path; see 'go help packages'", quote(path))]
    Absolute { path: String },
    #[error("disallowed import path {}", quote(path))]
    Disallowed { path: String },
    #[error(
        "can only use path@version syntax with 'go get' and 'go install' in module-aware mode"
    )]
    Version { path: String },
    #[error("{} is not an importable package; see 'go help packages'", quote(path))]
    Meta { path: String },
    /// module.CheckImportPath's refusal.
    #[error("{0}")]
    Malformed(InvalidPath),
    /// The package imports itself.
    #[error("package {path} imports {path}: import cycle not allowed")]
    Cycle { path: String },
    #[error("use of internal package {path} not allowed")]
    Internal { path: String },
    /// A vendored package of another tree (or of the standard library).
    #[error("use of vendored package not allowed")]
    Vendored { path: String },
    #[error("{path} must be imported as {short}")]
    VendorPath { path: String, short: String },
    #[error("package {path} is not provided by any dependency of {label}: add the go_library with importpath {} to its deps (this lists the workspace's: bazel query 'attr(importpath, \"^{}$\", //...)')", quote(path), query_regex(path))]
    NotProvided { path: String, label: String },
    /// A listed standard-library package the standard library's importcfg
    /// does not have (the two trusted inputs do not agree).
    #[error("package {path} is in the standard-library package list but not in its importcfg")]
    StdMissing { path: String },
    #[error("import {} is a program, not an importable package", quote(path))]
    Program { path: String },
    /// A dependency none of whose Go files this build compiles.
    #[error("package {path}: {reason}")]
    NoGoFiles { path: String, reason: String },
    /// A dependency's export data that cannot be read.
    #[error("import {}: reading its export data {file}: {error}", quote(path))]
    ExportData {
        path: String,
        file: String,
        error: String,
    },
    #[error(
        "case-insensitive import collision: {} and {}",
        quote(path),
        quote(other)
    )]
    ImportCollision { path: String, other: String },
}

/// A problem, where it is if it has a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub at: Option<At>,
    pub problem: Problem,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{}:{}: {}", at.file, at.pos, self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

impl std::error::Error for ImportError {}

/// cmd/go's IsMetaPackage (`work` since Go 1.25).
const META_PACKAGES: [&str; 5] = ["std", "cmd", "tool", "work", "all"];

/// go/build's IsLocalImport.
fn is_local(path: &str) -> bool {
    path == "." || path == ".." || path.starts_with("./") || path.starts_with("../")
}

/// cmd/go's SafeArg: a name that cannot be taken for a flag.
fn safe_arg(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'/') || c >= 0x80)
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// What the checks need besides the path.
struct Checker<'a> {
    pkg: &'a Package<'a>,
    cfg: &'a ImportCfg,
    std: &'a StdLibrary,
}

impl Checker<'_> {
    /// The problem with importing `path`, in cmd/go's order of checks.
    fn check(
        &self,
        path: &str,
        not_importable: &mut dyn FnMut(&str) -> io::Result<Option<Unimportable>>,
    ) -> Option<Problem> {
        let path_s = || path.to_string();
        if is_local(path) {
            return Some(Problem::Relative { path: path_s() });
        }
        if path.starts_with('/') {
            return Some(Problem::Absolute { path: path_s() });
        }
        if path.starts_with("mod/") {
            return Some(Problem::Disallowed { path: path_s() });
        }
        if path.contains('@') {
            return Some(Problem::Version { path: path_s() });
        }
        if META_PACKAGES.contains(&path) {
            return Some(Problem::Meta { path: path_s() });
        }
        if path == "C" || path == "unsafe" {
            // cgo's, and the compiler's own.
            return None;
        }
        if let Err(e) = check_import_path(path) {
            return Some(Problem::Malformed(e));
        }
        let importer = self.pkg.import_path;
        if path == importer && !self.pkg.xtest {
            return Some(Problem::Cycle { path: path_s() });
        }
        // A FIPS snapshot's package, or where a dependency's importmap
        // line sends the import.
        let snapshot = self.std.resolve(path);
        let (resolved, entry) = if snapshot != path {
            (snapshot.as_str(), self.cfg.get(&snapshot))
        } else {
            self.cfg.resolve(path)
        };
        if let Some(problem) = self.internal(resolved).or_else(|| self.vendor(path)) {
            return Some(problem);
        }
        let Some(entry) = entry else {
            return Some(if self.std.contains(resolved) {
                Problem::StdMissing {
                    path: resolved.to_string(),
                }
            } else {
                Problem::NotProvided {
                    path: path_s(),
                    label: self.pkg.label.to_string(),
                }
            });
        };
        // An external test may import its package under test, program or
        // not (cmd/go: same directory).
        let own = self.pkg.xtest && path == importer;
        if let (Target::File(file), true, false) = (&entry.target, entry.from_dependency(), own) {
            match not_importable(file) {
                Ok(Some(Unimportable::Program)) => {
                    return Some(Problem::Program { path: path_s() })
                }
                Ok(Some(Unimportable::NoGoFiles(reason))) => {
                    return Some(Problem::NoGoFiles {
                        path: path_s(),
                        reason,
                    })
                }
                Ok(None) => {}
                Err(e) => {
                    return Some(Problem::ExportData {
                        path: path_s(),
                        file: file.clone(),
                        error: e.to_string(),
                    })
                }
            }
        }
        None
    }

    /// Go's internal rule: a path with an `internal` element may be
    /// imported only from the tree rooted at that element's parent (by
    /// import path, as in module mode); the standard library's internal
    /// packages (the FIPS module's among them) only from the standard
    /// library, which the package never is.
    fn internal(&self, path: &str) -> Option<Problem> {
        let i = find_internal(path)?;
        let refused = Some(Problem::Internal {
            path: path.to_string(),
        });
        if self.std.reserved(path).is_some() {
            return refused;
        }
        let parent = &path[..i.saturating_sub(1)];
        if has_path_prefix(self.pkg.import_path, parent) {
            None
        } else {
            refused
        }
    }

    /// Go's vendor rules: a vendored package is visible only from the tree
    /// rooted at the `vendor` element's parent (the standard library's,
    /// and a leading `vendor/`, from the standard library only), and even
    /// there it must be imported by the path below `vendor/`.
    fn vendor(&self, path: &str) -> Option<Problem> {
        let i = find_vendor(path)?;
        let short = &path[i..];
        let parent = path[..i - "vendor/".len()].trim_end_matches('/');
        let visible = !parent.is_empty()
            && !self.std.contains(path)
            && has_path_prefix(self.pkg.import_path, parent);
        Some(if visible {
            Problem::VendorPath {
                path: path.to_string(),
                short: short.to_string(),
            }
        } else {
            Problem::Vendored {
                path: path.to_string(),
            }
        })
    }
}

/// The imports of one source: (path, where) in order, or the problems that
/// keep them from being read.
fn read_imports(src: &Source, errors: &mut Vec<ImportError>) -> Vec<(String, At)> {
    let positionless = |message: String| ImportError {
        at: None,
        problem: Problem::Source { message },
    };
    let syntax = |e: fips_gotest::Error| match e {
        fips_gotest::Error::Syntax { file, pos, message } => ImportError {
            at: Some(At { file, pos }),
            problem: Problem::Source { message },
        },
        other => positionless(other.to_string()),
    };
    let header = match go_header(src.name, src.content) {
        Ok(h) => h,
        Err(e) => {
            errors.push(positionless(e.to_string()));
            return Vec::new();
        }
    };
    let specs = match fips_gotest::decode(src.name, header)
        .and_then(|text| fips_gotest::imports(src.name, text))
    {
        Ok(specs) => specs,
        Err(e) => {
            errors.push(syntax(e));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for spec in specs {
        let at = At {
            file: src.name.to_string(),
            pos: spec.pos,
        };
        match unquote(spec.literal.as_bytes()) {
            Some(path) if valid_import(&path) => out.push((path, at)),
            value => errors.push(ImportError {
                at: Some(at),
                problem: Problem::InvalidImportPath {
                    path: value.unwrap_or(spec.literal),
                },
            }),
        }
    }
    out
}

/// What a package's sources import, each package once, sorted: the paths
/// they link as (following importmap lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// From dependencies: the package's edges in the program's import graph,
    /// which decide what a program links (fips-linkdeps).
    pub deps: Vec<String>,
    /// From the standard library: where the program's import chains enter it.
    pub std: Vec<String>,
}

/// Checks the imports of the package `pkg` whose Go sources are `sources`
/// against the merged importcfg `cfg` and the standard-library list `std`.
/// `not_importable` says whether a dependency's export data file (as the
/// importcfg names it) is the [`NOT_IMPORTABLE`](crate::NOT_IMPORTABLE)
/// marker. Every problem found is returned; without one, what the sources
/// import (see [`Imported`]).
pub fn check_imports(
    pkg: &Package,
    sources: &[Source],
    cfg: &ImportCfg,
    std: &StdLibrary,
    not_importable: &mut dyn FnMut(&str) -> io::Result<Option<Unimportable>>,
) -> Result<Imported, Vec<ImportError>> {
    let mut errors = Vec::new();
    let problem = |problem: Problem| ImportError { at: None, problem };
    if let Some(reserved) = std.reserved(pkg.import_path) {
        errors.push(problem(Problem::ReservedPackage {
            path: pkg.import_path.to_string(),
            why: reserved.why(pkg.import_path),
        }));
    } else if let Err(e) = check_import_path(pkg.import_path) {
        errors.push(problem(Problem::InvalidPackage(e)));
    }

    // go/build reads a directory's files sorted by name.
    let mut files: Vec<&Source> = sources.iter().collect();
    files.sort_by(|a, b| (base_name(a.name), a.name).cmp(&(base_name(b.name), b.name)));
    for src in &files {
        let name = base_name(src.name);
        if !safe_arg(name) || name.starts_with("_cgo_") {
            errors.push(problem(Problem::FileName {
                name: name.to_string(),
            }));
        }
    }
    if let Some((first, second)) = fold_dup(files.iter().map(|s| base_name(s.name))) {
        errors.push(problem(Problem::FileCollision {
            first: first.to_string(),
            second: second.to_string(),
        }));
    }

    // The first place each path is imported, paths sorted.
    let mut imports: BTreeMap<String, At> = BTreeMap::new();
    for src in &files {
        for (path, at) in read_imports(src, &mut errors) {
            imports.entry(path).or_insert(at);
        }
    }
    let checker = Checker { pkg, cfg, std };
    for (path, at) in &imports {
        if let Some(problem) = checker.check(path, not_importable) {
            errors.push(ImportError {
                at: Some(at.clone()),
                problem,
            });
        }
    }

    // cmd/go refuses two packages of one build whose paths differ only in
    // case; the package itself is loaded before its imports.
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    seen.insert(to_fold(pkg.import_path), pkg.import_path);
    for (path, at) in imports.iter().filter(|(p, _)| p.as_str() != "C") {
        match seen.get(&to_fold(path)) {
            Some(&other) if other != path => errors.push(ImportError {
                at: Some(at.clone()),
                problem: Problem::ImportCollision {
                    path: path.clone(),
                    other: other.to_string(),
                },
            }),
            Some(_) => {}
            None => {
                seen.insert(to_fold(path), path);
            }
        }
    }

    if errors.is_empty() {
        let mut imported = Imported::default();
        let mut seen = std::collections::BTreeSet::new();
        for p in imports.keys().filter(|p| p.as_str() != "C") {
            let (key, Some(entry)) = cfg.resolve(p) else {
                continue;
            };
            if seen.insert((entry.std, key.to_string())) {
                let list = if entry.std {
                    &mut imported.std
                } else {
                    &mut imported.deps
                };
                list.push(key.to_string());
            }
        }
        imported.deps.sort();
        imported.std.sort();
        return Ok(imported);
    }
    errors.sort_by_key(|e| {
        e.at.as_ref()
            .map(|at| (at.file.clone(), at.pos.line, at.pos.col))
    });
    Err(errors)
}

#[cfg(test)]
mod tests;
