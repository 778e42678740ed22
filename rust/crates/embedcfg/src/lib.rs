//! The `-embedcfg` file the Go compiler reads for `//go:embed`, computed as
//! cmd/go does (`load.resolveEmbed`), for build systems that run the
//! compiler themselves.
//!
//! Inputs are the package's Go sources and the files it may embed, each
//! named by its path relative to the package directory. Every `//go:embed`
//! pattern is matched against those names: a pattern matches a file, or a
//! directory whose files are then all embedded except names starting with
//! `.` or `_` (unless the pattern has the `all:` prefix).

use std::collections::BTreeMap;

use serde::Serialize;

/// Why no configuration could be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("{file}:{line}: invalid //go:embed line: {reason}")]
    Directive {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("pattern {0}: invalid pattern syntax")]
    BadPattern(String),
    #[error("pattern {0}: no matching files found")]
    NoMatch(String),
    #[error("pattern {pattern}: cannot embed {name}: {reason}")]
    Irregular {
        pattern: String,
        name: String,
        reason: String,
    },
}

/// The JSON the compiler reads: each pattern as written, the files it
/// matched, and where each of those files is.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct EmbedCfg {
    #[serde(rename = "Patterns")]
    pub patterns: BTreeMap<String, Vec<String>>,
    #[serde(rename = "Files")]
    pub files: BTreeMap<String, String>,
}

/// The patterns of every `//go:embed` line of one Go source, in order.
pub fn directives(file: &str, source: &str) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("//go:embed") else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
            continue; // //go:embedded and the like are not directives
        }
        let err = |reason: &str| Error::Directive {
            file: file.to_string(),
            line: i + 1,
            reason: reason.to_string(),
        };
        let patterns = split_patterns(rest).map_err(|r| err(&r))?;
        if patterns.is_empty() {
            return Err(err("no patterns"));
        }
        out.extend(patterns);
    }
    Ok(out)
}

/// Splits a directive's arguments: bare words, "Go strings" or `raw strings`.
fn split_patterns(args: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = args.trim_start();
    while !rest.is_empty() {
        let (word, after) = match rest.chars().next() {
            Some('`') => {
                let body = &rest[1..];
                let end = body.find('`').ok_or("unterminated `string`")?;
                (body[..end].to_string(), &body[end + 1..])
            }
            Some('"') => unquote(rest)?,
            _ => {
                let end = rest.find([' ', '\t']).unwrap_or(rest.len());
                (rest[..end].to_string(), &rest[end..])
            }
        };
        if !after.is_empty() && !after.starts_with([' ', '\t']) {
            return Err(format!("invalid quoted string near {after:?}"));
        }
        out.push(word);
        rest = after.trim_start();
    }
    Ok(out)
}

/// A double-quoted Go string with the common escapes; returns it and the rest.
fn unquote(s: &str) -> Result<(String, &str), String> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[i + 1..])),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, '"')) => out.push('"'),
                _ => return Err("unsupported escape in quoted pattern".to_string()),
            },
            c => out.push(c),
        }
    }
    Err("unterminated \"string\"".to_string())
}

/// cmd/go's `isBadEmbedName`: a name that is not a valid file path in a
/// module zip (`module.CheckFilePath`: Windows device names such as
/// `aux`, shell metacharacters, ...) or a version-control directory.
fn bad_embed_name(elem: &str) -> bool {
    fips_modpath::check_file_path(elem).is_err()
        || matches!(elem, "" | ".bzr" | ".hg" | ".git" | ".svn")
}

/// A matched file with a bad name in its path, as cmd/go refuses it
/// (`cannot embed file aux.txt: invalid name aux.txt`, or `in invalid
/// directory` for one of its directories).
fn check_embed_name(pattern: &str, name: &str) -> Result<(), Error> {
    let elems: Vec<&str> = name.split('/').collect();
    for (i, elem) in elems.iter().enumerate().rev() {
        if bad_embed_name(elem) {
            let reason = if i == elems.len() - 1 {
                format!("invalid name {elem}")
            } else {
                format!("in invalid directory {elem}")
            };
            return Err(Error::Irregular {
                pattern: pattern.to_string(),
                name: format!("file {name}"),
                reason,
            });
        }
    }
    Ok(())
}

