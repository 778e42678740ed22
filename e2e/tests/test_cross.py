"""Cross-compiled FIPS binaries: the demo built on linux/amd64 for linux/arm64,
darwin/amd64, darwin/arm64 and windows/amd64 with `--platforms`, `certified`,
on go1.26.6 and go1.27.3. Each is checked in the build by `fipstool check`
(ELF, Mach-O, PE) and has the build lines and FIPS symbols of `GOOS=..
GOARCH=.. GOFIPS140=certified go build`; the linux/arm64 one runs under
user-mode emulation (qemu-user, provisioned in the test bed's sid root)."""

import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import E2E, FIPS_CACHE, FIPSTOOL, bazel, demo_workspace, sdk_path
from elf_util import vaddr_to_offset

sys.path.insert(0, str(E2E / "oracle"))
import oracle  # noqa: E402

PROGRAM = E2E / "smoke"
PACKAGE = "./cmd/fipsdemo"
TARGET = "//cmd/fipsdemo"
SDKS = ["1.26.6", "1.27.3"]
# name: (GOOS, GOARCH, file format, the @platforms constraints)
PLATFORMS = {
    "linux_arm64": ("linux", "arm64", "ELF", ("linux", "aarch64")),
    "darwin_amd64": ("darwin", "amd64", "Mach-O", ("macos", "x86_64")),
    "darwin_arm64": ("darwin", "arm64", "Mach-O", ("macos", "aarch64")),
    "windows_amd64": ("windows", "amd64", "PE", ("windows", "x86_64")),
}
COMPARED = ("path", "-buildmode", "-compiler", "-tags", "-trimpath", "DefaultGODEBUG", "CGO_ENABLED", "GOARCH",
            "GOFIPS140", "GOOS", "GOAMD64", "GOARM64")
# The sid root's qemu-user (static, runs on the host), else the host's own
# (a host with its own Bazel has no sid root).
QEMU = FIPS_CACHE / "sid-root" / "usr" / "bin" / "qemu-aarch64"
if not QEMU.exists() and shutil.which("qemu-aarch64"):
    QEMU = pathlib.Path(shutil.which("qemu-aarch64"))


@pytest.fixture(scope="module")
def workspace():
    lines = "\n".join(f'go_sdk.local(path = "{sdk_path(v)}", version = "{v}")' for v in SDKS)
    ws = demo_workspace("cross", lines)
    (ws / "BUILD.bazel").write_text("".join(
        f'platform(\n    name = "{name}",\n    constraint_values = ["@platforms//os:{os}", "@platforms//cpu:{cpu}"],\n)\n\n'
        for name, (_, _, _, (os, cpu)) in PLATFORMS.items()))
    (ws / "MODULE.bazel").write_text((ws / "MODULE.bazel").read_text() + 'bazel_dep(name = "platforms", version = "0.0.10")\n')
    return ws


def flags(sdk, platform):
    return ["--@fips//:version=certified", f"--@fips//toolchain:sdk_version={sdk}", f"--platforms=//:{platform}"]


def build(ws, sdk, platform):
    """Builds the demo for `platform` (its validation, fipstool check, runs in
    the build); returns the binary's path."""
    out = bazel(ws, "build", *flags(sdk, platform), TARGET)
    assert out.returncode == 0, out.stderr[-3000:]
    files = bazel(ws, "cquery", "--output=files", *flags(sdk, platform), TARGET)
    assert files.returncode == 0, files.stderr[-3000:]
    return ws / files.stdout.split()[0]


def compared(lines):
    return [line for line in lines if line.split("\t")[1] == "path" or
            (line.split("\t")[1] == "build" and line.split("\t")[2].split("=")[0] in COMPARED)]


