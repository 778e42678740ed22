//! `fipstool importcfg --importer` against the genuine go command: for a
//! small module (go.mod in a temporary directory, no GOPATH) with a package
//! for each import rule, `go build ./pkg` and fipstool, given the same
//! sources, the standard-library list of `go list std` and a dependency
//! fragment with every other package of the module, must print the same
//! messages at the same positions (go's `package P` header and import
//! stack decorations aside). Go 1.24 to 1.27; the FIPS cases also with
//! GOFIPS140=v1.0.0, whose snapshot packages the std list then names.

mod binary_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use binary_support::{cache_home, go_bin, SDKS};
use fips_importcfg::NOT_IMPORTABLE;

/// The module: (file, content).
const TREE: &[(&str, &str)] = &[
    ("go.mod", "module ex\n\ngo 1.24\n"),
    ("a/internal/b/b.go", "package b\n\nfunc B() {}\n"),
    ("a/internal/b/internal/c/c.go", "package c\n"),
    ("a/internal/b/d/d.go", "package d\n\nimport _ \"ex/a/internal/b/internal/c\"\n"),
    ("a/c/c.go", "package c\n\nimport \"ex/a/internal/b\"\n\nvar _ = b.B\n"),
    (
        "a/c/c_x_test.go",
        "package c_test\n\nimport (\n\t_ \"ex/a/c\"\n\t_ \"ex/a/internal/b\"\n)\n",
    ),
    ("x/t/t.go", "package t\n"),
    (
        "x/t/t_x_test.go",
        "package t_test\n\nimport (\n\t_ \"ex/x/t\"\n\t_ \"ex/a/internal/b\"\n)\n",
    ),
    ("mainlib/m_x_test.go", "package main_test\n\nimport _ \"ex/mainlib\"\n"),
    (
        "x/y/y.go",
        "package y\n\nimport (\n\t\"fmt\"\n\tzz \"ex/a/internal/b\"\n)\n\nvar _ = zz.B\nvar _ = fmt.Sprint\n",
    ),
    (
        "x/z/z.go",
        "// Package z.\npackage z /* c */\n\n/* a\n   block */ import (\n\t// doc\n\t\"os\" // line\n\n\t. \"ex/a/internal/b\"\n)\n\nvar _ = os.Args\nvar _ = B\n",
    ),
    ("x/n/n.go", "package n\n\nimport _ \"ex/a/internal/b/internal/c\"\n"),
    ("mainlib/m.go", "package main\n\nfunc main() {}\n"),
    ("usemain/u.go", "package usemain\n\nimport _ \"ex/mainlib\"\n"),
    ("self/s.go", "package self\n\nimport _ \"ex/self\"\n"),
    ("local/l.go", "package local\n\nimport _ \"./sub\"\n"),
    ("sub/s.go", "package sub\n"),
    ("stdint/s.go", "package stdint\n\nimport _ \"internal/cpu\"\n"),
    ("fips/f.go", "package fips\n\nimport _ \"crypto/internal/fips140\"\n"),
    ("fips2/f.go", "package fips2\n\nimport _ \"crypto/internal/fips140/sha256\"\n"),
    (
        "vend/v.go",
        "package vend\n\nimport _ \"vendor/golang.org/x/net/dns/dnsmessage\"\n",
    ),
    ("vendor/foo/foo.go", "package foo\n"),
    ("vend2/v.go", "package vend2\n\nimport _ \"ex/vendor/foo\"\n"),
    ("Foo/f.go", "package foo\n"),
    ("foo/f.go", "package foo\n"),
    ("coll/c.go", "package coll\n\nimport (\n\t_ \"ex/foo\"\n\t_ \"ex/Foo\"\n)\n"),
    ("fcoll/a.go", "package fcoll\n"),
    ("fcoll/A.go", "package fcoll\n"),
    ("absimp/a.go", "package absimp\n\nimport _ \"/abs\"\n"),
    ("inval/a.go", "package inval\n\nimport _ \"a b\"\n"),
    ("malf/a.go", "package malf\n\nimport _ \"ex/a~1\"\n"),
    ("dslash/a.go", "package dslash\n\nimport _ \"ex//a\"\n"),
    ("meta/a.go", "package meta\n\nimport _ \"all\"\n"),
    ("modx/a.go", "package modx\n\nimport _ \"mod/x\"\n"),
    ("ver/a.go", "package ver\n\nimport _ \"ex/x@v1\"\n"),
];

