"""What the analysis tests of the Go rules look up among a target's actions."""

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
