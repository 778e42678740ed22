//! `fipstool policy`: an organisation's FIPS policy (a TOML file, see
//! docs/policy.md) checked against Go binaries.
//!
//! - `policy check --policy FILE [--index INDEX.toml] [--target LABEL]...
//!   [--requested-version V]... [--json] [--out FILE] BINARY...`: read each
//!   binary's build information, evaluate the policy, print a verdict per
//!   binary. Exit 0 when every binary passes or is exempt, 1 when one
//!   violates a rule, 2 on bad input (malformed policy, unreadable index or
//!   binary, bad label).
//! - `policy validate --policy FILE`: syntax and schema only (exit 0 or 2).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use fips_policy::{
    split_tags, AppliedExemption, CryptoPackage, Evaluation, Facts, Label, Policy, PolicyErrors,
    Verdict, VersionEntry, Violation,
};
use fips_snapshot::{Index, LoadedIndex};
use serde::Serialize;

use crate::binary_cmds::{emit, read_binary};
use crate::chains_cmd::read_chains;
use crate::failure::Failure;

/// The JSON schema version of `policy check --json`.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Evaluate Go binaries against a policy file; exit 1 if one violates it.
    Check(PolicyCheckArgs),
    /// Check a policy file's syntax and schema (exit 0 valid, 2 invalid).
    Validate(PolicyValidateArgs),
}

#[derive(Args)]
pub struct PolicyCheckArgs {
    /// The policy file (TOML, schema 1; docs/policy.md).
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,
    /// The snapshot index (snapshots/index.toml) that gives each
    /// snapshot's validation status. Default: the pinned index built into
    /// this fipstool.
    #[arg(long, value_name = "INDEX.toml")]
    pub index: Option<PathBuf>,
    /// The Bazel target that built the binary. Exemptions apply only to
    /// binaries whose target is known. With several binaries, give it once
    /// per binary, in the same order.
    #[arg(long = "target", value_name = "LABEL")]
    pub targets: Vec<String>,
    /// The GOFIPS140 value the build requested (certified, inprocess,
    /// latest, off or a version): build information records only what it
    /// resolved to. Once for every binary, or once per binary.
    #[arg(long = "requested-version", value_name = "V")]
    pub requested: Vec<String>,
    /// The import chains of each binary's program (`fipstool chains`): a
    /// forbidden crypto package is reported with the chain that brings it
    /// in. Once per binary, in the same order.
    #[arg(long = "chains", value_name = "FILE")]
    pub chains: Vec<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Write the output (JSON or text) to this file instead of stdout,
    /// through a temporary file and a rename; written whatever the verdict.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The Go binaries to check.
    #[arg(required = true, value_name = "BINARY")]
    pub binaries: Vec<PathBuf>,
}

#[derive(Args)]
pub struct PolicyValidateArgs {
    /// The policy file to check.
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,
}

pub fn run_policy(cmd: PolicyCommand) -> Result<(), Failure> {
    match cmd {
        PolicyCommand::Check(args) => run_check(args),
        PolicyCommand::Validate(args) => run_validate(args),
    }
}

#[derive(Serialize)]
struct ErrorPosition {
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct ErrorJson {
    kind: &'static str,
    message: String,
    /// For a malformed policy: every error with its position.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ErrorPosition>,
}

#[derive(Serialize)]
struct FailureJson<'a> {
    schema_version: u32,
    ok: bool,
    policy: &'a str,
    error: ErrorJson,
}

#[derive(Serialize)]
struct ResultJson<'a> {
    binary: String,
    target: Option<&'a str>,
    verdict: Verdict,
    violations: &'a [Violation],
    exemptions: &'a [AppliedExemption],
}

#[derive(Serialize)]
struct CheckJson<'a> {
    schema_version: u32,
    /// No binary violates the policy (the exit code is 0).
    ok: bool,
    policy: &'a str,
    results: Vec<ResultJson<'a>>,
}

fn to_json(value: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}

/// Bad input: with `--json`, one JSON object on stdout as well.
fn input_failure(
    json: bool,
    policy: &Path,
    message: String,
    errors: Vec<ErrorPosition>,
) -> Failure {
    let kind = if errors.is_empty() { "input" } else { "policy" };
    if json {
        let value = FailureJson {
            schema_version: SCHEMA_VERSION,
            ok: false,
            policy: &policy.to_string_lossy(),
            error: ErrorJson {
                kind,
                message: message.clone(),
                errors,
            },
        };
        if let Err(f) = emit(to_json(&value).as_bytes()) {
            return f;
        }
    }
    Failure::input(message)
}

