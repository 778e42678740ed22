"""Analysis tests for the `//:version` flag: every accepted form is classified,
every malformed form fails analysis with the message users see."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts", "unittest")
load("//rules/private:providers.bzl", "FipsVersionInfo")
load("//rules/private:version_syntax.bzl", "classify_version")

_VERSION_FLAG = str(Label("//:version"))

_ACCEPTED = {
    "off": "off",
    "latest": "latest",
    "inprocess": "alias",
    "certified": "alias",
    "v1.0.0": "version",
    "v1.26.0": "version",
    "v1.0.0-c2097c7c": "version",
    "v1.1.0-rc1": "version",
    "v2.10.300": "version",
}

_MALFORMED = {
    "": "it is empty",
    "on": "it is not one of the accepted forms",
    "1.0.0": "it is not one of the accepted forms",
    "v1.0": "it is not one of the accepted forms",
    "v1.0.0-abc": "it is not one of the accepted forms",
    "v1.0.0-rc": "it is not one of the accepted forms",
    "v1.0.0-c2097c7c9": "it is not one of the accepted forms",
    "V1.0.0": "it is not one of the accepted forms",
    "../v1.0.0": "it contains '/', '\\\\' or '..'",
    "v1.0.0-ab/cdefg": "it contains '/', '\\\\' or '..'",
    "v1.0.0-ab\\cdefg": "it contains '/', '\\\\' or '..'",
}

def _classify_test_impl(ctx):
    env = unittest.begin(ctx)
    for value, kind in _ACCEPTED.items():
        got, error = classify_version(value)
        asserts.equals(env, kind, got, "kind of %r" % value)
        asserts.equals(env, None, error, "error for %r" % value)
    for value, why in _MALFORMED.items():
        got, error = classify_version(value)
        asserts.equals(env, None, got, "kind of %r" % value)
        asserts.true(env, error != None and ("%r" % value) in error, "error for %r names the value: %s" % (value, error))
        asserts.true(env, error != None and why.replace("\\\\", "\\") in error, "error for %r says why: %s" % (value, error))
        asserts.true(env, error != None and "Accepted: off, latest, inprocess, certified" in error, "error lists forms: %s" % error)
    return unittest.end(env)

_classify_test = unittest.make(_classify_test_impl)

def _accepted_test_impl(ctx):
    env = analysistest.begin(ctx)
    info = analysistest.target_under_test(env)[FipsVersionInfo]
    asserts.equals(env, ctx.attr.want_value, info.value)
    asserts.equals(env, ctx.attr.want_kind, info.kind)
    return analysistest.end(env)

def _malformed_test_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "malformed --@fips//:version value")
    asserts.expect_failure(env, ctx.attr.want_value)
    return analysistest.end(env)

def _make_flag_test(impl, value, expect_failure):
    return analysistest.make(
        impl,
        expect_failure = expect_failure,
        config_settings = {_VERSION_FLAG: value},
        attrs = {
            "want_value": attr.string(),
            "want_kind": attr.string(),
        },
    )

# analysistest needs one rule per distinct config_settings value, each a
# top-level global: one per tested form.
_accepted_off_test = _make_flag_test(_accepted_test_impl, "off", False)
_accepted_latest_test = _make_flag_test(_accepted_test_impl, "latest", False)
_accepted_inprocess_test = _make_flag_test(_accepted_test_impl, "inprocess", False)
_accepted_certified_test = _make_flag_test(_accepted_test_impl, "certified", False)
_accepted_v100_test = _make_flag_test(_accepted_test_impl, "v1.0.0", False)
_accepted_v1260_test = _make_flag_test(_accepted_test_impl, "v1.26.0", False)
_accepted_hash_test = _make_flag_test(_accepted_test_impl, "v1.0.0-c2097c7c", False)
_accepted_rc_test = _make_flag_test(_accepted_test_impl, "v1.1.0-rc1", False)
_malformed_dotdot_test = _make_flag_test(_malformed_test_impl, "../v1.0.0", True)
_malformed_word_test = _make_flag_test(_malformed_test_impl, "fips", True)
_malformed_short_test = _make_flag_test(_malformed_test_impl, "v1.26", True)

_FLAG_TESTS = [
    (_accepted_off_test, "off", "off"),
    (_accepted_latest_test, "latest", "latest"),
    (_accepted_inprocess_test, "inprocess", "alias"),
    (_accepted_certified_test, "certified", "alias"),
    (_accepted_v100_test, "v1.0.0", "version"),
    (_accepted_v1260_test, "v1.26.0", "version"),
    (_accepted_hash_test, "v1.0.0-c2097c7c", "version"),
    (_accepted_rc_test, "v1.1.0-rc1", "version"),
    (_malformed_dotdot_test, "../v1.0.0", ""),
    (_malformed_word_test, "fips", ""),
    (_malformed_short_test, "v1.26", ""),
]

def version_flag_test_suite(name):
    tests = []
    _classify_test(name = name + "_classify", size = "small")
    tests.append(name + "_classify")
    rule_names = ["off", "latest", "inprocess", "certified", "v1_0_0", "v1_26_0", "hash", "rc", "malformed_dotdot", "malformed_word", "malformed_short"]
    for i, (rule, value, kind) in enumerate(_FLAG_TESTS):
        test_name = "%s_%s" % (name, rule_names[i])
        rule(
            name = test_name,
            target_under_test = "//:version",
            want_value = value,
            want_kind = kind,
            size = "small",
        )
        tests.append(test_name)
    native.test_suite(name = name, tests = tests)
