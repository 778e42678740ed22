//! The default GODEBUG a Go binary's runtime actually uses: the string
//! variable `runtime.godebugDefault`, which go build sets with the linker
//! flag `-X=runtime.godebugDefault=...` and also records as the build info
//! line `build DefaultGODEBUG=...`. A later `-X` of the same variable wins
//! at link time, so the two can differ: only the variable decides what the
//! runtime (and so crypto/internal/fips140) starts with.
//!
//! The variable is a string header `{ptr, len}` in the binary's data. It is
//! found by its symbol when the file has a symbol table (ELF `.symtab`,
//! Mach-O symtab, PE COFF symbols: Go writes all three unless linked with
//! `-s`). Without one, the function table (pclntab) gives the code of the
//! runtime functions that read the variable to pass it as a string argument
//! (`runtime.godebugNotify`, `runtime.parsedebugvars` (go1.24) or
//! `runtime.parseRuntimeDebugVars` (go1.25 on), `runtime.reparsedebugvars`),
//! and their loads of the header are decoded (amd64, arm64): every such
//! function present must load the same single address, and at least two
//! must be present. Anything short of that is unknown, never a guess.
//!
//! The header's pointer is read as the loader will see it: the value in the
//! file, or for an ELF position-independent file the addend of the
//! `R_*_RELATIVE` relocation at it (lld leaves zero in place).

use std::collections::BTreeSet;

use object::{Architecture, Object, ObjectSymbol};

use crate::image::Image;
pub use crate::image::PointerSource;
use crate::machine_code::{string_arg_loads, Isa};
use crate::pclntab::Pclntab;

/// The variable's symbol name.
pub const GODEBUG_DEFAULT_SYMBOL: &str = "runtime.godebugDefault";

/// The runtime functions that read `runtime.godebugDefault` to pass it as
/// a string argument (runtime/runtime.go, runtime/runtime1.go, go1.24 to
/// go1.27).
pub const READER_FUNCTIONS: [&str; 4] = [
    "runtime.godebugNotify",
    "runtime.parsedebugvars",
    "runtime.parseRuntimeDebugVars",
    "runtime.reparsedebugvars",
];

/// A GODEBUG longer than this is not one (they are a few hundred bytes).
const MAX_LEN: u64 = 1 << 20;
/// Reader functions are a few hundred bytes of code.
const MAX_FUNC_LEN: u32 = 1 << 16;

/// How the variable was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// By its symbol.
    SymbolTable,
    /// Through the code of the runtime functions that read it.
    Pclntab,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::SymbolTable => "symbol-table",
            Method::Pclntab => "pclntab",
        }
    }
}

/// The value of `runtime.godebugDefault` and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeGodebug {
    /// The string's bytes (empty: no default GODEBUG).
    pub value: Vec<u8>,
    pub method: Method,
    /// Address of the string header (link-time; relative to the load base
    /// for a position-independent file).
    pub address: u64,
    /// Address of the string's bytes (0 when empty).
    pub data_address: u64,
    /// Where the string's pointer comes from.
    pub pointer: PointerSource,
    /// For [`Method::Pclntab`]: the functions whose code loads the header.
    pub functions: Vec<String>,
}

impl RuntimeGodebug {
    /// One phrase saying how the value was found.
    pub fn describe(&self) -> String {
        let how = match self.method {
            Method::SymbolTable => "its symbol".to_string(),
            Method::Pclntab => format!(
                "the pclntab (no symbol table): loaded by {}",
                self.functions.join(", ")
            ),
        };
        let pointer = match self.pointer {
            PointerSource::File => "",
            PointerSource::Relocated => ", its pointer relocated by the loader (R_*_RELATIVE)",
            PointerSource::RelocationOnly => {
                ", its pointer only in an R_*_RELATIVE relocation (not applied in the file)"
            }
        };
        format!(
            "{GODEBUG_DEFAULT_SYMBOL} at {:#x} (found by {how}){pointer}",
            self.address
        )
    }
}

/// Read the runtime's default GODEBUG: by symbol when the file has a symbol
/// table that names it, else through the pclntab. The error says why the
/// value is unknown.
pub fn runtime_godebug(data: &[u8]) -> Result<RuntimeGodebug, String> {
    let image = Image::parse(data)?;
    match symbol_address(&image) {
        Some(address) => read_header(&image, address, Method::SymbolTable, Vec::new()),
        None => by_pclntab(&image).map_err(|e| {
            let symbols = if image.file.symbol_table().is_some() {
                format!("the symbol table has no {GODEBUG_DEFAULT_SYMBOL}")
            } else {
                "no symbol table".to_string()
            };
            format!("{symbols}, and {e}")
        }),
    }
}

