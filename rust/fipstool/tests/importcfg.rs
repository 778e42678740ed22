//! `fipstool importcfg` as the compile, test build and link actions run it:
//! the merged importcfg it writes, what it refuses (exit 2, nothing
//! written), and the import checks with `--importer`.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use fips_importcfg::NOT_IMPORTABLE;

const STD_LIST: &str = "crypto/rand\ncrypto/sha256\ncrypto/internal/fips140/v1.0.0-c2097c7c\n\
                        fmt\ninternal/cpu\nos\nunsafe\n";
const STD_CFG: &str = "packagefile crypto/rand=std/crypto/rand.a\n\
                       packagefile crypto/sha256=std/crypto/sha256.a\n\
                       packagefile crypto/internal/fips140/v1.0.0-c2097c7c=std/fips140.a\n\
                       packagefile fmt=std/fmt.a\npackagefile internal/cpu=std/internal/cpu.a\n\
                       packagefile os=std/os.a\n";

/// A scratch action directory with the standard library's two files.
struct Action {
    dir: tempfile::TempDir,
}

impl Action {
    fn new() -> Action {
        let action = Action {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        action.write("std.list", STD_LIST);
        action.write("std.importcfg", STD_CFG);
        action
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, content: &str) -> PathBuf {
        let path = self.path(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
        path
    }

    /// Runs `fipstool importcfg --std ... --std-packages ... ARGS --out out`
    /// in the action directory.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_fipstool"))
            .current_dir(self.dir.path())
            .args([
                "importcfg",
                "--std",
                "std.importcfg",
                "--std-packages",
                "std.list",
            ])
            .args(args)
            .args(["--out", "out.importcfg"])
            .output()
            .expect("run fipstool")
    }

    fn out(&self) -> String {
        fs::read_to_string(self.path("out.importcfg")).expect("out.importcfg written")
    }

    /// Nothing written: no output and no temporary file beside it.
    fn assert_nothing_written(&self) {
        let names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("out."))
            .collect();
        assert!(names.is_empty(), "written: {names:?}");
    }
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a refused action (an earlier run's output removed first).
fn refused(action: &Action, args: &[&str]) -> String {
    let _ = fs::remove_file(action.path("out.importcfg"));
    let o = action.run(args);
    assert_eq!(code(&o), 2, "stderr: {}", stderr(&o));
    action.assert_nothing_written();
    stderr(&o)
}

fn ok(action: &Action, args: &[&str]) -> String {
    let o = action.run(args);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    action.out()
}

#[test]
fn merges_the_standard_library_and_the_dependencies() {
    let a = Action::new();
    a.write(
        "b.deps",
        "packagefile example.com/b=out/b.x\npackagefile example.com/a=out/a.x\n",
    );
    a.write("a.deps", "packagefile example.com/a=out/a.x\n");
    let out = ok(&a, &["--deps", "b.deps", "--deps", "a.deps"]);
    assert_eq!(
        out,
        format!("{STD_CFG}packagefile example.com/a=out/a.x\npackagefile example.com/b=out/b.x\n")
    );
}

#[test]
fn a_fragment_mapping_crypto_rand_elsewhere_is_refused() {
    let a = Action::new();
    // A hand-made fragment, as a malicious or broken rule could write one:
    // the standard library's line comes first, so a later line would win.
    a.write(
        "evil.deps",
        "packagefile example.com/lib=out/lib.x\n\
         packagefile crypto/rand=bazel-out/k8-fastbuild/bin/evil/rand.x\n",
    );
    let err = refused(&a, &["--deps", "evil.deps"]);
    assert_eq!(
        err,
        "fipstool: importcfg: evil.deps:2: packagefile crypto/rand=bazel-out/k8-fastbuild/bin/evil/rand.x: \
         crypto/rand is a standard-library package; no other package may stand in for it\n"
    );
}

#[test]
fn every_refusal_is_listed_and_nothing_written() {
    let a = Action::new();
    a.write(
        "d1.deps",
        "packagefile example.com/a=out/a.x\nmodinfo \"path\\tevil\"\n",
    );
    a.write(
        "d2.deps",
        "packagefile example.com/a=out/other.x\n\
         packagefile crypto/internal/fips140/v1.0.0-c2097c7c=evil.x\n",
    );
    let err = refused(&a, &["--deps", "d1.deps", "--deps", "d2.deps"]);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        vec![
            "fipstool: importcfg: d1.deps:2: modinfo \"path\\tevil\": a dependency's importcfg \
             may hold only packagefile and importmap lines",
            "importcfg: example.com/a is mapped twice: packagefile example.com/a=out/a.x \
             (d1.deps:1) and packagefile example.com/a=out/other.x (d2.deps:1)",
            "importcfg: d2.deps:2: packagefile crypto/internal/fips140/v1.0.0-c2097c7c=evil.x: \
             crypto/internal/fips140/v1.0.0-c2097c7c is a standard-library package; no other \
             package may stand in for it",
        ]
    );
    // A malformed fragment, an unreadable one.
    a.write("bad.deps", "packagefile example.com/a\n");
    assert_eq!(
        refused(&a, &["--deps", "bad.deps"]),
        "fipstool: importcfg: bad.deps:1: invalid packagefile: syntax is \"packagefile path=filename\"\n"
    );
    let err = refused(&a, &["--deps", "missing.deps"]);
    assert!(err.starts_with("fipstool: missing.deps: "), "{err}");
}

#[test]
fn a_previous_output_is_left_alone_on_refusal() {
    let a = Action::new();
    a.write("out.importcfg", "old\n");
    a.write("evil.deps", "packagefile fmt=evil.x\n");
    let o = a.run(&["--deps", "evil.deps"]);
    assert_eq!(code(&o), 2);
    assert_eq!(a.out(), "old\n");
    assert!(!a.path("out.importcfg.tmp").exists());
}

#[test]
fn the_action_s_own_lines() {
    let a = Action::new();
    a.write("deps", "packagefile example.com/p=out/p.a\n");
    let out = ok(
        &a,
        &[
            "--deps",
            "deps",
            "--replace",
            "example.com/p=work/internal.a",
            "--add",
            "example.com/p_test=work/external.a",
        ],
    );
    assert!(out.ends_with(
        "packagefile example.com/p=work/internal.a\npackagefile example.com/p_test=work/external.a\n"
    ));
    // Not named: no replacement.
    let err = refused(
        &a,
        &["--deps", "deps", "--add", "example.com/p=work/internal.a"],
    );
    assert!(err.contains("example.com/p is mapped twice"), "{err}");
    // Never a standard-library path.
    let err = refused(&a, &["--replace", "crypto/sha256=work/sha256.a"]);
    assert!(
        err.contains("crypto/sha256 is a standard-library package"),
        "{err}"
    );
    assert_eq!(
        refused(&a, &["--add", "example.com/p"]),
        "fipstool: importcfg: --add example.com/p: want PATH=FILE\n"
    );
}

#[test]
fn the_link() {
    let a = Action::new();
    a.write(
        "deps",
        "packagefile example.com/v/x=out/x.a\nimportmap example.com/x=example.com/v/x\n",
    );
    let info = "modinfo \"path\\texample.com/cmd\\n\"\n";
    a.write("modinfo", info);
    let out = ok(&a, &["--link", "--deps", "deps", "--modinfo", "modinfo"]);
    assert_eq!(
        out,
        format!("{STD_CFG}packagefile example.com/v/x=out/x.a\n{info}")
    );
    // For the compiler, the importmap line stays.
    let out = ok(&a, &["--deps", "deps"]);
    assert!(
        out.ends_with("importmap example.com/x=example.com/v/x\n"),
        "{out}"
    );
    // The compiler refuses modinfo lines; the link takes no import checks.
    for args in [
        &["--modinfo", "modinfo"][..],
        &[
            "--link",
            "--importer",
            "example.com/cmd",
            "--package",
            "//cmd",
            "main.go",
        ][..],
    ] {
        let o = a.run(args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn import_checks_before_anything_is_written() {
    let a = Action::new();
    a.write(
        "deps",
        "packagefile example.com/a/internal/b=out/b.x\npackagefile example.com/tool=out/tool.x\n\
         packagefile example.com/lib=out/lib.x\n",
    );
    a.write("out/tool.x", &format!("{NOT_IMPORTABLE}\n"));
    a.write("out/lib.x", "go object linux amd64\n");
    a.write(
        "app/main.go",
        "package main\n\nimport (\n\t\"fmt\"\n\t\"example.com/a/internal/b\"\n\t\"example.com/tool\"\n\
         \t\"example.com/lib\"\n\t\"example.com/app/api\"\n\t\"crypto/internal/fips140/v1.0.0-c2097c7c\"\n)\n",
    );
    let args = [
        "--deps",
        "deps",
        "--importer",
        "example.com/app",
        "--package",
        "//app:app",
        "app/main.go",
    ];
    let err = refused(&a, &args);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        vec![
            "fipstool: package example.com/app",
            "\tapp/main.go:5:2: use of internal package example.com/a/internal/b not allowed",
            "\tapp/main.go:6:2: import \"example.com/tool\" is a program, not an importable package",
            "\tapp/main.go:8:2: package example.com/app/api is not provided by any dependency of \
             //app:app: add the go_library with importpath \"example.com/app/api\" to its deps \
             (this lists the workspace's: bazel query 'attr(importpath, \"^example\\.com/app/api$\", //...)')",
            "\tapp/main.go:9:2: use of internal package crypto/internal/fips140/v1.0.0-c2097c7c \
             not allowed",
        ]
    );
    // Fixed: written.
    a.write(
        "app/main.go",
        "package main\n\nimport (\n\t\"fmt\"\n\t\"example.com/lib\"\n)\n",
    );
    let out = ok(&a, &args);
    assert!(
        out.contains("packagefile example.com/lib=out/lib.x\n"),
        "{out}"
    );
}

#[test]
fn an_external_test_imports_its_package() {
    let a = Action::new();
    a.write("deps", "packagefile example.com/cmd=out/cmd.x\n");
    a.write("out/cmd.x", &format!("{NOT_IMPORTABLE}\n"));
    a.write("out/internal.a", "!<arch>\n");
    a.write(
        "cmd/main_test.go",
        "package main_test\n\nimport \"example.com/cmd\"\n",
    );
    let base = [
        "--deps",
        "deps",
        "--importer",
        "example.com/cmd",
        "--package",
        "//cmd:cmd_test",
    ];
    let mut xtest = base.to_vec();
    xtest.extend([
        "--xtest",
        "--replace",
        "example.com/cmd=out/internal.a",
        "cmd/main_test.go",
    ]);
    let out = ok(&a, &xtest);
    assert!(
        out.ends_with("packagefile example.com/cmd=out/internal.a\n"),
        "{out}"
    );
    // The same files compiled as the package itself: a cycle.
    let mut internal = base.to_vec();
    internal.push("cmd/main_test.go");
    let err = refused(&a, &internal);
    assert!(
        err.contains("cmd/main_test.go:3:8: package example.com/cmd imports example.com/cmd: import cycle not allowed"),
        "{err}"
    );
}

#[test]
fn usage_errors() {
    let a = Action::new();
    for args in [
        &["--importer", "example.com/x"][..],
        &["--package", "//x"][..],
        &["--xtest"][..],
        &["x.go"][..],
    ] {
        let o = a.run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        a.assert_nothing_written();
    }
    // A source that cannot be read.
    let err = refused(
        &a,
        &["--importer", "example.com/x", "--package", "//x", "x.go"],
    );
    assert!(err.starts_with("fipstool: x.go: "), "{err}");
}
