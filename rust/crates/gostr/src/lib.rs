//! Go's string and rune literals, so that messages print values as the go
//! command prints them and sources are read as the Go compiler reads them.

use unicode_general_category::{get_general_category, GeneralCategory as G};

/// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and
/// the ASCII space.
pub fn is_print(c: char) -> bool {
    c == ' '
        || !matches!(
            get_general_category(c),
            G::Control
                | G::Format
                | G::Unassigned
                | G::PrivateUse
                | G::Surrogate
                | G::SpaceSeparator
                | G::LineSeparator
                | G::ParagraphSeparator
        )
}

/// One rune inside a literal quoted with `quote`.
fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        c if c == quote || c == '\\' => {
            out.push('\\');
            out.push(c);
        }
        c if is_print(c) => out.push(c),
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// `strconv.Quote` (what `%q` prints for a string).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// `strconv.QuoteRune` (what `%q` prints for a rune).
pub fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

/// The value of a Go string literal, double-quoted or raw (`strconv.Unquote`
/// with the scanner's rules: known escapes, valid code points); None where
/// Go reports invalid syntax, and for a value that is not UTF-8 (possible
/// through `\x` and octal escapes).
pub fn unquote(lit: &str) -> Option<String> {
    if let Some(body) = lit.strip_prefix('`').and_then(|b| b.strip_suffix('`')) {
        return (!body.contains('`')).then(|| body.replace('\r', ""));
    }
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out: Vec<u8> = Vec::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if c == '"' || c == '\n' {
                return None;
            }
            let mut b = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            continue;
        }
        let e = chars.next()?;
        let simple = match e {
            'a' => Some(7),
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
        let (digits, radix) = match e {
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            '0'..='7' => (2, 8),
            _ => return None,
        };
        let mut v: u32 = if radix == 8 { e as u32 - '0' as u32 } else { 0 };
        for _ in 0..digits {
            v = v * radix + chars.next()?.to_digit(radix)?;
        }
        match e {
            'x' | '0'..='7' => out.push(u8::try_from(v).ok()?),
            _ => {
                let c = char::from_u32(v)?;
                let mut b = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_strconv() {
        assert_eq!(
            quote("a\"b\\c\n\u{1}é\u{a0}\u{feff}\u{e0000}'"),
            "\"a\\\"b\\\\c\\n\\x01é\\u00a0\\ufeff\\U000e0000'\""
        );
        assert_eq!(quote_rune('\''), "'\\''");
        assert_eq!(quote_rune('"'), "'\"'");
        assert_eq!(quote_rune('\u{7f}'), "'\\x7f'");
        assert_eq!(quote_rune('\u{b}'), "'\\v'");
        assert_eq!(quote_rune(' '), "' '");
    }

    #[test]
    fn unquotes_like_strconv() {
        assert_eq!(unquote(r#""a/b""#).as_deref(), Some("a/b"));
        assert_eq!(
            unquote(r#""\x41\101\u00e9\U0001F600\t\"\\""#).as_deref(),
            Some("AAé😀\t\"\\")
        );
        assert_eq!(unquote("`a\\n\r`").as_deref(), Some("a\\n"));
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
            "`a`b`",
        ] {
            assert_eq!(unquote(bad), None, "{bad}");
        }
    }
}
