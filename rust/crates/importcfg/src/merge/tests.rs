use super::*;

const STD_LIST: &str = "\
crypto/rand
crypto/sha256
crypto/internal/fips140/v1.0.0-c2097c7c
crypto/internal/fips140/v1.0.0-c2097c7c/sha256
crypto/internal/fips140only
fmt
internal/cpu
os
vendor/golang.org/x/net/dns/dnsmessage
";

const STD_CFG: &str = "\
packagefile crypto/rand=std/crypto/rand.a
packagefile crypto/sha256=std/crypto/sha256.a
packagefile crypto/internal/fips140/v1.0.0-c2097c7c=std/crypto/internal/fips140/v1.0.0-c2097c7c.a
packagefile crypto/internal/fips140/v1.0.0-c2097c7c/sha256=std/crypto/internal/fips140/v1.0.0-c2097c7c/sha256.a
packagefile fmt=std/fmt.a
packagefile internal/cpu=std/internal/cpu.a
packagefile os=std/os.a
";

fn std() -> StdLibrary {
    StdLibrary::parse("std.list", STD_LIST).unwrap()
}

/// Merges the standard library with `fragments` (name, text).
fn merge(fragments: &[(&str, &str)]) -> Result<ImportCfg, Vec<MergeError>> {
    merge_with(fragments, |_| {})
}

fn merge_with(
    fragments: &[(&str, &str)],
    more: impl FnOnce(&mut Merge),
) -> Result<ImportCfg, Vec<MergeError>> {
    let std = std();
    let mut m = Merge::new(&std);
    m.std_importcfg("std.importcfg", STD_CFG.as_bytes());
    for (name, text) in fragments {
        m.fragment(name, text.as_bytes());
    }
    more(&mut m);
    m.finish()
}

