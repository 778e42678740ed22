//! Building an attestation from a binary's bytes: the facts `fipstool
//! inspect` reports (build information, the recomputed integrity sum), the
//! snapshot they name looked up in the pinned index, and a policy result.

use fips_report::Report;
use fips_snapshot::Index;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::schema::{
    is_sha256_hex, Attestation, BinaryFacts, CryptoFacts, FipsFacts, IntegrityFacts, ModuleFacts,
    PolicyFacts, SdkFacts, SnapshotFacts, ATTESTATION_KIND, ENFORCEMENTS, SCHEMA_VERSION,
};

/// What the build knows and the binary cannot tell.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The binary's path, recorded verbatim.
    pub path: &'a str,
    /// The Bazel label.
    pub target: &'a str,
    /// The SDK version (`1.26.6`).
    pub sdk_version: &'a str,
    /// SHA-256 of the SDK archive, if known.
    pub sdk_archive_sha256: Option<&'a str>,
    /// The GOFIPS140 value the build asked for.
    pub requested_version: &'a str,
    /// How the build enforced its checks (one of [`ENFORCEMENTS`]), if said.
    pub enforcement: Option<&'a str>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum AttestError {
    #[error("{0}")]
    Argument(String),
    #[error("not a Go binary: {0}")]
    NotABinary(String),
}

