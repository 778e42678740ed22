"""The `go_sdk` module extension: declared SDKs -> SDK repositories + the hub.

Precedence (first match wins; `--@fips//toolchain:sdk_version` filters by
version first):
1. the root module's SDKs, by tag class in the order local, archive,
   goproxy, download, and within a class in declaration order;
2. other modules' SDKs, modules in Bazel's breadth-first dependency order;
   this rule set's own default (`download(version = "1.26.6")`) is among them.
A tag identical to an earlier one (unless it names a different repository)
adds nothing. Bazel does not tell an
extension how tags of different classes interleave, hence the class order:
the more deliberate, local choices come first.
"""

load(":go_env_repo.bzl", "go_env_file")
load(":hub_repo.bzl", "go_toolchains_hub")
load(
    ":sdk_parse.bzl",
    "archive_basename",
    "exec_constraints",
    "expand_url_template",
    "host_goos_goarch",
    "is_sha256_hex",
    "parse_version_file",
)
load(":sdk_repo.bzl", "go_archive_sdk", "go_goproxy_sdk", "go_local_sdk", "is_absolute")
load(":versions.bzl", "DEFAULT_URL_TEMPLATES", "GO_ARCHIVE_SHA256")

HUB_NAME = "fips_go_toolchains"
GO_ENV_NAME = "fips_go_env"

_CLASS_ORDER = ["local", "archive", "goproxy", "download"]

_NAME_DOC = "Name of the SDK's repository (for `use_repo`); default `go_sdk_<kind>_<version>_<goos>_<goarch>`."
_GOOS_DOC = "GOOS of the machine the SDK's tools run on; default: the host's."
_GOARCH_DOC = "GOARCH of the machine the SDK's tools run on; default: the host's."

_download = tag_class(
    doc = "An official Go distribution from the Go download site or a mirror of it.",
    attrs = {
        "version": attr.string(mandatory = True, doc = "Go version without `go`, e.g. `1.26.6`."),
        "goos": attr.string(doc = _GOOS_DOC),
        "goarch": attr.string(doc = _GOARCH_DOC),
        "urls": attr.string_list(doc = "URL templates tried in order; `{version}`, `{goos}`, `{goarch}` and `{filename}` " +
                                       "(e.g. go1.26.6.linux-amd64.tar.gz) are filled in. Default: the Go download site."),
        "sha256": attr.string(doc = "SHA-256 of the archive; default: the pinned table (toolchain/private/versions.bzl)."),
        "name": attr.string(doc = _NAME_DOC),
    },
)

_archive = tag_class(
    doc = "Any checksummed archive holding a GOROOT: a mirror, a repackaging, a wheel with GOROOT under `go/`.",
    attrs = {
        "version": attr.string(mandatory = True, doc = "Go version the archive holds; its VERSION file is checked."),
        "urls": attr.string_list(mandatory = True, doc = "Where to fetch the archive, tried in order."),
        "sha256": attr.string(mandatory = True, doc = "SHA-256 of the archive."),
        "strip_prefix": attr.string(default = "go", doc = "The directory inside the archive that is GOROOT; `\"\"` for none."),
        "type": attr.string(doc = "Archive type (`tar.gz`, `zip`, ...); default: from the URL (`.whl` is a zip)."),
        "goos": attr.string(doc = _GOOS_DOC),
        "goarch": attr.string(doc = _GOARCH_DOC),
        "name": attr.string(doc = _NAME_DOC),
    },
)

_goproxy = tag_class(
    doc = "The `golang.org/toolchain` module zip fetched through the GOPROXY of Bazel's environment.",
    attrs = {
        "version": attr.string(mandatory = True, doc = "Go version, e.g. `1.26.6`: the module version `v0.0.1-go1.26.6.<goos>-<goarch>`."),
        "h1": attr.string(doc = "The module zip's h1 hash (`go mod download -json golang.org/toolchain@v0.0.1-go<version>.<goos>-<goarch>`, field Sum)."),
        "sha256": attr.string(doc = "SHA-256 of the module zip. At least one of h1 and sha256 is required."),
        "goos": attr.string(doc = _GOOS_DOC),
        "goarch": attr.string(doc = _GOARCH_DOC),
        "name": attr.string(doc = _NAME_DOC),
    },
)

_local = tag_class(
    doc = "A GOROOT already on this machine (root module only).",
    attrs = {
        "path": attr.string(mandatory = True, doc = "The GOROOT: absolute, or relative to the root module's directory."),
        "version": attr.string(doc = "Go version it must be; default: read from its VERSION file."),
        "goos": attr.string(doc = _GOOS_DOC),
        "goarch": attr.string(doc = _GOARCH_DOC),
        "name": attr.string(doc = _NAME_DOC),
    },
)

def _repo_part(s):
    return "".join([c if c.isalnum() else "_" for c in s.elems()])

def _fail(origin, msg):
    fail("%s: %s" % (origin, msg))

def _describe(kind, tag, module):
    key = "path" if kind == "local" else "version"
    return "go_sdk.%s(%s = %r) in module %s" % (kind, key, getattr(tag, key), module.name or "<root>")

def _local_version(mctx, path, origin):
    if not is_absolute(path):
        path = "%s/%s" % (mctx.path(Label("@@//:MODULE.bazel")).dirname, path)
    version_file = mctx.path(path + "/VERSION")
    if not version_file.exists:
        _fail(origin, "%s is not a Go SDK: it has no VERSION file" % path)
    version, err = parse_version_file(mctx.read(version_file))
    if err:
        _fail(origin, err)
    return version

