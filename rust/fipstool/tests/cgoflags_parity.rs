//! fips-cgoflags against the genuine go command of each test-bed SDK.
//!
//! - `go build -n`: for a few hundred `#cgo` directives (compiler and
//!   linker flags, allowed and refused, flags with arguments, `-Wl,` lists,
//!   ALLOW/DISALLOW overrides, invalid overrides), one package each, go's
//!   verdict must be ours: the same message, or both accept. `-n` plans
//!   the build without running anything, but the plan of a cgo package is
//!   made only after its flags passed the check (`Builder.CFlags` runs
//!   before the cgo command is printed), so each package either gets its
//!   `cgo ... -importpath PKG` line or go's refusal; CC points nowhere,
//!   which shows that no C compiler is needed. All packages of one
//!   override setting go in one module and one `go build -n ./...`.
//! - Go regular expressions: for thousands of patterns and strings, the
//!   newest SDK's `regexp` (compile error, leftmost-first match) and ours
//!   agree. The oracle is a small Go program built with that SDK.
//!
//! A missing SDK is skipped with a message on stderr; at least one must be
//! present.

mod binary_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use binary_support::{clean_go_env, sdk_root, stderr, SDKS};
use fips_buildtags::cgo::{directives, CgoFlags};
use fips_buildtags::Context;
use fips_cgoflags::goregexp::GoRegexp;
use fips_cgoflags::{check, parse_override_name, FlagError, Overrides, Verb};

const MODULE: &str = "example.com/parity";

/// The go command of an SDK, or None (with a message) if absent.
fn go_of(sdk: &str) -> Option<PathBuf> {
    let go = sdk_root().join(sdk).join("bin/go");
    if go.is_file() {
        return Some(go);
    }
    eprintln!(
        "SKIPPED {sdk}: no go command at {} (run e2e/testbed/go-sdks, or set FIPS_GO_SDKS)",
        go.display()
    );
    None
}

/// The SDKs present; at least one.
fn present_sdks() -> Vec<(&'static str, PathBuf)> {
    let v: Vec<_> = SDKS
        .iter()
        .filter_map(|sdk| go_of(sdk).map(|go| (*sdk, go)))
        .collect();
    assert!(
        !v.is_empty(),
        "none of the test-bed SDKs {SDKS:?} is present"
    );
    v
}

