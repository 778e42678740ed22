//! `fipstool importcfg`: the importcfg of one compile, test build or link
//! action, merged from the standard library's, the dependencies' fragments
//! and the action's own lines so that no dependency stands in for a
//! standard-library package and no path is mapped twice; with
//! `--importer`, the package's imports are checked first as cmd/go checks
//! them (see the fips-importcfg crate).

use std::path::{Path, PathBuf};

use clap::Args;
use fips_importcfg::{
    check_imports, read_unimportable, Consumer, Imported, Merge, Package, Source, StdLibrary,
};

use crate::failure::Failure;
use crate::gofiles_cmd::write_atomically;

#[derive(Args)]
pub struct ImportcfgArgs {
    /// The standard library's importcfg (trusted: written by the stdlib
    /// action): packagefile lines for standard-library packages.
    #[arg(long = "std", value_name = "STD_IMPORTCFG")]
    pub std: PathBuf,
    /// The configuration's standard-library import paths, one a line (`go
    /// list std`, internal, vendored and FIPS snapshot packages included).
    #[arg(long = "std-packages", value_name = "STD_LIST")]
    pub std_packages: PathBuf,
    /// A dependency's fragment (untrusted): packagefile and importmap
    /// lines, never for a standard-library path.
    #[arg(long = "deps", value_name = "FRAGMENT")]
    pub deps: Vec<PathBuf>,
    /// A line the action made itself; it must not collide with another.
    #[arg(long = "add", value_name = "PATH=FILE")]
    pub add: Vec<String>,
    /// The action's own file for PATH, in place of a dependency's (a
    /// go_test's package under test, compiled with its tests).
    #[arg(long = "replace", value_name = "PATH=FILE")]
    pub replace: Vec<String>,
    /// Write the importcfg for the linker: no importmap lines (it refuses
    /// them), and the build information of `--modinfo`.
    #[arg(long, conflicts_with = "importer")]
    pub link: bool,
    /// An importcfg holding the link's one `modinfo` line (trusted: written
    /// by the rules).
    #[arg(long, value_name = "FILE", requires = "link")]
    pub modinfo: Option<PathBuf>,
    /// Where to write the importcfg (only if every check passes).
    #[arg(long)]
    pub out: PathBuf,
    /// Check the imports of SRC first: the import path of the package they
    /// are compiled as (with `--xtest`, of the package under test).
    #[arg(long, value_name = "IMPORTPATH", requires = "package")]
    pub importer: Option<String>,
    /// How messages name the package's target (its Bazel label).
    #[arg(long, value_name = "LABEL", requires = "importer")]
    pub package: Option<String>,
    /// SRC are a go test's external test package (`package p_test`).
    #[arg(long, requires = "importer")]
    pub xtest: bool,
    /// Where to write, once the imports pass, the packages they import from
    /// dependencies (the paths those link as), one a line: the package's
    /// edges in the import graph a link walks (`linkinfo --packages`); then
    /// the standard library's, `std <path>` a line (`fipstool chains`).
    #[arg(long, value_name = "FILE", requires = "importer")]
    pub imports_out: Option<PathBuf>,
    /// The package's Go sources that the build constraints keep.
    #[arg(value_name = "SRC", requires = "importer")]
    pub srcs: Vec<PathBuf>,
}

/// An import list: the dependencies' packages a line each (the edges a
/// link walks), then the standard library's, `std <path>` (where the import
/// chains of `fipstool chains` enter it; the link's walk skips them).
fn import_list(imported: &Imported) -> String {
    let deps = imported.deps.iter().map(|p| format!("{p}\n"));
    let std = imported.std.iter().map(|p| format!("std {p}\n"));
    deps.chain(std).collect()
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::input(format!("{}: {e}", path.display())))
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// `PATH=FILE` of `--add` and `--replace`.
fn path_file<'a>(flag: &str, arg: &'a str) -> Result<(&'a str, &'a str), Failure> {
    match arg.split_once('=') {
        Some((path, file)) if !path.is_empty() && !file.is_empty() => Ok((path, file)),
        _ => Err(Failure::input(format!(
            "importcfg: {flag} {arg}: want PATH=FILE"
        ))),
    }
}

/// One message for many problems, one a line.
fn refused<E: ToString>(errors: &[E]) -> Failure {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    Failure::input(lines.join("\n"))
}

pub fn run_importcfg(args: ImportcfgArgs) -> Result<(), Failure> {
    let list = String::from_utf8(read(&args.std_packages)?)
        .map_err(|_| Failure::input(format!("{}: not UTF-8 text", args.std_packages.display())))?;
    let std = StdLibrary::parse(&shown(&args.std_packages), &list).map_err(Failure::input)?;

    let mut merge = Merge::new(&std);
    merge.std_importcfg(&shown(&args.std), &read(&args.std)?);
    for fragment in &args.deps {
        merge.fragment(&shown(fragment), &read(fragment)?);
    }
    for arg in &args.add {
        let (path, file) = path_file("--add", arg)?;
        merge.add(path, file);
    }
    for arg in &args.replace {
        let (path, file) = path_file("--replace", arg)?;
        merge.replace(path, file);
    }
    if let Some(modinfo) = &args.modinfo {
        merge.modinfo(&shown(modinfo), &read(modinfo)?);
    }
    let cfg = merge.finish().map_err(|errors| refused(&errors))?;

    let mut edges = None;
    if let (Some(importer), Some(label)) = (&args.importer, &args.package) {
        let contents = args
            .srcs
            .iter()
            .map(|src| Ok((shown(src), read(src)?)))
            .collect::<Result<Vec<_>, Failure>>()?;
        let sources: Vec<Source> = contents
            .iter()
            .map(|(name, content)| Source { name, content })
            .collect();
        let pkg = Package {
            import_path: importer,
            label,
            xtest: args.xtest,
        };
        let mut not_importable = |file: &str| read_unimportable(Path::new(file));
        let imported =
            check_imports(&pkg, &sources, &cfg, &std, &mut not_importable).map_err(|errors| {
                // As go prints an import error: the package, then each problem.
                let lines: Vec<String> = errors.iter().map(|e| format!("\t{e}")).collect();
                Failure::input(format!("package {importer}\n{}", lines.join("\n")))
            })?;
        edges = Some(imported);
    }

    let consumer = if args.link {
        Consumer::Linker
    } else {
        Consumer::Compiler
    };
    let text = cfg.render(consumer).map_err(Failure::input)?;
    if let (Some(out), Some(edges)) = (&args.imports_out, &edges) {
        let list: String = import_list(edges);
        write_atomically(out, list.as_bytes())?;
    }
    write_atomically(&args.out, text.as_bytes())
}