/// Read and parse a policy; a malformed one prints `FILE:LINE:COL: MESSAGE`
/// lines on stderr.
fn load_policy(path: &Path, json: bool) -> Result<Policy, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        input_failure(
            json,
            path,
            format!("cannot read policy {}: {e}", path.display()),
            Vec::new(),
        )
    })?;
    Policy::parse(&text).map_err(|errors: PolicyErrors| {
        let mut stderr = std::io::stderr().lock();
        for e in &errors {
            let _ = writeln!(stderr, "{}:{}: {}", path.display(), e.position, e.kind);
        }
        let message = format!(
            "{}: invalid policy ({} error{})",
            path.display(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        let positions = errors
            .iter()
            .map(|e| ErrorPosition {
                line: e.position.line,
                column: e.position.column,
                message: e.kind.to_string(),
            })
            .collect();
        input_failure(json, path, message, positions)
    })
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The crypto packages of a binary's inventory (built-in catalogue), or
/// None when it has no Go function names to read.
fn crypto_facts(data: &[u8]) -> Option<Vec<CryptoPackage>> {
    let catalogue = fips_cryptoinv::Catalogue::builtin().ok()?;
    let inventory = fips_cryptoinv::inventory(data, &catalogue).ok()?;
    Some(
        inventory
            .packages
            .into_iter()
            .map(|p| CryptoPackage {
                package: p.package,
                class: p.class.as_str().to_string(),
                module: p.module.map(|m| m.display()),
                chain: None,
            })
            .collect(),
    )
}

/// The facts of one binary, from its build information (and, for a policy
/// with a `[crypto]` section, its crypto inventory).
fn read_facts(path: &Path, with_crypto: bool) -> Result<Facts, Failure> {
    let data = read_binary(path)?;
    let info = fips_buildinfo::read(&data).map_err(|e| {
        Failure::input(format!(
            "{}: not a Go binary with build information: {e}",
            path.display()
        ))
    })?;
    let setting = |k: &str| info.setting(k).map(lossy);
    // The default GODEBUG the runtime uses decides the FIPS mode; the build
    // info's stands in only when runtime.godebugDefault cannot be read.
    let default_godebug = match fips_buildinfo::runtime_godebug(&data) {
        Ok(runtime) => Some(lossy(&runtime.value)),
        Err(_) => setting("DefaultGODEBUG"),
    };
    Ok(Facts {
        target: None,
        requested_version: None,
        gofips140: setting("GOFIPS140"),
        godebug_fips140: default_godebug.and_then(|g| fips_report::godebug_value(&g, "fips140")),
        tags: setting("-tags").map(|t| split_tags(&t)).unwrap_or_default(),
        experiments: setting("GOEXPERIMENT"),
        goos: setting("GOOS"),
        goarch: setting("GOARCH"),
        go_version: Some(lossy(&info.go_version)).filter(|v| !v.is_empty()),
        crypto: if with_crypto {
            crypto_facts(&data)
        } else {
            None
        },
    })
}

/// `--target`/`--requested-version` given once per binary (or, for
/// `once_ok`, once for all): the value for binary `i`.
fn per_binary<'a>(
    values: &'a [String],
    flag: &str,
    count: usize,
    once_ok: bool,
) -> Result<Vec<Option<&'a str>>, String> {
    match values.len() {
        0 => Ok(vec![None; count]),
        1 if once_ok || count == 1 => Ok(vec![Some(values[0].as_str()); count]),
        n if n == count => Ok(values.iter().map(|v| Some(v.as_str())).collect()),
        n => Err(format!(
            "{flag} is given {n} time{} for {count} binar{}: give it once per binary{}",
            if n == 1 { "" } else { "s" },
            if count == 1 { "y" } else { "ies" },
            if once_ok { ", or once for all" } else { "" }
        )),
    }
}

/// Write `bytes` to `path` through a temporary file beside it and a rename:
/// never a half-written file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let tmp = dir.join(format!(".{name}.fipstool-tmp.{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Failure::input(format!("cannot write {}: {e}", path.display()))
    })
}

struct Checked {
    binary: PathBuf,
    target: Option<String>,
    evaluation: Evaluation,
}

impl Checked {
    /// How messages name the binary: its target, else its path.
    fn name(&self) -> String {
        match &self.target {
            Some(t) => t.clone(),
            None => self.binary.display().to_string(),
        }
    }
}

fn violation_line(c: &Checked, policy: &str, v: &Violation) -> String {
    format!(
        "policy violation: {}: {} ({policy}:{}:{}): {}\n",
        c.name(),
        v.rule,
        v.line,
        v.column,
        v.message
    )
}

fn exemption_line(c: &Checked, policy: &str, x: &AppliedExemption) -> String {
    format!(
        "policy exemption: {}: {} waived by {policy}:{}: {}\n",
        c.name(),
        x.rule,
        x.line,
        x.reason
    )
}

fn summary_line(c: &Checked) -> String {
    let e = &c.evaluation;
    let name = match &c.target {
        Some(t) => format!("{t} ({})", c.binary.display()),
        None => c.binary.display().to_string(),
    };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match e.verdict {
        Verdict::Pass => format!("policy pass: {name}\n"),
        Verdict::Exempt => format!(
            "policy exempt: {name}: {} violation{} waived\n",
            e.exemptions.len(),
            plural(e.exemptions.len())
        ),
        Verdict::Fail => {
            let waived = if e.exemptions.is_empty() {
                String::new()
            } else {
                format!(", {} waived", e.exemptions.len())
            };
            format!(
                "policy fail: {name}: {} violation{}{waived}\n",
                e.violations.len(),
                plural(e.violations.len())
            )
        }
    }
}

