//! Reading and writing importcfg text as Go's compiler
//! (cmd/compile/internal/base `readImportCfg`) and linker
//! (cmd/link/internal/ld `readImportCfg`) read it.
//!
//! The text is split at `\n`; each line is trimmed of white space; empty
//! lines and lines starting with `#` are skipped. A line is `VERB ARGS`,
//! split at the first space, ARGS trimmed again; for the `path=file` verbs
//! ARGS is split at its first `=`, and neither side may be empty (the sides
//! are not trimmed). The compiler knows `packagefile` and `importmap`, the
//! linker `packagefile`, `packageshlib` and `modinfo` (a Go string literal);
//! this parser accepts the four, and callers decide which may appear where.
//! Anything else is refused with the tools' own wording, naming `file:line`.
//! Text that is not UTF-8 is refused too (the tools would take its bytes).

use std::fmt;

use crate::quote;

/// One line of an importcfg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// `packagefile PATH=FILE`: the package PATH is read from FILE (export
    /// data for the compiler, the archive for the linker).
    PackageFile { path: String, file: String },
    /// `importmap PATH=TARGET`: an import of PATH means the package TARGET
    /// (compiler only).
    ImportMap { path: String, target: String },
    /// `packageshlib PATH=FILE` (linker only, `-linkshared`).
    PackageShlib { path: String, file: String },
    /// `modinfo "..."`: the build information the linker stores in
    /// `runtime.modinfo`, as written (a Go string literal).
    ModInfo { literal: String },
}

impl Directive {
    /// The directive's verb, as written in the file.
    pub fn verb(&self) -> &'static str {
        match self {
            Directive::PackageFile { .. } => "packagefile",
            Directive::ImportMap { .. } => "importmap",
            Directive::PackageShlib { .. } => "packageshlib",
            Directive::ModInfo { .. } => "modinfo",
        }
    }
}

impl fmt::Display for Directive {
    /// The line as the writer writes it, without the newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Directive::PackageFile { path, file } | Directive::PackageShlib { path, file } => {
                write!(f, "{} {path}={file}", self.verb())
            }
            Directive::ImportMap { path, target } => write!(f, "importmap {path}={target}"),
            Directive::ModInfo { literal } => write!(f, "modinfo {literal}"),
        }
    }
}

/// A directive and the line it is on (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub directive: Directive,
}

/// Why an importcfg does not read; the texts are the compiler's and
/// linker's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("{file}:{line}: unknown directive {}", quote(verb))]
    UnknownDirective {
        file: String,
        line: usize,
        verb: String,
    },
    /// A `path=file` verb without `=` or with an empty side.
    #[error("{file}:{line}: invalid {verb}: syntax is \"{verb} {syntax}\"")]
    Syntax {
        file: String,
        line: usize,
        verb: &'static str,
        syntax: &'static str,
    },
    /// A `modinfo` argument that is not a Go string literal.
    #[error("{file}:{line}: invalid modinfo: invalid syntax")]
    ModInfo { file: String, line: usize },
    #[error("{file}: not UTF-8 text")]
    NotUtf8 { file: String },
}

/// The directives of the importcfg text `data`; `file` names it in errors.
/// The first line that the compiler or linker would refuse is the error.
pub fn parse(file: &str, data: &[u8]) -> Result<Vec<Line>, ParseError> {
    let text = std::str::from_utf8(data).map_err(|_| ParseError::NotUtf8 {
        file: file.to_string(),
    })?;
    let mut out = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let number = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (verb, args) = match line.split_once(' ') {
            Some((verb, args)) => (verb, args.trim()),
            None => (line, ""),
        };
        let syntax_error = |verb: &'static str, syntax: &'static str| ParseError::Syntax {
            file: file.to_string(),
            line: number,
            verb,
            syntax,
        };
        let pair = |verb: &'static str, syntax: &'static str| match args.split_once('=') {
            Some((before, after)) if !before.is_empty() && !after.is_empty() => {
                Ok((before.to_string(), after.to_string()))
            }
            _ => Err(syntax_error(verb, syntax)),
        };
        let directive = match verb {
            "packagefile" => {
                let (path, file) = pair("packagefile", "path=filename")?;
                Directive::PackageFile { path, file }
            }
            "importmap" => {
                let (path, target) = pair("importmap", "old=new")?;
                Directive::ImportMap { path, target }
            }
            "packageshlib" => {
                let (path, file) = pair("packageshlib", "path=filename")?;
                Directive::PackageShlib { path, file }
            }
            "modinfo" => {
                if fips_buildinfo::goquote::unquote(args.as_bytes()).is_err() {
                    return Err(ParseError::ModInfo {
                        file: file.to_string(),
                        line: number,
                    });
                }
                Directive::ModInfo {
                    literal: args.to_string(),
                }
            }
            _ => {
                return Err(ParseError::UnknownDirective {
                    file: file.to_string(),
                    line: number,
                    verb: verb.to_string(),
                })
            }
        };
        out.push(Line { number, directive });
    }
    Ok(out)
}

