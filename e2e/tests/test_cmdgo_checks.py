"""The checks cmd/go makes that the compiler and linker do not, made by the
rules (go1.26.6): no package stands in for the standard library, Go's
internal-package rule, one package per import path, the `#cgo` flag
allow-list, import path syntax, programs are not importable, case-fold
collisions, `//go:embed`'s file rules, cgo-off file selection, `//go:debug`
directives, and no `-X` of the runtime's variables. Each case builds with
Bazel and, where go build can express the same tree, with go build, and
shows both outcomes.

Refused builds are checked together (`--keep_going` reports every
analysis and action failure of one invocation), so the suite's time stays
that of a few Bazel commands."""

import os
import pathlib
import shutil
import subprocess

import pytest

from conftest import FIPS_CACHE, FIPSTOOL, bazel, bazel_output, sdk_path

SDK = "1.26.6"
CERTIFIED = ["--@fips//:version=certified"]
SNAPSHOT = "v1.0.0-c2097c7c"

BUILD_LOAD = 'load("@fips//rules:defs.bzl", "go_binary", "go_library", "go_test")\n\n'

# name -> {file: content}; every package of the workspace, written once.
PACKAGES = {
    # --- #20: no package stands in for the standard library.
    "std/evil": {
        "sha.go": "package sha256\n\nfunc Sum256(b []byte) [32]byte { var x [32]byte; x[0] = 0xee; return x }\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "sha256", srcs = ["sha.go"], importpath = "crypto/sha256", visibility = ["//visibility:public"])\n'
        'go_library(name = "rand", srcs = ["sha.go"], importpath = "crypto/rand", visibility = ["//visibility:public"])\n'
        f'go_library(name = "fipssha", srcs = ["sha.go"], importpath = "crypto/internal/fips140/{SNAPSHOT}/sha256", '
        'visibility = ["//visibility:public"])\n'
        'go_library(name = "vendored", srcs = ["sha.go"], importpath = "vendor/golang.org/x/crypto/sha3", '
        'visibility = ["//visibility:public"])\n',
    },
    "std/cmd": {
        "main.go": 'package main\n\nimport (\n\t"crypto/sha256"\n\t"fmt"\n)\n\n'
                   'func main() { fmt.Printf("sum=%x\\n", sha256.Sum256([]byte("x"))) }\n',
        "BUILD.bazel": BUILD_LOAD + "".join(
            f'go_binary(name = "{n}", srcs = ["main.go"], deps = ["//std/evil:{n}"])\n'
            for n in ("sha256", "rand", "fipssha", "vendored")),
    },
    # --- #22: Go's internal-package rule.
    "internal/fipsoff": {
        "main.go": 'package main\n\nimport (\n\tcf "crypto/fips140"\n\t"fmt"\n\n'
                   f'\tfips140 "crypto/internal/fips140/{SNAPSHOT}"\n)\n\n'
                   "func main() { before := cf.Enabled(); fips140.Enabled = false; fmt.Println(before, cf.Enabled()) }\n",
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "fipsoff", srcs = ["main.go"])\n',
    },
    "internal/fipsoff_plain": {
        "main.go": 'package main\n\nimport (\n\tcf "crypto/fips140"\n\t"fmt"\n\n\tfips140 "crypto/internal/fips140"\n)\n\n'
                   "func main() { before := cf.Enabled(); fips140.Enabled = false; fmt.Println(before, cf.Enabled()) }\n",
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "fipsoff_plain", srcs = ["main.go"])\n',
    },
    "a/internal/b": {
        "b.go": "package b\n\nfunc B() string { return \"b\" }\n",
        "b_test.go": 'package b_test\n\nimport (\n\t"testing"\n\n\t"ex/a/internal/b"\n)\n\n'
                     'func TestB(t *testing.T) {\n\tif b.B() != "b" {\n\t\tt.Fatal("b")\n\t}\n}\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "b", srcs = ["b.go"], importpath = "ex/a/internal/b", visibility = ["//visibility:public"])\n'
        'go_test(name = "b_test", srcs = ["b_test.go"], embed = [":b"])\n',
    },
    "a/c": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"ex/a/internal/b"\n)\n\nfunc main() { fmt.Println(b.B()) }\n',
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "c", srcs = ["main.go"], importpath = "ex/a/c", deps = ["//a/internal/b"])\n',
    },
    "x/y": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"ex/a/internal/b"\n)\n\nfunc main() { fmt.Println(b.B()) }\n',
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "y", srcs = ["main.go"], importpath = "ex/x/y", deps = ["//a/internal/b"])\n',
    },
    # --- #23: one import path, one package.
    "dup/a1": {
        "x.go": 'package x\n\nfunc Who() string { return "a1" }\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "x", srcs = ["x.go"], importpath = "example.com/x", visibility = ["//visibility:public"])\n'
        'go_library(name = "x_vendored", srcs = ["x.go"], importpath = "example.com/x", '
        'importmap = "example.com/vendor/a1/example.com/x", visibility = ["//visibility:public"])\n',
    },
    "dup/a2": {
        "x.go": 'package x\n\nfunc Who() string { return "a2" }\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "x", srcs = ["x.go"], importpath = "example.com/x", visibility = ["//visibility:public"])\n',
    },
    "dup/b": {
        "b.go": 'package b\n\nimport "example.com/x"\n\nfunc Who() string { return x.Who() }\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "b", srcs = ["b.go"], importpath = "example.com/b", deps = ["//dup/a2:x"], '
        'visibility = ["//visibility:public"])\n',
    },
    "dup/cmd": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/b"\n\t"example.com/x"\n)\n\n'
                   "func main() { fmt.Println(x.Who(), b.Who()) }\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_binary(name = "conflict", srcs = ["main.go"], deps = ["//dup/a1:x", "//dup/b"])\n'
        'go_binary(name = "one", srcs = ["main.go"], deps = ["//dup/a2:x", "//dup/b"])\n'
        'go_binary(name = "importmap", srcs = ["main.go"], deps = ["//dup/a1:x_vendored", "//dup/b"])\n'
        'go_test(name = "conflict_test", srcs = ["who_test.go"], deps = ["//dup/a1:x", "//dup/b"])\n',
        "who_test.go": 'package who_test\n\nimport (\n\t"testing"\n\n\t"example.com/b"\n\t"example.com/x"\n)\n\n'
                       "func TestWho(t *testing.T) { t.Log(x.Who(), b.Who()) }\n",
    },
    # --- #24: import path syntax, programs, case-fold collisions.
    "paths/inject": {
        "p.go": "package inject\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "inject", srcs = ["p.go"], importpath = "ex/inject\\ndep\\tgolang.org/x/fake\\tv9.9.9\\th1:x", '
        'visibility = ["//visibility:public"])\n',
    },
    "paths/mainlib": {
        "main.go": 'package main\n\nfunc Hello() string { return "from a program" }\n\nfunc main() {}\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "mainlib", srcs = ["main.go"], importpath = "ex/paths/mainlib", visibility = ["//visibility:public"])\n',
    },
    "paths/usesmain": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"ex/paths/mainlib"\n)\n\nfunc main() { fmt.Println(mainlib.Hello()) }\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_binary(name = "usesmain", srcs = ["main.go"], importpath = "ex/paths/usesmain", deps = ["//paths/mainlib"])\n',
    },
    "paths/foo": {
        "foo.go": "package foo\n\nfunc F() int { return 1 }\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "foo", srcs = ["foo.go"], importpath = "ex/paths/foo", visibility = ["//visibility:public"])\n'
        'go_library(name = "Foo", srcs = ["foo.go"], importpath = "ex/paths/Foo", visibility = ["//visibility:public"])\n',
    },
    "paths/fold": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\tf1 "ex/paths/Foo"\n\tf2 "ex/paths/foo"\n)\n\n'
                   "func main() { fmt.Println(f1.F() + f2.F()) }\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_binary(name = "fold", srcs = ["main.go"], deps = ["//paths/foo", "//paths/foo:Foo"])\n',
    },
    # A package no dependency provides: the importing file and what to add.
    "paths/missing": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"ex/paths/foo"\n)\n\nfunc main() { fmt.Println(foo.F()) }\n',
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "missing", srcs = ["main.go"], importpath = "ex/paths/missing")\n',
    },
    # --- #24: the #cgo flag allow-list.
    "cgoflags/wrapper": {
        "w.go": 'package main\n\n// #cgo CFLAGS: -wrapper /usr/bin/touch,MARKER,--\n// int one(void) { return 1; }\nimport "C"\n\n'
                'import "fmt"\n\nfunc main() { fmt.Println(C.one()) }\n',
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "wrapper", srcs = ["w.go"], cgo = True, pure = "off")\n',
    },
    "cgoflags/plugin": {
        "p.go": 'package main\n\n// #cgo LDFLAGS: -Wl,-plugin,/tmp/evil.so\n// int one(void) { return 1; }\nimport "C"\n\n'
                'import "fmt"\n\nfunc main() { fmt.Println(C.one()) }\n',
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "plugin", srcs = ["p.go"], cgo = True, pure = "off")\n',
    },
    # --- #24: //go:embed's file rules and pattern root.
    "embeds/root": {
        "sub/x.go": 'package main\n\nimport (\n\t_ "embed"\n\t"fmt"\n)\n\n//go:embed data.txt\nvar data string\n\n'
                    "func main() { fmt.Print(data) }\n",
        "sub/data.txt": "embedded from the Go file's directory\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_binary(name = "root", srcs = ["sub/x.go"], embedsrcs = ["sub/data.txt"])\n',
    },
    "embeds/badname": {
        "x.go": 'package main\n\nimport (\n\t_ "embed"\n\t"fmt"\n)\n\n//go:embed aux.txt\nvar data string\n\n'
                "func main() { fmt.Print(data) }\n",
        "aux.txt": "a Windows device name\n",
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "badname", srcs = ["x.go"], embedsrcs = ["aux.txt"])\n',
    },
    "embeds/symlink": {
        "x.go": 'package main\n\nimport (\n\t_ "embed"\n\t"fmt"\n)\n\n//go:embed link.txt\nvar data string\n\n'
                "func main() { fmt.Print(data) }\n",
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "symlink", srcs = ["x.go"], embedsrcs = ["link.txt"])\n',
    },
    # --- #24: with cgo off, a file that imports "C" is left out.
    "cgooff/lib": {
        "c.go": 'package lib\n\n// int two(void) { return 2; }\nimport "C"\n\nfunc Two() int { return int(C.two()) }\n',
        "nocgo.go": "//go:build !cgo\n\npackage lib\n\nfunc Two() int { return 22 }\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "lib", srcs = ["c.go", "nocgo.go"], importpath = "ex/cgooff/lib", cgo = True, '
        'visibility = ["//visibility:public"])\n',
    },
    "cgooff/cmd": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"ex/cgooff/lib"\n)\n\nfunc main() { fmt.Println(lib.Two()) }\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_binary(name = "pure", srcs = ["main.go"], deps = ["//cgooff/lib"])\n'
        'go_binary(name = "withcgo", srcs = ["main.go"], deps = ["//cgooff/lib"], pure = "off")\n',
    },
    # --- #19: //go:debug, and no -X of the runtime's variables.
    "godebug/off": {
        "main.go": '//go:debug fips140=off\n//go:debug panicnil=1\n\npackage main\n\nimport (\n\t"crypto/fips140"\n\t"fmt"\n)\n\n'
                   'func main() { fmt.Println("enabled", fips140.Enabled()) }\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_binary(name = "off", srcs = ["main.go"], importpath = "ex/godebug/off")\n'
        'go_binary(name = "off_explicit_on", srcs = ["main.go"], importpath = "ex/godebug/off", fips_mode = "on")\n',
    },
    "godebug/unknown": {
        "lib.go": "//go:debug madeup=1\n\npackage unknown\n\nfunc X() int { return 1 }\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "unknown", srcs = ["lib.go"], importpath = "ex/godebug/unknown", visibility = ["//visibility:public"])\n',
    },
    "godebug/usesunknown": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"ex/godebug/unknown"\n)\n\nfunc main() { fmt.Println(unknown.X()) }\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_binary(name = "usesunknown", srcs = ["main.go"], importpath = "ex/godebug/usesunknown", deps = ["//godebug/unknown"])\n',
    },
    "godebug/xdefs": {
        "main.go": 'package main\n\nimport (\n\t"crypto/fips140"\n\t"fmt"\n)\n\nfunc main() { fmt.Println(fips140.Enabled()) }\n',
        "BUILD.bazel": BUILD_LOAD +
        'go_binary(name = "xdefs", srcs = ["main.go"], x_defs = {"runtime.godebugDefault": "fips140=off"})\n'
        'go_binary(name = "linkopts", srcs = ["main.go"], gc_linkopts = ["-X", "runtime.godebugDefault=fips140=off"])\n'
        'go_binary(name = "goopts", srcs = ["main.go"], gc_goopts = ["-importcfg", "/dev/null"])\n',
    },
    # Go assembly, assembled as go build assembles it.
    "asm/p": {
        "p.go": "package p\n\nfunc Add(a, b int64) int64\n",
        "add_amd64.s": '#include "textflag.h"\n\nTEXT ·Add(SB),NOSPLIT,$0-24\n\tMOVQ a+0(FP), AX\n\tADDQ b+8(FP), AX\n'
                       "\tMOVQ AX, ret+16(FP)\n\tRET\n",
        "add_arm64.s": '#include "textflag.h"\n\nTEXT ·Add(SB),NOSPLIT,$0-24\n\tMOVD a+0(FP), R0\n\tMOVD b+8(FP), R1\n'
                       "\tADD R1, R0\n\tMOVD R0, ret+16(FP)\n\tRET\n",
        "BUILD.bazel": BUILD_LOAD +
        'go_library(name = "p", srcs = ["p.go", "add_amd64.s", "add_arm64.s"], importpath = "ex/asm/p", '
        'visibility = ["//visibility:public"])\n',
    },
    "asm/cmd": {
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"ex/asm/p"\n)\n\nfunc main() { fmt.Println(p.Add(2, 3)) }\n',
        "BUILD.bazel": BUILD_LOAD + 'go_binary(name = "cmd", srcs = ["main.go"], importpath = "ex/asm/cmd", deps = ["//asm/p"])\n',
    },
}

