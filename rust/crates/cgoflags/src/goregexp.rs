//! Go's regular expressions (package `regexp`, its Perl-like syntax) on
//! the regex crate.
//!
//! Both engines descend from RE2 and match alike (leftmost-first, the same
//! repetition and flag semantics), but their syntax differs in places:
//! `\d`, `\s`, `\w` and `\b` are ASCII in Go and Unicode in the regex
//! crate; `\<`, `[a&&b]`, `[a[b]]`, `x{` or `\Q..\E` mean different things
//! or fail in one of them; `\p{...}` takes other names. So a pattern is
//! parsed here as go1.27's `regexp/syntax` parses it, with its errors and
//! their wording, and written out again in a form the regex crate reads
//! one way only: every character as `\x{..}`, every flag applied to the
//! piece it governs, every class spelled out as ranges, scripts and
//! categories named explicitly. No recursion: pieces are built bottom-up
//! as text, so no input can exhaust the stack here; the regex crate's
//! nesting limit guards its own recursion.
//!
//! What still differs, by design or by data:
//! - Unicode data: Go 1.27 has Unicode 17.0 tables (Go 1.24 to 1.26 have
//!   15.0), the regex crate 16.0. The four scripts new in 17.0 are refused
//!   here; categories and case folding follow the regex crate's tables.
//! - Limits: a pattern nested deeper than the regex crate's limit (250
//!   levels of its syntax, about 100 levels of groups) is refused as
//!   nesting too deeply, where Go allows a height of 1000; one whose
//!   compiled form exceeds the regex crate's size limit is refused as too
//!   large (e.g. `\pL{1000}`, which Go compiles).

use std::fmt;

use crate::unicode_names::{self, Target};

/// Why a pattern does not compile: Go's words
/// (`error parsing regexp: CODE: `EXPR``).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("error parsing regexp: {code}: `{expr}`")]
pub struct RegexpError {
    pub code: ErrorCode,
    /// The offending part of the pattern, as Go reports it.
    pub expr: String,
}

/// The kinds of error, Go's `regexp/syntax.ErrorCode`s and two of ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidCharRange,
    InvalidEscape,
    InvalidNamedCapture,
    InvalidPerlOp,
    InvalidRepeatOp,
    InvalidRepeatSize,
    MissingBracket,
    MissingParen,
    MissingRepeatArgument,
    TrailingBackslash,
    UnexpectedParen,
    NestingDepth,
    Large,
    /// Ours: a Unicode script newer than the regex crate's tables.
    UnknownScript,
    /// Ours: the regex crate refused the translation for another reason
    /// (not expected to happen).
    Unsupported,
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorCode::InvalidCharRange => "invalid character class range",
            ErrorCode::InvalidEscape => "invalid escape sequence",
            ErrorCode::InvalidNamedCapture => "invalid named capture",
            ErrorCode::InvalidPerlOp => "invalid or unsupported Perl syntax",
            ErrorCode::InvalidRepeatOp => "invalid nested repetition operator",
            ErrorCode::InvalidRepeatSize => "invalid repeat count",
            ErrorCode::MissingBracket => "missing closing ]",
            ErrorCode::MissingParen => "missing closing )",
            ErrorCode::MissingRepeatArgument => "missing argument to repetition operator",
            ErrorCode::TrailingBackslash => "trailing backslash at end of expression",
            ErrorCode::UnexpectedParen => "unexpected )",
            ErrorCode::NestingDepth => "expression nests too deeply",
            ErrorCode::Large => "expression too large",
            ErrorCode::UnknownScript => "Unicode script not in this build's Unicode 16.0 tables",
            ErrorCode::Unsupported => "not supported by the regex crate",
        })
    }
}

fn err(code: ErrorCode, expr: &str) -> RegexpError {
    RegexpError {
        code,
        expr: expr.to_string(),
    }
}

/// `s` up to where its suffix `rest` starts.
fn upto<'a>(s: &'a str, rest: &str) -> &'a str {
    &s[..s.len() - rest.len()]
}

/// A compiled Go regular expression.
#[derive(Debug, Clone)]
pub struct GoRegexp {
    re: regex::Regex,
}

