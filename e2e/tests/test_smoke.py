"""The smoke consumer workspace: the global flag and the demo, as a user
builds them (`go_sdk.local` with the test bed's go1.26.6)."""

import json
import subprocess
import sys

import pytest

from conftest import E2E, FIPSTOOL, bazel, bazel_output, sdk_path

SMOKE = E2E / "smoke"

sys.path.insert(0, str(E2E / "oracle"))
import oracle  # noqa: E402

# What go1.26.6 resolves each value to (its lib/fips140).
KNOWN = {
    "off": None,
    "latest": "latest",
    "inprocess": "v1.26.0",
    "certified": "v1.0.0-c2097c7c",
    "v1.0.0": "v1.0.0-c2097c7c",
    "v1.26.0": "v1.26.0",
    "v1.0.0-c2097c7c": "v1.0.0-c2097c7c",
}
UNKNOWN = ["v1.1.0-rc1", "v1.99.0", "v1.0.0-deadbeef"]
MALFORMED = ["fips", "v1.26", "1.0.0", "v1.0.0/../x", "../v1.0.0", "v1.0.0-ab\\cdefg", ""]


@pytest.mark.parametrize("value", sorted(KNOWN))
def test_known_version_analyses(value):
    # Analysis resolves the value against the SDK; the parity suite builds
    # every one of them.
    out = bazel(SMOKE, "build", "--nobuild", f"--@fips//:version={value}", "//...")
    assert out.returncode == 0, out.stderr[-3000:]


@pytest.mark.parametrize("value", UNKNOWN)
def test_version_unknown_to_the_sdk_fails_at_analysis(value):
    out = bazel(SMOKE, "build", "--nobuild", f"--@fips//:version={value}", "//...")
    assert out.returncode != 0
    assert f'go: unknown GOFIPS140 version "{value}". Go 1.26.6 accepts: ' in out.stderr, out.stderr[-3000:]
    assert "certified, inprocess, latest, off, v1.0.0, v1.0.0-c2097c7c, v1.26.0" in out.stderr


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_version_fails_at_analysis(value):
    out = bazel(SMOKE, "build", "--nobuild", f"--@fips//:version={value}", "//...")
    assert out.returncode != 0
    # Starlark quotes the value like JSON does.
    assert f"malformed --@fips//:version value {json.dumps(value)}" in out.stderr
    assert "Accepted: off, latest, inprocess, certified, or a version" in out.stderr
    assert "Analysis of target" in out.stderr or "Analysis failed" in out.stderr, out.stderr[-2000:]


def test_unknown_mode_fails_at_analysis():
    out = bazel(SMOKE, "build", "--nobuild", "--@fips//:mode=enforce", "//...")
    assert out.returncode != 0
    assert 'unknown --@fips//:mode value "enforce". Accepted: auto, on, only, debug, off.' in out.stderr


def test_demo_runs_in_fips_mode():
    out = bazel(SMOKE, "run", "--@fips//:version=certified", "//cmd/fipsdemo")
    assert out.returncode == 0, out.stderr[-3000:]
    assert "FIPS 140-3 mode: on" in out.stdout
    assert "GOFIPS140: v1.0.0-c2097c7c" in out.stdout
    assert 'echo="hello over TLS" fips_enabled=true TLS 1.3' in out.stdout
    # //go:embed static (embedsrcs): the page, not the hidden file beside it.
    assert "embedded page: 112 bytes, 200 OK; hidden file embedded: false" in out.stdout


@pytest.mark.parametrize("value,mode,want_mode", [("certified", "only", "only"), ("off", "auto", "off"), ("latest", "off", "off")])
def test_demo_mode_flag(value, mode, want_mode):
    binary = bazel_output(SMOKE, "//cmd/fipsdemo", f"--@fips//:version={value}", f"--@fips//:mode={mode}")
    report = json.loads(subprocess.run([FIPSTOOL, "inspect", "--json", str(binary)],
                                       capture_output=True, text=True, check=True).stdout)
    assert report["fips"]["mode_default"] == want_mode
    assert report["fips"]["gofips140"] == (None if value == "off" else KNOWN[value])
    assert report["fips"]["integrity"]["verdict"] == "fips-verified"


def test_go_tests_pass_and_filter():
    # --nocache_test_results: the tests run, whatever a cache remembers.
    out = bazel(SMOKE, "test", "--nocache_test_results", "--@fips//:version=certified", "//...")
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Executed 2 out of 2 tests: 2 tests pass." in out.stdout + out.stderr
    out = bazel(SMOKE, "test", "--nocache_test_results", "--@fips//:version=certified", "--test_filter=TestOpenRejectsWrongKey",
                "--test_arg=-test.v", "--test_output=all", "//api:api_test")
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout + out.stderr
    assert "--- PASS: TestOpenRejectsWrongKey" in text
    assert "TestSignOpenRoundTrip" not in text


def test_go_test_runs_what_go_test_runs(tmp_path):
    """Test and Example functions (those with an output comment), in go
    test's order, with go test's verdicts: the `=== RUN` and `--- PASS`
    lines of `go test -v` on the same package."""
    out = bazel(SMOKE, "test", "--nocache_test_results", "--@fips//:version=certified", "--test_arg=-test.v",
                "--test_output=all", "//api:api_test")
    assert out.returncode == 0, out.stderr[-3000:]

    def verdicts(text):
        return [" ".join(line.split()[:3]) for line in text.splitlines() if line.startswith(("=== RUN", "--- "))]

    for d in ("tmp", "gopath", "gomodcache"):
        (tmp_path / d).mkdir()
    env = oracle.go_env(sdk_path("1.26.6"), "certified", tmp_path, tmp_path / "gocache", "0")
    go = oracle.run([str(sdk_path("1.26.6") / "bin" / "go"), "test", "-v", "-count=1", "./api"], env, cwd=SMOKE)
    assert go.returncode == 0, go.stdout + go.stderr
    want = verdicts(go.stdout)
    assert "=== RUN ExampleOpen" in want and "--- PASS: ExampleSign" in want
    assert not [v for v in want if "noOutput" in v]
    assert verdicts(out.stdout + out.stderr) == want
