"""Providers of the hermetic Go SDK toolchain."""

GoSdkInfo = provider(
    doc = "One Go SDK: its files, its version and the FIPS 140-3 facts read from its lib/fips140 at fetch time.",
    fields = {
        "version": "string: the SDK's Go version without the `go` prefix, e.g. `1.26.6`.",
        "go": "File: `bin/go`.",
        "root_file": "File: the SDK's `VERSION` file; its dirname is GOROOT.",
        "srcs": "depset of File: everything under `src/` a build may read (Go, assembly, headers).",
        "tools": "depset of File: `pkg/tool/<host>/*` and `pkg/include/*`.",
        "fips_files": "depset of File: everything under `lib/fips140/`.",
        "files": "depset of File: every file an action running the go command needs (the union of the above, plus `go.env`).",
        "snapshots": "dict: snapshot version (e.g. `v1.0.0-c2097c7c`) -> struct(zip = File, sha256 = string or None, h1 = string or None); " +
                     "the zips of `lib/fips140` with the sums the SDK's `fips140.sum` records for them (None where it records none: " +
                     "`fipstool snapshot verify` then refuses the snapshot).",
        "aliases": "dict: alias name (e.g. `certified`, `inprocess`, `v1.0.0`) -> target version, from `lib/fips140/<alias>.txt`.",
        "godebug_table": "File or None: the SDK's `src/internal/godebugs/table.go`, from which `fipstool linkinfo` " +
                         "computes a program's default GODEBUG as go build does (None before Go 1.21).",
        "std_packages": "dict: the standard library's package paths (keys; src/ without src/cmd), read at fetch time. " +
                        "No go_library may take one of them.",
        "std_folded": "dict: those paths in lower case -> the path (for go build's case-insensitive collision check).",
        "experiments": "list of string or None: the GOEXPERIMENT names the SDK accepts, read at fetch time from " +
                       "`src/internal/goexperiment/flags.go` (the fields of `Flags`, lower-cased) and `src/internal/buildcfg/exp.go` " +
                       "(its aliases, `regabi`); None before Go 1.17, whose go command alone judges GOEXPERIMENT.",
        "host_goos": "string: GOOS the SDK's tools run on.",
        "host_goarch": "string: GOARCH the SDK's tools run on.",
        "archive_digest": "string: what the SDK was verified by when fetched (`sha256:<hex>` of its archive, or the " +
                          "`golang.org/toolchain` module zip's `h1:`); empty for a local SDK.",
    },
)

FipstoolInfo = provider(
    doc = "The fipstool helper binary, run by build actions.",
    fields = {
        "fipstool": "File: the executable.",
    },
)
