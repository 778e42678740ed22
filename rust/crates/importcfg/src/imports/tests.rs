use super::*;
use crate::merge::Merge;

const STD_LIST: &str = "\
crypto/internal/fips140
crypto/internal/fips140/v1.0.0-c2097c7c
crypto/internal/fips140/v1.0.0-c2097c7c/sha256
crypto/sha256
embed
fmt
internal/cpu
os
unsafe
vendor/golang.org/x/net/dns/dnsmessage
";

const STD_CFG: &str = "\
packagefile crypto/internal/fips140=std/fips140.a
packagefile crypto/internal/fips140/v1.0.0-c2097c7c=std/fips140v.a
packagefile crypto/internal/fips140/v1.0.0-c2097c7c/sha256=std/fips140v/sha256.a
packagefile crypto/sha256=std/sha256.a
packagefile embed=std/embed.a
packagefile fmt=std/fmt.a
packagefile internal/cpu=std/cpu.a
packagefile os=std/os.a
packagefile vendor/golang.org/x/net/dns/dnsmessage=std/dnsmessage.a
importmap golang.org/x/net/dns/dnsmessage=vendor/golang.org/x/net/dns/dnsmessage
";

/// Packages the dependencies provide; `.main` files are programs.
const DEPS: &[&str] = &[
    "ex/a",
    "ex/a/c",
    "ex/a/internal",
    "ex/a/internal/b",
    "ex/a/internal/b/internal/c",
    "ex/a/internal/b/d",
    "ex/a/internalx",
    "ex/internals/x",
    "ex/myinternal/x",
    "internal/foo",
    "ex/vendor/foo",
    "ex/vendor",
    "ex/vendors/x",
    "ex/a/vendor/b/vendor/c",
    "ex/foo",
    "ex/lib",
    "ex/mainlib.main",
    "ex/p.main",
    "ex/m/internal/x",
];

const LABEL: &str = "//ex/p:p";

fn cfg() -> (StdLibrary, ImportCfg) {
    let std = StdLibrary::parse("std.list", STD_LIST).unwrap();
    let mut fragment = String::new();
    for dep in DEPS {
        let path = dep.trim_end_matches(".main");
        fragment.push_str(&format!("packagefile {path}=out/{dep}.x\n"));
    }
    fragment.push_str("importmap ex/mapped=ex/m/internal/x\n");
    let mut m = Merge::new(&std);
    m.std_importcfg("std.importcfg", STD_CFG.as_bytes());
    m.fragment("deps.importcfg", fragment.as_bytes());
    let cfg = m.finish().unwrap();
    (std, cfg)
}

/// The export data of `file`: a program's is the marker.
fn export(file: &str) -> io::Result<Option<Unimportable>> {
    if file.contains("missing") {
        return Err(io::Error::new(io::ErrorKind::NotFound, "no such file"));
    }
    if file.ends_with(".windows.x") {
        return Ok(Some(Unimportable::NoGoFiles(
            "build constraints exclude all Go files in //win:win".into(),
        )));
    }
    Ok(file.ends_with(".main.x").then_some(Unimportable::Program))
}

fn run(importer: &str, xtest: bool, files: &[(&str, &str)]) -> Vec<String> {
    let (std, cfg) = cfg();
    run_with(&std, &cfg, importer, xtest, files)
}

