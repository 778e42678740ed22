//! The default GODEBUG and the `//go:debug` checks against the genuine go
//! command, on the four SDKs of the test bed.
//!
//! - The table: `fips_godebug::Table` of each SDK's table.go must hold what
//!   the SDK's own compiler makes of `internal/godebugs.All` and `Removed`,
//!   dumped by a test file laid over the package with `go test -overlay`
//!   (internal packages cannot be imported from outside the standard
//!   library; an external test of the package itself can). Go 1.27's `Old`
//!   predicates are compared on a set of candidate values.
//! - Programs: for each case (a module with go.mod `godebug` lines, main
//!   package files with `//go:debug` directives, maybe a library package or
//!   test files) and GOFIPS140 value, `go build -trimpath` (or `go test -c`)
//!   either succeeds, and then `fipstool gofiles` + `fipstool linkinfo` must
//!   succeed and compute the `DefaultGODEBUG` that `go version -m` shows
//!   (none: the empty string), or fails, and then they must fail with the
//!   same messages.
//!
//! Each case is a module of its own under CARGO_TARGET_TMPDIR; the Go build
//! cache is the test bed's persistent one.

mod binary_support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use binary_support::{go_bin, go_cache, goroot, stderr, stdout};
use fips_buildtags::CONTEXT_TEMPLATE;
use fips_godebug::{Refused, Table};

fn scratch() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("godebug")
}

/// The go command of `sdk` in `dir`, with the test bed's environment.
fn go(sdk: &str, dir: &Path, gofips140: &str, goflags: &str, args: &[&str]) -> Output {
    let env = scratch().join("go-env");
    // No HOME: no user configuration, no telemetry.
    Command::new(go_bin(sdk))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TMPDIR", std::env::temp_dir())
        .env("GOTOOLCHAIN", "local")
        .env("GOENV", "off")
        .env("GOFLAGS", goflags)
        .env("GOPROXY", "off")
        .env("GOTELEMETRY", "off")
        .env("GOWORK", "off")
        .env("GOCACHE", go_cache(sdk))
        .env("GOPATH", env.join("gopath"))
        .env("GOMODCACHE", env.join(format!("modcache-{sdk}")))
        .env("CGO_ENABLED", "0")
        .env("GOOS", "linux")
        .env("GOARCH", "amd64")
        .env("GOFIPS140", gofips140)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run go")
}

fn table_path(sdk: &str) -> PathBuf {
    goroot(sdk).join("src/internal/godebugs/table.go")
}

fn table(sdk: &str) -> Table {
    let path = table_path(sdk);
    let text = std::fs::read_to_string(&path).expect("read table.go");
    Table::parse(&path.display().to_string(), &text).expect("parse table.go")
}

/// `go1.26.6` -> `1.26.6`.
fn toolchain(sdk: &str) -> &str {
    sdk.strip_prefix("go").unwrap()
}

// ---------------------------------------------------------------- table --

/// Values the `Old` predicates are asked about.
const CANDIDATES: &[&str] = &[
    "", "0", "1", "2", "3", "10", "on", "off", "only", "debug", "true", "false",
];

/// An external test of internal/godebugs printing every row of the given
/// tables as JSON, `Old` predicates as the candidates they accept.
fn dump_test(tables: &[&str]) -> String {
    let candidates: Vec<String> = CANDIDATES.iter().map(|c| format!("{c:?}")).collect();
    let calls: String = tables
        .iter()
        .map(|t| format!("\trows({t:?}, godebugs.{t})\n"))
        .collect();
    format!(
        r#"package godebugs_test

import (
	"encoding/json"
	"fmt"
	"internal/godebugs"
	"reflect"
	"testing"
)

var candidates = []string{{{}}}

func rows(table string, list any) {{
	v := reflect.ValueOf(list)
	for i := 0; i < v.Len(); i++ {{
		r := v.Index(i)
		row := map[string]any{{"table": table}}
		for j := 0; j < r.NumField(); j++ {{
			name := r.Type().Field(j).Name
			if pred, ok := r.Field(j).Interface().(func(string) bool); ok {{
				if pred == nil {{
					row[name] = nil
					continue
				}}
				old := []string{{}}
				for _, c := range candidates {{
					if pred(c) {{
						old = append(old, c)
					}}
				}}
				row[name] = old
				continue
			}}
			row[name] = r.Field(j).Interface()
		}}
		b, err := json.Marshal(row)
		if err != nil {{
			panic(err)
		}}
		fmt.Printf("godebugs-row %s\n", b)
	}}
}}

func TestFipsDumpTables(t *testing.T) {{
{calls}}}
"#,
        candidates.join(", ")
    )
}

