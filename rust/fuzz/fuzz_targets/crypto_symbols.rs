//! The crypto inventory: arbitrary bytes as a binary, and arbitrary lines
//! as function names of a synthetic stripped ELF (read through its
//! pclntab). Taking the inventory and its CBOM must never panic, and every
//! package it lists must come from the catalogue.
#![no_main]

use fips_buildinfo::synth::GodebugElf;
use fips_cryptoinv::cbom::{cbom, Subject};
use fips_cryptoinv::{inventory, Catalogue};
use libfuzzer_sys::fuzz_target;

fn check(file: &[u8], catalogue: &Catalogue) {
    let Ok(inv) = inventory(file, catalogue) else {
        return;
    };
    for p in &inv.packages {
        assert!(!catalogue.candidates(&p.package).is_empty(), "{}", p.package);
        assert!(!p.functions.is_empty());
    }
    let subject = Subject {
        name: "fuzz",
        sha256: "00",
        tool_version: "0",
    };
    let _ = cbom(&inv, &subject);
}

fuzz_target!(|data: &[u8]| {
    let Ok(catalogue) = Catalogue::builtin() else {
        return;
    };
    check(data, &catalogue);
    // Names: the input's lines, kept 'static for the builder.
    let text = String::from_utf8_lossy(data).into_owned();
    let names: Vec<&'static str> = text
        .split('\n')
        .filter(|l| !l.is_empty() && !l.contains('\0'))
        .take(32)
        .map(|l| &*Box::leak(l.to_string().into_boxed_str()))
        .collect();
    if names.is_empty() || names.iter().map(|n| n.len() + 1).sum::<usize>() > 0x400 {
        return;
    }
    let mut elf = GodebugElf::new(false, b"x");
    elf.functions = names;
    check(&elf.build(), &catalogue);
});
