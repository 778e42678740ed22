"""The actions of a program (go_binary, go_test), from the FIPS switch to the
checked binary and its attestation.

Buck2 has no repository rules, so the SDK's lib/fips140 can only be read at
build time: one action resolves the switch (fipstool snapshot resolve),
another lists the standard packages the program imports, and a dynamic
action reads both. It fails with the Bazel rules' messages, or declares the
rest: the snapshot's verification and unpacking, the standard library
closure the program needs (not all of std: a cold build does what go build
does), the program's packages, the link, the checks and the attestation.
"""

load(":providers.bzl", "label_text")
load(":version_syntax.bzl", "malformed_version_message")

MODES = ["auto", "on", "only", "debug", "off"]

# go build's architecture level at its default (build info, e.g. GOAMD64=v1).
_ARCH_LEVEL = {"amd64": ("GOAMD64", "v1"), "arm64": ("GOARM64", "v8.0")}

def check_switch(label, fips):
    """Fails at analysis on a malformed version or an unknown mode, naming
    where the value was set (the buckconfig or the target's attribute)."""
    error = malformed_version_message(fips.version_origin, fips.version)
    if error:
        fail("%s: %s" % (label_text(label), error) if fips.version_origin == "fips_version" else error)
    if fips.mode not in MODES:
        fail("%sunknown %s value %r. Accepted: %s." % (
            label_text(label) + ": " if fips.mode_origin == "fips_mode" else "",
            fips.mode_origin,
            fips.mode,
            ", ".join(MODES),
        ))

def _mode_origin(prog):
    """Where the program's FIPS mode comes from, for fipstool's messages."""
    if prog.fips.mode_origin == "fips_mode":
        return "set by fips_mode on " + label_text(prog.label)
    return "set by buckconfig fips.mode"

def _script(sdk, name):
    return sdk.scripts.project("sh/" + name)

def _tool(sdk, name):
    return "%s/pkg/tool/%s_%s/%s" % (sdk.goroot, sdk.goos, sdk.goarch, name)

def _godebug_table(sdk):
    return sdk.goroot + "/src/internal/godebugs/table.go"

def _go_files(srcs):
    return [f for f in srcs if f.extension == ".go"]

def _lang(version):
    """go build's -lang: the major and minor numbers of a Go version."""
    parts = version.split(".")
    return parts[0] + "." + parts[1] if len(parts) > 1 else version

def _resolved(label, sdk, facts):
    """The resolved switch (struct), or a failure with the Bazel rules'
    message for a value this SDK refuses."""
    if facts["go_version"] != "go" + sdk.version:
        fail("%s: the Go toolchain is declared as Go %s, but %s/VERSION says %s" % (
            label_text(label),
            sdk.version,
            sdk.goroot,
            facts["go_version"],
        ))
    r = facts["resolve"]
    if not r["ok"]:
        message = r["error"]["message"]
        if r["error"]["kind"] == "invalid":
            message += " (Go %s)" % sdk.version
        elif r["error"]["kind"] == "unknown_version":
            message += ". Go %s accepts: %s" % (sdk.version, ", ".join(sorted(facts["accepted"])))
        fail("%s: %s" % (label_text(label), message))
    return struct(
        enabled = r["enabled"],
        gofips140 = r["resolved"] if r["enabled"] else None,
        snapshot = r["resolved"] if r["snapshot"] else None,
        tag = r["build_tag"],
        zip = r["zip"],
    )

def _stdlib(actions, prog, config, roots):
    """The standard library closure of `roots`, compiled from the verified
    snapshot when there is one."""
    sdk, out = prog.sdk, prog.name + ".fips/std/"
    std = struct(
        pkg = actions.declare_output(out + "pkg", dir = True),
        importcfg = actions.declare_output(out + "importcfg"),
        context = actions.declare_output(out + "buildcontext"),
        packages = actions.declare_output(out + "packages"),
    )
    args = cmd_args(_script(sdk, "stdlib.sh"), sdk.goroot, std.pkg.as_output(), std.importcfg.as_output(),
                    std.context.as_output(), std.packages.as_output(), ",".join(prog.tags))
    if config.snapshot:
        tree = actions.declare_output(out + "fips140@" + config.snapshot, dir = True)
        h1 = actions.declare_output(out + config.snapshot + ".h1")
        actions.run(
            cmd_args(_script(sdk, "snapshot.sh"), sdk.fipstool, sdk.goroot, prog.fips.version, sdk.index, config.zip,
                     config.snapshot, tree.as_output(), h1.as_output()),
            category = "fips_snapshot",
            identifier = "Verifying and unpacking FIPS 140-3 snapshot " + config.snapshot,
            local_only = True,
        )
        args.add(tree, config.snapshot, h1)
    args.add("--", roots)
    actions.run(
        args,
        env = dict(prog.env, GOFIPS140 = config.snapshot or ("latest" if config.enabled else "off")),
        category = "go_stdlib",
        identifier = "Go %s standard library closure (%d packages imported)" % (sdk.version, len(roots)),
        local_only = True,
    )
    return std

