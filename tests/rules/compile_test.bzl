"""Analysis tests of the compile and link actions: importers compile against
a package's export data, the link reads its linker object."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("//rules:defs.bzl", "go_binary", "go_library")
load(":action_helpers.bzl", "target_action", "written")

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

def compile_test_suite(name):
    go_library(name = "lib", srcs = ["testdata/lib.go"], importpath = "example.com/lib", tags = ["manual"])
    go_binary(name = "with_lib", srcs = ["testdata/main.go"], deps = [":lib"], tags = ["manual"])
    _export_split_test(name = name + "_export_split", target_under_test = ":with_lib")
    native.test_suite(name = name, tests = [name + "_export_split"])