impl GoRegexp {
    /// Compiles `pattern` as Go's `regexp.Compile` does.
    pub fn new(pattern: &str) -> Result<Self, RegexpError> {
        let text = translate(pattern)?;
        match regex::Regex::new(&text) {
            Ok(re) => Ok(GoRegexp { re }),
            Err(regex::Error::CompiledTooBig(_)) => Err(err(ErrorCode::Large, pattern)),
            Err(_) => {
                let nested = matches!(
                    regex_syntax::ast::parse::Parser::new().parse(&text),
                    Err(e) if matches!(e.kind(), regex_syntax::ast::ErrorKind::NestLimitExceeded(_))
                );
                let code = if nested {
                    ErrorCode::NestingDepth
                } else {
                    ErrorCode::Unsupported
                };
                Err(err(code, pattern))
            }
        }
    }

    /// Go's `re.FindStringIndex(s)`: where the leftmost-first match is.
    pub fn find(&self, s: &str) -> Option<std::ops::Range<usize>> {
        self.re.find(s).map(|m| m.range())
    }

    /// Go's `re.FindString(s) == s`, the test go build applies: the
    /// leftmost-first match is all of `s`. As in Go, an empty `s` always
    /// passes (FindString returns "" for no match too).
    pub fn matches_all(&self, s: &str) -> bool {
        self.re.find(s).map_or("", |m| m.as_str()) == s
    }
}

/// The flags of Go's syntax that change what a piece means.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    /// `i`
    fold: bool,
    /// `m`: `^` and `$` at line boundaries.
    multi_line: bool,
    /// `s`: `.` matches `\n`.
    dot_nl: bool,
    /// `U`: repetitions lazy unless followed by `?`.
    non_greedy: bool,
}

/// A parsed piece of the pattern, already in the regex crate's syntax.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    /// The largest product of counted repetition bounds (`{n,m}`) along a
    /// path into the piece: Go refuses more than 1000 copies.
    copies: u64,
    /// The height of Go's syntax tree for the piece, about: Go refuses
    /// more than 1000.
    height: u32,
}

/// Go's limits.
const MAX_COPIES: u64 = 1000;
const MAX_HEIGHT: u32 = 1000;

impl Piece {
    fn atom(text: impl Into<String>) -> Piece {
        Piece {
            text: text.into(),
            copies: 1,
            height: 1,
        }
    }
}

/// The largest of the pieces' copies and heights.
fn maxima(pieces: &[Piece]) -> (u64, u32) {
    pieces
        .iter()
        .fold((1, 1), |(c, h), p| (c.max(p.copies), h.max(p.height)))
}

/// A class that never matches, and one that matches any character.
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";
const ANYTHING: &str = r"[\x{0}-\x{10FFFF}]";

/// One character; None for a surrogate, which no string holds.
fn char_text(c: u32) -> Option<String> {
    char::from_u32(c).map(|c| format!(r"\x{{{:X}}}", c as u32))
}

/// Concatenation: the pieces one after the other.
fn concat(pieces: Vec<Piece>) -> Piece {
    match pieces.len() {
        0 => Piece::atom("(?:)"),
        1 => pieces.into_iter().next().unwrap_or_else(|| Piece::atom("")),
        _ => {
            let (copies, height) = maxima(&pieces);
            Piece {
                text: pieces.into_iter().map(|p| p.text).collect(),
                copies,
                height: height + 1,
            }
        }
    }
}

/// Alternation, or the one piece.
fn alternate(mut alts: Vec<Piece>) -> Piece {
    if alts.len() == 1 {
        return alts.pop().unwrap_or_else(|| Piece::atom(""));
    }
    let (copies, height) = maxima(&alts);
    let texts: Vec<String> = alts.into_iter().map(|p| p.text).collect();
    Piece {
        text: format!("(?:{})", texts.join("|")),
        copies,
        height: height + 1,
    }
}

/// The group being parsed: finished alternatives, the current
/// concatenation, the flags to restore at its `)`, and whether it captures
/// (a node of its own in Go's tree).
#[derive(Debug, Default)]
struct Group {
    alts: Vec<Piece>,
    concat: Vec<Piece>,
    outer_flags: Flags,
    capturing: bool,
}

impl Group {
    fn finish(mut self) -> Piece {
        self.alts.push(concat(self.concat));
        alternate(self.alts)
    }
}

