"""The rule behind the `//:version` build setting."""

load(":providers.bzl", "FipsVersionInfo")
load(":version_syntax.bzl", "classify_version")

def _fips_version_flag_impl(ctx):
    value = ctx.build_setting_value
    kind, error = classify_version(value)
    if error:
        fail(error)
    return [FipsVersionInfo(value = value, kind = kind)]

fips_version_flag = rule(
    implementation = _fips_version_flag_impl,
    build_setting = config.string(flag = True),
    doc = "A string flag holding a GOFIPS140 value; fails at analysis when it is malformed.",
)
