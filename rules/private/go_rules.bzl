"""go_library and go_binary."""

load(":actions.bzl", "go_compile", "go_link", "go_test_build", "label_text", "link_modules", "program_buildmode")
load("//deps/private:modules_info.bzl", "GoModulesInfo")
load(":importpaths.bzl", "check_library_importpath", "check_one_package_per_path", "import_path_error")
load(":reserved_flags.bzl", "check_compiler_flags", "check_linker_flags")
load(":stamp.bzl", "STAMP_ATTRS", "stamp_files")
load(":attest.bzl", "attest")
load(":enforcement.bzl", "ENFORCEMENT_ATTRS", "enforced_policy", "hand_out")
load(":chains.bzl", "import_chains")
load(":policy.bzl", "policy_check")
load(":fips_config.bzl", "FIPS_SETTING_ATTRS", "requested_fips", "resolve_fips")
load(":providers.bzl", "FipsBinaryInfo", "FipsPolicyInfo", "GoArchiveInfo", "GoStdlibInfo")
load(":test_runner.bzl", "GO_TEST_RUNNER_ATTRS", "go_test_launcher")
load(":transition.bzl", "LINKMODES", "NEEDS_CGO_LINKMODES", "PURE_VALUES", "fips_mode_attr_error", "fips_package_transition", "fips_transition", "fips_version_attr_error")

FIPSTOOL_TOOLCHAIN = Label("//toolchain:fipstool")
CC_TOOLCHAIN = "@bazel_tools//tools/cpp:toolchain_type"

# What a cgo package's srcs may hold besides Go: go build's CFiles, SFiles
# and CXXFiles (cgo.sh compiles them in that order), and headers.
_C_SRCS = [".c", ".s", ".S", ".sx", ".cc", ".cpp", ".cxx"]
_C_HDRS = [".h", ".hh", ".hpp", ".hxx"]

# A Go package's own sources: Go, Go assembly (the SDK's assembler), and the
# headers its assembly includes.
_GO_SRCS = [".go", ".s"]

_COMMON_ATTRS = {
    "srcs": attr.label_list(
        allow_files = _GO_SRCS + _C_SRCS + _C_HDRS,
        doc = "Go source files of this package and its Go assembly (`.s`, assembled by the SDK's assembler as go build " +
              "does, with the headers it includes); with `cgo = True`, also its C and C++ sources (`.c`; `.cc`, " +
              "`.cpp`, `.cxx`), headers and `.S` assembly (assembled by the C compiler, as go build does in a cgo package).",
    ),
    "cgo": attr.bool(
        doc = "The package uses cgo (files that import \"C\", C sources in srcs): compiled with the cgo tool and " +
              "the resolved C toolchain. Needs a cgo configuration: the go_binary that links it has `pure = \"off\"` " +
              "or linkmode external, pie, c-shared or c-archive.",
    ),
    "clinkopts": attr.string_list(doc = "With `cgo = True`: flags for the C linker (cgo's -ldflags, as `#cgo LDFLAGS`)."),
    "cdeps": attr.label_list(
        providers = [CcInfo],
        doc = "With `cgo = True`: C/C++ libraries (cc_library) the package's C code uses: their headers, include " +
              "directories and defines for cgo and the C compiler, their libraries and link flags for the link.",
    ),
    "deps": attr.label_list(providers = [GoArchiveInfo], doc = "Go libraries this package imports."),
    "embed": attr.label_list(
        providers = [GoArchiveInfo],
        doc = "go_library targets whose sources and deps are compiled into this package (same package, as in rules_go).",
    ),
    "embedsrcs": attr.label_list(
        allow_files = True,
        doc = "Files the package's `//go:embed` patterns may match, below the package's directory.",
    ),
    "gc_goopts": attr.string_list(doc = "Extra flags for the Go compiler."),
    "go_version": attr.string(
        doc = "The Go language version of the package, as the `go` line of go.mod (e.g. `1.24`): sets `-lang` and, " +
              "for binaries, the default GODEBUG go build derives from it. Default: the SDK's own version.",
    ),
    "_stdlib": attr.label(default = Label("//rules:stdlib"), providers = [GoStdlibInfo], cfg = fips_package_transition),
    "_cgo_flags_allow": attr.label(default = Label("//:cgo_flags_allow")),
    "_go_modules": attr.label(default = Label("@fips_go_modules//:modules"), providers = [GoModulesInfo]),
    "_compile_sh": attr.label(default = Label("//rules/private:compile.sh"), executable = True, cfg = "exec", allow_single_file = True),
    "_cgo_sh": attr.label(default = Label("//rules/private:cgo.sh"), executable = True, cfg = "exec", allow_single_file = True),
    # Sourced by compile.sh, cgo.sh and test_build.sh.
    "_go_common_sh": attr.label(default = Label("//rules/private:go_common.sh"), allow_single_file = True),
}

