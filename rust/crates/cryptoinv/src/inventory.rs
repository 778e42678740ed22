//! The inventory of one binary: the FIPS module it links, and every
//! catalogued crypto package outside the module, with its class,
//! algorithms, Go module and the functions linked.

use std::collections::{BTreeMap, BTreeSet};

use fips_buildinfo::{BuildInfo, NameSource};
use serde::Serialize;
use thiserror::Error;

use crate::catalogue::{Algorithm, Catalogue, Certified, Class, Entry};
use crate::names;
use crate::semver;

/// The Go module code belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ModuleRef {
    /// `std` for the standard library, `golang.org/fips140` for a module
    /// snapshot, else the module path of a `dep` (or the main module).
    pub path: String,
    /// The module version; for `std`, the Go version (`go1.26.6`); null
    /// when the build information does not say.
    pub version: Option<String>,
}

impl ModuleRef {
    /// `path@version`, or the path alone.
    pub fn display(&self) -> String {
        match &self.version {
            Some(v) => format!("{}@{v}", self.path),
            None => self.path.clone(),
        }
    }
}

/// The module path of FIPS module snapshots (the zips of
/// `GOROOT/lib/fips140` are versions of this module).
pub const SNAPSHOT_MODULE: &str = "golang.org/fips140";

/// The FIPS module the binary links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FipsModuleUse {
    /// `snapshot`, `in-tree` (GOROOT/src: `GOFIPS140=off` or `latest`),
    /// `mixed` (several snapshots: not something Go builds) or `absent`.
    pub origin: &'static str,
    /// The snapshot version, for `snapshot`.
    pub version: Option<String>,
    /// Every snapshot version found (one for `snapshot`).
    pub versions: Vec<String>,
    /// The CMVP certificate of the snapshot, per the catalogue.
    pub certificate: Option<Certified>,
    /// Its packages, as linked (snapshot paths with their version).
    pub packages: Vec<String>,
    /// The catalogued algorithms of those packages, sorted.
    pub algorithms: Vec<Algorithm>,
}

/// A catalogued crypto package outside the module (or the part of one a
/// function-scoped entry covers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageUse {
    pub package: String,
    pub class: Class,
    pub algorithms: Vec<Algorithm>,
    /// Null for a package no module of the build information contains.
    pub module: Option<ModuleRef>,
    /// The functions linked (names after `package.`), sorted.
    pub functions: Vec<String>,
    pub note: Option<String>,
    /// The import chain that brings the package into the program, from the
    /// program's target (`fipstool chains`); absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inventory {
    /// Where the function names came from: `symbol-table` or `pclntab`.
    pub source: &'static str,
    pub catalogue_version: String,
    /// From the build information (null when it cannot be read).
    pub go_version: Option<String>,
    pub main_module: Option<String>,
    pub goos: Option<String>,
    pub goarch: Option<String>,
    pub gofips140: Option<String>,
    pub fips_module: FipsModuleUse,
    /// Sorted by class (std-via-module, std-non-approved, wraps-std,
    /// third-party), then package.
    pub packages: Vec<PackageUse>,
}

impl Inventory {
    /// Give each package its import chain (by the path it links as), from
    /// the chains of the program's import graph.
    pub fn attach_chains(&mut self, chains: &BTreeMap<String, Vec<String>>) {
        for p in &mut self.packages {
            p.chain = chains.get(&p.package).cloned();
        }
    }

    /// The packages of one class.
    pub fn of_class(&self, class: Class) -> impl Iterator<Item = &PackageUse> {
        self.packages.iter().filter(move |p| p.class == class)
    }
}

/// Why a file has no inventory.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InventoryError {
    #[error("no Go function names: {0}")]
    NoFunctions(String),
}

/// Take the inventory of a binary's bytes.
pub fn inventory(data: &[u8], catalogue: &Catalogue) -> Result<Inventory, InventoryError> {
    let functions = fips_buildinfo::function_names(data).map_err(InventoryError::NoFunctions)?;
    let info = fips_buildinfo::read(data).ok();
    Ok(from_names(
        functions.source,
        functions.names.iter().copied(),
        info.as_ref(),
        catalogue,
    ))
}

