//! The runtime's default GODEBUG (runtime.godebugDefault): the input as a
//! binary, and a valid synthetic stripped ELF (amd64 or arm64) whose value
//! comes from the input, read back exactly, then patched by the input. The
//! symbol, pclntab, module-data and instruction readers must never panic.
#![no_main]

use fips_buildinfo::godebug::{runtime_godebug, runtime_godebug_by_pclntab};
use fips_buildinfo::synth::GodebugElf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = runtime_godebug(data);
    let _ = runtime_godebug_by_pclntab(data);

    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let (value, patches) = rest.split_at(rest.len().min(usize::from(sel >> 2)));
    let mut b = GodebugElf::new(sel & 1 != 0, value);
    if sel & 2 != 0 {
        b.functions.pop();
    }
    let mut file = b.build();
    let g = runtime_godebug(&file).expect("the synthetic binary reads");
    assert_eq!(g.value, value);
    for p in patches.chunks_exact(3) {
        let off = usize::from(u16::from_le_bytes([p[0], p[1]])) % file.len();
        file[off] = p[2];
    }
    if let Ok(g) = runtime_godebug(&file) {
        assert!(g.value.len() <= 1 << 20);
    }
});
