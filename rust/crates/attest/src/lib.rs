//! fips-attest: per-binary FIPS attestations (`fipstool attest`) and the
//! report that gathers them (`fipstool report`).
//!
//! # Attestation (schema_version 1)
//! One JSON object per binary, recording facts only: the integrity verdict
//! is recorded whatever it is. No timestamps, no host names, no paths other
//! than `binary.path` as given (and the policy checker's own object), keys
//! in a fixed order: the same inputs give the same bytes.
//!
//! ```text
//! schema_version 1
//! kind           "fips-attestation"
//! target         the Bazel label, as given
//! binary         { path, sha256, format: "ELF"|"Mach-O"|"PE"|null, goos, goarch }
//! sdk            { version, archive_sha256: hex|null, go_version: from build info|null }
//! fips           { requested_version, gofips140: build setting|null, enabled,
//!                  snapshot: null | { version, zip_sha256, h1, status, certificate },
//!                  module: { origin, version }, default_godebug,
//!                  runtime_default_godebug, godebug_fips140,
//!                  tags: [string], experiments: [string] }
//!   snapshot.status  certified | in_process | superseded (from the index),
//!                    not_in_index (the index lacks it), unknown (no index given)
//! integrity      { verdict, detail, stored_sum, computed_sum }
//! policy         {"verdict": "none"} | the policy checker's result for this
//!                binary plus "policy": its policy path
//! enforcement    "strict" | "validation" | null
//! crypto         optional: { catalogue_version, module: { origin, version,
//!                certificate }, packages: [{ package, class, algorithms,
//!                module }] }, the crypto inventory (`fipstool crypto`)
//!                without the standard library's through-the-module packages
//! ```
//!
//! # Report (schema_version 1)
//! `{schema_version, kind: "fips-report", title, summary: {binaries,
//! fips_enabled, verified, policy_pass, policy_exempt, policy_fail,
//! policy_none}, attestations: [sorted by target]}`, and an HTML page
//! ([`html::render`]).

pub mod attest;
pub mod html;
pub mod policy;
pub mod report;
pub mod schema;

use std::io::Write;
use std::path::Path;

pub use attest::{attest, snapshot_facts, AttestError, Request};
pub use policy::{select_result, PolicyError};
pub use report::{FipsReport, Summary, DEFAULT_TITLE};
pub use schema::{
    is_sha256_hex, Attestation, CryptoFacts, PolicyFacts, ReadError, ATTESTATION_KIND, REPORT_KIND,
    SCHEMA_VERSION,
};

