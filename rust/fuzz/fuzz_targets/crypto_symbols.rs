//! The crypto inventory: arbitrary bytes as a binary; arbitrary lines as
//! function names (with arbitrary build-info deps); and a synthetic
//! stripped ELF whose pclntab holds names the input picks from a table.
//! Taking the inventory and its CBOM must never panic, and every package
//! it lists must come from the catalogue.
#![no_main]

use fips_buildinfo::synth::GodebugElf;
use fips_buildinfo::{BuildInfo, Module, NameSource};
use fips_cryptoinv::cbom::{cbom, Subject};
use fips_cryptoinv::{from_names, inventory, Catalogue, Inventory};
use libfuzzer_sys::fuzz_target;

/// Names for the synthetic ELF (its builder wants 'static names).
const NAMES: [&str; 12] = [
    "crypto/md5.(*digest).Write",
    "crypto/cipher.NewOFB",
    "crypto/cipher.NewGCM",
    "crypto/internal/fips140/v1%2e0%2e0-c2097c7c.CAST",
    "crypto/internal/fips140/v1.26.0/sha256.New",
    "crypto/internal/fips140/aes.New",
    "golang.org/x/crypto/sha3.NewLegacyKeccak256",
    "golang.org/x/crypto/chacha20poly1305.New[go.shape.int]",
    "vendor/golang.org/x/crypto/chacha20.(*Cipher).XORKeyStream",
    "github.com/cloudflare/circl/sign/ed448.Sign.func1",
    "type:crypto/md5.digest",
    "main.main",
];

fn check(inv: &Inventory, catalogue: &Catalogue) {
    for p in &inv.packages {
        assert!(
            !catalogue.candidates(&p.package).is_empty(),
            "{}",
            p.package
        );
        assert!(!p.functions.is_empty());
    }
    let subject = Subject {
        name: "fuzz",
        sha256: "00",
        tool_version: "0",
    };
    let _ = cbom(inv, &subject);
}

fuzz_target!(|data: &[u8]| {
    static CATALOGUE: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    let catalogue = CATALOGUE.get_or_init(|| Catalogue::builtin().expect("the built-in catalogue"));
    if let Ok(inv) = inventory(data, catalogue) {
        check(&inv, catalogue);
    }

    // Lines: `dep PATH VERSION` lines become build-info deps, the rest names.
    let text = String::from_utf8_lossy(data);
    let mut info = BuildInfo::default();
    let mut names = Vec::new();
    for line in text.split('\n') {
        let mut f = line.split(' ');
        match (f.next(), f.next(), f.next()) {
            (Some("dep"), Some(path), version) => info.deps.push(Module {
                path: path.as_bytes().to_vec(),
                version: version.unwrap_or("").as_bytes().to_vec(),
                ..Module::default()
            }),
            _ => names.push(line),
        }
    }
    let inv = from_names(NameSource::Pclntab, names, Some(&info), catalogue);
    check(&inv, catalogue);

    let mut elf = GodebugElf::new(false, b"x");
    elf.functions = data
        .iter()
        .take(16)
        .map(|&b| NAMES[usize::from(b) % NAMES.len()])
        .collect();
    if elf.functions.is_empty() {
        return;
    }
    if let Ok(inv) = inventory(&elf.build(), catalogue) {
        check(&inv, catalogue);
    }
});
