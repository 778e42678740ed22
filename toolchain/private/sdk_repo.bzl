"""Repository rules that materialise one Go SDK.

Three ways to get a GOROOT, one way to describe it:
- `go_archive_sdk`: a checksummed archive (the official distribution from the
  Go download site or a mirror, or any other packaging such as a wheel with
  GOROOT under `go/`);
- `go_goproxy_sdk`: the `golang.org/toolchain` module zip through the GOPROXY
  of the environment, checked by its h1 (Go's module-zip hash) and/or SHA-256;
- `go_local_sdk`: an existing GOROOT on this machine, symlinked in.

Every one then reads the SDK's own files (`VERSION`, `lib/fips140`,
`src/internal/godebugs/table.go`, `src/internal/goexperiment/flags.go`) and writes `sdk_data.bzl` with those facts
and a `BUILD.bazel` with the file groups, `go_sdk_info(name = "sdk")` and
`go_toolchain(name = "go_toolchain")`. The `toolchain()` targets that make it
selectable live in the hub repository (see hub_repo.bzl), so that toolchain
resolution never has to fetch an SDK it does not pick.
"""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "get_auth")
load(
    ":sdk_parse.bzl",
    "dirhash_summary",
    "goproxy_urls",
    "h1_from_sha256_hex",
    "parse_alias_file",
    "parse_goexperiment_names",
    "parse_sum_file",
    "parse_version_file",
)

# Labels as canonical strings: the generated BUILD file must load these from
# this module whatever name the consumer's repo mapping gives it.
_SDK_INFO_BZL = str(Label("//toolchain/private:sdk_info.bzl"))
_TOOLCHAIN_BZL = str(Label("//toolchain/private:toolchain.bzl"))

# Files a GOROOT may contain that would clash with what this rule writes.
_GENERATED = ["BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel", "MODULE.bazel", "REPO.bazel", "sdk_data.bzl"]

_STEPS = 1 << 22  # Starlark has no while loop; bounded iteration instead.

def _walk_files(root):
    """Every regular file under `root` (a path), as (relative name, path) pairs."""
    out = []
    todo = [(root, "")]
    for _ in range(_STEPS):
        if not todo:
            return out
        d, prefix = todo.pop()
        for e in d.readdir():
            name = prefix + e.basename
            if e.is_dir:
                todo.append((e, name + "/"))
            else:
                out.append((name, e))
    fail("too many files under %s" % root)

def _std_packages(rctx):
    """The import paths of the standard library's packages: every directory
    below src/ (but src/cmd, testdata and names go ignores) that holds a
    non-test Go file. No go_library may take one of them."""
    out = []
    todo = [(rctx.path("src"), "")]
    for _ in range(_STEPS):
        if not todo:
            return sorted(out)
        d, prefix = todo.pop()
        has_go = False
        for e in d.readdir():
            name = e.basename
            if e.is_dir:
                if name != "testdata" and name[0] not in "._" and prefix + name != "cmd":
                    todo.append((e, prefix + name + "/"))
            elif name.endswith(".go") and not name.endswith("_test.go") and name[0] not in "._":
                has_go = True
        if has_go and prefix:
            out.append(prefix[:-1])
    fail("too many directories under %s" % rctx.path("src"))

def _minor(version):
    """N of a `1.N[.P]` version, or None (devel and unknown forms)."""
    parts = version.split(".")
    if len(parts) < 2 or parts[0] != "1" or not parts[1].isdigit():
        return None
    return int(parts[1])

def _origin(rctx):
    return rctx.attr.origin or ("Go SDK repository " + rctx.attr.name)

def _read_fips140(rctx, where):
    """Aliases, snapshots and sums from lib/fips140 (absent before Go 1.24)."""
    d = rctx.path("lib/fips140")
    aliases = {}
    snapshots = {}
    if not d.exists:
        return aliases, snapshots
    sums = {}
    if rctx.path("lib/fips140/fips140.sum").exists:
        sums, err = parse_sum_file(rctx.read("lib/fips140/fips140.sum"))
        if err:
            fail("%s: lib/fips140/%s" % (where, err))
    for e in sorted(d.readdir(), key = lambda p: p.basename):
        name = e.basename
        if name.endswith(".txt"):
            target, err = parse_alias_file(rctx.read(e))
            if err:
                fail("%s: lib/fips140/%s: %s" % (where, name, err))
            aliases[name[:-len(".txt")]] = target
        elif name.endswith(".zip"):
            s = sums.get(name)
            snapshots[name[:-len(".zip")]] = {
                "zip": "lib/fips140/" + name,
                "sha256": s.sha256 if s else None,
                "h1": s.h1 if s else None,
            }
    return aliases, snapshots

