use super::*;

fn reason(r: Result<(), InvalidPath>) -> String {
    r.err().map(|e| e.reason).unwrap_or_default()
}

#[test]
fn import_paths() {
    for ok in [
        "fmt",
        "crypto/sha256",
        "example.com/a/b",
        "a+b/c~d",
        "x/v2",
        "golang.org/x/crypto",
    ] {
        assert_eq!(check_import_path(ok), Ok(()), "{ok}");
    }
    let cases = [
        ("", "empty string"),
        ("-x", "leading dash"),
        ("a//b", "double slash"),
        ("a/", "trailing slash"),
        ("/a", "empty path element"),
        ("a/../b", "invalid path element \"..\""),
        ("a/b.", "trailing dot in path element"),
        ("ex/inject\ndep", "invalid char '\\n'"),
        ("a b", "invalid char ' '"),
        ("a/é", "invalid char 'é'"),
        (
            "a/con.txt",
            "\"con\" disallowed as path element component on Windows",
        ),
        ("a/PROGRA~1", "trailing tilde and digits in path element"),
    ];
    for (path, want) in cases {
        assert_eq!(reason(check_import_path(path)), want, "{path:?}");
    }
    assert_eq!(
        check_import_path("ex/inject\ndep").unwrap_err().to_string(),
        "malformed import path \"ex/inject\\ndep\": invalid char '\\n'"
    );
    // A leading dot is an import path's right, not a module path's.
    assert_eq!(check_import_path("a/.b"), Ok(()));
}

#[test]
fn module_paths() {
    for ok in [
        "example.com/m",
        "github.com/nats-io/nats.go",
        "example.com/m/v2",
        "gopkg.in/yaml.v3",
        "gopkg.in/check.v1",
    ] {
        assert_eq!(check_path_of_module(ok), Ok(()), "{ok}");
    }
    let cases = [
        ("fmt", "missing dot in first path element"),
        ("Example.com/m", "invalid char 'E' in first path element"),
        ("example.com/m/v1", "invalid version"),
        ("example.com/m/v0", "invalid version"),
        ("example.com/m/v2.1", "invalid version"),
        ("gopkg.in/yaml", "invalid version"),
        ("example.com/.m", "leading dot in path element"),
        ("example.com/a+b", "invalid char '+'"),
    ];
    for (path, want) in cases {
        assert_eq!(reason(check_path_of_module(path)), want, "{path:?}");
    }
}

#[test]
fn file_paths() {
    for ok in [
        "go.mod",
        "a b/c.txt",
        "x/é.go",
        "-dash",
        "a/.hidden",
        "PROGRA~1",
    ] {
        assert_eq!(check_file_path(ok), Ok(()), "{ok}");
    }
    assert_eq!(
        reason(check_file_path("aux.txt")),
        "\"aux\" disallowed as path element component on Windows"
    );
    assert_eq!(reason(check_file_path("a:b")), "invalid char ':'");
    assert_eq!(reason(check_file_path("a\\b")), "invalid char '\\\\'");
    assert_eq!(reason(check_file_path("a/*")), "invalid char '*'");
}

#[test]
fn path_versions() {
    assert_eq!(
        split_path_version("example.com/m/v2"),
        Some(("example.com/m", "/v2"))
    );
    assert_eq!(
        split_path_version("example.com/m"),
        Some(("example.com/m", ""))
    );
    assert_eq!(split_path_version("example.com/m/v1"), None);
    assert_eq!(
        split_path_version("gopkg.in/yaml.v3"),
        Some(("gopkg.in/yaml", ".v3"))
    );
    assert_eq!(
        split_path_version("gopkg.in/yaml.v0"),
        Some(("gopkg.in/yaml", ".v0"))
    );
    assert_eq!(
        split_path_version("gopkg.in/yaml.v1-unstable"),
        Some(("gopkg.in/yaml", ".v1-unstable"))
    );
    assert_eq!(split_path_version("gopkg.in/yaml.v01"), None);
}