fn text(b: &[u8]) -> Option<String> {
    Some(String::from_utf8_lossy(b).into_owned()).filter(|s| !s.is_empty())
}

/// The inventory of a list of function names and the build information.
pub fn from_names<'a>(
    source: NameSource,
    functions: impl IntoIterator<Item = &'a str>,
    info: Option<&BuildInfo>,
    catalogue: &Catalogue,
) -> Inventory {
    let setting = |k: &str| info.and_then(|i| i.setting(k)).and_then(text);
    let go_version = info.and_then(|i| text(&i.go_version));
    let mut module_packages = Vec::new();
    let mut packages = Vec::new();
    let wanted = |p: &str| names::in_module(p) || !catalogue.candidates(p).is_empty();
    for (package, locals) in names::by_package(functions, wanted) {
        if names::in_module(&package) {
            module_packages.push(package);
            continue;
        }
        packages.extend(uses(
            &package,
            &locals,
            info,
            go_version.as_deref(),
            catalogue,
        ));
    }
    packages.sort_by(|a, b| (a.class, &a.package).cmp(&(b.class, &b.package)));
    Inventory {
        source: source.as_str(),
        catalogue_version: catalogue.version.clone(),
        go_version,
        main_module: info.and_then(|i| text(&i.path)),
        goos: setting("GOOS"),
        goarch: setting("GOARCH"),
        gofips140: setting("GOFIPS140"),
        fips_module: module_use(module_packages, catalogue),
        packages,
    }
}

fn module_use(packages: Vec<String>, catalogue: &Catalogue) -> FipsModuleUse {
    let versions: BTreeSet<String> = packages
        .iter()
        .filter_map(|p| fips_buildinfo::symbols::version_of_package(p))
        .collect();
    let versions: Vec<String> = versions.into_iter().collect();
    let (origin, version) = match (packages.is_empty(), versions.as_slice()) {
        (true, _) => ("absent", None),
        (false, []) => ("in-tree", None),
        (false, [v]) => ("snapshot", Some(v.clone())),
        (false, _) => ("mixed", None),
    };
    let mut algorithms = BTreeSet::new();
    for p in &packages {
        if let Some(e) = catalogue.candidates(&names::unversioned(p)).first() {
            algorithms.extend(e.algorithms.iter().cloned());
        }
    }
    FipsModuleUse {
        origin,
        certificate: version
            .as_deref()
            .and_then(|v| catalogue.certificate(v))
            .cloned(),
        version,
        versions,
        packages,
        algorithms: algorithms.into_iter().collect(),
    }
}

/// The catalogue's entries for one package, each with the functions it
/// covers (the most specific entry that covers a function takes it).
fn uses(
    package: &str,
    locals: &BTreeSet<String>,
    info: Option<&BuildInfo>,
    go_version: Option<&str>,
    catalogue: &Catalogue,
) -> Vec<PackageUse> {
    let candidates = catalogue.candidates(package);
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut taken: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for local in locals {
        if let Some(i) = candidates.iter().position(|e| e.covers(local)) {
            taken.entry(i).or_default().push(local.clone());
        }
    }
    let module = module_of(package, info, go_version);
    taken
        .into_iter()
        .filter_map(|(i, functions)| {
            let entry: &Entry = candidates.get(i)?;
            Some(PackageUse {
                package: package.to_string(),
                class: class_of(entry, module.as_ref()),
                algorithms: entry.algorithms.clone(),
                module: module.clone(),
                functions,
                note: entry.note.clone(),
                chain: None,
            })
        })
        .collect()
}

/// The entry's class; a third-party package that forwards to the standard
/// library from some version on is `wraps-std` at that version or later
/// (an unknown version counts as earlier).
fn class_of(entry: &Entry, module: Option<&ModuleRef>) -> Class {
    let version = module.and_then(|m| m.version.as_deref());
    match (&entry.wraps_std_since, version) {
        (Some(since), Some(v)) if semver::at_least(v, since) == Some(true) => Class::WrapsStd,
        _ => entry.class,
    }
}

