"""The go_sdk extension as a consumer uses it: every way of declaring an SDK,
the facts each SDK repository reads from its own files, and which SDK
toolchain resolution picks.

One consumer workspace (kept in the test-bed cache so its Bazel server stays
warm) declares the four genuine SDKs with `local`, the go1.25.5 wheel with
`archive`, a go.dev-style tarball with `download` (file:// URL template), and
a golang.org/toolchain module zip through a file:// GOPROXY with `goproxy`.
Nothing reaches the network: every URL is a file in the test-bed cache.
"""

import base64
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import tarfile
import zipfile

import pytest

from conftest import E2E, OFFICIAL_SDKS, REPO, bazel, sdk_path

CACHE = pathlib.Path(os.environ.get("FIPS_CACHE", pathlib.Path.home() / ".cache" / "fips-testbed"))
FIXTURES = CACHE / "e2e-workspaces" / "toolchain-fixtures"
PINS = {line.split()[0]: line.split()[1:] for line in (E2E / "testbed" / "sdk-pins.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")}

WHEEL_VERSION = "1.25.5"
DOWNLOAD_VERSION = "1.26.6"
GOPROXY_VERSION = "1.24.11"
TOOLCHAIN_MOD = f"v0.0.1-go{GOPROXY_VERSION}.linux-amd64"


def sum_file(goroot):
    """lib/fips140/fips140.sum as {version: (sha256, h1 or None)}, read independently."""
    out = {}
    for line in (goroot / "lib" / "fips140" / "fips140.sum").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            f = line.split()
            out[f[0].removesuffix(".zip")] = (f[1], f[2] if len(f) > 2 else None)
    return out


def aliases(goroot):
    return {p.stem: p.read_text().strip() for p in (goroot / "lib" / "fips140").glob("*.txt")}


def h1_of_zip(path):
    """Go's dirhash.HashZip."""
    with zipfile.ZipFile(path) as z:
        names = sorted(i.filename for i in z.infolist())
        summary = "".join(f"{hashlib.sha256(z.read(n)).hexdigest()}  {n}\n" for n in names)
    return "h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode()


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sdk_files(goroot):
    """A GOROOT's files as (relative name, path), the way a distribution packs them."""
    for path in sorted(goroot.rglob("*")):
        if path.is_file():
            yield path.relative_to(goroot).as_posix(), path


def made_once(path, make):
    """`path`, made by `make(tmp)` unless a complete one is cached."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".partial")
        make(tmp)
        tmp.rename(path)
    return path


@pytest.fixture(scope="session")
def tarball():
    """go.dev's layout for DOWNLOAD_VERSION: go<v>.linux-amd64.tar.gz, GOROOT under go/."""
    def make(tmp):
        with tarfile.open(tmp, "w:gz", compresslevel=1) as t:
            t.add(sdk_path(DOWNLOAD_VERSION), arcname="go")
    return made_once(FIXTURES / "dl" / f"go{DOWNLOAD_VERSION}.linux-amd64.tar.gz", make)


@pytest.fixture(scope="session")
def goproxy():
    """A file:// GOPROXY serving golang.org/toolchain@TOOLCHAIN_MOD: a module zip
    (no file modes recorded, as the real ones) of the genuine GOROOT."""
    proxy = FIXTURES / "goproxy"
    prefix = f"golang.org/toolchain@{TOOLCHAIN_MOD}/"

    def make(tmp):
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as z:
            for name, path in sdk_files(sdk_path(GOPROXY_VERSION)):
                z.writestr(zipfile.ZipInfo(prefix + name, date_time=(1980, 1, 1, 0, 0, 0)), path.read_bytes())
    zip_path = made_once(proxy / "golang.org" / "toolchain" / "@v" / f"{TOOLCHAIN_MOD}.zip", make)
    h1_file = made_once(zip_path.with_suffix(".ziphash"), lambda tmp: tmp.write_text(h1_of_zip(zip_path)))
    return proxy, h1_file.read_text().strip()


