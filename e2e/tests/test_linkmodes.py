"""Link modes with FIPS on (go1.26.6, --@fips//:version=certified): every
go_binary linkmode gives a program (or library) whose FIPS integrity sum the
runtime check accepts; a C program linked against a Go c-archive passes only
once fips_seal has sealed it; external and PIE builds are go build's
(`CGO_ENABLED=1 go build -trimpath -ldflags=-linkmode=external` and
`-buildmode=pie`): same build lines, FIPS symbols and self-test output."""

import shutil
import subprocess
import sys

import pytest

from conftest import FIPSTOOL, bazel, bazel_output, demo_workspace, sdk_path
from test_parity import PACKAGE, PROGRAM, assert_same_as_go_build, compared_lines

sys.path.insert(0, str(PROGRAM.parent / "oracle"))
import oracle  # noqa: E402

SDK = "1.26.6"
FLAGS = ["--@fips//:version=certified"]
MODES = ["auto", "internal", "external", "pie", "c-shared", "c-archive"]

HELLO = """package main

import (
\t"crypto/fips140"
\t"crypto/sha256"
\t"fmt"
)

func main() {
\tfmt.Printf("fips140.Enabled=%v %x\\n", fips140.Enabled(), sha256.Sum256([]byte("x")))
}
"""

# HELLO with net, whose cgo resolver is compiled in when cgo is on.
HELLO_NET = HELLO.replace('\t"fmt"\n', '\t"fmt"\n\t"net"\n').replace(
    'fips140.Enabled(), ', 'fips140.Enabled() && net.ParseIP("::1") != nil, ')

# A go_test with pure = "off": its files are chosen with cgo on, and it runs
# in FIPS mode.
CGO_TEST = """package hello

import (
\t"crypto/fips140"
\t"testing"
)

func TestCgoAndFIPS(t *testing.T) {
\tif !cgoOn {
\t\tt.Fatal("built without cgo")
\t}
\tif !fips140.Enabled() {
\t\tt.Fatal("FIPS mode is off")
\t}
}
"""

HOST_C = """#include <stdio.h>
#include <unistd.h>

/* The Go runtime of the c-archive starts, and runs its package initialisers
   (the FIPS self-check among them), on a thread of its own when the program
   is loaded: give it the time to finish before exiting. */
int main(void) {
\tsleep(1);
\tprintf("C host: done\\n");
\treturn 0;
}
"""


