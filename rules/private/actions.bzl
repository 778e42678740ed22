"""The compile and link actions, and the build information go build embeds."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load(":platform.bzl", "ARCH_LEVEL")
load(":stamp.bzl", "x_def_args")

def package_entry(importmap, importpath, label, imports):
    """One element of GoArchiveInfo.transitive_packages: the path a package
    links as, its import path, its target and its import list's path."""
    return "%s\n%s\n%s\n%s" % (importmap, importpath, label_text(label), imports.path)

def _manifest_line(entry):
    """A transitive_packages entry as a line of `fipstool linkinfo
    --packages`: importmap, import path, import list."""
    importmap, importpath, _, imports = entry.split("\n")
    return "%s\t%s\t%s" % (importmap, importpath, imports)

def label_text(label):
    """How messages, policies and attestations name a target: `//pkg:name`
    in the main repository (as users write it), `@repo//pkg:name` elsewhere."""
    if not label.workspace_name:
        return "//%s:%s" % (label.package, label.name)
    return str(label)

def _fipstool(ctx):
    return ctx.toolchains[Label("//toolchain:fipstool")].fipstool.fipstool

def sdk_tool(sdk, name):
    """The File of `pkg/tool/<host>/<name>` in the SDK."""
    suffix = "/pkg/tool/%s_%s/%s" % (sdk.host_goos, sdk.host_goarch, name)
    for f in sdk.tools.to_list():
        if f.path.endswith(suffix):
            return f
    fail("the Go SDK %s has no %s" % (sdk.version, suffix))

def _deps_importcfg(ctx, deps, name, link = False):
    """The `packagefile` lines of every package `deps` bring (export data to
    compile against, or with `link` the linker objects), and a file holding
    them (the compile and link scripts append it to the stdlib's). A
    compile's file also maps the import path of each direct dependency
    with an importmap of its own to that importmap (`importmap` lines).
    Two direct dependencies with one import path fail, naming both."""
    lines = depset(transitive = [d.transitive_link_importcfg if link else d.transitive_importcfg for d in deps])
    maps = []
    if not link:
        by_path = {}
        for d in deps:
            other = by_path.get(d.importpath)
            if other and other.importmap != d.importmap:
                fail("%s: two dependencies have import path %s: %s and %s (importmap %s and %s)" % (
                    label_text(ctx.label),
                    json.encode(d.importpath),
                    label_text(other.label),
                    label_text(d.label),
                    other.importmap,
                    d.importmap,
                ))
            by_path[d.importpath] = d
            if d.importmap != d.importpath:
                maps.append("importmap %s=%s" % (d.importpath, d.importmap))
    f = ctx.actions.declare_file(name)
    ctx.actions.write(f, "".join([line + "\n" for line in sorted({m: 1 for m in maps}.keys()) + lines.to_list()]))
    return f, lines

def _source_dir(srcs):
    """The directory of a package's Go sources (go build's package
    directory, which `//go:embed` patterns are relative to), as a
    short_path prefix (`pkg/sub/`, or empty at the root)."""
    for f in srcs:
        if f.extension == "go":
            return f.short_path.rpartition("/")[0] + "/" if "/" in f.short_path else ""
    return ""

def _package_relative(ctx, f, srcs):
    """The name `//go:embed` patterns use for f: its path below the
    directory of the package's Go sources."""
    prefix = _source_dir(srcs)
    if not f.short_path.startswith(prefix):
        fail("%s: embedsrcs: %s is not below the directory of the package's Go sources (%s)" % (
            label_text(ctx.label),
            f.short_path,
            prefix or ".",
        ))
    return f.short_path[len(prefix):]

def go_embedcfg(ctx, stdlib, fipstool, srcs, embedsrcs, out_name, tests = False):
    """fipstool matches the //go:embed patterns of the sources that the build
    constraints keep against embedsrcs, as cmd/go does, and writes the
    compiler's -embedcfg."""
    cfg = ctx.actions.declare_file(out_name + ".embedcfg")
    args = ctx.actions.args()
    args.add("embedcfg")
    args.add("--context", stdlib.buildcontext)
    if tests:
        args.add("--tests")
    args.add_all(srcs, before_each = "--src")
    args.add_all([("%s=%s" % (_package_relative(ctx, f, srcs), f.path)) for f in embedsrcs], before_each = "--embedsrc")
    args.add("--out", cfg)
    ctx.actions.run(
        executable = fipstool,
        arguments = [args],
        # The embeddable files too: go build embeds only regular files.
        inputs = srcs + embedsrcs + [stdlib.buildcontext],
        outputs = [cfg],
        mnemonic = "GoEmbedcfg",
        progress_message = "Matching //go:embed patterns of %{label}",
    )
    return cfg