/// An element of a bracketed class.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// Code points lo..=hi (surrogates possible: Go allows them).
    Range(u32, u32),
    /// A Perl or POSIX class, or ASCII: ASCII ranges.
    Ranges {
        negated: bool,
        ranges: &'static [(u8, u8)],
    },
    /// A Unicode property of the regex crate.
    Prop { negated: bool, name: &'static str },
}

const DIGIT: &[(u8, u8)] = &[(b'0', b'9')];
const PERL_SPACE: &[(u8, u8)] = &[(b'\t', b'\n'), (0x0c, b'\r'), (b' ', b' ')];
const WORD: &[(u8, u8)] = &[(b'0', b'9'), (b'A', b'Z'), (b'_', b'_'), (b'a', b'z')];
const ASCII: &[(u8, u8)] = &[(0, 0x7f)];

/// `\d`, `\s`, `\w` and their negations: ASCII only in Go.
fn perl_class(s: &str) -> Option<(Part, &str)> {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b'\\' {
        return None;
    }
    let ranges = match b[1].to_ascii_lowercase() {
        b'd' => DIGIT,
        b's' => PERL_SPACE,
        b'w' => WORD,
        _ => return None,
    };
    let part = Part::Ranges {
        negated: b[1].is_ascii_uppercase(),
        ranges,
    };
    Some((part, &s[2..]))
}

/// The POSIX classes Go knows, `[:name:]` (`[:^name:]` negates).
fn posix_ranges(name: &str) -> Option<&'static [(u8, u8)]> {
    Some(match name {
        "alnum" => &[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z')],
        "alpha" => &[(b'A', b'Z'), (b'a', b'z')],
        "ascii" => ASCII,
        "blank" => &[(b'\t', b'\t'), (b' ', b' ')],
        "cntrl" => &[(0, 0x1f), (0x7f, 0x7f)],
        "digit" => DIGIT,
        "graph" => &[(b'!', b'~')],
        "lower" => &[(b'a', b'z')],
        "print" => &[(b' ', b'~')],
        "punct" => &[(b'!', b'/'), (b':', b'@'), (b'[', b'`'), (b'{', b'~')],
        "space" => &[(b'\t', b'\r'), (b' ', b' ')],
        "upper" => &[(b'A', b'Z')],
        "word" => WORD,
        "xdigit" => &[(b'0', b'9'), (b'A', b'F'), (b'a', b'f')],
        _ => return None,
    })
}

/// A POSIX class at the start of `s` (which starts with `[:`): None if
/// there is no `:]` (then `[` is an ordinary character).
fn posix_class(s: &str) -> Result<Option<(Part, &str)>, RegexpError> {
    let Some(i) = s[2..].find(":]") else {
        return Ok(None);
    };
    let end = i + 4;
    let (whole, rest) = (&s[..end], &s[end..]);
    let inner = &whole[2..end - 2];
    let (negated, name) = match inner.strip_prefix('^') {
        Some(n) => (true, n),
        None => (false, inner),
    };
    match posix_ranges(name) {
        Some(ranges) => Ok(Some((Part::Ranges { negated, ranges }, rest))),
        None => Err(err(ErrorCode::InvalidCharRange, whole)),
    }
}

/// A Unicode class `\pN`, `\p{Name}`, `\PN`, `\P{Name}`, `\p{^Name}` at the
/// start of `s`; None if `s` starts otherwise. The parts it stands for:
/// none for an empty set.
fn unicode_class(s: &str) -> Result<Option<(Vec<Part>, &str)>, RegexpError> {
    if !(s.starts_with(r"\p") || s.starts_with(r"\P")) {
        return Ok(None);
    }
    let mut negated = s.as_bytes()[1] == b'P';
    let t = &s[2..];
    let (seq, name, rest) = match t.chars().next() {
        Some('{') => {
            let Some(end) = s.find('}') else {
                return Err(err(ErrorCode::InvalidCharRange, s));
            };
            (&s[..=end], &s[3..end], &s[end + 1..])
        }
        Some(c) => {
            let rest = &t[c.len_utf8()..];
            let seq = upto(s, rest);
            (seq, &seq[2..], rest)
        }
        None => (s, "", t),
    };
    let name = match name.strip_prefix('^') {
        Some(n) => {
            negated = !negated;
            n
        }
        None => name,
    };
    let parts = match unicode_names::lookup(name) {
        None => return Err(err(ErrorCode::InvalidCharRange, seq)),
        Some(Target::Missing) => return Err(err(ErrorCode::UnknownScript, seq)),
        Some(Target::Prop(name)) => vec![Part::Prop { negated, name }],
        Some(Target::Ascii) => vec![Part::Ranges {
            negated,
            ranges: ASCII,
        }],
        Some(Target::Empty) if negated => vec![Part::Range(0, 0x10ffff)],
        Some(Target::Empty) => Vec::new(),
    };
    Ok(Some((parts, rest)))
}

