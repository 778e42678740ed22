"""The `go_deps` module extension: third-party Go modules from go.mod/go.sum.

    go_deps = use_extension("@fips//deps:extensions.bzl", "go_deps")
    go_deps.from_file(go_mod = "//:go.mod")          # go.sum beside it
    use_repo(go_deps, "org_golang_x_crypto", "com_github_nats_io_nats_go")

Tags: `from_file`, `module`, `module_override`; see docs/dependencies.md.
`rules_go_compat` makes `io_bazel_rules_go` for gazelle-written BUILD files.
"""

load("//deps/private:extension.bzl", _go_deps = "go_deps")
load("//deps/private:rules_go_compat.bzl", _rules_go_compat = "rules_go_compat_extension")

go_deps = _go_deps

# For BUILD files gazelle wrote for rules_go (its platform selects):
#   rules_go_compat = use_extension("@fips//deps:extensions.bzl", "rules_go_compat")
#   use_repo(rules_go_compat, "io_bazel_rules_go")
rules_go_compat = _rules_go_compat
