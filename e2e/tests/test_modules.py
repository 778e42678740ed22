"""Third-party Go modules (go1.26.6): a real program, the NATS command-line
tool (github.com/nats-io/natscli v0.5.1: 70 modules in its go.mod, 68
linked, Go assembly in x/sys, x/crypto, klauspost/compress, highwayhash and
xxhash, a cgo-optional package in antithesis-sdk-go), is taken as a rules_go
+ gazelle user would have it: gazelle writes its BUILD files (map_kind to
@fips//rules:defs.bzl), go_deps.from_file reads its go.mod. Built with
`certified` and `off`, it is what `GOFIPS140=<v> go build -trimpath` builds:
the same `go version -m` output line for line (path, mod, every dep, every
build setting), the same FIPS symbols, and it runs. A program from a module
(golang.org/x/example/hello, a program at its module's root importing a
package of its own module: golang.org/x/example/helloserver is not served by
the module proxy these machines reach), and every way fetching a module can go
wrong, each with its message: a tampered zip, a missing go.sum line, a
zip-slip entry, a case-fold collision (served by a proxy on 127.0.0.1), a
module needing a newer Go, an import no module provides."""

import http.server
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import threading
import zipfile

import pytest

from conftest import E2E, FIPS_CACHE, FIPSTOOL, REPO, bazel, bazel_output, sdk_path
from module_workspaces import SDK, go_tool, module_header, natscli_workspace, repo_name

HELLO_MODULE = "golang.org/x/example/hello"
HELLO_VERSION = "v0.0.0-20250915201037-7f05d217867b"


def go_env(work, fips, cgo="0"):
    """The SDK's go command with the test bed's module cache (modules come
    through the machine's GOPROXY, else the SDK's go.env)."""
    sdk = sdk_path(SDK)
    # Not the work directory itself: go ignores a go.mod in the temp root.
    tmp = pathlib.Path(work) / ".gotmp"
    tmp.mkdir(exist_ok=True)
    env = dict(os.environ, GOFIPS140=fips, CGO_ENABLED=cgo, GOTOOLCHAIN="local", GOFLAGS="-mod=mod", GOENV="off",
               GOMODCACHE=str(FIPS_CACHE / "gomodcache"), GOCACHE=str(FIPS_CACHE / "gocache" / f"go{SDK}"),
               PATH=f"{sdk}/bin:/usr/bin:/bin", TMPDIR=str(tmp))
    return env


def go(work, *args, fips="off", cgo="0", cwd=None):
    return subprocess.run([str(sdk_path(SDK) / "bin" / "go"), *args], cwd=cwd or work, capture_output=True, text=True,
                          env=go_env(work, fips, cgo))


def version_lines(binary, work):
    out = go(work, "version", "-m", str(binary))
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()[1:]


def fips_symbols(binary, work):
    out = go(work, "tool", "nm", str(binary))
    assert out.returncode == 0, out.stderr
    return sorted({f[2] for f in (line.split(None, 2) for line in out.stdout.splitlines())
                   if len(f) == 3 and "crypto/internal/fips140" in f[2]})


# --- natscli, migrated from rules_go + gazelle ---------------------------------

@pytest.fixture(scope="module")
def natscli(tmp_path_factory):
    """natscli's source as a Bazel workspace whose BUILD files gazelle wrote
    in this run, its go.mod read by go_deps; and the source alone, for go
    build."""
    return natscli_workspace("natscli", tmp_path_factory.mktemp("natscli") / "src")


@pytest.mark.parametrize("version", ["certified", "off"])
def test_real_program_is_go_builds(natscli, version, tmp_path):
    ws, plain = natscli
    ours = bazel_output(ws, "//nats", f"--@fips//:version={version}")
    theirs = tmp_path / "nats"
    built = go(tmp_path, "build", "-trimpath", "-o", str(theirs), "./nats", fips=version, cwd=plain)
    assert built.returncode == 0, built.stderr
    lines = version_lines(ours, tmp_path)
    assert lines == version_lines(theirs, tmp_path)
    assert len([line for line in lines if line.split("\t")[1] == "dep"]) >= 40
    assert f"\tmod\tgithub.com/nats-io/natscli\t(devel)\t" in lines
    assert fips_symbols(ours, tmp_path) == fips_symbols(theirs, tmp_path)
    ran = subprocess.run([str(ours), "--version"], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and ran.stdout.strip(), ran.stderr


def test_gazelle_workspace_tests(natscli):
    ws, _ = natscli
    tested = bazel(ws, "test", "--@fips//:version=certified", "//columns:columns_test")
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]


