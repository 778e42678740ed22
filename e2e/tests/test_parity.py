"""Parity: what the rules build is, point by point, what `GOFIPS140=<v> go
build -trimpath` builds with the same SDK (the oracle harness's record)."""

import shutil
import subprocess
import sys

import pytest

from conftest import E2E, FIPSTOOL, OFFICIAL_SDKS, bazel, demo_workspace, sdk_path
from elf_util import vaddr_to_offset

sys.path.insert(0, str(E2E / "oracle"))
import oracle  # noqa: E402

# The smoke workspace's demo (an HTTPS server and client over TLS 1.3 in three
# packages, with go_tests); its go.mod makes it a Go module for go build.
PROGRAM = E2E / "smoke"
PACKAGE = "./cmd/fipsdemo"
TARGET = "//cmd/fipsdemo"

# Every value on go1.26.6 (the explicit versions and the v1.0.0 alias too);
# off, latest, and the snapshot aliases each SDK has on the others (go1.24 and
# go1.25 have no certified: the build must refuse it as go build does).
CASES = [(sdk, v) for sdk in OFFICIAL_SDKS for v in ("off", "latest", "inprocess", "certified")
         if (sdk, v) != ("1.27.3", "inprocess")]
CASES += [("1.26.6", v) for v in ("v1.0.0", "v1.26.0", "v1.0.0-c2097c7c")]

# The build lines the rules must reproduce exactly. (go build also records a
# `mod` line naming the go.mod module, which a Bazel build does not have.)
COMPARED = ("path", "-buildmode", "-compiler", "-tags", "-trimpath", "DefaultGODEBUG",
            "CGO_ENABLED", "GOARCH", "GOEXPERIMENT", "GOFIPS140", "GOOS", "GOAMD64")

# Build tags and GOEXPERIMENT: (sdk, version, tags, experiments). go build
# refuses purego with FIPS from Go 1.26 (go1.24 takes it) and boringcrypto
# with FIPS always; the rules must refuse exactly these, in Go's words.
OPTION_CASES = [
    ("1.26.6", "certified", ["netgo", "osusergo"], []),
    ("1.24.11", "v1.0.0", ["purego"], []),
    ("1.26.6", "off", ["purego"], []),
    ("1.26.6", "certified", [], ["nogreenteagc"]),
    ("1.26.6", "certified", ["purego"], []),
    ("1.27.3", "latest", [], ["boringcrypto"]),
]


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
    ws = demo_workspace("parity", "\n".join(f'go_sdk.local(path = "{sdk_path(v)}")' for v in OFFICIAL_SDKS))
    (ws / "BUILD.bazel").write_text("")
    return ws


def build(ws, sdk, value, options=()):
    """Builds the program; returns the build's CompletedProcess and the
    binary's path (Go targets live in their configuration's directory)."""
    flags = [f"--@fips//:version={value}", f"--@fips//toolchain:sdk_version={sdk}", *options]
    out = bazel(ws, "build", *flags, TARGET)
    if out.returncode != 0:
        return out, None
    files = bazel(ws, "cquery", "--output=files", *flags, TARGET)
    assert files.returncode == 0, files.stderr[-3000:]
    return out, ws / files.stdout.split()[0]


@pytest.mark.parametrize("sdk,value", CASES)
def test_parity_with_go_build(workspace, sdk, value, tmp_path):
    want = oracle.record(sdk_path(sdk), value, PROGRAM, PACKAGE, goflags=["-trimpath"])
    out, binary = build(workspace, sdk, value)
    assert_same_as_go_build(workspace, sdk, value, want, out, binary, tmp_path)
    if binary:
        # The go_tests pass in the same configuration.
        tested = bazel(workspace, "test", "--nocache_test_results", f"--@fips//:version={value}",
                       f"--@fips//toolchain:sdk_version={sdk}", "//...")
        assert tested.returncode == 0, tested.stdout[-2000:] + tested.stderr[-2000:]