fn run_with(
    std: &StdLibrary,
    cfg: &ImportCfg,
    importer: &str,
    xtest: bool,
    files: &[(&str, &str)],
) -> Vec<String> {
    let pkg = Package {
        import_path: importer,
        label: LABEL,
        xtest,
    };
    let sources: Vec<Source> = files
        .iter()
        .map(|(name, content)| Source {
            name,
            content: content.as_bytes(),
        })
        .collect();
    match check_imports(&pkg, &sources, cfg, std, &mut export) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The problems of importing `path` from `importer`.
fn import(importer: &str, path: &str) -> Vec<String> {
    let src = format!("package p\n\nimport _ {}\n", quote(path));
    run(importer, false, &[("p/p.go", &src)])
}

fn refused(importer: &str, path: &str, message: &str) {
    assert_eq!(
        import(importer, path),
        vec![format!("p/p.go:3:8: {message}")],
        "{path} from {importer}"
    );
}

fn allowed(importer: &str, path: &str) {
    assert_eq!(
        import(importer, path),
        Vec::<String>::new(),
        "{path} from {importer}"
    );
}

#[test]
fn internal_packages() {
    let internal = |path: &str| format!("use of internal package {path} not allowed");
    // In the middle: the tree rooted at the parent of `internal`.
    for importer in ["ex/a", "ex/a/c", "ex/a/internal/z", "ex/a/x/y"] {
        allowed(importer, "ex/a/internal/b");
    }
    for importer in ["ex/x/y", "ex/ab", "ex", "other.com/ex/a", "ex/a_test"] {
        refused(importer, "ex/a/internal/b", &internal("ex/a/internal/b"));
    }
    // At the end.
    allowed("ex/a/c", "ex/a/internal");
    refused("ex/b", "ex/a/internal", &internal("ex/a/internal"));
    // At the start of a path that is not the standard library's: any
    // importer is below the empty parent.
    allowed("ex/x", "internal/foo");
    // Nested: the last `internal` decides.
    allowed("ex/a/internal/b/d", "ex/a/internal/b/internal/c");
    allowed("ex/a/internal/b", "ex/a/internal/b/internal/c");
    refused(
        "ex/a/c",
        "ex/a/internal/b/internal/c",
        &internal("ex/a/internal/b/internal/c"),
    );
    // `internal` only as a whole element.
    for path in ["ex/a/internalx", "ex/internals/x", "ex/myinternal/x"] {
        allowed("ex/x", path);
    }
}

#[test]
fn the_standard_librarys_internal_packages_and_the_fips_module() {
    let internal = |path: &str| format!("use of internal package {path} not allowed");
    for path in [
        "internal/cpu",
        "crypto/internal/fips140",
        "crypto/internal/fips140/v1.0.0-c2097c7c",
        "crypto/internal/fips140/v1.0.0-c2097c7c/sha256",
    ] {
        // Not even from a package whose path looks like the standard
        // library's (go's crypto exception is for the standard library).
        for importer in ["ex/x", "internal/foo", "crypto/foo", "crypto/internal/foo"] {
            refused(importer, path, &internal(path));
        }
    }
    // With a snapshot, go names the package an import resolves to.
    refused(
        "ex/x",
        "crypto/internal/fips140/sha256",
        &internal("crypto/internal/fips140/v1.0.0-c2097c7c/sha256"),
    );
    // A snapshot version the configuration does not have: refused too (and
    // no dependency may provide it).
    refused(
        "ex/x",
        "crypto/internal/fips140/v1.26.0/sha256",
        &internal("crypto/internal/fips140/v1.26.0/sha256"),
    );
    allowed("ex/x", "crypto/sha256");
}

#[test]
fn vendored_packages() {
    refused(
        "ex/a",
        "ex/vendor/foo",
        "ex/vendor/foo must be imported as foo",
    );
    refused(
        "ex",
        "ex/vendor/foo",
        "ex/vendor/foo must be imported as foo",
    );
    refused(
        "other.com/x",
        "ex/vendor/foo",
        "use of vendored package not allowed",
    );
    refused(
        "ex/a/vendor/b/x",
        "ex/a/vendor/b/vendor/c",
        "ex/a/vendor/b/vendor/c must be imported as c",
    );
    refused(
        "ex/a",
        "ex/a/vendor/b/vendor/c",
        "use of vendored package not allowed",
    );
    refused(
        "ex/x",
        "vendor/golang.org/x/net/dns/dnsmessage",
        "use of vendored package not allowed",
    );
    // A final `vendor` element is a package like any other.
    allowed("ex/x", "ex/vendor");
    allowed("ex/x", "ex/vendors/x");
}

#[test]
fn a_package_importing_itself() {
    refused(
        "ex/lib",
        "ex/lib",
        "package ex/lib imports ex/lib: import cycle not allowed",
    );
    // An external test imports its package under test, even a program.
    let src = "package p_test\n\nimport (\n\t\"testing\"\n\t\"ex/p\"\n\t\"ex/a/internal/b\"\n)\n";
    let (std, cfg) = {
        let (std, _) = cfg();
        let mut m = Merge::new(&std);
        m.std_importcfg("std.importcfg", STD_CFG.as_bytes());
        m.fragment(
            "deps.importcfg",
            b"packagefile ex/p=out/ex/p.main.x\npackagefile ex/a/internal/b=b.x\n\
              packagefile testing=t.x\n",
        );
        let cfg = m.finish().unwrap();
        (std, cfg)
    };
    // Another package's external test may not import a program.
    assert_eq!(
        run_with(&std, &cfg, "ex/a/p", true, &[("p/x_test.go", src)]),
        vec!["p/x_test.go:5:2: import \"ex/p\" is a program, not an importable package"],
    );
    assert_eq!(
        run_with(&std, &cfg, "ex/p", true, &[("p/x_test.go", src)]),
        vec!["p/x_test.go:6:2: use of internal package ex/a/internal/b not allowed"]
    );
    let src = "package p_test\n\nimport \"ex/p\"\n";
    assert_eq!(
        run_with(&std, &cfg, "ex/p", true, &[("p/x_test.go", src)]),
        Vec::<String>::new()
    );
    // Not an external test: a cycle.
    assert_eq!(
        run_with(&std, &cfg, "ex/p", false, &[("p/x_test.go", src)]),
        vec!["p/x_test.go:3:8: package ex/p imports ex/p: import cycle not allowed"]
    );
}

#[test]
fn importing_a_program() {
    refused(
        "ex/x",
        "ex/mainlib",
        "import \"ex/mainlib\" is a program, not an importable package",
    );
    allowed("ex/x", "ex/lib");
    // Export data that cannot be read.
    let std = StdLibrary::parse("std.list", STD_LIST).unwrap();
    let mut m = Merge::new(&std);
    m.fragment("d", b"packagefile ex/gone=out/missing.x\n");
    let cfg = m.finish().unwrap();
    assert_eq!(
        run_with(
            &std,
            &cfg,
            "ex/x",
            false,
            &[("a.go", "package x\nimport \"ex/gone\"\n")]
        ),
        vec!["a.go:2:8: import \"ex/gone\": reading its export data out/missing.x: no such file"]
    );
}

#[test]
fn the_action_s_own_packages_are_not_read_for_the_marker() {
    let std = StdLibrary::parse("std.list", STD_LIST).unwrap();
    let mut m = Merge::new(&std);
    m.replace("ex/p", "work/missing.main.x");
    m.add("ex/q", "work/missing.main.x");
    let cfg = m.finish().unwrap();
    let src = "package x\nimport (\n\t\"ex/p\"\n\t\"ex/q\"\n)\n";
    assert_eq!(
        run_with(&std, &cfg, "ex/x", false, &[("a.go", src)]),
        Vec::<String>::new()
    );
}

#[test]
fn paths_that_are_not_import_paths() {
    for path in ["./x", "../x", ".", "..", "./"] {
        refused(
            "ex/x",
            path,
            &format!(
                "{} is relative, but relative import paths are not supported in module mode",
                quote(path)
            ),
        );
    }
    refused(
        "ex/x",
        "/abs",
        "\"/abs\" is not a package path; see 'go help packages'",
    );
    refused("ex/x", "mod/x", "disallowed import path \"mod/x\"");
    refused(
        "ex/x",
        "ex/x@v1",
        "can only use path@version syntax with 'go get' and 'go install' in module-aware mode",
    );
    for meta in ["all", "std", "cmd", "tool", "work"] {
        refused(
            "ex/x",
            meta,
            &format!("\"{meta}\" is not an importable package; see 'go help packages'"),
        );
    }
    refused(
        "ex/x",
        "a//b",
        "malformed import path \"a//b\": double slash",
    );
    refused(
        "ex/x",
        "ex/a/",
        "malformed import path \"ex/a/\": trailing slash",
    );
    refused(
        "ex/x",
        "ex/ä",
        "malformed import path \"ex/ä\": invalid char 'ä'",
    );
    refused(
        "ex/x",
        "ex/a~1",
        "malformed import path \"ex/a~1\": trailing tilde and digits in path element",
    );
    // go/build's check comes first, and prints the path as it is.
    for (path, shown) in [
        ("a b", "a b"),
        ("", ""),
        ("ex/a\\x", "ex/a\\x"),
        ("a\u{7f}", "a\u{7f}"),
    ] {
        refused("ex/x", path, &format!("invalid import path: {shown}"));
    }
    // A literal whose value is not UTF-8 is shown as written.
    assert_eq!(
        run("ex/x", false, &[("a.go", "package x\nimport \"a\\xff\"\n")]),
        vec!["a.go:2:8: invalid import path: \"a\\xff\""]
    );
}

#[test]
fn cgo_and_unsafe_need_no_dependency() {
    let src =
        "package x\n\n// #include <stdio.h>\nimport \"C\"\nimport \"unsafe\"\nimport `embed`\n";
    assert_eq!(run("ex/x", false, &[("x.go", src)]), Vec::<String>::new());
}

#[test]
fn imports_nothing_provides() {
    refused(
        "ex/x",
        "example.com/app/api",
        "package example.com/app/api is not provided by any dependency of //ex/p:p: add the \
         go_library with importpath \"example.com/app/api\" to its deps (this lists the workspace's: \
         bazel query 'attr(importpath, \"^example\\.com/app/api$\", //...)')",
    );
    // The standard library's importmap lines provide nothing to others.
    refused(
        "ex/x",
        "golang.org/x/net/dns/dnsmessage",
        "package golang.org/x/net/dns/dnsmessage is not provided by any dependency of //ex/p:p: \
         add the go_library with importpath \"golang.org/x/net/dns/dnsmessage\" to its deps \
         (this lists the workspace's: bazel query 'attr(importpath, \"^golang\\.org/x/net/dns/dnsmessage$\", //...)')",
    );
    // Listed but missing from the standard library's importcfg.
    let std = StdLibrary::parse("std.list", "fmt\nnet\n").unwrap();
    let mut m = Merge::new(&std);
    m.std_importcfg("std", b"packagefile fmt=fmt.a\n");
    let cfg = m.finish().unwrap();
    assert_eq!(
        run_with(&std, &cfg, "ex/x", false, &[("a.go", "package x\nimport \"net\"\n")]),
        vec!["a.go:2:8: package net is in the standard-library package list but not in its importcfg"]
    );
}

#[test]
fn importmap_lines_are_followed() {
    refused(
        "other.com/p",
        "ex/mapped",
        "use of internal package ex/m/internal/x not allowed",
    );
    allowed("ex/m/y", "ex/mapped");
}

#[test]
fn case_collisions() {
    assert_eq!(
        run(
            "ex/x",
            false,
            &[("p/b.go", "package x\n"), ("p/B.go", "package x\n")]
        ),
        vec!["case-insensitive file name collision: \"B.go\" and \"b.go\""]
    );
    // Equal names in two directories are no collision.
    assert_eq!(
        run(
            "ex/x",
            false,
            &[("p/b.go", "package x\n"), ("gen/b.go", "package x\n")]
        ),
        Vec::<String>::new()
    );
    // Two provided paths equal but for case are refused by the merge; an
    // import of a path nothing provides still collides.
    let src = "package x\n\nimport (\n\t\"ex/foo\"\n\t\"ex/FOO\"\n)\n";
    assert_eq!(
        run("ex/x", false, &[("x.go", src)]),
        vec![
            "x.go:4:2: case-insensitive import collision: \"ex/foo\" and \"ex/FOO\"",
            "x.go:5:2: package ex/FOO is not provided by any dependency of //ex/p:p: add the \
             go_library with importpath \"ex/FOO\" to its deps (this lists the workspace's: \
             bazel query 'attr(importpath, \"^ex/FOO$\", //...)')",
        ]
    );
    // The package itself counts, before its imports.
    assert_eq!(
        run(
            "ex/FOO",
            false,
            &[("x.go", "package x\nimport \"ex/foo\"\n")]
        ),
        vec!["x.go:2:8: case-insensitive import collision: \"ex/foo\" and \"ex/FOO\""]
    );
}

#[test]
fn positions_are_go_s() {
    // Comments, grouped imports, renamed, dot and blank imports: the spec's
    // first token (its name, if any).
    let a = "// Copyright\n\n/* doc */ package p // x\n\nimport (\n\t// c\n\tfmt \"fmt\"\n\t. \"ex/a/internal/b\" /* c */\n\n\t_ \"ex/nope1\"\n)\n\n// doc\nimport ren \"ex/nope2\"; import \"./x\"\n";
    let b = "package p\n\nimport \"ex/nope1\"\nimport \"ex/nope3\"\n";
    let errors = run("ex/x", false, &[("p/b.go", b), ("p/a.go", a)]);
    let not_provided = |path: &str| {
        format!(
            "package {path} is not provided by any dependency of //ex/p:p: add the go_library \
             with importpath \"{path}\" to its deps (this lists the workspace's: bazel query \
             'attr(importpath, \"^{path}$\", //...)')"
        )
    };
    assert_eq!(
        errors,
        vec![
            "p/a.go:8:2: use of internal package ex/a/internal/b not allowed".to_string(),
            // The first place a path is imported, files by name.
            format!("p/a.go:10:2: {}", not_provided("ex/nope1")),
            format!("p/a.go:14:8: {}", not_provided("ex/nope2")),
            "p/a.go:14:31: \"./x\" is relative, but relative import paths are not supported in module mode".to_string(),
            format!("p/b.go:4:8: {}", not_provided("ex/nope3")),
        ]
    );
}

#[test]
fn the_package_itself() {
    assert_eq!(
        run("crypto/sha256", false, &[("a.go", "package sha256\n")]),
        vec!["crypto/sha256 is a standard-library package; no other package may stand in for it"]
    );
    assert_eq!(
        run(
            "crypto/internal/fips140/v1.0.0-c2097c7c/x",
            false,
            &[("a.go", "package x\n")]
        )
        .len(),
        1
    );
    assert_eq!(
        run("ex//x", false, &[("a.go", "package x\n")]),
        vec!["malformed import path \"ex//x\": double slash"]
    );
}

#[test]
fn file_names() {
    assert_eq!(
        run(
            "ex/x",
            false,
            &[("p/-x.go", "package x\n"), ("p/_cgo_x.go", "package x\n")]
        ),
        vec![
            "invalid input file name \"-x.go\"",
            "invalid input file name \"_cgo_x.go\"",
        ]
    );
}

#[test]
fn sources_that_cannot_be_read() {
    assert_eq!(
        run("ex/x", false, &[("p/a.go", "package x\x00\n")]),
        vec!["read p/a.go: unexpected NUL in input"]
    );
    assert_eq!(
        run(
            "ex/x",
            false,
            &[("p/a.go", "package x\nimport \"fmt\nfunc f() {}\n")]
        ),
        vec!["p/a.go:2:8: string literal not terminated"]
    );
    let errors = run(
        "ex/x",
        false,
        &[("p/a.go", "package x\nimport \"ex/nope\"\n// \u{0}")],
    );
    // The NUL is past the imports, but go/build refuses it (and so do we).
    assert_eq!(errors, vec!["read p/a.go: unexpected NUL in input"]);
}

#[test]
fn every_problem_sorted_by_position() {
    let a = "package p\nimport (\n\t\"ex/nope\"\n\t\"ex/a/internal/b\"\n)\n";
    let b = "package p\nimport \"ex/mainlib\"\n";
    let errors = run(
        "ex/x",
        false,
        &[("z/b.go", b), ("a/a.go", a), ("p/-c.go", "package p\n")],
    );
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].starts_with("invalid input file name"));
    assert!(errors[1].starts_with("a/a.go:3:2: package ex/nope is not provided"));
    assert!(errors[2].starts_with("a/a.go:4:2: use of internal package"));
    assert!(errors[3].starts_with("z/b.go:2:8: import \"ex/mainlib\" is a program"));
}

