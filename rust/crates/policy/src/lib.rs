//! fips-policy: an organisation's FIPS policy, written as a TOML file, and
//! its evaluation against the facts of one Go binary (`fipstool policy`).
//!
//! ```toml
//! schema = 1                                # required; the only version
//! [versions]
//! allow = ["certified"]                     # GOFIPS140 values allowed
//! min_status = "in_process"                 # certified | in_process
//! [modes]
//! allow = ["on", "only"]                    # default GODEBUG fips140
//! [build]
//! forbid_tags = ["purego"]                  # -tags build setting
//! forbid_experiments = ["boringcrypto"]     # GOEXPERIMENT build setting
//! [platforms]
//! allow = ["linux/amd64", "linux/arm64"]    # GOOS/GOARCH
//! [sdk]
//! min = "1.26.0"                            # inclusive
//! max = "1.27"                              # any 1.27.x
//! [crypto]
//! forbid = ["crypto/md5", "golang.org/x/crypto/..."] # crypto inventory packages
//! allow = ["golang.org/x/crypto/ed25519"]   # exceptions to forbid
//! [[exemption]]
//! targets = ["//legacy/...", "//tools:gen"] # Bazel target patterns
//! rules = ["versions.allow"]                # omitted: every rule
//! reason = "Retired in Q3, ticket SEC-123"  # required
//! ```
//!
//! Every section and key is optional except `schema`; an unknown key is an
//! error. [`Policy::parse`] reports every error with its line and column;
//! every rule remembers the line and column of its key, and every
//! exemption those of its `[[exemption]]` header. [`Policy::evaluate`]
//! checks the [`Facts`] of one binary against the pinned snapshot index;
//! docs/policy.md describes each rule's semantics.

mod error;
mod eval;
mod goversion;
mod label;
mod policy;
mod position;

pub use error::{ErrorKind, PolicyError, PolicyErrors};
pub use eval::{
    enabled_experiments, split_tags, AppliedExemption, CryptoPackage, Evaluation, Facts, Verdict,
    Violation,
};
pub use goversion::{GoVersion, SdkBound};
pub use label::{Label, LabelError, PatternKind, TargetPattern};
pub use policy::{
    is_snapshot_version, Exemption, MinStatus, Mode, PackagePattern, Platform, Policy, Rule,
    RuleId, VersionEntry, KNOWN_GOARCH, KNOWN_GOOS, SCHEMA,
};
pub use position::Position;

#[cfg(test)]
mod tests;
