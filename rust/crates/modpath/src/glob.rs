//! Go's `path.Match` (shell patterns on slash-separated paths) and
//! `module.MatchPrefixPatterns`, which GOPRIVATE, GONOPROXY and GONOSUMDB
//! use: a comma-separated list of patterns, each matched against the
//! leading path elements of a module path.

/// A pattern `path.Match` cannot parse (`ErrBadPattern`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("syntax error in pattern")]
pub struct PatternError;

/// Whether `name` matches the shell pattern `pattern` as Go's `path.Match`
/// decides: `*` any run of non-`/` characters, `?` one non-`/` character,
/// `[...]` a class (`^` negates, `a-z` ranges), `\` escapes. A malformed
/// pattern is an error even where an earlier mismatch would already decide.
pub fn match_pattern(pattern: &str, name: &str) -> Result<bool, PatternError> {
    let pat: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    // Go reports a bad pattern wherever it is, so check it all first.
    validate(&pat)?;
    Ok(match_from(&pat, &name))
}

/// Checks the pattern's syntax: classes closed and not empty, escapes
/// complete (a reversed range such as `[z-a]` is valid and matches nothing).
fn validate(pat: &[char]) -> Result<(), PatternError> {
    let mut i = 0;
    while i < pat.len() {
        match pat[i] {
            '\\' => {
                if i + 1 >= pat.len() {
                    return Err(PatternError);
                }
                i += 2;
            }
            '[' => {
                let (_, next) = parse_class(pat, i, None)?;
                i = next;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Parses the class starting at `pat[start] == '['`; with `c`, whether it
/// matches `c`. Returns that and the index after the closing `]`.
fn parse_class(pat: &[char], start: usize, c: Option<char>) -> Result<(bool, usize), PatternError> {
    let mut i = start + 1;
    let negated = pat.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        match pat.get(i) {
            None => return Err(PatternError),
            Some(']') if !first => {
                let hit = matched != negated && c.is_some_and(|c| c != '/');
                return Ok((hit, i + 1));
            }
            _ => {}
        }
        first = false;
        let (lo, next) = class_char(pat, i)?;
        i = next;
        let mut hi = lo;
        if pat.get(i) == Some(&'-') {
            let (h, next) = class_char(pat, i + 1)?;
            hi = h;
            i = next;
        }
        if let Some(c) = c {
            if lo <= c && c <= hi {
                matched = true;
            }
        }
    }
}

/// One character of a class (an escape, or a plain one but `-`, `]`).
fn class_char(pat: &[char], i: usize) -> Result<(char, usize), PatternError> {
    match pat.get(i) {
        None | Some('-') | Some(']') => Err(PatternError),
        Some('\\') => pat.get(i + 1).map(|&c| (c, i + 2)).ok_or(PatternError),
        Some(&c) => Ok((c, i + 1)),
    }
}

/// Backtracking match of a validated pattern.
fn match_from(pat: &[char], name: &[char]) -> bool {
    let (mut p, mut n) = (0, 0);
    // Where to resume after the last `*`: (pattern index, name index).
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p < pat.len() {
            match pat[p] {
                '*' => {
                    star = Some((p + 1, n));
                    p += 1;
                    continue;
                }
                '?' if n < name.len() && name[n] != '/' => {
                    p += 1;
                    n += 1;
                    continue;
                }
                '[' if n < name.len() => {
                    if let Ok((true, next)) = parse_class(pat, p, Some(name[n])) {
                        p = next;
                        n += 1;
                        continue;
                    }
                }
                '\\' if n < name.len() && pat.get(p + 1) == Some(&name[n]) => {
                    p += 2;
                    n += 1;
                    continue;
                }
                c if c != '?' && c != '[' && c != '\\' && n < name.len() && name[n] == c => {
                    p += 1;
                    n += 1;
                    continue;
                }
                _ => {}
            }
        } else if n == name.len() {
            return true;
        }
        // Mismatch: let the last star take one more character, never `/`.
        match star {
            Some((sp, sn)) if sn < name.len() && name[sn] != '/' => {
                star = Some((sp, sn + 1));
                p = sp;
                n = sn + 1;
            }
            _ => return false,
        }
    }
}

/// Whether a leading part of `target` (as many path elements as the
/// pattern has) matches one of the comma-separated `globs`, as
/// `module.MatchPrefixPatterns`: empty and malformed patterns are skipped,
/// a trailing slash is ignored.
pub fn match_prefix_patterns(globs: &str, target: &str) -> bool {
    for glob in globs.split(',') {
        let glob = glob.strip_suffix('/').unwrap_or(glob);
        if glob.is_empty() {
            continue;
        }
        let elems = glob.matches('/').count() + 1;
        let parts: Vec<&str> = target.splitn(elems + 1, '/').collect();
        if parts.len() < elems {
            continue;
        }
        let prefix_len: usize = parts[..elems].iter().map(|p| p.len()).sum::<usize>() + elems - 1;
        if match_pattern(glob, &target[..prefix_len]).unwrap_or(false) {
            return true;
        }
    }
    false
}
