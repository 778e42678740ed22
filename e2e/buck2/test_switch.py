"""The switch: two variants in one build, refusals with the Bazel rules'
messages, the policy and the attestation."""

import json
import subprocess

from conftest import DEMO_TARGET, TAMPERED_SNAPSHOT, sdk_path


def build_lines(binary):
    go = str(sdk_path("1.26.6") / "bin" / "go")
    out = subprocess.run([go, "version", "-m", str(binary)], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "GOTOOLCHAIN": "local"})
    return out.stdout


def test_two_variants_in_one_build(buck2):
    out = buck2.run("build", "--show-full-output", DEMO_TARGET, DEMO_TARGET + "_fips", version="off")
    assert out.returncode == 0, out.stderr[-4000:]
    paths = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    plain = next(p for name, p in paths.items() if name.endswith(":fipsdemo"))
    fips = next(p for name, p in paths.items() if name.endswith(":fipsdemo_fips"))
    assert "GOFIPS140" not in build_lines(plain)
    assert "build\tGOFIPS140=v1.0.0-c2097c7c" in build_lines(fips)
    assert "build\t-tags=fips140v1.0" in build_lines(fips)


def test_unknown_version_fails_with_the_sdks_values(buck2):
    out = buck2.run("build", DEMO_TARGET, version="v1.99.0")
    assert out.returncode != 0
    assert ('//cmd/fipsdemo:fipsdemo: go: unknown GOFIPS140 version "v1.99.0". Go 1.26.6 accepts: certified, '
            'inprocess, latest, off, v1.0.0, v1.0.0-c2097c7c, v1.26.0') in out.stderr, out.stderr[-3000:]


def test_malformed_version_fails_naming_the_setting(buck2):
    out = buck2.run("build", DEMO_TARGET, version="certifed/x")
    assert out.returncode != 0
    assert "malformed fips.version value \"certifed/x\": it contains '/', '\\' or '..'. Accepted: off, latest" \
        in out.stderr, out.stderr[-3000:]


def test_tampered_snapshot_fails_listing_the_changed_file(buck2):
    out = buck2.run("build", DEMO_TARGET, version="certified", config=["fips.toolchain=toolchains//:go-tampered"])
    assert out.returncode != 0
    assert f"Verifying and unpacking FIPS 140-3 snapshot {TAMPERED_SNAPSHOT}" in out.stderr, out.stderr[-3000:]
    assert f"fips140/{TAMPERED_SNAPSHOT}/sha256/sha256.go" in out.stderr, out.stderr[-3000:]


def test_attestation_records_the_build(buck2):
    path = buck2.output(DEMO_TARGET + "_fips[fips_attestation]", version="off")
    attestation = json.loads(path.read_text())
    text = json.dumps(attestation)
    assert "v1.0.0-c2097c7c" in text and "//cmd/fipsdemo:fipsdemo_fips" in text, text[:2000]


def test_policy_violation_fails_the_build(buck2):
    policy = ["fips.policy=root//release:policy"]
    ok = buck2.run("build", DEMO_TARGET, DEMO_TARGET + "_fips", version="off", config=policy)
    assert ok.returncode == 0, ok.stderr[-3000:]
    bad = buck2.run("build", DEMO_TARGET + "_fips", version="off", config=policy + ["fips.mode=off"])
    assert bad.returncode != 0
    assert "modes.allow" in bad.stderr, bad.stderr[-3000:]
