"""The `go_deps` module extension: go.mod/go.sum -> one repository per module.

Resolution, as the go command resolves a module graph whose go.mod files
are complete (Go 1.17+: the main module's go.mod requires every module a
build needs): the versions go.mod requires; across Bazel modules that
register go.mod files, the highest version of each module path wins. The
root module's `replace` and `exclude` directives apply (the go command
ignores those of dependencies); `go_deps.module` adds a module,
`go_deps.module_override` patches one.

Each module becomes a repository named as gazelle names it
(`golang.org/x/crypto` -> `org_golang_x_crypto`), fetched only when a
target needs it. Sums come from go.sum: a missing one fails that module's
repository, not the whole build, with the go command that adds it.
"""

load(":goenv.bzl", "go_env")
load(":hub_repo.bzl", "go_modules_hub")
load(":module_repo.bzl", "go_local_module", "go_module")
load(":naming.bzl", "module_repo_name")
load(":semver.bzl", "compare")

HUB_NAME = "fips_go_modules"

_FIPSTOOL = Label("@fips_fipstool//:fipstool")
_SDK_GO_ENV = Label("@fips_go_env//:go.env")

_from_file = tag_class(
    doc = "The modules a go.mod requires (go.sum beside it gives their sums).",
    attrs = {
        "go_mod": attr.label(mandatory = True, doc = "The go.mod file, e.g. `//:go.mod`; go.sum must be beside it."),
    },
)

_module = tag_class(
    doc = "One more module, not in a go.mod (gazelle's `go_deps.module`).",
    attrs = {
        "path": attr.string(mandatory = True, doc = "The module path."),
        "version": attr.string(mandatory = True, doc = "The module version."),
        "sum": attr.string(mandatory = True, doc = "The module zip's h1, as go.sum records it (`h1:...`)."),
        "mod_sum": attr.string(doc = "The go.mod file's h1 (go.sum's `/go.mod` line); checked when given."),
    },
)

_module_override = tag_class(
    doc = "Patches applied to one module after it is verified against go.sum.",
    attrs = {
        "path": attr.string(mandatory = True, doc = "The module path."),
        "patches": attr.label_list(doc = "Patch files, applied in order."),
        "patch_strip": attr.int(doc = "Leading path elements the patches' paths have (`patch -p`)."),
    },
)

def _origin(module, what):
    return "%s %s" % ("the root module's" if module.is_root else "module %s's" % module.name, what)

def _parse(mctx, fipstool, go_mod):
    """fipstool's JSON reading of a go.mod and the go.sum beside it."""
    path = mctx.path(go_mod)
    go_sum = mctx.path(str(path.dirname) + "/go.sum")
    args = [str(fipstool), "gomod", "parse", "--go-mod", str(path)]
    if go_sum.exists:
        args += ["--go-sum", str(go_sum)]
        # Bazel re-evaluates the extension when go.sum changes.
        mctx.read(go_sum)
    res = mctx.execute(args, quiet = True)
    if res.return_code != 0:
        fail("go_deps: %s" % (res.stderr.strip() or res.stdout.strip()))
    return json.decode(res.stdout), path.dirname

def _want(wanted, path, version, origin):
    """Records that `origin` requires path@version; the highest wins."""
    have = wanted.get(path)
    if not have or compare(version, have.version) > 0:
        wanted[path] = struct(version = version, origin = origin)

def _replacement(replaces, path, version):
    """The root go.mod's replacement of path@version (a version-specific one
    first), or None."""
    return replaces.get(path + "@" + version) or replaces.get(path)

def _local_dir(main_dir, new_path):
    if new_path.startswith("/"):
        return new_path
    return str(main_dir) + "/" + new_path

def _routes(mctx, fipstool, paths):
    """Where each module is fetched from (`fipstool goproxy`), under the go
    command's settings."""
    if not paths:
        return {}
    env, origin = go_env(mctx, _SDK_GO_ENV)
    if not env.get("GOPROXY"):
        fail("go_deps: GOPROXY is set nowhere (environment, go env file, the Go SDK's go.env)")
    res = mctx.execute([str(fipstool), "goproxy", "--goproxy", env["GOPROXY"], "--gonoproxy", env.get("GONOPROXY", "")] + paths,
                       quiet = True)
    if res.return_code != 0:
        fail("go_deps: GOPROXY (from %s): %s" % (origin.get("GOPROXY"), res.stderr.strip()))
    return json.decode(res.stdout)

