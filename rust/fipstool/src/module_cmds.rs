//! `fipstool module unpack`: a module zip from a proxy, verified against
//! go.sum and unpacked for a repository rule.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::failure::Failure;

#[derive(Subcommand)]
pub enum ModuleCommand {
    /// Verify a module zip (and its .mod file) against go.sum, then unpack it.
    Unpack(UnpackArgs),
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
    /// Where to unpack: absent or an empty directory.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run_module(cmd: ModuleCommand) -> Result<(), Failure> {
    let ModuleCommand::Unpack(args) = cmd;
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
    };
    match fips_modzip::unpack(&args.zip, &req, &args.out) {
        Ok(report) => {
            let json = serde_json::to_string_pretty(&report).map_err(Failure::input)?;
            println!("{json}");
            Ok(())
        }
        Err(e) if e.is_mismatch() => Err(Failure::check(e)),
        Err(e) => Err(Failure::input(e)),
    }
}