/// The minor version of "go1.N.P".
fn minor(sdk: &str) -> u32 {
    sdk.trim_start_matches("go1.")
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("SDK name {sdk}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cgoflags-parity")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// `go ARGS` in `dir`: a clean environment plus `env`.
fn go(go: &Path, sdk: &str, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cgoflags-parity-go");
    let mut cmd = Command::new(go);
    clean_go_env(&mut cmd, &tmp);
    cmd.env("GOFLAGS", "-mod=mod")
        .env("GOCACHE", tmp.join("cache").join(sdk))
        .env("CGO_ENABLED", "1")
        .env("GOOS", "linux")
        .env("GOARCH", "amd64")
        .env("CC", "/nonexistent/parity-cc")
        .env("CXX", "/nonexistent/parity-cxx")
        .current_dir(dir)
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run go")
}

/// One directive: `#cgo VERB: ARGS`.
#[derive(Debug, Clone)]
struct Case {
    verb: &'static str,
    args: Vec<&'static str>,
    /// The first release whose list allows it (older ones refuse it).
    since: u32,
}

fn c(verb: &'static str, args: &str) -> Case {
    Case {
        verb,
        args: args.split(' ').map(leak).collect(),
        since: 0,
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Cases with one flag each, for each verb given.
fn each(verbs: &[&'static str], flags: &[&str]) -> Vec<Case> {
    verbs
        .iter()
        .flat_map(|v| flags.iter().map(move |f| c(v, f)))
        .collect()
}

const COMPILER: [&str; 4] = ["CPPFLAGS", "CFLAGS", "CXXFLAGS", "FFLAGS"];

/// The directives checked without overrides.
fn plain_cases() -> Vec<Case> {
    let mut v = Vec::new();
    // Compiler flags, allowed and refused, on all four compiler verbs.
    v.extend(each(
        &COMPILER,
        &[
            "-DFOO",
            "-D_X=1",
            "-DX=-y",
            "-UFOO",
            "-Iinclude",
            "-I/abs",
            "-I-x",
            "-O",
            "-O2",
            "-O-",
            "-Wall",
            "-Wa,-mbig-obj",
            "-Wa,-x",
            "-Wp,-DX=1",
            "-Wl,--as-needed",
            "-fPIC",
            "-fno-builtin-memcpy",
            "-fbuiltin-memcpy",
            "-fsigned-char",
            "-funsigned-char",
            "-fplugin=/tmp/p.so",
            "-fstack-protector-strong",
            "-g",
            "-g-x",
            "-march=native",
            "-mavx10.1",
            "-mfpmath=sse,387",
            "-std=c99",
            "--std=gnu++17",
            "-pthread",
            "-wrapper",
            "-B/tmp",
            "-o",
            "-static",
            "-x",
            "foo.o",
            "-",
        ],
    ));
    // Flags that take the next argument.
    for args in [
        "-I /usr/include",
        "-I -x",
        "-I @x",
        "-I =/usr/include",
        "-I =@x",
        "-I $SYSROOT/usr/include",
        "-I",
        "-D X -U Y",
        "-D =x",
        "-D",
        "-include config.h",
        "-include @x",
        "-include",
        "-framework CoreFoundation",
        "-framework -Wl,x",
        "-isystem /opt/inc -isysroot /sdk",
        "-x c++ -arch arm64 -target x86_64-linux-gnu",
        "--sysroot /s",
        "-F /fw",
        "-O2 -wrapper -g",
    ] {
        v.push(c("CFLAGS", args));
    }
    v.push(c("CPPFLAGS", "-D wrapper"));
    v.push(c("CXXFLAGS", "-I ${SRCDIR}/inc"));
    v.push(c("FFLAGS", "-include ${SRCDIR}/x.h"));
    // Linker flags.
    v.extend(each(
        &["LDFLAGS"],
        &[
            "-lz",
            "-l-x",
            "-L/usr/lib",
            "-Llib",
            "-L@x",
            "-lto_library",
            "-fPIE",
            "-fopenmp",
            "-fuse-ld=gold",
            "-pie",
            "-rdynamic",
            "-shared",
            "-static",
            "-static-libgcc",
            "-nostdlib",
            "-Wl,--as-needed",
            "-Wl,--no-as-needed",
            "-Wl,-Bstatic",
            "-Wl,-Bsymbolic-functions",
            "-Wl,-O1",
            "-Wl,-O",
            "-Wl,-e,entry",
            "-Wl,-e,main_1",
            "-Wl,--export-dynamic",
            "-Wl,-framework,CoreFoundation",
            "-Wl,-framework,-x",
            "-Wl,--hash-style=gnu",
            "-Wl,-R/opt/lib",
            "-Wl,-R/a,-b",
            "-Wl,--just-symbols=s.o",
            "-Wl,-rpath,/opt/lib",
            "-Wl,-rpath=$ORIGIN/lib",
            "-Wl,-rpath,@loader_path",
            "-Wl,-rpath,/a,-plugin,/b",
            "-Wl,-rpath-link,/x",
            "-Wl,-sectcreate,__TEXT,__info,Info.plist",
            "-Wl,-sectcreate,a,b",
            "-Wl,--subsystem,console",
            "-Wl,-subsystem,evil",
            "-Wl,-undefined,dynamic_lookup",
            "-Wl,--unresolved-symbols=ignore-all",
            "-Wl,--warn-common",
            "-Wl,--wrap=malloc",
            "-Wl,-z,relro,-z,now",
            "-Wl,-z,lazy",
            "-Wl,-plugin,/tmp/evil.so",
            "-Wl,--plugin=/tmp/evil.so",
            "-Wl,-T,script.ld",
            "-Wl,@args",
            "-Wl,--push-state,--as-needed",
            "-Wl,--push-state,--no-as-needed,-Bstatic",
            "-Wl,--push-state,-plugin,x",
            "-Wl,--push-state,",
            "-Wl,--push-state,-z,relro",
            "libfoo.a",
            "/abs/libbar.so",
            "x.dylib",
            "y.tbd",
            "w.dll",
            "z.obj",
            "./local.a",
            ".hidden.o",
            "foo.c",
            "foo.a.txt",
            "-foo.o",
            "-Wall",
            "-I/x",
        ],
    ));
    for args in [
        "-l z -L /lib -F /fw",
        "-L -Wl,/x",
        "-l",
        "-Wl,-framework Security",
        "-Wl,-framework -Wl,Security",
        "-Wl,-rpath -Wl,/opt/lib",
        "-Wl,-rpath -Wl,/a,-plugin",
        "-Wl,-rpath -Wl,@x",
        "-Wl,-R -Wl,/opt/lib",
        "-Wl,-R -plugin",
        "-Wl,--just-symbols -Wl,s.o",
        "-Wl,-undefined -Wl,dynamic_lookup",
        "-Wl,-rpath",
        "-framework Security -arch x86_64",
        "-isysroot /sdk --sysroot /s -target t",
        "-lm -Wl,-plugin,x -lz",
    ] {
        v.push(c("LDFLAGS", args));
    }
    // Allowed since go1.25, or go1.26.
    for (verbs, flag, since) in [
        (
            &COMPILER[..],
            "-fsanitize-undefined-strip-path-components=2",
            25,
        ),
        (&COMPILER, "-msimd=lasx", 25),
        (&["CFLAGS", "LDFLAGS"], "-mtls-dialect=desc", 25),
        (&["CFLAGS", "LDFLAGS"], "-msoft-float", 25),
        (&["CFLAGS", "LDFLAGS"], "-mno-relax", 25),
        (&["CFLAGS", "LDFLAGS"], "-mstrict-align", 25),
        (&["CFLAGS", "LDFLAGS"], "-mlsx", 25),
        (&["LDFLAGS"], "-mcmodel=medium", 25),
        (&["CFLAGS", "CXXFLAGS"], "--static", 26),
    ] {
        for verb in verbs {
            let mut case = c(verb, flag);
            case.since = since;
            v.push(case);
        }
    }
    v
}

/// An override setting and the directives checked under it.
struct Group {
    name: &'static str,
    env: Vec<(&'static str, &'static str)>,
    cases: Vec<Case>,
}

fn groups() -> Vec<Group> {
    vec![
        Group {
            name: "plain",
            env: vec![],
            cases: plain_cases(),
        },
        Group {
            name: "overrides",
            env: vec![
                ("CGO_CFLAGS_ALLOW", "-fplugin=/opt/.*|-wrapper"),
                ("CGO_CPPFLAGS_DISALLOW", "-DBAD.*"),
                ("CGO_CXXFLAGS_DISALLOW", "-O2"),
                ("CGO_FFLAGS_ALLOW", "(?i)-dk"),
                ("CGO_LDFLAGS_ALLOW", "-Wl,-plugin,[^,]*|-lto_library"),
                ("CGO_LDFLAGS_DISALLOW", "-lbad|/etc.*"),
            ],
            cases: vec![
                c("CFLAGS", "-fplugin=/opt/p.so"),
                c("CFLAGS", "-fplugin=/tmp/p.so"),
                c("CFLAGS", "-wrapper"),
                c("CFLAGS", "-wrapper /bin/sh"),
                c("CPPFLAGS", "-fplugin=/opt/p.so"),
                c("CPPFLAGS", "-DGOOD -DBAD_THING"),
                c("CPPFLAGS", "-DBAD"),
                c("CXXFLAGS", "-O2"),
                c("CXXFLAGS", "-O3"),
                c("CFLAGS", "-O2"),
                c("FFLAGS", "-DK"),
                c("FFLAGS", "-dk"),
                c("FFLAGS", "-D\u{212a}"),
                c("LDFLAGS", "-Wl,-plugin,/opt/p.so"),
                c("LDFLAGS", "-Wl,-plugin,/opt/p.so,-x"),
                c("LDFLAGS", "-lto_library"),
                c("LDFLAGS", "-lbad"),
                c("LDFLAGS", "-lgood"),
                c("LDFLAGS", "-L /etc/x"),
                c("LDFLAGS", "-L/etc/x"),
            ],
        },
        Group {
            name: "whole-match",
            env: vec![
                ("CGO_CFLAGS_ALLOW", "-fplugin|-fplugin=.*"),
                ("CGO_CXXFLAGS_ALLOW", "-fplugin=.*|-fplugin"),
                ("CGO_CPPFLAGS_ALLOW", "plugin"),
                ("CGO_LDFLAGS_ALLOW", r"\w+|-Wl,-plugin,\w+"),
                ("CGO_FFLAGS_DISALLOW", "-O"),
            ],
            cases: vec![
                c("CFLAGS", "-fplugin=/p.so"),
                c("CFLAGS", "-fplugin"),
                c("CXXFLAGS", "-fplugin=/p.so"),
                c("CPPFLAGS", "-fplugin"),
                c("LDFLAGS", "-Wl,-plugin,x"),
                c("LDFLAGS", "-Wl,-plugin,-x"),
                c("FFLAGS", "-O"),
                c("FFLAGS", "-O2"),
            ],
        },
    ]
}

/// The quoted argument list of a directive.
fn directive(case: &Case) -> String {
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            if a.contains(' ') {
                format!("\"{a}\"")
            } else {
                a.to_string()
            }
        })
        .collect();
    format!("#cgo {}: {}", case.verb, args.join(" "))
}

fn overrides(env: &[(&str, &str)]) -> Overrides {
    let mut o = Overrides::new();
    for (name, value) in env {
        let (verb, kind) = parse_override_name(name).expect("override name");
        o.set(verb, kind, *value);
    }
    o
}

/// Our verdict on a package: None if accepted, else the error.
fn ours(case: &Case, srcdir: &Path, o: &Overrides) -> Option<FlagError> {
    let mut ctx = Context::new("linux", "amd64");
    ctx.cgo_enabled = true;
    let mut flags = CgoFlags::default();
    directives(
        &ctx,
        "a.go",
        &directive(case),
        &srcdir.display().to_string(),
        &mut flags,
    )
    .unwrap_or_else(|e| panic!("{case:?}: go/build would refuse it first: {e}"));
    Verb::ALL
        .into_iter()
        .find_map(|verb| check(verb, flags.verb(verb.name()).unwrap_or_default(), o).err())
}

/// Our message as `sdk` words it.
fn in_words_of(sdk: &str, e: &FlagError) -> String {
    let msg = e.to_string();
    if minor(sdk) >= 26 {
        return msg;
    }
    let hint = " (see https://go.dev/s/invalidflag)";
    match e {
        FlagError::Invalid { .. } => msg.replace(hint, ""),
        FlagError::InvalidArgument { .. } | FlagError::MissingArgument { .. } => {
            msg.replace("go.dev", "golang.org")
        }
        FlagError::Override { .. } => msg,
    }
}

/// What go says of each package: Ok for a planned cgo command, Err with
/// its message for a refusal.
fn go_verdicts(out: &Output, n: usize) -> Vec<Result<(), String>> {
    let text = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), stderr(out));
    let prefix = format!("{MODULE}/p");
    let mut said: BTreeMap<&str, Result<(), String>> = BTreeMap::new();
    for line in text.lines() {
        if let Some((pkg, msg)) = line
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once(": "))
        {
            said.insert(pkg, Err(msg.to_string()));
        } else if let Some((_, rest)) = line.split_once(" -importpath ") {
            if let Some(pkg) = rest.strip_prefix(&prefix) {
                let pkg = pkg.split(' ').next().unwrap_or_default();
                said.entry(pkg).or_insert(Ok(()));
            }
        }
    }
    (0..n)
        .map(|i| {
            let pkg = format!("{i:03}");
            said.remove(pkg.as_str())
                .unwrap_or_else(|| panic!("go said nothing about {prefix}{pkg}:\n{text}"))
        })
        .collect()
}