/// The escape sequence for one character at the start of `s` (which
/// starts with `\`): the code point and the rest.
fn escape_char(s: &str) -> Result<(u32, &str), RegexpError> {
    let after = &s[1..];
    let Some(c) = after.chars().next() else {
        return Err(err(ErrorCode::TrailingBackslash, ""));
    };
    let mut t = &after[c.len_utf8()..];
    let octal = |t: &str| t.bytes().next().filter(|b| (b'0'..=b'7').contains(b));
    match c {
        // Punctuation stands for itself.
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => return Ok((c as u32, t)),
        // Up to three octal digits; a lone \1 to \7 would be a
        // backreference, which Go does not support.
        '0'..='7' if c == '0' || octal(t).is_some() => {
            let mut r = c as u32 - '0' as u32;
            for _ in 1..3 {
                let Some(d) = octal(t) else { break };
                r = r * 8 + u32::from(d - b'0');
                t = &t[1..];
            }
            return Ok((r, t));
        }
        'x' => {
            if let Some(r) = hex_escape(&mut t) {
                return Ok((r, t));
            }
        }
        'a' => return Ok((7, t)),
        'f' => return Ok((0x0c, t)),
        'n' => return Ok((u32::from(b'\n'), t)),
        'r' => return Ok((u32::from(b'\r'), t)),
        't' => return Ok((u32::from(b'\t'), t)),
        'v' => return Ok((0x0b, t)),
        _ => {}
    }
    Err(err(ErrorCode::InvalidEscape, upto(s, t)))
}

/// After `\x`: `{HEX...}` (at least one digit, at most U+10FFFF) or two hex
/// digits. `t` advances over what was read, valid or not.
fn hex_escape(t: &mut &str) -> Option<u32> {
    let mut next = || {
        let c = t.chars().next()?;
        *t = &t[c.len_utf8()..];
        Some(c)
    };
    let first = next()?;
    if first == '{' {
        let mut r: u32 = 0;
        let mut digits = 0;
        loop {
            let c = next()?;
            if c == '}' {
                break;
            }
            r = r * 16 + c.to_digit(16)?;
            if r > 0x10ffff {
                return None;
            }
            digits += 1;
        }
        return (digits > 0).then_some(r);
    }
    let hi = first.to_digit(16);
    let lo = next().and_then(|c| c.to_digit(16));
    Some(hi? * 16 + lo?)
}

/// One character of a class at the start of `s`; `class` is the whole
/// class from its `[`, for the error when `]` is missing.
fn class_char<'a>(s: &'a str, class: &str) -> Result<(u32, &'a str), RegexpError> {
    match s.chars().next() {
        None => Err(err(ErrorCode::MissingBracket, class)),
        Some('\\') => escape_char(s),
        Some(c) => Ok((c as u32, &s[c.len_utf8()..])),
    }
}

/// `{min}`, `{min,}` or `{min,max}` at the start of `s`: the bounds (None
/// for no upper bound; a number too big for Go is u32::MAX) and the rest;
/// None if `s` does not start with one (then `{` is an ordinary
/// character).
fn counted_repeat(s: &str) -> Option<(u32, Option<u32>, &str)> {
    let s = s.strip_prefix('{')?;
    let (min, s) = decimal(s)?;
    let (max, s) = match s.strip_prefix(',') {
        None => (Some(min), s),
        Some(s) if s.starts_with('}') => (None, s),
        Some(s) => {
            let (max, s) = decimal(s)?;
            (Some(max), s)
        }
    };
    let rest = s.strip_prefix('}')?;
    Some((min, max, rest))
}

/// A decimal number without leading zeros; u32::MAX when too big.
fn decimal(s: &str) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits > 1 && s.starts_with('0')) {
        return None;
    }
    let (num, rest) = s.split_at(digits);
    let n = num
        .bytes()
        .try_fold(0u32, |n, d| {
            (n < 100_000_000).then(|| n * 10 + u32::from(d - b'0'))
        })
        .unwrap_or(u32::MAX);
    Some((n, rest))
}

