//! Go module versions, ordered as far as `wraps_std_since` needs:
//! `vMAJOR.MINOR.PATCH` with an optional `-pre` (a pre-release, which
//! includes pseudo-versions, sorts before its release) and `+incompatible`.

use std::cmp::Ordering;

/// (major, minor, patch, is a release) of `v1.2.3`, `v0.0.0-2024...-abc`.
pub(crate) fn parse(v: &str) -> Option<(u64, u64, u64, bool)> {
    let v = v.strip_prefix('v')?;
    let v = v.strip_suffix("+incompatible").unwrap_or(v);
    let (core, pre) = match v.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (v, None),
    };
    let mut parts = core.split('.');
    let mut num = || -> Option<u64> {
        let p = parts.next()?;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let (a, b, c) = (num()?, num()?, num()?);
    if parts.next().is_some() || pre.is_some_and(str::is_empty) {
        return None;
    }
    Some((a, b, c, pre.is_none()))
}

/// Whether `version` is at least `min`; None when either is not a version.
pub(crate) fn at_least(version: &str, min: &str) -> Option<bool> {
    let (v, m) = (parse(version)?, parse(min)?);
    Some(v.cmp(&m) != Ordering::Less)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering() {
        assert_eq!(at_least("v0.58.0", "v0.44.0"), Some(true));
        assert_eq!(at_least("v0.44.0", "v0.44.0"), Some(true));
        assert_eq!(at_least("v0.31.0", "v0.44.0"), Some(false));
        assert_eq!(at_least("v0.44.0-rc1", "v0.44.0"), Some(false));
        assert_eq!(
            at_least("v0.0.0-20240101000000-abcdef123456", "v0.8.0"),
            Some(false)
        );
        assert_eq!(at_least("v2.1.0+incompatible", "v2.0.0"), Some(true));
        assert_eq!(at_least("(devel)", "v0.8.0"), None);
        for bad in ["v1", "v1.2", "1.2.3", "v1.2.3.4", "v1.x.3", "v1.2.3-"] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
