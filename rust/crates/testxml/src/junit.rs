//! The tests of one test binary's run, gathered from its events, as a JUnit
//! XML report: one `<testcase>` per test and subtest, in the order they
//! started, with `<failure>` or `<skipped>` and the test's output.

use std::collections::HashMap;
use std::fmt::Write;

use crate::stream::{Action, Event, Outcome};

/// The name of the test case a report adds when the binary failed but no
/// test did (a panic in an init function, `TestMain` exiting with 1, a test
/// calling `os.Exit`): top-level test names are Go identifiers, so it names
/// no test.
pub const PACKAGE_CASE: &str = "(package)";

/// How the test binary ended, when the report's writer ran it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    pub success: bool,
    /// As go test prints it: `exit status 1`, `signal: killed`.
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Started, or only named, and no result yet.
    Running,
    Passed,
    Failed,
    Skipped,
}

struct Case {
    name: String,
    state: State,
    elapsed: Option<f64>,
    output: Vec<u8>,
}

/// The tests of one package's test binary, built from its events.
pub struct Report {
    package: String,
    cases: Vec<Case>,
    by_name: HashMap<String, usize>,
    /// Output that belongs to no test (`PASS`, go test's `ok` line, a panic
    /// before the tests ran).
    package_output: Vec<u8>,
    outcome: Option<Outcome>,
}

impl Report {
    /// An empty report of the tests of the package `package` (its import
    /// path: the test suite's name).
    pub fn new(package: &str) -> Report {
        Report {
            package: package.to_string(),
            cases: Vec::new(),
            by_name: HashMap::new(),
            package_output: Vec::new(),
            outcome: None,
        }
    }

    fn case(&mut self, name: &str) -> &mut Case {
        let at = match self.by_name.get(name) {
            Some(&at) => at,
            None => {
                self.cases.push(Case {
                    name: name.to_string(),
                    state: State::Running,
                    elapsed: None,
                    output: Vec::new(),
                });
                self.by_name.insert(name.to_string(), self.cases.len() - 1);
                self.cases.len() - 1
            }
        };
        &mut self.cases[at]
    }

    /// Takes in one event.
    pub fn add(&mut self, e: &Event) {
        match e.action {
            Action::Start => {}
            Action::Result(outcome) => self.outcome = Some(outcome),
            Action::Output if e.test.is_empty() => self.package_output.extend_from_slice(&e.output),
            _ if e.test.is_empty() => {}
            Action::Output => self.case(&e.test).output.extend_from_slice(&e.output),
            Action::Pass | Action::Bench | Action::Fail | Action::Skip => {
                let case = self.case(&e.test);
                case.state = match e.action {
                    Action::Fail => State::Failed,
                    Action::Skip => State::Skipped,
                    _ => State::Passed,
                };
                case.elapsed = e.elapsed;
            }
            Action::Run | Action::Pause | Action::Cont | Action::Attr | Action::Artifacts => {
                self.case(&e.test);
            }
        }
    }