def _embedcfg(actions, prog, std, pkg, out, tests):
    """fipstool matches the package's //go:embed patterns against its
    embedsrcs as cmd/go does: the compiler's -embedcfg flags."""
    if not pkg.embedsrcs:
        return []
    go_srcs = _go_files(pkg.srcs)
    prefix = go_srcs[0].short_path.rpartition("/")[0] + "/" if go_srcs and "/" in go_srcs[0].short_path else ""
    cfg = actions.declare_output(out + ".embedcfg")
    args = cmd_args(prog.sdk.fipstool, "embedcfg", "--context", std.context, ["--tests"] if tests else [])
    for f in go_srcs:
        args.add("--src", f)
    for f in pkg.embedsrcs:
        if not f.short_path.startswith(prefix):
            fail("%s: embedsrcs: %s is not below the directory of the package's Go sources (%s)" % (pkg.label, f.short_path, prefix or "."))
        args.add("--embedsrc", cmd_args(f.short_path[len(prefix):], "=", f, delimiter = ""))
    args.add("--out", cfg.as_output())
    actions.run(args, category = "go_embedcfg", identifier = out, local_only = True)
    return ["-embedcfg", cfg]

def _compile_flags(prog, go_version):
    flags = ["-lang=go" + _lang(go_version)] if go_version else []
    return flags + ["-complete", "-goversion", "go" + prog.sdk.version]

def _importcfg(actions, name, entries, link):
    """The packagefile lines of `entries` (compiled packages): export data
    to compile against, or with `link` the linker's objects."""
    lines = [cmd_args("packagefile ", e.importpath, "=", e.archive if link else e.export, delimiter = "") for e in entries]
    return actions.write(name, lines if lines else "", with_inputs = True)

def _closure(compiled, importpaths):
    """The compiled packages `importpaths` name, and theirs, each once."""
    out = {}
    for ip in importpaths:
        for e in compiled[ip].closure:
            out[e.importpath] = e
    return out.values()

def _compile(actions, prog, std, pkg, compiled, out, p_flag = None, importer = None, tests = False, library = True,
             directives = False, srcs = None):
    """Compiles one package with the Bazel rules' compile.sh."""
    sdk = prog.sdk
    entry = struct(
        importpath = p_flag or pkg.importpath,
        export = actions.declare_output(out + ".x"),
        archive = actions.declare_output(out + ".a"),
        imports = actions.declare_output(out + ".imports"),
        directives = actions.declare_output(out + ".directives") if directives else None,
    )
    deps = _closure(compiled, pkg.deps)
    args = cmd_args(_script(sdk, "compile.sh"), ["--tests"] if tests else [], ["--library"] if library else [])
    args.add("--imports-out", entry.imports.as_output())
    args.add("--godebug", _godebug_table(sdk), sdk.version, entry.directives.as_output() if directives else "")
    args.add(sdk.fipstool, std.context, pkg.label, _tool(sdk, "compile"), std.importcfg, std.packages)
    args.add(_importcfg(actions, out + ".deps.importcfg", deps, False))
    args.add(importer or pkg.importpath, entry.export.as_output(), entry.archive.as_output())
    args.add("-p", entry.importpath, _compile_flags(prog, pkg.go_version), _embedcfg(actions, prog, std, pkg, out, tests))
    args.add(pkg.gc_goopts, "--", srcs or pkg.srcs)
    args.add(cmd_args(hidden = [std.pkg] + pkg.embedsrcs))
    actions.run(args, env = prog.env, category = "go_compile", identifier = entry.importpath + (" [test]" if tests else ""),
                local_only = True)
    return struct(
        importpath = entry.importpath,
        export = entry.export,
        archive = entry.archive,
        imports = entry.imports,
        directives = entry.directives,
        closure = [entry] + deps,
    )

