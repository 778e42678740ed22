use super::*;
use crate::Origin;

fn table() -> Table {
    Table::parse(
        "table.go",
        "var All = []Info{\n\
         {Name: \"fips140\", Package: \"crypto/fips140\"},\n\
         {Name: \"httpmuxgo121\", Package: \"net/http\", Changed: 22, Old: \"1\"},\n\
         {Name: \"panicnil\", Package: \"runtime\", Changed: 21, Old: \"1\"},\n\
         {Name: \"tlssha1\", Package: \"crypto/tls\", Changed: 25, Old: \"1\"},\n\
         {Name: \"zipinsecurepath\", Package: \"archive/zip\"},\n}",
    )
    .unwrap()
}

fn gomod(kv: &str) -> Assignment {
    let (k, v) = kv.split_once('=').unwrap();
    Assignment {
        key: k.into(),
        value: v.into(),
        origin: Origin::GoMod(None),
    }
}

fn directive(kv: &str, line: usize) -> Assignment {
    let (k, v) = kv.split_once('=').unwrap();
    Assignment {
        key: k.into(),
        value: v.into(),
        origin: Origin::Directive(format!("main.go:{line}:1")),
    }
}

fn auto(enabled: bool) -> Fips<'static> {
    Fips {
        enabled,
        mode: FipsMode::Auto,
        mode_origin: "",
    }
}

#[test]
fn as_go_build() {
    let t = table();
    let g = |v: &str, f: &Fips, s: &[Assignment]| default_godebug(&t, v, f, s);
    assert_eq!(g("1.26", &auto(false), &[]), "");
    assert_eq!(g("1.26.6", &auto(true), &[]), "fips140=on");
    assert_eq!(g("1.24", &auto(false), &[]), "tlssha1=1");
    assert_eq!(
        g("1.20", &auto(true), &[]),
        "fips140=on,httpmuxgo121=1,panicnil=1,tlssha1=1"
    );
    // go.mod, then the directives; the later wins; above the defaults.
    assert_eq!(
        g(
            "1.20",
            &auto(true),
            &[
                gomod("panicnil=0"),
                directive("fips140=off", 1),
                directive("zipinsecurepath=0", 2)
            ]
        ),
        "fips140=off,httpmuxgo121=1,panicnil=0,tlssha1=1,zipinsecurepath=0"
    );
    assert_eq!(
        g(
            "1.26",
            &auto(false),
            &[gomod("panicnil=0"), directive("panicnil=1", 3)]
        ),
        "panicnil=1"
    );
    // default= picks the version; a later one wins; the key goes.
    assert_eq!(
        g("1.26", &auto(false), &[directive("default=go1.21", 1)]),
        "httpmuxgo121=1,tlssha1=1"
    );
    assert_eq!(
        g(
            "1.26",
            &auto(false),
            &[gomod("default=go1.20"), directive("default=go1.24", 1)]
        ),
        "tlssha1=1"
    );
    assert_eq!(
        g("1.20", &auto(false), &[directive("default=go1.26", 1)]),
        ""
    );
    // A version that is not 1.N applies no defaults at all.
    assert_eq!(
        g("1.26", &auto(true), &[directive("default=go1.21rc1", 1)]),
        "fips140=on"
    );
    assert_eq!(
        g("2.0", &auto(false), &[directive("panicnil=1", 1)]),
        "panicnil=1"
    );
    // An invalid default= (refused by the checks) keeps the module's; the
    // "go" prefix is optional here, as in go.
    assert_eq!(
        g("1.24", &auto(false), &[directive("default=gox", 1)]),
        "tlssha1=1"
    );
    assert_eq!(
        g("1.24", &auto(false), &[directive("default=1.21", 1)]),
        "httpmuxgo121=1,tlssha1=1"
    );
}

#[test]
fn explicit_modes() {
    let t = table();
    let fips = |mode, enabled| Fips {
        enabled,
        mode,
        mode_origin: "set on //cmd/x",
    };
    assert_eq!(
        default_godebug(&t, "1.26", &fips(FipsMode::On, false), &[]),
        "fips140=on"
    );
    assert_eq!(
        default_godebug(&t, "1.26", &fips(FipsMode::Only, true), &[]),
        "fips140=only"
    );
    assert_eq!(
        default_godebug(&t, "1.26", &fips(FipsMode::Debug, true), &[]),
        "fips140=debug"
    );
    assert_eq!(
        default_godebug(&t, "1.26", &fips(FipsMode::Off, true), &[]),
        ""
    );
    assert_eq!(
        default_godebug(
            &t,
            "1.26",
            &fips(FipsMode::Off, true),
            &[directive("fips140=off", 1)]
        ),
        "fips140=off"
    );
    let settings = [
        gomod("fips140=on"),
        directive("panicnil=1", 1),
        directive("fips140=only", 2),
        directive("fips140=off", 3),
    ];
    assert_eq!(
        fips(FipsMode::Auto, true).contradictions(&settings),
        Vec::<String>::new()
    );
    assert_eq!(
        fips(FipsMode::Only, true).contradictions(&settings),
        [
            "go.mod: godebug fips140=on contradicts fips_mode \"only\" (set on //cmd/x): remove the go.mod line, or build with fips_mode \"auto\" to let it decide",
            "main.go:3:1: //go:debug fips140=off contradicts fips_mode \"only\" (set on //cmd/x): remove the directive, or build with fips_mode \"auto\" to let it decide",
        ]
    );
    assert_eq!(fips(FipsMode::Off, true).contradictions(&settings).len(), 2);
    let placed = Assignment {
        origin: Origin::GoMod(Some("go.mod:7".into())),
        ..gomod("fips140=off")
    };
    assert!(fips(FipsMode::On, true).contradictions(&[placed])[0]
        .starts_with("go.mod:7: godebug fips140=off contradicts"));
}

#[test]
fn modes_parse() {
    for m in ["auto", "on", "only", "debug", "off"] {
        assert_eq!(m.parse::<FipsMode>().unwrap().to_string(), m);
    }
    assert!("On".parse::<FipsMode>().is_err());
}