/// `fs.ValidPath` plus cmd/go's own pattern rules.
fn valid_pattern(p: &str) -> bool {
    !p.is_empty()
        && p != "."
        && !p.starts_with('/')
        && !p.ends_with('/')
        && !p.contains('\\')
        && p.split('/').all(|e| !e.is_empty() && e != "." && e != "..")
}

/// One token of a path element's glob.
enum Token {
    Star,
    Any,
    Lit(char),
    Class {
        negate: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Token {
    fn matches(&self, c: char) -> bool {
        match self {
            Token::Star => true,
            Token::Any => true,
            Token::Lit(l) => *l == c,
            Token::Class { negate, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negate
            }
        }
    }
}

/// `path.Match` syntax for one element: `*`, `?`, `[...]`/`[^...]` classes
/// with ranges, `\` escapes. None when malformed.
fn tokenize(pattern: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '*' => Token::Star,
            '?' => Token::Any,
            '\\' => Token::Lit(chars.next()?),
            '[' => {
                let mut negate = false;
                let mut ranges = Vec::new();
                let mut first = true;
                loop {
                    let mut lo = chars.next()?;
                    if first && lo == '^' {
                        negate = true;
                        lo = chars.next()?;
                    }
                    if lo == ']' && !first {
                        break;
                    }
                    first = false;
                    if lo == '\\' {
                        lo = chars.next()?;
                    }
                    let mut rest = chars.clone();
                    let hi = if rest.next() == Some('-') && rest.clone().next() != Some(']') {
                        chars.next();
                        let mut hi = chars.next()?;
                        if hi == '\\' {
                            hi = chars.next()?;
                        }
                        hi
                    } else {
                        lo
                    };
                    ranges.push((lo, hi));
                }
                Token::Class { negate, ranges }
            }
            c => Token::Lit(c),
        });
    }
    Some(out)
}

/// Whether the tokens match all of `name`: linear backtracking to the last
/// star, so no pattern takes more than O(pattern × name) steps.
fn match_tokens(tokens: &[Token], name: &[char]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match tokens.get(p) {
            Some(Token::Star) => {
                star = Some((p, n));
                p += 1;
            }
            Some(t) if name.get(n).is_some_and(|&c| t.matches(c)) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    star = Some((sp, sn + 1));
                    p = sp + 1;
                    n = sn + 1;
                }
                None => return false,
            },
        }
    }
    tokens[p.min(tokens.len())..]
        .iter()
        .all(|t| matches!(t, Token::Star))
}

/// Whether `pattern` (slash-separated glob) matches `path` element by
/// element; None when the pattern is malformed.
fn glob_match(pattern: &str, path: &str) -> Option<bool> {
    let pe: Vec<&str> = pattern.split('/').collect();
    let ne: Vec<&str> = path.split('/').collect();
    if pe.len() != ne.len() {
        return Some(false);
    }
    let mut all = true;
    for (p, n) in pe.iter().zip(ne.iter()) {
        let tokens = tokenize(p)?;
        let name: Vec<char> = n.chars().collect();
        all &= match_tokens(&tokens, &name);
    }
    Some(all)
}

