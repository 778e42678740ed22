//! `fipstool testxml` against the go command of the test bed's go1.26.6:
//!
//! - the events `fips_testxml::Converter` reads from a test binary's output
//!   are those of the SDK's own test2json (`pkg/tool/<host>/test2json`), for
//!   a real test binary's `-test.v=test2json` output and for hand-made
//!   streams (plain `-test.v` output, benchmarks, pauses, attributes, long
//!   lines, markers inside lines);
//! - running the binary, `fipstool testxml` prints what `go test -json`
//!   reports as output (the `Output` of its events, go test's last line
//!   included), exits as the binary does, and its report gives each test
//!   the verdict go test -json gives it.
//!
//! Durations are the only difference allowed.

mod binary_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use binary_support::{clean_go_env, go_bin, go_cache};
use fips_testxml::{Converter, Event};

const SDK: &str = "go1.26.6";
const PACKAGE: &str = "example.com/testxml";

const GO_MOD: &str = "module example.com/testxml\n\ngo 1.26\n";

const LIB_GO: &str = "package testxml\n\nfunc Add(a, b int) int { return a + b }\n";

/// Every kind of line a test binary prints, in one package whose results do
/// not depend on timing: one parallel test, no benchmark numbers.
const TESTS_GO: &str = r#"package testxml

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestPass(t *testing.T) {
	t.Log("a log line")
	if Add(1, 2) != 3 {
		t.Fatal("arithmetic")
	}
}

func TestFail(t *testing.T) {
	t.Log("before the failure")
	t.Errorf("want %d, got %d <&>", 4, Add(1, 2))
}

func TestSkip(t *testing.T) {
	t.Skip("not today")
}

func TestSub(t *testing.T) {
	t.Run("ok", func(t *testing.T) { t.Log("inner") })
	t.Run("bad one", func(t *testing.T) {
		t.Run("deeper", func(t *testing.T) { t.Error("deep failure") })
	})
}

func TestParallel(t *testing.T) {
	t.Parallel()
	t.Log("in parallel")
}

func TestPrints(t *testing.T) {
	fmt.Print("no newline")
	fmt.Println("--- FAIL: TestFake (0.00s)")
	fmt.Fprintln(os.Stderr, "to stderr")
	println("from the runtime, on fd 2")
	fmt.Println(strings.Repeat("long ", 1500))
	fmt.Println("héllo wörld ✓")
}

func ExampleAdd() {
	fmt.Println(Add(2, 2))
	// Output: 4
}

func Example_wrong() {
	fmt.Println("got this")
	// Output: wanted that
}
"#;

fn scratch() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("testxml")
}

/// The go command, in `dir`, with the test bed's environment.
fn go_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(go_bin(SDK));
    clean_go_env(&mut cmd, &scratch().join("go-env"));
    cmd.env("GOFLAGS", "")
        .env("GOCACHE", go_cache(SDK))
        .env("GOMODCACHE", scratch().join("go-env/modcache"))
        .env("CGO_ENABLED", "0")
        .current_dir(dir)
        .args(args);
    cmd
}

fn go(dir: &Path, args: &[&str]) -> Output {
    go_command(dir, args).output().expect("run go")
}

/// The package's directory, with its test binary (`go test -c`) in it:
/// made once for the tests that share it.
fn package() -> (PathBuf, PathBuf) {
    static MADE: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    MADE.get_or_init(make_package).clone()
}

fn make_package() -> (PathBuf, PathBuf) {
    let dir = scratch().join("pkg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("lib.go"), LIB_GO).unwrap();
    std::fs::write(dir.join("lib_test.go"), TESTS_GO).unwrap();
    let binary = dir.join("testxml.test");
    let built = go(&dir, &["test", "-c", "-o", binary.to_str().unwrap(), "."]);
    assert!(
        built.status.success(),
        "go test -c: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    (dir, binary)
}

/// (action, test, output, key, value, path) of an event, with the outputs of
/// one test in a row joined: how output is cut into events depends on how it
/// was read (a benchmark's line is cut at its name when the name is read
/// first), not what it says.
type Row = (String, String, String, String, String, String);

fn joined(rows: impl IntoIterator<Item = Row>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(last) if last.0 == "output" && r.0 == "output" && last.1 == r.1 => last.2 += &r.2,
            _ => out.push(r),
        }
    }
    out
}

fn ours(input: &[u8]) -> Vec<Row> {
    let mut c = Converter::new();
    let mut events: Vec<Event> = c.write(input);
    events.extend(c.close());
    joined(events.into_iter().map(|e| {
        (
            e.action.as_str().to_string(),
            e.test,
            String::from_utf8_lossy(&e.output).into_owned(),
            e.key,
            e.value,
            e.path,
        )
    }))
}