#[test]
fn escaping() {
    assert_eq!(
        escape_path("github.com/BurntSushi/toml").unwrap(),
        "github.com/!burnt!sushi/toml"
    );
    assert_eq!(
        unescape_path("github.com/!burnt!sushi/toml").unwrap(),
        "github.com/BurntSushi/toml"
    );
    assert!(escape_path("fmt").is_err());
    assert_eq!(escape_version("v1.0.0-RC1").unwrap(), "v1.0.0-!r!c1");
    assert_eq!(unescape_version("v1.0.0-!r!c1").unwrap(), "v1.0.0-RC1");
    assert!(escape_version("v1!").is_err());
    assert!(escape_version("v1/2").is_err());
    assert!(unescape_path("github.com/Burnt").is_err());
    assert!(unescape_path("github.com/!").is_err());
    assert!(unescape_path("github.com/!1").is_err());
    assert!(unescape_version("v1.0.0!").is_err());
}

#[test]
fn internal_and_vendor_elements() {
    assert_eq!(find_internal("a/internal/b"), Some(2));
    assert_eq!(find_internal("internal/b"), Some(0));
    assert_eq!(find_internal("a/internal"), Some(2));
    assert_eq!(find_internal("a/internal/b/internal/c"), Some(13));
    assert_eq!(find_internal("a/internals/b"), None);
    assert_eq!(
        find_internal("crypto/internal/fips140/v1.0.0-c2097c7c"),
        Some(7)
    );
    assert_eq!(find_vendor("vendor/golang.org/x/net/dns"), Some(7));
    assert_eq!(find_vendor("a/vendor/b/vendor/c"), Some(18));
    assert_eq!(find_vendor("a/vendor"), None);
    assert_eq!(find_vendor("a/vendors/b"), None);
}

#[test]
fn path_prefixes() {
    assert!(has_path_prefix("a/b", "a"));
    assert!(has_path_prefix("a", "a"));
    assert!(!has_path_prefix("ab", "a"));
    assert!(has_path_prefix("anything", ""));
    assert!(has_path_prefix("a/b", "a/"));
}

#[test]
fn case_folding() {
    assert_eq!(to_fold("ex/Foo"), "ex/foo");
    assert_eq!(to_fold("ſ"), to_fold("S"));
    assert_eq!(to_fold("\u{212a}"), to_fold("k"));
    assert_eq!(
        fold_dup(["ex/foo", "ex/bar", "ex/Foo"]),
        Some(("ex/foo", "ex/Foo"))
    );
    assert_eq!(fold_dup(["ex/foo", "ex/foo"]), None);
    assert_eq!(fold_dup(["a", "b"]), None);
}

#[test]
fn shell_patterns() {
    let m = |p: &str, n: &str| match_pattern(p, n);
    assert_eq!(m("*.example.com", "git.example.com"), Ok(true));
    assert_eq!(m("*", "a/b"), Ok(false));
    assert_eq!(m("a*/b*", "ax/by"), Ok(true));
    assert_eq!(m("a?c", "abc"), Ok(true));
    assert_eq!(m("a?c", "a/c"), Ok(false));
    assert_eq!(m("[a-c]x", "bx"), Ok(true));
    assert_eq!(m("[^a-c]x", "bx"), Ok(false));
    assert_eq!(m("[^a-c]x", "dx"), Ok(true));
    assert_eq!(m("\\*", "*"), Ok(true));
    assert_eq!(m("a\\", "a"), Err(PatternError));
    assert_eq!(m("[", "a"), Err(PatternError));
    assert_eq!(m("[z-a]", "a"), Ok(false));
    assert_eq!(m("[]a]", "a"), Err(PatternError));
    assert_eq!(m("x[", "y"), Err(PatternError));
    assert_eq!(m("", ""), Ok(true));
    assert_eq!(m("*", ""), Ok(true));
}

#[test]
fn prefix_patterns() {
    let globs = "*.corp.example.com,rsc.io/private,,bad[";
    assert!(match_prefix_patterns(globs, "git.corp.example.com/x/y"));
    assert!(match_prefix_patterns(globs, "rsc.io/private"));
    assert!(match_prefix_patterns(globs, "rsc.io/private/quote"));
    assert!(!match_prefix_patterns(globs, "rsc.io/privateer"));
    assert!(!match_prefix_patterns(globs, "rsc.io"));
    assert!(match_prefix_patterns("example.com/", "example.com/m"));
    assert!(!match_prefix_patterns("", "example.com/m"));
}