MARKER = FIPS_CACHE / "e2e-workspaces" / "cgo-wrapper-ran"


@pytest.fixture(scope="module")
def workspace():
    ws = FIPS_CACHE / "e2e-workspaces" / "cmdgo"
    shutil.rmtree(ws, ignore_errors=True)
    ws.mkdir(parents=True)
    (ws / "MODULE.bazel").write_text(f"""module(name = "cmdgo")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "{pathlib.Path(__file__).resolve().parents[2]}")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
go_sdk.local(path = "{sdk_path(SDK)}")
""")
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    (ws / "BUILD.bazel").write_text("")
    # go build reads the same tree as module `ex`.
    (ws / "go.mod").write_text("module ex\n\ngo 1.26\n")
    for pkg, files in PACKAGES.items():
        for name, content in files.items():
            path = ws / pkg / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content.replace("MARKER", str(MARKER)))
    # A symlink to a file outside the workspace.
    outside = FIPS_CACHE / "e2e-workspaces" / "outside-secret.txt"
    outside.write_text("a file of the build machine\n")
    (ws / "embeds" / "symlink" / "link.txt").symlink_to(outside)
    MARKER.unlink(missing_ok=True)
    return ws


def go(ws, *args, fips="certified", cgo="0"):
    """The SDK's go command on the workspace's tree (module `ex`)."""
    sdk = sdk_path(SDK)
    env = dict(os.environ, GOFIPS140=fips, CGO_ENABLED=cgo, GOTOOLCHAIN="local", GOPROXY="off", GOFLAGS="-mod=mod",
               GOCACHE=str(FIPS_CACHE / "gocache" / f"go{SDK}"), GOWORK="off", PATH=f"{sdk}/bin:{os.environ['PATH']}")
    return subprocess.run([str(sdk / "bin" / "go"), *args], cwd=ws, capture_output=True, text=True, env=env)