def go_facts(sdk, binary, tmp_path):
    env = oracle.go_env(sdk_path(sdk), "certified", tmp_path, tmp_path / "gocache", "0")
    for d in ("tmp", "gopath", "gomodcache"):
        (tmp_path / d).mkdir(exist_ok=True)
    go = str(sdk_path(sdk) / "bin" / "go")
    return compared(oracle.build_lines(go, binary, env)), oracle.fips_symbols(go, binary, env)


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_cross_compiled_binary_is_go_builds(workspace, sdk, platform, tmp_path):
    goos, goarch, fmt, _ = PLATFORMS[platform]
    binary = build(workspace, sdk, platform)
    assert binary.name == "fipsdemo" + (".exe" if goos == "windows" else "")
    inspected = json.loads(subprocess.run([FIPSTOOL, "inspect", "--json", str(binary)],
                                          capture_output=True, text=True, check=True).stdout)
    assert inspected["format"] == fmt
    assert inspected["fips"]["integrity"]["verdict"] == "fips-verified", inspected["fips"]["integrity"]
    want = oracle.record(sdk_path(sdk), "certified", PROGRAM, PACKAGE, goflags=["-trimpath"], goos=goos, goarch=goarch)
    assert "error" not in want, want.get("error")
    lines, symbols = go_facts(sdk, binary, tmp_path)
    assert lines == compared(want["build_lines"])
    assert f"build\tGOOS={goos}" in "\n".join(lines) and f"build\tGOARCH={goarch}" in "\n".join(lines)
    assert symbols == want["fips_symbols"] and symbols


def test_linux_arm64_binary_runs_under_emulation(workspace, tmp_path):
    assert QEMU.exists(), f"{QEMU} is missing: e2e/testbed/setup installs qemu-user in the sid root " \
        "(a host with its own Bazel needs qemu-user installed)"
    arm64 = build(workspace, "1.26.6", "linux_arm64")
    # The amd64 binary of the same configuration, for the self-test output:
    # in a directory of its own (the platform is in the configuration).
    out = bazel(workspace, "build", "--@fips//:version=certified", "--@fips//toolchain:sdk_version=1.26.6", TARGET)
    assert out.returncode == 0, out.stderr[-3000:]
    files = bazel(workspace, "cquery", "--output=files", "--@fips//:version=certified",
                  "--@fips//toolchain:sdk_version=1.26.6", TARGET)
    amd64 = workspace / files.stdout.split()[0]
    assert amd64 != arm64 and arm64.exists()

    def run(cmd, godebug):
        return subprocess.run(cmd, env={"PATH": "/usr/bin:/bin", "GODEBUG": godebug}, capture_output=True,
                              text=True, timeout=180)

    emulated = run([str(QEMU), str(arm64)], "fips140=debug")
    assert emulated.returncode == 0, emulated.stderr
    host = run([str(amd64)], "fips140=debug")
    assert host.returncode == 0, host.stderr
    # Server and client run concurrently: the same lines, in any order.
    assert sorted((emulated.stdout + emulated.stderr).splitlines()) == sorted((host.stdout + host.stderr).splitlines())
    assert "fips140: verified code+data" in emulated.stderr
    plain = run([str(QEMU), str(arm64)], "")
    assert "FIPS 140-3 mode: on" in plain.stdout and "fips_enabled=true" in plain.stdout, plain.stdout + plain.stderr
    # One byte of the FIPS module's code flipped: the self-check panics.
    go = str(sdk_path("1.26.6") / "bin" / "go")
    nm = subprocess.run([go, "tool", "nm", str(arm64)], capture_output=True, text=True, check=True,
                        env={"PATH": "/usr/bin:/bin", "GOTOOLCHAIN": "local", "GOCACHE": str(tmp_path / "gocache")})
    # A FIPS function neither the self-check nor this program runs (P-224).
    victim = ("crypto/internal/fips140/v1.0.0-c2097c7c/ecdsa.verifyGeneric"
              "[go.shape.*crypto/internal/fips140/v1.0.0-c2097c7c/nistec.P224Point]")
    addr = next(int(f[0], 16) for f in (line.split(None, 2) for line in nm.stdout.splitlines()) if f[1:] == ["T", victim])
    data = bytearray(arm64.read_bytes())
    data[vaddr_to_offset(bytes(data), addr) + 1] ^= 0xFF
    tampered = tmp_path / "tampered"
    tampered.write_bytes(bytes(data))
    tampered.chmod(0o755)
    broken = run([str(QEMU), str(tampered)], "fips140=on")
    assert broken.returncode != 0 and "fips140: verification mismatch" in broken.stderr, broken.stderr[-2000:]