def _with_embedcfg(ctx, stdlib, fipstool, srcs, embedsrcs, out_name, gc_goopts, tests = False):
    """Compiler flags and extra inputs for `//go:embed`: nothing without
    embedsrcs, else the -embedcfg fipstool writes for srcs."""
    if not embedsrcs:
        return gc_goopts, []
    cfg = go_embedcfg(ctx, stdlib, fipstool, srcs, embedsrcs, out_name, tests)
    return gc_goopts + ["-embedcfg", cfg.path], [cfg] + embedsrcs

_CGO_ENV_NAMES = ["CGO_%s_%s" % (verb, kind) for verb in ["CPPFLAGS", "CFLAGS", "CXXFLAGS", "FFLAGS", "LDFLAGS"]
                  for kind in ["ALLOW", "DISALLOW"]]

def _cgo_env_file(ctx):
    """`--@fips//:cgo_flags_allow`, one NAME=REGEXP a line, for the #cgo flag
    allow-list (fipstool gofiles --cgo-env); an unknown NAME fails here."""
    entries = ctx.attr._cgo_flags_allow[BuildSettingInfo].value
    for entry in entries:
        if entry.partition("=")[0] not in _CGO_ENV_NAMES:
            fail("--@fips//:cgo_flags_allow entry %r: want NAME=REGEXP with NAME one of %s" % (entry, ", ".join(_CGO_ENV_NAMES)))
    f = ctx.actions.declare_file(ctx.label.name + ".cgo_env")
    ctx.actions.write(f, "".join([e + "\n" for e in entries]))
    return f

