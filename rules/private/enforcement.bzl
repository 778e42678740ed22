"""Strict mode (docs/policy.md): in it, a go_binary's or go_test's executable
is a copy of the linked binary that only an action depending on the FIPS
check's and the policy check's outputs writes. Validation actions run in
parallel with what uses the binary and are skipped by `--norun_validations`;
action inputs are not, so no flag hands out an unchecked binary.

The mode and the pinned policy come from the root module's MODULE.bazel (the
`enforcement` extension writes `@fips_enforcement//:enforcement`), read
through a private attribute: a command line sets neither."""

load(":actions.bzl", "label_text")
load(":providers.bzl", "FipsEnforcementInfo", "FipsPolicyInfo")
load(":transition.bzl", "fips_neutral_transition")

def _fips_enforcement_impl(ctx):
    policy = ctx.attr.policy[FipsPolicyInfo] if ctx.attr.policy else None
    if policy and not policy.src:
        fail("%s: enforcement.strict(policy = %s) names a fips_policy without a policy file" %
             (label_text(ctx.label), ctx.attr.policy.label))
    return [FipsEnforcementInfo(mode = ctx.attr.mode, policy = policy)]

fips_enforcement = rule(
    implementation = _fips_enforcement_impl,
    attrs = {
        "mode": attr.string(values = ["strict", "validation"], mandatory = True),
        "policy": attr.label(providers = [FipsPolicyInfo]),
    },
    cfg = fips_neutral_transition,
    doc = "The enforcement mode the root module chose; written by the `enforcement` extension.",
)

ENFORCEMENT_ATTRS = {
    "_enforcement": attr.label(default = Label("@fips_enforcement//:enforcement"), providers = [FipsEnforcementInfo]),
}

def enforced_policy(ctx):
    """The policy a program is checked against and the enforcement mode:
    struct(policy = FipsPolicyInfo, mode = "strict" | "validation"). In
    strict mode with a pinned policy, `--@fips//:policy` may select no other
    policy (selecting none leaves the pinned one)."""
    enforcement = ctx.attr._enforcement[FipsEnforcementInfo]
    selected = ctx.attr._policy[FipsPolicyInfo]
    pinned = enforcement.policy
    if enforcement.mode != "strict" or not pinned:
        return struct(policy = selected, mode = enforcement.mode)
    if selected.src and selected.label != pinned.label:
        fail(("%s: --@fips//:policy selects %s, but MODULE.bazel pins %s in strict mode " +
              "(enforcement.strict): every Go binary is checked against the pinned policy; drop the flag, or change " +
              "the policy in MODULE.bazel") % (label_text(ctx.label), selected.label, pinned.label))
    return struct(policy = pinned, mode = "strict")

def hand_out(ctx, checked, handed_out, checks):
    """Strict mode's gate: `handed_out`, a copy of `checked` written only
    once every file of `checks` (the FIPS check's marker, the policy
    check's result) exists, that is once those checks passed."""
    ctx.actions.run_shell(
        outputs = [handed_out],
        inputs = [checked] + checks,
        command = 'cp "$1" "$2"',
        arguments = [checked.path, handed_out.path],
        mnemonic = "FipsHandOut",
        progress_message = "Handing out %s: its FIPS and policy checks passed" % handed_out.short_path,
    )