def _godebug_table(rctx, version, where):
    """The SDK's internal/godebugs table, which fipstool reads for the
    default GODEBUG of every program; None for SDKs older than Go 1.21,
    which have none."""
    table = "src/internal/godebugs/table.go"
    if rctx.path(table).exists:
        return table
    minor = _minor(version)
    if minor != None and minor < 21:
        return None
    fail("%s: %s is missing; the default GODEBUG of Go %s cannot be computed without it" % (where, table, version))

def _goexperiments(rctx, version, where):
    """The GOEXPERIMENT names the SDK accepts (sdk_parse.bzl's
    parse_goexperiment_names), so that analysis refuses an unknown
    --@fips//:experiments entry as the go command would. [] for an SDK
    older than Go 1.17, which has no internal/goexperiment: its go command
    alone then judges the entries."""
    flags, exp = "src/internal/goexperiment/flags.go", "src/internal/buildcfg/exp.go"
    if not rctx.path(flags).exists or not rctx.path(exp).exists:
        minor = _minor(version)
        if minor != None and minor < 17:
            return []
        fail("%s: %s or %s is missing; the GOEXPERIMENT names of Go %s cannot be known without them" % (where, flags, exp, version))
    names, err = parse_goexperiment_names(rctx.read(flags), rctx.read(exp))
    if err:
        fail("%s: src/internal/goexperiment/%s" % (where, err))
    return names

def _generate(rctx, archive_digest = ""):
    """Checks the GOROOT now in the repository and writes its facts and BUILD
    file. archive_digest: what the SDK was verified by (`sha256:<hex>` of its
    archive, or the module zip's `h1:`), recorded in attestations."""
    where = _origin(rctx)
    goos, goarch = rctx.attr.goos, rctx.attr.goarch
    go = "bin/go.exe" if goos == "windows" else "bin/go"
    for required in ["VERSION", go]:
        if not rctx.path(required).exists:
            fail("%s is not a Go SDK: it has no %s" % (where, required))

    version, err = parse_version_file(rctx.read("VERSION"))
    if err:
        fail("%s: %s" % (where, err))
    if rctx.attr.version and rctx.attr.version != version:
        fail("%s: declared as Go %s, but its VERSION file says go%s" % (where, rctx.attr.version, version))

    tooldir = "pkg/tool/%s_%s" % (goos, goarch)
    if not rctx.path(tooldir).exists:
        have = sorted([e.basename for e in rctx.path("pkg/tool").readdir()]) if rctx.path("pkg/tool").exists else []
        fail("%s: its tools are built for %s, not %s/%s; set goos/goarch on the tag to the platform the SDK runs on" % (
            where,
            ", ".join(have) or "nothing (no pkg/tool)",
            goos,
            goarch,
        ))

    aliases, snapshots = _read_fips140(rctx, where)
    if not rctx.path("src").exists:
        fail("%s is not a Go SDK: it has no src/" % where)
    godebug_table = _godebug_table(rctx, version, where)
    experiments = _goexperiments(rctx, version, where)

    rctx.file("sdk_data.bzl", executable = False, content = _SDK_DATA.format(
        std_packages = repr(_std_packages(rctx)),
        version = repr(version),
        goos = repr(goos),
        goarch = repr(goarch),
        aliases = repr(aliases),
        snapshots = repr(snapshots),
        experiments = repr(experiments),
    ))
    extra = [f for f in ["go.env"] if rctx.path(f).exists]
    rctx.file("BUILD.bazel", executable = False, content = _BUILD.format(
        sdk_info_bzl = _SDK_INFO_BZL,
        toolchain_bzl = _TOOLCHAIN_BZL,
        go = repr(go),
        tooldir = tooldir,
        extra = repr(extra),
        archive_digest = repr(archive_digest),
        godebug_table = repr(godebug_table),
    ))

