//! `//go:debug` directives: where go/build finds them in a source file,
//! how cmd/go parses and checks each one (`ParseGoDebug`,
//! `CheckGodebug`), and its per-package check (`checkDirectives`).

use std::collections::HashMap;
use std::fmt;

use crate::gover;
use crate::table::{Refused, Table};

/// A place in a source file as go prints it: `file:line:column`, the
/// column counted in bytes from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// A `//go:` comment of a file's header (go/build's `Directive`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The comment, from its `//`, carriage returns removed.
    pub text: String,
    pub pos: Position,
}

/// The `//go:` comments before the package clause of the Go file `file`,
/// whose `header` is what go/build parses of it (its bytes through the
/// imports, after a leading byte order mark): the `//` comments starting
/// with `//go:` in the comment groups before `package`, in order.
///
/// go/build records none when the header does not parse; this reads only
/// the part before `package` and records none when that part is not
/// comments and white space followed by `package`, or the header is not
/// UTF-8. (A file that does not parse fails the build anyway.)
pub fn directives(file: &str, header: &[u8]) -> Vec<Directive> {
    if std::str::from_utf8(header).is_err() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let (mut i, mut line, mut line_start) = (0, 1, 0);
    loop {
        match header.get(i..).unwrap_or_default() {
            [b'\n', ..] => {
                i += 1;
                line += 1;
                line_start = i;
            }
            [b' ' | b'\t' | b'\r', ..] => i += 1,
            [b'/', b'/', ..] => {
                let len = header[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(header.len() - i);
                let raw = &header[i..i + len];
                if raw.starts_with(b"//go:") {
                    let text: Vec<u8> = raw.iter().copied().filter(|&b| b != b'\r').collect();
                    found.push(Directive {
                        text: String::from_utf8(text).unwrap_or_default(),
                        pos: Position {
                            file: file.to_string(),
                            line,
                            col: i - line_start + 1,
                        },
                    });
                }
                i += len;
            }
            [b'/', b'*', rest @ ..] => {
                let Some(len) = rest.windows(2).position(|w| w == b"*/") else {
                    return Vec::new();
                };
                for (j, &b) in rest[..len].iter().enumerate() {
                    if b == b'\n' {
                        line += 1;
                        line_start = i + 2 + j + 1;
                    }
                }
                i += 2 + len + 2;
            }
            rest => {
                let keyword = rest.starts_with(b"package")
                    && !rest
                        .get(7)
                        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80);
                return if keyword { found } else { Vec::new() };
            }
        }
    }
}

/// Why a `//go:debug` comment is not a setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a `//go:debug` directive at all (`//go:debugger`, `//go:build`).
    NotGoDebug,
    /// A malformed or refused setting, with go's message.
    Invalid(String),
}

/// What `//go:debug` settings are checked against: the SDK's table and its
/// go command's version (`1.26.6`, no `go` prefix), which bounds
/// `default=goX.Y`.
#[derive(Debug, Clone, Copy)]
pub struct Checker<'a> {
    pub table: &'a Table,
    pub toolchain: &'a str,
}