def refused(ws, flags, targets):
    """Builds every target with --keep_going; returns stderr, which holds each
    target's failure."""
    out = bazel(ws, "build", "--keep_going", *flags, *targets)
    assert out.returncode != 0, out.stderr[-3000:]
    return out.stderr


def run(binary, **env):
    return subprocess.run([str(binary)], capture_output=True, text=True, timeout=60, env=dict(os.environ, **env))


@pytest.mark.parametrize("version", ["certified", "off"])
def test_no_package_stands_in_for_the_standard_library(workspace, version):
    err = refused(workspace, [f"--@fips//:version={version}"],
                  ["//std/cmd:sha256", "//std/cmd:rand", "//std/cmd:fipssha", "//std/cmd:vendored"])
    for name, path in (("sha256", "crypto/sha256"), ("rand", "crypto/rand"),
                       ("fipssha", f"crypto/internal/fips140/{SNAPSHOT}/sha256"),
                       ("vendored", "vendor/golang.org/x/crypto/sha3")):
        assert f'//std/evil:{name}: importpath = "{path}": ' in err, err[-4000:]
    assert "go build always uses the standard library's package" in err


def test_go_build_never_replaces_the_standard_library(tmp_path):
    """go build's side of the same tree: a module `crypto` with a package
    `crypto/sha256` does not replace the standard library's; go1.26.6
    refuses the import as ambiguous."""
    (tmp_path / "go.mod").write_text("module crypto\n\ngo 1.26\n")
    (tmp_path / "sha256").mkdir()
    (tmp_path / "sha256" / "sha.go").write_text(PACKAGES["std/evil"]["sha.go"])
    (tmp_path / "cmd").mkdir()
    (tmp_path / "cmd" / "main.go").write_text(PACKAGES["std/cmd"]["main.go"])
    built = go(tmp_path, "run", "./cmd")
    assert built.returncode != 0 and "sum=ee" not in built.stdout, built.stdout
    assert "ambiguous import: found package crypto/sha256 in multiple modules" in built.stderr, built.stderr