/// How go's messages and fipstool's relate for a package.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Both accept the package.
    Ok,
    /// The same lines.
    Same,
    /// The same lines, the package's files touched right before go runs:
    /// go 1.24 and 1.25 read files older than two seconds from their module
    /// index, which loses go/build's `invalid import path: a b` (go then
    /// prints CheckImportPath's `malformed import path "a b": invalid char
    /// ' '`, or `no errors`); recent files are read by go/build itself, as
    /// go 1.26 and later read every file.
    SameUnindexed,
    /// fipstool prints go's first line only (go adds a second, redundant
    /// one: `local import "./sub" in non-local package`).
    FirstLine,
    /// go prints the message with its import stack instead of a position;
    /// fipstool puts the import's position (line 3, column 8) before it.
    AtImport,
    /// go's lines are among fipstool's (which also says a path is not
    /// provided, where the fragment leaves it out).
    Among,
    /// go: `imports P from F: import cycle not allowed`; fipstool:
    /// `F:L:C: package P imports P: import cycle not allowed`.
    Cycle,
}

/// (package directory, GOFIPS140, expectation); `+xtest` after the
/// directory: its external test package (`go vet`, `--xtest`).
const CASES: &[(&str, &str, Expect)] = &[
    ("a/c", "", Expect::Ok),
    ("a/c+xtest", "", Expect::Ok),
    ("x/t+xtest", "", Expect::Same),
    ("mainlib+xtest", "", Expect::Ok),
    ("a/internal/b/d", "", Expect::Ok),
    ("x/y", "", Expect::Same),
    ("x/z", "", Expect::Same),
    ("x/n", "", Expect::Same),
    ("usemain", "", Expect::Same),
    ("self", "", Expect::Cycle),
    ("local", "", Expect::FirstLine),
    ("stdint", "", Expect::Same),
    ("stdint", "v1.0.0", Expect::Same),
    ("fips", "", Expect::Same),
    ("fips", "v1.0.0", Expect::Same),
    ("fips2", "", Expect::Same),
    ("fips2", "v1.0.0", Expect::Same),
    ("vend", "", Expect::Same),
    ("vend2", "", Expect::Same),
    ("coll", "", Expect::Among),
    ("fcoll", "", Expect::Same),
    ("absimp", "", Expect::Same),
    ("inval", "", Expect::SameUnindexed),
    ("malf", "", Expect::Same),
    ("dslash", "", Expect::Same),
    ("meta", "", Expect::Same),
    ("modx", "", Expect::AtImport),
    ("ver", "", Expect::AtImport),
];

/// Packages the dependency fragment leaves out: `ex/foo` (it and `ex/Foo`
/// in one build are refused when the fragment is merged, before any import
/// is checked).
const NOT_IN_DEPS: &[&str] = &["ex/foo"];

