//! The build context: what go/build's `Context` says about one
//! configuration (GOOS, GOARCH, compiler, cgo, and the tags that hold),
//! read from the text file the go command of the SDK writes with
//! [`CONTEXT_TEMPLATE`].

use crate::syslist;
use crate::Error;

/// The `go list -f` template that writes a context file: one `Key value...`
/// line per field, tag lists space-separated (possibly empty). Run it with
/// the SDK's own go command and the configuration's environment (GOOS,
/// GOARCH, CGO_ENABLED, GOFIPS140, GOEXPERIMENT, ...) and `-tags`, on any
/// one package, e.g. `go list -tags=netgo -f "$TEMPLATE" unsafe`.
/// Trailing spaces (an empty list) may be left or removed.
pub const CONTEXT_TEMPLATE: &str = r#"{{with context}}GOOS {{.GOOS}}
GOARCH {{.GOARCH}}
Compiler {{.Compiler}}
CgoEnabled {{.CgoEnabled}}
BuildTags {{join .BuildTags " "}}
ToolTags {{join .ToolTags " "}}
ReleaseTags {{join .ReleaseTags " "}}{{end}}"#;

/// What go/build needs to know about the build to apply constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub goos: String,
    pub goarch: String,
    /// `gc` for the standard toolchain.
    pub compiler: String,
    pub cgo_enabled: bool,
    /// `-tags`, plus what the go command adds (e.g. `fips140v1.0`).
    pub build_tags: Vec<String>,
    /// `goexperiment.*`, `goamd64.v1`, ...
    pub tool_tags: Vec<String>,
    /// `go1.1` ... `go1.N`.
    pub release_tags: Vec<String>,
}

impl Context {
    /// A context for `goos`/`goarch` with the gc compiler, cgo off and no
    /// tags (add them to the fields).
    pub fn new(goos: &str, goarch: &str) -> Context {
        Context {
            goos: goos.to_string(),
            goarch: goarch.to_string(),
            compiler: "gc".to_string(),
            cgo_enabled: false,
            build_tags: Vec::new(),
            tool_tags: Vec::new(),
            release_tags: Vec::new(),
        }
    }

    /// Parses a context file; `file` names it in errors. Every key must be
    /// present exactly once; unknown keys are errors; blank lines are
    /// ignored.
    pub fn parse(file: &str, text: &str) -> Result<Context, Error> {
        let mut seen: [Option<usize>; KEYS.len()] = [None; KEYS.len()];
        let mut ctx = Context::new("", "");
        for (i, raw) in text.split('\n').enumerate() {
            let line_no = i + 1;
            let err = |reason: String| Error::ContextLine {
                file: file.to_string(),
                line: line_no,
                reason,
            };
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let mut words = line.split([' ', '\t']).filter(|w| !w.is_empty());
            let Some(key) = words.next() else {
                continue;
            };
            if line.starts_with([' ', '\t']) {
                return Err(err(format!("{line:?}: leading white space")));
            }
            let values: Vec<String> = words.map(str::to_string).collect();
            let Some(k) = KEYS.iter().position(|&k| k == key) else {
                return Err(err(format!(
                    "unknown key {key:?} (expected one of {})",
                    KEYS.join(", ")
                )));
            };
            if let Some(first) = seen[k] {
                return Err(err(format!("{key} repeated (first on line {first})")));
            }
            seen[k] = Some(line_no);
            let single = |what: &str| -> Result<String, Error> {
                match values.as_slice() {
                    [v] => Ok(v.clone()),
                    _ => Err(err(format!(
                        "{key} needs exactly one value ({what}), found {}",
                        values.len()
                    ))),
                }
            };
            match key {
                "GOOS" => ctx.goos = single("the target operating system")?,
                "GOARCH" => ctx.goarch = single("the target architecture")?,
                "Compiler" => ctx.compiler = single("gc or gccgo")?,
                "CgoEnabled" => {
                    ctx.cgo_enabled = match single("true or false")?.as_str() {
                        "true" => true,
                        "false" => false,
                        other => {
                            return Err(err(format!(
                                "CgoEnabled must be true or false, not {other:?}"
                            )))
                        }
                    }
                }
                "BuildTags" => ctx.build_tags = values,
                "ToolTags" => ctx.tool_tags = values,
                _ => ctx.release_tags = values,
            }
        }
        if let Some(k) = seen.iter().position(Option::is_none) {
            return Err(Error::ContextMissing {
                file: file.to_string(),
                key: KEYS[k],
            });
        }
        Ok(ctx)
    }

    /// `matchTag`: whether the tag `name` holds in this context.
    pub fn match_tag(&self, name: &str) -> bool {
        if self.cgo_enabled && name == "cgo" {
            return true;
        }
        if name == self.goos || name == self.goarch || name == self.compiler {
            return true;
        }
        let implied = match self.goos.as_str() {
            "android" => "linux",
            "illumos" => "solaris",
            "ios" => "darwin",
            _ => "",
        };
        if !implied.is_empty() && name == implied {
            return true;
        }
        if name == "unix" && syslist::unix_os(&self.goos) {
            return true;
        }
        // The old name of the experiment's tag.
        let name = if name == "boringcrypto" {
            "goexperiment.boringcrypto"
        } else {
            name
        };
        [&self.build_tags, &self.tool_tags, &self.release_tags]
            .iter()
            .any(|list| list.iter().any(|t| t == name))
    }
}