def _embedded(ctx):
    """What the go_library targets in `embed` bring: their sources,
    embeddable files, dependency targets and (first) import path."""
    srcs, embedsrcs, dep_targets, importpath, cgo, go_version = [], [], [], "", [], ""
    for e in ctx.attr.embed:
        info = e[GoArchiveInfo]
        srcs += info.srcs
        embedsrcs += info.embedsrcs
        dep_targets += info.deps
        importpath = importpath or info.importpath
        go_version = go_version or info.go_version
        if info.cgo:
            cgo.append(info.cgo)
    return struct(srcs = srcs, embedsrcs = embedsrcs, dep_targets = dep_targets, importpath = importpath, cgo = cgo,
                  go_version = go_version)

def _has_ext(f, exts):
    return ("." + f.extension) in exts

def _own_c_side(ctx):
    """The C side of the target's own attributes (struct as _cgo's, without
    export_header), or None without `cgo = True`."""
    if not ctx.attr.cgo:
        # C sources without cgo: the plain compile applies their constraints
        # and refuses those that remain, as go build does (x/sys/cpu's
        # gccgo-only .c file is left out).
        if ctx.attr.cdeps:
            fail("%s: cdeps need cgo = True" % label_text(ctx.label))
        return None
    # A cgo package's .s files are its C side's: go build assembles them
    # with the C compiler when the package uses cgo, with the Go assembler
    # when it does not (cgo.sh and compile.sh decide, after the constraints).
    c_files = [f for f in ctx.files.srcs if f.extension != "go"]
    cc = cc_common.merge_cc_infos(cc_infos = [d[CcInfo] for d in ctx.attr.cdeps])
    comp = cc.compilation_context
    cflags = ["-D" + d for d in comp.defines.to_list()]
    cflags += ["-I" + d for d in comp.includes.to_list()]
    cflags += ["-iquote" + d for d in comp.quote_includes.to_list()]
    cflags += ["-isystem" + d for d in comp.system_includes.to_list()]

    # The libraries go to the link as cgo's -ldflags (//go:cgo_ldflag in the
    # package archive, as `#cgo LDFLAGS: path/libx.a`): exec-root paths, the
    # files carried to the link with the package's archives.
    lib_files, lib_flags = [], []
    for linker_input in cc.linking_context.linker_inputs.to_list():
        for lib in linker_input.libraries:
            f = lib.pic_static_library or lib.static_library or lib.dynamic_library
            if f:
                lib_files.append(f)
                lib_flags += (["-Wl,--whole-archive", f.path, "-Wl,--no-whole-archive"] if lib.alwayslink and
                                                                                            f.extension == "a" else [f.path])
        lib_flags += linker_input.user_link_flags
    return struct(
        # cgo.sh compiles them in go build's order: C, assembly, C++.
        c_srcs = [f for f in c_files if _has_ext(f, _C_SRCS)],
        headers = [f for f in c_files if _has_ext(f, _C_HDRS)],
        clinkopts = ctx.attr.clinkopts + lib_flags,
        cflags = cflags,
        c_inputs = depset(lib_files, transitive = [comp.headers]),
        link_inputs = lib_files,
        export_header = None,
    )

def _c_side(ctx, embedded, export_header = None):
    """The package's C side, its own and that of the go_library targets it
    embeds: struct(c_srcs, headers, clinkopts, cflags, c_inputs,
    link_inputs, export_header), or None when it has none."""
    sides = [side for side in [_own_c_side(ctx)] + embedded.cgo if side]
    if not sides:
        return None
    return struct(
        c_srcs = [f for side in sides for f in side.c_srcs],
        headers = [f for side in sides for f in side.headers],
        clinkopts = [f for side in sides for f in side.clinkopts],
        cflags = [f for side in sides for f in side.cflags],
        c_inputs = depset(transitive = [side.c_inputs for side in sides]),
        link_inputs = [f for side in sides for f in side.link_inputs],
        export_header = export_header,
    )

def _cgo(ctx, stdlib, embedded, export_header = None):
    """The C side the package is compiled with: None without one, or when
    the configuration has no cgo. Without cgo (CGO_ENABLED=0) go build
    leaves out the files that import "C" (a package's `!cgo` fallback is
    used) and refuses the C sources its constraints keep:
    `_plain_c_sources` hands them to the plain compile for that."""
    return _c_side(ctx, embedded, export_header) if stdlib.cgo else None

def _plain_c_sources(ctx, stdlib, embedded):
    """The C sources and headers of a cgo package compiled without cgo (see
    _cgo)."""
    side = None if stdlib.cgo else _c_side(ctx, embedded)
    return side.c_srcs + side.headers if side else []

