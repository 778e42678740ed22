//! One importcfg made from a trusted standard-library importcfg, untrusted
//! dependency fragments and the action's own lines, such that whatever the
//! order of the lines no standard-library path maps to anything but the
//! standard library's file and no path is mapped twice.

use std::collections::BTreeMap;
use std::fmt;

use fips_modpath::{check_import_path, to_fold, InvalidPath};

use crate::parse::{self, Directive, ParseError, Unwritable};
use crate::quote;
use crate::stdlib::StdLibrary;

/// Where a mapping comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A line of an importcfg file (the standard library's or a
    /// dependency's).
    Line { file: String, line: usize },
    /// Added by the action itself (`--add`).
    Added,
    /// Put by the action itself in place of a dependency's (`--replace`).
    Replaced,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Line { file, line } => write!(f, "{file}:{line}"),
            Origin::Added => f.write_str("--add"),
            Origin::Replaced => f.write_str("--replace"),
        }
    }
}

/// What a path maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `packagefile`: the package's file.
    File(String),
    /// `importmap`: another import path (the compiler's only).
    Map(String),
}

/// One path of the merged importcfg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub target: Target,
    pub origin: Origin,
    /// From the trusted standard-library importcfg.
    pub std: bool,
}

impl Entry {
    /// Whether a dependency's fragment (untrusted) gave it.
    pub fn from_dependency(&self) -> bool {
        !self.std && matches!(self.origin, Origin::Line { .. })
    }

    /// The entry as a directive for `path`.
    fn directive(&self, path: &str) -> Directive {
        match &self.target {
            Target::File(file) => Directive::PackageFile {
                path: path.to_string(),
                file: file.clone(),
            },
            Target::Map(target) => Directive::ImportMap {
                path: path.to_string(),
                target: target.clone(),
            },
        }
    }

    /// `packagefile p=f (origin)`, for messages.
    fn describe(&self, path: &str) -> String {
        format!("{} ({})", self.directive(path), self.origin)
    }
}

/// Which kind of input a line may not appear in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The standard library's importcfg: packagefile and importmap lines.
    Std,
    /// A dependency's fragment: packagefile and importmap lines.
    Dependency,
    /// The build information: one modinfo line.
    ModInfo,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Input::Std => {
                "the standard library's importcfg may hold only packagefile and importmap lines"
            }
            Input::Dependency => {
                "a dependency's importcfg may hold only packagefile and importmap lines"
            }
            Input::ModInfo => "the modinfo importcfg may hold only modinfo lines",
        })
    }
}

/// Why the inputs do not make one importcfg.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// An input does not read as an importcfg.
    #[error("importcfg: {0}")]
    Parse(#[from] ParseError),
    /// A dependency's or the action's line for a path that belongs to the
    /// standard library (a listed package, or anything under
    /// `crypto/internal/fips140`), on either side of an importmap.
    #[error("importcfg: {origin}: {directive}: {why}")]
    Reserved {
        origin: Origin,
        directive: String,
        why: String,
    },
    /// A directive the input may not hold (modinfo in a fragment, ...).
    #[error("importcfg: {origin}: {directive}: {input}")]
    NotAllowed {
        origin: Origin,
        directive: String,
        input: Input,
    },
    /// A line of the standard library's importcfg for a path the
    /// standard-library list does not have (the two trusted inputs do not
    /// agree).
    #[error(
        "importcfg: {origin}: {directive}: {path} is not in the standard-library package list"
    )]
    NotStd {
        origin: Origin,
        directive: String,
        path: String,
    },
    /// One path mapped to two different files (or import paths).
    #[error("importcfg: {path} is mapped twice: {first} and {second}")]
    Conflict {
        path: String,
        first: String,
        second: String,
    },
    /// A path of a dependency's or the action's line that is not a valid
    /// import path.
    #[error("importcfg: {origin}: {directive}: {source}")]
    InvalidPath {
        origin: Origin,
        directive: String,
        source: InvalidPath,
    },
    /// Two paths equal but for case (cmd/go refuses them in one build).
    #[error(
        "importcfg: case-insensitive import collision: {} ({path_origin}) and {} ({other_origin})",
        quote(path),
        quote(other)
    )]
    CaseCollision {
        path: String,
        path_origin: Origin,
        other: String,
        other_origin: Origin,
    },
    /// More than one modinfo line.
    #[error("importcfg: {second}: a second modinfo line (the first is at {first})")]
    ModInfoTwice { first: Origin, second: Origin },
}