#[test]
fn go_build_verdicts_are_ours() {
    let sdks = present_sdks();
    // Per SDK: directives accepted, refused.
    let mut counts = vec![(0, 0); sdks.len()];
    for group in groups() {
        let dir = scratch(group.name);
        std::fs::write(dir.join("go.mod"), format!("module {MODULE}\n\ngo 1.24\n")).unwrap();
        for (i, case) in group.cases.iter().enumerate() {
            let pkg = dir.join(format!("p{i:03}"));
            std::fs::create_dir_all(&pkg).unwrap();
            let src = format!("package p{i:03}\n\n// {}\nimport \"C\"\n", directive(case));
            std::fs::write(pkg.join("a.go"), src).unwrap();
        }
        let o = overrides(&group.env);
        let mine: Vec<Option<FlagError>> = group
            .cases
            .iter()
            .enumerate()
            .map(|(i, case)| ours(case, &dir.join(format!("p{i:03}")), &o))
            .collect();
        for ((sdk, go_bin), (accepted, refused)) in sdks.iter().zip(&mut counts) {
            let out = go(go_bin, sdk, &dir, &group.env, &["build", "-n", "./..."]);
            let verdicts = go_verdicts(&out, group.cases.len());
            for ((case, mine), theirs) in group.cases.iter().zip(&mine).zip(verdicts) {
                let mine = match mine {
                    None if minor(sdk) < case.since => Err(format!(
                        "invalid flag in #cgo {}: {}",
                        case.verb, case.args[0]
                    )),
                    None => Ok(()),
                    Some(e) => Err(in_words_of(sdk, e)),
                };
                assert_eq!(
                    mine,
                    theirs,
                    "{sdk} {} {}: ours (left) and go's (right) differ",
                    group.name,
                    directive(case)
                );
                match theirs {
                    Ok(()) => *accepted += 1,
                    Err(_) => *refused += 1,
                }
            }
        }
    }
    for ((sdk, _), (accepted, refused)) in sdks.iter().zip(counts) {
        eprintln!("{sdk}: {accepted} directives accepted and {refused} refused, as go build does");
        assert!(
            accepted > 50 && refused > 50,
            "{sdk}: {accepted} accepted, {refused} refused"
        );
    }
}

