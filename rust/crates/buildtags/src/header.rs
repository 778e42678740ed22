//! Reading a source file's header as go/build does: for a Go file, the
//! bytes up to the end of its import declarations (`readGoInfo`'s import
//! reader), for other sources the leading comments (`readComments`); then
//! finding the build constraint lines in that header (`parseFileHeader`).

use std::io::{self, Read};

use crate::text::{contains, find, trim_space};

/// Why the import reader stopped early (sticky, as in Go).
#[derive(Debug)]
enum Stop {
    /// Not the expected Go syntax (go/build then takes the whole file as the
    /// header and leaves the error to the parser and compiler).
    Syntax,
    Nul,
    Io(io::Error),
}

/// Why a Go file's header could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A NUL byte, which go/build refuses.
    Nul,
    Io(io::Error),
}

/// What the import reader learned about a Go file.
#[derive(Debug, Default)]
pub struct GoHeader {
    /// The bytes read (after a leading byte order mark): everything the
    /// build constraints can be on.
    pub header: Vec<u8>,
    /// The package name, if the package clause and imports read cleanly
    /// (None: reading stopped at something that is not Go syntax).
    pub package: Option<Vec<u8>>,
    /// The import paths as written (quotes included), in order.
    pub imports: Vec<Vec<u8>>,
}

/// A byte source with Go's `importReader` state: one byte of lookahead
/// (`peek`, 0 for none), sticky error, end of file.
struct Reader<R> {
    src: R,
    chunk: Box<[u8]>,
    pos: usize,
    len: usize,
    /// Bytes read ahead (looking for a byte order mark), last first.
    front: Vec<u8>,
    buf: Vec<u8>,
    peek: u8,
    err: Option<Stop>,
    eof: bool,
}

impl<R: Read> Reader<R> {
    fn new(src: R) -> io::Result<Reader<R>> {
        let mut r = Reader {
            src,
            chunk: vec![0; 4096].into_boxed_slice(),
            pos: 0,
            len: 0,
            front: Vec::new(),
            buf: Vec::new(),
            peek: 0,
            err: None,
            eof: false,
        };
        // A leading UTF-8 byte order mark is dropped, as the spec allows;
        // other first bytes are read again.
        let mut first = Vec::with_capacity(3);
        while first.len() < 3 {
            match r.raw_byte()? {
                Some(c) => first.push(c),
                None => break,
            }
        }
        if first != [0xef, 0xbb, 0xbf] {
            first.reverse();
            r.front = first;
        }
        Ok(r)
    }

