"""Analysis tests of the policy wiring: with --@fips//:policy every Go binary
gets a policy check (a validation: a violation fails the build) that names the
target and what it was built with, and its attestation embeds the result;
without it, neither."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

_POLICY = str(Label("//:policy"))
_VERSION = str(Label("//:version"))

def _actions(env, mnemonic):
    return [a for a in analysistest.target_actions(env) if a.mnemonic == mnemonic]

def _with_policy_impl(ctx):
    env = analysistest.begin(ctx)
    checks = _actions(env, "FipsPolicyCheck")
    asserts.equals(env, 1, len(checks))
    argv = checks[0].argv
    asserts.true(env, "policy" in argv and "check" in argv, str(argv))
    asserts.true(env, "tests/rules/testdata/strict_policy.toml" in argv, str(argv))
    asserts.equals(env, "//tests/rules:fips_binary", argv[argv.index("--target") + 1].lstrip("@"))
    asserts.equals(env, "certified", argv[argv.index("--requested-version") + 1])
    validated = [f for f in checks[0].inputs.to_list() if f.basename == "strict_policy.policy_valid"]
    asserts.equals(env, 1, len(validated), "the check waits for the fips_policy's own validation")
    result = checks[0].outputs.to_list()[0]
    target = analysistest.target_under_test(env)
    validations = target[OutputGroupInfo]._validation.to_list()
    asserts.true(env, result in validations, "the policy check is a validation")
    attests = _actions(env, "FipsAttest")
    asserts.equals(env, 1, len(attests))
    asserts.true(env, result.path in attests[0].argv, "the attestation embeds the policy result")
    return analysistest.end(env)

_with_policy_test = analysistest.make(
    _with_policy_impl,
    config_settings = {_POLICY: str(Label("//tests/rules:strict_policy")), _VERSION: "certified"},
)

def _without_policy_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.equals(env, 0, len(_actions(env, "FipsPolicyCheck")))
    attests = _actions(env, "FipsAttest")
    asserts.equals(env, 1, len(attests))
    asserts.false(env, "--policy-result" in attests[0].argv)
    return analysistest.end(env)

_without_policy_test = analysistest.make(_without_policy_impl)

def policy_test_suite(name):
    _with_policy_test(name = name + "_with_policy", target_under_test = ":fips_binary")
    _without_policy_test(name = name + "_without_policy", target_under_test = ":fips_binary")
    native.test_suite(name = name, tests = [name + "_with_policy", name + "_without_policy"])
