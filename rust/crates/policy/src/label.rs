//! Bazel labels (the target a binary was built for) and the target patterns
//! of exemptions.
//!
//! Labels: `//pkg:name`, `//pkg` (short for `//pkg:<last segment of pkg>`),
//! `//:name` (the root package), optionally prefixed with a repository
//! `@repo` or `@@repo`. `@//x:y` and `@@//x:y` name the main repository,
//! like `//x:y`. `@repo` and `@@repo` name the same repository here: the
//! names are compared as written, without the `@`s.
//!
//! Patterns: a label (that target only); `//pkg:all`, `//pkg:*` or
//! `//pkg:all-targets` (every target of the package, not of its
//! subpackages); `//pkg/...` (the package and every package beneath it; an
//! optional `:all`, `:*` or `:all-targets` after `...` changes nothing);
//! `//...` (every target of the repository). Each may carry a repository
//! prefix, and a pattern only matches labels of its own repository.

use std::fmt;

use thiserror::Error;

/// Why a string is not a label or a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{reason}")]
pub struct LabelError {
    pub reason: String,
}

fn bad(reason: impl Into<String>) -> LabelError {
    LabelError {
        reason: reason.into(),
    }
}

/// A target label, normalised: the repository without `@` (empty: the main
/// repository), the package path, the target name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    pub repo: String,
    pub package: String,
    pub name: String,
}

/// What a pattern matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PatternKind {
    /// One target.
    Target(Label),
    /// Every target of one package (`:all`, `:*`, `:all-targets`).
    Package { repo: String, package: String },
    /// A package and every package beneath it (`/...`); an empty prefix is
    /// the whole repository.
    Recursive { repo: String, prefix: String },
}

/// A target pattern of an exemption, with its text as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TargetPattern {
    pub text: String,
    pub kind: PatternKind,
}

const WILDCARD_NAMES: [&str; 3] = ["all", "*", "all-targets"];

/// Split the repository prefix off: `("repo", "//rest")`.
fn split_repo(s: &str) -> Result<(String, &str), LabelError> {
    if s.is_empty() {
        return Err(bad("empty"));
    }
    let rest = if let Some(r) = s.strip_prefix("@@") {
        r
    } else if let Some(r) = s.strip_prefix('@') {
        r
    } else if s.starts_with("//") {
        return Ok((String::new(), s));
    } else {
        return Err(bad(
            "must start with // (or @repo//); relative labels and negative patterns are not accepted",
        ));
    };
    let Some(at) = rest.find("//") else {
        return Err(bad("a repository prefix must be followed by //"));
    };
    let repo = &rest[..at];
    if let Some(c) = repo
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '~')))
    {
        return Err(bad(format!("repository name {repo:?} contains {c:?}")));
    }
    Ok((repo.to_string(), &rest[at..]))
}

fn check_chars(what: &str, s: &str) -> Result<(), LabelError> {
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || matches!(c, ':' | '\\' | '@'))
    {
        return Err(bad(format!("{what} {s:?} contains {c:?}")));
    }
    Ok(())
}