/// The module of a package: the main module or the `dep` with the longest
/// path that contains it; `std` for a standard-library path.
fn module_of(
    package: &str,
    info: Option<&BuildInfo>,
    go_version: Option<&str>,
) -> Option<ModuleRef> {
    let contains = |path: &str| {
        !path.is_empty()
            && package
                .strip_prefix(path)
                .is_some_and(|r| r.is_empty() || r.starts_with('/'))
    };
    if let Some(info) = info {
        let mut best: Option<ModuleRef> = None;
        let mods = info.main.iter().chain(info.deps.iter());
        for m in mods {
            let path = String::from_utf8_lossy(&m.path);
            if !contains(&path) || best.as_ref().is_some_and(|b| b.path.len() >= path.len()) {
                continue;
            }
            let version = match &m.replace {
                Some(r) if !r.version.is_empty() => text(&r.version),
                _ => text(&m.version),
            };
            best = Some(ModuleRef {
                path: path.into_owned(),
                version,
            });
        }
        if best.is_some() {
            return best;
        }
    }
    names::is_std(package).then(|| ModuleRef {
        path: "std".to_string(),
        version: go_version.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fips_buildinfo::Module;

    fn info(deps: &[(&str, &str)]) -> BuildInfo {
        BuildInfo {
            go_version: b"go1.26.6".to_vec(),
            path: b"example.com/app".to_vec(),
            main: Some(Module {
                path: b"example.com/app".to_vec(),
                version: b"(devel)".to_vec(),
                ..Module::default()
            }),
            deps: deps
                .iter()
                .map(|(p, v)| Module {
                    path: p.as_bytes().to_vec(),
                    version: v.as_bytes().to_vec(),
                    ..Module::default()
                })
                .collect(),
            settings: vec![fips_buildinfo::Setting {
                key: b"GOARCH".to_vec(),
                value: b"amd64".to_vec(),
            }],
        }
    }

    fn take(names: &[&str], deps: &[(&str, &str)]) -> Inventory {
        let c = Catalogue::builtin().unwrap();
        from_names(
            NameSource::Pclntab,
            names.iter().copied(),
            Some(&info(deps)),
            &c,
        )
    }

    #[test]
    fn classes_modules_and_functions() {
        let inv = take(
            &[
                "crypto/internal/fips140/v1%2e0%2e0-c2097c7c.CAST",
                "crypto/internal/fips140/v1.0.0-c2097c7c/sha256.(*Digest).Write",
                "crypto/sha256.New",
                "crypto/md5.(*digest).Write",
                "crypto/md5.Sum",
                "crypto/des.NewCipher",
                "crypto/x509.ParseCertificate",
                "golang.org/x/crypto/chacha20poly1305.(*chacha20poly1305).Seal",
                "golang.org/x/crypto/curve25519.X25519",
                "golang.org/x/crypto/sha3.New256",
                "golang.org/x/crypto/sha3.NewLegacyKeccak256",
                "main.main",
            ],
            &[
                ("golang.org/x/crypto", "v0.58.0"),
                ("golang.org/x", "v1.0.0"),
            ],
        );
        assert_eq!(inv.fips_module.origin, "snapshot");
        assert_eq!(inv.fips_module.version.as_deref(), Some("v1.0.0-c2097c7c"));
        assert_eq!(
            inv.fips_module.certificate.as_ref().unwrap().certificate,
            "5247"
        );
        let names: Vec<&str> = inv
            .fips_module
            .algorithms
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["SHA-224", "SHA-256"]);
        let got: Vec<(&str, Class, String)> = inv
            .packages
            .iter()
            .map(|p| {
                (
                    p.package.as_str(),
                    p.class,
                    p.module.as_ref().unwrap().display(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "crypto/sha256",
                    Class::StdViaModule,
                    "std@go1.26.6".to_string()
                ),
                ("crypto/des", Class::StdNonApproved, "std@go1.26.6".into()),
                ("crypto/md5", Class::StdNonApproved, "std@go1.26.6".into()),
                (
                    "golang.org/x/crypto/curve25519",
                    Class::WrapsStd,
                    "golang.org/x/crypto@v0.58.0".into()
                ),
                (
                    "golang.org/x/crypto/sha3",
                    Class::WrapsStd,
                    "golang.org/x/crypto@v0.58.0".into()
                ),
                (
                    "golang.org/x/crypto/chacha20poly1305",
                    Class::ThirdParty,
                    "golang.org/x/crypto@v0.58.0".into()
                ),
                (
                    "golang.org/x/crypto/sha3",
                    Class::ThirdParty,
                    "golang.org/x/crypto@v0.58.0".into()
                ),
            ]
        );
        let md5 = &inv.packages[2];
        assert_eq!(md5.functions, ["(*digest).Write", "Sum"]);
        assert_eq!(md5.algorithms[0].name, "MD5");
        assert_eq!(inv.packages[6].functions, ["NewLegacyKeccak256"]);
        assert_eq!(inv.goarch.as_deref(), Some("amd64"));
    }

    #[test]
    fn wrapping_depends_on_the_version() {
        let inv = take(
            &["golang.org/x/crypto/sha3.New256"],
            &[("golang.org/x/crypto", "v0.31.0")],
        );
        assert_eq!(inv.packages[0].class, Class::ThirdParty);
        let inv = take(&["golang.org/x/crypto/sha3.New256"], &[]);
        assert_eq!(inv.packages[0].class, Class::ThirdParty);
        assert_eq!(inv.packages[0].module, None);
    }

    #[test]
    fn function_scoped_entries() {
        let inv = take(
            &[
                "crypto/cipher.NewGCM",
                "crypto/cipher.NewOFB",
                "crypto/cipher.(*ofb).XORKeyStream",
            ],
            &[],
        );
        let got: Vec<(Class, usize)> = inv
            .packages
            .iter()
            .map(|p| (p.class, p.functions.len()))
            .collect();
        assert_eq!(got, [(Class::StdViaModule, 1), (Class::StdNonApproved, 2)]);
    }

    #[test]
    fn module_origins() {
        let inv = take(
            &["crypto/internal/fips140/sha256.New", "crypto/sha256.New"],
            &[],
        );
        assert_eq!(inv.fips_module.origin, "in-tree");
        assert_eq!(inv.fips_module.certificate, None);
        let inv = take(&["crypto/md5.Sum"], &[]);
        assert_eq!(inv.fips_module.origin, "absent");
        let inv = take(
            &[
                "crypto/internal/fips140/v1.26.0/aes.New",
                "crypto/internal/fips140/v1.0.0-c2097c7c/aes.New",
            ],
            &[],
        );
        assert_eq!(inv.fips_module.origin, "mixed");
        assert_eq!(inv.fips_module.versions, ["v1.0.0-c2097c7c", "v1.26.0"]);
    }

    #[test]
    fn longest_module_path_wins() {
        let inv = take(
            &["github.com/cloudflare/circl/sign/ed448.Sign"],
            &[
                ("github.com/cloudflare", "v9.0.0"),
                ("github.com/cloudflare/circl", "v1.6.1"),
            ],
        );
        assert_eq!(
            inv.packages[0].module.as_ref().unwrap().display(),
            "github.com/cloudflare/circl@v1.6.1"
        );
    }

    #[test]
    fn stripped_synthetic_binary() {
        let mut elf = fips_buildinfo::synth::GodebugElf::new(false, b"x");
        elf.functions = vec!["crypto/rc4.(*Cipher).XORKeyStream", "main.main"];
        let inv = inventory(&elf.build(), &Catalogue::builtin().unwrap()).unwrap();
        assert_eq!(inv.source, "pclntab");
        assert_eq!(inv.go_version, None);
        assert_eq!(inv.packages.len(), 1);
        assert_eq!(inv.packages[0].class, Class::StdNonApproved);
        assert_eq!(inv.packages[0].module.as_ref().unwrap().path, "std");
        assert!(inventory(b"junk", &Catalogue::builtin().unwrap()).is_err());
    }
}
