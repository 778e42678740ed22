//! FIPS module symbols: the names under `crypto/internal/fips140` in a
//! binary's symbol table, and the module version they reveal. A snapshot
//! build (`GOFIPS140=v1.0.0`, `inprocess`, `certified`) compiles the module
//! as `crypto/internal/fips140/<version>/...`; `off` and `latest` compile the
//! unversioned packages in GOROOT/src (the in-tree module).
//!
//! Go escapes dots in the last element of a package path inside symbol
//! names (`crypto/internal/fips140/v1%2e0%2e0-c2097c7c.CAST`), so names are
//! unescaped before the version is read.

use std::collections::BTreeSet;

use object::{Object, ObjectSymbol};

/// The import path prefix of the FIPS module.
pub const FIPS_PREFIX: &str = "crypto/internal/fips140";

/// Where the names came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolSource {
    /// The symbol table (ELF `.symtab`, Mach-O symtab, PE COFF symbols).
    SymbolTable,
    /// No symbol table names: a scan of the file's bytes (function names in
    /// the Go pclntab survive `-ldflags=-s` and `strip`).
    FileScan,
}

impl SymbolSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SymbolSource::SymbolTable => "symbol-table",
            SymbolSource::FileScan => "file-scan",
        }
    }
}

/// Which FIPS module the binary contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FipsModule {
    /// A frozen snapshot, by version (`v1.0.0-c2097c7c`, `v1.26.0`).
    Snapshot(String),
    /// The unversioned module from GOROOT/src (`GOFIPS140=off` or `latest`).
    InTree,
    /// Several versions at once (not something Go produces).
    Mixed(Vec<String>),
    /// No FIPS module names at all.
    Absent,
}

/// What [`fips_symbols`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FipsSymbols {
    pub source: SymbolSource,
    /// FIPS symbol names from the symbol table, in table order (empty for a
    /// file scan).
    pub names: Vec<String>,
    /// The FIPS packages (import paths, unescaped), sorted.
    pub packages: Vec<String>,
    pub module: FipsModule,
}

/// Whether `name` is a symbol of a FIPS module package
/// (`crypto/internal/fips140` itself or a package under it).
pub fn is_fips_symbol(name: &str) -> bool {
    match name.strip_prefix(FIPS_PREFIX) {
        Some(rest) => rest.starts_with('/') || rest.starts_with('.'),
        None => false,
    }
}

/// The package path of a Go symbol name (the part before the first `.` after
/// the last `/`, ignoring generic instantiation brackets), unescaped.
pub fn package_of(name: &str) -> Option<String> {
    let base = name.split('[').next().unwrap_or(name);
    let slash = base.rfind('/').unwrap_or(0);
    // A bare package path whose last element is a version (a string in the
    // binary's type data, not a symbol): the whole text is the path.
    if base.get(slash + 1..).is_some_and(is_version) {
        return Some(base.to_string());
    }
    let tail = base.get(slash..)?;
    let dot = tail.find('.')?;
    let pkg = base.get(..slash + dot)?;
    Some(unescape(pkg))
}

