//! go.mod's directives and their checks, as `modfile.Parse` (strict: the
//! main module's file) and `modfile.ParseLax` (a dependency's file) apply
//! them with no version fixer: every version must have a canonical form,
//! which replaces it.

use std::fmt;

use serde::Serialize;

use crate::semver;
use crate::syntax::{self, Block, Line, Pos, Stmt};
use fips_gostr::{quote as go_quote, unquote};

/// Which reading of a go.mod file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The main module's go.mod: every directive is checked, unknown ones
    /// are errors.
    Strict,
    /// A dependency's go.mod: only `module`, `go`, `require`, `retract`
    /// and `ignore` are read (malformed retractions are skipped); the rest,
    /// known or not, is ignored, so that newer directives do not break
    /// older readers.
    Lax,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Require {
    pub path: String,
    pub version: String,
    pub indirect: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exclude {
    pub path: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replace {
    pub old_path: String,
    /// None: every version of `old_path` is replaced.
    pub old_version: Option<String>,
    pub new_path: String,
    /// None exactly when `new_path` is a local directory.
    pub new_version: Option<String>,
    /// `new_path` is a directory (`./x`, `../x`, `/x`, `C:\x`).
    pub local: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retract {
    /// `low == high` for a single version.
    pub low: String,
    pub high: String,
    /// The comment lines above or after the retraction (or above its block).
    pub rationale: String,
}

/// A parsed go.mod file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ModFile {
    pub module: Option<String>,
    /// The module's `Deprecated:` paragraph, if its comments have one.
    pub deprecated: Option<String>,
    pub go: Option<String>,
    pub toolchain: Option<String>,
    pub godebug: Vec<(String, String)>,
    pub require: Vec<Require>,
    pub exclude: Vec<Exclude>,
    pub replace: Vec<Replace>,
    pub retract: Vec<Retract>,
    pub tool: Vec<String>,
    pub ignore: Vec<String>,
}

/// One error, at the line of the statement it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub message: String,
}

/// Why a go.mod file was refused: every error found, in file order, each
/// printed as modfile prints it (`go.mod:3: require x: version ...`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ModFileError {
    pub file: String,
    pub errors: Vec<Diagnostic>,
}

impl fmt::Display for ModFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if d.pos.col > 1 {
                write!(f, "{}:{}:{}: ", self.file, d.pos.line, d.pos.col)?;
            } else if d.pos.line > 0 {
                write!(f, "{}:{}: ", self.file, d.pos.line)?;
            } else if !self.file.is_empty() {
                write!(f, "{}: ", self.file)?;
            }
            f.write_str(&d.message)?;
        }
        Ok(())
    }
}

/// `1.21`, `1.21.3`, `1.21rc1` (modfile's GoVersionRE).
pub fn is_go_version(v: &str) -> bool {
    let (nums, tail) = match v.find(|c: char| c.is_ascii_lowercase()) {
        Some(i) => v.split_at(i),
        None => (v, ""),
    };
    let parts: Vec<&str> = nums.split('.').collect();
    let number = |s: &str, first: bool| {
        !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_digit())
            && !(s.starts_with('0') && (first || s.len() > 1))
    };
    let prerelease_ok = tail.is_empty() || {
        let letters = tail.bytes().take_while(u8::is_ascii_lowercase).count();
        let digits = &tail[letters..];
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    (parts.len() == 2 || parts.len() == 3)
        && number(parts[0], true)
        && parts.iter().skip(1).all(|p| number(p, false))
        && prerelease_ok
}

