//! The module-info text: Go's `debug.ParseBuildInfo` and `BuildInfo.String`
//! (`src/runtime/debug/mod.go`), byte for byte.

use crate::goquote::{quote, unquote, unquote_prefix};
use crate::{BuildInfo, Error, Module, Setting};

fn split_tabs(s: &[u8]) -> Vec<&[u8]> {
    s.split(|&b| b == b'\t').collect()
}

fn module_line(elem: &[&[u8]]) -> Result<Module, String> {
    if elem.len() != 2 && elem.len() != 3 {
        return Err(format!("expected 2 or 3 columns; got {}", elem.len()));
    }
    Ok(Module {
        path: elem.first().map(|e| e.to_vec()).unwrap_or_default(),
        version: elem.get(1).map(|e| e.to_vec()).unwrap_or_default(),
        sum: elem.get(2).map(|e| e.to_vec()).unwrap_or_default(),
        replace: None,
    })
}

/// `strings.ContainsAny(key, "= \t\r\n\"`")` or empty.
pub(crate) fn quote_key(key: &[u8]) -> bool {
    key.is_empty() || key.iter().any(|b| b"= \t\r\n\"`".contains(b))
}

/// `strings.ContainsAny(value, " \t\r\n\"`")`.
pub(crate) fn quote_value(value: &[u8]) -> bool {
    value.iter().any(|b| b" \t\r\n\"`".contains(b))
}

/// Which module a `=>` line attaches to.
enum Last {
    None,
    Main,
    Dep(usize),
}

/// Parse module-info text (Go's `ParseBuildInfo`; the Go version is not
/// part of it).
pub fn parse(data: &[u8]) -> Result<BuildInfo, Error> {
    let mut bi = BuildInfo::default();
    let mut last = Last::None;
    let mut rest = data;
    let mut line_num = 1usize;
    let fail = |line: usize, reason: String| Error::Parse { line, reason };
    while !rest.is_empty() {
        let Some(nl) = memchr::memchr(b'\n', rest) else {
            break;
        };
        let line = rest.get(..nl).unwrap_or(&[]);
        rest = rest.get(nl + 1..).unwrap_or(&[]);
        if let Some(p) = line.strip_prefix(b"path\t") {
            bi.path = p.to_vec();
        } else if let Some(m) = line.strip_prefix(b"mod\t") {
            let m = module_line(&split_tabs(m)).map_err(|e| fail(line_num, e))?;
            bi.main = Some(m);
            last = Last::Main;
        } else if let Some(d) = line.strip_prefix(b"dep\t") {
            let m = module_line(&split_tabs(d)).map_err(|e| fail(line_num, e))?;
            bi.deps.push(m);
            last = Last::Dep(bi.deps.len() - 1);
        } else if let Some(r) = line.strip_prefix(b"=>\t") {
            let elem = split_tabs(r);
            if elem.len() != 3 {
                return Err(fail(
                    line_num,
                    format!("expected 3 columns for replacement; got {}", elem.len()),
                ));
            }
            let rep = Module {
                path: elem.first().map(|e| e.to_vec()).unwrap_or_default(),
                version: elem.get(1).map(|e| e.to_vec()).unwrap_or_default(),
                sum: elem.get(2).map(|e| e.to_vec()).unwrap_or_default(),
                replace: None,
            };
            let target = match last {
                Last::None => None,
                Last::Main => bi.main.as_mut(),
                Last::Dep(i) => bi.deps.get_mut(i),
            };
            let Some(target) = target else {
                return Err(fail(
                    line_num,
                    "replacement with no module on previous line".to_string(),
                ));
            };
            target.replace = Some(Box::new(rep));
            last = Last::None;
        } else if let Some(kv) = line.strip_prefix(b"build\t") {
            bi.settings
                .push(parse_build_line(kv).map_err(|e| fail(line_num, e))?);
        }
        line_num += 1;
    }
    Ok(bi)
}

fn parse_build_line(kv: &[u8]) -> Result<Setting, String> {
    let first = *kv.first().ok_or("build line missing '='")?;
    let (key, raw_value) = match first {
        b'=' => return Err("build line with missing key".to_string()),
        b'`' | b'"' => {
            let (key, n) =
                unquote_prefix(kv).map_err(|_| "invalid quoted key in build line".to_string())?;
            match kv.get(n) {
                None => return Err("build line missing '=' after quoted key".to_string()),
                Some(b'=') => {}
                Some(&c) => {
                    return Err(format!(
                        "unexpected character after quoted key: {}",
                        go_quote_byte(c)
                    ))
                }
            }
            (key, kv.get(n + 1..).unwrap_or(&[]))
        }
        _ => {
            let eq = memchr::memchr(b'=', kv).ok_or("build line missing '=' after key")?;
            let key = kv.get(..eq).unwrap_or(&[]);
            if quote_key(key) {
                return Err(format!(
                    "unquoted key {} must be quoted",
                    String::from_utf8_lossy(&quote(key))
                ));
            }
            (key.to_vec(), kv.get(eq + 1..).unwrap_or(&[]))
        }
    };
    let value = match raw_value.first() {
        None => Vec::new(),
        Some(b'`' | b'"') => {
            unquote(raw_value).map_err(|_| "invalid quoted value in build line".to_string())?
        }
        Some(_) => {
            if quote_value(raw_value) {
                return Err(format!(
                    "unquoted value {} must be quoted",
                    String::from_utf8_lossy(&quote(raw_value))
                ));
            }
            raw_value.to_vec()
        }
    };
    Ok(Setting { key, value })
}

