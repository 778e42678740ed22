//! Go toolchain versions as cmd/go compares them (`internal/gover`):
//! `1`, `1.21`, `1.21.3`, `1.21rc1`, `1.22beta2`. Not semver: the language
//! version `1.21` is older than its first release candidate `1.21rc1`, which
//! is older than the release `1.21.0`.

use std::cmp::Ordering;

/// A parsed version; numbers are kept as decimal strings (no overflow).
#[derive(Debug, Default, PartialEq, Eq)]
struct Parsed<'a> {
    major: &'a str,
    minor: &'a str,
    patch: &'a str,
    /// `""`, or a lower-case word such as `alpha`, `beta`, `rc`.
    kind: &'a str,
    pre: &'a str,
}

/// A leading decimal number without a superfluous leading zero, and the
/// rest; None if there is none.
fn leading_number(s: &str) -> Option<(&str, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || (n > 1 && s.starts_with('0')) {
        return None;
    }
    Some(s.split_at(n))
}

fn parse(s: &str) -> Option<Parsed<'_>> {
    let (major, rest) = leading_number(s)?;
    if rest.is_empty() {
        // "1" stands for 1.0.0.
        return Some(Parsed {
            major,
            minor: "0",
            patch: "0",
            ..Parsed::default()
        });
    }
    let (minor, rest) = leading_number(rest.strip_prefix('.')?)?;
    let mut v = Parsed {
        major,
        minor,
        ..Parsed::default()
    };
    if rest.is_empty() {
        // Before Go 1.21 a missing patch meant .0; since, the bare 1.N is
        // the language version, older than every 1.N release.
        if cmp_decimal(minor, "21") == Ordering::Less {
            v.patch = "0";
        }
        return Some(v);
    }
    if let Some(patch) = rest.strip_prefix('.') {
        // No pre-release of a patch release.
        let (patch, tail) = leading_number(patch)?;
        if !tail.is_empty() {
            return None;
        }
        v.patch = patch;
        return Some(v);
    }
    let word = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    if word == 0 {
        return None;
    }
    let (kind, tail) = rest.split_at(word);
    v.kind = kind;
    if tail.is_empty() {
        return Some(v);
    }
    let (pre, tail) = leading_number(tail)?;
    if !tail.is_empty() {
        return None;
    }
    v.pre = pre;
    Some(v)
}

/// Two decimal strings without leading zeros, compared as numbers (the
/// empty string is smallest).
fn cmp_decimal(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// `gover.IsValid`: whether `v` (no `go` prefix) is a well-formed version.
pub fn is_valid(v: &str) -> bool {
    parse(v).is_some()
}

/// `gover.Compare`: malformed versions are older than every valid one and
/// equal to each other.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (x, y) = (parse(a).unwrap_or_default(), parse(b).unwrap_or_default());
    cmp_decimal(x.major, y.major)
        .then_with(|| cmp_decimal(x.minor, y.minor))
        .then_with(|| cmp_decimal(x.patch, y.patch))
        .then_with(|| x.kind.cmp(y.kind))
        .then_with(|| cmp_decimal(x.pre, y.pre))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::*;

    #[test]
    fn validity() {
        for v in [
            "1", "1.21", "1.21.0", "1.21rc1", "1.22beta", "2.0", "1.20", "10.999.1",
        ] {
            assert!(is_valid(v), "{v}");
        }
        for v in [
            "",
            "go1.21",
            "1.",
            "1.21.",
            "01.2",
            "1.02",
            "1.21.0rc1",
            "1.21RC1",
            "1.21-rc1",
            "1.21rc01",
            "1.21rc1x",
            "1.21.1.1",
            " 1.21",
            "1.21 ",
            "+1.21",
            "1.2a.3",
        ] {
            assert!(!is_valid(v), "{v}");
        }
    }

    #[test]
    fn order() {
        let cases = [
            ("1.21", "1.21rc1", Less),
            ("1.21rc1", "1.21.0", Less),
            ("1.21rc2", "1.21rc10", Less),
            ("1.21beta1", "1.21rc1", Less),
            ("1.20", "1.20.0", Equal),
            ("1", "1.0.0", Equal),
            ("1.9", "1.10", Less),
            ("1.26.6", "1.27", Less),
            ("1.27", "1.26.6", Greater),
            ("1.99", "1.26.6", Greater),
            ("1.26", "1.26.6", Less),
            ("bad", "1.0", Less),
            ("bad", "worse", Equal),
            ("1.99999999999999999999", "1.3", Greater),
        ];
        for (a, b, want) in cases {
            assert_eq!(compare(a, b), want, "{a} vs {b}");
            assert_eq!(compare(b, a), want.reverse(), "{b} vs {a}");
        }
    }
}