@pytest.mark.parametrize("version,target,path", [
    ("certified", "//internal/fipsoff", f"crypto/internal/fips140/{SNAPSHOT}"),
    ("latest", "//internal/fipsoff_plain", "crypto/internal/fips140"),
    ("off", "//internal/fipsoff_plain", "crypto/internal/fips140"),
])
def test_the_fips_module_cannot_be_switched_off_from_outside(workspace, version, target, path):
    err = refused(workspace, [f"--@fips//:version={version}"], [target])
    assert f"use of internal package {path} not allowed" in err, err[-3000:]
    pkg = target.strip("/").split(":")[0]
    assert f"{pkg}/main.go" in err
    gone = go(workspace, "build", "-o", os.devnull, "./" + pkg, fips=version)
    assert gone.returncode != 0 and f"use of internal package {path} not allowed" in gone.stderr, gone.stderr


def test_internal_packages_as_go_build_allows_them(workspace):
    ok = bazel(workspace, "build", *CERTIFIED, "//a/c", "//a/internal/b:b_test")
    assert ok.returncode == 0, ok.stderr[-3000:]
    tested = bazel(workspace, "test", *CERTIFIED, "//a/internal/b:b_test")
    assert tested.returncode == 0, tested.stderr[-3000:]
    err = refused(workspace, CERTIFIED, ["//x/y"])
    assert "use of internal package ex/a/internal/b not allowed" in err, err[-3000:]
    assert go(workspace, "build", "-o", os.devnull, "./a/c").returncode == 0
    assert go(workspace, "test", "./a/internal/b").returncode == 0
    gone = go(workspace, "build", "-o", os.devnull, "./x/y")
    assert "use of internal package ex/a/internal/b not allowed" in gone.stderr, gone.stderr