/// What the SDK's compiler makes of the tables: one JSON object a row.
fn go_tables(sdk: &str) -> Vec<serde_json::Value> {
    let dir = scratch().join(format!("table-{sdk}"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let text = std::fs::read_to_string(table_path(sdk)).expect("read table.go");
    // Go 1.24 and 1.25 have no Removed table.
    let tables: &[&str] = if text.contains("var Removed = ") {
        &["All", "Removed"]
    } else {
        &["All"]
    };
    let test = dir.join("dump_test.go");
    std::fs::write(&test, dump_test(tables)).expect("write dump test");
    let target = goroot(sdk).join("src/internal/godebugs/zz_fips_dump_test.go");
    let overlay =
        serde_json::json!({"Replace": {target.display().to_string(): test.display().to_string()}});
    let overlay_path = dir.join("overlay.json");
    std::fs::write(&overlay_path, overlay.to_string()).expect("write overlay");
    let out = go(
        sdk,
        &dir,
        "off",
        "",
        &[
            "test",
            "-overlay",
            overlay_path.to_str().unwrap(),
            "-run",
            "^TestFipsDumpTables$",
            "-count=1",
            "-v",
            "internal/godebugs",
        ],
    );
    assert!(
        out.status.success(),
        "{sdk}: go test: {}{}",
        stdout(&out),
        stderr(&out)
    );
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .filter_map(|l| l.strip_prefix("godebugs-row "))
        .map(|l| serde_json::from_str(l).expect("JSON row"))
        .collect();
    assert!(rows.len() > 20, "{sdk}: too few rows: {}", stdout(&out));
    rows
}

fn table_parity(sdk: &str) {
    let ours = table(sdk);
    let rows = go_tables(sdk);
    let (mut all, mut removed) = (ours.all.iter(), ours.removed.iter());
    for row in &rows {
        let obj = row.as_object().unwrap();
        let name = obj["Name"].as_str().unwrap();
        match obj["table"].as_str().unwrap() {
            "All" => {
                let s = all
                    .next()
                    .unwrap_or_else(|| panic!("{sdk}: go has more All rows: {name}"));
                for (field, want) in obj {
                    let got = match field.as_str() {
                        "table" => continue,
                        "Name" => serde_json::json!(s.name),
                        "Package" => serde_json::json!(s.package),
                        "Changed" => serde_json::json!(s.changed),
                        "Old" => serde_json::json!(s.old),
                        "Opaque" => serde_json::json!(s.opaque),
                        "Immutable" => serde_json::json!(s.immutable),
                        other => {
                            panic!("{sdk}: Info has a field the parser does not know: {other}")
                        }
                    };
                    assert_eq!(&got, want, "{sdk}: All row {name}: {field}");
                }
            }
            "Removed" => {
                let r = removed
                    .next()
                    .unwrap_or_else(|| panic!("{sdk}: go has more Removed rows: {name}"));
                for (field, want) in obj {
                    let got = match (field.as_str(), &r.refused) {
                        ("table", _) => continue,
                        ("Name", _) => serde_json::json!(r.name),
                        ("Removed", _) => serde_json::json!(r.removed),
                        ("Old", Refused::Any) => serde_json::Value::Null,
                        ("Old", Refused::Old(old)) => {
                            for o in old {
                                assert!(
                                    CANDIDATES.contains(&o.as_str()),
                                    "{sdk}: add {o:?} to CANDIDATES"
                                );
                            }
                            let accepted: Vec<&str> = CANDIDATES
                                .iter()
                                .copied()
                                .filter(|c| old.iter().any(|o| o == c))
                                .collect();
                            serde_json::json!(accepted)
                        }
                        (other, _) => panic!(
                            "{sdk}: RemovedInfo has a field the parser does not know: {other}"
                        ),
                    };
                    assert_eq!(&got, want, "{sdk}: Removed row {name}: {field}");
                }
                // Without an Old field (Go 1.26) every use is refused.
                if !obj.contains_key("Old") {
                    assert_eq!(r.refused, Refused::Any, "{sdk}: Removed row {name}");
                }
            }
            other => panic!("unexpected table {other}"),
        }
    }
    assert!(
        all.next().is_none(),
        "{sdk}: the parser found more All rows than go"
    );
    assert!(
        removed.next().is_none(),
        "{sdk}: the parser found more Removed rows than go"
    );
    // Lookup's binary search (Go 1.26+) and the parser's lookup agree only
    // on a sorted table.
    assert!(
        ours.all.windows(2).all(|w| w[0].name < w[1].name),
        "{sdk}: All is not sorted"
    );
}

// -------------------------------------------------------------- programs --

/// A module to build: go.mod's go version and godebug lines, and files
/// (paths relative to the module; files outside the root directory form
/// other packages, which the main package imports).
struct Case {
    name: &'static str,
    go: &'static str,
    godebug: &'static [&'static str],
    files: &'static [(&'static str, &'static str)],
    /// `go test -c` of the root package instead of `go build`.
    test: bool,
}

const MAIN: &str = "\npackage main\n\nfunc main() {}\n";

const fn build(
    name: &'static str,
    go: &'static str,
    files: &'static [(&'static str, &'static str)],
) -> Case {
    Case {
        name,
        go,
        godebug: &[],
        files,
        test: false,
    }
}

/// The cases whose go build succeeds on some SDK at least (the rest fail,
/// and the messages are compared).
fn cases() -> Vec<Case> {
    vec![
        build("plain", "1.21", &[("main.go", MAIN)]),
        build("fips_off", "1.24", &[("main.go", "//go:debug fips140=off\npackage main\n\nfunc main() {}\n")]),
        build(
            "two_keys",
            "1.22",
            &[(
                "main.go",
                "// Copyright\n\n//go:build linux\n\n//go:debug panicnil=1\n//go:debug httpmuxgo121=0\npackage main\n\nfunc main() {}\n",
            )],
        ),
        build("default_go121", "1.24", &[("main.go", "//go:debug default=go1.21\npackage main\n\nfunc main() {}\n")]),
        build("default_rc", "1.24", &[("main.go", "//go:debug default=go1.21rc1\npackage main\n\nfunc main() {}\n")]),
        build("patch_version", "1.22.3", &[("main.go", MAIN)]),
        build(
            "quirks",
            "1.24",
            &[(
                "main.go",
                "/* //go:debug panicnil=1 */\n//go:debugger zipinsecurepath=0\n//go:debugx\n\t//go:debug  \t tarinsecurepath=0\r\npackage main // go:debug x=1\n\n//go:debug execerrdot=0\nfunc main() {}\n",
            )],
        ),
        build(
            "two_files",
            "1.20",
            &[
                ("b.go", "//go:debug panicnil=0\npackage main\n"),
                ("a.go", "//go:debug fips140=only\npackage main\n\nfunc main() {}\n"),
            ],
        ),
        build(
            "library_ignored",
            "1.24",
            &[
                ("main.go", "package main\n\nimport _ \"example.com/m/lib\"\n\nfunc main() {}\n"),
                ("lib/lib.go", "//go:debug panicnil=1\npackage lib\n"),
            ],
        ),
        Case {
            name: "gomod_block",
            go: "1.21",
            godebug: &["panicnil=1", "default=go1.22", "zipinsecurepath=0", "fips140=debug"],
            files: &[("main.go", "//go:debug zipinsecurepath=1\npackage main\n\nfunc main() {}\n")],
            test: false,
        },
        Case {
            name: "test_package",
            go: "1.21",
            godebug: &[],
            files: &[
                ("p.go", "//go:debug panicnil=1\npackage p\n"),
                ("p_test.go", "//go:debug httpmuxgo121=0\npackage p\n\nimport \"testing\"\n\nfunc TestP(t *testing.T) {}\n"),
                ("x_test.go", "//go:debug panicnil=0\n//go:debug fips140=off\npackage p_test\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n"),
            ],
            test: true,
        },
        Case {
            name: "test_main_package",
            go: "1.24",
            godebug: &["tarinsecurepath=0"],
            files: &[
                ("main.go", "//go:debug fips140=off\npackage main\n\nfunc main() {}\n"),
                ("main_test.go", "//go:debug zipinsecurepath=0\npackage main\n\nimport \"testing\"\n\nfunc TestM(t *testing.T) {}\n"),
            ],
            test: true,
        },
        // Removed settings: unknown on Go 1.24 and 1.25, refused on 1.26,
        // refused with an old value only on 1.27.
        build("removed_old", "1.24", &[("main.go", "//go:debug x509sha1=1\npackage main\n\nfunc main() {}\n")]),
        build("removed_new", "1.24", &[("main.go", "//go:debug x509sha1=0\npackage main\n\nfunc main() {}\n")]),
        build("removed_later", "1.24", &[("main.go", "//go:debug tls10server=1\n//go:debug asynctimerchan=0\npackage main\n\nfunc main() {}\n")]),
        // default= newer than Go 1.26.6: refused by the older SDKs only.
        build("default_new", "1.24", &[("main.go", "//go:debug default=go1.27\npackage main\n\nfunc main() {}\n")]),
    ]
}

/// Cases that every SDK refuses.
fn refused_cases() -> Vec<Case> {
    vec![
        build(
            "refused_many",
            "1.24",
            &[(
                "main.go",
                "//go:debug madeup=1\n//go:debug panicnil = 1\n//go:debug panicnil=1 2\n//go:debug a,b=1\n\
                 //go:debug panicnil=1,x=2\n//go:debug\n//go:debug panicnil\n//go:debug default=1.21\n\
                 //go:debug default=go1.99\n//go:debug =1\npackage main\n\nfunc main() {}\n",
            )],
        ),
        build(
            "repeated",
            "1.24",
            &[
                ("a.go", "//go:debug panicnil=1\n//go:debugfoo\npackage main\n\nfunc main() {}\n"),
                ("b.go", "/* x */ //go:debug panicnil=0\n//go:debugbar\npackage main\n"),
            ],
        ),
        build(
            "library_refused",
            "1.24",
            &[
                ("main.go", "package main\n\nimport _ \"example.com/m/lib\"\n\nfunc main() {}\n"),
                ("lib/lib.go", "//go:debug madeup=1\npackage lib\n"),
            ],
        ),
        Case {
            name: "test_repeats_lib",
            go: "1.24",
            godebug: &[],
            files: &[
                ("p.go", "//go:debug panicnil=1\npackage p\n"),
                ("p_test.go", "//go:debug panicnil=0\npackage p\n\nimport \"testing\"\n\nfunc TestP(t *testing.T) {}\n"),
            ],
            test: true,
        },
        Case {
            name: "gomod_refused",
            go: "1.24",
            godebug: &["madeup=1", "default=go1.99", "panicnil=1"],
            files: &[("main.go", MAIN)],
            test: false,
        },
    ]
}

impl Case {
    fn go_mod(&self) -> String {
        let mut text = format!("module example.com/m\n\ngo {}\n", self.go);
        if !self.godebug.is_empty() {
            text.push_str("\ngodebug (\n");
            for g in self.godebug {
                text.push_str(&format!("\t{g}\n"));
            }
            text.push_str(")\n");
        }
        text
    }

    /// `--gomod-godebug` arguments, with their go.mod lines.
    fn gomod_args(&self) -> Vec<String> {
        // module, blank, go, blank, godebug (: the settings start on line 6.
        self.godebug
            .iter()
            .enumerate()
            .map(|(i, g)| format!("{g}\tgo.mod:{}", 6 + i))
            .collect()
    }

    fn write(&self, dir: &Path) {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("mkdir");
        std::fs::write(dir.join("go.mod"), self.go_mod()).expect("go.mod");
        for (path, text) in self.files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
    }

    /// The packages' directories (`.` first) and files, as go prints them
    /// (`./main.go`, `lib/lib.go`).
    fn packages(&self) -> Vec<(String, Vec<String>)> {
        let mut pkgs: Vec<(String, Vec<String>)> = Vec::new();
        for (path, _) in self.files {
            let (dir, shown) = match path.rsplit_once('/') {
                Some((dir, _)) => (dir.to_string(), path.to_string()),
                None => (".".to_string(), format!("./{path}")),
            };
            match pkgs.iter_mut().find(|(d, _)| *d == dir) {
                Some((_, files)) => files.push(shown),
                None => pkgs.push((dir, vec![shown])),
            }
        }
        pkgs.sort_by_key(|(d, _)| (d != ".", d.clone()));
        pkgs
    }
}

/// The context file of the configuration (cached by SDK and GOFIPS140).
fn context(
    sdk: &str,
    gofips140: &str,
    dir: &Path,
    cache: &mut HashMap<String, PathBuf>,
) -> PathBuf {
    cache
        .entry(gofips140.to_string())
        .or_insert_with(|| {
            let out = go(
                sdk,
                dir,
                gofips140,
                "-mod=mod",
                &["list", "-f", CONTEXT_TEMPLATE, "unsafe"],
            );
            assert!(
                out.status.success(),
                "{sdk}: go list context: {}",
                stderr(&out)
            );
            let path = scratch().join(format!("{sdk}-{gofips140}.context"));
            std::fs::write(&path, &out.stdout).expect("write context");
            path
        })
        .clone()
}

/// What go did: the DefaultGODEBUG of the binary, or its messages. go test
/// runs without vet, as the rules do (vet's directive check refuses a
/// `//go:debug` in a non-main package's non-test file).
fn go_result(sdk: &str, case: &Case, dir: &Path, gofips140: &str) -> Result<String, String> {
    let verb: &[&str] = if case.test {
        &["test", "-c", "-vet=off"]
    } else {
        &["build"]
    };
    let args: Vec<&str> = verb
        .iter()
        .chain(&["-trimpath", "-buildvcs=false", "-o", "prog", "."])
        .copied()
        .collect();
    let out = go(sdk, dir, gofips140, "-mod=mod", &args);
    if !out.status.success() {
        return Err(messages(&stderr(&out)));
    }
    let m = go(sdk, dir, gofips140, "", &["version", "-m", "prog"]);
    assert!(m.status.success(), "{sdk}: go version -m: {}", stderr(&m));
    let info = stdout(&m);
    Ok(info
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("build\tDefaultGODEBUG="))
        .unwrap_or("")
        .to_string())
}