#[test]
fn a_dependency_with_no_go_files_here() {
    // A library whose files are all for another platform is only an error
    // where a compiled file imports it, in go build's words.
    let (std, cfg) = {
        let (std, _) = cfg();
        let mut m = Merge::new(&std);
        m.std_importcfg("std.importcfg", STD_CFG.as_bytes());
        m.fragment(
            "deps.importcfg",
            b"packagefile ex/win=out/ex/win.windows.x\n",
        );
        let cfg = m.finish().unwrap();
        (std, cfg)
    };
    assert_eq!(
        run_with(
            &std,
            &cfg,
            "ex/p",
            false,
            &[("p/p.go", "package p\n\nimport \"ex/win\"\n")]
        ),
        vec!["p/p.go:3:8: package ex/win: build constraints exclude all Go files in //win:win"],
    );
    assert_eq!(
        run_with(&std, &cfg, "ex/p", false, &[("p/p.go", "package p\n")]),
        Vec::<String>::new()
    );
}

#[test]
fn the_edges_are_the_dependencies_imported() {
    let (std, cfg) = cfg();
    let pkg = Package {
        import_path: "ex/m/p",
        label: LABEL,
        xtest: false,
    };
    let src = "package p\n\nimport (\n\t\"C\"\n\t\"fmt\"\n\t\"ex/lib\"\n\t\"ex/mapped\"\n)\n";
    let other = "package p\n\nimport \"ex/lib\"\nimport _ \"ex/a\"\n";
    let sources = [
        Source {
            name: "p/p.go",
            content: src.as_bytes(),
        },
        Source {
            name: "p/q.go",
            content: other.as_bytes(),
        },
    ];
    // Standard-library packages are listed apart and "C" not at all; an
    // importmap line is followed; each package once.
    let imported = check_imports(&pkg, &sources, &cfg, &std, &mut export).unwrap();
    assert_eq!(imported.deps, ["ex/a", "ex/lib", "ex/m/internal/x"]);
    assert_eq!(imported.std, ["fmt"]);
}
