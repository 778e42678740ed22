//! A test binary's output read as cmd/test2json reads it.
//!
//! With `-test.v=test2json` the testing package starts each framing line
//! (`=== RUN   TestX`, `--- PASS: TestX (0.01s)`, the final `PASS`) with the
//! byte `^V` (0x16), so that a test's own output cannot be taken for one;
//! without it (`-test.v`) the lines are recognised by their text alone, until
//! the first marker is seen. Input is cut into lines of at most 4096 bytes,
//! output into events of at most 1024 (at UTF-8 boundaries), a benchmark's
//! result line is reported as soon as its name is complete, and a `^V` in the
//! middle of a line ends the line before it: all as test2json does, so that
//! the events, their order and the test each output belongs to are its own.

use unicode_general_category::{get_general_category, GeneralCategory};

/// The byte that starts a framing line in `-test.v=test2json` output.
pub const MARKER: u8 = 0x16;

/// Input lines longer than this are handled in parts (test2json's inBuffer).
const IN_BUFFER: usize = 4096;
/// The largest output event (test2json's outBuffer).
const OUT_BUFFER: usize = 1024;

/// What an event says, by test2json's `Action` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The converter started (the first event).
    Start,
    Run,
    Pause,
    Cont,
    Pass,
    Fail,
    Skip,
    /// A benchmark printed log output and did not fail.
    Bench,
    Output,
    /// `t.Attr(key, value)`.
    Attr,
    /// `t.ArtifactDir()`.
    Artifacts,
    /// The package's result, the last event (test2json's final `pass`,
    /// `fail` or `skip`).
    Result(Outcome),
}

/// How the package's tests ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    /// The binary had no tests (`?   \tpkg\t[no test files]`).
    Skip,
}

impl Action {
    /// The name test2json gives the action in its JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Run => "run",
            Action::Pause => "pause",
            Action::Cont => "cont",
            Action::Pass | Action::Result(Outcome::Pass) => "pass",
            Action::Fail | Action::Result(Outcome::Fail) => "fail",
            Action::Skip | Action::Result(Outcome::Skip) => "skip",
            Action::Bench => "bench",
            Action::Output => "output",
            Action::Attr => "attr",
            Action::Artifacts => "artifacts",
        }
    }
}

/// One event of the stream, as test2json writes it (without its time and
/// package fields).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub action: Action,
    /// The test the event is about (`TestX`, `TestX/sub`); empty for the
    /// package itself. Names are the bytes the binary printed, decoded as
    /// UTF-8 with invalid bytes replaced.
    pub test: String,
    /// The seconds a `--- PASS`/`--- FAIL`/`--- SKIP` line reports.
    pub elapsed: Option<f64>,
    /// The text of an `Output` event, framing bytes removed.
    pub output: Vec<u8>,
    /// `Attr`'s key and value.
    pub key: String,
    pub value: String,
    /// `Artifacts`' directory.
    pub path: String,
}

impl Event {
    fn new(action: Action) -> Event {
        Event {
            action,
            test: String::new(),
            elapsed: None,
            output: Vec::new(),
            key: String::new(),
            value: String::new(),
            path: String::new(),
        }
    }
}

/// Framing lines that announce a test's state, always at the start of a line.
const UPDATES: [&[u8]; 9] = [
    b"=== RUN   ",
    b"=== PAUSE ",
    b"=== CONT  ",
    b"=== NAME  ",
    b"=== PASS  ",
    b"=== FAIL  ",
    b"=== SKIP  ",
    b"=== ATTR  ",
    b"=== ARTIFACTS ",
];

/// Framing lines that report a test's result, indented four spaces per
/// level of subtest.
const REPORTS: [&[u8]; 4] = [b"--- PASS: ", b"--- FAIL: ", b"--- SKIP: ", b"--- BENCH: "];

/// Reads a test binary's output and produces test2json's events.
pub struct Converter {
    input: LineBuffer,
    state: State,
}