/// Go's pattern in the regex crate's syntax.
pub(crate) fn translate(pattern: &str) -> Result<String, RegexpError> {
    let mut p = Parser {
        whole: pattern,
        flags: Flags::default(),
        outer: Vec::new(),
        cur: Group::default(),
    };
    p.parse()?;
    let piece = p.cur.finish();
    if piece.height > MAX_HEIGHT {
        return Err(err(ErrorCode::NestingDepth, pattern));
    }
    Ok(piece.text)
}

struct Parser<'a> {
    whole: &'a str,
    flags: Flags,
    /// The enclosing groups of `cur`, innermost last.
    outer: Vec<Group>,
    cur: Group,
}

impl<'a> Parser<'a> {
    fn parse(&mut self) -> Result<(), RegexpError> {
        let mut t = self.whole;
        // The text from the last repetition operator, if the previous item
        // was one: Go refuses to stack them (`a**`).
        let mut last_repeat: Option<&'a str> = None;
        while let Some(c) = t.chars().next() {
            let mut repeat = None;
            let after = &t[c.len_utf8()..];
            match c {
                '(' if after.starts_with('?') => t = self.perl_group(t)?,
                '(' => {
                    self.open(self.flags, true);
                    t = after;
                }
                '|' => {
                    let done = concat(std::mem::take(&mut self.cur.concat));
                    self.cur.alts.push(done);
                    t = after;
                }
                ')' => {
                    self.close()?;
                    t = after;
                }
                '^' | '$' | '.' => {
                    let f = self.flags;
                    self.push_atom(match c {
                        '^' if f.multi_line => "(?m:^)",
                        '^' => r"\A",
                        '$' if f.multi_line => "(?m:$)",
                        '$' => r"\z",
                        _ if f.dot_nl => ANYTHING,
                        _ => r"[^\x{A}]",
                    });
                    t = after;
                }
                '[' => t = self.class(t)?,
                '*' | '+' | '?' => {
                    let (min, max) = match c {
                        '*' => (0, None),
                        '+' => (1, None),
                        _ => (0, Some(1)),
                    };
                    repeat = Some(t);
                    t = self.repeat(min, max, false, t, after, last_repeat)?;
                }
                '{' => match counted_repeat(t) {
                    None => {
                        self.literal(u32::from(b'{'));
                        t = after;
                    }
                    Some((min, max, rest)) => {
                        if min > 1000 || max.is_some_and(|m| m > 1000 || min > m) {
                            return Err(err(ErrorCode::InvalidRepeatSize, upto(t, rest)));
                        }
                        repeat = Some(t);
                        t = self.repeat(min, max, true, t, rest, last_repeat)?;
                    }
                },
                '\\' => t = self.escape(t)?,
                c => {
                    self.literal(c as u32);
                    t = after;
                }
            }
            last_repeat = repeat;
        }
        if !self.outer.is_empty() {
            return Err(err(ErrorCode::MissingParen, self.whole));
        }
        Ok(())
    }

    fn push(&mut self, piece: Piece) {
        self.cur.concat.push(piece);
    }

    /// Adds a piece that may have grown too tall for Go.
    fn push_checked(&mut self, piece: Piece) -> Result<(), RegexpError> {
        if piece.height > MAX_HEIGHT {
            return Err(err(ErrorCode::NestingDepth, self.whole));
        }
        self.push(piece);
        Ok(())
    }

    fn push_atom(&mut self, text: &str) {
        self.push(Piece::atom(text));
    }

    /// A piece under the current flags: case folded if `i` is on.
    fn push_folded(&mut self, text: String) {
        if self.flags.fold {
            self.push(Piece::atom(format!("(?i:{text})")));
        } else {
            self.push(Piece::atom(text));
        }
    }

    fn literal(&mut self, c: u32) {
        match char_text(c) {
            Some(text) => self.push_folded(text),
            None => self.push_atom(NOTHING),
        }
    }

    /// Starts a group whose `)` restores `outer_flags`.
    fn open(&mut self, outer_flags: Flags, capturing: bool) {
        let inner = Group {
            outer_flags,
            capturing,
            ..Group::default()
        };
        self.outer.push(std::mem::replace(&mut self.cur, inner));
    }