_SDK_DATA = '''"""Facts read from this Go SDK's own files when it was fetched."""

# The SDK's Go version (VERSION without `go`).
VERSION = {version}

# The platform its tools run on (pkg/tool/<GOOS>_<GOARCH>).
HOST_GOOS = {goos}
HOST_GOARCH = {goarch}

# lib/fips140/<alias>.txt: alias -> snapshot version.
ALIASES = {aliases}

# lib/fips140/<version>.zip with the sums lib/fips140/fips140.sum records
# (None where it records none).
SNAPSHOTS = {snapshots}

# The standard library's package paths (src/, without src/cmd).
STD_PACKAGES = {std_packages}

# The GOEXPERIMENT names it accepts (the fields of internal/goexperiment's
# Flags, lower-cased, and buildcfg's aliases); empty before Go 1.17.
EXPERIMENTS = {experiments}
'''

_BUILD = '''# Generated by the fips go_sdk extension. The facts are in sdk_data.bzl.
load("{sdk_info_bzl}", "go_sdk_info")
load("{toolchain_bzl}", "go_toolchain")
load(":sdk_data.bzl", "ALIASES", "EXPERIMENTS", "HOST_GOARCH", "HOST_GOOS", "SNAPSHOTS", "STD_PACKAGES", "VERSION")

package(default_visibility = ["//visibility:public"])

exports_files(["VERSION", {go}] + {extra})

# Every non-test file the standard library build may read: Go, assembly, C
# and headers (runtime/cgo). testdata, _test.go files and the commands'
# sources (src/cmd: the SDK's tools come prebuilt) stay out: a third fewer
# inputs to stage for the stdlib action and to check on every build.
filegroup(
    name = "srcs",
    srcs = glob(
        ["src/**"],
        exclude = ["src/**/testdata/**", "src/**/*_test.go", "src/cmd/**"],
    ),
)

filegroup(
    name = "tools",
    srcs = glob(["{tooldir}/**", "pkg/include/**"]),
)

filegroup(
    name = "fips_files",
    srcs = glob(["lib/fips140/**"]),
)

filegroup(
    name = "files",
    srcs = [{go}, "VERSION", ":srcs", ":tools", ":fips_files"] + {extra},
)

go_sdk_info(
    name = "sdk",
    version = VERSION,
    go = {go},
    root_file = "VERSION",
    srcs = [":srcs"],
    tools = [":tools"],
    fips_files = [":fips_files"],
    files = {extra},
    snapshot_zips = [s["zip"] for s in SNAPSHOTS.values()],
    snapshot_sha256 = {{v: s["sha256"] for v, s in SNAPSHOTS.items() if s["sha256"]}},
    snapshot_h1 = {{v: s["h1"] for v, s in SNAPSHOTS.items() if s["h1"]}},
    aliases = ALIASES,
    godebug_table = {godebug_table},
    std_packages = STD_PACKAGES,
    experiments = EXPERIMENTS,
    host_goos = HOST_GOOS,
    host_goarch = HOST_GOARCH,
    archive_digest = {archive_digest},
)

go_toolchain(
    name = "go_toolchain",
    sdk = ":sdk",
)
'''

def _make_tools_executable(rctx):
    """Sets the execute bits zip extraction may have dropped.

    A module zip records no file modes (the go command sets these bits itself
    on first use of a downloaded toolchain), and other zips may not either.
    """
    if rctx.attr.goos == "windows" or rctx.os.name.lower().startswith("windows"):
        return
    chmod = rctx.which("chmod")
    if not chmod:
        fail("%s: cannot find chmod to make the SDK's tools executable" % _origin(rctx))
    tools = ["bin/" + e.basename for e in rctx.path("bin").readdir()]
    tooldir = "pkg/tool/%s_%s" % (rctx.attr.goos, rctx.attr.goarch)
    if rctx.path(tooldir).exists:
        tools += [tooldir + "/" + e.basename for e in rctx.path(tooldir).readdir() if not e.is_dir]
    res = rctx.execute([chmod, "a+x"] + tools)
    if res.return_code:
        fail("%s: chmod failed: %s" % (_origin(rctx), res.stderr))

_COMMON_ATTRS = {
    "version": attr.string(doc = "The Go version the SDK must be (its VERSION file is checked); empty: whatever it is."),
    "goos": attr.string(mandatory = True, doc = "GOOS of the machine the SDK's tools run on."),
    "goarch": attr.string(mandatory = True, doc = "GOARCH of the machine the SDK's tools run on."),
    "origin": attr.string(doc = "The tag that declared this SDK, for error messages."),
}

# --- go_archive_sdk ------------------------------------------------------

