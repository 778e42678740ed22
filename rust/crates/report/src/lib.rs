//! fips-report: the report behind `fipstool inspect` and `fipstool verify`.
//!
//! # Text
//! [`Report::render_text`] prints first exactly what `go version -m FILE`
//! prints (same bytes, tab-separated), then a `fips:` block of tab-indented
//! `name<TAB>value` lines with the FIPS facts.
//!
//! # JSON (schema_version 1)
//! [`Report`] serialises to one object. Fields are only ever added within a
//! schema version; a removal or change of meaning bumps `schema_version`.
//! Addresses and pointers are strings (`"0x4d3ee0"`), file offsets and
//! lengths are numbers, sums are 64 lowercase hex digits, absent values are
//! `null`.
//!
//! ```text
//! schema_version  1
//! ok              inspect: false only when fips.runtime_default_godebug.verdict is
//!                 "mismatch"; verify: verdict == "fips-verified"
//! gofips140       verify only: the GOFIPS140 build setting | null (not recorded:
//!                 off; or the file has no build information)
//! has_build_info  verify only: whether the file has Go build information
//! file            the path as given
//! format          "ELF" | "Mach-O" | "PE" | null (not recognised)
//! arch            GOARCH name ("amd64", "arm64", ...) | null
//! pointer_size    4 | 8 | null
//! endian          "little" | "big" | null
//! position_independent  bool | null
//! build_info      null | { go_version, path, main: module|null, deps: [module],
//!                          settings: [{key, value}] }
//!                 module = { path, version, sum, replace: module|null }
//! build_info_error  null | Go's error text ("not a Go executable", ...)
//! fips.gofips140        the GOFIPS140 build setting | null (not recorded: off)
//! fips.default_godebug  the DefaultGODEBUG build setting | null
//! fips.runtime_default_godebug  { verdict, value, method, address, detail }:
//!                       the default GODEBUG the runtime uses, the string
//!                       variable runtime.godebugDefault read from the binary
//!   verdict       one of DEFAULT_GODEBUG_VERDICTS
//!   value         its bytes | null (unknown)
//!   method        "symbol-table" | "pclntab" | null
//!   address       the string header's address ("0x5af980") | null
//!   detail        how it was found, why it is unknown, or what differs
//! fips.godebug_fips140  the fips140 value of the default GODEBUG: the
//!                       runtime's when it could be read, else DefaultGODEBUG's
//!                       (runtime_default_godebug.verdict "unknown") | null
//! fips.mode_default     "on" | "only" | "debug" | "off": FIPS mode at start-up
//!                       when GODEBUG does not override it
//! fips.tags             the -tags build setting | null
//! fips.module           { origin: "snapshot"|"in-tree"|"mixed"|"absent",
//!                         version: string|null, versions: [string],
//!                         evidence: "symbol-table"|"file-scan",
//!                         symbols: number, packages: [string] }
//! fips.integrity        { verdict, detail, fipsinfo, stored_sum, computed_sum,
//!                         in_place_sum, ranges, relocations }
//!   verdict       one of VERDICTS
//!   fipsinfo      null | { offset, address: string|null, location, magic_ok,
//!                          self: string }
//!   ranges        [{ name, start, end, offset, len }] (text, rodata, noptrdata, data)
//!   relocations   null | { relocated_fields, unapplied_fields }
//! ```

use fips_binary::{Integrity, Status};
use fips_buildinfo::godebug::GODEBUG_DEFAULT_SYMBOL;
use fips_buildinfo::{BuildInfo, FipsModule, FipsSymbols, RuntimeGodebug};
use serde::Serialize;

/// The JSON schema version.
pub const SCHEMA_VERSION: u32 = 1;

