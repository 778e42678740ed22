//! The top-level function declarations of a test file and what go test
//! makes of them (cmd/go/internal/load/test.go `(*testFuncs).load`,
//! `checkTestFunc`, `isTestFunc`, go/doc `Examples`).

use unicode_general_category::{get_general_category, GeneralCategory};

use crate::comments;
use crate::lex::{self, Kind, Token};
use crate::{Error, Example, Position, TestFuncs};

/// A `func Name...` declaration without a receiver.
struct FuncDecl<'t, 'a> {
    /// Where its `func` keyword is.
    pos: Position,
    name: &'a str,
    type_params: bool,
    /// The parameter list split at its commas (a trailing comma ignored).
    params: Vec<&'t [Token<'a>]>,
    /// Whether the result list is not empty (`()` is empty).
    results: bool,
    /// Byte offsets of the body's braces.
    body: Option<(usize, usize)>,
}

/// go's isTest: `name` is `prefix`, or `prefix` followed by a rune that
/// is not a lower-case letter (unicode.IsLower: category Ll).
pub(crate) fn is_test(name: &str, prefix: &str) -> bool {
    match name.strip_prefix(prefix).map(|rest| rest.chars().next()) {
        None => false,
        Some(None) => true,
        Some(Some(c)) => get_general_category(c) != GeneralCategory::LowercaseLetter,
    }
}

/// The top-level `func` declarations of `code` (tokens without comments):
/// a `func` keyword outside every bracket that starts a declaration.
/// Methods are left out.
fn func_decls<'t, 'a>(code: &'t [Token<'a>], matching: &[usize]) -> Vec<FuncDecl<'t, 'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let starts_decl = i == 0 || code[i - 1].kind == Kind::Semi;
        if starts_decl && code[i].is(Kind::Ident, "func") {
            if let Some((decl, next)) = func_decl(code, matching, i) {
                out.push(decl);
                i = next;
                continue;
            }
        }
        i = match code[i].kind {
            Kind::Open => matching[i] + 1,
            _ => i + 1,
        };
    }
    out
}

/// The declaration whose `func` is `code[at]`, and the index after it;
/// None for a method or what is not a function declaration.
fn func_decl<'t, 'a>(
    code: &'t [Token<'a>],
    matching: &[usize],
    at: usize,
) -> Option<(FuncDecl<'t, 'a>, usize)> {
    let name = code.get(at + 1)?;
    if name.kind != Kind::Ident || lex::is_keyword(name.text) {
        return None;
    }
    let mut j = at + 2;
    let type_params = code.get(j)?.is(Kind::Open, "[");
    if type_params {
        j = matching[j] + 1;
    }
    if !code.get(j)?.is(Kind::Open, "(") {
        return None;
    }
    let params = split_commas(code, matching, j + 1, matching[j]);
    j = matching[j] + 1;
    // The results run to the body's `{` or to the end of the declaration;
    // a `{` right after `struct` or `interface` is part of a result type.
    let mut k = j;
    let mut body = None;
    while let Some(t) = code.get(k) {
        if t.kind == Kind::Semi {
            break;
        }
        if t.is(Kind::Open, "{")
            && (k == j
                || !(code[k - 1].is(Kind::Ident, "struct")
                    || code[k - 1].is(Kind::Ident, "interface")))
        {
            body = Some((t.offset, code[matching[k]].offset));
            break;
        }
        k = match t.kind {
            Kind::Open => matching[k] + 1,
            _ => k + 1,
        };
    }
    let result_tokens = &code[j..k];
    let results = !(result_tokens.is_empty()
        || result_tokens.len() == 2
            && result_tokens[0].is(Kind::Open, "(")
            && result_tokens[1].is(Kind::Close, ")"));
    let next = if body.is_some() { matching[k] + 1 } else { k };
    let decl = FuncDecl {
        pos: code[at].pos,
        name: name.text,
        type_params,
        params,
        results,
        body,
    };
    Some((decl, next))
}

