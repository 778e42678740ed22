//! Build constraint expressions, as `go/build/constraint` parses them: the
//! `//go:build` syntax (`!`, `&&`, `||`, parentheses) and the legacy
//! `// +build` syntax (spaces are OR, commas are AND, `!` negates).

use std::fmt;

use crate::text::{is_space, is_tag_char};

/// Limits the `//go:build` parser's work and depth, as Go does.
const MAX_SIZE: usize = 1000;
/// Go allows at most this many operators on one `// +build` line.
const MAX_OLD_SIZE: usize = 100;

/// A parsed build constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Tag(String),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Whether the expression holds when `ok` says which tags are set. Both
    /// sides of `&&` and `||` are evaluated, as Go does, so `ok` sees every
    /// tag.
    pub fn eval(&self, ok: &mut dyn FnMut(&str) -> bool) -> bool {
        match self {
            Expr::Tag(t) => ok(t),
            Expr::Not(x) => !x.eval(ok),
            Expr::And(x, y) => {
                let a = x.eval(ok);
                let b = y.eval(ok);
                a && b
            }
            Expr::Or(x, y) => {
                let a = x.eval(ok);
                let b = y.eval(ok);
                a || b
            }
        }
    }
}

impl Expr {
    /// Whether the expression holds for some choice of tags, where every
    /// tag but `ignore` may be both set and unset (cmd/go's `imports`
    /// evaluation with the `*` tag): a tag counts as whatever makes the
    /// whole expression true, `ignore` and malformed tags are unset.
    pub fn eval_any(&self) -> bool {
        self.eval_prefer(true)
    }

    fn eval_prefer(&self, prefer: bool) -> bool {
        match self {
            Expr::Tag(t) => {
                let well_formed = t.chars().all(|c| {
                    crate::text::is_letter(c) || crate::text::is_digit(c) || c == '_' || c == '.'
                });
                well_formed && !t.is_empty() && t != "ignore" && prefer
            }
            Expr::Not(x) => !x.eval_prefer(!prefer),
            Expr::And(x, y) => x.eval_prefer(prefer) && y.eval_prefer(prefer),
            Expr::Or(x, y) => x.eval_prefer(prefer) || y.eval_prefer(prefer),
        }
    }
}

/// The `//go:build` form, parenthesized only where needed (as Go's String).
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Tag(t) => f.write_str(t),
            Expr::Not(x) => match **x {
                Expr::And(..) | Expr::Or(..) => write!(f, "!({x})"),
                _ => write!(f, "!{x}"),
            },
            // Go parenthesizes an || inside && and an && inside ||.
            Expr::And(x, y) => {
                let arg = |e: &Expr| match e {
                    Expr::Or(..) => format!("({e})"),
                    _ => e.to_string(),
                };
                write!(f, "{} && {}", arg(x), arg(y))
            }
            Expr::Or(x, y) => {
                let arg = |e: &Expr| match e {
                    Expr::And(..) => format!("({e})"),
                    _ => e.to_string(),
                };
                write!(f, "{} || {}", arg(x), arg(y))
            }
        }
    }
}

/// `strings.TrimSpace`.
fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// The expression text of a `//go:build` line, if it is one: the prefix
/// followed by white space, or nothing.
pub fn split_go_build(line: &str) -> Option<&str> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    if line.contains('\n') || !line.starts_with("//go:build") {
        return None;
    }
    let rest = &trim(line)["//go:build".len()..];
    let text = trim(rest);
    if text.len() == rest.len() && !rest.is_empty() {
        return None; // //go:buildsomething
    }
    Some(text)
}

/// The expression text of a `// +build` line (also `//+build`), if it is one.
pub fn split_plus_build(line: &str) -> Option<&str> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    if line.contains('\n') {
        return None;
    }
    let rest = trim(line.strip_prefix("//")?).strip_prefix("+build")?;
    let text = trim(rest);
    if text.len() == rest.len() && !rest.is_empty() {
        return None; // // +buildsomething
    }
    Some(text)
}

