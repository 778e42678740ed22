//! `fipstool linkinfo` and the `//go:debug` options of `fipstool gofiles`
//! as commands: outputs, messages, exit codes, and nothing written when
//! they refuse. A small table of our own stands for the SDK's (the parity
//! with the go command is godebug_parity.rs's).

mod binary_support;

use std::path::{Path, PathBuf};

use binary_support::{code, fipstool, stderr};

const TABLE: &str = r#"package godebugs

var All = []Info{
	{Name: "fips140", Package: "crypto/fips140", Opaque: true, Immutable: true},
	{Name: "panicnil", Package: "runtime", Changed: 21, Old: "1"},
	{Name: "tlssha1", Package: "crypto/tls", Changed: 25, Old: "1"},
	{Name: "zipinsecurepath", Package: "archive/zip"},
}

var Removed = []RemovedInfo{
	{Name: "x509sha1", Removed: 24, Old: one},
}

func one(s string) bool { return s == "1" }
"#;

const CONTEXT: &str = "GOOS linux\nGOARCH amd64\nCompiler gc\nCgoEnabled false\nBuildTags \nToolTags \nReleaseTags go1.1 go1.2\n";

const INFO: &str = "path\texample.com/x\nbuild\t-buildmode=exe\nbuild\t-compiler=gc\nbuild\t-trimpath=true\nbuild\tDefaultGODEBUG=\nbuild\tCGO_ENABLED=0\nbuild\tGOARCH=amd64\nbuild\tGOOS=linux\n";

