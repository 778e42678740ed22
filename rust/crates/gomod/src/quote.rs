//! Go's `strconv.Unquote` for double-quoted strings, the only quoting
//! go.mod accepts in paths.

/// The value of a Go double-quoted string literal (with its quotes), or
/// None where Go reports `invalid syntax`. A value that is not UTF-8
/// (possible through `\x` and octal escapes) is refused as well.
pub fn unquote(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out: Vec<u8> = Vec::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\n' => return None,
            '\\' => {}
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                continue;
            }
        }
        let esc = chars.next()?;
        let simple = match esc {
            'a' => Some(7u8),
            'b' => Some(8),
            'f' => Some(12),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(11),
            '\\' => Some(b'\\'),
            '"' => Some(b'"'),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            continue;
        }
        let hex = |chars: &mut std::str::Chars<'_>, n: usize| -> Option<u32> {
            let mut v = 0u32;
            for _ in 0..n {
                v = v * 16 + chars.next()?.to_digit(16)?;
            }
            Some(v)
        };
        match esc {
            'x' => out.push(u8::try_from(hex(&mut chars, 2)?).ok()?),
            '0'..='7' => {
                let mut v = esc.to_digit(8)?;
                for _ in 0..2 {
                    v = v * 8 + chars.next()?.to_digit(8)?;
                }
                out.push(u8::try_from(v).ok()?);
            }
            'u' | 'U' => {
                let n = if esc == 'u' { 4 } else { 8 };
                let c = char::from_u32(hex(&mut chars, n)?)?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            _ => return None,
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn go_escapes() {
        assert_eq!(unquote(r#""a/b""#).as_deref(), Some("a/b"));
        assert_eq!(
            unquote(r#""\x41\101\u00e9\U0001F600\t\"\\""#).as_deref(),
            Some("AAé😀\t\"\\")
        );
        for bad in [
            "a",
            "\"a",
            "\"\\'\"",
            "\"\\q\"",
            "\"\\x4\"",
            "\"\\400\"",
            "\"\\ud800\"",
            "\"a\"b\"",
            "\"\\xff\"",
            "`a`",
        ] {
            assert_eq!(unquote(bad), None, "{bad}");
        }
    }
}

/// Go's `strconv.Quote`: printable runes as they are, the rest escaped.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\'' => out.push('\''),
            c => {
                let q = crate::syntax::quote_rune(c);
                out.push_str(&q[1..q.len() - 1]);
            }
        }
    }
    out.push('"');
    out
}