# --- a program from a module -------------------------------------------------------


@pytest.fixture(scope="module")
def hello(tmp_path_factory):
    """A workspace whose go.mod requires golang.org/x/example/hello, whose
    root package is the program hello."""
    work = tmp_path_factory.mktemp("hello")
    (work / "go.mod").write_text(f"module example.com/consumer\n\ngo 1.26\n\nrequire {HELLO_MODULE} {HELLO_VERSION}\n")
    got = go(work, "mod", "download", HELLO_MODULE)
    assert got.returncode == 0, got.stderr
    ws = FIPS_CACHE / "e2e-workspaces" / "hello"
    shutil.rmtree(ws, ignore_errors=True)
    ws.mkdir(parents=True)
    for f in ("go.mod", "go.sum"):
        shutil.copy(work / f, ws / f)
    (ws / "MODULE.bazel").write_text(module_header("hello") + 'go_deps.from_file(go_mod = "//:go.mod")\n'
                                     f'use_repo(go_deps, "{repo_name(HELLO_MODULE)}")\n')
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    (ws / "BUILD.bazel").write_text("")
    return ws, work


def test_program_of_a_module_is_go_builds(hello, tmp_path):
    ws, work = hello
    built = bazel(ws, "build", "--@fips//:version=certified", f"@{repo_name(HELLO_MODULE)}//:hello")
    assert built.returncode == 0, built.stderr[-3000:]
    assert "incorrect imports of repositories" not in built.stderr
    ours = bazel_output(ws, f"@{repo_name(HELLO_MODULE)}//:hello", "--@fips//:version=certified")
    theirs = tmp_path / "hello"
    built = go(work, "build", "-trimpath", "-o", str(theirs), HELLO_MODULE, fips="certified")
    assert built.returncode == 0, built.stderr
    lines = version_lines(ours, tmp_path)
    assert lines == version_lines(theirs, tmp_path)
    assert f"\tmod\t{HELLO_MODULE}\t{HELLO_VERSION}" in "\n".join(lines)
    assert fips_symbols(ours, tmp_path) == fips_symbols(theirs, tmp_path)
    # -r: through the module's own package golang.org/x/example/hello/reverse.
    ran = subprocess.run([str(ours), "-r", "fips"], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and ran.stdout.strip() == "olleH, spif!", ran.stdout + ran.stderr


# --- every error, each with its message ----------------------------------------------


class Proxy:
    """A module proxy of hand-made modules: a directory in the proxy layout,
    reached as a file:// GOPROXY, and the same tree served over plain HTTP
    on 127.0.0.1 (which Bazel's downloader refuses without a checksum: the
    refusal must say so)."""

    def __init__(self, root):
        self.root = root
        self.url = f"file://{root}"
        handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **k)  # noqa: E731
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.http_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, path, version, files, mod=None):
        """Serves path@version: `files` (name: bytes) zipped under the module
        prefix (names as given, unchecked), and its go.mod. Returns the
        go.sum lines of what is served."""
        mod = mod if mod is not None else f"module {path}\n\ngo 1.21\n".encode()
        d = self.root / path / "@v"
        d.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name, data in files.items():
                z.writestr(f"{path}@{version}/{name}", data)
        (d / f"{version}.zip").write_bytes(buf.getvalue())
        (d / f"{version}.mod").write_bytes(mod)
        zip_h1 = subprocess.run([FIPSTOOL, "dirhash", str(d / f"{version}.zip")], check=True, capture_output=True,
                                text=True).stdout.split()[0]
        mod_dir = self.root / ".modhash" / path / version
        mod_dir.mkdir(parents=True, exist_ok=True)
        (mod_dir / "go.mod").write_bytes(mod)
        mod_h1 = subprocess.run([FIPSTOOL, "dirhash", str(mod_dir)], check=True, capture_output=True,
                                text=True).stdout.split()[0]
        return f"{path} {version} {zip_h1}\n{path} {version}/go.mod {mod_h1}\n"

    def close(self):
        self.server.shutdown()


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    proxy = Proxy(tmp_path_factory.mktemp("proxy"))
    lib = b"package lib\n\nfunc F() int { return 1 }\n"
    sums = proxy.add("example.com/tampered", "v1.0.0", {"go.mod": b"module example.com/tampered\n", "lib.go": lib},
                     mod=b"module example.com/tampered\n")
    # The proxy now serves other content than go.sum records.
    proxy.add("example.com/tampered", "v1.0.0", {"go.mod": b"module example.com/tampered\n",
                                                  "lib.go": lib.replace(b"1", b"2")}, mod=b"module example.com/tampered\n")
    sums += proxy.add("example.com/slip", "v1.0.0", {"go.mod": b"module example.com/slip\n", "../../evil.go": lib},
                      mod=b"module example.com/slip\n")
    sums += proxy.add("example.com/fold", "v1.0.0", {"go.mod": b"module example.com/fold\n", "a.go": lib, "A.go": lib},
                      mod=b"module example.com/fold\n")
    proxy.add("example.com/nosum", "v1.0.0", {"go.mod": b"module example.com/nosum\n", "lib.go": lib},
              mod=b"module example.com/nosum\n")
    ws = FIPS_CACHE / "e2e-workspaces" / "modules-errors"
    shutil.rmtree(ws, ignore_errors=True)
    ws.mkdir(parents=True)
    (ws / "go.mod").write_text("""module example.com/consumer

go 1.26

require (
\texample.com/fold v1.0.0
\texample.com/newgo v1.0.0
\texample.com/nosum v1.0.0
\texample.com/slip v1.0.0
\texample.com/tampered v1.0.0
)

replace example.com/newgo => ./newgo
""")
    (ws / "go.sum").write_text(sums)
    (ws / "newgo").mkdir()
    (ws / "newgo" / "go.mod").write_text("module example.com/newgo\n\ngo 1.99\n")
    (ws / "newgo" / "lib.go").write_text(lib.decode())
    names = ["tampered", "slip", "fold", "nosum", "newgo"]
    (ws / "MODULE.bazel").write_text(module_header("modules_errors") + 'go_deps.from_file(go_mod = "//:go.mod")\n' +
                                     "use_repo(go_deps, " + ", ".join(f'"com_example_{n}"' for n in names) + ")\n")
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    (ws / "BUILD.bazel").write_text("")
    (ws / "uses").mkdir()
    (ws / "uses" / "main.go").write_text('package main\n\nimport "example.com/unrequired/pkg"\n\nfunc main() { pkg.F() }\n')
    (ws / "uses" / "BUILD.bazel").write_text('load("@fips//rules:defs.bzl", "go_binary")\n\n'
                                             'go_binary(name = "uses", srcs = ["main.go"], importpath = "example.com/consumer/uses")\n')
    yield ws, proxy
    proxy.close()


