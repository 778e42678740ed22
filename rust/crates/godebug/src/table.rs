//! The SDK's table of GODEBUG settings, read from the Go source of
//! `src/internal/godebugs/table.go`: the rows of `All` (the known settings)
//! and of `Removed` (settings that Go dropped), as cmd/go uses them.
//!
//! The file is read with a small Go tokenizer, not a pattern: comments
//! (also commented-out rows) are skipped, fields may come in any order, and
//! `Removed`'s `Old` predicates (Go 1.27) are read from their source, a
//! function named in the file or a function literal, when they compare
//! the argument with string literals (`s == "1" || s == "2"`). Anything
//! else — an unknown field, a value of the wrong kind, a predicate of
//! another shape — is an error naming the line, rather than a guess.

use std::collections::BTreeMap;

/// A known setting (`godebugs.Info`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setting {
    pub name: String,
    /// The package that uses it (`runtime`, `crypto/tls`, ...).
    pub package: String,
    /// The Go 1.N minor version whose release changed its default (0: never).
    pub changed: i64,
    /// The value that restores the behaviour before `changed`.
    pub old: String,
    pub opaque: bool,
    pub immutable: bool,
}

/// Which values of a removed setting cmd/go refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Every value (Go 1.26's table has no `Old` field: any use is
    /// refused, "use of removed ...").
    Any,
    /// Only these "old" values (Go 1.27's `Old` predicate); the others are
    /// accepted (go.dev/issue/76163).
    Old(Vec<String>),
}

/// A removed setting (`godebugs.RemovedInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedSetting {
    pub name: String,
    /// The Go 1.N minor version that removed it.
    pub removed: i64,
    pub refused: Refused,
}

/// The two tables. An SDK whose file has no `Removed` (Go 1.24, 1.25) has
/// an empty list, which is also what its go command checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub all: Vec<Setting>,
    pub removed: Vec<RemovedSetting>,
}

/// Why the table could not be read: `file:line: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct TableError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl Table {
    /// Reads the text of `table.go`; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Table, TableError> {
        let fail = |line: usize, reason: String| TableError {
            file: file.to_string(),
            line,
            reason,
        };
        let toks = tokenize(text).map_err(|(line, reason)| fail(line, reason))?;
        let mut p = Parser { toks: &toks, i: 0 };
        p.table().map_err(|(line, reason)| fail(line, reason))
    }

    /// The known setting `name` (`godebugs.Lookup`).
    pub fn lookup(&self, name: &str) -> Option<&Setting> {
        self.all.iter().find(|s| s.name == name)
    }

    /// The removed setting `name`.
    pub fn removed(&self, name: &str) -> Option<&RemovedSetting> {
        self.removed.iter().find(|s| s.name == name)
    }

    /// The defaults of a main module at Go version `go_version`
    /// (`godebugForGoVersion`): `name=old` for every setting whose default
    /// changed after it. None when the version is not `1.N` or `1.N.x`
    /// with a number N (`1.21rc1`, `2.0`): then go applies no defaults.
    pub fn defaults_for(&self, go_version: &str) -> Option<BTreeMap<String, String>> {
        let mut v = go_version;
        if let Some(i) = v.find('.') {
            if let Some(j) = v[i + 1..].find('.') {
                v = &v[..i + 1 + j];
            }
        }
        let n = atoi(v.strip_prefix("1.")?)?;
        Some(
            self.all
                .iter()
                .filter(|s| n < s.changed)
                .map(|s| (s.name.clone(), s.old.clone()))
                .collect(),
        )
    }
}

/// `strconv.Atoi`: an optional sign and decimal digits that fit an int64.
fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Int(String),
    Str(String),
    /// Punctuation: one character, or `||`, `==`, `&&`, `:=`.
    Punct(&'static str),
}

type Failed = (usize, String);

