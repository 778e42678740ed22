"""The module lines of a binary's build information (`mod`, `dep`, `=>`),
as go build writes them (runtime/debug.BuildInfo.String): the module of the
main package, then every other module that provides a linked package,
sorted by path, each with its version and go.sum hash, a replaced one
followed by its replacement."""

load("//deps/private:naming.bzl", "longest_module")

def _format(word, path, module):
    """One module as BuildInfo.String formats it: a replaced module's line
    ends at its version, the replacement follows, and an empty line ends
    the pair."""
    if module.replace:
        r = module.replace
        return ["%s\t%s\t%s" % (word, path, module.version), "=>\t%s\t%s\t%s" % (r.path, r.version, r.sum), ""]
    return ["%s\t%s\t%s\t%s" % (word, path, module.version, module.sum)]

def module_lines(modules_info, main_importpath, importpaths):
    """The `mod` and `dep` lines for a program whose main package has import
    path `main_importpath` and which links the packages `importpaths`;
    none without a main module (no go_deps.from_file in the root module),
    as go build records none outside module mode."""
    main = modules_info.main_module
    if not main:
        return []
    known = dict(modules_info.modules)
    known[main] = None
    own = longest_module(main_importpath, known)
    lines = []
    if own == main:
        lines.append("mod\t%s\t(devel)\t" % main)
    elif own:
        lines += _format("mod", own, known[own])
    used = {}
    for importpath in importpaths:
        module = longest_module(importpath, known)
        if module and module != own and module != main:
            used[module] = True
    for path in sorted(used.keys()):
        lines += _format("dep", path, known[path])
    return lines