fn messages(result: Result<ImportCfg, Vec<MergeError>>) -> Vec<String> {
    match result {
        Ok(cfg) => panic!("accepted:\n{}", cfg.render(Consumer::Compiler).unwrap()),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn non_std(cfg: &ImportCfg, consumer: Consumer) -> String {
    let text = cfg.render(consumer).unwrap();
    let std_lines = STD_CFG.lines().count();
    text.lines()
        .skip(std_lines)
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn standard_library_then_dependencies_sorted() {
    let cfg = merge(&[
        (
            "b.importcfg",
            "packagefile example.com/b=out/b.x\npackagefile example.com/a=out/a.x\n",
        ),
        ("a.importcfg", "packagefile example.com/a=out/a.x\n"),
    ])
    .unwrap();
    let text = cfg.render(Consumer::Compiler).unwrap();
    assert!(text.starts_with(STD_CFG), "{text}");
    assert_eq!(
        non_std(&cfg, Consumer::Compiler),
        "packagefile example.com/a=out/a.x\npackagefile example.com/b=out/b.x\n"
    );
    let a = cfg.get("example.com/a").unwrap();
    assert!(a.from_dependency());
    assert_eq!(
        a.origin,
        Origin::Line {
            file: "b.importcfg".into(),
            line: 2
        }
    );
    assert!(!cfg.get("fmt").unwrap().from_dependency());
    assert_eq!(cfg.resolve("example.com/b").0, "example.com/b");
    assert!(cfg.get("example.com/c").is_none());
}

#[test]
fn a_dependency_never_stands_in_for_the_standard_library() {
    let evil = "packagefile crypto/sha256=bazel-out/k8-fastbuild/bin/evil/evil.x";
    assert_eq!(
        messages(merge(&[("evil.importcfg", evil)])),
        vec![format!(
            "importcfg: evil.importcfg:1: {evil}: crypto/sha256 is a standard-library package; \
             no other package may stand in for it"
        )]
    );
    // The same file as the standard library's is no better.
    assert_eq!(
        messages(merge(&[("d", "packagefile fmt=std/fmt.a")])).len(),
        1
    );
    // Internal, vendored and unlisted-but-FIPS paths alike.
    for path in [
        "internal/cpu",
        "vendor/golang.org/x/net/dns/dnsmessage",
        "crypto/internal/fips140only",
        "crypto/internal/fips140/v1.0.0-c2097c7c",
        "crypto/internal/fips140/v1.0.0-c2097c7c/sha256",
        "crypto/internal/fips140",
        "crypto/internal/fips140/v1.26.0/aes",
        "crypto/internal/fips140/check",
    ] {
        let line = format!("packagefile {path}=evil.x");
        let errors = messages(merge(&[("d", &line)]));
        assert_eq!(errors.len(), 1, "{path}");
        assert!(
            errors[0].starts_with(&format!("importcfg: d:1: {line}: {path} is ")),
            "{}",
            errors[0]
        );
        assert!(
            errors[0].ends_with("no other package may stand in for it"),
            "{}",
            errors[0]
        );
    }
    let fips = messages(merge(&[("d", "packagefile crypto/internal/fips140=x")]));
    assert_eq!(
        fips,
        vec![
            "importcfg: d:1: packagefile crypto/internal/fips140=x: crypto/internal/fips140 is \
             under crypto/internal/fips140, the FIPS module's import path; no other package may \
             stand in for it"
        ]
    );
}

#[test]
fn importmap_lines_of_dependencies() {
    // Neither side may be the standard library's.
    for line in [
        "importmap example.com/x=crypto/sha256",
        "importmap crypto/sha256=example.com/x",
        "importmap example.com/x=crypto/internal/fips140/v1.0.0-c2097c7c",
        "importmap example.com/x=internal/cpu",
    ] {
        let errors = messages(merge(&[("d", line)]));
        assert_eq!(errors.len(), 1, "{line}");
        assert!(
            errors[0].contains("no other package may stand in for it"),
            "{}",
            errors[0]
        );
    }
    assert_eq!(
        messages(merge(&[("d", "importmap example.com/x=a//b")])),
        vec!["importcfg: d:1: importmap example.com/x=a//b: malformed import path \"a//b\": double slash"]
    );
    // Kept for the compiler, not written for the linker (which refuses it).
    let cfg = merge(&[(
        "d",
        "importmap example.com/x=example.com/vendor/x\npackagefile example.com/vendor/x=v.x\n",
    )])
    .unwrap();
    assert_eq!(
        non_std(&cfg, Consumer::Compiler),
        "packagefile example.com/vendor/x=v.x\nimportmap example.com/x=example.com/vendor/x\n"
    );
    assert_eq!(
        non_std(&cfg, Consumer::Linker),
        "packagefile example.com/vendor/x=v.x\n"
    );
    let (resolved, entry) = cfg.resolve("example.com/x");
    assert_eq!(resolved, "example.com/vendor/x");
    assert_eq!(entry.unwrap().target, Target::File("v.x".into()));
}

#[test]
fn only_packagefile_and_importmap_lines_from_a_dependency() {
    for line in [
        "modinfo \"path\\tevil\\n\"",
        "packageshlib example.com/a=a.so",
    ] {
        assert_eq!(
            messages(merge(&[("d.importcfg", line)])),
            vec![format!(
                "importcfg: d.importcfg:1: {line}: a dependency's importcfg may hold only \
                 packagefile and importmap lines"
            )]
        );
    }
}

#[test]
fn malformed_lines_name_their_file_and_line() {
    assert_eq!(
        messages(merge(&[(
            "d",
            "packagefile example.com/a=a.x\npackagefile example.com/b\n"
        )])),
        vec!["importcfg: d:2: invalid packagefile: syntax is \"packagefile path=filename\""]
    );
    assert_eq!(
        messages(merge(&[("d", "include other.importcfg")])),
        vec!["importcfg: d:1: unknown directive \"include\""]
    );
}

#[test]
fn a_path_mapped_twice() {
    // The same line twice is fine, in one fragment or two.
    let same = "packagefile example.com/a=out/a.x\n";
    let cfg = merge(&[("d1", same), ("d2", &format!("{same}{same}"))]).unwrap();
    assert_eq!(non_std(&cfg, Consumer::Linker), same);
    assert_eq!(
        messages(merge(&[
            ("d1", same),
            ("d2", "packagefile example.com/a=other/a.x\n")
        ])),
        vec![
            "importcfg: example.com/a is mapped twice: packagefile example.com/a=out/a.x (d1:1) \
             and packagefile example.com/a=other/a.x (d2:1)"
        ]
    );
    // Within one fragment, two importmaps of one path.
    assert_eq!(
        messages(merge(&[(
            "d",
            "importmap example.com/a=example.com/v/a\n\nimportmap example.com/a=example.com/w/a\n"
        )])),
        vec![
            "importcfg: example.com/a is mapped twice: importmap example.com/a=example.com/v/a (d:1) and \
             importmap example.com/a=example.com/w/a (d:3)"
        ]
    );
}

#[test]
fn an_importmap_beside_the_path_it_maps() {
    // The package imports example.com/a as its vendored copy, while a
    // dependency of it links example.com/a itself (rules_go's importmap).
    let cfg = merge(&[(
        "d",
        "packagefile example.com/a=a.x\npackagefile example.com/v/a=v.x\nimportmap example.com/a=example.com/v/a\n",
    )])
    .unwrap();
    let (resolved, entry) = cfg.resolve("example.com/a");
    assert_eq!(resolved, "example.com/v/a");
    assert_eq!(entry.unwrap().target, Target::File("v.x".into()));
    assert_eq!(
        cfg.get("example.com/a").unwrap().target,
        Target::File("a.x".into())
    );
}

#[test]
fn every_path_is_a_valid_import_path() {
    for (path, why) in [
        ("a//b", "double slash"),
        ("example.com/a/", "trailing slash"),
        ("-x", "leading dash"),
        ("example.com/a b", "invalid char ' '"),
        (
            "example.com/a~1",
            "trailing tilde and digits in path element",
        ),
    ] {
        let line = format!("packagefile {path}=a.x");
        assert_eq!(
            messages(merge(&[("d", &line)])),
            vec![format!(
                "importcfg: d:1: {line}: malformed import path {path:?}: {why}"
            )]
        );
    }
    // The standard library's own paths are taken as listed.
    let std = StdLibrary::from_paths(["odd~1"]);
    let mut m = Merge::new(&std);
    m.std_importcfg("std", b"packagefile odd~1=std/odd.a\n");
    assert_eq!(
        m.finish().unwrap().render(Consumer::Linker).unwrap(),
        "packagefile odd~1=std/odd.a\n"
    );
}

#[test]
fn the_standard_librarys_importcfg_must_agree_with_the_list() {
    let std = std();
    let mut m = Merge::new(&std);
    m.std_importcfg(
        "std",
        b"packagefile fmt=std/fmt.a\npackagefile example.com/x=x.a\nmodinfo \"x\"\n\
          importmap golang.org/x/net/dns/dnsmessage=vendor/golang.org/x/net/dns/dnsmessage\n\
          importmap golang.org/x/y=example.com/y\n",
    );
    assert_eq!(
        messages(m.finish()),
        vec![
            "importcfg: std:2: packagefile example.com/x=x.a: example.com/x is not in the \
             standard-library package list",
            "importcfg: std:3: modinfo \"x\": the standard library's importcfg may hold only \
             packagefile and importmap lines",
            "importcfg: std:5: importmap golang.org/x/y=example.com/y: example.com/y is not in \
             the standard-library package list",
        ]
    );
}

#[test]
fn the_standard_librarys_importmap_lines_are_not_written() {
    let std = std();
    let mut m = Merge::new(&std);
    m.std_importcfg(
        "std",
        b"packagefile fmt=std/fmt.a\n\
          importmap golang.org/x/net/dns/dnsmessage=vendor/golang.org/x/net/dns/dnsmessage\n",
    );
    // A dependency may then provide the same path for its own importers.
    m.fragment(
        "d",
        b"packagefile golang.org/x/net/dns/dnsmessage=out/dnsmessage.x\n",
    );
    let cfg = m.finish().unwrap();
    assert_eq!(
        cfg.render(Consumer::Compiler).unwrap(),
        "packagefile fmt=std/fmt.a\npackagefile golang.org/x/net/dns/dnsmessage=out/dnsmessage.x\n"
    );
}

#[test]
fn replacements() {
    let dep = "packagefile example.com/p=out/p.x\npackagefile example.com/q=out/q.x\n";
    // The named path is replaced, wherever the dependency's line is.
    let cfg = merge_with(&[("d", dep)], |m| {
        m.replace("example.com/p", "work/internal.a");
        m.add("example.com/p_test", "work/external.a");
    })
    .unwrap();
    assert_eq!(
        non_std(&cfg, Consumer::Linker),
        "packagefile example.com/p=work/internal.a\npackagefile example.com/p_test=work/external.a\n\
         packagefile example.com/q=out/q.x\n"
    );
    assert!(!cfg.get("example.com/p").unwrap().from_dependency());
    // Replacing before the fragments are read is the same.
    let std = std();
    let mut m = Merge::new(&std);
    m.add("example.com/p_test", "work/external.a");
    m.replace("example.com/p", "work/internal.a");
    m.fragment("d", dep.as_bytes());
    m.std_importcfg("std.importcfg", STD_CFG.as_bytes());
    assert_eq!(
        m.finish().unwrap().render(Consumer::Linker),
        cfg.render(Consumer::Linker)
    );
    // A path no dependency has is simply added.
    let cfg = merge_with(&[], |m| m.replace("example.com/p", "work/internal.a")).unwrap();
    assert_eq!(
        non_std(&cfg, Consumer::Compiler),
        "packagefile example.com/p=work/internal.a\n"
    );
    // Paths not named are not replaced: an addition must not collide.
    assert_eq!(
        messages(merge_with(&[("d", dep)], |m| m.add("example.com/p", "work/internal.a"))),
        vec![
            "importcfg: example.com/p is mapped twice: packagefile example.com/p=out/p.x (d:1) \
             and packagefile example.com/p=work/internal.a (--add)"
        ]
    );
    merge_with(&[("d", dep)], |m| m.add("example.com/p", "out/p.x")).unwrap();
    // Never a standard-library path.
    assert_eq!(
        messages(merge_with(&[], |m| m.replace("crypto/rand", "work/rand.a"))),
        vec![
            "importcfg: --replace: packagefile crypto/rand=work/rand.a: crypto/rand is a \
             standard-library package; no other package may stand in for it"
        ]
    );
    assert_eq!(
        messages(merge_with(&[], |m| m
            .add("crypto/internal/fips140/v1.0.0-c2097c7c", "x.a")))
        .len(),
        1
    );
    // Two replacements, or a replacement and an addition, of one path.
    assert_eq!(
        messages(merge_with(&[], |m| {
            m.replace("example.com/p", "a.a");
            m.replace("example.com/p", "a.a");
            m.replace("example.com/p", "b.a");
        })),
        vec![
            "importcfg: example.com/p is mapped twice: packagefile example.com/p=a.a (--replace) \
             and packagefile example.com/p=b.a (--replace)"
        ]
    );
    assert_eq!(
        messages(merge_with(&[], |m| {
            m.add("example.com/p", "a.a");
            m.replace("example.com/p", "b.a");
        })),
        vec![
            "importcfg: example.com/p is mapped twice: packagefile example.com/p=a.a (--add) and \
             packagefile example.com/p=b.a (--replace)"
        ]
    );
    assert_eq!(
        messages(merge_with(&[], |m| m.replace("./p", "b.a"))),
        vec!["importcfg: --replace: packagefile ./p=b.a: malformed import path \"./p\": invalid path element \".\""]
    );
}

#[test]
fn the_build_information() {
    let info =
        "modinfo \"0w\\xaf\\f\\x92t\\b\\x02A\\xe1\\xc1\\a\\xe6\\xd6\\x18\\xe6path\\tex\\n\"\n";
    let std = std();
    let mut m = Merge::new(&std);
    m.std_importcfg("std", STD_CFG.as_bytes());
    m.modinfo("info", info.as_bytes());
    let cfg = m.finish().unwrap();
    assert!(cfg.render(Consumer::Linker).unwrap().ends_with(info));
    assert!(!cfg.render(Consumer::Compiler).unwrap().contains("modinfo"));

    let mut m = Merge::new(&std);
    m.modinfo("info", format!("{info}{info}packagefile a=b\n").as_bytes());
    assert_eq!(
        messages(m.finish()),
        vec![
            "importcfg: info:2: a second modinfo line (the first is at info:1)",
            "importcfg: info:3: packagefile a=b: the modinfo importcfg may hold only modinfo lines",
        ]
    );
}

#[test]
fn paths_equal_but_for_case() {
    assert_eq!(
        messages(merge(&[
            ("d1", "packagefile example.com/a=a.x"),
            ("d2", "packagefile example.com/A=b.x"),
        ])),
        vec![
            "importcfg: case-insensitive import collision: \"example.com/a\" (d1:1) and \
             \"example.com/A\" (d2:1)"
        ]
    );
    assert_eq!(
        messages(merge(&[("d", "packagefile Crypto/SHA256=evil.x")])),
        vec![
            "importcfg: case-insensitive import collision: \"crypto/sha256\" (std.importcfg:2) \
             and \"Crypto/SHA256\" (d:1)"
        ]
    );
    // Unicode folding: the Kelvin sign folds with k.
    assert_eq!(
        messages(merge(&[(
            "d",
            "packagefile example.com/k=a.x\npackagefile example.com/\u{212a}=b.x"
        )]))
        .len(),
        1
    );
}

#[test]
fn every_problem_is_reported() {
    let errors = messages(merge(&[
        ("d1", "packagefile crypto/rand=r.x\npackagefile a//b=x"),
        ("d2", "modinfo \"x\"\npackagefile os=o.x"),
    ]));
    assert_eq!(errors.len(), 4, "{errors:#?}");
}

/// A small deterministic generator (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn whatever_the_order_no_standard_path_maps_elsewhere_and_no_path_twice() {
    // Lines a dependency may write, good and bad; a bad one must be refused
    // wherever it stands, and a good set must give the same importcfg in
    // every order.
    let good = [
        "packagefile example.com/a=out/a.x",
        "packagefile example.com/b=out/b.x",
        "packagefile example.com/a=out/a.x",
        "importmap example.com/c=example.com/b",
    ];
    let bad = [
        "packagefile crypto/rand=out/evil.x",
        "packagefile crypto/sha256=std/crypto/sha256.a",
        "importmap example.com/d=crypto/rand",
        "packagefile crypto/internal/fips140/v1.0.0-c2097c7c/sha256=out/evil.x",
        "packagefile example.com/a=out/other.x",
        "modinfo \"x\"",
    ];
    let reference = {
        let text = good.join("\n");
        merge(&[("d", &text)])
            .unwrap()
            .render(Consumer::Compiler)
            .unwrap()
    };
    let mut rng = Lcg(1);
    for round in 0..400 {
        let mut lines: Vec<&str> = good.to_vec();
        let with_bad = round % 2 == 1;
        if with_bad {
            lines.push(bad[rng.next(bad.len())]);
        }
        for i in (1..lines.len()).rev() {
            lines.swap(i, rng.next(i + 1));
        }
        // Split into up to three fragments; the standard library's
        // importcfg is read first, last or in between.
        let cut1 = rng.next(lines.len() + 1);
        let cut2 = cut1 + rng.next(lines.len() - cut1 + 1);
        let parts = [
            lines[..cut1].join("\n"),
            lines[cut1..cut2].join("\n"),
            lines[cut2..].join("\n"),
        ];
        let std = std();
        let mut m = Merge::new(&std);
        let std_at = rng.next(4);
        for (i, part) in parts.iter().enumerate() {
            if i == std_at {
                m.std_importcfg("std.importcfg", STD_CFG.as_bytes());
            }
            m.fragment(&format!("d{i}"), part.as_bytes());
        }
        if std_at == 3 {
            m.std_importcfg("std.importcfg", STD_CFG.as_bytes());
        }
        match m.finish() {
            Ok(cfg) => {
                assert!(!with_bad, "round {round} accepted {lines:?}");
                assert_eq!(cfg.render(Consumer::Compiler).unwrap(), reference);
                // Each path once, every standard path to the standard file.
                let text = cfg.render(Consumer::Linker).unwrap();
                let parsed = parse::parse("out", text.as_bytes()).unwrap();
                let mut seen = std::collections::BTreeSet::new();
                for line in parsed {
                    let Directive::PackageFile { path, file } = line.directive else {
                        panic!("{text}");
                    };
                    assert!(seen.insert(path.clone()), "{path} twice");
                    if std.reserved(&path).is_some() {
                        assert_eq!(file, format!("std/{path}.a"));
                    }
                }
            }
            Err(errors) => assert!(with_bad, "round {round} refused {lines:?}: {errors:?}"),
        }
    }
}
