"""fips_policy: an organisation's FIPS policy, checked on every Go binary
(`--@fips//:policy=//:fips_policy`); the TOML schema is in docs/policy.md."""

load(":actions.bzl", "label_text")
load(":providers.bzl", "FipsPolicyInfo")
load(":transition.bzl", "fips_neutral_transition")

FIPSTOOL_TOOLCHAIN = Label("//toolchain:fipstool")

def _fips_policy_impl(ctx):
    src = ctx.file.src
    if not src:
        return [FipsPolicyInfo(src = None, label = None, validated = None)]

    # A malformed policy fails the build here, once, with its line and
    # column, not once per binary: every binary's check takes this action's
    # output as an input (a validation output alone would not do: Bazel
    # runs none of an implicit dependency's), and the rule has one
    # configuration for the whole build.
    fipstool = ctx.toolchains[FIPSTOOL_TOOLCHAIN].fipstool.fipstool
    checked = ctx.actions.declare_file(ctx.label.name + ".policy_valid")
    ctx.actions.run_shell(
        outputs = [checked],
        inputs = [src],
        tools = [fipstool],
        command = '"$1" policy validate --policy "$2" && : >"$3"',
        arguments = [fipstool.path, src.path, checked.path],
        mnemonic = "FipsPolicyValidate",
        progress_message = "Checking FIPS policy %{label}",
    )
    return [
        FipsPolicyInfo(src = src, label = ctx.label, validated = checked),
        DefaultInfo(files = depset([src])),
        OutputGroupInfo(_validation = depset([checked])),
    ]

fips_policy = rule(
    implementation = _fips_policy_impl,
    attrs = {
        "src": attr.label(allow_single_file = [".toml"], doc = "The policy file (docs/policy.md). Empty: no policy."),
    },
    cfg = fips_neutral_transition,
    toolchains = [FIPSTOOL_TOOLCHAIN],
    doc = "An organisation's FIPS policy. Select it for the whole build with `--@fips//:policy=<this target>` " +
          "(or in .bazelrc); every go_binary and go_test is then checked against it, and a violation fails the build.",
)

def policy_check(ctx, fipstool, policy, index, binary, requested_version, chains = None):
    """Checks `binary` against the selected policy; returns the JSON result
    File (a validation output: a violation fails the build, naming the
    target, the rule and its line, and for forbidden crypto the import chain
    from `chains`, chains.bzl), or None when there is no policy."""
    if not policy.src:
        return None
    result = ctx.actions.declare_file(ctx.label.name + ".fips_policy.json")
    args = ctx.actions.args()
    args.add_all(["policy", "check", "--policy", policy.src, "--index", index, "--target", label_text(ctx.label)])
    args.add("--requested-version", requested_version)
    if chains:
        args.add("--chains", chains)
    args.add("--json")
    args.add("--out", result)
    args.add(binary)
    ctx.actions.run(
        executable = fipstool,
        arguments = [args],
        inputs = [policy.src, policy.validated, index, binary] + ([chains] if chains else []),
        outputs = [result],
        mnemonic = "FipsPolicyCheck",
        progress_message = "Checking %{label} against FIPS policy " + str(policy.label),
    )
    return result
