//! `fipstool module unpack`: a module zip from a proxy, verified against
//! go.sum and unpacked for a repository rule.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::failure::Failure;

#[derive(Subcommand)]
pub enum ModuleCommand {
    /// Verify a module zip (and its .mod file) against go.sum, then unpack it.
    Unpack(UnpackArgs),
    /// Write the BUILD.bazel files of an unpacked module.
    Buildfiles(BuildfilesArgs),
}

#[derive(Args)]
pub struct BuildfilesArgs {
    /// The unpacked module (`module unpack --out`).
    #[arg(long)]
    pub dir: PathBuf,
    /// The module's path.
    #[arg(long = "module-path")]
    pub module_path: String,
    /// The build list: one `MODULE_PATH<TAB>REPO_NAME` line per module.
    #[arg(
        long,
        required_unless_present = "deps_bzl",
        conflicts_with = "deps_bzl"
    )]
    pub modules: Option<PathBuf>,
    /// Instead of --modules: the label of the .bzl file whose
    /// `go_deps(imports)` resolves other modules' import paths when the
    /// BUILD files are loaded (the go_deps extension's hub), so that the
    /// BUILD files, and the repository, do not depend on the build list.
    #[arg(long = "deps-bzl")]
    pub deps_bzl: Option<String>,
    /// The label of the .bzl file that defines go_library and go_binary.
    #[arg(long = "defs-bzl")]
    pub defs_bzl: String,
    /// The module's go.mod, whose `go` line sets the packages' go_version
    /// (the `.mod` file from the proxy; default: DIR/go.mod).
    #[arg(long = "go-mod")]
    pub go_mod: Option<PathBuf>,
    /// The go_version of a module whose go.mod has no `go` line (or that
    /// has no go.mod): the go command assumes 1.16 for dependencies.
    #[arg(long = "go-version-default", default_value = "1.16")]
    pub go_version_default: String,
}

#[derive(Args)]
pub struct UnpackArgs {
    /// The module zip, as the proxy serves `<path>/@v/<version>.zip`.
    #[arg(long)]
    pub zip: PathBuf,
    /// The module path (of the replacement, for a replaced module).
    #[arg(long)]
    pub path: String,
    /// The module version (canonical).
    #[arg(long)]
    pub version: String,
    /// go.sum's hash of the zip (`path version h1:...`).
    #[arg(long)]
    pub h1: String,
    /// The `.mod` file, as the proxy serves `<path>/@v/<version>.mod`.
    #[arg(long = "mod", requires = "mod_h1")]
    pub mod_file: Option<PathBuf>,
    /// go.sum's hash of the `.mod` file (`path version/go.mod h1:...`).
    #[arg(long = "mod-h1", requires = "mod_file")]
    pub mod_h1: Option<String>,
    /// The path the module was required as, when it replaces another: its
    /// go.mod may declare that path instead of --path.
    #[arg(long = "required-as")]
    pub required_as: Option<String>,
    /// Where to unpack: absent or an empty directory (or, with
    /// --into-existing, a directory holding none of the module's
    /// top-level names).
    #[arg(long)]
    pub out: PathBuf,
    /// OUT exists and holds other files (a repository rule's directory with
    /// the downloaded zip): the module's files are added beside them, all
    /// or none.
    #[arg(long = "into-existing")]
    pub into_existing: bool,
}

pub fn run_module(cmd: ModuleCommand) -> Result<(), Failure> {
    match cmd {
        ModuleCommand::Unpack(args) => run_unpack(args),
        ModuleCommand::Buildfiles(args) => run_buildfiles(args),
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let json = serde_json::to_string_pretty(value).map_err(Failure::input)?;
    println!("{json}");
    Ok(())
}

fn run_buildfiles(args: BuildfilesArgs) -> Result<(), Failure> {
    let read =
        |p: &Path| std::fs::read(p).map_err(|e| Failure::input(format!("{}: {e}", p.display())));
    let modules = match &args.modules {
        Some(path) => fips_buildgen::parse_modules(
            &path.display().to_string(),
            &String::from_utf8_lossy(&read(path)?),
        )
        .map_err(Failure::input)?,
        None => Vec::new(),
    };
    let go_mod = args
        .go_mod
        .clone()
        .unwrap_or_else(|| args.dir.join("go.mod"));
    let go_version = match std::fs::read(&go_mod) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && args.go_mod.is_none() => None,
        Err(e) => return Err(Failure::input(format!("{}: {e}", go_mod.display()))),
        Ok(data) => {
            fips_gomod::parse(&go_mod.display().to_string(), &data, fips_gomod::Mode::Lax)
                .map_err(Failure::input)?
                .go
        }
    }
    .unwrap_or(args.go_version_default);
    let tree = fips_buildgen::scan(&args.dir).map_err(Failure::input)?;
    let generated = fips_buildgen::generate(
        &tree,
        &fips_buildgen::Options {
            module_path: &args.module_path,
            modules: &modules,
            defs_bzl: &args.defs_bzl,
            deps_bzl: args.deps_bzl.as_deref(),
            go_version: &go_version,
        },
    );
    fips_buildgen::write(&args.dir, &generated).map_err(Failure::input)?;
    print_json(&generated)
}

fn run_unpack(args: UnpackArgs) -> Result<(), Failure> {
    let mod_data = match &args.mod_file {
        Some(p) => {
            Some(std::fs::read(p).map_err(|e| Failure::input(format!("{}: {e}", p.display())))?)
        }
        None => None,
    };
    let req = fips_modzip::Request {
        path: &args.path,
        version: &args.version,
        zip_h1: &args.h1,
        go_mod: mod_data.as_deref().zip(args.mod_h1.as_deref()),
        required_as: args.required_as.as_deref(),
        into_existing: args.into_existing,
    };
    match fips_modzip::unpack(&args.zip, &req, &args.out) {
        Ok(report) => print_json(&report),
        Err(e) if e.is_mismatch() => Err(Failure::check(e)),
        Err(e) => Err(Failure::input(e)),
    }
}
