//! Evaluating a policy against the facts of one binary.

use std::cmp::Ordering;

use fips_snapshot::{Index, Status};
use serde::Serialize;

use crate::goversion::GoVersion;
use crate::label::Label;
use crate::policy::{MinStatus, Policy, RuleId, VersionEntry};
use crate::position::Position;

/// What is known about one binary (from its build information) and the
/// build that made it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The Bazel target that built it; exemptions only apply when known.
    pub target: Option<Label>,
    /// The GOFIPS140 value the build asked for (`certified`, `latest`, a
    /// version), when known: the build information records only the
    /// resolved value.
    pub requested_version: Option<String>,
    /// The GOFIPS140 build setting (None: not recorded, i.e. off).
    pub gofips140: Option<String>,
    /// The fips140 value of the binary's default GODEBUG (None: unset, i.e.
    /// off): the one its runtime uses (runtime.godebugDefault), which a link
    /// with an -X override makes differ from the DefaultGODEBUG build
    /// setting.
    pub godebug_fips140: Option<String>,
    /// The `-tags` build setting, split at commas.
    pub tags: Vec<String>,
    /// The GOEXPERIMENT build setting as recorded.
    pub experiments: Option<String>,
    pub goos: Option<String>,
    pub goarch: Option<String>,
    /// The Go version of the build information (`go1.26.6`).
    pub go_version: Option<String>,
    /// The crypto packages the binary links outside the FIPS module
    /// (`fipstool crypto`); None when its inventory could not be taken.
    pub crypto: Option<Vec<CryptoPackage>>,
}

/// A crypto package of the binary's inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CryptoPackage {
    pub package: String,
    /// Its class (`std-non-approved`, `third-party`, ...).
    pub class: String,
    /// `path@version` of its Go module, when known.
    pub module: Option<String>,
    /// The import chain that brings it in, from the binary's target, when
    /// known (`fipstool chains`).
    pub chain: Option<Vec<String>>,
}

/// The tags of a `-tags` build setting (go build records them joined by
/// commas; older spellings used spaces).
pub fn split_tags(setting: &str) -> Vec<String> {
    setting
        .split([',', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The experiments a GOEXPERIMENT value turns on, lower-cased, as Go's
/// `buildcfg.ParseGOEXPERIMENT` reads it: entries separated by commas, a
/// `no` prefix turns an experiment off, `none` turns every one off, a later
/// entry wins.
pub fn enabled_experiments(setting: &str) -> Vec<String> {
    let mut on: Vec<String> = Vec::new();
    for entry in setting.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let entry = entry.to_ascii_lowercase();
        if entry == "none" {
            on.clear();
        } else if let Some(name) = entry.strip_prefix("no") {
            on.retain(|e| e != name);
        } else if !on.contains(&entry) {
            on.push(entry);
        }
    }
    on
}

/// The outcome for one binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No rule is violated.
    Pass,
    /// At least one violation is not waived.
    Fail,
    /// Every violation is waived by an exemption.
    Exempt,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Exempt => "exempt",
        }
    }
}

/// A rule the binary does not satisfy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub rule: RuleId,
    /// Where the rule's key is in the policy file.
    pub line: usize,
    pub column: usize,
    /// What the binary has and what the rule allows.
    pub message: String,
}

/// A violation waived by an exemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedExemption {
    pub rule: RuleId,
    /// The line of the `[[exemption]]` header.
    pub line: usize,
    pub reason: String,
    /// The column of the `[[exemption]]` header.
    #[serde(skip)]
    pub column: usize,
    /// The target pattern of the exemption that matched.
    pub pattern: String,
    /// The violation it waives: recorded with the reason, so that the
    /// attestation and the report say what was waived, not only why.
    pub waived: Violation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub verdict: Verdict,
    pub violations: Vec<Violation>,
    pub exemptions: Vec<AppliedExemption>,
}

fn index_status(index: &Index, version: &str) -> Option<Status> {
    index
        .snapshots
        .iter()
        .find(|e| e.version == version)
        .map(|e| e.status)
}

fn rank(status: Option<Status>) -> u8 {
    match status {
        Some(Status::Certified) => 2,
        Some(Status::InProcess) => 1,
        _ => 0,
    }
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(", ")
}

/// The resolved GOFIPS140 (`off` when not recorded) and, for a snapshot,
/// its status in the index (None: not in the index, or no snapshot).
struct Resolved<'a> {
    value: &'a str,
    snapshot: bool,
    status: Option<Status>,
}

