//! `fipstool chains --packages FILE --std-imports FILE --root IMPORTMAP=FILE...
//! --target LABEL --out FILE`: the import chain that brings each package into
//! a program (fips-linkdeps `shortest_chains`), for the crypto inventory, the
//! policy check and the attestation (`--chains FILE`). Exit 0, or 2 on bad
//! input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use fips_linkdeps::{
    shortest_chains, ChainRoot, ChainsFile, Graph, StdImports, CHAINS_SCHEMA_VERSION,
};

use crate::failure::Failure;
use crate::linkinfo_cmd::{read_text, root_arg};

#[derive(Args)]
pub struct ChainsArgs {
    /// The program's packages: `IMPORTMAP<TAB>IMPORTPATH<TAB>IMPORTS_FILE<TAB>LABEL`
    /// a line (the rules' manifest).
    #[arg(long, value_name = "FILE")]
    pub packages: PathBuf,
    /// The standard library's import graph: `IMPORTPATH IMPORT...` a line.
    #[arg(long, value_name = "FILE")]
    pub std_imports: PathBuf,
    /// A package the program compiles itself and its import list (the main
    /// package, `main=FILE`; a test's package under test and external test
    /// package): chains start there.
    #[arg(long = "root", value_name = "IMPORTMAP=FILE", required = true)]
    pub roots: Vec<String>,
    /// The program's target, the first step of every chain.
    #[arg(long, value_name = "LABEL")]
    pub target: String,
    /// Where to write the chains (JSON).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run_chains(args: ChainsArgs) -> Result<(), Failure> {
    let name = |p: &Path| p.display().to_string();
    let graph =
        Graph::parse(&name(&args.packages), &read_text(&args.packages)?).map_err(Failure::input)?;
    let std = StdImports::parse(&name(&args.std_imports), &read_text(&args.std_imports)?)
        .map_err(Failure::input)?;
    let roots = args
        .roots
        .iter()
        .map(|arg| {
            let (importmap, file) = root_arg("chains", arg)?;
            Ok(ChainRoot {
                importmap: importmap.to_string(),
                label: args.target.clone(),
                imports: read_text(Path::new(file))?,
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let chains = shortest_chains(&graph, &std, &roots, &mut |f: &str| read_text(Path::new(f)))?;
    let file = ChainsFile {
        schema_version: CHAINS_SCHEMA_VERSION,
        target: args.target,
        chains,
    };
    let json = serde_json::to_string_pretty(&file)
        .map_err(|e| Failure::input(format!("cannot serialise the chains: {e}")))?;
    std::fs::write(&args.out, json + "\n")
        .map_err(|e| Failure::input(format!("cannot write {}: {e}", args.out.display())))
}

/// Read a chains file `fipstool chains` wrote: the chain of each package.
pub(crate) fn read_chains(path: &Path) -> Result<BTreeMap<String, Vec<String>>, Failure> {
    let file: ChainsFile = serde_json::from_str(&read_text(path)?)
        .map_err(|e| Failure::input(format!("{}: not a chains file: {e}", path.display())))?;
    if file.schema_version != CHAINS_SCHEMA_VERSION {
        return Err(Failure::input(format!(
            "{}: chains schema version {}, want {CHAINS_SCHEMA_VERSION}",
            path.display(),
            file.schema_version
        )));
    }
    Ok(file.chains)
}