def test_module_errors(broken):
    ws, proxy = broken
    def build(targets, goproxy=proxy.url):
        out = subprocess.run([str(E2E / "bazel"), "build", "--keep_going", "--@fips//:version=certified", *targets],
                             cwd=ws, capture_output=True, text=True,
                             env=dict(os.environ, GOPROXY=goproxy, FIPS_FIPSTOOL=FIPSTOOL))
        assert out.returncode != 0
        return out.stderr

    # Fetching: what the proxy serves against go.sum and the module zip rules.
    err = build(["@com_example_tampered//:tampered", "@com_example_slip//:slip", "@com_example_fold//:fold",
                 "@com_example_nosum//:nosum"])
    assert "example.com/tampered@v1.0.0: zip h1:" in err and "does not match go.sum" in err, err[-6000:]
    assert "missing go.sum entry for module example.com/nosum@v1.0.0; to add it:\n\tgo mod download example.com/nosum" in err
    assert "example.com/slip@v1.0.0" in err and "../../evil.go" in err
    assert "example.com/fold@v1.0.0" in err and "case" in err
    # Building: a module needing a newer Go, an import no module provides.
    err = build(["@com_example_newgo//:newgo", "//uses"])
    assert "go: example.com/newgo requires go >= 1.99 (running go 1.26.6; GOTOOLCHAIN=local)" in err
    assert "uses/main.go:3:8: package example.com/unrequired/pkg is not provided by any dependency of //uses:uses" in err
    # A plain-HTTP proxy: the go command takes it, Bazel's downloader does not
    # without a checksum; the message says what to do.
    err = build(["@com_example_fold//:fold"], goproxy=proxy.http_url)
    assert f"{proxy.http_url}: plain HTTP: Bazel downloads over http:// only with a known checksum" in err, err[-3000:]