@pytest.fixture(scope="module")
def workspace():
    ws = demo_workspace("cgo-linkmodes", f'go_sdk.local(path = "{sdk_path(SDK)}")')
    (ws / "BUILD.bazel").write_text("")
    # The parity demo, externally linked and as a PIE.
    demo_build = ws / "cmd" / "fipsdemo" / "BUILD.bazel"
    demo_build.write_text(demo_build.read_text() + "".join(f"""
go_binary(
    name = "fipsdemo_{m}",
    srcs = glob(["*.go"]),
    embedsrcs = glob(["static/**"]),
    go_version = "1.24",
    importpath = "example.com/fipsdemo/cmd/fipsdemo",
    linkmode = "{m}",
    deps = ["//api", "//certs"],
)
""" for m in ("external", "pie")) + """
go_binary(
    name = "fipsdemo_pure_off",
    srcs = glob(["*.go"]),
    embedsrcs = glob(["static/**"]),
    go_version = "1.24",
    importpath = "example.com/fipsdemo/cmd/fipsdemo",
    pure = "off",
    deps = ["//api", "//certs"],
)
""")
    hello = ws / "hello"
    shutil.rmtree(hello, ignore_errors=True)
    hello.mkdir()
    (hello / "main.go").write_text(HELLO)
    (hello / "BUILD.bazel").write_text("""load("@fips//rules:defs.bzl", "go_binary", "go_test")

[go_binary(
    name = "hello_" + m.replace("-", "_"),
    srcs = ["main.go"],
    importpath = "example.com/hello",
    linkmode = m,
    visibility = ["//visibility:public"],
) for m in %r]

# pure = "off": cgo, and net's cgo resolver, linked by Go's linker.
go_binary(name = "hello_pure_off", srcs = ["net/main.go"], importpath = "example.com/hello", pure = "off")

# pure = "on" with pie: a PIE without cgo, linked by Go's linker.
go_binary(name = "hello_pure_pie", srcs = ["net/main.go"], importpath = "example.com/hello", linkmode = "pie", pure = "on")

# lld leaves a PIE's dynamic relocations unapplied in the file (GNU ld
# writes their values): the FIPS sum cannot match what the runtime check
# will hash, unless lld is told to apply them. (A PIE without cgo packages
# is linked by Go's own linker, as go build does: -linkmode=external makes
# the C toolchain link it.)
go_binary(name = "hello_lld", srcs = ["main.go"], importpath = "example.com/hello", linkmode = "pie",
          gc_linkopts = ["-linkmode=external", "-extldflags=-fuse-ld=lld"], tags = ["manual"])

go_binary(name = "hello_lld_sealed", srcs = ["main.go"], importpath = "example.com/hello", linkmode = "pie",
          gc_linkopts = ["-linkmode=external", "-extldflags=-fuse-ld=lld"], seal = True, tags = ["manual"])

go_binary(name = "hello_lld_applied", srcs = ["main.go"], importpath = "example.com/hello", linkmode = "pie",
          gc_linkopts = ["-linkmode=external", "-extldflags=-fuse-ld=lld -Wl,--apply-dynamic-relocs"], tags = ["manual"])

go_test(name = "pure_off_test", srcs = ["cgo_test.go", "cgo_on_test.go", "cgo_off_test.go"], pure = "off")
""" % MODES)
    (hello / "net").mkdir()
    (hello / "net" / "main.go").write_text(HELLO_NET)
    (hello / "cgo_test.go").write_text(CGO_TEST)
    (hello / "cgo_on_test.go").write_text('//go:build cgo\n\npackage hello\n\nconst cgoOn = true\n')
    (hello / "cgo_off_test.go").write_text('//go:build !cgo\n\npackage hello\n\nconst cgoOn = false\n')
    host = ws / "host"
    shutil.rmtree(host, ignore_errors=True)
    host.mkdir()
    (host / "host.c").write_text(HOST_C)
    (host / "BUILD.bazel").write_text("""load("@fips//rules:defs.bzl", "fips_seal")

cc_binary(
    name = "host",
    srcs = ["host.c"],
    deps = ["//hello:hello_c_archive"],
)

fips_seal(
    name = "host_sealed",
    binary = ":host",
)
""")
    return ws


def go_env(tmp_path):
    for d in ("tmp", "gopath", "gomodcache"):
        (tmp_path / d).mkdir(exist_ok=True)
    return oracle.go_env(sdk_path(SDK), "certified", tmp_path, tmp_path / "gocache", "1")


def build_setting(go, binary, env, key):
    for line in oracle.build_lines(go, binary, env):
        fields = line.split("\t")
        if fields[1] == "build" and fields[2].startswith(key + "="):
            return fields[2][len(key) + 1:]
    return None


def verify(path):
    return subprocess.run([FIPSTOOL, "verify", str(path)], capture_output=True, text=True)


def go_package(workspace, name, files, targets):
    """A fresh package `name` in the workspace: `files` (name: content) and a
    BUILD file with the go_binary `targets`."""
    pkg = workspace / name
    shutil.rmtree(pkg, ignore_errors=True)
    pkg.mkdir()
    for file, content in files.items():
        (pkg / file).write_text(content)
    (pkg / "BUILD.bazel").write_text('load("@fips//rules:defs.bzl", "go_binary")\n\n' + targets)
    return pkg


def assert_refused(workspace, target, message):
    """Building `target` fails, and the output says `message`."""
    out = bazel(workspace, "build", *FLAGS, target)
    assert out.returncode != 0
    assert message in out.stderr, out.stderr[-3000:]


# target suffix: CGO_ENABLED, -buildmode, ELF type, dynamically linked
EXECUTABLES = {
    "auto": (False, "exe", "EXEC", False),
    "internal": (False, "exe", "EXEC", False),
    "external": (True, "exe", "EXEC", True),
    "pie": (True, "pie", "DYN", True),
    # Go's linker: net's cgo resolver makes the program use the C library.
    "pure_off": (True, "exe", "EXEC", True),
    "pure_pie": (False, "pie", "DYN", True),
}


