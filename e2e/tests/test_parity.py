"""Parity: what the rules build is, point by point, what `GOFIPS140=<v> go
build -trimpath` builds with the same SDK (the oracle harness's record)."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import E2E, FIPS_CACHE, FIPSTOOL, OFFICIAL_SDKS, REPO, bazel, sdk_path
from elf_util import vaddr_to_offset

sys.path.insert(0, str(E2E / "oracle"))
import oracle  # noqa: E402

PROGRAM = E2E / "oracle" / "testdata" / "fipshello"

# Every value on go1.26.6 (the explicit versions and the v1.0.0 alias too);
# off, latest, inprocess and certified on every SDK.
CASES = [(sdk, v) for sdk in OFFICIAL_SDKS for v in ("off", "latest", "inprocess", "certified")]
CASES += [("1.26.6", v) for v in ("v1.0.0", "v1.26.0", "v1.0.0-c2097c7c")]

# The build lines the rules must reproduce exactly. (go build also records a
# `mod` line naming the go.mod module, which a Bazel build does not have.)
COMPARED = ("path", "-buildmode", "-compiler", "-tags", "-trimpath", "DefaultGODEBUG",
            "CGO_ENABLED", "GOARCH", "GOFIPS140", "GOOS", "GOAMD64")


def compared_lines(lines):
    out = []
    for line in lines:
        fields = line.split("\t")
        if fields[1] == "path" or (fields[1] == "build" and fields[2].split("=")[0] in COMPARED):
            out.append(line)
    return out


@pytest.fixture(scope="session")
def workspace():
    """A consumer workspace declaring the four genuine SDKs, kept in the
    test-bed cache so its Bazel server and caches stay warm between runs."""
    ws = FIPS_CACHE / "e2e-workspaces" / "parity"
    ws.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(ws / "app", ignore_errors=True)
    shutil.copytree(E2E / "parity" / "app", ws / "app")
    # The oracle's own program, so both sides build the very same source.
    shutil.copy2(PROGRAM / "main.go", ws / "app" / "main.go")
    sdks = "\n".join(f'go_sdk.local(path = "{sdk_path(v)}")' for v in OFFICIAL_SDKS)
    (ws / "MODULE.bazel").write_text(f"""module(name = "parity")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "{REPO}")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
{sdks}
""")
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    (ws / "BUILD.bazel").write_text("")
    return ws


def build(ws, sdk, value):
    """Builds the program; returns the build's CompletedProcess and the
    binary's path (Go targets live in their configuration's directory)."""
    flags = [f"--@fips//:version={value}", f"--@fips//toolchain:sdk_version={sdk}"]
    out = bazel(ws, "build", *flags, "//app:fipshello")
    if out.returncode != 0:
        return out, None
    files = bazel(ws, "cquery", "--output=files", *flags, "//app:fipshello")
    assert files.returncode == 0, files.stderr[-3000:]
    return out, ws / files.stdout.split()[0]


@pytest.mark.parametrize("sdk,value", CASES)
def test_parity_with_go_build(workspace, sdk, value, tmp_path):
    want = oracle.record(sdk_path(sdk), value, PROGRAM, goflags=["-trimpath"])
    out, binary = build(workspace, sdk, value)
    if "error" in want:
        # The SDK refuses the value: so must the build, at analysis, in Go's words.
        assert out.returncode != 0
        assert want["error"] in out.stderr, out.stderr[-3000:]
        return
    assert out.returncode == 0, out.stderr[-3000:]
    copy = tmp_path / "fipshello"
    shutil.copy2(binary, copy)
    for d in ("home", "tmp", "gopath", "gomodcache"):
        (tmp_path / d).mkdir()
    env = oracle.go_env(sdk_path(sdk), value, tmp_path, tmp_path / "gocache", "0")
    go = str(sdk_path(sdk) / "bin" / "go")
    assert compared_lines(oracle.build_lines(go, copy, env)) == compared_lines(want["build_lines"])
    assert oracle.fips_symbols(go, copy, env) == want["fips_symbols"]
    ran = subprocess.run([str(copy)], env={"GODEBUG": "fips140=debug"}, capture_output=True, text=True, timeout=60)
    assert {"exit_code": ran.returncode, "output": ran.stdout + ran.stderr} == want["debug_run"]
    # crypto/fips140.Enabled() is true exactly when FIPS is on.
    plain = subprocess.run([str(copy)], env={}, capture_output=True, text=True, timeout=60)
    assert plain.returncode == 0, plain.stderr
    assert f"fips140 enabled: {'false' if value == 'off' else 'true'}" in plain.stdout


def test_flipped_fips_byte_fails_verify_and_self_check(workspace, tmp_path):
    out, binary = build(workspace, "1.26.6", "certified")
    assert out.returncode == 0, out.stderr[-3000:]
    data = bytearray(binary.read_bytes())
    go = str(sdk_path("1.26.6") / "bin" / "go")
    nm = subprocess.run([go, "tool", "nm", str(binary)], capture_output=True, text=True, check=True,
                        env={"PATH": "/usr/bin:/bin", "GOTOOLCHAIN": "local", "HOME": str(tmp_path)})
    # A FIPS function the self-check itself does not run (it hashes with the
    # module's own SHA-256 and HMAC) and this program never calls (P-224).
    victim = ("crypto/internal/fips140/v1.0.0-c2097c7c/ecdsa.verifyGeneric"
              "[go.shape.*crypto/internal/fips140/v1.0.0-c2097c7c/nistec.P224Point]")
    addr = next(int(f[0], 16) for f in (line.split(None, 2) for line in nm.stdout.splitlines())
                if f[1:] == ["T", victim])
    data[vaddr_to_offset(bytes(data), addr) + 1] ^= 0xFF
    tampered = tmp_path / "tampered"
    tampered.write_bytes(bytes(data))
    tampered.chmod(0o755)
    verify = subprocess.run([FIPSTOOL, "verify", str(tampered)], capture_output=True, text=True)
    assert verify.returncode == 1, verify.stdout + verify.stderr
    assert "mismatch" in (verify.stdout + verify.stderr).lower()
    ran = subprocess.run([str(tampered)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode != 0
    assert "fips140: verification mismatch" in ran.stderr
