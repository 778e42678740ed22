//! Go's notions of letters, digits and white space, and byte-level trimming
//! that, like Go's `bytes.TrimSpace`, stops at bytes that are not UTF-8.

use unicode_general_category::{get_general_category, GeneralCategory as G};

/// `unicode.IsLetter`: general category L (Lu, Ll, Lt, Lm, Lo).
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

/// `unicode.IsDigit`: general category Nd.
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    get_general_category(c) == G::DecimalNumber
}

/// A character of a build tag: a letter, a digit, `_` or `.`.
pub fn is_tag_char(c: char) -> bool {
    c == '_' || c == '.' || is_letter(c) || is_digit(c)
}

/// `unicode.IsSpace` is the White_Space property, as `char::is_whitespace`.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The first character of `b` and its length, if `b` starts with UTF-8.
fn first_char(b: &[u8]) -> Option<(char, usize)> {
    // Only the first character's bytes: a long line is not rescanned.
    let chunk = b[..b.len().min(4)].utf8_chunks().next()?;
    let c = chunk.valid().chars().next()?;
    Some((c, c.len_utf8()))
}

/// The last character of `b` and its length, if `b` ends with UTF-8.
fn last_char(b: &[u8]) -> Option<(char, usize)> {
    for width in 1..=b.len().min(4) {
        if let Ok(s) = std::str::from_utf8(&b[b.len() - width..]) {
            let mut chars = s.chars();
            let c = chars.next()?;
            return chars.next().is_none().then_some((c, width));
        }
    }
    None
}

/// `bytes.TrimSpace`.
pub fn trim_space(mut b: &[u8]) -> &[u8] {
    while let Some((c, n)) = first_char(b) {
        if !is_space(c) {
            break;
        }
        b = &b[n..];
    }
    while let Some((c, n)) = last_char(b) {
        if !is_space(c) {
            break;
        }
        b = &b[..b.len() - n];
    }
    b
}

/// Whether `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// The position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digits_are_gos() {
        assert!(is_tag_char('a') && is_tag_char('Z') && is_tag_char('7'));
        assert!(is_tag_char('_') && is_tag_char('.'));
        assert!(!is_tag_char('-') && !is_tag_char('/') && !is_tag_char(' '));
        assert!(is_tag_char('ü') && is_tag_char('ж') && is_tag_char('日'));
        assert!(is_tag_char('٣')); // Arabic-Indic digit three: Nd
                                   // Alphabetic in Rust, but not letters in Go: combining marks (Mn/Mc),
                                   // letter numbers (Nl), other numbers (No).
        assert!(!is_tag_char('\u{0301}'));
        assert!(!is_tag_char('\u{093E}'));
        assert!(!is_tag_char('Ⅻ'));
        assert!(!is_tag_char('²'));
        assert!(!is_tag_char('\u{FFFD}'));
    }

    #[test]
    fn trims_like_bytes_trim_space() {
        assert_eq!(trim_space(b"  a b \t\r"), b"a b");
        assert_eq!(trim_space("\u{a0}x\u{3000}".as_bytes()), b"x");
        assert_eq!(trim_space(b""), b"");
        assert_eq!(trim_space(b" \n "), b"");
        // Invalid UTF-8 stops trimming, as in Go.
        assert_eq!(trim_space(b" \xff "), b"\xff");
        assert_eq!(trim_space(b"\xe3\x80 "), b"\xe3\x80");
        assert_eq!(
            trim_space("\u{3000}\u{1F600} ".as_bytes()),
            "\u{1F600}".as_bytes()
        );
        // Long runs of white space take linear time.
        let long = format!("{}x{}", " ".repeat(200_000), " ".repeat(200_000));
        assert_eq!(trim_space(long.as_bytes()), b"x");
    }
}
