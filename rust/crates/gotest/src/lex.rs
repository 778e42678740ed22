//! The tokens of a Go source as go/scanner produces them with comments:
//! literals and comments skipped whole, semicolons inserted at line ends
//! and after a multi-line `/* */` comment, and the brackets matched.

use unicode_general_category::{get_general_category, GeneralCategory as G};

use crate::{Error, Position};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An identifier or a keyword.
    Ident,
    /// A number, string or rune literal.
    Literal,
    /// `;`, written or inserted (then its text is "\n", or "" at the end).
    Semi,
    /// `(`, `[` or `{`.
    Open,
    /// `)`, `]` or `}`.
    Close,
    /// Any other operator, or a character Go does not accept.
    Op,
    /// A `//` or `/* */` comment.
    Comment,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub kind: Kind,
    /// The token as written.
    pub text: &'a str,
    /// Byte offset of its start.
    pub offset: usize,
    /// Where it starts.
    pub pos: Position,
}

impl Token<'_> {
    pub fn is(&self, kind: Kind, text: &str) -> bool {
        self.kind == kind && self.text == text
    }
}

const KEYWORDS: [&str; 25] = [
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// go/scanner's isLetter: ASCII letters, `_`, and Unicode letters (L*).
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c == '_'
        || !c.is_ascii()
            && matches!(
                get_general_category(c),
                G::UppercaseLetter
                    | G::LowercaseLetter
                    | G::TitlecaseLetter
                    | G::ModifierLetter
                    | G::OtherLetter
            )
}

/// go/scanner's isDigit: decimal digits (Nd).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || !c.is_ascii() && get_general_category(c) == G::DecimalNumber
}

const BOM: char = '\u{feff}';

struct Lexer<'a> {
    file: &'a str,
    src: &'a str,
    bytes: &'a [u8],
    /// Offset of the next byte to read.
    at: usize,
    line: usize,
    line_start: usize,
    /// Whether a newline here ends a statement (go/scanner's insertSemi).
    insert_semi: bool,
    tokens: Vec<Token<'a>>,
}

impl<'a> Lexer<'a> {
    fn pos(&self, offset: usize) -> Position {
        Position {
            line: self.line,
            col: offset - self.line_start + 1,
        }
    }

    fn error(&self, pos: Position, message: &str) -> Error {
        Error::Syntax {
            file: self.file.to_string(),
            pos,
            message: message.to_string(),
        }
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize, pos: Position) {
        self.tokens.push(Token {
            kind,
            text: &self.src[start..end],
            offset: start,
            pos,
        });
    }

    /// Moves past bytes up to `end`, counting lines.
    fn advance_to(&mut self, end: usize) {
        for i in self.at..end {
            if self.bytes[i] == b'\n' {
                self.line += 1;
                self.line_start = i + 1;
            }
        }
        self.at = end;
    }

    /// go's scanner rejects NUL and a byte order mark anywhere, even in
    /// literals and comments.
    fn check_legal(&mut self, start: usize, end: usize) -> Result<(), Error> {
        let Some(bad) = self.src[start..end].find(['\0', BOM]) else {
            return Ok(());
        };
        self.advance_to(start + bad);
        let message = if self.bytes[start + bad] == 0 {
            "illegal character NUL"
        } else {
            "illegal byte order mark"
        };
        Err(self.error(self.pos(start + bad), message))
    }

    fn char_at(&self, offset: usize) -> Option<char> {
        self.src.get(offset..).and_then(|s| s.chars().next())
    }

    /// The end of the identifier starting at `start`.
    fn ident_end(&self, start: usize) -> usize {
        let rest = &self.src[start..];
        rest.char_indices()
            .find(|&(_, c)| !is_letter(c) && !is_digit(c))
            .map_or(self.src.len(), |(i, _)| start + i)
    }

