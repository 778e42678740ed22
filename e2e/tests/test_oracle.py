"""The oracle harness records what `GOFIPS140=<v> go build` produces, for
every genuine SDK and every value it has (and Go's own error where it has not)."""

import sys

import pytest

from conftest import E2E, OFFICIAL_SDKS, sdk_path

sys.path.insert(0, str(E2E / "oracle"))
import oracle  # noqa: E402

# The smoke workspace's demo, which the parity suite also records: built with
# the same flags, its packages are cache hits there.
PROGRAM = E2E / "smoke"
PACKAGE = "./cmd/fipsdemo"

# What each SDK's go command does with each value: the recorded GOFIPS140
# build setting, or the error it fails with.
OLD = "v1.0.0-c2097c7c"
EXPECTED = {
    "1.24.11": {"off": None, "latest": "latest", "inprocess": OLD, "certified": "error"},
    "1.25.5": {"off": None, "latest": "latest", "inprocess": OLD, "certified": "error"},
    "1.26.6": {"off": None, "latest": "latest", "inprocess": "v1.26.0", "certified": OLD},
    "1.27.3": {"off": None, "latest": "latest", "inprocess": "v1.26.0", "certified": OLD},
}
CASES = [(sdk, value) for sdk in OFFICIAL_SDKS for value in EXPECTED[sdk]]


@pytest.mark.parametrize("sdk,value", CASES)
def test_oracle_records(sdk, value):
    # -trimpath, as the parity suite records it: one GOCACHE entry serves both.
    rec = oracle.record(sdk_path(sdk), value, PROGRAM, PACKAGE, goflags=["-trimpath"])
    want = EXPECTED[sdk][value]
    assert rec["sdk"] == f"go{sdk}"
    if want == "error":
        assert rec["error"] == f'go: unknown GOFIPS140 version "{value}"', rec["error"]
        assert "build_lines" not in rec
        return
    assert "error" not in rec, rec.get("error")
    assert oracle.build_setting(rec, "GOFIPS140") == want
    assert oracle.build_setting(rec, "GOOS") == "linux"
    assert oracle.build_setting(rec, "CGO_ENABLED") == "0"
    godebug = oracle.build_setting(rec, "DefaultGODEBUG") or ""
    tags = oracle.build_setting(rec, "-tags")
    output = rec["debug_run"]["output"]
    assert rec["debug_run"]["exit_code"] == 0, output
    # GODEBUG=fips140=debug at run time turns FIPS mode on for every build.
    assert "FIPS 140-3 mode: on" in output
    assert "fips140: verified code+data" in output
    assert rec["fips_symbols"], "no crypto/internal/fips140 symbols"
    if want is None:
        assert "fips140=on" not in godebug
        assert tags is None
    else:
        assert "fips140=on" in godebug.split(",")
    if want in (None, "latest"):
        assert not any("crypto/internal/fips140/v1." in s for s in rec["fips_symbols"])
    else:
        assert tags == "fips140" + ".".join(want.split(".")[:2])
        assert any(f"crypto/internal/fips140/{want}/" in s for s in rec["fips_symbols"])
        assert not any("crypto/internal/fips140/sha256." in s for s in rec["fips_symbols"])


def test_oracle_command_writes_record(tmp_path):
    out = tmp_path / "rec.json"
    assert oracle.main(["--goroot", str(sdk_path("1.26.6")), "--gofips140", "latest", "--program", str(PROGRAM),
                        "--package", PACKAGE, "--goflag=-trimpath", "--out", str(out)]) == 0
    import json
    rec = json.loads(out.read_text())
    assert oracle.build_setting(rec, "GOFIPS140") == "latest"
    assert not (tmp_path / "rec.json.tmp").exists()
