//! `fipstool testmain`: the test main package of a Go test binary, with the
//! tests, benchmarks, fuzz targets and examples go test would register,
//! for the link action of a go_test.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::failure::Failure;
use crate::gofiles_cmd::write_atomically;

#[derive(Args)]
pub struct TestmainArgs {
    /// The import path of the package under test.
    #[arg(long)]
    pub importpath: String,
    /// Where to write the test main's Go source.
    #[arg(long)]
    pub out: PathBuf,
    /// A `_test.go` file of the package itself (`package p`), build
    /// constraints already applied (repeat for each).
    #[arg(long = "test")]
    pub tests: Vec<PathBuf>,
    /// A `_test.go` file of the external test package (`package p_test`),
    /// build constraints already applied (repeat for each).
    #[arg(long = "xtest")]
    pub xtests: Vec<PathBuf>,
    /// The package under test is not in the test binary (an external test
    /// package whose library no dependency provides): the test main does
    /// not import it. Not with --test.
    #[arg(long, conflicts_with = "tests")]
    pub without_package: bool,
}

/// Each file as (name in messages, source).
fn read_sources(paths: &[PathBuf]) -> Result<Vec<(String, String)>, Failure> {
    paths.iter().map(|p| read_source(p)).collect()
}

fn read_source(path: &Path) -> Result<(String, String), Failure> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failure::input(format!("{name}: {e}")))?;
    let text = fips_gotest::decode(&name, &bytes).map_err(Failure::input)?;
    Ok((name, text.to_string()))
}

pub fn run_testmain(args: TestmainArgs) -> Result<(), Failure> {
    if args.importpath.is_empty() {
        return Err(Failure::input("--importpath: empty import path"));
    }
    let internal = read_sources(&args.tests)?;
    let external = read_sources(&args.xtests)?;
    let main = if args.without_package {
        fips_gotest::external_only_testmain(&args.importpath, &external)
    } else {
        fips_gotest::testmain(&args.importpath, &internal, &external)
    }
    .map_err(Failure::input)?;
    write_atomically(&args.out, main.as_bytes())
}
