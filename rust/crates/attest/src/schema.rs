//! The attestation document (schema_version 1): its types, and the reader
//! `fipstool report` uses, which validates what it reads and never panics.
//!
//! Field order in the structs is the key order of the JSON, so the output
//! is deterministic. Unknown fields are accepted when reading (fields may be
//! added within a schema version) and are not carried into the report,
//! except inside `policy`, which is another tool's object and is kept whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// The schema version of attestations and reports.
pub const SCHEMA_VERSION: u32 = 1;
/// `kind` of an attestation.
pub const ATTESTATION_KIND: &str = "fips-attestation";
/// `kind` of a report.
pub const REPORT_KIND: &str = "fips-report";
/// The largest attestation file the reader accepts (real ones are ~2 KB).
pub const MAX_ATTESTATION_BYTES: usize = 16 << 20;

/// Every `fips.snapshot.status`: the index's three, plus `not_in_index`
/// (an index was given but does not list the version) and `unknown` (no
/// index was given).
pub const SNAPSHOT_STATUSES: [&str; 5] = [
    "certified",
    "in_process",
    "superseded",
    "not_in_index",
    "unknown",
];

/// Every `policy.verdict`: the policy checker's three, and `none` (no
/// policy result was given).
pub const POLICY_VERDICTS: [&str; 4] = ["pass", "fail", "exempt", "none"];

/// Every `enforcement`: how the build made its checks hold (docs/policy.md,
/// "Strict mode"): `strict`, the binary handed out only after the FIPS check
/// and the policy check passed; `validation`, the checks ran as Bazel
/// validation actions, which `--norun_validations` skips.
pub const ENFORCEMENTS: [&str; 2] = ["strict", "validation"];

/// One binary's FIPS facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attestation {
    pub schema_version: u32,
    pub kind: String,
    /// The Bazel label, as given.
    pub target: String,
    pub binary: BinaryFacts,
    pub sdk: SdkFacts,
    pub fips: FipsFacts,
    pub integrity: IntegrityFacts,
    pub policy: PolicyFacts,
    /// One of [`ENFORCEMENTS`]; null in attestations written before it was
    /// recorded.
    #[serde(default)]
    pub enforcement: Option<String>,
    /// The binary's crypto inventory, summarised (`fipstool crypto`);
    /// absent when it could not be taken, and in attestations written
    /// before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crypto: Option<CryptoFacts>,
}

