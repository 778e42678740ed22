//! go.mod files as a whole: what each directive yields and how each
//! mistake is reported.

use crate::modfile::{parse, Mode};
use crate::{module_path, Replace, Require, Retract};

const FULL: &str = r#"// Package comment.
//
// Deprecated: use example.com/new instead.
module "example.com/main"

go 1.22.1
toolchain go1.23.4

godebug default=go1.21
godebug (
	panicnil=1
	x509sha1=1 // why
)

require example.com/a v1.2 // indirect
require (
	example.com/b/v2 v2.0.0
	example.com/c v3.1.0+incompatible // indirect; needed by b
	gopkg.in/yaml.v3 v3.0.1
	"example.com/q" v0.0.0-20200101000000-abcdefabcdef //indirect
)

exclude example.com/a v1.1.0

replace example.com/a => ../a
replace (
	example.com/b/v2 v2.0.0 => example.com/fork/b/v2 v2.0.1
	example.com/c => /abs/c
)

// Published by mistake.
retract v1.0.0
retract [v1.1.0, v1.2.0] // broken

// Block rationale.
retract (
	v0.9.0

	// Own rationale.
	v0.8.0
)

tool example.com/tools/cmd/gen
ignore ./node_modules
ignore (
	"static"
)
"#;

#[test]
fn every_directive() {
    let f = parse("go.mod", FULL.as_bytes(), Mode::Strict).unwrap();
    assert_eq!(f.module.as_deref(), Some("example.com/main"));
    assert_eq!(
        f.deprecated.as_deref(),
        Some("use example.com/new instead.")
    );
    assert_eq!(f.go.as_deref(), Some("1.22.1"));
    assert_eq!(f.toolchain.as_deref(), Some("go1.23.4"));
    let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(
        f.godebug,
        [
            kv("default", "go1.21"),
            kv("panicnil", "1"),
            kv("x509sha1", "1")
        ]
    );
    let req = |p: &str, v: &str, indirect| Require {
        path: p.into(),
        version: v.into(),
        indirect,
    };
    assert_eq!(
        f.require,
        [
            req("example.com/a", "v1.2.0", true),
            req("example.com/b/v2", "v2.0.0", false),
            req("example.com/c", "v3.1.0+incompatible", true),
            req("gopkg.in/yaml.v3", "v3.0.1", false),
            req("example.com/q", "v0.0.0-20200101000000-abcdefabcdef", true),
        ]
    );
    assert_eq!(f.exclude.len(), 1);
    assert_eq!(
        f.replace,
        [
            Replace {
                old_path: "example.com/a".into(),
                old_version: None,
                new_path: "../a".into(),
                new_version: None,
                local: true
            },
            Replace {
                old_path: "example.com/b/v2".into(),
                old_version: Some("v2.0.0".into()),
                new_path: "example.com/fork/b/v2".into(),
                new_version: Some("v2.0.1".into()),
                local: false
            },
            Replace {
                old_path: "example.com/c".into(),
                old_version: None,
                new_path: "/abs/c".into(),
                new_version: None,
                local: true
            },
        ]
    );
    let ret = |l: &str, h: &str, r: &str| Retract {
        low: l.into(),
        high: h.into(),
        rationale: r.into(),
    };
    assert_eq!(
        f.retract,
        [
            ret("v1.0.0", "v1.0.0", "Published by mistake."),
            ret("v1.1.0", "v1.2.0", "broken"),
            ret("v0.9.0", "v0.9.0", "Block rationale."),
            ret("v0.8.0", "v0.8.0", "Own rationale."),
        ]
    );
    assert_eq!(f.tool, ["example.com/tools/cmd/gen"]);
    assert_eq!(f.ignore, ["./node_modules", "static"]);
}

#[test]
fn lax_reads_what_a_dependency_needs() {
    let f = parse("go.mod", FULL.as_bytes(), Mode::Lax).unwrap();
    assert_eq!(f.module.as_deref(), Some("example.com/main"));
    assert_eq!(f.go.as_deref(), Some("1.22.1"));
    assert_eq!(f.require.len(), 5);
    assert_eq!(f.retract.len(), 4);
    assert_eq!(f.ignore.len(), 2);
    assert!(f.toolchain.is_none() && f.godebug.is_empty() && f.replace.is_empty());
    assert!(f.exclude.is_empty() && f.tool.is_empty());
    // Unknown directives and blocks, odd go versions, bad retractions: ignored.
    let src = "module m\ngo 1.21-custom\nfuture thing\nfuture (\n x\n)\nretract [nonsense\nreplace a => b\n";
    let f = parse("go.mod", src.as_bytes(), Mode::Lax).unwrap();
    assert_eq!(f.go.as_deref(), Some("1.21"));
    assert_eq!(f.retract.len(), 0);
    let err = parse("go.mod", src.as_bytes(), Mode::Strict)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "go.mod:2: invalid go version '1.21-custom': must match format 1.23.0\n\
         go.mod:3: unknown directive: future\n\
         go.mod:4: unknown block type: future\n\
         go.mod:7: expected ',' after version\n\
         go.mod:8: replacement module without version must be directory path (rooted or starting with . or ..)"
    );
}

