"""Stamping, as rules_go stamps: `x_defs` values may name Bazel's workspace
status keys (`{STABLE_GIT_COMMIT}`, `{BUILD_TIMESTAMP}`), which the link
fills in from the status files when the program is stamped (`fipstool
linkinfo --stamp-file`). A definition naming a key that is not there (every
key, when the program is not stamped) is left out, so the variable keeps the
program's own value and an unstamped build stays reproducible."""

FipsStampInfo = provider(
    doc = "Whether the build runs with Bazel's `--stamp` (what `stamp = -1` follows).",
    fields = {"requested": "bool: `--stamp` is set."},
)

def _stamp_setting_impl(ctx):
    return [FipsStampInfo(requested = ctx.attr.requested)]

stamp_setting = rule(
    implementation = _stamp_setting_impl,
    attrs = {"requested": attr.bool(doc = "Set by a select on `--stamp`.")},
    provides = [FipsStampInfo],
    doc = "Carries `--stamp` to the rules (a config_setting on it selects `requested`).",
)

STAMP_ATTRS = {
    "stamp": attr.int(
        default = -1,
        values = [-1, 0, 1],
        doc = "Whether `x_defs` get workspace status values, as rules_go: `1` always, `0` never, `-1` " +
              "(default) when the build runs with `--stamp`. A definition naming a status key is left out when " +
              "the program is not stamped.",
    ),
    "_stamp_setting": attr.label(default = Label("//rules/private:stamp"), providers = [FipsStampInfo]),
}

def stamp_files(ctx):
    """The workspace status files the program's link reads: Bazel's stable
    and volatile status (a change of the volatile one alone relinks
    nothing), or none when the program is not stamped."""
    stamp = ctx.attr.stamp
    if stamp == 1 or (stamp == -1 and ctx.attr._stamp_setting[FipsStampInfo].requested):
        return [ctx.info_file, ctx.version_file]
    return []

def x_def_args(x_defs, main_importpath):
    """`fipstool linkinfo --x-def` values, sorted by name: a variable of
    the main package named by its import path is named as the linker knows
    it (`main.Var`), as rules_go does."""
    out = []
    for name in sorted(x_defs.keys()):
        package, _, var = name.rpartition(".")
        linked = "main." + var if package == main_importpath else name
        out.append("%s=%s" % (linked, x_defs[name]))
    return out
