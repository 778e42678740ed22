//! Small pieces of Go's behaviour that the resolver must reproduce exactly:
//! the GOFIPS140 syntax check of `internal/buildcfg`, `semver.MajorMinor`
//! from `golang.org/x/mod/semver`, and `strconv.Quote` (Go's `%q`).

use serde::Serialize;

/// Which GOFIPS140 syntax a go command applies (`internal/buildcfg.isFIPSVersion`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    /// Go 1.24 and 1.25: `vX.Y.Z` or `vX.Y.Z-` plus exactly 8 bytes.
    Go124,
    /// Go 1.26 and later: `v1.Y.Z`, `v1.Y.Z-` plus exactly 8 bytes, or `v1.Y.Z-rcN`.
    Go126,
}

impl Syntax {
    /// The error Go prints for a value that fails the syntax check.
    pub fn invalid_message(self) -> &'static str {
        match self {
            Syntax::Go124 => {
                "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or vX.Y.Z"
            }
            Syntax::Go126 => {
                "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z"
            }
        }
    }
}

/// `internal/buildcfg.gofips140`: is `v` accepted as a GOFIPS140 value?
/// (The empty string never reaches this check: Go treats it as unset.)
pub fn valid_gofips140(v: &str, syntax: Syntax) -> bool {
    matches!(v, "off" | "latest" | "inprocess" | "certified") || is_fips_version(v, syntax)
}

/// `internal/buildcfg.isFIPSVersion` of the given release line.
pub fn is_fips_version(v: &str, syntax: Syntax) -> bool {
    match syntax {
        Syntax::Go124 => is_fips_version_124(v),
        Syntax::Go126 => is_fips_version_126(v),
    }
}

/// Returns the rest of `s` after a leading run of ASCII digits, or `None`
/// when there is no digit.
fn cut_num(s: &str) -> Option<&str> {
    let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
    (rest.len() < s.len()).then_some(rest)
}

fn is_fips_version_124(v: &str) -> bool {
    let Some(v) = v.strip_prefix('v') else {
        return false;
    };
    let Some(v) = cut_num(v).and_then(|r| r.strip_prefix('.')) else {
        return false;
    };
    let Some(v) = cut_num(v).and_then(|r| r.strip_prefix('.')) else {
        return false;
    };
    match cut_num(v) {
        // Go compares byte lengths: "-" followed by exactly 8 bytes.
        Some(rest) => rest.is_empty() || (rest.starts_with('-') && rest.len() == 9),
        None => false,
    }
}

fn is_fips_version_126(v: &str) -> bool {
    let Some(v) = v.strip_prefix("v1.") else {
        return false;
    };
    let Some(v) = cut_num(v).and_then(|r| r.strip_prefix('.')) else {
        return false;
    };
    let Some(v) = cut_num(v) else {
        return false;
    };
    if v.is_empty() {
        return true;
    }
    if let Some(rc) = v.strip_prefix("-rc") {
        // Go commits to the -rc form once the prefix matches: "-rcabcdef"
        // (8 bytes) is rejected, not taken as a hash suffix.
        return cut_num(rc).is_some_and(str::is_empty);
    }
    v.strip_prefix('-').is_some_and(|h| h.len() == 8)
}

/// `golang.org/x/mod/semver.MajorMinor`: `v1.26` for `v1.26.0`, `v1.0` for
/// `v1`, and `""` for a string that is not valid semver.
pub fn semver_major_minor(v: &str) -> String {
    let Some(p) = semver_parse(v) else {
        return String::new();
    };
    let i = 1 + p.major.len();
    let j = i + 1 + p.minor.len();
    if j <= v.len() && v.as_bytes().get(i) == Some(&b'.') && v.get(i + 1..j) == Some(p.minor) {
        return v.get(..j).unwrap_or_default().to_string();
    }
    format!("{}.{}", v.get(..i).unwrap_or_default(), p.minor)
}

struct Parsed<'a> {
    major: &'a str,
    minor: &'a str,
}

/// `semver.parse`, keeping only what `MajorMinor` needs.
fn semver_parse(v: &str) -> Option<Parsed<'_>> {
    let v = v.strip_prefix('v')?;
    let (major, rest) = parse_int(v)?;
    if rest.is_empty() {
        return Some(Parsed { major, minor: "0" });
    }
    let rest = rest.strip_prefix('.')?;
    let (minor, rest) = parse_int(rest)?;
    if rest.is_empty() {
        return Some(Parsed { major, minor });
    }
    let rest = rest.strip_prefix('.')?;
    let (_patch, mut rest) = parse_int(rest)?;
    if let Some(pre) = rest.strip_prefix('-') {
        rest = parse_ident_list(pre, true)?;
    }
    if let Some(build) = rest.strip_prefix('+') {
        rest = parse_ident_list(build, false)?;
    }
    rest.is_empty().then_some(Parsed { major, minor })
}

