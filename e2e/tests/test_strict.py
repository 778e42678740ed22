"""Strict mode (docs/policy.md): chosen in the root module's MODULE.bazel, it
makes a Go binary's executable an output that only exists once its FIPS
check and policy check passed, so `--norun_validations` skips nothing; the
default mode runs them as validation actions, which that flag skips. The
policy allows only `off`, so a certified build violates it (as in the issue
that asked for strict mode); //tool is exempt."""

import json
import subprocess

import pytest

from conftest import bazel, demo_workspace, sdk_path

CERTIFIED = "--@fips//:version=certified"
SKIP = "--norun_validations"
POLICY = "--@fips//:policy=//:policy"
STRICT = '\nenforcement = use_extension("@fips//enforcement:extensions.bzl", "enforcement")\n' \
         'enforcement.strict(policy = "//:policy")\n'


@pytest.fixture(scope="module")
def workspace():
    ws = demo_workspace("strict", f'go_sdk.local(path = "{sdk_path("1.26.6")}")')
    (ws / "fips_policy.toml").write_text(
        'schema = 1\n\n[versions]\nallow = ["off"]\n\n'
        '[[exemption]]\ntargets = ["//tool"]\nreason = "a build tool, never shipped (SEC-7)"\n')
    (ws / "other_policy.toml").write_text("schema = 1\n")
    (ws / "BUILD.bazel").write_text(
        'load("@fips//rules:defs.bzl", "fips_policy", "fips_report")\n\n'
        'fips_policy(name = "policy", src = "fips_policy.toml", visibility = ["//visibility:public"])\n\n'
        'fips_policy(name = "other", src = "other_policy.toml")\n\n'
        'fips_report(name = "report", deps = ["//tool"])\n')
    (ws / "tool").mkdir(exist_ok=True)
    (ws / "tool" / "main.go").write_text('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("tool") }\n')
    (ws / "tool" / "BUILD.bazel").write_text(
        'load("@fips//rules:defs.bzl", "go_binary")\n\ngo_binary(name = "tool", srcs = ["main.go"], visibility = ["//visibility:public"])\n')
    return ws


def set_strict(ws, strict):
    module = ws / "MODULE.bazel"
    text = module.read_text().replace(STRICT, "")
    module.write_text(text + (STRICT if strict else ""))


def files(ws, target, *flags):
    out = bazel(ws, "cquery", "--output=files", *flags, target)
    assert out.returncode == 0, out.stderr[-3000:]
    return [ws / f for f in out.stdout.split()]


def test_default_mode_runs_the_checks_as_validations(workspace):
    set_strict(workspace, False)
    checked = bazel(workspace, "build", CERTIFIED, POLICY, "//cmd/fipsdemo")
    assert checked.returncode != 0
    assert "policy violation: //cmd/fipsdemo:fipsdemo: versions.allow" in checked.stderr, checked.stderr[-3000:]
    # What the default mode guarantees, and no more: skipping validations
    # hands out the binary unchecked.
    skipped = bazel(workspace, "build", CERTIFIED, POLICY, SKIP, "//cmd/fipsdemo")
    assert skipped.returncode == 0, skipped.stderr[-3000:]
    attested = bazel(workspace, "build", POLICY, "--output_groups=fips_attestation", "//tool")
    assert attested.returncode == 0, attested.stderr[-3000:]
    attestation = files(workspace, "//tool", POLICY, "--output_groups=fips_attestation")[0]
    assert json.loads(attestation.read_text())["enforcement"] == "validation"


def test_strict_mode_hands_out_no_unchecked_binary(workspace):
    set_strict(workspace, True)
    # The pinned policy applies without the flag; skipping validations
    # skips nothing: build, run and test all fail with the violation.
    for command, target, label in (("build", "//cmd/fipsdemo", "//cmd/fipsdemo:fipsdemo"),
                                   ("run", "//cmd/fipsdemo", "//cmd/fipsdemo:fipsdemo"),
                                   ("test", "//api:api_test", "//api:api_test")):
        refused = bazel(workspace, command, CERTIFIED, SKIP, target)
        assert refused.returncode != 0, (command, refused.stderr[-3000:])
        assert f"policy violation: {label}: versions.allow" in refused.stderr, (command, refused.stderr[-3000:])
    # The flag may name the pinned policy, and no other one.
    same = bazel(workspace, "build", CERTIFIED, POLICY, SKIP, "//cmd/fipsdemo")
    assert "policy violation: //cmd/fipsdemo:fipsdemo: versions.allow" in same.stderr, same.stderr[-3000:]
    other = bazel(workspace, "build", CERTIFIED, "--@fips//:policy=//:other", SKIP, "//cmd/fipsdemo")
    assert other.returncode != 0
    assert "--@fips//:policy selects @@//:other, but MODULE.bazel pins @@//:policy in strict mode" in other.stderr, \
        other.stderr[-3000:]


def test_strict_mode_hands_out_checked_binaries(workspace):
    set_strict(workspace, True)
    # A build that passes: the executable Bazel hands out is the checked copy.
    built = bazel(workspace, "build", SKIP, "//cmd/fipsdemo")
    assert built.returncode == 0, built.stderr[-3000:]
    binary = files(workspace, "//cmd/fipsdemo")[0]
    assert binary.name == "fipsdemo" and ".unchecked" not in str(binary)
    ran = subprocess.run([str(binary)], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    # An exempt target passes in strict mode too, and its attestation and
    # the report say how it was enforced.
    exempt = bazel(workspace, "build", CERTIFIED, SKIP, "//tool", "//:report",
                   "--output_groups=+fips_attestation")
    assert exempt.returncode == 0, exempt.stderr[-3000:]
    attestation = [f for f in files(workspace, "//tool", CERTIFIED, "--output_groups=fips_attestation")
                   if f.name.endswith(".fips_attestation.json")][0]
    record = json.loads(attestation.read_text())
    assert record["enforcement"] == "strict"
    assert record["policy"]["verdict"] == "exempt"
    assert record["binary"]["path"].endswith("tool/tool")
    html = [f for f in files(workspace, "//:report", CERTIFIED) if f.suffix == ".html"][0]
    assert "enforcement: strict" in html.read_text()
