"""`go_sdk_info`: one Go SDK's files and fetch-time facts as a `GoSdkInfo`.

The SDK repository rules generate one `go_sdk_info(name = "sdk")` per SDK; the
facts come from the repository's `sdk_data.bzl`, which they wrote after
reading the SDK's own files, so analysis never reads a file to know them.
"""

load(":providers.bzl", "GoSdkInfo")

def _go_sdk_info_impl(ctx):
    zips = {}
    for f in ctx.files.snapshot_zips:
        if not f.basename.endswith(".zip"):
            fail("%s: snapshot %s is not a .zip" % (ctx.label, f.path))
        zips[f.basename[:-len(".zip")]] = f

    for name in ctx.attr.snapshot_sha256:
        if name not in zips:
            fail("%s: snapshot_sha256 names %s, which is not among snapshot_zips" % (ctx.label, name))
    snapshots = {
        name: struct(
            zip = f,
            sha256 = ctx.attr.snapshot_sha256.get(name),
            h1 = ctx.attr.snapshot_h1.get(name),
        )
        for name, f in zips.items()
    }

    srcs = depset(ctx.files.srcs)
    tools = depset(ctx.files.tools)
    fips_files = depset(ctx.files.fips_files)
    return [
        GoSdkInfo(
            version = ctx.attr.version,
            go = ctx.file.go,
            root_file = ctx.file.root_file,
            srcs = srcs,
            tools = tools,
            fips_files = fips_files,
            files = depset(
                [ctx.file.go, ctx.file.root_file] + ctx.files.files,
                transitive = [srcs, tools, fips_files],
            ),
            snapshots = snapshots,
            aliases = dict(ctx.attr.aliases),
            godebug_table = ctx.file.godebug_table,
            std_packages = {p: True for p in ctx.attr.std_packages},
            std_folded = {p.lower(): p for p in ctx.attr.std_packages},
            experiments = ctx.attr.experiments or None,
            host_goos = ctx.attr.host_goos,
            host_goarch = ctx.attr.host_goarch,
            archive_digest = ctx.attr.archive_digest,
        ),
        DefaultInfo(files = depset([ctx.file.go, ctx.file.root_file])),
    ]

go_sdk_info = rule(
    implementation = _go_sdk_info_impl,
    doc = "Collects one Go SDK's files and facts into a `GoSdkInfo` (see providers.bzl for the fields).",
    attrs = {
        "version": attr.string(mandatory = True, doc = "Go version without the `go` prefix, e.g. `1.26.6`."),
        "go": attr.label(mandatory = True, allow_single_file = True, doc = "`bin/go` (`bin/go.exe` on Windows)."),
        "root_file": attr.label(mandatory = True, allow_single_file = True, doc = "The SDK's `VERSION` file; its directory is GOROOT."),
        "srcs": attr.label_list(allow_files = True, doc = "The `src/` files a build reads."),
        "tools": attr.label_list(allow_files = True, doc = "`pkg/tool/<host>/*` and `pkg/include/*`."),
        "fips_files": attr.label_list(allow_files = True, doc = "Everything under `lib/fips140/`."),
        "files": attr.label_list(allow_files = True, doc = "Further files the go command reads (`go.env`)."),
        "snapshot_zips": attr.label_list(allow_files = [".zip"], doc = "The snapshot zips of `lib/fips140`."),
        "snapshot_sha256": attr.string_dict(doc = "Snapshot version -> SHA-256 of its zip, as `fips140.sum` records it."),
        "snapshot_h1": attr.string_dict(doc = "Snapshot version -> h1 of its zip, where `fips140.sum` records one (Go 1.27+)."),
        "aliases": attr.string_dict(doc = "Alias -> snapshot version, from `lib/fips140/<alias>.txt`."),
        "godebug_table": attr.label(allow_single_file = True, doc = "`src/internal/godebugs/table.go` (none before Go 1.21)."),
        "std_packages": attr.string_list(doc = "The standard library's package paths (every directory of src/ but src/cmd with a non-test Go file)."),
        "experiments": attr.string_list(doc = "The GOEXPERIMENT names the SDK accepts (the fields of " +
                                              "`internal/goexperiment.Flags`, lower-cased, and `internal/buildcfg`'s aliases); " +
                                              "empty: not known (before Go 1.17)."),
        "host_goos": attr.string(mandatory = True, doc = "GOOS the SDK's tools run on."),
        "host_goarch": attr.string(mandatory = True, doc = "GOARCH the SDK's tools run on."),
        "archive_digest": attr.string(doc = "What the SDK was verified by when fetched: `sha256:<hex>` of its archive, " +
                                            "or the module zip's `h1:`; empty for a local SDK."),
    },
    provides = [GoSdkInfo],
)
