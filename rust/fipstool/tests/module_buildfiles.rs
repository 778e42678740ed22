//! `fipstool module buildfiles` on real modules from the proxy, against
//! the genuine go command: every package `go list -e ./...` reports (with
//! Go files) for linux/amd64, darwin/arm64 and windows/amd64 has a
//! go_library with its import path, and that library's deps hold the
//! label of every package it imports on each of those platforms, in this
//! module or in the module go resolves it to.

mod binary_support;
mod modules_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use modules_support::{download, go, unpack};
use serde_json::Value;

const PLATFORMS: [(&str, &str); 3] = [
    ("linux", "amd64"),
    ("darwin", "arm64"),
    ("windows", "amd64"),
];

fn fipstool(args: &[&str]) -> Value {
    let out = binary_support::fipstool(args);
    assert!(
        out.status.success(),
        "fipstool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The JSON objects go prints one after the other.
fn go_json(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Vec<Value> {
    let out = go()
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("run go");
    assert!(
        out.status.success(),
        "go {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::Deserializer::from_slice(&out.stdout)
        .into_iter::<Value>()
        .map(|v| v.expect("go's JSON"))
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The label our convention gives the package `import` of `module`.
fn expected_label(main: &str, module: &str, repo: Option<&str>, import: &str) -> String {
    let rel = import[module.len()..].trim_start_matches('/');
    let name = fips_buildgen::lib_name(import);
    let repo = match repo {
        Some(r) if module != main => format!("@{r}"),
        _ => String::new(),
    };
    if rel.rsplit('/').next() == Some(name.as_str()) {
        format!("{repo}//{rel}")
    } else {
        format!("{repo}//{rel}:{name}")
    }
}

fn check_module(path: &str, version: &str) {
    let d = download(path, version);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    let s = |p: &Path| p.display().to_string();
    let unpacked = unpack(&d, &dir);
    assert!(
        unpacked.status.success(),
        "{}",
        String::from_utf8_lossy(&unpacked.stderr)
    );
    // What go lists on each platform (with -mod=mod, go adds the modules
    // that provide imports the module's go.mod does not cover, as a main
    // module's go.mod would list them).
    let listed: Vec<(&str, &str, Vec<Value>)> = PLATFORMS
        .iter()
        .map(|&(goos, goarch)| {
            let env = [("GOOS", goos), ("GOARCH", goarch), ("CGO_ENABLED", "1")];
            (
                goos,
                goarch,
                go_json(&dir, &["list", "-e", "-deps", "-json", "./..."], &env),
            )
        })
        .collect();
    // The build list: every module go resolves for this module.
    let mut repos: BTreeMap<String, String> = BTreeMap::new();
    let from_list = listed
        .iter()
        .flat_map(|(_, _, pkgs)| pkgs.iter().filter_map(|p| p["Module"]["Path"].as_str()));
    let graph = go_json(&dir, &["list", "-m", "-json", "all"], &[]);
    for p in from_list.chain(graph.iter().filter_map(|m| m["Path"].as_str())) {
        if p != path {
            repos.insert(p.to_string(), fips_buildgen::repo_name(p));
        }
    }
    let list: String = repos.iter().map(|(p, r)| format!("{p}\t{r}\n")).collect();
    let modules = tmp.path().join("modules.txt");
    std::fs::write(&modules, list).unwrap();
    let report = fipstool(&[
        "module",
        "buildfiles",
        "--dir",
        &s(&dir),
        "--module-path",
        path,
        "--modules",
        &s(&modules),
        "--defs-bzl",
        "@@fips+//rules:defs.bzl",
        "--go-mod",
        &s(&d.go_mod),
    ]);
    let ours: BTreeMap<String, BTreeSet<String>> = report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["importpath"].as_str().unwrap().to_string(),
                strs(&p["deps"]).into_iter().collect(),
            )
        })
        .collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (goos, goarch, pkgs) in &listed {
        let module_of: BTreeMap<String, String> = pkgs
            .iter()
            .filter_map(|p| {
                Some((
                    p["ImportPath"].as_str()?.to_string(),
                    p["Module"]["Path"].as_str()?.to_string(),
                ))
            })
            .collect();
        let mut checked = 0;
        for p in pkgs {
            let ip = p["ImportPath"].as_str().unwrap();
            let has_go = !strs(&p["GoFiles"]).is_empty() || !strs(&p["CgoFiles"]).is_empty();
            if p["Module"]["Path"].as_str() != Some(path) || !has_go {
                continue;
            }
            let deps = ours.get(ip).unwrap_or_else(|| {
                panic!("{goos}/{goarch}: go list has {ip}, buildfiles made no go_library")
            });
            for import in strs(&p["Imports"]) {
                let Some(module) = module_of.get(&import) else {
                    continue; // the standard library, "C"
                };
                let repo = repos.get(module).map(String::as_str);
                let want = expected_label(path, module, repo, &import);
                assert!(
                    deps.contains(&want),
                    "{goos}/{goarch}: {ip} imports {import}: {want} not in deps {deps:?}"
                );
            }
            checked += 1;
        }
        assert!(checked > 0, "{path}: no package checked on {goos}/{goarch}");
        seen.extend(
            pkgs.iter()
                .filter_map(|p| p["ImportPath"].as_str().map(String::from)),
        );
    }
    // Every other library we made is a directory of Go files that these
    // platforms' build constraints exclude (go list ./... leaves those out).
    for ip in ours.keys().filter(|ip| !seen.contains(*ip)) {
        let p = &go_json(&dir, &["list", "-e", "-json", ip], &[])[0];
        let err = p["Error"]["Err"].as_str().unwrap_or_default();
        assert!(
            err.contains("build constraints exclude all Go files"),
            "{ip}: not a package go knows: {p}"
        );
    }
}

#[test]
fn x_sys() {
    check_module("golang.org/x/sys", "v0.28.0");
}

#[test]
fn x_crypto() {
    check_module("golang.org/x/crypto", "v0.31.0");
}

#[test]
fn x_net() {
    check_module("golang.org/x/net", "v0.33.0");
}

#[test]
fn klauspost_compress() {
    check_module("github.com/klauspost/compress", "v1.17.11");
}

#[test]
fn protobuf() {
    check_module("google.golang.org/protobuf", "v1.36.1");
}

#[test]
fn nats() {
    check_module("github.com/nats-io/nats.go", "v1.37.0");
}