/// A fresh directory with the table, a context and a build info file.
fn setup(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("godebug-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("table.go"), TABLE).expect("write");
    std::fs::write(dir.join("context"), CONTEXT).expect("write");
    std::fs::write(dir.join("info"), INFO).expect("write");
    dir
}

fn p(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    std::fs::write(dir.join(name), text).expect("write");
    p(dir, name)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(args: &[String]) -> std::process::Output {
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    fipstool(&argv)
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// `linkinfo` with every output, plus `extra`.
fn linkinfo(dir: &Path, go_version: &str, extra: &[String]) -> std::process::Output {
    let mut args = strings(&[
        "linkinfo",
        "--godebug-table",
        &p(dir, "table.go"),
        "--go-toolchain-version",
        "1.26.6",
        "--go-version",
        go_version,
        "--build-info",
        &p(dir, "info"),
        "--out-modinfo",
        &p(dir, "modinfo"),
        "--out-ldflags",
        &p(dir, "ldflags"),
        "--out-godebug",
        &p(dir, "godebug"),
    ]);
    args.extend_from_slice(extra);
    run(&args)
}

fn assert_nothing_written(dir: &Path, names: &[&str]) {
    for name in names {
        assert!(!dir.join(name).exists(), "{name} was written");
        assert!(
            !dir.join(format!("{name}.tmp")).exists(),
            "{name}.tmp was left"
        );
    }
}

/// The modinfo line for a build info text (the sentinels as the rules
/// write them).
fn modinfo(info: &str) -> String {
    let quoted = info
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\t', "\\t");
    format!(
        "modinfo \"\\x30\\x77\\xaf\\x0c\\x92\\x74\\x08\\x02\\x41\\xe1\\xc1\\x07\\xe6\\xd6\\x18\\xe6{quoted}\
         \\xf9\\x32\\x43\\x31\\x86\\x18\\x20\\x72\\x00\\x82\\x42\\x10\\x41\\x16\\xd8\\xf2\"\n"
    )
}

#[test]
fn linkinfo_writes_the_setting_everywhere() {
    let dir = setup("everywhere");
    let d = write(&dir, "main.directives", "panicnil=0\tcmd/x/main.go:1:1\n");
    let x = write(
        &dir,
        "xtest.directives",
        "zipinsecurepath=0\tcmd/x/x_test.go:2:1\n",
    );
    let o = linkinfo(
        &dir,
        "1.20",
        &strings(&[
            "--fips-enabled",
            "--gomod-godebug",
            "panicnil=1",
            "--gomod-godebug",
            "tlssha1=0\tgo.mod:7",
            "--directives",
            &d,
            "--directives",
            &x,
        ]),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let value = "fips140=on,panicnil=0,tlssha1=0,zipinsecurepath=0";
    assert_eq!(read(&dir, "godebug"), value);
    assert_eq!(
        read(&dir, "ldflags"),
        format!("-X=runtime.godebugDefault={value}\n")
    );
    let info = INFO.replace("DefaultGODEBUG=\n", &format!("DefaultGODEBUG={value}\n"));
    assert_eq!(read(&dir, "modinfo"), modinfo(&info));
}

#[test]
fn linkinfo_empty_value_drops_the_line() {
    let dir = setup("empty");
    let o = linkinfo(&dir, "1.26", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&dir, "godebug"), "");
    assert_eq!(read(&dir, "ldflags"), "");
    assert_eq!(
        read(&dir, "modinfo"),
        modinfo(&INFO.replace("build\tDefaultGODEBUG=\n", ""))
    );
    // The outputs are optional; the version defaults apply.
    let o = run(&strings(&[
        "linkinfo",
        "--godebug-table",
        &p(&dir, "table.go"),
        "--go-toolchain-version",
        "go1.26.6",
        "--go-version",
        "1.24.3",
        "--out-godebug",
        &p(&dir, "only"),
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&dir, "only"), "tlssha1=1");
}

#[test]
fn linkinfo_explicit_modes() {
    let dir = setup("modes");
    let mode = |m: &str, extra: &[&str]| {
        let mut args = strings(&["--mode", m, "--mode-origin", "set on //cmd/x"]);
        args.extend(strings(extra));
        linkinfo(&dir, "1.26", &args)
    };
    for m in ["on", "only", "debug"] {
        let o = mode(m, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(read(&dir, "godebug"), format!("fips140={m}"));
    }
    // off: no setting, even with GOFIPS140 on; a fips140=off directive stays.
    let o = mode("off", &["--fips-enabled"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&dir, "godebug"), "");
    let off = write(&dir, "off.directives", "fips140=off\tcmd/x/main.go:1:1\n");
    let o = mode("off", &["--fips-enabled", "--directives", &off]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&dir, "godebug"), "fips140=off");
    // auto: the directive decides.
    let o = linkinfo(
        &dir,
        "1.26",
        &strings(&["--fips-enabled", "--directives", &off]),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&dir, "godebug"), "fips140=off");
}

#[test]
fn linkinfo_refuses_contradictions_writing_nothing() {
    let dir = setup("contradictions");
    let off = write(&dir, "main.directives", "fips140=off\tcmd/x/main.go:1:1\n");
    let o = linkinfo(
        &dir,
        "1.26",
        &strings(&[
            "--mode",
            "on",
            "--mode-origin",
            "set on //cmd/x or by --@fips//:mode",
            "--gomod-godebug",
            "fips140=only\tgo.mod:5",
            "--gomod-godebug",
            "fips140=on",
            "--directives",
            &off,
        ]),
    );
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        "fipstool: go.mod:5: godebug fips140=only contradicts fips_mode \"on\" (set on //cmd/x or by --@fips//:mode): \
         remove the go.mod line, or build with fips_mode \"auto\" to let it decide\n\
         cmd/x/main.go:1:1: //go:debug fips140=off contradicts fips_mode \"on\" (set on //cmd/x or by --@fips//:mode): \
         remove the directive, or build with fips_mode \"auto\" to let it decide\n"
    );
    assert_nothing_written(&dir, &["modinfo", "ldflags", "godebug"]);
    let o = linkinfo(
        &dir,
        "1.26",
        &strings(&["--mode", "off", "--gomod-godebug", "fips140=on"]),
    );
    assert_eq!(
        stderr(&o),
        "fipstool: go.mod: godebug fips140=on contradicts fips_mode \"off\" (set by --@fips//:mode): \
         remove the go.mod line, or build with fips_mode \"auto\" to let it decide\n"
    );
    assert_nothing_written(&dir, &["modinfo", "ldflags", "godebug"]);
}

#[test]
fn linkinfo_refuses_bad_settings_with_go_messages() {
    let dir = setup("bad-settings");
    let d = write(
        &dir,
        "main.directives",
        "madeup=1\tmain.go:1:1\nx509sha1=1\tmain.go:2:1\nx509sha1=0\tmain.go:3:1\ndefault=go1.27\tmain.go:4:1\n",
    );
    let o = linkinfo(
        &dir,
        "1.26",
        &strings(&[
            "--gomod-godebug",
            "madeup=1\tgo.mod:6",
            "--gomod-godebug",
            "panicnil=1 2",
            "--directives",
            &d,
        ]),
    );
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        "fipstool: error loading go.mod:\ngo.mod:6: unknown godebug \"madeup\"\n\
         error loading go.mod:\ngo.mod: value contains space\n\
         main.go:1:1: invalid //go:debug: unknown //go:debug setting \"madeup\"\n\
         main.go:2:1: invalid //go:debug: removed GODEBUG \"x509sha1\" set to old value \"1\" (https://go.dev/doc/godebug#go-124)\n\
         main.go:4:1: invalid //go:debug: default=go1.27 too new (toolchain is go1.26.6)\n"
    );
    assert_nothing_written(&dir, &["modinfo", "ldflags", "godebug"]);
}

#[test]
fn linkinfo_refuses_bad_input() {
    let dir = setup("bad-input");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            strings(&["--gomod-godebug", "panicnil"]),
            "fipstool: --gomod-godebug \"panicnil\": want KEY=VALUE or KEY=VALUE<TAB>PLACE\n",
        ),
        (
            strings(&[
                "--directives",
                &write(&dir, "bad.directives", "panicnil=1\n"),
            ]),
            "want KEY=VALUE<TAB>PLACE, got \"panicnil=1\"",
        ),
        (
            strings(&["--directives", &p(&dir, "missing")]),
            "missing: No such file",
        ),
        (strings(&["--mode", "maybe"]), "unknown FIPS mode \"maybe\""),
    ];
    for (extra, want) in cases {
        let o = linkinfo(&dir, "1.26", &extra);
        assert_eq!(code(&o), 2, "{extra:?}");
        assert!(stderr(&o).contains(want), "{extra:?}: {}", stderr(&o));
        assert_nothing_written(&dir, &["modinfo", "ldflags", "godebug"]);
    }
    for info in [
        "path\tx\n",
        "build\tDefaultGODEBUG=\nbuild\tDefaultGODEBUG=\n",
    ] {
        write(&dir, "info", info);
        let o = linkinfo(&dir, "1.26", &[]);
        assert_eq!(code(&o), 2);
        assert!(
            stderr(&o).contains("want one `build<TAB>DefaultGODEBUG=` line"),
            "{}",
            stderr(&o)
        );
        assert_nothing_written(&dir, &["modinfo", "ldflags", "godebug"]);
    }
    write(&dir, "info", INFO);
    write(
        &dir,
        "table.go",
        "var All = []Info{\n\t{Name: \"a\", Changed: \"21\"},\n}\n",
    );
    let o = linkinfo(&dir, "1.26", &[]);
    assert_eq!(
        stderr(&o),
        format!(
            "fipstool: {}:2: Changed must be an integer, not a string\n",
            p(&dir, "table.go")
        )
    );
    write(&dir, "table.go", TABLE);
    let o = run(&strings(&[
        "linkinfo",
        "--godebug-table",
        &p(&dir, "table.go"),
        "--go-toolchain-version",
        "1.26.x",
        "--go-version",
        "1.26",
    ]));
    assert_eq!(
        stderr(&o),
        "fipstool: --go-toolchain-version \"1.26.x\": not a Go version (want e.g. 1.26.6)\n"
    );
    // --build-info and --out-modinfo go together.
    let o = run(&strings(&[
        "linkinfo",
        "--godebug-table",
        "t",
        "--go-toolchain-version",
        "1.26.6",
        "--go-version",
        "1.26",
        "--build-info",
        "i",
    ]));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--out-modinfo"), "{}", stderr(&o));
}