fn field(v: &serde_json::Value, name: &str) -> String {
    v.get(name)
        .and_then(|f| f.as_str())
        .unwrap_or_default()
        .to_string()
}

fn json_rows(stdout: &[u8]) -> Vec<serde_json::Value> {
    stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            serde_json::from_slice(l)
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(l)))
        })
        .collect()
}

/// The events of the SDK's test2json (`go tool test2json`, built by the go
/// command when the SDK has no copy) reading `input` from stdin.
fn theirs(input: &[u8]) -> Vec<Row> {
    let mut child = go_command(&scratch(), &["tool", "test2json", "-p", PACKAGE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run go tool test2json");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "test2json: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    joined(json_rows(&out.stdout).iter().map(|v| {
        (
            field(v, "Action"),
            field(v, "Test"),
            field(v, "Output"),
            field(v, "Key"),
            field(v, "Value"),
            field(v, "Path"),
        )
    }))
}

/// Streams test2json must read as it does: plain `-test.v` output (no
/// markers), results of nested subtests, pauses, attributes and artifacts,
/// benchmarks, a marker inside a line, `=== NAME` lines, a line longer than
/// test2json's input buffer with a rune across its output buffer's end, a
/// skipped package, reports deeper than any test, CRLF lines.
fn crafted() -> Vec<Vec<u8>> {
    let mut long = b"=== RUN   TestLong\n".to_vec();
    long.extend_from_slice(&[b'a'; 1023]);
    long.extend_from_slice("€".as_bytes());
    long.extend_from_slice(&[b'b'; 9000]);
    long.extend_from_slice(b"\n--- PASS: TestLong (0.00s)\nPASS\n");
    vec![
        b"=== RUN   TestA\n    a_test.go:3: log\n--- FAIL: TestA (0.00s)\n=== RUN   TestP\n=== RUN   TestP/x\n--- PASS: TestP (0.01s)\n    --- PASS: TestP/x (0.00s)\n        inner\n    outer\nFAIL\n".to_vec(),
        b"\x16=== RUN   TestA\n\x16=== PAUSE TestA\n\x16=== RUN   TestB\n\x16=== ATTR  TestB k a value\n\x16=== ARTIFACTS TestB /tmp/art\n\x16--- PASS: TestB (0.00s)\n\x16=== CONT  TestA\n\x16=== NAME  TestA\nhello\n\x16=== NAME\nbye\n\x16--- SKIP: TestA (0.00s)\n\x16PASS\n".to_vec(),
        b"\x16=== RUN   BenchmarkX\nBenchmarkX-2   \t  1000\t   12.5 ns/op\n\x16--- BENCH: BenchmarkX-2\n    x_test.go:9: logged\n\x16PASS\n".to_vec(),
        b"\x16=== RUN   TestM\npartial\x16--- FAIL: TestM (0.00s)\n--- PASS: TestFake (0.00s)\n\x16FAIL\n".to_vec(),
        b"?   \texample.com/none\t[no test files]\n".to_vec(),
        b"        --- FAIL: TestDeep (0.00s)\r\n=== RUN   TestC\r\n--- PASS: TestC (0.00s)\r\nPASS\r\n".to_vec(),
        b"=== RUN   TestCut\nno end".to_vec(),
        long,
    ]
}

#[test]
fn converter_events_are_test2json_events() {
    let (dir, binary) = package();
    let run = Command::new(&binary)
        .args(["-test.v=test2json", "-test.bench=.", "-test.benchtime=1x"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "the binary fails (TestFail)");
    let mut inputs = crafted();
    inputs.push(run.stdout);
    for input in inputs {
        let want = theirs(&input);
        assert!(want.len() > 2, "test2json read no events: {want:?}");
        let got = ours(&input);
        assert_eq!(got, want, "input:\n{}", String::from_utf8_lossy(&input));
    }
}

/// `text` with every duration (`(0.01s)`, `\t0.123s`) written as 0.
fn no_durations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..i]);
        let number: String = rest[i..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let after = &rest[i + number.len()..];
        let before = out.chars().last();
        if number.contains('.')
            && after.starts_with('s')
            && matches!(before, Some('(') | Some('\t'))
        {
            out.push('0');
        } else {
            out.push_str(&number);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Each test's verdict in a JUnit report: (name, failure/skipped/error or
/// pass).
fn verdicts(xml: &str) -> Vec<(String, String)> {
    xml.split("<testcase name=\"")
        .skip(1)
        .map(|case| {
            let name = case.split('"').next().unwrap().to_string();
            let head = case.split("</testcase>").next().unwrap();
            let verdict = ["failure", "skipped", "error"]
                .into_iter()
                .find(|v| head.contains(&format!("<{v} ")))
                .unwrap_or("pass");
            (name, verdict.to_string())
        })
        .collect()
}

/// `go test -json` on the package with `args`: its exit code and its events.
fn go_test_json(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = go(
        dir,
        &[&["test", "-json", "-count=1"], args, &["."]].concat(),
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), json_rows(&out.stdout))
}

/// What go test printed: the output events' text.
fn output_of(events: &[serde_json::Value]) -> String {
    events
        .iter()
        .filter(|v| field(v, "Action") == "output")
        .map(|v| field(v, "Output"))
        .collect()
}

/// `fipstool testxml` running the test binary with `args` in the package's
/// directory, the report to `xml`: its exit code and what it printed.
fn testxml(dir: &Path, binary: &Path, args: &[&str], xml: &Path) -> (Option<i32>, String) {
    let ran = Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args([
            "testxml",
            "--package",
            PACKAGE,
            "--out",
            xml.to_str().unwrap(),
            "--",
        ])
        .arg(binary)
        .arg("-test.v=test2json")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&ran.stderr), "");
    let log = String::from_utf8(ran.stdout).unwrap();
    assert!(!log.contains('\x16'), "no framing bytes in the log: {log}");
    (ran.status.code(), log)
}