#[test]
fn messages_match_modfile() {
    let cases: &[(&str, &str)] = &[
        ("module a\nmodule b\n", "go.mod:2: repeated module statement"),
        ("module\n", "go.mod:1: usage: module module/path"),
        ("module \"a\\q\"\n", "go.mod:1: invalid quoted string: invalid syntax"),
        ("module `a`\n", "go.mod:1: invalid quoted string: unquoted string cannot contain quote"),
        ("go 1.21\ngo 1.22\n", "go.mod:2: repeated go statement"),
        ("go\n", "go.mod:1: go directive expects exactly one argument"),
        ("go 1.021\n", "go.mod:1: invalid go version '1.021': must match format 1.23.0"),
        ("toolchain go2\n", "go.mod:1: invalid toolchain version 'go2': must match format go1.23.0 or default"),
        ("toolchain a b\n", "go.mod:1: toolchain directive expects exactly one argument"),
        ("godebug a\n", "go.mod:1: usage: godebug key=value"),
        ("godebug a=\"b\"\n", "go.mod:1: usage: godebug key=value"),
        ("require a\n", "go.mod:1: usage: require module/path v1.2.3"),
        ("require (\n\tx.com/a latest\n)\n", "go.mod:2:2: require x.com/a: version \"latest\" invalid: must be of the form v1.2.3"),
        ("require x.com/a/v2 v1.0.0\n", "go.mod:1: require x.com/a/v2: version \"v1.0.0\" invalid: should be v2, not v1"),
        ("require x.com/a v2.0.0\n", "go.mod:1: require x.com/a: version \"v2.0.0\" invalid: should be v0 or v1, not v2"),
        ("exclude x.com/a/v1 v1.0.0\n", "go.mod:1: invalid module path"),
        ("require gopkg.in/a.v2 v3.0.0\n", "go.mod:1: require gopkg.in/a.v2: version \"v3.0.0\" invalid: should be v2, not v3"),
        ("replace a => b\n", "go.mod:1: replacement module without version must be directory path (rooted or starting with . or ..)"),
        ("replace a => b@v1.0.0\n", "go.mod:1: replacement module must match format 'path version', not 'path@version'"),
        ("replace a => ./b v1.0.0\n", "go.mod:1: replacement module directory path \"./b\" cannot have version"),
        ("replace a => .\\b\n", "go.mod:1: replacement directory appears to be Windows path (on a non-windows system)"),
        ("replace a v1 => b vx\n", "go.mod:1: replace b: version \"vx\" invalid: must be of the form v1.2.3"),
        ("replace x.com/a/v2 v1.0.0 => ../a\n", "go.mod:1: replace x.com/a/v2: version \"v1.0.0\" invalid: should be v2, not v1"),
        ("retract [v1.0.0 v1.1.0]\n", "go.mod:1: expected ',' after version"),
        ("retract [v1.0.0,\n", "go.mod:1: expected version after ','"),
        ("retract v1.0.0 x\n", "go.mod:1: unexpected token after version: \"x\""),
        ("retract (\n\t(\n)\n", "go.mod:2:2: expected '[' or version"),
        ("tool\n", "go.mod:1: tool directive expects exactly one argument"),
        ("ignore a b\n", "go.mod:1: ignore directive expects exactly one argument"),
        ("require (\n\tx.com/a v1.0.0\n", "go.mod:3: syntax error (unterminated block started at go.mod:1:1)"),
        ("module m /* c */\n", "go.mod:1:10: mod files must use // comments (not /* */ comments)"),
        ("go (\n\t1.21\n)\n", "go.mod:1: unknown block type: go"),
        ("require x ( y\n)\n", "go.mod:1: usage: require module/path v1.2.3\ngo.mod:2: unknown directive: )"),
    ];
    for (src, want) in cases {
        let got = parse("go.mod", src.as_bytes(), Mode::Strict)
            .map(|f| format!("accepted: {f:?}"))
            .unwrap_or_else(|e| e.to_string());
        assert_eq!(&got, want, "{src:?}");
    }
    // Each bad line is reported.
    let err = parse("sub/go.mod", b"require a\nrequire b\n", Mode::Strict).unwrap_err();
    assert_eq!(err.errors.len(), 2);
    assert!(err.to_string().starts_with("sub/go.mod:1: usage"));
}

#[test]
fn versions_are_canonicalised_and_old_gopkg_pseudo_versions_allowed() {
    let f = parse(
        "go.mod",
        b"require (\n\tx.com/a v1.2.3+build\n\tgopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405\n\tgopkg.in/x.v2-unstable v2.0.0\n)\n",
        Mode::Strict,
    )
    .unwrap();
    let versions: Vec<&str> = f.require.iter().map(|r| r.version.as_str()).collect();
    assert_eq!(
        versions,
        ["v1.2.3", "v0.0.0-20161208181325-20d25e280405", "v2.0.0"]
    );
}

#[test]
fn module_path_of_mod_files() {
    assert_eq!(
        module_path(b"// c\nmodule x.com/a // c\n").as_deref(),
        Some("x.com/a")
    );
    assert_eq!(
        module_path(b"module \"x.com/a\"\n").as_deref(),
        Some("x.com/a")
    );
    assert_eq!(
        module_path(b"module `x.com/a`\n").as_deref(),
        Some("x.com/a")
    );
    assert_eq!(module_path(b"modulex.com/a\nmodule\ngo 1.21\n"), None);
    assert_eq!(module_path(b"module \"x.com\n"), None);
}

#[test]
fn json_shape() {
    let f = parse(
        "go.mod",
        b"module m\nreplace a v1.0.0 => ../a\n",
        Mode::Strict,
    )
    .unwrap();
    let v = serde_json::to_value(&f).unwrap();
    assert_eq!(v["module"], "m");
    assert_eq!(v["go"], serde_json::Value::Null);
    assert_eq!(v["replace"][0]["old_version"], "v1.0.0");
    assert_eq!(v["replace"][0]["new_version"], serde_json::Value::Null);
    assert_eq!(v["replace"][0]["local"], true);
    assert_eq!(v["godebug"], serde_json::json!([]));
}