def go_compile(ctx, stdlib, importpath, srcs, deps, gc_goopts, go_version, out_name, embedsrcs, fipstool, cgo = None,
               internal_test = False, importmap = None, directives = False, importer = None, library = False):
    """Compiles one package; returns its GoArchiveInfo fields as a struct.
    `cgo`, when set, is the package's C side (go_rules.bzl `_cgo`): the
    package is compiled with cgo (cgo.sh), its C sources with the
    configuration's C compiler. `internal_test` (with cgo): srcs are the
    package's and its tests', and the internal test package is compiled.
    `importmap`: the path the package is compiled and linked as, when it
    is not `importpath` (a vendored copy: rules_go's importmap).
    `directives`: the package's `//go:debug` directives are written to a
    file for the link (a main package, a test); every package's are
    checked. `importer`: the import path the package's imports are checked
    as (go's internal rule), when it is not `importpath` (a program: `main`).
    `library`: a go_library, which may have no Go file for this
    configuration (compile.sh --library)."""
    import_path = importpath
    importpath = importmap or importpath
    # The linker's object and the export data importers compile against
    # (-linkobj): a change that leaves the export data as it was (a function
    # body, a string) recompiles no importer.
    archive = ctx.actions.declare_file(out_name + ".a")
    export = ctx.actions.declare_file(out_name + ".x")
    gc_goopts, extra_inputs = _with_embedcfg(ctx, stdlib, fipstool, srcs, embedsrcs, out_name, gc_goopts, internal_test)
    deps_cfg, dep_lines = _deps_importcfg(ctx, deps, out_name + ".deps.importcfg")
    args = ctx.actions.args()
    tools = [fipstool, ctx.file._go_common_sh]
    if internal_test:
        args.add("--tests")
    if library:
        args.add("--library")
    directives_file = ctx.actions.declare_file(out_name + ".directives") if directives else None
    # What the kept sources import from dependencies: the package's edges in
    # the import graph its programs' links walk for their modules.
    imports = ctx.actions.declare_file(out_name + ".imports")
    args.add("--imports-out", imports)
    args.add_all(["--godebug", stdlib.sdk.godebug_table, stdlib.sdk.version, directives_file.path if directives_file else ""])
    extra_inputs = extra_inputs + [stdlib.sdk.godebug_table]
    if [f for f in srcs + (cgo.c_srcs if cgo else []) if f.extension == "s"]:
        # Go assembly: go build's asm steps (compile.sh --asm; cgo.sh hands
        # them to compile.sh when no file the constraints keep imports "C").
        args.add_all(["--asm", stdlib.asm, stdlib.asm_include, stdlib.asmflags])
        extra_inputs = extra_inputs + stdlib.asm_inputs.to_list()
    if cgo:
        ldflags = ctx.actions.declare_file(out_name + ".cgo_ldflags")
        ctx.actions.write(ldflags, "".join([f + "\n" for f in cgo.clinkopts]))
        cflags = ctx.actions.declare_file(out_name + ".cgo_cflags")
        ctx.actions.write(cflags, "".join([f + "\n" for f in cgo.cflags]))
        cgo_tool = sdk_tool(stdlib.sdk, "cgo")
        args.add_all([fipstool, stdlib.buildcontext, label_text(ctx.label), stdlib.compile, cgo_tool, stdlib.cc, stdlib.goarch])
        args.add_all([stdlib.importcfg, stdlib.packages, deps_cfg, importer or import_path, export, archive, importpath, ldflags])
        args.add(cgo.export_header.path if cgo.export_header else "")
        args.add(cflags)
        args.add(_cgo_env_file(ctx))
        extra_inputs = extra_inputs + [_cgo_env_file(ctx)]
        extra_inputs = extra_inputs + cgo.c_srcs + cgo.headers + [ldflags, cflags, cgo_tool]
        executable = ctx.executable._cgo_sh
    else:
        args.add_all([fipstool, stdlib.buildcontext, label_text(ctx.label), stdlib.compile])
        args.add_all([stdlib.importcfg, stdlib.packages, deps_cfg, importer or import_path, export, archive])
        executable = ctx.executable._compile_sh
    args.add("-p", importpath)
    args.add_all(compile_flags(stdlib, go_version, gc_goopts))
    args.add("--")
    args.add_all(srcs)
    if cgo:
        args.add("--")
        args.add_all(cgo.c_srcs)
    ctx.actions.run(
        executable = executable,
        arguments = [args],
        inputs = depset(
            srcs + extra_inputs + [deps_cfg, stdlib.compile],
            transitive = [stdlib.files] + ([stdlib.cc_files, cgo.c_inputs] if cgo else []) + [d.transitive_exports for d in deps],
        ),
        tools = tools,
        outputs = [archive, export, imports] + ([cgo.export_header] if cgo and cgo.export_header else []) +
                  ([directives_file] if directives_file else []),
        env = dict(stdlib.env, CGO_ENABLED = "1") if cgo else stdlib.env,
        mnemonic = "GoCgoCompile" if cgo else "GoCompile",
        progress_message = "Compiling Go package %s%s" % (importpath, " (cgo)" if cgo else ""),
    )
    return struct(
        archive = archive,
        export = export,
        directives = directives_file,
        imports = imports,
        transitive_importcfg = depset(
            ["packagefile %s=%s" % (importpath, export.path)],
            transitive = [dep_lines],
        ),
        transitive_link_importcfg = depset(
            ["packagefile %s=%s" % (importpath, archive.path)],
            transitive = [d.transitive_link_importcfg for d in deps],
        ),
        transitive_exports = depset([export], transitive = [d.transitive_exports for d in deps]),
        transitive_packages = depset(
            [package_entry(importpath, import_path, ctx.label, imports)],
            transitive = [d.transitive_packages for d in deps],
        ),
        transitive_import_lists = depset([imports], transitive = [d.transitive_import_lists for d in deps]),
        # With the C libraries of cdeps, which the link reads too.
        transitive_archives = depset([archive] + (cgo.link_inputs if cgo else []), transitive = [d.transitive_archives for d in deps]),
    )

def link_modules(modules_info, deps, module_of, roots = []):
    """What a link needs to write its build information's `mod` and `dep`
    lines (`fipstool linkinfo --modules`), or None without a main module
    (go build records none outside module mode): the build list, the
    program's packages with their import lists, the import path whose
    module is the `mod` line, and `roots`, (importmap, import list File) of
    the packages the program compiles itself, where the walk starts (a
    test adds its external test package's in the action). The modules are
    those of the packages the program links: reachable from its roots'
    imports, not every dependency a BUILD file lists."""
    if not modules_info.file:
        return None
    return struct(
        file = modules_info.file,
        packages = depset(transitive = [d.transitive_packages for d in deps]),
        lists = depset(transitive = [d.transitive_import_lists for d in deps]),
        module_of = module_of,
        roots = roots,
    )

