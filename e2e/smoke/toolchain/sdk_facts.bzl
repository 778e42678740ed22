"""`go_sdk_facts`: writes what a Go SDK toolchain carries (its GoSdkInfo) as JSON.

A consumer's view of the toolchain: the e2e tests read the JSON to check the
SDK a build resolved (or the one named by `toolchain`) and its FIPS facts.
"""

_GO_TOOLCHAIN = "@fips//toolchain:go"

def _facts_impl(ctx):
    if ctx.attr.toolchain:
        sdk = ctx.attr.toolchain[platform_common.ToolchainInfo].sdk
    elif ctx.toolchains[_GO_TOOLCHAIN]:
        sdk = ctx.toolchains[_GO_TOOLCHAIN].sdk
    else:
        fail("no Go toolchain resolved for %s" % ctx.label)
    facts = {
        "version": sdk.version,
        "repo": sdk.root_file.owner.workspace_name,
        "goroot": sdk.root_file.dirname,
        "go": sdk.go.path,
        "host": "%s/%s" % (sdk.host_goos, sdk.host_goarch),
        "aliases": sdk.aliases,
        "snapshots": {
            v: {"zip": s.zip.path, "sha256": s.sha256, "h1": s.h1}
            for v, s in sdk.snapshots.items()
        },
        "godebug_table": sdk.godebug_table.path if sdk.godebug_table else None,
        "file_counts": {
            "srcs": len(sdk.srcs.to_list()),
            "tools": len(sdk.tools.to_list()),
            "fips_files": len(sdk.fips_files.to_list()),
            "files": len(sdk.files.to_list()),
        },
    }
    out = ctx.actions.declare_file(ctx.label.name + ".json")
    ctx.actions.write(out, json.encode_indent(facts))
    return [DefaultInfo(files = depset([out]))]

go_sdk_facts = rule(
    implementation = _facts_impl,
    attrs = {
        "toolchain": attr.label(
            providers = [platform_common.ToolchainInfo],
            doc = "A `@<sdk repo>//:go_toolchain`; empty: the resolved Go toolchain.",
        ),
    },
    toolchains = [config_common.toolchain_type(_GO_TOOLCHAIN, mandatory = False)],
)