/// The crypto inventory of a binary: the FIPS module, and every crypto
/// package other than the standard library's through-the-module ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CryptoFacts {
    /// The catalogue's version (its date).
    pub catalogue_version: String,
    pub module: CryptoModuleFacts,
    /// Sorted by class, then package.
    pub packages: Vec<CryptoPackageFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CryptoModuleFacts {
    /// `snapshot`, `in-tree`, `mixed` or `absent`.
    pub origin: String,
    pub version: Option<String>,
    /// The CMVP certificate number, per the catalogue.
    pub certificate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CryptoPackageFacts {
    pub package: String,
    /// `std-non-approved`, `wraps-std` or `third-party`.
    pub class: String,
    /// Algorithm names.
    pub algorithms: Vec<String>,
    /// `path@version` of its Go module, or null.
    pub module: Option<String>,
    /// The import chain that brings it into the program, from the
    /// binary's target (`//app:server -> //internal/seal ->
    /// @org_golang_x_crypto//chacha20poly1305`); absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Vec<String>>,
}

impl CryptoFacts {
    /// The summary of an inventory.
    pub fn of(inv: &fips_cryptoinv::Inventory) -> CryptoFacts {
        let m = &inv.fips_module;
        CryptoFacts {
            catalogue_version: inv.catalogue_version.clone(),
            module: CryptoModuleFacts {
                origin: m.origin.to_string(),
                version: m.version.clone(),
                certificate: m.certificate.as_ref().map(|c| c.certificate.clone()),
            },
            packages: inv
                .packages
                .iter()
                .filter(|p| p.class != fips_cryptoinv::Class::StdViaModule)
                .map(|p| CryptoPackageFacts {
                    package: p.package.clone(),
                    class: p.class.as_str().to_string(),
                    algorithms: p.algorithms.iter().map(|a| a.name.clone()).collect(),
                    module: p.module.as_ref().map(|m| m.display()),
                    chain: p.chain.clone(),
                })
                .collect(),
        }
    }

    /// Give each package its import chain (by package path).
    pub fn attach_chains(&mut self, chains: &std::collections::BTreeMap<String, Vec<String>>) {
        for p in &mut self.packages {
            p.chain = chains.get(&p.package).cloned();
        }
    }

    /// The packages implemented outside the FIPS module.
    pub fn outside_module(&self) -> impl Iterator<Item = &CryptoPackageFacts> {
        self.packages
            .iter()
            .filter(|p| p.class == "std-non-approved" || p.class == "third-party")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BinaryFacts {
    /// The path exactly as given on the command line.
    pub path: String,
    /// SHA-256 of the file, 64 lowercase hex digits.
    pub sha256: String,
    /// `ELF`, `Mach-O`, `PE`, or null.
    pub format: Option<String>,
    /// The GOOS build setting, or null.
    pub goos: Option<String>,
    /// The GOARCH build setting (else the architecture of the file), or null.
    pub goarch: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdkFacts {
    /// The SDK version the build used, as given (`1.26.6`).
    pub version: String,
    /// SHA-256 of the SDK archive, as given, or null.
    pub archive_sha256: Option<String>,
    /// The Go version the binary's build information records (`go1.26.6`).
    pub go_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FipsFacts {
    /// The GOFIPS140 value the build asked for (`certified`, `off`, ...).
    pub requested_version: String,
    /// The GOFIPS140 build setting (what it resolved to), null for off.
    pub gofips140: Option<String>,
    /// Whether FIPS mode is on at start-up by default (`godebug_fips140`
    /// is `on`, `only` or `debug`).
    pub enabled: bool,
    /// The snapshot `gofips140` names, or null (off, latest).
    pub snapshot: Option<SnapshotFacts>,
    /// The FIPS module the code itself carries.
    pub module: ModuleFacts,
    /// The DefaultGODEBUG build setting, or null.
    pub default_godebug: Option<String>,
    /// The default GODEBUG the runtime uses (the variable
    /// runtime.godebugDefault), or null when it cannot be read. It differs
    /// from `default_godebug` in a binary linked with an -X override of it.
    /// Absent (null) in attestations written before it was recorded.
    #[serde(default)]
    pub runtime_default_godebug: Option<String>,
    /// The fips140 value of the default GODEBUG: the runtime's, else (when
    /// it cannot be read) DefaultGODEBUG's; null when unset.
    pub godebug_fips140: Option<String>,
    /// The -tags build setting, split at commas.
    pub tags: Vec<String>,
    /// The GOEXPERIMENT build setting, split at commas.
    pub experiments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotFacts {
    pub version: String,
    pub zip_sha256: Option<String>,
    pub h1: Option<String>,
    /// One of [`SNAPSHOT_STATUSES`].
    pub status: String,
    pub certificate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleFacts {
    /// `snapshot`, `in-tree`, `mixed` or `absent` (as `fipstool inspect`).
    pub origin: String,
    /// The snapshot version for `snapshot`, else null.
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityFacts {
    /// One of `fipstool verify`'s verdicts.
    pub verdict: String,
    pub detail: String,
    pub stored_sum: Option<String>,
    pub computed_sum: Option<String>,
}

/// The policy checker's result for this binary, with the policy file's
/// path; or just `{"verdict": "none"}`. Fields the checker adds are kept.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PolicyFacts {
    /// One of [`POLICY_VERDICTS`].
    pub verdict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violations: Option<Vec<Violation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemptions: Option<Vec<Exemption>>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl PolicyFacts {
    /// The result when no policy was checked.
    pub fn none() -> PolicyFacts {
        PolicyFacts {
            verdict: "none".to_string(),
            ..PolicyFacts::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Violation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Exemption {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The target pattern of the exemption that matched (absent in results
    /// of a fipstool that did not record it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The violation the exemption waives (likewise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived: Option<Violation>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Why a document is not a usable attestation.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("too large ({0} bytes; an attestation is a few kilobytes)")]
    TooLarge(usize),
    #[error("not JSON: {0}")]
    Json(String),
    #[error("not a JSON object")]
    NotAnObject,
    #[error("no schema_version: not a fipstool attestation")]
    NoSchemaVersion,
    #[error("schema_version {0}: this fipstool reads attestations of schema_version 1")]
    SchemaVersion(String),
    #[error("kind {0}: expected \"fips-attestation\"")]
    Kind(String),
    #[error("malformed attestation: {0}")]
    Malformed(String),
    #[error("invalid attestation: {0}")]
    Invalid(String),
}

/// Whether `s` is 64 lowercase hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_integrity_verdict(v: &str) -> bool {
    fips_report::VERDICTS.iter().any(|(name, _)| *name == v)
}

impl Attestation {
    /// The JSON form: pretty-printed, keys in schema order, trailing newline.
    pub fn to_json(&self) -> String {
        to_pretty_json(self)
    }

    /// Reads and validates an attestation. Never panics.
    pub fn parse(bytes: &[u8]) -> Result<Attestation, ReadError> {
        if bytes.len() > MAX_ATTESTATION_BYTES {
            return Err(ReadError::TooLarge(bytes.len()));
        }
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| ReadError::Json(e.to_string()))?;
        let Some(object) = value.as_object() else {
            return Err(ReadError::NotAnObject);
        };
        match object.get("schema_version") {
            None => return Err(ReadError::NoSchemaVersion),
            Some(v) if v.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
            Some(v) => return Err(ReadError::SchemaVersion(short(v))),
        }
        match object.get("kind") {
            Some(Value::String(k)) if k == ATTESTATION_KIND => {}
            Some(v) => return Err(ReadError::Kind(short(v))),
            None => return Err(ReadError::Kind("missing".to_string())),
        }
        let attestation: Attestation =
            serde_json::from_value(value).map_err(|e| ReadError::Malformed(e.to_string()))?;
        attestation.validate().map_err(ReadError::Invalid)?;
        Ok(attestation)
    }

    /// Checks the rules the schema promises beyond the types.
    pub fn validate(&self) -> Result<(), String> {
        if self.schema_version != SCHEMA_VERSION {
            return Err(format!("schema_version {}", self.schema_version));
        }
        if self.kind != ATTESTATION_KIND {
            return Err(format!("kind {:?}", self.kind));
        }
        if self.target.is_empty() {
            return Err("target is empty".to_string());
        }
        if !is_sha256_hex(&self.binary.sha256) {
            return Err(format!(
                "binary.sha256 {:?} is not 64 lowercase hex digits",
                self.binary.sha256
            ));
        }
        if let Some(sha) = &self.sdk.archive_sha256 {
            if !is_sha256_hex(sha) {
                return Err(format!(
                    "sdk.archive_sha256 {sha:?} is not 64 lowercase hex digits"
                ));
            }
        }
        if let Some(s) = &self.fips.snapshot {
            if !SNAPSHOT_STATUSES.contains(&s.status.as_str()) {
                return Err(format!(
                    "fips.snapshot.status {:?} is not one of {}",
                    s.status,
                    SNAPSHOT_STATUSES.join(", ")
                ));
            }
        }
        if !is_integrity_verdict(&self.integrity.verdict) {
            return Err(format!(
                "integrity.verdict {:?} is not a fipstool verdict",
                self.integrity.verdict
            ));
        }
        if let Some(e) = &self.enforcement {
            if !ENFORCEMENTS.contains(&e.as_str()) {
                return Err(format!(
                    "enforcement {e:?} is not one of {}",
                    ENFORCEMENTS.join(", ")
                ));
            }
        }
        if !POLICY_VERDICTS.contains(&self.policy.verdict.as_str()) {
            return Err(format!(
                "policy.verdict {:?} is not one of {}",
                self.policy.verdict,
                POLICY_VERDICTS.join(", ")
            ));
        }
        Ok(())
    }
}

/// A JSON value for an error message, cut to a readable length.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(40).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Pretty JSON with a trailing newline. Serialising these types cannot
/// fail (string keys only), but a failure would still yield valid JSON.
pub(crate) fn to_pretty_json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string());
    s.push('\n');
    s
}