/// Which tool reads the importcfg.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consumer {
    /// The compiler: packagefile and importmap lines.
    Compiler,
    /// The linker: packagefile lines and the modinfo line (it refuses
    /// importmap lines; packages are linked by the paths the compiler
    /// resolved them to).
    Linker,
}

/// The merged importcfg.
#[derive(Debug, Clone, Default)]
pub struct ImportCfg {
    /// packagefile lines by path.
    entries: BTreeMap<String, Entry>,
    /// importmap lines by path: apart from the packagefile lines, because a
    /// package may import `x` as a vendored copy (`importmap x=v/x`) while a
    /// dependency of it links `x` itself (`packagefile x=...`): rules_go's
    /// importmap, and go build's vendor directories.
    maps: BTreeMap<String, Entry>,
    /// The standard library's paths, in its importcfg's order.
    std_order: Vec<String>,
    /// The modinfo line's literal.
    modinfo: Option<String>,
}

impl ImportCfg {
    /// The packagefile entry of `path`, if any.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// The package an import of `path` means (following a dependency's
    /// importmap), and its packagefile entry, if it has one.
    pub fn resolve<'a>(&'a self, path: &'a str) -> (&'a str, Option<&'a Entry>) {
        match self.maps.get(path) {
            Some(Entry {
                target: Target::Map(target),
                ..
            }) => (target, self.entries.get(target.as_str())),
            _ => (path, self.entries.get(path)),
        }
    }

    /// Every path and its entry (packagefile lines, then importmap lines),
    /// each sorted by path.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries
            .iter()
            .chain(self.maps.iter())
            .map(|(p, e)| (p.as_str(), e))
    }

    /// The directives for `consumer`: the standard library's packagefile
    /// lines in their order, then the others sorted by path (importmap
    /// lines for the compiler only), then the modinfo line (the linker
    /// only).
    pub fn directives(&self, consumer: Consumer) -> Vec<Directive> {
        let mut out: Vec<Directive> = self
            .std_order
            .iter()
            .map(|p| self.entries[p].directive(p))
            .collect();
        for (path, entry) in self.entries.iter().chain(self.maps.iter()) {
            let keep = match entry.target {
                Target::File(_) => !entry.std,
                Target::Map(_) => consumer == Consumer::Compiler,
            };
            if keep {
                out.push(entry.directive(path));
            }
        }
        if let (Consumer::Linker, Some(literal)) = (consumer, &self.modinfo) {
            out.push(Directive::ModInfo {
                literal: literal.clone(),
            });
        }
        out
    }

    /// The importcfg text for `consumer`.
    pub fn render(&self, consumer: Consumer) -> Result<String, Unwritable> {
        parse::write(&self.directives(consumer))
    }
}

/// Builds an [`ImportCfg`]; every problem is collected, and
/// [`Merge::finish`] returns them all.
pub struct Merge<'s> {
    std: &'s StdLibrary,
    cfg: ImportCfg,
    /// `--replace` paths and files, applied last.
    replaced: BTreeMap<String, String>,
    modinfo_origin: Option<Origin>,
    errors: Vec<MergeError>,
}