#[test]
fn the_log_and_the_report_are_go_test_json() {
    let (dir, binary) = package();
    let (code, events) = go_test_json(&dir, &[]);
    assert_eq!(code, Some(1), "TestFail fails");
    // go test -json's verdicts: each test's last pass, fail or skip event.
    let mut want_verdicts: Vec<(String, String)> = Vec::new();
    for v in &events {
        let (action, test) = (field(v, "Action"), field(v, "Test"));
        if test.is_empty() {
            continue;
        }
        let verdict = match action.as_str() {
            "fail" => "failure",
            "skip" => "skipped",
            "pass" => "pass",
            "run" => "(none)",
            _ => continue,
        };
        match want_verdicts.iter_mut().find(|(t, _)| *t == test) {
            Some(entry) if verdict != "(none)" => entry.1 = verdict.to_string(),
            Some(_) => {}
            None => want_verdicts.push((test, verdict.to_string())),
        }
    }

    let xml = scratch().join("test.xml");
    let (code, log) = testxml(&dir, &binary, &[], &xml);
    assert_eq!(code, Some(1));
    assert_eq!(no_durations(&log), no_durations(&output_of(&events)));
    assert!(
        log.contains(&format!("\nFAIL\t{PACKAGE}\t")),
        "go test's last line: {log}"
    );

    let report = std::fs::read_to_string(&xml).unwrap();
    assert_eq!(verdicts(&report), want_verdicts, "{report}");
    // A failure's message is the first line the test printed.
    assert!(
        report.contains("<failure message=\"lib_test.go:18: before the failure\">"),
        "{report}"
    );
    assert!(
        report.contains("lib_test.go:19: want 4, got 3 &lt;&amp;&gt;\n"),
        "{report}"
    );
}

#[test]
fn a_passing_run_ends_with_go_tests_ok_line() {
    let (dir, binary) = package();
    let xml = scratch().join("pass.xml");
    for (run, note) in [("-run=^TestPass$", ""), ("-run=^$", " [no tests to run]")] {
        let (code, events) = go_test_json(&dir, &[run]);
        assert_eq!(code, Some(0));
        let (code, log) = testxml(&dir, &binary, &[&format!("-test.{}", &run[1..])], &xml);
        assert_eq!(code, Some(0), "{log}");
        assert_eq!(no_durations(&log), no_durations(&output_of(&events)));
        assert!(
            no_durations(&log).ends_with(&format!("\nok  \t{PACKAGE}\t0s{note}\n")),
            "{log}"
        );
    }
}

#[test]
fn durations_are_the_only_difference_allowed() {
    assert_eq!(
        no_durations("--- PASS: TestA (0.01s)\nok  \tp\t0.123s\n"),
        "--- PASS: TestA (0s)\nok  \tp\t0s\n"
    );
    assert_eq!(
        no_durations("want 4, got 3 (1.5 s) 2.0s\n"),
        "want 4, got 3 (1.5 s) 2.0s\n"
    );
}