/// A package path: empty (the root package) or `/`-separated segments, none
/// empty, `.`, `..` or a glob.
fn check_package(package: &str) -> Result<(), LabelError> {
    if package.is_empty() {
        return Ok(());
    }
    check_chars("package", package)?;
    for seg in package.split('/') {
        match seg {
            "" => return Err(bad(format!("package {package:?} has an empty segment"))),
            "." | ".." => return Err(bad(format!("package {package:?} has a {seg:?} segment"))),
            "..." => {
                return Err(bad(format!(
                    "`...` may only end a pattern (//{package}: use //pkg/...)"
                )))
            }
            _ if seg.contains('*') => {
                return Err(bad(format!(
                    "package {package:?} contains a glob: use //pkg:all or //pkg/..."
                )))
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), LabelError> {
    if name.is_empty() {
        return Err(bad("the target name after `:` is empty"));
    }
    check_chars("target name", name)?;
    if name.starts_with('/') || name.ends_with('/') || name.contains("//") {
        return Err(bad(format!("target name {name:?} is malformed")));
    }
    if name.split('/').any(|s| s == "." || s == "..") {
        return Err(bad(format!(
            "target name {name:?} has a \".\" or \"..\" segment"
        )));
    }
    Ok(())
}

/// `//pkg` → `pkg`'s last segment.
fn implicit_name(package: &str) -> Result<String, LabelError> {
    match package.rsplit('/').next() {
        Some(last) if !last.is_empty() => Ok(last.to_string()),
        _ => Err(bad("`//` names no package and no target")),
    }
}

impl Label {
    /// Parse a label. `:all` and `:*` are ordinary target names here (a
    /// target may be called `all`); `...` is refused.
    pub fn parse(s: &str) -> Result<Label, LabelError> {
        let (repo, rest) = split_repo(s)?;
        let body = &rest[2..];
        let (package, name) = match body.split_once(':') {
            Some((p, n)) => (p, Some(n)),
            None => (body, None),
        };
        check_package(package)?;
        let name = match name {
            Some(n) => {
                check_name(n)?;
                n.to_string()
            }
            None => implicit_name(package)?,
        };
        Ok(Label {
            repo,
            package: package.to_string(),
            name,
        })
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.repo.is_empty() {
            write!(f, "@{}", self.repo)?;
        }
        write!(f, "//{}:{}", self.package, self.name)
    }
}

impl TargetPattern {
    pub fn parse(s: &str) -> Result<TargetPattern, LabelError> {
        let (repo, rest) = split_repo(s)?;
        let body = &rest[2..];
        let (path, name) = match body.split_once(':') {
            Some((p, n)) => (p, Some(n)),
            None => (body, None),
        };
        let recursive_prefix = if path == "..." {
            Some("")
        } else {
            path.strip_suffix("/...")
        };
        let kind = if let Some(prefix) = recursive_prefix {
            check_package(prefix)?;
            if prefix.is_empty() && path != "..." {
                return Err(bad("`/...` needs a package before it (or use //...)"));
            }
            if let Some(n) = name {
                if !WILDCARD_NAMES.contains(&n) {
                    return Err(bad(format!(
                        "after `...` only :all, :* or :all-targets may follow, not :{n}"
                    )));
                }
            }
            PatternKind::Recursive {
                repo,
                prefix: prefix.to_string(),
            }
        } else {
            check_package(path)?;
            match name {
                Some(n) if WILDCARD_NAMES.contains(&n) => PatternKind::Package {
                    repo,
                    package: path.to_string(),
                },
                Some(n) => {
                    check_name(n)?;
                    PatternKind::Target(Label {
                        repo,
                        package: path.to_string(),
                        name: n.to_string(),
                    })
                }
                None => PatternKind::Target(Label {
                    repo,
                    package: path.to_string(),
                    name: implicit_name(path)?,
                }),
            }
        };
        Ok(TargetPattern {
            text: s.to_string(),
            kind,
        })
    }

    /// Whether the pattern covers `label`.
    pub fn matches(&self, label: &Label) -> bool {
        match &self.kind {
            PatternKind::Target(l) => l == label,
            PatternKind::Package { repo, package } => {
                *repo == label.repo && *package == label.package
            }
            PatternKind::Recursive { repo, prefix } => {
                *repo == label.repo
                    && (prefix.is_empty()
                        || label.package == *prefix
                        || label
                            .package
                            .strip_prefix(prefix.as_str())
                            .is_some_and(|rest| rest.starts_with('/')))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> Label {
        Label::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn pattern(s: &str) -> TargetPattern {
        TargetPattern::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn labels_normalise() {
        assert_eq!(
            label("//tools:gen"),
            Label {
                repo: String::new(),
                package: "tools".into(),
                name: "gen".into()
            }
        );
        // The main repository, three ways.
        assert_eq!(label("@//tools:gen"), label("//tools:gen"));
        assert_eq!(label("@@//tools:gen"), label("//tools:gen"));
        // //pkg is //pkg:<last segment>.
        assert_eq!(label("//cmd/server"), label("//cmd/server:server"));
        assert_eq!(label("//:root").package, "");
        assert_eq!(label("@rules_go//go:tool").repo, "rules_go");
        assert_eq!(label("@@rules_go+//go:tool").repo, "rules_go+");
        assert_eq!(label("@rules_go//go:tool"), label("@@rules_go//go:tool"));
        assert_eq!(label("//pkg:sub/file.txt").name, "sub/file.txt");
        assert_eq!(label("//pkg:all").name, "all");
        assert_eq!(label("@r//a/b:c").to_string(), "@r//a/b:c");
        assert_eq!(label("//a/b").to_string(), "//a/b:b");
    }

    #[test]
    fn bad_labels() {
        for s in [
            "",
            "tools:gen",
            ":gen",
            "//",
            "//a//b:c",
            "//a/:c",
            "//a/../b:c",
            "//a/./b:c",
            "//a:",
            "//a:b:c",
            "//a b:c",
            "//a:b c",
            "//a/...",
            "//...",
            "@repo",
            "@re po//a:b",
            "-//a:b",
            "//a:/b",
            "//a:b/",
            "//a:b//c",
            "//a:../b",
            "//a*:b",
        ] {
            assert!(Label::parse(s).is_err(), "{s:?} parsed");
        }
    }

    #[test]
    fn exact_pattern() {
        let p = pattern("//tools:gen");
        assert!(p.matches(&label("//tools:gen")));
        assert!(p.matches(&label("@@//tools:gen")));
        assert!(!p.matches(&label("//tools:gen2")));
        assert!(!p.matches(&label("//tools/sub:gen")));
        assert!(!p.matches(&label("@other//tools:gen")));
        // //pkg shorthand on either side.
        assert!(pattern("//cmd/server").matches(&label("//cmd/server:server")));
        assert!(pattern("//cmd/server:server").matches(&label("//cmd/server")));
        assert!(pattern("@//tools:gen").matches(&label("//tools:gen")));
        assert!(pattern("@@//tools:gen").matches(&label("//tools:gen")));
    }

    #[test]
    fn package_patterns() {
        for p in ["//legacy:all", "//legacy:*", "//legacy:all-targets"] {
            let p = pattern(p);
            assert!(p.matches(&label("//legacy:a")), "{p:?}");
            assert!(p.matches(&label("//legacy")), "{p:?}");
            assert!(!p.matches(&label("//legacy/sub:a")), "{p:?}");
            assert!(!p.matches(&label("//legacyx:a")), "{p:?}");
            assert!(!p.matches(&label("@r//legacy:a")), "{p:?}");
        }
        assert!(pattern("//:all").matches(&label("//:x")));
        assert!(!pattern("//:all").matches(&label("//a:x")));
    }

    #[test]
    fn recursive_patterns() {
        for text in ["//legacy/...", "//legacy/...:all", "//legacy/...:*"] {
            let p = pattern(text);
            assert!(p.matches(&label("//legacy:a")), "{text}");
            assert!(p.matches(&label("//legacy/sub/deep:a")), "{text}");
            assert!(!p.matches(&label("//legacyx:a")), "{text}");
            assert!(!p.matches(&label("//other/legacy:a")), "{text}");
            assert!(!p.matches(&label("@r//legacy:a")), "{text}");
        }
        let all = pattern("//...");
        assert!(all.matches(&label("//:a")));
        assert!(all.matches(&label("//x/y:z")));
        assert!(all.matches(&label("@@//x/y:z")));
        assert!(!all.matches(&label("@r//x:y")));
        let ext = pattern("@r//...");
        assert!(ext.matches(&label("@r//x:y")));
        assert!(ext.matches(&label("@@r//x:y")));
        assert!(!ext.matches(&label("//x:y")));
        assert!(pattern("@@//...").matches(&label("//x:y")));
        assert!(pattern("@r//a/...").matches(&label("@r//a/b:c")));
    }

    #[test]
    fn bad_patterns() {
        for s in [
            "",
            "legacy/...",
            "...",
            "-//legacy/...",
            "//legacy/*",
            "//legacy/**",
            "//a/.../b",
            "//a/...:gen",
            "///...",
            "//a//...",
            "//a:",
            "@r",
            "@r/x//a:b",
            "//",
            "//a/../...",
        ] {
            assert!(TargetPattern::parse(s).is_err(), "{s:?} parsed");
        }
    }
}
