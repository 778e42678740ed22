"""Analysis tests of how a go_test runs: its launcher (the executable), what
the launcher is told (package directory, test binary, fipstool, import
path), its runfiles, its environment, and the test build with and without
an embedded library."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("//rules:defs.bzl", "FipsBinaryInfo", "go_library", "go_test")
load(":action_helpers.bzl", "refused_test", "target_action")

# The test package's sources, below this package and as runfiles see them.
_DIR = "testdata/gotest"
_PKG = "tests/rules/" + _DIR

def _launcher_impl(ctx):
    env = analysistest.begin(ctx)
    target = analysistest.target_under_test(env)
    default = target[DefaultInfo]
    binary = target[FipsBinaryInfo].binary
    launcher = default.files_to_run.executable
    asserts.equals(env, "gotest_test.launcher.sh", launcher.basename)
    # The test binary first: what `bazel build` of the test hands over.
    asserts.equals(env, [binary, launcher], default.files.to_list())

    runfiles = [f.short_path for f in default.default_runfiles.files.to_list()]
    for path in [binary.short_path, _PKG + "/lib.go", _PKG + "/lib_test.go", _PKG + "/lib_x_test.go",
                 _PKG + "/testdata/input.txt"]:
        asserts.true(env, path in runfiles, "%s not in the runfiles: %s" % (path, runfiles))
    asserts.true(env, [p for p in runfiles if p.endswith("/fipstool")], "fipstool not in the runfiles: %s" % runfiles)

    expand = target_action(env, "TemplateExpand")
    subs = expand.substitutions
    workspace = ctx.workspace_name
    asserts.equals(env, "'%s/%s'" % (workspace, _PKG), subs["%PACKAGE_DIR%"])
    asserts.equals(env, "'%s/%s'" % (workspace, binary.short_path), subs["%TEST_BINARY%"])
    asserts.equals(env, "'example.com/gotest'", subs["%IMPORTPATH%"])
    asserts.equals(env, "'//tests/rules:gotest_test'", subs["%LABEL_WORD%"])
    asserts.true(env, subs["%FIPSTOOL%"].endswith("/fipstool'"), subs["%FIPSTOOL%"])

    run_env = target[RunEnvironmentInfo]
    asserts.equals(env, {
        "PLAIN": "as written",
        "INPUT": _PKG + "/testdata/input.txt",
        "BOTH": "a=%s/testdata/input.txt b=%s/%s/testdata/input.txt" % (_PKG, workspace, _PKG),
    }, run_env.environment)
    asserts.equals(env, ["HOME"], run_env.inherited_environment)

    # The embedded library's internal test package is compiled by an action
    # of its own, which the test build is handed.
    asserts.true(env, "--internal" in target_action(env, "GoTestBuild").argv, "the internal test package")
    return analysistest.end(env)

_launcher_test = analysistest.make(_launcher_impl)

def _external_only_impl(ctx):
    """No embedded library: no internal test package is compiled apart; the
    test build compiles what the test files hold (the external test package,
    against the library in deps)."""
    env = analysistest.begin(ctx)
    actions = analysistest.target_actions(env)
    asserts.equals(env, [], [a.mnemonic for a in actions if a.mnemonic in ("GoCompile", "GoCgoCompile")])
    build = target_action(env, "GoTestBuild")
    asserts.false(env, "--internal" in build.argv, "no internal test package: %s" % build.argv)
    asserts.true(env, [a for a in build.argv if a.endswith("/lib_x_test.go")], "the test source: %s" % build.argv)
    asserts.true(env, "gotest_lib.x" in [f.basename for f in build.inputs.to_list()], "the library's export data")
    return analysistest.end(env)

_external_only_test = analysistest.make(_external_only_impl)

def go_test_runner_test_suite(name):
    go_library(name = "gotest_lib", srcs = [_DIR + "/lib.go"], importpath = "example.com/gotest", tags = ["manual"])
    testdata = _DIR
    go_test(
        name = "gotest_test",
        srcs = [testdata + "/lib_test.go", testdata + "/lib_x_test.go"],
        embed = [":gotest_lib"],
        data = [testdata + "/testdata/input.txt"],
        env = {
            "PLAIN": "as written",
            "INPUT": "$(rootpath %s/testdata/input.txt)" % testdata,
            "BOTH": "a=$(location %s/testdata/input.txt) b=$(rlocationpath %s/testdata/input.txt)" % (testdata, testdata),
        },
        env_inherit = ["HOME"],
        tags = ["manual"],
    )
    go_test(name = "gotest_xtest", srcs = [testdata + "/lib_x_test.go"], deps = [":gotest_lib"], tags = ["manual"])
    go_test(name = "gotest_nothing", tags = ["manual"])

    _launcher_test(name = name + "_launcher", target_under_test = ":gotest_test")
    _external_only_test(name = name + "_external_only", target_under_test = ":gotest_xtest")
    refused_test(
        name = name + "_nothing",
        target_under_test = ":gotest_nothing",
        want = "//tests/rules:gotest_nothing: no Go sources: set srcs (the test files) or embed the go_library under test",
    )
    native.test_suite(name = name, tests = [name + s for s in ["_launcher", "_external_only", "_nothing"]])