/// `code[from..to]` split at the commas outside brackets, without an empty
/// last part (a trailing comma, or nothing at all).
fn split_commas<'t, 'a>(
    code: &'t [Token<'a>],
    matching: &[usize],
    from: usize,
    to: usize,
) -> Vec<&'t [Token<'a>]> {
    let mut parts = Vec::new();
    let mut start = from;
    let mut k = from;
    while k < to {
        if code[k].is(Kind::Op, ",") {
            parts.push(&code[start..k]);
            start = k + 1;
        }
        k = match code[k].kind {
            Kind::Open => matching[k] + 1,
            _ => k + 1,
        };
    }
    if start < to {
        parts.push(&code[start..to]);
    }
    parts
}

/// go's isTestFunc: no results and one parameter, named or not, of type
/// `*arg` or `*pkg.arg`.
fn is_test_func(decl: &FuncDecl, arg: &str) -> bool {
    let [param] = decl.params.as_slice() else {
        return false;
    };
    if decl.results {
        return false;
    }
    let ident = |t: &Token| t.kind == Kind::Ident && !lex::is_keyword(t.text);
    let typ = match param {
        [name, rest @ ..] if ident(name) => rest,
        all => all,
    };
    match typ {
        [star, t] => star.is(Kind::Op, "*") && ident(t) && t.text == arg,
        [star, pkg, dot, t] => {
            star.is(Kind::Op, "*")
                && ident(pkg)
                && dot.is(Kind::Op, ".")
                && ident(t)
                && t.text == arg
        }
        _ => false,
    }
}

/// go's checkTestFunc.
fn check_test_func(file: &str, decl: &FuncDecl, arg: &str) -> Result<(), Error> {
    let why = if decl.type_params {
        "test functions cannot have type parameters".to_string()
    } else if !is_test_func(decl, arg) {
        format!(
            "must be: func {}({} *testing.{arg})",
            decl.name,
            arg.to_lowercase()
        )
    } else {
        return Ok(());
    };
    Err(Error::Signature {
        file: file.to_string(),
        pos: decl.pos,
        name: decl.name.to_string(),
        why,
    })
}

