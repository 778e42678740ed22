//! `fipstool inspect`, `verify` and `seal`: the binary side of the tool.
//!
//! - `inspect BINARY [--json]`: what `go version -m` prints, then the FIPS
//!   facts (GOFIPS140, DefaultGODEBUG beside the default GODEBUG the runtime
//!   uses (runtime.godebugDefault) and the fips140 value that results, -tags,
//!   the module version from the symbols, go:fipsinfo, stored and recomputed
//!   sums, a verdict). Exit 0 whenever the file could be read as a binary,
//!   except 1 (after the report) when the runtime's default GODEBUG is not
//!   the build info's: such a binary claims a FIPS mode it does not run in.
//! - `verify BINARY [--json]`: recompute the integrity sum; exit 0 if it
//!   matches, 1 with the reason if not, 2 if the file is not a binary.
//! - `seal BINARY [-o OUT]`: write the recomputed sum (in place, or to OUT),
//!   through a temporary file and a rename, keeping the file mode.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use fips_binary::{SealError, Status};
use fips_report::{Report, VerifyReport};

use crate::failure::Failure;

#[derive(Args)]
pub struct InspectArgs {
    /// The Go binary (ELF, Mach-O or PE; stripped binaries too).
    pub binary: PathBuf,
    /// Print the report as JSON (schema_version 1, see docs/fipstool.md).
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The Go binary to check.
    pub binary: PathBuf,
    /// Print the result as JSON on stdout (the exit code is the same).
    #[arg(long)]
    pub json: bool,
    /// The FIPS object the linker wrote (`-fipso`): it must equal, byte for
    /// byte, the HMAC input recomputed from the binary.
    #[arg(long, value_name = "FILE")]
    pub fipso: Option<PathBuf>,
}

#[derive(Args)]
pub struct SealArgs {
    /// The binary to seal (a C program linked against a Go c-archive, or a
    /// binary whose FIPS ranges were rewritten after linking).
    pub binary: PathBuf,
    /// Write the sealed binary here instead of replacing BINARY.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

fn path_bytes(p: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        p.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned().into_bytes()
    }
}

/// A binary's bytes: memory-mapped when possible (`go version -m` reads
/// only a few pages; reading a 25 MB binary whole would dominate the time),
/// else read into memory.
pub(crate) enum Bytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Read(v) => v,
        }
    }
}

pub(crate) fn read_binary(path: &Path) -> Result<Bytes, Failure> {
    let fail = |e: std::io::Error| Failure::input(format!("cannot read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    if meta.is_file() && meta.len() > 0 {
        // SAFETY: the map is only read, and only while this process runs. A
        // file truncated by another process during the run could fault;
        // build actions and hand use do not modify the binary being read.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(Bytes::Mapped(map));
        }
    }
    let mut data = Vec::new();
    std::io::Read::read_to_end(&mut &file, &mut data).map_err(fail)?;
    Ok(Bytes::Read(data))
}

/// With `--json`, bad input still produces one JSON object on stdout:
/// `{"schema_version": 1, "ok": false, "file", "error": {"kind": "input", "message"}}`.
fn input_failure(json: bool, path: &Path, failure: Failure) -> Failure {
    if json {
        let message = match &failure {
            Failure::Check(m) | Failure::Input(m) => m.clone(),
        };
        let value = serde_json::json!({
            "schema_version": fips_report::SCHEMA_VERSION,
            "ok": false,
            "file": path.to_string_lossy(),
            "error": { "kind": "input", "message": message },
        });
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        if let Err(e) = emit(text.as_bytes()) {
            return e;
        }
    }
    failure
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn emit(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::input(format!("cannot write to stdout: {e}"))),
    }
}

pub fn run_inspect(args: InspectArgs) -> Result<(), Failure> {
    let data = read_binary(&args.binary).map_err(|f| input_failure(args.json, &args.binary, f))?;
    let report = Report::inspect(&path_bytes(&args.binary), &data);
    if report.format.is_none() && report.build_info.is_none() {
        let failure = Failure::input(format!(
            "{}: not a Go binary: {}",
            args.binary.display(),
            report.fips.integrity.detail
        ));
        return Err(input_failure(args.json, &args.binary, failure));
    }
    if args.json {
        emit(report.to_json().as_bytes())?;
    } else {
        emit(&report.render_text())?;
    }
    match report.default_godebug_mismatch() {
        Some(problem) => Err(Failure::check(format!(
            "{}: {problem}",
            args.binary.display()
        ))),
        None => Ok(()),
    }
}

pub fn run_verify(args: VerifyArgs) -> Result<(), Failure> {
    let data = read_binary(&args.binary).map_err(|f| input_failure(args.json, &args.binary, f))?;
    let mut report = VerifyReport::verify(&path_bytes(&args.binary), &data);
    let name = args.binary.display();
    if let Some(fipso) = &args.fipso {
        let object = std::fs::read(fipso).map_err(|e| {
            input_failure(
                args.json,
                &args.binary,
                Failure::input(format!("cannot read FIPS object {}: {e}", fipso.display())),
            )
        })?;
        report.check_fips_object(&path_bytes(fipso), &data, &object);
    }
    let i = &report.integrity;
    let object_differs = report.fips_object.as_ref().filter(|c| !c.equal);
    if args.json {
        emit(report.to_json().as_bytes())?;
    } else if report.passed() && object_differs.is_none() {
        emit(report.passed_line(&name.to_string()).as_bytes())?;
        if let Some(check) = &report.fips_object {
            emit(format!("{}: {}\n", check.file, check.detail).as_bytes())?;
        }
    }
    if let Some(check) = object_differs {
        return Err(Failure::check(format!(
            "{name}: the FIPS object {} is not the binary's: {}",
            check.file, check.detail
        )));
    }
    if report.passed() {
        return Ok(());
    }
    let message = match (&i.stored_sum, &i.computed_sum) {
        (Some(stored), Some(computed)) if i.verdict != Status::NoChecksum.as_str() => format!(
            "{name}: {}: {} (stored {stored}, computed {computed})",
            i.verdict, i.detail
        ),
        _ => format!("{name}: {}: {}", i.verdict, i.detail),
    };
    if i.verdict == "unreadable" {
        Err(Failure::input(message))
    } else {
        Err(Failure::check(message))
    }
}

pub fn run_seal(args: SealArgs) -> Result<(), Failure> {
    let dest = args.output.as_deref().unwrap_or(&args.binary);
    let outcome =
        fips_binary::seal_file(&args.binary, args.output.as_deref()).map_err(|e| match e {
            SealError::Internal(_) => Failure::check(format!("{}: {e}", args.binary.display())),
            _ => Failure::input(format!("{}: {e}", args.binary.display())),
        })?;
    let sum = hex_encode(&outcome.sum);
    let mut text = if outcome.changed {
        format!(
            "sealed {}: {} {} (was {})\n",
            dest.display(),
            outcome.format.name(),
            sum,
            outcome.previous_status
        )
    } else {
        format!("{}: already sealed ({sum})\n", dest.display())
    };
    for note in &outcome.notes {
        text.push_str(&format!("  {note}\n"));
    }
    emit(text.as_bytes())
}

fn hex_encode(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
