//! `fipstool snapshot resolve|verify|unpack` and `fipstool dirhash`.
//!
//! Text output is for people; `--json` prints one JSON object on stdout
//! whose fields are documented in docs/fipstool.md (fields are only ever
//! added, never renamed or removed).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use fips_dirhash::{summarize_dir, summarize_zip, Limits, Summary};
use fips_snapshot::index::LoadedIndex;
use fips_snapshot::resolve::{resolve, ResolveError};
use fips_snapshot::unpack::{unpack, UnpackLimits};
use fips_snapshot::verify::{verify, Outcome, VerifyError, VerifyReport};
use serde_json::{json, Value};

use crate::failure::Failure;

#[derive(Subcommand)]
pub enum SnapshotCommand {
    /// Resolve a GOFIPS140 value exactly as the SDK's go command would:
    /// print the snapshot version, its zip and the build tag.
    Resolve(ResolveArgs),
    /// Check a snapshot zip's SHA-256 and h1 against the SDK's fips140.sum
    /// and the pinned index; exit 1 if it is not the genuine snapshot.
    Verify(VerifyArgs),
    /// Safely unpack a snapshot zip into OUT/LICENSE and OUT/fips140/<v>/...
    /// (deterministic: sorted, mtime 1980-01-01, files 0444, dirs 0555).
    Unpack(UnpackArgs),
}

