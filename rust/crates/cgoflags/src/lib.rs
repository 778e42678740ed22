//! go build's check of the flags of `#cgo` directives
//! (cmd/go/internal/work/security.go), for builds that run cgo and the C
//! toolchain without the go command.
//!
//! A `#cgo CFLAGS: -wrapper /bin/sh,...` or `#cgo LDFLAGS:
//! -Wl,-plugin,...` line in any Go file of any dependency would run a
//! program of its choice on the build machine. go build passes only flags
//! on an allow-list, per verb:
//!
//! - CPPFLAGS, CFLAGS, CXXFLAGS and FFLAGS against the compiler list,
//!   LDFLAGS against the linker list (after a short refusal list: macOS's
//!   `-lto_library`);
//! - a flag of the list's "takes an argument" set (`-I`, `-framework`,
//!   `-Wl,-rpath`, ...) passes with the next argument if that one is safe
//!   (starts with a letter, digit, `.`, `_`, `/` or a non-ASCII byte); for
//!   `-Wl,` flags also if it is `-Wl,` and a safe word without commas;
//!   for `-I` also `=DIR` and `$SYSROOT...`. The next argument itself is
//!   then not checked;
//! - `-Wl,--push-state,A,B,...` passes if each of `-Wl,--push-state`,
//!   `-Wl,A`, `-Wl,B`, ... would;
//! - `CGO_<VERB>_DISALLOW`, a Go regular expression, refuses a flag it
//!   matches entirely, before anything else; `CGO_<VERB>_ALLOW` passes a
//!   flag it matches entirely, before the lists. "Matches entirely" is
//!   Go's `re.FindString(flag) == flag`: the leftmost-first match is the
//!   whole flag (not an anchored match: `-a|-ab` does not match `-ab`).
//!   An empty value is no override.
//!
//! The lists and messages are go1.26/go1.27's (identical in these two for
//! the directives' check). Older releases differ:
//! - go1.24 lacks `-fsanitize-undefined-strip-path-components=N`,
//!   `-msimd=`/`-mtls-dialect=`, `-m(soft|single|double)-float`,
//!   `-m(no-)relax`, `-m(no-)strict-align`, the LoongArch `-m(no-)lsx` ...
//!   group (compiler and linker) and the linker's `-mcmodel=`; go1.25 has
//!   them. go1.24 and go1.25 lack the compiler's `--static` (go1.26).
//! - go1.24 and go1.25 end a refused flag's message without the
//!   `(see https://go.dev/s/invalidflag)` hint, and end the messages about
//!   a flag's argument with `(see https://golang.org/s/invalidflag)`.
//! - Go regular expressions: go1.24 accepts only exact `\p{...}` names
//!   (categories, scripts, `Any`); go1.25 and go1.26 add loose names,
//!   category aliases, `ASCII`, `Assigned`, `Cn`, `LC`; go1.27 also loose
//!   script names (`\p{old italic}`). This crate follows go1.27.
//!
//! `fipstool/tests/cgoflags_parity.rs` holds this against `go build -n` of
//! each test-bed SDK (the differences above included) and against go1.27's
//! `regexp`.

pub mod goregexp;
mod lists;
mod unicode_names;

use std::fmt;

use goregexp::{GoRegexp, RegexpError};

/// Where go build's messages point.
pub const HINT: &str = "see https://go.dev/s/invalidflag";

/// A `#cgo` verb that takes flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verb {
    Cppflags,
    Cflags,
    Cxxflags,
    Fflags,
    Ldflags,
}

impl Verb {
    /// All verbs, in the order go build checks them.
    pub const ALL: [Verb; 5] = [
        Verb::Cppflags,
        Verb::Cflags,
        Verb::Cxxflags,
        Verb::Fflags,
        Verb::Ldflags,
    ];

