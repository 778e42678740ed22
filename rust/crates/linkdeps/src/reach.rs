//! The packages reachable from a program's roots through the import lists
//! each compile wrote.

use std::collections::{BTreeMap, BTreeSet};

/// One problem with the package manifest or an import list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error(
        "{file}:{line}: want IMPORTMAP<TAB>IMPORTPATH<TAB>IMPORTS_FILE[<TAB>LABEL], got {text:?}"
    )]
    ManifestLine {
        file: String,
        line: usize,
        text: String,
    },
    #[error("{file}:{line}: package {importmap} listed twice")]
    Duplicate {
        file: String,
        line: usize,
        importmap: String,
    },
    #[error("{file}: imports {importmap}, which the program's dependencies do not provide")]
    Unknown { file: String, importmap: String },
}

/// The program's packages (its main package excluded): by the path each
/// links as (importmap), its import path and its import list's file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Graph {
    packages: BTreeMap<String, (String, String)>,
    /// The target of each package, where the manifest names it.
    labels: BTreeMap<String, String>,
}

impl Graph {
    /// Reads the manifest the rules write: one
    /// `IMPORTMAP<TAB>IMPORTPATH<TAB>IMPORTS_FILE` line per package, with
    /// `<TAB>LABEL`, the package's target, where chains are wanted.
    pub fn parse(file: &str, text: &str) -> Result<Graph, GraphError> {
        let mut packages = BTreeMap::new();
        let mut labels = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let (importmap, importpath, imports, label) = match fields[..] {
                [m, p, i] => (m, p, i, None),
                [m, p, i, l] if !l.is_empty() => (m, p, i, Some(l)),
                _ => {
                    return Err(GraphError::ManifestLine {
                        file: file.to_string(),
                        line: i + 1,
                        text: line.to_string(),
                    })
                }
            };
            if [importmap, importpath, imports]
                .iter()
                .any(|f| f.is_empty())
            {
                return Err(GraphError::ManifestLine {
                    file: file.to_string(),
                    line: i + 1,
                    text: line.to_string(),
                });
            }
            if let Some(label) = label {
                labels.insert(importmap.to_string(), label.to_string());
            }
            let entry = (importpath.to_string(), imports.to_string());
            if let Some(old) = packages.insert(importmap.to_string(), entry.clone()) {
                // The same package reached through two dependencies.
                if old != entry {
                    return Err(GraphError::Duplicate {
                        file: file.to_string(),
                        line: i + 1,
                        importmap: importmap.to_string(),
                    });
                }
            }
        }
        Ok(Graph { packages, labels })
    }

    /// The target of the package that links as `importmap`, when the
    /// manifest names it.
    pub fn label(&self, importmap: &str) -> Option<&str> {
        self.labels.get(importmap).map(String::as_str)
    }

    /// The import path of the package that links as `importmap`.
    pub fn import_path(&self, importmap: &str) -> Option<&str> {
        self.packages.get(importmap).map(|(p, _)| p.as_str())
    }

    /// The file of the package's import list.
    pub fn imports_file(&self, importmap: &str) -> Option<&str> {
        self.packages.get(importmap).map(|(_, f)| f.as_str())
    }
}

/// The dependencies' packages of an import list: one importmap a line,
/// then the standard library's imports, `std <path>`, which link no module
/// and are no part of the graph.
fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with(STD_PREFIX))
}

/// How an import list marks a standard-library import.
pub(crate) const STD_PREFIX: &str = "std ";

/// One package the program compiles itself, where the walk starts: its
/// main package (`main`), a test's package under test and external test
/// package. A root's import list stands in for the graph's entry of the
/// same path (a package under test is compiled with its tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    pub importmap: String,
    /// Its import list's file, as messages name it.
    pub file: String,
    pub imports: String,
}