    /// The report as JUnit XML. `exit` is how the binary ended when it is
    /// known; `elapsed` the seconds it ran. A test still running when the
    /// output ended passed if the package did (a benchmark reports no result
    /// line), and is an error otherwise; a failed package without a failed
    /// test gets a case of its own, [`PACKAGE_CASE`].
    pub fn junit(&self, exit: Option<&Exit>, elapsed: Option<f64>) -> String {
        let package_failed =
            self.outcome == Some(Outcome::Fail) || exit.is_some_and(|x| !x.success);
        let ended = exit.map_or(String::new(), |x| format!(" ({})", x.description));
        let mut cases = String::new();
        let (mut failures, mut errors, mut skipped) = (0, 0, 0);
        for case in &self.cases {
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\"{}",
                attr(&case.name),
                attr(&self.package),
                time_attr(case.elapsed)
            );
            let body = match case.state {
                State::Passed => None,
                State::Running if self.outcome.is_some() && !package_failed => None,
                State::Running => {
                    errors += 1;
                    let message =
                        format!("no result: the test binary ended while the test ran{ended}");
                    Some(("error", message))
                }
                State::Failed => {
                    failures += 1;
                    Some(("failure", failure_message(&case.output)))
                }
                State::Skipped => {
                    skipped += 1;
                    Some(("skipped", "skipped".to_string()))
                }
            };
            match body {
                None => cases.push_str("/>\n"),
                Some((element, message)) => {
                    let _ = write!(
                        cases,
                        ">\n      <{element} message=\"{}\">{}</{element}>\n    </testcase>\n",
                        attr(&message),
                        text(&case.output)
                    );
                }
            }
        }
        let mut tests = self.cases.len();
        if package_failed && failures + errors == 0 {
            tests += 1;
            errors += 1;
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
                attr(PACKAGE_CASE),
                attr(&self.package),
                attr(&format!("the test binary failed outside any test{ended}")),
                text(&self.package_output)
            );
        }
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\"{}>",
            attr(&self.package),
            time_attr(elapsed)
        );
        out.push_str(&cases);
        if !self.package_output.is_empty() {
            let _ = writeln!(
                out,
                "    <system-out>{}</system-out>",
                text(&self.package_output)
            );
        }
        out.push_str("  </testsuite>\n</testsuites>\n");
        out
    }
}

fn time_attr(seconds: Option<f64>) -> String {
    match seconds {
        Some(s) if s.is_finite() && s >= 0.0 => format!(" time=\"{s:.3}\""),
        _ => String::new(),
    }
}

/// A failure's message: the first line the test printed that is not one of
/// the framing lines (`=== RUN`, `--- FAIL`), as dashboards show it beside
/// the test's name.
fn failure_message(output: &[u8]) -> String {
    const LIMIT: usize = 200;
    let text = String::from_utf8_lossy(output);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("=== ") && !l.starts_with("--- "));
    match first {
        Some(line) if line.chars().count() > LIMIT => {
            format!("{}…", line.chars().take(LIMIT).collect::<String>())
        }
        Some(line) => line.to_string(),
        None => "failed".to_string(),
    }
}

/// `bytes` as XML character data: invalid UTF-8 replaced, markup escaped,
/// characters XML 1.0 cannot hold written as Go would quote them (`\x1b`),
/// carriage returns as references (parsers would turn `\r\n` into `\n`).
fn text(bytes: &[u8]) -> String {
    escape(&String::from_utf8_lossy(bytes), false)
}

