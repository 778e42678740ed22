//! Go's `strconv.Quote`, `strconv.Unquote` and `strconv.QuotedPrefix`, for
//! the two quote forms that build-info lines use (`"..."` and `` `...` ``).
//! Strings are byte strings, as in Go: they may hold invalid UTF-8.

/// Go's `strconv.Quote`: a double-quoted Go string literal.
///
/// Printable characters are kept as they are, as Go does. Go decides
/// "printable" with its Unicode tables (`unicode.IsPrint`); this uses Rust's
/// character properties plus the format (Cf), private-use and
/// non-character ranges, which agrees with Go on every assigned code point
/// outside those classes. Unassigned code points (which Go escapes) are the
/// only known difference.
pub fn quote(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 2);
    out.push(b'"');
    let mut rest = s;
    while !rest.is_empty() {
        match decode_rune(rest) {
            None => {
                // Invalid UTF-8: one byte as \xNN.
                let b = rest.first().copied().unwrap_or(0);
                push_hex_byte(&mut out, b);
                rest = rest.get(1..).unwrap_or(&[]);
            }
            Some((c, width)) => {
                escape_rune(&mut out, c);
                rest = rest.get(width..).unwrap_or(&[]);
            }
        }
    }
    out.push(b'"');
    out
}

fn push_hex_byte(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\x");
    out.push(HEX[usize::from(b >> 4)]);
    out.push(HEX[usize::from(b & 0xf)]);
}

fn escape_rune(out: &mut Vec<u8>, c: char) {
    if c == '"' || c == '\\' {
        out.push(b'\\');
        out.push(c as u8);
        return;
    }
    if is_print(c) {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        return;
    }
    match c {
        '\x07' => out.extend_from_slice(b"\\a"),
        '\x08' => out.extend_from_slice(b"\\b"),
        '\x0c' => out.extend_from_slice(b"\\f"),
        '\n' => out.extend_from_slice(b"\\n"),
        '\r' => out.extend_from_slice(b"\\r"),
        '\t' => out.extend_from_slice(b"\\t"),
        '\x0b' => out.extend_from_slice(b"\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => push_hex_byte(out, c as u8),
        c if (c as u32) < 0x10000 => {
            out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes())
        }
        c => out.extend_from_slice(format!("\\U{:08x}", c as u32).as_bytes()),
    }
}

/// An approximation of Go's `unicode.IsPrint` (see [`quote`]).
pub fn is_print(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let format_or_private = matches!(u,
        0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891 | 0x8e2 | 0x180e
        | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f | 0xfeff
        | 0xfff9..=0xfffb | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f
        | 0xe000..=0xf8ff | 0xf0000..=0xffffd | 0x100000..=0x10fffd
        | 0xfdd0..=0xfdef);
    let nonchar = u & 0xfffe == 0xfffe;
    !(format_or_private || nonchar)
}

