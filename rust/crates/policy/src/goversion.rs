//! Go release versions, ordered as the go command orders them
//! (`go/version`): `1.26` (the language version) < `1.26rc1` < `1.26.0` <
//! `1.26.1`.

use std::cmp::Ordering;
use std::fmt;

/// A point in Go's version order: major, minor, then stage and number.
/// Stage 0 is the bare language version `1.N`, 1 a beta, 2 a release
/// candidate, 3 a release (number = patch), 4 is above every `1.N.x` (the
/// upper bound `max = "1.N"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Key(u64, u64, u8, u64);

/// A bound of `[sdk]`: `1.N` or `1.N.P`, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SdkBound {
    pub text: String,
    major: u64,
    minor: u64,
    patch: Option<u64>,
}

fn number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl SdkBound {
    /// `1.N` or `1.N.P`, digits only.
    pub fn parse(s: &str) -> Option<SdkBound> {
        let mut parts = s.split('.');
        let major = number(parts.next()?)?;
        let minor = number(parts.next()?)?;
        let patch = match parts.next() {
            Some(p) => Some(number(p)?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(SdkBound {
            text: s.to_string(),
            major,
            minor,
            patch,
        })
    }

    /// The lowest version `min = self` admits: `1.N` admits the whole 1.N
    /// line (its betas and release candidates too), `1.N.P` that release
    /// and later.
    fn lower(&self) -> Key {
        match self.patch {
            None => Key(self.major, self.minor, 0, 0),
            Some(p) => Key(self.major, self.minor, 3, p),
        }
    }

    /// The highest version `max = self` admits: `1.N` any 1.N.x, `1.N.P`
    /// that release and earlier.
    fn upper(&self) -> Key {
        match self.patch {
            None => Key(self.major, self.minor, 4, 0),
            Some(p) => Key(self.major, self.minor, 3, p),
        }
    }

    /// Whether `min = self` and `max = max` admit at least one version.
    pub fn range_is_empty(&self, max: &SdkBound) -> bool {
        self.lower() > max.upper()
    }

    /// How the bound reads in a message.
    pub fn describe_max(&self) -> String {
        match self.patch {
            None => format!("{} (any {}.x)", self.text, self.text),
            Some(_) => self.text.clone(),
        }
    }
}

impl fmt::Display for SdkBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The Go version a binary was built with, from its build information
/// (`go1.26.6`, `go1.27rc1`, `go1.26.6 X:boringcrypto`,
/// `go1.25.0-bigcorp`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GoVersion {
    pub text: String,
    key: Key,
}

impl GoVersion {
    /// None for what cannot be ordered (`devel go1.27-abcdef`, garbage).
    pub fn parse(s: &str) -> Option<GoVersion> {
        let word = s.split_whitespace().next()?;
        let v = word.strip_prefix("go")?;
        // A toolchain suffix (`go1.25.0-bigcorp`) does not change the order.
        let v = v.split_once('-').map_or(v, |(a, _)| a);
        let (major, rest) = v.split_once('.')?;
        let major = number(major)?;
        let key = if let Some((minor, patch)) = rest.split_once('.') {
            Key(major, number(minor)?, 3, number(patch)?)
        } else if let Some((minor, n)) = rest.split_once("rc") {
            Key(major, number(minor)?, 2, number(n)?)
        } else if let Some((minor, n)) = rest.split_once("beta") {
            Key(major, number(minor)?, 1, number(n)?)
        } else {
            // go1.20: before Go 1.21 the first release had no ".0".
            Key(major, number(rest)?, 3, 0)
        };
        Some(GoVersion {
            text: word.to_string(),
            key,
        })
    }

    /// Compared with `min = bound`: Less means below the bound.
    pub fn cmp_min(&self, bound: &SdkBound) -> Ordering {
        self.key.cmp(&bound.lower())
    }

    /// Compared with `max = bound`: Greater means above the bound.
    pub fn cmp_max(&self, bound: &SdkBound) -> Ordering {
        self.key.cmp(&bound.upper())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> GoVersion {
        GoVersion::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    fn b(s: &str) -> SdkBound {
        SdkBound::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn parses_binary_versions() {
        assert_eq!(v("go1.26.6").text, "go1.26.6");
        assert_eq!(v("go1.26.6 X:boringcrypto").text, "go1.26.6");
        assert!(v("go1.27rc1").key < v("go1.27.0").key);
        assert!(v("go1.27beta2").key < v("go1.27rc1").key);
        assert!(v("go1.26.10").key > v("go1.26.9").key);
        assert_eq!(v("go1.20").key, v("go1.20.0").key);
        assert_eq!(v("go1.25.0-bigcorp").key, v("go1.25.0").key);
        for bad in [
            "",
            "devel go1.27-abcdef",
            "1.26.0",
            "go",
            "go1",
            "go1.x",
            "go1.26.",
            "go1.26.6.1",
            "gox.1.2",
        ] {
            assert!(GoVersion::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn bounds() {
        for bad in [
            "",
            "1",
            "1.",
            "go1.26",
            "1.26.0.1",
            "1.26rc1",
            "v1.26",
            "1.-2",
            "1.2x",
            "1.99999999999999999999999",
        ] {
            assert!(SdkBound::parse(bad).is_none(), "{bad:?}");
        }
        // min 1.26.0: 1.26.0 and later.
        assert_eq!(v("go1.26.0").cmp_min(&b("1.26.0")), Ordering::Equal);
        assert_eq!(v("go1.25.9").cmp_min(&b("1.26.0")), Ordering::Less);
        assert_eq!(v("go1.26rc1").cmp_min(&b("1.26.0")), Ordering::Less);
        // min 1.26: the whole 1.26 line, release candidates included.
        assert_eq!(v("go1.26rc1").cmp_min(&b("1.26")), Ordering::Greater);
        assert_eq!(v("go1.25.99").cmp_min(&b("1.26")), Ordering::Less);
        // max 1.27: any 1.27.x.
        assert_eq!(v("go1.27.99").cmp_max(&b("1.27")), Ordering::Less);
        assert_eq!(v("go1.28rc1").cmp_max(&b("1.27")), Ordering::Greater);
        // max 1.27.3: up to that release.
        assert_eq!(v("go1.27.3").cmp_max(&b("1.27.3")), Ordering::Equal);
        assert_eq!(v("go1.27.4").cmp_max(&b("1.27.3")), Ordering::Greater);
        // Empty ranges.
        assert!(b("1.28").range_is_empty(&b("1.27")));
        assert!(b("1.27.4").range_is_empty(&b("1.27.3")));
        assert!(!b("1.27.4").range_is_empty(&b("1.27")));
        assert!(!b("1.27").range_is_empty(&b("1.27.0")));
        assert!(!b("1.26.0").range_is_empty(&b("1.26.0")));
        assert_eq!(b("1.27").describe_max(), "1.27 (any 1.27.x)");
    }
}