def build_info_lines(stdlib, main_importpath, buildmode):
    """The build information lines, in go build's order (cmd/go/internal/load),
    but for the `mod` and `dep` lines, which `fipstool linkinfo` writes after
    the `path` line when it knows what the program links (link_modules).
    The default GODEBUG depends on the sources (`//go:debug`): its line is
    a placeholder that `fipstool linkinfo` fills in at execution time, or
    drops when the value is empty."""
    fips = stdlib.fips
    lines = ["path\t" + main_importpath]
    lines.append("build\t-buildmode=" + buildmode)
    lines.append("build\t-compiler=gc")
    # go build's BuildTags: the -tags given, then the FIPS module's tag.
    tags = stdlib.tags + ([fips.tag] if fips.tag else [])
    if tags:
        lines.append("build\t-tags=" + ",".join(tags))
    lines.append("build\t-trimpath=true")
    lines.append("build\tDefaultGODEBUG=")
    # With -trimpath go build records no CGO_CFLAGS/CPPFLAGS/CXXFLAGS/LDFLAGS
    # (go.dev/issue/52372), and no -ldflags either.
    lines.append("build\tCGO_ENABLED=" + ("1" if stdlib.cgo else "0"))
    lines.append("build\tGOARCH=" + stdlib.goarch)
    if stdlib.experiments:
        lines.append("build\tGOEXPERIMENT=" + stdlib.experiments)
    if fips.gofips140:
        lines.append("build\tGOFIPS140=" + fips.gofips140)
    lines.append("build\tGOOS=" + stdlib.goos)
    level = ARCH_LEVEL.get(stdlib.goarch)
    if level and level[1]:
        lines.append("build\t%s=%s" % level)
    return lines

def go_lang(version):
    """The language version of a Go version, as cmd/go's gover.Lang: its
    major and minor numbers (`1.25.0` and `1.25rc1` are `1.25`)."""
    parts = version.split(".")
    minor = ""
    for c in (parts[1] if len(parts) > 1 else "").elems():
        if not c.isdigit():
            break
        minor += c
    return parts[0] + "." + minor if minor else parts[0]

def compile_flags(stdlib, go_version, gc_goopts):
    """Compiler flags besides -p, -o, -importcfg and the sources (with the
    buildmode's code generation flags, as go build passes them)."""
    flags = []
    if go_version:
        flags.append("-lang=go" + go_lang(go_version))
    flags += ["-complete", "-goversion", "go" + stdlib.sdk.version]
    return flags + stdlib.compile_flags + gc_goopts

def program_buildmode(stdlib, linkmode):
    """go build's -buildmode of a program: its linkmode's, else what its
    packages were compiled for (a program without a linkmode of its own,
    e.g. a go_test, reached from a pie links as a pie)."""
    if linkmode in ("pie", "c-shared", "c-archive"):
        return linkmode
    return stdlib.buildmode

