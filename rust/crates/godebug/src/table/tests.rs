use super::*;

const SAMPLE: &str = r#"package godebugs

type Info struct {
	Name    string // name of the setting ("panicnil")
	Changed int
}

/* A block comment with a fake table:
var All = []Info{ {Name: "fake"} }
*/
var All = []Info{
	{Name: "alpha", Package: "runtime"},
	{Name: "beta", Package: "crypto/tls", Opaque: true, Changed: 22, Old: "1"},
	//{Name: "commented", Package: "x"},
	{Name: "gamma", Package: "net", Changed: 25, Old: "0", Immutable: true}, // trailing
	{
		Name:    "delta",
		Package: `os`,
		Changed: 21,
		Old:     "go\u0031",
	},
}

var Removed = []RemovedInfo{
	{Name: "gone1", Removed: 24, Old: one},
	{Name: "gone2", Removed: 27, Old: func(s string) bool { return s == "1" || (s == "2") }},
	{Name: "gone3", Removed: 27, Old: func(v string) bool { return "x" == v }},
	{Name: "gone4", Removed: 26, Old: never},
}

func one(s string) bool  { return s == "1" }
func never(s string) bool { return false; }

func Lookup(name string) *Info {
	for i := range All {
		if All[i].Name == name {
			return &All[i]
		}
	}
	return nil
}
"#;

fn parse(text: &str) -> Result<Table, TableError> {
    Table::parse("table.go", text)
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn reads_rows_in_any_field_order() {
    let t = parse(SAMPLE).unwrap();
    let names: Vec<_> = t.all.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["alpha", "beta", "gamma", "delta"]);
    assert_eq!(
        t.all[1],
        Setting {
            name: "beta".into(),
            package: "crypto/tls".into(),
            changed: 22,
            old: "1".into(),
            opaque: true,
            immutable: false,
        }
    );
    assert!(t.all[2].immutable);
    assert_eq!(
        (t.all[3].package.as_str(), t.all[3].old.as_str()),
        ("os", "go1")
    );
    assert_eq!(t.lookup("gamma").unwrap().changed, 25);
    assert!(t.lookup("commented").is_none() && t.lookup("fake").is_none());
}

#[test]
fn reads_removed_predicates() {
    let t = parse(SAMPLE).unwrap();
    let r: Vec<_> = t
        .removed
        .iter()
        .map(|r| (r.name.as_str(), r.removed, r.refused.clone()))
        .collect();
    let old = |v: &[&str]| Refused::Old(v.iter().map(|s| s.to_string()).collect());
    assert_eq!(
        r,
        [
            ("gone1", 24, old(&["1"])),
            ("gone2", 27, old(&["1", "2"])),
            ("gone3", 27, old(&["x"])),
            ("gone4", 26, old(&[])),
        ]
    );
    // Go 1.26's rows have no predicate: every use is refused.
    let t = parse("var All = []Info{}\nvar Removed = []RemovedInfo{\n\t{Name: \"x509sha1\", Removed: 24},\n}\n").unwrap();
    assert_eq!(t.removed[0].refused, Refused::Any);
    // Go 1.24 and 1.25 have no Removed table.
    assert!(parse("var All = []Info{{Name: \"a\"}}")
        .unwrap()
        .removed
        .is_empty());
}

#[test]
fn defaults_follow_the_go_version() {
    let t = parse(SAMPLE).unwrap();
    let d = |v: &str| {
        t.defaults_for(v).map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        })
    };
    assert_eq!(d("1.20").as_deref(), Some("beta=1,delta=go1,gamma=0"));
    assert_eq!(d("1.21").as_deref(), Some("beta=1,gamma=0"));
    assert_eq!(d("1.21.7").as_deref(), Some("beta=1,gamma=0"));
    assert_eq!(d("1.22.0.1").as_deref(), Some("gamma=0"));
    assert_eq!(d("1.25").as_deref(), Some(""));
    assert_eq!(d("1.+24").as_deref(), Some("gamma=0"));
    // Not 1.N: no defaults at all.
    for v in [
        "1.21rc1",
        "2.0",
        "1",
        "go1.21",
        "1.",
        "1.x",
        "1.99999999999999999999",
    ] {
        assert_eq!(d(v), None, "{v}");
    }
}

#[test]
fn errors_name_the_line() {
    assert_eq!(
        err("package godebugs\n"),
        "table.go:1: no `var All = []Info{` table"
    );
    assert_eq!(
        err("var All = []Info{\n\t{Name: \"a\", Changed: \"21\"},\n}"),
        "table.go:2: Changed must be an integer, not a string"
    );
    assert_eq!(
        err("var All = []Info{\n\t{Name: \"a\",\n\tFlavor: \"x\"},\n}"),
        "table.go:3: unknown field Flavor in an All row"
    );
    assert_eq!(
        err("var All = []Info{\n\t{Package: \"a\"},\n}"),
        "table.go:2: an All row without a Name"
    );
    assert_eq!(
        err("var All = []Info{\n\t{Name: \"a\", Name: \"b\"},\n}"),
        "table.go:2: field Name given twice"
    );
    assert_eq!(
        err("var All = []Info{\n\t{Name: \"a\", Changed: 0x15},\n}"),
        "table.go:2: `0x15`: want a decimal integer"
    );
    assert_eq!(
        err("var All = []Info{\n\t{Name: \"a\"}\n\t{Name: \"b\"},\n}"),
        "table.go:3: want `,`, got `{`"
    );
    assert_eq!(
        err("var All = []Info{\n\t{Name: \"a\"},\n"),
        "table.go:2: want `{`, got the end of the file"
    );
    assert_eq!(
        err("var All = []Info{\n\t{Name: \"a\n"),
        "table.go:2: malformed string literal"
    );
    assert_eq!(
        err("/* open\n\nvar All"),
        "table.go:1: comment not terminated"
    );
    let removed = |row: &str| {
        err(&format!("var All = []Info{{}}\nvar Removed = []RemovedInfo{{\n{row},\n}}\nfunc odd(s string) bool {{ return len(s) > 3 }}\n"))
    };
    assert_eq!(
        removed("{Name: \"x\", Removed: 27, Old: func(s string) bool { return s != \"1\" }}"),
        "table.go:3: an Old predicate must compare s with string literals (`s == \"1\" || ...`), got `s`"
    );
    assert_eq!(
        removed("{Name: \"x\", Removed: 27, Old: odd}"),
        "table.go:3: function odd: an Old predicate must be `func odd(s string) bool { return s == \"1\" || ... }`"
    );
    assert_eq!(
        removed("{Name: \"x\", Removed: 27, Old: two}"),
        "table.go:3: `two` is not a function of this file"
    );
    assert_eq!(
        removed("{Name: \"x\", Removed: 27, Old: \"1\"}"),
        "table.go:3: Old must be a function, not a string"
    );
    assert_eq!(
        removed("{Name: \"x\", Until: 27}"),
        "table.go:3: unknown field Until in a Removed row"
    );
}

#[test]
fn atoi_as_go() {
    assert_eq!(atoi("21"), Some(21));
    assert_eq!(atoi("+21"), Some(21));
    assert_eq!(atoi("-3"), Some(-3));
    assert_eq!(atoi("007"), Some(7));
    for s in ["", "+", "-", "2_1", "21 ", "0x15", "9223372036854775808"] {
        assert_eq!(atoi(s), None, "{s:?}");
    }
}