/// The tokens of a Go source with their line numbers; comments dropped.
fn tokenize(text: &str) -> Result<Vec<(Tok, usize)>, Failed> {
    const PUNCT: &[&str] = &[
        "||", "==", "&&", ":=", "{", "}", "(", ")", "[", "]", ",", ":", ";", "=", "*", ".", "!",
        "<", ">", "+", "-", "/", "&", "|", "%", "^",
    ];
    let b = text.as_bytes();
    let mut toks = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < b.len() {
        let c = b[i];
        let start = line;
        if c == b'\n' {
            line += 1;
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if b[i..].starts_with(b"//") {
            i += b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .unwrap_or(b.len() - i);
        } else if b[i..].starts_with(b"/*") {
            let len = text[i + 2..]
                .find("*/")
                .ok_or((start, "comment not terminated".to_string()))?;
            line += text[i..i + 2 + len].matches('\n').count();
            i += len + 4;
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let n = text[i..]
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .unwrap_or(b.len() - i);
            if n == 0 {
                let ch = text[i..].chars().next().unwrap_or_default();
                return Err((start, format!("unexpected character {ch:?}")));
            }
            toks.push((Tok::Ident(text[i..i + n].to_string()), start));
            i += n;
        } else if c.is_ascii_digit() {
            let n = b[i..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.'))
                .unwrap_or(b.len() - i);
            toks.push((Tok::Int(text[i..i + n].to_string()), start));
            i += n;
        } else if c == b'"' || c == b'`' {
            let (s, n) = string_literal(&text[i..])
                .ok_or((start, "malformed string literal".to_string()))?;
            line += text[i..i + n].matches('\n').count();
            toks.push((Tok::Str(s), start));
            i += n;
        } else if let Some(p) = PUNCT.iter().find(|p| b[i..].starts_with(p.as_bytes())) {
            toks.push((Tok::Punct(p), start));
            i += p.len();
        } else {
            return Err((start, format!("unexpected character {:?}", c as char)));
        }
    }
    Ok(toks)
}

/// The value of the string literal at the start of `s` and its length.
fn string_literal(s: &str) -> Option<(String, usize)> {
    if let Some(body) = s.strip_prefix('`') {
        let end = body.find('`')?;
        return Some((body[..end].replace('\r', ""), end + 2));
    }
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\n' => return None,
            '\\' => {
                let (_, e) = chars.next()?;
                let simple = match e {
                    'a' => '\x07',
                    'b' => '\x08',
                    'f' => '\x0c',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\x0b',
                    '\\' | '"' => e,
                    'x' | 'u' | 'U' => {
                        let width = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut v = 0u32;
                        for _ in 0..width {
                            v = v * 16 + chars.next()?.1.to_digit(16)?;
                        }
                        // A \x escape above 0x7f is a byte, not a character:
                        // not text this table would hold.
                        if e == 'x' && v > 0x7f {
                            return None;
                        }
                        char::from_u32(v)?
                    }
                    _ => return None,
                };
                out.push(simple);
            }
            c => out.push(c),
        }
    }
    None
}

struct Parser<'t> {
    toks: &'t [(Tok, usize)],
    i: usize,
}

/// The value of a field in a row.
enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    /// The old values of a predicate.
    Pred(Vec<String>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Bool(_) => "a boolean",
            Value::Pred(_) => "a function",
        }
    }
}

impl<'t> Parser<'t> {
    fn line(&self) -> usize {
        match self.toks.get(self.i).or(self.toks.last()) {
            Some((_, line)) => *line,
            None => 1,
        }
    }