def _sources_and_deps(ctx, embedded):
    """The package's sources, embeddable files and dependencies, with those
    of the go_library targets it embeds."""
    # Without cgo = True every source goes to the plain compile: Go, its Go
    # assembly and the headers that includes, and C sources for go build's
    # refusal of the ones the constraints keep.
    go_files = [f for f in ctx.files.srcs if f.extension == "go" or not ctx.attr.cgo]
    srcs = go_files + embedded.srcs
    if not [f for f in srcs if f.extension == "go"]:
        fail("no Go sources: set srcs (or embed a go_library)")
    deps = [d[GoArchiveInfo] for d in ctx.attr.deps + embedded.dep_targets]
    return srcs, ctx.files.embedsrcs + embedded.embedsrcs, deps

def _check_program_packages(ctx, stdlib, dep_targets, deps, under_test = {}):
    """A program links one package per import path, and no two whose paths
    differ only in case: checked before anything is linked."""
    packages = depset(transitive = [d.transitive_packages for d in deps]).to_list()
    check_one_package_per_path(ctx, packages, dep_targets, stdlib.sdk.std_folded, under_test)

def _go_version_of(version):
    """(major, minor, patch) of a Go version (`1.21`, `1.21.3`, `1.22rc1`)."""
    nums = []
    for part in version.split(".")[:3]:
        digits = ""
        for c in part.elems():
            if not c.isdigit():
                break
            digits += c
        nums.append(int(digits) if digits else 0)
    return tuple(nums + [0] * (3 - len(nums)))

def _go_version(ctx, stdlib, importpath, embedded = None):
    """The Go language version of a package (-lang): its go_version
    attribute, else that of the library it embeds (a program gazelle wrote:
    go_binary embedding foo_lib, whose module's go line it is), else the
    main module's go line for a package of the main module (go_deps), else
    the SDK's own. One newer than the SDK fails, in go's words."""
    version = ctx.attr.go_version or (embedded.go_version if embedded else "")
    modules = ctx.attr._go_modules[GoModulesInfo]
    if not version and _in_main_module(modules, importpath):
        version = modules.main_go
    if version and _go_version_of(version) > _go_version_of(stdlib.sdk.version):
        fail("%s: go: %s requires go >= %s (running go %s; GOTOOLCHAIN=local)" % (
            label_text(ctx.label),
            importpath,
            version,
            stdlib.sdk.version,
        ))
    return version

def _check_main_importpath(ctx, importpath):
    """The main package's import path is recorded in the build info (`path`):
    a malformed one, e.g. with a newline, would forge lines of it."""
    err = import_path_error(importpath)
    if err:
        fail("%s: importpath = %s: %s" % (label_text(ctx.label), json.encode(importpath), err))

def _in_main_module(modules, importpath):
    return modules.main_module and (importpath == modules.main_module or importpath.startswith(modules.main_module + "/"))

def _program_godebug(ctx, go_version):
    """What a program's default GODEBUG is computed from besides its
    directives: the Go version whose defaults apply and go.mod's godebug
    lines. go build takes both from the main module for every program it
    builds (one of a dependency module too); without go_deps there is no
    main module, and the program's own Go version decides."""
    modules = ctx.attr._go_modules[GoModulesInfo]
    if modules.main_module:
        return struct(go_version = modules.main_go, gomod = modules.godebug)
    return struct(go_version = go_version, gomod = [])

def _mode_origin(ctx):
    """Where the FIPS mode of a program comes from, for messages."""
    if getattr(ctx.attr, "fips_mode", ""):
        return "set by fips_mode on " + label_text(ctx.label)
    return "set by --@fips//:mode, or the fips_mode of a target that depends on " + label_text(ctx.label)

def _fipstool(ctx):
    return ctx.toolchains[FIPSTOOL_TOOLCHAIN].fipstool.fipstool

def _stdlib(ctx):
    """The standard library of this target's configuration; a configuration
    that cannot be built (unknown version, unsupported platform, purego
    with FIPS, ...) fails here, with a message naming the target."""
    for error in [fips_version_attr_error(getattr(ctx.attr, "fips_version", "")), fips_mode_attr_error(getattr(ctx.attr, "fips_mode", ""))]:
        if error:
            fail("%s: %s" % (label_text(ctx.label), error))
    # An attribute with a transition is a list, of one target here.
    stdlib = ctx.attr._stdlib[0][GoStdlibInfo]
    if stdlib.error:
        fail("%s: %s" % (label_text(ctx.label), stdlib.error))
    if not hasattr(ctx.attr, "fips_mode"):
        return stdlib
    return _program_stdlib(ctx, stdlib)

def _program_stdlib(ctx, stdlib):
    """A program's view of its standard library: the FIPS configuration as
    the program requested it (its spelling of the version, for the
    evidence; its mode, for the default GODEBUG), resolved against the SDK,
    which must name the snapshot the standard library was built from (the
    transition resolved the spelling before the SDK was chosen)."""
    version, mode = requested_fips(ctx)
    fips, error = resolve_fips(stdlib.sdk, version, mode)
    if error:
        fail("%s: %s" % (label_text(ctx.label), error))
    if (fips.snapshot, fips.enabled) != (stdlib.fips.snapshot, stdlib.fips.enabled):
        fail(("%s: --@fips//:version=%s names %s on Go %s, but the standard library was configured for %s from the " +
              "first Go SDK declared: select the SDK with --@fips//toolchain:sdk_version=%s") % (
            label_text(ctx.label),
            version,
            fips.snapshot or ("latest" if fips.enabled else "off"),
            stdlib.sdk.version,
            stdlib.fips.snapshot or ("latest" if stdlib.fips.enabled else "off"),
            stdlib.sdk.version,
        ))
    fields = {k: getattr(stdlib, k) for k in dir(stdlib) if k not in ("to_json", "to_proto")}
    fields["fips"] = fips
    return GoStdlibInfo(**fields)

