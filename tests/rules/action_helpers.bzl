"""What the analysis tests of the Go rules look up among a target's actions,
and the test of a target that must fail analysis."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

def target_action(env, mnemonic):
    """The target's first action with `mnemonic` (a failed assertion if none)."""
    for action in analysistest.target_actions(env):
        if action.mnemonic == mnemonic:
            return action
    asserts.true(env, False, "no %s action" % mnemonic)
    return None

def written(env, suffix):
    """The content of the file the target writes whose name ends in `suffix`."""
    for action in analysistest.target_actions(env):
        if action.mnemonic == "FileWrite" and action.outputs.to_list()[0].basename.endswith(suffix):
            return action.content
    asserts.true(env, False, "no %s written" % suffix)
    return ""

def build_info(env):
    """The build information the link action embeds, as analysis writes it
    (`fipstool linkinfo` fills in the DefaultGODEBUG line when linking)."""
    return written(env, ".buildinfo")

def _refused_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, ctx.attr.want)
    return analysistest.end(env)

# The target under test fails analysis, with a message that holds `want`.
refused_test = analysistest.make(_refused_impl, expect_failure = True, attrs = {"want": attr.string()})
