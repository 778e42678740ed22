//! The build list the rules resolved (the go_deps extension's), and the
//! module lines of a program's build information.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

/// A module's replacement (go.mod `replace`): `version` is `(devel)` for a
/// directory.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Replacement {
    pub path: String,
    pub version: String,
    #[serde(default)]
    pub sum: String,
}

/// One module of the build list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Module {
    pub version: String,
    #[serde(default)]
    pub sum: String,
    #[serde(default)]
    pub replace: Option<Replacement>,
}

/// The main module and the build list (the rules' modules file); an empty
/// main module outside module mode (no go.mod), where go build records no
/// module lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Modules {
    #[serde(default)]
    pub main_module: String,
    #[serde(default)]
    pub modules: BTreeMap<String, Module>,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}: not a modules file: {source}")]
pub struct ModulesError {
    file: String,
    source: serde_json::Error,
}

impl Modules {
    pub fn parse(file: &str, text: &str) -> Result<Modules, ModulesError> {
        serde_json::from_str(text).map_err(|source| ModulesError {
            file: file.to_string(),
            source,
        })
    }

    /// The module that provides `importpath`: the longest module path
    /// (the main module's included) that is a path prefix of it.
    fn module_of<'a>(&'a self, importpath: &str) -> Option<&'a str> {
        let mut prefix = importpath;
        loop {
            if prefix == self.main_module {
                return Some(self.main_module.as_str());
            }
            if let Some((path, _)) = self.modules.get_key_value(prefix) {
                return Some(path.as_str());
            }
            prefix = &prefix[..prefix.rfind('/')?];
        }
    }
}

/// One module as `BuildInfo.String` formats it: a replaced module's line
/// ends at its version, the replacement follows with its own hash.
fn format(word: &str, path: &str, module: &Module, out: &mut Vec<String>) {
    match &module.replace {
        Some(r) => {
            out.push(format!("{word}\t{path}\t{}", module.version));
            out.push(format!("=>\t{}\t{}\t{}", r.path, r.version, r.sum));
        }
        None => out.push(format!(
            "{word}\t{path}\t{}\t{}",
            module.version, module.sum
        )),
    }
}

/// The `mod` and `dep` lines of a program whose main package has import
/// path `main_importpath` and which links the packages `importpaths`: the
/// main package's module (`(devel)` for the main module), then every other
/// module providing a linked package, sorted by path. None outside module
/// mode.
pub fn module_lines<'a>(
    modules: &Modules,
    main_importpath: &str,
    importpaths: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let mut out = Vec::new();
    if modules.main_module.is_empty() {
        return out;
    }
    let own = modules.module_of(main_importpath);
    match own {
        Some(m) if m == modules.main_module => out.push(format!("mod\t{m}\t(devel)\t")),
        Some(m) => format("mod", m, &modules.modules[m], &mut out),
        None => {}
    }
    let used: BTreeSet<&str> = importpaths
        .into_iter()
        .filter_map(|p| modules.module_of(p))
        .filter(|&m| Some(m) != own && m != modules.main_module)
        .collect();
    for path in used {
        format("dep", path, &modules.modules[path], &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules() -> Modules {
        Modules::parse(
            "m.json",
            r#"{"main_module": "example.com/app", "modules": {
                "github.com/a/b": {"version": "v1.2.0", "sum": "h1:ab="},
                "github.com/a/b/v2": {"version": "v2.0.1", "sum": "h1:ab2="},
                "github.com/a": {"version": "v0.1.0", "sum": "h1:a="},
                "golang.org/x/sys": {"version": "v0.30.0", "sum": "h1:x=",
                  "replace": {"path": "../sys", "version": "(devel)"}}
            }}"#,
        )
        .unwrap()
    }

    #[test]
    fn main_module_then_dependencies_sorted() {
        let lines = module_lines(
            &modules(),
            "example.com/app/cmd/x",
            [
                "golang.org/x/sys/unix",
                "github.com/a/b/v2/c",
                "github.com/a/b",
                "example.com/app/internal/y",
                "github.com/a/b/d",
            ],
        );
        assert_eq!(
            lines,
            [
                "mod\texample.com/app\t(devel)\t",
                "dep\tgithub.com/a/b\tv1.2.0\th1:ab=",
                "dep\tgithub.com/a/b/v2\tv2.0.1\th1:ab2=",
                "dep\tgolang.org/x/sys\tv0.30.0",
                "=>\t../sys\t(devel)\t",
            ]
        );
    }

    #[test]
    fn program_of_another_module() {
        let lines = module_lines(&modules(), "github.com/a/b/cmd/t", ["github.com/a/c"]);
        assert_eq!(
            lines,
            [
                "mod\tgithub.com/a/b\tv1.2.0\th1:ab=",
                "dep\tgithub.com/a\tv0.1.0\th1:a="
            ]
        );
    }

    #[test]
    fn outside_module_mode_nothing() {
        let none = Modules::parse("m", "{}").unwrap();
        assert!(module_lines(&none, "x", ["github.com/a/b"]).is_empty());
        // A package of no module (a first-party path outside go.mod's).
        assert_eq!(
            module_lines(&modules(), "other/x", ["other/y"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn malformed_file() {
        assert!(Modules::parse("m", "3").is_err());
        assert!(Modules::parse("m", r#"{"modules": {"x": {}}}"#).is_err());
    }
}
