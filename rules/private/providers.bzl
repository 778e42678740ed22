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
    doc = "The standard library compiled for one configuration.",
    fields = {
        "sdk": "GoSdkInfo it was built with.",
        "goos": "string: target GOOS.",
        "goarch": "string: target GOARCH.",
        "fips": "struct: the resolved FIPS configuration (see fips_config.bzl `resolve_fips`).",
        "importcfg": "File: `packagefile <importpath>=<archive>` lines for every std package.",
        "files": "depset of File: the archives and the importcfg.",
        "compile": "File: the SDK's compiler (`pkg/tool/<host>/compile`).",
        "link": "File: the SDK's linker (`pkg/tool/<host>/link`).",
    },
)

GoArchiveInfo = provider(
    doc = "A compiled Go package and what linking it needs.",
    fields = {
        "importpath": "string: the package's import path.",
        "archive": "File: the compiled package archive.",
        "srcs": "list of File: the package's Go sources (for `embed`).",
        "embedsrcs": "list of File: the files its `//go:embed` patterns may match (for `embed`).",
        "deps": "list of Target: direct dependencies (for `embed`).",
        "transitive_importcfg": "depset of string: `packagefile` lines of this package and all its dependencies.",
        "transitive_archives": "depset of File: the archives of this package and all its dependencies.",
    },
)