/// Every verdict, with its meaning. The set is closed within a schema
/// version.
pub const VERDICTS: [(&str, &str); 7] = [
    ("fips-verified", "the stored integrity sum matches the FIPS code and data"),
    ("integrity-mismatch", "the stored sum differs: the FIPS code or data changed after linking"),
    ("no-checksum", "go:fipsinfo is present but its sum is zero (or its magic is wrong): the binary was never sealed"),
    ("invalid-pointers", "the go:fipsinfo pointers do not describe ranges inside the file"),
    ("unapplied-relocations", "a PIE whose go:fipsinfo pointers are only in R_*_RELATIVE addends (lld): the stored sum covers empty ranges"),
    ("no-fipsinfo", "the binary has no go:fipsinfo record (not Go 1.24+, or a platform without the FIPS module)"),
    ("unreadable", "the file's format is not supported or is malformed, so its integrity cannot be checked"),
];

/// How the default GODEBUG the runtime uses (`runtime.godebugDefault`)
/// compares with the build info's `DefaultGODEBUG`. A closed set within a
/// schema version.
pub const DEFAULT_GODEBUG_VERDICTS: [(&str, &str); 4] = [
    ("match", "runtime.godebugDefault equals the build info's DefaultGODEBUG (both empty when none is recorded)"),
    ("mismatch", "they differ: the binary was linked with an -X override of runtime.godebugDefault, and the runtime uses its value, not the build info's"),
    ("unknown", "runtime.godebugDefault could not be read (stripped binary on an architecture without a decoder, malformed file): the build info's value is unverified"),
    ("no-build-info", "the file has no Go build information to compare with"),
];

