//! The `#cgo` directives of a cgo preamble, as go/build's `saveCgo` reads
//! them: `#cgo [CONDITIONS] VERB: ARGS`, the conditions matched against the
//! build context, `${SRCDIR}` expanded and relative `-I`/`-L` paths made
//! absolute (`makePathsAbsolute`).

use crate::context::Context;
use crate::expr::{parse_go_build, parse_plus_build};

/// The flags a package's directives add, per verb, in file order, and the
/// file each came from.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CgoFlags {
    pub cppflags: Vec<String>,
    pub cflags: Vec<String>,
    pub cxxflags: Vec<String>,
    pub fflags: Vec<String>,
    pub ldflags: Vec<String>,
    /// Runs of flags of one verb from one file, in the order added.
    origins: Vec<Origin>,
}

/// The flags of `verb` up to index `end` (from the previous run of the
/// verb on) came from `file`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    verb: &'static str,
    end: usize,
    file: String,
}

/// The verbs that take flags, in go build's order.
pub const FLAG_VERBS: [&str; 5] = ["CPPFLAGS", "CFLAGS", "CXXFLAGS", "FFLAGS", "LDFLAGS"];

impl CgoFlags {
    /// The flags of `verb` (`CFLAGS`, ...); None for another word.
    pub fn verb(&self, verb: &str) -> Option<&[String]> {
        Some(match verb {
            "CPPFLAGS" => &self.cppflags,
            "CFLAGS" => &self.cflags,
            "CXXFLAGS" => &self.cxxflags,
            "FFLAGS" => &self.fflags,
            "LDFLAGS" => &self.ldflags,
            _ => return None,
        })
    }

    fn verb_mut(&mut self, verb: &str) -> Option<(&'static str, &mut Vec<String>)> {
        Some(match verb {
            "CPPFLAGS" => ("CPPFLAGS", &mut self.cppflags),
            "CFLAGS" => ("CFLAGS", &mut self.cflags),
            "CXXFLAGS" => ("CXXFLAGS", &mut self.cxxflags),
            "FFLAGS" => ("FFLAGS", &mut self.fflags),
            "LDFLAGS" => ("LDFLAGS", &mut self.ldflags),
            _ => return None,
        })
    }

    /// `(verb, flag)` pairs, verbs in go build's order.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &str)> {
        FLAG_VERBS.into_iter().flat_map(move |verb| {
            self.verb(verb)
                .unwrap_or_default()
                .iter()
                .map(move |f| (verb, f.as_str()))
        })
    }

    /// The file whose directive gave flag `index` of `verb`.
    pub fn file_of(&self, verb: &str, index: usize) -> Option<&str> {
        self.origins
            .iter()
            .find(|o| o.verb == verb && index < o.end)
            .map(|o| o.file.as_str())
    }

    /// Adds `file`'s flags for `verb`; false for a verb that takes none.
    fn add(&mut self, verb: &str, file: &str, args: Vec<String>) -> bool {
        let Some((verb, list)) = self.verb_mut(verb) else {
            return false;
        };
        if args.is_empty() {
            return true;
        }
        list.extend(args);
        let end = list.len();
        match self.origins.last_mut() {
            Some(o) if o.verb == verb && o.file == file => o.end = end,
            _ => self.origins.push(Origin {
                verb,
                end,
                file: file.to_string(),
            }),
        }
        true
    }
}

/// A directive go build refuses, with its wording (a hermetic build also
/// refuses `pkg-config`, which go build runs on the host).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CgoError {
    #[error("{file}: invalid #cgo line: {line}")]
    InvalidLine { file: String, line: String },
    #[error("{file}: invalid #cgo verb: {line}")]
    InvalidVerb { file: String, line: String },
    #[error("{file}: malformed #cgo argument: {arg}")]
    MalformedArgument { file: String, arg: String },
    #[error(
        "{file}: #cgo pkg-config: {packages}: pkg-config does not run in a hermetic build; \
         give the C library as cdeps (a cc_library) instead"
    )]
    PkgConfig { file: String, packages: String },
}

