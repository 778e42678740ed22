"""The incoming-edge transition every Go rule carries.

It settles, for each Go target, the FIPS version and mode it is built with,
into internal settings the standard library reads:

- a go_binary's or go_test's own `fips_version`/`fips_mode` attribute wins;
- else what the target that depends on it was built with (so a binary's
  libraries and its standard library follow the binary's override);
- else the `--@fips//:version` and `--@fips//:mode` flags, except in the exec
  configuration: build tools are never affected by the FIPS flags (a tool
  reached through a Go target, e.g. a genrule in a go_test's data, still
  follows that Go target, as Bazel carries settings into the exec
  configuration).

The flags themselves are then reset to their defaults, so a Go target's
configuration depends only on what it is built with: every Go target of one
FIPS configuration shares one configuration, hence one stdlib, whether it got
there by the flag or by an attribute; and each FIPS configuration has its own
output directory, so flipping --@fips//:version back and forth finds the
earlier outputs still there instead of rebuilding them.
"""

load(":mode_flag.bzl", "MODES")
load(":version_syntax.bzl", "classify_version")

VERSION_FLAG = str(Label("//:version"))
MODE_FLAG = str(Label("//:mode"))
EFFECTIVE_VERSION = str(Label("//rules/private:effective_version"))
EFFECTIVE_MODE = str(Label("//rules/private:effective_mode"))
EFFECTIVE_LINKMODE = str(Label("//rules/private:effective_linkmode"))

# go_binary's `linkmode` values. auto and internal are pure Go (CGO_ENABLED=0,
# Go's internal linker); the others build with cgo and the C toolchain.
LINKMODES = ["auto", "internal", "external", "pie", "c-shared", "c-archive"]
CGO_LINKMODES = ["external", "pie", "c-shared", "c-archive"]
_IS_EXEC = "//command_line_option:is exec configuration"

def _check_flags(settings):
    """The flags are reset below, so their own rules never see a bad value:
    it is refused here, with the flags' own messages."""
    _, error = classify_version(settings[VERSION_FLAG])
    if error:
        fail(error)
    if settings[MODE_FLAG] not in MODES:
        fail("unknown --@fips//:mode value %r. Accepted: %s." % (settings[MODE_FLAG], ", ".join(MODES)))

def _linkmode(attr):
    value = getattr(attr, "linkmode", "")
    if value and value not in LINKMODES:
        fail("unknown linkmode %r. Accepted: %s." % (value, ", ".join(LINKMODES)))
    # internal builds exactly what auto does (pure Go, Go's linker): one
    # configuration, one standard library for both.
    return "" if value in ("auto", "internal") else value

def _fips_transition_impl(settings, attr):
    _check_flags(settings)
    if settings[_IS_EXEC]:
        flag_version, flag_mode = "off", "auto"
    else:
        flag_version, flag_mode = settings[VERSION_FLAG], settings[MODE_FLAG]
    return {
        EFFECTIVE_VERSION: getattr(attr, "fips_version", "") or settings[EFFECTIVE_VERSION] or flag_version,
        EFFECTIVE_MODE: getattr(attr, "fips_mode", "") or settings[EFFECTIVE_MODE] or flag_mode,
        # A binary's linkmode applies to its packages and standard library
        # (compiled with -shared for pie and the c-* modes, with cgo for all
        # but auto/internal); a library follows what depends on it.
        EFFECTIVE_LINKMODE: _linkmode(attr) or settings[EFFECTIVE_LINKMODE],
        VERSION_FLAG: "off",
        MODE_FLAG: "auto",
    }

fips_transition = transition(
    implementation = _fips_transition_impl,
    inputs = [VERSION_FLAG, MODE_FLAG, EFFECTIVE_VERSION, EFFECTIVE_MODE, EFFECTIVE_LINKMODE, _IS_EXEC],
    outputs = [EFFECTIVE_VERSION, EFFECTIVE_MODE, EFFECTIVE_LINKMODE, VERSION_FLAG, MODE_FLAG],
)
