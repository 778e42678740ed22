//! fips-stamp: the `-X` definitions of a Go program (`x_defs`) with Bazel's
//! workspace status keys in place, as rules_go stamps them.
//!
//! Bazel writes the workspace status to two files (`ctx.info_file`, the
//! stable keys, and `ctx.version_file`, the volatile ones), one `KEY VALUE`
//! a line: the key up to the first space, the rest the value (a line with no
//! space is a key with an empty value). A definition's value may name keys
//! as `{KEY}`; each is replaced by the key's value. A definition naming a
//! key that no file has (every key, when the build does not stamp) is left
//! out, so the variable keeps the value the program gives it: rules_go's
//! behaviour, which keeps unstamped builds reproducible.

use std::collections::BTreeMap;

/// Keys and values of the workspace status files, a later file's key
/// replacing an earlier one's.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Status {
    values: BTreeMap<String, String>,
}

/// A definition that is not `NAME=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("-X definition {0:?}: want IMPORTPATH.NAME=VALUE")]
pub struct BadDefinition(pub String);

impl Status {
    /// Adds a status file's lines.
    pub fn add(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            self.values.insert(key.to_string(), value.to_string());
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }
}

/// `value` with every `{KEY}` replaced from `status`, or None when a key is
/// missing. As rules_go matches them (the regexp `\{.+?\}`): a `{`, at
/// least one character, then the first `}` after that.
pub fn substitute(value: &str, status: &Status) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        // At least one character between the braces: `{}` is not a key,
        // but its `}` may close a longer one (`{}x}` is the key `}x`).
        let Some(first) = after.chars().next() else {
            break;
        };
        let Some(close) = after[first.len_utf8()..].find('}') else {
            break;
        };
        let key = &after[..first.len_utf8() + close];
        out.push_str(&rest[..open]);
        out.push_str(status.get(key)?);
        rest = &after[key.len() + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The linker flags of `definitions` (`NAME=VALUE`, in order): `-X=NAME=V`
/// with V stamped, a definition naming a missing key left out.
pub fn x_flags(definitions: &[String], status: &Status) -> Result<Vec<String>, BadDefinition> {
    let mut out = Vec::new();
    for def in definitions {
        let Some((name, value)) = def.split_once('=') else {
            return Err(BadDefinition(def.clone()));
        };
        if name.is_empty() || !name.contains('.') || def.contains('\n') {
            return Err(BadDefinition(def.clone()));
        }
        if let Some(value) = substitute(value, status) {
            out.push(format!("-X={name}={value}"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status() -> Status {
        let mut s = Status::default();
        s.add("BUILD_EMBED_LABEL \nSTABLE_GIT_COMMIT abc123\nBUILD_USER ci\n");
        s.add(
            "BUILD_TIMESTAMP 1765000000\nSTABLE_NOTE two words here\nEMPTY\nBUILD_USER release\n",
        );
        s
    }

    #[test]
    fn status_lines() {
        let s = status();
        assert_eq!(s.get("STABLE_GIT_COMMIT"), Some("abc123"));
        assert_eq!(s.get("STABLE_NOTE"), Some("two words here"));
        assert_eq!(s.get("EMPTY"), Some(""));
        assert_eq!(s.get("BUILD_EMBED_LABEL"), Some(""));
        // The later file wins.
        assert_eq!(s.get("BUILD_USER"), Some("release"));
        assert_eq!(s.get("MISSING"), None);
    }

    #[test]
    fn keys_replaced() {
        let s = status();
        assert_eq!(
            substitute("v1-{STABLE_GIT_COMMIT}", &s).as_deref(),
            Some("v1-abc123")
        );
        assert_eq!(
            substitute("{STABLE_GIT_COMMIT}@{BUILD_TIMESTAMP}", &s).as_deref(),
            Some("abc123@1765000000")
        );
        assert_eq!(substitute("plain", &s).as_deref(), Some("plain"));
        assert_eq!(substitute("", &s).as_deref(), Some(""));
        // No key: an unclosed brace, an empty pair.
        assert_eq!(substitute("a{b", &s).as_deref(), Some("a{b"));
        assert_eq!(substitute("{}", &s).as_deref(), Some("{}"));
        assert_eq!(
            substitute("é{STABLE_GIT_COMMIT}é", &s).as_deref(),
            Some("éabc123é")
        );
        // A missing key drops the whole value.
        assert_eq!(substitute("{STABLE_GIT_COMMIT}-{NOPE}", &s), None);
        assert_eq!(substitute("{}x}", &s), None);
    }

    #[test]
    fn flags_in_order_missing_keys_left_out() {
        let defs = vec![
            "main.Version={STABLE_GIT_COMMIT}".to_string(),
            "main.Built={BUILD_TIMESTAMP}".to_string(),
            "example.com/x.Name=fixed".to_string(),
        ];
        assert_eq!(
            x_flags(&defs, &status()).unwrap(),
            [
                "-X=main.Version=abc123",
                "-X=main.Built=1765000000",
                "-X=example.com/x.Name=fixed"
            ]
        );
        // Not stamping: no status at all.
        assert_eq!(
            x_flags(&defs, &Status::default()).unwrap(),
            ["-X=example.com/x.Name=fixed"]
        );
        for bad in ["novalue", "=v", "nodot=v", "a.b=x\ny"] {
            assert!(x_flags(&[bad.to_string()], &status()).is_err(), "{bad}");
        }
    }
}
