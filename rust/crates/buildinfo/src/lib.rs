//! fips-buildinfo: read a Go binary's build information exactly as
//! `go version -m` does (Go's `debug/buildinfo` and `runtime/debug`), and
//! list the FIPS module symbols it contains.
//!
//! Build information is a blob that starts with the 14-byte magic
//! `"\xff Go buildinf:"` at a 16-byte aligned address in the binary's data,
//! followed by a pointer size, a flags byte and either (Go 1.18+, flag bit
//! `0x2`) two varint-prefixed strings right after the 32-byte header, or
//! (older) two pointers to Go string headers. The strings are the Go version
//! and the module-info text (`path`, `mod`, `dep`, `=>` and `build` lines).
//!
//! Strings are kept as bytes, as Go keeps them, so that rendering is byte
//! for byte what `go version -m` prints even for invalid UTF-8.

mod exe;
pub mod functions;
pub mod godebug;
pub mod goquote;
mod image;
mod machine_code;
pub mod modinfo;
mod pclntab;
pub mod symbols;
/// A synthetic ELF carrying a build-info blob, for unit tests and fuzzing
/// (feature `synth`).
#[cfg(any(test, feature = "synth"))]
pub mod synth;

pub use functions::{function_names, FunctionNames, NameSource};
pub use godebug::{runtime_godebug, Method, RuntimeGodebug};
pub use symbols::{fips_symbols, FipsModule, FipsSymbols, SymbolSource};

/// A module (Go's `debug.Module`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Module {
    pub path: Vec<u8>,
    pub version: Vec<u8>,
    pub sum: Vec<u8>,
    pub replace: Option<Box<Module>>,
}

impl Module {
    /// Go's `m == (Module{})`.
    pub fn is_zero(&self) -> bool {
        self.path.is_empty()
            && self.version.is_empty()
            && self.sum.is_empty()
            && self.replace.is_none()
    }
}

/// A `build` line (Go's `debug.BuildSetting`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setting {
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

/// Go's `debug.BuildInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildInfo {
    pub go_version: Vec<u8>,
    pub path: Vec<u8>,
    pub main: Option<Module>,
    pub deps: Vec<Module>,
    pub settings: Vec<Setting>,
}

/// Why build information could not be read; the messages are Go's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("unrecognized file format")]
    UnrecognizedFormat,
    #[error("not a Go executable")]
    NotGoExe,
    #[error("could not parse Go build info: line {line}: {reason}")]
    Parse { line: usize, reason: String },
}

impl BuildInfo {
    /// The value of the last `build` setting named `key`.
    pub fn setting(&self, key: &str) -> Option<&[u8]> {
        self.settings
            .iter()
            .rev()
            .find(|s| s.key == key.as_bytes())
            .map(|s| s.value.as_slice())
    }

    /// Go's `BuildInfo.String()` (with the `go` line).
    pub fn to_go_string(&self) -> Vec<u8> {
        modinfo::render(self, true)
    }

    /// Exactly what `go version -m FILE` prints for this binary, where
    /// `file` is the name as given on the command line.
    pub fn go_version_m(&self, file: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(file);
        out.extend_from_slice(b": ");
        out.extend_from_slice(&self.go_version);
        out.push(b'\n');
        let module = modinfo::render(self, false);
        if let Some(body) = module.strip_suffix(b"\n") {
            out.push(b'\t');
            for &b in body {
                out.push(b);
                if b == b'\n' {
                    out.push(b'\t');
                }
            }
            out.push(b'\n');
        }
        out
    }
}

/// The raw Go version and module-info text of a binary (Go's
/// `readRawBuildInfo`); the module info has its 16-byte sentinels removed
/// and is empty when they are missing.
pub fn read_raw(data: &[u8]) -> Result<(Vec<u8>, Vec<u8>), Error> {
    exe::Exe::open(data)?.raw_build_info()
}

/// Read and parse a binary's build information (Go's `buildinfo.Read`).
pub fn read(data: &[u8]) -> Result<BuildInfo, Error> {
    let (version, module) = read_raw(data)?;
    let mut bi = modinfo::parse(&module)?;
    bi.go_version = version;
    Ok(bi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::elf_with_blob;

    const MODULE: &[u8] = b"path\tcmd/x\nmod\tcmd/x\t(devel)\t\nbuild\tGOFIPS140=latest\nbuild\tDefaultGODEBUG=fips140=on\n";

    #[test]
    fn reads_both_blob_formats() {
        for inline in [true, false] {
            let f = elf_with_blob(b"go1.26.6", MODULE, inline);
            let bi = read(&f).unwrap();
            assert_eq!(bi.go_version, b"go1.26.6");
            assert_eq!(bi.path, b"cmd/x");
            assert_eq!(bi.setting("GOFIPS140"), Some(&b"latest"[..]));
            assert_eq!(
                String::from_utf8(bi.go_version_m(b"./x")).unwrap(),
                "./x: go1.26.6\n\tpath\tcmd/x\n\tmod\tcmd/x\t(devel)\t\n\tbuild\tGOFIPS140=latest\n\tbuild\tDefaultGODEBUG=fips140=on\n"
            );
        }
    }

    #[test]
    fn missing_sentinels_mean_no_module_info() {
        let f = elf_with_blob(b"go1.26.6", b"", true);
        let bi = read(&f).unwrap();
        assert_eq!(
            bi,
            BuildInfo {
                go_version: b"go1.26.6".to_vec(),
                ..Default::default()
            }
        );
        assert_eq!(bi.go_version_m(b"f"), b"f: go1.26.6\n");
    }

    #[test]
    fn errors() {
        assert_eq!(read(b"short"), Err(Error::UnrecognizedFormat));
        assert_eq!(read(&[0u8; 64]), Err(Error::UnrecognizedFormat));
        let mut f = elf_with_blob(b"go1.26.6", MODULE, true);
        f[0x1010] = 0; // break the magic
        assert_eq!(read(&f), Err(Error::NotGoExe));
        let f = elf_with_blob(b"", MODULE, true);
        assert_eq!(read(&f), Err(Error::NotGoExe));
        let f = elf_with_blob(b"go1.26.6", b"mod\tonly-one-column\n", true);
        assert_eq!(
            read(&f).unwrap_err().to_string(),
            "could not parse Go build info: line 1: expected 2 or 3 columns; got 1"
        );
    }

    #[test]
    fn truncations_do_not_panic() {
        let f = elf_with_blob(b"go1.26.6", MODULE, true);
        for cut in 0..f.len() {
            let _ = read(&f[..cut]);
        }
        let f = elf_with_blob(b"go1.26.6", MODULE, false);
        for cut in (0..f.len()).step_by(3) {
            let _ = read(&f[..cut]);
        }
    }
}
