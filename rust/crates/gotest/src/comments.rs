//! Comment groups as go/parser makes them, their text as go/ast's
//! `CommentGroup.Text` gives it, and an example's output comment as go/doc
//! reads it.

use crate::lex::{Kind, Token};

/// Adjacent comments with no token between them.
#[derive(Debug)]
pub(crate) struct Group<'a> {
    /// Byte offset of the first comment.
    pub offset: usize,
    /// The line its last comment ends on.
    pub end_line: usize,
    /// It starts on the line of the token before it (go/parser's line
    /// comment): never a lead comment.
    pub trailing: bool,
    /// The comments as written.
    pub comments: Vec<&'a str>,
}

/// The comment groups of a token stream (go/parser's `next` and
/// `consumeCommentGroup`): after a token, the comments starting on its
/// line form a group of their own; then a comment joins a group when it
/// starts at most one line after the previous comment ends. Any other
/// token ends a group.
pub(crate) fn groups<'a>(tokens: &[Token<'a>]) -> Vec<Group<'a>> {
    let mut out = Vec::new();
    let mut prev_line = 0;
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind != Kind::Comment {
            prev_line = tokens[i].pos.line;
            i += 1;
            continue;
        }
        if tokens[i].pos.line == prev_line {
            let mut trailing = group(tokens, &mut i, 0);
            trailing.trailing = true;
            out.push(trailing);
        }
        while i < tokens.len() && tokens[i].kind == Kind::Comment {
            out.push(group(tokens, &mut i, 1));
        }
    }
    out
}

/// One group from `tokens[*i]`: comments that start at most `n` lines
/// after the previous one ends.
fn group<'a>(tokens: &[Token<'a>], i: &mut usize, n: usize) -> Group<'a> {
    let first = &tokens[*i];
    let mut end_line = first.pos.line;
    let mut comments = Vec::new();
    while let Some(t) = tokens.get(*i) {
        if t.kind != Kind::Comment || t.pos.line > end_line + n {
            break;
        }
        end_line = t.pos.line + t.text.matches('\n').count();
        comments.push(t.text);
        *i += 1;
    }
    Group {
        offset: first.offset,
        end_line,
        trailing: false,
        comments,
    }
}

/// The last group between the braces at `open` and `close` (go/doc's
/// `lastComment`); `groups` are in source order.
pub(crate) fn last_inside<'g, 'a>(
    groups: &'g [Group<'a>],
    open: usize,
    close: usize,
) -> Option<&'g Group<'a>> {
    let before_close = groups.partition_point(|g| g.offset < close);
    groups[..before_close].last().filter(|g| g.offset > open)
}

/// The comment as go's scanner gives it: carriage returns removed, except
/// one that keeps `*` and `/` apart in a `/* */` comment.
fn strip_cr(raw: &str) -> String {
    let block = raw.starts_with("/*");
    let raw = if block {
        raw
    } else {
        raw.strip_suffix('\r').unwrap_or(raw)
    };
    let bytes = raw.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    for (j, &b) in bytes.iter().enumerate() {
        let keep = b != b'\r'
            || block
                && out.len() > 2
                && out.last() == Some(&b'*')
                && bytes.get(j + 1) == Some(&b'/');
        if keep {
            out.push(b);
        }
    }
    // Only ASCII bytes were removed.
    String::from_utf8(out).unwrap_or_default()
}

/// go/ast's isDirective, on a `//` comment without its slashes: `line `,
/// `extern `, `export `, or `[a-z0-9]+:[a-z0-9]`.
fn is_directive(c: &str) -> bool {
    if c.starts_with("line ") || c.starts_with("extern ") || c.starts_with("export ") {
        return true;
    }
    let b = c.as_bytes();
    let Some(colon) = c.find(':') else {
        return false;
    };
    if colon == 0 || colon + 1 >= b.len() {
        return false;
    }
    let ok = |x: &u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    b[..colon].iter().all(ok) && ok(&b[colon + 1])
}

/// go/ast's `CommentGroup.Text`: the comment markers removed (and the first
/// space of a `//` comment; directives dropped whole), trailing white space
/// of each line removed, leading blank lines dropped and runs of blank
/// lines made one, with a final newline.
pub(crate) fn text(comments: &[&str]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for raw in comments {
        let c = strip_cr(raw);
        let body = match c.strip_prefix("//") {
            Some(rest) => match rest.strip_prefix(' ') {
                Some(r) => r,
                None if !rest.is_empty() && is_directive(rest) => continue,
                None => rest,
            },
            None => c.get(2..c.len().saturating_sub(2)).unwrap_or(""),
        };
        for line in body.split('\n') {
            lines.push(line.trim_end_matches([' ', '\t', '\n', '\r']).to_string());
        }
    }
    let mut kept: Vec<&str> = Vec::new();
    for line in &lines {
        if !line.is_empty() || kept.last().is_some_and(|l| !l.is_empty()) {
            kept.push(line);
        }
    }
    if kept.last().is_some_and(|l| !l.is_empty()) {
        kept.push("");
    }
    kept.join("\n")
}