/// The keys of a context file, each required once.
const KEYS: [&str; 7] = [
    "GOOS",
    "GOARCH",
    "Compiler",
    "CgoEnabled",
    "BuildTags",
    "ToolTags",
    "ReleaseTags",
];

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "GOOS linux\nGOARCH amd64\nCompiler gc\nCgoEnabled false\n\
        BuildTags fips140v1.0 netgo\nToolTags goexperiment.aliastypeparams goamd64.v1\n\
        ReleaseTags go1.1 go1.2 go1.26\n";

    #[test]
    fn parses_the_go_list_output() {
        let ctx = Context::parse("ctx", SAMPLE).unwrap();
        assert_eq!(ctx.goos, "linux");
        assert_eq!(ctx.goarch, "amd64");
        assert_eq!(ctx.compiler, "gc");
        assert!(!ctx.cgo_enabled);
        assert_eq!(ctx.build_tags, ["fips140v1.0", "netgo"]);
        assert_eq!(
            ctx.tool_tags,
            ["goexperiment.aliastypeparams", "goamd64.v1"]
        );
        assert_eq!(ctx.release_tags, ["go1.1", "go1.2", "go1.26"]);
    }

    #[test]
    fn empty_lists_any_order_trailing_space_and_crlf() {
        let text = "ReleaseTags go1.1\r\nBuildTags \r\nToolTags\nCgoEnabled true\n\
            Compiler gc\nGOARCH arm64\nGOOS darwin";
        let ctx = Context::parse("ctx", text).unwrap();
        assert!(ctx.build_tags.is_empty() && ctx.tool_tags.is_empty());
        assert!(ctx.cgo_enabled);
        assert_eq!(ctx.goos, "darwin");
    }

    #[test]
    fn malformed_lines_name_the_file_and_line() {
        for (text, line, reason) in [
            ("GOOS linux\nFoo bar\n", 2, "unknown key \"Foo\""),
            (
                "GOOS linux\nGOOS linux\n",
                2,
                "GOOS repeated (first on line 1)",
            ),
            ("GOOS\n", 1, "GOOS needs exactly one value"),
            ("GOOS linux darwin\n", 1, "GOOS needs exactly one value"),
            ("\nCgoEnabled yes\n", 2, "CgoEnabled must be true or false"),
            (" GOOS linux\n", 1, "leading white space"),
            ("goos linux\n", 1, "unknown key"),
        ] {
            match Context::parse("bc.txt", text) {
                Err(e @ Error::ContextLine { .. }) => {
                    let msg = e.to_string();
                    assert!(
                        msg.starts_with(&format!("bc.txt:{line}: ")) && msg.contains(reason),
                        "{text:?}: {msg}"
                    );
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        let missing = Context::parse("bc.txt", "GOOS linux\n").unwrap_err();
        assert_eq!(missing.to_string(), "bc.txt: missing key GOARCH");
        assert!(matches!(
            Context::parse("bc.txt", ""),
            Err(Error::ContextMissing { key: "GOOS", .. })
        ));
    }

    #[test]
    fn match_tag_follows_go() {
        let mut ctx = Context::new("android", "arm64");
        assert!(ctx.match_tag("android") && ctx.match_tag("linux") && ctx.match_tag("unix"));
        assert!(ctx.match_tag("arm64") && ctx.match_tag("gc"));
        assert!(!ctx.match_tag("cgo") && !ctx.match_tag("darwin") && !ctx.match_tag("gccgo"));
        ctx.cgo_enabled = true;
        assert!(ctx.match_tag("cgo"));
        assert!(Context::new("illumos", "amd64").match_tag("solaris"));
        assert!(!Context::new("solaris", "amd64").match_tag("illumos"));
        assert!(Context::new("ios", "arm64").match_tag("darwin"));
        assert!(!Context::new("darwin", "arm64").match_tag("ios"));
        for goos in ["windows", "plan9", "js", "wasip1", "zos"] {
            assert!(!Context::new(goos, "amd64").match_tag("unix"), "{goos}");
        }
        let mut ctx = Context::new("linux", "amd64");
        ctx.build_tags = vec!["netgo".into(), "cgo".into()];
        ctx.tool_tags = vec!["goexperiment.boringcrypto".into()];
        ctx.release_tags = vec!["go1.1".into(), "go1.21".into()];
        for t in [
            "netgo",
            "cgo",
            "boringcrypto",
            "goexperiment.boringcrypto",
            "go1.21",
        ] {
            assert!(ctx.match_tag(t), "{t}");
        }
        assert!(!ctx.match_tag("go1.22") && !ctx.match_tag(""));
    }
}