    fn close(&mut self) -> Result<(), RegexpError> {
        let Some(outer) = self.outer.pop() else {
            return Err(err(ErrorCode::UnexpectedParen, self.whole));
        };
        let group = std::mem::replace(&mut self.cur, outer);
        self.flags = group.outer_flags;
        let capturing = group.capturing;
        let mut piece = group.finish();
        if capturing {
            piece.height += 1;
        }
        self.push_checked(piece)
    }

    /// `(?` at the start of `s`: a named group, a flag change, or a
    /// non-capturing group with flags.
    fn perl_group(&mut self, s: &'a str) -> Result<&'a str, RegexpError> {
        let b = s.as_bytes();
        let named_p = b.len() > 4 && b[2] == b'P' && b[3] == b'<';
        let named = b.len() > 3 && b[2] == b'<';
        if named_p || named {
            let start = if named_p { 4 } else { 3 };
            let Some(end) = s.find('>') else {
                return Err(err(ErrorCode::InvalidNamedCapture, s));
            };
            let name = &s[start..end];
            if name.is_empty() || !name.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric()) {
                return Err(err(ErrorCode::InvalidNamedCapture, &s[..=end]));
            }
            self.open(self.flags, true);
            return Ok(&s[end + 1..]);
        }
        let mut t = &s[2..];
        let mut flags = self.flags;
        let (mut negative, mut saw_flag) = (false, false);
        while let Some(c) = t.chars().next() {
            t = &t[c.len_utf8()..];
            let on = !negative;
            match c {
                'i' => flags.fold = on,
                'm' => flags.multi_line = on,
                's' => flags.dot_nl = on,
                'U' => flags.non_greedy = on,
                '-' if !negative => {
                    negative = true;
                    saw_flag = false;
                    continue;
                }
                ':' | ')' if !negative || saw_flag => {
                    if c == ':' {
                        self.open(self.flags, false);
                    }
                    self.flags = flags;
                    return Ok(t);
                }
                _ => break,
            }
            saw_flag = true;
        }
        Err(err(ErrorCode::InvalidPerlOp, upto(s, t)))
    }