def test_one_import_path_one_package(workspace):
    err = refused(workspace, CERTIFIED, ["//dup/cmd:conflict", "//dup/cmd:conflict_test"])
    for target in ("//dup/cmd:conflict", "//dup/cmd:conflict_test"):
        assert f'{target}: two different packages would link as "example.com/x"' in err, err[-3000:]
    assert "//dup/a1:x (via //dup/a1:x)" in err and "//dup/a2:x (via //dup/b:b -> //dup/a2:x)" in err
    # One library for the path: it builds, and the program runs a2's code.
    one = bazel_output(workspace, "//dup/cmd:one", *CERTIFIED)
    assert run(one).stdout.strip() == "a2 a2"
    # importmap: a vendored copy links beside the other under a path of its own.
    both = bazel_output(workspace, "//dup/cmd:importmap", *CERTIFIED)
    assert run(both).stdout.strip() == "a1 a2"


def test_import_paths_programs_and_case_collisions(workspace):
    err = refused(workspace, CERTIFIED, ["//paths/inject", "//paths/usesmain", "//paths/fold", "//paths/missing"])
    assert 'malformed import path "ex/inject\\ndep\\tgolang.org/x/fake\\tv9.9.9\\th1:x": invalid char \'\\n\'' in err, err[-4000:]
    assert 'import "ex/paths/mainlib" is a program, not an importable package' in err
    assert 'case-insensitive import collision: "ex/paths/Foo" and "ex/paths/foo"' in err or \
        'case-insensitive import collision: "ex/paths/foo" and "ex/paths/Foo"' in err
    assert "paths/missing/main.go" in err and 'add the go_library with importpath "ex/paths/foo"' in err
    # The query the message gives lists the workspace's library of that path
    # (and not the look-alike "ex/paths/Foo").
    query = err.split("bazel query '", 1)[1].split("'", 1)[0]
    assert query == 'attr(importpath, "^ex/paths/foo$", //...)', query
    found = bazel(workspace, "query", query)
    assert found.returncode == 0 and found.stdout.split() == ["//paths/foo:foo"], found.stdout + found.stderr
    # go build on the same trees.
    assert "is a program, not an importable package" in go(workspace, "build", "./paths/usesmain").stderr