/// A directive that would not read back as written (a newline in a file
/// name, white space at either end, an empty side, `=` in a path).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("importcfg: cannot write {directive:?}: it would not read back as written")]
pub struct Unwritable {
    pub directive: Directive,
}

/// The importcfg text of `directives`, one line each: every line is read
/// back and must give the directive it was written from.
pub fn write(directives: &[Directive]) -> Result<String, Unwritable> {
    let mut out = String::new();
    for directive in directives {
        let line = directive.to_string();
        let back = parse("", line.as_bytes());
        if !matches!(back.as_deref(), Ok([read]) if read.directive == *directive) {
            return Err(Unwritable {
                directive: directive.clone(),
            });
        }
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pf(path: &str, file: &str) -> Directive {
        Directive::PackageFile {
            path: path.into(),
            file: file.into(),
        }
    }

    fn directives(text: &str) -> Vec<(usize, Directive)> {
        parse("cfg", text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|l| (l.number, l.directive))
            .collect()
    }

    fn error(text: &str) -> String {
        parse("cfg", text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn reads_what_the_tools_read() {
        let text = "# comment\n\n  packagefile fmt=/std/fmt.a  \r\n\
                    importmap golang.org/x/net/a=vendor/golang.org/x/net/a\n\
                    packagefile a=b=c\n\
                    packagefile   spaced = x \n\
                    \t# indented comment\n\
                    packageshlib p=lib.so\n\
                    modinfo \"a\\tb\\xff\"\n\
                    modinfo `raw`";
        assert_eq!(
            directives(text),
            vec![
                (3, pf("fmt", "/std/fmt.a")),
                (
                    4,
                    Directive::ImportMap {
                        path: "golang.org/x/net/a".into(),
                        target: "vendor/golang.org/x/net/a".into()
                    }
                ),
                // The first `=` splits; the sides are not trimmed.
                (5, pf("a", "b=c")),
                (6, pf("spaced ", " x")),
                (
                    8,
                    Directive::PackageShlib {
                        path: "p".into(),
                        file: "lib.so".into()
                    }
                ),
                (
                    9,
                    Directive::ModInfo {
                        literal: "\"a\\tb\\xff\"".into()
                    }
                ),
                (
                    10,
                    Directive::ModInfo {
                        literal: "`raw`".into()
                    }
                ),
            ]
        );
        assert_eq!(directives(""), vec![]);
        assert_eq!(directives("\n\n#x\n"), vec![]);
    }

    #[test]
    fn refuses_what_the_tools_refuse() {
        assert_eq!(
            error("packagefile fmt=a\nimport fmt=b\n"),
            "cfg:2: unknown directive \"import\""
        );
        // Only a space separates the verb.
        assert_eq!(
            error("packagefile\tfmt=a"),
            "cfg:1: unknown directive \"packagefile\\tfmt=a\""
        );
        assert_eq!(
            error("PackageFile fmt=a"),
            "cfg:1: unknown directive \"PackageFile\""
        );
        for bad in [
            "packagefile fmt",
            "packagefile",
            "packagefile =a",
            "packagefile fmt=",
            "packagefile  = ",
        ] {
            assert_eq!(
                error(bad),
                "cfg:1: invalid packagefile: syntax is \"packagefile path=filename\"",
                "{bad:?}"
            );
        }
        assert_eq!(
            error("\nimportmap a"),
            "cfg:2: invalid importmap: syntax is \"importmap old=new\""
        );
        assert_eq!(
            error("packageshlib a="),
            "cfg:1: invalid packageshlib: syntax is \"packageshlib path=filename\""
        );
        for bad in [
            "modinfo",
            "modinfo abc",
            "modinfo \"a",
            "modinfo \"a\"b",
            "modinfo \"\\q\"",
        ] {
            assert_eq!(
                error(bad),
                "cfg:1: invalid modinfo: invalid syntax",
                "{bad:?}"
            );
        }
        assert_eq!(
            parse("cfg", b"packagefile a=\xff").unwrap_err().to_string(),
            "cfg: not UTF-8 text"
        );
    }

    #[test]
    fn writes_what_reads_back() {
        let all = vec![
            pf("fmt", "bazel-out/k8/bin/std/fmt.a"),
            pf("example.com/a", "x=y.a"),
            Directive::ImportMap {
                path: "a".into(),
                target: "b".into(),
            },
            Directive::ModInfo {
                literal: "\"x\\n\"".into(),
            },
        ];
        let text = write(&all).unwrap();
        assert_eq!(
            text,
            "packagefile fmt=bazel-out/k8/bin/std/fmt.a\npackagefile example.com/a=x=y.a\n\
             importmap a=b\nmodinfo \"x\\n\"\n"
        );
        let back: Vec<Directive> = parse("", text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|l| l.directive)
            .collect();
        assert_eq!(back, all);
        for bad in [
            pf("a", "x\ny"),
            pf("a", "x "),
            pf(" a", "x"),
            pf("a=b", "x"),
            pf("", "x"),
            pf("#a", ""),
            Directive::ModInfo {
                literal: "x".into(),
            },
        ] {
            assert!(write(std::slice::from_ref(&bad)).is_err(), "{bad:?}");
        }
    }
}
