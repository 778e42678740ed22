"""The standard library of one configuration, built from the selected FIPS module."""

load("//toolchain/private:providers.bzl", "GoSdkInfo")
load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load(":actions.bzl", "sdk_tool")
load(":fips_aliases.bzl", "alias_table_error")
load(":fips_config.bzl", "FIPS_SETTING_ATTRS", "build_option_error", "fips_platform_error", "requested_fips", "resolve_fips")
load(":mode_flag.bzl", "MODES")
load(":platform.bzl", "PLATFORM_ATTRS", "asm_defines", "target_goos_goarch")
load(":providers.bzl", "GoStdlibInfo")
load(":version_syntax.bzl", "classify_version")

CC_TOOLCHAIN = "@bazel_tools//tools/cpp:toolchain_type"

# What go build does per -buildmode (cmd/go/internal/work/init.go
# buildModeInit): pie and the c-* modes compile every package, the standard
# library's too, with -shared and install them with the "shared" suffix.
_SHARED_BUILDMODES = ["pie", "c-shared", "c-archive"]

GO_TOOLCHAIN = Label("//toolchain:go")
FIPSTOOL_TOOLCHAIN = Label("//toolchain:fipstool")

def _snapshot_tree(ctx, sdk, fipstool, config):
    """Verifies the snapshot zip (against the SDK's fips140.sum and the pinned
    index) and unpacks it into a tree artifact, both with fipstool."""
    tree = ctx.actions.declare_directory("fips140@" + config.snapshot)
    goroot = sdk.root_file.dirname
    ctx.actions.run_shell(
        outputs = [tree],
        inputs = depset([sdk.root_file], transitive = [sdk.fips_files, ctx.attr._index_files[DefaultInfo].files]),
        tools = [fipstool],
        # The verify report is shown only when it fails: it names what differs;
        # the unpack summary never (a build prints nothing when all is well).
        command = 'report="$("$1" snapshot verify --goroot "$2" --version "$3" --index "$4" 2>&1)" || ' +
                  '{ printf "%s\\n" "$report" >&2; exit 1; }; ' +
                  '"$1" snapshot unpack --zip "$5" --out "$6" --version "$3" >/dev/null',
        arguments = [
            fipstool.path,
            goroot,
            config.snapshot,
            ctx.file._index.path,
            config.snapshot_info.zip.path,
            tree.path,
        ],
        mnemonic = "FipsSnapshot",
        progress_message = "Verifying and unpacking FIPS 140-3 snapshot %s" % config.snapshot,
    )
    return tree

def _configuration(ctx, sdk):
    """The resolved FIPS configuration and the build options, or an error
    message (reported by the Go targets, which name themselves in it)."""
    goos, goarch = target_goos_goarch(ctx)
    version, mode = requested_fips(ctx)
    tags = ctx.attr._tags[BuildSettingInfo].value
    experiments = ctx.attr._experiments[BuildSettingInfo].value
    config = None
    _, error = classify_version(version)
    if not error:
        error = alias_table_error(sdk)
    if not error and mode not in MODES:
        error = "unknown fips_mode %r. Accepted: %s." % (mode, ", ".join(MODES))
    if not error:
        config, error = resolve_fips(sdk, version, mode)
    if not error and config.enabled:
        error = fips_platform_error(goos, goarch, sdk.version)
    if not error:
        error = build_option_error(sdk.version, config.enabled, tags, experiments, sdk.experiments)
    return struct(goos = goos, goarch = goarch, fips = config, tags = tags, experiments = ",".join(experiments)), error

def _failed(sdk, error):
    fields = {k: None for k in ["goos", "goarch", "fips", "tags", "experiments", "env", "importcfg", "buildcontext", "packages", "import_graph", "compile", "link",
                                "buildmode", "cgo", "cc", "compile_flags", "link_flags", "asm", "asmflags", "asm_include"]}
    return [GoStdlibInfo(sdk = sdk, error = error, files = depset(), cc_files = depset(), asm_inputs = depset(), **fields)]

