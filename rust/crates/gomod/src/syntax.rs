//! The go.mod lexer and statement parser (the grammar of
//! `golang.org/x/mod/modfile`): lines of tokens, `verb (` ... `)` blocks,
//! `//` comments kept where the directives need them (`// indirect`,
//! retraction rationales, deprecations).

use std::fmt;

/// A position: 1-based line, 1-based rune within the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One statement line: `require x v1.0.0 // indirect`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub start: Pos,
    pub tokens: Vec<String>,
    /// Comment lines right above, with `//`; inside a block an empty string
    /// stands for a blank line among them.
    pub before: Vec<String>,
    /// The comment at the end of the line, with `//`.
    pub suffix: Option<String>,
}

/// A `verb ( ... )` block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Block {
    pub start: Pos,
    pub tokens: Vec<String>,
    pub before: Vec<String>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stmt {
    Line(Line),
    Block(Block),
}

/// A lexical or syntax error, at the position where it was noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Eof,
    EolComment,
    Comment,
    Ident,
    Str,
    Newline,
    LParen,
    RParen,
    Punct,
}

impl Kind {
    fn is_eol(self) -> bool {
        matches!(self, Kind::Eof | Kind::EolComment | Kind::Newline)
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    pos: Pos,
    text: String,
}

/// The input as runes: an invalid UTF-8 byte is one U+FFFD, as Go's
/// decoder reads it.
fn runes(data: &[u8]) -> Vec<char> {
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.utf8_chunks() {
        out.extend(chunk.valid().chars());
        out.extend(chunk.invalid().iter().map(|_| '\u{FFFD}'));
    }
    out
}

fn is_ident(c: char) -> bool {
    !matches!(c, ' ' | '(' | ')' | '[' | ']' | '{' | '}' | ',') && fips_gostr::is_print(c)
}

struct Lexer {
    src: Vec<char>,
    at: usize,
    pos: Pos,
    /// Whether a token started on the current line (a `//` after one is an
    /// end-of-line comment).
    line_has_token: bool,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.src.get(self.at).copied()
    }

    fn peek_prefix(&self, p: &str) -> bool {
        let ahead = self.src.get(self.at..).unwrap_or_default();
        ahead.len() >= p.chars().count() && p.chars().zip(ahead).all(|(a, &b)| a == b)
    }

    fn read(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.pos.line += 1;
            self.pos.col = 1;
            self.line_has_token = false;
        } else {
            self.pos.col += 1;
        }
        Some(c)
    }

    fn err(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos: self.pos,
            message: message.into(),
        }
    }

    fn text(&self, from: usize) -> String {
        self.src
            .get(from..self.at)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    fn token(&mut self) -> Result<Token, SyntaxError> {
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\r') {
                self.read();
                continue;
            }
            if self.peek_prefix("//") {
                let (from, pos, suffix) = (self.at, self.pos, self.line_has_token);
                while let Some(c) = self.read() {
                    if c == '\n' {
                        break;
                    }
                }
                let mut text = self.text(from);
                if text.ends_with("\r\n") {
                    text.truncate(text.len() - 2);
                } else if text.ends_with('\n') {
                    text.pop();
                }
                let kind = if suffix {
                    Kind::EolComment
                } else {
                    Kind::Comment
                };
                return Ok(Token { kind, pos, text });
            }
            if self.peek_prefix("/*") {
                return Err(self.err("mod files must use // comments (not /* */ comments)"));
            }
            break;
        }
        let (from, pos) = (self.at, self.pos);
        let Some(c) = self.peek() else {
            return Ok(Token {
                kind: Kind::Eof,
                pos,
                text: String::new(),
            });
        };
        self.line_has_token = true;
        let single = match c {
            '\n' => Some(Kind::Newline),
            '(' => Some(Kind::LParen),
            ')' => Some(Kind::RParen),
            '[' | ']' | '{' | '}' | ',' => Some(Kind::Punct),
            _ => None,
        };
        if let Some(kind) = single {
            self.read();
            return Ok(Token {
                kind,
                pos,
                text: c.to_string(),
            });
        }
        if c == '"' || c == '`' {
            self.read();
            loop {
                let Some(next) = self.peek() else {
                    return Err(SyntaxError {
                        pos,
                        message: "unexpected EOF in string".into(),
                    });
                };
                if next == '\n' {
                    return Err(self.err("unexpected newline in string"));
                }
                self.read();
                if next == c {
                    break;
                }
                if next == '\\' && c != '`' {
                    if self.peek().is_none() {
                        return Err(SyntaxError {
                            pos,
                            message: "unexpected EOF in string".into(),
                        });
                    }
                    self.read();
                }
            }
            return Ok(Token {
                kind: Kind::Str,
                pos,
                text: self.text(from),
            });
        }
        if !is_ident(c) {
            return Err(self.err(format!(
                "unexpected input character {}",
                fips_gostr::quote_rune(c)
            )));
        }
        while self.peek().is_some_and(is_ident) {
            if self.peek_prefix("//") {
                break;
            }
            if self.peek_prefix("/*") {
                return Err(self.err("mod files must use // comments (not /* */ comments)"));
            }
            self.read();
        }
        Ok(Token {
            kind: Kind::Ident,
            pos,
            text: self.text(from),
        })
    }
}