    /// A repetition operator: `op` is the text from the operator on,
    /// `after` what follows it. Returns the rest after an optional `?`.
    fn repeat(
        &mut self,
        min: u32,
        max: Option<u32>,
        counted: bool,
        op: &'a str,
        after: &'a str,
        last_repeat: Option<&'a str>,
    ) -> Result<&'a str, RegexpError> {
        let (after, lazy) = match after.strip_prefix('?') {
            Some(rest) => (rest, !self.flags.non_greedy),
            None => (after, self.flags.non_greedy),
        };
        if let Some(last) = last_repeat {
            return Err(err(ErrorCode::InvalidRepeatOp, upto(last, after)));
        }
        let Some(sub) = self.cur.concat.pop() else {
            return Err(err(ErrorCode::MissingRepeatArgument, upto(op, after)));
        };
        let bounds = match (min, max) {
            (0, None) => "*".to_string(),
            (1, None) => "+".to_string(),
            (0, Some(1)) if !counted => "?".to_string(),
            (n, None) => format!("{{{n},}}"),
            (n, Some(m)) if n == m => format!("{{{n}}}"),
            (n, Some(m)) => format!("{{{n},{m}}}"),
        };
        let copies = match (counted, max) {
            (false, _) => sub.copies,
            // {0} and {0,0}: Go does not look inside.
            (true, Some(0)) => 1,
            (true, _) => u64::from(max.unwrap_or(min).max(1)).saturating_mul(sub.copies),
        };
        if counted && (min >= 2 || max.is_some_and(|m| m >= 2)) && copies > MAX_COPIES {
            return Err(err(ErrorCode::InvalidRepeatSize, upto(op, after)));
        }
        let lazy = if lazy { "?" } else { "" };
        self.push_checked(Piece {
            text: format!("(?:{}){bounds}{lazy}", sub.text),
            copies,
            height: sub.height + 1,
        })?;
        Ok(after)
    }

    /// `\` at the start of `s` outside a class.
    fn escape(&mut self, s: &'a str) -> Result<&'a str, RegexpError> {
        let atom = match s.as_bytes().get(1) {
            Some(b'A') => Some(r"\A"),
            Some(b'z') => Some(r"\z"),
            // ASCII word boundaries, as in Go.
            Some(b'b') => Some(r"(?-u:\b)"),
            Some(b'B') => Some(r"(?-u:\B)"),
            Some(b'C') => return Err(err(ErrorCode::InvalidEscape, &s[..2])),
            Some(b'Q') => {
                let body = &s[2..];
                let (lit, rest) = body.split_once(r"\E").unwrap_or((body, ""));
                for c in lit.chars() {
                    self.literal(c as u32);
                }
                return Ok(rest);
            }
            _ => None,
        };
        if let Some(atom) = atom {
            self.push_atom(atom);
            return Ok(&s[2..]);
        }
        if let Some((parts, rest)) = unicode_class(s)? {
            self.push_class(&parts, false);
            return Ok(rest);
        }
        if let Some((part, rest)) = perl_class(s) {
            self.push_class(&[part], false);
            return Ok(rest);
        }
        let (c, rest) = escape_char(s)?;
        self.literal(c);
        Ok(rest)
    }

    /// A bracketed class at the start of `s`.
    fn class(&mut self, s: &'a str) -> Result<&'a str, RegexpError> {
        let mut t = &s[1..];
        let negated = match t.strip_prefix('^') {
            Some(rest) => {
                t = rest;
                true
            }
            None => false,
        };
        let mut parts = Vec::new();
        // `]` is a member when first.
        let mut first = true;
        while first || !t.starts_with(']') {
            first = false;
            if t.len() > 2 && t.starts_with("[:") {
                if let Some((part, rest)) = posix_class(t)? {
                    parts.push(part);
                    t = rest;
                    continue;
                }
            }
            if let Some((more, rest)) = unicode_class(t)? {
                parts.extend(more);
                t = rest;
                continue;
            }
            if let Some((part, rest)) = perl_class(t) {
                parts.push(part);
                t = rest;
                continue;
            }
            let range = t;
            let (lo, rest) = class_char(t, s)?;
            t = rest;
            let mut hi = lo;
            // `a-` before `]` is two members.
            if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
                let (h, rest) = class_char(&t[1..], s)?;
                t = rest;
                if h < lo {
                    return Err(err(ErrorCode::InvalidCharRange, upto(range, t)));
                }
                hi = h;
            }
            parts.push(Part::Range(lo, hi));
        }
        self.push_class(&parts, negated);
        Ok(&t[1..])
    }

    fn push_class(&mut self, parts: &[Part], negated: bool) {
        let mut body = String::new();
        for part in parts {
            match *part {
                Part::Range(lo, hi) => push_range(&mut body, lo, hi),
                Part::Ranges {
                    negated: false,
                    ranges,
                } => {
                    for &(lo, hi) in ranges {
                        push_range(&mut body, lo.into(), hi.into());
                    }
                }
                Part::Ranges {
                    negated: true,
                    ranges,
                } => {
                    body.push_str("[^");
                    for &(lo, hi) in ranges {
                        push_range(&mut body, lo.into(), hi.into());
                    }
                    body.push(']');
                }
                Part::Prop { negated, name } => {
                    let p = if negated { 'P' } else { 'p' };
                    body.push_str(&format!(r"\{p}{{{name}}}"));
                }
            }
        }
        match (body.is_empty(), negated) {
            (true, false) => self.push_atom(NOTHING),
            (true, true) => self.push_atom(ANYTHING),
            (false, false) => self.push_folded(format!("[{body}]")),
            (false, true) => self.push_folded(format!("[^{body}]")),
        }
    }
}

/// Code points lo..=hi as class members, surrogates left out.
fn push_range(body: &mut String, lo: u32, hi: u32) {
    const SURROGATES: (u32, u32) = (0xd800, 0xdfff);
    let pieces = [
        (lo, hi.min(SURROGATES.0 - 1)),
        (lo.max(SURROGATES.1 + 1), hi),
    ];
    for (a, b) in pieces {
        if a > b {
            continue;
        }
        let (Some(a), Some(b)) = (char_text(a), char_text(b)) else {
            continue;
        };
        if a == b {
            body.push_str(&a);
        } else {
            body.push_str(&format!("{a}-{b}"));
        }
    }
}

#[cfg(test)]
mod tests;
