"""Analysis tests of `pure` and `linkmode`: what reaches the build info and
the link, which programs share a configuration (hence one standard library),
and what is refused."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("//rules:defs.bzl", "FipsBinaryInfo", "go_binary", "go_library", "go_test")
load(":action_helpers.bzl", "build_info", "refused_test", "target_action")

def _link_impl(ctx):
    env = analysistest.begin(ctx)
    info = build_info(env)
    for line in ctx.attr.build_lines:
        asserts.true(env, "build\t%s\n" % line in info, "%r not in the build info:\n%s" % (line, info))
    argv = target_action(env, "GoLink").argv
    for prefix in ctx.attr.link_flags:
        asserts.true(env, [a for a in argv if a.startswith(prefix)], "%s not in the link: %s" % (prefix, argv))
    for prefix in ctx.attr.no_link_flags:
        asserts.false(env, [a for a in argv if a.startswith(prefix)], "%s in the link: %s" % (prefix, argv))
    return analysistest.end(env)

_link_test = analysistest.make(_link_impl, attrs = {
    "build_lines": attr.string_list(),
    "link_flags": attr.string_list(),
    "no_link_flags": attr.string_list(),
})

def _sealed_impl(ctx):
    """seal = True: the link writes a copy that fipstool seals into the
    program, and the validation checks the sealed program."""
    env = analysistest.begin(ctx)
    actions = analysistest.target_actions(env)
    link = [a for a in actions if a.mnemonic == "GoLink"][0]
    seal = [a for a in actions if a.mnemonic == "FipsSeal"][0]
    check = [a for a in actions if a.mnemonic == "FipsCheck"][0]
    program = analysistest.target_under_test(env)[FipsBinaryInfo].binary
    asserts.equals(env, [program], seal.outputs.to_list())
    asserts.equals(env, link.outputs.to_list()[:1], seal.inputs.to_list()[:1])
    asserts.true(env, program in check.inputs.to_list(), "the validation checks the sealed program")
    return analysistest.end(env)

_sealed_test = analysistest.make(_sealed_impl)

def _cgo_off_impl(ctx):
    """A cgo library tested without cgo (CGO_ENABLED=0): compiled as go build
    compiles it then, without the cgo steps; its C sources go to the plain
    compile, which applies their constraints and refuses the ones that
    remain, in go build's words."""
    env = analysistest.begin(ctx)
    actions = analysistest.target_actions(env)
    asserts.equals(env, [], [a for a in actions if a.mnemonic == "GoCgoCompile"])
    internal = [a for a in actions if a.mnemonic == "GoCompile"]
    asserts.equals(env, 1, len(internal))
    asserts.true(env, "add.c" in [f.basename for f in internal[0].inputs.to_list()], "the C source reaches the compile")
    asserts.true(env, "--tests" in internal[0].argv, "the internal test package")
    return analysistest.end(env)

_cgo_off_test = analysistest.make(_cgo_off_impl)

def _cgo_test_impl(ctx):
    """A go_test embedding a cgo library: its internal test package is
    compiled by cgo.sh --tests (the library's C side with it), and the test
    build takes that package instead of compiling one."""
    env = analysistest.begin(ctx)
    actions = analysistest.target_actions(env)
    internal = [a for a in actions if a.mnemonic == "GoCgoCompile"]
    asserts.equals(env, 1, len(internal))
    argv = internal[0].argv
    asserts.equals(env, "--tests", argv[1])
    asserts.true(env, [a for a in argv if a.endswith("/cgo/add.c")], "the library's C source: %s" % argv)
    asserts.true(env, [a for a in argv if a.endswith("/cgo/lib_test.go")], "the test source: %s" % argv)
    outs = {f.extension: f.path for f in internal[0].outputs.to_list()}
    export, linkobj = outs["x"], outs["a"]
    build = target_action(env, "GoTestBuild").argv
    at = build.index("--internal")
    asserts.equals(env, [export, linkobj], build[at + 1:at + 3])
    return analysistest.end(env)

_cgo_test_test = analysistest.make(_cgo_test_impl)