impl<'s> Merge<'s> {
    /// An empty merge against the trusted standard-library list.
    pub fn new(std: &'s StdLibrary) -> Merge<'s> {
        Merge {
            std,
            cfg: ImportCfg::default(),
            replaced: BTreeMap::new(),
            modinfo_origin: None,
            errors: Vec::new(),
        }
    }

    fn parse(&mut self, file: &str, data: &[u8]) -> Vec<(Origin, Directive)> {
        match parse::parse(file, data) {
            Ok(lines) => lines
                .into_iter()
                .map(|l| {
                    let origin = Origin::Line {
                        file: file.to_string(),
                        line: l.number,
                    };
                    (origin, l.directive)
                })
                .collect(),
            Err(e) => {
                self.errors.push(e.into());
                Vec::new()
            }
        }
    }

    /// Records `path` -> `entry`; the same mapping twice is fine, another
    /// one is a conflict.
    fn insert(&mut self, path: &str, entry: Entry) {
        let map = match entry.target {
            Target::File(_) => &mut self.cfg.entries,
            Target::Map(_) => &mut self.cfg.maps,
        };
        match map.get(path) {
            None => {
                if entry.std {
                    self.cfg.std_order.push(path.to_string());
                }
                map.insert(path.to_string(), entry);
            }
            Some(old) if old.target == entry.target => {}
            Some(old) => self.errors.push(MergeError::Conflict {
                path: path.to_string(),
                first: old.describe(path),
                second: entry.describe(path),
            }),
        }
    }

    /// Records a directive that `input` may not hold.
    fn not_allowed(&mut self, origin: Origin, directive: &Directive, input: Input) {
        self.errors.push(MergeError::NotAllowed {
            origin,
            directive: directive.to_string(),
            input,
        });
    }

    /// Whether `path` may be mapped by anyone but the standard library: it
    /// is not reserved, and it is a valid import path. Records why not.
    fn allowed(&mut self, origin: &Origin, directive: &Directive, path: &str) -> bool {
        let refusal = if let Some(reserved) = self.std.reserved(path) {
            MergeError::Reserved {
                origin: origin.clone(),
                directive: directive.to_string(),
                why: reserved.why(path),
            }
        } else if let Err(source) = check_import_path(path) {
            MergeError::InvalidPath {
                origin: origin.clone(),
                directive: directive.to_string(),
                source,
            }
        } else {
            return true;
        };
        self.errors.push(refusal);
        false
    }

    /// The trusted standard-library importcfg (`file` names it): packagefile
    /// lines for listed packages. Its importmap lines are checked (their
    /// targets are listed packages) but not kept: they say how the standard
    /// library's own packages import their vendored copies, and go build
    /// gives no other package an importmap it did not ask for (a user's
    /// `golang.org/x/net/...` import must not reach the standard library's
    /// vendored copy), and the linker refuses them.
    pub fn std_importcfg(&mut self, file: &str, data: &[u8]) {
        for (origin, directive) in self.parse(file, data) {
            let listed = match &directive {
                Directive::PackageFile { path, .. } => path,
                Directive::ImportMap { target, .. } => target,
                _ => {
                    self.not_allowed(origin, &directive, Input::Std);
                    continue;
                }
            };
            if !self.std.contains(listed) {
                self.errors.push(MergeError::NotStd {
                    path: listed.clone(),
                    origin,
                    directive: directive.to_string(),
                });
                continue;
            }
            if let Directive::PackageFile { path, file } = directive {
                let entry = Entry {
                    target: Target::File(file),
                    origin,
                    std: true,
                };
                self.insert(&path, entry);
            }
        }
    }

    /// An untrusted fragment of a dependency (`file` names it): packagefile
    /// and importmap lines for paths outside the standard library.
    pub fn fragment(&mut self, file: &str, data: &[u8]) {
        for (origin, directive) in self.parse(file, data) {
            let (path, target) = match &directive {
                Directive::PackageFile { path, file } => (path, Target::File(file.clone())),
                Directive::ImportMap { path, target } => {
                    if !self.allowed(&origin, &directive, target) {
                        continue;
                    }
                    (path, Target::Map(target.clone()))
                }
                _ => {
                    self.not_allowed(origin, &directive, Input::Dependency);
                    continue;
                }
            };
            if self.allowed(&origin, &directive, path) {
                let path = path.clone();
                let entry = Entry {
                    target,
                    origin,
                    std: false,
                };
                self.insert(&path, entry);
            }
        }
    }

    /// The build information for the linker: an importcfg with one modinfo
    /// line (trusted: the rules write it).
    pub fn modinfo(&mut self, file: &str, data: &[u8]) {
        for (origin, directive) in self.parse(file, data) {
            let Directive::ModInfo { literal } = directive else {
                self.not_allowed(origin, &directive, Input::ModInfo);
                continue;
            };
            if let Some(first) = &self.modinfo_origin {
                self.errors.push(MergeError::ModInfoTwice {
                    first: first.clone(),
                    second: origin,
                });
                continue;
            }
            self.modinfo_origin = Some(origin);
            self.cfg.modinfo = Some(literal);
        }
    }

    /// A line the action made itself (`--add`): like a dependency's, it
    /// must not take a standard-library path or collide with another line.
    pub fn add(&mut self, path: &str, file: &str) {
        let directive = Directive::PackageFile {
            path: path.to_string(),
            file: file.to_string(),
        };
        if self.allowed(&Origin::Added, &directive, path) {
            let entry = Entry {
                target: Target::File(file.to_string()),
                origin: Origin::Added,
                std: false,
            };
            self.insert(path, entry);
        }
    }

    /// The action's own file for `path` (`--replace`), in place of what any
    /// dependency maps it to (a go_test's package under test, compiled with
    /// its tests, instead of the library's archive that a dependency also
    /// brings). Only paths named this way are replaced; standard-library
    /// paths never are.
    pub fn replace(&mut self, path: &str, file: &str) {
        let directive = Directive::PackageFile {
            path: path.to_string(),
            file: file.to_string(),
        };
        if !self.allowed(&Origin::Replaced, &directive, path) {
            return;
        }
        match self.replaced.get(path) {
            Some(old) if old != file => self.errors.push(MergeError::Conflict {
                path: path.to_string(),
                first: format!("packagefile {path}={old} (--replace)"),
                second: format!("{directive} (--replace)"),
            }),
            _ => {
                self.replaced.insert(path.to_string(), file.to_string());
            }
        }
    }

    /// The merged importcfg, or every problem found.
    pub fn finish(mut self) -> Result<ImportCfg, Vec<MergeError>> {
        for (path, file) in std::mem::take(&mut self.replaced) {
            let entry = Entry {
                target: Target::File(file),
                origin: Origin::Replaced,
                std: false,
            };
            match self.cfg.entries.get(&path) {
                Some(old) if old.origin == Origin::Added => {
                    self.errors.push(MergeError::Conflict {
                        first: old.describe(&path),
                        second: entry.describe(&path),
                        path,
                    });
                }
                _ => {
                    self.cfg.entries.insert(path, entry);
                }
            }
        }
        self.case_collisions();
        if self.errors.is_empty() {
            Ok(self.cfg)
        } else {
            Err(self.errors)
        }
    }

    /// Paths equal but for case, one of them not the standard library's.
    fn case_collisions(&mut self) {
        let mut seen: BTreeMap<String, (&String, &Entry)> = BTreeMap::new();
        for (path, entry) in &self.cfg.entries {
            match seen.get(&to_fold(path)) {
                Some(&(other, other_entry)) if !(entry.std && other_entry.std) => {
                    self.errors.push(MergeError::CaseCollision {
                        path: path.clone(),
                        path_origin: entry.origin.clone(),
                        other: other.clone(),
                        other_origin: other_entry.origin.clone(),
                    });
                }
                Some(_) => {}
                None => {
                    seen.insert(to_fold(path), (path, entry));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
