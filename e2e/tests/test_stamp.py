"""Stamping, as rules_go stamps (go1.26.6): `x_defs` values name workspace
status keys, filled in when the program is stamped (`--stamp` with `stamp =
-1`, or `stamp = 1`), and a definition naming a key is left out when it is
not (the variable keeps the program's value); the main package's variables
by its import path or as `main`; a go_test's too. A change of a volatile
key alone relinks nothing; the build information records no -ldflags, as
go build -trimpath records none."""

import subprocess
import time

import pytest

from conftest import bazel, bazel_output, consumer_workspace, sdk_path

SDK = "1.26.6"

LOAD = 'load("@fips//rules:defs.bzl", "go_binary", "go_library", "go_test")\n\n'

DEFS = ('{"example.com/stamp/cmd/app.Version": "{STABLE_VERSION}", '
        '"main.Commit": "{STABLE_GIT_COMMIT}@{BUILD_TIMESTAMP}", "main.Fixed": "fixed", '
        '"example.com/stamp/lib.Name": "lib-{STABLE_VERSION}"}')

FILES = {
    "status.sh": "#!/bin/sh\necho STABLE_GIT_COMMIT abc123\necho STABLE_VERSION v1.2.3\n",
    "BUILD.bazel": "",
    "lib/BUILD.bazel": LOAD + f"""go_library(name = "lib", srcs = ["lib.go"], importpath = "example.com/stamp/lib",
           visibility = ["//visibility:public"])

go_test(
    name = "lib_test",
    srcs = ["lib_test.go"],
    embed = [":lib"],
    stamp = 1,
    x_defs = {{"example.com/stamp/lib.Name": "lib-{{STABLE_VERSION}}"}},
)
""",
    "lib/lib.go": 'package lib\n\n// Name is set by the link.\nvar Name = "unset"\n',
    "lib/lib_test.go": ('package lib\n\nimport "testing"\n\nfunc TestStamped(t *testing.T) {\n'
                        '\tif Name != "lib-v1.2.3" {\n\t\tt.Fatalf("Name = %q", Name)\n\t}\n}\n'),
    "cmd/app/BUILD.bazel": LOAD + "".join(
        f'go_binary(name = "{name}", srcs = ["main.go"], importpath = "example.com/stamp/cmd/app", '
        f'deps = ["//lib"], x_defs = {DEFS}{extra})\n'
        for name, extra in (("app", ""), ("always", ", stamp = 1"), ("never", ", stamp = 0"))),
    "cmd/app/main.go": ('package main\n\nimport (\n\t"fmt"\n\n\t"example.com/stamp/lib"\n)\n\n'
                        'var Version, Commit, Fixed = "dev", "none", "default"\n\n'
                        'func main() { fmt.Println(Version, Commit, Fixed, lib.Name) }\n'),
    "bad/BUILD.bazel": LOAD + 'go_binary(name = "bad", srcs = ["main.go"], x_defs = {"Version": "x"})\n',
    "bad/main.go": "package main\n\nfunc main() {}\n",
}


@pytest.fixture(scope="module")
def workspace():
    ws = consumer_workspace("stamp", f'go_sdk.local(path = "{sdk_path(SDK)}")')
    for name, content in FILES.items():
        path = ws / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    (ws / "status.sh").chmod(0o755)
    yield ws
    bazel(ws, "shutdown")


def output(binary):
    ran = subprocess.run([str(binary)], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.split()




def status(ws):
    return f"--workspace_status_command={ws / 'status.sh'}"


def stamp(ws):
    return ("--stamp", status(ws))


def test_unstamped_definitions_naming_keys_are_left_out(workspace):
    assert output(bazel_output(workspace, "//cmd/app", status(workspace))) == ["dev", "none", "fixed", "unset"]
    # stamp = 1 stamps without --stamp.
    version, commit, fixed, name = output(bazel_output(workspace, "//cmd/app:always", status(workspace)))
    assert (version, fixed, name) == ("v1.2.3", "fixed", "lib-v1.2.3") and commit.startswith("abc123@")


def test_stamped_program(workspace):
    version, commit, fixed, name = output(bazel_output(workspace, "//cmd/app", *stamp(workspace)))
    assert (version, fixed, name) == ("v1.2.3", "fixed", "lib-v1.2.3")
    sha, _, timestamp = commit.partition("@")
    assert sha == "abc123" and timestamp.isdigit(), commit
    assert output(bazel_output(workspace, "//cmd/app:never", *stamp(workspace))) == ["dev", "none", "fixed", "unset"]
    # A later build: the volatile BUILD_TIMESTAMP changed, the stable keys
    # did not, and the program is not linked again.
    time.sleep(1.1)
    assert output(bazel_output(workspace, "//cmd/app", *stamp(workspace)))[1] == commit
    info = subprocess.run([str(sdk_path(SDK) / "bin" / "go"), "version", "-m",
                           str(bazel_output(workspace, "//cmd/app", *stamp(workspace)))], capture_output=True, text=True)
    assert info.returncode == 0 and "-ldflags" not in info.stdout, info.stdout


def test_a_go_tests_definitions(workspace):
    tested = bazel(workspace, "test", "--nocache_test_results", "--test_output=errors",
                   status(workspace), "//lib:lib_test")
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]


def test_a_definition_without_its_package_is_refused(workspace):
    out = bazel(workspace, "build", "//bad")
    assert out.returncode != 0
    assert '//bad:bad: x_defs: "Version": want IMPORTPATH.NAME' in out.stderr, out.stderr[-3000:]