@pytest.mark.parametrize("sdk,value,tags,experiments", OPTION_CASES)
def test_build_options_parity_with_go_build(workspace, sdk, value, tags, experiments, tmp_path):
    goflags = ["-trimpath"] + ([f"-tags={','.join(tags)}"] if tags else [])
    want = oracle.record(sdk_path(sdk), value, PROGRAM, PACKAGE, goflags=goflags, goexperiment=",".join(experiments))
    options = [f"--@fips//:tags={','.join(tags)}"] if tags else []
    options += [f"--@fips//:experiments={','.join(experiments)}"] if experiments else []
    out, binary = build(workspace, sdk, value, options)
    assert_same_as_go_build(workspace, sdk, value, want, out, binary, tmp_path)
    if binary:
        assert oracle.build_setting(want, "-tags") or oracle.build_setting(want, "GOEXPERIMENT")


def assert_same_as_go_build(workspace, sdk, value, want, out, binary, tmp_path):
    """The build lines, FIPS symbols and fips140=debug output of the rules'
    binary are go build's; or both refuse the configuration, in Go's words."""
    if "error" in want:
        # The SDK refuses the value: so must the build, at analysis, in Go's words.
        assert out.returncode != 0
        assert want["error"] in out.stderr, out.stderr[-3000:]
        return
    assert out.returncode == 0, out.stderr[-3000:]
    copy = tmp_path / "fipsdemo"
    shutil.copy2(binary, copy)
    for d in ("tmp", "gopath", "gomodcache"):
        (tmp_path / d).mkdir()
    env = oracle.go_env(sdk_path(sdk), value, tmp_path, tmp_path / "gocache", "0")
    go = str(sdk_path(sdk) / "bin" / "go")
    assert compared_lines(oracle.build_lines(go, copy, env)) == compared_lines(want["build_lines"])
    assert oracle.fips_symbols(go, copy, env) == want["fips_symbols"]
    ran = subprocess.run([str(copy)], env={"GODEBUG": "fips140=debug"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == want["debug_run"]["exit_code"], ran.stderr
    if ran.returncode != 0:
        # go build's binary refuses FIPS mode at run time as well (the purego
        # tag without FIPS, on Go 1.26+): with the same panic.
        panic = next(line for line in want["debug_run"]["output"].splitlines() if line.startswith("panic: "))
        assert panic in ran.stderr, ran.stderr
    else:
        # Server and client run concurrently, so self-tests may report in
        # either order: the same lines, not necessarily in the same order.
        assert sorted((ran.stdout + ran.stderr).splitlines()) == sorted(want["debug_run"]["output"].splitlines())
        assert "fips140: verified code+data" in ran.stderr
    # crypto/fips140.Enabled() is true exactly when FIPS is on.
    plain = subprocess.run([str(copy)], env={}, capture_output=True, text=True, timeout=60)
    assert plain.returncode == 0, plain.stderr
    assert f"FIPS 140-3 mode: {'off' if value == 'off' else 'on'}" in plain.stdout
    assert f"fips_enabled={'false' if value == 'off' else 'true'} TLS 1.3" in plain.stdout
    # Build constraints chose the files go build chose.
    module_file = "module_v1_0.go" if oracle.build_setting(want, "-tags") and "fips140v1.0" in \
        oracle.build_setting(want, "-tags") else "module_other.go"
    assert f"platform file: platform_unix.go; module tag file: {module_file}" in plain.stdout


def test_flipped_fips_byte_fails_verify_and_self_check(workspace, tmp_path):
    out, binary = build(workspace, "1.26.6", "certified")
    assert out.returncode == 0, out.stderr[-3000:]
    data = bytearray(binary.read_bytes())
    go = str(sdk_path("1.26.6") / "bin" / "go")
    nm = subprocess.run([go, "tool", "nm", str(binary)], capture_output=True, text=True, check=True,
                        env={"PATH": "/usr/bin:/bin", "GOTOOLCHAIN": "local", "GOCACHE": str(tmp_path / "gocache")})
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