/// `s` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_fold<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The expected output and whether it is unordered, if `text` (a group's
/// text) matches `(?i)^[[:space:]]*(unordered )?output:` (go/doc's
/// `exampleOutput`): the rest, without leading spaces and then one newline.
pub(crate) fn example_output(text: &str) -> Option<(String, bool)> {
    let t = text.trim_start_matches(['\t', '\n', '\x0b', '\x0c', '\r', ' ']);
    let (rest, unordered) =
        match strip_prefix_fold(t, "unordered ").and_then(|r| strip_prefix_fold(r, "output:")) {
            Some(r) => (r, true),
            None => (strip_prefix_fold(t, "output:")?, false),
        };
    let rest = rest.trim_start_matches(' ');
    Some((
        rest.strip_prefix('\n').unwrap_or(rest).to_string(),
        unordered,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::lex;

    /// The groups of `src`, each as its comments joined by "|".
    fn grouped(src: &str) -> Vec<String> {
        let tokens = lex("x.go", src).unwrap();
        groups(&tokens)
            .iter()
            .map(|g| g.comments.join("|"))
            .collect()
    }

    #[test]
    fn a_comment_after_a_token_is_a_group_of_its_own() {
        assert_eq!(
            grouped("x := 1 // a\n// b\n// c\n"),
            vec!["// a", "// b|// c"]
        );
        assert_eq!(grouped("{ // a\n// b\n}"), vec!["// a", "// b"]);
        assert_eq!(
            grouped("{ /* a */ // b\n// c\n}"),
            vec!["/* a */|// b", "// c"]
        );
    }

    #[test]
    fn a_blank_line_separates_groups() {
        assert_eq!(
            grouped("x\n// a\n// b\n\n// c\n/* d\n*/\n// e\ny // f"),
            vec!["// a|// b", "// c|/* d\n*/|// e", "// f"]
        );
    }

    #[test]
    fn a_multi_line_block_comment_ends_the_statement() {
        // The semicolon inserted at its newline is a token: `// b` on the
        // next line starts a new group.
        assert_eq!(
            grouped("x /* a\n*/ // b\n// c\n"),
            vec!["/* a\n*/", "// b|// c"]
        );
    }

    #[test]
    fn a_comment_after_a_multi_line_raw_string() {
        // The raw string starts on line 1, so the comment is not on its
        // line; the semicolon inserted at the newline still ends its group.
        assert_eq!(grouped("x := `a\nb` // c\n// d\n"), vec!["// c", "// d"]);
    }

    #[test]
    fn text_as_go_ast_gives_it() {
        assert_eq!(text(&["// a", "//  b", "//c"]), "a\n b\nc\n");
        assert_eq!(text(&["//", "// a", "//", "//", "// b", "//"]), "a\n\nb\n");
        assert_eq!(text(&["/* a\n   b  \n*/"]), " a\n   b\n");
        assert_eq!(text(&["/**/"]), "");
        assert_eq!(text(&["// a\t \r"]), "a\n");
        // Directives are dropped, unless written with a space.
        assert_eq!(
            text(&[
                "//go:noinline",
                "//line x.go:1",
                "//export F",
                "// go:x",
                "//go:",
                "//Go:x"
            ]),
            "go:x\ngo:\nGo:x\n"
        );
        assert_eq!(text(&["/* a\r\nb */"]), " a\nb\n");
        assert_eq!(text(&["// a\rb\r"]), "ab\n");
    }

    #[test]
    fn carriage_returns_as_the_scanner_strips_them() {
        assert_eq!(strip_cr("/* a *\r/"), "/* a *\r/");
        assert_eq!(strip_cr("/*\r\r*/"), "/**/");
        assert_eq!(strip_cr("// x\r\r"), "// x");
    }

    #[test]
    fn output_comments() {
        let out = |t: &str| example_output(t);
        assert_eq!(out("Output: hello\n"), Some(("hello\n".into(), false)));
        assert_eq!(
            out("Output:\nhello\nworld\n"),
            Some(("hello\nworld\n".into(), false))
        );
        assert_eq!(out("  OUTPUT:   \nx\n"), Some(("x\n".into(), false)));
        assert_eq!(
            out("Unordered output: a\nb\n"),
            Some(("a\nb\n".into(), true))
        );
        assert_eq!(out("unordered OUTPUT:\n"), Some(("".into(), true)));
        assert_eq!(out("Output:\n"), Some(("".into(), false)));
        assert_eq!(out("Output:"), Some(("".into(), false)));
        assert_eq!(out("Unordered  output: x"), None);
        assert_eq!(out("unordered x\noutput: y"), None);
        assert_eq!(out("The output: x\n"), None);
        assert_eq!(out("Output x\n"), None);
        assert_eq!(out("Outpüt: x\n"), None);
        assert_eq!(out(""), None);
    }

    #[test]
    fn last_group_inside_a_body() {
        let src = "func f() { // a\n\t// b\n}\n// c\n";
        let tokens = lex("x.go", src).unwrap();
        let gs = groups(&tokens);
        let open = src.find('{').unwrap();
        let close = src.find('}').unwrap();
        assert_eq!(
            last_inside(&gs, open, close).unwrap().comments,
            vec!["// b"]
        );
        assert!(last_inside(&gs, close, src.len()).is_some());
        assert!(last_inside(&gs, 0, open).is_none());
    }
}