/// The importmaps reachable from the roots (the roots included), reading a
/// package's import list with `read` (by its file) the first time the
/// package is reached. Every reached package must be a root or in `graph`.
pub fn reachable<E>(
    graph: &Graph,
    roots: &[Root],
    read: &mut dyn FnMut(&str) -> Result<String, E>,
) -> Result<BTreeSet<String>, ReachError<E>> {
    let mut seen: BTreeSet<String> = roots.iter().map(|r| r.importmap.clone()).collect();
    let mut queue: Vec<(String, String)> = Vec::new();
    for root in roots {
        for importmap in entries(&root.imports) {
            queue.push((root.file.clone(), importmap.to_string()));
        }
    }
    while let Some((from, importmap)) = queue.pop() {
        if seen.contains(&importmap) {
            continue;
        }
        let Some(file) = graph.imports_file(&importmap) else {
            return Err(ReachError::Graph(GraphError::Unknown {
                file: from,
                importmap,
            }));
        };
        let text = read(file).map_err(ReachError::Read)?;
        for next in entries(&text) {
            if !seen.contains(next) {
                queue.push((file.to_string(), next.to_string()));
            }
        }
        seen.insert(importmap);
    }
    Ok(seen)
}

/// Why the walk stopped.
#[derive(Debug)]
pub enum ReachError<E> {
    Graph(GraphError),
    Read(E),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn graph() -> Graph {
        Graph::parse(
            "m",
            "a\tex.com/a\ta.imports\nb\tex.com/b\tb.imports\nc\tex.com/c\tc.imports\n\
             unused\tex.com/unused\tu.imports\n",
        )
        .unwrap()
    }

    fn walk(roots: &str) -> Result<Vec<String>, ReachError<String>> {
        walk_from("main", roots)
    }

    fn walk_from(root: &str, roots: &str) -> Result<Vec<String>, ReachError<String>> {
        let files: HashMap<&str, &str> = [
            ("a.imports", "b\nstd fmt\n"),
            ("b.imports", "c\na\n"),
            ("c.imports", ""),
            ("u.imports", "a\n"),
        ]
        .into_iter()
        .collect();
        let mut read = |f: &str| -> Result<String, String> {
            files.get(f).map(|t| t.to_string()).ok_or(f.to_string())
        };
        let roots = vec![Root {
            importmap: root.to_string(),
            file: "main.imports".to_string(),
            imports: roots.to_string(),
        }];
        reachable(&graph(), &roots, &mut read).map(|s| s.into_iter().collect())
    }

    #[test]
    fn walks_imports_not_dependencies() {
        assert_eq!(walk("a\n").unwrap(), ["a", "b", "c", "main"]);
        assert_eq!(walk("c\n").unwrap(), ["c", "main"]);
        assert_eq!(walk("").unwrap(), ["main"]);
    }

    #[test]
    fn a_root_stands_in_for_its_package() {
        // b, compiled with its tests, imports only c; a's b is this one.
        assert_eq!(walk_from("b", "c\n").unwrap(), ["b", "c"]);
    }

    #[test]
    fn an_import_outside_the_graph_fails() {
        match walk("a\nzzz\n") {
            Err(ReachError::Graph(GraphError::Unknown { file, importmap })) => {
                assert_eq!((file.as_str(), importmap.as_str()), ("main.imports", "zzz"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn manifest_lines() {
        assert_eq!(graph().import_path("b"), Some("ex.com/b"));
        // One package through two dependencies: one line twice is fine.
        assert!(Graph::parse("m", "a\tx\tf\na\tx\tf\n").is_ok());
        let labelled = Graph::parse("m", "a\tx\tf\t//a:a\nb\ty\tg\n").unwrap();
        assert_eq!(
            (labelled.label("a"), labelled.label("b")),
            (Some("//a:a"), None)
        );
        for bad in [
            "a\tx\n",
            "a\tx\tf\tg\th\n",
            "a\tx\tf\t\n",
            "\tx\tf\n",
            "a\tx\tf\na\ty\tf\n",
        ] {
            assert!(Graph::parse("m", bad).is_err(), "{bad:?}");
        }
    }
}