    /// `CPPFLAGS`, `CFLAGS`, ...
    pub fn name(self) -> &'static str {
        match self {
            Verb::Cppflags => "CPPFLAGS",
            Verb::Cflags => "CFLAGS",
            Verb::Cxxflags => "CXXFLAGS",
            Verb::Fflags => "FFLAGS",
            Verb::Ldflags => "LDFLAGS",
        }
    }

    pub fn from_name(name: &str) -> Option<Verb> {
        Verb::ALL.into_iter().find(|v| v.name() == name)
    }

    fn is_linker(self) -> bool {
        self == Verb::Ldflags
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `ALLOW` or `DISALLOW`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OverrideKind {
    Allow,
    Disallow,
}

impl fmt::Display for OverrideKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OverrideKind::Allow => "ALLOW",
            OverrideKind::Disallow => "DISALLOW",
        })
    }
}

/// The variable go build reads an override from: `CGO_CFLAGS_ALLOW`, ...
pub fn override_name(verb: Verb, kind: OverrideKind) -> String {
    format!("CGO_{verb}_{kind}")
}

/// The ten override names, verbs in go build's order, ALLOW first.
pub fn override_names() -> Vec<String> {
    Verb::ALL
        .into_iter()
        .flat_map(|v| [OverrideKind::Allow, OverrideKind::Disallow].map(|k| override_name(v, k)))
        .collect()
}

/// The verb and kind an override name stands for.
pub fn parse_override_name(name: &str) -> Option<(Verb, OverrideKind)> {
    let rest = name.strip_prefix("CGO_")?;
    let (verb, kind) = rest.rsplit_once('_')?;
    let kind = match kind {
        "ALLOW" => OverrideKind::Allow,
        "DISALLOW" => OverrideKind::Disallow,
        _ => return None,
    };
    Some((Verb::from_name(verb)?, kind))
}

/// The `CGO_<VERB>_ALLOW` and `CGO_<VERB>_DISALLOW` values in force (go
/// build reads them from its environment; here they are given). An empty
/// value is no override.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    values: std::collections::BTreeMap<(Verb, OverrideKind), String>,
}

impl Overrides {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets one override (an empty value removes it).
    pub fn set(&mut self, verb: Verb, kind: OverrideKind, value: impl Into<String>) {
        let value = value.into();
        if value.is_empty() {
            self.values.remove(&(verb, kind));
        } else {
            self.values.insert((verb, kind), value);
        }
    }

    pub fn get(&self, verb: Verb, kind: OverrideKind) -> Option<&str> {
        self.values.get(&(verb, kind)).map(String::as_str)
    }

    /// The compiled override, if set; go's error if it does not compile.
    fn compile(&self, verb: Verb, kind: OverrideKind) -> Result<Option<GoRegexp>, FlagError> {
        let Some(pattern) = self.get(verb, kind) else {
            return Ok(None);
        };
        GoRegexp::new(pattern)
            .map(Some)
            .map_err(|source| FlagError::Override { verb, kind, source })
    }
}

/// Why go build refuses a verb's flags, in its words. `index` is the
/// position of the refused flag in the list checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlagError {
    /// A flag on no list (or refused by DISALLOW).
    #[error("invalid flag in #cgo {verb}: {flag} ({HINT})")]
    Invalid {
        verb: Verb,
        index: usize,
        flag: String,
    },
    /// A flag that takes an argument, followed by an unsafe one.
    #[error("invalid flag in #cgo {verb}: {flag} {next} ({HINT})")]
    InvalidArgument {
        verb: Verb,
        index: usize,
        flag: String,
        next: String,
    },
    /// A flag that takes an argument, last in the list.
    #[error("invalid flag in #cgo {verb}: {flag} without argument ({HINT})")]
    MissingArgument {
        verb: Verb,
        index: usize,
        flag: String,
    },
    /// An override that is not a valid Go regular expression.
    #[error("parsing $CGO_{verb}_{kind}: {source}")]
    Override {
        verb: Verb,
        kind: OverrideKind,
        source: RegexpError,
    },
}

