//! Semantic versions as Go modules spell them (`golang.org/x/mod/semver`):
//! a leading `v`, shorthands `v1` and `v1.2` standing for `v1.0.0` and
//! `v1.2.0`, prerelease and build suffixes; and the module-specific forms
//! on top (`+incompatible`, pseudo-versions).

use std::cmp::Ordering;

/// The parts of a valid version, borrowed from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts<'a> {
    major: &'a str,
    minor: &'a str,
    patch: &'a str,
    /// `-pre.1` including the dash, or empty.
    prerelease: &'a str,
    /// `+build` including the plus, or empty.
    build: &'a str,
    /// What a shorthand lacks (`.0.0` for `v1`, `.0` for `v1.2`).
    short: &'static str,
}

/// Splits off a decimal number without a leading zero (`0` alone is fine).
fn number(s: &str) -> Option<(&str, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || (len > 1 && s.starts_with('0')) {
        return None;
    }
    Some(s.split_at(len))
}

fn ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Dot-separated identifiers after a leading `-` or `+`; with `numbers`,
/// numeric identifiers may not have leading zeros.
fn identifiers(body: &str, numbers: bool) -> bool {
    body.split('.').all(|id| {
        !id.is_empty()
            && id.bytes().all(ident_byte)
            && !(numbers && id.len() > 1 && id.starts_with('0') && is_num(id))
    })
}

fn is_num(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

fn parse(v: &str) -> Option<Parts<'_>> {
    let rest = v.strip_prefix('v')?;
    let (major, rest) = number(rest)?;
    let mut p = Parts {
        major,
        minor: "0",
        patch: "0",
        prerelease: "",
        build: "",
        short: "",
    };
    if rest.is_empty() {
        p.short = ".0.0";
        return Some(p);
    }
    let (minor, rest) = number(rest.strip_prefix('.')?)?;
    p.minor = minor;
    if rest.is_empty() {
        p.short = ".0";
        return Some(p);
    }
    let (patch, mut rest) = number(rest.strip_prefix('.')?)?;
    p.patch = patch;
    if rest.starts_with('-') {
        let end = rest.find('+').unwrap_or(rest.len());
        let (pre, after) = rest.split_at(end);
        if !identifiers(pre.get(1..)?, true) {
            return None;
        }
        p.prerelease = pre;
        rest = after;
    }
    if rest.starts_with('+') {
        if !identifiers(rest.get(1..)?, false) {
            return None;
        }
        p.build = rest;
        rest = "";
    }
    rest.is_empty().then_some(p)
}

/// Whether `v` is a valid semantic version (`semver.IsValid`).
pub fn is_valid(v: &str) -> bool {
    parse(v).is_some()
}

/// The canonical form: shorthands completed, build suffix dropped; empty
/// for an invalid version (`semver.Canonical`).
pub fn canonical(v: &str) -> String {
    match parse(v) {
        None => String::new(),
        Some(p) if !p.build.is_empty() => v[..v.len() - p.build.len()].to_string(),
        Some(p) => format!("{v}{}", p.short),
    }
}

/// `v2` for `v2.3.4`; empty for an invalid version (`semver.Major`).
pub fn major(v: &str) -> String {
    parse(v)
        .map(|p| format!("v{}", p.major))
        .unwrap_or_default()
}

/// `v2.3` for `v2.3.4`; empty for an invalid version.
pub fn major_minor(v: &str) -> String {
    parse(v)
        .map(|p| format!("v{}.{}", p.major, p.minor))
        .unwrap_or_default()
}

/// The prerelease suffix with its dash (`-rc.1`), or empty.
pub fn prerelease(v: &str) -> &str {
    parse(v).map(|p| p.prerelease).unwrap_or_default()
}

/// The build suffix with its plus (`+incompatible`), or empty.
pub fn build(v: &str) -> &str {
    parse(v).map(|p| p.build).unwrap_or_default()
}

fn compare_numbers(x: &str, y: &str) -> Ordering {
    x.len().cmp(&y.len()).then_with(|| x.cmp(y))
}

fn compare_prerelease(x: &str, y: &str) -> Ordering {
    match (x.is_empty(), y.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let mut xs = x[1..].split('.');
    let mut ys = y[1..].split('.');
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => {
                return match (is_num(a), is_num(b)) {
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (true, true) => compare_numbers(a, b),
                    (false, false) => a.cmp(b),
                }
            }
        }
    }
}

/// Orders two versions as `semver.Compare`: an invalid version is lower
/// than every valid one and equal to every other invalid one; build
/// suffixes do not count.
pub fn compare(v: &str, w: &str) -> Ordering {
    match (parse(v), parse(w)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => compare_numbers(a.major, b.major)
            .then_with(|| compare_numbers(a.minor, b.minor))
            .then_with(|| compare_numbers(a.patch, b.patch))
            .then_with(|| compare_prerelease(a.prerelease, b.prerelease)),
    }
}

/// The canonical form of a module version, keeping `+incompatible`
/// (`module.CanonicalVersion`); empty for an invalid version.
pub fn canonical_module_version(v: &str) -> String {
    let cv = canonical(v);
    if build(v) == "+incompatible" {
        format!("{cv}+incompatible")
    } else {
        cv
    }
}