/// Overrides that are not Go regular expressions: go build fails on the
/// first cgo package it plans (runtime/cgo) with our message, verbs in
/// go's order.
#[test]
fn go_build_refuses_bad_overrides_as_we_do() {
    let settings: &[&[(&str, &str)]] = &[
        &[("CGO_CFLAGS_ALLOW", "(")],
        &[("CGO_LDFLAGS_DISALLOW", "a**")],
        &[("CGO_CPPFLAGS_ALLOW", r"\8")],
        &[
            ("CGO_CXXFLAGS_DISALLOW", "[z-a]"),
            ("CGO_FFLAGS_ALLOW", ")"),
        ],
        &[
            ("CGO_FFLAGS_ALLOW", "x{1001}"),
            ("CGO_CFLAGS_DISALLOW", "[[:foo:]]"),
        ],
        &[
            ("CGO_LDFLAGS_ALLOW", "(?P<x"),
            ("CGO_LDFLAGS_DISALLOW", "("),
        ],
    ];
    for (sdk, go_bin) in present_sdks() {
        let dir = scratch(&format!("bad-overrides-{sdk}"));
        std::fs::write(dir.join("go.mod"), format!("module {MODULE}\n\ngo 1.24\n")).unwrap();
        std::fs::write(
            dir.join("a.go"),
            "package p\n\n// #cgo CFLAGS: -O2\nimport \"C\"\n",
        )
        .unwrap();
        for env in settings {
            let o = overrides(env);
            let want = Verb::ALL
                .into_iter()
                .find_map(|verb| check::<&str>(verb, &[], &o).err())
                .expect("a bad override")
                .to_string();
            let out = go(&go_bin, sdk, &dir, env, &["build", "-n", "."]);
            let got = stderr(&out);
            assert!(
                got.lines().any(|l| l == format!("runtime/cgo: {want}")),
                "{sdk} {env:?}: want runtime/cgo: {want}\ngot:\n{got}"
            );
        }
    }
}

