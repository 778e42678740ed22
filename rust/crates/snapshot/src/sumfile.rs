//! `GOROOT/lib/fips140/fips140.sum`.
//!
//! Lines are trimmed; empty lines and lines starting with `#` are comments.
//! Every other line is either
//! - `NAME SHA256HEX` (Go 1.24 to 1.26.6: the SHA-256 of the zip file), or
//! - `NAME SHA256HEX H1HASH` (Go 1.27, and Debian's go1.26.10: plus the `h1:`
//!   module zip hash of its contents). A go command whose sum file has this
//!   form checks the zip's SHA-256 against it before unpacking.
//!
//! Fields are separated by runs of whitespace (Go's `strings.Fields`). This
//! parser is stricter than Go's lookup: one file must use one format,
//! hashes must be well formed (lowercase hex, canonical `h1:`) and names
//! unique; anything else is reported with its line number.

use serde::Serialize;
use thiserror::Error;

/// The column layout of a sum file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SumFormat {
    /// Only comments.
    Empty,
    /// `NAME SHA256HEX`.
    TwoColumn,
    /// `NAME SHA256HEX H1HASH`.
    ThreeColumn,
}

/// One line of a sum file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SumEntry {
    /// The zip file name, e.g. `v1.26.0.zip`.
    pub name: String,
    /// SHA-256 of the zip file, lowercase hex.
    pub sha256: String,
    /// `h1:` hash of the zip's contents (three-column files only).
    pub h1: Option<String>,
    /// 1-based line number.
    pub line: usize,
}

/// A parsed sum file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SumFile {
    pub format: SumFormat,
    pub entries: Vec<SumEntry>,
}

impl SumFile {
    /// The entry for a zip file name.
    pub fn get(&self, name: &str) -> Option<&SumEntry> {
        self.entries.iter().find(|e| e.name == name)
    }
}

/// Why a sum file is malformed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SumFileError {
    #[error("fips140.sum is not UTF-8 text")]
    NotText,
    #[error("fips140.sum line {line}: expected \"NAME SHA256HEX\" or \"NAME SHA256HEX h1:HASH\", found {fields} fields")]
    FieldCount { line: usize, fields: usize },
    #[error("fips140.sum line {line}: {columns} columns, but line {first_line} has {first_columns}: one file must use one format")]
    MixedFormats {
        line: usize,
        columns: usize,
        first_line: usize,
        first_columns: usize,
    },
    #[error("fips140.sum line {line}: malformed SHA-256 {value:?} (want 64 lowercase hex digits)")]
    BadSha256 { line: usize, value: String },
    #[error("fips140.sum line {line}: malformed module zip hash {value:?} (want h1: and base64 of 32 bytes)")]
    BadH1 { line: usize, value: String },
    #[error("fips140.sum line {line}: second entry for {name} (first on line {first_line})")]
    Duplicate {
        line: usize,
        name: String,
        first_line: usize,
    },
}

/// Parses the bytes of a `fips140.sum` file.
pub fn parse_sum_file(bytes: &[u8]) -> Result<SumFile, SumFileError> {
    let text = std::str::from_utf8(bytes).map_err(|_| SumFileError::NotText)?;
    let mut entries: Vec<SumEntry> = Vec::new();
    let mut first: Option<(usize, usize)> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = trimmed.split_whitespace().collect();
        let (name, sha256, h1) = match fields.as_slice() {
            [name, sha] => (*name, *sha, None),
            [name, sha, h1] => (*name, *sha, Some(*h1)),
            other => {
                return Err(SumFileError::FieldCount {
                    line,
                    fields: other.len(),
                })
            }
        };
        match first {
            None => first = Some((line, fields.len())),
            Some((first_line, first_columns)) if first_columns != fields.len() => {
                return Err(SumFileError::MixedFormats {
                    line,
                    columns: fields.len(),
                    first_line,
                    first_columns,
                })
            }
            Some(_) => {}
        }
        if !is_sha256_hex(sha256) {
            return Err(SumFileError::BadSha256 {
                line,
                value: sha256.to_string(),
            });
        }
        if let Some(h1) = h1 {
            if fips_dirhash::parse_h1(h1).is_err() {
                return Err(SumFileError::BadH1 {
                    line,
                    value: h1.to_string(),
                });
            }
        }
        if let Some(prev) = entries.iter().find(|e| e.name == name) {
            return Err(SumFileError::Duplicate {
                line,
                name: name.to_string(),
                first_line: prev.line,
            });
        }
        entries.push(SumEntry {
            name: name.to_string(),
            sha256: sha256.to_string(),
            h1: h1.map(str::to_string),
            line,
        });
    }
    let format = match first {
        None => SumFormat::Empty,
        Some((_, 2)) => SumFormat::TwoColumn,
        Some(_) => SumFormat::ThreeColumn,
    };
    Ok(SumFile { format, entries })
}

/// 64 lowercase hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA_C: &str = "daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b";
    const SHA_26: &str = "9b28f847fdf1db4a36cb2b2f8ec09443c039383f085630a03ecfaddf6db7ea23";
    const H1_C: &str = "h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ=";

    #[test]
    fn two_column() {
        let text =
            format!("# comment\n#\n\nv1.0.0-c2097c7c.zip {SHA_C}\n  v1.26.0.zip\t{SHA_26}  \n");
        let f = parse_sum_file(text.as_bytes()).unwrap();
        assert_eq!(f.format, SumFormat::TwoColumn);
        assert_eq!(f.entries.len(), 2);
        let e = f.get("v1.26.0.zip").unwrap();
        assert_eq!(
            (e.sha256.as_str(), e.h1.as_deref(), e.line),
            (SHA_26, None, 5)
        );
        assert!(f.get("v1.0.0.zip").is_none());
    }

    #[test]
    fn three_column() {
        let text = format!("# x\nv1.0.0-c2097c7c.zip {SHA_C} {H1_C}\n");
        let f = parse_sum_file(text.as_bytes()).unwrap();
        assert_eq!(f.format, SumFormat::ThreeColumn);
        assert_eq!(
            f.get("v1.0.0-c2097c7c.zip").unwrap().h1.as_deref(),
            Some(H1_C)
        );
    }

    #[test]
    fn empty_and_comments_only() {
        assert_eq!(parse_sum_file(b"").unwrap().format, SumFormat::Empty);
        assert_eq!(
            parse_sum_file(b"# only\n\n").unwrap().format,
            SumFormat::Empty
        );
    }

    #[test]
    fn rejects() {
        let cases: Vec<(String, &str)> = vec![
            ("a.zip\n".into(), "found 1 fields"),
            (format!("a.zip {SHA_C} {H1_C} x\n"), "found 4 fields"),
            (
                format!("a.zip {SHA_C}\nb.zip {SHA_C} {H1_C}\n"),
                "one file must use one format",
            ),
            (
                format!("a.zip {}\n", SHA_C.to_uppercase()),
                "malformed SHA-256",
            ),
            ("a.zip abc\n".into(), "malformed SHA-256"),
            (
                format!("a.zip {SHA_C} h1:xyz\n"),
                "malformed module zip hash",
            ),
            (
                format!("a.zip {SHA_C} {}\n", &H1_C[3..]),
                "malformed module zip hash",
            ),
            (
                format!("a.zip {SHA_C}\na.zip {SHA_26}\n"),
                "second entry for a.zip",
            ),
        ];
        for (text, want) in cases {
            let err = parse_sum_file(text.as_bytes()).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: {err}");
        }
        assert_eq!(
            parse_sum_file(&[0xff, 0xfe]).unwrap_err(),
            SumFileError::NotText
        );
    }
}
