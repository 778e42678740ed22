//! `fipstool check`: does a binary match the FIPS configuration it was built
//! for? The Bazel rules run it as the validation action of every Go binary,
//! so a binary whose build information, FIPS module or integrity sum
//! disagrees with the build's flags fails the build.

use std::path::PathBuf;

use clap::Args;
use fips_report::{verdict_passes, Report};

use crate::failure::Failure;

#[derive(Args)]
pub struct CheckArgs {
    /// The Go binary to check.
    pub binary: PathBuf,
    /// The GOFIPS140 build setting it must record (`off`: none recorded).
    #[arg(long)]
    pub gofips140: String,
    /// The FIPS module its symbols must come from: a snapshot version, or
    /// `in-tree` for the SDK's own crypto/internal/fips140 (off, latest). A
    /// binary that links no FIPS module at all (no crypto) passes either way.
    #[arg(long)]
    pub module: String,
    /// The fips140 value its default GODEBUG must carry (`none`: unset).
    #[arg(long)]
    pub godebug_fips140: String,
}

/// Every way `report` departs from what `args` expects, one line each.
fn mismatches(args: &CheckArgs, report: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    let fips = &report.fips;
    let integrity = &fips.integrity;
    if !verdict_passes(integrity.verdict) {
        problems.push(format!(
            "integrity: {} ({})",
            integrity.verdict, integrity.detail
        ));
    }
    let want_setting = (args.gofips140 != "off").then(|| args.gofips140.clone());
    if fips.gofips140 != want_setting {
        problems.push(format!(
            "build info GOFIPS140: found {}, expected {}",
            fips.gofips140.as_deref().unwrap_or("none"),
            want_setting.as_deref().unwrap_or("none"),
        ));
    }
    let found_module = match (fips.module.origin, &fips.module.version) {
        ("snapshot", Some(v)) => v.clone(),
        (origin, _) => origin.to_string(),
    };
    // A program that uses no crypto links no FIPS module at all: nothing to
    // contradict the configuration.
    if found_module != args.module && found_module != "absent" {
        problems.push(format!(
            "FIPS module in the symbol table: found {found_module}, expected {}",
            args.module
        ));
    }
    let want_godebug = (args.godebug_fips140 != "none").then(|| args.godebug_fips140.clone());
    if fips.godebug_fips140 != want_godebug {
        problems.push(format!(
            "default GODEBUG fips140: found {}, expected {}",
            fips.godebug_fips140.as_deref().unwrap_or("none"),
            want_godebug.as_deref().unwrap_or("none"),
        ));
    }
    problems
}

pub fn run_check(args: CheckArgs) -> Result<(), Failure> {
    let data = std::fs::read(&args.binary)
        .map_err(|e| Failure::input(format!("{}: {e}", args.binary.display())))?;
    let name = args.binary.to_string_lossy().into_owned();
    let report = Report::inspect(name.as_bytes(), &data);
    if report.build_info.is_none() {
        return Err(Failure::input(format!(
            "{}: not a Go binary with build information",
            args.binary.display()
        )));
    }
    let problems = mismatches(&args, &report);
    if problems.is_empty() {
        println!(
            "{}: matches GOFIPS140={} module={} fips140={} ({})",
            args.binary.display(),
            args.gofips140,
            args.module,
            args.godebug_fips140,
            report.fips.integrity.verdict
        );
        return Ok(());
    }
    Err(Failure::check(format!(
        "{} does not match its FIPS configuration:\n  {}",
        args.binary.display(),
        problems.join("\n  ")
    )))
}
