"""Providers of the fips rule set."""

FipsVersionInfo = provider(
    doc = "The `--@fips//:version` flag, checked for syntax (not yet resolved against an SDK).",
    fields = {
        "value": "string: the flag's value exactly as given, e.g. `certified` or `v1.0.0`.",
        "kind": "string: `off`, `latest`, `alias` (inprocess, certified) or `version` (vX.Y.Z, " +
                "vX.Y.Z-<8 chars>, vX.Y.Z-rcN).",
    },
)

FipsModeInfo = provider(
    doc = "The `--@fips//:mode` flag: the fips140 value of a binary's default GODEBUG.",
    fields = {
        "value": "string: `auto` (on when the version is not off), `on`, `only`, `debug` or `off`.",
    },
)

GoStdlibInfo = provider(
    doc = "The standard library compiled for one configuration. When the configuration is invalid, " +
          "`error` holds the message and every other field but `sdk` and `files` is None.",
    fields = {
        "sdk": "GoSdkInfo it was built with.",
        "error": "string or None: why this configuration cannot be built (each Go target fails with it, naming itself).",
        "tags": "list of string: the build tags of `--@fips//:tags` (the FIPS tag is in `fips.tag`).",
        "experiments": "string: GOEXPERIMENT as given (`--@fips//:experiments` joined by commas), or empty.",
        "env": "dict: the environment of every compile and link action (GOOS, GOARCH, GOEXPERIMENT when set).",
        "buildcontext": "File: the go command's build context (GOOS, GOARCH, build, tool and release tags) " +
                        "for `fipstool gofiles` to apply build constraints exactly as go build does.",
        "goos": "string: target GOOS.",
        "goarch": "string: target GOARCH.",
        "fips": "struct: the resolved FIPS configuration (see fips_config.bzl `resolve_fips`).",
        "importcfg": "File: `packagefile <importpath>=<archive>` lines for every std package.",
        "packages": "File: every standard-library import path of this configuration, one per line (`go list std`, the " +
                    "snapshot's versioned paths included): what no other package may take, and whose internal packages " +
                    "no other package may import.",
        "import_graph": "File: every standard package's imports, `<importpath> <import>...` a line (`go list -f " +
                        "'{{.ImportPath}}{{range .Imports}} {{.}}{{end}}' std`): the standard library's steps of the " +
                        "import chains that `fipstool chains` writes.",
        "files": "depset of File: the archives and the importcfg.",
        "compile": "File: the SDK's compiler (`pkg/tool/<host>/compile`).",
        "link": "File: the SDK's linker (`pkg/tool/<host>/link`).",
        "buildmode": "string: the -buildmode its packages are compiled for: exe, or pie (which c-shared and c-archive share: " +
                     "their packages are compiled alike, with -shared). A program's own -buildmode is its linkmode's.",
        "cgo": "bool: CGO_ENABLED=1 (`pure = \"off\"`, or a linkmode but auto and internal without `pure = \"on\"`).",
        "cc": "string or None: the resolved C compiler (CC, the external linker's -extld) when cgo is on.",
        "cc_files": "depset of File: what running the C compiler needs (empty without cgo).",
        "compile_flags": "list of string: go build's code generation flags for the buildmode (`-installsuffix shared -shared`).",
        "link_flags": "list of string: go build's linker flags for the buildmode (`-installsuffix shared`).",
        "asm": "File: the SDK's assembler (`pkg/tool/<host>/asm`), for packages with Go assembly (`.s`).",
        "asmflags": "File: go build's assembler flags for this configuration, one a line (`-shared` for the " +
                    "shared build modes, `-D GOOS_linux -D GOARCH_amd64 -D GOAMD64_v1`).",
        "asm_include": "string: the SDK's `pkg/include` directory (`#include \"textflag.h\"`).",
        "asm_inputs": "depset of File: what assembling needs (the assembler, `pkg/include`, `asmflags`).",
    },
)