    fn peek(&self) -> Option<&'t Tok> {
        self.toks.get(self.i).map(|(t, _)| t)
    }

    fn fail<T>(&self, reason: impl Into<String>) -> Result<T, Failed> {
        Err((self.line(), reason.into()))
    }

    fn describe(&self) -> String {
        match self.peek() {
            None => "the end of the file".to_string(),
            Some(Tok::Ident(s)) | Some(Tok::Int(s)) => format!("`{s}`"),
            Some(Tok::Str(s)) => format!("{s:?}"),
            Some(Tok::Punct(p)) => format!("`{p}`"),
        }
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn is_ident(&self, name: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(s)) if s == name)
    }

    fn punct(&mut self, p: &str) -> Result<(), Failed> {
        if !self.is_punct(p) {
            return self.fail(format!("want `{p}`, got {}", self.describe()));
        }
        self.i += 1;
        Ok(())
    }

    fn keyword(&mut self, name: &str) -> Result<(), Failed> {
        if !self.is_ident(name) {
            return self.fail(format!("want `{name}`, got {}", self.describe()));
        }
        self.i += 1;
        Ok(())
    }

    fn ident(&mut self) -> Result<String, Failed> {
        match self.peek() {
            Some(Tok::Ident(s)) => {
                self.i += 1;
                Ok(s.clone())
            }
            _ => self.fail(format!("want a name, got {}", self.describe())),
        }
    }

    /// Where `var NAME = []TYPE{` starts, if anywhere.
    fn find_var(&self, name: &str, ty: &str) -> Option<usize> {
        let want = [
            Tok::Ident("var".into()),
            Tok::Ident(name.into()),
            Tok::Punct("="),
            Tok::Punct("["),
            Tok::Punct("]"),
            Tok::Ident(ty.into()),
            Tok::Punct("{"),
        ];
        self.toks
            .windows(want.len())
            .position(|w| w.iter().map(|(t, _)| t).eq(want.iter()))
            .map(|i| i + want.len())
    }

    fn table(&mut self) -> Result<Table, Failed> {
        let funcs = self.functions()?;
        let Some(start) = self.find_var("All", "Info") else {
            return Err((1, "no `var All = []Info{` table".to_string()));
        };
        self.i = start;
        let mut all = Vec::new();
        for fields in self.rows(&funcs)? {
            all.push(setting(fields)?);
        }
        let mut removed = Vec::new();
        if let Some(start) = self.find_var("Removed", "RemovedInfo") {
            self.i = start;
            for fields in self.rows(&funcs)? {
                removed.push(removed_setting(fields)?);
            }
        }
        Ok(Table { all, removed })
    }

    /// The top-level `func NAME(P string) bool { ... }` predicates whose
    /// body reads (names of other functions map to None).
    fn functions(&mut self) -> Result<BTreeMap<String, Option<Vec<String>>>, Failed> {
        let mut funcs = BTreeMap::new();
        let mut depth = 0usize;
        self.i = 0;
        while let Some(t) = self.peek() {
            match t {
                Tok::Punct("{") | Tok::Punct("(") | Tok::Punct("[") => depth += 1,
                Tok::Punct("}") | Tok::Punct(")") | Tok::Punct("]") => {
                    depth = depth.saturating_sub(1)
                }
                Tok::Ident(f) if f == "func" && depth == 0 => {
                    self.i += 1;
                    if let Some(Tok::Ident(name)) = self.peek() {
                        self.i += 1;
                        let at = self.i;
                        let old = self.predicate_rest().ok();
                        if old.is_none() {
                            self.i = at;
                        }
                        funcs.insert(name.clone(), old);
                    }
                    continue;
                }
                _ => {}
            }
            self.i += 1;
        }
        Ok(funcs)
    }

    /// `(P string) bool { return DISJUNCTION }`, after `func` (and a name):
    /// the string literals the parameter is compared with.
    fn predicate_rest(&mut self) -> Result<Vec<String>, Failed> {
        self.punct("(")?;
        let param = self.ident()?;
        self.keyword("string")?;
        self.punct(")")?;
        self.keyword("bool")?;
        self.punct("{")?;
        self.keyword("return")?;
        let mut old = Vec::new();
        if self.is_ident("false") {
            self.i += 1;
        } else {
            self.disjunction(&param, &mut old)?;
        }
        if self.is_punct(";") {
            self.i += 1;
        }
        self.punct("}")?;
        Ok(old)
    }

    /// `CMP || CMP ...`, each `P == "lit"`, `"lit" == P` or parenthesized.
    fn disjunction(&mut self, param: &str, old: &mut Vec<String>) -> Result<(), Failed> {
        loop {
            if self.is_punct("(") {
                self.i += 1;
                self.disjunction(param, old)?;
                self.punct(")")?;
            } else {
                let lit = match (self.toks.get(self.i), self.toks.get(self.i + 1), self.toks.get(self.i + 2)) {
                    (Some((Tok::Ident(p), _)), Some((Tok::Punct("=="), _)), Some((Tok::Str(s), _)))
                    | (Some((Tok::Str(s), _)), Some((Tok::Punct("=="), _)), Some((Tok::Ident(p), _)))
                        if p == param =>
                    {
                        s.clone()
                    }
                    _ => {
                        return self.fail(format!(
                            "an Old predicate must compare {param} with string literals (`{param} == \"1\" || ...`), got {}",
                            self.describe()
                        ))
                    }
                };
                self.i += 3;
                if !old.contains(&lit) {
                    old.push(lit);
                }
            }
            if !self.is_punct("||") {
                return Ok(());
            }
            self.i += 1;
        }
    }

    /// The rows of a composite literal up to its closing brace: each
    /// `{Field: value, ...}`, with the line it starts on.
    fn rows(
        &mut self,
        funcs: &BTreeMap<String, Option<Vec<String>>>,
    ) -> Result<Vec<Fields>, Failed> {
        let mut rows = Vec::new();
        loop {
            if self.is_punct("}") {
                return Ok(rows);
            }
            let line = self.line();
            self.punct("{")?;
            let mut fields = Fields {
                line,
                values: Vec::new(),
            };
            while !self.is_punct("}") {
                let field_line = self.line();
                let key = self.ident()?;
                self.punct(":")?;
                let value = self.value(funcs)?;
                if fields.values.iter().any(|(k, _, _)| *k == key) {
                    return Err((field_line, format!("field {key} given twice")));
                }
                fields.values.push((key, value, field_line));
                if !self.is_punct("}") {
                    self.punct(",")?;
                }
            }
            self.i += 1;
            rows.push(fields);
            if !self.is_punct("}") {
                self.punct(",")?;
            }
        }
    }

    fn value(&mut self, funcs: &BTreeMap<String, Option<Vec<String>>>) -> Result<Value, Failed> {
        let value = match self.peek() {
            Some(Tok::Str(s)) => Value::Str(s.clone()),
            Some(Tok::Int(n)) => match n.parse::<i64>() {
                Ok(v) if !n.starts_with('0') || n == "0" => Value::Int(v),
                _ => return self.fail(format!("`{n}`: want a decimal integer")),
            },
            Some(Tok::Ident(b)) if b == "true" || b == "false" => Value::Bool(b == "true"),
            Some(Tok::Ident(f)) if f == "func" => {
                self.i += 1;
                return self.predicate_rest().map(Value::Pred);
            }
            Some(Tok::Ident(name)) => match funcs.get(name) {
                Some(Some(old)) => Value::Pred(old.clone()),
                Some(None) => {
                    return self.fail(format!(
                        "function {name}: an Old predicate must be `func {name}(s string) bool {{ return s == \"1\" || ... }}`"
                    ))
                }
                None => return self.fail(format!("`{name}` is not a function of this file")),
            },
            _ => return self.fail(format!("want a value, got {}", self.describe())),
        };
        self.i += 1;
        Ok(value)
    }
}

