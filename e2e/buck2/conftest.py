"""Shared fixtures of the Buck2 suite: a buck2 from the test bed's cache or
PATH, the test bed's SDKs, and one workspace (one buck2 daemon) for the whole
session, holding the fips cell and the smoke demo."""

import os
import pathlib
import shutil
import subprocess

import pytest

HERE = pathlib.Path(__file__).resolve().parent
E2E = HERE.parent
REPO = E2E.parent
SDKS = ["1.26.6", "1.27.3"]
FIPS_CACHE = pathlib.Path(os.environ.get("FIPS_CACHE") or pathlib.Path(
    os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache") / "fips-testbed")
FIPSTOOL = os.environ.get("FIPS_FIPSTOOL") or str(REPO / "rust" / "target" / "release" / "fipstool")
DEMO_TARGET = "//cmd/fipsdemo:fipsdemo"

BUCKCONFIG = """[cells]
  root = .
  fips = fips
  prelude = prelude
  toolchains = toolchains
  none = none

[cell_aliases]
  config = prelude
  ovr_config = prelude
  fbcode = none
  fbsource = none
  fbcode_macros = none
  buck = none

[external_cells]
  prelude = bundled

[parser]
  target_platform_detector_spec = target:root//...->prelude//platforms:default

[build]
  execution_platforms = prelude//platforms:default

[fips]
  toolchain = toolchains//:go1.26.6
"""


def find_buck2():
    """The test bed's buck2, else one on PATH, else None."""
    cached = FIPS_CACHE / "buck2" / "bin" / "buck2"
    if os.access(cached, os.X_OK):
        return str(cached)
    return shutil.which("buck2")


def sdk_path(version: str) -> pathlib.Path:
    """GOROOT of a test-bed SDK, provisioned on first use."""
    out = subprocess.run([str(E2E / "testbed" / "go-sdks"), "path", version],
                         check=True, capture_output=True, text=True)
    return pathlib.Path(out.stdout.strip())


def toolchain_rule(name, goroot, version):
    return (f'go_toolchain(\n    name = "{name}",\n    fipstool = "fipstool",\n    goroot = "{goroot}",\n'
            f'    version = "{version}",\n    visibility = ["PUBLIC"],\n)\n')


def make_workspace(ws: pathlib.Path, extra_toolchains=""):
    """A Buck2 project: the fips cell (copied with its links resolved, as a
    user vendors it), a toolchains cell with the test bed's SDKs, and the
    smoke demo's Go sources with this suite's BUCK files."""
    ws.mkdir(parents=True, exist_ok=True)
    for d in ("fips", "toolchains", "api", "certs", "cmd", "release"):
        shutil.rmtree(ws / d, ignore_errors=True)
    shutil.copytree(REPO / "buck2", ws / "fips", symlinks=False)
    for d in ("api", "certs", "cmd", "release"):
        shutil.copytree(E2E / "smoke" / d, ws / d, ignore=shutil.ignore_patterns("BUILD.bazel"))
        shutil.copytree(HERE / "demo" / d, ws / d, dirs_exist_ok=True)
    (ws / "toolchains").mkdir()
    shutil.copy2(FIPSTOOL, ws / "toolchains" / "fipstool")
    rules = "".join(toolchain_rule("go" + v, sdk_path(v), v) for v in SDKS)
    (ws / "toolchains" / "BUCK").write_text('load("@fips//:defs.bzl", "go_toolchain")\n\n' + rules + extra_toolchains)
    (ws / ".buckconfig").write_text(BUCKCONFIG)
    (ws / ".buckroot").write_text("")
    return ws


class Buck2:
    """Runs buck2 in one workspace; every test shares its daemon."""

    def __init__(self, exe, ws):
        self.exe, self.ws = exe, ws

    def run(self, command, *args, sdk="1.26.6", version=None, config=()):
        flags = [f"-c=fips.toolchain=toolchains//:go{sdk}"]
        if version is not None:
            flags.append(f"-c=fips.version={version}")
        flags += [f"-c={c}" for c in config]
        return subprocess.run([self.exe, command, *flags, *args], cwd=self.ws, capture_output=True, text=True,
                              timeout=1800)

    def output(self, target, **kwargs):
        """Builds `target`; returns the path of its output."""
        out = self.run("build", "--show-full-output", target, **kwargs)
        assert out.returncode == 0, out.stderr[-4000:]
        for line in out.stdout.splitlines():
            name, _, path = line.partition(" ")
            if name.endswith(target.lstrip("/")) or name == target:
                return pathlib.Path(path)
        raise AssertionError(f"no output for {target} in: {out.stdout}")


@pytest.fixture(scope="session")
def buck2():
    exe = find_buck2()
    if not exe:
        pytest.skip("buck2 suite skipped: no buck2 in $FIPS_CACHE/buck2/bin or on PATH")
    ws = make_workspace(FIPS_CACHE / "e2e-workspaces" / "buck2", tampered_toolchain(FIPS_CACHE / "e2e-workspaces"))
    runner = Buck2(exe, ws)
    yield runner
    # The daemon this session started: stop it (it would outlive the suite).
    subprocess.run([exe, "kill"], cwd=ws, capture_output=True, text=True)


TAMPERED_SNAPSHOT = "v1.0.0-c2097c7c"


def tampered_toolchain(base: pathlib.Path) -> str:
    """A toolchain whose GOROOT is go1.26.6 but for one changed line in one
    file of the certified snapshot zip (as the Bazel suite's test_errors)."""
    import zipfile

    genuine = sdk_path("1.26.6")
    root = base / "buck2-go-tampered"
    if not (root / "VERSION").exists():
        shutil.rmtree(root, ignore_errors=True)
        fips = root / "lib" / "fips140"
        fips.mkdir(parents=True)
        for entry in genuine.iterdir():
            if entry.name != "lib":
                (root / entry.name).symlink_to(entry)
        for entry in (genuine / "lib").iterdir():
            if entry.name != "fips140":
                (root / "lib" / entry.name).symlink_to(entry)
        for entry in (genuine / "lib" / "fips140").iterdir():
            if entry.name != f"{TAMPERED_SNAPSHOT}.zip":
                (fips / entry.name).symlink_to(entry)
        victim = f"golang.org/fips140@{TAMPERED_SNAPSHOT}/fips140/{TAMPERED_SNAPSHOT}/sha256/sha256.go"
        with zipfile.ZipFile(genuine / "lib" / "fips140" / f"{TAMPERED_SNAPSHOT}.zip") as src, \
                zipfile.ZipFile(fips / f"{TAMPERED_SNAPSHOT}.zip", "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == victim:
                    data += b"\n// a line nobody certified\n"
                dst.writestr(info, data)
    return toolchain_rule("go-tampered", root, "1.26.6")
