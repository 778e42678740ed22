//! BUILD file generation (package decisions, import resolution, //go:embed
//! matching and the labels of embedded files in other packages) on
//! arbitrary module trees never panics, and every embedded file labelled
//! into another package is exported by that package's BUILD file.
#![no_main]

use fips_buildgen::{generate, Dir, GoFile, Options, Tree};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 12] = [
    "a",
    "b",
    "sub",
    "testdata",
    "x.txt",
    "_h",
    ".d",
    "v2",
    "data.json",
    "vendor",
    "c.go",
    "all",
];

fuzz_target!(|data: &[u8]| {
    let mut tree = Tree::default();
    tree.dirs.insert(String::new(), Dir::default());
    let mut chunks = data.chunks(4);
    while let Some(c) = chunks.next() {
        let pick = |i: usize| NAMES[usize::from(c.get(i).copied().unwrap_or(0)) % NAMES.len()];
        // A directory below an existing one.
        let parents: Vec<String> = tree.dirs.keys().cloned().collect();
        let parent = &parents[usize::from(c.first().copied().unwrap_or(0)) % parents.len()];
        let rel = if parent.is_empty() {
            pick(1).to_string()
        } else {
            format!("{parent}/{}", pick(1))
        };
        let dir = tree.dirs.entry(rel.clone()).or_insert_with(|| Dir {
            rel: rel.clone(),
            ..Dir::default()
        });
        dir.files.push(pick(2).to_string());
        if c.get(3).is_some_and(|b| b & 1 == 1) {
            let pattern = match c.get(3).copied().unwrap_or(0) >> 1 & 3 {
                0 => format!("{}/*", pick(2)),
                1 => format!("all:{}", pick(0)),
                2 => "*".to_string(),
                _ => format!("{}/{}", pick(0), pick(2)),
            };
            dir.go_files.push(GoFile {
                name: format!("f{}.go", dir.go_files.len()),
                could_build: c.get(3).is_some_and(|b| b & 0x20 == 0),
                package: Some(if c[0] & 0x40 == 0 { "p" } else { "main" }.to_string()),
                imports: vec![
                    format!("example.com/m/{}", pick(0)),
                    "example.com/other/x".into(),
                    "C".into(),
                ],
                embed_patterns: vec![pattern],
            });
        }
        dir.files.sort();
        dir.files.dedup();
    }
    let modules = vec![(
        "example.com/other".to_string(),
        "com_example_other".to_string(),
    )];
    let g = generate(
        &tree,
        &Options {
            module_path: "example.com/m",
            modules: &modules,
            defs_bzl: "//:defs.bzl",
            deps_bzl: None,
            go_version: "1.21",
        },
    );
    for text in g.files.values() {
        for line in text.lines() {
            let Some(label) = line
                .trim()
                .trim_end_matches(',')
                .trim_matches('"')
                .strip_prefix("//")
            else {
                continue;
            };
            let Some((pkg, file)) = label.split_once(':') else {
                continue;
            };
            if pkg.starts_with("visibility") || !file.contains('.') && !file.contains('/') {
                continue;
            }
            let owner = g
                .files
                .get(pkg)
                .expect("label into a package without a BUILD file");
            assert!(
                owner.contains(&format!("\"{file}\"")),
                "{pkg} does not export {file}"
            );
        }
    }
});