/// Read it through the pclntab alone, ignoring any symbol table (the way a
/// stripped binary is read; tests compare it with the symbol's answer).
pub fn runtime_godebug_by_pclntab(data: &[u8]) -> Result<RuntimeGodebug, String> {
    by_pclntab(&Image::parse(data)?)
}

fn symbol_address(image: &Image<'_>) -> Option<u64> {
    image.file.symbols().find_map(|s| {
        let name = s.name_bytes().ok()?;
        // Mach-O (and 386 COFF) names carry a leading underscore.
        let name = name.strip_prefix(b"_").unwrap_or(name);
        (name == GODEBUG_DEFAULT_SYMBOL.as_bytes() && s.is_definition() && s.address() != 0)
            .then(|| s.address())
    })
}

fn by_pclntab(image: &Image<'_>) -> Result<RuntimeGodebug, String> {
    let isa = match image.arch {
        Architecture::X86_64 => Isa::Amd64,
        Architecture::Aarch64 => Isa::Arm64,
        other => {
            let name = match other {
                Architecture::I386 => "386".to_string(),
                Architecture::Arm => "arm".to_string(),
                Architecture::S390x => "s390x".to_string(),
                Architecture::PowerPc64 => "ppc64".to_string(),
                Architecture::Riscv64 => "riscv64".to_string(),
                Architecture::LoongArch64 => "loong64".to_string(),
                other => format!("{other:?}").to_lowercase(),
            };
            return Err(format!(
                "finding it without symbols is supported on amd64 and arm64, not {name}"
            ));
        }
    };
    let table = Pclntab::find(image)?;
    let (text, _) = table.text_start(image)?;
    let funcs = table.functions(&READER_FUNCTIONS);
    if funcs.len() < 2 {
        return Err(format!(
            "the pclntab has {} of the runtime functions that read it ({}), too few to agree",
            funcs.len(),
            READER_FUNCTIONS.join(", ")
        ));
    }
    let mut common: Option<BTreeSet<u64>> = None;
    let mut names = Vec::new();
    for f in &funcs {
        let len = f.end_off.saturating_sub(f.entry_off).min(MAX_FUNC_LEN);
        let entry = text.wrapping_add(u64::from(f.entry_off));
        let code = image
            .read(entry, u64::from(len))
            .filter(|_| image.in_code(entry))
            .ok_or_else(|| {
                format!(
                    "the code of {} ({entry:#x}) is not in an executable segment",
                    f.name
                )
            })?;
        let found: BTreeSet<u64> = string_arg_loads(isa, &code, entry)
            .into_iter()
            .filter(|&a| image.in_data(a))
            .collect();
        if found.is_empty() {
            return Err(format!(
                "{} does not load a string from a data address the way go1.24 to go1.27 do",
                f.name
            ));
        }
        common = Some(match common {
            None => found,
            Some(c) => c.intersection(&found).copied().collect(),
        });
        names.push(f.name.clone());
    }
    let common = common.unwrap_or_default();
    let mut it = common.iter();
    match (it.next(), it.next()) {
        (Some(&address), None) => read_header(image, address, Method::Pclntab, names),
        (None, _) => Err(format!(
            "{} load no common string variable",
            names.join(", ")
        )),
        (Some(_), Some(_)) => Err(format!(
            "{} load {} string variables in common, not one",
            names.join(", "),
            common.len()
        )),
    }
}

