//! The module zip plan (fips-modzip's layout over fips-safezip's checks)
//! on arbitrary archives never panics, and what it accepts is safe to
//! write: every planned path is a valid module file path below the
//! module, no Bazel file is written, no two paths fold together, and
//! extraction either completes or leaves nothing behind.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use fips_modzip::{module_limits, ModuleLayout, DROPPED_NAMES};
use libfuzzer_sys::fuzz_target;

fn work_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("fipstool-fuzz-modzip-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("work dir");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let zip = fips_safezip::testing::recipe_zip("example.com/m@v1.0.0/", "sub/", "go.mod", data);
    let layout = ModuleLayout::new("example.com/m", "v1.0.0");
    let Ok(plan) = fips_safezip::plan(&zip, &layout, &module_limits()) else {
        return;
    };
    let mut folded = std::collections::BTreeSet::new();
    for f in &plan.files {
        assert!(fips_modpath::check_file_path(&f.rel).is_ok(), "{}", f.rel);
        let base = f.rel.rsplit('/').next().unwrap_or_default();
        assert!(!DROPPED_NAMES.contains(&base));
        assert!(folded.insert(fips_safezip::fold(&f.rel)));
    }
    assert!(plan.files.windows(2).all(|w| w[0].rel < w[1].rel));
    let out = work_dir().join("out");
    let modes = fips_safezip::Modes {
        file: 0o644,
        dir: 0o755,
    };
    let result = fips_safezip::extract(&zip, &plan, &out, modes);
    if result.is_err() {
        assert!(!out.exists());
    }
    fips_safezip::remove_tree(&out);
});
