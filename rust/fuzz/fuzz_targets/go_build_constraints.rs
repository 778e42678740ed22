//! Arbitrary bytes as a Go source header and as a build context file:
//! applying the constraints never panics and is deterministic, a file the
//! name excludes is decided without its content, and every //go:build or
//! // +build expression that parses prints (as Go's String) to text that
//! parses again to the same meaning (except `!!`, as in Go).
#![no_main]

use fips_buildtags::{
    match_name, match_source, parse_go_build, parse_plus_build, split_go_build, split_plus_build,
    Context, Decision, Expr, Mode,
};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "a.go",
    "a_test.go",
    "a_linux.go",
    "a_windows_arm64_test.go",
    "a.s",
    "a_amd64.S",
    "_a.go",
    "a.syso",
];

/// Compares two expressions on a few tag assignments.
fn same_meaning(x: &Expr, y: &Expr) -> bool {
    let assignments: [&dyn Fn(&str) -> bool; 4] =
        [&|_| true, &|_| false, &|t| t.len() % 2 == 0, &|t| {
            t.bytes().map(u32::from).sum::<u32>() % 3 == 0
        }];
    assignments
        .iter()
        .all(|f| x.eval(&mut |t| f(t)) == y.eval(&mut |t| f(t)))
}

fn check_printing(x: &Expr) {
    let text = x.to_string();
    // As in Go, `!(!a)` prints as `!!a`, which does not parse.
    let y = match parse_go_build(&text) {
        Ok(y) => y,
        Err(e) => {
            assert_eq!(e, "double negation not allowed", "{text}");
            assert!(text.contains("!!"), "{text}");
            return;
        }
    };
    assert_eq!(y.to_string(), text, "printing is a fixed point");
    assert!(same_meaning(x, &y), "{text}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let mode = if selector & 0x80 != 0 {
        Mode::Test
    } else {
        Mode::Build
    };

    let mut linux = Context::new("linux", "amd64");
    linux.build_tags = vec!["netgo".into(), "fips140v1.0".into()];
    linux.tool_tags = vec!["goexperiment.boringcrypto".into(), "amd64.v1".into()];
    linux.release_tags = (1..=26).map(|n| format!("go1.{n}")).collect();

    let text = String::from_utf8_lossy(rest);
    let mut contexts = vec![linux, Context::new("android", "arm64")];
    if let Ok(ctx) = Context::parse("fuzz.context", &text) {
        let _ = ctx.match_tag("unix");
        contexts.push(ctx);
    }

    for ctx in &contexts {
        let first = match_source(ctx, name, rest, mode);
        let again = match_source(ctx, name, rest, mode);
        assert_eq!(format!("{first:?}"), format!("{again:?}"), "deterministic");
        if let Some(why) = match_name(ctx, name, mode) {
            assert_eq!(first.ok(), Some(Decision::Exclude(why)));
        }
        if let Err(e) = &match_source(ctx, name, rest, mode) {
            assert!(!e.to_string().is_empty());
        }
    }

    for line in text.lines() {
        if let Some(expr) = split_go_build(line) {
            if let Ok(x) = parse_go_build(expr) {
                check_printing(&x);
            }
        }
        if let Some(expr) = split_plus_build(line) {
            if let Ok(x) = parse_plus_build(expr) {
                check_printing(&x);
            }
        }
    }
    // The whole input as one expression.
    if let Ok(x) = parse_go_build(&text) {
        check_printing(&x);
    }
});
