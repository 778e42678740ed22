//! Arbitrary bytes as a test binary's `-test.v=test2json` output (the first
//! byte sets the size of the reads): reading it never panics, gives the same
//! events however it is cut into reads (but for how output is cut into
//! events: a benchmark's line is cut at its name when the name is read
//! first, as test2json cuts it), never more output than input and no output
//! event over test2json's 1024 bytes, and a JUnit report that holds only
//! characters XML 1.0 allows, one test case per counted test.
#![no_main]

use fips_testxml::{Action, Converter, Event, Exit, Report};
use libfuzzer_sys::fuzz_target;

fn events(input: &[u8], read: usize, exit: Option<bool>) -> Vec<Event> {
    let mut c = Converter::new();
    let mut all = Vec::new();
    for chunk in input.chunks(read.max(1)) {
        all.extend(c.write(chunk));
    }
    if let Some(success) = exit {
        c.exited(success);
    }
    all.extend(c.close());
    all
}

/// The events with consecutive outputs of one test joined.
fn joined(events: &[Event]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        match out.last_mut() {
            Some(last)
                if last.action == Action::Output
                    && e.action == Action::Output
                    && last.test == e.test =>
            {
                last.output.extend_from_slice(&e.output)
            }
            _ => out.push(e.clone()),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, input)) = data.split_first() else {
        return;
    };
    let exit = match first % 3 {
        0 => None,
        1 => Some(true),
        _ => Some(false),
    };
    let whole = events(input, input.len(), exit);
    let chunked = events(input, usize::from(first / 3) + 1, exit);
    assert_eq!(
        joined(&whole),
        joined(&chunked),
        "reads of {}",
        first / 3 + 1
    );

    let outputs: Vec<&Event> = whole
        .iter()
        .filter(|e| e.action == Action::Output)
        .collect();
    assert!(outputs
        .iter()
        .all(|e| !e.output.is_empty() && e.output.len() <= 1024));
    assert!(outputs.iter().map(|e| e.output.len()).sum::<usize>() <= input.len());
    assert_eq!(whole[0].action, Action::Start);

    let mut report = Report::new("example.com/p");
    for e in &whole {
        report.add(e);
    }
    let exit = exit.map(|success| Exit {
        success,
        description: "exit status 1".to_string(),
    });
    let xml = report.junit(exit.as_ref(), Some(0.25));
    assert!(
        xml.chars().all(|c| matches!(c, '\t' | '\n' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)),
        "{xml:?}"
    );
    let tests: usize = xml
        .split("tests=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    assert_eq!(xml.matches("<testcase ").count(), tests, "{xml}");
});
