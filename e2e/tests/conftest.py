"""Shared fixtures of the e2e suite: the test bed's SDKs and Bazel."""

import os
import pathlib
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


def bazel(workspace: pathlib.Path, *args, check=False):
    """Runs e2e/bazel in `workspace`; returns the CompletedProcess."""
    return subprocess.run([str(BAZEL), *args], cwd=workspace, capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def sdks():
    return {v: sdk_path(v) for v in OFFICIAL_SDKS}
