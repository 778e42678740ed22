//! The standard library of one configuration: the import paths `go list
//! std` prints (internal and vendored packages, and the FIPS snapshot's
//! `crypto/internal/fips140/<version>/...` packages, included), and the
//! paths no other package may take.

use std::collections::BTreeSet;

/// The FIPS module's import path: every snapshot version lives below it.
pub const FIPS_MODULE: &str = "crypto/internal/fips140";

/// The trusted list of the configuration's standard-library packages.
#[derive(Debug, Clone, Default)]
pub struct StdLibrary {
    packages: BTreeSet<String>,
    /// The FIPS snapshot's root package (`crypto/internal/fips140/v1.0.0-c2097c7c`),
    /// when the list has one (GOFIPS140 names a snapshot).
    snapshot: Option<String>,
}

/// Why a path belongs to the standard library alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reserved {
    /// It is in the standard-library list.
    Std,
    /// It is below `crypto/internal/fips140` (any snapshot version, listed
    /// or not).
    FipsModule,
}

impl Reserved {
    /// Why no other package may take `path`.
    pub fn why(self, path: &str) -> String {
        match self {
            Reserved::Std => format!(
                "{path} is a standard-library package; no other package may stand in for it"
            ),
            Reserved::FipsModule => format!(
                "{path} is under {FIPS_MODULE}, the FIPS module's import path; \
                 no other package may stand in for it"
            ),
        }
    }
}

/// A line of the list that is not an import path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {text:?} is not an import path (the standard-library list has one path a line, as go list std prints them)")]
pub struct StdListError {
    pub file: String,
    pub line: usize,
    pub text: String,
}

impl StdLibrary {
    /// The list `text` (one import path a line; blank lines are skipped),
    /// `file` naming it in errors.
    pub fn parse(file: &str, text: &str) -> Result<StdLibrary, StdListError> {
        let mut packages = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            let path = line.trim();
            if path.is_empty() {
                continue;
            }
            if path.contains(char::is_whitespace) || path.contains('=') {
                return Err(StdListError {
                    file: file.to_string(),
                    line: i + 1,
                    text: line.to_string(),
                });
            }
            packages.insert(path.to_string());
        }
        Ok(StdLibrary::new(packages))
    }

    fn new(packages: BTreeSet<String>) -> StdLibrary {
        let snapshot = packages
            .iter()
            .find(|p| {
                p.strip_prefix(FIPS_MODULE)
                    .and_then(|rest| rest.strip_prefix("/v"))
                    .is_some_and(|v| {
                        v.starts_with(|c: char| c.is_ascii_digit()) && !v.contains('/')
                    })
            })
            .cloned();
        StdLibrary { packages, snapshot }
    }

    /// A list of the given paths.
    pub fn from_paths<I, S>(paths: I) -> StdLibrary
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        StdLibrary::new(paths.into_iter().map(Into::into).collect())
    }

    /// The package an import of `path` means: with a FIPS snapshot in the
    /// configuration, go resolves `crypto/internal/fips140[/...]` to the
    /// snapshot's `crypto/internal/fips140/<version>[/...]` (when that is
    /// listed and the path itself is not); any other path is itself.
    pub fn resolve(&self, path: &str) -> String {
        if let (Some(root), Some(rest)) = (&self.snapshot, path.strip_prefix(FIPS_MODULE)) {
            let versioned = format!("{root}{rest}");
            if (rest.is_empty() || rest.starts_with('/'))
                && !self.contains(path)
                && !fips_modpath::has_path_prefix(path, root)
                && self.contains(&versioned)
            {
                return versioned;
            }
        }
        path.to_string()
    }

    /// Whether `path` is a standard-library package of the configuration.
    pub fn contains(&self, path: &str) -> bool {
        self.packages.contains(path)
    }

    /// Why `path` belongs to the standard library alone, if it does.
    pub fn reserved(&self, path: &str) -> Option<Reserved> {
        if self.contains(path) {
            Some(Reserved::Std)
        } else if fips_modpath::has_path_prefix(path, FIPS_MODULE) {
            Some(Reserved::FipsModule)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_paths() {
        let std = StdLibrary::parse(
            "std.list",
            "fmt\n\ncrypto/sha256\r\ncrypto/internal/fips140/v1.0.0-c2097c7c/sha256\n vendor/golang.org/x/net/idna \n",
        )
        .unwrap();
        assert!(std.contains("vendor/golang.org/x/net/idna"));
        assert_eq!(std.reserved("crypto/sha256"), Some(Reserved::Std));
        assert_eq!(std.reserved("fmt"), Some(Reserved::Std));
        // The FIPS module's whole tree, listed or not, any version.
        for fips in [
            "crypto/internal/fips140",
            "crypto/internal/fips140/v1.0.0-c2097c7c",
            "crypto/internal/fips140/v1.26.0/aes",
            "crypto/internal/fips140/check",
        ] {
            assert_eq!(std.reserved(fips), Some(Reserved::FipsModule), "{fips}");
        }
        for free in [
            "crypto/sha256x",
            "crypto/internal/fips140x",
            "crypto/internal/fips",
            "example.com/crypto/sha256",
            "fmt/x",
        ] {
            assert_eq!(std.reserved(free), None, "{free}");
        }
        assert_eq!(
            Reserved::Std.why("crypto/sha256"),
            "crypto/sha256 is a standard-library package; no other package may stand in for it"
        );
    }

    #[test]
    fn imports_of_the_fips_module_resolve_to_the_snapshot() {
        let snap = StdLibrary::from_paths([
            "crypto/sha256",
            "crypto/internal/fips140/v1.0.0-c2097c7c",
            "crypto/internal/fips140/v1.0.0-c2097c7c/sha256",
            "crypto/internal/fips140deps",
        ]);
        assert_eq!(
            snap.resolve("crypto/internal/fips140"),
            "crypto/internal/fips140/v1.0.0-c2097c7c"
        );
        assert_eq!(
            snap.resolve("crypto/internal/fips140/sha256"),
            "crypto/internal/fips140/v1.0.0-c2097c7c/sha256"
        );
        for same in [
            "crypto/internal/fips140/v1.0.0-c2097c7c/sha256",
            "crypto/internal/fips140/aes",
            "crypto/internal/fips140deps",
            "crypto/sha256",
        ] {
            assert_eq!(snap.resolve(same), same);
        }
        // Without a snapshot (GOFIPS140 off or latest): the in-tree module.
        let tree =
            StdLibrary::from_paths(["crypto/internal/fips140", "crypto/internal/fips140/sha256"]);
        assert_eq!(
            tree.resolve("crypto/internal/fips140/sha256"),
            "crypto/internal/fips140/sha256"
        );
    }

    #[test]
    fn refuses_lines_that_are_not_paths() {
        let err = StdLibrary::parse("std.list", "fmt\npackagefile fmt=x\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.to_string().starts_with("std.list:2: "), "{err}");
    }
}