def _spec(mctx, kind, tag, module, host):
    """What one tag declares: struct(rule, attrs (without name), version, goos, goarch, origin, name)."""
    origin = _describe(kind, tag, module)
    goos = tag.goos or host[0]
    goarch = tag.goarch or host[1]
    attrs = {"goos": goos, "goarch": goarch, "origin": origin}

    if kind == "download":
        version = tag.version
        sha256 = tag.sha256 or GO_ARCHIVE_SHA256.get(version, {}).get("%s-%s" % (goos, goarch))
        if not sha256:
            _fail(origin, "no pinned SHA-256 for %s; give sha256 (from https://go.dev/dl/)" % archive_basename(version, goos, goarch))
        rule = go_archive_sdk
        attrs.update(
            version = version,
            urls = [expand_url_template(t, version, goos, goarch) for t in (tag.urls or DEFAULT_URL_TEMPLATES)],
            sha256 = sha256,
            strip_prefix = "go",
        )
    elif kind == "archive":
        version = tag.version
        rule = go_archive_sdk
        attrs.update(version = version, urls = tag.urls, sha256 = tag.sha256, strip_prefix = tag.strip_prefix, type = tag.type)
        sha256 = tag.sha256
    elif kind == "goproxy":
        version = tag.version
        if not tag.h1 and not tag.sha256:
            _fail(origin, "give h1 (`go mod download -json golang.org/toolchain@v0.0.1-go%s.%s-%s`, field Sum) or sha256" % (version, goos, goarch))
        if tag.h1 and (not tag.h1.startswith("h1:") or len(tag.h1) != 47):
            _fail(origin, "h1 %r is not an h1 hash (h1: and 44 base64 characters)" % tag.h1)
        rule = go_goproxy_sdk
        attrs.update(version = version, h1 = tag.h1, sha256 = tag.sha256)
        sha256 = tag.sha256
    else:
        if not module.is_root:
            _fail(origin, "only the root module may declare go_sdk.local")
        version = tag.version or _local_version(mctx, tag.path, origin)
        rule = go_local_sdk
        attrs.update(version = version, path = tag.path)
        sha256 = None

    if not version:
        _fail(origin, "version is empty")
    if sha256 and not is_sha256_hex(sha256):
        _fail(origin, "sha256 %r is not 64 lowercase hex digits" % sha256)
    constraints, err = exec_constraints(goos, goarch)
    if err:
        _fail(origin, err)
    return struct(
        rule = rule,
        kind = kind,
        attrs = attrs,
        version = version,
        goos = goos,
        goarch = goarch,
        origin = origin,
        name = tag.name,
        exec_compatible_with = constraints,
    )

def _same(a, b):
    """Whether two specs declare the same SDK (where it is declared aside)."""
    return a.rule == b.rule and {k: v for k, v in a.attrs.items() if k != "origin"} == {k: v for k, v in b.attrs.items() if k != "origin"}

def _go_sdk_impl(mctx):
    goos, goarch, err = host_goos_goarch(mctx.os.name, mctx.os.arch)
    if err:
        fail("go_sdk: %s; declare SDKs with explicit goos/goarch" % err)

    ordered = []  # (repo name, spec), precedence order
    by_repo = {}
    for module in mctx.modules:  # the root module first, then breadth-first
        for kind in _CLASS_ORDER:
            for tag in getattr(module.tags, kind):
                spec = _spec(mctx, kind, tag, module, (goos, goarch))
                if any([_same(spec, s) and spec.name in ("", s.name) for _, s in ordered]):
                    continue
                repo = spec.name or "go_sdk_%s_%s_%s_%s" % (kind, _repo_part(spec.version), spec.goos, spec.goarch)
                if repo in by_repo:
                    if spec.name:
                        fail("go_sdk: %s and %s both name their SDK repository %s" % (by_repo[repo].origin, spec.origin, repo))
                    for n in range(2, len(ordered) + 3):
                        if "%s_%d" % (repo, n) not in by_repo:
                            repo = "%s_%d" % (repo, n)
                            break
                by_repo[repo] = spec
                ordered.append((repo, spec))

    for repo, spec in ordered:
        spec.rule(name = repo, **spec.attrs)

    # The default SDK's go.env (where a Go distribution sets its default
    # GOPROXY), for the go_deps extension; fetched only when read.
    if ordered:
        go_env_file(name = GO_ENV_NAME, sdk_go_env = "@%s//:go.env" % ordered[0][0])

    go_toolchains_hub(
        name = HUB_NAME,
        sdks = json.encode([
            {
                "repo": repo,
                "version": spec.version,
                "goos": spec.goos,
                "goarch": spec.goarch,
                "origin": spec.origin,
                "exec_compatible_with": spec.exec_compatible_with,
            }
            for repo, spec in ordered
        ]),
    )

    # Cheap to evaluate (nothing is downloaded here) and dependent on the
    # host and on local GOROOTs: not worth recording in the lockfile.
    return mctx.extension_metadata(reproducible = True)

go_sdk = module_extension(
    implementation = _go_sdk_impl,
    doc = "Declares the Go SDKs the fips rules build with; see docs/toolchain.md.",
    tag_classes = {
        "download": _download,
        "archive": _archive,
        "goproxy": _goproxy,
        "local": _local,
    },
)