impl FlagError {
    /// The position of the refused flag, for a flag error.
    pub fn index(&self) -> Option<usize> {
        match self {
            FlagError::Invalid { index, .. }
            | FlagError::InvalidArgument { index, .. }
            | FlagError::MissingArgument { index, .. } => Some(*index),
            FlagError::Override { .. } => None,
        }
    }
}

/// go build's `load.SafeArg`: what may follow a flag that takes an
/// argument.
fn safe_arg(s: &str) -> bool {
    s.bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'/') || c >= 0x80)
}

/// Checks `verb`'s flags as go build checks a package's: the flags of all
/// its `#cgo VERB` directives, in order, as one list. First the verb's
/// overrides are compiled (even for an empty list, as go build does).
pub fn check<S: AsRef<str>>(
    verb: Verb,
    flags: &[S],
    overrides: &Overrides,
) -> Result<(), FlagError> {
    let allow = overrides.compile(verb, OverrideKind::Allow)?;
    let disallow = overrides.compile(verb, OverrideKind::Disallow)?;
    let lists = lists::lists();
    let (valid, refused, with_arg): (&[GoRegexp], &[GoRegexp], &[&str]) = if verb.is_linker() {
        (&lists.linker, &lists.linker_refused, lists::LINKER_WITH_ARG)
    } else {
        (&lists.compiler, &[], lists::COMPILER_WITH_ARG)
    };
    let on_list = |flag: &str| {
        !refused.iter().any(|re| re.matches_all(flag))
            && valid.iter().any(|re| re.matches_all(flag))
    };
    let mut i = 0;
    while i < flags.len() {
        let flag = flags[i].as_ref();
        let invalid = || FlagError::Invalid {
            verb,
            index: i,
            flag: flag.to_string(),
        };
        if disallow.as_ref().is_some_and(|re| re.matches_all(flag)) {
            return Err(invalid());
        }
        if allow.as_ref().is_some_and(|re| re.matches_all(flag)) {
            i += 1;
            continue;
        }
        if refused.iter().any(|re| re.matches_all(flag)) {
            return Err(invalid());
        }
        // As go build: the first pattern that does not match sends a
        // -Wl,--push-state,... flag to an element-wise check (each element
        // as a -Wl flag of its own, whatever the verb).
        let listed = valid.iter().find_map(|re| {
            if re.matches_all(flag) {
                Some(true)
            } else {
                let rest = flag.strip_prefix("-Wl,--push-state,")?;
                Some(
                    std::iter::once("--push-state")
                        .chain(rest.split(','))
                        .all(|a| on_list(&format!("-Wl,{a}"))),
                )
            }
        });
        match listed {
            Some(true) => {
                i += 1;
                continue;
            }
            Some(false) => return Err(invalid()),
            None => {}
        }
        if with_arg.contains(&flag) {
            let Some(next) = flags.get(i + 1).map(AsRef::as_ref) else {
                return Err(FlagError::MissingArgument {
                    verb,
                    index: i,
                    flag: flag.to_string(),
                });
            };
            if takes(flag, next) {
                i += 2;
                continue;
            }
            return Err(FlagError::InvalidArgument {
                verb,
                index: i,
                flag: flag.to_string(),
                next: next.to_string(),
            });
        }
        return Err(invalid());
    }
    Ok(())
}

/// Whether `flag` (one that takes an argument) may take `next` as its
/// argument.
fn takes(flag: &str, next: &str) -> bool {
    if safe_arg(next) {
        return true;
    }
    // -Wl,-framework -Wl,NAME and the like.
    if flag.starts_with("-Wl,") {
        if let Some(word) = next.strip_prefix("-Wl,") {
            if safe_arg(word) && !word.contains(',') {
                return true;
            }
        }
    }
    // -I =DIR (relative to the sysroot) and -I $SYSROOT/DIR.
    flag == "-I" && (next.starts_with('=') || next.starts_with("$SYSROOT")) && safe_arg(&next[1..])
}

#[cfg(test)]
mod tests;
