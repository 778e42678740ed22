"""`go_modules_info`: the main module and the build list, for build
information (the `mod` and `dep` lines go build writes)."""

GoModulesInfo = provider(
    doc = "What the go_deps extension resolved from the root module's go.mod (empty without go_deps).",
    fields = {
        "main_module": "string: the main module's path (go.mod's module line), or empty.",
        "main_go": "string: the main module's go version (go.mod's go line), or empty.",
        "godebug": "list of string: go.mod's godebug settings, `key=value`, in order.",
        "modules": "dict: module path -> struct(version, sum, replace): replace is None or " +
                   "struct(path, version, sum) (`version` `(devel)` for a directory).",
        "file": "File or None: `main_module` and `modules` as JSON (what `fipstool linkinfo --modules` reads to " +
                "write a program's `mod` and `dep` lines); None without a main module.",
    },
)

def _module(text):
    m = json.decode(text)
    r = m.get("replace")
    return struct(
        version = m["version"],
        sum = m.get("sum") or "",
        replace = struct(path = r["path"], version = r["version"], sum = r.get("sum") or "") if r else None,
    )

def _go_modules_info_impl(ctx):
    modules = {path: _module(text) for path, text in ctx.attr.modules.items()}
    file = None
    if ctx.attr.main_module:
        # One file for every link of the workspace.
        file = ctx.actions.declare_file(ctx.label.name + ".modules.json")
        ctx.actions.write(file, json.encode({
            "main_module": ctx.attr.main_module,
            "modules": {path: json.decode(text) for path, text in ctx.attr.modules.items()},
        }))
    return [
        GoModulesInfo(
            main_module = ctx.attr.main_module,
            main_go = ctx.attr.main_go,
            godebug = ctx.attr.godebug,
            modules = modules,
            file = file,
        ),
        DefaultInfo(files = depset([file] if file else [])),
    ]

go_modules_info = rule(
    implementation = _go_modules_info_impl,
    attrs = {
        "main_module": attr.string(),
        "main_go": attr.string(),
        "godebug": attr.string_list(),
        "modules": attr.string_dict(),
    },
    provides = [GoModulesInfo],
    doc = "The go_deps extension's resolution (see GoModulesInfo).",
)