def _go_library_impl(ctx):
    stdlib = _stdlib(ctx)
    check_library_importpath(ctx, ctx.attr.importpath, stdlib.sdk.std_packages)
    check_compiler_flags(ctx, ctx.attr.gc_goopts)
    importmap = ctx.attr.importmap or ctx.attr.importpath
    if ctx.attr.importmap:
        check_library_importpath(ctx, importmap, stdlib.sdk.std_packages, attr = "importmap")
    embedded = _embedded(ctx)
    srcs, embedsrcs, deps = _sources_and_deps(ctx, embedded)
    c_side = _c_side(ctx, embedded)
    cgo = c_side if stdlib.cgo else None
    go_version = _go_version(ctx, stdlib, ctx.attr.importpath, embedded)
    compiled = go_compile(ctx, stdlib, ctx.attr.importpath, srcs + _plain_c_sources(ctx, stdlib, embedded), deps,
                          ctx.attr.gc_goopts, go_version, ctx.label.name, embedsrcs, _fipstool(ctx), cgo,
                          importmap = importmap, library = True)
    return [
        GoArchiveInfo(
            importpath = ctx.attr.importpath,
            importmap = importmap,
            label = ctx.label,
            go_version = go_version,
            archive = compiled.archive,
            export = compiled.export,
            srcs = srcs,
            embedsrcs = embedsrcs,
            deps = ctx.attr.deps + embedded.dep_targets,
            transitive_importcfg = compiled.transitive_importcfg,
            transitive_link_importcfg = compiled.transitive_link_importcfg,
            transitive_exports = compiled.transitive_exports,
            transitive_packages = compiled.transitive_packages,
            transitive_archives = compiled.transitive_archives,
            transitive_import_lists = compiled.transitive_import_lists,
            cgo = c_side,
        ),
        DefaultInfo(files = depset([compiled.archive])),
    ]

go_library = rule(
    implementation = _go_library_impl,
    cfg = fips_transition,
    attrs = dict(_COMMON_ATTRS, **{
        "importpath": attr.string(
            mandatory = True,
            doc = "The import path other packages use for this one. A path of the Go standard library (or below " +
                  "`crypto/internal/fips140`, `internal/`, `vendor/`) is refused: go build always takes the standard " +
                  "library's package for it.",
        ),
        "importmap": attr.string(
            doc = "The path the package is compiled and linked as, when it differs from `importpath` (rules_go's " +
                  "attribute, which gazelle sets for vendored copies): two packages with one import path can then " +
                  "coexist in a program. Importers still write `importpath`.",
        ),
    }),
    toolchains = [FIPSTOOL_TOOLCHAIN],
    doc = "A Go package, compiled against the standard library of the current FIPS configuration.",
)

# Appended to a failed integrity check of a cgo binary (the C toolchain links
# it, or may: Go's linker hands a program with cgo packages to it).
_EXTERNAL_LINK_HINT = (
    "%s was linked by the C toolchain (cgo, linkmode %s), and its FIPS integrity sum cannot be verified as linked: " +
    "link with GNU ld (bfd) or gold, or make lld apply dynamic relocations " +
    "(gc_linkopts = [\"-extldflags=-Wl,--apply-dynamic-relocs\"])"
)

def _validate(ctx, binary, fips, cgo, linkmode, godebug, fipso):
    """fipstool recomputes the binary's FIPS integrity sum exactly as the Go
    runtime's self-check will, and checks that its build information, the
    FIPS module in its symbols and its default GODEBUG are what this
    configuration asked for: the default GODEBUG the link computed
    (`godebug`, from the mode and the program's `//go:debug` directives),
    both as its build information records it and as the runtime will use
    it (runtime.godebugDefault); and that the FIPS object the linker wrote
    (`fipso`, -fipso) is the binary's HMAC input byte for byte. Any mismatch
    fails the build (for a binary the C toolchain linked, with what to do
    about an unverifiable sum)."""
    fipstool = _fipstool(ctx)
    marker = ctx.actions.declare_file(ctx.label.name + ".fips_check")
    hint = ""
    if cgo and linkmode != "internal":
        hint = _EXTERNAL_LINK_HINT % (label_text(ctx.label), linkmode)
        if hasattr(ctx.attr, "seal"):
            hint += "; or seal it after linking: seal = True on " + label_text(ctx.label)
    ctx.actions.run_shell(
        outputs = [marker],
        inputs = [binary, godebug] + ([fipso] if fipso else []),
        tools = [fipstool],
        command = 'if ! err="$("$1" check "$2" --gofips140 "$3" --module "$4" --default-godebug "$5" 2>&1 >"$6")"; then ' +
                  'printf "%s\n" "$err" >&2; ' +
                  'case "$err" in *integrity:*) [ -z "$7" ] || printf "%s\n" "$7" >&2 ;; esac; exit 1; fi; ' +
                  'if [ -n "$8" ]; then "$1" verify "$2" --fipso "$8" >/dev/null; fi',
        arguments = [
            fipstool.path,
            binary.path,
            fips.gofips140 or "off",
            fips.snapshot or "in-tree",
            godebug.path,
            marker.path,
            hint,
            fipso.path if fipso else "",
        ],
        mnemonic = "FipsCheck",
        progress_message = "Checking the FIPS 140-3 configuration and integrity of %s" % binary.short_path,
    )
    return marker