fn scratch(sdk: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("importcfg-parity")
        .join(sdk);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_tree(root: &Path) {
    for (name, content) in TREE {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
}

/// Runs go in the module, with the test bed's persistent build cache.
fn go(sdk: &str, root: &Path, gofips140: &str, args: &[&str]) -> Output {
    let tmp = root.parent().unwrap().join("go-home");
    let mut cmd = Command::new(go_bin(sdk));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TMPDIR", std::env::temp_dir())
        .env("HOME", &tmp)
        .env("GOTOOLCHAIN", "local")
        .env("GOENV", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .env("GOTELEMETRY", "off")
        .env("GOWORK", "off")
        .env("GOCACHE", cache_home().join("gocache").join(sdk))
        .env("GOPATH", tmp.join("gopath"))
        .env("GOMODCACHE", tmp.join("modcache"))
        .env("CGO_ENABLED", "0")
        .env(
            "GOFIPS140",
            if gofips140.is_empty() {
                "off"
            } else {
                gofips140
            },
        )
        .current_dir(root)
        .args(args);
    cmd.output().expect("run go")
}

/// Gives the package's files the current time as their modification time.
fn touch_package(root: &Path, pkg: &str) {
    for (name, _) in TREE
        .iter()
        .filter(|(f, _)| f.starts_with(&format!("{pkg}/")))
    {
        let file = fs::File::options()
            .append(true)
            .open(root.join(name))
            .unwrap();
        file.set_modified(std::time::SystemTime::now()).unwrap();
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The standard library of a configuration, as the stdlib action gives it:
/// the list and an importcfg (fake files: nothing is compiled).
fn std_files(sdk: &str, root: &Path, gofips140: &str) -> (String, String) {
    let tag = if gofips140.is_empty() {
        "off"
    } else {
        gofips140
    };
    let list = root.join(format!("../std-{tag}.list"));
    let cfg = root.join(format!("../std-{tag}.importcfg"));
    if !list.exists() {
        let o = go(sdk, root, gofips140, &["list", "std"]);
        assert!(o.status.success(), "go list std: {}", text(&o.stderr));
        let packages = text(&o.stdout);
        let lines: String = packages
            .lines()
            .filter(|p| *p != "unsafe")
            .map(|p| format!("packagefile {p}=std/{p}.a\n"))
            .collect();
        fs::write(&list, &packages).unwrap();
        fs::write(&cfg, lines).unwrap();
    }
    (
        list.to_string_lossy().into_owned(),
        cfg.to_string_lossy().into_owned(),
    )
}

/// Every package of the module, as its go_library's fragment line would
/// name it; the export data of a program is the marker.
fn deps_fragment(root: &Path) -> String {
    let mut dirs: Vec<&str> = TREE
        .iter()
        .filter(|(f, _)| f.ends_with(".go"))
        .map(|(f, _)| f.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    dirs.sort();
    dirs.dedup();
    let mut fragment = String::new();
    for dir in dirs {
        let path = format!("ex/{dir}");
        if NOT_IN_DEPS.contains(&path.as_str()) {
            continue;
        }
        let main = TREE
            .iter()
            .any(|(f, c)| f.starts_with(&format!("{dir}/")) && c.starts_with("package main"));
        let export = format!("out/{dir}.x");
        let content = if main {
            format!("{NOT_IMPORTABLE}\n")
        } else {
            "go object\n".to_string()
        };
        let file = root.join(&export);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, content).unwrap();
        fragment.push_str(&format!("packagefile {path}={export}\n"));
    }
    let path = root.join("../deps.importcfg");
    fs::write(&path, fragment).unwrap();
    path.to_string_lossy().into_owned()
}

fn fipstool(root: &Path, std: &(String, String), deps: &str, pkg: &str, xtest: bool) -> Output {
    let mut srcs: Vec<&str> = TREE
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| {
            f.rsplit_once('/').is_some_and(|(d, n)| {
                d == pkg && n.ends_with(".go") && n.ends_with("_test.go") == xtest
            })
        })
        .collect();
    srcs.sort();
    let out = root.join("../out.importcfg");
    let _ = fs::remove_file(&out);
    let importer = format!("ex/{pkg}");
    let label = format!("//{pkg}");
    let mut args = vec![
        "importcfg",
        "--std",
        &std.1,
        "--std-packages",
        &std.0,
        "--deps",
        deps,
        "--importer",
        &importer,
        "--package",
        &label,
        "--out",
    ];
    if xtest {
        args.insert(1, "--xtest");
    }
    let out_s = out.to_string_lossy().into_owned();
    args.push(&out_s);
    args.extend(srcs);
    Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .current_dir(root)
        .args(&args)
        .output()
        .expect("run fipstool")
}

/// The message lines, without `package P` headers, import stack lines'
/// `imports P: ` and go's absolute file names.
fn normalize(stderr: &str, root: &Path) -> Vec<String> {
    let prefix = format!("{}/", root.display());
    stderr
        .lines()
        .map(|l| l.trim().trim_start_matches("fipstool: "))
        .filter(|l| !l.starts_with("package ") || l.contains(':'))
        .map(|l| {
            let l = l.strip_prefix(prefix.as_str()).unwrap_or(l);
            // `package ex/fcoll: msg`, `imports mod/x: msg`
            match l.split_once(": ") {
                Some((head, msg))
                    if (head.starts_with("package ") || head.starts_with("imports "))
                        && !head.contains(" from ") =>
                {
                    msg.to_string()
                }
                _ => l.to_string(),
            }
        })
        .collect()
}

fn check_sdk(sdk: &str) {
    let dir = scratch(sdk);
    let root = dir.join("m");
    write_tree(&root);
    let deps = deps_fragment(&root);
    let mut failures = Vec::new();
    for &(case, gofips140, expect) in CASES {
        let (pkg, xtest) = match case.strip_suffix("+xtest") {
            Some(pkg) => (pkg, true),
            None => (case, false),
        };
        let std = std_files(sdk, &root, gofips140);
        let target = format!("./{pkg}");
        let build = [if xtest { "vet" } else { "build" }, &target];
        if let Expect::SameUnindexed = expect {
            touch_package(&root, pkg);
        }
        let g = go(sdk, &root, gofips140, &build);
        let f = fipstool(&root, &std, &deps, pkg, xtest);
        let (go_lines, our_lines) = (
            normalize(&text(&g.stderr), &root),
            normalize(&text(&f.stderr), &root),
        );
        let code = f.status.code();
        let agree = match expect {
            Expect::Ok => g.status.success() && code == Some(0),
            _ if g.status.success() || code != Some(2) => false,
            Expect::Same | Expect::SameUnindexed => our_lines == go_lines,
            Expect::FirstLine => go_lines.len() == 2 && our_lines == go_lines[..1],
            Expect::AtImport => {
                let file = TREE
                    .iter()
                    .find(|(f, _)| f.starts_with(&format!("{pkg}/")))
                    .unwrap()
                    .0;
                go_lines.len() == 1 && our_lines == vec![format!("{file}:3:8: {}", go_lines[0])]
            }
            Expect::Among => !go_lines.is_empty() && go_lines.iter().all(|l| our_lines.contains(l)),
            Expect::Cycle => {
                let path = format!("ex/{pkg}");
                go_lines.len() == 1
                    && go_lines[0].starts_with(&format!("imports {path} from "))
                    && go_lines[0].ends_with(": import cycle not allowed")
                    && our_lines.len() == 1
                    && our_lines[0].ends_with(&format!(
                        ": package {path} imports {path}: import cycle not allowed"
                    ))
            }
        };
        if !agree {
            failures.push(format!(
                "{case} (GOFIPS140={gofips140}, {expect:?}):\n  go ({}): {go_lines:?}\n  fipstool ({code:?}): {our_lines:?}",
                g.status
            ));
        }
    }
    assert!(failures.is_empty(), "{sdk}:\n{}", failures.join("\n"));
}

#[test]
fn go1_24() {
    check_sdk(SDKS[0]);
}

#[test]
fn go1_25() {
    check_sdk(SDKS[1]);
}

#[test]
fn go1_26() {
    check_sdk(SDKS[2]);
}

#[test]
fn go1_27() {
    check_sdk(SDKS[3]);
}
