//! `fipstool`: the helper behind every FIPS build action of the `fips` rule set,
//! and a command-line tool for release and compliance engineers.
//!
//! Exit codes are part of the interface: 0 ok, 1 a check failed (for example an
//! integrity mismatch), 2 bad usage or bad input.

mod attest_cmd;
mod binary_cmds;
mod chains_cmd;
mod check_cmd;
mod crypto_cmd;
mod embed_cmd;
mod failure;
mod gofiles_cmd;
mod gomod_cmd;
mod goproxy_cmd;
mod importcfg_cmd;
mod linkinfo_cmd;
mod module_cmds;
mod policy_cmd;
mod snapshot_cmds;
mod testmain_cmd;
mod testxml_cmd;
mod usage;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "fipstool",
    version,
    about = "Verify and unpack Go FIPS 140-3 snapshots; inspect, verify and seal Go binaries"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Resolve, verify and unpack the FIPS module snapshots of a Go SDK.
    #[command(subcommand)]
    Snapshot(snapshot_cmds::SnapshotCommand),
    /// Print the h1 hash (Go's dirhash) of a zip file or a directory.
    Dirhash(snapshot_cmds::DirhashArgs),
    /// Show a Go binary's build information and FIPS facts.
    Inspect(binary_cmds::InspectArgs),
    /// Recompute a Go binary's FIPS integrity sum; exit 1 if it does not match.
    Verify(binary_cmds::VerifyArgs),
    /// Compute and write the FIPS integrity sum into a binary after linking.
    Seal(binary_cmds::SealArgs),
    /// Check that a binary matches its FIPS configuration (build info, module, GODEBUG, integrity).
    Check(check_cmd::CheckArgs),
    /// List the cryptography a Go binary links inside and outside the FIPS module (text, JSON or a
    /// CycloneDX 1.6 CBOM).
    Crypto(crypto_cmd::CryptoArgs),
    /// Write the import chain that brings each package into a Go program (from its own targets).
    Chains(chains_cmd::ChainsArgs),
    /// Write the -embedcfg file of a Go package's //go:embed patterns.
    Embedcfg(embed_cmd::EmbedcfgArgs),
    /// List the sources of a Go package that go build compiles (build constraints applied).
    Gofiles(gofiles_cmd::GofilesArgs),
    /// Where the go command would fetch each module from (GOPROXY, GONOPROXY/GOPRIVATE).
    Goproxy(goproxy_cmd::GoproxyArgs),
    /// Compute a Go program's default GODEBUG (go.mod, //go:debug directives, FIPS mode) and its build information for the link.
    Linkinfo(linkinfo_cmd::LinkinfoArgs),
    /// Write the importcfg of a compile or link (no dependency may stand in for a standard-library
    /// package) and check a package's imports as go build does.
    Importcfg(importcfg_cmd::ImportcfgArgs),
    /// Read go.mod and go.sum files.
    #[command(subcommand)]
    Gomod(gomod_cmd::GomodCommand),
    /// Verify and unpack Go module zips for repository rules.
    #[command(subcommand)]
    Module(module_cmds::ModuleCommand),
    /// Write the test main of a Go test binary: its tests, benchmarks, fuzz targets and examples.
    Testmain(testmain_cmd::TestmainArgs),
    /// Run a Go test binary with -test.v=test2json output (or read that output from stdin): print it as
    /// go test -v shows it and write a JUnit XML report of its tests.
    Testxml(testxml_cmd::TestxmlArgs),
    /// Check Go binaries against an organisation's FIPS policy file (docs/policy.md).
    #[command(subcommand)]
    Policy(policy_cmd::PolicyCommand),
    /// Record a binary's FIPS facts (build info, snapshot, integrity, policy) as an attestation.
    Attest(attest_cmd::AttestArgs),
    /// Gather attestations into a JSON report and an HTML page for reviewers.
    Report(attest_cmd::ReportArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Asked for: printed on stdout, exit 0.
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) => {
            let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
            return usage::usage_failure(&e, Cli::command(), &args).report();
        }
    };
    let result = match cli.command {
        Command::Snapshot(cmd) => snapshot_cmds::run_snapshot(cmd),
        Command::Dirhash(args) => snapshot_cmds::run_dirhash(args),
        Command::Inspect(args) => binary_cmds::run_inspect(args),
        Command::Verify(args) => binary_cmds::run_verify(args),
        Command::Crypto(args) => crypto_cmd::run_crypto(args),
        Command::Chains(args) => chains_cmd::run_chains(args),
        Command::Seal(args) => binary_cmds::run_seal(args),
        Command::Check(args) => check_cmd::run_check(args),
        Command::Embedcfg(args) => embed_cmd::run_embedcfg(args),
        Command::Gofiles(args) => gofiles_cmd::run_gofiles(args),
        Command::Goproxy(args) => goproxy_cmd::run_goproxy(args),
        Command::Linkinfo(args) => linkinfo_cmd::run_linkinfo(args),
        Command::Importcfg(args) => importcfg_cmd::run_importcfg(args),
        Command::Gomod(cmd) => gomod_cmd::run_gomod(cmd),
        Command::Module(cmd) => module_cmds::run_module(cmd),
        Command::Testmain(args) => testmain_cmd::run_testmain(args),
        // The test binary's exit code, not only fipstool's own.
        Command::Testxml(args) => return testxml_cmd::run_testxml(args),
        Command::Policy(cmd) => policy_cmd::run_policy(cmd),
        Command::Attest(args) => attest_cmd::run_attest(args),
        Command::Report(args) => attest_cmd::run_report(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
