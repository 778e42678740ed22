//! The cgo preamble of a Go file: the doc comment of its `import "C"`, as
//! go/build's `readGoInfo` takes it from go/parser (the import spec's doc,
//! else the declaration's when it has that one spec) and `saveCgo` reads
//! it (`CommentGroup.Text`).

use crate::comments::{self, Group};
use crate::imports;
use crate::lex::{self, Kind, Token};
use crate::Error;

/// go/parser's lead comment of the token at `at`: the last comment group
/// before it, when that group is not a line comment of the token before
/// and ends on the line just above.
fn lead_comment<'g, 'a>(
    tokens: &[Token<'a>],
    groups: &'g [Group<'a>],
    at: usize,
) -> Option<&'g Group<'a>> {
    let token = &tokens[at];
    let before = groups.partition_point(|g| g.offset < token.offset);
    let group = groups[..before].last()?;
    // Only comments may lie between the group and the token.
    let between = tokens[..at]
        .iter()
        .rev()
        .take_while(|t| t.offset >= group.offset)
        .all(|t| t.kind == Kind::Comment);
    (between && !group.trailing && group.end_line + 1 == token.pos.line).then_some(group)
}

fn is_c_path(t: &Token) -> bool {
    t.kind == Kind::Literal && (t.text == "\"C\"" || t.text == "`C`")
}

/// The preamble text of each `import "C"` in `source` (the header of a Go
/// file is enough), in order; an empty string for one without a doc
/// comment. `file` names the source in errors.
pub fn cgo_preambles(file: &str, source: &str) -> Result<Vec<String>, Error> {
    let tokens = lex::lex(file, source)?;
    let groups = comments::groups(&tokens);
    // Indices of the tokens that are not comments.
    let code: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].kind != Kind::Comment)
        .collect();
    let doc = |at: usize| lead_comment(&tokens, &groups, at).map(|g| comments::text(&g.comments));
    let mut out = Vec::new();
    for decl in imports::decls(&tokens, &code) {
        let single = decl.specs.len() == 1;
        for &(first, path) in &decl.specs {
            if !is_c_path(&tokens[path]) {
                continue;
            }
            // The spec's own doc (only a grouped spec has one), else the
            // declaration's when it has this one spec.
            let spec_doc = if decl.grouped { doc(first) } else { None };
            let chosen = spec_doc.or_else(|| if single { doc(decl.keyword) } else { None });
            out.push(chosen.unwrap_or_default());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::cgo_preambles;

    fn pre(src: &str) -> Vec<String> {
        cgo_preambles("x.go", src).unwrap()
    }

    #[test]
    fn the_comment_right_above_import_c() {
        let src = "package p\n\n// #include <stdio.h>\n// #cgo CFLAGS: -DX=1\nimport \"C\"\n";
        assert_eq!(pre(src), vec!["#include <stdio.h>\n#cgo CFLAGS: -DX=1\n"]);
        let block = "package p\n\n/*\n#cgo LDFLAGS: -lm\n#include <math.h>\n*/\nimport \"C\"\n";
        assert_eq!(
            pre(block),
            vec!["\n#cgo LDFLAGS: -lm\n#include <math.h>\n".trim_start()]
        );
    }

    #[test]
    fn a_blank_line_or_a_line_comment_is_no_preamble() {
        assert_eq!(pre("package p\n\n// far\n\nimport \"C\"\n"), vec![""]);
        assert_eq!(
            pre("package p\nimport \"fmt\" // of fmt\nimport \"C\"\n"),
            vec![""]
        );
        assert_eq!(pre("package p\n\nimport \"fmt\"\n"), Vec::<String>::new());
    }

    #[test]
    fn grouped_imports() {
        // The spec's own doc; else the declaration's when it is the only spec.
        let own = "package p\n\nimport (\n\t\"fmt\"\n\t// #define N 2\n\t\"C\"\n)\n";
        assert_eq!(pre(own), vec!["#define N 2\n"]);
        let decl = "package p\n\n// #define N 3\nimport (\n\t\"C\"\n)\n";
        assert_eq!(pre(decl), vec!["#define N 3\n"]);
        let two = "package p\n\n// #define N 4\nimport (\n\t\"C\"\n\t\"fmt\"\n)\n";
        assert_eq!(pre(two), vec![""]);
    }

    #[test]
    fn several_imports_of_c_and_a_name() {
        let src = "package p\n\n// one\nimport \"C\"\n\n// two\nimport C \"C\"\n";
        assert_eq!(pre(src), vec!["one\n", "two\n"]);
    }

    #[test]
    fn lexer_errors_name_the_file() {
        let err = cgo_preambles("x.go", "package p\n/* open").unwrap_err();
        assert!(err.to_string().starts_with("x.go:2:1: "), "{err}");
    }
}