/// A decimal number without leading zeros (except "0" itself).
fn parse_int(v: &str) -> Option<(&str, &str)> {
    let end = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    if end == 0 {
        return None;
    }
    let (num, rest) = v.split_at_checked(end)?;
    if num.len() > 1 && num.starts_with('0') {
        return None;
    }
    Some((num, rest))
}

/// Dot-separated identifiers of `[0-9A-Za-z-]`; in a prerelease, numeric
/// identifiers must not have leading zeros. Returns what follows the list.
fn parse_ident_list(v: &str, prerelease: bool) -> Option<&str> {
    let end = v
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .unwrap_or(v.len());
    let (list, rest) = v.split_at_checked(end)?;
    if prerelease && rest.starts_with('-') {
        return None;
    }
    for ident in list.split('.') {
        if ident.is_empty() {
            return None;
        }
        if prerelease
            && ident.len() > 1
            && ident.starts_with('0')
            && ident.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
    }
    Some(rest)
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn go_quote(s: &str) -> String {
    fips_gostr::quote(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_124_matches_go() {
        for ok in [
            "v1.0.0",
            "v1.26.0",
            "v2.0.0",
            "v1.0.0-c2097c7c",
            "v1.0.0-abcdefgh",
            "v1.0.0-ab/cdefg",
            "v01.2.3",
        ] {
            assert!(is_fips_version(ok, Syntax::Go124), "{ok}");
        }
        for bad in [
            "",
            "v1.0",
            "1.0.0",
            "v1.0.0-rc1",
            "v1.1.0-rc12",
            "v1.0.0-abcdefg",
            "v1.0.0-abcdefghi",
            "v1.0.0+abcdefgh",
            "bogus",
            "OFF",
            "v1..0",
            "v1.0.0-é1234567",
        ] {
            assert!(!is_fips_version(bad, Syntax::Go124), "{bad}");
        }
        // 8 bytes, not 8 characters: "é" is two bytes.
        assert!(is_fips_version("v1.0.0-é123456", Syntax::Go124));
    }

    #[test]
    fn syntax_126_matches_go() {
        for ok in [
            "v1.0.0",
            "v1.26.0",
            "v1.0.0-c2097c7c",
            "v1.0.0-rc1",
            "v1.1.0-rc12",
            "v1.0.0-rc123456",
            "v1.0.0-ab/cdefg",
        ] {
            assert!(is_fips_version(ok, Syntax::Go126), "{ok}");
        }
        for bad in [
            "v2.0.0",
            "v1.0",
            "v1.0.0-rc",
            "v1.0.0-rcabcdef",
            "v1.0.0-rc1a",
            "v1.0.0-abcdefg",
            "v1.0.0-",
            "v1.0.0.0",
        ] {
            assert!(!is_fips_version(bad, Syntax::Go126), "{bad}");
        }
        assert!(valid_gofips140("certified", Syntax::Go126));
        assert!(!valid_gofips140("Certified", Syntax::Go126));
    }

    #[test]
    fn major_minor_matches_x_mod_semver() {
        for (v, want) in [
            ("v1.0.0-c2097c7c", "v1.0"),
            ("v1.26.0", "v1.26"),
            ("v1.26.0-rc1", "v1.26"),
            ("v1", "v1.0"),
            ("v1.2", "v1.2"),
            ("v1.2.3+build.5", "v1.2"),
            ("v01.2.3", ""),
            ("v1.2.3-01", ""),
            ("v1.2.3-rc..1", ""),
            ("1.2.3", ""),
            ("certified", ""),
            ("", ""),
        ] {
            assert_eq!(semver_major_minor(v), want, "{v}");
        }
    }

    #[test]
    fn quote_matches_go() {
        assert_eq!(go_quote("x"), "\"x\"");
        assert_eq!(go_quote(r"v1.0.0-ab\cdefg"), r#""v1.0.0-ab\\cdefg""#);
        assert_eq!(go_quote("a\"b"), r#""a\"b""#);
        assert_eq!(go_quote("a\nb\x01\x7f"), r#""a\nb\x01\x7f""#);
        assert_eq!(go_quote("é"), "\"é\"");
        assert_eq!(go_quote("\u{200b}"), r#""\u200b""#);
    }
}
