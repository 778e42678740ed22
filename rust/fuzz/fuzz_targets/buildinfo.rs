//! Go build info: the input as a binary, as module-info text (parse, render,
//! re-parse: rendering is a fixed point), inside a valid build-info blob in
//! both formats, and through Go's quoting (quote then unquote is identity).
//! Also the FIPS symbol lister. Nothing may panic.
#![no_main]

use fips_buildinfo::{fips_symbols, goquote, modinfo, read, synth::elf_with_blob};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read(data);
    let _ = fips_symbols(data);

    if let Ok(bi) = modinfo::parse(data) {
        let text = modinfo::render(&bi, false);
        let again = modinfo::parse(&text).expect("rendered module info parses");
        assert_eq!(
            modinfo::render(&again, false),
            text,
            "render is not a fixed point"
        );
        let _ = bi.go_version_m(b"file");
    }

    // Go keeps the module text only if it ends in a newline (the byte
    // before the closing sentinel).
    let inline = data.first().is_some_and(|b| b & 1 == 0);
    let file = elf_with_blob(b"go1.26.6", data, inline);
    let kept: &[u8] = if data.last() == Some(&b'\n') {
        data
    } else {
        b""
    };
    match read(&file) {
        Ok(bi) => {
            assert_eq!(bi.go_version, b"go1.26.6");
            let mut want = modinfo::parse(kept).expect("read parsed it");
            want.go_version = bi.go_version.clone();
            assert_eq!(want, bi);
        }
        Err(e) => assert!(modinfo::parse(kept).is_err(), "blob read failed: {e}"),
    }

    let q = goquote::quote(data);
    assert_eq!(
        goquote::unquote(&q).as_deref(),
        Ok(data),
        "quote/unquote roundtrip"
    );
});
