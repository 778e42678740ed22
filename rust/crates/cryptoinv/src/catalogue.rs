//! The catalogue: which packages implement cryptography, with which
//! algorithms, in which class (catalogue.toml documents the format).

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The only catalogue schema this code reads.
pub const CATALOGUE_SCHEMA: i64 = 1;

/// The catalogue compiled into fipstool.
pub const BUILTIN: &str = include_str!("../catalogue.toml");

/// Where a package's crypto runs relative to Go's FIPS 140-3 module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// The module itself (`crypto/internal/fips140/...`).
    FipsModule,
    /// A standard-library package whose implementation is the module.
    StdViaModule,
    /// A standard-library implementation outside the module.
    StdNonApproved,
    /// A third-party package that forwards to the standard library.
    WrapsStd,
    /// A third-party implementation.
    ThirdParty,
}

impl Class {
    pub const ALL: [Class; 5] = [
        Class::FipsModule,
        Class::StdViaModule,
        Class::StdNonApproved,
        Class::WrapsStd,
        Class::ThirdParty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Class::FipsModule => "fips-module",
            Class::StdViaModule => "std-via-module",
            Class::StdNonApproved => "std-non-approved",
            Class::WrapsStd => "wraps-std",
            Class::ThirdParty => "third-party",
        }
    }

    /// Whether the code runs outside the module (what a FIPS review asks
    /// about).
    pub fn outside_module(self) -> bool {
        matches!(self, Class::StdNonApproved | Class::ThirdParty)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// CycloneDX 1.6 `algorithmProperties.primitive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Primitive {
    Drbg,
    Mac,
    BlockCipher,
    StreamCipher,
    Signature,
    Hash,
    Pke,
    Xof,
    Kdf,
    KeyAgree,
    Kem,
    Ae,
    Combiner,
    Other,
}

impl Primitive {
    pub fn as_str(self) -> &'static str {
        match self {
            Primitive::Drbg => "drbg",
            Primitive::Mac => "mac",
            Primitive::BlockCipher => "block-cipher",
            Primitive::StreamCipher => "stream-cipher",
            Primitive::Signature => "signature",
            Primitive::Hash => "hash",
            Primitive::Pke => "pke",
            Primitive::Xof => "xof",
            Primitive::Kdf => "kdf",
            Primitive::KeyAgree => "key-agree",
            Primitive::Kem => "kem",
            Primitive::Ae => "ae",
            Primitive::Combiner => "combiner",
            Primitive::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Algorithm {
    pub name: String,
    pub primitive: Primitive,
}

/// A package path, or a subtree `path/...` (the path and every package
/// beneath it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackagePattern {
    pub text: String,
    path: String,
    subtree: bool,
}

/// Why a package pattern is malformed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{pattern:?} is not a package pattern: {reason}")]
pub struct PatternError {
    pub pattern: String,
    pub reason: &'static str,
}

impl PackagePattern {
    pub fn parse(text: &str) -> Result<PackagePattern, PatternError> {
        let bad = |reason| PatternError {
            pattern: text.to_string(),
            reason,
        };
        let (path, subtree) = match text.strip_suffix("/...") {
            Some(p) => (p, true),
            None => (text, false),
        };
        if path.is_empty() {
            return Err(bad("empty path"));
        }
        if path.starts_with('/') || path.ends_with('/') || path.contains("//") {
            return Err(bad("empty path element"));
        }
        if path.split('/').any(|e| e == "." || e == ".." || e == "...") {
            return Err(bad(
                "`.`, `..` or `...` element (`...` only as the last one)",
            ));
        }
        if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("white space or control character"));
        }
        Ok(PackagePattern {
            text: text.to_string(),
            path: path.to_string(),
            subtree,
        })
    }

    pub fn matches(&self, package: &str) -> bool {
        if !self.subtree {
            return package == self.path;
        }
        match package.strip_prefix(self.path.as_str()) {
            Some(rest) => rest.is_empty() || rest.starts_with('/'),
            None => false,
        }
    }

    /// Higher is more specific: an exact path beats any subtree, a longer
    /// subtree a shorter one.
    pub fn specificity(&self) -> (bool, usize) {
        (!self.subtree, self.path.len())
    }
}

/// One `[[entry]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub package: PackagePattern,
    pub class: Class,
    pub algorithms: Vec<Algorithm>,
    /// Prefixes of the function names (after `package.`) the entry covers;
    /// empty: all.
    pub functions: Vec<String>,
    /// For a third-party entry: the module version from which the package
    /// forwards to the standard library.
    pub wraps_std_since: Option<String>,
    pub note: Option<String>,
}

impl Entry {
    /// Whether this entry covers function `local` (the name after
    /// `package.`) of a package it matches.
    pub fn covers(&self, local: &str) -> bool {
        self.functions.is_empty() || self.functions.iter().any(|p| local.starts_with(p.as_str()))
    }
}

/// A FIPS module snapshot with a CMVP certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certified {
    pub version: String,
    pub certificate: String,
    /// The CycloneDX `certificationLevel` (`fips140-3-l1`).
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    pub version: String,
    pub certified: Vec<Certified>,
    pub entries: Vec<Entry>,
}

/// Why a catalogue cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CatalogueError {
    #[error("invalid catalogue: {0}")]
    Toml(String),
    #[error("catalogue schema = {0}: this fipstool reads schema = 1")]
    Schema(i64),
    #[error("catalogue entry {index} ({package}): {reason}")]
    Entry {
        index: usize,
        package: String,
        reason: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    schema: i64,
    version: String,
    #[serde(default)]
    certified: Vec<Certified>,
    #[serde(default)]
    entry: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    package: String,
    class: Class,
    #[serde(default)]
    algorithms: Vec<Algorithm>,
    #[serde(default)]
    functions: Vec<String>,
    wraps_std_since: Option<String>,
    note: Option<String>,
}

