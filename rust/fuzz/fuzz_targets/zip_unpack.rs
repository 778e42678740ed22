//! Unpacking arbitrary zips: every input is either rejected with an error
//! (and nothing left behind) or unpacked; nothing panics.
//! Input byte 0 picks raw mode (the rest is the zip) or recipe mode (the
//! rest describes a zip built by fips_snapshot::testing::zip_from_recipe).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fips_snapshot::testing::zip_from_recipe;
use fips_snapshot::unpack::{unpack_bytes, UnpackLimits};
use libfuzzer_sys::fuzz_target;

const VERSION: &str = "v1.26.0";

fn work_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("fipstool-fuzz-unpack-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create fuzz work dir");
        dir
    })
}

fn remove_tree(path: &Path) {
    #[cfg(unix)]
    fn writable(path: &Path) {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
            if let Ok(rd) = std::fs::read_dir(path) {
                for e in rd.flatten() {
                    writable(&e.path());
                }
            }
        }
    }
    #[cfg(unix)]
    writable(path);
    let _ = std::fs::remove_dir_all(path);
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let zip = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        zip_from_recipe(VERSION, rest)
    };
    let limits = UnpackLimits {
        max_zip_bytes: 1 << 20,
        max_entries: 100,
        max_file_bytes: 64 << 10,
        max_total_bytes: 256 << 10,
    };
    let dir = work_dir();
    let out = dir.join("out");
    match unpack_bytes(&zip, &out, VERSION, &limits) {
        Ok(report) => {
            assert!(out.join("fips140").exists() || report.files > 0);
            remove_tree(&out);
        }
        Err(_) => {
            // Rejected: nothing may be left in the work directory.
            let left = std::fs::read_dir(dir).map(|rd| rd.count()).unwrap_or(0);
            assert_eq!(left, 0, "rejected zip left files behind");
        }
    }
});