impl Resolved<'_> {
    /// "GOFIPS140 is v1.26.0 (requested inprocess; in_process in the index)"
    fn describe(&self, requested: Option<&str>) -> String {
        let mut notes = Vec::new();
        if let Some(r) = requested.filter(|r| *r != self.value) {
            notes.push(format!("requested {r}"));
        }
        if self.snapshot {
            notes.push(match self.status {
                Some(s) => format!("{} in the index", s.as_str()),
                None => "not in the index".to_string(),
            });
        } else if self.value == "off" {
            notes.push("none recorded".to_string());
        }
        if notes.is_empty() {
            format!("GOFIPS140 is {}", self.value)
        } else {
            format!("GOFIPS140 is {} ({})", self.value, notes.join("; "))
        }
    }
}

/// Each configured rule the facts violate, in rule order.
fn violations(policy: &Policy, facts: &Facts, index: &Index) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut violate = |rule: RuleId, position: Position, message: String| {
        out.push(Violation {
            rule,
            line: position.line,
            column: position.column,
            message,
        })
    };
    let value = facts
        .gofips140
        .as_deref()
        .filter(|v| !v.is_empty())
        .unwrap_or("off");
    let snapshot = value != "off" && value != "latest";
    let resolved = Resolved {
        value,
        snapshot,
        status: if snapshot {
            index_status(index, value)
        } else {
            None
        },
    };
    let requested = facts.requested_version.as_deref().filter(|r| !r.is_empty());

    if let Some(rule) = &policy.versions_allow {
        let ok = rule.value.iter().any(|entry| {
            Some(entry.as_str()) == requested
                || entry.as_str() == resolved.value
                || matches!(
                    (entry, resolved.status),
                    (VersionEntry::Certified, Some(Status::Certified))
                        | (VersionEntry::InProcess, Some(Status::InProcess))
                )
        });
        if !ok {
            violate(
                RuleId::VersionsAllow,
                rule.position,
                format!(
                    "{}; allowed: {}",
                    resolved.describe(requested),
                    list(&rule.value, |e| e.as_str().to_string())
                ),
            );
        }
    }

    if let Some(rule) = &policy.versions_min_status {
        let need = match rule.value {
            MinStatus::Certified => 2,
            MinStatus::InProcess => 1,
        };
        if rank(resolved.status) < need {
            let has = match (resolved.snapshot, resolved.status) {
                (false, _) => format!(
                    "GOFIPS140 is {}: no snapshot, so no validation status",
                    resolved.value
                ),
                (true, None) => format!("snapshot {} is not in the index", resolved.value),
                (true, Some(s)) => {
                    format!("snapshot {} is {} in the index", resolved.value, s.as_str())
                }
            };
            let allowed = match rule.value {
                MinStatus::Certified => "certified",
                MinStatus::InProcess => "in_process or certified",
            };
            violate(
                RuleId::VersionsMinStatus,
                rule.position,
                format!("{has}; required: {allowed}"),
            );
        }
    }

    if let Some(rule) = &policy.modes_allow {
        let mode = facts.godebug_fips140.as_deref().filter(|m| !m.is_empty());
        let effective = mode.unwrap_or("off");
        if !rule.value.iter().any(|m| m.as_str() == effective) {
            let has = match mode {
                Some(m) => format!("the default GODEBUG has fips140={m}"),
                None => "the default GODEBUG sets no fips140 (off)".to_string(),
            };
            violate(
                RuleId::ModesAllow,
                rule.position,
                format!(
                    "{has}; allowed: {}",
                    list(&rule.value, |m| m.as_str().to_string())
                ),
            );
        }
    }

    if let Some(rule) = &policy.build_forbid_tags {
        let found: Vec<&String> = rule
            .value
            .iter()
            .filter(|t| facts.tags.contains(t))
            .collect();
        if !found.is_empty() {
            violate(
                RuleId::BuildForbidTags,
                rule.position,
                format!(
                    "built with forbidden build tag(s) {} (-tags={}); forbidden: {}",
                    list(&found, |t| t.to_string()),
                    facts.tags.join(","),
                    list(&rule.value, |t| t.clone())
                ),
            );
        }
    }

    if let Some(rule) = &policy.build_forbid_experiments {
        let enabled = enabled_experiments(facts.experiments.as_deref().unwrap_or(""));
        let found: Vec<&String> = rule.value.iter().filter(|e| enabled.contains(e)).collect();
        if !found.is_empty() {
            violate(
                RuleId::BuildForbidExperiments,
                rule.position,
                format!(
                    "built with forbidden GOEXPERIMENT {} (GOEXPERIMENT={}); forbidden: {}",
                    list(&found, |e| e.to_string()),
                    facts.experiments.as_deref().unwrap_or(""),
                    list(&rule.value, |e| e.clone())
                ),
            );
        }
    }

    if let Some(rule) = &policy.platforms_allow {
        let allowed = list(&rule.value, |p| p.to_string());
        match (facts.goos.as_deref(), facts.goarch.as_deref()) {
            (Some(os), Some(arch)) => {
                if !rule.value.iter().any(|p| p.goos == os && p.goarch == arch) {
                    violate(
                        RuleId::PlatformsAllow,
                        rule.position,
                        format!("platform is {os}/{arch}; allowed: {allowed}"),
                    );
                }
            }
            (os, arch) => violate(
                RuleId::PlatformsAllow,
                rule.position,
                format!(
                    "the build information records no platform (GOOS={}, GOARCH={}); allowed: {allowed}",
                    os.unwrap_or("?"),
                    arch.unwrap_or("?")
                ),
            ),
        }
    }

    if policy.sdk_min.is_some() || policy.sdk_max.is_some() {
        let version = facts
            .go_version
            .as_deref()
            .map(|v| (v, GoVersion::parse(v)));
        for (rule_id, rule) in [
            (RuleId::SdkMin, &policy.sdk_min),
            (RuleId::SdkMax, &policy.sdk_max),
        ] {
            let Some(rule) = rule else { continue };
            let bound = if rule_id == RuleId::SdkMin {
                format!("at least {}", rule.value)
            } else {
                format!("at most {}", rule.value.describe_max())
            };
            let message = match &version {
                None => Some(format!(
                    "the build information records no Go version; required: {bound}"
                )),
                Some((text, None)) => Some(format!(
                    "Go version {text:?} cannot be ordered (a development toolchain?); required: {bound}"
                )),
                Some((_, Some(v))) => {
                    let out = if rule_id == RuleId::SdkMin {
                        v.cmp_min(&rule.value) == Ordering::Less
                    } else {
                        v.cmp_max(&rule.value) == Ordering::Greater
                    };
                    out.then(|| format!("built with {}; required: {bound}", v.text))
                }
            };
            if let Some(message) = message {
                violate(rule_id, rule.position, message);
            }
        }
    }
    if let Some(rule) = &policy.crypto_forbid {
        let allowed = |p: &str| {
            policy
                .crypto_allow
                .as_ref()
                .is_some_and(|a| a.value.iter().any(|x| x.matches(p)))
        };
        match &facts.crypto {
            None => violate(
                RuleId::CryptoForbid,
                rule.position,
                "the binary's crypto inventory could not be taken (no Go function names): nothing shows that it links no forbidden package".to_string(),
            ),
            Some(packages) => {
                let mut seen = Vec::new();
                let mut found = Vec::new();
                for p in packages {
                    if seen.contains(&&p.package) || allowed(&p.package) {
                        continue;
                    }
                    let Some(pattern) = rule.value.iter().find(|f| f.matches(&p.package)) else {
                        continue;
                    };
                    seen.push(&p.package);
                    let chain = match &p.chain {
                        Some(c) => format!("; chain {}", c.join(" -> ")),
                        None => String::new(),
                    };
                    found.push(format!(
                        "{} ({}, module {}; forbidden by {:?}{chain})",
                        p.package,
                        p.class,
                        p.module.as_deref().unwrap_or("unknown"),
                        pattern.text
                    ));
                }
                if !found.is_empty() {
                    violate(
                        RuleId::CryptoForbid,
                        rule.position,
                        format!("links forbidden crypto: {}", found.join(", ")),
                    );
                }
            }
        }
    }
    out
}

