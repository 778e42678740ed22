use super::*;

fn linux() -> Context {
    let mut ctx = Context::new("linux", "amd64");
    ctx.build_tags = vec!["netgo".into()];
    ctx.tool_tags = vec!["goexperiment.swissmap".into(), "goamd64.v1".into()];
    ctx.release_tags = (1..=26).map(|n| format!("go1.{n}")).collect();
    ctx
}

fn keep(ctx: &Context, name: &str, src: &str, mode: Mode) -> bool {
    match match_source(ctx, name, src.as_bytes(), mode) {
        Ok(Decision::Keep { .. }) => true,
        Ok(Decision::Exclude(_)) => false,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn why(ctx: &Context, name: &str, src: &str) -> String {
    match match_source(ctx, name, src.as_bytes(), Mode::Build) {
        Ok(Decision::Exclude(x)) => x.to_string(),
        other => panic!("{name}: {other:?}"),
    }
}

const P: &str = "package p\n";

#[test]
fn file_name_suffixes() {
    let ctx = linux();
    for (name, want) in [
        ("a.go", true),
        ("a_linux.go", true),
        ("a_windows.go", false),
        ("a_amd64.go", true),
        ("a_arm64.go", false),
        ("a_linux_amd64.go", true),
        ("a_linux_arm64.go", false),
        ("a_darwin_amd64.go", false),
        ("a_amd64_linux.go", true), // only the last element is the GOOS
        ("a_amd64_windows.go", false),
        ("linux.go", true),         // no prefix: not a suffix
        ("windows_amd64.go", true), // "windows" is the prefix
        ("x_windows_amd64.go", false),
        ("a_unix.go", true), // not a known GOOS
        ("a_nacl.go", false),
        ("a_amd64p32.go", false),
        ("a_linux.pb.go", true),
        ("a_windows.pb.go", false),
        ("a_test_windows.go", false),
        ("a_linux_test_x.go", true),
        ("a_linux_.go", true),
    ] {
        assert_eq!(keep(&ctx, name, P, Mode::Build), want, "{name}");
    }
    assert_eq!(
        why(&ctx, "a_windows.go", P),
        "GOOS windows does not match linux"
    );
    assert_eq!(
        why(&ctx, "a_linux_arm64.go", P),
        "GOARCH arm64 does not match amd64"
    );
    assert_eq!(
        why(&ctx, "a_darwin_amd64.go", P),
        "GOOS darwin does not match linux"
    );
}

#[test]
fn implied_systems() {
    let android = Context::new("android", "arm64");
    assert!(keep(&android, "a_linux.go", P, Mode::Build));
    assert!(keep(&android, "a_linux_arm64.go", P, Mode::Build));
    assert!(keep(&android, "a_android.go", P, Mode::Build));
    assert!(!keep(
        &Context::new("linux", "arm64"),
        "a_android.go",
        P,
        Mode::Build
    ));
    let illumos = Context::new("illumos", "amd64");
    assert!(keep(&illumos, "a_solaris.go", P, Mode::Build));
    assert!(!keep(
        &Context::new("solaris", "amd64"),
        "a_illumos.go",
        P,
        Mode::Build
    ));
    let ios = Context::new("ios", "arm64");
    assert!(keep(&ios, "a_darwin_arm64.go", P, Mode::Build));
    assert!(!keep(
        &Context::new("darwin", "arm64"),
        "a_ios.go",
        P,
        Mode::Build
    ));
    // A build tag can satisfy a suffix, as in Go.
    let mut tagged = Context::new("linux", "amd64");
    tagged.build_tags = vec!["windows".into()];
    assert!(keep(&tagged, "a_windows.go", P, Mode::Build));
}

#[test]
fn hidden_tests_and_other_files() {
    let ctx = linux();
    assert_eq!(
        match_source(&ctx, "_a.go", b"\0", Mode::Test).unwrap(),
        Decision::Exclude(Exclusion::Hidden)
    );
    assert_eq!(
        match_source(&ctx, ".a.go", b"", Mode::Build).unwrap(),
        Decision::Exclude(Exclusion::Hidden)
    );
    // Test files are not even read in build mode.
    assert_eq!(
        match_source(&ctx, "a_test.go", b"\0", Mode::Build).unwrap(),
        Decision::Exclude(Exclusion::TestFile)
    );
    assert!(keep(&ctx, "a_test.go", P, Mode::Test));
    assert!(keep(&ctx, "a_linux_test.go", P, Mode::Test));
    assert!(!keep(&ctx, "a_windows_test.go", P, Mode::Test));
    assert_eq!(
        match_source(&ctx, "README", b"", Mode::Build).unwrap(),
        Decision::Exclude(Exclusion::NotSource)
    );
    assert_eq!(
        match_source(&ctx, "a.txt", b"", Mode::Build).unwrap(),
        Decision::Exclude(Exclusion::NotSource)
    );
    // Assembly and other sources: name and comment header.
    assert!(keep(
        &ctx,
        "a_amd64.s",
        "#include \"textflag.h\"\n",
        Mode::Build
    ));
    assert!(!keep(&ctx, "a_arm64.s", "", Mode::Build));
    assert!(!keep(
        &ctx,
        "a.s",
        "//go:build arm64\n\n#include \"x.h\"\n",
        Mode::Build
    ));
    assert!(keep(&ctx, "a.s", "// +build amd64\n\nTEXT", Mode::Build));
    assert!(!keep(
        &ctx,
        "a.c",
        "// +build windows\n\nint x;",
        Mode::Build
    ));
    // go/build keeps a non-Go file whose comments do not read cleanly, and
    // drops one whose constraint does not parse.
    assert!(keep(&ctx, "a.s", "//go:build arm64\n/* open", Mode::Build));
    assert!(matches!(
        match_source(&ctx, "a.s", b"//go:build (\n\nTEXT", Mode::Build).unwrap(),
        Decision::Exclude(Exclusion::BadConstraint { .. })
    ));
    assert!(keep(
        &ctx,
        "a.syso",
        "\0\0//go:build windows\n",
        Mode::Build
    ));
}

#[test]
fn go_build_lines() {
    let ctx = linux();
    for (src, want) in [
        ("//go:build linux\n\npackage p", true),
        ("//go:build !linux\n\npackage p", false),
        (
            "//go:build linux && (amd64 || arm64) && !cgo\npackage p",
            true,
        ),
        ("//go:build netgo && go1.21 && !go1.27\npackage p", true),
        ("//go:build go1.27\npackage p", false),
        ("//go:build unix\npackage p", true),
        ("//go:build gc && !gccgo\npackage p", true),
        ("//go:build cgo\npackage p", false),
        (
            "//go:build goexperiment.swissmap && goamd64.v1\npackage p",
            true,
        ),
        ("//go:build goamd64.v3\npackage p", false),
        ("//go:build ignore\npackage p", false),
        // //go:build wins over // +build.
        ("//go:build linux\n// +build windows\n\npackage p", true),
        ("// +build linux\n//go:build windows\n\npackage p", false),
        // Leading comments, block comments, blank lines.
        (
            "// Copyright\n\n/* x\n */\n//go:build windows\n\npackage p",
            false,
        ),
        ("/*\n//go:build windows\n*/\npackage p", true),
        ("package p\n//go:build windows\n", true),
        ("//go:buildwindows\npackage p", true),
        ("\u{feff}//go:build windows\n\npackage p", false),
        ("//go:build windows\r\n\r\npackage p\r\n", false),
        ("// doc\n//go:build linux\n//go:build.x\npackage p", true),
    ] {
        assert_eq!(keep(&ctx, "a.go", src, Mode::Build), want, "{src:?}");
    }
    assert_eq!(
        why(
            &ctx,
            "a.go",
            "//go:build !fips140v1.0 && !netgo \n\npackage p"
        ),
        "//go:build !fips140v1.0 && !netgo is false"
    );
}

#[test]
fn plus_build_lines() {
    let ctx = linux();
    for (src, want) in [
        ("// +build linux\n\npackage p", true),
        ("// +build windows\n\npackage p", false),
        ("// +build windows linux,amd64\n\npackage p", true),
        ("// +build linux\n// +build arm64\n\npackage p", false),
        ("// +build !windows,!cgo\n\npackage p", true),
        // Not followed by a blank line: a doc comment, not a constraint.
        ("// +build windows\npackage p", true),
        (
            "// Copyright\n\n// +build windows\n// Package p.\npackage p",
            true,
        ),
        ("// +build windows\n\n// Package p.\npackage p", false),
        // After a block comment: no longer the header.
        ("/* c */\n// +build windows\n\npackage p", true),
        // Malformed lines are skipped; bad literals are the tag "ignore".
        ("// +build !!linux\n\npackage p", false),
        ("// +build linux-x\n\npackage p", false),
        ("//+build windows\n\npackage p", false),
        ("// +buildwindows\n\npackage p", true),
        ("// x +build windows\n\npackage p", true),
    ] {
        assert_eq!(keep(&ctx, "a.go", src, Mode::Build), want, "{src:?}");
    }
    let too_complex = format!("// +build {}\n\npackage p", vec!["windows"; 102].join(" "));
    assert!(keep(&ctx, "a.go", &too_complex, Mode::Build));
    assert_eq!(
        why(
            &ctx,
            "a.go",
            "// +build linux\n// +build  windows \n\npackage p"
        ),
        "// +build  windows is false"
    );
}

#[test]
fn errors_name_the_file_and_line() {
    let ctx = linux();
    let err = |src: &[u8]| {
        match_source(&ctx, "a.go", src, Mode::Build)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(b"// x\n//go:build (linux\n\npackage p"),
        "a.go:2: parsing //go:build line: missing close paren"
    );
    assert_eq!(
        err(b"//go:build linux // comment\npackage p"),
        "a.go:1: parsing //go:build line: invalid syntax at /"
    );
    assert_eq!(
        err(b"//go:build\npackage p"),
        "a.go:1: parsing //go:build line: unexpected end of expression"
    );
    assert_eq!(
        err(b"//go:build linux\n\n//go:build amd64\npackage p"),
        "a.go:3: multiple //go:build comments"
    );
    assert_eq!(err(b"package p\n\0"), "read a.go: unexpected NUL in input");
    // A NUL past the imports is not read.
    assert!(match_source(&ctx, "a.go", b"package p\nvar x = '\0'", Mode::Build).is_ok());
    assert!(matches!(
        match_source(&ctx, "a_test.go", b"package p\nimport \"C\"", Mode::Test),
        Err(Error::CgoInTest { .. })
    ));
    let missing = match_file(&ctx, Path::new("/nonexistent/a.go"), Mode::Build).unwrap_err();
    assert!(
        missing.to_string().starts_with("read /nonexistent/a.go: "),
        "{missing}"
    );
}

#[test]
fn cgo_files_and_documentation() {
    let mut ctx = linux();
    let cgo = "// #include <stdio.h>\nimport \"C\"";
    let src = format!("package p\n\nimport (\n\t\"fmt\"\n)\n{cgo}\n");
    assert_eq!(
        match_source(&ctx, "a.go", src.as_bytes(), Mode::Build).unwrap(),
        Decision::Exclude(Exclusion::CgoDisabled)
    );
    assert!(!keep(
        &ctx,
        "a.go",
        "//go:build cgo\n\npackage p\nimport \"C\"",
        Mode::Build
    ));
    ctx.cgo_enabled = true;
    assert_eq!(
        match_source(&ctx, "a.go", src.as_bytes(), Mode::Build).unwrap(),
        Decision::Keep { cgo: true }
    );
    assert_eq!(
        match_source(&ctx, "a.go", b"package p\nimport `C`", Mode::Build).unwrap(),
        Decision::Keep { cgo: true }
    );
    assert_eq!(
        match_source(&ctx, "a.go", b"package p\nimport \"\\x43\"", Mode::Build).unwrap(),
        Decision::Keep { cgo: true }
    );
    // go/parser fails on these imports, and go/build then records none.
    for src in [
        "package p\nimport \"C\"\nimport \"\\q\"",
        "package p\nimport (\"C\"; \"a b\")",
        "package p\nimport (\"C\"; \"\")",
    ] {
        assert_eq!(
            match_source(&ctx, "a.go", src.as_bytes(), Mode::Build).unwrap(),
            Decision::Keep { cgo: false },
            "{src}"
        );
    }
    let ctx = linux();
    assert_eq!(
        why(&ctx, "doc.go", "// Doc.\npackage documentation\n"),
        "package documentation is ignored"
    );
    // Broken headers are kept: the compiler reports them.
    assert!(keep(&ctx, "a.go", "pack p", Mode::Build));
    assert!(keep(&ctx, "a.go", "package p\nimport \"C", Mode::Build));
}

#[test]
fn unquote_follows_go() {
    assert_eq!(unquote(b"\"a\\tb\"").as_deref(), Some("a\tb"));
    assert_eq!(
        unquote(b"\"\\u00e9\\U0001F600\\101\"").as_deref(),
        Some("é😀A")
    );
    assert_eq!(unquote(b"`a\r\\n`").as_deref(), Some("a\\n"));
    assert_eq!(unquote(b"\"\\400\""), None);
    assert_eq!(unquote(b"\"\\ud800\""), None);
    assert_eq!(unquote(b"\"\\'\""), None);
    assert_eq!(unquote(b"\"\\x4\""), None);
    assert_eq!(unquote(b"\"\\xff\""), None);
    assert!(valid_import("golang.org/x/sys"));
    assert!(!valid_import("a b") && !valid_import("a:b") && !valid_import("\u{200b}"));
}

#[test]
fn go_header_stops_after_the_imports() {
    let src = b"// c\npackage p\n\nimport (\n\t\"a\"\n)\nimport \"b\"\n\nfunc f() {}\n";
    let header = go_header("a.go", src).unwrap();
    assert_eq!(header, &src[..src.len() - "func f() {}\n".len()]);
    // A byte order mark stays, so positions count it.
    let bom = b"\xef\xbb\xbfpackage p; import \"a\"\nvar x int\n";
    assert_eq!(go_header("a.go", bom).unwrap(), &bom[..25]);
    // Not Go syntax: the whole source, as go/build parses it then.
    let odd = b"package p\nimport (\"a\" + \"b\")\nvar x int\n";
    assert_eq!(go_header("a.go", odd).unwrap(), &odd[..]);
    let nul = go_header("dir/a.go", b"package p\x00").unwrap_err();
    assert_eq!(nul.to_string(), "read dir/a.go: unexpected NUL in input");
}

#[test]
fn every_input_gives_an_answer() {
    // No panics on odd bytes.
    let ctx = linux();
    for src in [
        &b""[..],
        b"\xff\xfe",
        b"//go:build \xff\n\npackage p",
        b"// +build \xff,\xfe\n\npackage p",
        b"/*/ package p",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf\xef\xbb\xbf",
        b"//go:build a\r",
        b"package \xff\nimport (\xff \"C\")",
    ] {
        for name in ["a.go", "a.s", "a_test.go"] {
            let _ = match_source(&ctx, name, src, Mode::Test);
        }
    }
}

#[test]
fn any_build_reads_as_go_mod_tidy() {
    let scan = |src: &str| crate::scan_any_build(src.as_bytes()).unwrap();
    let s = scan(
        "//go:build linux && !cgo\n\npackage p\n\nimport (\n\t\"fmt\"\n\tc \"C\"\n\t`x.com/a`\n)\n",
    );
    assert!(s.could_build);
    assert_eq!(s.package.as_deref(), Some("p"));
    assert_eq!(s.imports, ["fmt", "C", "x.com/a"]);
    // Every tag but ignore can be both set and unset.
    for (expr, want) in [
        ("linux && windows", true),
        ("linux && !linux", true),
        ("ignore", false),
        ("!ignore", true),
        ("linux && ignore", false),
        ("ignore || tools", true),
        ("!(ignore || x)", true),
        ("!(ignore && x)", true),
    ] {
        let src = format!("//go:build {expr}\n\npackage p\n");
        assert_eq!(scan(&src).could_build, want, "{expr}");
    }
    assert!(!scan("// +build ignore\n\npackage main\n").could_build);
    assert!(scan("// +build linux,!linux\n\npackage p\n").could_build);
    assert!(!scan("//go:build a\n//go:build b\n\npackage p\n").could_build);
    assert!(!scan("//go:build (a\n\npackage p\n").could_build);
    // Not Go syntax: no package, no imports.
    let s = scan("package p; import fmt\n");
    assert_eq!((s.package, s.imports.len()), (None, 0));
}