/// What go test registers of one test file; `test_main_seen` when an
/// earlier file of the test package has a TestMain.
pub(crate) fn load(file: &str, src: &str, test_main_seen: bool) -> Result<TestFuncs, Error> {
    let tokens = lex::lex(file, src)?;
    let code: Vec<Token> = tokens
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .copied()
        .collect();
    let matching = lex::match_brackets(file, &code)?;
    let decls = func_decls(&code, &matching);

    let mut funcs = TestFuncs::default();
    for decl in &decls {
        let name = decl.name.to_string();
        if decl.name == "TestMain" {
            if is_test_func(decl, "T") {
                funcs.tests.push(name);
                continue;
            }
            check_test_func(file, decl, "M")?;
            if test_main_seen || funcs.test_main.is_some() {
                return Err(Error::MultipleTestMain {
                    file: file.to_string(),
                    pos: decl.pos,
                });
            }
            funcs.test_main = Some(decl.pos);
        } else if is_test(decl.name, "Test") {
            check_test_func(file, decl, "T")?;
            funcs.tests.push(name);
        } else if is_test(decl.name, "Benchmark") {
            check_test_func(file, decl, "B")?;
            funcs.benchmarks.push(name);
        } else if is_test(decl.name, "Fuzz") {
            check_test_func(file, decl, "F")?;
            funcs.fuzz_targets.push(name);
        }
    }

    let groups = comments::groups(&tokens);
    for decl in &decls {
        if !is_test(decl.name, "Example") || !decl.params.is_empty() || decl.results {
            continue;
        }
        let Some((open, close)) = decl.body else {
            continue;
        };
        let output = comments::last_inside(&groups, open, close)
            .and_then(|g| comments::example_output(&comments::text(&g.comments)));
        let unordered = output.as_ref().is_some_and(|o| o.1);
        funcs.examples.push(Example {
            name: decl.name.to_string(),
            output: output.map(|o| o.0),
            unordered,
        });
    }
    Ok(funcs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, has type params, parameter count, has results, has body) of
    /// each declaration of `src`.
    fn decls(src: &str) -> Vec<(String, bool, usize, bool, bool)> {
        let tokens = lex::lex("x.go", src).unwrap();
        let code: Vec<Token> = tokens
            .into_iter()
            .filter(|t| t.kind != Kind::Comment)
            .collect();
        let matching = lex::match_brackets("x.go", &code).unwrap();
        func_decls(&code, &matching)
            .iter()
            .map(|d| {
                (
                    d.name.to_string(),
                    d.type_params,
                    d.params.len(),
                    d.results,
                    d.body.is_some(),
                )
            })
            .collect()
    }

    fn d(
        name: &str,
        tp: bool,
        params: usize,
        results: bool,
        body: bool,
    ) -> (String, bool, usize, bool, bool) {
        (name.to_string(), tp, params, results, body)
    }

    #[test]
    fn test_names() {
        assert!(is_test("Test", "Test"));
        assert!(is_test("Test_x", "Test"));
        assert!(is_test("TestÉ", "Test"));
        assert!(is_test("Test1", "Test"));
        assert!(is_test("TestA", "Test"));
        assert!(!is_test("Testing", "Test"));
        assert!(!is_test("Testé", "Test"));
        assert!(!is_test("Tes", "Test"));
        assert!(!is_test("ATest", "Test"));
        // Modifier letters are not lower-case letters for Go (Lm, not Ll).
        assert!(is_test("Testª", "Test"));
        assert!(is_test("Testʰ", "Test"));
    }

    #[test]
    fn finds_top_level_functions_only() {
        let src = r#"package p

import "testing"

var f = func(t *testing.T) {}

var (
	g = 1
)

func (r R) TestMethod(t *testing.T) {}

func A() {
	func() {}()
}

func B[T any](x T) (int, error) { return 0, nil }

func C() struct{ x int } { return struct{ x int }{} }

func D() interface{} { return nil }

func E() ()

func F(a, b int,) chan struct{} {}
"#;
        assert_eq!(
            decls(src),
            vec![
                d("A", false, 0, false, true),
                d("B", true, 1, true, true),
                d("C", false, 0, true, true),
                d("D", false, 0, true, true),
                d("E", false, 0, false, false),
                d("F", false, 2, true, true),
            ]
        );
    }

    #[test]
    fn func_after_a_written_semicolon() {
        assert_eq!(
            decls("package p; func A() {}; func B() {}"),
            vec![d("A", false, 0, false, true), d("B", false, 0, false, true)]
        );
    }

    fn sig(src: &str, arg: &str) -> bool {
        let tokens = lex::lex("x.go", src).unwrap();
        let code: Vec<Token> = tokens.into_iter().collect();
        let matching = lex::match_brackets("x.go", &code).unwrap();
        let decls = func_decls(&code, &matching);
        is_test_func(&decls[0], arg)
    }

    #[test]
    fn test_signatures() {
        assert!(sig("func TestA(t *testing.T) {}", "T"));
        assert!(sig("func TestA(*testing.T) {}", "T"));
        assert!(sig("func TestA(t *T) {}", "T"));
        assert!(sig("func TestA(t *check.T,) {}", "T"));
        assert!(sig("func TestA(t *testing.T) () {}", "T"));
        assert!(sig("func TestA(t *testing.T)", "T"));
        assert!(!sig("func TestA(t *testing.B) {}", "T"));
        assert!(!sig("func TestA(t testing.T) {}", "T"));
        assert!(!sig("func TestA() {}", "T"));
        assert!(!sig("func TestA(t, u *testing.T) {}", "T"));
        assert!(!sig("func TestA(t *testing.T, x int) {}", "T"));
        assert!(!sig("func TestA(t *testing.T) error {}", "T"));
        assert!(!sig("func TestA(t *testing.T) (err error) {}", "T"));
        assert!(!sig("func TestA(t *(testing.T)) {}", "T"));
        assert!(!sig("func TestA(t *a.b.T) {}", "T"));
        assert!(!sig("func TestA(t ...*testing.T) {}", "T"));
        assert!(!sig("func TestA(t *testing.T[int]) {}", "T"));
    }
}
