"""go_library, go_binary and go_test for Buck2, with the Bazel rules'
attribute names. The FIPS switch reaches them as private attributes that the
macros of defs.bzl set from the buckconfig and the target's own
fips_version/fips_mode."""

load(":program.bzl", "build_program", "check_switch")
load(":providers.bzl", "GoPackageInfo", "GoSdkInfo", "label_text", "package_struct", "transitive_packages")

_COMMON_ATTRS = {
    "deps": attrs.list(attrs.dep(providers = [GoPackageInfo]), default = [], doc = "go_library targets it imports."),
    "embedsrcs": attrs.list(attrs.source(), default = [], doc = "Files its //go:embed patterns may match."),
    "gc_goopts": attrs.list(attrs.string(), default = [], doc = "Extra compiler flags."),
    "go_version": attrs.string(default = "", doc = "The Go language version (-lang), as go.mod's `go` line."),
    "srcs": attrs.list(attrs.source(), default = [], doc = "The package's Go sources."),
}

# The switch as resolved by the macros in defs.bzl (buckconfig [fips], then
# the target's fips_version and fips_mode); set by them, not by users. (Buck2
# lets no caller set an attribute whose name starts with "_".)
_SWITCH_ATTRS = {
    "fips_mode": attrs.string(default = "", doc = "Overrides buckconfig fips.mode for this program."),
    "fips_version": attrs.string(default = "", doc = "Overrides buckconfig fips.version for this program."),
    "fips_mode_setting": attrs.string(),
    "fips_mode_origin": attrs.string(),
    "fips_tags": attrs.list(attrs.string(), default = []),
    "fips_version_setting": attrs.string(),
    "fips_version_origin": attrs.string(),
    "fips_policy": attrs.option(attrs.source(), default = None),
    "go_toolchain": attrs.dep(providers = [GoSdkInfo]),
}

# Local actions inherit the buck2 daemon's environment (the user's shell):
# the Go settings that change what the compiler, assembler and linker emit
# are set here, to go build's defaults, so none leaks in.
_GO_ENV = {
    "CGO_ENABLED": "0",
    "GO386": "",
    "GOAMD64": "",
    "GOARM": "",
    "GOARM64": "",
    "GODEBUG": "",
    "GOEXPERIMENT": "",
    "GOFLAGS": "",
    "GOROOT": "",
}

def _package(ctx, importpath, srcs, embedsrcs, deps):
    return package_struct(
        label = label_text(ctx.label),
        importpath = importpath,
        srcs = srcs,
        embedsrcs = embedsrcs,
        deps = [d[GoPackageInfo].package.importpath for d in deps],
        go_version = ctx.attrs.go_version,
        gc_goopts = ctx.attrs.gc_goopts,
    )

def _go_library_impl(ctx):
    pkg = _package(ctx, ctx.attrs.importpath, ctx.attrs.srcs, ctx.attrs.embedsrcs, ctx.attrs.deps)
    return [
        DefaultInfo(default_outputs = []),
        GoPackageInfo(package = pkg, packages = transitive_packages([d[GoPackageInfo] for d in ctx.attrs.deps]) + [pkg]),
    ]

go_library = rule(
    impl = _go_library_impl,
    attrs = dict(_COMMON_ATTRS, importpath = attrs.string(doc = "Its import path.")),
    doc = "A Go package. It is compiled by the programs that link it, in their FIPS configuration.",
)