@pytest.mark.parametrize("mode", sorted(EXECUTABLES))
def test_executable_passes_fips_self_check(workspace, mode, tmp_path):
    cgo, buildmode, elf_type, dynamic = EXECUTABLES[mode]
    binary = bazel_output(workspace, "//hello:hello_" + mode, *FLAGS)
    ran = subprocess.run([str(binary)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("fips140.Enabled=true ")
    checked = verify(binary)
    assert checked.returncode == 0 and "fips-verified" in checked.stdout, checked.stdout + checked.stderr
    env, go = go_env(tmp_path), str(sdk_path(SDK) / "bin" / "go")
    assert build_setting(go, binary, env, "CGO_ENABLED") == ("1" if cgo else "0")
    assert build_setting(go, binary, env, "-buildmode") == buildmode
    elf = subprocess.run(["readelf", "-h", "-l", str(binary)], capture_output=True, text=True, check=True).stdout
    assert next(line.split()[1] for line in elf.splitlines() if line.strip().startswith("Type:")) == elf_type
    assert (" INTERP " in elf) == dynamic
    # The FIPS object the linker wrote (-fipso, as go build passes it) is
    # the binary's HMAC input; one changed byte is found.
    group = "--output_groups=fips_object"
    assert bazel(workspace, "build", *FLAGS, group, "//hello:hello_" + mode).returncode == 0
    files = bazel(workspace, "cquery", "--output=files", *FLAGS, group, "//hello:hello_" + mode)
    fipso = workspace / files.stdout.split()[0]
    assert fipso.name == f"hello_{mode}.fips.o" and fipso.read_bytes().startswith(b"go fips object v1\n")
    same = subprocess.run([FIPSTOOL, "verify", str(binary), "--fipso", str(fipso)], capture_output=True, text=True)
    assert same.returncode == 0 and "equals the binary's HMAC input" in same.stdout, same.stdout + same.stderr
    changed = tmp_path / "changed.o"
    data = bytearray(fipso.read_bytes())
    data[len(data) // 2] ^= 0xFF
    changed.write_bytes(bytes(data))
    differs = subprocess.run([FIPSTOOL, "verify", str(binary), "--fipso", str(changed)], capture_output=True, text=True)
    assert differs.returncode == 1 and f"they differ from byte {len(data) // 2}" in differs.stderr, differs.stderr


def test_c_shared_library_passes_fips_self_check(workspace, tmp_path):
    library = bazel_output(workspace, "//hello:hello_c_shared", *FLAGS)
    assert library.name == "hello_c_shared.so"
    checked = verify(library)
    assert checked.returncode == 0 and "fips-verified" in checked.stdout, checked.stdout + checked.stderr
    # Loading it starts the Go runtime, whose initialisers run the FIPS
    # self-check (fips140=on is the library's default GODEBUG).
    load = ("import ctypes, sys, time; ctypes.CDLL(sys.argv[1]); time.sleep(1); print('loaded')")
    ran = subprocess.run([sys.executable, "-c", load, str(library)], env={"GODEBUG": "fips140=on"},
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and ran.stdout.strip() == "loaded", ran.stderr
    # The check is real: with its sum zeroed, the same library panics.
    data = bytearray(library.read_bytes())
    sections = subprocess.run(["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True)
    fields = next(line.split("]", 1)[1].split() for line in sections.stdout.splitlines() if " .go.fipsinfo " in line)
    at = int(fields[3], 16) + 16  # the section's file offset; the sum follows the 16-byte magic
    data[at:at + 32] = bytes(32)
    zeroed = tmp_path / "zeroed.so"
    zeroed.write_bytes(bytes(data))
    ran = subprocess.run([sys.executable, "-c", load, str(zeroed)], env={"GODEBUG": "fips140=on"},
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode != 0
    assert "fips140: no verification checksum found" in ran.stderr


def test_c_host_passes_only_after_fips_seal(workspace):
    unsealed = bazel_output(workspace, "//host:host", *FLAGS)
    # Go's linker never seals a c-archive; the C linker does not either.
    checked = verify(unsealed)
    assert checked.returncode != 0
    assert "no-checksum" in checked.stdout + checked.stderr and "fipstool seal" in checked.stdout + checked.stderr
    ran = subprocess.run([str(unsealed)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode != 0
    assert "panic: fips140: no verification checksum found" in ran.stderr
    sealed = bazel_output(workspace, "//host:host_sealed", *FLAGS)
    checked = verify(sealed)
    assert checked.returncode == 0 and "fips-verified" in checked.stdout, checked.stdout + checked.stderr
    ran = subprocess.run([str(sealed)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "C host: done\n"


def test_fips_seal_refuses_a_program_without_go(workspace):
    host = workspace / "host"
    (host / "plain.c").write_text("int main(void) { return 0; }\n")
    with open(host / "BUILD.bazel", "a") as f:
        f.write('\ncc_binary(name = "plain", srcs = ["plain.c"])\n\nfips_seal(name = "plain_sealed", binary = ":plain")\n')
    assert_refused(workspace, "//host:plain_sealed", "cannot seal: no go:fipsinfo record")


def linker_of(binary):
    return subprocess.run(["readelf", "-p", ".comment", str(binary)], capture_output=True, text=True).stdout


def test_lld_pie_fails_validation_with_the_remedy(workspace):
    out = bazel(workspace, "build", *FLAGS, "//hello:hello_lld")
    assert out.returncode != 0
    err = out.stderr
    assert "unapplied-relocations" in err or "unapplied" in err, err[-3000:]
    assert "//hello:hello_lld was linked by the C toolchain (cgo, linkmode pie)" in err, err[-3000:]
    assert "-Wl,--apply-dynamic-relocs" in err
    assert "or seal it after linking: seal = True on //hello:hello_lld" in err


@pytest.mark.parametrize("remedy", ["applied", "sealed"])
def test_lld_pie_with_a_remedy_passes(workspace, remedy):
    binary = bazel_output(workspace, "//hello:hello_lld_" + remedy, *FLAGS)
    assert " LLD " in linker_of(binary)
    ran = subprocess.run([str(binary)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and ran.stdout.startswith("fips140.Enabled=true "), ran.stderr
    checked = verify(binary)
    assert checked.returncode == 0 and "fips-verified" in checked.stdout, checked.stdout + checked.stderr
    # The FIPS object: lld with --apply-dynamic-relocs gives the binary's; a
    # sealed program has none (the linker hashed unrelocated pointers).
    group = "--output_groups=fips_object"
    files = bazel(workspace, "cquery", "--output=files", *FLAGS, group, "//hello:hello_lld_" + remedy).stdout.split()
    if remedy == "sealed":
        assert files == []
    else:
        assert bazel(workspace, "build", *FLAGS, group, "//hello:hello_lld_applied").returncode == 0
        same = subprocess.run([FIPSTOOL, "verify", str(binary), "--fipso", str(workspace / files[0])],
                              capture_output=True, text=True)
        assert same.returncode == 0, same.stdout + same.stderr


def test_go_test_with_pure_off_runs_with_cgo(workspace):
    out = bazel(workspace, "test", *FLAGS, "//hello:pure_off_test")
    assert out.returncode == 0, out.stderr[-3000:]


def test_pure_on_with_a_cgo_linkmode_is_refused(workspace):
    go_package(workspace, "purec", {"main.go": "package main\n\nfunc main() {}\n"},
               'go_binary(name = "lib", srcs = ["main.go"], linkmode = "c-shared", pure = "on")\n')
    assert_refused(workspace, "//purec:lib", '//purec:lib: linkmode "c-shared" needs cgo, and pure = "on" turns it off')


@pytest.mark.parametrize("mode,goflags", [
    ("external", ["-trimpath", "-ldflags=-linkmode=external"]),
    ("pie", ["-trimpath", "-buildmode=pie"]),
    # go build's default where a C compiler is found: CGO_ENABLED=1, Go's
    # linker (net's cgo resolver links the C library dynamically).
    ("pure_off", ["-trimpath"]),
])
def test_parity_with_go_build(workspace, mode, goflags, tmp_path):
    want = oracle.record(sdk_path(SDK), "certified", PROGRAM, PACKAGE, goflags=goflags, cgo="1")
    flags = [*FLAGS, f"--@fips//toolchain:sdk_version={SDK}"]
    target = "//cmd/fipsdemo:fipsdemo_" + mode
    out = bazel(workspace, "build", *flags, target)
    files = bazel(workspace, "cquery", "--output=files", *flags, target)
    binary = workspace / files.stdout.split()[0] if files.returncode == 0 else None
    assert_same_as_go_build(workspace, SDK, "certified", want, out, binary, tmp_path)
    assert oracle.build_setting(want, "CGO_ENABLED") == "1"


def test_import_c_without_cgo_attribute_is_refused_clearly(workspace):
    go_package(workspace, "usesc",
               {"main.go": 'package main\n\n// int two(void) { return 2; }\nimport "C"\n\nfunc main() { println(C.two()) }\n'},
               'go_binary(name = "usesc", srcs = ["main.go"], linkmode = "external")\n')
    assert_refused(workspace, "//usesc", 'usesc/main.go imports "C": set cgo = True on //usesc:usesc')


# The package's #cgo directives apply: CFLAGS (a define, an include
# directory below ${SRCDIR}), LDFLAGS (the math library), conditions.
CGO_LIB_GO = """package lib

// #cgo CFLAGS: -DADD_BIAS=0 -I${SRCDIR}/include
// #cgo linux LDFLAGS: -lm
// #cgo windows CFLAGS: -DADD_BIAS=100
// #include <math.h>
// #include "add.h"
// #include "bias.h"
// static int root(int x) { return (int)sqrt((double)x) + ADD_BIAS + BIAS_FROM_INCLUDE; }
import "C"

// Add adds in C.
func Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }

// Root is the integer square root, from the C library's sqrt.
func Root(x int) int { return int(C.root(C.int(x))) }

// Mul multiplies in C++ (through a string: the C++ runtime is linked).
func Mul(a, b int) int { return int(C.mul_cxx(C.int(a), C.int(b))) }
"""

# Heap and a virtual call need the C++ runtime (operator new, typeinfo), and
# only its long-standing symbols: the program runs with an older host libc.
CGO_LIB_CXX = """#include <vector>
#include "add.h"

struct Multiplier {
\tvirtual ~Multiplier() {}
\tvirtual int apply(int a, int b) const { return a * b; }
};

extern "C" int mul_cxx(int a, int b) {
\tMultiplier *m = new Multiplier();
\tstd::vector<int> v(static_cast<unsigned>(b), a);
\tint sum = 0;
\tfor (int x : v) sum += x;
\tint r = m->apply(a, b);
\tdelete m;
\treturn r == sum ? r : -1;
}
"""

# The library's own tests: internal (package lib, compiled with the cgo
# package as go test does) and external.
CGO_LIB_TEST = """package lib

import (
\t"crypto/fips140"
\t"testing"
)

func TestAddInC(t *testing.T) {
\tif got := Add(2, 3); got != 5 {
\t\tt.Fatalf("Add(2, 3) = %d", got)
\t}
\tif got := Root(49); got != 7 {
\t\tt.Fatalf("Root(49) = %d", got)
\t}
\tif !fips140.Enabled() {
\t\tt.Fatal("FIPS mode is off")
\t}
}
"""

CGO_LIB_XTEST = """package lib_test

import (
\t"testing"

\t"example.com/c1/lib"
)

func TestMulInCxx(t *testing.T) {
\tif got := lib.Mul(6, 7); got != 42 {
\t\tt.Fatalf("Mul(6, 7) = %d", got)
\t}
}
"""

CGO_MAIN_GO = """package main

import (
	"crypto/fips140"
	"crypto/sha256"
	"fmt"

	"example.com/c1/lib"
)

func main() {
	fmt.Printf("add=%d root=%d mul=%d fips=%v %x\\n", lib.Add(2, 3), lib.Root(81), lib.Mul(6, 7), fips140.Enabled(),
		sha256.Sum256(nil))
}
"""

EXPORTS_GO = """package main

import "C"

import (
	"crypto/fips140"
	"crypto/sha256"
)

//export GoFIPSEnabled
func GoFIPSEnabled() C.int {
	if fips140.Enabled() {
		return 1
	}
	return 0
}

//export GoSHA256First
func GoSHA256First() C.int {
	s := sha256.Sum256([]byte("x"))
	return C.int(s[0])
}

func main() {}
"""

EXPORTS_HOST_C = """#include <stdio.h>
#include "core.h"

int main(void) {
	printf("fips=%d sha256[0]=%d\\n", GoFIPSEnabled(), GoSHA256First());
	return 0;
}
"""


def write_cgo_program(root):
    """A Go module (for go build) that is also a Bazel package tree: a cgo
    library with a C source and header, and a program using it."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "lib").mkdir(parents=True)
    (root / "cmd").mkdir()
    (root / "go.mod").write_text("module example.com/c1\n\ngo 1.26\n")
    (root / "lib" / "lib.go").write_text(CGO_LIB_GO)
    (root / "lib" / "add.h").write_text("#ifdef __cplusplus\nextern \"C\" {\n#endif\nint add(int a, int b);\n"
                                        "int add_asm(int a, int b);\nint mul_cxx(int a, int b);\n"
                                        "#ifdef __cplusplus\n}\n#endif\n")
    (root / "lib" / "include").mkdir()
    (root / "lib" / "include" / "bias.h").write_text("#define BIAS_FROM_INCLUDE 0\n")
    (root / "lib" / "mul.cc").write_text(CGO_LIB_CXX)
    (root / "lib" / "lib_test.go").write_text(CGO_LIB_TEST)
    (root / "lib" / "lib_x_test.go").write_text(CGO_LIB_XTEST)
    (root / "lib" / "add.c").write_text('#include "add.h"\nint add(int a, int b) { return add_asm(a, b); }\n')
    # Assembly the C compiler assembles (with the preprocessor: .S).
    (root / "lib" / "add_amd64.S").write_text(
        '#define NAME add_asm\n.text\n.globl NAME\nNAME:\n\tleal (%rdi,%rsi), %eax\n\tret\n'
        '.section .note.GNU-stack,"",@progbits\n')
    # C sources have build constraints too: go build compiles neither.
    (root / "lib" / "add_windows.c").write_text('#error "built for windows only"\n')
    (root / "lib" / "ignored.c").write_text('//go:build ignore\n\n#error "never built"\n')
    (root / "cmd" / "main.go").write_text(CGO_MAIN_GO)
    pkg = root.name
    (root / "lib" / "BUILD.bazel").write_text(f"""load("@fips//rules:defs.bzl", "go_library")

load("@fips//rules:defs.bzl", "go_test")

go_library(
    name = "lib",
    srcs = ["lib.go", "add.c", "add.h", "add_amd64.S", "add_windows.c", "ignored.c", "mul.cc", "include/bias.h"],
    cgo = True,
    importpath = "example.com/c1/lib",
    visibility = ["//visibility:public"],
)

go_test(
    name = "lib_test",
    srcs = ["lib_test.go", "lib_x_test.go"],
    embed = [":lib"],
    pure = "off",
)

go_test(
    name = "lib_test_pure",
    srcs = ["lib_test.go", "lib_x_test.go"],
    embed = [":lib"],
    tags = ["manual"],
)
""")
    (root / "cmd" / "BUILD.bazel").write_text(f"""load("@fips//rules:defs.bzl", "go_binary")

[go_binary(
    name = "cmd_" + m,
    srcs = ["main.go"],
    importpath = "example.com/c1/cmd",
    linkmode = m,
    deps = ["//{pkg}/lib"],
) for m in ["external", "pie", "auto"]]
""")


def test_cgo_library(workspace, tmp_path):
    write_cgo_program(workspace / "c1")
    for mode in ("external", "pie"):
        binary = bazel_output(workspace, "//c1/cmd:cmd_" + mode, *FLAGS)
        ran = subprocess.run([str(binary)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.startswith("add=5 root=9 mul=42 fips=true ")
        checked = verify(binary)
        assert checked.returncode == 0 and "fips-verified" in checked.stdout, checked.stdout + checked.stderr
        # No path of the build machine (exec root, sandbox) in the binary.
        assert b"/sandbox/" not in binary.read_bytes() and str(workspace).encode() not in binary.read_bytes()
    # Without cgo (linkmode auto) go build leaves out the files that import
    # "C" (CGO_ENABLED=0), and this package has no other: the build says so.
    assert_refused(workspace, "//c1/cmd:cmd_auto",
                   "c1/cmd/main.go:8:2: package example.com/c1/lib: build constraints exclude all Go files in //c1/lib:lib")


def test_go_test_of_a_cgo_library(workspace):
    """go test's way: the internal test package is the cgo package with its
    test files, the external one imports it; both run in FIPS mode."""
    write_cgo_program(workspace / "c1")
    out = bazel(workspace, "test", *FLAGS, "--test_output=errors", "--test_arg=-test.v", "//c1/lib:lib_test")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    log = (workspace / "bazel-testlogs" / "c1" / "lib" / "lib_test" / "test.log").read_text()
    assert "--- PASS: TestAddInC" in log and "--- PASS: TestMulInCxx" in log, log
    # pure = "auto": no cgo, so the files that import "C" are left out, as
    # go test leaves them out with CGO_ENABLED=0; the test file remains, and
    # so do the C sources, which go refuses then.
    assert_refused(workspace, "//c1/lib:lib_test_pure",
                   "//c1/lib:lib_test_pure: C source files not allowed when not using cgo or SWIG: c1/lib/add.c")


def test_cgo_pkg_config_is_refused(workspace):
    go_package(workspace, "pc",
               {"pc.go": 'package main\n\n// #cgo pkg-config: zlib\n// #include <zlib.h>\nimport "C"\n\n'
                         'func main() { println(C.zlibVersion()) }\n'},
               'go_binary(name = "pc", srcs = ["pc.go"], cgo = True, linkmode = "external")\n')
    assert_refused(workspace, "//pc", "pc/pc.go: #cgo pkg-config: zlib: pkg-config does not run in a hermetic build; "
                                      "give the C library as cdeps (a cc_library) instead")


def test_cgo_library_parity_with_go_build(workspace, tmp_path):
    write_cgo_program(workspace / "c1")
    program = tmp_path / "c1"
    write_cgo_program(program)
    want = oracle.record(sdk_path(SDK), "certified", program, "./cmd",
                         goflags=["-trimpath", "-ldflags=-linkmode=external"], cgo="1")
    binary = bazel_output(workspace, "//c1/cmd:cmd_external", *FLAGS)
    env, go = go_env(tmp_path), str(sdk_path(SDK) / "bin" / "go")
    # The same lines test_parity compares (go build's also has `mod` and
    # `dep` lines: a Bazel target is no go.mod module).
    assert compared_lines(oracle.build_lines(go, binary, env)) == compared_lines(want["build_lines"])
    assert oracle.build_setting(want, "CGO_ENABLED") == "1"
    assert oracle.fips_symbols(go, binary, env) == want["fips_symbols"]


def write_exports_package(workspace):
    """Go functions exported to C, linked as a c-archive and as a c-shared
    library into C programs."""
    exp = workspace / "exp"
    shutil.rmtree(exp, ignore_errors=True)
    exp.mkdir()
    (exp / "core.go").write_text(EXPORTS_GO)
    (exp / "host.c").write_text(EXPORTS_HOST_C)
    (exp / "host_shared.c").write_text(EXPORTS_HOST_C.replace('"core.h"', '"core_shared.h"'))
    (exp / "BUILD.bazel").write_text("""load("@fips//rules:defs.bzl", "fips_seal", "go_binary")

go_binary(
    name = "core",
    srcs = ["core.go"],
    cgo = True,
    linkmode = "c-archive",
)

go_binary(
    name = "core_shared",
    srcs = ["core.go"],
    cgo = True,
    linkmode = "c-shared",
)

# The Go library is sealed by Go's linker: the C program needs no seal.
cc_binary(
    name = "host_shared",
    srcs = ["host_shared.c"],
    deps = [":core_shared"],
)

cc_binary(
    name = "host",
    srcs = ["host.c"],
    deps = [":core"],
)

fips_seal(
    name = "host_sealed",
    binary = ":host",
)
""")


def test_c_host_calling_exported_go_functions(workspace):
    write_exports_package(workspace)
    unsealed = bazel_output(workspace, "//exp:host", *FLAGS)
    ran = subprocess.run([str(unsealed)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode != 0
    assert "panic: fips140: no verification checksum found" in ran.stderr
    sealed = bazel_output(workspace, "//exp:host_sealed", *FLAGS)
    ran = subprocess.run([str(sealed)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "fips=1 sha256[0]=45\n"


def test_c_host_linking_a_go_c_shared_library(workspace):
    write_exports_package(workspace)
    host = bazel_output(workspace, "//exp:host_shared", *FLAGS)
    library = bazel_output(workspace, "//exp:core_shared", *FLAGS)
    checked = verify(library)
    assert checked.returncode == 0 and "fips-verified" in checked.stdout, checked.stdout + checked.stderr
    # The program finds the library through its run path, from bazel-bin.
    needed = subprocess.run(["readelf", "-d", str(host)], capture_output=True, text=True, check=True).stdout
    assert "[core_shared.so]" in needed, needed
    ran = subprocess.run([str(host)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "fips=1 sha256[0]=45\n"


def test_cgo_clinkopts(workspace):
    go_package(workspace, "m", {
        "m.go": 'package main\n\n// double mycos(double x);\nimport "C"\n\nimport (\n\t"fmt"\n\t"os"\n)\n\n'
                'func main() { fmt.Printf("%.3f\\n", float64(C.mycos(C.double(len(os.Args))))) }\n',
        "c.c": "#include <math.h>\ndouble mycos(double x) { return cos(x * 1.5); }\n",
    }, 'go_binary(name = "m", srcs = ["m.go", "c.c"], cgo = True, clinkopts = ["-lm"], linkmode = "external")\n\n'
       'go_binary(name = "m_nolm", srcs = ["m.go", "c.c"], cgo = True, linkmode = "external")\n')
    binary = bazel_output(workspace, "//m", *FLAGS)
    ran = subprocess.run([str(binary)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and ran.stdout == "0.071\n", ran.stderr
    # Without -lm the C link fails, as with go build.
    assert_refused(workspace, "//m:m_nolm", "undefined reference to `cos'")


def test_cgo_cdeps(workspace):
    root = workspace / "cd"
    shutil.rmtree(root, ignore_errors=True)
    for d in ("clib", "golib", "cmd"):
        (root / d).mkdir(parents=True)
    (root / "clib" / "mul.h").write_text("int mul(int a, int b);\n")
    (root / "clib" / "mul.c").write_text('#include "cd/clib/mul.h"\nint mul(int a, int b) { return a * b * MUL_FACTOR; }\n')
    (root / "clib" / "BUILD.bazel").write_text(
        'cc_library(name = "mul", srcs = ["mul.c"], hdrs = ["mul.h"], local_defines = ["MUL_FACTOR=1"], '
        'defines = ["MUL_FROM_CC=7"], visibility = ["//visibility:public"])\n')
    (root / "golib" / "golib.go").write_text(
        'package golib\n\n// #include "cd/clib/mul.h"\n// static int seven(void) { return MUL_FROM_CC; }\nimport "C"\n\n'
        'func Mul(a, b int) int { return int(C.mul(C.int(a), C.int(b))) }\n\nfunc Seven() int { return int(C.seven()) }\n')
    (root / "golib" / "BUILD.bazel").write_text(
        'load("@fips//rules:defs.bzl", "go_library")\n\n'
        'go_library(name = "golib", srcs = ["golib.go"], cgo = True, cdeps = ["//cd/clib:mul"], '
        'importpath = "example.com/cd/golib", visibility = ["//visibility:public"])\n')
    (root / "cmd" / "main.go").write_text('package main\n\nimport (\n\t"fmt"\n\n\t"example.com/cd/golib"\n)\n\n'
                                          'func main() { fmt.Println(golib.Mul(6, 7), golib.Seven()) }\n')
    (root / "cmd" / "BUILD.bazel").write_text(
        'load("@fips//rules:defs.bzl", "go_binary")\n\n'
        'go_binary(name = "cmd", srcs = ["main.go"], deps = ["//cd/golib"], linkmode = "pie")\n')
    binary = bazel_output(workspace, "//cd/cmd", *FLAGS)
    ran = subprocess.run([str(binary)], env={"GODEBUG": "fips140=on"}, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and ran.stdout == "42 7\n", ran.stderr
    checked = verify(binary)
    assert checked.returncode == 0 and "fips-verified" in checked.stdout, checked.stdout + checked.stderr