impl Catalogue {
    /// The catalogue compiled into fipstool.
    pub fn builtin() -> Result<Catalogue, CatalogueError> {
        Catalogue::parse(BUILTIN)
    }

    pub fn parse(text: &str) -> Result<Catalogue, CatalogueError> {
        let raw: RawCatalogue =
            toml::from_str(text).map_err(|e| CatalogueError::Toml(e.message().to_string()))?;
        if raw.schema != CATALOGUE_SCHEMA {
            return Err(CatalogueError::Schema(raw.schema));
        }
        let mut entries = Vec::with_capacity(raw.entry.len());
        for (i, e) in raw.entry.into_iter().enumerate() {
            let fail = |reason: String| CatalogueError::Entry {
                index: i + 1,
                package: e.package.clone(),
                reason,
            };
            let package = PackagePattern::parse(&e.package).map_err(|p| fail(p.to_string()))?;
            if let Some(since) = &e.wraps_std_since {
                if e.class != Class::ThirdParty {
                    return Err(fail("wraps_std_since needs class = \"third-party\"".into()));
                }
                if crate::semver::parse(since).is_none() {
                    return Err(fail(format!(
                        "wraps_std_since {since:?} is not a vX.Y.Z version"
                    )));
                }
            }
            if e.functions.iter().any(String::is_empty) {
                return Err(fail(
                    "an empty functions prefix would cover everything".into(),
                ));
            }
            if e.algorithms.iter().any(|a| a.name.trim().is_empty()) {
                return Err(fail("an algorithm without a name".into()));
            }
            entries.push(Entry {
                package,
                class: e.class,
                algorithms: e.algorithms,
                functions: e.functions,
                wraps_std_since: e.wraps_std_since,
                note: e.note,
            });
        }
        Ok(Catalogue {
            version: raw.version,
            certified: raw.certified,
            entries,
        })
    }

    /// The entries matching `package`, most specific first.
    pub fn candidates(&self, package: &str) -> Vec<&Entry> {
        let mut found: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.package.matches(package))
            .collect();
        // Stable: among equals, file order.
        found.sort_by_key(|e| {
            let (exact, len) = e.package.specificity();
            std::cmp::Reverse((exact, len, !e.functions.is_empty()))
        });
        found
    }

    /// The certificate of a module snapshot, if it has one.
    pub fn certificate(&self, version: &str) -> Option<&Certified> {
        self.certified.iter().find(|c| c.version == version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalogue_parses() {
        let c = Catalogue::builtin().unwrap();
        assert_eq!(c.version, "2026-12-07");
        assert_eq!(
            c.certificate("v1.0.0-c2097c7c").unwrap().certificate,
            "5247"
        );
        let md5 = c.candidates("crypto/md5");
        assert_eq!(md5[0].class, Class::StdNonApproved);
        assert_eq!(md5[0].algorithms[0].name, "MD5");
        // crypto/sha1 is outside every module version.
        assert_eq!(c.candidates("crypto/sha1")[0].class, Class::StdNonApproved);
        assert!(c.candidates("crypto/x509").is_empty());
        // The function-scoped entry comes before the package's general one.
        let cipher = c.candidates("crypto/cipher");
        assert_eq!(cipher[0].class, Class::StdNonApproved);
        assert!(cipher[0].covers("NewOFB") && !cipher[0].covers("NewGCM"));
        assert_eq!(cipher[1].class, Class::StdViaModule);
        // A subtree's own entry beats the subtree.
        let circl = c.candidates("github.com/cloudflare/circl/sign/ed448");
        assert_eq!(circl[0].algorithms[0].name, "Ed448");
        assert_eq!(circl.len(), 2);
    }

    #[test]
    fn patterns() {
        let p = PackagePattern::parse("golang.org/x/crypto/...").unwrap();
        assert!(p.matches("golang.org/x/crypto"));
        assert!(p.matches("golang.org/x/crypto/ssh/agent"));
        assert!(!p.matches("golang.org/x/cryptography"));
        let p = PackagePattern::parse("crypto/md5").unwrap();
        assert!(p.matches("crypto/md5") && !p.matches("crypto/md5/x"));
        for bad in [
            "", "...", "/x", "x/", "a//b", "a/../b", "a/.../b", "a b", "/...",
        ] {
            assert!(PackagePattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors() {
        let e = Catalogue::parse("schema = 2\nversion = \"x\"\n").unwrap_err();
        assert_eq!(e, CatalogueError::Schema(2));
        let e = Catalogue::parse("schema = 1\n").unwrap_err();
        assert!(matches!(e, CatalogueError::Toml(_)), "{e}");
        let e = Catalogue::parse(
            "schema = 1\nversion = \"x\"\n[[entry]]\npackage = \"a\"\nclass = \"nope\"\n",
        )
        .unwrap_err();
        assert!(matches!(e, CatalogueError::Toml(_)), "{e}");
        let e = Catalogue::parse(
            "schema = 1\nversion = \"x\"\n[[entry]]\npackage = \"a\"\nclass = \"wraps-std\"\nwraps_std_since = \"v1.0.0\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("third-party"), "{e}");
        let e = Catalogue::parse(
            "schema = 1\nversion = \"x\"\n[[entry]]\npackage = \"a\"\nclass = \"third-party\"\nwraps_std_since = \"latest\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("vX.Y.Z"), "{e}");
        let e = Catalogue::parse(
            "schema = 1\nversion = \"x\"\n[[entry]]\npackage = \"a\"\nclass = \"third-party\"\nfunctions = [\"\"]\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("empty functions"), "{e}");
    }
}