def _is_zip(rctx):
    t = rctx.attr.type
    if t:
        return t in ("zip", "whl", "jar")
    return rctx.attr.urls[0].split("?")[0].endswith((".zip", ".whl"))

def _go_archive_sdk_impl(rctx):
    urls = rctx.attr.urls
    archive_type = rctx.attr.type
    if archive_type == "whl" or (not archive_type and urls[0].split("?")[0].endswith(".whl")):
        # A wheel is a zip; Bazel does not know the extension.
        archive_type = "zip"
    rctx.download_and_extract(
        urls,
        "",
        rctx.attr.sha256,
        archive_type,
        rctx.attr.strip_prefix,
        auth = get_auth(rctx, urls),
    )
    for name in _GENERATED:
        if rctx.path(name).exists:
            rctx.delete(name)
    if _is_zip(rctx):
        _make_tools_executable(rctx)
    _generate(rctx, "sha256:" + rctx.attr.sha256)

go_archive_sdk = repository_rule(
    implementation = _go_archive_sdk_impl,
    doc = "A Go SDK from a checksummed archive: the official distribution or any packaging of a GOROOT.",
    attrs = dict(_COMMON_ATTRS, **{
        "urls": attr.string_list(mandatory = True, doc = "Where to fetch the archive, tried in order."),
        "sha256": attr.string(mandatory = True, doc = "SHA-256 of the archive."),
        "strip_prefix": attr.string(doc = "The directory inside the archive that is GOROOT (`go` in official archives and wheels)."),
        "type": attr.string(doc = "Archive type (`tar.gz`, `zip`, ...); empty: from the URL (`.whl` means zip)."),
    }),
)

# --- go_goproxy_sdk ------------------------------------------------------

def _file_url(path):
    p = str(path)
    if not p.startswith("/"):
        p = "/" + p  # C:/... on Windows
    for c, esc in [("%", "%25"), (" ", "%20"), ("#", "%23"), ("?", "%3F")]:
        p = p.replace(c, esc)
    return "file://" + p

def _sha256_by_download(rctx, path, scratch):
    # Starlark cannot hash bytes; Bazel's downloader can, for any URL it
    # fetches, including a local file. The copy goes to a scratch file.
    return rctx.download(_file_url(path), scratch).sha256

def _sha256_tool(rctx):
    """The host's SHA-256 command (coreutils or perl's shasum), or None."""
    tool = rctx.which("sha256sum")
    if tool:
        return [tool]
    tool = rctx.which("shasum")
    if tool:
        return [tool, "-a", "256"]
    return None

_CHUNK = 400  # paths per command: far below any ARG_MAX

def _sha256_files(rctx, names, where):
    """Lowercase hex SHA-256 of each file (names relative to the repository root).

    The host's sha256sum (or shasum) does it in a few commands. Without one
    (or where a name would need escaping in its output), Bazel's downloader
    hashes the file instead: the same digest, slower, and the file lands in
    the repository cache.
    """
    sums = {}
    tool = _sha256_tool(rctx)
    plain = [n for n in names if "\\" not in n and "\n" not in n] if tool else []
    for i in range(0, len(plain), _CHUNK):
        res = rctx.execute(tool + ["./" + n for n in plain[i:i + _CHUNK]], timeout = 600)
        if res.return_code:
            fail("%s: %s failed: %s" % (where, tool[0], res.stderr))
        for line in res.stdout.split("\n"):
            # `<hex>  ./<name>` (text mode) or `<hex> *./<name>` (binary mode);
            # a line starting with `\` has an escaped name: left to the fallback.
            if line and not line.startswith("\\"):
                if line[64:68] not in ("  ./", " *./"):
                    fail("%s: unexpected %s output: %r" % (where, tool[0], line))
                sums[line[68:]] = line[:64]
    scratch = rctx.path("_goproxy_h1/scratch")
    return {
        n: sums[n] if n in sums else _sha256_by_download(rctx, rctx.path(n), scratch)
        for n in names
    }