/// `s` as an XML attribute value (between double quotes): as [`text`], with
/// quotes, tabs and newlines as references (parsers turn them into spaces).
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{fffe}' | '\u{ffff}' => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::Converter;

    fn report_of(input: &[u8], exit: Option<&Exit>) -> String {
        let mut c = Converter::new();
        let mut r = Report::new("example.com/p");
        for e in c.write(input) {
            r.add(&e);
        }
        if let Some(x) = exit {
            c.exited(x.success);
        }
        for e in c.close() {
            r.add(&e);
        }
        r.junit(exit, Some(0.5))
    }

    fn exit(success: bool, description: &str) -> Exit {
        Exit {
            success,
            description: description.to_string(),
        }
    }

    const RUN: &[u8] = b"\x16=== RUN   TestPass\n\x16--- PASS: TestPass (0.01s)\n\
\x16=== RUN   TestFail\n    f_test.go:7: want 2, got 3 <&>\n\x16--- FAIL: TestFail (0.00s)\n\
\x16=== RUN   TestSkip\n    f_test.go:11: not today\n\x16--- SKIP: TestSkip (0.00s)\n\
\x16=== RUN   TestSub\n\x16=== RUN   TestSub/a\n\x16--- PASS: TestSub/a (0.00s)\n\x16--- PASS: TestSub (0.00s)\n\
\x16FAIL\n";

    #[test]
    fn one_case_per_test_with_its_verdict() {
        let xml = report_of(RUN, Some(&exit(false, "exit status 1")));
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  \
<testsuite name=\"example.com/p\" tests=\"5\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"0.500\">\n    \
<testcase name=\"TestPass\" classname=\"example.com/p\" time=\"0.010\"/>\n    \
<testcase name=\"TestFail\" classname=\"example.com/p\" time=\"0.000\">\n      \
<failure message=\"f_test.go:7: want 2, got 3 &lt;&amp;&gt;\">=== RUN   TestFail\n    f_test.go:7: want 2, got 3 &lt;&amp;&gt;\n--- FAIL: TestFail (0.00s)\n</failure>\n    </testcase>\n    \
<testcase name=\"TestSkip\" classname=\"example.com/p\" time=\"0.000\">\n      \
<skipped message=\"skipped\">=== RUN   TestSkip\n    f_test.go:11: not today\n--- SKIP: TestSkip (0.00s)\n</skipped>\n    </testcase>\n    \
<testcase name=\"TestSub\" classname=\"example.com/p\" time=\"0.000\"/>\n    \
<testcase name=\"TestSub/a\" classname=\"example.com/p\" time=\"0.000\"/>\n    \
<system-out>FAIL\n</system-out>\n  </testsuite>\n</testsuites>\n"
        );
    }

    #[test]
    fn a_test_cut_short_is_an_error() {
        let xml = report_of(
            b"\x16=== RUN   TestExit\nbye\n",
            Some(&exit(false, "exit status 3")),
        );
        assert!(xml.contains("errors=\"1\""), "{xml}");
        assert!(xml.contains("<error message=\"no result: the test binary ended while the test ran (exit status 3)\">=== RUN   TestExit\nbye\n</error>"), "{xml}");
        assert!(!xml.contains(PACKAGE_CASE), "{xml}");
    }

    #[test]
    fn benchmarks_without_a_result_line_passed_with_the_package() {
        let xml = report_of(
            b"\x16=== RUN   BenchmarkX\nBenchmarkX \t 100\t 10 ns/op\n\x16PASS\n",
            Some(&exit(true, "exit status 0")),
        );
        assert!(
            xml.contains("<testcase name=\"BenchmarkX\" classname=\"example.com/p\"/>"),
            "{xml}"
        );
        assert!(xml.contains("errors=\"0\""), "{xml}");
    }

    #[test]
    fn a_failure_outside_the_tests_is_a_case_of_its_own() {
        let xml = report_of(
            b"\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n\x16PASS\nTestMain says no\n",
            Some(&exit(false, "exit status 1")),
        );
        assert!(
            xml.contains("tests=\"2\" failures=\"0\" errors=\"1\""),
            "{xml}"
        );
        assert!(xml.contains("<testcase name=\"(package)\" classname=\"example.com/p\">\n      <error message=\"the test binary failed outside any test (exit status 1)\">PASS\nTestMain says no\n</error>"), "{xml}");
    }

    #[test]
    fn without_an_exit_the_stream_decides() {
        let xml = report_of(b"=== RUN   TestA\n--- PASS: TestA (0.00s)\nPASS\n", None);
        assert!(
            xml.contains("tests=\"1\" failures=\"0\" errors=\"0\""),
            "{xml}"
        );
        // A stream cut short: the running test has no result.
        let xml = report_of(b"=== RUN   TestA\n", None);
        assert!(xml.contains("errors=\"1\""), "{xml}");
        assert!(xml.contains("ended while the test ran\""), "{xml}");
    }

    #[test]
    fn escapes_what_xml_cannot_hold() {
        assert_eq!(
            text(b"a\x1b[31mb\r\n\t<\xff>"),
            "a\\x1b[31mb&#13;\n\t&lt;\u{fffd}&gt;"
        );
        assert_eq!(attr("a\"b\n\tc&"), "a&quot;b&#10;&#9;c&amp;");
        assert_eq!(text("\u{fffe}\u{10000}".as_bytes()), "\u{fffd}\u{10000}");
    }

    #[test]
    fn failure_messages() {
        assert_eq!(
            failure_message(b"=== RUN   TestA\n--- FAIL: TestA (0.00s)\n"),
            "failed"
        );
        assert_eq!(
            failure_message(b"=== RUN   TestA\n    a_test.go:3: boom\n"),
            "a_test.go:3: boom"
        );
        let long = format!("{}\n", "é".repeat(300));
        assert_eq!(failure_message(long.as_bytes()).chars().count(), 201);
    }
}
