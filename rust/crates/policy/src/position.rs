//! Where something is in the policy file: 1-based line and column.

use std::fmt;

use serde::Serialize;

/// A place in the policy text. Lines and columns count from 1; a column
/// counts characters (Unicode scalar values), not bytes, so it matches what
/// an editor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The start of the file.
    pub const START: Position = Position { line: 1, column: 1 };

    /// The position of byte `offset` in `text`. An offset past the end is
    /// the end; an offset inside a multi-byte character counts as that
    /// character.
    pub fn at(text: &str, offset: usize) -> Position {
        let bytes = text.as_bytes();
        let before = bytes.get(..offset).unwrap_or(bytes);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        // Count the bytes that start a character (not UTF-8 continuations).
        let column = 1 + before
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        Position { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "ab\ncd\n\u{e9}x = 1\n";
        assert_eq!(Position::at(text, 0), Position { line: 1, column: 1 });
        assert_eq!(Position::at(text, 1), Position { line: 1, column: 2 });
        assert_eq!(Position::at(text, 3), Position { line: 2, column: 1 });
        assert_eq!(Position::at(text, 4), Position { line: 2, column: 2 });
        // "é" is two bytes, one column.
        assert_eq!(Position::at(text, 8), Position { line: 3, column: 2 });
        assert_eq!(Position::at(text, 1000), Position { line: 4, column: 1 });
        assert_eq!(Position { line: 3, column: 7 }.to_string(), "3:7");
    }
}