def link_setup(ctx, stdlib, main_importpath, go_version, x_defs, gc_linkopts, out, linkmode = None, modules = None,
               program = None, mode_origin = "", stamp = [], fips_object = True):
    """What linking `out` takes besides the archives: the linker flags, and
    the arguments of `fipstool linkinfo`, which the link action runs first
    to compute the default GODEBUG (`//go:debug` directives, go.mod's
    godebug lines, the FIPS mode) and write the build information
    (`modinfo`) and the `-X=runtime.godebugDefault` flag. `linkmode` is the
    go_binary's own: the configuration has only what the packages compile
    differently for (internal shares auto's, external pure = "off"'s, the
    c-* modes pie's). `modules`: link_modules(), or None. `x_defs` reach
    the linker through `fipstool linkinfo`, which stamps them from the
    workspace status files `stamp` (stamp.bzl). `godebug` is the File the
    default GODEBUG is written to, for the validation; `fipso` the FIPS
    object the linker writes (-fipso), or None without FIPS."""
    buildmode = program_buildmode(stdlib, linkmode)
    sdk = stdlib.sdk
    if not sdk.godebug_table:
        fail("%s: Go %s has no src/internal/godebugs/table.go: the fips rules need Go 1.21 or newer" % (
            label_text(ctx.label),
            sdk.version,
        ))
    info = ctx.actions.declare_file(out.basename + ".buildinfo")
    ctx.actions.write(info, "\n".join(build_info_lines(stdlib, main_importpath, buildmode)) + "\n")
    godebug = ctx.actions.declare_file(out.basename + ".godebug")
    fips = stdlib.fips
    linkinfo = ["--godebug-table", sdk.godebug_table.path, "--go-toolchain-version", sdk.version,
                "--go-version", (program.go_version if program else go_version) or sdk.version, "--mode", fips.mode, "--mode-origin",
                mode_origin or "set by --@fips//:mode", "--build-info", info.path, "--out-godebug", godebug.path]
    if fips.enabled:
        linkinfo.append("--fips-enabled")
    for setting in (program.gomod if program else []):
        linkinfo += ["--gomod-godebug", setting]
    for definition in x_def_args(x_defs, main_importpath):
        linkinfo += ["--x-def", definition]
    for status in stamp:
        linkinfo += ["--stamp-file", status.path]
    inputs = [info, sdk.godebug_table] + stamp
    transitive_inputs = []
    if modules:
        manifest = ctx.actions.declare_file(out.basename + ".packages")
        lines = ctx.actions.args()
        lines.set_param_file_format("multiline")
        lines.add_all(modules.packages, map_each = _manifest_line)
        ctx.actions.write(manifest, lines)
        linkinfo += ["--modules", modules.file.path, "--packages", manifest.path, "--module-of", modules.module_of]
        for importmap, imports in modules.roots:
            linkinfo += ["--root", "%s=%s" % (importmap, imports.path)]
        inputs += [modules.file, manifest] + [imports for _, imports in modules.roots]
        transitive_inputs.append(modules.lists)
    linkinfo_file = ctx.actions.declare_file(out.basename + ".linkinfo_args")
    ctx.actions.write(linkinfo_file, "".join([a + "\n" for a in linkinfo]))
    flags = list(stdlib.link_flags)
    flags += ["-buildmode=" + buildmode, "-buildid=redacted"]
    if linkmode == "internal":
        flags.append("-linkmode=internal")
    elif linkmode == "external":
        flags.append("-linkmode=external")
    flags += gc_linkopts
    if stdlib.cgo and not [f for f in gc_linkopts if f == "-extld" or f.startswith("-extld=")]:
        # go build's setextld: the C compiler links, unless the flags name one.
        flags.append("-extld=" + stdlib.cc)
    # go build keeps "a copy of the FIPS object" whenever GOFIPS140 is set
    # (-fipso): the exact input of the integrity HMAC, for auditors (output
    # group fips_object) and for the validation, which compares it with the
    # binary. A c-archive has none: its C program's link computes it. Nor
    # has a program sealed after its link (`fips_object = False`): the C
    # linker left the pointers the linker hashes unrelocated, so its object
    # is not the binary's (which is why it is sealed).
    fipso = None
    if fips_object and stdlib.fips.enabled and buildmode != "c-archive":
        fipso = ctx.actions.declare_file(out.basename + ".fips.o")
        flags += ["-fipso", fipso.path]
    return struct(
        flags = flags,
        fipso = fipso,
        linkinfo_args = linkinfo_file,
        inputs = inputs + [linkinfo_file],
        transitive_inputs = transitive_inputs,
        godebug = godebug,
    )

def go_link(ctx, stdlib, main, deps, main_importpath, go_version, x_defs, gc_linkopts, out, linkmode = None, modules = None,
            program = None, mode_origin = "", stamp = [], fips_object = True):
    """Links a binary with go build's default GODEBUG and build information."""
    setup = link_setup(ctx, stdlib, main_importpath, go_version, x_defs, gc_linkopts, out, linkmode, modules, program,
                       mode_origin, stamp, fips_object)
    deps_cfg, _ = _deps_importcfg(ctx, deps, out.basename + ".link.importcfg", link = True)
    args = ctx.actions.args()
    args.add_all([_fipstool(ctx), setup.linkinfo_args, main.directives])
    args.add(stdlib.link)
    args.add_all([stdlib.importcfg, stdlib.packages, deps_cfg, out])
    args.add_all(setup.flags)
    args.add(main.archive)
    ctx.actions.run(
        executable = ctx.executable._link_sh,
        arguments = [args],
        inputs = depset(
            [deps_cfg, stdlib.link, main.directives] + setup.inputs,
            # The main package's archive, with its cdeps' C libraries.
            transitive = [stdlib.files, stdlib.cc_files, main.transitive_archives] + [d.transitive_archives for d in deps] +
                         setup.transitive_inputs,
        ),
        tools = [_fipstool(ctx)],
        outputs = [out, setup.godebug] + ([setup.fipso] if setup.fipso else []),
        env = stdlib.env,
        mnemonic = "GoLink",
        progress_message = "Linking Go binary %s" % out.short_path,
    )
    return setup