def _cgo_embed_impl(ctx):
    """A go_binary that embeds a cgo library compiles its main package with
    the library's C sources, through cgo.sh."""
    env = analysistest.begin(ctx)
    argv = target_action(env, "GoCgoCompile").argv
    asserts.true(env, [a for a in argv if a.endswith("/cgo/add.c")], "the embedded library's C source: %s" % argv)
    asserts.true(env, [a for a in argv if a.endswith("/cgo/lib.go")], "the embedded library's Go source: %s" % argv)
    return analysistest.end(env)

_cgo_embed_test = analysistest.make(_cgo_embed_impl)

def _c_shared_cc_info_impl(ctx):
    """A c-shared go_binary is a C library to cc_binary: CcInfo with the
    shared object (not linked whole) and the header of its exports."""
    env = analysistest.begin(ctx)
    cc = analysistest.target_under_test(env)[CcInfo]
    libs = [lib for li in cc.linking_context.linker_inputs.to_list() for lib in li.libraries]
    asserts.equals(env, 1, len(libs))
    asserts.equals(env, "cgo_c_shared.so", libs[0].dynamic_library.basename)
    asserts.equals(env, None, libs[0].static_library)
    asserts.false(env, libs[0].alwayslink)
    asserts.equals(env, ["cgo_c_shared.h"], [f.basename for f in cc.compilation_context.headers.to_list()])
    return analysistest.end(env)

_c_shared_cc_info_test = analysistest.make(_c_shared_cc_info_impl)

# Programs in one configuration write to one output directory: comparing the
# directories of two binaries tells whether they share a configuration, and
# so one standard library.
ProgramRootsInfo = provider(doc = "Output directories of the probed programs.", fields = ["roots"])

def _roots_probe_impl(ctx):
    return [ProgramRootsInfo(roots = {str(p.label): p[FipsBinaryInfo].binary.root.path for p in ctx.attr.programs})]

roots_probe = rule(
    implementation = _roots_probe_impl,
    attrs = {"programs": attr.label_list(providers = [FipsBinaryInfo])},
)

def _shared_impl(ctx):
    env = analysistest.begin(ctx)
    roots = analysistest.target_under_test(env)[ProgramRootsInfo].roots
    groups = {}
    for label, root in roots.items():
        groups.setdefault(root, []).append(label.split(":")[-1])
    got = sorted([",".join(sorted(g)) for g in groups.values()])
    asserts.equals(env, sorted(ctx.attr.want_groups), got)
    return analysistest.end(env)

_shared_test = analysistest.make(_shared_impl, attrs = {"want_groups": attr.string_list()})

