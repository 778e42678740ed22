"""Public API of the fips rules for Buck2.

    load("@fips//:defs.bzl", "go_binary", "go_library", "go_test", "go_toolchain")

The FIPS switch is the buckconfig section [fips] (`-c fips.version=certified`
on the command line, or .buckconfig): version (GOFIPS140: off, latest,
inprocess, certified, vX.Y.Z; default off), mode (the fips140 value of the
default GODEBUG: auto, on, only, debug, off; default auto), tags (go build's
-tags, comma-separated), policy (a policy file every program is checked
against) and toolchain (the go_toolchain target; required). A program's
fips_version and fips_mode override the first two for it and the packages
it compiles.
"""

load("//private:rules.bzl", _go_binary = "go_binary", _go_library = "go_library", _go_test = "go_test")
load("//private:toolchain.bzl", _go_toolchain = "go_toolchain")

go_toolchain = _go_toolchain
go_library = _go_library

def _switch(fips_version, fips_mode):
    """The private attributes that carry the switch to a program."""
    toolchain = read_config("fips", "toolchain", "")
    if not toolchain:
        fail("buckconfig fips.toolchain is not set: name the go_toolchain target, e.g. [fips] toolchain = //toolchains:go")
    tags = read_config("fips", "tags", "")
    policy = read_config("fips", "policy", "")
    return {
        "fips_mode_setting": fips_mode or read_config("fips", "mode", "auto"),
        "fips_mode_origin": "fips_mode" if fips_mode else "fips.mode",
        "fips_tags": [t.strip() for t in tags.split(",") if t.strip()],
        "fips_version_setting": fips_version or read_config("fips", "version", "off"),
        "fips_version_origin": "fips_version" if fips_version else "fips.version",
        "fips_policy": policy or None,
        "go_toolchain": toolchain,
    }

def go_binary(name, fips_version = "", fips_mode = "", **kwargs):
    _go_binary(name = name, fips_version = fips_version, fips_mode = fips_mode, **(kwargs | _switch(fips_version, fips_mode)))

def go_test(name, fips_version = "", fips_mode = "", **kwargs):
    _go_test(name = name, fips_version = fips_version, fips_mode = fips_mode, **(kwargs | _switch(fips_version, fips_mode)))