/// The oracle: Go's regexp on (pattern, string) pairs.
const ORACLE: &str = r#"package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type query struct{ P, S string }

type answer struct {
	Err   string
	Match []int
}

func main() {
	var qs []query
	if err := json.NewDecoder(os.Stdin).Decode(&qs); err != nil {
		panic(err)
	}
	as := make([]answer, len(qs))
	cache := map[string]*regexp.Regexp{}
	errs := map[string]string{}
	for i, q := range qs {
		re, ok := cache[q.P]
		if !ok {
			var err error
			re, err = regexp.Compile(q.P)
			if err != nil {
				errs[q.P] = err.Error()
			}
			cache[q.P] = re
		}
		if re == nil {
			as[i].Err = errs[q.P]
			continue
		}
		as[i].Match = re.FindStringIndex(q.S)
	}
	if err := json.NewEncoder(os.Stdout).Encode(as); err != nil {
		panic(err)
	}
}
"#;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Hand-written patterns: every construct, and what the two syntaxes
/// read differently.
const PATTERNS: &[&str] = &[
    r"-fplugin=.*",
    r"-Wl,-plugin,[^,]*",
    r"-O[0-9]?",
    r"x|xy",
    r"xy|x",
    r"(x|xy)$",
    r"a+?",
    r"(?U)a+",
    r"(?U)a+?",
    r"\d+",
    r"\w+",
    r"\s+",
    r"\W",
    r"\D\S",
    r"[\d\w]+",
    r"[^\s]+",
    r"\b-\w+\b",
    r"\Ba",
    r"\<a\>",
    r"\_\-\!\#",
    r"[a&&b]+",
    r"[&&--~~]+",
    r"[a~~b]",
    r"[[a]+",
    r"[[a]]",
    r"a{",
    r"a{,2}",
    r"a{1",
    r"a{01}",
    r"a{x}",
    r"{",
    r"a{2}",
    r"a{2,}",
    r"a{2,3}",
    r"a{0}",
    r"a #b",
    r"\Q.*+\E+",
    r"a\Q(?",
    r"\x41\x{42}",
    r"\101\0\07",
    r"\a\f\t\n\r\v",
    r"\x{D800}",
    r"[\x{D7FF}-\x{E000}]",
    r"(?i)abc",
    r"a(?i)b",
    r"(?i:a)b",
    r"(?:(?i)a|b)",
    r"(?i-i:a)",
    r"(?i)k",
    r"(?i)[k]",
    r"(?i)[^k]",
    r"(?i)\w",
    r"(?i)\W",
    r"a.b",
    r"(?s)a.b",
    r"a[^x]b",
    r"a$\nb",
    r"(?m)a$\n^b",
    r"(?)a",
    r"a(?i)*",
    r"a*(?i)*",
    r"^*a",
    r"(?:\b)+a",
    r"(|a)+",
    r"(a|)+",
    r"(a|b)(c)",
    r"(?P<x>a)(?<y>b)",
    r"()a",
    r"a||b",
    r"|a",
    r"\pL+",
    r"\p{L}\PL",
    r"\p{Greek}+",
    r"\p{^Greek}",
    r"\P{^Greek}",
    r"[\p{Lu}\d]+",
    r"[^\p{Lu}]",
    r"\p{uppercase letter}",
    r"\p{old_italic}",
    r"\p{lu}",
    r"\p{ASCII}+",
    r"\P{ascii}",
    r"\p{Any}",
    r"\p{Assigned}",
    r"\p{Cn}",
    r"\p{Cs}",
    r"\P{Cs}",
    r"[^\P{Cs}]",
    r"(?i)\p{Lu}",
    r"(?i)\P{Lu}",
    r"[[:alpha:]]+",
    r"[[:^alpha:]]",
    r"[[:punct:]]+",
    r"[[:space:]]",
    r"[[:word:]]+",
    r"(?i)[[:upper:]]",
    r"[[:a]+",
    r"[]a]+",
    r"[^]a]",
    r"[a-]+",
    r"[-a]+",
    r"[a-c-e]+",
    r"[\]\\]+",
    r"[\d-z]+",
    r"[^\x00-\x{10FFFF}]|a",
    r"(?i)ſ",
    r"(?i)\x{212a}",
    r"(",
    r"a)",
    r"[a",
    r"[]",
    r"[z-a]",
    r"[a--b]",
    r"[[:foo:]]",
    r"\p{Foo}",
    r"\pX",
    r"\p",
    r"\p{",
    r"\p{^}",
    r"\p{isGreek}",
    r"\8",
    r"\1",
    r"\18",
    r"\q",
    r"\é",
    r"\C",
    r"\x",
    r"\x4",
    r"\x{}",
    r"\x{12",
    r"\x{110000}",
    r"[\b]",
    r"a\",
    r"*",
    r"a|*",
    r"(?i)+?",
    r"{1}",
    r"a**",
    r"a*?+",
    r"a{2}{3}",
    r"a{1001}",
    r"a{2,1}",
    r"(a{100}){11}",
    r"(?x)a",
    r"(?",
    r"(?i-)",
    r"(?P=x)",
    r"(?P<",
    r"(?P<x",
    r"(?P<>a)",
    r"(?<a-b>c)",
];

