//! The BUILD.bazel files of an unpacked Go module: one `go_library` per
//! directory holding a Go package (plus a `go_binary` for a command), named
//! as gazelle's `import` naming convention names them, with every source
//! whatever its build constraints (the compile action applies them), the
//! dependencies `go mod tidy` would see resolved against the build list,
//! and the files its `//go:embed` patterns can match.
//!
//! [`scan`] reads the tree, [`generate`] makes the files' text and
//! [`write`] puts them in place.

pub mod names;
pub mod starlark;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use names::{lib_name, repo_name};
use starlark::Value;

/// Extensions of the non-Go sources a package's `srcs` take.
pub const OTHER_SRC_EXTENSIONS: [&str; 10] = [
    ".s", ".S", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx",
];

/// The name of each generated file.
pub const BUILD_FILE: &str = "BUILD.bazel";

#[derive(Debug, thiserror::Error)]
pub enum BuildgenError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: expected MODULE_PATH<TAB>REPO_NAME")]
    ModulesLine { file: String, line: usize },
}

fn io_at(path: &Path) -> impl Fn(std::io::Error) -> BuildgenError + '_ {
    move |source| BuildgenError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the build list: one `MODULE_PATH<TAB>REPO_NAME` per line; blank
/// lines and `#` comments are skipped.
pub fn parse_modules(file: &str, text: &str) -> Result<Vec<(String, String)>, BuildgenError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((p, r)) if !p.is_empty() && !r.is_empty() && !r.contains('\t') => {
                out.push((p.to_string(), r.to_string()))
            }
            _ => {
                return Err(BuildgenError::ModulesLine {
                    file: file.to_string(),
                    line: i + 1,
                })
            }
        }
    }
    Ok(out)
}

/// One Go source of a package directory, as `go mod tidy` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoFile {
    pub name: String,
    /// Some build could compile it (every tag but `ignore` free).
    pub could_build: bool,
    pub package: Option<String>,
    pub imports: Vec<String>,
    pub embed_patterns: Vec<String>,
}

/// A directory of the module as read from disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dir {
    /// Path below the module root, slash-separated, empty for the root.
    pub rel: String,
    /// Regular files directly in it, sorted.
    pub files: Vec<String>,
    /// Its non-test Go files (a directory that may hold a package).
    pub go_files: Vec<GoFile>,
}

/// The module's tree: every directory, by path below the root.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub dirs: BTreeMap<String, Dir>,
}

/// Directories `./...` leaves out, and whose subdirectories hold no
/// packages either: `testdata`, `vendor` and names starting with `.` or `_`.
fn skipped_dir(name: &str) -> bool {
    name == "testdata" || name == "vendor" || name.starts_with('.') || name.starts_with('_')
}

fn is_go_source(name: &str) -> bool {
    name.ends_with(".go")
        && !name.ends_with("_test.go")
        && !name.starts_with('.')
        && !name.starts_with('_')
}

/// Reads the module tree below `root`: every directory and regular file
/// (a symbolic link counts as what it names), and the header and `//go:embed` patterns of the Go files of directories
/// that may hold packages.
pub fn scan(root: &Path) -> Result<Tree, BuildgenError> {
    let mut tree = Tree::default();
    let mut stack: Vec<(PathBuf, String, bool)> = vec![(root.to_path_buf(), String::new(), true)];
    while let Some((path, rel, may_hold_package)) = stack.pop() {
        let mut dir = Dir {
            rel: rel.clone(),
            ..Dir::default()
        };
        let mut entries: Vec<(String, fs::FileType)> = Vec::new();
        for e in fs::read_dir(&path).map_err(io_at(&path))? {
            let e = e.map_err(io_at(&path))?;
            let mut ty = e.file_type().map_err(io_at(&e.path()))?;
            if ty.is_symlink() {
                // A module replaced by a local directory is linked into
                // its repository file by file (a module zip holds no
                // links): what a link names is what it is.
                ty = fs::metadata(e.path())
                    .map_err(io_at(&e.path()))?
                    .file_type();
            }
            entries.push((e.file_name().to_string_lossy().into_owned(), ty));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, ty) in entries {
            let child_rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if ty.is_dir() {
                let holds = may_hold_package && !skipped_dir(&name);
                stack.push((path.join(&name), child_rel, holds));
            } else if ty.is_file() {
                if may_hold_package && is_go_source(&name) {
                    dir.go_files.push(read_go_file(&path.join(&name), &name)?);
                }
                dir.files.push(name);
            }
        }
        tree.dirs.insert(rel, dir);
    }
    Ok(tree)
}

