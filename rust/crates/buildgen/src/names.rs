//! The names gazelle gives Go modules' repositories and packages' targets,
//! so that BUILD files it generated for rules_go resolve against ours.

/// The repository name of a module: the first path element's dot-separated
/// labels reversed, then the other elements, joined with `_`, lower-cased,
/// every character other than `a-z` and `0-9` replaced by `_`
/// (`golang.org/x/crypto` -> `org_golang_x_crypto`,
/// `github.com/nats-io/nats.go` -> `com_github_nats_io_nats_go`).
pub fn repo_name(module_path: &str) -> String {
    let mut elems = module_path.split('/');
    let host = elems.next().unwrap_or_default();
    let mut parts: Vec<&str> = host.split('.').rev().collect();
    parts.extend(elems);
    parts
        .join("_")
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Whether a path element is a major version suffix (`v2`, `v10`; also
/// `v0` and `v1`, as gazelle counts them).
pub fn is_version_suffix(elem: &str) -> bool {
    elem.strip_prefix('v')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The target name of a package's library under gazelle's `import` naming
/// convention: the import path's last element, or the one before it when
/// the last is a major version suffix, with dots as underscores
/// (`github.com/nats-io/nats.go` -> `nats_go`, `x.com/a/v2` -> `a`).
pub fn lib_name(import_path: &str) -> String {
    let (head, last) = import_path.rsplit_once('/').unwrap_or(("", import_path));
    // gazelle steps back over the suffix only when an element precedes the
    // one before it (`example.com/v2` stays `v2`).
    let name = match head.rsplit_once('/') {
        Some((_, prev)) if is_version_suffix(last) => prev,
        _ => last,
    };
    name.replace('.', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names() {
        for (path, want) in [
            ("golang.org/x/crypto", "org_golang_x_crypto"),
            ("github.com/nats-io/nats.go", "com_github_nats_io_nats_go"),
            ("github.com/BurntSushi/toml", "com_github_burntsushi_toml"),
            ("google.golang.org/protobuf", "org_golang_google_protobuf"),
            ("gopkg.in/yaml.v3", "in_gopkg_yaml_v3"),
            (
                "github.com/klauspost/compress",
                "com_github_klauspost_compress",
            ),
            ("go.etcd.io/etcd/client/v3", "io_etcd_go_etcd_client_v3"),
            ("example.com/a~b_c", "com_example_a_b_c"),
        ] {
            assert_eq!(repo_name(path), want, "{path}");
        }
    }

    #[test]
    fn library_names() {
        for (path, want) in [
            ("golang.org/x/crypto/chacha20poly1305", "chacha20poly1305"),
            ("github.com/nats-io/nats.go", "nats_go"),
            ("github.com/foo/bar/v2", "bar"),
            ("github.com/foo/bar/v2/baz", "baz"),
            ("gopkg.in/yaml.v3", "yaml_v3"),
            ("example.com/v2", "v2"),
            ("example.com/a/v2", "a"),
            ("v2", "v2"),
            ("example.com/m/version", "version"),
        ] {
            assert_eq!(lib_name(path), want, "{path}");
        }
    }
}
