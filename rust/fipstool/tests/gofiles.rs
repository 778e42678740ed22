//! `fipstool gofiles` against the genuine go command: for a fixture package
//! with a file for every kind of build constraint, and for many build
//! contexts (systems, tags, GOFIPS140, GOEXPERIMENT, GOAMD64, cgo), the
//! sources fipstool keeps must be exactly those `go list` puts in GoFiles
//! (and CgoFiles, TestGoFiles, XTestGoFiles), with the context file made by
//! that same go command with `fips_buildtags::CONTEXT_TEMPLATE`.

mod binary_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use binary_support::{clean_go_env, code, fipstool, go_bin, stderr};
use fips_buildtags::{Context, Decision, Mode, CONTEXT_TEMPLATE};

const P: &str = "package p\n";

/// The fixture package: (file name, content).
fn fixture_files() -> Vec<(String, String)> {
    let mut v: Vec<(&str, String)> = vec![
        ("plain.go", P.into()),
        ("linux.go", P.into()), // no prefix: not a suffix
        ("windows_amd64.go", P.into()),
        ("suffix_unix.go", P.into()), // unix is not a GOOS
        ("rev_amd64_linux.go", P.into()),
        ("mid_test_windows.go", P.into()),
        ("mid_linux_test_x.go", P.into()),
        ("pb_windows.pb.go", P.into()),
        ("pb_linux.pb.go", P.into()),
    ];
    for os in [
        "linux", "windows", "darwin", "android", "illumos", "solaris", "ios", "freebsd", "plan9",
        "js", "nacl",
    ] {
        v.push((leak(format!("os_{os}.go")), P.into()));
    }
    for arch in ["amd64", "arm64", "386", "wasm", "amd64p32"] {
        v.push((leak(format!("arch_{arch}.go")), P.into()));
    }
    for osarch in [
        "linux_amd64",
        "linux_arm64",
        "windows_arm64",
        "darwin_arm64",
        "ios_arm64",
        "android_arm64",
        "solaris_amd64",
        "illumos_amd64",
        "js_wasm",
    ] {
        v.push((leak(format!("osarch_{osarch}.go")), P.into()));
    }
    let tagged = |expr: &str| format!("//go:build {expr}\n\npackage p\n");
    for (name, expr) in [
        ("tag_unix.go", "unix"),
        ("tag_notunix.go", "!unix"),
        ("tag_expr.go", "(linux || darwin) && !(arm64 || 386)"),
        ("tag_expr2.go", "!windows && (amd64 || arm64) || plan9"),
        ("tag_linux.go", "linux"),
        ("tag_solaris.go", "solaris"),
        ("tag_darwin.go", "darwin"),
        ("tag_netgo.go", "netgo"),
        ("tag_foo.go", "foo && !bar"),
        ("tag_notfoo.go", "!foo"),
        ("tag_unicode.go", "!ünï"),
        ("rel_121.go", "go1.21"),
        ("rel_125.go", "go1.25"),
        ("rel_not125.go", "!go1.25"),
        ("rel_future.go", "go1.99"),
        ("cgo_tag.go", "cgo"),
        ("nocgo_tag.go", "!cgo"),
        ("exp_boring.go", "goexperiment.boringcrypto"),
        ("exp_boring_old.go", "boringcrypto"),
        ("exp_not_aliastp.go", "!goexperiment.aliastypeparams"),
        ("exp_swiss.go", "goexperiment.swissmap"),
        ("level_amd64v3.go", "amd64.v3"),
        ("level_arm64v80.go", "arm64.v8.0"),
        ("fips_v10.go", "fips140v1.0"),
        ("fips_v126.go", "fips140v1.26"),
        ("nofips.go", "!fips140v1.0 && !fips140v1.26"),
        ("gc.go", "gc"),
        ("gccgo.go", "gccgo"),
        ("ignored.go", "ignore"),
    ] {
        v.push((name, tagged(expr)));
    }
    let raw: &[(&str, &str)] = &[
        // Legacy lines: only without //go:build, only before a blank line.
        (
            "plus_only.go",
            "// +build linux,amd64 darwin\n\npackage p\n",
        ),
        (
            "plus_two.go",
            "// +build linux darwin\n// +build arm64\n\npackage p\n",
        ),
        ("plus_neg.go", "// +build !windows,!foo\n\npackage p\n"),
        ("plus_bang.go", "// +build !!linux\n\npackage p\n"),
        ("plus_nospace.go", "//+build windows\n\npackage p\n"),
        (
            "both.go",
            "//go:build windows\n// +build linux darwin android\n\npackage p\n",
        ),
        (
            "both_rev.go",
            "// +build windows\n//go:build !windows\n\npackage p\n",
        ),
        ("plus_no_blank.go", "// +build ignore\npackage p\n"),
        (
            "plus_after_doc.go",
            "// Copyright\n\n// +build ignore\n// Package p.\npackage p\n",
        ),
        (
            "plus_doc_after.go",
            "// Copyright\n\n// +build windows\n\n// Package p.\npackage p\n",
        ),
        (
            "plus_after_block.go",
            "/* x */\n// +build ignore\n\npackage p\n",
        ),
        // Block comments and odd placements of //go:build.
        (
            "block_then_gobuild.go",
            "/* license\n */\n\n//go:build ignore\n\npackage p\n",
        ),
        (
            "gobuild_in_block.go",
            "/*\n//go:build ignore\n*/\n\npackage p\n",
        ),
        (
            "gobuild_no_blank.go",
            "// Doc.\n//go:build windows\npackage p\n",
        ),
        ("gobuild_after_pkg.go", "package p\n\n//go:build ignore\n"),
        ("bom.go", "\u{feff}//go:build windows\n\npackage p\n"),
        ("crlf.go", "//go:build darwin\r\n\r\npackage p\r\n"),
        ("tabs.go", "//go:build\tlinux\t&&\tamd64\n\npackage p\n"),
        ("buildx.go", "//go:buildx windows\n\npackage p\n"),
        // cgo files and the documentation package.
        (
            "imports_c.go",
            "package p\n\n// #include <stdlib.h>\n// #cgo CFLAGS: -DA=1 -Iinc -I ../up\n// #cgo linux LDFLAGS: -lm\n\
             // #cgo windows,arm64 CPPFLAGS: -DWIN\n// #cgo darwin CXXFLAGS: -DMAC -I${SRCDIR}/mac\n\
             // #cgo !linux&&!windows CFLAGS: \"-DQ=a b\"\nimport \"C\"\n",
        ),
        (
            "imports_c_grouped.go",
            "package p\n\n// #cgo LDFLAGS: -lnot_a_preamble\nimport (\n\t// #cgo LDFLAGS: -L${SRCDIR}/lib\n\t\"C\"\n\t_ \"unsafe\"\n)\n",
        ),
        (
            "doc.go",
            "// Package documentation is not compiled.\npackage documentation\n",
        ),
        // Hidden files, even broken ones, are not read.
        ("_hidden.go", "//go:build (\n"),
        (".dot.go", "\0"),
        // Test files.
        ("p_test.go", "package p\n"),
        ("x_test.go", "package p_test\n"),
        ("t_windows_test.go", "package p\n"),
        ("t_linux_amd64_test.go", "package p_test\n"),
        ("t_tag_test.go", "//go:build foo\n\npackage p_test\n"),
    ];
    for (name, src) in raw {
        v.push((name, src.to_string()));
    }
    let too_complex = format!(
        "// +build {}\n\npackage p\n",
        vec!["windows"; 102].join(" ")
    );
    v.push(("plus_too_complex.go", too_complex));
    let mut out: Vec<(String, String)> = v.into_iter().map(|(n, s)| (n.to_string(), s)).collect();
    out.sort();
    out
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn scratch() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gofiles")
}