/// Everything but the input buffer, which hands its lines to it.
struct State {
    output: LineBuffer,
    /// The test that output is attributed to.
    test_name: String,
    /// Result reports not yet emitted, outermost first: a test's result is
    /// emitted once its subtests' are, or when the next framing line comes.
    report: Vec<Event>,
    result: Option<Outcome>,
    /// A marker was seen on the last framing line: lines without one are
    /// output, whatever they look like.
    need_marker: bool,
    events: Vec<Event>,
}

impl Default for Converter {
    fn default() -> Self {
        Converter::new()
    }
}

impl Converter {
    /// A converter whose first event is `Start`.
    pub fn new() -> Converter {
        Converter {
            input: LineBuffer::new(IN_BUFFER),
            state: State {
                output: LineBuffer::new(OUT_BUFFER),
                test_name: String::new(),
                report: Vec::new(),
                result: None,
                need_marker: false,
                events: vec![Event::new(Action::Start)],
            },
        }
    }

    /// Reads more of the binary's output; returns the events it completes.
    pub fn write(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.input.write(bytes, &mut self.state);
        std::mem::take(&mut self.state.events)
    }

    /// The binary exited, successfully or not: the package passes when it
    /// exited successfully (unless it said it had no tests), and fails
    /// otherwise, whatever it printed (test2json's `Exited`).
    pub fn exited(&mut self, success: bool) {
        if success {
            if self.state.result != Some(Outcome::Skip) {
                self.state.result = Some(Outcome::Pass);
            }
        } else {
            self.state.result = Some(Outcome::Fail);
        }
    }

    /// The end of the output: what is left of a last line, then the package's
    /// result, when it is known (the final `PASS` or `FAIL` line, or
    /// [`Converter::exited`]).
    pub fn close(&mut self) -> Vec<Event> {
        self.input.flush(&mut self.state);
        self.state.flush_output();
        if let Some(result) = self.state.result {
            self.state.emit(Event::new(Action::Result(result)));
        }
        std::mem::take(&mut self.state.events)
    }
}

/// Where a line buffer delivers: whole lines, and parts of lines too long
/// for it (or cut by a benchmark's name).
trait Lines {
    fn line(&mut self, bytes: &[u8]);
    fn part(&mut self, bytes: &[u8]);
}

impl Lines for State {
    fn line(&mut self, bytes: &[u8]) {
        self.handle_input_line(bytes);
    }

    fn part(&mut self, bytes: &[u8]) {
        self.write_output(bytes);
    }
}

/// The output buffer's destination: output events of the current test.
struct OutputEvents<'a> {
    test_name: &'a str,
    events: &'a mut Vec<Event>,
}

impl Lines for OutputEvents<'_> {
    fn line(&mut self, bytes: &[u8]) {
        self.part(bytes);
    }

    fn part(&mut self, bytes: &[u8]) {
        let mut e = Event::new(Action::Output);
        e.test = self.test_name.to_string();
        e.output = bytes.to_vec();
        self.events.push(e);
    }
}

impl State {
    fn write_output(&mut self, bytes: &[u8]) {
        self.output.write(
            bytes,
            &mut OutputEvents {
                test_name: &self.test_name,
                events: &mut self.events,
            },
        );
    }

    fn flush_output(&mut self) {
        self.output.flush(&mut OutputEvents {
            test_name: &self.test_name,
            events: &mut self.events,
        });
    }

    /// An event about the current test unless it names one.
    fn emit(&mut self, mut e: Event) {
        if e.test.is_empty() {
            e.test = self.test_name.clone();
        }
        self.events.push(e);
    }

    /// Emits the pending result reports deeper than `depth`, innermost first.
    fn flush_report(&mut self, depth: usize) {
        self.test_name.clear();
        while self.report.len() > depth {
            if let Some(e) = self.report.pop() {
                self.emit(e);
            }
        }
    }

