//! The default GODEBUG of a Go program, as cmd/go's `defaultGODEBUG`
//! computes it, and the rules set's explicit FIPS mode on top.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::directive::Assignment;
use crate::gover;
use crate::table::Table;

/// The rules' FIPS mode (`--@fips//:mode`, the `fips_mode` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FipsMode {
    /// go build's behaviour: `fips140=on` when GOFIPS140 is not off, and
    /// whatever go.mod and the `//go:debug` directives say.
    Auto,
    /// The program's `fips140` is this, and nothing may say otherwise.
    On,
    Only,
    Debug,
    /// No `fips140` setting (a `fips140=off` directive is allowed).
    Off,
}

impl FipsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            FipsMode::Auto => "auto",
            FipsMode::On => "on",
            FipsMode::Only => "only",
            FipsMode::Debug => "debug",
            FipsMode::Off => "off",
        }
    }
}

impl fmt::Display for FipsMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FipsMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "auto" => FipsMode::Auto,
            "on" => FipsMode::On,
            "only" => FipsMode::Only,
            "debug" => FipsMode::Debug,
            "off" => FipsMode::Off,
            _ => {
                return Err(format!(
                    "unknown FIPS mode {s:?}: want auto, on, only, debug or off"
                ))
            }
        })
    }
}

/// How the FIPS module is configured for the program.
#[derive(Debug, Clone, Copy)]
pub struct Fips<'a> {
    /// GOFIPS140 is not off.
    pub enabled: bool,
    pub mode: FipsMode,
    /// Where the mode was set, for messages (`set on //cmd/x`).
    pub mode_origin: &'a str,
}

impl Fips<'_> {
    /// The `fips140` value the program starts from, before go.mod and the
    /// directives.
    fn initial(&self) -> Option<&'static str> {
        match self.mode {
            FipsMode::Auto => self.enabled.then_some("on"),
            FipsMode::Off => None,
            explicit => Some(explicit.as_str()),
        }
    }

    /// The settings that contradict an explicit mode: one message each.
    pub fn contradictions(&self, settings: &[Assignment]) -> Vec<String> {
        if self.mode == FipsMode::Auto {
            return Vec::new();
        }
        let what = |a: &Assignment| match a.origin {
            crate::Origin::GoMod(_) => "the go.mod line",
            crate::Origin::Directive(_) => "the directive",
        };
        settings
            .iter()
            .filter(|a| a.key == "fips140" && a.value != self.mode.as_str())
            .map(|a| {
                format!(
                    "{}: {} contradicts fips_mode {:?} ({}): remove {}, or build with fips_mode \"auto\" to let it decide",
                    a.place(),
                    a.as_written(),
                    self.mode.as_str(),
                    self.mode_origin,
                    what(a),
                )
            })
            .collect()
    }
}

/// The default GODEBUG of a main package (`defaultGODEBUG`): the FIPS
/// setting, then `settings` in order (go.mod's `godebug` lines, then the
/// directives of the package, of its tests and of its external tests; a
/// later one wins), `default=goX.Y` replacing `go_version` (the main
/// module's) as the version whose defaults apply, the table's defaults for
/// that version under all of it, keys sorted, `k=v` joined by commas.
/// Empty when there is nothing.
///
/// The settings are taken as they are: check them first
/// ([`crate::Checker`]) and the mode's [`Fips::contradictions`].
pub fn default_godebug(
    table: &Table,
    go_version: &str,
    fips: &Fips,
    settings: &[Assignment],
) -> String {
    let mut m: BTreeMap<&str, &str> = BTreeMap::new();
    if let Some(v) = fips.initial() {
        m.insert("fips140", v);
    }
    for a in settings {
        m.insert(&a.key, &a.value);
    }
    let mut version = go_version;
    if let Some(v) = m.remove("default") {
        let v = v.strip_prefix("go").unwrap_or(v);
        if gover::is_valid(v) {
            version = v;
        }
    }
    let defaults = table.defaults_for(version);
    let mut all: BTreeMap<&str, &str> = defaults
        .iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.extend(m);
    let pairs: Vec<String> = all.iter().map(|(k, v)| format!("{k}={v}")).collect();
    pairs.join(",")
}

#[cfg(test)]
mod tests;
