//! The import chain that brings each package into a program: the shortest
//! path of imports from the program's own packages to it, named as a
//! reviewer reads it (targets for the packages Bazel compiles, import paths
//! for the standard library's), so that whoever must remove a package knows
//! which code imports it.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use crate::reach::{Graph, GraphError, STD_PREFIX};

/// The standard library's import graph: every standard package's imports,
/// as `go list -f '{{.ImportPath}}{{range .Imports}} {{.}}{{end}}' std`
/// prints them (one package a line, its imports after it, space-separated).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StdImports {
    imports: BTreeMap<String, Vec<String>>,
}

impl StdImports {
    pub fn parse(file: &str, text: &str) -> Result<StdImports, GraphError> {
        let mut imports = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let mut fields = line.split(' ').filter(|f| !f.is_empty());
            let Some(path) = fields.next() else { continue };
            let list: Vec<String> = fields.map(str::to_string).collect();
            if imports.insert(path.to_string(), list).is_some() {
                return Err(GraphError::Duplicate {
                    file: file.to_string(),
                    line: i + 1,
                    importmap: path.to_string(),
                });
            }
        }
        Ok(StdImports { imports })
    }
}

/// A package the program compiles itself, where chains start: the main
/// package, a test's package under test and external test package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRoot {
    pub importmap: String,
    /// The target that compiles it (the program's).
    pub label: String,
    /// Its import list (one importmap a line).
    pub imports: String,
}

/// What `fipstool chains` writes and the crypto inventory, the policy check
/// and the attestation read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainsFile {
    pub schema_version: u32,
    /// The program's target.
    pub target: String,
    /// For every package the program reaches (its roots excluded), by the
    /// path it links as: the chain from a root's target to it.
    pub chains: BTreeMap<String, Vec<String>>,
}

pub const CHAINS_SCHEMA_VERSION: u32 = 1;

/// The shortest import chain to every package reachable from `roots`,
/// reading a compiled package's import list with `read` (by its file).
/// Ties go to the root given first, then to the import listed first, so the
/// result does not depend on anything but the inputs. A package in neither
/// the graph nor the standard library (none, once the link has checked its
/// imports) ends its chain.
pub fn shortest_chains<E>(
    graph: &Graph,
    std: &StdImports,
    roots: &[ChainRoot],
    read: &mut dyn FnMut(&str) -> Result<String, E>,
) -> Result<BTreeMap<String, Vec<String>>, E> {
    enum From {
        Root(usize),
        Package(String),
    }
    let mut parent: BTreeMap<String, From> = BTreeMap::new();
    // A root that imports nothing starts no chain, and is no root: a test
    // action writes an empty list for a package under test it did not
    // compile (a dependency provides it, and its imports are walked there).
    let is_root = |p: &str| {
        roots
            .iter()
            .any(|r| r.importmap == p && list(&r.imports).next().is_some())
    };
    let mut queue = VecDeque::new();
    for (i, root) in roots.iter().enumerate() {
        for import in list(&root.imports) {
            if !is_root(import) && !parent.contains_key(import) {
                parent.insert(import.to_string(), From::Root(i));
                queue.push_back(import.to_string());
            }
        }
    }
    while let Some(package) = queue.pop_front() {
        let next: Vec<String> = match graph.imports_file(&package) {
            Some(file) => list(&read(file)?).map(str::to_string).collect(),
            None => std.imports.get(&package).cloned().unwrap_or_default(),
        };
        for import in next {
            if !is_root(&import) && !parent.contains_key(&import) {
                parent.insert(import.clone(), From::Package(package.clone()));
                queue.push_back(import);
            }
        }
    }
    let name = |p: &str| graph.label(p).map_or_else(|| p.to_string(), display_label);
    let mut chains = BTreeMap::new();
    for package in parent.keys() {
        let mut chain = vec![name(package)];
        let mut at = package.as_str();
        loop {
            match &parent[at] {
                From::Package(p) => {
                    chain.push(name(p));
                    at = p;
                }
                From::Root(i) => {
                    chain.push(display_label(&roots[*i].label));
                    break;
                }
            }
        }
        chain.reverse();
        // A target's packages (a test's internal and external test
        // packages) are one step for a reviewer.
        chain.dedup();
        chains.insert(package.clone(), chain);
    }
    Ok(chains)
}

/// Every import of an import list: the dependencies' packages, then the
/// standard library's (`std <path>`).
fn list(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .map(|l| l.strip_prefix(STD_PREFIX).unwrap_or(l))
}

