//! Every Go function name of a binary: from the symbol table when it has
//! one, else from the function table (pclntab), which `-ldflags=-s -w` and
//! `strip` leave in place. The crypto inventory groups these by package.

use object::{Object, ObjectSymbol, SymbolKind};

use crate::image::Image;
use crate::pclntab::Pclntab;

/// Where the function names came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// The text symbols of the symbol table (ELF `.symtab`, Mach-O symtab,
    /// PE COFF symbols).
    SymbolTable,
    /// The Go function table: no symbol table names a function.
    Pclntab,
}

impl NameSource {
    pub fn as_str(self) -> &'static str {
        match self {
            NameSource::SymbolTable => "symbol-table",
            NameSource::Pclntab => "pclntab",
        }
    }
}

/// The function names of a binary, in table order (duplicates possible),
/// borrowed from its bytes (a large binary has 100,000 of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionNames<'a> {
    pub source: NameSource,
    pub names: Vec<&'a str>,
}

/// Read the function names of an ELF, Mach-O or PE Go binary. The error
/// says why none could be read (not an object file, no symbols and no
/// Go 1.20+ pclntab).
pub fn function_names(data: &[u8]) -> Result<FunctionNames<'_>, String> {
    let image = Image::parse(data)?;
    // Mach-O names (and 386 COFF ones) carry a leading underscore.
    let underscored = matches!(image.file.format(), object::BinaryFormat::MachO)
        || (image.file.format() == object::BinaryFormat::Pe && image.ptr_size == 4);
    let mut names = Vec::new();
    for sym in image.file.symbols() {
        if sym.kind() != SymbolKind::Text || !sym.is_definition() {
            continue;
        }
        let Ok(name) = sym.name() else { continue };
        let name = if underscored {
            name.strip_prefix('_').unwrap_or(name)
        } else {
            name
        };
        if !name.is_empty() {
            names.push(name);
        }
    }
    if !names.is_empty() {
        return Ok(FunctionNames {
            source: NameSource::SymbolTable,
            names,
        });
    }
    let table = Pclntab::find(&image)?;
    Ok(FunctionNames {
        source: NameSource::Pclntab,
        names: table.all_names().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::GodebugElf;

    #[test]
    fn stripped_binaries_are_read_through_the_pclntab() {
        let mut elf = GodebugElf::new(false, b"x");
        elf.functions = vec![
            "crypto/md5.(*digest).Write",
            "golang.org/x/crypto/chacha20.(*Cipher).XORKeyStream",
            "main.main",
        ];
        let file = elf.build();
        let got = function_names(&file).unwrap();
        assert_eq!(got.source, NameSource::Pclntab);
        assert_eq!(got.names, elf.functions);
    }

    #[test]
    fn not_a_binary() {
        assert!(function_names(b"not an object file").is_err());
        let f = crate::synth::elf_with_blob(b"go1.26.6", b"", true);
        let e = function_names(&f).unwrap_err();
        assert!(e.contains("pclntab"), "{e}");
    }
}