def _std_import_graph(ctx, sdk, cfg, env):
    """`stdlib/import_graph`: every standard package's imports, from the
    SDK's go command for this platform, tags and cgo setting. An action of
    its own, so the standard library's compile is not redone for it. It
    lists the packages with GOFIPS140=off: a snapshot renames only the
    module's packages, and those import nothing outside the module, so the
    steps of a chain to crypto outside the module are the same."""
    out = ctx.actions.declare_file("stdlib/import_graph")
    ctx.actions.run(
        executable = ctx.executable._std_import_graph_sh,
        arguments = [sdk.root_file.path, ",".join(cfg.tags), out.path],
        inputs = sdk.files,
        outputs = [out],
        env = dict(env, GOFIPS140 = "off"),
        mnemonic = "GoStdImportGraph",
        progress_message = "Listing the imports of the Go %s standard library for %s/%s" % (sdk.version, cfg.goos, cfg.goarch),
    )
    return out

def _c_compiler(ctx):
    """The C compiler of the C/C++ toolchain Bazel resolved for the target
    platform, and the files running it needs; fails when there is none."""
    info = ctx.toolchains[CC_TOOLCHAIN]
    if not info or not getattr(info, "cc", None):
        return None, None, "cgo (pure = \"off\", or linkmode external, pie, c-shared, c-archive) needs a C/C++ toolchain, " + \
                           "and none was resolved for this platform"
    cc_toolchain = info.cc
    features = cc_common.configure_features(ctx = ctx, cc_toolchain = cc_toolchain)
    cc = cc_common.get_tool_for_action(feature_configuration = features, action_name = "c-compile")
    return cc, cc_toolchain.all_files, None

