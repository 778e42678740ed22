"""The crypto inventory in the build: where each crypto package outside the
FIPS module comes from, and the policy that forbids it.

A workspace whose program seals with golang.org/x/crypto's chacha20poly1305
(in //internal/seal) and hashes passwords with its bcrypt and crypto/md5 (in
//internal/auth), from golang.org/x/crypto v0.31.0 through go_deps, built
with `--@fips//:version=certified`:
- it runs under GODEBUG=fips140=only without complaint (nothing in the
  standard library's FIPS mode stops x/crypto's own code), while its use of
  crypto/md5 panics there;
- with a policy that forbids golang.org/x/crypto/..., the build fails naming
  the target, each package, its chain from the program's target and the
  policy line;
- with an exemption for the program, the build passes, and the report page
  shows the exemption and the chains;
- the attestation, the CBOM (valid CycloneDX 1.6) and `fipstool crypto
  --chains` carry the same chains; a go_test's chains start at the test
  (its external test package imports crypto/des).
"""

import json
import shutil
import subprocess

import pytest

from conftest import FIPS_CACHE, FIPSTOOL, bazel, bazel_output
from module_workspaces import SDK, module_header
from test_crypto_inventory import XCRYPTO_VERSION, check_cbom, go, go_env

CERTIFIED = "--@fips//:version=certified"
XCRYPTO_REPO = "@org_golang_x_crypto"

FILES = {
    "cmd/vault/main.go": """package main

import (
	"crypto/fips140"
	"fmt"
	"os"

	"example.com/vault/internal/auth"
	"example.com/vault/internal/seal"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "legacy" {
		fmt.Println("md5:", len(auth.LegacySum("secret")))
		return
	}
	box, err := seal.Seal([]byte("hello"))
	if err != nil {
		panic(err)
	}
	hash, err := auth.Hash("secret")
	if err != nil {
		panic(err)
	}
	fmt.Println("fips140 enabled:", fips140.Enabled(), "sealed:", len(box), "bcrypt:", len(hash))
}
""",
    "cmd/vault/BUILD.bazel": """load("@fips//rules:defs.bzl", "go_binary")

go_binary(
    name = "vault",
    srcs = ["main.go"],
    importpath = "example.com/vault/cmd/vault",
    visibility = ["//visibility:public"],
    deps = ["//internal/auth", "//internal/seal"],
)
""",
    "internal/seal/seal.go": """package seal

import "golang.org/x/crypto/chacha20poly1305"

// Seal encrypts msg under a zero key and nonce: enough to link the cipher.
func Seal(msg []byte) ([]byte, error) {
	aead, err := chacha20poly1305.New(make([]byte, chacha20poly1305.KeySize))
	if err != nil {
		return nil, err
	}
	return aead.Seal(nil, make([]byte, aead.NonceSize()), msg, nil), nil
}
""",
    "internal/seal/seal_test.go": """package seal_test

import (
	"crypto/des"
	"testing"

	"example.com/vault/internal/seal"
)

func TestSeal(t *testing.T) {
	if _, err := des.NewCipher([]byte("8bytekey")); err != nil {
		t.Fatal(err)
	}
	if _, err := seal.Seal([]byte("x")); err != nil {
		t.Fatal(err)
	}
}
""",
    "internal/seal/BUILD.bazel": """load("@fips//rules:defs.bzl", "go_library", "go_test")

go_library(
    name = "seal",
    srcs = ["seal.go"],
    importpath = "example.com/vault/internal/seal",
    visibility = ["//visibility:public"],
    deps = ["@org_golang_x_crypto//chacha20poly1305"],
)

go_test(
    name = "seal_test",
    srcs = ["seal_test.go"],
    importpath = "example.com/vault/internal/seal",
    deps = [":seal"],
)
""",
    "internal/auth/auth.go": """package auth

import (
	"crypto/md5"

	"golang.org/x/crypto/bcrypt"
)

// Hash returns the password's bcrypt hash.
func Hash(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
}

// LegacySum returns the password's MD5 sum, as an old store kept it.
func LegacySum(password string) []byte {
	sum := md5.Sum([]byte(password))
	return sum[:]
}
""",
    "internal/auth/BUILD.bazel": """load("@fips//rules:defs.bzl", "go_library")

go_library(
    name = "auth",
    srcs = ["auth.go"],
    importpath = "example.com/vault/internal/auth",
    visibility = ["//visibility:public"],
    deps = ["@org_golang_x_crypto//bcrypt"],
)
""",
    "BUILD.bazel": """load("@fips//rules:defs.bzl", "fips_policy", "fips_report")

fips_policy(name = "forbid_xcrypto", src = "forbid_xcrypto.toml")

fips_policy(name = "exempt_vault", src = "exempt_vault.toml")

fips_report(name = "report", deps = ["//cmd/vault"])
""",
    "forbid_xcrypto.toml": """schema = 1

[crypto]
forbid = ["golang.org/x/crypto/..."]
""",
    "exempt_vault.toml": """schema = 1

[crypto]
forbid = ["golang.org/x/crypto/..."]

[[exemption]]
targets = ["//cmd/vault:vault"]
rules = ["crypto.forbid"]
reason = "SEC-1234: moving to AES-GCM by Q3"
""",
}