/// Parses a `//go:build` expression; the error is Go's wording.
///
/// Go's recursive descent (or → and → not → atom → or ...) is run with an
/// explicit stack of parenthesized groups, so no input can exhaust the
/// native stack; the results and errors are the same.
pub fn parse_go_build(text: &str) -> Result<Expr, String> {
    let mut p = Lexer {
        s: text,
        i: 0,
        tok: "",
        is_tag: false,
    };
    // The open groups; the first is the whole expression.
    let mut groups = vec![Group::default()];
    let mut size = 0;
    loop {
        // `not`: an optional `!`, then an atom.
        size += 1;
        if size > MAX_SIZE {
            return Err("build expression too large".into());
        }
        p.lex()?;
        let mut negated = false;
        if p.tok == "!" {
            p.lex()?;
            if p.tok == "!" {
                return Err("double negation not allowed".into());
            }
            negated = true;
        }
        if p.tok == "(" {
            groups.push(Group {
                negated,
                ..Group::default()
            });
            continue;
        }
        if !p.is_tag {
            if p.tok.is_empty() {
                // Inside parentheses Go reports the missing ")".
                return Err(if groups.len() > 1 {
                    "missing close paren"
                } else {
                    "unexpected end of expression"
                }
                .into());
            }
            return Err(format!("unexpected token {}", p.tok));
        }
        let mut x = Expr::Tag(p.tok.to_string());
        p.lex()?;
        if negated {
            x = Expr::Not(Box::new(x));
        }
        // Fold the operand into the open groups until more input is needed.
        loop {
            let Some(group) = groups.last_mut() else {
                return Err("unexpected end of expression".into()); // unreachable
            };
            let a = match group.and.take() {
                None => x,
                Some(a) => Expr::And(Box::new(a), Box::new(x)),
            };
            if p.tok == "&&" {
                group.and = Some(a);
                break;
            }
            let o = match group.or.take() {
                None => a,
                Some(o) => Expr::Or(Box::new(o), Box::new(a)),
            };
            if p.tok == "||" {
                group.or = Some(o);
                break;
            }
            // The group is complete.
            if groups.len() == 1 {
                if !p.tok.is_empty() {
                    return Err(format!("unexpected token {}", p.tok));
                }
                return Ok(o);
            }
            if p.tok != ")" {
                return Err("missing close paren".into());
            }
            p.lex()?;
            x = o;
            if groups.pop().is_some_and(|g| g.negated) {
                x = Expr::Not(Box::new(x));
            }
        }
    }
}

/// A parenthesized group being parsed: the `||` of the `&&` chains so far.
#[derive(Default)]
struct Group {
    negated: bool,
    or: Option<Expr>,
    and: Option<Expr>,
}

struct Lexer<'a> {
    s: &'a str,
    i: usize,
    /// The last token read ("" at the end).
    tok: &'a str,
    is_tag: bool,
}

impl<'a> Lexer<'a> {
    fn lex(&mut self) -> Result<(), String> {
        self.is_tag = false;
        let bytes = self.s.as_bytes();
        while self.i < bytes.len() && (bytes[self.i] == b' ' || bytes[self.i] == b'\t') {
            self.i += 1;
        }
        let start = self.i;
        let Some(&c) = bytes.get(start) else {
            self.tok = "";
            return Ok(());
        };
        match c {
            b'(' | b')' | b'!' => {
                self.i += 1;
            }
            b'&' | b'|' => {
                if bytes.get(start + 1) != Some(&c) {
                    return Err(format!("invalid syntax at {}", c as char));
                }
                self.i += 2;
            }
            _ => {
                let rest = &self.s[start..];
                let len = rest
                    .char_indices()
                    .find(|&(_, ch)| !is_tag_char(ch))
                    .map_or(rest.len(), |(i, _)| i);
                if len == 0 {
                    let ch = rest.chars().next().unwrap_or('\u{FFFD}');
                    return Err(format!("invalid syntax at {ch}"));
                }
                self.i += len;
                self.is_tag = true;
            }
        }
        self.tok = &self.s[start..self.i];
        Ok(())
    }
}