fn read_go_file(path: &Path, name: &str) -> Result<GoFile, BuildgenError> {
    let bytes = fs::read(path).map_err(io_at(path))?;
    // A file go/build cannot read (a NUL byte) stays a source of its
    // package with nothing known of it: the compile action reports it.
    let scanned = fips_buildtags::scan_any_build(&bytes).unwrap_or_default();
    // A malformed //go:embed line is the compiler's to report.
    let embed_patterns =
        fips_embedcfg::directives(name, &String::from_utf8_lossy(&bytes)).unwrap_or_default();
    Ok(GoFile {
        name: name.to_string(),
        could_build: scanned.could_build,
        package: scanned.package,
        imports: scanned.imports,
        embed_patterns,
    })
}

/// What the generator needs besides the tree.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub module_path: &'a str,
    /// The build list: (module path, repository name). Empty with
    /// `deps_bzl`.
    pub modules: &'a [(String, String)],
    /// The label of a .bzl file whose `go_deps(imports)` turns import paths
    /// into labels when the BUILD files are loaded (the go_deps hub): other
    /// modules' packages are then listed by import path, so the BUILD
    /// files do not depend on the build list.
    pub deps_bzl: Option<&'a str>,
    /// The label of the .bzl file that defines `go_library` and `go_binary`.
    pub defs_bzl: &'a str,
    /// The module's `go` line (or the default for a go.mod without one).
    pub go_version: &'a str,
}

/// One package that got targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageReport {
    pub dir: String,
    pub importpath: String,
    /// The go_library's name.
    pub library: String,
    /// The go_binary's name, for a `package main`.
    pub binary: Option<String>,
    /// The go_library's deps, sorted.
    pub deps: Vec<String>,
    /// Imports that no module of the build list provides.
    pub unresolved: Vec<String>,
    /// Set when the files name several packages (`found packages ...`).
    pub conflict: Option<String>,
}

/// The generated files: text by directory (below the module root), and
/// what each package got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Generated {
    #[serde(skip)]
    pub files: BTreeMap<String, String>,
    pub build_files: Vec<String>,
    pub packages: Vec<PackageReport>,
}

/// A package directory's facts, decided before any file is written.
struct Pkg<'t> {
    dir: &'t Dir,
    importpath: String,
    library: String,
    binary: Option<String>,
    conflict: Option<String>,
    cgo: bool,
}

fn join_rel(dir: &str, name: &str) -> String {
    if name.is_empty() {
        dir.to_string()
    } else if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Decides whether a directory holds a package and what its targets are.
fn package_of<'t>(dir: &'t Dir, module_path: &str) -> Option<Pkg<'t>> {
    let built: Vec<&GoFile> = dir.go_files.iter().filter(|f| f.could_build).collect();
    let named: Vec<(&str, &str)> = built
        .iter()
        .filter_map(|f| Some((f.package.as_deref()?, f.name.as_str())))
        .filter(|(p, _)| *p != "documentation")
        .collect();
    let (first, first_file) = *named.first()?;
    let conflict = named.iter().find(|(p, _)| *p != first).map(|(p, f)| {
        let shown = if dir.rel.is_empty() {
            "."
        } else {
            dir.rel.as_str()
        };
        format!("found packages {first} ({first_file}) and {p} ({f}) in {shown}")
    });
    let importpath = join_rel(module_path, &dir.rel);
    let name = lib_name(&importpath);
    let is_main = first == "main" && conflict.is_none();
    let (library, binary) = if is_main {
        (format!("{name}_lib"), Some(name))
    } else {
        (name, None)
    };
    let cgo = built.iter().any(|f| f.imports.iter().any(|i| i == "C"));
    Some(Pkg {
        dir,
        importpath,
        library,
        binary,
        conflict,
        cgo,
    })
}

/// Whether an import path names a standard-library package (no dot in its
/// first element).
fn is_std(import: &str) -> bool {
    !import.split('/').next().unwrap_or_default().contains('.')
}

/// Resolves imports to labels.
struct Resolver<'a> {
    module_path: &'a str,
    modules: &'a [(String, String)],
    /// This module's packages: directory -> library name.
    local: BTreeMap<&'a str, &'a str>,
}