    /// The end of the number starting at `start`: digits, letters, `_`, `.`,
    /// and a sign after an exponent (more than go accepts, which is fine
    /// for finding where it ends).
    fn number_end(&self, start: usize) -> usize {
        let mut i = start;
        while let Some(&b) = self.bytes.get(i) {
            let sign = (b == b'+' || b == b'-')
                && i > start
                && matches!(self.bytes[i - 1], b'e' | b'E' | b'p' | b'P');
            if !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || sign) {
                break;
            }
            i += 1;
        }
        i
    }

    /// The end of the "string" or 'rune' starting at `start` (on one line).
    fn quoted_end(&self, start: usize, quote: u8, what: &str) -> Result<usize, Error> {
        let mut i = start + 1;
        loop {
            match self.bytes.get(i) {
                None | Some(b'\n') => {
                    return Err(self.error(self.pos(start), &format!("{what} not terminated")))
                }
                Some(&b) if b == quote => return Ok(i + 1),
                Some(b'\\') if self.bytes.get(i + 1).is_some_and(|&b| b != b'\n') => i += 2,
                Some(_) => i += 1,
            }
        }
    }

    fn scan(mut self) -> Result<Vec<Token<'a>>, Error> {
        if self.src.starts_with(BOM) {
            self.at = BOM.len_utf8();
        }
        loop {
            while let Some(&b) = self.bytes.get(self.at) {
                match b {
                    b' ' | b'\t' | b'\r' => self.at += 1,
                    b'\n' if !self.insert_semi => self.advance_to(self.at + 1),
                    _ => break,
                }
            }
            let start = self.at;
            let pos = self.pos(start);
            let Some(&b) = self.bytes.get(start) else {
                if self.insert_semi {
                    self.push(Kind::Semi, start, start, pos);
                }
                return Ok(self.tokens);
            };
            let next = self.bytes.get(start + 1).copied();
            let (kind, end, semi) = match b {
                b'\n' => (Kind::Semi, start + 1, false),
                b'/' if next == Some(b'/') => {
                    let end = self.src[start..]
                        .find('\n')
                        .map_or(self.src.len(), |i| start + i);
                    self.check_legal(start, end)?;
                    self.push(Kind::Comment, start, end, pos);
                    self.at = end;
                    continue;
                }
                b'/' if next == Some(b'*') => {
                    let Some(len) = self.src[start + 2..].find("*/") else {
                        return Err(self.error(pos, "comment not terminated"));
                    };
                    let end = start + 2 + len + 2;
                    self.check_legal(start, end)?;
                    self.push(Kind::Comment, start, end, pos);
                    let newline = self.src[start..end].find('\n');
                    self.advance_to(end);
                    // A comment with a newline ends the statement there.
                    if let (true, Some(nl)) = (self.insert_semi, newline) {
                        let at = start + nl;
                        let nl_pos = Position {
                            line: pos.line,
                            col: pos.col + nl,
                        };
                        self.push(Kind::Semi, at, at + 1, nl_pos);
                        self.insert_semi = false;
                    }
                    continue;
                }
                b'"' => (
                    Kind::Literal,
                    self.quoted_end(start, b'"', "string literal")?,
                    true,
                ),
                b'\'' => (
                    Kind::Literal,
                    self.quoted_end(start, b'\'', "rune literal")?,
                    true,
                ),
                b'`' => match self.src[start + 1..].find('`') {
                    Some(len) => (Kind::Literal, start + 1 + len + 1, true),
                    None => return Err(self.error(pos, "raw string literal not terminated")),
                },
                b'0'..=b'9' => (Kind::Literal, self.number_end(start), true),
                b'.' if next.is_some_and(|n| n.is_ascii_digit()) => {
                    (Kind::Literal, self.number_end(start), true)
                }
                b'.' if self.src[start..].starts_with("...") => (Kind::Op, start + 3, false),
                b'(' | b'[' | b'{' => (Kind::Open, start + 1, false),
                b')' | b']' | b'}' => (Kind::Close, start + 1, true),
                b';' => (Kind::Semi, start + 1, false),
                b'+' | b'-' if next == Some(b) => (Kind::Op, start + 2, true),
                b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'<' | b'>' | b'='
                | b'!' | b',' | b'.' | b':' | b'~' => (Kind::Op, start + 1, false),
                _ => {
                    let c = self.char_at(start).unwrap_or('\u{fffd}');
                    if is_letter(c) {
                        let end = self.ident_end(start);
                        let word = &self.src[start..end];
                        let semi = !is_keyword(word)
                            || matches!(word, "break" | "continue" | "fallthrough" | "return");
                        (Kind::Ident, end, semi)
                    } else {
                        // An illegal character: go reports it and keeps
                        // the statement state.
                        (Kind::Op, start + c.len_utf8(), self.insert_semi)
                    }
                }
            };
            self.check_legal(start, end)?;
            self.push(kind, start, end, pos);
            self.advance_to(end);
            self.insert_semi = semi;
        }
    }
}

