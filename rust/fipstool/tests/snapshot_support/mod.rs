//! Shared helpers of the snapshot_* integration tests: where the genuine Go
//! SDKs of the test bed are, and how to run fipstool.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The four official SDKs every test runs against.
pub const OFFICIAL: [&str; 4] = ["go1.24.11", "go1.25.5", "go1.26.6", "go1.27.3"];
/// Debian sid's golang-1.26 (go1.26.10), whose lib/fips140 zips are re-packed.
pub const DEBIAN: &str = "debian-golang-1.26";

pub const H1_C2097C7C: &str = "h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ=";
pub const H1_V1_26_0: &str = "h1:dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM=";
pub const SHA_C2097C7C: &str = "daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b";
pub const SHA_V1_26_0: &str = "9b28f847fdf1db4a36cb2b2f8ec09443c039383f085630a03ecfaddf6db7ea23";

/// The directory holding go<version>/ and debian-golang-1.26/: $FIPS_GO_SDKS,
/// else $FIPS_CACHE/sdk, else ~/.cache/fips-testbed/sdk (as e2e/testbed does,
/// honouring XDG_CACHE_HOME).
pub fn sdk_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("FIPS_GO_SDKS").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(cache) = std::env::var_os("FIPS_CACHE").filter(|v| !v.is_empty()) {
        return PathBuf::from(cache).join("sdk");
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .expect("neither FIPS_GO_SDKS, FIPS_CACHE, XDG_CACHE_HOME nor HOME is set");
    cache.join("fips-testbed").join("sdk")
}

/// The GOROOT of one test-bed SDK. A missing SDK fails the test: the tests
/// never pass silently without the genuine SDKs.
pub fn goroot(name: &str) -> PathBuf {
    let dir = sdk_root().join(name);
    assert!(
        dir.join("VERSION").is_file() && dir.join("lib/fips140").is_dir(),
        "Go SDK {name} not found at {}: run e2e/testbed/go-sdks{} to provision it \
         (or point FIPS_GO_SDKS at a directory holding go<version>/ and {DEBIAN}/)",
        dir.display(),
        if name == DEBIAN { " debian" } else { "" }
    );
    dir
}

/// The repository's pinned index.
pub fn index_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../snapshots/index.toml")
}

pub fn fipstool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args(args)
        .output()
        .expect("run fipstool")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// All entries (name, content) of a zip file, in order.
pub fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("open zip");
    let mut z = zip::ZipArchive::new(file).expect("read zip");
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).expect("entry");
            let mut data = Vec::new();
            e.read_to_end(&mut data).expect("entry data");
            (e.name().expect("name").to_string(), data)
        })
        .collect()
}

/// A throw-away GOROOT that has only what resolve and verify read
/// (VERSION and lib/fips140), copied from a test-bed SDK.
pub fn copy_sdk_lib(name: &str, into: &Path) -> PathBuf {
    let src = goroot(name);
    let root = into.join(name);
    let lib = root.join("lib/fips140");
    std::fs::create_dir_all(&lib).expect("mkdir");
    std::fs::copy(src.join("VERSION"), root.join("VERSION")).expect("copy VERSION");
    for e in std::fs::read_dir(src.join("lib/fips140")).expect("read lib/fips140") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), lib.join(e.file_name())).expect("copy");
    }
    root
}