@pytest.fixture(scope="module")
def patched(tmp_path_factory):
    """A workspace whose module comes from a file:// proxy, patched by
    go_deps.module_override, with no use_repo for `bazel mod tidy` to fill."""
    proxy = Proxy(tmp_path_factory.mktemp("proxy"))
    sums = proxy.add("example.com/answer", "v1.0.0", {
        "go.mod": b"module example.com/answer\n\ngo 1.21\n",
        "answer.go": b"package answer\n\nfunc Answer() int { return 1 }\n",
    }, mod=b"module example.com/answer\n\ngo 1.21\n")
    ws = FIPS_CACHE / "e2e-workspaces" / "modules-patched"
    shutil.rmtree(ws, ignore_errors=True)
    ws.mkdir(parents=True)
    (ws / "go.mod").write_text("module example.com/consumer\n\ngo 1.26\n\nrequire example.com/answer v1.0.0\n")
    (ws / "go.sum").write_text(sums)
    (ws / "answer.patch").write_text("""--- a/answer.go
+++ b/answer.go
@@ -1,3 +1,3 @@
 package answer
 
-func Answer() int { return 1 }
+func Answer() int { return 42 }
""")
    (ws / "MODULE.bazel").write_text(module_header("modules_patched") + 'go_deps.from_file(go_mod = "//:go.mod")\n'
                                     'go_deps.module_override(path = "example.com/answer", patches = ["//:answer.patch"], '
                                     'patch_strip = 1)\n')
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    (ws / "BUILD.bazel").write_text('load("@fips//rules:defs.bzl", "go_binary")\n\n'
                                    'exports_files(["answer.patch"])\n\n'
                                    'go_binary(name = "app", srcs = ["main.go"], importpath = "example.com/consumer", '
                                    'deps = ["@com_example_answer//:answer"])\n\n'
                                    'go_binary(name = "hello", srcs = ["hello.go"], importpath = "example.com/consumer/hello")\n')
    (ws / "hello.go").write_text("package main\n\nfunc main() {}\n")
    (ws / "main.go").write_text('package main\n\nimport (\n\t"fmt"\n\n\t"example.com/answer"\n)\n\n'
                                "func main() { fmt.Println(answer.Answer()) }\n")
    yield ws, proxy
    proxy.close()


def test_module_override_and_mod_tidy(patched):
    ws, proxy = patched
    env = dict(os.environ, GOPROXY=proxy.url, FIPS_FIPSTOOL=FIPSTOOL)
    # The extension reports go.mod's direct requires: Bazel says which
    # use_repo is missing and the fix `bazel mod tidy` makes (the test bed's
    # Bazel cannot run mod tidy itself: it needs buildozer, which no registry
    # here serves).
    hello = subprocess.run([str(E2E / "bazel"), "build", "//:hello"], cwd=ws, capture_output=True, text=True, env=env)
    assert hello.returncode == 0, hello.stderr[-3000:]
    assert "reported incorrect imports of repositories via use_repo():\n\n" \
           "Not imported, but reported as direct dependencies by the extension (may cause the build to fail):\n" \
           "    com_example_answer\n\nFix the use_repo calls by running 'bazel mod tidy'." in hello.stderr, hello.stderr[-3000:]
    (ws / "MODULE.bazel").write_text((ws / "MODULE.bazel").read_text() + 'use_repo(go_deps, "com_example_answer")\n')
    ran = subprocess.run([str(E2E / "bazel"), "run", "--@fips//:version=certified", "//:app"], cwd=ws,
                         capture_output=True, text=True, env=env)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "42"
    # GOPRIVATE: the go command would fetch the module from its VCS; refused, saying so.
    private = subprocess.run([str(E2E / "bazel"), "build", "--@fips//:version=certified", "@com_example_answer//:answer"],
                             cwd=ws, capture_output=True, text=True, env=dict(env, GOPRIVATE="example.com"))
    assert private.returncode != 0
    assert "example.com/answer matches GONOPROXY/GOPRIVATE (example.com)" in private.stderr, private.stderr[-3000:]