    /// The next byte of the file, or None at its end.
    fn raw_byte(&mut self) -> io::Result<Option<u8>> {
        if let Some(c) = self.front.pop() {
            return Ok(Some(c));
        }
        if self.pos == self.len {
            loop {
                match self.src.read(&mut self.chunk) {
                    Ok(0) => return Ok(None),
                    Ok(n) => {
                        self.pos = 0;
                        self.len = n;
                        break;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            }
        }
        let c = self.chunk[self.pos];
        self.pos += 1;
        Ok(Some(c))
    }

    fn syntax_error(&mut self) {
        if self.err.is_none() {
            self.err = Some(Stop::Syntax);
        }
    }

    /// `readByte`: the next byte, kept in `buf`; 0 at the end or on error.
    fn read_byte(&mut self) -> u8 {
        match self.raw_byte() {
            Ok(Some(c)) => {
                self.buf.push(c);
                if c == 0 {
                    if self.err.is_none() {
                        self.err = Some(Stop::Nul);
                    }
                    return 0;
                }
                c
            }
            Ok(None) => {
                self.eof = true;
                0
            }
            Err(e) => {
                if self.err.is_none() {
                    self.err = Some(Stop::Io(e));
                }
                0
            }
        }
    }

    /// `peekByte`: the next byte without consuming it; with `skip_space`,
    /// white space, `;` and comments are skipped first.
    fn peek_byte(&mut self, skip_space: bool) -> u8 {
        if self.err.is_some() {
            return 0;
        }
        let mut c = self.peek;
        if c == 0 {
            c = self.read_byte();
        }
        while self.err.is_none() && !self.eof {
            if skip_space {
                match c {
                    b' ' | b'\x0c' | b'\t' | b'\r' | b'\n' | b';' => {
                        c = self.read_byte();
                        continue;
                    }
                    b'/' => {
                        c = self.read_byte();
                        if c == b'/' {
                            while c != b'\n' && self.err.is_none() && !self.eof {
                                c = self.read_byte();
                            }
                        } else if c == b'*' {
                            let mut c1 = 0u8;
                            while (c != b'*' || c1 != b'/') && self.err.is_none() {
                                if self.eof {
                                    self.syntax_error();
                                }
                                c = c1;
                                c1 = self.read_byte();
                            }
                        } else {
                            self.syntax_error();
                        }
                        c = self.read_byte();
                        continue;
                    }
                    _ => {}
                }
            }
            break;
        }
        self.peek = c;
        c
    }

    fn next_byte(&mut self, skip_space: bool) -> u8 {
        let c = self.peek_byte(skip_space);
        self.peek = 0;
        c
    }

    fn read_keyword(&mut self, kw: &[u8]) {
        self.peek_byte(true);
        for &k in kw {
            if self.next_byte(false) != k {
                self.syntax_error();
                return;
            }
        }
        if is_ident(self.peek_byte(false)) {
            self.syntax_error();
        }
    }

    fn read_ident(&mut self) -> Vec<u8> {
        let mut ident = Vec::new();
        let c = self.peek_byte(true);
        if !is_ident(c) {
            self.syntax_error();
            return ident;
        }
        loop {
            let c = self.peek_byte(false);
            if !is_ident(c) {
                break;
            }
            ident.push(c);
            self.peek = 0;
        }
        ident
    }

    /// A string literal, returned with its quotes.
    fn read_string(&mut self) -> Vec<u8> {
        let mut lit = Vec::new();
        let quote = self.next_byte(true);
        lit.push(quote);
        match quote {
            b'`' => {
                while self.err.is_none() {
                    let c = self.next_byte(false);
                    lit.push(c);
                    if c == b'`' {
                        break;
                    }
                    if self.eof {
                        self.syntax_error();
                    }
                }
            }
            b'"' => {
                while self.err.is_none() {
                    let c = self.next_byte(false);
                    lit.push(c);
                    if c == b'"' {
                        break;
                    }
                    if self.eof || c == b'\n' {
                        self.syntax_error();
                    }
                    if c == b'\\' {
                        let e = self.next_byte(false);
                        lit.push(e);
                    }
                }
            }
            _ => self.syntax_error(),
        }
        lit
    }

    /// An import spec: optional name or `.`, then the path.
    fn read_import(&mut self) -> Vec<u8> {
        let c = self.peek_byte(true);
        if c == b'.' {
            self.peek = 0;
        } else if is_ident(c) {
            self.read_ident();
        }
        self.read_string()
    }
}

/// Go's `isIdent` for the import reader: ASCII letters, digits, `_`, and
/// every non-ASCII byte.
fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Reads a Go file's package clause and imports (`readGoInfo`), stopping
/// right after them: the rest of the file is not read.
pub fn read_go_header<R: Read>(src: R) -> Result<GoHeader, ReadError> {
    let mut r = Reader::new(src).map_err(ReadError::Io)?;
    r.read_keyword(b"package");
    let package = r.read_ident();
    let mut imports = Vec::new();
    while r.peek_byte(true) == b'i' {
        r.read_keyword(b"import");
        if r.peek_byte(true) == b'(' {
            r.next_byte(false);
            while r.peek_byte(true) != b')' && r.err.is_none() {
                imports.push(r.read_import());
            }
            r.next_byte(false);
        } else {
            imports.push(r.read_import());
        }
    }
    // A byte read to see that the imports ended is not part of them.
    if r.err.is_none() && !r.eof {
        r.buf.pop();
    }
    match r.err {
        None => Ok(GoHeader {
            header: r.buf,
            package: Some(package),
            imports,
        }),
        // go/build reads the rest of the file as the header then; the build
        // constraints are all before the first non-comment text, which the
        // reader has passed, so the rest is not needed.
        Some(Stop::Syntax) => Ok(GoHeader {
            header: r.buf,
            package: None,
            imports: Vec::new(),
        }),
        Some(Stop::Nul) => Err(ReadError::Nul),
        Some(Stop::Io(e)) => Err(ReadError::Io(e)),
    }
}

/// Reads the leading comments and blank space of a non-Go source
/// (`readComments`); None if they do not read cleanly (a stray `/`, an
/// open `/*`, a NUL byte).
pub fn read_comments<R: Read>(src: R) -> io::Result<Option<Vec<u8>>> {
    let mut r = Reader::new(src)?;
    r.peek_byte(true);
    if r.err.is_none() && !r.eof {
        r.buf.pop();
    }
    match r.err {
        None => Ok(Some(r.buf)),
        Some(Stop::Io(e)) => Err(e),
        Some(_) => Ok(None),
    }
}

/// The build constraint lines of a header.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Constraints {
    /// The `//go:build` line (trimmed) and its 1-based line number.
    pub go_build: Option<(Vec<u8>, usize)>,
    /// The `// +build` candidates: `//` lines of the leading comment block
    /// that ends with a blank line, trimmed, with their line numbers.
    pub plus_build: Vec<(Vec<u8>, usize)>,
}

/// A second `//go:build` line: its line number.
#[derive(Debug, PartialEq, Eq)]
pub struct MultipleGoBuild(pub usize);

/// `parseFileHeader`: in the leading run of comments and blank lines, the
/// `//go:build` line (outside `/* */` comments, wherever in that run), and
/// the part before the last blank line that precedes the first non-comment
/// line, where `// +build` lines count.
pub fn parse_file_header(content: &[u8]) -> Result<Constraints, MultipleGoBuild> {
    let mut end = 0;
    let mut ended = false;
    let mut in_slash_star = false;
    let mut go_build: Option<(Vec<u8>, usize)> = None;
    let mut p = content;
    let mut line_no = 0;
    'lines: while !p.is_empty() {
        line_no += 1;
        let raw = match p.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let l = &p[..i];
                p = &p[i + 1..];
                l
            }
            None => std::mem::take(&mut p),
        };
        let mut line = trim_space(raw);
        if line.is_empty() && !ended {
            // The latest place a // +build line may end.
            end = content.len() - p.len();
            continue;
        }
        if !line.starts_with(b"//") {
            ended = true;
        }
        if !in_slash_star && is_go_build_comment(line) {
            if go_build.is_some() {
                return Err(MultipleGoBuild(line_no));
            }
            go_build = Some((line.to_vec(), line_no));
        }
        while !line.is_empty() {
            if in_slash_star {
                match find(line, b"*/") {
                    Some(i) => {
                        in_slash_star = false;
                        line = trim_space(&line[i + 2..]);
                        continue;
                    }
                    None => continue 'lines,
                }
            }
            if line.starts_with(b"//") {
                continue 'lines;
            }
            if let Some(rest) = line.strip_prefix(b"/*") {
                in_slash_star = true;
                line = trim_space(rest);
                continue;
            }
            break 'lines; // non-comment text
        }
    }
    let mut plus_build = Vec::new();
    for (i, raw) in content[..end].split(|&b| b == b'\n').enumerate() {
        let line = trim_space(raw);
        if line.starts_with(b"//") && contains(line, b"+build") {
            plus_build.push((line.to_vec(), i + 1));
        }
    }
    Ok(Constraints {
        go_build,
        plus_build,
    })
}

