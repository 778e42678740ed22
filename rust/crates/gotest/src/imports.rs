//! The import declarations of a Go file, as go/parser reads them in
//! `ImportsOnly` mode: after the package clause, the `import` declarations
//! up to the first declaration of another kind, each spec an optional name
//! followed by its path literal.

use crate::lex::{self, Kind, Token};
use crate::{Error, Position};

/// One import spec: `[name] "path"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSpec {
    /// The name as written (an identifier, `.` or `_`); None without one.
    pub name: Option<String>,
    /// The path literal as written, quotes included (`"fmt"`, `` `fmt` ``).
    pub literal: String,
    /// Where the spec starts: its name if it has one, else its path
    /// (go/ast's `ImportSpec.Pos`). cmd/go reports an import's problems
    /// there.
    pub pos: Position,
    /// Where the path literal starts.
    pub path_pos: Position,
}

/// One import declaration, as indices into the token stream.
pub(crate) struct Decl {
    /// The `import` keyword.
    pub keyword: usize,
    /// Whether its specs are in parentheses.
    pub grouped: bool,
    /// Each spec: its first token and its path literal.
    pub specs: Vec<(usize, usize)>,
}

/// The spec that starts at `code[ci]` (an optional name, then the path):
/// the index in `code` of its path, if the spec has that shape.
fn spec_path(tokens: &[Token], code: &[usize], ci: usize) -> Option<usize> {
    // A path is a string literal, not a number or a rune.
    let string = |t: &Token| t.kind == Kind::Literal && t.text.starts_with(['"', '`']);
    let first = &tokens[*code.get(ci)?];
    match first.kind {
        Kind::Literal => string(first).then_some(ci),
        Kind::Ident | Kind::Op => string(&tokens[*code.get(ci + 1)?]).then_some(ci + 1),
        _ => None,
    }
}

/// The import declarations of `tokens`, whose tokens other than comments
/// are at the indices `code`: those that follow the package clause, up to
/// the first token that starts something else.
pub(crate) fn decls(tokens: &[Token], code: &[usize]) -> Vec<Decl> {
    let at = |ci: usize| code.get(ci).map(|&i| &tokens[i]);
    let mut ci = 0;
    // The package clause, through the semicolon that ends it.
    if at(0).is_some_and(|t| t.is(Kind::Ident, "package")) {
        while at(ci).is_some_and(|t| t.kind != Kind::Semi) {
            ci += 1;
        }
    }
    let mut out = Vec::new();
    loop {
        while at(ci).is_some_and(|t| t.kind == Kind::Semi) {
            ci += 1;
        }
        if !at(ci).is_some_and(|t| t.is(Kind::Ident, "import")) {
            return out;
        }
        let keyword = code[ci];
        ci += 1;
        let grouped = at(ci).is_some_and(|t| t.is(Kind::Open, "("));
        let mut specs = Vec::new();
        if grouped {
            ci += 1;
            while let Some(t) = at(ci) {
                if t.kind == Kind::Close {
                    ci += 1;
                    break;
                }
                match spec_path(tokens, code, ci) {
                    Some(path) => {
                        specs.push((code[ci], code[path]));
                        ci = path + 1;
                    }
                    None => ci += 1,
                }
            }
        } else if let Some(path) = spec_path(tokens, code, ci) {
            specs.push((code[ci], code[path]));
            ci = path + 1;
        }
        out.push(Decl {
            keyword,
            grouped,
            specs,
        });
    }
}

