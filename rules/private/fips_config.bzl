"""Resolve `--@fips//:version` and `--@fips//:mode` against one Go SDK, as that
SDK's go command would resolve GOFIPS140 (cmd/go/internal/fips140)."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load(":providers.bzl", "FipsModeInfo", "FipsVersionInfo")

def _parse_go_version(version):
    """`1.26.6` -> (1, 26); unparsable -> (0, 0)."""
    parts = version.split(".")
    if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
        return (0, 0)
    return (int(parts[0]), int(parts[1]))

def _is_digits(s):
    return s != "" and s.isdigit()

def _sdk_accepts_syntax(minor, v):
    """The SDK's own isFIPSVersion: 1.24/1.25 take vX.Y.Z[-8 chars]; 1.26+
    take v1.Y.Z, v1.Y.Z-8 chars and v1.Y.Z-rcN."""
    if not v.startswith("v"):
        return False
    core, sep, suffix = v[1:].partition("-")
    nums = core.split(".")
    if len(nums) != 3 or not all([_is_digits(n) for n in nums]):
        return False
    if minor >= 26 and nums[0] != "1":
        return False
    if not sep:
        return True
    if minor >= 26 and suffix.startswith("rc") and _is_digits(suffix[2:]):
        return True
    return len(suffix) == 8

def _major_minor(v):
    nums = v[1:].partition("-")[0].split(".")
    return "v%s.%s" % (nums[0], nums[1])

def resolve_fips(sdk, value, mode):
    """Resolves the FIPS flags against `sdk` (a GoSdkInfo).

    Args:
      sdk: GoSdkInfo.
      value: the `--@fips//:version` value (already syntax-checked).
      mode: the `--@fips//:mode` value.

    Returns:
      (config, error): config is a struct with
        value: the flag as given;
        enabled: GOFIPS140 is not off;
        gofips140: what go build records as GOFIPS140 (None when off);
        snapshot: the snapshot version to build from, or None (off, latest);
        snapshot_info: struct(zip, sha256, h1) of that snapshot, or None;
        tag: the build tag (`fips140v1.0`) or None;
        godebug_fips140: the fips140 value the mode gives the default GODEBUG, or None
          (a `//go:debug fips140=...` directive of the program decides in mode auto);
        mode: the `--@fips//:mode` (or fips_mode) value;
      error is None; or config is None and error is the message to fail with.
    """
    minor = _parse_go_version(sdk.version)
    resolved = None
    if value == "off":
        enabled = False
    elif minor < (1, 24):
        return None, "--@fips//:version=%s needs Go 1.24 or newer; this SDK is Go %s, which has no FIPS 140-3 module" % (value, sdk.version)
    else:
        enabled = True
        if value in ("inprocess", "certified", "latest"):
            pass
        elif not _sdk_accepts_syntax(minor[1], value):
            return None, "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or %s (Go %s)" % (
                "v1.Y.Z" if minor[1] >= 26 else "vX.Y.Z",
                sdk.version,
            )
        if value != "latest":
            v = sdk.aliases.get(value, value)
            if v not in sdk.snapshots:
                known = sorted(["off", "latest"] + sdk.aliases.keys() + sdk.snapshots.keys())
                if v != value:
                    return None, 'go: unknown GOFIPS140 version "%s" (from "%s"). Go %s accepts: %s' % (v, value, sdk.version, ", ".join(known))
                return None, 'go: unknown GOFIPS140 version "%s". Go %s accepts: %s' % (value, sdk.version, ", ".join(known))
            resolved = v

    godebug = None
    if mode == "auto":
        godebug = "on" if enabled else None
    elif mode != "off":
        godebug = mode
    return struct(
        value = value,
        enabled = enabled,
        gofips140 = (resolved or value) if enabled else None,
        snapshot = resolved,
        snapshot_info = sdk.snapshots[resolved] if resolved else None,
        tag = "fips140" + _major_minor(resolved) if resolved else None,
        godebug_fips140 = godebug,
        mode = mode,
    ), None

# Where Go has no FIPS 140-3 mode (crypto/internal/fips140/check Supported()
# and the linker's EnableFIPS).
def fips_platform_error(goos, goarch, sdk_version):
    minor = _parse_go_version(sdk_version)[1]
    if goarch == "wasm" or goos == "openbsd" or goos == "aix" or (goos, goarch) == ("windows", "386") or \
       ((goos, goarch) == ("windows", "arm") and minor < 26):
        return "FIPS 140-3 mode is not supported on %s/%s (Go %s); build this target with --@fips//:version=off" % (goos, goarch, sdk_version)
    return None

def enabled_experiments(experiments):
    """The GOEXPERIMENT names a list of entries turns on, as Go's
    buildcfg.ParseGOEXPERIMENT reads it: `noX` turns X off, `none` turns
    everything off, a later entry wins."""
    enabled = {}
    for entry in experiments:
        if entry == "none":
            enabled = {}
        elif entry.startswith("no"):
            enabled.pop(entry[2:], None)
        else:
            enabled[entry] = True
    return enabled

def _unknown_experiment_error(sdk_version, known, experiments):
    """go's refusal of a GOEXPERIMENT entry the SDK does not know, naming
    the flag, or None. As buildcfg.ParseGOEXPERIMENT: `none` is always
    accepted, `noX` names X."""
    accepted = {name: True for name in known}
    for entry in experiments:
        name = entry[2:] if entry.startswith("no") else entry
        if entry != "none" and name not in accepted:
            return "go: unknown GOEXPERIMENT %s (from --@fips//:experiments entry %r). Go %s accepts: %s (noNAME turns NAME off, none turns all off)" % (
                name,
                entry,
                sdk_version,
                ", ".join(known),
            )
    return None

def build_option_error(sdk_version, fips_enabled, tags, experiments, known_experiments = None):
    """What go build refuses about build tags and GOEXPERIMENT, or None
    (cmd/go/internal/cfg and fips140 Init; the purego check exists from Go
    1.26). known_experiments: the GOEXPERIMENT names the SDK accepts
    (GoSdkInfo.experiments), or None when they are not known."""
    for tag in tags:
        if not tag or " " in tag or "," in tag or "\t" in tag:
            return "malformed --@fips//:tags entry %r: a build tag is one word" % tag
    for entry in experiments:
        if not entry or " " in entry or "," in entry:
            return "malformed --@fips//:experiments entry %r: one GOEXPERIMENT name per entry" % entry
    if known_experiments != None:
        error = _unknown_experiment_error(sdk_version, known_experiments, experiments)
        if error:
            return error
    if not fips_enabled:
        return None
    if "boringcrypto" in enabled_experiments(experiments):
        return "go: cannot use GOFIPS140 with GOEXPERIMENT=boringcrypto (--@fips//:experiments); " + \
               "Go's FIPS 140-3 module replaces BoringCrypto: drop the experiment, or build with --@fips//:version=off"
    if _parse_go_version(sdk_version) >= (1, 26) and "purego" in tags:
        return "go: cannot use GOFIPS140 with the purego build tag (--@fips//:tags; Go %s); " % sdk_version + \
               "FIPS 140-3 mode needs the module's assembly: drop the tag, or build with --@fips//:version=off"
    return None

# The attributes through which a rule reads the FIPS version and mode of its
# configuration (set by fips_transition; the flags where it did not run).
FIPS_SETTING_ATTRS = {
    "_version": attr.label(default = Label("//:version")),
    "_mode": attr.label(default = Label("//:mode")),
    "_effective_version": attr.label(default = Label("//rules/private:effective_version")),
    "_effective_mode": attr.label(default = Label("//rules/private:effective_mode")),
}

def requested_fips(ctx):
    """(version, mode) of the target's configuration, as requested: the
    transition's settings, else the flags (FIPS_SETTING_ATTRS)."""
    version = ctx.attr._effective_version[BuildSettingInfo].value or ctx.attr._version[FipsVersionInfo].value
    mode = ctx.attr._effective_mode[BuildSettingInfo].value or ctx.attr._mode[FipsModeInfo].value
    return version, mode
