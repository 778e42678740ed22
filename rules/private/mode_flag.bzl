"""The rule behind the `//:mode` build setting."""

load(":providers.bzl", "FipsModeInfo")

MODES = ["auto", "on", "only", "debug", "off"]

def _fips_mode_flag_impl(ctx):
    value = ctx.build_setting_value
    if value not in MODES:
        fail("unknown --@fips//:mode value %r. Accepted: %s." % (value, ", ".join(MODES)))
    return [FipsModeInfo(value = value)]

fips_mode_flag = rule(
    implementation = _fips_mode_flag_impl,
    build_setting = config.string(flag = True),
    doc = "A string flag holding the fips140 value of the default GODEBUG; fails at analysis when unknown.",
)