def _build_info(prog, config, main_importpath):
    """go build's build information lines (cmd/go/internal/load), the
    DefaultGODEBUG line a placeholder fipstool linkinfo fills in."""
    lines = ["path\t" + main_importpath, "build\t-buildmode=exe", "build\t-compiler=gc"]
    tags = prog.tags + ([config.tag] if config.tag else [])
    if tags:
        lines.append("build\t-tags=" + ",".join(tags))
    lines += ["build\t-trimpath=true", "build\tDefaultGODEBUG=", "build\tCGO_ENABLED=0", "build\tGOARCH=" + prog.sdk.goarch]
    if config.gofips140:
        lines.append("build\tGOFIPS140=" + config.gofips140)
    lines.append("build\tGOOS=" + prog.sdk.goos)
    level = _ARCH_LEVEL.get(prog.sdk.goarch)
    if level:
        lines.append("build\t%s=%s" % level)
    return "\n".join(lines) + "\n"

def _linkinfo_args(actions, prog, config, main_importpath, go_version):
    """`fipstool linkinfo`'s arguments, one a line (linkinfo.sh adds where
    the default GODEBUG goes)."""
    sdk = prog.sdk
    info = actions.write(prog.name + ".fips/buildinfo", _build_info(prog, config, main_importpath))
    lines = ["--godebug-table", _godebug_table(sdk), "--go-toolchain-version", sdk.version, "--go-version",
             go_version or sdk.version, "--mode", prog.fips.mode, "--mode-origin", _mode_origin(prog),
             "--build-info", cmd_args(info)]
    if config.enabled:
        lines.append("--fips-enabled")
    return actions.write(prog.name + ".fips/linkinfo_args", lines, with_inputs = True)

def _check(actions, prog, config, unchecked, godebug, fipso, binary):
    """fipstool check (and verify --fipso), then the policy; the binary is
    handed out (copied to `binary`) only once they passed."""
    sdk = prog.sdk
    policy_result = None
    hidden = []
    if prog.policy:
        policy_result = actions.declare_output(prog.name + ".fips/policy.json")
        actions.run(
            cmd_args(sdk.fipstool, "policy", "check", "--policy", prog.policy, "--index", sdk.index, "--target",
                     label_text(prog.label), "--requested-version", prog.fips.version, "--json", "--out",
                     policy_result.as_output(), unchecked),
            category = "fips_policy",
            local_only = True,
        )
        hidden.append(policy_result)
    actions.run(
        cmd_args(_script(sdk, "check.sh"), sdk.fipstool, unchecked, config.gofips140 or "off", config.snapshot or "in-tree",
                 godebug, fipso or "", binary, hidden = hidden),
        category = "fips_check",
        identifier = "Checking the FIPS 140-3 configuration and integrity of " + label_text(prog.label),
        local_only = True,
    )
    return policy_result

def _attest(actions, prog, binary, policy_result, out):
    sdk = prog.sdk
    args = cmd_args(sdk.fipstool, "attest", "--binary", binary, "--target", label_text(prog.label), "--sdk-version",
                    sdk.version, "--requested-version", prog.fips.version, "--index", sdk.index)
    if policy_result:
        args.add("--policy-result", policy_result)
    args.add("--enforcement", "strict", "--out", out)
    actions.run(args, category = "fips_attest", local_only = True)

def _link_binary(actions, prog, config, std, main, compiled, unchecked):
    sdk = prog.sdk
    godebug = actions.declare_output(prog.name + ".fips/godebug")
    fipso = actions.declare_output(prog.name + ".fips.o") if config.enabled else None
    deps = _closure(compiled, prog.main.deps)
    args = cmd_args(_script(sdk, "linkinfo.sh"), _linkinfo_args(actions, prog, config, prog.importpath, prog.main.go_version),
                    godebug.as_output(), "--", _script(sdk, "link.sh"), sdk.fipstool, "@LINKINFO@", main.directives,
                    _tool(sdk, "link"), std.importcfg, std.packages,
                    _importcfg(actions, prog.name + ".fips/link.importcfg", deps, True), unchecked.as_output(),
                    "-buildmode=exe", "-buildid=redacted")
    if fipso:
        args.add("-fipso", fipso.as_output())
    args.add(main.archive, cmd_args(hidden = [std.pkg]))
    actions.run(args, env = prog.env, category = "go_link", identifier = label_text(prog.label), local_only = True)
    return godebug, fipso

