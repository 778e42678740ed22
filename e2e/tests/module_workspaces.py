"""Workspaces of Go modules for the tests: the module header of a consumer
workspace, and the NATS command-line tool (github.com/nats-io/natscli v0.5.1), the real
third-party program of the module tests, as a Bazel workspace a rules_go +
gazelle user would have: gazelle (map_kind to @fips//rules:defs.bzl) writes
its BUILD files, go_deps.from_file reads its go.mod. Shared by
test_modules.py and e2e/remote/run.sh (which imports this file)."""

import json
import pathlib
import re
import shutil
import subprocess

from conftest import E2E, FIPS_CACHE, FIPSTOOL, REPO, sdk_path

SDK = "1.26.6"
NATSCLI = "github.com/nats-io/natscli@v0.5.1"


def go_tool(*args):
    out = subprocess.run([str(E2E / "testbed" / "go-tools"), *args], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def repo_name(module):
    """gazelle's repository name of a module path."""
    elems = module.lower().split("/")
    name = "_".join(list(reversed(elems[0].split("."))) + elems[1:])
    return re.sub(r"[^a-z0-9_]", "_", name)


def module_header(name):
    return f"""module(name = "{name}")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "{REPO}")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
go_sdk.local(path = "{sdk_path(SDK)}")

go_deps = use_extension("@fips//deps:extensions.bzl", "go_deps")
"""


GAZELLE_DIRECTIVES = """# gazelle:prefix github.com/nats-io/natscli
# gazelle:map_kind go_library go_library @fips//rules:defs.bzl
# gazelle:map_kind go_binary go_binary @fips//rules:defs.bzl
# gazelle:map_kind go_test go_test @fips//rules:defs.bzl
"""


def natscli_workspace(name: str, plain: pathlib.Path):
    """natscli's source as the Bazel workspace `$FIPS_CACHE/e2e-workspaces/<name>`,
    made anew, its BUILD files written by gazelle in this call; and a copy of
    the source alone at `plain`, for go build. Returns both."""
    source = pathlib.Path(go_tool("module", NATSCLI))
    ws = FIPS_CACHE / "e2e-workspaces" / name
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(source, ws)
    for p in [ws, *ws.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    shutil.copytree(ws, plain)
    (ws / "BUILD.bazel").write_text(GAZELLE_DIRECTIVES)
    # gazelle resolves imports to the repositories go_deps makes: it is told
    # which modules exist (the go_repository lines of a repo config).
    parsed = json.loads(subprocess.run([FIPSTOOL, "gomod", "parse", "--go-mod", str(ws / "go.mod")],
                                       check=True, capture_output=True, text=True).stdout)
    config = ws.parent / f"{name}-repos.cfg"
    config.write_text("".join(f'go_repository(name = "{repo_name(r["path"])}", importpath = "{r["path"]}")\n'
                              for r in parsed["require"]))
    gazelle = go_tool("gazelle")
    ran = subprocess.run([gazelle, "-repo_root", str(ws), "-repo_config", str(config), "-external", "static"],
                         cwd=ws, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    used = sorted({m for f in ws.rglob("BUILD.bazel") for m in re.findall(r'"@([a-z0-9_]+)//', f.read_text())} -
                  {"fips", "io_bazel_rules_go"})
    (ws / "MODULE.bazel").write_text(module_header(name) + 'go_deps.from_file(go_mod = "//:go.mod")\n' +
                                     "use_repo(go_deps, " + ", ".join(f'"{r}"' for r in used) + ")\n\n" +
                                     'rules_go_compat = use_extension("@fips//deps:extensions.bzl", "rules_go_compat")\n'
                                     'use_repo(rules_go_compat, "io_bazel_rules_go")\n')
    (ws / ".bazelrc").write_text("common --noenable_workspace\n")
    return ws, plain
