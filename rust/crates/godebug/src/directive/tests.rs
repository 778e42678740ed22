use super::*;

/// A small table in the three shapes the SDKs have.
fn table(removed: &str) -> Table {
    let text = format!(
        "var All = []Info{{\n\t{{Name: \"fips140\", Package: \"crypto/fips140\", Opaque: true}},\n\t\
         {{Name: \"panicnil\", Package: \"runtime\", Changed: 21, Old: \"1\"}},\n}}\n{removed}\n\
         func one(s string) bool {{ return s == \"1\" }}\n"
    );
    Table::parse("table.go", &text).unwrap()
}

const GO124: &str = "";
const GO126: &str = "var Removed = []RemovedInfo{\n\t{Name: \"x509sha1\", Removed: 24},\n}";
const GO127: &str =
    "var Removed = []RemovedInfo{\n\t{Name: \"x509sha1\", Removed: 24, Old: one},\n}";

fn texts(ds: &[Directive]) -> Vec<(String, String)> {
    ds.iter()
        .map(|d| (d.text.clone(), d.pos.to_string()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn finds_go_comments_before_the_package_clause() {
    let src = "// Copyright\n//go:build linux\n\n/* block\n//go:debug hidden=1\n*/ //go:debug panicnil=1\r\n\t//go:debug  a=b\n//  go:debug no=1\n//go:embed x\npackage main // go:debug after=1\n//go:debug after=2\n";
    assert_eq!(
        texts(&directives("m/main.go", src.as_bytes())),
        pairs(&[
            ("//go:build linux", "m/main.go:2:1"),
            ("//go:debug panicnil=1", "m/main.go:6:4"),
            ("//go:debug  a=b", "m/main.go:7:2"),
            ("//go:embed x", "m/main.go:9:1"),
        ])
    );
    // Columns count bytes.
    let src = "/* é */ //go:debug panicnil=1\npackage p";
    assert_eq!(directives("f.go", src.as_bytes())[0].pos.col, 10);
    // Carriage returns inside the comment go too.
    let src = "//go:debug\r panicnil=1\npackage p";
    assert_eq!(
        directives("f.go", src.as_bytes())[0].text,
        "//go:debug panicnil=1"
    );
    // packagex is not the package clause; nothing parses, nothing counts.
    for src in [
        "//go:debug panicnil=1\npackagex p",
        "//go:debug panicnil=1\n/* open",
        "//go:debug panicnil=1\n\x0cpackage p",
        "//go:debug panicnil=1\n",
        "//go:debug panicnil=1 \u{fffd}\npackage p\n// \u{0}",
    ] {
        let ds = directives("f.go", src.as_bytes());
        assert!(src.contains('\u{0}') || ds.is_empty(), "{src:?}");
    }
    assert!(directives("f.go", b"//go:debug panicnil=1 \xff\npackage p").is_empty());
    assert_eq!(
        directives("f.go", b"//go:debug panicnil=1\npackage\tp").len(),
        1
    );
    assert_eq!(
        directives("f.go", b"//go:debug panicnil=1\npackage;").len(),
        1
    );
}

#[test]
fn parses_as_go() {
    let t = table(GO126);
    let c = Checker {
        table: &t,
        toolchain: "1.26.6",
    };
    let ok = |s: &str| c.parse(s).map(|(k, v)| format!("{k}={v}"));
    let invalid = |s: &str| ParseError::Invalid(s.to_string());
    assert_eq!(ok("//go:debug panicnil=1"), Ok("panicnil=1".into()));
    assert_eq!(
        ok("//go:debug \t panicnil=1 \u{a0}"),
        Ok("panicnil=1".into())
    );
    assert_eq!(ok("//go:debug panicnil="), Ok("panicnil=".into()));
    assert_eq!(ok("//go:debug panicnil=a=b"), Ok("panicnil=a=b".into()));
    // The name ends at the first blank, wherever it is.
    assert_eq!(ok("//go:debugger panicnil=1"), Ok("panicnil=1".into()));
    assert_eq!(ok("//go:debugger"), Err(ParseError::NotGoDebug));
    assert_eq!(ok("//go:build x"), Err(ParseError::NotGoDebug));
    assert_eq!(ok("//go:debug"), Err(invalid("missing key=value")));
    assert_eq!(ok("//go:debug\u{a0}"), Err(invalid("missing key=value")));
    assert_eq!(ok("//go:debug   "), Err(invalid("missing key=value")));
    assert_eq!(ok("//go:debug panicnil"), Err(invalid("missing key=value")));
    assert_eq!(
        ok("//go:debug panicnil = 1"),
        Err(invalid("key contains space"))
    );
    assert_eq!(
        ok("//go:debug panicnil=1 2"),
        Err(invalid("value contains space"))
    );
    assert_eq!(
        ok("//go:debug panicnil=1\t2"),
        Err(invalid("value contains space"))
    );
    assert_eq!(ok("//go:debug a,b=1"), Err(invalid("key contains comma")));
    assert_eq!(
        ok("//go:debug panicnil=1,fips140=on"),
        Err(invalid("value contains comma"))
    );
    assert_eq!(
        ok("//go:debug =1"),
        Err(invalid("unknown //go:debug setting \"\""))
    );
    assert_eq!(
        ok("//go:debug madeup=1"),
        Err(invalid("unknown //go:debug setting \"madeup\""))
    );
}

#[test]
fn default_needs_a_version_the_toolchain_knows() {
    let t = table(GO124);
    let c = Checker {
        table: &t,
        toolchain: "1.26.6",
    };
    for ok in ["go1.21", "go1.26.6", "go1.26rc1", "go1.26", "go1", "go1.20"] {
        assert_eq!(c.check("godebug", "default", ok), Ok(()), "{ok}");
    }
    for bad in ["1.21", "go", "gox", "go1.21.", "Go1.21", ""] {
        assert_eq!(
            c.check("godebug", "default", bad),
            Err("value for default= must be goVERSION".into()),
            "{bad}"
        );
    }
    assert_eq!(
        c.check("godebug", "default", "go1.26.7"),
        Err("default=go1.26.7 too new (toolchain is go1.26.6)".into())
    );
    assert_eq!(
        c.check("godebug", "default", "go1.27"),
        Err("default=go1.27 too new (toolchain is go1.26.6)".into())
    );
    let rc = Checker {
        table: &t,
        toolchain: "1.27rc1",
    };
    assert!(rc.check("godebug", "default", "go1.27").is_ok());
    assert!(rc.check("godebug", "default", "go1.27.0").is_err());
}

#[test]
fn removed_settings_follow_the_table() {
    let check = |removed, value| {
        let t = table(removed);
        let c = Checker {
            table: &t,
            toolchain: "1.27.3",
        };
        c.check("//go:debug setting", "x509sha1", value)
    };
    assert_eq!(
        check(GO124, "1"),
        Err("unknown //go:debug setting \"x509sha1\"".into())
    );
    assert_eq!(
        check(GO126, "0"),
        Err(
            "use of removed //go:debug setting \"x509sha1\", see https://go.dev/doc/godebug#go-124"
                .into()
        )
    );
    assert_eq!(
        check(GO127, "1"),
        Err("removed GODEBUG \"x509sha1\" set to old value \"1\" (https://go.dev/doc/godebug#go-124)".into())
    );
    assert_eq!(check(GO127, "0"), Ok(()));
}

fn d(text: &str, line: usize) -> Directive {
    Directive {
        text: text.into(),
        pos: Position {
            file: "./main.go".into(),
            line,
            col: 1,
        },
    }
}

#[test]
fn one_package_refused_and_repeated() {
    let t = table(GO126);
    let c = Checker {
        table: &t,
        toolchain: "1.26.6",
    };
    let checked = c.check_package(&[
        d("//go:build linux", 1),
        d("//go:debug panicnil=1", 2),
        d("//go:debug madeup=1", 3),
        d("//go:debug panicnil=0", 4),
        d("//go:debugfoo", 5),
        d("//go:debugbar", 6),
        d("//go:debug fips140=only", 7),
        d("//go:debug default=go1.99", 8),
        d("//go:debug x509sha1=1", 9),
        d("//go:debug madeup=1", 10),
    ]);
    assert_eq!(
        checked.errors,
        [
            "./main.go:3:1: invalid //go:debug: unknown //go:debug setting \"madeup\"",
            "./main.go:4:1: repeated //go:debug for panicnil\n\t./main.go:2:1: previous //go:debug",
            "./main.go:6:1: repeated //go:debug for \n\t./main.go:5:1: previous //go:debug",
            "./main.go:8:1: invalid //go:debug: default=go1.99 too new (toolchain is go1.26.6)",
            "./main.go:9:1: invalid //go:debug: use of removed //go:debug setting \"x509sha1\", see https://go.dev/doc/godebug#go-124",
            "./main.go:10:1: invalid //go:debug: unknown //go:debug setting \"madeup\"",
        ]
    );
    let settings: Vec<_> = checked
        .settings
        .iter()
        .map(|a| (a.as_written(), a.place().to_string()))
        .collect();
    assert_eq!(
        settings,
        pairs(&[
            ("//go:debug panicnil=1", "./main.go:2:1"),
            ("//go:debug fips140=only", "./main.go:7:1"),
        ])
    );
    assert_eq!(
        c.check_package(&[d("//go:debug panicnil=1", 1)]).errors,
        Vec::<String>::new()
    );
}
