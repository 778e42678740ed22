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

The flags themselves are left as the command line set them. Bazel 7 names
a configuration's output directory after how it differs from the top-level
configuration: a flag reset here would differ from a command line that set
it, and the same configuration would get another directory (and rebuild)
whenever the flag changed. Left alone, the flags never differ, and a Go
target's directory depends only on what it is built with (the settings
below), whichever flag or attribute asked for it: each FIPS configuration
has its own output directory, so flipping --@fips//:version back and forth
finds the earlier outputs still there instead of rebuilding them. (Within
one build the flags are the same everywhere, so leaving them in the
configuration splits nothing.)

Only what changes compiled code splits the configuration of a program's
packages and standard library: a go_library (and the standard library, through
`fips_package_transition` on the `_stdlib` edge) is configured without the
FIPS mode, which reaches only a program's link, and with the snapshot an
alias names rather than the alias (fips_aliases.bzl), so `certified`,
`v1.0.0` and `v1.0.0-c2097c7c` share one standard library. The program
itself keeps its spelling and mode, for its build information, policy check
and attestation.
"""

load("@fips_go_toolchains//:versions.bzl", "SDKS")
load(":fips_aliases.bzl", "shared_version")
load(":mode_flag.bzl", "MODES")
load(":version_syntax.bzl", "classify_version", "malformed_version_message")

VERSION_FLAG = str(Label("//:version"))
MODE_FLAG = str(Label("//:mode"))
EFFECTIVE_VERSION = str(Label("//rules/private:effective_version"))
EFFECTIVE_MODE = str(Label("//rules/private:effective_mode"))
EFFECTIVE_BUILDMODE = str(Label("//rules/private:effective_buildmode"))
EFFECTIVE_CGO = str(Label("//rules/private:effective_cgo"))
EFFECTIVE_PLATFORM = str(Label("//rules/private:effective_platform"))
_PLATFORMS = "//command_line_option:platforms"

# go_binary's `linkmode` values. auto and internal are pure Go (CGO_ENABLED=0,
# Go's internal linker) unless `pure = "off"`; the others build with cgo and
# the C toolchain (pie without cgo when `pure = "on"`).
LINKMODES = ["auto", "internal", "external", "pie", "c-shared", "c-archive"]
CGO_LINKMODES = ["external", "pie", "c-shared", "c-archive"]

# Link modes that cannot be had without cgo: go build refuses them with
# CGO_ENABLED=0 (external linking needs runtime/cgo; the c-* modes need cgo).
NEEDS_CGO_LINKMODES = ["external", "c-shared", "c-archive"]

# go_binary's and go_test's `pure` values, as rules_go spells them.
PURE_VALUES = ["auto", "on", "off"]
_IS_EXEC = "//command_line_option:is exec configuration"
SDK_VERSION_FLAG = str(Label("//toolchain:sdk_version"))

def _package_version(settings, version):
    """`version` as a program's packages are configured with it, on the SDK
    toolchain resolution will choose: the one --@fips//toolchain:sdk_version
    names, else the first declared (a program checks that its SDK agrees)."""
    sdk_version = settings[SDK_VERSION_FLAG] or (SDKS[0]["version"] if SDKS else "")
    return shared_version(version, sdk_version)

def _check_flags(settings):
    """The flags are reset below, so their own rules never see a bad value:
    it is refused here, with the flags' own messages."""
    _, error = classify_version(settings[VERSION_FLAG])
    if error:
        fail(error)
    if settings[MODE_FLAG] not in MODES:
        fail("unknown --@fips//:mode value %r. Accepted: %s." % (settings[MODE_FLAG], ", ".join(MODES)))

# Link modes whose packages go build compiles with -shared. On Linux, the one
# family of targets the cgo link modes are tested on, the standard library
# go build makes for each of them is byte-for-byte the same.
SHARED_LINKMODES = ["pie", "c-shared", "c-archive"]

def _codegen(linkmode, pure):
    """The (codegen, cgo) settings a go_binary's `linkmode` and `pure` give
    its packages and standard library: all they compile differently for.
    external and `pure = "off"` thus share one configuration (cgo, exe), as
    auto and internal share the pure one, and pie, c-shared and c-archive
    ("shared") another; how the binary itself links is its own attribute.
    `pure = "on"` with a mode that needs cgo is refused by the rule, naming
    the target."""
    shared = linkmode in SHARED_LINKMODES
    cgo = pure == "off" or (pure != "on" and linkmode in CGO_LINKMODES)
    return "shared" if shared else "", "1" if cgo else ""