def _cbom(ctx, fipstool, binary, chains):
    """`<name>.cbom.json`: the binary's cryptography bill of materials
    (CycloneDX 1.6, `fipstool crypto --cbom`), for the output group
    fips_cbom: the crypto it links, inside the FIPS module and outside, with
    the import chain that brings each package in."""
    out = ctx.actions.declare_file(ctx.label.name + ".cbom.json")
    ctx.actions.run_shell(
        outputs = [out],
        inputs = [binary, chains],
        tools = [fipstool],
        command = '"$1" crypto --cbom --chains "$3" "$2" >"$4"',
        arguments = [fipstool.path, binary.path, chains.path, out.path],
        mnemonic = "FipsCbom",
        progress_message = "Writing the cryptography bill of materials of %{label}",
    )
    return out

def _program_files(ctx, name, gated):
    """The file a program's link (or seal) writes, and the one handed out
    (DefaultInfo, runfiles, `bazel run`): the same file, or when `gated`
    (strict mode, enforcement.bzl) `name` copied from
    `<label>.unchecked/<name>` once the checks of the latter passed."""
    binary = ctx.actions.declare_file(name)
    if not gated:
        return binary, binary
    return ctx.actions.declare_file("%s.unchecked/%s" % (ctx.label.name, name)), binary

def _executable_providers(ctx, checked, binary, stdlib, setup, enforcement, chains, launcher = None):
    """What a go_binary or go_test returns: the executable with its runfiles,
    the check of `checked` against its FIPS configuration and the policy
    (validation actions, or in strict mode the inputs of the action that
    writes `binary`, the handed-out copy), and its attestation, which with
    the policy check and the CBOM name the import `chains` (chains.bzl) of
    the crypto it links. A go_test's executable is its `launcher`
    (test_runner.bzl), which runs the binary."""
    runfiles = ctx.runfiles(files = ctx.files.data)
    for d in ctx.attr.data:
        runfiles = runfiles.merge(d[DefaultInfo].default_runfiles)
    default = DefaultInfo(files = depset([binary]), executable = binary, runfiles = runfiles)
    if launcher:
        default = DefaultInfo(files = depset([binary, launcher.executable]), executable = launcher.executable,
                              runfiles = runfiles.merge(launcher.runfiles))
    fips = stdlib.fips
    fipstool = _fipstool(ctx)
    index = ctx.file._index
    policy_result = policy_check(ctx, fipstool, enforcement.policy, index, checked, fips.value, chains)
    checks = [_validate(ctx, checked, fips, stdlib.cgo, getattr(ctx.attr, "linkmode", "auto"), setup.godebug, setup.fipso)]
    checks += [policy_result] if policy_result else []
    if checked != binary:
        hand_out(ctx, checked, binary, checks)
    attestation = attest(ctx, fipstool, binary, stdlib, index, policy_result, enforcement.mode, chains)
    cbom = _cbom(ctx, fipstool, binary, chains)
    return [
        default,
        OutputGroupInfo(
            _validation = depset(checks),
            fips_attestation = depset([attestation]),
            fips_object = depset([setup.fipso] if setup.fipso else []),
            fips_cbom = depset([cbom]),
            fips_import_chains = depset([chains]),
        ),
        FipsBinaryInfo(
            attestation = attestation,
            binary = binary,
            requested_version = fips.value,
            gofips140 = fips.gofips140,
            godebug_fips140 = fips.godebug_fips140,
            sdk_version = stdlib.sdk.version,
            goos = stdlib.goos,
            goarch = stdlib.goarch,
        ),
    ] + (launcher.providers if launcher else [])

def _output_name(ctx, stdlib, buildmode):
    if buildmode == "c-archive":
        return ctx.label.name + ".a"
    if buildmode == "c-shared":
        return ctx.label.name + (".dll" if stdlib.goos == "windows" else ".so")
    return ctx.label.name + (".exe" if stdlib.goos == "windows" else "")