@pytest.fixture(scope="session")
def workspace(tarball, goproxy):
    ws = CACHE / "e2e-workspaces" / "toolchain"
    ws.mkdir(parents=True, exist_ok=True)
    wheel = CACHE / "downloads" / PINS[WHEEL_VERSION][0]
    assert wheel.exists(), wheel
    _, h1 = goproxy
    locals_ = "\n".join(
        f'go_sdk.local(name = "local_{v.replace(".", "_")}", path = "{sdk_path(v)}")' for v in OFFICIAL_SDKS)
    repos = [f"local_{v.replace('.', '_')}" for v in OFFICIAL_SDKS] + ["wheel", "tarball", "goproxy", "goproxy_bad_h1"]
    # Broken declarations, listed after the good ones so that they never win.
    not_a_goroot = FIXTURES / "not-a-goroot"
    (not_a_goroot / "bin").mkdir(parents=True, exist_ok=True)
    (not_a_goroot / "VERSION").write_text("go1.26.6\n")
    locals_ += f"""
go_sdk.local(name = "not_a_goroot", path = "{not_a_goroot}", version = "1.26.6")
go_sdk.local(name = "wrong_version", path = "{sdk_path('1.25.5')}", version = "1.26.6")"""
    repos += ["not_a_goroot", "wrong_version"]
    (ws / "MODULE.bazel").write_text(f"""module(name = "toolchain_e2e")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "{REPO}")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
{locals_}
go_sdk.archive(
    name = "wheel",
    version = "{WHEEL_VERSION}",
    urls = ["file://{wheel}"],
    sha256 = "{PINS[WHEEL_VERSION][1]}",
    strip_prefix = "go",
)
go_sdk.download(
    name = "tarball",
    version = "{DOWNLOAD_VERSION}",
    urls = ["file://{tarball.parent}/{{filename}}"],
    sha256 = "{sha256_of(tarball)}",
)
go_sdk.goproxy(name = "goproxy", version = "{GOPROXY_VERSION}", h1 = "{h1}")
go_sdk.goproxy(name = "goproxy_bad_h1", version = "{GOPROXY_VERSION}", h1 = "h1:{'A' * 43}=")
use_repo(go_sdk, {", ".join(json.dumps(r) for r in repos)})
""")
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    shutil.copy(E2E / "smoke" / "toolchain" / "sdk_facts.bzl", ws / "sdk_facts.bzl")
    targets = "\n".join(f'go_sdk_facts(name = "{r}", toolchain = "@{r}//:go_toolchain")' for r in repos)
    (ws / "BUILD.bazel").write_text(f"""load(":sdk_facts.bzl", "go_sdk_facts")

# The SDK toolchain resolution picks.
go_sdk_facts(name = "resolved")

# Each declared SDK, by its repository.
{targets}
""")
    return ws


def run(ws, *args):
    env = dict(os.environ, GOPROXY=f"file://{FIXTURES / 'goproxy'}")
    return subprocess.run([str(E2E / "bazel"), *args], cwd=ws, capture_output=True, text=True, env=env)


def facts(ws, target, *flags):
    out = run(ws, "build", *flags, f"//:{target}")
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads((ws / "bazel-bin" / f"{target}.json").read_text())


def output_base(ws):
    return pathlib.Path(run(ws, "info", "output_base").stdout.strip())


def check_sdk(got, goroot, version):
    """GoSdkInfo facts equal what the GOROOT's own files say."""
    assert got["version"] == version
    assert got["host"] == "linux/amd64"
    assert got["aliases"] == aliases(goroot)
    sums = sum_file(goroot)
    assert sorted(got["snapshots"]) == sorted(p.stem for p in (goroot / "lib" / "fips140").glob("*.zip"))
    for v, s in got["snapshots"].items():
        assert (s["sha256"], s["h1"]) == sums[v], v
        assert s["zip"].endswith(f"/lib/fips140/{v}.zip")
    assert got["godebug_table"] == got["goroot"] + "/src/internal/godebugs/table.go"
    assert got["go"] == got["goroot"] + "/bin/go"
    # The stdlib's inputs: src/ but for testdata, _test.go files and the
    # commands' sources (src/cmd).
    want_srcs = [p for p in (goroot / "src").rglob("*")
                 if p.is_file() and not p.name.endswith("_test.go") and "testdata" not in p.parts
                 and not p.relative_to(goroot / "src").parts[0] == "cmd"]
    assert got["file_counts"]["srcs"] == len(want_srcs) > 3000
    assert got["file_counts"]["tools"] > 5


@pytest.mark.parametrize("version", OFFICIAL_SDKS)
def test_local_sdk_facts(workspace, version):
    got = facts(workspace, f"local_{version.replace('.', '_')}")
    check_sdk(got, sdk_path(version), version)


def test_lib_fips140_layouts(workspace):
    """go-fips140.md §2, through the rules' eyes."""
    v124 = facts(workspace, "local_1_24_11")
    v127 = facts(workspace, "local_1_27_3")
    assert v124["aliases"] == {"inprocess": "v1.0.0-c2097c7c", "v1.0.0": "v1.0.0-c2097c7c"}
    assert list(v124["snapshots"]) == ["v1.0.0-c2097c7c"]
    assert v124["snapshots"]["v1.0.0-c2097c7c"]["h1"] is None
    assert v127["aliases"] == {"certified": "v1.0.0-c2097c7c", "inprocess": "v1.26.0", "v1.0.0": "v1.0.0-c2097c7c"}
    assert v127["snapshots"]["v1.26.0"]["h1"] == "h1:dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM="