def _h1(rctx, prefix, where, skip):
    """dirhash.Hash1 of the repository's files, named `<prefix>/<name>` as in the module zip.

    `skip`: top-level names that were there before the zip was extracted.
    """
    names = [name for name, _ in _walk_files(rctx.path(".")) if name.split("/")[0] not in skip]
    sums = _sha256_files(rctx, names, where)
    summary, err = dirhash_summary({prefix + "/" + n: h for n, h in sums.items()})
    if err:
        fail("%s: %s" % (where, err))
    # Go's distribution has ASCII file names only. A non-ASCII name would be
    # written re-encoded here, so its h1 would not match: refused, not missed.
    rctx.file("_goproxy_h1/summary", summary, executable = False)
    digest = _sha256_files(rctx, ["_goproxy_h1/summary"], where)["_goproxy_h1/summary"]
    rctx.delete("_goproxy_h1")
    return h1_from_sha256_hex(digest)

def _go_goproxy_sdk_impl(rctx):
    where = _origin(rctx)
    version, goos, goarch = rctx.attr.version, rctx.attr.goos, rctx.attr.goarch
    if not rctx.attr.h1 and not rctx.attr.sha256:
        fail("%s: give h1 (from `go mod download -json golang.org/toolchain@v0.0.1-go%s.%s-%s`, field Sum) or sha256 of the module zip" % (where, version, goos, goarch))
    goproxy = rctx.getenv("GOPROXY", "")
    if not goproxy:
        fail("%s: GOPROXY is not set in Bazel's environment; set it (export GOPROXY=... or --repo_env=GOPROXY=...) to the module proxy to fetch golang.org/toolchain from" % where)
    mod_version = "v0.0.1-go%s.%s-%s" % (version, goos, goarch)
    urls, err = goproxy_urls(goproxy, "golang.org/toolchain", mod_version + ".zip")
    if err:
        fail("%s: %s" % (where, err))

    # Whatever Bazel itself put in the repository is no part of the zip.
    root = rctx.path(".")
    preexisting = [e.basename for e in root.readdir()] if root.exists else []
    zip_name = "_goproxy_toolchain.zip"
    rctx.download(urls, zip_name, rctx.attr.sha256, auth = get_auth(rctx, urls))
    prefix = "golang.org/toolchain@%s" % mod_version
    rctx.extract(zip_name, "", prefix)
    rctx.delete(zip_name)

    if rctx.attr.h1:
        # dirhash.HashZip: every entry's name (with the module prefix) and the
        # SHA-256 of its content, sorted, hashed again. Hashed from the files
        # as extracted, so what is checked is exactly what the SDK will be.
        got = _h1(rctx, prefix, where, preexisting)
        if got != rctx.attr.h1:
            fail("%s: golang.org/toolchain@%s from %s has h1 %s, want %s: refusing it" % (where, mod_version, goproxy, got, rctx.attr.h1))

    for name in _GENERATED:
        if rctx.path(name).exists:
            rctx.delete(name)
    _make_tools_executable(rctx)
    _generate(rctx, rctx.attr.h1 or ("sha256:" + rctx.attr.sha256 if rctx.attr.sha256 else ""))

go_goproxy_sdk = repository_rule(
    implementation = _go_goproxy_sdk_impl,
    doc = "A Go SDK from the golang.org/toolchain module through GOPROXY, verified by h1 and/or SHA-256.",
    attrs = dict(_COMMON_ATTRS, **{
        "h1": attr.string(doc = "The module zip's h1 hash, as go.sum and the checksum database record it."),
        "sha256": attr.string(doc = "SHA-256 of the module zip file."),
    }),
)

# --- go_local_sdk --------------------------------------------------------

def is_absolute(path):
    return path.startswith("/") or (len(path) > 2 and path[1] == ":" and path[2] in "/\\")

def _go_local_sdk_impl(rctx):
    path = rctx.attr.path
    if not is_absolute(path):
        path = "%s/%s" % (rctx.workspace_root, path)
    root = rctx.path(path)
    if not root.exists:
        fail("%s: %s does not exist" % (_origin(rctx), path))

    # Symlinks, not copies: a GOROOT is hundreds of megabytes.
    for e in root.readdir():
        if e.basename not in _GENERATED:
            rctx.symlink(e, e.basename)
    _generate(rctx)

go_local_sdk = repository_rule(
    implementation = _go_local_sdk_impl,
    doc = "A Go SDK already on this machine (a GOROOT), symlinked into the repository.",
    attrs = dict(_COMMON_ATTRS, **{
        "path": attr.string(mandatory = True, doc = "The GOROOT: absolute, or relative to the root module's directory."),
    }),
    # The GOROOT lives outside Bazel's view: read it again on every fetch.
    local = True,
)