def _go_deps_impl(mctx):
    # fipstool only when a go.mod is to be read: the rule set's own use of
    # the extension (the hub) must not build it.
    has_files = [t for m in mctx.modules for t in m.tags.from_file]
    fipstool = mctx.path(_FIPSTOOL) if has_files else None
    wanted = {}
    sums = {}
    mod_sums = {}
    main = None
    replaces = {}
    excludes = {}
    direct = []
    overrides = {}
    for module in mctx.modules:
        for tag in module.tags.from_file:
            info, go_mod_dir = _parse(mctx, fipstool, tag.go_mod)
            origin = _origin(module, str(tag.go_mod))
            for req in info["require"]:
                _want(wanted, req["path"], req["version"], origin)
                if module.is_root and not req["indirect"]:
                    direct.append(req["path"])
            sums.update(info.get("sums", {}))
            mod_sums.update(info.get("gomod_sums", {}))
            if module.is_root and main == None:
                main = struct(
                    path = info.get("module") or "",
                    go = info.get("go") or "",
                    godebug = ["%s=%s" % (k, v) for k, v in info.get("godebug", [])],
                    dir = go_mod_dir,
                    go_mod = str(tag.go_mod),
                )
                for r in info.get("replace", []):
                    key = r["old_path"] + ("@" + r["old_version"] if r.get("old_version") else "")
                    replaces[key] = r
                for e in info.get("exclude", []):
                    excludes[e["path"] + "@" + e["version"]] = True
        for tag in module.tags.module:
            _want(wanted, tag.path, tag.version, _origin(module, "go_deps.module"))
            sums[tag.path + "@" + tag.version] = tag.sum
            if tag.mod_sum:
                mod_sums[tag.path + "@" + tag.version] = tag.mod_sum
            if module.is_root:
                direct.append(tag.path)
        for tag in module.tags.module_override:
            if tag.path in overrides and overrides[tag.path].origin != _origin(module, ""):
                fail("go_deps: %s and %s both override %s" % (overrides[tag.path].origin, _origin(module, ""), tag.path))
            overrides[tag.path] = struct(patches = tag.patches, patch_strip = tag.patch_strip, origin = _origin(module, ""))

    repos = {}
    by_repo = {}
    for path in sorted(wanted.keys()):
        repo = module_repo_name(path)
        if repo in by_repo:
            fail("go_deps: modules %s and %s would both be repository @%s" % (by_repo[repo], path, repo))
        by_repo[repo] = path
        repos[path] = repo

    plans = {}
    for path in sorted(wanted.keys()):
        version = wanted[path].version
        if path + "@" + version in excludes:
            fail(("go_deps: %s requires %s@%s, which %s excludes; go build would need go.mod updated " +
                  "(go mod tidy)") % (wanted[path].origin, path, version, main.go_mod))
        r = _replacement(replaces, path, version) if main else None
        if r and r["local"]:
            plans[path] = struct(local = _local_dir(main.dir, r["new_path"]), fetch = path, version = version, replace = r)
        elif r:
            plans[path] = struct(local = None, fetch = r["new_path"], version = r["new_version"], replace = r)
        else:
            plans[path] = struct(local = None, fetch = path, version = version, replace = None)
    fetched = sorted({p.fetch: 1 for p in plans.values() if not p.local}.keys())
    if fetched and not fipstool:
        fipstool = mctx.path(_FIPSTOOL)
    routes = _routes(mctx, fipstool, fetched)

    deps_bzl = str(Label("@%s//:deps.bzl" % HUB_NAME))
    info = {}
    for path, plan in plans.items():
        override = overrides.get(path)
        common = dict(
            name = repos[path],
            path = path,
            deps_bzl = deps_bzl,
            repo_name = repos[path],
            patches = override.patches if override else [],
            patch_strip = override.patch_strip if override else 0,
        )
        key = plan.fetch + "@" + plan.version
        if plan.local:
            go_local_module(dir = plan.local, version = wanted[path].version, **common)
        else:
            go_module(
                fetch_path = plan.fetch if plan.fetch != path else "",
                version = plan.version,
                sum = sums.get(key, ""),
                mod_sum = mod_sums.get(key, ""),
                route = json.encode(routes[plan.fetch]),
                **common
            )
        replace = None
        if plan.replace:
            replace = {
                "path": plan.replace["new_path"],
                "version": "(devel)" if plan.local else plan.version,
                "sum": "" if plan.local else sums.get(key, ""),
            }
        info[path] = json.encode({
            "version": wanted[path].version,
            "sum": "" if plan.replace else sums.get(key, ""),
            "replace": replace,
        })

    go_modules_hub(
        name = HUB_NAME,
        repos = json.encode(repos),
        main_module = main.path if main else "",
        main_go = main.go if main else "",
        godebug = main.godebug if main else [],
        modules = info,
    )

    root_uses = [m for m in mctx.modules if m.is_root]
    if not root_uses:
        return mctx.extension_metadata(reproducible = True)
    # The rule set itself imports the hub (its own tests run it as the root).
    own = [HUB_NAME] if root_uses[0].name == "fips" else []
    return mctx.extension_metadata(
        root_module_direct_deps = sorted({repos[p]: 1 for p in direct if p in repos}.keys()) + own,
        root_module_direct_dev_deps = [],
        reproducible = True,
    )

go_deps = module_extension(
    implementation = _go_deps_impl,
    doc = "Third-party Go modules from go.mod/go.sum; see docs/dependencies.md.",
    tag_classes = {
        "from_file": _from_file,
        "module": _module,
        "module_override": _module_override,
    },
    environ = ["GOPROXY", "GONOPROXY", "GOPRIVATE", "GOENV", "HOME", "XDG_CONFIG_HOME", "NETRC"],
)