def _go_binary_impl(ctx):
    if ctx.attr.pure == "on" and ctx.attr.linkmode in NEEDS_CGO_LINKMODES:
        # go build refuses these with CGO_ENABLED=0 too.
        fail("%s: linkmode %r needs cgo, and pure = \"on\" turns it off (CGO_ENABLED=0); " % (label_text(ctx.label), ctx.attr.linkmode) +
             "pure Go programs link with linkmode auto, internal or pie")
    stdlib = _stdlib(ctx)
    buildmode = program_buildmode(stdlib, ctx.attr.linkmode)
    check_compiler_flags(ctx, ctx.attr.gc_goopts)
    embedded = _embedded(ctx)
    srcs, embedsrcs, deps = _sources_and_deps(ctx, embedded)
    # go build's -buildmode=c-archive/c-shared header: the C declarations of
    # the main package's //export functions (cgo -exportheader).
    header = None
    if (ctx.attr.cgo or embedded.cgo) and buildmode in ("c-archive", "c-shared"):
        header = ctx.actions.declare_file(ctx.label.name + ".h")
    # The build info's `path`: the main package's import path (the embedded
    # library's, as gazelle writes a program: go_binary embedding foo_lib).
    importpath = ctx.attr.importpath or embedded.importpath or (ctx.label.package + "/" + ctx.label.name).lstrip("/")
    _check_main_importpath(ctx, importpath)
    go_version = _go_version(ctx, stdlib, importpath, embedded)
    main = go_compile(ctx, stdlib, "main", srcs + _plain_c_sources(ctx, stdlib, embedded), deps, ctx.attr.gc_goopts, go_version,
                      ctx.label.name + ".main", embedsrcs, _fipstool(ctx), _cgo(ctx, stdlib, embedded, header), directives = True,
                      importer = importpath)
    if ctx.attr.seal and buildmode == "c-archive":
        fail("%s: a c-archive is sealed in the program that links it: fips_seal(binary = <the cc_binary>), not seal = True" %
             label_text(ctx.label))
    # A c-archive has nothing to check until a C program links it (fips_seal).
    enforcement = enforced_policy(ctx) if buildmode != "c-archive" else struct(policy = None, mode = "validation")
    checked, binary = _program_files(ctx, _output_name(ctx, stdlib, buildmode), enforcement.mode == "strict")
    linked = ctx.actions.declare_file("%s.unsealed/%s" % (ctx.label.name, binary.basename)) if ctx.attr.seal else checked
    _check_program_packages(ctx, stdlib, ctx.attr.deps + embedded.dep_targets, deps)
    check_linker_flags(ctx, ctx.attr.gc_linkopts, ctx.attr.x_defs)
    setup = go_link(ctx, stdlib, main, deps, importpath, go_version, ctx.attr.x_defs, ctx.attr.gc_linkopts, linked,
                    ctx.attr.linkmode, link_modules(ctx.attr._go_modules[GoModulesInfo], deps, importpath, [("main", main.imports)]),
                    _program_godebug(ctx, go_version), _mode_origin(ctx), stamp_files(ctx), fips_object = not ctx.attr.seal)
    if ctx.attr.seal:
        _seal(ctx, linked, checked)
    if buildmode == "c-archive":
        # Nothing to check yet: Go's linker never seals a c-archive (its
        # FIPS sum is zero until the C program that links it is sealed with
        # fips_seal, which verifies it).
        return [DefaultInfo(files = depset([binary] + ([header] if header else [])), executable = binary),
                _c_library_cc_info(ctx, binary, header, shared = False)]
    chains = import_chains(ctx, _fipstool(ctx), stdlib, deps, [("main", main.imports)])
    providers = _executable_providers(ctx, checked, binary, stdlib, setup, enforcement, chains)
    if buildmode == "c-shared":
        providers.append(_c_library_cc_info(ctx, binary, header, shared = True))
    return providers

def _c_library_cc_info(ctx, library_file, header, shared):
    """CcInfo for a c-archive or c-shared library, so a cc_binary or
    cc_library lists it in deps. A c-archive is linked whole (alwayslink: the
    Go runtime starts from its initialisers, nothing else refers to it), with
    the thread library it needs; a c-shared library is linked as it is (it
    names its own needs), and Bazel puts it beside the program's runfiles."""
    cc_toolchain = ctx.toolchains[CC_TOOLCHAIN].cc
    features = cc_common.configure_features(ctx = ctx, cc_toolchain = cc_toolchain)
    library = cc_common.create_library_to_link(
        actions = ctx.actions,
        feature_configuration = features,
        cc_toolchain = cc_toolchain,
        dynamic_library = library_file if shared else None,
        static_library = None if shared else library_file,
        alwayslink = not shared,
    )
    linker_input = cc_common.create_linker_input(
        owner = ctx.label,
        libraries = depset([library]),
        user_link_flags = depset([] if shared else ["-pthread"]),
    )
    compilation = cc_common.create_compilation_context(
        headers = depset([header] if header else []),
        includes = depset([header.dirname] if header else []),
    )
    return CcInfo(
        compilation_context = compilation,
        linking_context = cc_common.create_linking_context(linker_inputs = depset([linker_input])),
    )

