//! go.sum as the go command reads it (cmd/go's modfetch): one
//! `path version hash` line per entry, `version/go.mod` for the hash of a
//! module's go.mod file; blank lines are skipped; a line with another
//! number of fields is an error; the hash of an empty go.mod (an old go
//! bug) is dropped; hashes other than `h1:` are kept by go but never
//! checked, so they are skipped here. Two different `h1:` hashes for one
//! module can never both match what is downloaded (go fails with a
//! checksum mismatch when it verifies that module), so they are an error.

use std::collections::BTreeMap;

/// The hash go once wrote for an empty go.mod file; go drops such lines.
pub const EMPTY_GO_MOD_HASH: &str = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

/// A go.sum file's `h1:` hashes, keyed by `path@version`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoSum {
    /// Module zips: `path version h1:...`.
    pub zips: BTreeMap<String, String>,
    /// go.mod files: `path version/go.mod h1:...`.
    pub go_mods: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoSumError {
    /// go's own message: `malformed go.sum:\ngo.sum:3: wrong number of fields 2`.
    #[error("malformed go.sum:\n{file}:{line}: wrong number of fields {fields}")]
    Fields {
        file: String,
        line: usize,
        fields: usize,
    },
    #[error("{0}")]
    Conflict(Box<Conflict>),
}

/// Two different hashes for one module or go.mod file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub file: String,
    pub line: usize,
    /// `path@version`.
    pub key: String,
    /// `/go.mod` for a go.mod hash, else empty.
    pub what: &'static str,
    pub found: String,
    pub first: String,
    pub first_line: usize,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}{}: hash {} differs from {} at line {}; go would report a checksum mismatch for one of them",
            self.file, self.line, self.key, self.what, self.found, self.first, self.first_line
        )
    }
}

/// Parses go.sum text. `file` names the file in messages.
pub fn parse(file: &str, data: &[u8]) -> Result<GoSum, GoSumError> {
    let mut sums = GoSum::default();
    let mut lines_of: BTreeMap<(String, bool), usize> = BTreeMap::new();
    for (i, raw) in data.split(|&b| b == b'\n').enumerate() {
        let lineno = i + 1;
        let text = String::from_utf8_lossy(raw);
        let fields: Vec<&str> = text.split_whitespace().collect();
        let [path, version, hash] = fields[..] else {
            if fields.is_empty() {
                continue;
            }
            return Err(GoSumError::Fields {
                file: file.to_string(),
                line: lineno,
                fields: fields.len(),
            });
        };
        if hash == EMPTY_GO_MOD_HASH || !hash.starts_with("h1:") {
            continue;
        }
        let (version, is_mod) = match version.strip_suffix("/go.mod") {
            Some(v) => (v, true),
            None => (version, false),
        };
        let key = format!("{path}@{version}");
        let map = if is_mod {
            &mut sums.go_mods
        } else {
            &mut sums.zips
        };
        match map.get(&key) {
            Some(first) if first != hash => {
                return Err(GoSumError::Conflict(Box::new(Conflict {
                    file: file.to_string(),
                    line: lineno,
                    key,
                    what: if is_mod { "/go.mod" } else { "" },
                    found: hash.to_string(),
                    first: first.clone(),
                    first_line: lines_of
                        .get(&(format!("{path}@{version}"), is_mod))
                        .copied()
                        .unwrap_or(0),
                })));
            }
            Some(_) => {}
            None => {
                map.insert(key.clone(), hash.to_string());
                lines_of.insert((key, is_mod), lineno);
            }
        }
    }
    Ok(sums)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_like_go() {
        let src = "golang.org/x/text v0.3.0 h1:AAA=\n\
                   golang.org/x/text v0.3.0/go.mod h1:BBB=\n\
                   \n  \t\r\n\
                   example.com/a v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n\
                   example.com/a v1.0.0 h2:future\r\n\
                   example.com/a\tv1.0.0   h1:CCC=\r\n\
                   example.com/a v1.0.0 h1:CCC=";
        let s = parse("go.sum", src.as_bytes()).unwrap();
        assert_eq!(s.zips.len(), 2);
        assert_eq!(s.zips["golang.org/x/text@v0.3.0"], "h1:AAA=");
        assert_eq!(s.zips["example.com/a@v1.0.0"], "h1:CCC=");
        assert_eq!(s.go_mods.len(), 1);
        assert_eq!(s.go_mods["golang.org/x/text@v0.3.0"], "h1:BBB=");
        assert_eq!(parse("go.sum", b"").unwrap(), GoSum::default());
    }

    #[test]
    fn refuses_malformed_and_conflicting_lines() {
        let err = parse("x/go.sum", b"a v1 h1:x\n\na v1\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "malformed go.sum:\nx/go.sum:3: wrong number of fields 2"
        );
        let err = parse("go.sum", b"a v1 h1:x extra").unwrap_err();
        assert!(
            err.to_string()
                .ends_with("go.sum:1: wrong number of fields 4"),
            "{err}"
        );
        let err = parse("go.sum", b"a v1/go.mod h1:x\nb v1 h1:y\na v1/go.mod h1:z\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "go.sum:3: a@v1/go.mod: hash h1:z differs from h1:x at line 1; go would report a checksum mismatch for one of them"
        );
    }
}