pub fn run_check(args: PolicyCheckArgs) -> Result<(), Failure> {
    let policy_name = args.policy.display().to_string();
    let json = args.json;
    let fail = |message: String| input_failure(json, &args.policy, message, Vec::new());
    let policy = load_policy(&args.policy, json)?;
    let index = match &args.index {
        Some(path) => {
            LoadedIndex::load(path)
                .map_err(|e| fail(format!("cannot use the index: {e}")))?
                .index
        }
        None => Index::pinned().map_err(|e| {
            fail(format!(
                "cannot use the pinned index built into fipstool: {e}"
            ))
        })?,
    };
    let count = args.binaries.len();
    let targets = per_binary(&args.targets, "--target", count, false).map_err(&fail)?;
    let requested =
        per_binary(&args.requested, "--requested-version", count, true).map_err(&fail)?;

    let chains = per_binary(&args.chains, "--chains", count, false).map_err(&fail)?;

    let mut checked = Vec::with_capacity(count);
    for (((binary, target), requested), chains) in
        args.binaries.iter().zip(targets).zip(requested).zip(chains)
    {
        let label = match target {
            Some(t) => Some(
                Label::parse(t)
                    .map_err(|e| fail(format!("--target {t:?} is not a Bazel label: {e}")))?,
            ),
            None => None,
        };
        let requested = requested.filter(|r| !r.is_empty());
        if let Some(r) = requested {
            if VersionEntry::parse(r).is_none() {
                return Err(fail(format!(
                    "--requested-version {r:?} is not a GOFIPS140 value (off, latest, inprocess, certified or a snapshot version)"
                )));
            }
        }
        let mut facts =
            read_facts(binary, policy.crypto_forbid.is_some()).map_err(|f| match f {
                Failure::Check(m) | Failure::Input(m) => fail(m),
            })?;
        facts.target = label;
        facts.requested_version = requested.map(str::to_string);
        if let (Some(path), Some(packages)) = (chains, facts.crypto.as_mut()) {
            let chains = read_chains(Path::new(path)).map_err(|f| match f {
                Failure::Check(m) | Failure::Input(m) => fail(m),
            })?;
            for p in packages {
                p.chain = chains.get(&p.package).cloned();
            }
        }
        checked.push(Checked {
            binary: binary.clone(),
            target: target.map(str::to_string),
            evaluation: policy.evaluate(&facts, &index),
        });
    }

    // Violations and exemptions go to stderr, where a build shows them.
    let mut text = String::new();
    {
        let mut stderr = std::io::stderr().lock();
        for c in &checked {
            for v in &c.evaluation.violations {
                let line = violation_line(c, &policy_name, v);
                let _ = stderr.write_all(line.as_bytes());
                text.push_str(&line);
            }
            for x in &c.evaluation.exemptions {
                let line = exemption_line(c, &policy_name, x);
                let _ = stderr.write_all(line.as_bytes());
                text.push_str(&line);
            }
        }
    }
    let failed = checked
        .iter()
        .filter(|c| c.evaluation.verdict == Verdict::Fail)
        .count();
    let output = if json {
        let results = checked
            .iter()
            .map(|c| ResultJson {
                binary: c.binary.to_string_lossy().into_owned(),
                target: c.target.as_deref(),
                verdict: c.evaluation.verdict,
                violations: &c.evaluation.violations,
                exemptions: &c.evaluation.exemptions,
            })
            .collect();
        to_json(&CheckJson {
            schema_version: SCHEMA_VERSION,
            ok: failed == 0,
            policy: &policy_name,
            results,
        })
    } else {
        let summaries: String = checked.iter().map(summary_line).collect();
        match args.out {
            // The file carries the whole story; stdout only the verdicts.
            Some(_) => text + &summaries,
            None => summaries,
        }
    };
    match &args.out {
        Some(path) => write_atomically(path, output.as_bytes())?,
        None => emit(output.as_bytes())?,
    }
    if failed == 0 {
        return Ok(());
    }
    Err(Failure::check(format!(
        "{failed} of {count} binar{} violate{} the policy {policy_name}",
        if count == 1 { "y" } else { "ies" },
        if failed == 1 { "s" } else { "" }
    )))
}

pub fn run_validate(args: PolicyValidateArgs) -> Result<(), Failure> {
    let policy = load_policy(&args.policy, false)?;
    let rules: Vec<&str> = policy.rules().iter().map(|(r, _)| r.as_str()).collect();
    let n = policy.exemptions.len();
    emit(
        format!(
            "{}: valid policy (schema 1; rules: {}; {n} exemption{})\n",
            args.policy.display(),
            if rules.is_empty() {
                "none".to_string()
            } else {
                rules.join(", ")
            },
            if n == 1 { "" } else { "s" }
        )
        .as_bytes(),
    )
}