/// `isValidTag`: letters, digits, `_` and `.`, at least one.
fn is_valid_tag(word: &str) -> bool {
    !word.is_empty() && word.chars().all(is_tag_char)
}

/// Parses a `// +build` expression: space-separated OR of comma-separated
/// AND of literals. Malformed literals become the tag `ignore`, as in Go.
pub fn parse_plus_build(text: &str) -> Result<Expr, String> {
    let mut size = 0;
    let mut x: Option<Expr> = None;
    for clause in text.split(is_space).filter(|f| !f.is_empty()) {
        let mut y: Option<Expr> = None;
        for lit in clause.split(',') {
            let z = if lit.starts_with("!!") || lit == "!" {
                Expr::Tag("ignore".into())
            } else {
                let (neg, name) = match lit.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, lit),
                };
                let tag = if is_valid_tag(name) { name } else { "ignore" };
                let t = Expr::Tag(tag.into());
                if neg {
                    Expr::Not(Box::new(t))
                } else {
                    t
                }
            };
            y = Some(match y {
                None => z,
                Some(prev) => {
                    size += 1;
                    if size > MAX_OLD_SIZE {
                        return Err("expression too complex for // +build lines".into());
                    }
                    Expr::And(Box::new(prev), Box::new(z))
                }
            });
        }
        let Some(y) = y else { continue };
        x = Some(match x {
            None => y,
            Some(prev) => {
                size += 1;
                if size > MAX_OLD_SIZE {
                    return Err("expression too complex for // +build lines".into());
                }
                Expr::Or(Box::new(prev), Box::new(y))
            }
        });
    }
    Ok(x.unwrap_or_else(|| Expr::Tag("ignore".into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> Box<Expr> {
        Box::new(Expr::Tag(s.into()))
    }

    fn eval(x: &Expr, set: &[&str]) -> bool {
        x.eval(&mut |t| set.contains(&t))
    }

    #[test]
    fn precedence_and_parens() {
        let x = parse_go_build("a || b && !c").unwrap();
        assert_eq!(
            x,
            Expr::Or(
                tag("a"),
                Box::new(Expr::And(tag("b"), Box::new(Expr::Not(tag("c")))))
            )
        );
        assert_eq!(x.to_string(), "a || (b && !c)");
        let y = parse_go_build("(a || b) && !(c && d)").unwrap();
        assert_eq!(y.to_string(), "(a || b) && !(c && d)");
        assert!(eval(&y, &["b", "c"]));
        assert!(!eval(&y, &["b", "c", "d"]));
        assert!(!eval(&y, &[]));
        // Left-associative chains.
        assert_eq!(
            parse_go_build("a&&b&&c").unwrap(),
            Expr::And(Box::new(Expr::And(tag("a"), tag("b"))), tag("c"))
        );
        assert_eq!(parse_go_build("\tgo1.21 ").unwrap(), *tag("go1.21"));
        assert_eq!(parse_go_build("ünï").unwrap(), *tag("ünï"));
    }

    #[test]
    fn syntax_errors_have_gos_wording() {
        for (text, want) in [
            ("", "unexpected end of expression"),
            ("a &&", "unexpected end of expression"),
            ("a b", "unexpected token b"),
            ("a)", "unexpected token )"),
            ("(a", "missing close paren"),
            ("(a &&", "missing close paren"),
            ("((a) || (b &&", "missing close paren"),
            ("!!a", "double negation not allowed"),
            ("! !a", "double negation not allowed"),
            ("a & b", "invalid syntax at &"),
            ("a |", "invalid syntax at |"),
            ("a // comment", "invalid syntax at /"),
            ("a-b", "invalid syntax at -"),
            ("-", "invalid syntax at -"),
            ("a\u{301}", "invalid syntax at \u{301}"),
            ("!", "unexpected end of expression"),
            ("()", "unexpected token )"),
        ] {
            assert_eq!(parse_go_build(text), Err(want.to_string()), "{text:?}");
        }
    }

    #[test]
    fn size_limit_bounds_depth() {
        let ok = format!("{}a{}", "(".repeat(998), ")".repeat(998));
        assert_eq!(parse_go_build(&ok), Ok(*tag("a")));
        let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(
            parse_go_build(&deep),
            Err("build expression too large".to_string())
        );
        let wide = vec!["a"; 1001].join(" || ");
        assert_eq!(
            parse_go_build(&wide),
            Err("build expression too large".to_string())
        );
        let fine = vec!["a"; 1000].join(" && ");
        assert!(parse_go_build(&fine).is_ok());
        // The deepest trees the limit allows evaluate, print and drop
        // within a test thread's stack.
        let deep = format!("{}a{}", "!(".repeat(999), ")".repeat(999));
        let x = parse_go_build(&deep).unwrap();
        assert!(!eval(&x, &["a"]));
        assert!(x.to_string().starts_with("!!!"));
        let chain = parse_go_build(&vec!["!a"; 1000].join(" || ")).unwrap();
        assert!(eval(&chain, &[]));
        assert_eq!(parse_go_build(&chain.to_string()).unwrap(), chain);
    }

    #[test]
    fn splits_directive_lines() {
        assert_eq!(split_go_build("//go:build linux"), Some("linux"));
        assert_eq!(split_go_build("//go:build\tlinux \n"), Some("linux"));
        assert_eq!(split_go_build("//go:build"), Some(""));
        assert_eq!(split_go_build("//go:buildlinux"), None);
        assert_eq!(split_go_build("// go:build linux"), None);
        assert_eq!(split_go_build("//go:build a\nb"), None);
        assert_eq!(split_plus_build("// +build linux"), Some("linux"));
        assert_eq!(
            split_plus_build("//+build linux darwin"),
            Some("linux darwin")
        );
        assert_eq!(split_plus_build("// +build"), Some(""));
        assert_eq!(split_plus_build("// +buildx"), None);
        assert_eq!(split_plus_build("/* +build x */"), None);
    }

    #[test]
    fn plus_build_rules() {
        let x = parse_plus_build("linux,amd64 darwin,!cgo").unwrap();
        assert_eq!(x.to_string(), "(linux && amd64) || (darwin && !cgo)");
        assert!(eval(&x, &["linux", "amd64"]));
        assert!(eval(&x, &["darwin"]));
        assert!(!eval(&x, &["darwin", "cgo"]));
        // Malformed literals are the tag "ignore".
        assert_eq!(parse_plus_build("!!a").unwrap(), *tag("ignore"));
        assert_eq!(parse_plus_build("!").unwrap(), *tag("ignore"));
        assert_eq!(parse_plus_build("a-b").unwrap(), *tag("ignore"));
        assert_eq!(parse_plus_build("!a-b").unwrap(), Expr::Not(tag("ignore")));
        assert_eq!(
            parse_plus_build("a,,b").unwrap().to_string(),
            "a && ignore && b"
        );
        assert_eq!(parse_plus_build("").unwrap(), *tag("ignore"));
        assert_eq!(
            parse_plus_build(&vec!["a"; 102].join(" ")).unwrap_err(),
            "expression too complex for // +build lines"
        );
        assert!(parse_plus_build(&vec!["a"; 101].join(" ")).is_ok());
        assert!(parse_plus_build(&vec!["a"; 101].join(",")).is_ok());
        assert!(parse_plus_build(&vec!["a"; 102].join(",")).is_err());
    }

    #[test]
    fn display_reparses_to_the_same_expression() {
        for text in [
            "a",
            "!a",
            "!(a && b)",
            "!(a || b)",
            "a && (b || c)",
            "(a && b) || c",
            "a || (b || c)",
            "(a && b) && c",
            "a && (b && c)",
        ] {
            // Not always the same tree (`a || (b || c)` prints without the
            // parentheses, as in Go), but the same text and meaning.
            let x = parse_go_build(text).unwrap();
            let y = parse_go_build(&x.to_string()).unwrap();
            assert_eq!(y.to_string(), x.to_string(), "{text}");
            for set in [&[][..], &["a"], &["b", "c"], &["a", "b", "c"], &["c"]] {
                assert_eq!(eval(&x, set), eval(&y, set), "{text} {set:?}");
            }
        }
    }
}