def assert_runs(ws, got, version):
    """The SDK's go command survived the extraction: executable, and it runs."""
    go = output_base(ws) / got["go"]
    assert os.access(go, os.X_OK), go
    compile_ = go.parent.parent / "pkg" / "tool" / "linux_amd64" / "compile"
    assert os.access(compile_, os.X_OK), compile_
    out = subprocess.run([str(go), "version"], capture_output=True, text=True, env={"GOTOOLCHAIN": "local", "PATH": "/usr/bin:/bin"})
    assert out.stdout.startswith(f"go version go{version} linux/amd64"), out


def test_archive_wheel(workspace):
    got = facts(workspace, "wheel")
    check_sdk(got, sdk_path(WHEEL_VERSION), WHEEL_VERSION)
    assert_runs(workspace, got, WHEEL_VERSION)


def test_download_url_template(workspace):
    got = facts(workspace, "tarball")
    check_sdk(got, sdk_path(DOWNLOAD_VERSION), DOWNLOAD_VERSION)
    assert_runs(workspace, got, DOWNLOAD_VERSION)


def test_goproxy_checked_by_h1(workspace):
    got = facts(workspace, "goproxy")
    check_sdk(got, sdk_path(GOPROXY_VERSION), GOPROXY_VERSION)
    # Module zips record no modes: the tools were made executable.
    assert_runs(workspace, got, GOPROXY_VERSION)


def test_goproxy_wrong_h1_is_refused(workspace, goproxy):
    out = run(workspace, "build", "//:goproxy_bad_h1")
    assert out.returncode != 0
    _, h1 = goproxy
    assert f"golang.org/toolchain@{TOOLCHAIN_MOD} from file://" in out.stderr, out.stderr[-3000:]
    assert f"has h1 {h1}, want h1:{'A' * 43}=: refusing it" in out.stderr, out.stderr[-3000:]


def test_goroot_without_go_is_refused(workspace):
    out = run(workspace, "build", "//:not_a_goroot")
    assert out.returncode != 0
    assert "not-a-goroot\") in module toolchain_e2e is not a Go SDK: it has no bin/go" in out.stderr, out.stderr[-3000:]


def test_version_must_match_the_goroot(workspace):
    out = run(workspace, "build", "//:wrong_version")
    assert out.returncode != 0
    assert "declared as Go 1.26.6, but its VERSION file says go1.25.5" in out.stderr, out.stderr[-3000:]


def test_default_is_the_root_modules_first_sdk(workspace):
    # local comes first among the root module's tag classes.
    got = facts(workspace, "resolved")
    assert got["version"] == OFFICIAL_SDKS[0]
    assert got["repo"].endswith("+local_1_24_11") or got["repo"].endswith("~local_1_24_11"), got["repo"]


@pytest.mark.parametrize("version", OFFICIAL_SDKS)
def test_sdk_version_flag_selects(workspace, version):
    got = facts(workspace, "resolved", f"--@fips//toolchain:sdk_version={version}")
    assert got["version"] == version
    # Several SDKs of 1.24.11/1.25.5/1.26.6 are declared: a local one wins.
    assert re.search(r"[~+]local_" + version.replace(".", "_") + "$", got["repo"]), got["repo"]


def test_unknown_sdk_version_fails_with_the_declared_ones(workspace):
    out = run(workspace, "build", "--@fips//toolchain:sdk_version=1.99.0", "//:resolved")
    assert out.returncode != 0
    assert "toolchain:sdk_version: invalid value '1.99.0'. Allowed values are" in out.stderr, out.stderr[-3000:]
    for v in OFFICIAL_SDKS:
        assert f'"{v}"' in out.stderr


def test_smoke_workspace_resolves_its_local_sdk():
    """e2e/smoke declares go_sdk.local(path = "../.testbed/sdk/go1.26.6"), relative
    to its own directory; it wins over the rule set's default download."""
    smoke = E2E / "smoke"
    out = bazel(smoke, "build", "//toolchain:go_sdk_facts")
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads((smoke / "bazel-bin" / "toolchain" / "go_sdk_facts.json").read_text())
    check_sdk(got, sdk_path("1.26.6"), "1.26.6")
    assert "go_sdk_local_1_26_6_linux_amd64" in got["repo"], got["repo"]