# What checking a program takes: the policy (as selected or pinned), the
# snapshot index, the enforcement mode. go_binary, go_test and fips_seal.
_CHECK_ATTRS = dict(ENFORCEMENT_ATTRS, **{
    "_policy": attr.label(default = Label("//:policy"), providers = [FipsPolicyInfo]),
    "_index": attr.label(default = Label("//snapshots:index.toml"), allow_single_file = True),
})

_EXECUTABLE_ATTRS = dict(STAMP_ATTRS, **dict(_CHECK_ATTRS, **dict(FIPS_SETTING_ATTRS, **{
    "fips_version": attr.string(
        doc = "Overrides `--@fips//:version` for this target, its dependencies and its standard library " +
              "(e.g. `certified` for a FIPS variant of a program in an otherwise non-FIPS build). Default: the flag.",
    ),
    "fips_mode": attr.string(
        doc = "Overrides `--@fips//:mode` for this target and its dependencies (`on`, `only`, `debug`, `off`, `auto`). " +
              "Default: the flag.",
    ),
    "data": attr.label_list(allow_files = True, doc = "Files available to the program at run time."),
    "x_defs": attr.string_dict(doc = "`-X` linker definitions: `{\"pkg.Var\": \"value\"}` (the main package by its " +
                                     "import path or as `main`). A value may name workspace status keys, " +
                                     "`{STABLE_GIT_COMMIT}`, filled in when the program is stamped (see `stamp`)."),
    "gc_linkopts": attr.string_list(doc = "Extra flags for the Go linker."),
    "pure": attr.string(
        default = "auto",
        values = PURE_VALUES,
        doc = "Whether the program and its packages build without cgo, as rules_go: `on` (CGO_ENABLED=0), `off` " +
              "(CGO_ENABLED=1: go build's default where a C toolchain is found; the resolved C toolchain compiles " +
              "cgo, Go's linker links unless cgo packages need the C linker), `auto` (default: pure Go unless the " +
              "linkmode needs cgo).",
    ),
})))


_LINKMODE_ATTR = attr.string(
    default = "auto",
    values = LINKMODES,
    doc = "How the program is linked, as go build: `auto` and `internal` (Go's linker; pure Go unless " +
          "`pure = \"off\"`), `external` (`-ldflags=-linkmode=external`: cgo, the resolved C toolchain links), " +
          "`pie`, `c-shared`, `c-archive` (`-buildmode=...`, cgo; `pie` with `pure = \"on\"` is linked by Go's " +
          "linker without cgo). The binary's packages and standard library follow it.",
)

go_binary = rule(
    implementation = _go_binary_impl,
    cfg = fips_transition,
    attrs = dict(_COMMON_ATTRS, **dict(_EXECUTABLE_ATTRS, **{
        "importpath": attr.string(doc = "The main package's import path, recorded as the build info `path`. Default: `<package>/<name>`."),
        "linkmode": _LINKMODE_ATTR,
        "seal": attr.bool(
            doc = "Write the FIPS integrity sum after the link (`fipstool seal`, then `fipstool verify`), for a C " +
                  "linker that leaves it wrong: lld without `--apply-dynamic-relocs`. The build's validation then " +
                  "checks the sealed program. Not for `c-archive` (seal the C program with `fips_seal`).",
        ),
        "_link_sh": attr.label(default = Label("//rules/private:link.sh"), executable = True, cfg = "exec", allow_single_file = True),
    })),
    executable = True,
    toolchains = [FIPSTOOL_TOOLCHAIN, config_common.toolchain_type(CC_TOOLCHAIN, mandatory = False)],
    fragments = ["cpp"],
    doc = "A Go program linked with FIPS mode as configured, build information as go build embeds it, " +
          "and a validation action that verifies its FIPS integrity sum.",
)