/// The token stream with one token of lookahead; a lexical error surfaces
/// when the parser moves onto the token before it, as in modfile.
struct Stream {
    lexer: Lexer,
    next: Token,
}

impl Stream {
    fn new(data: &[u8]) -> Result<Stream, SyntaxError> {
        let mut lexer = Lexer {
            src: runes(data),
            at: 0,
            pos: Pos { line: 1, col: 1 },
            line_has_token: false,
        };
        let next = lexer.token()?;
        Ok(Stream { lexer, next })
    }

    fn peek(&self) -> Kind {
        self.next.kind
    }

    fn lex(&mut self) -> Result<Token, SyntaxError> {
        if self.next.kind == Kind::Eof {
            return Ok(self.next.clone());
        }
        let following = self.lexer.token()?;
        Ok(std::mem::replace(&mut self.next, following))
    }

    fn err(&self, message: impl Into<String>) -> SyntaxError {
        self.lexer.err(message)
    }
}

/// Parses go.mod text into statements. `file` names the file in the
/// unterminated-block message.
pub fn parse(file: &str, data: &[u8]) -> Result<Vec<Stmt>, SyntaxError> {
    let mut s = Stream::new(data)?;
    let mut stmts = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    loop {
        match s.peek() {
            Kind::Newline => {
                s.lex()?;
                comments.clear();
            }
            Kind::Comment => comments.push(s.lex()?.text),
            Kind::Eof => return Ok(stmts),
            _ => {
                let mut stmt = parse_stmt(file, &mut s)?;
                match &mut stmt {
                    Stmt::Line(l) => l.before = std::mem::take(&mut comments),
                    Stmt::Block(b) => b.before = std::mem::take(&mut comments),
                }
                stmts.push(stmt);
            }
        }
    }
}

fn parse_stmt(file: &str, s: &mut Stream) -> Result<Stmt, SyntaxError> {
    let first = s.lex()?;
    let start = first.pos;
    let mut tokens = vec![first.text];
    loop {
        let tok = s.lex()?;
        if tok.kind.is_eol() {
            let suffix = (tok.kind == Kind::EolComment).then_some(tok.text);
            return Ok(Stmt::Line(Line {
                start,
                tokens,
                before: Vec::new(),
                suffix,
            }));
        }
        if tok.kind != Kind::LParen {
            tokens.push(tok.text);
            continue;
        }
        if s.peek().is_eol() {
            return parse_block(file, s, start, tokens).map(Stmt::Block);
        }
        if s.peek() == Kind::RParen {
            let rparen = s.lex()?;
            if s.peek().is_eol() {
                s.lex()?;
                return Ok(Stmt::Block(Block {
                    start,
                    tokens,
                    ..Block::default()
                }));
            }
            tokens.push(tok.text);
            tokens.push(rparen.text);
        } else {
            tokens.push(tok.text);
        }
    }
}

