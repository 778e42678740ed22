"""Compiler and linker flags the rules set themselves, and which no
attribute may set again.

A later flag wins with Go's tools: a `-importcfg` in gc_goopts would
replace the importcfg the import checks made, a `-std` would let a package
be compiled as the standard library, an `-X runtime.godebugDefault=...` in
gc_linkopts would switch FIPS mode off in a binary whose build information
says it is on. Each is refused at analysis, naming the target, the
attribute and what to use instead.
"""

load(":actions.bzl", "label_text")

# Compiler flags (cmd/compile) that the compile actions set or that would
# make a package something its configuration is not.
_COMPILER = {
    "p": "the package path comes from importpath (or importmap)",
    "o": "the rules name the outputs",
    "linkobj": "the rules name the outputs",
    "pack": "the rules name the outputs",
    "importcfg": "the importcfg is written and checked by the compile action",
    "embedcfg": "//go:embed files come from embedsrcs",
    "std": "only the standard library is compiled as the standard library",
    "compiling-runtime": "only the standard library is compiled as the runtime",
    "trimpath": "the rules record every source by its workspace path, as go build -trimpath does",
    "goversion": "the rules pass the SDK's version",
    "lang": "set go_version (or the module's go line) instead",
    "complete": "the rules decide it from the package's sources",
    "symabis": "the rules assemble a package's .s files themselves",
    "asmhdr": "the rules assemble a package's .s files themselves",
    "buildid": "build IDs are the rules' to set",
    "D": "local imports are not supported",
    "I": "imports resolve through the importcfg only",
    "installsuffix": "the configuration's build mode decides it",
    "shared": "the configuration's build mode decides it (linkmode on the go_binary)",
    "dynlink": "the configuration's build mode decides it",
    "race": "the standard library would not match",
    "msan": "the standard library would not match",
    "asan": "the standard library would not match",
}

# Linker flags (cmd/link) likewise.
_LINKER = {
    "o": "the rules name the output",
    "importcfg": "the importcfg is written and checked by the link action",
    "buildid": "build IDs are the rules' to set",
    "buildmode": "set linkmode on the go_binary",
    "installsuffix": "the configuration's build mode decides it",
    "fipso": "the FIPS object is the rules' to write",
    "checklinkname": "the linker's //go:linkname restrictions stay on",
    "race": "the standard library would not match",
    "msan": "the standard library would not match",
    "asan": "the standard library would not match",
}

# `-X` definitions of these variables would change what the binary reports
# about itself: its default GODEBUG (FIPS mode), build information, Go
# version.
_RUNTIME_PACKAGE = "runtime"

def _flag_name(arg):
    """The name of a Go flag argument (`-p`, `--p=x` -> `p`), or None when
    `arg` is not a flag."""
    if not arg.startswith("-") or arg in ("-", "--"):
        return None
    name = arg[2:] if arg.startswith("--") else arg[1:]
    return name.partition("=")[0]

def _x_definitions(opts):
    """The `pkg.var` names that `-X` flags in `opts` define."""
    out = []
    for i, arg in enumerate(opts):
        name = _flag_name(arg)
        if name != "X":
            continue
        value = arg.partition("=")[2] if "=" in arg else (opts[i + 1] if i + 1 < len(opts) else "")
        out.append(value.partition("=")[0])
    return out

def _runtime_variable(name):
    return name.rpartition(".")[0] == _RUNTIME_PACKAGE

_X_HINT = ("the runtime's variables carry what go build derives from the configuration (runtime.godebugDefault " +
           "is the default GODEBUG, FIPS mode included): set fips_mode, or a //go:debug line in the main package")

def check_compiler_flags(ctx, gc_goopts):
    for arg in gc_goopts:
        name = _flag_name(arg)
        if name in _COMPILER:
            fail("%s: gc_goopts: %s is set by the rules (%s)" % (label_text(ctx.label), arg, _COMPILER[name]))

def check_linker_flags(ctx, gc_linkopts, x_defs):
    for arg in gc_linkopts:
        name = _flag_name(arg)
        if name in _LINKER:
            fail("%s: gc_linkopts: %s is set by the rules (%s)" % (label_text(ctx.label), arg, _LINKER[name]))
    for var in _x_definitions(gc_linkopts):
        if _runtime_variable(var):
            fail("%s: gc_linkopts: -X %s is refused: %s" % (label_text(ctx.label), var, _X_HINT))
    for var in x_defs:
        if _runtime_variable(var):
            fail("%s: x_defs: %s is refused: %s" % (label_text(ctx.label), var, _X_HINT))
        if "." not in var or "=" in var or var.startswith(".") or var.endswith("."):
            fail("%s: x_defs: %s: want IMPORTPATH.NAME (a package's import path, or main, then the variable)" %
                 (label_text(ctx.label), json.encode(var)))
        if "\n" in var + x_defs[var]:
            fail("%s: x_defs: %s: the linker takes no newline in a -X definition" % (label_text(ctx.label), json.encode(var)))
