"""Shared fixtures of the e2e suite: the test bed's SDKs and Bazel."""

import json
import os
import pathlib
import shutil
import subprocess

import pytest

E2E = pathlib.Path(__file__).resolve().parent.parent
REPO = E2E.parent
BAZEL = E2E / "bazel"
OFFICIAL_SDKS = ["1.24.11", "1.25.5", "1.26.6", "1.27.3"]


def sdk_path(version: str) -> pathlib.Path:
    """GOROOT of a test-bed SDK (`debian` for Debian's golang-1.26),
    provisioning it on first use."""
    out = subprocess.run([str(E2E / "testbed" / "go-sdks"), "path", version],
                         check=True, capture_output=True, text=True)
    return pathlib.Path(out.stdout.strip())


FIPS_CACHE = pathlib.Path(os.environ.get("FIPS_CACHE") or pathlib.Path(
    os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache") / "fips-testbed")
FIPSTOOL = os.environ.get("FIPS_FIPSTOOL") or str(REPO / "rust" / "target" / "release" / "fipstool")
# Every workspace of the suite shares one disk cache: the same SDK and
# configuration give the same actions, whichever workspace runs them.
DISK_CACHE = f"--disk_cache={FIPS_CACHE / 'disk-cache'}"


def bazel(workspace: pathlib.Path, command: str, *args, check=False):
    """Runs `e2e/bazel COMMAND ARGS` in `workspace`; returns the CompletedProcess."""
    extra = [DISK_CACHE] if command in ("build", "test", "run", "cquery") else []
    env = dict(os.environ, FIPS_FIPSTOOL=FIPSTOOL)
    return subprocess.run([str(BAZEL), command, *extra, *args], cwd=workspace, capture_output=True,
                          text=True, check=check, env=env)


def consumer_workspace(name: str, module_lines: str) -> pathlib.Path:
    """A consumer workspace of this checkout's fips module, with
    `module_lines` (bazel_deps, SDKs) after its fips dependency. It is kept in
    the test-bed cache so its Bazel server and caches stay warm between runs."""
    ws = FIPS_CACHE / "e2e-workspaces" / name
    ws.mkdir(parents=True, exist_ok=True)
    (ws / "MODULE.bazel").write_text(f"""module(name = "{name}")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "{REPO}")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
{module_lines}
""")
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    return ws


def demo_workspace(name: str, module_lines: str) -> pathlib.Path:
    """A consumer workspace (consumer_workspace) holding the smoke demo's
    packages."""
    ws = consumer_workspace(name, module_lines)
    for d in ("api", "certs", "cmd", "release"):
        shutil.rmtree(ws / d, ignore_errors=True)
        shutil.copytree(E2E / "smoke" / d, ws / d)
    return ws


def bazel_output(workspace: pathlib.Path, target: str, *flags) -> pathlib.Path:
    """Builds `target` with `flags` and returns the path of its output file.
    Go targets are built in their own FIPS configuration's output directory,
    not bazel-bin, so ask Bazel where it is."""
    built = bazel(workspace, "build", *flags, target)
    assert built.returncode == 0, built.stderr[-3000:]
    files = bazel(workspace, "cquery", "--output=files", *flags, target)
    assert files.returncode == 0, files.stderr[-3000:]
    return workspace / files.stdout.split()[0]


def spawns(log: pathlib.Path) -> list:
    """The spawns an --execution_log_json_file records (a stream of JSON objects)."""
    text, decoder, pos, out = log.read_text(), json.JSONDecoder(), 0, []
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        spawn, pos = decoder.raw_decode(text, pos)
        out.append(spawn)
    return out


@pytest.fixture(scope="session")
def sdks():
    return {v: sdk_path(v) for v in OFFICIAL_SDKS}
