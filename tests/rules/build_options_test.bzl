"""Analysis tests of the Go rules: build tags and GOEXPERIMENT (what they
change in build info and actions, what go build refuses with FIPS), per-target
FIPS variants, and the exec configuration ignoring the FIPS flags."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("//rules:defs.bzl", "FipsBinaryInfo", "go_binary", "go_library")
load(":action_helpers.bzl", "build_info", "target_action")

_VERSION = str(Label("//:version"))
_MODE = str(Label("//:mode"))
_TAGS = str(Label("//:tags"))
_EXPERIMENTS = str(Label("//:experiments"))

# --- go build refuses these, and so does the build, naming the target ------

def _refused_impl(ctx):
    env = analysistest.begin(ctx)
    for want in ctx.attr.want:
        asserts.expect_failure(env, want)
    return analysistest.end(env)

_REFUSED_ATTRS = {"want": attr.string_list()}

_purego_with_fips_test = analysistest.make(
    _refused_impl,
    expect_failure = True,
    attrs = _REFUSED_ATTRS,
    config_settings = {_VERSION: "certified", _TAGS: ["netgo", "purego"]},
)

_boringcrypto_with_fips_test = analysistest.make(
    _refused_impl,
    expect_failure = True,
    attrs = _REFUSED_ATTRS,
    config_settings = {_VERSION: "latest", _EXPERIMENTS: ["boringcrypto"]},
)

_malformed_tag_test = analysistest.make(
    _refused_impl,
    expect_failure = True,
    attrs = _REFUSED_ATTRS,
    config_settings = {_TAGS: ["two words"]},
)

# --- tags and experiments reach build info and the tools ---------------------

def _tags_impl(ctx):
    env = analysistest.begin(ctx)
    info = build_info(env)
    asserts.true(env, "build\t-tags=netgo,purego,fips140v1.0\n" in info or "-tags=netgo,purego,fips140v1.0" in info, info)
    return analysistest.end(env)

# purego with FIPS is refused from Go 1.26 only; Go 1.24 builds it.
_tags_on_go124_test = analysistest.make(
    _tags_impl,
    config_settings = {
        _VERSION: "v1.0.0",
        _TAGS: ["netgo", "purego"],
        str(Label("//toolchain:sdk_version")): "1.24.11",
    },
)

def _experiments_impl(ctx):
    env = analysistest.begin(ctx)
    info = build_info(env)
    asserts.true(env, "GOEXPERIMENT=boringcrypto,nogreenteagc" in info, info)
    asserts.false(env, "GOFIPS140" in info, info)
    asserts.equals(env, "boringcrypto,nogreenteagc", target_action(env, "GoLink").env.get("GOEXPERIMENT"))
    return analysistest.end(env)

# Without FIPS, boringcrypto is an ordinary experiment.
_experiments_test = analysistest.make(
    _experiments_impl,
    config_settings = {_EXPERIMENTS: ["boringcrypto", "nogreenteagc"]},
)

def _go124_experiments_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.true(env, "GOEXPERIMENT=nosynchashtriemap,none,noregabi" in build_info(env))
    return analysistest.end(env)

# Each SDK's own experiments: Go 1.24 still has synchashtriemap (1.26 does
# not); `none` and buildcfg's regabi alias are accepted.
_experiments_on_go124_test = analysistest.make(
    _go124_experiments_impl,
    config_settings = {
        _EXPERIMENTS: ["nosynchashtriemap", "none", "noregabi"],
        str(Label("//toolchain:sdk_version")): "1.24.11",
    },
)

# An experiment the SDK does not know is refused at analysis, in go's words.
_unknown_experiment_test = analysistest.make(
    _refused_impl,
    expect_failure = True,
    attrs = _REFUSED_ATTRS,
    config_settings = {_EXPERIMENTS: ["loopvar", "nosynchashtriemap"]},
)

# --- per-target variants -------------------------------------------------------

def _variant_impl(ctx):
    env = analysistest.begin(ctx)
    info = analysistest.target_under_test(env)[FipsBinaryInfo]
    asserts.equals(env, ctx.attr.want_gofips140 or None, info.gofips140)
    asserts.equals(env, ctx.attr.want_godebug or None, info.godebug_fips140)
    return analysistest.end(env)

_VARIANT_ATTRS = {"want_gofips140": attr.string(), "want_godebug": attr.string()}

_variant_test = analysistest.make(_variant_impl, attrs = _VARIANT_ATTRS)

_variant_under_certified_flag_test = analysistest.make(
    _variant_impl,
    attrs = _VARIANT_ATTRS,
    config_settings = {_VERSION: "certified", _MODE: "debug"},
)

# --- a target's own bad fips_version or fips_mode names the attribute and the target

def _attr_refused_impl(ctx):
    env = analysistest.begin(ctx)
    for want in ctx.attr.want:
        asserts.expect_failure(env, want)
    causes = analysistest.target_under_test(env)[AnalysisFailureInfo].causes.to_list()
    for cause in causes:
        asserts.false(env, "--@fips//:" in cause.message, "the error blames a flag: " + cause.message)
    return analysistest.end(env)

_attr_refused_test = analysistest.make(_attr_refused_impl, expect_failure = True, attrs = _REFUSED_ATTRS)

# --- build tools ignore the FIPS flags --------------------------------------------

ToolFipsInfo = provider(doc = "The FipsBinaryInfo of an exec-configured tool.", fields = ["info"])

def _exec_probe_impl(ctx):
    return [ToolFipsInfo(info = ctx.attr.tool[FipsBinaryInfo])]

exec_probe = rule(
    implementation = _exec_probe_impl,
    attrs = {"tool": attr.label(cfg = "exec", providers = [FipsBinaryInfo])},
)

def _exec_impl(ctx):
    env = analysistest.begin(ctx)
    info = analysistest.target_under_test(env)[ToolFipsInfo].info
    asserts.equals(env, None, info.gofips140, "the tool is built without FIPS")
    asserts.equals(env, None, info.godebug_fips140)
    return analysistest.end(env)

_exec_tool_test = analysistest.make(_exec_impl, config_settings = {_VERSION: "certified", _MODE: "only"})

def build_options_test_suite(name):
    """The test targets and the suite; the binaries are analysed, never built."""
    srcs = ["testdata/main.go"]
    go_binary(name = "fips_binary", srcs = srcs, tags = ["manual"])
    go_binary(name = "certified_variant", srcs = srcs, fips_version = "certified", tags = ["manual"])
    go_binary(name = "only_variant", srcs = srcs, fips_version = "latest", fips_mode = "only", tags = ["manual"])
    go_binary(name = "off_variant", srcs = srcs, fips_version = "off", tags = ["manual"])
    exec_probe(name = "exec_probe", tool = ":fips_binary", tags = ["manual"])
    # Misspelt attributes, on a program with a library: the library must not
    # be the one blamed, nor a flag.
    go_library(name = "typo_lib", srcs = ["testdata/lib.go"], importpath = "example.com/typolib", tags = ["manual"])
    go_binary(name = "version_typo", srcs = srcs, deps = [":typo_lib"], fips_version = "certifed", tags = ["manual"])
    go_binary(name = "mode_typo", srcs = srcs, deps = [":typo_lib"], fips_mode = "strict", tags = ["manual"])

    label = "//tests/rules:fips_binary: "
    _purego_with_fips_test(
        name = name + "_purego_with_fips",
        target_under_test = ":fips_binary",
        want = [label + "go: cannot use GOFIPS140 with the purego build tag", "drop the tag"],
    )
    _boringcrypto_with_fips_test(
        name = name + "_boringcrypto_with_fips",
        target_under_test = ":fips_binary",
        want = [label + "go: cannot use GOFIPS140 with GOEXPERIMENT=boringcrypto"],
    )
    _malformed_tag_test(
        name = name + "_malformed_tag",
        target_under_test = ":fips_binary",
        want = [label + "malformed --@fips//:tags entry \"two words\""],
    )
    _tags_on_go124_test(name = name + "_tags_on_go124", target_under_test = ":fips_binary")
    _experiments_test(name = name + "_experiments", target_under_test = ":fips_binary")
    _experiments_on_go124_test(name = name + "_experiments_on_go124", target_under_test = ":fips_binary")
    _unknown_experiment_test(
        name = name + "_unknown_experiment",
        target_under_test = ":fips_binary",
        want = [
            label + "go: unknown GOEXPERIMENT synchashtriemap (from --@fips//:experiments entry \"nosynchashtriemap\"). " +
            "Go 1.26.6 accepts: arenas, boringcrypto, cgocheck2, dwarf5, fieldtrack, goroutineleakprofile, greenteagc, ",
            "(noNAME turns NAME off, none turns all off)",
        ],
    )
    _variant_test(
        name = name + "_certified_variant",
        target_under_test = ":certified_variant",
        want_gofips140 = "v1.0.0-c2097c7c",
        want_godebug = "on",
    )
    _variant_test(name = name + "_only_variant", target_under_test = ":only_variant", want_gofips140 = "latest", want_godebug = "only")
    _variant_test(name = name + "_default_is_off", target_under_test = ":fips_binary")
    _variant_under_certified_flag_test(name = name + "_off_variant_under_flag", target_under_test = ":off_variant", want_godebug = "debug")
    _variant_under_certified_flag_test(
        name = name + "_flag_reaches_binary",
        target_under_test = ":fips_binary",
        want_gofips140 = "v1.0.0-c2097c7c",
        want_godebug = "debug",
    )
    _exec_tool_test(name = name + "_exec_tool", target_under_test = ":exec_probe")
    _attr_refused_test(
        name = name + "_version_typo",
        target_under_test = ":version_typo",
        want = ["//tests/rules:version_typo: malformed fips_version value \"certifed\": it is not one of the accepted forms. " +
                "Accepted: off, latest, inprocess, certified"],
    )
    _attr_refused_test(
        name = name + "_mode_typo",
        target_under_test = ":mode_typo",
        want = ["//tests/rules:mode_typo: unknown fips_mode value \"strict\". Accepted: auto, on, only, debug, off."],
    )
    native.test_suite(name = name, tests = [
        name + s
        for s in [
            "_purego_with_fips",
            "_boringcrypto_with_fips",
            "_malformed_tag",
            "_tags_on_go124",
            "_experiments",
            "_experiments_on_go124",
            "_unknown_experiment",
            "_certified_variant",
            "_only_variant",
            "_default_is_off",
            "_off_variant_under_flag",
            "_flag_reaches_binary",
            "_exec_tool",
            "_version_typo",
            "_mode_typo",
        ]
    ])