/// Whether `v` is a pseudo-version (`v0.0.0-20191109021931-daa7c04131f5`,
/// `v1.2.4-0.20191109021931-daa7c04131f5`,
/// `v1.2.3-pre.0.20191109021931-daa7c04131f5`), as `module.IsPseudoVersion`.
pub fn is_pseudo_version(v: &str) -> bool {
    if v.matches('-').count() < 2 || !is_valid(v) {
        return false;
    }
    let core = v.split('+').next().unwrap_or_default();
    let Some((before, rev)) = core.rsplit_once('-') else {
        return false;
    };
    if rev.is_empty() || !rev.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let Some(stamp_at) = before.len().checked_sub(14) else {
        return false;
    };
    // A valid version is ASCII, so any byte index is a char boundary.
    let (base, stamp) = before.split_at(stamp_at);
    if !is_num(stamp) {
        return false;
    }
    // base is `vN.0.0-`, or `vN.N.N-` then optionally `anything.` then `0.`.
    let digits = |s: &str| !s.is_empty() && is_num(s);
    let Some(rest) = base.strip_prefix('v') else {
        return false;
    };
    let mut it = rest.splitn(2, '.');
    let (Some(maj), Some(rest)) = (it.next(), it.next()) else {
        return false;
    };
    if !digits(maj) {
        return false;
    }
    if rest == "0.0-" {
        return true;
    }
    let Some(head) = rest.strip_suffix("0.") else {
        return false;
    };
    let Some((minor_patch, tail)) = head.split_once('-') else {
        return false;
    };
    let Some((minor, patch)) = minor_patch.split_once('.') else {
        return false;
    };
    digits(minor) && digits(patch) && (tail.is_empty() || tail.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_and_canonical_forms() {
        let cases = [
            ("v1", "v1.0.0"),
            ("v1.2", "v1.2.0"),
            ("v1.2.3", "v1.2.3"),
            ("v0.0.0", "v0.0.0"),
            ("v1.2.3-rc.1", "v1.2.3-rc.1"),
            ("v1.2.3-rc.1+meta.x", "v1.2.3-rc.1"),
            ("v2.0.0+incompatible", "v2.0.0"),
            ("v10.20.30-a-b.0.c", "v10.20.30-a-b.0.c"),
        ];
        for (v, want) in cases {
            assert!(is_valid(v), "{v}");
            assert_eq!(canonical(v), want, "{v}");
        }
        for bad in [
            "",
            "1.2.3",
            "v",
            "v01",
            "v1.02",
            "v1.2.03",
            "v1.2-pre",
            "v1+b",
            "v1.2.3-",
            "v1.2.3-a..b",
            "v1.2.3-01",
            "v1.2.3+",
            "v1.2.3+a..b",
            "v1.2.3.4",
            "v1.2.3-é",
            "V1.2.3",
            "v1.2.3 ",
        ] {
            assert!(!is_valid(bad), "{bad}");
            assert_eq!(canonical(bad), "", "{bad}");
        }
        // A numeric build identifier may have a leading zero.
        assert!(is_valid("v1.2.3+01"));
        assert!(is_valid("v1.2.3-0a"));
    }

    #[test]
    fn ordering() {
        let ordered = [
            "bad",
            "v0.0.0-20190101000000-abcdefabcdef",
            "v0.0.0",
            "v0.1.0-alpha",
            "v0.1.0-alpha.1",
            "v0.1.0-alpha.beta",
            "v0.1.0-beta",
            "v0.1.0-beta.2",
            "v0.1.0-beta.11",
            "v0.1.0-rc.1",
            "v0.1.0",
            "v1.9.0",
            "v1.10.0",
            "v2",
            "v2.0.1",
            "v10.0.0",
        ];
        for (i, a) in ordered.iter().enumerate() {
            for (j, b) in ordered.iter().enumerate() {
                assert_eq!(compare(a, b), i.cmp(&j), "{a} vs {b}");
            }
        }
        assert_eq!(compare("v1.0.0+a", "v1.0.0+b"), Ordering::Equal);
        assert_eq!(compare("x", "y"), Ordering::Equal);
        assert_eq!(major("v2.3.4"), "v2");
        assert_eq!(major_minor("v2"), "v2.0");
        assert_eq!(prerelease("v1.0.0-x+y"), "-x");
        assert_eq!(build("v1.0.0-x+y"), "+y");
        assert_eq!(canonical_module_version("v2.1+incompatible"), "");
        assert_eq!(
            canonical_module_version("v2.1.0+incompatible"),
            "v2.1.0+incompatible"
        );
        assert_eq!(canonical_module_version("v2.1.0+meta"), "v2.1.0");
    }

    #[test]
    fn pseudo_versions() {
        for v in [
            "v0.0.0-20191109021931-daa7c04131f5",
            "v1.2.4-0.20191109021931-daa7c04131f5",
            "v1.2.3-pre.0.20191109021931-daa7c04131f5",
            "v1.2.3-pre.x.0.20191109021931-daa7c04131f5",
            "v2.0.0-20191109021931-daa7c04131f5+incompatible",
            "v1.0.0-20191109021931-daa7c04131f5",
        ] {
            assert!(is_pseudo_version(v), "{v}");
        }
        for v in [
            "v1.2.3",
            "v1.2.3-pre",
            "v0.0.0-2019110902193-daa7c04131f5",
            "v0.0.0-20191109021931-",
            "v0.0.0-20191109021931",
            "v1.2.4-1.20191109021931-daa7c04131f5",
            "v0.0.0-20191109021931-daa7c04131f5-x",
            "v0.0.0-2019110902193x-daa7c04131f5",
        ] {
            assert!(!is_pseudo_version(v), "{v}");
        }
    }
}
