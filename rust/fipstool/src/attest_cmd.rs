//! `fipstool attest` and `fipstool report`: one FIPS attestation per binary,
//! and the report (JSON and HTML) that gathers them.
//!
//! - `attest --binary B --target LABEL --sdk-version V [--sdk-archive-sha256
//!   HEX] --requested-version R [--index INDEX] [--policy-result P]
//!   [--enforcement strict|validation] --out A`:
//!   records the binary's facts; exit 0 whatever its integrity verdict, 2 on
//!   unreadable input.
//! - `report [--out-json R.json] [--out-html R.html] [--title T] A...`:
//!   exit 0, or 2 if an attestation is unreadable or not schema_version 1.
//!
//! Both write through a temporary file and a rename, and print nothing on
//! success (they run as Bazel actions).

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args};
use fips_attest::{html, Attestation, FipsReport, Request};
use fips_snapshot::LoadedIndex;

use crate::failure::Failure;

#[derive(Args)]
pub struct AttestArgs {
    /// The Go binary to attest; recorded verbatim as binary.path (Bazel
    /// passes an exec-root-relative path).
    #[arg(long, value_name = "BINARY")]
    pub binary: PathBuf,
    /// The Bazel label of the binary.
    #[arg(long, value_name = "LABEL")]
    pub target: String,
    /// The Go SDK version the build used (for example 1.26.6).
    #[arg(long, value_name = "VERSION")]
    pub sdk_version: String,
    /// SHA-256 of the SDK archive (64 lowercase hex digits).
    #[arg(long, value_name = "HEX")]
    pub sdk_archive_sha256: Option<String>,
    /// The GOFIPS140 value the build asked for (off, latest, certified, ...).
    #[arg(long, value_name = "GOFIPS140")]
    pub requested_version: String,
    /// The pinned snapshot index (snapshots/index.toml): the zip SHA-256,
    /// h1, status and certificate of the snapshot the binary uses.
    #[arg(long, value_name = "INDEX")]
    pub index: Option<PathBuf>,
    /// The JSON `fipstool policy check --json` wrote: its result for this
    /// binary is embedded.
    #[arg(long, value_name = "POLICY_JSON")]
    pub policy_result: Option<PathBuf>,
    /// How the build made its checks hold: strict (the binary was handed
    /// out only after the FIPS check and the policy check passed) or
    /// validation (they ran as Bazel validation actions).
    #[arg(long, value_name = "MODE", value_parser = ["strict", "validation"])]
    pub enforcement: Option<String>,
    /// Where to write the attestation.
    /// The import chains of the binary's program (`fipstool chains`): each
    /// crypto package of the attestation gets the chain that brings it in.
    #[arg(long, value_name = "FILE")]
    pub chains: Option<PathBuf>,
    #[arg(long, value_name = "ATTESTATION_JSON")]
    pub out: PathBuf,
}

#[derive(Args)]
#[command(group(ArgGroup::new("outputs").required(true).multiple(true).args(["out_json", "out_html"])))]
pub struct ReportArgs {
    /// Write the JSON report here.
    #[arg(long, value_name = "REPORT_JSON")]
    pub out_json: Option<PathBuf>,
    /// Write the HTML page here.
    #[arg(long, value_name = "REPORT_HTML")]
    pub out_html: Option<PathBuf>,
    /// The report's title.
    #[arg(long)]
    pub title: Option<String>,
    /// The attestations (`fipstool attest` outputs).
    #[arg(required = true, value_name = "ATTESTATION")]
    pub attestations: Vec<PathBuf>,
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path)
        .map_err(|e| Failure::input(format!("cannot read {what} {}: {e}", path.display())))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    fips_attest::write_atomic(path, bytes)
        .map_err(|e| Failure::input(format!("cannot write {}: {e}", path.display())))
}

pub fn run_attest(args: AttestArgs) -> Result<(), Failure> {
    let path = args.binary.to_string_lossy().into_owned();
    let index = match &args.index {
        Some(p) => Some(LoadedIndex::load(p).map_err(Failure::input)?),
        None => None,
    };
    let policy = match &args.policy_result {
        Some(p) => {
            let bytes = read(p, "policy result")?;
            let result = fips_attest::select_result(&bytes, &args.target, &path)
                .map_err(|e| Failure::input(format!("{}: {e}", p.display())))?;
            Some(result)
        }
        None => None,
    };
    let data = read(&args.binary, "binary")?;
    let request = Request {
        path: &path,
        target: &args.target,
        sdk_version: &args.sdk_version,
        sdk_archive_sha256: args.sdk_archive_sha256.as_deref(),
        requested_version: &args.requested_version,
        enforcement: args.enforcement.as_deref(),
    };
    let mut attestation =
        fips_attest::attest(&request, &data, index.as_ref().map(|i| &i.index), policy).map_err(
            |e| match e {
                fips_attest::AttestError::NotABinary(_) => Failure::input(format!("{path}: {e}")),
                fips_attest::AttestError::Argument(_) => Failure::input(e),
            },
        )?;
    if let (Some(path), Some(crypto)) = (&args.chains, attestation.crypto.as_mut()) {
        crypto.attach_chains(&crate::chains_cmd::read_chains(path)?);
    }
    write(&args.out, attestation.to_json().as_bytes())
}

pub fn run_report(args: ReportArgs) -> Result<(), Failure> {
    let mut attestations = Vec::with_capacity(args.attestations.len());
    for p in &args.attestations {
        let bytes = read(p, "attestation")?;
        let a = Attestation::parse(&bytes)
            .map_err(|e| Failure::input(format!("{}: {e}", p.display())))?;
        attestations.push(a);
    }
    let report = FipsReport::new(args.title.as_deref(), attestations);
    if let Some(out) = &args.out_json {
        write(out, report.to_json().as_bytes())?;
    }
    if let Some(out) = &args.out_html {
        write(out, html::render(&report).as_bytes())?;
    }
    Ok(())
}
