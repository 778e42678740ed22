//! `fipstool testxml`: runs a Go test binary with `-test.v=test2json` output
//! (or reads such output from stdin), writes the output as `go test -v`
//! shows it, without the framing bytes, and a JUnit XML report of its tests
//! (a go_test's `test.xml`).
//!
//! Running the binary itself, it ends the output as go test does for one
//! package (the exit status when the binary printed nothing or was killed,
//! then `FAIL\t<package>\t<seconds>s`, or `ok  \t<package>\t<seconds>s`), and
//! exits with the binary's exit code.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::time::Instant;

use clap::Args;
use fips_testxml::{Action, Converter, Event, Exit, Report};

use crate::failure::Failure;
use crate::gofiles_cmd::write_atomically;

#[derive(Args)]
pub struct TestxmlArgs {
    /// Where to write the JUnit XML report.
    #[arg(long)]
    pub out: PathBuf,
    /// The import path of the package under test: the report's test suite
    /// and go test's last line.
    #[arg(long)]
    pub package: String,
    /// The test binary and its arguments (after `--`); without them, the
    /// output is read from stdin.
    #[arg(last = true)]
    pub command: Vec<OsString>,
}

/// What go test adds after the binary's output, with the text it looks for
/// in that output (cmd/go's noTestsToRun and the like): the note it puts on
/// its `ok` line.
const NOTES: [(&[u8], &str); 3] = [
    (
        b"\ntesting: warning: no tests to run\n",
        " [no tests to run]",
    ),
    (
        b"\ntesting: warning: no fuzz tests to fuzz\n",
        " [no fuzz tests to fuzz]",
    ),
    (
        b"\ntesting: warning: -fuzz matches more than one fuzz test, won't fuzz\n",
        "[-fuzz matches more than one fuzz test, won't fuzz]",
    ),
];

/// Finds the first of [`NOTES`] in the binary's output, read piece by piece.
struct NoteScanner {
    /// The end of what was read so far, after a newline standing for the
    /// start (go test looks for the text at the start too).
    tail: Vec<u8>,
    note: Option<&'static str>,
}

impl NoteScanner {
    fn new() -> NoteScanner {
        NoteScanner {
            tail: b"\n".to_vec(),
            note: None,
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        if self.note.is_some() {
            return;
        }
        self.tail.extend_from_slice(bytes);
        self.note = NOTES
            .iter()
            .find(|(text, _)| self.tail.windows(text.len()).any(|w| w == *text))
            .map(|(_, note)| *note);
        // Enough to find a text that begins in this read and ends in a later one.
        let longest = NOTES.iter().map(|(text, _)| text.len()).max().unwrap_or(0);
        let keep = self.tail.len().saturating_sub(longest);
        self.tail.drain(..keep);
    }
}

/// Feeds the converter and the report, writes output events to stdout, and
/// remembers what go test's last line depends on.
struct Run {
    converter: Converter,
    report: Report,
    stdout: std::io::Stdout,
    /// The binary printed something, and its last byte.
    last_byte: Option<u8>,
    notes: NoteScanner,
}

impl Run {
    fn new(package: &str) -> Run {
        Run {
            converter: Converter::new(),
            report: Report::new(package),
            stdout: std::io::stdout(),
            last_byte: None,
            notes: NoteScanner::new(),
        }
    }

    /// Output of the binary.
    fn read(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if let Some(&b) = bytes.last() {
            self.last_byte = Some(b);
        }
        self.notes.scan(bytes);
        let events = self.converter.write(bytes);
        self.take(events)
    }

    fn take(&mut self, events: Vec<Event>) -> Result<(), Failure> {
        let mut out = self.stdout.lock();
        for e in &events {
            if e.action == Action::Output {
                out.write_all(&e.output).map_err(|err| {
                    Failure::input(format!("testxml: writing the test output: {err}"))
                })?;
            }
            self.report.add(e);
        }
        out.flush()
            .map_err(|err| Failure::input(format!("testxml: writing the test output: {err}")))
    }

    /// What go test prints after the binary's output: how it ended when it
    /// printed nothing or did not exit by itself, then its verdict line.
    fn go_test_trailer(&self, package: &str, status: &ExitStatus, seconds: f64) -> String {
        let mut trailer = String::new();
        if status.success() {
            if self.last_byte.is_some_and(|b| b != b'\n') {
                trailer.push('\n');
            }
            trailer += &format!(
                "ok  \t{package}\t{seconds:.3}s{}\n",
                self.notes.note.unwrap_or("")
            );
            return trailer;
        }
        if self.last_byte.is_none() || status.code().is_none() {
            trailer += &describe(status);
            trailer.push('\n');
        } else if self.last_byte != Some(b'\n') {
            trailer.push('\n');
        }
        // With the framing byte, as go test -json's: the line ends the
        // package's output and says it failed.
        trailer += &format!("\x16FAIL\t{package}\t{seconds:.3}s\n");
        trailer
    }

    fn finish(mut self, exit: Option<&Exit>, out: &Path, seconds: f64) -> Result<(), Failure> {
        if let Some(x) = exit {
            self.converter.exited(x.success);
        }
        let events = self.converter.close();
        self.take(events)?;
        write_atomically(out, self.report.junit(exit, Some(seconds)).as_bytes())
    }
}

/// How the binary ended, in go's words (os.ProcessState.String).
fn describe(status: &ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let core = if status.core_dumped() {
                " (core dumped)"
            } else {
                ""
            };
            return format!("signal: {}{core}", signal_name(signal));
        }
    }
    status.to_string()
}