fn parse_block(
    file: &str,
    s: &mut Stream,
    start: Pos,
    tokens: Vec<String>,
) -> Result<Block, SyntaxError> {
    let mut block = Block {
        start,
        tokens,
        ..Block::default()
    };
    let mut comments: Vec<String> = Vec::new();
    loop {
        match s.peek() {
            Kind::EolComment => {
                s.lex()?;
            }
            Kind::Newline => {
                s.lex()?;
                let after_line = comments.is_empty() && !block.lines.is_empty();
                let after_comment = comments.last().is_some_and(|c| !c.is_empty());
                if after_line || after_comment {
                    comments.push(String::new());
                }
            }
            Kind::Comment => comments.push(s.lex()?.text),
            Kind::Eof => {
                return Err(s.err(format!(
                    "syntax error (unterminated block started at {file}:{}:{})",
                    start.line, start.col
                )))
            }
            Kind::RParen => {
                s.lex()?;
                if !s.peek().is_eol() {
                    return Err(s.err("syntax error (expected newline after closing paren)"));
                }
                s.lex()?;
                return Ok(block);
            }
            _ => {
                let first = s.lex()?;
                let mut line = Line {
                    start: first.pos,
                    tokens: vec![first.text],
                    before: std::mem::take(&mut comments),
                    suffix: None,
                };
                loop {
                    let tok = s.lex()?;
                    if tok.kind.is_eol() {
                        line.suffix = (tok.kind == Kind::EolComment).then_some(tok.text);
                        break;
                    }
                    line.tokens.push(tok.text);
                }
                block.lines.push(line);
            }
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(stmts: &[Stmt], i: usize) -> &Line {
        match &stmts[i] {
            Stmt::Line(l) => l,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lines_blocks_and_comments() {
        let src = "// head\nmodule \"a/b\" // m\n\n// lost\n\nrequire (\n\t// one\n\tx v1 // indirect\n\n\ty v2\n) // after\ngo 1.21\nretract ( )\nfoo ( ) bar\n";
        let stmts = parse("go.mod", src.as_bytes()).unwrap();
        assert_eq!(stmts.len(), 5);
        let m = line(&stmts, 0);
        assert_eq!(m.tokens, ["module", "\"a/b\""]);
        assert_eq!(m.before, ["// head"]);
        assert_eq!(m.suffix.as_deref(), Some("// m"));
        let Stmt::Block(b) = &stmts[1] else { panic!() };
        assert!(b.before.is_empty());
        assert_eq!(b.start, Pos { line: 6, col: 1 });
        assert_eq!(b.lines.len(), 2);
        assert_eq!(b.lines[0].before, ["// one"]);
        assert_eq!(b.lines[0].suffix.as_deref(), Some("// indirect"));
        assert_eq!(b.lines[1].before, [""]);
        assert_eq!(b.lines[1].start, Pos { line: 10, col: 2 });
        assert_eq!(line(&stmts, 2).tokens, ["go", "1.21"]);
        let Stmt::Block(empty) = &stmts[3] else {
            panic!()
        };
        assert!(empty.lines.is_empty());
        assert_eq!(line(&stmts, 4).tokens, ["foo", "(", ")", "bar"]);
    }

    #[test]
    fn tokens_split_on_punctuation_and_comments() {
        let stmts = parse("f", b"retract [v1.0.0,v1.1.0]//x\r\na//b\n").unwrap();
        assert_eq!(
            line(&stmts, 0).tokens,
            ["retract", "[", "v1.0.0", ",", "v1.1.0", "]"]
        );
        assert_eq!(line(&stmts, 0).suffix.as_deref(), Some("//x"));
        assert_eq!(line(&stmts, 1).tokens, ["a"]);
        // A string keeps its quotes and escapes; a raw string is a token too.
        let stmts = parse("f", b"a \"x\\\"y\" `r\\`\n").unwrap();
        assert_eq!(line(&stmts, 0).tokens, ["a", "\"x\\\"y\"", "`r\\`"]);
        assert!(parse("f", b"").unwrap().is_empty());
        assert_eq!(line(&parse("f", b"x").unwrap(), 0).tokens, ["x"]);
    }

    #[test]
    fn errors_at_their_positions() {
        let cases: [(&[u8], Pos, &str); 9] = [
            (
                b"module /* x */",
                Pos { line: 1, col: 8 },
                "mod files must use // comments (not /* */ comments)",
            ),
            (
                b"module a/*b",
                Pos { line: 1, col: 9 },
                "mod files must use // comments (not /* */ comments)",
            ),
            (
                b"module \"a\nb\"",
                Pos { line: 1, col: 10 },
                "unexpected newline in string",
            ),
            (
                b"x\nmodule \"ab",
                Pos { line: 2, col: 8 },
                "unexpected EOF in string",
            ),
            (
                b"module \"ab\\",
                Pos { line: 1, col: 8 },
                "unexpected EOF in string",
            ),
            (
                b"a \x01",
                Pos { line: 1, col: 3 },
                "unexpected input character '\\x01'",
            ),
            (
                b"\xef\xbb\xbfmodule x",
                Pos { line: 1, col: 1 },
                "unexpected input character '\\ufeff'",
            ),
            (
                b"require (\nx v1\n",
                Pos { line: 3, col: 1 },
                "syntax error (unterminated block started at go.mod:1:1)",
            ),
            (
                b"require (\n) x\n",
                Pos { line: 2, col: 4 },
                "syntax error (expected newline after closing paren)",
            ),
        ];
        for (src, pos, msg) in cases {
            let err = parse("go.mod", src).unwrap_err();
            assert_eq!(
                (err.pos, err.message.as_str()),
                (pos, msg),
                "{:?}",
                String::from_utf8_lossy(src)
            );
        }
        // Invalid UTF-8 reads as U+FFFD, which is printable: an identifier.
        let stmts = parse("f", b"module a\xffb\n").unwrap();
        assert_eq!(line(&stmts, 0).tokens, ["module", "a\u{FFFD}b"]);
    }
}