/// The import specs of `source` in order, `file` naming it in errors. The
/// header of a Go file (through its imports) is enough. Paths are not
/// unquoted or checked: a source the scanner rejects is an error, other
/// syntax errors are left to the compiler.
pub fn imports(file: &str, source: &str) -> Result<Vec<ImportSpec>, Error> {
    let tokens = lex::lex(file, source)?;
    let code: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].kind != Kind::Comment)
        .collect();
    let mut out = Vec::new();
    for decl in decls(&tokens, &code) {
        for (first, path) in decl.specs {
            out.push(ImportSpec {
                name: (first != path).then(|| tokens[first].text.to_string()),
                literal: tokens[path].text.to_string(),
                pos: tokens[first].pos,
                path_pos: tokens[path].pos,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(src: &str) -> Vec<(Option<String>, String, String)> {
        imports("x.go", src)
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.literal, s.pos.to_string()))
            .collect()
    }

    fn s(name: Option<&str>, lit: &str, pos: &str) -> (Option<String>, String, String) {
        (name.map(String::from), lit.to_string(), pos.to_string())
    }

    #[test]
    fn single_and_grouped_declarations() {
        let src = "package p\n\nimport \"fmt\"\nimport (\n\t\"os\"\n\n\t\"strings\"\n)\n";
        assert_eq!(
            specs(src),
            vec![
                s(None, "\"fmt\"", "3:8"),
                s(None, "\"os\"", "5:2"),
                s(None, "\"strings\"", "7:2"),
            ]
        );
    }

    #[test]
    fn names_dots_and_blanks_start_the_spec() {
        let src = "package p\nimport (\n\tf \"fmt\"\n\t. \"math\"\n\t_ \"embed\"\n)\nimport  r `regexp`\n";
        assert_eq!(
            specs(src),
            vec![
                s(Some("f"), "\"fmt\"", "3:2"),
                s(Some("."), "\"math\"", "4:2"),
                s(Some("_"), "\"embed\"", "5:2"),
                s(Some("r"), "`regexp`", "7:9"),
            ]
        );
        let spec = &imports("x.go", "package p\nimport  r `regexp`\n").unwrap()[0];
        assert_eq!(spec.path_pos, Position { line: 2, col: 11 });
    }

    #[test]
    fn comments_and_semicolons() {
        let src = "// Package p.\npackage p /* x */ ; import /* a\n b */ \"a\"; import (\"b\"; c \"c\" // c\n/* d */ \"d\")\n";
        assert_eq!(
            specs(src),
            vec![
                s(None, "\"a\"", "3:7"),
                s(None, "\"b\"", "3:20"),
                s(Some("c"), "\"c\"", "3:25"),
                s(None, "\"d\"", "4:9"),
            ]
        );
    }

    #[test]
    fn imports_end_at_the_first_other_declaration() {
        let src = "package p\nimport \"a\"\nvar x = 1\nimport \"b\"\n";
        assert_eq!(specs(src), vec![s(None, "\"a\"", "2:8")]);
        assert_eq!(specs("package p\nfunc f() {}\n"), vec![]);
        assert_eq!(specs("package p\n"), vec![]);
        assert_eq!(specs(""), vec![]);
    }

    #[test]
    fn columns_count_bytes_and_a_byte_order_mark() {
        let src = "\u{feff}package p; import \"a\"\nimport (\n\t\"é\"; \"b\"\n)\n";
        assert_eq!(
            specs(src),
            vec![
                s(None, "\"a\"", "1:22"),
                s(None, "\"é\"", "3:2"),
                s(None, "\"b\"", "3:8"),
            ]
        );
    }

    #[test]
    fn malformed_specs_are_skipped_not_fatal() {
        // The compiler reports these; the scanner keeps what has a path.
        assert_eq!(
            specs("package p\nimport (\n\tfmt\n\t\"os\"\n)\n"),
            vec![s(None, "\"os\"", "4:2")]
        );
        assert_eq!(specs("package p\nimport fmt\n"), vec![]);
        assert_eq!(
            specs("package p\nimport (\n\t0 \"a\"\n\t1\n\t'b'\n\tx 2\n\t\"c\"\n)\n"),
            vec![s(None, "\"a\"", "3:4"), s(None, "\"c\"", "7:2")]
        );
        assert_eq!(
            specs("package p\nimport (\n\t\"a\"\n"),
            vec![s(None, "\"a\"", "3:2")]
        );
    }

    #[test]
    fn scanner_errors_name_the_file() {
        let err = imports("x.go", "package p\nimport \"a").unwrap_err();
        assert_eq!(err.to_string(), "x.go:2:8: string literal not terminated");
    }
}