fn read_header(
    image: &Image<'_>,
    address: u64,
    method: Method,
    functions: Vec<String>,
) -> Result<RuntimeGodebug, String> {
    let ps = u64::from(image.ptr_size);
    let unmapped = || format!("{GODEBUG_DEFAULT_SYMBOL} at {address:#x} is not in the file's data");
    let (ptr, pointer) = image.pointer(address).ok_or_else(unmapped)?;
    let len_at = address.checked_add(ps).ok_or_else(unmapped)?;
    let len = image
        .read(len_at, ps)
        .and_then(|b| image.uint(&b, image.ptr_size))
        .ok_or_else(unmapped)?;
    if len > MAX_LEN {
        return Err(format!(
            "{GODEBUG_DEFAULT_SYMBOL} at {address:#x} has an implausible length {len}"
        ));
    }
    let value = if len == 0 {
        Vec::new()
    } else if image.chained_fixups {
        return Err(format!(
            "the Mach-O file stores its pointers as chained fixups (LC_DYLD_CHAINED_FIXUPS, \
             Apple's linker), which are not decoded here: the pointer of \
             {GODEBUG_DEFAULT_SYMBOL} at {address:#x} is not an address"
        ));
    } else if ptr == 0 {
        return Err(format!(
            "{GODEBUG_DEFAULT_SYMBOL} at {address:#x} has length {len} but a zero pointer \
             and no dynamic relocation that sets it"
        ));
    } else {
        let bytes = image.file_bytes(ptr);
        bytes
            .get(..len as usize)
            .ok_or_else(|| {
                format!(
                    "the {len} bytes of {GODEBUG_DEFAULT_SYMBOL} at {ptr:#x} are not in the file"
                )
            })?
            .to_vec()
    };
    Ok(RuntimeGodebug {
        value,
        method,
        address,
        data_address: if len == 0 { 0 } else { ptr },
        pointer,
        functions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::GodebugElf;

    #[test]
    fn stripped_amd64_and_arm64_through_the_pclntab() {
        for arm64 in [false, true] {
            let f = GodebugElf::new(arm64, b"fips140=off").build();
            let g = runtime_godebug(&f).unwrap();
            assert_eq!(g.value, b"fips140=off", "arm64={arm64}");
            assert_eq!(g.method, Method::Pclntab);
            assert_eq!(g.address, GodebugElf::HEADER);
            assert_eq!(g.data_address, GodebugElf::STRING);
            assert_eq!(g.pointer, PointerSource::File);
            assert_eq!(
                g.functions,
                [
                    "runtime.godebugNotify",
                    "runtime.parseRuntimeDebugVars",
                    "runtime.reparsedebugvars"
                ]
            );
            assert_eq!(
                g.describe(),
                "runtime.godebugDefault at 0x403200 (found by the pclntab (no symbol table): \
                 loaded by runtime.godebugNotify, runtime.parseRuntimeDebugVars, \
                 runtime.reparsedebugvars)"
            );
            assert_eq!(runtime_godebug_by_pclntab(&f).unwrap(), g);
        }
    }

    #[test]
    fn an_empty_header_is_an_empty_default() {
        let f = GodebugElf::new(false, b"").build();
        let g = runtime_godebug(&f).unwrap();
        assert_eq!((g.value.as_slice(), g.data_address), (&b""[..], 0));
    }

    #[test]
    fn unknown_rather_than_a_guess() {
        let err = |b: GodebugElf| runtime_godebug(&b.build()).unwrap_err();
        let mut b = GodebugElf::new(false, b"fips140=on");
        b.functions.truncate(1);
        let e = err(b);
        assert!(
            e.starts_with("no symbol table, and the pclntab has 1 of"),
            "{e}"
        );
        let mut b = GodebugElf::new(true, b"fips140=on");
        b.stray = Some(2);
        let e = err(b);
        assert!(e.ends_with("load no common string variable"), "{e}");
        let mut b = GodebugElf::new(false, b"fips140=on");
        b.zero_pointer = true;
        let e = err(b);
        assert!(e.contains("has length 10 but a zero pointer"), "{e}");
        let e = runtime_godebug(b"not a binary").unwrap_err();
        assert!(e.starts_with("not an ELF, Mach-O or PE file"), "{e}");
        // Another architecture: no decoder.
        let mut f = GodebugElf::new(false, b"fips140=on").build();
        f[18] = 3; // EM_386 (in a 64-bit file: object reads it as i386)
        let e = runtime_godebug(&f).unwrap_err();
        assert!(e.contains("supported on amd64 and arm64"), "{e}");
    }

    #[test]
    fn damaged_files_do_not_panic() {
        for arm64 in [false, true] {
            let f = GodebugElf::new(arm64, b"fips140=on").build();
            for cut in (0..f.len()).step_by(61) {
                let _ = runtime_godebug(&f[..cut]);
            }
            for at in (0..f.len()).step_by(7) {
                let mut g = f.clone();
                g[at] ^= 0xa5;
                let _ = runtime_godebug(&g);
            }
        }
    }
}
