//! `fipstool testxml` around programs other than test binaries (shell
//! commands standing in for a binary that exits, is killed, prints to both
//! streams or prints nothing), and reading stdin: what it prints, the exit
//! code it passes on, the report it writes, and its own failures.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn testxml(out: &Path, command: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args([
            "testxml",
            "--package",
            "example.com/p",
            "--out",
            out.to_str().unwrap(),
            "--",
        ])
        .args(command)
        .output()
        .expect("run fipstool")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `log` with the duration on go test's last line written as 0.
fn last_line_without_time(log: &str) -> String {
    let (head, last) = log
        .trim_end_matches('\n')
        .rsplit_once('\n')
        .unwrap_or(("", log.trim_end_matches('\n')));
    let last = match last.rsplit_once('\t') {
        Some((verdict, time)) if time.ends_with('s') => format!("{verdict}\t0s"),
        _ => last.to_string(),
    };
    if head.is_empty() {
        format!("{last}\n")
    } else {
        format!("{head}\n{last}\n")
    }
}

/// What `fipstool testxml` did around `sh -c SCRIPT`.
struct Ran {
    code: Option<i32>,
    /// Its output, with the time on go test's last line written as 0.
    log: String,
    stderr: String,
    report: String,
}

fn run_script(script: &str) -> Ran {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("test.xml");
    let o = testxml(&xml, &["sh", "-c", script]);
    Ran {
        code: o.status.code(),
        log: last_line_without_time(&text(&o.stdout)),
        stderr: text(&o.stderr),
        report: std::fs::read_to_string(&xml).unwrap_or_default(),
    }
}

#[test]
fn a_binary_that_prints_nothing_and_fails() {
    let r = run_script("exit 3");
    assert_eq!(r.code, Some(3));
    assert_eq!(r.log, "exit status 3\nFAIL\texample.com/p\t0s\n");
    assert_eq!(r.stderr, "");
    assert!(
        r.report.contains("tests=\"1\" failures=\"0\" errors=\"1\""),
        "{}",
        r.report
    );
    assert!(
        r.report.contains("<testcase name=\"(package)\" classname=\"example.com/p\">\n      <error message=\"the test binary failed outside any test (exit status 3)\">"),
        "{}",
        r.report
    );
}

#[test]
fn a_killed_binary() {
    let r = run_script("printf '=== RUN   TestA\\nhalf a line'; kill -9 $$");
    assert_eq!(r.code, Some(128 + 9));
    // As go test prints it: the status right after the output, then the
    // verdict on a line of its own.
    assert_eq!(
        r.log,
        "=== RUN   TestA\nhalf a linesignal: killed\nFAIL\texample.com/p\t0s\n"
    );
    assert!(
        r.report.contains("<error message=\"no result: the test binary ended while the test ran (signal: killed)\">=== RUN   TestA\nhalf a linesignal: killed\n"),
        "{}",
        r.report
    );
}

#[test]
fn stdout_and_stderr_arrive_in_order() {
    let r = run_script("echo one; echo two >&2; echo three; printf 'PASS\\n'");
    assert_eq!(r.code, Some(0));
    assert_eq!(r.log, "one\ntwo\nthree\nPASS\nok  \texample.com/p\t0s\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn output_without_a_last_newline_gets_one() {
    let r = run_script("printf 'PASS'");
    assert_eq!(r.code, Some(0));
    assert_eq!(r.log, "PASS\nok  \texample.com/p\t0s\n");
}

#[test]
fn reads_stdin_without_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("test.xml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args([
            "testxml",
            "--package",
            "example.com/p",
            "--out",
            xml.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"\x16=== RUN   TestA\n    a_test.go:3: no\n\x16--- FAIL: TestA (0.25s)\n\x16FAIL\n",
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    // A conversion: it succeeds whatever the tests did.
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stdout),
        "=== RUN   TestA\n    a_test.go:3: no\n--- FAIL: TestA (0.25s)\nFAIL\n"
    );
    let report = std::fs::read_to_string(&xml).unwrap();
    assert!(
        report.contains("<testcase name=\"TestA\" classname=\"example.com/p\" time=\"0.250\">\n      <failure message=\"a_test.go:3: no\">"),
        "{report}"
    );
}

#[test]
fn its_own_failures_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("test.xml");
    let missing = dir.path().join("missing.test");
    let o = testxml(&xml, &[missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        format!(
            "fipstool: testxml: cannot run {}: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
    assert!(!xml.exists());
    // The report cannot be written: the run fails, whatever the tests did.
    let o = testxml(
        &dir.path().join("no/such/dir/test.xml"),
        &["sh", "-c", "echo PASS"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).starts_with("fipstool: "),
        "{}",
        text(&o.stderr)
    );
    assert!(
        text(&o.stderr).contains("no/such/dir/test.xml"),
        "{}",
        text(&o.stderr)
    );
    let o = Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args([
            "testxml",
            "--package",
            "",
            "--out",
            xml.to_str().unwrap(),
            "--",
            "true",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        "fipstool: testxml: --package: empty import path\n"
    );
}
