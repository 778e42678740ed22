"""`fipstool crypto`: the crypto inventory and CycloneDX 1.6 CBOM of real Go
binaries, built here with the test bed's SDKs directly (no Bazel).

- A std-only program using crypto/md5 and crypto/des beside crypto/sha256,
  built with go1.26.6 for GOFIPS140=certified, latest and off, and with
  go1.24.11 for inprocess, each unstripped and with -ldflags=-s -w: md5 and
  des are std-non-approved, sha256 goes through the module, and a stripped
  binary (read through its pclntab) gives the same inventory.
- An x/crypto program (chacha20poly1305 seal, bcrypt hash) on
  golang.org/x/crypto v0.31.0 from the test bed's module cache: it runs under
  GODEBUG=fips140=only without complaint, which is why the inventory exists,
  and lists those packages as third-party with their module and version.
- Every CBOM validates against the official CycloneDX 1.6 JSON schema
  (cyclonedx-python-lib's, e2e/testbed/requirements.txt), and is the same
  bytes when made twice.

Run: python -m pytest e2e/tests/test_crypto_inventory.py (FIPS_FIPSTOOL or
rust/target/release/fipstool).
"""

import json
import pathlib
import subprocess
import sys

import pytest

from conftest import E2E, FIPS_CACHE, FIPSTOOL, sdk_path

sys.path.insert(0, str(E2E / "oracle"))
import oracle  # noqa: E402

STD_MAIN = """package main

import (
	"crypto/des"
	"crypto/md5"
	"crypto/sha256"
	"fmt"
)

func main() {
	block, err := des.NewCipher([]byte("8bytekey"))
	if err != nil {
		panic(err)
	}
	out := make([]byte, 8)
	block.Encrypt(out, []byte("plaintxt"))
	fmt.Printf("%x %x %x\\n", md5.Sum([]byte("x")), sha256.Sum256([]byte("x")), out)
}
"""

XCRYPTO_MAIN = """package main

import (
	"crypto/fips140"
	"fmt"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/chacha20poly1305"
)

func main() {
	aead, err := chacha20poly1305.New(make([]byte, chacha20poly1305.KeySize))
	if err != nil {
		panic(err)
	}
	sealed := aead.Seal(nil, make([]byte, aead.NonceSize()), []byte("hello"), nil)
	hash, err := bcrypt.GenerateFromPassword([]byte("secret"), bcrypt.MinCost)
	if err != nil {
		panic(err)
	}
	fmt.Println("fips140 enabled:", fips140.Enabled(), "sealed:", len(sealed), "bcrypt:", len(hash))
}
"""

XCRYPTO_VERSION = "v0.31.0"

# (SDK, GOFIPS140, the module origin the inventory must find)
STD_BUILDS = [
    ("1.26.6", "certified", "snapshot"),
    ("1.26.6", "latest", "in-tree"),
    ("1.26.6", "off", "in-tree"),
    ("1.24.11", "inprocess", "snapshot"),
]


def go_env(work: pathlib.Path, version: str, gofips140: str) -> dict:
    """oracle's hermetic go environment, on the test bed's module cache
    (read only: GOPROXY=off) and its shared build cache."""
    for d in ("tmp", "gopath"):
        (work / d).mkdir(parents=True, exist_ok=True)
    env = oracle.go_env(sdk_path(version), gofips140, work, FIPS_CACHE / "gocache" / f"go{version}", "0")
    env["GOMODCACHE"] = str(FIPS_CACHE / "gomodcache")
    env["GOFLAGS"] = "-modcacherw -mod=mod"
    return env