/// Random patterns from pieces of Go's syntax (Unicode classes limited to
/// names both Unicode versions agree on).
fn random_patterns(rng: &mut Rng, n: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "a",
        "b",
        "-",
        ".",
        "A",
        "é",
        "\u{212a}",
        "ſ",
        "*",
        "+",
        "?",
        "??",
        "{2}",
        "{1,3}",
        "{0,}",
        "{,",
        "{",
        "}",
        "|",
        "(",
        ")",
        "(?:",
        "(?i)",
        "(?i:",
        "(?-i)",
        "(?U)",
        "(?s)",
        "(?m)",
        "^",
        "$",
        "[",
        "]",
        "[^",
        "^",
        "-",
        r"\d",
        r"\D",
        r"\w",
        r"\W",
        r"\s",
        r"\b",
        r"\B",
        r"\pL",
        r"\PL",
        r"\p{Lu}",
        r"\p{Greek}",
        "[:alpha:]",
        "[:^digit:]",
        r"\Q",
        r"\E",
        r"\x41",
        r"\x{E9}",
        r"\",
        r"\A",
        r"\z",
        r"\.",
        r"\-",
        "\n",
        " ",
        "_",
        "1",
    ];
    (0..n)
        .map(|_| {
            let len = 1 + rng.next() % 8;
            (0..len).map(|_| rng.pick(PIECES)).collect()
        })
        .collect()
}