def cgo_config_test_suite(name):
    """The test targets and the suite; the binaries are analysed, never built."""
    srcs = ["testdata/main.go"]
    go_binary(name = "plain", srcs = srcs, tags = ["manual"])
    go_binary(name = "pure_on", srcs = srcs, pure = "on", tags = ["manual"])
    go_binary(name = "internal", srcs = srcs, linkmode = "internal", tags = ["manual"])
    go_binary(name = "pure_off", srcs = srcs, pure = "off", tags = ["manual"])
    go_binary(name = "external", srcs = srcs, linkmode = "external", tags = ["manual"])
    go_binary(name = "external_pure_off", srcs = srcs, linkmode = "external", pure = "off", tags = ["manual"])
    go_binary(name = "pie", srcs = srcs, linkmode = "pie", tags = ["manual"])
    go_binary(name = "pure_pie", srcs = srcs, linkmode = "pie", pure = "on", tags = ["manual"])
    go_binary(name = "c_shared", srcs = srcs, linkmode = "c-shared", tags = ["manual"])
    go_binary(name = "c_archive", srcs = srcs, linkmode = "c-archive", tags = ["manual"])
    go_binary(name = "pure_c_archive", srcs = srcs, linkmode = "c-archive", pure = "on", tags = ["manual"])
    go_binary(name = "sealed_c_archive", srcs = srcs, linkmode = "c-archive", seal = True, tags = ["manual"])
    go_binary(name = "sealed", srcs = srcs, linkmode = "pie", seal = True, tags = ["manual"])
    cgo_srcs = ["testdata/cgo/lib.go", "testdata/cgo/add.c"]
    go_library(name = "cgo_lib", srcs = cgo_srcs, cgo = True, importpath = "example.com/cgolib", tags = ["manual"])
    go_test(name = "cgo_lib_test", srcs = ["testdata/cgo/lib_test.go"], embed = [":cgo_lib"], pure = "off", tags = ["manual"])
    go_test(name = "cgo_lib_test_pure", srcs = ["testdata/cgo/lib_test.go"], embed = [":cgo_lib"], tags = ["manual"])
    go_test(name = "cgo_attr_test", srcs = ["testdata/cgo/lib_test.go"], embed = [":cgo_lib"], cgo = True, pure = "off",
            tags = ["manual"])
    go_binary(name = "cgo_embedded", embed = [":cgo_lib"], pure = "off", tags = ["manual"])
    go_binary(name = "cgo_c_shared", srcs = ["testdata/cgo/lib.go", "testdata/cgo/add.c"], cgo = True,
              linkmode = "c-shared", tags = ["manual"])
    roots_probe(
        name = "roots",
        programs = [":plain", ":pure_on", ":internal", ":pure_off", ":external", ":external_pure_off", ":pie", ":pure_pie",
                    ":c_shared"],
        tags = ["manual"],
    )

    _link_test(
        name = name + "_pure_off",
        target_under_test = ":pure_off",
        build_lines = ["-buildmode=exe", "CGO_ENABLED=1"],
        # go build's setextld: the C compiler is the external linker, which
        # Go's linker uses only if the program's cgo packages need it.
        link_flags = ["-extld="],
        no_link_flags = ["-linkmode="],
    )
    _link_test(
        name = name + "_pure_pie",
        target_under_test = ":pure_pie",
        build_lines = ["-buildmode=pie", "CGO_ENABLED=0"],
        link_flags = ["-buildmode=pie"],
        no_link_flags = ["-extld", "-linkmode="],
    )
    _link_test(
        name = name + "_external",
        target_under_test = ":external",
        build_lines = ["-buildmode=exe", "CGO_ENABLED=1"],
        link_flags = ["-linkmode=external"],
    )
    refused_test(
        name = name + "_pure_c_archive",
        target_under_test = ":pure_c_archive",
        want = "//tests/rules:pure_c_archive: linkmode \"c-archive\" needs cgo, and pure = \"on\" turns it off (CGO_ENABLED=0)",
    )
    _link_test(
        name = name + "_c_archive",
        target_under_test = ":c_archive",
        build_lines = ["-buildmode=c-archive", "CGO_ENABLED=1"],
        link_flags = ["-buildmode=c-archive", "-installsuffix"],
    )
    refused_test(
        name = name + "_sealed_c_archive",
        target_under_test = ":sealed_c_archive",
        want = "//tests/rules:sealed_c_archive: a c-archive is sealed in the program that links it",
    )
    _sealed_test(name = name + "_sealed", target_under_test = ":sealed")
    _shared_test(
        name = name + "_shared",
        target_under_test = ":roots",
        want_groups = [
            "internal,plain,pure_on",  # pure Go, exe
            "external,external_pure_off,pure_off",  # cgo, exe
            "c_shared,pie",  # cgo, -shared (c-archive too, below)
            "pure_pie",  # pure Go, -shared
        ],
    )
    _cgo_test_test(name = name + "_cgo_test", target_under_test = ":cgo_lib_test")
    _cgo_off_test(name = name + "_cgo_test_pure", target_under_test = ":cgo_lib_test_pure")
    refused_test(
        name = name + "_cgo_attr_test",
        target_under_test = ":cgo_attr_test",
        want = "//tests/rules:cgo_attr_test: cgo, cdeps and clinkopts go on the go_library the test embeds",
    )
    _c_shared_cc_info_test(name = name + "_c_shared_cc_info", target_under_test = ":cgo_c_shared")
    _cgo_embed_test(name = name + "_cgo_embed", target_under_test = ":cgo_embedded")
    native.test_suite(name = name, tests = [
        name + s
        for s in ["_pure_off", "_pure_pie", "_external", "_pure_c_archive", "_c_archive", "_sealed_c_archive", "_sealed", "_shared",
                  "_cgo_test", "_cgo_test_pure", "_cgo_attr_test", "_c_shared_cc_info", "_cgo_embed"]
    ])
