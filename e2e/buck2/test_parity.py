"""Parity: what the Buck2 rules build is, point by point, what
`GOFIPS140=<v> go build -trimpath` builds with the same SDK (the oracle
harness's record, as the Bazel suite's test_parity compares)."""

import shutil
import subprocess
import sys

import pytest

from conftest import DEMO_TARGET, E2E, SDKS, sdk_path

sys.path.insert(0, str(E2E / "oracle"))
import oracle  # noqa: E402

PROGRAM = E2E / "smoke"
PACKAGE = "./cmd/fipsdemo"
CASES = [(sdk, v) for sdk in SDKS for v in ("off", "latest", "certified")]
# The build lines the rules must reproduce exactly (go build also records a
# `mod` line for the go.mod module, which the Buck2 build does not have).
COMPARED = ("path", "-buildmode", "-compiler", "-tags", "-trimpath", "DefaultGODEBUG",
            "CGO_ENABLED", "GOARCH", "GOEXPERIMENT", "GOFIPS140", "GOOS", "GOAMD64")


def compared_lines(lines):
    return [line for line in lines if line.split("\t")[1] == "path" or
            (line.split("\t")[1] == "build" and line.split("\t")[2].split("=")[0] in COMPARED)]


@pytest.mark.parametrize("sdk,value", CASES)
def test_parity_with_go_build(buck2, sdk, value, tmp_path):
    want = oracle.record(sdk_path(sdk), value, PROGRAM, PACKAGE, goflags=["-trimpath"])
    assert "error" not in want, want.get("error")
    binary = buck2.output(DEMO_TARGET, sdk=sdk, version=value)
    copy = tmp_path / "fipsdemo"
    shutil.copy2(binary, copy)
    for d in ("tmp", "gopath", "gomodcache"):
        (tmp_path / d).mkdir()
    env = oracle.go_env(sdk_path(sdk), value, tmp_path, tmp_path / "gocache", "0")
    go = str(sdk_path(sdk) / "bin" / "go")
    assert compared_lines(oracle.build_lines(go, copy, env)) == compared_lines(want["build_lines"])
    assert oracle.fips_symbols(go, copy, env) == want["fips_symbols"]
    ran = subprocess.run([str(copy)], env={"GODEBUG": "fips140=debug"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == want["debug_run"]["exit_code"] == 0, ran.stderr
    # Server and client run concurrently: the same lines, in either order.
    assert sorted((ran.stdout + ran.stderr).splitlines()) == sorted(want["debug_run"]["output"].splitlines())
    assert "fips140: verified code+data" in ran.stderr
    # crypto/fips140.Enabled() is true exactly when FIPS is on.
    plain = subprocess.run([str(copy)], env={}, capture_output=True, text=True, timeout=60)
    assert plain.returncode == 0, plain.stderr
    assert f"FIPS 140-3 mode: {'off' if value == 'off' else 'on'}" in plain.stdout
    assert f"fips_enabled={'false' if value == 'off' else 'true'} TLS 1.3" in plain.stdout
    module_file = "module_v1_0.go" if value == "certified" else "module_other.go"
    assert f"platform file: platform_unix.go; module tag file: {module_file}" in plain.stdout
    # The go_tests pass in the same configuration.
    tested = buck2.run("test", "//api:api_test", "//certs:certs_test", sdk=sdk, version=value)
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]
