"""The smoke consumer workspace: the global flag, as a user passes it."""

import json

import pytest

from conftest import E2E, bazel

SMOKE = E2E / "smoke"

ACCEPTED = ["off", "latest", "inprocess", "certified", "v1.0.0", "v1.26.0", "v1.0.0-c2097c7c", "v1.1.0-rc1"]
MALFORMED = ["fips", "v1.26", "1.0.0", "v1.0.0/../x", "../v1.0.0", "v1.0.0-ab\\cdefg", ""]


@pytest.mark.parametrize("value", ACCEPTED)
def test_accepted_version_builds(value):
    out = bazel(SMOKE, "build", f"--@fips//:version={value}", "//...")
    assert out.returncode == 0, out.stderr[-3000:]


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_version_fails_at_analysis(value):
    out = bazel(SMOKE, "build", f"--@fips//:version={value}", "//...")
    assert out.returncode != 0
    # Starlark quotes the value like JSON does.
    assert f"malformed --@fips//:version value {json.dumps(value)}" in out.stderr
    assert "Accepted: off, latest, inprocess, certified, or a version" in out.stderr
    # Analysis, not execution, stopped it.
    assert "Analysis of target" in out.stderr or "Analysis failed" in out.stderr, out.stderr[-2000:]