/// Adds the directives of `preamble` (the text of `file`'s cgo preamble)
/// to `flags`; `srcdir` is the package's directory, absolute.
pub fn directives(
    ctx: &Context,
    file: &str,
    preamble: &str,
    srcdir: &str,
    flags: &mut CgoFlags,
) -> Result<(), CgoError> {
    for orig in preamble.lines() {
        let line = orig.trim_matches(is_space);
        let b = line.as_bytes();
        if b.len() < 5 || &b[..4] != b"#cgo" || (b[4] != b' ' && b[4] != b'\t') {
            continue;
        }
        // cgo itself handles these (go1.24+).
        let fields: Vec<&str> = line.split(is_space).filter(|f| !f.is_empty()).collect();
        if fields.len() == 3 && (fields[1] == "nocallback" || fields[1] == "noescape") {
            continue;
        }
        let invalid = || CgoError::InvalidLine {
            file: file.to_string(),
            line: orig.to_string(),
        };
        let Some((head, argstr)) = line[4..].trim_matches(is_space).split_once(':') else {
            return Err(invalid());
        };
        let words: Vec<&str> = head.split(is_space).filter(|f| !f.is_empty()).collect();
        let Some((verb, conds)) = words.split_last() else {
            return Err(invalid());
        };
        if !conds.is_empty() && !conds.iter().any(|c| match_auto(ctx, c)) {
            continue;
        }
        let mut args = split_quoted(argstr).map_err(|()| invalid())?;
        for arg in &mut args {
            *arg = expand_srcdir(arg, srcdir).ok_or_else(|| CgoError::MalformedArgument {
                file: file.to_string(),
                arg: arg.clone(),
            })?;
        }
        if *verb == "pkg-config" {
            return Err(CgoError::PkgConfig {
                file: file.to_string(),
                packages: args.join(" "),
            });
        }
        make_paths_absolute(&mut args, srcdir);
        if !flags.add(verb, file, args) {
            return Err(CgoError::InvalidVerb {
                file: file.to_string(),
                line: orig.to_string(),
            });
        }
    }
    Ok(())
}

/// unicode.IsSpace.
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// `matchAuto`: a condition with `&`, `|` or parentheses is a `//go:build`
/// expression, else a `// +build` term (`linux,!arm64`); one that does not
/// parse is false.
fn match_auto(ctx: &Context, cond: &str) -> bool {
    let parsed = if cond.contains(['&', '|', '(', ')']) {
        parse_go_build(cond)
    } else {
        parse_plus_build(cond)
    };
    parsed.is_ok_and(|x| x.eval(&mut |tag| ctx.match_tag(tag)))
}

/// go/build's `splitQuoted`: fields split at white space, with `'` and `"`
/// quoting and `\` escaping any character.
fn split_quoted(s: &str) -> Result<Vec<String>, ()> {
    let mut args = Vec::new();
    let mut arg = String::new();
    let (mut escaped, mut quoted, mut quote) = (false, false, None::<char>);
    for c in s.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
            continue;
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
                continue;
            }
        } else if c == '"' || c == '\'' {
            quoted = true;
            quote = Some(c);
            continue;
        } else if is_space(c) {
            if quoted || !arg.is_empty() {
                quoted = false;
                args.push(std::mem::take(&mut arg));
            }
            continue;
        }
        arg.push(c);
    }
    if quoted || !arg.is_empty() {
        args.push(arg);
    }
    if quote.is_some() || escaped {
        return Err(());
    }
    Ok(args)
}

/// `safeCgoName`: not empty, and no ASCII character outside go build's
/// safe set.
fn safe_cgo_name(s: &str) -> bool {
    const SAFE: &str =
        "+-.,/0123456789=ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz:$@%! ~^";
    !s.is_empty() && s.chars().all(|c| !c.is_ascii() || SAFE.contains(c))
}

/// `expandSrcDir`: `${SRCDIR}` replaced by `srcdir`; None when a part is
/// not a safe name.
fn expand_srcdir(s: &str, srcdir: &str) -> Option<String> {
    let chunks: Vec<&str> = s.split("${SRCDIR}").collect();
    if chunks.len() < 2 {
        return safe_cgo_name(s).then(|| s.to_string());
    }
    let ok = chunks.iter().all(|c| c.is_empty() || safe_cgo_name(c))
        && (srcdir.is_empty() || safe_cgo_name(srcdir));
    let res = chunks.join(srcdir);
    (ok && !res.is_empty()).then_some(res)
}