def _program(ctx, main, dep_infos, test = None):
    fips = struct(
        version = ctx.attrs.fips_version_setting,
        version_origin = ctx.attrs.fips_version_origin,
        mode = ctx.attrs.fips_mode_setting,
        mode_origin = ctx.attrs.fips_mode_origin,
    )
    check_switch(ctx.label, fips)
    sdk = ctx.attrs.go_toolchain[GoSdkInfo]
    prog = struct(
        name = ctx.label.name,
        label = ctx.label,
        sdk = sdk,
        fips = fips,
        tags = ctx.attrs.fips_tags,
        env = _GO_ENV | {"GOARCH": sdk.goarch, "GOOS": sdk.goos},
        importpath = main.importpath,
        main = main,
        packages = transitive_packages(dep_infos),
        policy = ctx.attrs.fips_policy,
        test = test,
    )
    binary = ctx.actions.declare_output(ctx.label.name)
    attestation = ctx.actions.declare_output(ctx.label.name + ".fips_attestation.json")
    build_program(ctx, prog, binary, attestation)
    return binary, attestation

def _default_importpath(ctx):
    return ctx.attrs.importpath or (ctx.label.package + "/" + ctx.label.name).lstrip("/")

def _go_binary_impl(ctx):
    importpath = _default_importpath(ctx)
    main = _package(ctx, importpath, ctx.attrs.srcs, ctx.attrs.embedsrcs, ctx.attrs.deps)
    binary, attestation = _program(ctx, main, [d[GoPackageInfo] for d in ctx.attrs.deps])
    return [
        DefaultInfo(default_output = binary, sub_targets = {"fips_attestation": [DefaultInfo(default_output = attestation)]}),
        RunInfo(args = cmd_args(binary)),
    ]

go_binary = rule(
    impl = _go_binary_impl,
    attrs = _COMMON_ATTRS | _SWITCH_ATTRS | {
        "importpath": attrs.string(default = "", doc = "The build info `path`; default `<package>/<name>`."),
    },
    doc = "A Go program linked as go build links it (default GODEBUG, build info), checked by fipstool.",
)

def _go_test_impl(ctx):
    embedded = [e[GoPackageInfo] for e in ctx.attrs.embed]
    if len(embedded) > 1:
        fail("%s: embed takes one go_library (the package under test)" % label_text(ctx.label))
    lib = embedded[0].package if embedded else None
    importpath = ctx.attrs.importpath or (lib.importpath if lib else _default_importpath(ctx))
    # The package under test is compiled with its tests (test_build.sh), in
    # place of the library: its dependencies are the library's and the test's.
    main = package_struct(
        label = label_text(ctx.label),
        importpath = importpath,
        srcs = lib.srcs if lib else [],
        embedsrcs = (lib.embedsrcs if lib else []) + ctx.attrs.embedsrcs,
        deps = (lib.deps if lib else []) + [d[GoPackageInfo].package.importpath for d in ctx.attrs.deps],
        go_version = ctx.attrs.go_version or (lib.go_version if lib else ""),
        gc_goopts = ctx.attrs.gc_goopts,
    )
    dep_infos = [d[GoPackageInfo] for d in ctx.attrs.deps]
    if embedded and len(embedded[0].packages) > 1:
        deps_of_lib = embedded[0].packages[:-1]
        dep_infos.append(GoPackageInfo(package = deps_of_lib[-1], packages = deps_of_lib))
    binary, attestation = _program(ctx, main, dep_infos, test = struct(srcs = ctx.attrs.srcs, library = lib != None))
    return [
        DefaultInfo(default_output = binary, sub_targets = {"fips_attestation": [DefaultInfo(default_output = attestation)]}),
        RunInfo(args = cmd_args(binary)),
        ExternalRunnerTestInfo(type = "custom", command = [binary], labels = ctx.attrs.labels),
    ]

go_test = rule(
    impl = _go_test_impl,
    attrs = _COMMON_ATTRS | _SWITCH_ATTRS | {
        "embed": attrs.list(attrs.dep(providers = [GoPackageInfo]), default = [], doc = "The go_library under test."),
        "importpath": attrs.string(default = "", doc = "Import path of the package under test; default: the embedded library's."),
        "labels": attrs.list(attrs.string(), default = []),
    },
    doc = "A Go test, run by `buck2 test`, built as go test builds it and checked like a go_binary.",
)