/// Decode one UTF-8 character at the start of `s`; `None` if the first
/// byte does not start a valid encoding (Go's `RuneError` with width 1).
fn decode_rune(s: &[u8]) -> Option<(char, usize)> {
    let first = *s.first()?;
    let width = match first {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let bytes = s.get(..width)?;
    let text = std::str::from_utf8(bytes).ok()?;
    let c = text.chars().next()?;
    Some((c, width))
}

/// Why an unquote failed (Go's `strconv.ErrSyntax`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError;

/// Go's `strconv.QuotedPrefix` + `Unquote` of that prefix: for `s` starting
/// with `"` or `` ` ``, return the unquoted value and the length of the
/// quoted prefix.
pub fn unquote_prefix(s: &[u8]) -> Result<(Vec<u8>, usize), SyntaxError> {
    let quote = *s.first().ok_or(SyntaxError)?;
    if s.len() < 2 {
        return Err(SyntaxError);
    }
    match quote {
        b'`' => {
            let body = s.get(1..).ok_or(SyntaxError)?;
            let end = memchr::memchr(b'`', body).ok_or(SyntaxError)?;
            let raw = body.get(..end).ok_or(SyntaxError)?;
            // Carriage returns are discarded from raw strings.
            let value: Vec<u8> = raw.iter().copied().filter(|&b| b != b'\r').collect();
            Ok((value, end + 2))
        }
        b'"' => {
            let mut out = Vec::new();
            let mut i = 1usize;
            loop {
                let c = *s.get(i).ok_or(SyntaxError)?;
                match c {
                    b'"' => return Ok((out, i + 1)),
                    b'\n' => return Err(SyntaxError),
                    b'\\' => {
                        let (consumed, bytes) = unescape(s.get(i + 1..).ok_or(SyntaxError)?)?;
                        out.extend_from_slice(&bytes);
                        i += 1 + consumed;
                    }
                    c if c >= 0x80 => match decode_rune(s.get(i..).unwrap_or(&[])) {
                        Some((_, w)) => {
                            out.extend_from_slice(s.get(i..i + w).ok_or(SyntaxError)?);
                            i += w;
                        }
                        None => {
                            // Go decodes an invalid byte as U+FFFD.
                            out.extend_from_slice("\u{fffd}".as_bytes());
                            i += 1;
                        }
                    },
                    c => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
        }
        _ => Err(SyntaxError),
    }
}

/// Go's `strconv.Unquote` for the two forms used here.
pub fn unquote(s: &[u8]) -> Result<Vec<u8>, SyntaxError> {
    let (v, n) = unquote_prefix(s)?;
    if n == s.len() {
        Ok(v)
    } else {
        Err(SyntaxError)
    }
}

/// One escape sequence after a backslash, inside `"..."`: returns the number
/// of bytes consumed after the backslash and the bytes produced.
fn unescape(s: &[u8]) -> Result<(usize, Vec<u8>), SyntaxError> {
    let c = *s.first().ok_or(SyntaxError)?;
    let simple = |b: u8| Ok((1, vec![b]));
    match c {
        b'a' => simple(0x07),
        b'b' => simple(0x08),
        b'f' => simple(0x0c),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(0x0b),
        b'\\' => simple(b'\\'),
        b'"' => simple(b'"'),
        b'x' | b'u' | b'U' => {
            let n = match c {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = s.get(1..1 + n).ok_or(SyntaxError)?;
            let mut v: u32 = 0;
            for &d in digits {
                let x = (d as char).to_digit(16).ok_or(SyntaxError)?;
                v = (v << 4) | x;
            }
            if c == b'x' {
                return Ok((1 + n, vec![v as u8]));
            }
            let ch = char::from_u32(v).ok_or(SyntaxError)?;
            let mut buf = [0u8; 4];
            Ok((1 + n, ch.encode_utf8(&mut buf).as_bytes().to_vec()))
        }
        b'0'..=b'7' => {
            let digits = s.get(..3).ok_or(SyntaxError)?;
            let mut v: u32 = 0;
            for &d in digits {
                if !(b'0'..=b'7').contains(&d) {
                    return Err(SyntaxError);
                }
                v = (v << 3) | u32::from(d - b'0');
            }
            if v > 255 {
                return Err(SyntaxError);
            }
            Ok((3, vec![v as u8]))
        }
        _ => Err(SyntaxError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &[u8]) -> String {
        String::from_utf8(quote(s)).unwrap()
    }

    #[test]
    fn quote_matches_go() {
        // Expected values from Go's strconv.Quote.
        assert_eq!(q(b"-X main.v=1 2"), r#""-X main.v=1 2""#);
        assert_eq!(q(b"a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(q(b"\x07\x08\x0c\n\r\t\x0b"), r#""\a\b\f\n\r\t\v""#);
        assert_eq!(q(b"\x00\x1f\x7f"), r#""\x00\x1f\x7f""#);
        assert_eq!(q(b"\xff\xfe"), r#""\xff\xfe""#);
        assert_eq!(q("é☺".as_bytes()), "\"é☺\"");
        assert_eq!(
            q("\u{a0}\u{200b}\u{feff}".as_bytes()),
            r#""\u00a0\u200b\ufeff""#
        );
        assert_eq!(q("\u{e000}\u{10ffff}".as_bytes()), r#""\ue000\U0010ffff""#);
        assert_eq!(q("`".as_bytes()), "\"`\"");
    }

    #[test]
    fn unquote_matches_go() {
        assert_eq!(unquote(br#""a b""#).unwrap(), b"a b");
        assert_eq!(
            unquote(br#""\x41\101\u00e9\U0001F600\n""#).unwrap(),
            "AAé😀\n".as_bytes()
        );
        assert_eq!(unquote(br#""\xff""#).unwrap(), b"\xff");
        assert_eq!(unquote(b"`raw\r\\n`").unwrap(), b"raw\\n");
        assert_eq!(
            unquote(b"\"bad\xffbyte\"").unwrap(),
            "bad\u{fffd}byte".as_bytes()
        );
        for bad in [
            &b"\""[..],
            b"\"abc",
            b"\"a\nb\"",
            b"\"\\q\"",
            b"\"\\x4\"",
            b"\"\\400\"",
            b"\"\\ud800\"",
            b"\"\\'\"",
            b"`abc",
            b"'a'",
            b"\"a\"b",
            b"",
        ] {
            assert!(unquote(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(unquote_prefix(br#""k"=v"#).unwrap(), (b"k".to_vec(), 3));
    }

    #[test]
    fn quote_unquote_roundtrip() {
        let samples: [&[u8]; 5] = [
            b"",
            b"plain",
            b"\x00\xff\t\"`",
            "日本 語".as_bytes(),
            b"\\\\",
        ];
        for s in samples {
            assert_eq!(unquote(&quote(s)).unwrap(), s);
        }
    }
}