# Targets as users write them: //cmd/vault for //cmd/vault:vault.
SEAL_CHAIN = ["//cmd/vault", "//internal/seal", f"{XCRYPTO_REPO}//chacha20poly1305"]
BCRYPT_CHAIN = ["//cmd/vault", "//internal/auth", f"{XCRYPTO_REPO}//bcrypt"]
MD5_CHAIN = ["//cmd/vault", "//internal/auth", "crypto/md5"]


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    """The workspace, its go.mod and go.sum written by `go mod tidy` from
    the test bed's module cache."""
    ws = FIPS_CACHE / "e2e-workspaces" / "crypto-chains"
    shutil.rmtree(ws, ignore_errors=True)
    ws.mkdir(parents=True)
    for name, text in FILES.items():
        (ws / name).parent.mkdir(parents=True, exist_ok=True)
        (ws / name).write_text(text)
    (ws / "go.mod").write_text(
        f"module example.com/vault\n\ngo 1.24\n\nrequire golang.org/x/crypto {XCRYPTO_VERSION}\n")
    work = tmp_path_factory.mktemp("crypto-chains")
    go(SDK, go_env(work, SDK, "off"), "mod", "tidy", cwd=ws)
    assert f"golang.org/x/crypto {XCRYPTO_VERSION} h1:" in (ws / "go.sum").read_text()
    (ws / "MODULE.bazel").write_text(module_header("vault") + 'go_deps.from_file(go_mod = "//:go.mod")\n'
                                     'use_repo(go_deps, "org_golang_x_crypto")\n')
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    return ws


