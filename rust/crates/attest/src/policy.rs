//! The `--policy-result` input: the JSON `fipstool policy check --json`
//! writes, `{"schema_version": 1, "policy": PATH, "results": [RESULT...]}`
//! with `RESULT = {binary, target, verdict: "pass"|"fail"|"exempt",
//! violations: [{rule, line, column, message}], exemptions: [{rule, line,
//! reason}]}`. Unknown fields are accepted and kept.

use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

use crate::schema::{PolicyFacts, SCHEMA_VERSION};

/// The verdicts a policy result may carry.
pub const RESULT_VERDICTS: [&str; 3] = ["pass", "fail", "exempt"];

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PolicyError {
    #[error("not a policy result: {0}")]
    Json(String),
    #[error("schema_version {0}: this fipstool reads policy results of schema_version 1")]
    SchemaVersion(String),
    #[error("the policy check itself failed: {0}")]
    CheckFailed(String),
    #[error("no results: the policy check recorded no binary")]
    NoResults,
    #[error("{count} results and none for target {target} or binary {binary}")]
    NoMatch {
        count: usize,
        target: String,
        binary: String,
    },
    #[error("result for {0}: verdict {1:?} is not pass, fail or exempt")]
    Verdict(String, String),
}

#[derive(Deserialize)]
struct PolicyFile {
    #[serde(default)]
    schema_version: Option<Value>,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    results: Vec<PolicyFacts>,
    /// What `policy check --json` writes instead of results on bad input.
    #[serde(default)]
    error: Option<Value>,
}

/// The result for one binary: the one whose `target` is `target`, else the
/// one whose `binary` is `binary_path`, else the only one. Several results
/// and none for this binary is an error (taking the first would attribute
/// another binary's verdict to this one).
pub fn select_result(
    bytes: &[u8],
    target: &str,
    binary_path: &str,
) -> Result<PolicyFacts, PolicyError> {
    let file: PolicyFile =
        serde_json::from_slice(bytes).map_err(|e| PolicyError::Json(e.to_string()))?;
    if let Some(v) = &file.schema_version {
        if v.as_u64() != Some(u64::from(SCHEMA_VERSION)) {
            return Err(PolicyError::SchemaVersion(v.to_string()));
        }
    }
    if let Some(error) = &file.error {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .map_or_else(|| error.to_string(), str::to_string);
        return Err(PolicyError::CheckFailed(message));
    }
    let results = file.results;
    let pick = results
        .iter()
        .position(|r| r.target.as_deref() == Some(target))
        .or_else(|| {
            results
                .iter()
                .position(|r| r.binary.as_deref() == Some(binary_path))
        })
        .or((results.len() == 1).then_some(0));
    let Some(i) = pick else {
        return Err(if results.is_empty() {
            PolicyError::NoResults
        } else {
            PolicyError::NoMatch {
                count: results.len(),
                target: target.to_string(),
                binary: binary_path.to_string(),
            }
        });
    };
    let mut result = results.into_iter().nth(i).unwrap_or_default();
    if !RESULT_VERDICTS.contains(&result.verdict.as_str()) {
        let who = result
            .target
            .clone()
            .or_else(|| result.binary.clone())
            .unwrap_or_else(|| target.to_string());
        return Err(PolicyError::Verdict(who, result.verdict));
    }
    result.policy = file.policy;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"{"schema_version":1,"policy":"fips_policy.toml","future":true,
      "results":[
        {"binary":"bazel-out/a","target":"//a:a","verdict":"pass","violations":[],"exemptions":[]},
        {"binary":"bazel-out/b","target":"//b:b","verdict":"fail","severity":"high",
         "violations":[{"rule":"require_fips","line":3,"column":1,"message":"GOFIPS140 is off","hint":"x"}],
         "exemptions":[]}]}"#;

    #[test]
    fn picks_by_target_then_binary_then_single() {
        let b = select_result(TWO.as_bytes(), "//b:b", "elsewhere").unwrap();
        assert_eq!(b.verdict, "fail");
        assert_eq!(b.policy.as_deref(), Some("fips_policy.toml"));
        let v = &b.violations.as_ref().unwrap()[0];
        assert_eq!(v.rule.as_deref(), Some("require_fips"));
        assert_eq!((v.line, v.column), (Some(3), Some(1)));
        assert_eq!(v.extra["hint"], "x");
        assert_eq!(b.extra["severity"], "high");
        let a = select_result(TWO.as_bytes(), "//c:c", "bazel-out/a").unwrap();
        assert_eq!(a.verdict, "pass");
        let one = r#"{"schema_version":1,"policy":"p","results":[{"verdict":"exempt",
            "exemptions":[{"rule":"require_fips","line":9,"reason":"test tool"}]}]}"#;
        let e = select_result(one.as_bytes(), "//x:x", "x").unwrap();
        assert_eq!(e.verdict, "exempt");
        assert_eq!(
            e.exemptions.unwrap()[0].reason.as_deref(),
            Some("test tool")
        );
    }

    #[test]
    fn rejects_what_it_cannot_attribute() {
        assert!(matches!(
            select_result(TWO.as_bytes(), "//c:c", "c"),
            Err(PolicyError::NoMatch { count: 2, .. })
        ));
        assert_eq!(
            select_result(br#"{"schema_version":1,"results":[]}"#, "//a", "a"),
            Err(PolicyError::NoResults)
        );
        assert!(matches!(
            select_result(br#"{"schema_version":2,"results":[]}"#, "//a", "a"),
            Err(PolicyError::SchemaVersion(_))
        ));
        assert!(matches!(
            select_result(br#"{"results":[{"verdict":"maybe"}]}"#, "//a", "a"),
            Err(PolicyError::Verdict(..))
        ));
        assert_eq!(
            select_result(
                br#"{"schema_version":1,"ok":false,"policy":"p","error":{"kind":"policy","message":"p:3:1: unknown key"}}"#,
                "//a",
                "a"
            ),
            Err(PolicyError::CheckFailed("p:3:1: unknown key".into()))
        );
        assert!(matches!(
            select_result(b"[1,2]", "//a", "a"),
            Err(PolicyError::Json(_))
        ));
        assert!(matches!(
            select_result(br#"{"results":[{"target":"//a"}]}"#, "//a", "a"),
            Err(PolicyError::Json(_))
        ));
    }
}