fn unescape(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The snapshot version in a FIPS package path, if any:
/// `crypto/internal/fips140/v1.0.0-c2097c7c/sha256` → `v1.0.0-c2097c7c`.
pub fn version_of_package(pkg: &str) -> Option<String> {
    let rest = pkg.strip_prefix(FIPS_PREFIX)?.strip_prefix('/')?;
    let seg = rest.split('/').next()?;
    is_version(seg).then(|| seg.to_string())
}

/// `vX.Y.Z` optionally followed by `-` and letters/digits (`-c2097c7c`,
/// `-rc1`): the versions GOFIPS140 accepts.
pub fn is_version(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('v') else {
        return false;
    };
    let (core, suffix) = match rest.split_once('-') {
        Some((c, x)) => (c, Some(x)),
        None => (rest, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let suffix_ok = suffix.map_or(true, |x| {
        !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    numeric && suffix_ok
}

fn classify(packages: &BTreeSet<String>) -> FipsModule {
    if packages.is_empty() {
        return FipsModule::Absent;
    }
    let versions: BTreeSet<String> = packages
        .iter()
        .filter_map(|p| version_of_package(p))
        .collect();
    let mut versions: Vec<String> = versions.into_iter().collect();
    match versions.len() {
        0 => FipsModule::InTree,
        1 => FipsModule::Snapshot(versions.pop().unwrap_or_default()),
        _ => FipsModule::Mixed(versions),
    }
}

/// List the FIPS module symbols of a binary and classify the module.
pub fn fips_symbols(data: &[u8]) -> FipsSymbols {
    let mut names = Vec::new();
    let mut packages = BTreeSet::new();
    if let Ok(file) = object::File::parse(data) {
        for sym in file.symbols() {
            let Ok(name) = sym.name() else { continue };
            // Mach-O (and 386 COFF) names may carry a leading underscore.
            let name = match name.strip_prefix('_') {
                Some(n) if n.starts_with(FIPS_PREFIX) => n,
                _ => name,
            };
            if is_fips_symbol(name) {
                if let Some(p) = package_of(name) {
                    packages.insert(p);
                }
                names.push(name.to_string());
            }
        }
    }
    if !names.is_empty() {
        let module = classify(&packages);
        return FipsSymbols {
            source: SymbolSource::SymbolTable,
            names,
            packages: packages.into_iter().collect(),
            module,
        };
    }
    let packages = scan_file(data);
    let module = classify(&packages);
    FipsSymbols {
        source: SymbolSource::FileScan,
        names: Vec::new(),
        packages: packages.into_iter().collect(),
        module,
    }
}

/// Find FIPS package paths in the raw bytes (function names in pclntab are
/// stored as NUL-terminated strings).
fn scan_file(data: &[u8]) -> BTreeSet<String> {
    let mut packages = BTreeSet::new();
    for at in memchr::memmem::find_iter(data, FIPS_PREFIX.as_bytes()) {
        let tail = data.get(at..).unwrap_or(&[]);
        let len = tail
            .iter()
            .take(512)
            .position(|&b| !(b.is_ascii_alphanumeric() || b"_.%/()*-".contains(&b)))
            .unwrap_or(tail.len().min(512));
        let Ok(text) = std::str::from_utf8(tail.get(..len).unwrap_or(&[])) else {
            continue;
        };
        if !is_fips_symbol(text) || text.ends_with(".go") || text.ends_with(".s") {
            continue;
        }
        if let Some(p) = package_of(text) {
            packages.insert(p);
        }
    }
    packages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_paths() {
        let cases = [
            ("crypto/internal/fips140.Enabled", "crypto/internal/fips140"),
            ("crypto/internal/fips140/sha256.(*Digest).Write", "crypto/internal/fips140/sha256"),
            (
                "crypto/internal/fips140/v1%2e0%2e0-c2097c7c.CAST",
                "crypto/internal/fips140/v1.0.0-c2097c7c",
            ),
            (
                "crypto/internal/fips140/v1.0.0-c2097c7c/nistec/fiat.(*P256Element).Mul",
                "crypto/internal/fips140/v1.0.0-c2097c7c/nistec/fiat",
            ),
            (
                "crypto/internal/fips140/v1.26.0/ecdsa.Sign[go.shape.*crypto/internal/fips140/v1.26.0/nistec.P256Point]",
                "crypto/internal/fips140/v1.26.0/ecdsa",
            ),
        ];
        for (name, want) in cases {
            assert!(is_fips_symbol(name), "{name}");
            assert_eq!(package_of(name).as_deref(), Some(want), "{name}");
        }
        assert!(!is_fips_symbol(
            "crypto/internal/fips140deps/byteorder.BEUint64"
        ));
        assert!(!is_fips_symbol("crypto/internal/fips140only.Enabled"));
        assert!(!is_fips_symbol(
            "type:crypto/internal/fips140/sha256.Digest"
        ));
        assert_eq!(package_of("nodot"), None);
    }

    #[test]
    fn versions() {
        assert_eq!(
            version_of_package("crypto/internal/fips140/v1.0.0-c2097c7c/sha256").as_deref(),
            Some("v1.0.0-c2097c7c")
        );
        assert_eq!(
            version_of_package("crypto/internal/fips140/v1.26.0").as_deref(),
            Some("v1.26.0")
        );
        assert_eq!(
            version_of_package("crypto/internal/fips140/v1.1.0-rc1/aes").as_deref(),
            Some("v1.1.0-rc1")
        );
        assert_eq!(version_of_package("crypto/internal/fips140/sha256"), None);
        assert_eq!(version_of_package("crypto/internal/fips140"), None);
        for bad in ["v1.0", "v1.0.0-", "v1..0", "1.0.0", "v1.0.0-a/b", "vx.y.z"] {
            assert!(!is_version(bad), "{bad}");
        }
    }

    #[test]
    fn classification_and_scan() {
        let data = b"\0crypto/internal/fips140/v1.26.0/sha256.Sum\0crypto/internal/fips140/v1%2e26%2e0.Name\0\
                     crypto/internal/fips140/v1.26.0/sha256/sha256.go\0";
        let s = fips_symbols(data);
        assert_eq!(s.source, SymbolSource::FileScan);
        assert_eq!(s.module, FipsModule::Snapshot("v1.26.0".into()));
        assert_eq!(
            s.packages,
            [
                "crypto/internal/fips140/v1.26.0",
                "crypto/internal/fips140/v1.26.0/sha256"
            ]
        );
        let s = fips_symbols(b"xx crypto/internal/fips140/sha256.New\0");
        assert_eq!(s.module, FipsModule::InTree);
        assert_eq!(fips_symbols(b"nothing here").module, FipsModule::Absent);
        let s = fips_symbols(
            b"crypto/internal/fips140/v1.0.0-aaaaaaaa/x.F\0crypto/internal/fips140/v1.26.0/x.F\0",
        );
        assert_eq!(
            s.module,
            FipsModule::Mixed(vec!["v1.0.0-aaaaaaaa".into(), "v1.26.0".into()])
        );
    }
}
