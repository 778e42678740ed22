//! Every `.bzl` and `BUCK` file of the Buck2 cell parses in Buck2's dialect
//! and has no lint (unused or undefined names, unreachable code, ...).

use std::path::PathBuf;

use fips_starlint::{check, known_globals, starlark_files, FileKind};

fn cell() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../buck2")
}

#[test]
fn buck2_cell_parses_and_lints_clean() {
    let globals = known_globals();
    let files = starlark_files(&cell()).expect("the buck2 cell is readable");
    assert!(
        files.iter().any(|(_, k)| *k == FileKind::Bzl),
        "no .bzl file found in {}",
        cell().display()
    );
    assert!(
        files.iter().any(|(_, k)| *k == FileKind::Buck),
        "no BUCK file found in {}",
        cell().display()
    );
    let mut problems = Vec::new();
    for (path, kind) in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let name = path
            .strip_prefix(cell())
            .unwrap_or(path)
            .display()
            .to_string();
        problems.extend(check(&name, &text, *kind, &globals));
    }
    assert!(
        problems.is_empty(),
        "Starlark problems in buck2/:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_syntax_error_is_reported() {
    let problems = check(
        "x.bzl",
        "def f(:\n    pass\n",
        FileKind::Bzl,
        &known_globals(),
    );
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("parse error"), "{problems:?}");
}

#[test]
fn an_undefined_name_is_reported() {
    let problems = check(
        "x.bzl",
        "def f():\n    return undefined_thing\n",
        FileKind::Bzl,
        &known_globals(),
    );
    assert!(
        problems.iter().any(|p| p.contains("undefined_thing")),
        "{problems:?}"
    );
}

#[test]
fn an_unused_load_is_reported() {
    let problems = check(
        "x.bzl",
        "load(\":a.bzl\", \"b\")\n",
        FileKind::Bzl,
        &known_globals(),
    );
    assert!(
        problems.iter().any(|p| p.contains("unused-load")),
        "{problems:?}"
    );
}

#[test]
fn a_def_in_a_buck_file_is_a_parse_error() {
    let problems = check(
        "BUCK",
        "def f():\n    pass\n",
        FileKind::Buck,
        &known_globals(),
    );
    assert!(
        problems.iter().any(|p| p.contains("parse error")),
        "{problems:?}"
    );
}

#[test]
fn buck2_builtins_and_f_strings_are_accepted_in_bzl() {
    let text = "def _impl(ctx) -> list:\n    return [DefaultInfo(), RunInfo(args = cmd_args(f\"{ctx}\"))]\n\nr = rule(impl = _impl, attrs = {\"x\": attrs.string()})\n";
    assert_eq!(
        check("x.bzl", text, FileKind::Bzl, &known_globals()),
        Vec::<String>::new()
    );
}
