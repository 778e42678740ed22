#!/usr/bin/env python3
"""The oracle harness: what plain `go build` produces, for parity tests.

Given a GOROOT, a GOFIPS140 value and a Go program, build it with the SDK's
own go command in a hermetic environment (private GOCACHE and GOMODCACHE,
GOTOOLCHAIN=local, GOPROXY=off, GOENV=off, nothing from the host's Go
settings) and record what later tests compare against:

  build_lines   the `go version -m` lines of the binary, tab-separated as Go
                prints them (without the first line naming the file)
  fips_symbols  the sorted, de-duplicated names of `go tool nm` symbols that
                contain `crypto/internal/fips140`
  debug_run     exit code and combined output of running the binary with
                GODEBUG=fips140=debug
  error         when go build refuses the value: its stderr (then nothing else)

Usage as a command:
  oracle.py --goroot DIR --gofips140 V --program DIR [--package ./cmd/x]
            [--goflag=-trimpath ...] [--cgo 0|1] [--out record.json]
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

FIPS_SYMBOL_MARK = "crypto/internal/fips140"


def default_gocache(goroot: pathlib.Path) -> pathlib.Path:
    cache = os.environ.get("FIPS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fips-testbed")
    return pathlib.Path(cache) / "gocache" / goroot.name


def go_env(goroot: pathlib.Path, gofips140: str, work: pathlib.Path, gocache: pathlib.Path, cgo: str) -> dict:
    """A hermetic environment for the SDK's go command: nothing from the host's
    Go configuration leaks in, and the module cache is private to this build.
    There is no HOME: without a user configuration directory the go command
    keeps no telemetry, and starts no telemetry process that would outlive it
    (and race the removal of the work directory)."""
    return {
        "PATH": f"{goroot / 'bin'}:/usr/bin:/bin",
        "GOCACHE": str(gocache),
        "GOMODCACHE": str(work / "gomodcache"),
        "GOPATH": str(work / "gopath"),
        "GOTOOLCHAIN": "local",
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GOENV": "off",
        "GOFLAGS": "-modcacherw",
        "GOFIPS140": gofips140,
        "CGO_ENABLED": cgo,
        "TMPDIR": str(work / "tmp"),
        "LANG": "C",
    }


def run(cmd, env, cwd=None, timeout=600):
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def build_lines(go: str, binary: pathlib.Path, env: dict) -> list:
    out = run([go, "version", "-m", str(binary)], env)
    if out.returncode != 0:
        raise RuntimeError(f"go version -m failed: {out.stderr}")
    # The first line is "<path>: go1.x.y"; the rest are the build info lines.
    return [line for line in out.stdout.splitlines()[1:] if line.strip()]


def fips_symbols(go: str, binary: pathlib.Path, env: dict) -> list:
    out = run([go, "tool", "nm", str(binary)], env)
    if out.returncode != 0:
        raise RuntimeError(f"go tool nm failed: {out.stderr}")
    names = set()
    for line in out.stdout.splitlines():
        fields = line.split(None, 2)
        if len(fields) == 3 and FIPS_SYMBOL_MARK in fields[2]:
            names.add(fields[2])
    return sorted(names)


def record(goroot, gofips140, program, package=".", goflags=(), cgo="0", gocache=None, keep_binary=None,
           goexperiment="", goos="", goarch="", runner=None):
    """Builds `package` of `program` with `GOFIPS140=gofips140 go build` (and
    GOEXPERIMENT, GOOS, GOARCH, when given) and returns the record (a dict).
    `keep_binary`, if given, receives a copy of the binary. A binary for
    another platform runs under `runner` (a command prefix, such as an
    emulator), or not at all without one (no `debug_run`)."""
    goroot = pathlib.Path(goroot).resolve()
    program = pathlib.Path(program).resolve()
    go = str(goroot / "bin" / "go")
    gocache = pathlib.Path(gocache) if gocache else default_gocache(goroot)
    gocache.mkdir(parents=True, exist_ok=True)
    version = (goroot / "VERSION").read_text().splitlines()[0].strip()
    rec = {"sdk": version, "gofips140": gofips140, "package": package, "goflags": list(goflags), "cgo": cgo,
           "goexperiment": goexperiment}
    with tempfile.TemporaryDirectory(prefix="fips-oracle-") as tmp:
        work = pathlib.Path(tmp)
        for d in ("gopath", "tmp", "gomodcache"):
            (work / d).mkdir()
        env = go_env(goroot, gofips140, work, gocache, cgo)
        if goexperiment:
            env["GOEXPERIMENT"] = goexperiment
        if goos:
            env["GOOS"], env["GOARCH"] = goos, goarch
        # Build a copy outside any VCS checkout, so that go build stamps no
        # vcs.* settings that depend on the state of the caller's tree.
        src = work / "src"
        shutil.copytree(program, src, symlinks=True,
                        ignore=shutil.ignore_patterns("bazel-*", "BUILD.bazel", "MODULE.bazel*", ".bazelrc"))
        binary = work / "prog"
        built = run([go, "build", *goflags, "-o", str(binary), package], env, cwd=src)
        if built.returncode != 0:
            rec["error"] = built.stderr.strip()
            return rec
        rec["build_lines"] = build_lines(go, binary, env)
        rec["fips_symbols"] = fips_symbols(go, binary, env)
        if not goos or runner:
            debug_env = {"PATH": "/usr/bin:/bin", "GODEBUG": "fips140=debug"}
            ran = run([*(runner or []), str(binary)], debug_env, timeout=120)
            rec["debug_run"] = {"exit_code": ran.returncode, "output": ran.stdout + ran.stderr}
        if keep_binary:
            shutil.copy2(binary, keep_binary)
    return rec


def build_setting(rec: dict, key: str):
    """The value of a `build\tKEY=VALUE` line of a record, or None."""
    for line in rec.get("build_lines", []):
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1] == "build" and parts[2].startswith(key + "="):
            return parts[2][len(key) + 1:]
    return None


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--goroot", required=True)
    p.add_argument("--gofips140", required=True)
    p.add_argument("--program", required=True)
    p.add_argument("--package", default=".")
    p.add_argument("--goflag", action="append", default=[], help="extra go build flag (repeatable)")
    p.add_argument("--cgo", default="0", choices=["0", "1"])
    p.add_argument("--gocache", help="GOCACHE to use (default: the test bed's per-SDK cache)")
    p.add_argument("--out", help="write the JSON record here instead of stdout")
    args = p.parse_args(argv)
    rec = record(args.goroot, args.gofips140, args.program, args.package, args.goflag, args.cgo, args.gocache)
    text = json.dumps(rec, indent=2, sort_keys=True) + "\n"
    if args.out:
        tmp = args.out + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, args.out)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