def _go_stdlib_impl(ctx):
    sdk = ctx.toolchains[GO_TOOLCHAIN].sdk
    fipstool = ctx.toolchains[FIPSTOOL_TOOLCHAIN].fipstool.fipstool
    cfg, error = _configuration(ctx, sdk)
    if error:
        return _failed(sdk, error)
    config = cfg.fips
    # pie, c-shared and c-archive share one standard library: go build makes
    # the same one for each (every package compiled with -shared).
    buildmode = "pie" if ctx.attr._effective_buildmode[BuildSettingInfo].value == "shared" else "exe"
    cgo = ctx.attr._effective_cgo[BuildSettingInfo].value == "1"
    cc, cc_files = None, depset()
    if cgo:
        cc, cc_files, error = _c_compiler(ctx)
        if error:
            return _failed(sdk, error)

    # What every compile and link action of this configuration runs with.
    env = {"GOOS": cfg.goos, "GOARCH": cfg.goarch}
    if cfg.experiments:
        env["GOEXPERIMENT"] = cfg.experiments
    if cgo:
        # The C compiler finds its assembler and linker on PATH.
        env["PATH"] = "/usr/bin:/bin"
    compile_flags = ["-installsuffix", "shared", "-shared"] if buildmode in _SHARED_BUILDMODES else []
    link_flags = ["-installsuffix", "shared"] if buildmode in _SHARED_BUILDMODES else []
    # go build's assembler flags: the code generation flag of the build mode,
    # then GOOS, GOARCH and the architecture level.
    asmflags = ctx.actions.declare_file("stdlib/asmflags")
    ctx.actions.write(asmflags, "".join([f + "\n" for f in (["-shared"] if buildmode in _SHARED_BUILDMODES else []) +
                                                           asm_defines(cfg.goos, cfg.goarch)]))
    include_suffix = "/pkg/include/"
    asm_inputs = depset([sdk_tool(sdk, "asm")] + [f for f in sdk.tools.to_list() if include_suffix in f.path])

    pkg_dir = ctx.actions.declare_directory("stdlib/pkg")
    importcfg = ctx.actions.declare_file("stdlib/importcfg")
    buildcontext = ctx.actions.declare_file("stdlib/buildcontext")
    packages = ctx.actions.declare_file("stdlib/packages")
    inputs = [sdk.files, cc_files]
    args = [sdk.root_file.path, pkg_dir.path, importcfg.path, buildcontext.path, packages.path, ",".join(cfg.tags), buildmode]
    if config.snapshot:
        tree = _snapshot_tree(ctx, sdk, fipstool, config)
        inputs.append(depset([tree]))
        args += [tree.path, config.snapshot, config.snapshot_info.h1 or ""]
    gofips140 = config.snapshot or ("latest" if config.enabled else "off")
    ctx.actions.run(
        executable = ctx.executable._stdlib_sh,
        arguments = args,
        inputs = depset(transitive = inputs),
        outputs = [pkg_dir, importcfg, buildcontext, packages],
        env = dict(env, GOFIPS140 = gofips140, **({"CGO_ENABLED": "1", "CC": cc} if cgo else {"CGO_ENABLED": "0"})),
        mnemonic = "GoStdlib",
        progress_message = "Compiling the Go %s standard library for %s/%s (GOFIPS140=%s, -buildmode=%s, CGO_ENABLED=%s)" % (
            sdk.version,
            cfg.goos,
            cfg.goarch,
            gofips140,
            buildmode,
            "1" if cgo else "0",
        ),
    )
    # The go command lists cgo files without running the C compiler.
    import_graph = _std_import_graph(ctx, sdk, cfg, dict(env, CGO_ENABLED = "1" if cgo else "0"))
    return [
        GoStdlibInfo(
            sdk = sdk,
            error = None,
            goos = cfg.goos,
            goarch = cfg.goarch,
            fips = config,
            tags = cfg.tags,
            experiments = cfg.experiments,
            env = env,
            importcfg = importcfg,
            buildcontext = buildcontext,
            packages = packages,
            import_graph = import_graph,
            files = depset([pkg_dir, importcfg, buildcontext, packages]),
            # Looked up once per configuration, not once per action.
            compile = sdk_tool(sdk, "compile"),
            link = sdk_tool(sdk, "link"),
            buildmode = buildmode,
            cgo = cgo,
            cc = cc,
            cc_files = cc_files,
            compile_flags = compile_flags,
            link_flags = link_flags,
            asm = sdk_tool(sdk, "asm"),
            asmflags = asmflags,
            asm_include = sdk.root_file.dirname + "/pkg/include",
            asm_inputs = depset([asmflags], transitive = [asm_inputs]),
        ),
        DefaultInfo(files = depset([pkg_dir, importcfg, buildcontext, packages])),
    ]

go_stdlib = rule(
    implementation = _go_stdlib_impl,
    attrs = dict(PLATFORM_ATTRS, **dict(FIPS_SETTING_ATTRS, **{
        "_effective_buildmode": attr.label(default = Label("//rules/private:effective_buildmode")),
        "_effective_cgo": attr.label(default = Label("//rules/private:effective_cgo")),
        "_tags": attr.label(default = Label("//:tags")),
        "_experiments": attr.label(default = Label("//:experiments")),
        "_index": attr.label(default = Label("//snapshots:index.toml"), allow_single_file = True),
        "_index_files": attr.label(default = Label("//snapshots:index")),
        "_stdlib_sh": attr.label(default = Label("//rules/private:stdlib.sh"), executable = True, cfg = "exec", allow_single_file = True),
        "_std_import_graph_sh": attr.label(default = Label("//rules/private:std_import_graph.sh"), executable = True, cfg = "exec",
                                           allow_single_file = True),
    })),
    toolchains = [GO_TOOLCHAIN, FIPSTOOL_TOOLCHAIN, config_common.toolchain_type(CC_TOOLCHAIN, mandatory = False)],
    fragments = ["cpp"],
    doc = "The Go standard library for the current configuration (SDK, FIPS version, platform). " +
          "One instance, `@fips//rules:stdlib`, is shared by every Go target of a configuration.",
)