def _go_test_impl(ctx):
    stdlib = _stdlib(ctx)
    if ctx.attr.cgo or ctx.attr.cdeps or ctx.attr.clinkopts:
        fail("%s: cgo, cdeps and clinkopts go on the go_library the test embeds: go test allows no cgo in " %
             label_text(ctx.label) + "test files")
    embedded = _embedded(ctx)
    embedsrcs = ctx.files.embedsrcs + embedded.embedsrcs
    deps = [d[GoArchiveInfo] for d in ctx.attr.deps + embedded.dep_targets]
    importpath = ctx.attr.importpath or embedded.importpath or (ctx.label.package + "/" + ctx.label.name).lstrip("/")
    _check_main_importpath(ctx, importpath)
    # The package under test, compiled with its tests, takes the place of the
    # library a dependency may bring (go test recompiles such dependencies).
    under_test = {info.importmap: label_text(info.label) for info in [e[GoArchiveInfo] for e in ctx.attr.embed]}
    _check_program_packages(ctx, stdlib, ctx.attr.deps + embedded.dep_targets, deps, under_test)
    check_compiler_flags(ctx, ctx.attr.gc_goopts)
    check_linker_flags(ctx, ctx.attr.gc_linkopts, ctx.attr.x_defs)
    enforcement = enforced_policy(ctx)
    checked, binary = _program_files(ctx, ctx.label.name, enforcement.mode == "strict")
    modules = link_modules(ctx.attr._go_modules[GoModulesInfo], deps, importpath)
    go_version = _go_version(ctx, stdlib, importpath, embedded)
    setup, roots = go_test_build(ctx, stdlib, importpath, embedded.srcs + _plain_c_sources(ctx, stdlib, embedded), ctx.files.srcs,
                          deps, go_version, ctx.attr.gc_goopts, ctx.attr.x_defs,
                          ctx.attr.gc_linkopts, checked, embedsrcs, _fipstool(ctx), _cgo(ctx, stdlib, embedded), modules,
                          _program_godebug(ctx, go_version), _mode_origin(ctx), stamp_files(ctx))
    launcher = go_test_launcher(ctx, binary, importpath, _fipstool(ctx), ctx.files.srcs + embedded.srcs, embedsrcs)
    chains = import_chains(ctx, _fipstool(ctx), stdlib, deps, roots)
    return _executable_providers(ctx, checked, binary, stdlib, setup, enforcement, chains, launcher)

go_test = rule(
    implementation = _go_test_impl,
    cfg = fips_transition,
    attrs = dict(_COMMON_ATTRS, **dict(_EXECUTABLE_ATTRS, **dict(GO_TEST_RUNNER_ATTRS, **{
        "srcs": attr.label_list(allow_files = [".go"], doc = "Test sources: `package x` files are compiled with the " +
                                                            "embedded library, `package x_test` files as its external test package."),
        "importpath": attr.string(doc = "Import path of the package under test. Default: the embedded library's."),
        "_test_build_sh": attr.label(default = Label("//rules/private:test_build.sh"), executable = True, cfg = "exec", allow_single_file = True),
    }))),
    test = True,
    toolchains = [FIPSTOOL_TOOLCHAIN],
    doc = "A Go test, run by `bazel test`: Test, Benchmark and Fuzz functions of the internal and external test " +
          "packages, linked like a go_binary (FIPS mode, default GODEBUG, build info, integrity validation), run in " +
          "its package's directory as go test runs it, with a test.xml of its tests.",
)

def _seal(ctx, src, out):
    """Writes the FIPS integrity sum of `src` into the copy `out` (fipstool
    seal), then verifies it; either failing fails the build with fipstool's
    reason."""
    fipstool = _fipstool(ctx)
    ctx.actions.run_shell(
        outputs = [out],
        inputs = [src],
        tools = [fipstool],
        command = '"$1" seal "$2" -o "$3" && "$1" verify "$3"',
        arguments = [fipstool.path, src.path, out.path],
        mnemonic = "FipsSeal",
        progress_message = "Sealing the FIPS 140-3 integrity sum of %s" % src.short_path,
    )

def _fips_seal_impl(ctx):
    default = ctx.attr.binary[DefaultInfo]
    src = default.files_to_run.executable if default.files_to_run and default.files_to_run.executable else None
    if not src:
        files = default.files.to_list()
        if len(files) != 1:
            fail("%s: binary must be one executable file, %s has %d" % (label_text(ctx.label), ctx.attr.binary.label, len(files)))
        src = files[0]
    # The seal action verifies what it writes, so only the policy check is
    # left to gate in strict mode.
    enforcement = enforced_policy(ctx)
    policy = enforcement.policy
    checked, out = _program_files(ctx, ctx.label.name, enforcement.mode == "strict" and policy.src != None)
    _seal(ctx, src, checked)
    policy_result = policy_check(ctx, _fipstool(ctx), policy, ctx.file._index, checked, "")
    if checked != out:
        hand_out(ctx, checked, out, [policy_result])
    runfiles = ctx.runfiles(files = [out]).merge(default.default_runfiles)
    return [
        DefaultInfo(files = depset([out]), executable = out, runfiles = runfiles),
        OutputGroupInfo(_validation = depset([policy_result] if policy_result else [])),
    ]

fips_seal = rule(
    implementation = _fips_seal_impl,
    attrs = dict({
        "binary": attr.label(mandatory = True, allow_files = True, doc = "The program to seal: e.g. a cc_binary that links a Go c-archive."),
    }, **_CHECK_ATTRS),
    executable = True,
    toolchains = [FIPSTOOL_TOOLCHAIN],
    doc = "A copy of `binary` with its FIPS integrity sum written by `fipstool seal`, then checked by `fipstool verify`: " +
          "for a program linked outside Go's linker (a C program with a Go c-archive, an lld PIE). Checked against " +
          "the selected FIPS policy too, as a go_binary is.",
)
