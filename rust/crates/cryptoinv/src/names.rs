//! Function names to packages: `crypto/md5.(*digest).Write`,
//! `pkg.F[go.shape.int]`, `pkg.F.func1`, `vendor/golang.org/x/...` and the
//! FIPS module's escaped snapshot paths
//! (`crypto/internal/fips140/v1%2e0%2e0-c2097c7c.CAST`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use fips_buildinfo::symbols::{is_version, package_of, FIPS_PREFIX};

/// The package of a function name and the name within it (after
/// `package.`), or None for a name that is not a Go function's
/// (`type:...`, `go:...`, assembly helpers without a package).
pub fn split(name: &str) -> Option<(String, &str)> {
    if name.starts_with("type:") || name.starts_with("go:") {
        return None;
    }
    let base = name.split('[').next().unwrap_or(name);
    let slash = base.rfind('/').map_or(0, |s| s + 1);
    let dot = slash + base.get(slash..)?.find('.')?;
    let local = name.get(dot + 1..)?;
    let package = package_of(name)?;
    if package.is_empty() || local.is_empty() {
        return None;
    }
    Some((package, local))
}

/// The package of a function name as the name spells it (escaped), and
/// the rest, without allocating.
fn split_raw(name: &str) -> Option<(&str, &str)> {
    if name.starts_with("type:") || name.starts_with("go:") {
        return None;
    }
    let base = name.split('[').next().unwrap_or(name);
    let slash = base.rfind('/').map_or(0, |s| s + 1);
    let dot = slash + base.get(slash..)?.find('.')?;
    Some((name.get(..dot)?, name.get(dot + 1..)?))
}

/// Every package of `names` that `wanted` accepts, with the function
/// names in it, sorted. `wanted` sees each package once: most of a
/// binary's functions are in packages no one asks about, and are neither
/// copied nor kept.
pub fn by_package<'a>(
    names: impl IntoIterator<Item = &'a str>,
    mut wanted: impl FnMut(&str) -> bool,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut decided: HashMap<&'a str, bool> = HashMap::new();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in names {
        let Some((raw, _)) = split_raw(name) else {
            continue;
        };
        let keep = match decided.get(raw) {
            Some(&k) => k,
            None => {
                let k = split(name).is_some_and(|(package, _)| wanted(&package));
                decided.insert(raw, k);
                k
            }
        };
        if keep {
            if let Some((package, local)) = split(name) {
                out.entry(package).or_default().insert(local.to_string());
            }
        }
    }
    out
}

/// Whether `package` belongs to the FIPS module.
pub fn in_module(package: &str) -> bool {
    package == FIPS_PREFIX
        || package
            .strip_prefix(FIPS_PREFIX)
            .is_some_and(|r| r.starts_with('/'))
}

/// A module package without its snapshot version element, as the
/// catalogue names it: `crypto/internal/fips140/v1.0.0-c2097c7c/sha256` is
/// `crypto/internal/fips140/sha256`.
pub fn unversioned(package: &str) -> String {
    let Some(rest) = package
        .strip_prefix(FIPS_PREFIX)
        .and_then(|r| r.strip_prefix('/'))
    else {
        return package.to_string();
    };
    let mut parts = rest.splitn(2, '/');
    match (parts.next(), parts.next()) {
        (Some(v), Some(tail)) if is_version(v) => format!("{FIPS_PREFIX}/{tail}"),
        (Some(v), None) if is_version(v) => FIPS_PREFIX.to_string(),
        _ => package.to_string(),
    }
}

/// Whether a package path is the standard library's (no dot in its first
/// element; `vendor/...` is std's own copy of a dependency).
pub fn is_std(package: &str) -> bool {
    let first = package.split('/').next().unwrap_or(package);
    !first.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let cases = [
            ("crypto/md5.(*digest).Write", "crypto/md5", "(*digest).Write"),
            ("crypto/md5.Sum", "crypto/md5", "Sum"),
            ("crypto/cipher.NewOFB.func1", "crypto/cipher", "NewOFB.func1"),
            (
                "golang.org/x/crypto/chacha20poly1305.(*chacha20poly1305).Seal",
                "golang.org/x/crypto/chacha20poly1305",
                "(*chacha20poly1305).Seal",
            ),
            (
                "vendor/golang.org/x/crypto/chacha20.(*Cipher).XORKeyStream",
                "vendor/golang.org/x/crypto/chacha20",
                "(*Cipher).XORKeyStream",
            ),
            (
                "crypto/internal/fips140/v1%2e0%2e0-c2097c7c.CAST",
                "crypto/internal/fips140/v1.0.0-c2097c7c",
                "CAST",
            ),
            (
                "crypto/internal/fips140/v1.26.0/ecdsa.Sign[go.shape.*crypto/internal/fips140/v1.26.0/nistec.P256Point]",
                "crypto/internal/fips140/v1.26.0/ecdsa",
                "Sign[go.shape.*crypto/internal/fips140/v1.26.0/nistec.P256Point]",
            ),
            ("main.main", "main", "main"),
        ];
        for (name, pkg, local) in cases {
            assert_eq!(split(name), Some((pkg.to_string(), local)), "{name}");
        }
        for name in [
            "type:crypto/md5.digest",
            "go:buildid",
            "nodot",
            "x/y",
            "a.",
            "",
        ] {
            assert_eq!(split(name), None, "{name}");
        }
    }

    #[test]
    fn module_paths() {
        assert!(in_module("crypto/internal/fips140"));
        assert!(in_module("crypto/internal/fips140/v1.0.0-c2097c7c/sha256"));
        assert!(!in_module("crypto/internal/fips140only"));
        assert!(!in_module("crypto/internal/fips140deps/byteorder"));
        assert_eq!(
            unversioned("crypto/internal/fips140/v1.0.0-c2097c7c/aes/gcm"),
            "crypto/internal/fips140/aes/gcm"
        );
        assert_eq!(
            unversioned("crypto/internal/fips140/v1.26.0"),
            "crypto/internal/fips140"
        );
        assert_eq!(
            unversioned("crypto/internal/fips140/sha256"),
            "crypto/internal/fips140/sha256"
        );
        assert_eq!(unversioned("crypto/md5"), "crypto/md5");
        assert!(is_std("crypto/md5") && is_std("vendor/golang.org/x/crypto/chacha20"));
        assert!(!is_std("golang.org/x/crypto/chacha20"));
    }

    #[test]
    fn grouping() {
        let g = by_package(
            [
                "crypto/md5.Sum",
                "crypto/md5.Sum",
                "crypto/md5.(*digest).Write",
                "type:x.y",
                "main.main",
            ],
            |p| p != "main",
        );
        assert_eq!(g.len(), 1);
        assert_eq!(
            g["crypto/md5"].iter().collect::<Vec<_>>(),
            ["(*digest).Write", "Sum"]
        );
    }
}
