"""How a go_test runs: its launcher, its runfiles and its environment.

go test runs a test binary in the directory of its package, so tests open
`testdata/...` by relative path. A go_test's executable is a launcher
(go_test_launcher.sh.tpl) that changes to the package's directory within the
runfiles tree, then runs the test binary, under `bazel test` through
`fipstool testxml` for the `test.xml` of its tests. The package's sources and
embeddable files are runfiles, so that the directory exists and holds what
go test's would (data added); the test binary and fipstool are runfiles too.
"""

load("@bazel_skylib//lib:paths.bzl", "paths")
load("@bazel_skylib//lib:shell.bzl", "shell")
load(":actions.bzl", "label_text")

GO_TEST_RUNNER_ATTRS = {
    "env": attr.string_dict(
        doc = "Environment variables of the test, as rules_go's: values are subject to `$(location)`, " +
              "`$(rootpath)`, `$(rlocationpath)` and `$(execpath)` expansion of the targets in `data`.",
    ),
    "env_inherit": attr.string_list(
        doc = "Environment variables the test takes from the environment `bazel test` runs in " +
              "(`--test_env` and the like aside).",
    ),
    "_launcher_template": attr.label(
        default = Label("//rules/private:go_test_launcher.sh.tpl"),
        allow_single_file = True,
    ),
}

def _runfiles_path(ctx, f):
    """Where `f` is below the runfiles root: `<repository>/<path>`."""
    if f.short_path.startswith("../"):
        return f.short_path[len("../"):]
    return ctx.workspace_name + "/" + f.short_path

def go_test_launcher(ctx, binary, importpath, fipstool, package_srcs, embedsrcs):
    """The launcher of a go_test whose test binary is `binary` and whose
    package under test is `importpath`; `package_srcs` are the Go sources of
    the package and its tests (the first one's directory is the package's),
    `embedsrcs` its embeddable files. Returns struct(executable, runfiles,
    providers): the launcher, what it needs at run time, and the test's
    RunEnvironmentInfo."""
    go_srcs = [f for f in package_srcs if f.extension == "go"]
    if not go_srcs:
        fail("%s: no Go sources: set srcs (the test files) or embed the go_library under test" % label_text(ctx.label))
    launcher = ctx.actions.declare_file(ctx.label.name + ".launcher.sh")
    ctx.actions.expand_template(
        template = ctx.file._launcher_template,
        output = launcher,
        is_executable = True,
        substitutions = {
            "%LABEL_WORD%": shell.quote(label_text(ctx.label)),
            "%TEST_BINARY%": shell.quote(_runfiles_path(ctx, binary)),
            "%FIPSTOOL%": shell.quote(_runfiles_path(ctx, fipstool)),
            "%PACKAGE_DIR%": shell.quote(paths.dirname(_runfiles_path(ctx, go_srcs[0]))),
            "%IMPORTPATH%": shell.quote(importpath),
        },
    )
    env = {k: ctx.expand_location(v, ctx.attr.data) for k, v in ctx.attr.env.items()}
    return struct(
        executable = launcher,
        runfiles = ctx.runfiles(files = [launcher, binary, fipstool] + package_srcs + embedsrcs),
        providers = [RunEnvironmentInfo(environment = env, inherited_environment = ctx.attr.env_inherit)],
    )