/// `makePathsAbsolute`: the path of `-I`/`-L` (joined or the next
/// argument) joined to `srcdir` when relative.
fn make_paths_absolute(args: &mut [String], srcdir: &str) {
    let mut next_path = false;
    for arg in args.iter_mut() {
        if next_path {
            if !arg.starts_with('/') {
                *arg = fips_gopath::join(&[srcdir, arg]);
            }
            next_path = false;
        } else if arg.starts_with("-I") || arg.starts_with("-L") {
            if arg.len() == 2 {
                next_path = true;
            } else if !arg[2..].starts_with('/') {
                *arg = format!("{}{}", &arg[..2], fips_gopath::join(&[srcdir, &arg[2..]]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        let mut c = Context::new("linux", "amd64");
        c.cgo_enabled = true;
        c
    }

    fn flags(preamble: &str) -> Result<CgoFlags, CgoError> {
        let mut f = CgoFlags::default();
        directives(&ctx(), "p/x.go", preamble, "/src/p", &mut f)?;
        Ok(f)
    }

    #[test]
    fn verbs_conditions_and_srcdir() {
        let f = flags(
            "#include <x.h>\n#cgo CFLAGS: -DA=1 -I inc -Iinc2 -I/abs\n#cgo linux,amd64 LDFLAGS: -L${SRCDIR}/lib -lz\n\
             #cgo darwin LDFLAGS: -framework Foo\n#cgo !windows CPPFLAGS: -DUNIX\n#cgo (linux&&!arm64) CXXFLAGS: -std=c++17\n#cgo (linux && !arm64) CXXFLAGS: -DSPACED\n\
             #cgo noescape f\n  #cgo\tFFLAGS: -O3\n#cgox CFLAGS: -DNOT\n",
        )
        .unwrap();
        assert_eq!(
            f.cflags,
            ["-DA=1", "-I", "/src/p/inc", "-I/src/p/inc2", "-I/abs"]
        );
        assert_eq!(f.ldflags, ["-L/src/p/lib", "-lz"]);
        assert_eq!(f.cppflags, ["-DUNIX"]);
        // Conditions are split at spaces, each one alone: a spaced
        // expression never holds, in go build as here.
        assert_eq!(f.cxxflags, ["-std=c++17"]);
        assert_eq!(f.fflags, ["-O3"]);
        let pairs: Vec<_> = f.entries().map(|(v, a)| format!("{v}={a}")).collect();
        assert_eq!(pairs[0], "CPPFLAGS=-DUNIX");
        assert_eq!(pairs.last().unwrap(), "LDFLAGS=-lz");
    }

    #[test]
    fn quoting_as_go_splits() {
        assert_eq!(
            split_quoted(r#"a "b c" 'd' e\ f """#).unwrap(),
            ["a", "b c", "d", "e f", ""]
        );
        assert!(split_quoted("\"open").is_err());
        assert!(split_quoted("tail\\").is_err());
        let f = flags("#cgo CFLAGS: -DMSG=\"hi\"").unwrap();
        assert_eq!(f.cflags, ["-DMSG=hi"]);
    }

    #[test]
    fn what_go_build_refuses() {
        let e = |p: &str| flags(p).unwrap_err().to_string();
        assert_eq!(
            e("#cgo CFLAGS -DX"),
            "p/x.go: invalid #cgo line: #cgo CFLAGS -DX"
        );
        assert_eq!(e("#cgo : -DX"), "p/x.go: invalid #cgo line: #cgo : -DX");
        assert_eq!(
            e("#cgo CFLAG: -DX"),
            "p/x.go: invalid #cgo verb: #cgo CFLAG: -DX"
        );
        assert_eq!(
            e("#cgo CFLAGS: -D'X;Y'"),
            "p/x.go: malformed #cgo argument: -DX;Y"
        );
        assert_eq!(e("#cgo CFLAGS: ''"), "p/x.go: malformed #cgo argument: ");
        assert!(e("#cgo linux pkg-config: zlib png")
            .starts_with("p/x.go: #cgo pkg-config: zlib png: pkg-config does not run"));
        // A condition that does not hold skips the line, verb and all.
        assert_eq!(
            flags("#cgo windows pkg-config: zlib").unwrap(),
            CgoFlags::default()
        );
        // A condition that does not parse is false.
        assert_eq!(
            flags("#cgo linux&& CFLAGS: -DX").unwrap(),
            CgoFlags::default()
        );
    }

    #[test]
    fn each_flag_knows_its_file() {
        let mut f = CgoFlags::default();
        let c = ctx();
        directives(
            &c,
            "p/a.go",
            "#cgo CFLAGS: -DA -I\n#cgo LDFLAGS: -la",
            "/p",
            &mut f,
        )
        .unwrap();
        directives(
            &c,
            "p/b.go",
            "#cgo CFLAGS: inc\n#cgo CFLAGS: -DB\n#cgo CFLAGS:",
            "/p",
            &mut f,
        )
        .unwrap();
        directives(&c, "p/c.go", "#cgo LDFLAGS: -lc", "/p", &mut f).unwrap();
        assert_eq!(f.cflags, ["-DA", "-I", "inc", "-DB"]);
        let files: Vec<_> = (0..5).map(|i| f.file_of("CFLAGS", i)).collect();
        assert_eq!(
            files,
            [
                Some("p/a.go"),
                Some("p/a.go"),
                Some("p/b.go"),
                Some("p/b.go"),
                None
            ]
        );
        assert_eq!(f.file_of("LDFLAGS", 0), Some("p/a.go"));
        assert_eq!(f.file_of("LDFLAGS", 1), Some("p/c.go"));
        assert_eq!(f.file_of("FFLAGS", 0), None);
        assert_eq!(f.file_of("pkg-config", 0), None);
        assert_eq!(f.verb("LDFLAGS").unwrap(), ["-la", "-lc"]);
        assert_eq!(f.verb("pkg-config"), None);
        // Nothing read, nothing recorded.
        let mut g = CgoFlags::default();
        directives(
            &c,
            "p/d.go",
            "#cgo windows CFLAGS: -DW\n#cgo LDFLAGS:",
            "/p",
            &mut g,
        )
        .unwrap();
        assert_eq!(g, CgoFlags::default());
    }

    #[test]
    fn srcdir_expansion() {
        assert_eq!(expand_srcdir("${SRCDIR}/x", "/s d"), Some("/s d/x".into()));
        assert_eq!(expand_srcdir("${SRCDIR}", "/bad;dir"), None);
        assert_eq!(
            expand_srcdir("-I${SRCDIR}/../inc", "/p"),
            Some("-I/p/../inc".into())
        );
    }
}
