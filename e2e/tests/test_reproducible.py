"""Reproducible and path-independent builds.

Two clean builds of the demo, from two checkouts at different paths with
their own output bases and no cache, execute the same actions and produce
bit-identical outputs, for every --@fips//:version value go1.26.6 accepts
(one go_binary per value through `fips_version`, so one invocation builds all
seven configurations). A third build, from the second checkout after a
clean, sharing the first checkout's disk cache, executes nothing."""

import hashlib
import shutil

import pytest

from conftest import bazel, demo_workspace, sdk_path, spawns

VALUES = ["off", "latest", "inprocess", "certified", "v1.0.0", "v1.26.0", "v1.0.0-c2097c7c"]
TARGETS = [f"//cmd/fipsdemo:demo_{v.replace('.', '_').replace('-', '_')}" for v in VALUES]


def output_digests(log):
    """Every output file of every executed action: exec-root path -> SHA-256."""
    digests = {}
    for spawn in spawns(log):
        for output in spawn.get("actualOutputs", []):
            digests[output["path"]] = output["digest"]["hash"]
    return digests


@pytest.fixture(scope="module")
def checkouts(tmp_path_factory):
    first = demo_workspace("reproducible_a", f'go_sdk.local(path = "{sdk_path("1.26.6")}")')
    (first / "BUILD.bazel").write_text("")
    with open(first / "cmd" / "fipsdemo" / "BUILD.bazel", "a") as build:
        for value, target in zip(VALUES, TARGETS):
            build.write(f"""
go_binary(
    name = "{target.split(':')[1]}",
    srcs = glob(["*.go"]),
    embedsrcs = glob(["static/**"]),
    fips_version = "{value}",
    go_version = "1.24",
    importpath = "example.com/fipsdemo/cmd/fipsdemo",
    deps = ["//api", "//certs"],
)
""")
    # The second checkout: the same files at another path (hence another
    # output base).
    second = first.parent / "reproducible_b" / "checkout"
    shutil.rmtree(second.parent, ignore_errors=True)
    shutil.copytree(first, second, ignore=shutil.ignore_patterns("bazel-*"))
    return first, second, tmp_path_factory.mktemp("repro")


def clean_build(ws, log, disk_cache=""):
    assert bazel(ws, "clean").returncode == 0
    out = bazel(ws, "build", f"--disk_cache={disk_cache}", f"--execution_log_json_file={log}", *TARGETS)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def test_two_clean_builds_at_two_paths_are_bit_identical_then_fully_cached(checkouts):
    first, second, tmp = checkouts
    cache = tmp / "disk-cache"
    clean_build(first, tmp / "first.json", disk_cache=cache)
    clean_build(second, tmp / "second.json")
    a, b = output_digests(tmp / "first.json"), output_digests(tmp / "second.json")
    assert a.keys() == b.keys()
    differ = sorted(p for p in a if a[p] != b[p])
    assert not differ, differ
    for target in TARGETS:
        built = [bazel(ws, "cquery", "--output=files", target).stdout.split()[0] for ws in (first, second)]
        assert built[0] == built[1]
        content = [hashlib.sha256((ws / built[0]).read_bytes()).hexdigest() for ws in (first, second)]
        assert content[0] == content[1] == a[built[0]], target
    # Third build: second checkout, after a clean, with the first's disk cache.
    third = clean_build(second, tmp / "third.json", disk_cache=cache)
    executed = [s for s in spawns(tmp / "third.json") if not s.get("cacheHit")]
    assert executed == [], [s.get("mnemonic") for s in executed]
    assert "disk cache hit" in third.stderr
