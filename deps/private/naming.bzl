"""Names of module repositories and package targets, as gazelle gives them,
so that BUILD files gazelle wrote for rules_go resolve unchanged:
`golang.org/x/crypto` is `@org_golang_x_crypto`, and its package
`chacha20poly1305` is `@org_golang_x_crypto//chacha20poly1305` (the target
named after the last element of the import path: gazelle's `import` naming
convention)."""

_REPO_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"

def module_repo_name(module_path):
    """gazelle's repository name for a module path: lower case, the host's
    labels reversed, `/`, `.` and `-` (and anything else a repository name
    cannot hold) as `_`."""
    elems = module_path.lower().split("/")
    host = elems[0].split(".")
    name = "_".join(reversed(host) + elems[1:])
    return "".join([c if c in _REPO_CHARS else "_" for c in name.elems()])

def _is_major_version(elem):
    return len(elem) > 1 and elem[0] == "v" and elem[1:].isdigit()

def package_target_name(importpath):
    """The target of a package under gazelle's `import` naming convention:
    the last element of its import path, the one before it when the last is
    a version (`v2`: `github.com/nats-io/jwt/v2` is `jwt`), dots as
    underscores (`nats.go` is `nats_go`, `yaml.v3` is `yaml_v3`)."""
    elems = importpath.split("/")
    name = elems[-1]
    if _is_major_version(name) and len(elems) > 1:
        name = elems[-2]
    return name.replace(".", "_")

def longest_module(importpath, modules):
    """The module of `modules` (a dict keyed by module path) that provides
    `importpath`: the longest module path that is a path prefix of it, as the
    go command resolves an import against the build list; None if none is."""
    prefix = importpath
    for _ in range(importpath.count("/") + 1):
        if prefix in modules:
            return prefix
        prefix = prefix.rpartition("/")[0]
    return None