    fn handle_input_line(&mut self, mut line: &[u8]) {
        let Some(&first) = line.first() else {
            return;
        };
        if self.need_marker && first != MARKER {
            self.write_output(line);
            return;
        }
        let saw_marker = first == MARKER;
        if saw_marker {
            self.flush_output();
            line = &line[1..];
        }
        let mut trim = line.strip_suffix(b"\n").unwrap_or(line);
        if line.ends_with(b"\n") {
            trim = trim.strip_suffix(b"\r").unwrap_or(trim);
        }
        // `=== NAME` with an empty name can lose its trailing spaces.
        if trim == b"=== NAME" {
            line = b"=== NAME  \n";
            trim = &line[..line.len() - 1];
        }

        // The final PASS or FAIL (go test's `FAIL\tpkg\t...` too).
        if trim == b"PASS" || trim == b"FAIL" || trim.starts_with(b"FAIL\t") {
            self.flush_report(0);
            self.test_name.clear();
            self.need_marker = saw_marker;
            self.write_output(line);
            self.result = Some(if trim == b"PASS" {
                Outcome::Pass
            } else {
                Outcome::Fail
            });
            return;
        }
        // A package without tests: "?   \tpkg\t[no test files]" is all
        // there is; it stays output, and the result says skip.
        if line.starts_with(b"?   \t")
            && trim.ends_with(b"\t[no test files]")
            && self.report.is_empty()
        {
            self.result = Some(Outcome::Skip);
        }

        let orig_line = line;
        let mut indent = 0;
        let mut framing = UPDATES.iter().any(|magic| line.starts_with(magic));
        if !framing {
            while let Some(rest) = line.strip_prefix(b"    ") {
                line = rest;
                indent += 1;
            }
            framing = REPORTS.iter().any(|magic| line.starts_with(magic));
        }
        if !framing {
            // Output: its indentation tells which of the running subtests
            // printed it; deeper than any is taken as the latest's.
            if indent > 0 && indent <= self.report.len() {
                self.test_name = self.report[indent - 1].test.clone();
            }
            self.write_output(orig_line);
            return;
        }

        // "=== ACTION  Name" or "--- ACTION: Name (0.01s)".
        let text = String::from_utf8_lossy(&line[4..]);
        let (action, rest) = text.split_once(' ').unwrap_or((&text, ""));
        let action = action.strip_suffix(':').unwrap_or(action).to_lowercase();
        let mut name = rest.trim().to_string();
        // None: a `NAME` line (every framing prefix names an action).
        let action = framing_action(&action);

        if line[0] == b'-' {
            let mut e = Event::new(action.unwrap_or(Action::Bench));
            if let Some(i) = name.find(" (") {
                if let Some(secs) = name.strip_suffix("s)") {
                    e.elapsed = secs[i + 2..].parse::<f64>().ok();
                }
                name.truncate(i);
            }
            if self.report.len() < indent {
                // Nested deeper than any running test: plain output.
                self.write_output(orig_line);
                return;
            }
            self.need_marker = saw_marker;
            self.flush_report(indent);
            e.test = name.clone();
            self.test_name = name;
            self.report.push(e);
            self.write_output(orig_line);
            return;
        }

        let mut e = Event::new(action.unwrap_or(Action::Run));
        match action {
            Some(Action::Artifacts) => {
                let (test, path) = split_space(&name);
                e.path = path;
                name = test;
            }
            Some(Action::Attr) => {
                let (test, rest) = split_space(&name);
                let (key, value) = split_space(&rest);
                e.key = key;
                e.value = value;
                name = test;
            }
            _ => {}
        }
        self.need_marker = saw_marker;
        self.flush_report(0);
        self.test_name = name;
        let Some(action) = action else {
            // `=== NAME` only says whose output follows: no event, and not
            // output either.
            return;
        };
        if action == Action::Pause {
            // The pause line comes before the event, so that the test does
            // not look as if it printed after it was paused.
            self.write_output(orig_line);
        }
        self.emit(e);
        if action != Action::Pause {
            self.write_output(orig_line);
        }
    }
}