/// The tokens and comments of `src`, in order, with the semicolons go's
/// scanner inserts.
pub(crate) fn lex<'a>(file: &'a str, src: &'a str) -> Result<Vec<Token<'a>>, Error> {
    let lexer = Lexer {
        file,
        src,
        bytes: src.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
        insert_semi: false,
        tokens: Vec::new(),
    };
    lexer.scan()
}

/// For each opening bracket of `code` (tokens without comments), the index
/// of the bracket that closes it; other entries are unused.
pub(crate) fn match_brackets(file: &str, code: &[Token]) -> Result<Vec<usize>, Error> {
    let mut matching = vec![usize::MAX; code.len()];
    let mut open: Vec<usize> = Vec::new();
    let error = |t: &Token, message: String| Error::Syntax {
        file: file.to_string(),
        pos: t.pos,
        message,
    };
    for (i, t) in code.iter().enumerate() {
        match t.kind {
            Kind::Open => open.push(i),
            Kind::Close => {
                let Some(o) = open.pop() else {
                    return Err(error(t, format!("unbalanced '{}'", t.text)));
                };
                let pair = (code[o].text, t.text);
                if !matches!(pair, ("(", ")") | ("[", "]") | ("{", "}")) {
                    return Err(error(
                        t,
                        format!(
                            "'{}' does not close the '{}' at {}",
                            t.text, pair.0, code[o].pos
                        ),
                    ));
                }
                matching[o] = i;
            }
            _ => {}
        }
    }
    match open.last() {
        Some(&o) => Err(error(&code[o], format!("unclosed '{}'", code[o].text))),
        None => Ok(matching),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, String, usize)> {
        lex("x.go", src)
            .unwrap()
            .iter()
            .map(|t| (t.kind, t.text.to_string(), t.pos.line))
            .collect()
    }

    fn texts(src: &str) -> Vec<String> {
        lex("x.go", src)
            .unwrap()
            .iter()
            .map(|t| t.text.to_string())
            .collect()
    }

    fn err(src: &str) -> String {
        let tokens = match lex("x.go", src) {
            Err(e) => return e.to_string(),
            Ok(t) => t,
        };
        let code: Vec<Token> = tokens
            .into_iter()
            .filter(|t| t.kind != Kind::Comment)
            .collect();
        match match_brackets("x.go", &code) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{src:?} is accepted"),
        }
    }

    #[test]
    fn inserts_semicolons_as_go_does() {
        use Kind::*;
        assert_eq!(
            kinds("x := 1 // c\nreturn\n}\n"),
            vec![
                (Ident, "x".into(), 1),
                (Op, ":".into(), 1),
                (Op, "=".into(), 1),
                (Literal, "1".into(), 1),
                (Comment, "// c".into(), 1),
                (Semi, "\n".into(), 1),
                (Ident, "return".into(), 2),
                (Semi, "\n".into(), 2),
                (Close, "}".into(), 3),
                (Semi, "\n".into(), 3),
            ]
        );
        // No semicolon after an operator, a keyword or an opening brace.
        assert_eq!(texts("a +\nb"), vec!["a", "+", "b", ""]);
        assert_eq!(texts("func\n{\n"), vec!["func", "{"]);
        assert_eq!(texts("i++\n"), vec!["i", "++", "\n"]);
        // A /* */ comment with a newline ends the statement at the newline.
        assert_eq!(
            kinds("x /* a\nb */ y"),
            vec![
                (Ident, "x".into(), 1),
                (Comment, "/* a\nb */".into(), 1),
                (Semi, "\n".into(), 1),
                (Ident, "y".into(), 2),
                (Semi, "".into(), 2),
            ]
        );
        assert_eq!(texts("x /* a */ y"), vec!["x", "/* a */", "y", ""]);
        assert_eq!(texts("{ /* a\nb */ y"), vec!["{", "/* a\nb */", "y", ""]);
    }

    #[test]
    fn skips_literals_and_comments_whole() {
        let src = "a := \"}{\\\"//\" + `\n}` + '}' + '\\'' + '\\x00' /* { */ // }\nb";
        assert_eq!(
            texts(src),
            vec![
                "a",
                ":",
                "=",
                "\"}{\\\"//\"",
                "+",
                "`\n}`",
                "+",
                "'}'",
                "+",
                "'\\''",
                "+",
                "'\\x00'",
                "/* { */",
                "// }",
                "\n",
                "b",
                ""
            ]
        );
        let tokens = lex("x.go", src).unwrap();
        assert_eq!(tokens.last().unwrap().pos, Position { line: 3, col: 2 });
    }

    #[test]
    fn numbers_and_dots() {
        assert_eq!(
            texts("1.5e+3 .5 a.b x...\n"),
            vec!["1.5e+3", ".5", "a", ".", "b", "x", "..."]
        );
        assert_eq!(texts("0x1F+y"), vec!["0x1F", "+", "y", ""]);
    }

    #[test]
    fn unicode_identifiers() {
        assert_eq!(texts("TestÉté ñ_1 x٣"), vec!["TestÉté", "ñ_1", "x٣", ""]);
        // Not a letter: an illegal character of its own.
        assert_eq!(texts("a€b"), vec!["a", "€", "b", ""]);
    }

    #[test]
    fn reports_what_the_scanner_rejects() {
        assert_eq!(
            err("x := \"abc\ny"),
            "x.go:1:6: string literal not terminated"
        );
        assert_eq!(
            err("x := \"abc\\"),
            "x.go:1:6: string literal not terminated"
        );
        assert_eq!(err("\n  'a"), "x.go:2:3: rune literal not terminated");
        assert_eq!(
            err("x := `abc\n"),
            "x.go:1:6: raw string literal not terminated"
        );
        assert_eq!(err("a\n/* x"), "x.go:2:1: comment not terminated");
        assert_eq!(err("a\n\0"), "x.go:2:1: illegal character NUL");
        assert_eq!(err("// a\n//b\0"), "x.go:2:4: illegal character NUL");
        assert_eq!(err("x := \"a\0\""), "x.go:1:8: illegal character NUL");
        assert_eq!(err("a \u{feff}"), "x.go:1:3: illegal byte order mark");
        assert_eq!(err("func f() {\n"), "x.go:1:10: unclosed '{'");
        assert_eq!(err("func f() {}\n}"), "x.go:2:1: unbalanced '}'");
        assert_eq!(err("f(]"), "x.go:1:3: ']' does not close the '(' at 1:2");
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        assert_eq!(texts("\u{feff}package p\n"), vec!["package", "p", "\n"]);
    }

    #[test]
    fn matches_brackets() {
        let tokens = lex("x.go", "f(a[1], {b})").unwrap();
        let m = match_brackets("x.go", &tokens).unwrap();
        assert_eq!(m[1], 10);
        assert_eq!(m[3], 5);
        assert_eq!(m[7], 9);
    }
}