/// `gofiles` with the directive options on `srcs` (in `dir`).
fn gofiles(dir: &Path, srcs: &[&str], extra: &[&str]) -> std::process::Output {
    let mut args = strings(&[
        "gofiles",
        "--context",
        &p(dir, "context"),
        "--godebug-table",
        &p(dir, "table.go"),
        "--go-toolchain-version",
        "1.26.6",
        "--out",
        &p(dir, "list"),
        "--directives-out",
        &p(dir, "directives"),
        "--package",
        "//cmd/x",
    ]);
    args.extend(strings(extra));
    args.extend(srcs.iter().map(|s| p(dir, s)));
    run(&args)
}

#[test]
fn gofiles_lists_the_directives_in_go_build_order() {
    let dir = setup("gofiles-order");
    write(&dir, "z.go", "//go:debug panicnil=1\npackage main\n");
    write(
        &dir,
        "a_test.go",
        "//go:debug zipinsecurepath=0\npackage main\n",
    );
    write(&dir, "b.go", "// doc\n//go:build linux\n\n//go:debug fips140=off\n//go:debug default=go1.21\npackage main\n");
    write(&dir, "x_windows.go", "//go:debug madeup=1\npackage main\n");
    write(
        &dir,
        "ignored.go",
        "//go:build ignore\n//go:debug madeup=1\npackage main\n",
    );
    let o = gofiles(
        &dir,
        &["z.go", "a_test.go", "b.go", "x_windows.go", "ignored.go"],
        &["--tests"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        read(&dir, "directives"),
        format!(
            "fips140=off\t{b}:4:1\ndefault=go1.21\t{b}:5:1\npanicnil=1\t{z}:1:1\nzipinsecurepath=0\t{a}:1:1\n",
            b = p(&dir, "b.go"),
            z = p(&dir, "z.go"),
            a = p(&dir, "a_test.go"),
        )
    );
    // Without --tests the test file is not kept, nor read.
    let o = gofiles(&dir, &["z.go", "a_test.go"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        read(&dir, "directives"),
        format!("panicnil=1\t{}:1:1\n", p(&dir, "z.go"))
    );
    // A package without directives: an empty list.
    write(&dir, "plain.go", "package main\n");
    let o = gofiles(&dir, &["plain.go"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&dir, "directives"), "");
}

#[test]
fn gofiles_refuses_with_go_messages_writing_nothing() {
    let dir = setup("gofiles-refused");
    write(
        &dir,
        "a.go",
        "//go:debug panicnil=1\n//go:debug madeup=1\npackage main\n",
    );
    write(&dir, "b_test.go", "\t//go:debug panicnil=0\npackage main\n");
    let o = gofiles(
        &dir,
        &["a.go", "b_test.go"],
        &["--tests", "--cgo-out", &p(&dir, "cgo")],
    );
    assert_eq!(code(&o), 2);
    let (a, b) = (p(&dir, "a.go"), p(&dir, "b_test.go"));
    assert_eq!(
        stderr(&o),
        format!(
            "fipstool: # //cmd/x\n\
             {a}:2:1: invalid //go:debug: unknown //go:debug setting \"madeup\"\n\
             {b}:1:2: repeated //go:debug for panicnil\n\t{a}:1:1: previous //go:debug\n"
        )
    );
    assert_nothing_written(&dir, &["list", "directives", "cgo"]);
    // The options go together.
    let o = run(&strings(&[
        "gofiles",
        "--context",
        &p(&dir, "context"),
        "--out",
        &p(&dir, "list"),
        "--directives-out",
        &p(&dir, "directives"),
        &a,
    ]));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--godebug-table"), "{}", stderr(&o));
    assert_nothing_written(&dir, &["list", "directives"]);
}