impl Policy {
    /// Evaluate the policy against one binary. A violation is waived by the
    /// first exemption (in file order) whose targets match the binary's
    /// target and whose rules include the violated rule; a waived violation
    /// is reported as an applied exemption.
    pub fn evaluate(&self, facts: &Facts, index: &Index) -> Evaluation {
        let mut violations = Vec::new();
        let mut exemptions = Vec::new();
        for v in self::violations(self, facts, index) {
            let waiver = facts.target.as_ref().and_then(|label| {
                self.exemptions.iter().find_map(|e| {
                    if !e.waives(v.rule) {
                        return None;
                    }
                    e.targets
                        .iter()
                        .find(|t| t.matches(label))
                        .map(|t| (e, t.text.clone()))
                })
            });
            match waiver {
                Some((e, pattern)) => exemptions.push(AppliedExemption {
                    rule: v.rule,
                    line: e.position.line,
                    column: e.position.column,
                    reason: e.reason.clone(),
                    pattern,
                    waived: v,
                }),
                None => violations.push(v),
            }
        }
        let verdict = if !violations.is_empty() {
            Verdict::Fail
        } else if !exemptions.is_empty() {
            Verdict::Exempt
        } else {
            Verdict::Pass
        };
        Evaluation {
            verdict,
            violations,
            exemptions,
        }
    }
}