fn random_strings(rng: &mut Rng, n: usize) -> Vec<String> {
    const CHARS: &[&str] = &[
        "a", "b", "A", "B", "-", ".", "é", "É", "\u{212a}", "k", "K", "ſ", "s", "S", "α", "Ω", "_",
        "1", "9", " ", "\n", "\t", "漢", "\u{378}", "[", "]", "{", "}", "(", "*", "~", "@", ",",
        "=", "/", "\x0b", "\x7f", "\0", "0", "Z", "z", "`", "^",
    ];
    (0..n)
        .map(|_| {
            let len = rng.next() % 7;
            (0..len).map(|_| rng.pick(CHARS)).collect()
        })
        .collect()
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Answer {
    err: String,
    #[serde(rename = "Match")]
    found: Option<[usize; 2]>,
}

#[test]
fn go_regexp_agrees_with_ours() {
    let sdk = SDKS[SDKS.len() - 1];
    let Some(go_bin) = go_of(sdk) else {
        // The semantics implemented are the newest SDK's: no other oracle.
        return;
    };
    let dir = scratch("regexp-oracle");
    std::fs::write(dir.join("go.mod"), "module oracle\n\ngo 1.24\n").unwrap();
    std::fs::write(dir.join("main.go"), ORACLE).unwrap();
    let built = go(
        &go_bin,
        sdk,
        &dir,
        &[("CGO_ENABLED", "0")],
        &["build", "-o", "oracle", "."],
    );
    assert!(
        built.status.success(),
        "building the oracle: {}",
        stderr(&built)
    );

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut patterns: Vec<String> = PATTERNS.iter().map(|p| p.to_string()).collect();
    patterns.extend(random_patterns(&mut rng, 3000));
    let mut queries: Vec<BTreeMap<&str, String>> = Vec::new();
    for p in &patterns {
        let mut strings = random_strings(&mut rng, 6);
        // Strings the pattern's own characters make are likelier to match.
        strings.push(p.replace(['\\', '[', ']', '(', ')', '{', '}', '*', '+', '?', '|'], ""));
        for s in strings {
            queries.push(BTreeMap::from([("P", p.clone()), ("S", s)]));
        }
    }
    let input = serde_json::to_vec(&queries).unwrap();
    let mut child = Command::new(dir.join("oracle"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run the oracle");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "oracle failed");
    let answers: Vec<Answer> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answers.len(), queries.len());

    let mut compiled: BTreeMap<&str, Result<GoRegexp, String>> = BTreeMap::new();
    let (mut errors, mut matches) = (0, 0);
    for (q, a) in queries.iter().zip(&answers) {
        let (p, s) = (q["P"].as_str(), q["S"].as_str());
        let re = compiled
            .entry(p)
            .or_insert_with(|| GoRegexp::new(p).map_err(|e| e.to_string()));
        match re {
            Err(e) => {
                assert_eq!(e, &a.err, "pattern {p:?}: our error (left), go's (right)");
                errors += 1;
            }
            Ok(re) => {
                assert_eq!(a.err, "", "pattern {p:?}: go refuses it, we do not");
                let found = re.find(s).map(|m| [m.start, m.end]);
                assert_eq!(
                    found, a.found,
                    "pattern {p:?} on {s:?}: ours (left), go's (right)"
                );
                assert_eq!(
                    re.matches_all(s),
                    found.map_or(s.is_empty(), |m| m == [0, s.len()])
                );
                matches += found.is_some() as usize;
            }
        }
    }
    eprintln!(
        "{sdk} regexp: {} patterns, {} queries: {errors} compile errors alike, {matches} matches alike",
        compiled.len(),
        queries.len()
    );
}