fn split_list(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn check_arguments(req: &Request<'_>) -> Result<(), AttestError> {
    if req.target.is_empty() {
        return Err(AttestError::Argument("--target is empty".to_string()));
    }
    if req.sdk_version.is_empty() {
        return Err(AttestError::Argument("--sdk-version is empty".to_string()));
    }
    if req.requested_version.is_empty() {
        return Err(AttestError::Argument(
            "--requested-version is empty (use off)".to_string(),
        ));
    }
    if let Some(e) = req.enforcement {
        if !ENFORCEMENTS.contains(&e) {
            return Err(AttestError::Argument(format!(
                "--enforcement {e:?} is not one of {}",
                ENFORCEMENTS.join(", ")
            )));
        }
    }
    if let Some(sha) = req.sdk_archive_sha256 {
        if !is_sha256_hex(sha) {
            return Err(AttestError::Argument(format!(
                "--sdk-archive-sha256 {sha:?} is not 64 lowercase hex digits"
            )));
        }
    }
    Ok(())
}

/// The snapshot a GOFIPS140 build setting names, as the index knows it.
/// `off` and `latest` (and no setting) name none.
pub fn snapshot_facts(gofips140: Option<&str>, index: Option<&Index>) -> Option<SnapshotFacts> {
    let version = gofips140.filter(|v| !matches!(*v, "off" | "latest" | ""))?;
    let unknown = |status: &str| SnapshotFacts {
        version: version.to_string(),
        zip_sha256: None,
        h1: None,
        status: status.to_string(),
        certificate: None,
    };
    let Some(index) = index else {
        return Some(unknown("unknown"));
    };
    let Some(entry) = index.snapshots.iter().find(|e| e.version == version) else {
        return Some(unknown("not_in_index"));
    };
    Some(SnapshotFacts {
        version: version.to_string(),
        zip_sha256: Some(entry.sha256.clone()),
        h1: entry.h1.clone(),
        status: entry.status.as_str().to_string(),
        certificate: entry.certificate.clone(),
    })
}

/// Attest the binary `data`. The integrity verdict is recorded whatever it
/// is; only a file that is neither an executable format nor carries Go
/// build information is refused.
pub fn attest(
    req: &Request<'_>,
    data: &[u8],
    index: Option<&Index>,
    policy: Option<PolicyFacts>,
) -> Result<Attestation, AttestError> {
    check_arguments(req)?;
    let report = Report::inspect(req.path.as_bytes(), data);
    if report.format.is_none() && report.build_info.is_none() {
        return Err(AttestError::NotABinary(
            report.fips.integrity.detail.clone(),
        ));
    }
    let setting = |key: &str| -> Option<String> {
        report.build_info.as_ref().and_then(|bi| {
            bi.settings
                .iter()
                .rev()
                .find(|s| s.key == key)
                .map(|s| s.value.clone())
        })
    };
    let f = &report.fips;
    let i = &f.integrity;
    Ok(Attestation {
        schema_version: SCHEMA_VERSION,
        kind: ATTESTATION_KIND.to_string(),
        target: req.target.to_string(),
        binary: BinaryFacts {
            path: req.path.to_string(),
            sha256: hex::encode(Sha256::digest(data)),
            format: report.format.map(str::to_string),
            goos: setting("GOOS"),
            goarch: setting("GOARCH").or_else(|| report.arch.clone()),
        },
        sdk: SdkFacts {
            version: req.sdk_version.to_string(),
            archive_sha256: req.sdk_archive_sha256.map(str::to_string),
            go_version: report.build_info.as_ref().map(|bi| bi.go_version.clone()),
        },
        fips: FipsFacts {
            requested_version: req.requested_version.to_string(),
            gofips140: f.gofips140.clone(),
            enabled: f.mode_default != "off",
            snapshot: snapshot_facts(f.gofips140.as_deref(), index),
            module: ModuleFacts {
                origin: f.module.origin.to_string(),
                version: f.module.version.clone(),
            },
            default_godebug: f.default_godebug.clone(),
            runtime_default_godebug: f.runtime_default_godebug.value.clone(),
            godebug_fips140: f.godebug_fips140.clone(),
            tags: split_list(f.tags.as_deref()),
            experiments: split_list(setting("GOEXPERIMENT").as_deref()),
        },
        integrity: IntegrityFacts {
            verdict: i.verdict.to_string(),
            detail: i.detail.clone(),
            stored_sum: i.stored_sum.clone(),
            computed_sum: i.computed_sum.clone(),
        },
        policy: policy.unwrap_or_else(PolicyFacts::none),
        enforcement: req.enforcement.map(str::to_string),
        crypto: crypto_facts(data),
    })
}

/// The crypto inventory's summary (built-in catalogue), or None when the
/// binary's function names cannot be read.
fn crypto_facts(data: &[u8]) -> Option<CryptoFacts> {
    let catalogue = fips_cryptoinv::Catalogue::builtin().ok()?;
    let inventory = fips_cryptoinv::inventory(data, &catalogue).ok()?;
    Some(CryptoFacts::of(&inventory))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fips_binary::synth::ElfBuilder;

    const INDEX: &str = r#"schema = 1
[[snapshot]]
version = "v1.0.0-c2097c7c"
zip = "v1.0.0-c2097c7c.zip"
sha256 = "daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b"
h1 = "h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ="
status = "certified"
"#;

    fn request() -> Request<'static> {
        Request {
            path: "bazel-out/k8-fastbuild/bin/cmd/app/server",
            target: "//cmd/app:server",
            sdk_version: "1.26.6",
            sdk_archive_sha256: None,
            requested_version: "certified",
            enforcement: Some("strict"),
        }
    }

    #[test]
    fn snapshot_lookup() {
        let index = Index::parse(INDEX).unwrap();
        let s = snapshot_facts(Some("v1.0.0-c2097c7c"), Some(&index)).unwrap();
        assert_eq!(s.status, "certified");
        assert_eq!(
            s.h1.as_deref(),
            Some("h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ=")
        );
        assert_eq!(
            snapshot_facts(Some("v1.26.0"), Some(&index))
                .unwrap()
                .status,
            "not_in_index"
        );
        assert_eq!(
            snapshot_facts(Some("v1.26.0"), None).unwrap().status,
            "unknown"
        );
        assert_eq!(snapshot_facts(Some("latest"), Some(&index)), None);
        assert_eq!(snapshot_facts(None, Some(&index)), None);
    }

    #[test]
    fn synthetic_elf_without_build_info() {
        let data = ElfBuilder::new(8, false).build(true);
        let a = attest(&request(), &data, None, None).unwrap();
        assert_eq!(a.binary.format.as_deref(), Some("ELF"));
        assert_eq!(a.binary.goarch.as_deref(), Some("amd64"));
        assert_eq!(a.binary.goos, None);
        assert_eq!(a.sdk.go_version, None);
        assert_eq!(a.integrity.verdict, "fips-verified");
        assert!(!a.fips.enabled);
        assert_eq!(a.policy, PolicyFacts::none());
        assert_eq!(a.enforcement.as_deref(), Some("strict"));
        assert!(a.validate().is_ok());
        assert_eq!(Attestation::parse(a.to_json().as_bytes()).unwrap(), a);
    }

    #[test]
    fn refuses_non_binaries_and_bad_arguments() {
        assert!(matches!(
            attest(&request(), b"plain text", None, None),
            Err(AttestError::NotABinary(_))
        ));
        let bad_sha = Request {
            sdk_archive_sha256: Some("ABC"),
            ..request()
        };
        assert!(matches!(
            attest(&bad_sha, b"", None, None),
            Err(AttestError::Argument(_))
        ));
        let no_target = Request {
            target: "",
            ..request()
        };
        assert!(matches!(
            attest(&no_target, b"", None, None),
            Err(AttestError::Argument(_))
        ));
        let bad_enforcement = Request {
            enforcement: Some("lenient"),
            ..request()
        };
        assert_eq!(
            attest(&bad_enforcement, b"", None, None),
            Err(AttestError::Argument(
                "--enforcement \"lenient\" is not one of strict, validation".to_string()
            ))
        );
    }

    #[test]
    fn lists_are_split() {
        assert_eq!(split_list(Some("a, b,,c")), vec!["a", "b", "c"]);
        assert!(split_list(None).is_empty());
    }
}
