//! The report that gathers attestations: sorted by target, with summary
//! counts. Its JSON form is [`FipsReport::to_json`], its HTML page
//! [`crate::html::render`].

use serde::{Deserialize, Serialize};

use crate::schema::{to_pretty_json, Attestation, REPORT_KIND, SCHEMA_VERSION};

/// The title when none is given.
pub const DEFAULT_TITLE: &str = "FIPS 140-3 attestation report";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Attestations in the report.
    pub binaries: usize,
    /// Binaries with FIPS mode on by default.
    pub fips_enabled: usize,
    /// Binaries whose integrity verdict is `fips-verified`.
    pub verified: usize,
    pub policy_pass: usize,
    pub policy_exempt: usize,
    pub policy_fail: usize,
    pub policy_none: usize,
}

impl Summary {
    pub fn of(attestations: &[Attestation]) -> Summary {
        let mut s = Summary {
            binaries: attestations.len(),
            ..Summary::default()
        };
        for a in attestations {
            s.fips_enabled += usize::from(a.fips.enabled);
            s.verified += usize::from(fips_report::verdict_passes(&a.integrity.verdict));
            match a.policy.verdict.as_str() {
                "pass" => s.policy_pass += 1,
                "exempt" => s.policy_exempt += 1,
                "fail" => s.policy_fail += 1,
                _ => s.policy_none += 1,
            }
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FipsReport {
    pub schema_version: u32,
    pub kind: String,
    pub title: String,
    pub summary: Summary,
    pub attestations: Vec<Attestation>,
}

/// The order of the report: by target, then platform, path and file hash,
/// so that equal inputs in any order give the same bytes.
fn sort_key(a: &Attestation) -> (&str, Option<&str>, Option<&str>, &str, &str) {
    (
        &a.target,
        a.binary.goos.as_deref(),
        a.binary.goarch.as_deref(),
        &a.binary.path,
        &a.binary.sha256,
    )
}

impl FipsReport {
    pub fn new(title: Option<&str>, mut attestations: Vec<Attestation>) -> FipsReport {
        attestations.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        FipsReport {
            schema_version: SCHEMA_VERSION,
            kind: REPORT_KIND.to_string(),
            title: title.unwrap_or(DEFAULT_TITLE).to_string(),
            summary: Summary::of(&attestations),
            attestations,
        }
    }

    pub fn to_json(&self) -> String {
        to_pretty_json(self)
    }
}