/// `isGoBuildComment` on a trimmed line: `//go:build` then white space or
/// nothing.
fn is_go_build_comment(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"//go:build") else {
        return false;
    };
    rest.is_empty() || trim_space(rest).len() < rest.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(src: &str) -> GoHeader {
        read_go_header(src.as_bytes()).unwrap()
    }

    fn header(src: &str) -> Constraints {
        parse_file_header(src.as_bytes()).unwrap()
    }

    fn lines(v: &[(Vec<u8>, usize)]) -> Vec<(String, usize)> {
        v.iter()
            .map(|(l, n)| (String::from_utf8_lossy(l).into_owned(), *n))
            .collect()
    }

    #[test]
    fn reads_through_the_imports_only() {
        let h = go("// c\npackage p\n\nimport \"fmt\"\nimport (\n\tx \"os\"\n\t. `io`\n\t_ \"C\"\n)\n\nfunc f() {}\n");
        assert_eq!(h.package.as_deref(), Some(&b"p"[..]));
        assert_eq!(
            h.imports,
            vec![
                b"\"fmt\"".to_vec(),
                b"\"os\"".to_vec(),
                b"`io`".to_vec(),
                b"\"C\"".to_vec()
            ]
        );
        assert!(String::from_utf8(h.header).unwrap().ends_with(")\n\n"));
        let h = go("package p; import \"a\"; var x = 1");
        assert_eq!(h.imports, vec![b"\"a\"".to_vec()]);
        assert_eq!(h.header, b"package p; import \"a\"; ");
        let h = go("package p");
        assert_eq!(h.package.as_deref(), Some(&b"p"[..]));
        assert!(h.package.is_some());
    }

    #[test]
    fn stops_at_syntax_errors_and_refuses_nul() {
        for src in [
            "",
            "/* open",
            "pack p",
            "packagep",
            "package",
            "package p\nimport x",
            "package p\nimport \"a\nb\"",
            "package p\nimport (\"a\"",
            "/ x\npackage p",
            "package p\nimport `a",
        ] {
            assert!(go(src).package.is_none(), "{src:?}");
        }
        assert!(matches!(
            read_go_header(&b"package p\n// \0\n"[..]),
            Err(ReadError::Nul)
        ));
        assert!(matches!(
            read_go_header(&b"//go:build ignore\n\npackage \0"[..]),
            Err(ReadError::Nul)
        ));
        // After the imports nothing more is read.
        assert!(read_go_header(&b"package p\nfunc f() { \0 }"[..]).is_ok());
    }

    #[test]
    fn drops_a_byte_order_mark() {
        let h = go("\u{feff}//go:build x\n\npackage p\n");
        assert!(h.header.starts_with(b"//go:build"));
        assert_eq!(go("\u{feff}").header, b"");
        assert!(go("\u{feff}").package.is_none());
        assert_eq!(read_comments(&b"\xef\xbb"[..]).unwrap().unwrap(), b"");
        assert_eq!(
            read_comments(&b"\xef\xbb\xbf// x\n"[..]).unwrap().unwrap(),
            b"// x\n"
        );
        assert_eq!(
            read_comments(&b"// a\n#include"[..]).unwrap().unwrap(),
            b"// a\n"
        );
        assert_eq!(read_comments(&b"// a\n/* b"[..]).unwrap(), None);
        assert_eq!(read_comments(&b"// \0"[..]).unwrap(), None);
    }

    #[test]
    fn finds_go_build_anywhere_in_the_leading_comments() {
        let c = header("// Copyright\n//go:build linux\npackage p\n");
        assert_eq!(
            lines(&[c.go_build.unwrap()]),
            [("//go:build linux".into(), 2)]
        );
        let c = header("/* license */\n\n//go:build ignore\n\npackage p\n");
        assert_eq!(c.go_build.unwrap().1, 3);
        let c = header("/*\n//go:build ignore\n*/\n\npackage p\n");
        assert_eq!(c.go_build, None);
        let c = header("package p\n//go:build ignore\n");
        assert_eq!(c.go_build, None);
        let c = header("//go:buildx\n//go:build\t a \r\n\npackage p");
        assert_eq!(c.go_build.unwrap(), (b"//go:build\t a".to_vec(), 2));
        assert_eq!(
            parse_file_header(b"//go:build a\n//go:build b\npackage p"),
            Err(MultipleGoBuild(2))
        );
        // A second one inside a block comment does not count.
        assert!(parse_file_header(b"//go:build a\n/*\n//go:build b\n*/\npackage p").is_ok());
    }

    #[test]
    fn plus_build_only_before_a_blank_line() {
        let c = header("// +build linux\n\npackage p\n");
        assert_eq!(lines(&c.plus_build), [("// +build linux".into(), 1)]);
        assert!(header("// +build linux\npackage p\n").plus_build.is_empty());
        let c = header("// Copyright\n\n// +build a\n// +build b\n\n// doc\npackage p\n");
        assert_eq!(
            lines(&c.plus_build),
            [("// +build a".into(), 3), ("// +build b".into(), 4)]
        );
        assert!(header("// Copyright\n\n// +build a\n// doc\npackage p\n")
            .plus_build
            .is_empty());
        // A block comment ends the region.
        assert!(header("/* x */\n// +build a\n\npackage p")
            .plus_build
            .is_empty());
        let c = header("// +build a\n\n/* x */\n\n// +build b\n\npackage p");
        assert_eq!(lines(&c.plus_build), [("// +build a".into(), 1)]);
        // Lines are trimmed; lines mentioning +build are candidates.
        let c = header("  //+build a  \r\n\t// x +build y\n\npackage p");
        assert_eq!(c.plus_build.len(), 2);
    }

    #[test]
    fn block_comments_on_one_line_with_code() {
        assert_eq!(
            header("/* a */ /* b */ package p\n//go:build x\n").go_build,
            None
        );
        let c = header("/* a\n b */ // c\n//go:build x\npackage p");
        assert_eq!(c.go_build.unwrap().1, 3);
        let c = header("/* a */ x\n//go:build x\n");
        assert_eq!(c.go_build, None);
    }
}