def go_test_build(ctx, stdlib, importpath, lib_srcs, test_srcs, deps, go_version, gc_goopts, x_defs, gc_linkopts, out,
                  embedsrcs, fipstool, cgo = None, modules = None, program = None, mode_origin = "", stamp = []):
    """Builds a test binary: with an embedded library (`lib_srcs`), the
    internal test package (the library with its `package p` test files) is
    compiled in an action of its own, as a library is (compile.sh --tests,
    or cgo.sh --tests with `cgo`, the embedded library's C side, as go test
    compiles it with cgo); test_build.sh then compiles the external test
    package (and, without a library, the `package p` test files, if any, as
    the package under test) and a generated test main, and links, with the
    default GODEBUG of the package's, its tests' and its external tests'
    `//go:debug` directives, as go test's. `modules`: link_modules(), to
    which the internal test package's import list is added as a root (the
    action adds the external test package's). Returns the link setup and the
    roots of the test's import chains: (importmap, import list File) of the
    package under test and the external test package."""
    internal = None
    if lib_srcs:
        internal = go_compile(ctx, stdlib, importpath, lib_srcs + test_srcs, deps, gc_goopts, go_version,
                              out.basename + ".internal", embedsrcs, fipstool, cgo, internal_test = True, directives = True)
        if modules:
            modules = struct(
                file = modules.file,
                packages = modules.packages,
                lists = modules.lists,
                module_of = modules.module_of,
                roots = modules.roots + [(importpath, internal.imports)],
            )

    # One configuration for every pattern of the library and its tests: the
    # compiler looks up only the patterns of the files it compiles.
    gc_goopts, extra_inputs = _with_embedcfg(ctx, stdlib, fipstool, lib_srcs + test_srcs, embedsrcs, out.basename, gc_goopts, tests = True)
    setup = link_setup(ctx, stdlib, importpath + ".test", go_version, x_defs, gc_linkopts, out, modules = modules,
                       program = program, mode_origin = mode_origin, stamp = stamp)
    deps_cfg, _ = _deps_importcfg(ctx, deps, out.basename + ".deps.importcfg")
    deps_link_cfg, _ = _deps_importcfg(ctx, deps, out.basename + ".deps.link.importcfg", link = True)
    cflags = ctx.actions.declare_file(out.basename + ".compile_flags")
    ctx.actions.write(cflags, "".join([f + "\n" for f in compile_flags(stdlib, go_version, gc_goopts)]))
    lflags = ctx.actions.declare_file(out.basename + ".link_flags")
    ctx.actions.write(lflags, "".join([f + "\n" for f in setup.flags]))
    args = ctx.actions.args()
    if internal:
        args.add("--internal")
        args.add_all([internal.export, internal.archive, internal.directives])
    args.add(setup.linkinfo_args)
    args.add_all([fipstool, stdlib.buildcontext, label_text(ctx.label)])
    args.add_all([stdlib.compile, stdlib.link, stdlib.importcfg, stdlib.packages, deps_cfg, deps_link_cfg,
                  stdlib.sdk.godebug_table, stdlib.sdk.version])
    args.add(importpath)
    # The import lists of the packages compiled in the action: where the
    # test's import chains start (chains.bzl).
    internal_imports = ctx.actions.declare_file(out.basename + ".under_test.imports")
    xtest_imports = ctx.actions.declare_file(out.basename + ".xtest.imports")
    args.add_all([out, cflags, lflags, internal_imports, xtest_imports])
    args.add("--")
    args.add_all(test_srcs)
    ctx.actions.run(
        executable = ctx.executable._test_build_sh,
        arguments = [args],
        inputs = depset(
            test_srcs + extra_inputs + setup.inputs + [deps_cfg, deps_link_cfg, cflags, lflags, stdlib.compile, stdlib.link,
                                                       ctx.file._go_common_sh] + ([internal.directives] if internal else []),
            transitive = [stdlib.files, stdlib.cc_files] + [d.transitive_exports for d in deps] +
                         [d.transitive_archives for d in deps] +
                         # The internal test package, with its cdeps' C libraries.
                         ([internal.transitive_archives, depset([internal.export])] if internal else []) +
                         setup.transitive_inputs,
        ),
        tools = [fipstool],
        outputs = [out, setup.godebug, internal_imports, xtest_imports] + ([setup.fipso] if setup.fipso else []),
        env = stdlib.env,
        mnemonic = "GoTestBuild",
        progress_message = "Building Go test %s" % out.short_path,
    )
    roots = [(importpath, internal.imports if internal else internal_imports), (importpath + "_test", xtest_imports)]
    return setup, roots
