"""Every way a FIPS build can be wrong stops it with one clear message naming
what and where: a snapshot zip that is re-packed or tampered with, a
platform where Go has no FIPS mode."""

import shutil
import zipfile

import pytest

from conftest import FIPS_CACHE, bazel, demo_workspace, sdk_path

SNAPSHOT = "v1.0.0-c2097c7c"
TAMPERED_FILE = f"golang.org/fips140@{SNAPSHOT}/fips140/{SNAPSHOT}/sha256/sha256.go"


def tampered_goroot(base):
    """A GOROOT that is go1.26.6 but for one changed line in one file of the
    certified snapshot zip (links to the genuine SDK, but lib/fips140)."""
    genuine = sdk_path("1.26.6")
    root = base / "go-tampered"
    if (root / "VERSION").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    fips = root / "lib" / "fips140"
    fips.mkdir(parents=True)
    for entry in genuine.iterdir():
        if entry.name != "lib":
            (root / entry.name).symlink_to(entry)
    for entry in (genuine / "lib").iterdir():
        if entry.name != "fips140":
            (root / "lib" / entry.name).symlink_to(entry)
    for entry in (genuine / "lib" / "fips140").iterdir():
        if entry.name != f"{SNAPSHOT}.zip":
            (fips / entry.name).symlink_to(entry)
    with zipfile.ZipFile(genuine / "lib" / "fips140" / f"{SNAPSHOT}.zip") as src, \
            zipfile.ZipFile(fips / f"{SNAPSHOT}.zip", "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == TAMPERED_FILE:
                data += b"\n// a line nobody certified\n"
            dst.writestr(info, data)
    return root


@pytest.fixture(scope="module")
def workspace():
    base = FIPS_CACHE / "e2e-workspaces" / "errors"
    base.mkdir(parents=True, exist_ok=True)
    ws = demo_workspace("errors", f"""go_sdk.local(path = "{tampered_goroot(base)}", version = "1.26.6")
go_sdk.local(path = "{sdk_path('debian')}")
bazel_dep(name = "platforms", version = "0.0.10")""")
    # A go_test that fails, and one whose TestMain decides the exit code.
    failing = ws / "failing"
    failing.mkdir(exist_ok=True)
    (failing / "BUILD.bazel").write_text(
        'load("@fips//rules:defs.bzl", "go_test")\n'
        'go_test(name = "failing_test", srcs = ["failing_test.go"], importpath = "example.com/failing")\n'
        'go_test(name = "testmain_test", srcs = ["testmain_test.go"], importpath = "example.com/testmain")\n'
        'go_test(name = "example_test", srcs = ["example_test.go"], importpath = "example.com/example", tags = ["manual"])\n'
        'go_test(name = "signature_test", srcs = ["signature_test.go"], importpath = "example.com/sig", tags = ["manual"])\n')
    # An example whose output is not what its comment says, and a test
    # function go test refuses for its signature.
    (failing / "example_test.go").write_text(
        'package example\n\nimport "fmt"\n\n'
        'func ExampleRight() {\n\tfmt.Println("right")\n\t// Output: right\n}\n\n'
        'func ExampleWrong() {\n\tfmt.Println("got this")\n\t// Output:\n\t// wanted that\n}\n')
    (failing / "signature_test.go").write_text(
        'package sig\n\nimport "testing"\n\nfunc TestBad(b *testing.B) {}\n')
    (failing / "failing_test.go").write_text(
        'package failing\n\nimport "testing"\n\n'
        'func TestPasses(t *testing.T) {}\n\n'
        'func TestFails(t *testing.T) { t.Fatal("this test fails on purpose") }\n')
    (failing / "testmain_test.go").write_text(
        'package testmain\n\nimport (\n\t"fmt"\n\t"os"\n\t"testing"\n)\n\n'
        'func TestMain(m *testing.M) {\n\tfmt.Println("TestMain ran")\n\tos.Exit(m.Run())\n}\n\n'
        'func TestOk(t *testing.T) {}\n')
    # A package whose only file is for Windows, with a program importing
    # it, and one with a broken //go:build line: go build refuses both
    # programs, and so must the build.
    for name, src in (("excluded", "package excluded\n"),
                      ("broken", "//go:build linux &&\n\npackage broken\n")):
        pkg = ws / name
        pkg.mkdir(exist_ok=True)
        filename = "only_windows.go" if name == "excluded" else "broken.go"
        (pkg / "BUILD.bazel").write_text(
            'load("@fips//rules:defs.bzl", "go_binary", "go_library")\n'
            f'go_library(name = "lib", srcs = ["{filename}"], importpath = "example.com/{name}")\n'
            f'go_binary(name = "uses", srcs = ["uses.go"], deps = [":lib"])\n')
        (pkg / filename).write_text(src)
        (pkg / "uses.go").write_text(f'package main\n\nimport _ "example.com/{name}"\n\nfunc main() {{}}\n')
    platforms = [("openbsd_amd64", "openbsd", "x86_64"), ("windows_386", "windows", "x86_32"),
                 ("wasip1_wasm", "wasi", "wasm32"), ("linux_arm64", "linux", "aarch64")]
    (ws / "BUILD.bazel").write_text("".join(
        f'platform(name = "{n}", constraint_values = ["@platforms//os:{o}", "@platforms//cpu:{c}"])\n'
        for n, o, c in platforms))
    return ws


def test_tampered_snapshot_fails_listing_the_changed_file(workspace):
    out = bazel(workspace, "build", "--@fips//:version=certified", "--@fips//toolchain:sdk_version=1.26.6",
                "//cmd/fipsdemo")
    assert out.returncode != 0
    err = out.stderr
    assert "Verifying and unpacking FIPS 140-3 snapshot v1.0.0-c2097c7c" in err, err[-3000:]
    assert f"fips140/{SNAPSHOT}/sha256/sha256.go" in err, err[-3000:]


def test_repacked_snapshot_fails_with_the_diagnosis(workspace):
    # Debian sid moves on: ask its SDK which 1.26 release it is.
    debian = (sdk_path("debian") / "VERSION").read_text().split()[0].removeprefix("go")
    out = bazel(workspace, "build", "--@fips//:version=certified", f"--@fips//toolchain:sdk_version={debian}",
                "//cmd/fipsdemo")
    assert out.returncode != 0
    err = out.stderr.lower()
    assert "re-packed" in err or "repacked" in err, out.stderr[-3000:]


@pytest.mark.parametrize("platform,goos_goarch", [("openbsd_amd64", "openbsd/amd64"),
                                                  ("windows_386", "windows/386"),
                                                  ("wasip1_wasm", "wasip1/wasm")])
def test_platform_without_fips_mode_fails_at_analysis(workspace, platform, goos_goarch):
    out = bazel(workspace, "build", "--nobuild", "--@fips//:version=certified",
                "--@fips//toolchain:sdk_version=1.26.6", f"--platforms=//:{platform}", "//cmd/fipsdemo")
    assert out.returncode != 0
    assert f"FIPS 140-3 mode is not supported on {goos_goarch} (Go 1.26.6)" in out.stderr, out.stderr[-3000:]


def test_platform_without_fips_mode_builds_with_fips_off(workspace):
    out = bazel(workspace, "build", "--nobuild", "--@fips//:version=off",
                "--@fips//toolchain:sdk_version=1.26.6", "--platforms=//:openbsd_amd64", "//cmd/fipsdemo")
    assert out.returncode == 0, out.stderr[-3000:]


def test_build_constraints_excluding_every_file_fail_as_go_build_does(workspace):
    # The library alone builds (another platform's package: `bazel build
    # //...` must pass everywhere); the program that imports it fails as go
    # build fails, naming the import.
    alone = bazel(workspace, "build", "--@fips//toolchain:sdk_version=1.26.6", "//excluded:lib")
    assert alone.returncode == 0, alone.stderr[-3000:]
    out = bazel(workspace, "build", "--@fips//toolchain:sdk_version=1.26.6", "//excluded:uses")
    assert out.returncode != 0
    assert ("excluded/uses.go:3:8: package example.com/excluded: build constraints exclude all Go files in "
            "//excluded:lib") in out.stderr, out.stderr[-3000:]


def test_broken_go_build_line_fails_naming_file_and_line(workspace):
    out = bazel(workspace, "build", "--@fips//toolchain:sdk_version=1.26.6", "//broken:lib")
    assert out.returncode != 0
    assert "broken/broken.go:1: parsing //go:build line" in out.stderr, out.stderr[-3000:]


def test_failing_go_test_fails_bazel_test(workspace):
    out = bazel(workspace, "test", "--nocache_test_results", "--test_output=errors",
                "--@fips//toolchain:sdk_version=1.26.6", "//failing:all")
    assert out.returncode != 0
    text = out.stdout + out.stderr
    assert "--- FAIL: TestFails" in text, text[-3000:]
    assert "this test fails on purpose" in text
    assert "//failing:testmain_test" in text and "PASSED" in text
    assert "//failing:failing_test" in text and "FAILED" in text


def test_testmain_runs(workspace):
    out = bazel(workspace, "test", "--nocache_test_results", "--test_output=all",
                "--@fips//toolchain:sdk_version=1.26.6", "//failing:testmain_test")
    assert out.returncode == 0, out.stderr[-3000:]
    assert "TestMain ran" in out.stdout + out.stderr


def test_failing_example_fails_bazel_test(workspace):
    out = bazel(workspace, "test", "--nocache_test_results", "--test_output=errors",
                "--@fips//toolchain:sdk_version=1.26.6", "//failing:example_test")
    assert out.returncode != 0
    text = out.stdout + out.stderr
    assert "--- FAIL: ExampleWrong" in text, text[-3000:]
    assert "got:\ngot this\nwant:\nwanted that" in text


def test_test_function_with_a_wrong_signature_fails_as_go_test_does(workspace):
    out = bazel(workspace, "build", "--@fips//toolchain:sdk_version=1.26.6", "//failing:signature_test")
    assert out.returncode != 0
    assert "failing/signature_test.go:5:1: wrong signature for TestBad, must be: func TestBad(t *testing.T)" in out.stderr, \
        out.stderr[-3000:]