/// Writes a package directory (and its go.mod) afresh.
fn write_package(name: &str, files: &[(String, String)]) -> PathBuf {
    let dir = scratch().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("go.mod"),
        "module example.com/fixture\n\ngo 1.24\n",
    )
    .expect("go.mod");
    for (n, src) in files {
        std::fs::write(dir.join(n), src).expect("write");
    }
    dir
}

/// One build configuration: environment and -tags.
#[derive(Debug, Clone)]
struct Cfg {
    env: Vec<(&'static str, &'static str)>,
    tags: &'static str,
}

fn cfg(env: &[(&'static str, &'static str)], tags: &'static str) -> Cfg {
    Cfg {
        env: env.to_vec(),
        tags,
    }
}

fn go(sdk: &str, dir: &Path, c: &Cfg, args: &[&str]) -> Output {
    let tmp = scratch().join("go").join(sdk);
    let mut cmd = Command::new(go_bin(sdk));
    clean_go_env(&mut cmd, &tmp);
    cmd.env("GOFLAGS", "-modcacherw")
        .env("GOCACHE", tmp.join("cache"))
        .env("GOMODCACHE", tmp.join("modcache"))
        .env("CGO_ENABLED", "0")
        .current_dir(dir);
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    cmd.arg(args[0]);
    if !c.tags.is_empty() {
        cmd.arg(format!("-tags={}", c.tags));
    }
    cmd.args(&args[1..]);
    cmd.output().expect("run go")
}

/// The context file the go command writes for `c`.
fn context_file(sdk: &str, dir: &Path, c: &Cfg, name: &str) -> PathBuf {
    let out = go(sdk, dir, c, &["list", "-f", CONTEXT_TEMPLATE, "unsafe"]);
    assert!(
        out.status.success(),
        "{sdk} {c:?}: go list context: {}",
        stderr(&out)
    );
    let path = scratch().join(format!("{name}.context"));
    std::fs::write(&path, &out.stdout).expect("write context");
    path
}

/// What `go list` says about the package in `dir`.
#[derive(Debug, Default)]
struct Listed {
    go_files: Vec<String>,
    ignored: Vec<String>,
    cgo_files: Vec<String>,
    test_files: Vec<String>,
    xtest_files: Vec<String>,
    invalid: Vec<String>,
    error: String,
}