impl Resolver<'_> {
    fn resolve(&self, import: &str) -> Option<String> {
        let owner = std::iter::once((self.module_path, None))
            .chain(
                self.modules
                    .iter()
                    .map(|(p, r)| (p.as_str(), Some(r.as_str()))),
            )
            .filter(|(p, _)| fips_modpath::has_path_prefix(import, p))
            .max_by_key(|(p, r)| (p.len(), r.is_none()))?;
        let (module, repo) = owner;
        let rel = import
            .get(module.len()..)
            .unwrap_or_default()
            .trim_start_matches('/');
        match repo {
            None => {
                let name = self.local.get(rel)?;
                Some(label("", rel, name))
            }
            Some(repo) => Some(label(&format!("@{repo}"), rel, &lib_name(import))),
        }
    }
}

/// `repo//pkg:name`, shortened to `repo//pkg` when the name is the
/// package's last element.
fn label(repo: &str, pkg: &str, name: &str) -> String {
    if pkg.rsplit('/').next() == Some(name) {
        format!("{repo}//{pkg}")
    } else {
        format!("{repo}//{pkg}:{name}")
    }
}

/// The files below `pkg_dir` a package's `//go:embed` patterns can match
/// (relative to `pkg_dir`), as cmd/go matches them against the tree.
fn embedded(tree: &Tree, pkg_dir: &str, patterns: &BTreeSet<&str>) -> BTreeSet<String> {
    let mut files: Vec<(String, String)> = Vec::new();
    for (rel, dir) in tree.dirs.range(pkg_dir.to_string()..) {
        let below = if pkg_dir.is_empty() {
            Some(rel.as_str())
        } else if rel == pkg_dir {
            Some("")
        } else {
            rel.strip_prefix(pkg_dir).and_then(|r| r.strip_prefix('/'))
        };
        let Some(below) = below else {
            if !rel.starts_with(pkg_dir) {
                break;
            }
            continue;
        };
        // Generated BUILD files are not the module's: go never sees them.
        for f in dir.files.iter().filter(|f| *f != BUILD_FILE) {
            let name = join_rel(below, f);
            files.push((name.clone(), name));
        }
    }
    let mut out = BTreeSet::new();
    for pattern in patterns {
        if let Ok(cfg) = fips_embedcfg::embedcfg(&[pattern.to_string()], &files) {
            out.extend(cfg.files.into_keys());
        }
    }
    out
}