def test_xcrypto_runs_under_fips140_only(vault):
    binary = bazel_output(vault, "//cmd/vault", CERTIFIED)
    run = subprocess.run([str(binary)], env={"GODEBUG": "fips140=only", "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=60)
    print(f"GODEBUG=fips140=only vault: exit {run.returncode}: {run.stdout.strip()} {run.stderr.strip()}")
    assert run.returncode == 0, run.stderr
    assert "fips140 enabled: true" in run.stdout
    # The standard library's MD5, by contrast, refuses to run.
    legacy = subprocess.run([str(binary), "legacy"], env={"GODEBUG": "fips140=only", "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=60)
    assert legacy.returncode != 0 and "use of MD5 is not allowed in FIPS 140-only mode" in legacy.stderr


def test_chains_in_attestation_cbom_and_inventory(vault):
    built = bazel(vault, "build", CERTIFIED, "--output_groups=+fips_attestation,fips_cbom,fips_import_chains",
                  "//cmd/vault")
    assert built.returncode == 0, built.stderr[-3000:]
    binary = bazel_output(vault, "//cmd/vault", CERTIFIED)
    chains = json.loads((binary.parent / "vault.chains.json").read_text())["chains"]
    assert chains["golang.org/x/crypto/chacha20poly1305"] == SEAL_CHAIN
    assert chains["golang.org/x/crypto/blowfish"] == BCRYPT_CHAIN + [f"{XCRYPTO_REPO}//blowfish"]
    assert chains["crypto/md5"] == MD5_CHAIN

    attestation = json.loads((binary.parent / "vault.fips_attestation.json").read_text())
    recorded = {p["package"]: p.get("chain") for p in attestation["crypto"]["packages"]}
    assert recorded["golang.org/x/crypto/chacha20poly1305"] == SEAL_CHAIN
    assert recorded["golang.org/x/crypto/bcrypt"] == BCRYPT_CHAIN
    assert recorded["crypto/md5"] == MD5_CHAIN

    cbom = (binary.parent / "vault.cbom.json").read_text()
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(cbom) is None
    values = {p["value"] for c in json.loads(cbom)["components"] for p in c.get("properties", [])
              if p["name"] == "fipstool:import-chain"}
    assert "golang.org/x/crypto/bcrypt: " + " -> ".join(BCRYPT_CHAIN) in values, values
    check_cbom(binary)  # without chains, from the command line, too

    text = subprocess.run([FIPSTOOL, "crypto", str(binary), "--chains", str(binary.parent / "vault.chains.json")],
                          capture_output=True, text=True)
    assert text.returncode == 0, text.stderr
    assert "    chain\t" + " -> ".join(SEAL_CHAIN) + "\n" in text.stdout, text.stdout


def test_a_tests_chains_start_at_the_test(vault):
    tested = bazel(vault, "test", CERTIFIED, "--output_groups=+fips_attestation", "//internal/seal:seal_test")
    assert tested.returncode == 0, tested.stderr[-3000:]
    binary = bazel_output(vault, "//internal/seal:seal_test", CERTIFIED)
    attestation = binary.parent / "seal_test.fips_attestation.json"
    recorded = {p["package"]: p.get("chain") for p in json.loads(attestation.read_text())["crypto"]["packages"]}
    assert recorded["crypto/des"] == ["//internal/seal:seal_test", "crypto/des"]
    assert recorded["golang.org/x/crypto/chacha20poly1305"] == [
        "//internal/seal:seal_test", "//internal/seal", f"{XCRYPTO_REPO}//chacha20poly1305"]


def test_policy_forbids_xcrypto_naming_the_chain(vault):
    built = bazel(vault, "build", CERTIFIED, "--@fips//:policy=//:forbid_xcrypto", "//cmd/vault")
    assert built.returncode != 0
    err = built.stderr
    print(err[-2500:])
    assert "policy violation: //cmd/vault:vault: crypto.forbid (" in err
    assert "forbid_xcrypto.toml:4:1)" in err
    assert ("golang.org/x/crypto/chacha20poly1305 (third-party, module golang.org/x/crypto@v0.31.0; "
            'forbidden by "golang.org/x/crypto/..."; chain ' + " -> ".join(SEAL_CHAIN) + ")") in err
    assert "chain " + " -> ".join(BCRYPT_CHAIN) + ")" in err
    # crypto/md5 is not forbidden by this policy.
    assert "crypto/md5 (" not in err


def test_exemption_passes_and_shows_in_the_report(vault):
    flags = (CERTIFIED, "--@fips//:policy=//:exempt_vault")
    built = bazel(vault, "build", *flags, "//:report")
    assert built.returncode == 0, built.stderr[-3000:]
    files = bazel(vault, "cquery", "--output=files", *flags, "//:report")
    html = next(vault / f for f in files.stdout.split() if f.endswith(".html"))
    page = html.read_text()
    assert "SEC-1234: moving to AES-GCM by Q3" in page
    assert " \u2192 ".join(SEAL_CHAIN) in page
    assert " \u2192 ".join(MD5_CHAIN) in page
