"""Variants, enforcement modes, the organisation's policy and the evidence:
FIPS and non-FIPS builds of one program in one invocation, go_test under
fips140=only, policy violations and exemptions, attestations and the report."""

import json
import subprocess
import uuid

import pytest

from conftest import FIPSTOOL, bazel, demo_workspace, sdk_path, spawns

POLICY = "--@fips//:policy=//release:policy"


@pytest.fixture(scope="module")
def workspace():
    ws = demo_workspace("release", f'go_sdk.local(path = "{sdk_path("1.26.6")}")')
    (ws / "BUILD.bazel").write_text("")
    return ws


def output_files(ws, target, *flags):
    files = bazel(ws, "cquery", "--output=files", *flags, target)
    assert files.returncode == 0, files.stderr[-3000:]
    return [ws / f for f in files.stdout.split()]


def inspect(binary):
    out = subprocess.run([FIPSTOOL, "inspect", "--json", str(binary)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_one_invocation_builds_both_variants(workspace):
    built = bazel(workspace, "build", "//cmd/fipsdemo", "//cmd/fipsdemo:fipsdemo_fips")
    assert built.returncode == 0, built.stderr[-3000:]
    plain = inspect(output_files(workspace, "//cmd/fipsdemo")[0])
    fips = inspect(output_files(workspace, "//cmd/fipsdemo:fipsdemo_fips")[0])
    assert plain["fips"]["gofips140"] is None
    assert plain["fips"]["godebug_fips140"] is None
    assert fips["fips"]["gofips140"] == "v1.0.0-c2097c7c"
    assert fips["fips"]["godebug_fips140"] == "on"
    assert fips["fips"]["integrity"]["verdict"] == "fips-verified", fips["fips"]["integrity"]
    ran = subprocess.run([str(output_files(workspace, "//cmd/fipsdemo:fipsdemo_fips")[0])],
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert "FIPS 140-3 mode: on" in ran.stdout


def test_the_variant_shares_the_certified_configuration(workspace, tmp_path):
    """The attribute and the flag lead to the same configuration: building
    the plain binary with --@fips//:version=certified after the variant
    reuses the variant's standard library."""
    assert bazel(workspace, "build", "//cmd/fipsdemo:fipsdemo_fips").returncode == 0
    log = tmp_path / "exec.json"
    again = bazel(workspace, "build", f"--execution_log_json_file={log}", "--@fips//:version=certified", "//cmd/fipsdemo")
    assert again.returncode == 0, again.stderr[-3000:]
    executed = [spawn.get("mnemonic") for spawn in spawns(log) if not spawn.get("cacheHit")]
    assert "GoStdlib" not in executed and "FipsSnapshot" not in executed, executed


SPELLINGS_BUILD = """load("@fips//rules:defs.bzl", "go_binary")

[go_binary(
    name = "fips_" + spelling.replace(".", "_").replace("-", "_"),
    srcs = ["main.go"],
    fips_version = spelling,
    deps = ["//api"],
) for spelling in ["certified", "v1.0.0", "v1.0.0-c2097c7c"]]
"""

SPELLINGS_MAIN = """package main

import (
	"crypto/fips140"
	"fmt"

	"example.com/fipsdemo/api"
)

func main() { fmt.Println(fips140.Enabled(), api.ErrBadMAC != nil) }
"""


def actions(workspace, mnemonic, *flags):
    """{output path: target} of the `mnemonic` actions //spellings:all's
    build would run (aquery: the action graph, whatever the caches hold)."""
    out = bazel(workspace, "aquery", *flags, "--output=jsonproto", f'mnemonic("{mnemonic}", deps(//spellings:all))')
    assert out.returncode == 0, out.stderr[-3000:]
    graph = json.loads(out.stdout or "{}")
    paths = {f["id"]: f for f in graph.get("pathFragments", [])}
    def path(fragment_id):
        parts = []
        while fragment_id:
            fragment = paths[fragment_id]
            parts.append(fragment["label"])
            fragment_id = fragment.get("parentId")
        return "/".join(reversed(parts))
    artifacts = {a["id"]: path(a["pathFragmentId"]) for a in graph.get("artifacts", [])}
    targets = {t["id"]: t["label"] for t in graph.get("targets", [])}
    return {artifacts[a["primaryOutputId"]]: targets[a["targetId"]] for a in graph.get("actions", [])}


def test_one_standard_library_per_snapshot(workspace):
    """Three spellings of go1.26.6's certified snapshot have one standard
    library and one `api` package; a mode flip has the same ones (only what
    changes compiled code splits the packages' configuration). Each program
    keeps its spelling in its attestation, and its mode in its binary."""
    (workspace / "spellings").mkdir(exist_ok=True)
    (workspace / "spellings" / "BUILD.bazel").write_text(SPELLINGS_BUILD)
    (workspace / "spellings" / "main.go").write_text(SPELLINGS_MAIN)
    stdlibs = actions(workspace, "GoStdlib")
    assert len(stdlibs) == 1, stdlibs
    api = {p: t for p, t in actions(workspace, "GoCompile").items() if t.endswith("//api:api")}
    assert len(api) == 1, api
    debug = ["--@fips//:mode=debug"]
    assert actions(workspace, "GoStdlib", *debug) == stdlibs
    assert {p: t for p, t in actions(workspace, "GoCompile", *debug).items() if t.endswith("//api:api")} == api
    # What each program records: its spelling, the one snapshot, its mode.
    built = bazel(workspace, "build", "--output_groups=+fips_attestation", *debug, "//spellings:all")
    assert built.returncode == 0, built.stderr[-3000:]
    for target, spelling in (("fips_certified", "certified"), ("fips_v1_0_0", "v1.0.0"),
                             ("fips_v1_0_0_c2097c7c", "v1.0.0-c2097c7c")):
        files = output_files(workspace, f"//spellings:{target}", "--output_groups=+fips_attestation", *debug)
        attestation = json.loads(next(f for f in files if f.name.endswith(".fips_attestation.json")).read_text())
        assert attestation["fips"]["requested_version"] == spelling
        assert attestation["fips"]["gofips140"] == "v1.0.0-c2097c7c"
        assert attestation["fips"]["godebug_fips140"] == "debug"


def test_crypto_inventory_in_the_build(workspace):
    """A program linking crypto/md5 beside crypto/sha256: its CBOM (output
    group fips_cbom) and attestation list md5 outside the module; a policy
    whose [crypto] section forbids it fails the build, naming the target,
    the package and the policy line; an exemption lets it through."""
    pkg = workspace / "cryptoinv"
    pkg.mkdir(exist_ok=True)
    (pkg / "main.go").write_text('package main\n\nimport (\n\t"crypto/md5"\n\t"crypto/sha256"\n\t"fmt"\n)\n\n'
                                 'func main() { fmt.Println(md5.Sum(nil), sha256.Sum256(nil)) }\n')
    (pkg / "nomd5.toml").write_text('schema = 1\n\n[crypto]\nforbid = ["crypto/md5"]\n')
    (pkg / "exempt.toml").write_text('schema = 1\n\n[crypto]\nforbid = ["crypto/md5"]\n\n[[exemption]]\n'
                                     'targets = ["//cryptoinv:legacy"]\nreason = "checksums of a legacy format (SEC-9)"\n')
    (pkg / "BUILD.bazel").write_text(
        'load("@fips//rules:defs.bzl", "fips_policy", "go_binary")\n\n'
        'go_binary(name = "legacy", srcs = ["main.go"])\n\n'
        'fips_policy(name = "nomd5", src = "nomd5.toml")\n\n'
        'fips_policy(name = "exempt", src = "exempt.toml")\n')
    flags = ["--@fips//:version=certified", "--output_groups=+fips_cbom,+fips_attestation"]
    refused = bazel(workspace, "build", *flags, "--@fips//:policy=//cryptoinv:nomd5", "//cryptoinv:legacy")
    assert refused.returncode != 0
    assert "policy violation: //cryptoinv:legacy: crypto.forbid (cryptoinv/nomd5.toml:4:1): links forbidden crypto: " \
           "crypto/md5 (std-non-approved" in refused.stderr, refused.stderr[-3000:]
    exempt = ["--@fips//:policy=//cryptoinv:exempt"]
    built = bazel(workspace, "build", *flags, *exempt, "//cryptoinv:legacy")
    assert built.returncode == 0, built.stderr[-3000:]
    files = output_files(workspace, "//cryptoinv:legacy", *flags, *exempt)
    cbom = json.loads(next(f for f in files if f.name == "legacy.cbom.json").read_text())
    assert cbom["bomFormat"] == "CycloneDX" and cbom["specVersion"] == "1.6"
    names = {c.get("name") for c in cbom["components"]}
    assert "MD5" in names and "SHA-256" in names, names
    attestation = json.loads(next(f for f in files if f.name == "legacy.fips_attestation.json").read_text())
    assert attestation["policy"]["verdict"] == "exempt"
    outside = json.dumps(attestation["crypto"])
    assert "crypto/md5" in outside and "std-non-approved" in outside, outside


def test_mode_only_runs_the_tests_under_fips140_only(workspace):
    flags = ["--@fips//:version=certified", "--@fips//:mode=only"]
    tested = bazel(workspace, "test", "--nocache_test_results", *flags, "//api:all", "//certs:all")
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]
    test_binary = output_files(workspace, "//certs:certs_test", *flags)[0]
    info = inspect(test_binary)
    assert info["fips"]["godebug_fips140"] == "only"
    binary = output_files(workspace, "//cmd/fipsdemo", *flags)[0]
    assert bazel(workspace, "build", *flags, "//cmd/fipsdemo").returncode == 0
    ran = subprocess.run([str(binary)], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert "FIPS 140-3 mode: on" in ran.stdout


def test_policy_passes_and_prints_the_exemption_and_the_attestation_keeps_it(workspace):
    # Bazel prints an action's messages when it runs: a policy not seen
    # before (a fresh comment) makes the checks run.
    path = workspace / "release" / "fips_policy.toml"
    policy = path.read_text()
    path.write_text(policy + f"# run {uuid.uuid4()}\n")
    reason = "non-FIPS edition for customers outside the regulated market (REL-42)"
    try:
        built = bazel(workspace, "build", POLICY, "//cmd/fipsdemo", "//cmd/fipsdemo:fipsdemo_fips")
        assert built.returncode == 0, built.stderr[-3000:]
        assert reason in built.stderr
        assert "//cmd/fipsdemo:fipsdemo" in built.stderr
        # Built again, the check is cached and prints nothing; the
        # attestation still says what was waived, and why.
        group = "--output_groups=+fips_attestation"
        again = bazel(workspace, "build", POLICY, group, "//cmd/fipsdemo")
        assert again.returncode == 0, again.stderr[-3000:]
        assert reason not in again.stderr
        attestation = next(f for f in output_files(workspace, "//cmd/fipsdemo", POLICY, "--output_groups=fips_attestation")
                           if f.name.endswith(".fips_attestation.json"))
        record = json.loads(attestation.read_text())["policy"]
    finally:
        path.write_text(policy)
    assert record["verdict"] == "exempt", record
    waived = {e["rule"]: e for e in record["exemptions"]}
    assert set(waived) == {"versions.allow", "modes.allow"}, record
    assert waived["versions.allow"]["reason"] == reason
    assert waived["versions.allow"]["pattern"] == "//cmd/fipsdemo:fipsdemo"
    assert waived["versions.allow"]["waived"]["message"].startswith("GOFIPS140 is off"), record
    assert waived["versions.allow"]["waived"]["line"] == 7, record


def test_policy_violation_fails_the_build_naming_target_rule_and_line(workspace):
    policy = (workspace / "release" / "fips_policy.toml").read_text()
    strict = policy.split("# The plain build")[0]
    (workspace / "release" / "fips_policy.toml").write_text(strict)
    try:
        built = bazel(workspace, "build", "--keep_going", POLICY, "//cmd/fipsdemo", "//cmd/fipsdemo:fipsdemo_fips")
        assert built.returncode != 0
        lines = [line for line in built.stderr.splitlines() if "policy violation" in line]
        assert lines, built.stderr[-3000:]
        versions = next(line for line in lines if "versions.allow" in line)
        assert "//cmd/fipsdemo:fipsdemo" in versions
        # [versions] allow is on line 7 of the policy.
        assert "fips_policy.toml:7:" in versions, versions
        assert not any("fipsdemo_fips" in line for line in lines), lines
    finally:
        (workspace / "release" / "fips_policy.toml").write_text(policy)


def test_malformed_policy_fails_once_with_line_and_column(workspace):
    """Reported by the fips_policy target, once, however many binaries (in
    however many FIPS configurations) the build checks against it."""
    policy = (workspace / "release" / "fips_policy.toml").read_text()
    (workspace / "release" / "fips_policy.toml").write_text(policy.replace('allow = ["on", "only"]', 'allow = ["on", "sometimes"]'))
    try:
        built = bazel(workspace, "build", "--keep_going", POLICY, "//cmd/fipsdemo", "//cmd/fipsdemo:fipsdemo_fips")
        assert built.returncode != 0
        assert "fips_policy.toml:10:16:" in built.stderr, built.stderr[-3000:]
        assert "sometimes" in built.stderr
        assert built.stderr.count("invalid policy") == 1, built.stderr[-6000:]
        assert "Checking FIPS policy //release:policy failed" in built.stderr, built.stderr[-3000:]
        assert "FipsPolicyCheck" not in built.stderr and '"schema_version"' not in built.stderr, built.stderr[-6000:]
    finally:
        (workspace / "release" / "fips_policy.toml").write_text(policy)


def test_bazel_bin_follows_the_last_build_and_cquery_finds_each_output(workspace):
    """What the user guide says about bazel-bin: it follows the one
    configuration of the targets built, is cleared when they have several,
    and points at the command line's (with no Go output in it) when other
    targets are built with them; cquery finds every output."""
    plain, fips = (output_files(workspace, t)[0] for t in ("//cmd/fipsdemo", "//cmd/fipsdemo:fipsdemo_fips"))
    assert plain.parent != fips.parent
    link = workspace / "bazel-bin" / "cmd" / "fipsdemo" / "fipsdemo"
    assert bazel(workspace, "build", "//cmd/fipsdemo").returncode == 0
    assert link.resolve() == plain.resolve()
    both = bazel(workspace, "build", "//cmd/fipsdemo", "//cmd/fipsdemo:fipsdemo_fips")
    assert both.returncode == 0, both.stderr[-3000:]
    assert "cleared convenience symlink(s) bazel-bin" in both.stderr, both.stderr[-3000:]
    assert not (workspace / "bazel-bin").exists()
    assert plain.is_file() and fips.is_file()
    everything = bazel(workspace, "build", "//...")
    assert everything.returncode == 0, everything.stderr[-3000:]
    assert (workspace / "bazel-bin").is_dir() and not link.exists()


def test_report_over_tests_needs_testonly(workspace):
    build_file = workspace / "api" / "BUILD.bazel"
    original = build_file.read_text()
    load = 'load("@fips//rules:defs.bzl", "go_library", "go_test")'
    assert load in original
    build_file.write_text(original.replace(load, 'load("@fips//rules:defs.bzl", "fips_report", "go_library", "go_test")') + """
fips_report(name = "plain_report", deps = [":api_test"], tags = ["manual"])

fips_report(name = "test_report", deps = [":api_test"], testonly = True, tags = ["manual"])
""")
    try:
        refused = bazel(workspace, "build", "//api:plain_report")
        assert refused.returncode != 0
        assert "non-test target '//api:plain_report' depends on testonly target '//api:api_test'" in refused.stderr, \
            refused.stderr[-3000:]
        built = bazel(workspace, "build", "//api:test_report")
        assert built.returncode == 0, built.stderr[-3000:]
        report = next(f for f in output_files(workspace, "//api:test_report") if f.suffix == ".json")
        assert [a["target"].lstrip("@") for a in json.loads(report.read_text())["attestations"]] == ["//api:api_test"]
    finally:
        build_file.write_text(original)


def test_report_gathers_the_attestations(workspace):
    built = bazel(workspace, "build", POLICY, "//release:report")
    assert built.returncode == 0, built.stderr[-3000:]
    json_file, html_file = sorted(output_files(workspace, "//release:report", POLICY), key=lambda p: p.suffix != ".json")
    report = json.loads(json_file.read_text())
    by_target = {a["target"].lstrip("@"): a for a in report["attestations"]}
    assert set(by_target) == {"//cmd/fipsdemo:fipsdemo", "//cmd/fipsdemo:fipsdemo_fips"}
    fips = by_target["//cmd/fipsdemo:fipsdemo_fips"]
    assert fips["fips"]["gofips140"] == "v1.0.0-c2097c7c"
    assert fips["fips"]["snapshot"]["status"] == "certified"
    # CMVP certificate #5247 (Go Cryptographic Module v1.0.0), from the index.
    assert fips["fips"]["snapshot"]["certificate"] == "5247"
    assert fips["integrity"]["verdict"] == "fips-verified"
    assert fips["policy"]["verdict"] == "pass"
    assert by_target["//cmd/fipsdemo:fipsdemo"]["policy"]["verdict"] == "exempt"
    assert fips["sdk"]["version"] == "1.26.6"
    html = html_file.read_text()
    assert "//cmd/fipsdemo:fipsdemo_fips" in html and "REL-42" in html
    assert "certificate 5247" in html