/// Makes the BUILD files of a scanned module.
pub fn generate(tree: &Tree, opts: &Options<'_>) -> Generated {
    let pkgs: Vec<Pkg<'_>> = tree
        .dirs
        .values()
        .filter(|d| !d.go_files.is_empty())
        .filter_map(|d| package_of(d, opts.module_path))
        .collect();
    let resolver = Resolver {
        module_path: opts.module_path,
        modules: opts.modules,
        local: pkgs
            .iter()
            .map(|p| (p.dir.rel.as_str(), p.library.as_str()))
            .collect(),
    };
    let has_build: BTreeSet<&str> = pkgs
        .iter()
        .map(|p| p.dir.rel.as_str())
        .chain(std::iter::once(""))
        .collect();
    // Files a package embeds from a subdirectory with a BUILD file of its
    // own are that package's to export.
    let mut exports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut bodies: BTreeMap<String, (Vec<&str>, String)> = BTreeMap::new();
    let mut reports = Vec::new();
    for pkg in &pkgs {
        let rel = pkg.dir.rel.as_str();
        let mut srcs: Vec<String> = pkg.dir.go_files.iter().map(|f| f.name.clone()).collect();
        srcs.extend(
            pkg.dir
                .files
                .iter()
                .filter(|f| {
                    OTHER_SRC_EXTENSIONS.iter().any(|e| f.ends_with(e))
                        && !f.starts_with('.')
                        && !f.starts_with('_')
                })
                .cloned(),
        );
        srcs.sort();
        let patterns: BTreeSet<&str> = pkg
            .dir
            .go_files
            .iter()
            .flat_map(|f| f.embed_patterns.iter().map(String::as_str))
            .collect();
        let mut embedsrcs = Vec::new();
        for file in embedded(tree, rel, &patterns) {
            let full = join_rel(rel, &file);
            // The nearest directory above the file with a BUILD file.
            let mut owner = full.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            while owner.len() > rel.len() && !has_build.contains(owner) {
                owner = owner.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            }
            if owner == rel {
                embedsrcs.push(file);
            } else {
                let inner = full[owner.len() + 1..].to_string();
                embedsrcs.push(format!("//{owner}:{inner}"));
                exports.entry(owner.to_string()).or_default().insert(inner);
            }
        }
        embedsrcs.sort();
        let mut deps = BTreeSet::new();
        let mut unresolved = BTreeSet::new();
        let mut by_import = BTreeSet::new();
        for file in pkg.dir.go_files.iter().filter(|f| f.could_build) {
            for import in &file.imports {
                if import == "C" || is_std(import) {
                    continue;
                }
                let local = fips_modpath::has_path_prefix(import, opts.module_path);
                if opts.deps_bzl.is_some() && !(local && resolver.resolve(import).is_some()) {
                    // Another module's package (or a nested module's): the
                    // hub resolves it when the BUILD file is loaded (and
                    // drops what this module itself would provide: its
                    // packages are all known here).
                    by_import.insert(import.clone());
                    continue;
                }
                match resolver.resolve(import) {
                    Some(l) if l != label("", rel, &pkg.library) => {
                        deps.insert(l);
                    }
                    Some(_) => {}
                    None => {
                        unresolved.insert(import.clone());
                    }
                }
            }
        }
        let mut text = String::new();
        if let Some(c) = &pkg.conflict {
            text.push_str(&starlark::comment(&format!("fips: {c}")));
        }
        if !unresolved.is_empty() {
            let list: Vec<&str> = unresolved.iter().map(String::as_str).collect();
            text.push_str(&starlark::comment(&format!(
                "fips: unresolved imports: {}",
                list.join(" ")
            )));
        }
        let public = || Value::List(vec!["//visibility:public".into()]);
        let mut attrs = vec![
            ("name", Value::Str(pkg.library.clone())),
            ("srcs", Value::List(srcs)),
        ];
        if pkg.cgo {
            attrs.push(("cgo", Value::Bool(true)));
        }
        attrs.extend([
            ("embedsrcs", Value::List(embedsrcs)),
            ("go_version", Value::Str(opts.go_version.to_string())),
            ("importpath", Value::Str(pkg.importpath.clone())),
            ("visibility", public()),
            (
                "deps",
                Value::Resolved {
                    labels: deps.iter().cloned().collect(),
                    function: "go_deps".into(),
                    imports: by_import.iter().cloned().collect(),
                    module: opts.module_path.to_string(),
                },
            ),
        ]);
        text.push_str(&starlark::call("go_library", &attrs));
        let mut symbols = vec!["go_library"];
        if let Some(bin) = &pkg.binary {
            symbols.push("go_binary");
            text.push('\n');
            text.push_str(&starlark::call(
                "go_binary",
                &[
                    ("name", Value::Str(bin.clone())),
                    ("embed", Value::List(vec![format!(":{}", pkg.library)])),
                    ("visibility", public()),
                ],
            ));
        }
        if pkg.library != "go_default_library" {
            text.push('\n');
            text.push_str(&starlark::call(
                "alias",
                &[
                    ("name", Value::Str("go_default_library".into())),
                    ("actual", Value::Str(format!(":{}", pkg.library))),
                    ("visibility", public()),
                ],
            ));
        }
        bodies.insert(rel.to_string(), (symbols, text));
        reports.push(PackageReport {
            dir: rel.to_string(),
            importpath: pkg.importpath.clone(),
            library: pkg.library.clone(),
            binary: pkg.binary.clone(),
            deps: deps.into_iter().collect(),
            unresolved: unresolved.into_iter().collect(),
            conflict: pkg.conflict.clone(),
        });
    }
    let mut files = BTreeMap::new();
    for dir in &has_build {
        let mut text = format!(
            "# Generated by fipstool module buildfiles for {}.\n",
            join_rel(opts.module_path, dir)
        );
        if let Some((symbols, body)) = bodies.get(*dir) {
            text.push('\n');
            text.push_str(&starlark::load(opts.defs_bzl, symbols));
            if let Some(deps_bzl) = opts.deps_bzl {
                text.push_str(&starlark::load(deps_bzl, &["go_deps"]));
            }
            text.push('\n');
            text.push_str(body);
        }
        if let Some(list) = exports.get(*dir) {
            text.push('\n');
            text.push_str(&starlark::exports_files(
                &list.iter().cloned().collect::<Vec<_>>(),
            ));
        }
        files.insert(dir.to_string(), text);
    }
    Generated {
        build_files: files.keys().map(|d| join_rel(d, BUILD_FILE)).collect(),
        files,
        packages: reports,
    }
}

/// Writes the generated files below `root`.
pub fn write(root: &Path, generated: &Generated) -> Result<(), BuildgenError> {
    for (dir, text) in &generated.files {
        let path = root.join(dir).join(BUILD_FILE);
        fs::write(&path, text).map_err(io_at(&path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
