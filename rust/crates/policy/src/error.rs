//! Why a policy file is not a valid policy. Every error carries the line and
//! column of the offending key or value.

use std::fmt;

use thiserror::Error;

use crate::position::Position;

/// What is wrong, without where.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ErrorKind {
    /// The text is not TOML (the toml crate's message).
    #[error("invalid TOML: {0}")]
    Syntax(String),
    #[error("missing `schema = 1`: every policy file states its schema version")]
    MissingSchema,
    #[error("schema = {0}: this fipstool reads schema = 1")]
    UnsupportedSchema(String),
    /// A key the schema does not have in this table.
    #[error("unknown key `{key}` in {table} (expected {})", .expected.join(", "))]
    UnknownKey {
        table: &'static str,
        key: String,
        expected: &'static [&'static str],
    },
    #[error("`{key}` must be {expected}, not {found}")]
    WrongType {
        key: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("`{key}` is empty: {hint}")]
    EmptyList { key: String, hint: &'static str },
    #[error("`{key}` lists {value:?} twice")]
    Duplicate { key: String, value: String },
    #[error("{0:?} is not a GOFIPS140 value: expected off, latest, inprocess, certified, or a snapshot version (v1.Y.Z, v1.Y.Z-rcN or v1.Y.Z- followed by 8 letters or digits)")]
    BadVersion(String),
    #[error("min_status {0:?}: expected certified or in_process")]
    BadStatus(String),
    #[error("{0:?} is not a FIPS mode: expected on, only, debug or off")]
    BadMode(String),
    #[error("{value:?} is not a platform: {reason}")]
    BadPlatform { value: String, reason: String },
    #[error("{0:?} is not a build tag: a tag is one word of letters, digits, `_` and `.`")]
    BadTag(String),
    #[error("{value:?} is not a GOEXPERIMENT name: {reason}")]
    BadExperiment { value: String, reason: &'static str },
    #[error(
        "{0:?} is not a Go version: expected 1.N or 1.N.P, for example \"1.26\" or \"1.26.0\""
    )]
    BadSdkVersion(String),
    #[error("sdk.min {min} is above sdk.max {max}: no Go version satisfies both")]
    SdkRange { min: String, max: String },
    #[error("{pattern:?} is not a package pattern: {reason} (expected an import path, or `path/...` for it and every package beneath it)")]
    BadPackagePattern {
        pattern: String,
        reason: &'static str,
    },
    #[error("{pattern:?} is not a Bazel target pattern: {reason}")]
    BadPattern { pattern: String, reason: String },
    #[error("unknown rule {0:?} (expected {rules})", rules = crate::RuleId::ALL.map(|r| r.as_str()).join(", "))]
    UnknownRule(String),
    #[error("`reason` is empty: an exemption must say why it exists")]
    EmptyReason,
    #[error("[[exemption]] has no `{0}`")]
    MissingKey(&'static str),
}

/// One error, at a place in the policy file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{position}: {kind}")]
pub struct PolicyError {
    pub position: Position,
    pub kind: ErrorKind,
}

/// Every error found in a policy file, in file order (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyErrors(pub Vec<PolicyError>);

impl PolicyErrors {
    pub fn iter(&self) -> std::slice::Iter<'_, PolicyError> {
        self.0.iter()
    }

    pub fn first(&self) -> Option<&PolicyError> {
        self.0.first()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a PolicyErrors {
    type Item = &'a PolicyError;
    type IntoIter = std::slice::Iter<'a, PolicyError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// One `line:column: message` per line.
impl fmt::Display for PolicyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyErrors {}