fn go_list(sdk: &str, dir: &Path, c: &Cfg) -> Listed {
    let tmpl = "{{join .GoFiles \" \"}}|{{join .IgnoredGoFiles \" \"}}|{{join .CgoFiles \" \"}}|\
        {{join .TestGoFiles \" \"}}|{{join .XTestGoFiles \" \"}}|{{join .InvalidGoFiles \" \"}}|\
        {{with .Error}}{{.}}{{end}}";
    let out = go(sdk, dir, c, &["list", "-e", "-f", tmpl, "."]);
    if !out.status.success() && stderr(&out).contains("unknown GOEXPERIMENT") {
        return Listed {
            error: stderr(&out),
            ..Listed::default()
        };
    }
    assert!(
        out.status.success(),
        "{sdk} {c:?}: go list: {}",
        stderr(&out)
    );
    let text = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
    let f: Vec<&str> = text.splitn(7, '|').collect();
    assert_eq!(f.len(), 7, "go list output: {text}");
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    Listed {
        go_files: words(f[0]),
        ignored: words(f[1]),
        cgo_files: words(f[2]),
        test_files: words(f[3]),
        xtest_files: words(f[4]),
        invalid: words(f[5]),
        error: f[6].to_string(),
    }
}

/// go list's flags of the package's #cgo directives, as `fipstool gofiles
/// --cgo-flags-out` writes them.
fn go_list_cgo_flags(sdk: &str, dir: &Path, c: &Cfg) -> String {
    let tmpl: String = ["CPPFLAGS", "CFLAGS", "CXXFLAGS", "FFLAGS", "LDFLAGS"]
        .iter()
        .map(|v| format!("{{{{range .Cgo{v}}}}}{v}\t{{{{.}}}}\n{{{{end}}}}"))
        .collect();
    let out = go(sdk, dir, c, &["list", "-f", &tmpl, "."]);
    assert!(
        out.status.success(),
        "{sdk} {c:?}: go list: {}",
        stderr(&out)
    );
    // go list ends its output with one newline, whatever the template's end.
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

/// Runs `fipstool gofiles`; the kept paths, or the failure's stderr.
fn gofiles(
    ctx: &Path,
    srcs: &[PathBuf],
    extra: &[&str],
    out: &Path,
) -> Result<Vec<String>, String> {
    let mut args: Vec<String> = vec![
        "gofiles".into(),
        "--context".into(),
        ctx.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(srcs.iter().map(|s| s.display().to_string()));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = fipstool(&argv);
    if !o.status.success() {
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        return Err(stderr(&o));
    }
    let list = std::fs::read_to_string(out).expect("read list");
    Ok(list.lines().map(str::to_string).collect())
}

fn base_names(paths: &[String]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The configurations every SDK is checked in; `fips` is the GOFIPS140
/// value that selects the v1.0 snapshot with that SDK.
fn configs(fips: &'static str, full: bool) -> Vec<Cfg> {
    let mut v = vec![cfg(&[], ""), cfg(&[], "netgo,foo")];
    if !full {
        return v;
    }
    v.extend([
        cfg(&[("GOOS", "windows"), ("GOARCH", "arm64")], ""),
        cfg(&[("GOOS", "windows"), ("GOARCH", "386")], "foo"),
        cfg(&[("GOOS", "darwin"), ("GOARCH", "arm64")], ""),
        cfg(&[("GOOS", "ios"), ("GOARCH", "arm64")], ""),
        cfg(&[("GOOS", "android"), ("GOARCH", "arm64")], "netgo"),
        cfg(&[("GOOS", "illumos"), ("GOARCH", "amd64")], ""),
        cfg(&[("GOOS", "solaris"), ("GOARCH", "amd64")], ""),
        cfg(&[("GOOS", "freebsd"), ("GOARCH", "386")], ""),
        cfg(&[("GOOS", "plan9"), ("GOARCH", "amd64")], ""),
        cfg(&[("GOOS", "js"), ("GOARCH", "wasm")], ""),
        cfg(&[("GOOS", "linux"), ("GOARCH", "arm64")], "bar,foo"),
        cfg(&[("GOFIPS140", fips)], ""),
        cfg(&[("GOFIPS140", fips)], "netgo"),
        cfg(&[("GOEXPERIMENT", "boringcrypto")], ""),
        cfg(&[("GOEXPERIMENT", "noswissmap")], ""),
        cfg(&[("GOAMD64", "v3")], ""),
        cfg(&[("CGO_ENABLED", "1")], ""),
        cfg(
            &[
                ("CGO_ENABLED", "1"),
                ("GOOS", "darwin"),
                ("GOARCH", "amd64"),
            ],
            "",
        ),
    ]);
    v
}

/// Every configuration: fipstool keeps exactly what go list compiles, and
/// says why it drops each file go list ignores.
fn parity(sdk: &str, fips: &'static str, full: bool) {
    let files = fixture_files();
    let dir = write_package(&format!("fixture-{sdk}"), &files);
    let srcs: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
    let mut checked = 0;
    let mut cgo_checked = 0;
    for (i, c) in configs(fips, full).iter().enumerate() {
        // GOEXPERIMENTs an SDK does not know are skipped.
        let listed = go_list(sdk, &dir, c);
        if listed.error.contains("unknown GOEXPERIMENT") {
            continue;
        }
        assert!(
            listed.invalid.is_empty() && listed.error.is_empty(),
            "{sdk} {c:?}: the fixture must be valid: {listed:?}"
        );
        let name = format!("{sdk}-{i}");
        let ctx_path = context_file(sdk, &dir, c, &name);
        let text = std::fs::read_to_string(&ctx_path).unwrap();
        let ctx = Context::parse("ctx", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let out = scratch().join(format!("{name}.list"));

        // go build: GoFiles and CgoFiles.
        let want = sorted([listed.go_files.clone(), listed.cgo_files.clone()].concat());
        let cgo_out = scratch().join(format!("{name}.cgo"));
        let flags_out = scratch().join(format!("{name}.cgoflags"));
        let cgo_flag = [
            "--cgo-out",
            cgo_out.to_str().unwrap(),
            "--cgo-flags-out",
            flags_out.to_str().unwrap(),
        ];
        let got = gofiles(&ctx_path, &srcs, &cgo_flag, &out)
            .unwrap_or_else(|e| panic!("{sdk} {c:?}: {e}"));
        assert_eq!(base_names(&got), want, "{sdk} {c:?}\ncontext:\n{text}");
        // The ones that import "C": go list's CgoFiles.
        let got_cgo: Vec<String> = std::fs::read_to_string(&cgo_out)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        assert_eq!(
            base_names(&got_cgo),
            sorted(listed.cgo_files.clone()),
            "{sdk} {c:?} cgo"
        );
        // Their #cgo directives: go list's CgoCPPFLAGS ... CgoLDFLAGS
        // (which it reads with cgo off too, where nothing uses them).
        if !listed.cgo_files.is_empty() {
            assert_eq!(
                std::fs::read_to_string(&flags_out).unwrap().trim_end(),
                go_list_cgo_flags(sdk, &dir, c),
                "{sdk} {c:?} cgo flags"
            );
            cgo_checked += 1;
        }
        assert!(
            got.iter().all(|p| Path::new(p).is_absolute()),
            "paths as given"
        );

        // go test: the test files too.
        let want_t = sorted(
            [
                listed.go_files.clone(),
                listed.cgo_files.clone(),
                listed.test_files.clone(),
                listed.xtest_files.clone(),
            ]
            .concat(),
        );
        let got_t = gofiles(&ctx_path, &srcs, &["--tests"], &out)
            .unwrap_or_else(|e| panic!("{sdk} {c:?} --tests: {e}"));
        assert_eq!(
            base_names(&got_t),
            want_t,
            "{sdk} {c:?} --tests\ncontext:\n{text}"
        );

        // The files go list ignores are those excluded by a constraint.
        let mut ignored = Vec::new();
        for (n, _) in &files {
            let d = fips_buildtags::match_file(&ctx, &dir.join(n), Mode::Test).unwrap();
            if let Decision::Exclude(why) = d {
                if why.by_constraint() {
                    ignored.push(n.clone());
                }
            }
        }
        assert_eq!(
            sorted(ignored),
            sorted(listed.ignored.clone()),
            "{sdk} {c:?}"
        );
        eprintln!(
            "{sdk} {:?} -tags={:?}: {} kept, {} with tests, {} ignored",
            c.env,
            c.tags,
            got.len(),
            got_t.len(),
            listed.ignored.len()
        );
        checked += 1;
    }
    assert!(
        checked >= if full { 15 } else { 2 },
        "{sdk}: only {checked} configurations"
    );
    // linux/amd64 and darwin/amd64 with cgo.
    assert!(
        cgo_checked >= if full { 2 } else { 0 },
        "{sdk}: cgo flags checked in {cgo_checked} configurations"
    );
}

#[test]
fn parity_go1_24() {
    parity("go1.24.11", "v1.0.0", true);
}

#[test]
fn parity_go1_26() {
    parity("go1.26.6", "certified", true);
}

#[test]
fn parity_go1_25_and_go1_27() {
    parity("go1.25.5", "v1.0.0", false);
    parity("go1.27.3", "certified", false);
}

/// The GOFIPS140 configurations really carry the snapshot's tag.
#[test]
fn fips_and_experiment_tags_reach_the_context() {
    let dir = write_package("tags", &[("a.go".into(), P.into())]);
    for (sdk, fips) in [("go1.24.11", "v1.0.0"), ("go1.26.6", "certified")] {
        let c = cfg(&[("GOFIPS140", fips)], "netgo");
        let ctx = Context::parse(
            "ctx",
            &std::fs::read_to_string(context_file(sdk, &dir, &c, &format!("tags-{sdk}"))).unwrap(),
        )
        .unwrap();
        assert!(
            ctx.build_tags.iter().any(|t| t == "fips140v1.0"),
            "{sdk}: {ctx:?}"
        );
        assert!(
            ctx.build_tags.iter().any(|t| t == "netgo"),
            "{sdk}: {ctx:?}"
        );
        assert!(
            ctx.release_tags.iter().any(|t| t == "go1.24"),
            "{sdk}: {ctx:?}"
        );
        assert!(
            ctx.tool_tags.iter().any(|t| t == "amd64.v1"),
            "{sdk}: {ctx:?}"
        );
        let b = cfg(&[("GOEXPERIMENT", "boringcrypto")], "");
        let ctx = Context::parse(
            "ctx",
            &std::fs::read_to_string(context_file(sdk, &dir, &b, &format!("boring-{sdk}")))
                .unwrap(),
        )
        .unwrap();
        assert!(
            ctx.tool_tags
                .iter()
                .any(|t| t == "goexperiment.boringcrypto"),
            "{sdk}: {ctx:?}"
        );
    }
}

/// When nothing remains, go's message, and why each file was dropped.
#[test]
fn all_excluded_fails_as_go_does() {
    let sdk = "go1.26.6";
    let files: Vec<(String, String)> = vec![
        ("a_windows.go".into(), P.into()),
        ("b.go".into(), "//go:build !netgo\n\npackage p\n".into()),
        ("c_test.go".into(), P.into()),
        ("_d.go".into(), P.into()),
    ];
    let dir = write_package("all-excluded", &files);
    let c = cfg(&[], "netgo");
    let built = go(sdk, &dir, &c, &["build", "."]);
    let want = format!(
        "build constraints exclude all Go files in {}",
        dir.display()
    );
    assert!(
        !built.status.success() && stderr(&built).contains(&want),
        "go: {}",
        stderr(&built)
    );
    let ctx = context_file(sdk, &dir, &c, "all-excluded");
    let srcs: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
    let out = scratch().join("all-excluded.list");
    let _ = std::fs::remove_file(&out);
    let err = gofiles(&ctx, &srcs, &[], &out).unwrap_err();
    assert!(err.starts_with(&format!("fipstool: {want}\n")), "{err}");
    let d = dir.display();
    for line in [
        format!("  {d}/a_windows.go: GOOS windows does not match linux"),
        format!("  {d}/b.go: //go:build !netgo is false"),
        format!("  {d}/c_test.go: a test file: go build does not compile *_test.go"),
        format!("  {d}/_d.go: ignored: the name starts with \"_\" or \".\""),
    ] {
        assert!(err.contains(&line), "missing {line:?} in\n{err}");
    }
    assert!(!out.exists(), "nothing written on failure");
    // --package names the package instead of the directory.
    let err = gofiles(&ctx, &srcs, &["--package", "//pkg:lib"], &out).unwrap_err();
    assert!(
        err.starts_with("fipstool: build constraints exclude all Go files in //pkg:lib\n"),
        "{err}"
    );
    // --allow-empty: an empty list.
    assert_eq!(gofiles(&ctx, &srcs, &["--allow-empty"], &out), Ok(vec![]));
    assert_eq!(std::fs::read(&out).unwrap(), b"");
    // Only test files: go's other message.
    let only_tests = vec![srcs[2].clone()];
    let err = gofiles(&ctx, &only_tests, &[], &out).unwrap_err();
    assert!(
        err.contains(&format!("no non-test Go files in {d}")),
        "{err}"
    );
    assert_eq!(
        gofiles(&ctx, &only_tests, &["--tests"], &out)
            .unwrap()
            .len(),
        1
    );
}

/// Broken constraints are errors for go and for fipstool alike; files the
/// name excludes are not read, as go does not read them.
#[test]
fn broken_constraints_fail_as_go_does() {
    let sdk = "go1.26.6";
    let c = cfg(&[], "");
    for (i, (name, src, reason, tests)) in [
        (
            "bad.go",
            "//go:build (linux\n\npackage p\n",
            "parsing //go:build line: missing close paren",
            false,
        ),
        (
            "bad.go",
            "// x\n//go:build linux &&\npackage p\n",
            "parsing //go:build line: unexpected end of expression",
            false,
        ),
        (
            "bad.go",
            "//go:build linux ||| amd64\npackage p\n",
            "parsing //go:build line: invalid syntax at |",
            false,
        ),
        (
            "bad.go",
            "//go:build a\n//go:build b\n\npackage p\n",
            "multiple //go:build comments",
            false,
        ),
        (
            "bad.go",
            "package p\n// \0\n",
            "unexpected NUL in input",
            false,
        ),
        (
            "bad.go",
            "//go:build ignore\n\npackage p\n\n// \0\n",
            "unexpected NUL in input",
            false,
        ),
        (
            "bad_test.go",
            "package p\n\nimport \"C\"\n",
            "use of cgo in test",
            true,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let files = vec![
            ("ok.go".to_string(), P.to_string()),
            (name.to_string(), src.to_string()),
        ];
        let dir = write_package(&format!("broken-{i}"), &files);
        let listed = go_list(sdk, &dir, &c);
        assert!(
            listed.invalid.contains(&name.to_string()) && listed.error.contains(reason),
            "go, {src:?}: {listed:?}"
        );
        let ctx = context_file(sdk, &dir, &c, &format!("broken-{i}"));
        let srcs: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
        let extra: &[&str] = if tests { &["--tests"] } else { &[] };
        let out = scratch().join(format!("broken-{i}.list"));
        let err = gofiles(&ctx, &srcs, extra, &out).unwrap_err();
        assert!(err.contains(reason), "fipstool, {src:?}: {err}");
        assert!(err.contains(&format!("{}/{name}", dir.display())), "{err}");
    }
    // Excluded by name: never read, by go or by fipstool.
    let files = vec![
        ("ok.go".to_string(), P.to_string()),
        ("bad_windows.go".to_string(), "//go:build (\n\0".to_string()),
    ];
    let dir = write_package("broken-by-name", &files);
    let listed = go_list(sdk, &dir, &c);
    assert!(
        listed.invalid.is_empty() && listed.error.is_empty(),
        "{listed:?}"
    );
    let ctx = context_file(sdk, &dir, &c, "broken-by-name");
    let srcs: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
    let out = scratch().join("broken-by-name.list");
    assert_eq!(
        base_names(&gofiles(&ctx, &srcs, &[], &out).unwrap()),
        ["ok.go"]
    );
}

/// `embedcfg --context`: the patterns of excluded files are ignored, as in
/// go build (go list's EmbedPatterns).
#[test]
fn embedcfg_scans_only_kept_sources() {
    let sdk = "go1.26.6";
    let files: Vec<(String, String)> = vec![
        (
            "a.go".into(),
            "package p\n\nimport _ \"embed\"\n\n//go:embed a.txt\nvar a string\n".into(),
        ),
        (
            "b_windows.go".into(),
            "package p\n\nimport _ \"embed\"\n\n//go:embed b.txt\nvar b string\n".into(),
        ),
        (
            "c_test.go".into(),
            "package p\n\nimport _ \"embed\"\n\n//go:embed c.txt\nvar c string\n".into(),
        ),
        ("a.txt".into(), "a".into()),
        ("b.txt".into(), "b".into()),
        ("c.txt".into(), "c".into()),
    ];
    let dir = write_package("embed", &files);
    let srcs: Vec<PathBuf> = ["a.go", "b_windows.go", "c_test.go"]
        .iter()
        .map(|n| dir.join(n))
        .collect();
    for (goos, tests) in [("linux", false), ("windows", false), ("linux", true)] {
        let c = cfg(&[("GOOS", goos)], "");
        let tmpl = if tests {
            "{{join .EmbedPatterns \" \"}} {{join .TestEmbedPatterns \" \"}}"
        } else {
            "{{join .EmbedPatterns \" \"}}"
        };
        let out = go(sdk, &dir, &c, &["list", "-f", tmpl, "."]);
        assert!(out.status.success(), "{}", stderr(&out));
        let want: Vec<String> = sorted(
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        );
        let ctx = context_file(sdk, &dir, &c, &format!("embed-{goos}-{tests}"));
        let cfg_path = scratch().join(format!("embed-{goos}-{tests}.json"));
        let mut args: Vec<String> = vec![
            "embedcfg".into(),
            "--context".into(),
            ctx.display().to_string(),
        ];
        if tests {
            args.push("--tests".into());
        }
        for s in &srcs {
            args.push("--src".into());
            args.push(s.display().to_string());
        }
        for n in ["a.txt", "b.txt", "c.txt"] {
            args.push("--embedsrc".into());
            args.push(format!("{n}={}", dir.join(n).display()));
        }
        args.push("--out".into());
        args.push(cfg_path.display().to_string());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = fipstool(&argv);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&cfg_path).unwrap()).unwrap();
        let got: Vec<String> = sorted(
            json["Patterns"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect(),
        );
        assert_eq!(got, want, "{goos} tests={tests}");
    }
    // Without --context every source is scanned, as before.
    let cfg_path = scratch().join("embed-all.json");
    let mut args: Vec<String> = vec!["embedcfg".into()];
    for s in &srcs {
        args.push("--src".into());
        args.push(s.display().to_string());
    }
    for n in ["a.txt", "b.txt", "c.txt"] {
        args.push("--embedsrc".into());
        args.push(format!("{n}={}", dir.join(n).display()));
    }
    args.push("--out".into());
    args.push(cfg_path.display().to_string());
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(fipstool(&argv).status.success());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cfg_path).unwrap()).unwrap();
    assert_eq!(json["Patterns"].as_object().unwrap().len(), 3);
}

/// Bad context files are bad input naming the file and line.
#[test]
fn malformed_context_files() {
    let dir = write_package("ctx-bad", &[("a.go".into(), P.into())]);
    let ctx = scratch().join("bad.context");
    std::fs::write(&ctx, "GOOS linux\nGOARCH amd64\nFlavor sweet\n").unwrap();
    let out = scratch().join("ctx-bad.list");
    let err = gofiles(&ctx, &[dir.join("a.go")], &[], &out).unwrap_err();
    assert!(
        err.contains(&format!("{}:3: unknown key \"Flavor\"", ctx.display())),
        "{err}"
    );
    std::fs::write(&ctx, "GOOS linux\n").unwrap();
    let err = gofiles(&ctx, &[dir.join("a.go")], &[], &out).unwrap_err();
    assert!(err.contains("missing key GOARCH"), "{err}");
}

/// Directives go build refuses, flags its allow-list refuses, and
/// pkg-config, which a hermetic build cannot run, fail with one message
/// naming the file; nothing is written.
#[test]
fn refused_cgo_directives() {
    let cases = [
        (
            "#cgo CFLAGS: -O2 -wrapper /usr/bin/touch,/tmp/x,--",
            "a.go: invalid flag in #cgo CFLAGS: -wrapper (see https://go.dev/s/invalidflag)\n",
        ),
        (
            "#cgo linux LDFLAGS: -lm -Wl,-plugin,/tmp/evil.so",
            "a.go: invalid flag in #cgo LDFLAGS: -Wl,-plugin,/tmp/evil.so (see https://go.dev/s/invalidflag)\n",
        ),
        (
            "#cgo pkg-config: zlib",
            "a.go: #cgo pkg-config: zlib: pkg-config does not run in a hermetic build",
        ),
        (
            "#cgo CFLAGS -DX",
            "a.go: invalid #cgo line: #cgo CFLAGS -DX",
        ),
        (
            "#cgo CFLAGS: -D'A;B'",
            "a.go: malformed #cgo argument: -DA;B",
        ),
    ];
    for (i, (directive, want)) in cases.iter().enumerate() {
        let src = format!("package p\n\n// {directive}\nimport \"C\"\n");
        let dir = write_package(&format!("refused-{i}"), &[("a.go".into(), src)]);
        let c = cfg(&[("CGO_ENABLED", "1")], "");
        let ctx = context_file("go1.26.6", &dir, &c, &format!("refused-{i}"));
        let flags_out = scratch().join(format!("refused-{i}.cgoflags"));
        let _ = std::fs::remove_file(&flags_out);
        let cgo_out = scratch().join(format!("refused-{i}.cgo"));
        let _ = std::fs::remove_file(&cgo_out);
        let out = scratch().join(format!("refused-{i}.list"));
        let _ = std::fs::remove_file(&out);
        let flag = [
            "--cgo-out",
            cgo_out.to_str().unwrap(),
            "--cgo-flags-out",
            flags_out.to_str().unwrap(),
        ];
        let err = gofiles(&ctx, &[dir.join("a.go")], &flag, &out).unwrap_err();
        assert!(err.contains(want), "{directive}: {err}");
        assert_eq!(err.lines().count(), 1, "one message: {err}");
        assert!(
            !flags_out.exists() && !cgo_out.exists() && !out.exists(),
            "{directive}: nothing written"
        );
    }
}

/// The allow-list check of `#cgo` flags and its `--cgo-env` overrides: the
/// flags of all files are checked before anything is written; a refusal
/// names the file, the verb and the flag in go build's words.
#[test]
fn cgo_flag_allow_list() {
    let a = "package p\n\n// #cgo CFLAGS: -O2 -I inc\n// #cgo LDFLAGS: -lm\nimport \"C\"\n";
    let dir = write_package("allow-list", &[("a.go".into(), a.into())]);
    let c = cfg(&[("CGO_ENABLED", "1")], "");
    let ctx = context_file("go1.26.6", &dir, &c, "allow-list");
    let d = dir.display().to_string();
    let out = scratch().join("allow-list.list");
    let cgo_out = scratch().join("allow-list.cgo");
    let flags_out = scratch().join("allow-list.cgoflags");
    // Runs gofiles on a.go and a b.go with `b`'s directives; the flags
    // written, or the failure's message.
    let run = |b: &str, extra: &[&str]| -> Result<String, String> {
        let src = format!("package p\n\n{b}\nimport \"C\"\n");
        std::fs::write(dir.join("b.go"), src).unwrap();
        for f in [&out, &cgo_out, &flags_out] {
            let _ = std::fs::remove_file(f);
        }
        let mut args = vec![
            "--cgo-out",
            cgo_out.to_str().unwrap(),
            "--cgo-flags-out",
            flags_out.to_str().unwrap(),
        ];
        args.extend(extra);
        let srcs = [dir.join("a.go"), dir.join("b.go")];
        match gofiles(&ctx, &srcs, &args, &out) {
            Ok(_) => Ok(std::fs::read_to_string(&flags_out).unwrap()),
            Err(e) => {
                assert!(
                    !out.exists() && !cgo_out.exists() && !flags_out.exists(),
                    "{b}: nothing written on refusal"
                );
                Err(e)
            }
        }
    };
    let hint = "(see https://go.dev/s/invalidflag)";

    // Allowed flags, as go build allows them, are written.
    let b = "// #cgo CFLAGS: -DX=1 -fPIC -isystem ${SRCDIR}/sys\n\
             // #cgo LDFLAGS: -L lib -lz -Wl,-rpath,/opt/lib -Wl,--push-state,--as-needed";
    assert_eq!(
        run(b, &[]).unwrap(),
        format!(
            "CFLAGS\t-O2\nCFLAGS\t-I\nCFLAGS\t{d}/inc\nCFLAGS\t-DX=1\nCFLAGS\t-fPIC\nCFLAGS\t-isystem\n\
             CFLAGS\t{d}/sys\nLDFLAGS\t-lm\nLDFLAGS\t-L\nLDFLAGS\t{d}/lib\nLDFLAGS\t-lz\n\
             LDFLAGS\t-Wl,-rpath,/opt/lib\nLDFLAGS\t-Wl,--push-state,--as-needed\n"
        )
    );
    // Refused: the file of the flag, the verb, the flag.
    for (b, want) in [
        (
            "// #cgo CFLAGS: -wrapper /usr/bin/touch,/tmp/x,--",
            format!("{d}/b.go: invalid flag in #cgo CFLAGS: -wrapper {hint}"),
        ),
        (
            "// #cgo LDFLAGS: -Wl,-plugin,x",
            format!("{d}/b.go: invalid flag in #cgo LDFLAGS: -Wl,-plugin,x {hint}"),
        ),
        (
            "// #cgo CPPFLAGS: -fplugin=/tmp/p.so",
            format!("{d}/b.go: invalid flag in #cgo CPPFLAGS: -fplugin=/tmp/p.so {hint}"),
        ),
        (
            "// #cgo CXXFLAGS: -include",
            format!("{d}/b.go: invalid flag in #cgo CXXFLAGS: -include without argument {hint}"),
        ),
        (
            "// #cgo FFLAGS: -include @/tmp/args",
            format!("{d}/b.go: invalid flag in #cgo FFLAGS: -include @/tmp/args {hint}"),
        ),
        // go build checks the verbs in order: CPPFLAGS before CFLAGS.
        (
            "// #cgo CFLAGS: -wrapper x\n// #cgo CPPFLAGS: -B/tmp",
            format!("{d}/b.go: invalid flag in #cgo CPPFLAGS: -B/tmp {hint}"),
        ),
    ] {
        assert_eq!(run(b, &[]), Err(format!("fipstool: {want}\n")), "{b}");
    }

    // ALLOW passes a flag the list refuses, for its verb only.
    let b = "// #cgo CFLAGS: -fplugin=/opt/plugins/check.so";
    let allow = ["--cgo-env", "CGO_CFLAGS_ALLOW=-fplugin=/opt/plugins/.*"];
    assert_eq!(
        run(b, &allow).unwrap(),
        "CFLAGS\t-O2\nCFLAGS\t-I\nCFLAGS\t{d}/inc\nCFLAGS\t-fplugin=/opt/plugins/check.so\nLDFLAGS\t-lm\n"
            .replace("{d}", &d)
    );
    let cxx = "// #cgo CXXFLAGS: -fplugin=/opt/plugins/check.so";
    assert!(run(cxx, &allow).is_err());
    // The match must be the whole flag.
    let partial = ["--cgo-env", "CGO_CFLAGS_ALLOW=-fplugin"];
    assert!(run(b, &partial).is_err());
    // DISALLOW refuses even an allowed flag: a.go's -O2.
    let disallow = ["--cgo-env", "CGO_CFLAGS_DISALLOW=-O[0-9]"];
    assert_eq!(
        run("// #cgo CFLAGS: -g", &disallow),
        Err(format!(
            "fipstool: {d}/a.go: invalid flag in #cgo CFLAGS: -O2 {hint}\n"
        ))
    );
    // Both, and an empty value, which sets nothing.
    let both = [
        "--cgo-env",
        "CGO_LDFLAGS_ALLOW=-Wl,--no-relax|-Wl,-z,max-page-size=[0-9]+",
        "--cgo-env",
        "CGO_LDFLAGS_DISALLOW=-lm",
        "--cgo-env",
        "CGO_CFLAGS_DISALLOW=",
    ];
    assert_eq!(
        run("// #cgo LDFLAGS: -Wl,--no-relax", &both),
        Err(format!(
            "fipstool: {d}/a.go: invalid flag in #cgo LDFLAGS: -lm {hint}\n"
        ))
    );
    assert!(run("// #cgo LDFLAGS: -Wl,--no-relax", &both[..2]).is_ok());
    // An override that is not a Go regular expression: go's message.
    assert_eq!(
        run(
            "// #cgo CFLAGS: -g",
            &["--cgo-env", "CGO_FFLAGS_ALLOW=a{2}{3}"]
        ),
        Err(
            "fipstool: parsing $CGO_FFLAGS_ALLOW: error parsing regexp: \
             invalid nested repetition operator: `{2}{3}`\n"
                .into()
        )
    );
    assert_eq!(
        run(
            "// #cgo CFLAGS: -g",
            &[
                "--cgo-env",
                "CGO_CFLAGS_ALLOW=x",
                "--cgo-env",
                "CGO_CFLAGS_ALLOW=y"
            ]
        ),
        Err("fipstool: --cgo-env CGO_CFLAGS_ALLOW given twice\n".into())
    );

    // Bad names are usage errors naming the accepted ones; --cgo-env needs
    // --cgo-flags-out.
    let command = |extra: &[&str], src: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fipstool"));
        cmd.args(["gofiles", "--context", ctx.to_str().unwrap()])
            .args(["--out", out.to_str().unwrap()])
            .args(extra)
            .arg(dir.join(src));
        cmd
    };
    let usage = |extra: &[&str]| {
        let o = command(extra, "a.go").output().unwrap();
        assert_eq!(code(&o), 2, "{extra:?}");
        stderr(&o)
    };
    let flags_arg = ["--cgo-flags-out", flags_out.to_str().unwrap()];
    for bad in [
        "CGO_CFLAGS=-x",
        "CGO_PKG_CONFIG_ALLOW=x",
        "cgo_cflags_allow=x",
        "CGO_CFLAGS_ALLOW",
    ] {
        let e = usage(&[flags_arg[0], flags_arg[1], "--cgo-env", bad]);
        assert!(e.contains("--cgo-env <NAME=VALUE>"), "{bad}: {e}");
        if bad.contains('=') {
            assert!(
                e.contains("CGO_CPPFLAGS_ALLOW, CGO_CPPFLAGS_DISALLOW, CGO_CFLAGS_ALLOW")
                    && e.contains("CGO_LDFLAGS_DISALLOW"),
                "{bad}: {e}"
            );
        }
    }
    let e = usage(&["--cgo-env", "CGO_CFLAGS_ALLOW=x"]);
    assert!(e.contains("--cgo-flags-out"), "{e}");

    // The overrides come from --cgo-env only, never from fipstool's own
    // environment.
    std::fs::write(
        dir.join("b.go"),
        "package p\n\n// #cgo CFLAGS: -wrapper x\nimport \"C\"\n",
    )
    .unwrap();
    let o = command(&flags_arg, "b.go")
        .env("CGO_CFLAGS_ALLOW", ".*")
        .env("CGO_CFLAGS_DISALLOW", "")
        .output()
        .unwrap();
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("invalid flag in #cgo CFLAGS: -wrapper"),
        "{}",
        stderr(&o)
    );
}