/// What lax parsing makes of an odd `go` version: `v1.21-x` and `1.21rc`
/// read as `1.21` (modfile's laxGoVersionRE).
fn lax_go_version(v: &str) -> Option<&str> {
    let body = v.strip_prefix('v').unwrap_or(v);
    let major_len = body.bytes().take_while(u8::is_ascii_digit).count();
    let (major, rest) = body.split_at(major_len);
    if major.is_empty() || major.starts_with('0') {
        return None;
    }
    let rest = rest.strip_prefix('.')?;
    let minor_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (minor, tail) = rest.split_at(minor_len);
    if minor.is_empty() || (minor.len() > 1 && minor.starts_with('0')) {
        return None;
    }
    // The rest must start with a non-digit (and there must be a rest).
    if !tail.chars().next().is_some_and(|c| !c.is_ascii_digit()) {
        return None;
    }
    Some(&body[..major_len + 1 + minor_len])
}

/// `default`, `go1`, `go1.21.0`, `go1.21rc1`... (modfile's ToolchainRE).
fn is_toolchain_name(v: &str) -> bool {
    v == "default" || v == "go1" || v.starts_with("go1.")
}

/// Whether a replacement path names a directory rather than a module
/// (`modfile.IsDirectoryPath`).
pub fn is_directory_path(p: &str) -> bool {
    let b = p.as_bytes();
    p == "."
        || p.starts_with("./")
        || p.starts_with(".\\")
        || p == ".."
        || p.starts_with("../")
        || p.starts_with("..\\")
        || p.starts_with('/')
        || p.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

/// A module path or other string argument: a double-quoted string is
/// unquoted; an unquoted one may not contain quotes.
fn parse_string(tok: &str) -> Result<String, String> {
    if tok.starts_with('"') {
        unquote(tok).ok_or_else(|| "invalid syntax".to_string())
    } else if tok.contains(['"', '\'', '`']) {
        Err("unquoted string cannot contain quote".into())
    } else {
        Ok(tok.to_string())
    }
}

/// The error text of a version that is not one (`module.InvalidVersionError`).
fn invalid_version(version: &str, why: &str) -> String {
    format!("version {} invalid: {why}", go_quote(version))
}

/// A version argument in its canonical form, or the message.
fn parse_version(verb: &str, path: &str, tok: &str, canonicalize: bool) -> Result<String, String> {
    let prefix = if path.is_empty() {
        format!("{verb}: ")
    } else {
        format!("{verb} {path}: ")
    };
    let t = parse_string(tok).map_err(|e| format!("{prefix}{}", invalid_version(tok, &e)))?;
    if !canonicalize {
        return Ok(t);
    }
    let cv = semver::canonical_module_version(&t);
    if cv.is_empty() {
        return Err(format!(
            "{prefix}{}",
            invalid_version(&t, "must be of the form v1.2.3")
        ));
    }
    Ok(cv)
}

/// `module.CheckPathMajor`: a `/vN` path needs vN versions; a path without
/// a suffix takes v0, v1 and `+incompatible`; gopkg.in's `.vN` likewise.
pub fn check_path_major(version: &str, path_major: &str) -> Result<(), String> {
    let mut pm = path_major;
    if pm.starts_with(".v") {
        pm = pm.strip_suffix("-unstable").unwrap_or(pm);
    }
    if version.starts_with("v0.0.0-") && pm == ".v1" {
        return Ok(());
    }
    let m = semver::major(version);
    let want = if pm.is_empty() {
        if m == "v0" || m == "v1" || semver::build(version) == "+incompatible" {
            return Ok(());
        }
        "v0 or v1"
    } else {
        let want = &pm[1..];
        if m == want {
            return Ok(());
        }
        want
    };
    Err(invalid_version(
        version,
        &format!("should be {want}, not {m}"),
    ))
}

/// `module.Check`: a valid module path and a valid version that fits its
/// major version suffix.
pub fn check_module_version(path: &str, version: &str) -> Result<(), String> {
    fips_modpath::check_path_of_module(path).map_err(|e| e.to_string())?;
    if !semver::is_valid(version) {
        return Err(format!(
            "module {path}: {}",
            invalid_version(version, "not a semantic version")
        ));
    }
    let (_, major) = fips_modpath::split_path_version(path).unwrap_or((path, ""));
    check_path_major(version, major).map_err(|e| format!("module {path}: {e}"))
}

fn path_major(path: &str) -> Result<&str, String> {
    fips_modpath::split_path_version(path)
        .map(|(_, m)| m)
        .ok_or_else(|| "invalid module path".to_string())
}

fn is_indirect(line: &Line) -> bool {
    let Some(c) = &line.suffix else {
        return false;
    };
    let f: Vec<&str> = c
        .strip_prefix("//")
        .unwrap_or(c)
        .split_whitespace()
        .collect();
    (f.len() == 1 && f[0] == "indirect") || (f.len() > 1 && f[0] == "indirect;")
}

/// The comment text of a directive: its own comment lines above and after
/// it, else (inside a block) those above the block.
fn directive_comment(block: Option<&Block>, line: &Line) -> String {
    let own: Vec<&String> = line.before.iter().chain(line.suffix.iter()).collect();
    let comments: Vec<&String> = match block {
        Some(b) if own.is_empty() => b.before.iter().collect(),
        _ => own,
    };
    comments
        .iter()
        .filter_map(|c| c.strip_prefix("//"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text after the first paragraph that starts with `Deprecated:`.
fn deprecation(text: &str) -> Option<String> {
    let start = text
        .match_indices("Deprecated:")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || text[..i].ends_with("\n\n"))?;
    let rest = text[start + "Deprecated:".len()..].trim_start_matches(' ');
    let end = rest.find("\n\n").unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

struct Parser {
    mode: Mode,
    file: ModFile,
    errors: Vec<Diagnostic>,
}

impl Parser {
    fn err(&mut self, line: &Line, message: impl Into<String>) {
        self.errors.push(Diagnostic {
            pos: line.start,
            message: message.into(),
        });
    }

    fn add(&mut self, block: Option<&Block>, line: &Line, verb: &str, args: &[String]) {
        if self.mode == Mode::Lax
            && !matches!(verb, "go" | "module" | "retract" | "require" | "ignore")
        {
            return;
        }
        match verb {
            "go" => {
                if self.file.go.is_some() {
                    return self.err(line, "repeated go statement");
                }
                let [v] = args else {
                    return self.err(line, "go directive expects exactly one argument");
                };
                let v = if is_go_version(v) {
                    v.as_str()
                } else if let (Mode::Lax, Some(fixed)) = (self.mode, lax_go_version(v)) {
                    fixed
                } else {
                    return self.err(
                        line,
                        format!("invalid go version '{v}': must match format 1.23.0"),
                    );
                };
                self.file.go = Some(v.to_string());
            }
            "toolchain" => {
                if self.file.toolchain.is_some() {
                    return self.err(line, "repeated toolchain statement");
                }
                let [v] = args else {
                    return self.err(line, "toolchain directive expects exactly one argument");
                };
                if !is_toolchain_name(v) {
                    return self.err(line, format!("invalid toolchain version '{v}': must match format go1.23.0 or default"));
                }
                self.file.toolchain = Some(v.clone());
            }
            "module" => {
                if self.file.module.is_some() {
                    return self.err(line, "repeated module statement");
                }
                let deprecated = deprecation(&directive_comment(block, line));
                let [p] = args else {
                    // modfile records the module (empty) before complaining.
                    self.file.module = Some(String::new());
                    self.file.deprecated = deprecated;
                    return self.err(line, "usage: module module/path");
                };
                match parse_string(p) {
                    Ok(p) => {
                        self.file.module = Some(p);
                        self.file.deprecated = deprecated;
                    }
                    Err(e) => {
                        self.file.module = Some(String::new());
                        self.err(line, format!("invalid quoted string: {e}"))
                    }
                }
            }
            "godebug" => {
                let kv = match args {
                    [a] if !a.contains(['"', '`', '\'', ',']) => a.split_once('='),
                    _ => None,
                };
                let Some((k, v)) = kv else {
                    return self.err(line, "usage: godebug key=value");
                };
                self.file.godebug.push((k.to_string(), v.to_string()));
            }
            "require" | "exclude" => {
                let [p, v] = args else {
                    return self.err(line, format!("usage: {verb} module/path v1.2.3"));
                };
                let path = match parse_string(p) {
                    Ok(p) => p,
                    Err(e) => return self.err(line, format!("invalid quoted string: {e}")),
                };
                let version = match parse_version(verb, &path, v, true) {
                    Ok(v) => v,
                    Err(e) => return self.err(line, e),
                };
                let major = match path_major(&path) {
                    Ok(m) => m,
                    Err(e) => return self.err(line, e),
                };
                if let Err(e) = check_path_major(&version, major) {
                    return self.err(line, format!("{verb} {path}: {e}"));
                }
                if verb == "require" {
                    let indirect = is_indirect(line);
                    self.file.require.push(Require {
                        path,
                        version,
                        indirect,
                    });
                } else {
                    self.file.exclude.push(Exclude { path, version });
                }
            }
            "replace" => match parse_replace(verb, args) {
                Ok(r) => self.file.replace.push(r),
                Err(e) => self.err(line, e),
            },
            "retract" => {
                let rationale = directive_comment(block, line);
                match parse_interval(verb, args) {
                    Ok(((low, high), rest)) => {
                        if let (Some(t), Mode::Strict) = (rest.first(), self.mode) {
                            return self.err(
                                line,
                                format!("unexpected token after version: {}", go_quote(t)),
                            );
                        }
                        self.file.retract.push(Retract {
                            low,
                            high,
                            rationale,
                        });
                    }
                    Err(e) if self.mode == Mode::Strict => self.err(line, e),
                    Err(_) => {}
                }
            }
            "tool" | "ignore" => {
                let [p] = args else {
                    return self.err(
                        line,
                        format!("{verb} directive expects exactly one argument"),
                    );
                };
                match parse_string(p) {
                    Ok(p) if verb == "tool" => self.file.tool.push(p),
                    Ok(p) => self.file.ignore.push(p),
                    Err(e) => self.err(line, format!("invalid quoted string: {e}")),
                }
            }
            _ => self.err(line, format!("unknown directive: {verb}")),
        }
    }
}

fn parse_replace(verb: &str, args: &[String]) -> Result<Replace, String> {
    let arrow = if args.get(1).is_some_and(|a| a == "=>") {
        1
    } else {
        2
    };
    if args.len() < arrow + 2 || args.len() > arrow + 3 || args[arrow] != "=>" {
        return Err(format!("usage: {verb} module/path [v1.2.3] => other/module v1.4\n\t or {verb} module/path [v1.2.3] => ../local/directory"));
    }
    let old_path = parse_string(&args[0]).map_err(|e| format!("invalid quoted string: {e}"))?;
    let major = path_major(&old_path).map_err(|e| format!("{verb} {old_path}: {e}"))?;
    let old_version = if arrow == 2 {
        let v = parse_version(verb, &old_path, &args[1], true)?;
        check_path_major(&v, major).map_err(|e| format!("{verb} {old_path}: {e}"))?;
        Some(v)
    } else {
        None
    };
    let new_path =
        parse_string(&args[arrow + 1]).map_err(|e| format!("invalid quoted string: {e}"))?;
    let local = is_directory_path(&new_path);
    let new_version = match args.get(arrow + 2) {
        None => {
            if !local {
                if new_path.contains('@') {
                    return Err(
                        "replacement module must match format 'path version', not 'path@version'"
                            .into(),
                    );
                }
                return Err("replacement module without version must be directory path (rooted or starting with . or ..)".into());
            }
            if new_path.contains('\\') {
                return Err(
                    "replacement directory appears to be Windows path (on a non-windows system)"
                        .into(),
                );
            }
            None
        }
        Some(v) => {
            let v = parse_version(verb, &new_path, v, true)?;
            if local {
                return Err(format!(
                    "replacement module directory path {} cannot have version",
                    go_quote(&new_path)
                ));
            }
            Some(v)
        }
    };
    Ok(Replace {
        old_path,
        old_version,
        new_path,
        new_version,
        local,
    })
}

type Interval = (String, String);

/// `v1.2.3` or `[v1.0.0, v1.1.0]`; versions are taken as written. Returns
/// the interval and the arguments after it.
fn parse_interval<'a>(verb: &str, args: &'a [String]) -> Result<(Interval, &'a [String]), String> {
    let version = |t: &str| parse_version(verb, "", t, false);
    match args.first().map(String::as_str) {
        None | Some("(") => Err("expected '[' or version".into()),
        Some("[") => {
            let low = version(args.get(1).ok_or("expected version after '['")?)?;
            if args.get(2).map(String::as_str) != Some(",") {
                return Err("expected ',' after version".into());
            }
            let high = version(args.get(3).ok_or("expected version after ','")?)?;
            if args.get(4).map(String::as_str) != Some("]") {
                return Err("expected ']' after version".into());
            }
            Ok(((low, high), &args[5..]))
        }
        Some(v) => {
            let v = version(v)?;
            Ok(((v.clone(), v), &args[1..]))
        }
    }
}

/// Parses a go.mod file. `file` names it in messages (`go.mod:3: ...`).
pub fn parse(file: &str, data: &[u8], mode: Mode) -> Result<ModFile, ModFileError> {
    let stmts = syntax::parse(file, data).map_err(|e| ModFileError {
        file: file.to_string(),
        errors: vec![Diagnostic {
            pos: e.pos,
            message: e.message,
        }],
    })?;
    let mut p = Parser {
        mode,
        file: ModFile::default(),
        errors: Vec::new(),
    };
    for stmt in &stmts {
        match stmt {
            Stmt::Line(line) => {
                let (verb, args) = line
                    .tokens
                    .split_first()
                    .map(|(v, a)| (v.as_str(), a))
                    .unwrap_or(("", &[]));
                p.add(None, line, verb, args);
            }
            Stmt::Block(block) => {
                let known = matches!(
                    block.tokens.first().map(String::as_str),
                    Some(
                        "module"
                            | "godebug"
                            | "require"
                            | "exclude"
                            | "replace"
                            | "retract"
                            | "tool"
                            | "ignore"
                    )
                );
                if block.tokens.len() > 1 || !known {
                    if mode == Mode::Strict {
                        p.errors.push(Diagnostic {
                            pos: block.start,
                            message: format!("unknown block type: {}", block.tokens.join(" ")),
                        });
                    }
                    continue;
                }
                let verb = block.tokens[0].as_str();
                for line in &block.lines {
                    p.add(Some(block), line, verb, &line.tokens);
                }
            }
        }
    }
    if p.errors.is_empty() {
        Ok(p.file)
    } else {
        Err(ModFileError {
            file: file.to_string(),
            errors: p.errors,
        })
    }
}

/// The module path of a go.mod file, read as loosely as the go command
/// reads it from a module's `.mod` file when nothing else is needed
/// (`modfile.ModulePath`): the first `module` line, quoted or not.
pub fn module_path(data: &[u8]) -> Option<String> {
    for raw in data.split(|&b| b == b'\n') {
        let line = match raw.windows(2).position(|w| w == b"//") {
            Some(i) => &raw[..i],
            None => raw,
        };
        let line = String::from_utf8_lossy(line);
        let Some(rest) = line.trim().strip_prefix("module") else {
            continue;
        };
        let value = rest.trim();
        if value.len() == rest.len() || value.is_empty() {
            continue;
        }
        if value.starts_with('"') {
            return unquote(value);
        }
        if let Some(raw) = value.strip_prefix('`') {
            return raw
                .strip_suffix('`')
                .filter(|s| !s.contains('`'))
                .map(str::to_string);
        }
        return Some(value.to_string());
    }
    None
}