/// Whether a verdict passes `fipstool verify`.
pub fn verdict_passes(verdict: &str) -> bool {
    verdict == "fips-verified"
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ModuleJson {
    pub path: String,
    pub version: String,
    pub sum: String,
    pub replace: Option<Box<ModuleJson>>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SettingJson {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BuildInfoJson {
    pub go_version: String,
    pub path: String,
    pub main: Option<ModuleJson>,
    pub deps: Vec<ModuleJson>,
    pub settings: Vec<SettingJson>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ModuleFacts {
    pub origin: &'static str,
    pub version: Option<String>,
    pub versions: Vec<String>,
    pub evidence: &'static str,
    pub symbols: usize,
    pub packages: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FipsInfoJson {
    pub offset: u64,
    pub address: Option<String>,
    pub location: String,
    pub magic_ok: bool,
    #[serde(rename = "self")]
    pub self_ptr: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RangeJson {
    pub name: &'static str,
    pub start: String,
    pub end: String,
    pub offset: u64,
    pub len: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RelocationsJson {
    pub relocated_fields: usize,
    pub unapplied_fields: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IntegrityJson {
    pub verdict: &'static str,
    pub detail: String,
    pub fipsinfo: Option<FipsInfoJson>,
    pub stored_sum: Option<String>,
    pub computed_sum: Option<String>,
    pub in_place_sum: Option<String>,
    pub ranges: Vec<RangeJson>,
    pub relocations: Option<RelocationsJson>,
}

/// The default GODEBUG the runtime uses, beside the build info's.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuntimeGodebugJson {
    /// One of [`DEFAULT_GODEBUG_VERDICTS`].
    pub verdict: &'static str,
    pub value: Option<String>,
    pub method: Option<&'static str>,
    pub address: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FipsFacts {
    pub gofips140: Option<String>,
    pub default_godebug: Option<String>,
    pub runtime_default_godebug: RuntimeGodebugJson,
    pub godebug_fips140: Option<String>,
    pub mode_default: &'static str,
    pub tags: Option<String>,
    pub module: ModuleFacts,
    pub integrity: IntegrityJson,
}

/// The `inspect` report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Report {
    pub schema_version: u32,
    /// `false` only when the runtime's default GODEBUG differs from the
    /// build info's (`inspect` then exits 1).
    pub ok: bool,
    pub file: String,
    pub format: Option<&'static str>,
    pub arch: Option<String>,
    pub pointer_size: Option<u8>,
    pub endian: Option<&'static str>,
    pub position_independent: Option<bool>,
    pub build_info: Option<BuildInfoJson>,
    pub build_info_error: Option<String>,
    pub fips: FipsFacts,
    /// What `go version -m` prints (bytes, not part of the JSON).
    #[serde(skip)]
    go_version_m: Option<Vec<u8>>,
}

/// The `verify` report (a subset of [`Report`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VerifyReport {
    pub schema_version: u32,
    /// Whether the verdict is `fips-verified` (the exit code is 0).
    pub ok: bool,
    pub file: String,
    pub format: Option<&'static str>,
    pub arch: Option<String>,
    pub integrity: IntegrityJson,
    /// The GOFIPS140 build setting; None when not recorded (built with
    /// GOFIPS140=off) or when the file has no build information.
    pub gofips140: Option<String>,
    pub has_build_info: bool,
    /// With `verify --fipso`: the linker's FIPS object compared with the
    /// binary's HMAC input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fips_object: Option<FipsObjectCheck>,
    /// The hashed ranges the analysis found (empty when it failed), kept
    /// for `check_fips_object`.
    #[serde(skip)]
    ranges: Vec<fips_binary::HashedRange>,
}

/// A FIPS object (`-fipso`) compared with the binary it was linked into.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FipsObjectCheck {
    pub file: String,
    /// Whether it equals the binary's HMAC input byte for byte.
    pub equal: bool,
    /// Its length when equal, else where it first differs.
    pub detail: String,
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn hex_addr(v: u64) -> String {
    format!("{v:#x}")
}

fn module_json(m: &fips_buildinfo::Module) -> ModuleJson {
    ModuleJson {
        path: lossy(&m.path),
        version: lossy(&m.version),
        sum: lossy(&m.sum),
        replace: m.replace.as_deref().map(|r| Box::new(module_json(r))),
    }
}

fn build_info_json(bi: &BuildInfo) -> BuildInfoJson {
    BuildInfoJson {
        go_version: lossy(&bi.go_version),
        path: lossy(&bi.path),
        main: bi.main.as_ref().filter(|m| !m.is_zero()).map(module_json),
        deps: bi.deps.iter().map(module_json).collect(),
        settings: bi
            .settings
            .iter()
            .map(|s| SettingJson {
                key: lossy(&s.key),
                value: lossy(&s.value),
            })
            .collect(),
    }
}

/// The value of `key` in a GODEBUG-style `k=v,k=v` list (the last wins, as
/// in Go).
pub fn godebug_value(list: &str, key: &str) -> Option<String> {
    list.split(',')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.to_string())
        .next_back()
}

/// Classify an integrity result (or the error that prevented one).
pub fn integrity_json(result: &Result<Integrity, fips_binary::Error>) -> IntegrityJson {
    match result {
        Err(e) => IntegrityJson {
            verdict: "unreadable",
            detail: e.to_string(),
            fipsinfo: None,
            stored_sum: None,
            computed_sum: None,
            in_place_sum: None,
            ranges: Vec::new(),
            relocations: None,
        },
        Ok(i) => IntegrityJson {
            verdict: i.status.as_str(),
            detail: i.detail.clone(),
            fipsinfo: i.fipsinfo.as_ref().map(|f| FipsInfoJson {
                offset: f.offset,
                address: f.address.map(hex_addr),
                location: f.location.describe(),
                magic_ok: f.magic_ok,
                self_ptr: hex_addr(f.self_ptr),
            }),
            stored_sum: i.fipsinfo.as_ref().map(|f| hex::encode(f.stored_sum)),
            computed_sum: i.computed_sum.map(hex::encode),
            in_place_sum: i.in_place_sum.map(hex::encode),
            ranges: i
                .ranges
                .iter()
                .map(|r| RangeJson {
                    name: r.name,
                    start: hex_addr(r.start),
                    end: hex_addr(r.end),
                    offset: r.offset,
                    len: r.len,
                })
                .collect(),
            relocations: i.relocations.as_ref().map(|r| RelocationsJson {
                relocated_fields: r.relocated_fields,
                unapplied_fields: r.unapplied_fields,
            }),
        },
    }
}

fn quoted_or_none(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("{v:?}"),
        None => "none".to_string(),
    }
}

/// Compare the runtime's default GODEBUG with the build info's
/// `DefaultGODEBUG` (`None`: no build info; `Some(None)`: no such line).
pub fn runtime_godebug_json(
    runtime: &Result<RuntimeGodebug, String>,
    build_info: Option<Option<&str>>,
) -> RuntimeGodebugJson {
    let g = match (runtime, build_info) {
        (Ok(g), _) => g,
        (Err(reason), _) => {
            return RuntimeGodebugJson {
                verdict: if build_info.is_some() {
                    "unknown"
                } else {
                    "no-build-info"
                },
                value: None,
                method: None,
                address: None,
                detail: format!(
                    "cannot read {GODEBUG_DEFAULT_SYMBOL}: {reason}; the default GODEBUG the \
                     runtime uses is unverified"
                ),
            }
        }
    };
    let value = lossy(&g.value);
    let found = g.describe();
    let (verdict, detail) = match build_info {
        None => ("no-build-info", found),
        Some(recorded) if recorded.unwrap_or("") == value => ("match", found),
        Some(recorded) => {
            let fips140 = godebug_value(&value, "fips140");
            let recorded = match recorded {
                Some(r) => format!("{r:?} (DefaultGODEBUG)"),
                None => "no DefaultGODEBUG".to_string(),
            };
            (
                "mismatch",
                format!(
                    "the runtime uses {value:?} ({GODEBUG_DEFAULT_SYMBOL}) but the build info \
                     records {recorded}: the binary was linked with an -X override of \
                     {GODEBUG_DEFAULT_SYMBOL}, and the runtime's value is the effective one \
                     (fips140 {}, FIPS mode {} by default)",
                    quoted_or_none(fips140.as_deref()),
                    mode_default(fips140.as_deref()),
                ),
            )
        }
    };
    RuntimeGodebugJson {
        verdict,
        value: Some(value),
        method: Some(g.method.as_str()),
        address: Some(hex_addr(g.address)),
        detail,
    }
}

/// FIPS mode at start-up for a default GODEBUG fips140 value.
pub fn mode_default(godebug_fips140: Option<&str>) -> &'static str {
    match godebug_fips140 {
        Some("on") => "on",
        Some("only") => "only",
        Some("debug") => "debug",
        _ => "off",
    }
}

fn module_facts(s: &FipsSymbols) -> ModuleFacts {
    let (origin, version, versions) = match &s.module {
        FipsModule::Snapshot(v) => ("snapshot", Some(v.clone()), vec![v.clone()]),
        FipsModule::InTree => ("in-tree", None, Vec::new()),
        FipsModule::Mixed(vs) => ("mixed", None, vs.clone()),
        FipsModule::Absent => ("absent", None, Vec::new()),
    };
    ModuleFacts {
        origin,
        version,
        versions,
        evidence: s.source.as_str(),
        symbols: s.names.len(),
        packages: s.packages.clone(),
    }
}

impl Report {
    /// Build the report for the binary `data`, named `file` (as given on
    /// the command line, used verbatim in the `go version -m` lines).
    pub fn inspect(file: &[u8], data: &[u8]) -> Report {
        let integrity = fips_binary::analyze(data);
        let (build_info, build_info_error, go_version_m) = match fips_buildinfo::read(data) {
            Ok(bi) => {
                let text = bi.go_version_m(file);
                (Some(bi), None, Some(text))
            }
            Err(e) => (None, Some(e.to_string()), None),
        };
        let setting = |k: &str| build_info.as_ref().and_then(|b| b.setting(k)).map(lossy);
        let default_godebug = setting("DefaultGODEBUG");
        let runtime = fips_buildinfo::runtime_godebug(data);
        let runtime_default_godebug = runtime_godebug_json(
            &runtime,
            build_info.as_ref().map(|_| default_godebug.as_deref()),
        );
        // The runtime's value decides; the build info's stands in, unverified,
        // only when the variable cannot be read.
        let effective = runtime_default_godebug
            .value
            .as_deref()
            .or(default_godebug.as_deref());
        let godebug_fips140 = effective.and_then(|g| godebug_value(g, "fips140"));
        let mode_default = mode_default(godebug_fips140.as_deref());
        let symbols = fips_buildinfo::fips_symbols(data);
        let target = integrity.as_ref().ok().map(|i| i.target.clone());
        let format = match &integrity {
            Ok(i) => Some(i.target.format.name()),
            Err(_) => fips_binary::detect_format(data).ok().map(|f| f.name()),
        };
        Report {
            schema_version: SCHEMA_VERSION,
            ok: runtime_default_godebug.verdict != "mismatch",
            file: lossy(file),
            format,
            arch: target.as_ref().map(|t| t.arch.clone()),
            pointer_size: target.as_ref().map(|t| t.pointer_size),
            endian: target.as_ref().map(|t| t.endian.name()),
            position_independent: target.as_ref().map(|t| t.position_independent),
            build_info: build_info.as_ref().map(build_info_json),
            build_info_error,
            fips: FipsFacts {
                gofips140: setting("GOFIPS140"),
                default_godebug,
                runtime_default_godebug,
                godebug_fips140,
                mode_default,
                tags: setting("-tags"),
                module: module_facts(&symbols),
                integrity: integrity_json(&integrity),
            },
            go_version_m,
        }
    }

    /// The JSON form (pretty-printed, with a trailing newline).
    pub fn to_json(&self) -> String {
        let mut s =
            serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    }

    /// `default GODEBUG: <what differs>` when the runtime's default GODEBUG
    /// is not the build info's (the verdict `mismatch`).
    pub fn default_godebug_mismatch(&self) -> Option<String> {
        let r = &self.fips.runtime_default_godebug;
        (r.verdict == "mismatch").then(|| format!("default GODEBUG: {}", r.detail))
    }

    /// What `go version -m` prints for this file, if it has build info.
    pub fn go_version_m(&self) -> Option<&[u8]> {
        self.go_version_m.as_deref()
    }

    /// The text rendering: `go version -m` output, then the FIPS facts.
    pub fn render_text(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match (&self.go_version_m, &self.build_info_error) {
            (Some(text), _) => out.extend_from_slice(text),
            (None, err) => out.extend_from_slice(
                format!(
                    "{}: no Go build info: {}\n",
                    self.file,
                    err.as_deref().unwrap_or("unknown error")
                )
                .as_bytes(),
            ),
        }
        out.extend_from_slice(b"fips:\n");
        let f = &self.fips;
        let mut line = |k: &str, v: &str| {
            out.extend_from_slice(format!("\t{k}\t{v}\n").as_bytes());
        };
        let none = "(not recorded)";
        let target = match (self.format, &self.arch, self.pointer_size, self.endian) {
            (Some(fmt), Some(arch), Some(ps), Some(e)) => format!(
                "{fmt} {arch} ({}-bit {e}-endian{})",
                u32::from(ps) * 8,
                if self.position_independent == Some(true) {
                    ", position-independent"
                } else {
                    ""
                }
            ),
            (Some(fmt), ..) => fmt.to_string(),
            _ => "unknown".to_string(),
        };
        line("binary", &target);
        line(
            "GOFIPS140",
            f.gofips140.as_deref().unwrap_or("(not recorded: off)"),
        );
        line(
            "DefaultGODEBUG",
            f.default_godebug.as_deref().unwrap_or(none),
        );
        let r = &f.runtime_default_godebug;
        let runtime = match (&r.value, r.method, &r.address) {
            (Some(v), Some(method), Some(address)) => {
                format!("{v} ({method}, header at {address})")
            }
            _ => "unknown".to_string(),
        };
        line(GODEBUG_DEFAULT_SYMBOL, &runtime);
        let verdict = match r.verdict {
            "match" => "match".to_string(),
            v => format!("{v}: {}", r.detail),
        };
        line("default GODEBUG", &verdict);
        let source = if r.value.is_some() {
            GODEBUG_DEFAULT_SYMBOL
        } else {
            "DefaultGODEBUG, unverified"
        };
        line(
            "default fips140",
            &format!(
                "{} ({source})",
                f.godebug_fips140.as_deref().unwrap_or("unset")
            ),
        );
        line("FIPS mode by default", f.mode_default);
        line("-tags", f.tags.as_deref().unwrap_or(none));
        let m = &f.module;
        let module = match m.origin {
            "snapshot" => format!("snapshot {}", m.version.as_deref().unwrap_or("?")),
            "in-tree" => "in-tree (GOROOT/src/crypto/internal/fips140)".to_string(),
            "mixed" => format!("mixed versions {}", m.versions.join(", ")),
            _ => "none found".to_string(),
        };
        let evidence = if m.evidence == "symbol-table" {
            format!("{} symbols in {} packages", m.symbols, m.packages.len())
        } else {
            format!(
                "{} packages named in the file; no symbol table",
                m.packages.len()
            )
        };
        line("module", &format!("{module} ({evidence})"));
        let i = &f.integrity;
        match &i.fipsinfo {
            Some(fi) => line(
                "go:fipsinfo",
                &format!("{} at file offset {:#x}", fi.location, fi.offset),
            ),
            None => line("go:fipsinfo", "absent"),
        }
        for r in &i.ranges {
            line(
                &format!("range {}", r.name),
                &format!(
                    "{}..{} (file offset {:#x}, {} bytes)",
                    r.start, r.end, r.offset, r.len
                ),
            );
        }
        if let Some(r) = &i.relocations {
            line(
                "relocations",
                &format!(
                    "{} of 9 pointer fields relocated, {} not applied in place",
                    r.relocated_fields, r.unapplied_fields
                ),
            );
        }
        line("stored sum", i.stored_sum.as_deref().unwrap_or("-"));
        line("computed sum", i.computed_sum.as_deref().unwrap_or("-"));
        if let Some(s) = &i.in_place_sum {
            line("in-place sum", s);
        }
        line("verdict", i.verdict);
        line("detail", &i.detail);
        out
    }
}

impl VerifyReport {
    /// Build the verify report: integrity only.
    pub fn verify(file: &[u8], data: &[u8]) -> VerifyReport {
        let integrity = fips_binary::analyze(data);
        let (format, arch) = match &integrity {
            Ok(i) => (Some(i.target.format.name()), Some(i.target.arch.clone())),
            Err(_) => (
                fips_binary::detect_format(data).ok().map(|f| f.name()),
                None,
            ),
        };
        let ranges = integrity
            .as_ref()
            .map(|i| i.ranges.clone())
            .unwrap_or_default();
        let integrity = integrity_json(&integrity);
        let build_info = fips_buildinfo::read(data).ok();
        let gofips140 = build_info
            .as_ref()
            .and_then(|bi| bi.setting("GOFIPS140"))
            .map(lossy);
        VerifyReport {
            schema_version: SCHEMA_VERSION,
            ok: verdict_passes(integrity.verdict),
            file: lossy(file),
            format,
            arch,
            integrity,
            gofips140,
            has_build_info: build_info.is_some(),
            fips_object: None,
            ranges,
        }
    }

    /// Compares `object`, the FIPS object the linker wrote, with the HMAC
    /// input recomputed from `data`; the result is `fips_object`.
    pub fn check_fips_object(&mut self, file: &[u8], data: &[u8], object: &[u8]) {
        let outcome = if self.ranges.is_empty() {
            Err("the binary has no FIPS ranges to compare it with".to_string())
        } else {
            fips_binary::compare_fips_object(data, &self.ranges, object)
        };
        self.fips_object = Some(match outcome {
            Ok(len) => FipsObjectCheck {
                file: lossy(file),
                equal: true,
                detail: format!("equals the binary's HMAC input ({len} bytes)"),
            },
            Err(detail) => FipsObjectCheck {
                file: lossy(file),
                equal: false,
                detail,
            },
        });
    }

    pub fn passed(&self) -> bool {
        self.ok
    }

    /// Whether the build information says the binary was built without a
    /// FIPS module (no GOFIPS140 recorded: `GOFIPS140=off`). Its sum, valid
    /// as in every Go 1.24+ binary, then covers the standard library's own
    /// `crypto/internal/fips140`, and the verdict is not a FIPS claim.
    pub fn built_with_fips_off(&self) -> bool {
        self.has_build_info && self.gofips140.is_none()
    }

    /// What `verify` prints when the sum matches: the verdict and the sum,
    /// or, for a binary built with FIPS off, what was verified in words
    /// that make no FIPS claim.
    pub fn passed_line(&self, name: &str) -> String {
        let sum = self.integrity.computed_sum.as_deref().unwrap_or("-");
        if self.built_with_fips_off() {
            format!(
                "{name}: integrity sum matches (HMAC-SHA256 {sum}); built with GOFIPS140=off, so the \
                 sum covers the standard library's own crypto/internal/fips140, not a FIPS 140-3 \
                 module snapshot\n"
            )
        } else {
            format!("{name}: {} (HMAC-SHA256 {sum})\n", self.integrity.verdict)
        }
    }

    pub fn to_json(&self) -> String {
        let mut s =
            serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    }
}

/// Every binary-crate status has a verdict in [`VERDICTS`].
pub fn all_statuses_have_verdicts() -> bool {
    Status::ALL
        .iter()
        .all(|s| VERDICTS.iter().any(|(v, _)| *v == s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fips_binary::synth::ElfBuilder;

    #[test]
    fn verdict_set_is_closed_and_complete() {
        assert!(all_statuses_have_verdicts());
        assert_eq!(VERDICTS.len(), Status::ALL.len() + 1);
        assert!(verdict_passes("fips-verified"));
        assert!(!verdict_passes("no-checksum"));
    }

    #[test]
    fn godebug_parsing() {
        assert_eq!(
            godebug_value("a=1,fips140=on,b=2", "fips140").as_deref(),
            Some("on")
        );
        assert_eq!(
            godebug_value("fips140=on,fips140=only", "fips140").as_deref(),
            Some("only")
        );
        assert_eq!(godebug_value("a=1", "fips140"), None);
        assert_eq!(godebug_value("", "fips140"), None);
    }

    fn runtime(value: &[u8], method: fips_buildinfo::Method) -> RuntimeGodebug {
        RuntimeGodebug {
            value: value.to_vec(),
            method,
            address: 0x5af980,
            data_address: 0x4eaa40,
            pointer: fips_buildinfo::godebug::PointerSource::File,
            functions: Vec::new(),
        }
    }

    #[test]
    fn runtime_godebug_verdicts() {
        use fips_buildinfo::Method;
        let on = "fips140=on,tlssha1=1";
        let g = Ok(runtime(on.as_bytes(), Method::SymbolTable));
        let r = runtime_godebug_json(&g, Some(Some(on)));
        assert_eq!(r.verdict, "match");
        assert_eq!(r.value.as_deref(), Some(on));
        assert_eq!(r.method, Some("symbol-table"));
        assert_eq!(r.address.as_deref(), Some("0x5af980"));
        assert_eq!(
            r.detail,
            "runtime.godebugDefault at 0x5af980 (found by its symbol)"
        );

        let off = Ok(runtime(b"fips140=off", Method::Pclntab));
        let r = runtime_godebug_json(&off, Some(Some(on)));
        assert_eq!(r.verdict, "mismatch");
        assert_eq!(
            r.detail,
            "the runtime uses \"fips140=off\" (runtime.godebugDefault) but the build info \
             records \"fips140=on,tlssha1=1\" (DefaultGODEBUG): the binary was linked with an \
             -X override of runtime.godebugDefault, and the runtime's value is the effective \
             one (fips140 \"off\", FIPS mode off by default)"
        );
        let r = runtime_godebug_json(&off, Some(None));
        assert!(
            r.detail.contains("records no DefaultGODEBUG:"),
            "{}",
            r.detail
        );

        // No DefaultGODEBUG line and an empty variable agree.
        let empty = Ok(runtime(b"", Method::SymbolTable));
        assert_eq!(runtime_godebug_json(&empty, Some(None)).verdict, "match");
        let r = runtime_godebug_json(&empty, Some(Some(on)));
        assert_eq!(r.verdict, "mismatch");
        assert!(
            r.detail
                .contains("(fips140 none, FIPS mode off by default)"),
            "{}",
            r.detail
        );

        let unknown = Err("no symbol table, and ...".to_string());
        let r = runtime_godebug_json(&unknown, Some(Some(on)));
        assert_eq!((r.verdict, r.value, r.method), ("unknown", None, None));
        assert!(r.detail.ends_with("is unverified"), "{}", r.detail);
        assert_eq!(
            runtime_godebug_json(&unknown, None).verdict,
            "no-build-info"
        );
        assert_eq!(runtime_godebug_json(&g, None).verdict, "no-build-info");
        for r in [&g, &off, &empty, &unknown] {
            for bi in [None, Some(None), Some(Some(on))] {
                let v = runtime_godebug_json(r, bi).verdict;
                assert!(DEFAULT_GODEBUG_VERDICTS.iter().any(|(n, _)| *n == v));
            }
        }
    }

    #[test]
    fn report_on_synthetic_elf() {
        let data = ElfBuilder::new(8, false).build(true);
        let r = Report::inspect(b"synthetic", &data);
        assert_eq!(r.schema_version, 1);
        assert_eq!(r.format, Some("ELF"));
        assert_eq!(r.arch.as_deref(), Some("amd64"));
        assert_eq!(r.build_info_error.as_deref(), Some("not a Go executable"));
        assert_eq!(r.fips.integrity.verdict, "fips-verified");
        assert_eq!(r.fips.mode_default, "off");
        assert_eq!(r.fips.runtime_default_godebug.verdict, "no-build-info");
        assert!(r.ok);
        assert_eq!(r.fips.module.origin, "absent");
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        for key in [
            "schema_version",
            "file",
            "format",
            "arch",
            "pointer_size",
            "endian",
            "position_independent",
            "build_info",
            "build_info_error",
            "fips",
        ] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert_eq!(json["fips"]["integrity"]["ranges"][0]["name"], "text");
        assert_eq!(json["fips"]["integrity"]["fipsinfo"]["self"], "0x402040");
        let text = String::from_utf8(r.render_text()).unwrap();
        assert!(
            text.starts_with("synthetic: no Go build info: not a Go executable\nfips:\n"),
            "{text}"
        );
        assert!(text.contains("\tverdict\tfips-verified\n"), "{text}");
    }

    #[test]
    fn verify_says_what_it_verified() {
        let data = ElfBuilder::new(8, false).build(true);
        let mut v = VerifyReport::verify(b"synthetic", &data);
        assert!(v.passed());
        // No build information: nothing says how it was built.
        assert!(!v.has_build_info && !v.built_with_fips_off());
        let sum = v.integrity.computed_sum.clone().unwrap();
        assert_eq!(
            v.passed_line("app"),
            format!("app: fips-verified (HMAC-SHA256 {sum})\n")
        );
        // Built with a FIPS module: the verdict.
        v.has_build_info = true;
        v.gofips140 = Some("v1.0.0-c2097c7c".into());
        assert_eq!(
            v.passed_line("app"),
            format!("app: fips-verified (HMAC-SHA256 {sum})\n")
        );
        // Built with GOFIPS140=off: what was checked, no FIPS claim.
        v.gofips140 = None;
        let line = v.passed_line("app");
        assert!(!line.contains("fips-verified"), "{line}");
        assert!(
            line.starts_with(&format!(
                "app: integrity sum matches (HMAC-SHA256 {sum}); built with GOFIPS140=off"
            )),
            "{line}"
        );
        let j: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
        assert_eq!(j["gofips140"], serde_json::Value::Null);
        assert_eq!(j["has_build_info"], true);
    }

    #[test]
    fn unreadable_files() {
        let r = Report::inspect(b"junk", b"this is not a binary at all");
        assert_eq!(r.fips.integrity.verdict, "unreadable");
        assert_eq!(r.format, None);
        assert_eq!(
            r.build_info_error.as_deref(),
            Some("unrecognized file format")
        );
        let v = VerifyReport::verify(b"junk", b"");
        assert!(!v.passed());
    }
}
