//! The inventory as a CycloneDX 1.6 cryptography bill of materials: the
//! binary (`metadata.component`), one `library` per Go module that brings
//! algorithms, one `cryptographic-asset` per algorithm and provider, and
//! `dependencies` binary → libraries → algorithms. No timestamp, and a
//! serial number derived from the binary's SHA-256: the same binary gives
//! the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::catalogue::{Algorithm, Class};
use crate::inventory::{Inventory, ModuleRef, SNAPSHOT_MODULE};

/// The binary the BOM describes.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// Its file name.
    pub name: &'a str,
    /// SHA-256 of its bytes, 64 lowercase hex digits.
    pub sha256: &'a str,
    /// The fipstool version, recorded as the tool.
    pub tool_version: &'a str,
}

/// `urn:uuid:` of the first 16 bytes of the SHA-256, with the version (5)
/// and variant bits set so that it is a valid RFC 4122 UUID.
pub fn serial_number(sha256_hex: &str) -> String {
    let mut b = [0u8; 16];
    for (i, byte) in b.iter_mut().enumerate() {
        *byte = sha256_hex
            .get(2 * i..2 * i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// CycloneDX `implementationPlatform` of a GOARCH.
pub fn platform(goarch: Option<&str>) -> &'static str {
    match goarch {
        Some("amd64") => "x86_64",
        Some("386") => "x86_32",
        Some("arm64") => "armv8-a",
        Some("arm") => "armv7-a",
        Some("s390x") => "s390x",
        Some("ppc64") => "ppc64",
        Some("ppc64le") => "ppc64le",
        Some(_) => "other",
        None => "unknown",
    }
}

/// A package URL (`pkg:golang/<module>@<version>`): the version is
/// percent-encoded, and left out when unknown.
pub fn purl(module: &ModuleRef) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let path: Vec<String> = module.path.split('/').map(enc).collect();
    match &module.version {
        Some(v) => format!("pkg:golang/{}@{}", path.join("/"), enc(v)),
        None => format!("pkg:golang/{}", path.join("/")),
    }
}

/// Who implements an algorithm: a Go module, and the certificate level its
/// algorithms have.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Provider {
    module: ModuleRef,
    level: String,
}

/// The algorithms each provider brings, with the class and packages that
/// revealed each one.
type Provided = BTreeMap<Provider, BTreeMap<Algorithm, (BTreeSet<Class>, BTreeSet<String>)>>;

fn providers(inv: &Inventory) -> Provided {
    let std = ModuleRef {
        path: "std".into(),
        version: inv.go_version.clone(),
    };
    let fm = &inv.fips_module;
    let module = match &fm.version {
        Some(v) => Provider {
            module: ModuleRef {
                path: SNAPSHOT_MODULE.into(),
                version: Some(v.clone()),
            },
            level: fm
                .certificate
                .as_ref()
                .map_or_else(|| "none".to_string(), |c| c.level.clone()),
        },
        // The in-tree module is part of the standard library.
        None => Provider {
            module: std.clone(),
            level: "none".into(),
        },
    };
    let mut out: Provided = BTreeMap::new();
    let mut add = |p: &Provider, a: &Algorithm, class: Class, package: &str| {
        let slot = out
            .entry(p.clone())
            .or_default()
            .entry(a.clone())
            .or_default();
        slot.0.insert(class);
        slot.1.insert(package.to_string());
    };
    for a in &fm.algorithms {
        add(&module, a, Class::FipsModule, "crypto/internal/fips140");
    }
    for p in &inv.packages {
        let provider = match p.class {
            Class::FipsModule | Class::StdViaModule => module.clone(),
            // The algorithms are the standard library's, listed there.
            Class::WrapsStd => continue,
            Class::StdNonApproved | Class::ThirdParty => Provider {
                module: p.module.clone().unwrap_or_else(|| ModuleRef {
                    path: "unknown".into(),
                    version: None,
                }),
                level: "none".into(),
            },
        };
        for a in &p.algorithms {
            add(&provider, a, p.class, &p.package);
        }
    }
    out
}