/// Go's `%q` of a byte (a rune literal).
fn go_quote_byte(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'\\' => "'\\\\'".to_string(),
        0x20..=0x7e => format!("'{}'", c as char),
        b'\n' => "'\\n'".to_string(),
        b'\t' => "'\\t'".to_string(),
        b'\r' => "'\\r'".to_string(),
        _ if c < 0x80 => format!("'\\x{c:02x}'"),
        _ => format!("'{}'", char::from(c)),
    }
}

fn format_mod(out: &mut Vec<u8>, word: &[u8], m: &Module) {
    out.extend_from_slice(word);
    out.push(b'\t');
    out.extend_from_slice(&m.path);
    out.push(b'\t');
    out.extend_from_slice(&m.version);
    match &m.replace {
        None => {
            out.push(b'\t');
            out.extend_from_slice(&m.sum);
        }
        Some(r) => {
            out.push(b'\n');
            format_mod(out, b"=>", r);
        }
    }
    out.push(b'\n');
}

/// Go's `BuildInfo.String()`; the `go` line is included only when
/// `with_go_version` is set (`go version -m` clears it before printing).
pub fn render(bi: &BuildInfo, with_go_version: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if with_go_version && !bi.go_version.is_empty() {
        out.extend_from_slice(b"go\t");
        out.extend_from_slice(&bi.go_version);
        out.push(b'\n');
    }
    if !bi.path.is_empty() {
        out.extend_from_slice(b"path\t");
        out.extend_from_slice(&bi.path);
        out.push(b'\n');
    }
    if let Some(main) = bi.main.as_ref().filter(|m| !m.is_zero()) {
        format_mod(&mut out, b"mod", main);
    }
    for dep in &bi.deps {
        format_mod(&mut out, b"dep", dep);
    }
    for s in &bi.settings {
        out.extend_from_slice(b"build\t");
        if quote_key(&s.key) {
            out.extend_from_slice(&quote(&s.key));
        } else {
            out.extend_from_slice(&s.key);
        }
        out.push(b'=');
        if quote_value(&s.value) {
            out.extend_from_slice(&quote(&s.value));
        } else {
            out.extend_from_slice(&s.value);
        }
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "path\texample.com/app\n\
        mod\texample.com/app\t(devel)\t\n\
        dep\tgolang.org/x/crypto\tv0.1.0\th1:abc=\n\
        dep\texample.com/lib\tv1.0.0\n\
        =>\t../lib\t(devel)\t\n\
        build\t-buildmode=exe\n\
        build\t-ldflags=\"-s -w -X main.v=1\"\n\
        build\t\"we ird\"=`x`\n\
        build\tDefaultGODEBUG=fips140=on,tlsmlkem=0\n\
        build\tGOFIPS140=v1.0.0-c2097c7c\n\
        build\tempty=\n";

    #[test]
    fn parse_and_render_roundtrip() {
        let bi = parse(SAMPLE.as_bytes()).unwrap();
        assert_eq!(bi.path, b"example.com/app");
        assert_eq!(bi.main.as_ref().unwrap().version, b"(devel)");
        assert_eq!(bi.deps.len(), 2);
        assert_eq!(bi.deps[1].replace.as_ref().unwrap().path, b"../lib");
        assert_eq!(bi.settings[1].value, b"-s -w -X main.v=1");
        assert_eq!(bi.settings[2].key, b"we ird");
        assert_eq!(bi.settings[2].value, b"x");
        // `x` re-renders unquoted, and a replaced module is followed by an
        // empty line: Go's String() does both.
        let want = SAMPLE
            .replace("\"we ird\"=`x`", "\"we ird\"=x")
            .replace("(devel)\t\nbuild", "(devel)\t\n\nbuild");
        assert_eq!(String::from_utf8(render(&bi, false)).unwrap(), want);
    }

    #[test]
    fn parse_errors_match_go() {
        let cases: [(&str, &str); 9] = [
            ("mod\ta\n", "line 1: expected 2 or 3 columns; got 1"),
            (
                "path\tp\ndep\ta\tb\tc\td\n",
                "line 2: expected 2 or 3 columns; got 4",
            ),
            (
                "=>\ta\tb\tc\n",
                "line 1: replacement with no module on previous line",
            ),
            (
                "dep\ta\tb\n=>\ta\tb\n",
                "line 2: expected 3 columns for replacement; got 2",
            ),
            ("build\t\n", "line 1: build line missing '='"),
            ("build\t=x\n", "line 1: build line with missing key"),
            ("build\tkey\n", "line 1: build line missing '=' after key"),
            (
                "build\tk=a b\n",
                "line 1: unquoted value \"a b\" must be quoted",
            ),
            (
                "build\t\"k\"x\n",
                "line 1: unexpected character after quoted key: 'x'",
            ),
        ];
        for (input, want) in cases {
            let err = parse(input.as_bytes()).unwrap_err().to_string();
            assert_eq!(
                err,
                format!("could not parse Go build info: {want}"),
                "{input:?}"
            );
        }
        // A last line without a newline is ignored, as in Go.
        let bi = parse(b"path\tp\nbuild\tbroken").unwrap();
        assert!(bi.settings.is_empty());
    }

    #[test]
    fn mod_line_with_two_columns_renders_with_tab() {
        let bi = parse(b"mod\tm\tv1\n").unwrap();
        assert_eq!(render(&bi, false), b"mod\tm\tv1\t\n");
    }
}