def test_cgo_flags_are_checked_and_run_nothing(workspace):
    MARKER.unlink(missing_ok=True)
    err = refused(workspace, CERTIFIED, ["//cgoflags/wrapper", "//cgoflags/plugin"])
    assert "invalid flag in #cgo CFLAGS: -wrapper" in err, err[-3000:]
    assert "invalid flag in #cgo LDFLAGS: -Wl,-plugin,/tmp/evil.so" in err
    assert "cgoflags/wrapper/w.go" in err
    assert not MARKER.exists(), "the -wrapper command ran during the build"
    gone = go(workspace, "build", "-o", os.devnull, "./cgoflags/wrapper", cgo="1")
    assert "invalid flag in #cgo CFLAGS: -wrapper" in gone.stderr, gone.stderr
    assert not MARKER.exists()


def test_embed_rules(workspace):
    binary = bazel_output(workspace, "//embeds/root", *CERTIFIED)
    assert run(binary).stdout == "embedded from the Go file's directory\n"
    err = refused(workspace, CERTIFIED, ["//embeds/badname", "//embeds/symlink"])
    assert "cannot embed file aux.txt: invalid name aux.txt" in err, err[-3000:]
    assert "cannot embed irregular file link.txt" in err
    assert "invalid name aux.txt" in go(workspace, "build", "-o", os.devnull, "./embeds/badname").stderr
    assert "cannot embed irregular file link.txt" in go(workspace, "build", "-o", os.devnull, "./embeds/symlink").stderr


def test_cgo_off_leaves_out_files_that_import_c(workspace):
    pure = bazel_output(workspace, "//cgooff/cmd:pure", *CERTIFIED)
    assert run(pure).stdout.strip() == "22"
    withcgo = bazel_output(workspace, "//cgooff/cmd:withcgo", *CERTIFIED)
    assert run(withcgo).stdout.strip() == "2"
    assert go(workspace, "run", "./cgooff/cmd", cgo="0").stdout.strip() == "22"


def test_go_debug_directives(workspace):
    binary = bazel_output(workspace, "//godebug/off", *CERTIFIED)
    assert run(binary).stdout.strip() == "enabled false"
    ours = build_line(binary, "DefaultGODEBUG")
    gobin = workspace / "godebug-off-go"
    built = go(workspace, "build", "-trimpath", "-o", str(gobin), "./godebug/off")
    assert built.returncode == 0, built.stderr
    assert ours == build_line(gobin, "DefaultGODEBUG") and "fips140=off" in ours and "panicnil=1" in ours
    # An explicit mode that a directive contradicts, an unknown key, and the
    # runtime's variables: refused.
    err = refused(workspace, CERTIFIED, ["//godebug/off:off_explicit_on", "//godebug/usesunknown",
                                         "//godebug/xdefs", "//godebug/xdefs:linkopts", "//godebug/xdefs:goopts"])
    assert '//go:debug fips140=off contradicts fips_mode "on"' in err, err[-4000:]
    assert 'invalid //go:debug: unknown //go:debug setting "madeup"' in err
    assert "//godebug/xdefs:xdefs: x_defs: runtime.godebugDefault is refused" in err
    assert "//godebug/xdefs:linkopts: gc_linkopts: -X runtime.godebugDefault is refused" in err
    assert "//godebug/xdefs:goopts: gc_goopts: -importcfg is set by the rules" in err
    gone = go(workspace, "build", "-o", os.devnull, "./godebug/usesunknown")
    assert 'invalid //go:debug: unknown //go:debug setting "madeup"' in gone.stderr, gone.stderr


def test_go_assembly(workspace):
    binary = bazel_output(workspace, "//asm/cmd", *CERTIFIED)
    assert run(binary).stdout.strip() == "5"
    assert go(workspace, "run", "./asm/cmd").stdout.strip() == "5"


def build_line(binary, key):
    """A `build` setting of the binary, as `go version -m` shows it."""
    out = subprocess.run([str(sdk_path(SDK) / "bin" / "go"), "version", "-m", str(binary)], capture_output=True, text=True)
    for line in out.stdout.splitlines():
        fields = line.strip().split("\t")
        if len(fields) == 2 and fields[0] == "build" and fields[1].startswith(key + "="):
            return fields[1][len(key) + 1:]
    return None
