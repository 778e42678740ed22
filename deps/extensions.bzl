"""The `go_deps` module extension: third-party Go modules from go.mod/go.sum.

    go_deps = use_extension("@fips//deps:extensions.bzl", "go_deps")
    go_deps.from_file(go_mod = "//:go.mod")          # go.sum beside it
    use_repo(go_deps, "org_golang_x_crypto", "com_github_nats_io_nats_go")

Tags: `from_file`, `module`, `module_override`; see docs/dependencies.md.
"""

load("//deps/private:extension.bzl", _go_deps = "go_deps")

go_deps = _go_deps
