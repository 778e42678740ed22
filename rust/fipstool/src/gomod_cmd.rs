//! `fipstool gomod parse`: a go.mod file (and its go.sum) as one JSON
//! document, for the module extension that reads a project's modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::failure::Failure;

#[derive(Subcommand)]
pub enum GomodCommand {
    /// Print a go.mod file (and its go.sum) as JSON (docs/fipstool.md).
    Parse(ParseArgs),
}

#[derive(Args)]
pub struct ParseArgs {
    /// The go.mod file.
    #[arg(long = "go-mod")]
    pub go_mod: PathBuf,
    /// The go.sum file beside it: adds `sums` and `gomod_sums`.
    #[arg(long = "go-sum")]
    pub go_sum: Option<PathBuf>,
    /// Read as a dependency's go.mod (modfile.ParseLax): only module, go,
    /// require, retract and ignore; other directives are ignored.
    #[arg(long)]
    pub lax: bool,
}

#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    file: &'a fips_gomod::ModFile,
    #[serde(skip_serializing_if = "Option::is_none")]
    sums: Option<&'a BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gomod_sums: Option<&'a BTreeMap<String, String>>,
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::input(format!("{}: {e}", path.display())))
}

pub fn run_gomod(cmd: GomodCommand) -> Result<(), Failure> {
    let GomodCommand::Parse(args) = cmd;
    let mode = if args.lax {
        fips_gomod::Mode::Lax
    } else {
        fips_gomod::Mode::Strict
    };
    let name = args.go_mod.display().to_string();
    let file = fips_gomod::parse(&name, &read(&args.go_mod)?, mode).map_err(Failure::input)?;
    let sums = match &args.go_sum {
        None => None,
        Some(path) => {
            let name = path.display().to_string();
            Some(fips_gomod::gosum::parse(&name, &read(path)?).map_err(Failure::input)?)
        }
    };
    let out = Output {
        file: &file,
        sums: sums.as_ref().map(|s| &s.zips),
        gomod_sums: sums.as_ref().map(|s| &s.go_mods),
    };
    let json = serde_json::to_string_pretty(&out).map_err(Failure::input)?;
    println!("{json}");
    Ok(())
}