/// A label as users write it: `@org_golang_x_crypto//chacha20poly1305` for
/// a go_deps repository's canonical `@@<module>~go_deps~org_golang_x_crypto`
/// (`+` separators from Bazel 8), and without the target name when it is
/// the package's last component (`//internal/seal:seal` -> `//internal/seal`).
pub fn display_label(label: &str) -> String {
    let (repo, rest) = match label.find("//") {
        Some(i) => label.split_at(i),
        None => return label.to_string(),
    };
    let repo = match repo.strip_prefix("@@") {
        Some(canonical) => match canonical.rfind(['~', '+']) {
            Some(i) if canonical[..i].ends_with("go_deps") => format!("@{}", &canonical[i + 1..]),
            _ => repo.to_string(),
        },
        None => repo.to_string(),
    };
    let rest = match rest.rsplit_once(':') {
        Some((package, name)) if package.rsplit('/').next() == Some(name) => package,
        _ => rest,
    };
    format!("{repo}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn chains(roots: &[(&str, &str, &str)]) -> BTreeMap<String, Vec<String>> {
        let graph = Graph::parse(
            "m",
            "ex.com/seal\tex.com/seal\tseal.imports\t//internal/seal:seal\n\
             golang.org/x/crypto/chacha20poly1305\tgolang.org/x/crypto/chacha20poly1305\tc.imports\t\
             @@fips~~go_deps~org_golang_x_crypto//chacha20poly1305:chacha20poly1305\n\
             golang.org/x/crypto/chacha20\tgolang.org/x/crypto/chacha20\tcc.imports\t\
             @@fips~~go_deps~org_golang_x_crypto//chacha20:chacha20\n",
        )
        .unwrap();
        let std = StdImports::parse(
            "std",
            "crypto/tls crypto/md5 crypto/rc4 fmt\ncrypto/md5 hash\ncrypto/rc4\nfmt\nhash\n",
        )
        .unwrap();
        let files: HashMap<&str, &str> = [
            (
                "seal.imports",
                "golang.org/x/crypto/chacha20poly1305\nfmt\n",
            ),
            ("c.imports", "golang.org/x/crypto/chacha20\ncrypto/md5\n"),
            ("cc.imports", ""),
        ]
        .into_iter()
        .collect();
        let mut read = |f: &str| files.get(f).map(|t| t.to_string()).ok_or(f.to_string());
        let roots: Vec<ChainRoot> = roots
            .iter()
            .map(|(m, l, i)| ChainRoot {
                importmap: m.to_string(),
                label: l.to_string(),
                imports: i.to_string(),
            })
            .collect();
        shortest_chains(&graph, &std, &roots, &mut read).unwrap()
    }

    #[test]
    fn chains_name_targets_then_std_paths() {
        let c = chains(&[("main", "//app:server", "ex.com/seal\nstd crypto/tls\n")]);
        assert_eq!(
            c["golang.org/x/crypto/chacha20"],
            [
                "//app:server",
                "//internal/seal",
                "@org_golang_x_crypto//chacha20poly1305",
                "@org_golang_x_crypto//chacha20"
            ]
        );
        assert_eq!(
            c["crypto/rc4"],
            ["//app:server", "crypto/tls", "crypto/rc4"]
        );
        // The shortest of two ways in: main imports crypto/tls, which
        // imports md5 (two steps), beside the three through x/crypto.
        assert_eq!(
            c["crypto/md5"],
            ["//app:server", "crypto/tls", "crypto/md5"]
        );
        assert_eq!(c["hash"].len(), 4);
        assert!(!c.contains_key("main"));
    }

    #[test]
    fn a_tests_two_packages_are_one_step() {
        let c = chains(&[
            (
                "ex.com/seal",
                "//internal/seal:seal_test",
                "golang.org/x/crypto/chacha20poly1305\n",
            ),
            (
                "ex.com/seal_test",
                "//internal/seal:seal_test",
                "ex.com/seal\ncrypto/tls\n",
            ),
        ]);
        // The package under test is a root, not a package reached.
        assert!(!c.contains_key("ex.com/seal"));
        // Unless the test did not compile it: a dependency's package then.
        let dep = chains(&[
            ("ex.com/seal", "//internal/seal:seal_test", ""),
            (
                "ex.com/seal_test",
                "//internal/seal:seal_test",
                "ex.com/seal\n",
            ),
        ]);
        assert_eq!(
            dep["ex.com/seal"],
            ["//internal/seal:seal_test", "//internal/seal"]
        );
        assert_eq!(dep["golang.org/x/crypto/chacha20poly1305"].len(), 3);
        assert_eq!(c["crypto/tls"], ["//internal/seal:seal_test", "crypto/tls"]);
        assert_eq!(
            c["golang.org/x/crypto/chacha20poly1305"][0],
            "//internal/seal:seal_test"
        );
    }

    #[test]
    fn labels_as_users_write_them() {
        for (canonical, shown) in [
            ("//internal/seal:seal", "//internal/seal"),
            ("//app:server", "//app:server"),
            ("//:root", "//:root"),
            (
                "@@fips~~go_deps~org_golang_x_crypto//bcrypt:bcrypt",
                "@org_golang_x_crypto//bcrypt",
            ),
            (
                "@@fips++go_deps+org_golang_x_crypto//ssh/agent:agent",
                "@org_golang_x_crypto//ssh/agent",
            ),
            ("@@rules_foo~//a:b", "@@rules_foo~//a:b"),
            ("@repo//x:x", "@repo//x"),
            ("crypto/md5", "crypto/md5"),
        ] {
            assert_eq!(display_label(canonical), shown, "{canonical}");
        }
    }

    #[test]
    fn std_lines() {
        assert!(StdImports::parse("s", "a b\n\na c\n").is_err());
        assert_eq!(
            StdImports::parse("s", "a b  c\n").unwrap().imports["a"],
            ["b", "c"]
        );
    }
}