/// Computes the configuration for `patterns` over `files`: (name relative to
/// the package directory, path the compiler should read).
pub fn embedcfg(patterns: &[String], files: &[(String, String)]) -> Result<EmbedCfg, Error> {
    let mut cfg = EmbedCfg::default();
    for written in patterns {
        if cfg.patterns.contains_key(written) {
            continue;
        }
        let (all, pattern) = match written.strip_prefix("all:") {
            Some(p) => (true, p),
            None => (false, written.as_str()),
        };
        if !valid_pattern(pattern) || glob_match(pattern, pattern).is_none() {
            return Err(Error::BadPattern(written.clone()));
        }
        let mut matched = Vec::new();
        for (name, path) in files {
            let elems: Vec<&str> = name.split('/').collect();
            // The pattern matches the file itself or one of its directories.
            for depth in 1..=elems.len() {
                let prefix = elems[..depth].join("/");
                if glob_match(pattern, &prefix) != Some(true) {
                    continue;
                }
                // Inside a matched directory, hidden names are left out
                // unless `all:`; a name the pattern matches itself is kept.
                let hidden = elems[depth..]
                    .iter()
                    .any(|e| e.starts_with('.') || e.starts_with('_'));
                if depth == elems.len() || all || !hidden {
                    matched.push(name.clone());
                    cfg.files.insert(name.clone(), path.clone());
                }
                break;
            }
        }
        if matched.is_empty() {
            return Err(Error::NoMatch(written.clone()));
        }
        for name in &matched {
            check_embed_name(written, name)?;
        }
        matched.sort();
        matched.dedup();
        cfg.patterns.insert(written.clone(), matched);
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| (n.to_string(), format!("/exec/pkg/{n}")))
            .collect()
    }

    #[test]
    fn parses_directives_in_every_form() {
        let src = "package p\n\nimport _ \"embed\"\n\n//go:embed a.txt \"b c.txt\" `d.txt`\n//go:embed static/*\nvar x string\n//go:embedded not\n";
        assert_eq!(
            directives("p.go", src).unwrap(),
            vec!["a.txt", "b c.txt", "d.txt", "static/*"]
        );
    }

    #[test]
    fn rejects_broken_directives() {
        for bad in [
            "//go:embed\n",
            "//go:embed \"open\n",
            "//go:embed `open\n",
            "//go:embed \"a\"b\n",
        ] {
            assert!(
                matches!(directives("p.go", bad), Err(Error::Directive { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn matches_files_and_directories_as_go_does() {
        let fs = files(&[
            "index.html",
            "static/app.js",
            "static/.hidden",
            "static/_draft",
            "static/img/logo.png",
            "notes.md",
        ]);
        let cfg = embedcfg(&["*.html".into(), "static".into()], &fs).unwrap();
        assert_eq!(cfg.patterns["*.html"], vec!["index.html"]);
        assert_eq!(
            cfg.patterns["static"],
            vec!["static/app.js", "static/img/logo.png"]
        );
        assert_eq!(cfg.files["static/app.js"], "/exec/pkg/static/app.js");
        assert!(!cfg.files.contains_key("notes.md"));
        let all = embedcfg(&["all:static".into()], &fs).unwrap();
        assert_eq!(all.patterns["all:static"].len(), 4);
        let explicit = embedcfg(&["static/.hidden".into()], &fs).unwrap();
        assert_eq!(explicit.patterns["static/.hidden"], vec!["static/.hidden"]);
    }

    #[test]
    fn json_has_the_compilers_field_names() {
        let cfg = embedcfg(&["a.txt".into()], &files(&["a.txt"])).unwrap();
        let json = serde_json::to_string(&cfg).unwrap();
        assert_eq!(
            json,
            r#"{"Patterns":{"a.txt":["a.txt"]},"Files":{"a.txt":"/exec/pkg/a.txt"}}"#
        );
    }

    #[test]
    fn reports_bad_and_unmatched_patterns() {
        let fs = files(&["a.txt"]);
        for bad in ["../a.txt", "/a.txt", "a/", ".", "a\\b", "[a"] {
            assert_eq!(
                embedcfg(&[bad.into()], &fs),
                Err(Error::BadPattern(bad.into())),
                "{bad}"
            );
        }
        assert_eq!(
            embedcfg(&["b.txt".into()], &fs),
            Err(Error::NoMatch("b.txt".into()))
        );
    }

    #[test]
    fn glob_classes_and_escapes() {
        assert_eq!(glob_match("a[0-9].txt", "a7.txt"), Some(true));
        assert_eq!(glob_match("a[^0-9].txt", "a7.txt"), Some(false));
        assert_eq!(glob_match("a?c", "abc"), Some(true));
        assert_eq!(glob_match("a\\*", "a*"), Some(true));
        assert_eq!(glob_match("*/x", "d/x"), Some(true));
        assert_eq!(glob_match("*", "d/x"), Some(false));
        assert_eq!(glob_match("[]a]", "]"), Some(true));
        assert_eq!(glob_match("[a-", "a"), None);
    }

    #[test]
    fn many_stars_match_in_linear_time() {
        // Found by fuzzing: a naive matcher backtracks exponentially here.
        let pattern = format!("{}z", "*".repeat(60));
        let name = "a".repeat(4000);
        assert_eq!(glob_match(&pattern, &name), Some(false));
        assert_eq!(glob_match(&pattern, &format!("{name}z")), Some(true));
    }
}
