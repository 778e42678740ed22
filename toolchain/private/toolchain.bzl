"""Toolchain rules: a Go SDK and the fipstool helper, each resolved by type."""

load(":providers.bzl", "FipstoolInfo", "GoSdkInfo")

def _go_toolchain_impl(ctx):
    sdk = ctx.attr.sdk[GoSdkInfo]
    return [platform_common.ToolchainInfo(sdk = sdk)]

go_toolchain = rule(
    implementation = _go_toolchain_impl,
    attrs = {
        "sdk": attr.label(mandatory = True, providers = [GoSdkInfo], doc = "A `go_sdk_info` target."),
    },
    doc = "A Go toolchain of type `@fips//toolchain:go`: wraps one SDK.",
)

def _fipstool_toolchain_impl(ctx):
    return [platform_common.ToolchainInfo(fipstool = FipstoolInfo(fipstool = ctx.executable.fipstool))]

fipstool_toolchain = rule(
    implementation = _fipstool_toolchain_impl,
    attrs = {
        "fipstool": attr.label(mandatory = True, executable = True, cfg = "exec", allow_single_file = True),
    },
    doc = "A toolchain of type `@fips//toolchain:fipstool`: the helper binary run by build actions.",
)