/// Write `bytes` to `dest` through a temporary file beside it and a
/// rename: readers never see a half-written file, and a failure leaves
/// nothing behind. The file is created readable by all (0644 on Unix).
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".fipstool-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use schema::*;
    use serde_json::{json, Value};

    /// A hand-made attestation (the real ones are tested in
    /// fipstool/tests/attest.rs).
    pub(crate) fn sample(
        target: &str,
        mode: Option<&str>,
        verdict: &str,
        policy: &str,
    ) -> Attestation {
        let on = mode.is_some_and(|m| m != "off");
        Attestation {
            schema_version: 1,
            kind: ATTESTATION_KIND.into(),
            target: target.into(),
            binary: BinaryFacts {
                path: format!("bazel-out/bin/{}", target.trim_start_matches('/')),
                sha256: "ab".repeat(32),
                format: Some("ELF".into()),
                goos: Some("linux".into()),
                goarch: Some("amd64".into()),
            },
            sdk: SdkFacts {
                version: "1.26.6".into(),
                archive_sha256: Some("cd".repeat(32)),
                go_version: Some("go1.26.6".into()),
            },
            fips: FipsFacts {
                requested_version: if on { "certified" } else { "off" }.into(),
                gofips140: on.then(|| "v1.0.0-c2097c7c".into()),
                enabled: on,
                snapshot: on.then(|| SnapshotFacts {
                    version: "v1.0.0-c2097c7c".into(),
                    zip_sha256: Some(
                        "daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b".into(),
                    ),
                    h1: Some("h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ=".into()),
                    status: "certified".into(),
                    certificate: None,
                }),
                module: ModuleFacts {
                    origin: if on { "snapshot" } else { "in-tree" }.into(),
                    version: on.then(|| "v1.0.0-c2097c7c".into()),
                },
                default_godebug: mode.map(|m| format!("fips140={m}")),
                runtime_default_godebug: Some(
                    mode.map(|m| format!("fips140={m}")).unwrap_or_default(),
                ),
                godebug_fips140: mode.map(str::to_string),
                tags: if on {
                    vec!["fips140v1.0".into()]
                } else {
                    vec![]
                },
                experiments: vec![],
            },
            integrity: IntegrityFacts {
                verdict: verdict.into(),
                detail: "the stored sum matches the FIPS code and data".into(),
                stored_sum: Some("11".repeat(32)),
                computed_sum: Some("11".repeat(32)),
            },
            policy: match policy {
                "none" => PolicyFacts::none(),
                v => PolicyFacts {
                    verdict: v.into(),
                    policy: Some("fips_policy.toml".into()),
                    target: Some(target.into()),
                    violations: Some(vec![]),
                    exemptions: Some(vec![]),
                    ..PolicyFacts::default()
                },
            },
            enforcement: Some("validation".into()),
            crypto: None,
        }
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn attestation_json_shape_and_key_order() {
        let a = sample("//cmd/app:server", Some("on"), "fips-verified", "none");
        let text = a.to_json();
        assert!(text.ends_with("}\n"));
        // Key order is the schema's, not alphabetical.
        let order = [
            "\"schema_version\"",
            "\"kind\"",
            "\"target\"",
            "\"binary\"",
            "\"sdk\"",
            "\"fips\"",
            "\"integrity\"",
            "\"policy\"",
            "\"enforcement\"",
        ];
        let pos: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kind"], "fips-attestation");
        assert_eq!(
            keys(&v["binary"]),
            ["format", "goarch", "goos", "path", "sha256"]
        );
        assert_eq!(keys(&v["sdk"]), ["archive_sha256", "go_version", "version"]);
        assert_eq!(v["fips"]["snapshot"]["status"], "certified");
        assert_eq!(v["fips"]["snapshot"]["certificate"], Value::Null);
        assert_eq!(v["fips"]["tags"], json!(["fips140v1.0"]));
        assert_eq!(v["fips"]["experiments"], json!([]));
        assert_eq!(v["integrity"]["verdict"], "fips-verified");
        assert_eq!(v["policy"], json!({"verdict": "none"}));
        assert_eq!(v["enforcement"], "validation");
        assert_eq!(Attestation::parse(text.as_bytes()).unwrap(), a);
    }

    #[test]
    fn enforcement_is_optional_checked_and_shown() {
        let a = sample("//a:a", Some("on"), "fips-verified", "pass");
        let mut v: Value = serde_json::from_str(&a.to_json()).unwrap();
        // An attestation written before the field existed still reads.
        v.as_object_mut().unwrap().remove("enforcement");
        let old = Attestation::parse(v.to_string().as_bytes()).unwrap();
        assert_eq!(old.enforcement, None);
        v["enforcement"] = json!("lenient");
        assert_eq!(
            Attestation::parse(v.to_string().as_bytes()),
            Err(ReadError::Invalid(
                "enforcement \"lenient\" is not one of strict, validation".into()
            ))
        );
        let mut strict = a.clone();
        strict.enforcement = Some("strict".into());
        let page = html::render(&FipsReport::new(None, vec![strict, a, old]));
        assert!(page.contains("enforcement: strict"), "{page}");
        assert!(page.contains("enforcement: validation"), "{page}");
        assert!(page.contains("enforcement: not recorded"), "{page}");
    }

    #[test]
    fn runtime_default_godebug_is_optional_and_shown_when_it_overrides() {
        let a = sample("//a:a", Some("on"), "fips-verified", "none");
        let mut v: Value = serde_json::from_str(&a.to_json()).unwrap();
        assert_eq!(v["fips"]["runtime_default_godebug"], "fips140=on");
        // An attestation written before the field existed still reads.
        v["fips"]
            .as_object_mut()
            .unwrap()
            .remove("runtime_default_godebug");
        let old = Attestation::parse(v.to_string().as_bytes()).unwrap();
        assert_eq!(old.fips.runtime_default_godebug, None);
        let note = "runtime.godebugDefault overrides the build info";
        let page = html::render(&FipsReport::new(None, vec![a.clone(), old]));
        assert!(!page.contains(note));
        let mut over = a;
        over.fips.runtime_default_godebug = Some("fips140=off".into());
        over.fips.godebug_fips140 = Some("off".into());
        let page = html::render(&FipsReport::new(None, vec![over]));
        assert!(page.contains(note), "{page}");
        assert!(page.contains("runtime.godebugDefault: fips140=off"));
    }

    #[test]
    fn policy_object_keeps_unknown_fields() {
        let mut a = sample("//a:a", Some("on"), "fips-verified", "exempt");
        a.policy.extra.insert("future".into(), json!({"x": 1}));
        a.policy.exemptions = Some(vec![Exemption {
            rule: Some("require_certified".into()),
            line: Some(7),
            reason: Some("vendor tool".into()),
            ..Exemption::default()
        }]);
        let back = Attestation::parse(a.to_json().as_bytes()).unwrap();
        assert_eq!(back, a);
        let v: Value = serde_json::from_str(&back.to_json()).unwrap();
        assert_eq!(v["policy"]["future"]["x"], 1);
        assert_eq!(v["policy"]["exemptions"][0]["line"], 7);
    }

    #[test]
    fn rejects_bad_attestations() {
        let good: Value =
            serde_json::from_str(&sample("//a:a", Some("on"), "fips-verified", "pass").to_json())
                .unwrap();
        let with = |path: &[&str], value: Value| {
            let mut v = good.clone();
            let mut cur = &mut v;
            for p in &path[..path.len() - 1] {
                cur = &mut cur[*p];
            }
            cur[path[path.len() - 1]] = value;
            v.to_string()
        };
        let cases: Vec<(String, &str)> = vec![
            ("".into(), "not JSON"),
            ("[]".into(), "not a JSON object"),
            ("{}".into(), "no schema_version"),
            (with(&["schema_version"], json!(2)), "schema_version 2"),
            (
                with(&["schema_version"], json!("1")),
                "schema_version \"1\"",
            ),
            (
                with(&["kind"], json!("fips-report")),
                "kind \"fips-report\"",
            ),
            (with(&["target"], json!(7)), "malformed"),
            (with(&["target"], json!("")), "target is empty"),
            (with(&["binary", "sha256"], json!("XYZ")), "binary.sha256"),
            (
                with(&["sdk", "archive_sha256"], json!("12")),
                "archive_sha256",
            ),
            (
                with(&["integrity", "verdict"], json!("fine")),
                "integrity.verdict",
            ),
            (
                with(&["policy", "verdict"], json!("maybe")),
                "policy.verdict",
            ),
            (
                with(&["policy", "violations"], json!([{"line": -1}])),
                "malformed",
            ),
            (
                with(&["fips", "snapshot", "status"], json!("ok")),
                "fips.snapshot.status",
            ),
            (with(&["fips", "enabled"], json!("yes")), "malformed"),
        ];
        for (text, want) in cases {
            let err = Attestation::parse(text.as_bytes()).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err} (want {want})");
        }
        let big = vec![b' '; MAX_ATTESTATION_BYTES + 1];
        assert!(matches!(
            Attestation::parse(&big),
            Err(ReadError::TooLarge(_))
        ));
        // Unknown fields are fine within schema_version 1.
        assert!(Attestation::parse(with(&["new_field"], json!(1)).as_bytes()).is_ok());
    }

    #[test]
    fn report_sorts_and_counts() {
        let atts = vec![
            sample("//z:off", None, "fips-verified", "exempt"),
            sample("//a:broken", Some("on"), "integrity-mismatch", "fail"),
            sample("//m:ok", Some("on"), "fips-verified", "pass"),
            sample("//b:debug", Some("debug"), "fips-verified", "none"),
        ];
        let r = FipsReport::new(Some("Release 7"), atts.clone());
        let targets: Vec<&str> = r.attestations.iter().map(|a| a.target.as_str()).collect();
        assert_eq!(targets, ["//a:broken", "//b:debug", "//m:ok", "//z:off"]);
        assert_eq!(
            r.summary,
            Summary {
                binaries: 4,
                fips_enabled: 3,
                verified: 3,
                policy_pass: 1,
                policy_exempt: 1,
                policy_fail: 1,
                policy_none: 1,
            }
        );
        // Any input order gives the same bytes.
        let mut reversed = atts;
        reversed.reverse();
        let r2 = FipsReport::new(Some("Release 7"), reversed);
        assert_eq!(r.to_json(), r2.to_json());
        assert_eq!(html::render(&r), html::render(&r2));
        let v: Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(
            keys(&v),
            ["attestations", "kind", "schema_version", "summary", "title"]
        );
        assert_eq!(v["kind"], "fips-report");
        assert_eq!(v["summary"]["policy_none"], 1);
        assert_eq!(v["attestations"][3]["target"], "//z:off");
        assert_eq!(FipsReport::new(None, vec![]).title, DEFAULT_TITLE);
    }

    #[test]
    fn html_escapes_everything() {
        let mut a = sample(
            "//x:<script>alert(1)</script>",
            Some("on"),
            "fips-verified",
            "fail",
        );
        a.policy.violations = Some(vec![Violation {
            rule: Some("r\"ule".into()),
            line: Some(3),
            column: Some(9),
            message: Some("<img src=x onerror=alert(2)> & more".into()),
            ..Violation::default()
        }]);
        a.binary.path = "a'b\"c<d>".into();
        let page = html::render(&FipsReport::new(Some("<b>T&T</b>"), vec![a]));
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<img"));
        assert!(!page.contains("<b>"));
        assert!(page.contains("//x:&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&lt;img src=x onerror=alert(2)&gt; &amp; more"));
        assert!(page.contains("<title>&lt;b&gt;T&amp;T&lt;/b&gt;</title>"));
        assert!(page.contains("a&#39;b&quot;c&lt;d&gt;"));
        assert!(page.contains("<code>r&quot;ule</code> line 3:9"));
        // Self-contained: nothing is fetched, nothing runs.
        for bad in ["<script", "src=\"", "href=", "url(", "@import"] {
            assert!(!page.contains(bad), "{bad}");
        }
    }

    #[test]
    fn crypto_is_optional_and_shown_escaped() {
        let mut a = sample("//c:c", Some("on"), "fips-verified", "pass");
        // Older attestations have no crypto object; none is written back.
        let back = Attestation::parse(a.to_json().as_bytes()).unwrap();
        assert_eq!(back.crypto, None);
        assert!(!a.to_json().contains("\"crypto\""));
        a.crypto = Some(CryptoFacts {
            catalogue_version: "2026-12-07".into(),
            module: schema::CryptoModuleFacts {
                origin: "snapshot".into(),
                version: Some("v1.0.0-c2097c7c".into()),
                certificate: Some("5247".into()),
            },
            packages: vec![
                schema::CryptoPackageFacts {
                    package: "crypto/md5".into(),
                    class: "std-non-approved".into(),
                    algorithms: vec!["MD5".into()],
                    module: Some("std@go1.26.6".into()),
                    chain: Some(vec![
                        "//app:server".into(),
                        "crypto/tls".into(),
                        "crypto/md5".into(),
                    ]),
                },
                schema::CryptoPackageFacts {
                    package: "golang.org/x/crypto/ed25519".into(),
                    class: "wraps-std".into(),
                    algorithms: vec!["Ed25519".into()],
                    module: Some("golang.org/x/crypto@v0.31.0".into()),
                    chain: None,
                },
                schema::CryptoPackageFacts {
                    package: "evil.example/<script>x".into(),
                    class: "third-party".into(),
                    algorithms: vec!["<b>".into()],
                    module: None,
                    chain: Some(vec!["//x:<i>".into(), "evil.example/<script>x".into()]),
                },
            ],
        });
        let back = Attestation::parse(a.to_json().as_bytes()).unwrap();
        assert_eq!(back, a);
        let page = html::render(&FipsReport::new(None, vec![a]));
        assert!(page.contains("crypto outside the module: 2"), "{page}");
        assert!(
            page.contains("<span class=\"kind\">std-non-approved</span> <code>crypto/md5</code>")
        );
        assert!(page.contains(
            "<div class=\"chain\">//app:server \u{2192} crypto/tls \u{2192} crypto/md5</div>"
        ));
        assert!(page.contains("<code>evil.example/&lt;script&gt;x</code>"));
        assert!(!page.contains("<script") && !page.contains("<b>") && !page.contains("<i>"));
        // A wrapper is no crypto outside the module.
        assert!(!page.contains("x/crypto/ed25519"));
    }

    #[test]
    fn html_rows_and_status_words() {
        let r = FipsReport::new(
            None,
            vec![
                sample("//ok:ok", Some("on"), "fips-verified", "pass"),
                sample("//off:off", None, "fips-verified", "exempt"),
                sample("//bad:bad", Some("on"), "no-checksum", "fail"),
            ],
        );
        let page = html::render(&r);
        assert_eq!(page.matches("<tr class=\"row-").count(), 3);
        // Colour is never the only signal: each status is also a word.
        for word in [
            "certified",
            "exempt",
            "fail",
            "pass",
            "no-checksum",
            "fips-verified",
            "✓",
            "✗",
        ] {
            assert!(page.contains(word), "{word}");
        }
        assert!(page.contains("<tr class=\"row-bad\">"));
        assert!(page.contains("daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b"));
        assert!(page.contains("h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ="));
        assert!(
            page.contains("certified → <span")
                || page.contains("certified</span> <span class=\"arrow\"")
        );
        assert!(page.contains("<h2>Policy</h2>\n<p><code>fips_policy.toml</code></p>"));
        // A failing verdict shows the first clause of its detail, all of it
        // in the tooltip.
        assert!(page.contains(
            "title=\"the stored sum matches the FIPS code and data\">the stored sum matches the FIPS code and data</div>"
        ));
        let mut long = sample("//l:l", Some("on"), "no-checksum", "none");
        long.integrity.detail =
            "the stored sum is zero (the binary was linked by a C linker); run seal".into();
        let page = html::render(&FipsReport::new(None, vec![long]));
        assert!(page.contains(">the stored sum is zero…</div>"), "{page}");
        let empty = html::render(&FipsReport::new(None, vec![]));
        assert!(empty.contains("No attestations."));
    }

    #[test]
    fn atomic_write() {
        let dir = std::env::temp_dir().join(format!("fips-attest-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let dest = dir.join("a.json");
        write_atomic(&dest, b"one").unwrap();
        write_atomic(&dest, b"two").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert!(write_atomic(&dir.join("missing/x.json"), b"x").is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
