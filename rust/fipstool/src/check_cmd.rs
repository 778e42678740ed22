//! `fipstool check`: does a binary match the FIPS configuration it was built
//! for? The Bazel rules run it as the validation action of every Go binary,
//! so a binary whose build information, FIPS module, default GODEBUG or
//! integrity sum disagrees with the build's flags fails the build.
//!
//! The default GODEBUG is the one the runtime uses, the variable
//! `runtime.godebugDefault` read from the binary, not the build info's
//! `DefaultGODEBUG` line: a link with `-X=runtime.godebugDefault=...` changes
//! the first and not the second. The two must agree, and a binary whose
//! variable cannot be read fails closed (the rules build binaries with a
//! symbol table, where the variable is always found; without one it is found
//! on amd64 and arm64).

use std::path::{Path, PathBuf};

use clap::Args;
use fips_buildinfo::godebug::GODEBUG_DEFAULT_SYMBOL;
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
    /// Optional with --default-godebug, which pins the whole value.
    #[arg(long, required_unless_present = "default_godebug")]
    pub godebug_fips140: Option<String>,
    /// A file holding the exact default GODEBUG the build computed, on one
    /// line (empty: none, so go build records no DefaultGODEBUG and sets no
    /// -X). The build info's DefaultGODEBUG and runtime.godebugDefault must
    /// both be it.
    #[arg(long, value_name = "FILE")]
    pub default_godebug: Option<PathBuf>,
}

/// The expected default GODEBUG in `--default-godebug FILE`: one line, its
/// newline optional; `None` for an empty file.
fn read_expected_godebug(path: &Path) -> Result<Option<String>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::input(format!("--default-godebug {}: {e}", path.display())))?;
    let line = text.strip_suffix('\n').unwrap_or(&text);
    if line.contains('\n') {
        return Err(Failure::input(format!(
            "--default-godebug {}: more than one line; it holds the one DefaultGODEBUG string",
            path.display()
        )));
    }
    Ok(Some(line.to_string()).filter(|l| !l.is_empty()))
}

fn quoted(v: Option<&str>) -> String {
    v.map_or_else(|| "none".to_string(), |v| format!("{v:?}"))
}

/// The default GODEBUG lines: the runtime's against the build info's, and
/// both against `expected` (from `--default-godebug FILE`).
fn default_godebug_problems(
    report: &Report,
    expected: Option<(&Path, Option<&str>)>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let runtime = &report.fips.runtime_default_godebug;
    match runtime.verdict {
        "mismatch" => problems.extend(report.default_godebug_mismatch()),
        "match" => {}
        _ => problems.push(format!("default GODEBUG: {}", runtime.detail)),
    }
    let Some((file, want)) = expected else {
        return problems;
    };
    let recorded = report.fips.default_godebug.as_deref();
    if recorded != want {
        problems.push(format!(
            "DefaultGODEBUG in the build info: found {}, expected {} ({})",
            quoted(recorded),
            quoted(want),
            file.display()
        ));
    }
    if let Some(value) = runtime.value.as_deref() {
        if value != want.unwrap_or("") {
            problems.push(format!(
                "{GODEBUG_DEFAULT_SYMBOL}: found {}, expected {} ({})",
                quoted(Some(value).filter(|v| !v.is_empty())),
                quoted(want),
                file.display()
            ));
        }
    }
    problems
}

/// Every way `report` departs from what `args` expects, one line each;
/// `expected_godebug` is the content of `--default-godebug FILE`.
fn mismatches(
    args: &CheckArgs,
    report: &Report,
    expected_godebug: Option<Option<&str>>,
) -> Vec<String> {
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
    let expected = args.default_godebug.as_deref().zip(expected_godebug);
    problems.extend(default_godebug_problems(report, expected));
    let Some(want) = &args.godebug_fips140 else {
        return problems;
    };
    let want_godebug = (want != "none").then(|| want.clone());
    if fips.godebug_fips140 != want_godebug {
        let source = match fips.runtime_default_godebug.value {
            Some(_) => GODEBUG_DEFAULT_SYMBOL,
            None => "DefaultGODEBUG, unverified",
        };
        problems.push(format!(
            "default GODEBUG fips140: found {}, expected {} (from {source})",
            fips.godebug_fips140.as_deref().unwrap_or("none"),
            want_godebug.as_deref().unwrap_or("none"),
        ));
    }
    problems
}

pub fn run_check(args: CheckArgs) -> Result<(), Failure> {
    let expected_godebug = match &args.default_godebug {
        Some(path) => Some(read_expected_godebug(path)?),
        None => None,
    };
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
    let problems = mismatches(
        &args,
        &report,
        expected_godebug.as_ref().map(Option::as_deref),
    );
    if problems.is_empty() {
        let runtime = &report.fips.runtime_default_godebug;
        println!(
            "{}: matches GOFIPS140={} module={} fips140={}, default GODEBUG {} ({}, {}) ({})",
            args.binary.display(),
            args.gofips140,
            args.module,
            report.fips.godebug_fips140.as_deref().unwrap_or("none"),
            if args.default_godebug.is_some() {
                "as built"
            } else {
                "verified"
            },
            GODEBUG_DEFAULT_SYMBOL,
            runtime.method.unwrap_or("?"),
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