#[derive(Args)]
pub struct ResolveArgs {
    /// The Go SDK (GOROOT) whose go command's behaviour to reproduce.
    #[arg(long, value_name = "DIR")]
    pub goroot: PathBuf,
    /// The GOFIPS140 value: off, latest, inprocess, certified or a version.
    #[arg(long, value_name = "V")]
    pub version: String,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The Go SDK (GOROOT) that ships the snapshot.
    #[arg(long, value_name = "DIR")]
    pub goroot: PathBuf,
    /// The GOFIPS140 value selecting the snapshot (aliases are resolved).
    #[arg(long, value_name = "V")]
    pub version: String,
    /// The pinned index (snapshots/index.toml) to check against as well.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct UnpackArgs {
    /// The snapshot zip, e.g. GOROOT/lib/fips140/v1.26.0.zip.
    #[arg(long, value_name = "Z")]
    pub zip: PathBuf,
    /// Output directory: must not exist or be empty; written atomically.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Snapshot version; default: the zip's file name without `.zip`.
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct DirhashArgs {
    /// A zip file (hashed like Go's dirhash.HashZip) or a directory
    /// (dirhash.HashDir).
    pub path: PathBuf,
    /// For a directory: the name prefix Go's HashDir joins to each relative
    /// path. Default: none, names are relative to PATH. An unpacked
    /// snapshot hashes like its zip with `--prefix golang.org/fips140@<v>`.
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,
    /// Print the hashed lines (`SHA256HEX  NAME`, sorted) instead of the
    /// hash; their SHA-256 is the h1 (the snapshots/*.files format).
    #[arg(long, conflicts_with = "json")]
    pub list: bool,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run_snapshot(cmd: SnapshotCommand) -> Result<(), Failure> {
    match cmd {
        SnapshotCommand::Resolve(args) => run_resolve(args),
        SnapshotCommand::Verify(args) => run_verify(args),
        SnapshotCommand::Unpack(args) => run_unpack(args),
    }
}

fn print_json(value: &Value) {
    // serde_json cannot fail on a Value.
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

/// `{"ok": ok, ...fields of value}`.
fn with_ok(ok: bool, value: Value) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("ok".to_string(), Value::Bool(ok));
    if let Value::Object(fields) = value {
        out.extend(fields);
    }
    Value::Object(out)
}

fn error_json(kind: &str, message: &str, extra: Value) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("ok".to_string(), Value::Bool(false));
    if let Value::Object(fields) = extra {
        out.extend(fields);
    }
    out.insert(
        "error".to_string(),
        json!({ "kind": kind, "message": message }),
    );
    Value::Object(out)
}

fn resolve_failure(goroot: &Path, value: &str, err: &ResolveError) -> String {
    if err.is_go_error() {
        format!("GOFIPS140={value} with GOROOT {}: {err}", goroot.display())
    } else {
        err.to_string()
    }
}

fn run_resolve(args: ResolveArgs) -> Result<(), Failure> {
    match resolve(&args.goroot, &args.version) {
        Ok(r) => {
            if args.json {
                print_json(&with_ok(
                    true,
                    serde_json::to_value(&r).unwrap_or(Value::Null),
                ));
            } else {
                println!("requested:  {}", r.requested);
                println!("go:         {}", r.go_version);
                println!("resolved:   {}", r.resolved);
                if let Some(a) = &r.alias {
                    println!("alias:      {} -> {}", a.file.display(), a.target);
                }
                match (&r.zip, &r.build_tag) {
                    (Some(zip), Some(tag)) => {
                        println!("zip:        {}", zip.display());
                        println!("build_tag:  {tag}");
                    }
                    _ => println!(
                        "snapshot:   none ({})",
                        if r.enabled {
                            "GOROOT/src/crypto/internal/fips140 is used, FIPS mode on by default"
                        } else {
                            "FIPS 140-3 mode off"
                        }
                    ),
                }
            }
            Ok(())
        }
        Err(err) => {
            if args.json {
                print_json(&error_json(
                    err.kind(),
                    &err.to_string(),
                    json!({ "requested": args.version, "go_error": err.is_go_error() }),
                ));
            }
            Err(Failure::input(resolve_failure(
                &args.goroot,
                &args.version,
                &err,
            )))
        }
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Match => "match",
        Outcome::Mismatch => "MISMATCH",
        Outcome::NotRecorded => "not recorded",
    }
}

fn print_verify_text(r: &VerifyReport) {
    let via = if r.requested == r.resolved {
        String::new()
    } else {
        format!("GOFIPS140={}, ", r.requested)
    };
    println!("snapshot:  {} ({via}{})", r.resolved, r.go_version);
    println!("zip:       {}", r.zip.display());
    let idx = |f: &dyn Fn(&fips_snapshot::verify::IndexCheck) -> Outcome| match &r.index {
        None => String::new(),
        Some(i) if !i.known => ", index: unknown snapshot".to_string(),
        Some(i) => format!(", index: {}", outcome(f(i))),
    };
    let sum_sha = if r.sum_file.has_entry {
        outcome(r.sum_file.sha256_check)
    } else {
        "no entry"
    };
    println!(
        "sha256:    {}  (fips140.sum: {sum_sha}{})",
        r.actual.sha256,
        idx(&|i| i.sha256_check)
    );
    match &r.actual.h1 {
        Some(h1) => println!(
            "h1:        {h1}  (fips140.sum: {}{})",
            if r.sum_file.has_entry {
                outcome(r.sum_file.h1_check)
            } else {
                "no entry"
            },
            idx(&|i| i.h1_check)
        ),
        None => println!("h1:        none (not a readable zip)"),
    }
    if let Some(n) = r.actual.file_count {
        println!("files:     {n}");
    }
    if let Some(i) = r.index.as_ref().filter(|i| i.known) {
        let cert = i
            .certificate
            .as_deref()
            .map(|c| format!(", certificate {c}"))
            .unwrap_or_default();
        println!(
            "status:    {}{cert} (pinned index)",
            i.status.as_deref().unwrap_or_default()
        );
    }
    println!("verdict:   {}", r.verdict.as_str());
    for line in &r.explanation {
        println!("  {line}");
    }
    if !r.differences.is_empty() {
        println!("differences from the genuine snapshot:");
        for d in &r.differences {
            println!("  {:<8}  {}", d.change, d.name);
        }
    }
}

fn run_verify(args: VerifyArgs) -> Result<(), Failure> {
    let fail = |kind: &str, message: String| {
        if args.json {
            print_json(&error_json(
                kind,
                &message,
                json!({ "requested": args.version }),
            ));
        }
        Failure::input(message)
    };
    let index = match &args.index {
        Some(path) => {
            Some(LoadedIndex::load(path).map_err(|e| fail("bad_index", format!("index: {e}")))?)
        }
        None => None,
    };
    let report = match verify(&args.goroot, &args.version, index.as_ref()) {
        Ok(r) => r,
        Err(VerifyError::Resolve(err)) => {
            return Err(fail(
                err.kind(),
                resolve_failure(&args.goroot, &args.version, &err),
            ))
        }
        Err(err @ VerifyError::NotASnapshot { .. }) => {
            return Err(fail("not_a_snapshot", err.to_string()))
        }
        Err(err @ VerifyError::Index(_)) => return Err(fail("bad_index", err.to_string())),
        Err(err @ VerifyError::SumFile { .. }) => {
            return Err(fail("bad_sum_file", err.to_string()))
        }
        Err(err) => return Err(fail("io", err.to_string())),
    };
    if args.json {
        print_json(&with_ok(
            report.ok(),
            serde_json::to_value(&report).unwrap_or(Value::Null),
        ));
    } else {
        print_verify_text(&report);
    }
    if report.ok() {
        Ok(())
    } else {
        Err(Failure::check(format!(
            "snapshot {} ({}): {}",
            report.resolved,
            report.zip.display(),
            report.verdict.as_str()
        )))
    }
}

fn run_unpack(args: UnpackArgs) -> Result<(), Failure> {
    match unpack(
        &args.zip,
        &args.out,
        args.version.as_deref(),
        &UnpackLimits::default(),
    ) {
        Ok(r) => {
            if args.json {
                print_json(&with_ok(
                    true,
                    serde_json::to_value(&r).unwrap_or(Value::Null),
                ));
            } else {
                println!(
                    "unpacked golang.org/fips140@{} ({} files, {} bytes) into {}",
                    r.version,
                    r.files,
                    r.bytes,
                    r.out.display()
                );
            }
            Ok(())
        }
        Err(e) => {
            let message = format!("{}: {e}; nothing was written", args.zip.display());
            if args.json {
                print_json(&error_json("rejected", &message, json!({})));
            }
            Err(Failure::input(message))
        }
    }
}

pub fn run_dirhash(args: DirhashArgs) -> Result<(), Failure> {
    let meta = std::fs::metadata(&args.path)
        .map_err(|e| Failure::input(format!("{}: {e}", args.path.display())))?;
    let limits = Limits::default();
    let (kind, summary): (&str, Summary) = if meta.is_dir() {
        let prefix = args.prefix.clone().unwrap_or_default();
        let s = summarize_dir(&args.path, &prefix, &limits).map_err(Failure::input)?;
        ("dir", s)
    } else {
        if args.prefix.is_some() {
            return Err(Failure::input(
                "--prefix applies to directories only: a zip's entries are hashed with their stored names",
            ));
        }
        (
            "zip",
            summarize_zip(&args.path, &limits).map_err(Failure::input)?,
        )
    };
    if args.list {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(&summary.to_bytes())
            .map_err(|e| Failure::input(format!("writing stdout: {e}")))?;
    } else if args.json {
        print_json(&json!({
            "ok": true,
            "path": args.path,
            "kind": kind,
            "prefix": if kind == "dir" { Some(args.prefix.unwrap_or_default()) } else { None },
            "h1": summary.h1(),
            "files": summary.files().len(),
        }));
    } else {
        println!("{}", summary.h1());
    }
    Ok(())
}