GoArchiveInfo = provider(
    doc = "A compiled Go package and what linking it needs.",
    fields = {
        "importpath": "string: the package's import path (what importers write).",
        "importmap": "string: the path it is compiled and linked as (`-p`): its importmap, else its import path.",
        "label": "Label: the go_library.",
        "go_version": "string: its Go language version (-lang; its module's go line), or empty for the SDK's.",
        "archive": "File: the compiled package's object for the linker (`-linkobj`).",
        "export": "File: the compiled package's export data (`-o` with `-linkobj`): what compiling an importer " +
                  "reads, so an edit that leaves it unchanged does not recompile the importers.",
        "srcs": "list of File: the package's Go sources (for `embed`).",
        "embedsrcs": "list of File: the files its `//go:embed` patterns may match (for `embed`).",
        "deps": "list of Target: direct dependencies (for `embed`).",
        "transitive_importcfg": "depset of string: `packagefile` lines (export data) of this package and all its " +
                                "dependencies, for compiling an importer.",
        "transitive_link_importcfg": "depset of string: `packagefile` lines (linker objects) of this package and all " +
                                     "its dependencies, for the link.",
        "transitive_exports": "depset of File: the export data of this package and all its dependencies.",
        "transitive_packages": "depset of string: `<importmap>\\n<importpath>\\n<label>\\n<import list path>` for this " +
                               "package and all its dependencies: what a program checks for two packages under one " +
                               "path, and the import graph its link walks for the modules it links.",
        "transitive_import_lists": "depset of File: the import lists of this package and all its dependencies (what " +
                                   "each imports from others: `fipstool importcfg --imports-out`).",
        "transitive_archives": "depset of File: the linker objects of this package and all its dependencies (with " +
                               "the C libraries of cgo packages' cdeps).",
        "cgo": "struct or None: the package's C side with `cgo = True` (whether or not this configuration has cgo), " +
               "for a target that embeds it (its go_test): " +
               "`c_srcs`, `headers` (list of File), `cflags` (the -I/-D of cdeps), `clinkopts` (with cdeps' " +
               "libraries), `c_inputs` (depset of File), `link_inputs` (list of File: cdeps' libraries).",
    },
)

FipsBinaryInfo = provider(
    doc = "What a go_binary or go_test was built with, for FIPS reports and checks.",
    fields = {
        "binary": "File: the executable.",
        "requested_version": "string: the FIPS version the target was built with, as asked " +
                             "(`certified`; the flag's value or the target's `fips_version`).",
        "gofips140": "string or None: the GOFIPS140 go build records (`v1.0.0-c2097c7c`, `latest`); None when off.",
        "godebug_fips140": "string or None: the fips140 value of the binary's default GODEBUG.",
        "sdk_version": "string: the Go SDK's version (`1.26.6`).",
        "goos": "string: target GOOS.",
        "goarch": "string: target GOARCH.",
        "attestation": "File: the JSON attestation of the binary (`fipstool attest`; output group `fips_attestation`).",
    },
)

FipsPolicyInfo = provider(
    doc = "An organisation's FIPS policy (`fips_policy`), selected by `--@fips//:policy`.",
    fields = {
        "src": "File or None: the policy TOML (docs/policy.md); None: no policy (the default).",
        "label": "Label or None: the fips_policy target.",
        "validated": "File or None: written once the policy file is valid (`fipstool policy validate`); an input of " +
                     "every binary's policy check, so that a malformed policy is reported once, by the fips_policy target.",
    },
)

FipsEnforcementInfo = provider(
    doc = "How the build makes its FIPS checks hold (the root module's `enforcement` extension; docs/policy.md).",
    fields = {
        "mode": "string: `strict` (a binary is produced only after its FIPS check and policy check passed) or " +
                "`validation` (the checks are Bazel validation actions).",
        "policy": "FipsPolicyInfo or None: the policy strict mode pins (`enforcement.strict(policy = ...)`).",
    },
)

FipsAttestationsInfo = provider(
    doc = "The FIPS attestations of every go_binary and go_test at or below a target (for fips_report).",
    fields = {
        "attestations": "depset of File: attestation JSON files (`fipstool attest`).",
    },
)