def go(version, env, *args, cwd):
    out = subprocess.run([str(sdk_path(version) / "bin" / "go"), *args], env=env, cwd=cwd,
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, f"go {' '.join(args)}:\n{out.stderr}"
    return out


def build(src, out, version, gofips140, stripped, work):
    env = go_env(work, version, gofips140)
    flags = ["-ldflags=-s -w"] if stripped else []
    go(version, env, "build", "-trimpath", *flags, "-o", str(out), ".", cwd=src)
    return out


def fipstool(*args):
    return subprocess.run([FIPSTOOL, *args], capture_output=True, text=True)


def inventory(binary):
    out = fipstool("crypto", "--json", str(binary))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def classes(inv):
    return {(p["package"], p["class"]) for p in inv["packages"]}


def check_cbom(binary):
    """The CBOM validates against CycloneDX 1.6 and is reproducible."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    first = fipstool("crypto", "--cbom", str(binary))
    assert first.returncode == 0, first.stderr
    again = fipstool("crypto", "--cbom", str(binary))
    assert first.stdout == again.stdout, "the CBOM is not reproducible"
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(first.stdout)
    assert error is None, f"{binary.name}: CBOM does not validate: {error}"
    return json.loads(first.stdout)


def assets(bom):
    """algorithm name -> the certification levels of its components."""
    out = {}
    for c in bom["components"]:
        if c["type"] == "cryptographic-asset":
            levels = c["cryptoProperties"]["algorithmProperties"]["certificationLevel"]
            out.setdefault(c["name"], set()).update(levels)
    return out


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("crypto-inventory")


@pytest.fixture(scope="module")
def std_binaries(work):
    src = work / "std"
    src.mkdir()
    (src / "go.mod").write_text("module example.com/stdcrypto\n\ngo 1.24\n")
    (src / "main.go").write_text(STD_MAIN)
    out = {}
    for version, fips, _ in STD_BUILDS:
        for stripped in (False, True):
            name = f"std-go{version}-{fips}{'-stripped' if stripped else ''}"
            out[(version, fips, stripped)] = build(src, work / name, version, fips, stripped, work / "go")
    return out


@pytest.fixture(scope="module")
def xcrypto_binaries(work):
    src = work / "xcrypto"
    src.mkdir()
    (src / "go.mod").write_text(
        f"module example.com/xcrypto\n\ngo 1.24\n\nrequire golang.org/x/crypto {XCRYPTO_VERSION}\n")
    (src / "main.go").write_text(XCRYPTO_MAIN)
    env = go_env(work / "go", "1.26.6", "certified")
    go("1.26.6", env, "mod", "tidy", cwd=src)  # go.sum from the module cache
    assert f"golang.org/x/crypto {XCRYPTO_VERSION} h1:" in (src / "go.sum").read_text()
    return {stripped: build(src, work / f"xcrypto-bin{'-stripped' if stripped else ''}", "1.26.6", "certified",
                            stripped, work / "go")
            for stripped in (False, True)}


@pytest.mark.parametrize("version,fips,origin", STD_BUILDS)
def test_std_crypto_outside_the_module(std_binaries, version, fips, origin):
    plain = inventory(std_binaries[(version, fips, False)])
    stripped = inventory(std_binaries[(version, fips, True)])
    assert plain["source"] == "symbol-table"
    assert stripped["source"] == "pclntab"
    for inv in (plain, stripped):
        found = classes(inv)
        assert ("crypto/md5", "std-non-approved") in found, found
        assert ("crypto/des", "std-non-approved") in found, found
        assert ("crypto/sha256", "std-via-module") in found, found
        assert inv["fips_module"]["origin"] == origin
        assert any(p.endswith("/sha256") for p in inv["fips_module"]["packages"])
        for p in inv["packages"]:
            if p["package"] in ("crypto/md5", "crypto/des"):
                assert p["module"] == {"path": "std", "version": f"go{version}"}
                assert p["functions"], p
    # Stripping loses no package.
    assert classes(plain) == classes(stripped)
    if fips == "certified":
        assert plain["fips_module"]["version"] == "v1.0.0-c2097c7c"
        assert plain["fips_module"]["certificate"]["certificate"] == "5247"


@pytest.mark.parametrize("version,fips,origin", STD_BUILDS)
def test_std_cbom_validates(std_binaries, version, fips, origin):
    for stripped in (False, True):
        bom = check_cbom(std_binaries[(version, fips, stripped)])
        levels = assets(bom)
        assert levels["MD5"] == {"none"} and levels["DES"] == {"none"}
        certified = fips == "certified" or (version == "1.24.11" and fips == "inprocess")
        assert levels["SHA-256"] == ({"fips140-3-l1"} if certified else {"none"}), levels["SHA-256"]
        assert bom["metadata"]["component"]["hashes"][0]["alg"] == "SHA-256"


def test_xcrypto_runs_under_fips140_only_and_is_listed(xcrypto_binaries):
    binary = xcrypto_binaries[False]
    run = subprocess.run([str(binary)], env={"GODEBUG": "fips140=only", "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=60)
    # Nothing refuses x/crypto's ChaCha20-Poly1305 or bcrypt: fips140=only
    # guards the standard library only (x/crypto v0.47.0+ checks it too).
    print(f"GODEBUG=fips140=only {binary.name}: exit {run.returncode}: {run.stdout.strip()} {run.stderr.strip()}")
    assert run.returncode == 0, run.stderr
    assert "fips140 enabled: true" in run.stdout
    text = fipstool("crypto", str(binary))
    assert text.returncode == 0, text.stderr
    print(text.stdout)
    assert "third-party: other Go modules" in text.stdout
    for stripped in (False, True):
        inv = inventory(xcrypto_binaries[stripped])
        third = {p["package"]: p for p in inv["packages"] if p["class"] == "third-party"}
        for pkg in ("golang.org/x/crypto/chacha20poly1305", "golang.org/x/crypto/bcrypt"):
            assert pkg in third, sorted(third)
            assert third[pkg]["module"] == {"path": "golang.org/x/crypto", "version": XCRYPTO_VERSION}
        assert third["golang.org/x/crypto/bcrypt"]["algorithms"] == [{"name": "bcrypt", "primitive": "kdf"}]
        bom = check_cbom(xcrypto_binaries[stripped])
        libraries = {c["purl"] for c in bom["components"] if c["type"] == "library"}
        assert f"pkg:golang/golang.org/x/crypto@{XCRYPTO_VERSION}" in libraries
        assert assets(bom)["ChaCha20-Poly1305"] == {"none"}


def test_bad_input_exits_2(work):
    junk = work / "junk"
    junk.write_bytes(b"not a binary")
    out = fipstool("crypto", str(junk))
    assert out.returncode == 2
    assert out.stderr.startswith("fipstool: ")