def _codegen_settings(attr, settings):
    linkmode = getattr(attr, "linkmode", "auto") or "auto"
    pure = getattr(attr, "pure", "auto") or "auto"
    if linkmode not in LINKMODES:
        fail("unknown linkmode %r. Accepted: %s." % (linkmode, ", ".join(LINKMODES)))
    if pure not in PURE_VALUES:
        fail("unknown pure %r. Accepted: %s." % (pure, ", ".join(PURE_VALUES)))
    if linkmode in ("auto", "internal") and pure == "auto":
        # Nothing asked: a library, or a program reached through another
        # Go target, follows what depends on it.
        return settings[EFFECTIVE_BUILDMODE], settings[EFFECTIVE_CGO]
    return _codegen(linkmode, pure)

def fips_version_attr_error(value):
    """What is wrong with a target's own `fips_version`, or None."""
    return malformed_version_message("fips_version", value) if value else None

def fips_mode_attr_error(value):
    """What is wrong with a target's own `fips_mode`, or None."""
    if value and value not in MODES:
        return "unknown fips_mode value %r. Accepted: %s." % (value, ", ".join(MODES))
    return None

def _own_setting(attr, name, error_of):
    """A go_binary's or go_test's own `fips_version` or `fips_mode`. A bad
    one is left out here: the rule refuses it, naming the attribute and the
    target (a transition knows neither), and the standard library would
    otherwise report it as a bad flag value from whichever target it
    reached first."""
    value = getattr(attr, name, "")
    return "" if error_of(value) else value

def _fips_transition_impl(settings, attr):
    _check_flags(settings)
    buildmode, cgo = _codegen_settings(attr, settings)
    if settings[_IS_EXEC]:
        flag_version, flag_mode = "off", "auto"
    else:
        flag_version, flag_mode = settings[VERSION_FLAG], settings[MODE_FLAG]
    version = _own_setting(attr, "fips_version", fips_version_attr_error) or settings[EFFECTIVE_VERSION] or flag_version
    mode = _own_setting(attr, "fips_mode", fips_mode_attr_error) or settings[EFFECTIVE_MODE] or flag_mode
    if not hasattr(attr, "fips_mode"):
        # A package: what its code is compiled for, and nothing else.
        version, mode = _package_version(settings, version), ""
    return {
        EFFECTIVE_VERSION: version,
        EFFECTIVE_MODE: mode,
        # A binary's linkmode and pure apply to its packages and standard
        # library (compiled with -shared for pie and the c-* modes, with cgo
        # or without); a library follows what depends on it.
        EFFECTIVE_BUILDMODE: buildmode,
        EFFECTIVE_CGO: cgo,
        # Bazel 7 leaves --platforms out of the output directory's name:
        # recorded here, it gives each target platform a directory of its
        # own, so linux/arm64 and linux/amd64 outputs coexist instead of
        # overwriting each other.
        EFFECTIVE_PLATFORM: ",".join([str(p) for p in settings[_PLATFORMS]]),
    }

fips_transition = transition(
    implementation = _fips_transition_impl,
    inputs = [VERSION_FLAG, MODE_FLAG, EFFECTIVE_VERSION, EFFECTIVE_MODE, EFFECTIVE_BUILDMODE, EFFECTIVE_CGO, _IS_EXEC,
              SDK_VERSION_FLAG, _PLATFORMS],
    outputs = [EFFECTIVE_VERSION, EFFECTIVE_MODE, EFFECTIVE_BUILDMODE, EFFECTIVE_CGO, EFFECTIVE_PLATFORM],
)

def _fips_package_transition_impl(settings, _attr):
    if not settings[EFFECTIVE_VERSION]:
        # Not below a Go target's transition: the flags apply as they are.
        return {EFFECTIVE_VERSION: "", EFFECTIVE_MODE: settings[EFFECTIVE_MODE]}
    return {EFFECTIVE_VERSION: _package_version(settings, settings[EFFECTIVE_VERSION]), EFFECTIVE_MODE: ""}

# On a Go target's `_stdlib` edge: the standard library in the configuration
# of the target's packages (a program's mode and alias spelling left out; a
# package's configuration is left as it is).
fips_package_transition = transition(
    implementation = _fips_package_transition_impl,
    inputs = [EFFECTIVE_VERSION, EFFECTIVE_MODE, SDK_VERSION_FLAG],
    outputs = [EFFECTIVE_VERSION, EFFECTIVE_MODE],
)

def _fips_neutral_transition_impl(_settings, _attr):
    return {
        EFFECTIVE_VERSION: "",
        EFFECTIVE_MODE: "",
        EFFECTIVE_BUILDMODE: "",
        EFFECTIVE_CGO: "",
        EFFECTIVE_PLATFORM: "",
    }

# For a target whose outputs do not depend on the FIPS settings but which
# every Go target depends on (fips_policy): one configuration for the whole
# build instead of one per FIPS configuration, so that its actions, and
# their errors, happen once.
fips_neutral_transition = transition(
    implementation = _fips_neutral_transition_impl,
    inputs = [],
    outputs = [EFFECTIVE_VERSION, EFFECTIVE_MODE, EFFECTIVE_BUILDMODE, EFFECTIVE_CGO, EFFECTIVE_PLATFORM],
)
