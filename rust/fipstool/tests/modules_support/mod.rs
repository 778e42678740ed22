//! Real Go modules for the module tests: downloaded through the Go module
//! proxy (GOPROXY as the machine sets it) by the genuine go command into a
//! module cache kept across runs ($FIPS_CACHE/gomodcache, by default
//! ~/.cache/fips-testbed/gomodcache). CI runs these tests: a proxy that
//! cannot be reached fails them, with the go command's message.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::binary_support::{cache_home, go_bin};

/// The SDK whose go command downloads and lists modules.
pub const SDK: &str = "go1.26.6";

pub fn gomodcache() -> PathBuf {
    cache_home().join("gomodcache")
}

/// The go command with the test-bed module cache and no user settings.
pub fn go() -> Command {
    let mut cmd = Command::new(go_bin(SDK));
    cmd.env("GOMODCACHE", gomodcache())
        .env("GOTOOLCHAIN", "local")
        .env("GOENV", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOWORK", "off")
        .env("CGO_ENABLED", "0");
    cmd
}

/// What `go mod download -json` reports for one module version.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Download {
    pub path: String,
    pub version: String,
    pub zip: PathBuf,
    pub go_mod: PathBuf,
    pub dir: PathBuf,
    pub sum: String,
    pub go_mod_sum: String,
}

/// Downloads `path@version` (or finds it in the cache).
pub fn download(path: &str, version: &str) -> Download {
    let spec = format!("{path}@{version}");
    let out = go()
        .args(["mod", "download", "-json", &spec])
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run go mod download");
    assert!(
        out.status.success(),
        "go mod download {spec} failed (GOPROXY={}): these tests need the Go module proxy\n{}{}",
        std::env::var("GOPROXY").unwrap_or_else(|_| "unset: the go command's default".into()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("go mod download -json {spec}: {e}"))
}

/// `fipstool module unpack` of a downloaded module into `out`, with
/// go.sum's hashes as the go command recorded them.
pub fn unpack(d: &Download, out: &Path) -> std::process::Output {
    let s = |p: &Path| p.display().to_string();
    crate::binary_support::fipstool(&[
        "module",
        "unpack",
        "--zip",
        &s(&d.zip),
        "--path",
        &d.path,
        "--version",
        &d.version,
        "--h1",
        &d.sum,
        "--mod",
        &s(&d.go_mod),
        "--mod-h1",
        &d.go_mod_sum,
        "--out",
        &s(out),
    ])
}

/// Every file below `dir` (relative, slash-separated) with its content.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}