/// Messages of go or fipstool, comparable: the `go: ` and `fipstool: `
/// prefixes dropped, split into groups at `# package` headers (dropped:
/// they name packages differently) and at `error loading go.mod:`, groups
/// sorted (go builds packages in parallel).
fn messages(text: &str) -> String {
    let mut groups: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        let line = line
            .strip_prefix("go: ")
            .or_else(|| line.strip_prefix("fipstool: "))
            .unwrap_or(line);
        if line.starts_with("# ") || line.starts_with("FAIL") {
            groups.push(Vec::new());
            continue;
        }
        if line == "error loading go.mod:" || groups.is_empty() {
            groups.push(Vec::new());
        }
        groups.last_mut().unwrap().push(line.to_string());
    }
    let mut groups: Vec<String> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|g| g.join("\n"))
        .collect();
    groups.sort();
    groups.join("\n")
}

fn run_fipstool(args: &[String], dir: &Path) -> Result<(), String> {
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args(&argv)
        .current_dir(dir)
        .output()
        .expect("run fipstool");
    if out.status.success() {
        return Ok(());
    }
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    Err(stderr(&out))
}

/// What the rules do: gofiles on every package (the package under test
/// with its tests, then its external tests, in two calls), then linkinfo;
/// the default GODEBUG, or the messages.
fn our_result(
    sdk: &str,
    case: &Case,
    dir: &Path,
    ctx: &Path,
    gofips140: &str,
) -> Result<String, String> {
    let table = table_path(sdk).display().to_string();
    let common = |out: &str| -> Vec<String> {
        [
            "gofiles",
            "--context",
            ctx.to_str().unwrap(),
            "--godebug-table",
            &table,
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([
            "--go-toolchain-version".into(),
            toolchain(sdk).into(),
            "--out".into(),
            format!("{out}.list"),
            "--directives-out".into(),
            out.to_string(),
        ])
        .collect()
    };
    let mut failures = Vec::new();
    let mut directives = Vec::new();
    for (i, (pkg, files)) in case.packages().iter().enumerate() {
        // Internal and external test files are two packages.
        let is_xtest = |f: &String| {
            let text = std::fs::read_to_string(dir.join(f)).unwrap();
            text.lines()
                .any(|l| l.starts_with("package ") && l.trim_end().ends_with("_test"))
        };
        let (xtest, internal): (Vec<&String>, Vec<&String>) =
            files.iter().partition(|f| is_xtest(f));
        for (j, set) in [internal, xtest].iter().enumerate() {
            if set.is_empty() {
                continue;
            }
            let out = scratch().join(format!(
                "{sdk}-{}-{gofips140}-{i}-{j}.directives",
                case.name
            ));
            let mut args = common(out.to_str().unwrap());
            args.extend(["--package".to_string(), pkg.clone()]);
            if case.test {
                args.push("--tests".into());
            }
            args.extend(set.iter().map(|s| s.to_string()));
            match run_fipstool(&args, dir) {
                Ok(()) if pkg == "." => directives.push(out),
                Ok(()) => {}
                Err(e) => failures.push(e),
            }
        }
    }
    if !failures.is_empty() {
        return Err(messages(&failures.join("\n")));
    }
    let godebug = scratch().join(format!("{sdk}-{}-{gofips140}.godebug", case.name));
    let mut args: Vec<String> = vec![
        "linkinfo".into(),
        "--godebug-table".into(),
        table,
        "--go-toolchain-version".into(),
        toolchain(sdk).into(),
        "--go-version".into(),
        case.go.into(),
        "--mode".into(),
        "auto".into(),
        "--out-godebug".into(),
        godebug.display().to_string(),
    ];
    if gofips140 != "off" {
        args.push("--fips-enabled".into());
    }
    for g in case.gomod_args() {
        args.extend(["--gomod-godebug".into(), g]);
    }
    for d in directives {
        args.extend(["--directives".into(), d.display().to_string()]);
    }
    run_fipstool(&args, dir).map_err(|e| messages(&e))?;
    Ok(std::fs::read_to_string(godebug).expect("read godebug"))
}

/// The GOFIPS140 values an SDK has.
fn fips_values(sdk: &str) -> Vec<&'static str> {
    let lib = goroot(sdk).join("lib/fips140");
    let mut v = vec!["off", "latest"];
    for alias in ["inprocess", "certified"] {
        if lib.join(format!("{alias}.txt")).is_file() {
            v.push(alias);
        }
    }
    v
}