impl Checker<'_> {
    /// `CheckGodebug`: whether `key=value` may be set; `verb` names the
    /// kind of line in messages (`//go:debug setting`, `godebug`).
    pub fn check(&self, verb: &str, key: &str, value: &str) -> Result<(), String> {
        let has = |s: &str, set: &[char]| s.contains(set);
        if has(key, &[' ', '\t']) {
            return Err("key contains space".into());
        }
        if has(value, &[' ', '\t']) {
            return Err("value contains space".into());
        }
        if has(key, &[',']) {
            return Err("key contains comma".into());
        }
        if has(value, &[',']) {
            return Err("value contains comma".into());
        }
        if key == "default" {
            let version = value.strip_prefix("go").filter(|v| gover::is_valid(v));
            let Some(version) = version else {
                return Err("value for default= must be goVERSION".into());
            };
            if gover::compare(version, self.toolchain).is_gt() {
                return Err(format!(
                    "default={value} too new (toolchain is go{})",
                    self.toolchain
                ));
            }
            return Ok(());
        }
        if self.table.lookup(key).is_some() {
            return Ok(());
        }
        match self.table.removed(key) {
            None => Err(format!("unknown {verb} {key:?}")),
            Some(r) => match &r.refused {
                Refused::Any => Err(format!(
                    "use of removed {verb} {key:?}, see https://go.dev/doc/godebug#go-1{}",
                    r.removed
                )),
                Refused::Old(old) if old.iter().any(|o| o == value) => Err(format!(
                    "removed GODEBUG {key:?} set to old value {value:?} (https://go.dev/doc/godebug#go-1{})",
                    r.removed
                )),
                Refused::Old(_) => Ok(()),
            },
        }
    }

    /// `ParseGoDebug`: the key and value of a `//go:debug` comment.
    pub fn parse(&self, text: &str) -> Result<(String, String), ParseError> {
        if !text.starts_with("//go:debug") {
            return Err(ParseError::NotGoDebug);
        }
        // The first blank anywhere ends the name: `//go:debugger k=v` sets
        // k, as in go.
        let Some(i) = text.find([' ', '\t']) else {
            if text.trim() == "//go:debug" {
                return Err(ParseError::Invalid("missing key=value".into()));
            }
            return Err(ParseError::NotGoDebug);
        };
        let Some((key, value)) = text[i..].trim().split_once('=') else {
            return Err(ParseError::Invalid("missing key=value".into()));
        };
        self.check("//go:debug setting", key, value)
            .map_err(ParseError::Invalid)?;
        Ok((key.to_string(), value.to_string()))
    }

    /// `checkDirectives` on one package's directives (go/build's order):
    /// go's error lines for the refused and repeated `//go:debug`
    /// directives (a repeated one is two lines, the second naming the
    /// first), and the settings of the others.
    pub fn check_package(&self, directives: &[Directive]) -> Checked {
        let mut checked = Checked::default();
        let mut seen: HashMap<String, &Position> = HashMap::new();
        for d in directives {
            if !d.text.starts_with("//go:debug") {
                continue;
            }
            // As in go, a comment that is not a //go:debug directive after
            // all (`//go:debugger`) counts as the empty key here.
            let (key, value) = match self.parse(&d.text) {
                Ok(kv) => (kv.0, Some(kv.1)),
                Err(ParseError::NotGoDebug) => (String::new(), None),
                Err(ParseError::Invalid(why)) => {
                    checked
                        .errors
                        .push(format!("{}: invalid //go:debug: {why}", d.pos));
                    continue;
                }
            };
            if let Some(first) = seen.get(&key) {
                checked.errors.push(format!(
                    "{}: repeated //go:debug for {key}\n\t{first}: previous //go:debug",
                    d.pos
                ));
                continue;
            }
            seen.insert(key.clone(), &d.pos);
            if let Some(value) = value {
                checked.settings.push(Assignment {
                    key,
                    value,
                    origin: Origin::Directive(d.pos.to_string()),
                });
            }
        }
        checked
    }
}

/// The outcome of [`Checker::check_package`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// go's messages, one an entry, in order.
    pub errors: Vec<String>,
    /// The valid settings, in order.
    pub settings: Vec<Assignment>,
}

/// Where a setting comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A `godebug` line of the main module's go.mod, at this place if known
    /// (`go.mod:5`).
    GoMod(Option<String>),
    /// A `//go:debug` directive at this place (`main.go:1:1`).
    Directive(String),
}

/// One `key=value` setting and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub key: String,
    pub value: String,
    pub origin: Origin,
}

impl Assignment {
    /// How the setting is written where it comes from:
    /// `//go:debug k=v` or `godebug k=v`.
    pub fn as_written(&self) -> String {
        let verb = match self.origin {
            Origin::GoMod(_) => "godebug",
            Origin::Directive(_) => "//go:debug",
        };
        format!("{verb} {}={}", self.key, self.value)
    }

    /// Its place: the position, or `go.mod` for a go.mod line of unknown
    /// line.
    pub fn place(&self) -> &str {
        match &self.origin {
            Origin::GoMod(pos) => pos.as_deref().unwrap_or("go.mod"),
            Origin::Directive(pos) => pos,
        }
    }
}

#[cfg(test)]
mod tests;