def _build_test(actions, prog, config, std, compiled, unchecked):
    """A go_test's binary with the Bazel rules' test_build.sh: the internal
    test package (the embedded library with its `package p` tests) is
    compiled first, as a library is."""
    sdk, test = prog.sdk, prog.test
    godebug = actions.declare_output(prog.name + ".fips/godebug")
    internal = None
    if test.library:
        internal = _compile(actions, prog, std, prog.main, compiled, prog.name + ".fips/internal", tests = True,
                            library = False, directives = True, srcs = prog.main.srcs + test.srcs)
    cflags = actions.write(prog.name + ".fips/compile_flags", _compile_flags(prog, prog.main.go_version) +
                                                              _embedcfg(actions, prog, std, prog.main, prog.name + ".fips/test", True),
                           with_inputs = True)
    lflags = actions.write(prog.name + ".fips/link_flags", ["-buildmode=exe", "-buildid=redacted"])
    deps = _closure(compiled, prog.main.deps)
    args = cmd_args(_script(sdk, "linkinfo.sh"),
                    _linkinfo_args(actions, prog, config, prog.importpath + ".test", prog.main.go_version),
                    godebug.as_output(), "--", _script(sdk, "test_build.sh"))
    if internal:
        args.add("--internal", internal.export, internal.archive, internal.directives)
    args.add("@LINKINFO@", sdk.fipstool, std.context, label_text(prog.label), _tool(sdk, "compile"), _tool(sdk, "link"))
    args.add(std.importcfg, std.packages, _importcfg(actions, prog.name + ".fips/deps.importcfg", deps, False),
             _importcfg(actions, prog.name + ".fips/deps.link.importcfg", deps, True), _godebug_table(sdk), sdk.version)
    # test_build.sh writes the import lists of the packages it compiles (the
    # Bazel rules' import chains start there); nothing here reads them.
    under_test_imports = actions.declare_output(prog.name + ".fips/under_test.imports")
    xtest_imports = actions.declare_output(prog.name + ".fips/xtest.imports")
    args.add(prog.importpath, unchecked.as_output(), cflags, lflags, under_test_imports.as_output(),
             xtest_imports.as_output(), "--", test.srcs, cmd_args(hidden = [std.pkg]))
    actions.run(args, env = prog.env, category = "go_test_build", identifier = label_text(prog.label), local_only = True)
    return godebug

def build_program(ctx, prog, binary, attestation):
    """Declares the actions that write `binary` (checked, then handed out)
    and `attestation`. `prog`: struct(name, label, sdk, fips, tags, env,
    importpath, main (package struct), packages (its dependencies, deps
    first), policy, test (None, or struct(srcs, library)))."""
    sdk = prog.sdk
    resolve = ctx.actions.declare_output(prog.name + ".fips/resolve.json")
    ctx.actions.run(
        cmd_args(_script(sdk, "resolve.sh"), sdk.fipstool, sdk.goroot, prog.fips.version, resolve.as_output()),
        category = "fips_resolve",
        local_only = True,
    )
    roots = ctx.actions.declare_output(prog.name + ".fips/std_roots")
    roots_args = cmd_args(_script(sdk, "std_roots.sh"), sdk.goroot, resolve, ",".join(prog.tags), roots.as_output())
    for pkg in prog.packages + [prog.main]:
        roots_args.add("--package", _go_files(pkg.srcs + (prog.test.srcs if prog.test and pkg == prog.main else [])))
    ctx.actions.run(roots_args, category = "go_std_roots", local_only = True)

    def build(dctx, artifacts, outputs):
        config = _resolved(prog.label, sdk, artifacts[resolve].read_json())
        # A test main and the link import these besides the program's own.
        extra = ["os", "reflect", "testing", "testing/internal/testdeps"] if prog.test else []
        imported = [line for line in artifacts[roots].read_string().splitlines() if line]
        actions = dctx.actions
        std = _stdlib(actions, prog, config, sorted({p: True for p in imported + extra}.keys()))
        compiled = {}
        for pkg in prog.packages:
            compiled[pkg.importpath] = _compile(actions, prog, std, pkg, compiled, prog.name + ".fips/pkg/" + pkg.importpath)
        unchecked = actions.declare_output(prog.name + ".fips/unchecked/" + prog.name)
        if prog.test:
            godebug, fipso = _build_test(actions, prog, config, std, compiled, unchecked), None
        else:
            main = _compile(actions, prog, std, prog.main, compiled, prog.name + ".fips/main", p_flag = "main",
                            importer = prog.importpath, library = False, directives = True)
            godebug, fipso = _link_binary(actions, prog, config, std, main, compiled, unchecked)
        policy_result = _check(actions, prog, config, unchecked, godebug, fipso, outputs[binary].as_output())
        _attest(actions, prog, binary, policy_result, outputs[attestation].as_output())

    ctx.actions.dynamic_output(dynamic = [resolve, roots], inputs = [], outputs = [binary.as_output(), attestation.as_output()], f = build)