/// A signal's name as Go's syscall.Signal.String prints it on Linux.
fn signal_name(signal: i32) -> String {
    const NAMES: [&str; 16] = [
        "",
        "hangup",
        "interrupt",
        "quit",
        "illegal instruction",
        "trace/breakpoint trap",
        "aborted",
        "bus error",
        "floating point exception",
        "killed",
        "user defined signal 1",
        "segmentation fault",
        "user defined signal 2",
        "broken pipe",
        "alarm clock",
        "terminated",
    ];
    match usize::try_from(signal).ok().and_then(|i| NAMES.get(i)) {
        Some(name) if cfg!(target_os = "linux") && !name.is_empty() => name.to_string(),
        _ => format!("signal {signal}"),
    }
}

/// The exit code to pass on: the binary's, or 128 + the signal that ended
/// it (as a shell reports it).
fn exit_code(status: &ExitStatus) -> u8 {
    if let Some(code) = status.code() {
        return u8::try_from(code).unwrap_or(1);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return u8::try_from(128 + signal).unwrap_or(1);
        }
    }
    1
}

/// Starts the binary with its stdout and stderr as one stream: a socket
/// pair, so that what it writes to either arrives in the order it was
/// written (go test gives both one pipe).
#[cfg(unix)]
fn spawn_merged(mut cmd: Command) -> std::io::Result<(Child, Box<dyn Read>)> {
    use std::os::fd::OwnedFd;
    use std::os::unix::net::UnixStream;
    let (ours, theirs) = UnixStream::pair()?;
    cmd.stdout(Stdio::from(OwnedFd::from(theirs.try_clone()?)))
        .stderr(Stdio::from(OwnedFd::from(theirs)));
    let child = cmd.spawn()?;
    // `cmd` goes with its copies of the binary's ends, so that the stream
    // ends when the binary (and whatever it started) is done with it.
    Ok((child, Box::new(ours)))
}

/// Elsewhere than on Unix, the binary's stderr goes straight to ours,
/// unconverted.
#[cfg(not(unix))]
fn spawn_merged(mut cmd: Command) -> std::io::Result<(Child, Box<dyn Read>)> {
    let mut child = cmd.stdout(Stdio::piped()).spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| std::io::Error::other("no stdout"))?;
    Ok((child, Box::new(stdout)))
}

fn read_all(input: &mut dyn Read, run: &mut Run, what: &str) -> Result<(), Failure> {
    let mut buf = vec![0u8; 32 * 1024];
    loop {
        match input.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => run.read(&buf[..n])?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Failure::input(format!("testxml: reading {what}: {e}"))),
        }
    }
}

fn run_binary(args: &TestxmlArgs) -> Result<u8, Failure> {
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Failure::input("testxml: no command"))?;
    let name = PathBuf::from(program).display().to_string();
    let start = Instant::now();
    let mut cmd = Command::new(program);
    cmd.args(rest);
    let (mut child, mut output) = spawn_merged(cmd)
        .map_err(|e| Failure::input(format!("testxml: cannot run {name}: {e}")))?;
    let mut run = Run::new(&args.package);
    read_all(&mut output, &mut run, &format!("the output of {name}"))?;
    let status = child
        .wait()
        .map_err(|e| Failure::input(format!("testxml: waiting for {name}: {e}")))?;
    let seconds = start.elapsed().as_secs_f64();
    let trailer = run.go_test_trailer(&args.package, &status, seconds);
    let events = run.converter.write(trailer.as_bytes());
    run.take(events)?;
    let exit = Exit {
        success: status.success(),
        description: describe(&status),
    };
    run.finish(Some(&exit), &args.out, seconds)?;
    Ok(exit_code(&status))
}

fn convert_stdin(args: &TestxmlArgs) -> Result<(), Failure> {
    let start = Instant::now();
    let mut run = Run::new(&args.package);
    read_all(&mut std::io::stdin().lock(), &mut run, "stdin")?;
    run.finish(None, &args.out, start.elapsed().as_secs_f64())
}

pub fn run_testxml(args: TestxmlArgs) -> ExitCode {
    if args.package.is_empty() {
        return Failure::input("testxml: --package: empty import path").report();
    }
    if args.command.is_empty() {
        return match convert_stdin(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => failure.report(),
        };
    }
    match run_binary(&args) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => failure.report(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_names_as_go_prints_them() {
        if cfg!(target_os = "linux") {
            assert_eq!(signal_name(9), "killed");
            assert_eq!(signal_name(15), "terminated");
            assert_eq!(signal_name(11), "segmentation fault");
        }
        assert_eq!(signal_name(0), "signal 0");
        assert_eq!(signal_name(40), "signal 40");
        assert_eq!(signal_name(-1), "signal -1");
    }

    #[test]
    fn notes_are_found_across_reads() {
        let text = b"=== RUN x\ntesting: warning: no tests to run\nPASS\n";
        for size in [1, 5, 40, text.len()] {
            let mut notes = NoteScanner::new();
            text.chunks(size).for_each(|chunk| notes.scan(chunk));
            assert_eq!(notes.note, Some(" [no tests to run]"), "reads of {size}");
        }
        // At the very start too, and not without the line's end.
        let mut notes = NoteScanner::new();
        notes.scan(b"testing: warning: no fuzz tests to fuzz\n");
        assert_eq!(notes.note, Some(" [no fuzz tests to fuzz]"));
        let mut notes = NoteScanner::new();
        notes.scan(b"xtesting: warning: no tests to run\ntesting: warning: no tests to run");
        assert_eq!(notes.note, None);
    }
}
