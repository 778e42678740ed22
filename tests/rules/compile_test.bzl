"""Analysis tests of the compile and link actions: importers compile against
a package's export data, the link reads its linker object."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("//rules:defs.bzl", "go_binary", "go_library")
load(":action_helpers.bzl", "refused_test", "target_action", "written")

def _basenames(action):
    return [f.basename for f in action.inputs.to_list()]

def _export_split_impl(ctx):
    env = analysistest.begin(ctx)
    compile = target_action(env, "GoCompile")
    # The main package's //go:debug directives go to the link (default
    # GODEBUG); what it imports, to the links that walk the import graph.
    asserts.equals(env, ["with_lib.main.a", "with_lib.main.directives", "with_lib.main.imports", "with_lib.main.x"],
                   sorted([f.basename for f in compile.outputs.to_list()]))
    asserts.true(env, "--imports-out" in compile.argv, "the compile writes its import list")
    asserts.true(env, "lib.x" in _basenames(compile), "the importer compiles against lib's export data")
    asserts.false(env, "lib.a" in _basenames(compile), "and not against its linker object")
    asserts.true(env, "/lib.x\n" in written(env, ".main.deps.importcfg"))
    link = target_action(env, "GoLink")
    asserts.true(env, "lib.a" in _basenames(link), "the link reads lib's linker object")
    asserts.true(env, "/lib.a\n" in written(env, ".link.importcfg"))
    return analysistest.end(env)

_export_split_test = analysistest.make(_export_split_impl)

def _stamped_impl(ctx):
    env = analysistest.begin(ctx)
    link = target_action(env, "GoLink")
    status = [f.basename for f in link.inputs.to_list() if f.basename in ("stable-status.txt", "volatile-status.txt")]
    args = written(env, ".linkinfo_args").split("\n")
    if ctx.attr.stamped:
        asserts.equals(env, ["stable-status.txt", "volatile-status.txt"], sorted(status))
        asserts.true(env, "--stamp-file" in args)
    else:
        asserts.equals(env, [], status, "an unstamped link reads no workspace status")
        asserts.false(env, "--stamp-file" in args)
    # The definitions go through fipstool linkinfo, the main package's by
    # the linker's name for it.
    asserts.true(env, "main.Version={STABLE_VERSION}" in args, str(args))
    asserts.true(env, "example.com/lib.Name=x" in args, str(args))
    asserts.false(env, [a for a in link.argv if a.startswith("-X=main.")], "no -X flag of its own")
    return analysistest.end(env)

_stamped_test = analysistest.make(_stamped_impl, attrs = {"stamped": attr.bool()})
_stamped_flag_test = analysistest.make(
    _stamped_impl,
    attrs = {"stamped": attr.bool()},
    config_settings = {"//command_line_option:stamp": True},
)

def compile_test_suite(name):
    go_library(name = "lib", srcs = ["testdata/lib.go"], importpath = "example.com/lib", tags = ["manual"])
    go_binary(name = "with_lib", srcs = ["testdata/main.go"], deps = [":lib"], tags = ["manual"])
    _export_split_test(name = name + "_export_split", target_under_test = ":with_lib")

    defs = {"example.com/app.Version": "{STABLE_VERSION}", "example.com/lib.Name": "x"}
    for stamp in (-1, 0, 1):
        go_binary(name = "stamp_%d" % (stamp + 1), srcs = ["testdata/main.go"], importpath = "example.com/app",
                  deps = [":lib"], x_defs = defs, stamp = stamp, tags = ["manual"])
    _stamped_test(name = name + "_stamp_default", target_under_test = ":stamp_0", stamped = False)
    _stamped_flag_test(name = name + "_stamp_flag", target_under_test = ":stamp_0", stamped = True)
    _stamped_flag_test(name = name + "_stamp_never", target_under_test = ":stamp_1", stamped = False)
    _stamped_test(name = name + "_stamp_always", target_under_test = ":stamp_2", stamped = True)
    go_binary(name = "x_def_no_package", srcs = ["testdata/main.go"], x_defs = {"Version": "x"}, tags = ["manual"])
    refused_test(name = name + "_x_def_no_package", target_under_test = ":x_def_no_package",
                 want = 'x_defs: "Version": want IMPORTPATH.NAME')

    native.test_suite(name = name, tests = [name + t for t in (
        "_export_split",
        "_stamp_default",
        "_stamp_flag",
        "_stamp_never",
        "_stamp_always",
        "_x_def_no_package",
    )])
