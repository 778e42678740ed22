"""The test bed itself: Bazel 7+ and the genuine, pinned Go SDKs."""

import re
import subprocess

import pytest

from conftest import BAZEL, E2E, OFFICIAL_SDKS, REPO, sdk_path


def test_bazel_version_is_7_or_newer():
    out = subprocess.run([str(BAZEL), "--version"], capture_output=True, text=True, check=True)
    m = re.fullmatch(r"bazel (\d+)\.(\d+)\.(\d+)\S*\s*", out.stdout)
    assert m, out.stdout
    assert int(m.group(1)) >= 7


def test_bazel_sees_repository_at_same_path():
    # `info workspace` is answered by Bazel itself: inside the sid root the
    # repository must appear at the path it has outside.
    out = subprocess.run([str(BAZEL), "info", "workspace"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(REPO)


@pytest.mark.parametrize("version", OFFICIAL_SDKS)
def test_official_sdk_is_genuine(version):
    goroot = sdk_path(version)
    out = subprocess.run([str(goroot / "bin" / "go"), "version"], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "GOTOOLCHAIN": "local", "HOME": "/nonexistent"})
    assert out.stdout.startswith(f"go version go{version} linux/amd64")
    assert (goroot / "lib" / "fips140" / "fips140.sum").is_file()


def test_debian_sdk_has_repacked_snapshots():
    goroot = sdk_path("debian")
    zips = sorted(p.name for p in (goroot / "lib" / "fips140").glob("*.zip"))
    assert "v1.26.0.zip" in zips and "v1.0.0-c2097c7c.zip" in zips
    # Debian re-zips the snapshots: the bytes differ from the official ones
    # recorded in the SDK's own sum file.
    import hashlib
    sums = {}
    for line in (goroot / "lib" / "fips140" / "fips140.sum").read_text().splitlines():
        if line and not line.startswith("#"):
            fields = line.split()
            sums[fields[0]] = fields[1]
    got = hashlib.sha256((goroot / "lib" / "fips140" / "v1.26.0.zip").read_bytes()).hexdigest()
    assert got != sums["v1.26.0.zip"]


def test_pins_cover_every_official_sdk():
    pinned = [l.split()[0] for l in (E2E / "testbed" / "sdk-pins.txt").read_text().splitlines()
              if l.strip() and not l.startswith("#")]
    assert pinned == OFFICIAL_SDKS