/// Every case on `sdk`: the common ones with GOFIPS140 off and latest, a
/// few with the snapshot aliases too, the refused ones once.
fn program_parity(sdk: &str) -> usize {
    let mut contexts = HashMap::new();
    let mut runs = Vec::new();
    for case in cases() {
        let all_fips = matches!(case.name, "plain" | "fips_off" | "test_package");
        for f in fips_values(sdk) {
            if all_fips || f == "off" || f == "latest" {
                runs.push((case.name, f, false));
            }
        }
    }
    for case in refused_cases() {
        runs.push((case.name, "off", true));
    }
    let all: Vec<Case> = cases().into_iter().chain(refused_cases()).collect();
    let mut failed = Vec::new();
    for (name, gofips140, must_fail) in &runs {
        let case = all.iter().find(|c| c.name == *name).unwrap();
        let dir = scratch().join(format!("{sdk}-{name}"));
        case.write(&dir);
        let ctx = context(sdk, gofips140, &dir, &mut contexts);
        let want = go_result(sdk, case, &dir, gofips140);
        if *must_fail {
            assert!(
                matches!(&want, Err(m) if !m.is_empty()),
                "{sdk} {name}: go build succeeded, or said nothing: {want:?}"
            );
        }
        let got = our_result(sdk, case, &dir, &ctx, gofips140);
        if got != want {
            failed.push(format!(
                "{sdk} {name} GOFIPS140={gofips140}:\n  go:   {want:?}\n  ours: {got:?}"
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    runs.len()
}

fn parity(sdk: &str) {
    table_parity(sdk);
    let runs = program_parity(sdk);
    eprintln!("{sdk}: table and {runs} builds agree with go");
}

#[test]
fn parity_go1_24() {
    parity("go1.24.11");
}

#[test]
fn parity_go1_25() {
    parity("go1.25.5");
}

#[test]
fn parity_go1_26() {
    parity("go1.26.6");
}

#[test]
fn parity_go1_27() {
    parity("go1.27.3");
}
