//! Arbitrary text as a Go regular expression, as CGO_<VERB>_ALLOW and
//! _DISALLOW overrides and as a list of #cgo flags: compiling and checking
//! never panic; every pattern Go's syntax accepts translates to one the
//! regex crate accepts (or is refused only for its nesting or size); a
//! whole-string match is the leftmost match covering the string; a refusal
//! points at a flag of the list and names it.
//!
//! Input: line 1 the ALLOW pattern, line 2 the DISALLOW pattern, line 3's
//! first byte picks the verb, each further line is a flag.
#![no_main]

use fips_cgoflags::goregexp::{ErrorCode, GoRegexp};
use fips_cgoflags::{check, FlagError, OverrideKind, Overrides, Verb};
use libfuzzer_sys::fuzz_target;

/// Compiles a pattern; checks what holds of it.
fn compile(pattern: &str, probes: &[&str]) {
    match GoRegexp::new(pattern) {
        Ok(re) => {
            for s in probes {
                let whole = re.find(s).is_some_and(|m| m == (0..s.len()));
                assert_eq!(
                    re.matches_all(s),
                    whole || s.is_empty(),
                    "{pattern:?} {s:?}"
                );
            }
        }
        Err(e) => {
            assert_ne!(e.code, ErrorCode::Unsupported, "{pattern:?}: {e}");
            assert!(e.to_string().starts_with("error parsing regexp: "));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let allow = lines.next().unwrap_or_default();
    let disallow = lines.next().unwrap_or_default();
    let verb = Verb::ALL[usize::from(lines.next().and_then(|l| l.bytes().next()).unwrap_or(0)) % 5];
    let flags: Vec<&str> = lines.collect();

    compile(allow, &flags);
    compile(disallow, &flags);

    let mut o = Overrides::new();
    o.set(verb, OverrideKind::Allow, allow);
    o.set(verb, OverrideKind::Disallow, disallow);
    for overrides in [&Overrides::new(), &o] {
        match check(verb, &flags, overrides) {
            Ok(()) => {}
            Err(FlagError::Override { verb: v, .. }) => assert_eq!(v, verb),
            Err(e) => {
                let i = e.index().expect("a flag error has an index");
                assert!(i < flags.len());
                assert!(e.to_string().contains(flags[i]), "{e}");
                assert!(e
                    .to_string()
                    .starts_with(&format!("invalid flag in #cgo {verb}: ")));
            }
        }
    }
});