/// The action a framing line names (lower-cased, without its colon); None
/// for `NAME`.
fn framing_action(action: &str) -> Option<Action> {
    Some(match action {
        "run" => Action::Run,
        "pause" => Action::Pause,
        "cont" => Action::Cont,
        "pass" => Action::Pass,
        "fail" => Action::Fail,
        "skip" => Action::Skip,
        "bench" => Action::Bench,
        "attr" => Action::Attr,
        "artifacts" => Action::Artifacts,
        _ => return None,
    })
}

/// `s` cut at its first space (Go's `strings.Cut(s, " ")`): all of it and
/// nothing when it has none.
fn split_space(s: &str) -> (String, String) {
    match s.split_once(' ') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (s.to_string(), String::new()),
    }
}

/// test2json's lineBuffer: delivers whole lines that fit, and lines longer
/// than its capacity in parts cut at UTF-8 boundaries; a benchmark's result
/// line is delivered in parts at its first tab, and a `^V` that does not start
/// a line ends the line before it.
struct LineBuffer {
    b: Vec<u8>,
    cap: usize,
    /// In the middle of a line delivered in parts.
    mid: bool,
}

impl LineBuffer {
    fn new(cap: usize) -> LineBuffer {
        LineBuffer {
            b: Vec::with_capacity(cap),
            cap,
            mid: false,
        }
    }

    fn write(&mut self, mut input: &[u8], sink: &mut impl Lines) {
        while !input.is_empty() {
            let m = (self.cap - self.b.len()).min(input.len());
            self.b.extend_from_slice(&input[..m]);
            input = &input[m..];

            let mut i = 0;
            while i < self.b.len() {
                let Some((j, w)) = index_eol(&self.b[i..]) else {
                    if !self.mid {
                        if let Some(j) = self.b[i..].iter().position(|&c| c == b'\t') {
                            if is_benchmark_name(trim_right_spaces(&self.b[i..i + j])) {
                                sink.part(&self.b[i..i + j + 1]);
                                self.mid = true;
                                i += j + 1;
                            }
                        }
                    }
                    break;
                };
                let e = i + j + w;
                if self.mid {
                    sink.part(&self.b[i..e]);
                    self.mid = false;
                } else {
                    sink.line(&self.b[i..e]);
                }
                i = e;
            }

            if i == 0 && self.b.len() == self.cap {
                // A fragment as long as the buffer: deliver what ends at a
                // UTF-8 boundary as the start (or more) of a long line.
                let t = trim_utf8(&self.b);
                sink.part(&self.b[..t]);
                self.b.drain(..t);
                self.mid = true;
            }
            if i > 0 {
                self.b.drain(..i);
            }
        }
    }

    /// Delivers what is left (a line without its newline) as a part.
    fn flush(&mut self, sink: &mut impl Lines) {
        if !self.b.is_empty() {
            sink.part(&self.b);
            self.b.clear();
        }
    }
}

/// Where the first line in `b` ends, and how many bytes of the ending belong
/// to it: a newline (1), or a `^V` that does not start `b` (0: it starts the
/// next line).
fn index_eol(b: &[u8]) -> Option<(usize, usize)> {
    b.iter().enumerate().find_map(|(i, &c)| match c {
        b'\n' => Some((i, 1)),
        MARKER if i > 0 => Some((i, 0)),
        _ => None,
    })
}

fn trim_right_spaces(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|&c| c != b' ').map_or(0, |i| i + 1);
    &b[..end]
}

/// Whether `b` is a benchmark's name: `Benchmark`, or `Benchmark` and a rune
/// that is not a lower-case letter (Go's unicode.IsLower: category Ll).
fn is_benchmark_name(b: &[u8]) -> bool {
    let Some(rest) = b.strip_prefix(b"Benchmark") else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    get_general_category(first_rune(rest)) != GeneralCategory::LowercaseLetter
}

/// The first rune of `b`, or U+FFFD when `b` does not start with valid UTF-8
/// (Go's utf8.DecodeRune).
fn first_rune(b: &[u8]) -> char {
    let head = &b[..b.len().min(4)];
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
    };
    valid.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The length of the longest prefix of `b` that does not end inside what may