/// One row's fields: (name, value, line), and the row's line.
struct Fields {
    line: usize,
    values: Vec<(String, Value, usize)>,
}

fn wrong_kind(field: &str, want: &str, got: &Value, line: usize) -> Failed {
    (line, format!("{field} must be {want}, not {}", got.kind()))
}

fn setting(fields: Fields) -> Result<Setting, Failed> {
    let mut s = Setting::default();
    for (key, value, line) in fields.values {
        match (key.as_str(), value) {
            ("Name", Value::Str(v)) => s.name = v,
            ("Package", Value::Str(v)) => s.package = v,
            ("Changed", Value::Int(v)) => s.changed = v,
            ("Old", Value::Str(v)) => s.old = v,
            ("Opaque", Value::Bool(v)) => s.opaque = v,
            ("Immutable", Value::Bool(v)) => s.immutable = v,
            ("Name" | "Package" | "Old", v) => return Err(wrong_kind(&key, "a string", &v, line)),
            ("Changed", v) => return Err(wrong_kind(&key, "an integer", &v, line)),
            ("Opaque" | "Immutable", v) => return Err(wrong_kind(&key, "a boolean", &v, line)),
            _ => return Err((line, format!("unknown field {key} in an All row"))),
        }
    }
    if s.name.is_empty() {
        return Err((fields.line, "an All row without a Name".to_string()));
    }
    Ok(s)
}

fn removed_setting(fields: Fields) -> Result<RemovedSetting, Failed> {
    let (mut name, mut removed, mut refused) = (String::new(), 0, Refused::Any);
    for (key, value, line) in fields.values {
        match (key.as_str(), value) {
            ("Name", Value::Str(v)) => name = v,
            ("Removed", Value::Int(v)) => removed = v,
            ("Old", Value::Pred(v)) => refused = Refused::Old(v),
            ("Name", v) => return Err(wrong_kind(&key, "a string", &v, line)),
            ("Removed", v) => return Err(wrong_kind(&key, "an integer", &v, line)),
            ("Old", v) => return Err(wrong_kind(&key, "a function", &v, line)),
            _ => return Err((line, format!("unknown field {key} in a Removed row"))),
        }
    }
    if name.is_empty() {
        return Err((fields.line, "a Removed row without a Name".to_string()));
    }
    Ok(RemovedSetting {
        name,
        removed,
        refused,
    })
}

#[cfg(test)]
mod tests;