/// An algorithm component's properties: its classes and packages, and the
/// import chain of each package that has one (`fipstool:import-chain`,
/// `PACKAGE: A -> B -> PACKAGE`), so the CBOM says which code brings it.
fn properties(classes: &[&str], packages: &[&str], inv: &Inventory) -> Value {
    let mut out = vec![
        json!({"name": "fipstool:class", "value": classes.join(",")}),
        json!({"name": "fipstool:packages", "value": packages.join(",")}),
    ];
    for package in packages {
        let chain = inv
            .packages
            .iter()
            .find(|p| p.package == *package)
            .and_then(|p| p.chain.as_ref());
        if let Some(chain) = chain {
            out.push(json!({"name": "fipstool:import-chain", "value": format!("{package}: {}", chain.join(" -> "))}));
        }
    }
    Value::Array(out)
}

/// The CBOM of an inventory.
pub fn cbom(inv: &Inventory, subject: &Subject<'_>) -> Value {
    let binary_ref = format!("binary:sha256:{}", subject.sha256);
    let platform = platform(inv.goarch.as_deref());
    let mut components = Vec::new();
    let mut dependencies = Vec::new();
    let mut library_refs = Vec::new();
    for (provider, algorithms) in providers(inv) {
        let library_ref = purl(&provider.module);
        let mut algorithm_refs = Vec::new();
        for (algorithm, (classes, packages)) in algorithms {
            let r = format!("crypto:{}:{}", provider.module.display(), algorithm.name);
            let classes: Vec<&str> = classes.iter().map(|c| c.as_str()).collect();
            let packages: Vec<&str> = packages.iter().map(String::as_str).collect();
            components.push(json!({
                "type": "cryptographic-asset",
                "bom-ref": r,
                "name": algorithm.name,
                "cryptoProperties": {
                    "assetType": "algorithm",
                    "algorithmProperties": {
                        "primitive": algorithm.primitive.as_str(),
                        "executionEnvironment": "software-plain-ram",
                        "implementationPlatform": platform,
                        "certificationLevel": [provider.level],
                    },
                },
                "properties": properties(&classes, &packages, inv),
            }));
            algorithm_refs.push(r);
        }
        let mut library = json!({
            "type": "library",
            "bom-ref": library_ref,
            "name": provider.module.path,
            "purl": library_ref,
        });
        if let (Some(v), Some(obj)) = (&provider.module.version, library.as_object_mut()) {
            obj.insert("version".into(), json!(v));
        }
        components.push(library);
        dependencies.push(json!({"ref": library_ref, "dependsOn": algorithm_refs}));
        library_refs.push(library_ref);
    }
    dependencies.insert(0, json!({"ref": binary_ref, "dependsOn": library_refs}));
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": serial_number(subject.sha256),
        "version": 1,
        "metadata": {
            "tools": {"components": [{
                "type": "application",
                "name": "fipstool",
                "version": subject.tool_version,
            }]},
            "component": {
                "type": "application",
                "bom-ref": binary_ref,
                "name": subject.name,
                "hashes": [{"alg": "SHA-256", "content": subject.sha256}],
            },
            "properties": [
                {"name": "fipstool:catalogue-version", "value": inv.catalogue_version},
                {"name": "fipstool:fips-module", "value": inv.fips_module.version.as_deref().unwrap_or(inv.fips_module.origin)},
            ],
        },
        "components": components,
        "dependencies": dependencies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{from_names, Catalogue};
    use fips_buildinfo::{BuildInfo, Module, NameSource, Setting};

    const SHA: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn sample() -> Inventory {
        let info = BuildInfo {
            go_version: b"go1.26.6".to_vec(),
            deps: vec![Module {
                path: b"golang.org/x/crypto".to_vec(),
                version: b"v0.31.0".to_vec(),
                ..Module::default()
            }],
            settings: vec![Setting {
                key: b"GOARCH".to_vec(),
                value: b"arm64".to_vec(),
            }],
            ..BuildInfo::default()
        };
        let names = [
            "crypto/internal/fips140/v1.0.0-c2097c7c/sha256.New",
            "crypto/sha256.Sum256",
            "crypto/md5.Sum",
            "golang.org/x/crypto/bcrypt.GenerateFromPassword",
            "golang.org/x/crypto/ed25519.Sign",
        ];
        from_names(
            NameSource::SymbolTable,
            names,
            Some(&info),
            &Catalogue::builtin().unwrap(),
        )
    }

    #[test]
    fn serial_numbers_are_uuids() {
        assert_eq!(
            serial_number(SHA),
            "urn:uuid:00112233-4455-5677-8899-aabbccddeeff"
        );
        assert_eq!(
            serial_number(""),
            "urn:uuid:00000000-0000-5000-8000-000000000000"
        );
    }

    #[test]
    fn purls() {
        let m = |p: &str, v: Option<&str>| ModuleRef {
            path: p.into(),
            version: v.map(str::to_string),
        };
        assert_eq!(
            purl(&m("golang.org/x/crypto", Some("v0.31.0"))),
            "pkg:golang/golang.org/x/crypto@v0.31.0"
        );
        assert_eq!(
            purl(&m("example.com/app", Some("(devel)"))),
            "pkg:golang/example.com/app@%28devel%29"
        );
        assert_eq!(purl(&m("std", None)), "pkg:golang/std");
    }

    #[test]
    fn components_and_dependencies() {
        let bom = cbom(
            &sample(),
            &Subject {
                name: "app",
                sha256: SHA,
                tool_version: "0.1.0",
            },
        );
        assert_eq!(bom["specVersion"], "1.6");
        assert_eq!(bom["metadata"]["component"]["hashes"][0]["content"], SHA);
        let assets: Vec<(String, String, String)> = bom["components"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["type"] == "cryptographic-asset")
            .map(|c| {
                let p = &c["cryptoProperties"]["algorithmProperties"];
                (
                    c["name"].as_str().unwrap().to_string(),
                    p["certificationLevel"][0].as_str().unwrap().to_string(),
                    p["implementationPlatform"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want = |n: &str, l: &str| (n.to_string(), l.to_string(), "armv8-a".to_string());
        assert_eq!(
            assets,
            [
                want("SHA-224", "fips140-3-l1"),
                want("SHA-256", "fips140-3-l1"),
                want("bcrypt", "none"),
                want("MD5", "none"),
            ]
        );
        let deps = bom["dependencies"].as_array().unwrap();
        assert_eq!(deps[0]["ref"], format!("binary:sha256:{SHA}"));
        assert_eq!(
            deps[0]["dependsOn"],
            json!([
                "pkg:golang/golang.org/fips140@v1.0.0-c2097c7c",
                "pkg:golang/golang.org/x/crypto@v0.31.0",
                "pkg:golang/std@go1.26.6"
            ])
        );
        assert_eq!(deps[3]["dependsOn"], json!(["crypto:std@go1.26.6:MD5"]));
        // Deterministic.
        let again = cbom(
            &sample(),
            &Subject {
                name: "app",
                sha256: SHA,
                tool_version: "0.1.0",
            },
        );
        assert_eq!(bom, again);
    }

    #[test]
    fn import_chains_are_properties() {
        let mut inv = sample();
        let chain = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let chains = [
            (
                "crypto/md5".to_string(),
                chain(&["//app:server", "crypto/md5"]),
            ),
            (
                "golang.org/x/crypto/bcrypt".to_string(),
                chain(&[
                    "//app:server",
                    "//internal/auth",
                    "@org_golang_x_crypto//bcrypt",
                ]),
            ),
        ]
        .into_iter()
        .collect();
        inv.attach_chains(&chains);
        let subject = Subject {
            name: "app",
            sha256: SHA,
            tool_version: "0.1.0",
        };
        let bom = cbom(&inv, &subject);
        let chains_of = |name: &str| -> Vec<String> {
            let c = bom["components"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == name)
                .unwrap();
            c["properties"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["name"] == "fipstool:import-chain")
                .map(|p| p["value"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(chains_of("MD5"), ["crypto/md5: //app:server -> crypto/md5"]);
        assert_eq!(
            chains_of("bcrypt"),
            ["golang.org/x/crypto/bcrypt: //app:server -> //internal/auth -> @org_golang_x_crypto//bcrypt"]
        );
        // Packages without a chain (the module's) have none.
        assert!(chains_of("SHA-256").is_empty());
        // Without chains the CBOM is as before.
        assert!(!cbom(&sample(), &subject)
            .to_string()
            .contains("import-chain"));
    }
}