/// be a UTF-8 sequence still being written.
fn trim_utf8(b: &[u8]) -> usize {
    for i in 1..4.min(b.len() + 1) {
        let c = b[b.len() - i];
        if c & 0xc0 == 0x80 {
            continue;
        }
        let need = if c & 0xe0 == 0xc0 {
            2
        } else if c & 0xf0 == 0xe0 {
            3
        } else if c & 0xf8 == 0xf0 {
            4
        } else {
            0
        };
        return if i < need { b.len() - i } else { b.len() };
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of `input` written in one piece, then closed, as
    /// (action, test, output) triples.
    fn events(input: &[u8]) -> Vec<(String, String, String)> {
        chunked(input, input.len().max(1))
    }

    fn chunked(input: &[u8], size: usize) -> Vec<(String, String, String)> {
        let mut c = Converter::new();
        let mut all = Vec::new();
        for chunk in input.chunks(size) {
            all.extend(c.write(chunk));
        }
        all.extend(c.close());
        all.into_iter()
            .map(|e| {
                (
                    e.action.as_str().to_string(),
                    e.test,
                    String::from_utf8_lossy(&e.output).into_owned(),
                )
            })
            .collect()
    }

    fn ev(action: &str, test: &str, output: &str) -> (String, String, String) {
        (action.to_string(), test.to_string(), output.to_string())
    }

    #[test]
    fn a_passing_and_a_failing_test() {
        let input = b"\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n\x16=== RUN   TestB\n    b_test.go:9: boom\n\x16--- FAIL: TestB (0.01s)\n\x16FAIL\n";
        assert_eq!(
            events(input),
            vec![
                ev("start", "", ""),
                ev("run", "TestA", ""),
                ev("output", "TestA", "=== RUN   TestA\n"),
                ev("output", "TestA", "--- PASS: TestA (0.00s)\n"),
                ev("pass", "TestA", ""),
                ev("run", "TestB", ""),
                ev("output", "TestB", "=== RUN   TestB\n"),
                ev("output", "TestB", "    b_test.go:9: boom\n"),
                ev("output", "TestB", "--- FAIL: TestB (0.01s)\n"),
                ev("fail", "TestB", ""),
                ev("output", "", "FAIL\n"),
                ev("fail", "", ""),
            ]
        );
    }

    #[test]
    fn subtest_results_come_before_their_parents() {
        // -test.v prints a parent's result first, its subtests' indented
        // after it; -test.v=test2json prints each as it ends.
        let verbose = b"=== RUN   TestP\n=== RUN   TestP/a\n--- PASS: TestP (0.00s)\n    --- PASS: TestP/a (0.00s)\n        x\n    y\nPASS\n";
        let json = b"\x16=== RUN   TestP\n\x16=== RUN   TestP/a\n\x16--- PASS: TestP/a (0.00s)\n\x16--- PASS: TestP (0.00s)\n\x16PASS\n";
        for input in [&verbose[..], &json[..]] {
            let got = events(input);
            let results: Vec<_> = got
                .iter()
                .filter(|e| e.0 == "pass")
                .map(|e| e.1.as_str())
                .collect();
            assert_eq!(results, ["TestP/a", "TestP", ""]);
        }
        // Indented output after the reports is the test's at that depth.
        let got = events(verbose);
        assert!(
            got.contains(&ev("output", "TestP/a", "        x\n")),
            "{got:?}"
        );
        assert!(got.contains(&ev("output", "TestP", "    y\n")), "{got:?}");
        // A report indented deeper than any pending one is output.
        let got = events(b"    --- PASS: TestQ/a (0.00s)\n");
        assert_eq!(
            got,
            vec![
                ev("start", "", ""),
                ev("output", "", "    --- PASS: TestQ/a (0.00s)\n")
            ]
        );
    }

    #[test]
    fn elapsed_times_of_reports() {
        let mut c = Converter::new();
        let mut all = c.write(b"--- FAIL: TestT (1.25s)\n--- SKIP: TestS (x)\nPASS\n");
        all.extend(c.close());
        let got: Vec<_> = all
            .iter()
            .filter(|e| matches!(e.action, Action::Fail | Action::Skip))
            .map(|e| (e.test.as_str(), e.elapsed))
            .collect();
        assert_eq!(got, [("TestT", Some(1.25)), ("TestS", None)]);
    }

    #[test]
    fn after_a_marker_only_marked_lines_frame() {
        let input = b"\x16=== RUN   TestA\n--- FAIL: TestFake (0.00s)\n\x16--- PASS: TestA (0.00s)\n\x16PASS\n";
        let got = events(input);
        assert!(
            got.contains(&ev("output", "TestA", "--- FAIL: TestFake (0.00s)\n")),
            "{got:?}"
        );
        assert!(!got.iter().any(|e| e.0 == "fail"), "{got:?}");
    }

    #[test]
    fn a_marker_inside_a_line_ends_it() {
        let input = b"\x16=== RUN   TestA\nno newline\x16--- PASS: TestA (0.00s)\n\x16PASS\n";
        let got = events(input);
        assert!(
            got.contains(&ev("output", "TestA", "no newline")),
            "{got:?}"
        );
        assert!(got.contains(&ev("pass", "TestA", "")), "{got:?}");
        // A result is emitted when the next framing line comes, not before.
        let got = events(b"\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n");
        assert!(!got.iter().any(|e| e.0 == "pass"), "{got:?}");
    }

    #[test]
    fn name_lines_are_not_output() {
        let input = b"\x16=== RUN   TestA\n\x16=== NAME  TestB\nhello\n\x16=== NAME\n";
        let got = events(input);
        assert!(got.contains(&ev("output", "TestB", "hello\n")), "{got:?}");
        assert!(!got.iter().any(|e| e.2.contains("=== NAME")), "{got:?}");
    }

    #[test]
    fn pause_output_comes_before_the_event() {
        let got = events(b"=== PAUSE TestA\n");
        assert_eq!(
            got,
            vec![
                ev("start", "", ""),
                ev("output", "TestA", "=== PAUSE TestA\n"),
                ev("pause", "TestA", ""),
            ]
        );
    }

    #[test]
    fn attr_and_artifacts() {
        let mut c = Converter::new();
        let mut all = c.write(b"=== ATTR  TestA key some value\n=== ARTIFACTS TestA /tmp/dir\n");
        all.extend(c.close());
        let attr = all.iter().find(|e| e.action == Action::Attr).unwrap();
        assert_eq!(
            (attr.test.as_str(), attr.key.as_str(), attr.value.as_str()),
            ("TestA", "key", "some value")
        );
        let art = all.iter().find(|e| e.action == Action::Artifacts).unwrap();
        assert_eq!(
            (art.test.as_str(), art.path.as_str()),
            ("TestA", "/tmp/dir")
        );
    }

    #[test]
    fn no_test_files_is_a_skip() {
        let got = events(b"?   \texample.com/p\t[no test files]\n");
        assert_eq!(got.last(), Some(&ev("skip", "", "")));
    }

    #[test]
    fn exit_decides_without_a_final_line() {
        let mut c = Converter::new();
        c.write(b"=== RUN   TestA\n");
        c.exited(false);
        let last = c.close().pop().unwrap();
        // As test2json: the final event names the test that was running.
        assert_eq!(
            (last.action, last.test.as_str()),
            (Action::Result(Outcome::Fail), "TestA")
        );
        let mut c = Converter::new();
        c.write(b"PASS\n");
        c.exited(true);
        assert_eq!(
            c.close().pop().unwrap().action,
            Action::Result(Outcome::Pass)
        );
    }

    #[test]
    fn long_lines_are_cut_at_utf8_boundaries() {
        // 1023 ASCII bytes then a 3-byte rune: the first output event stops
        // before the rune.
        let mut line = vec![b'a'; 1023];
        line.extend_from_slice("€".as_bytes());
        line.extend_from_slice(b"\n");
        let mut input = b"=== RUN   TestA\n".to_vec();
        input.extend_from_slice(&line);
        let outputs: Vec<_> = events(&input)
            .into_iter()
            .filter(|e| e.0 == "output" && !e.2.starts_with("==="))
            .map(|e| e.2)
            .collect();
        assert_eq!(outputs.len(), 2, "{outputs:?}");
        assert_eq!(outputs[0].len(), 1023);
        assert_eq!(outputs[1], "€\n");
        // Longer than the input buffer: delivered in parts.
        let long = format!("{}\n", "x".repeat(10_000));
        let text: String = events(long.as_bytes()).into_iter().map(|e| e.2).collect();
        assert_eq!(text, long);
    }

    /// The output events of `reads`, written one after the other.
    fn outputs_of(reads: &[&[u8]]) -> Vec<String> {
        let mut c = Converter::new();
        let mut all = Vec::new();
        for r in reads {
            all.extend(c.write(r));
        }
        all.extend(c.close());
        all.into_iter()
            .filter(|e| e.action == Action::Output)
            .map(|e| String::from_utf8_lossy(&e.output).into_owned())
            .collect()
    }

    #[test]
    fn benchmark_result_lines_start_at_the_name() {
        // A benchmark's name is out before its result is: reported then.
        let got = outputs_of(&[b"BenchmarkX-2   \t", b"  1000\t  12 ns/op\n"]);
        assert_eq!(got, ["BenchmarkX-2   \t", "  1000\t  12 ns/op\n"]);
        // Read at once, the line is one.
        let got = outputs_of(&[b"BenchmarkX-2   \t  1000\t  12 ns/op\n"]);
        assert_eq!(got, ["BenchmarkX-2   \t  1000\t  12 ns/op\n"]);
        // Not a benchmark: a lower-case letter after the prefix.
        let got = outputs_of(&[b"Benchmarking\t", b"now\n"]);
        assert_eq!(got, ["Benchmarking\tnow\n"]);
    }

    /// Events with consecutive outputs of one test joined: how reads cut
    /// output can differ (a benchmark's line is cut at its name when the
    /// name arrives first), what the events say cannot.
    fn joined(events: Vec<(String, String, String)>) -> Vec<(String, String, String)> {
        let mut out: Vec<(String, String, String)> = Vec::new();
        for e in events {
            match out.last_mut() {
                Some(last) if last.0 == "output" && e.0 == "output" && last.1 == e.1 => {
                    last.2 += &e.2
                }
                _ => out.push(e),
            }
        }
        out
    }

    #[test]
    fn chunking_does_not_change_the_events() {
        let input = "\x16=== RUN   TestA\nhé\x16--- PASS: TestA (0.00s)\n\x16=== RUN   TestB\n    x\n\x16--- FAIL: TestB (0.00s)\nBenchmarkB \t1\t2 ns/op\n\x16FAIL\n".as_bytes();
        let whole = joined(events(input));
        for size in [1, 2, 3, 7, 64] {
            assert_eq!(joined(chunked(input, size)), whole, "chunks of {size}");
        }
    }

    #[test]
    fn helpers() {
        assert!(is_benchmark_name(b"Benchmark"));
        assert!(is_benchmark_name(b"BenchmarkX"));
        assert!(is_benchmark_name(b"Benchmark_x"));
        assert!(is_benchmark_name(b"Benchmark\xff"));
        assert!(!is_benchmark_name(b"Benchmarkx"));
        assert!(!is_benchmark_name("Benchmarké".as_bytes()));
        // ª is a letter (Lo) Rust calls lower-case, Go does not.
        assert!(is_benchmark_name("Benchmarkª".as_bytes()));
        assert_eq!(trim_utf8(b"abc"), 3);
        assert_eq!(trim_utf8(b"ab\xe2\x82"), 2);
        assert_eq!(trim_utf8("ab€".as_bytes()), 5);
        assert_eq!(trim_utf8(b"\x80\x80\x80"), 3);
        assert_eq!(index_eol(b"\x16abc\x16"), Some((4, 0)));
        assert_eq!(index_eol(b"ab\ncd"), Some((2, 1)));
        assert_eq!(index_eol(b"abc"), None);
    }
}
