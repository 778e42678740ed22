#!/usr/bin/env bash
# The cost of strict mode (docs/policy.md) on the edit loop: the smoke demo,
# go1.26.6, certified, with a policy, in two workspaces of the same sources:
# one in the default mode (the policy selected by flag, the checks as
# validation actions), one in strict mode (the policy pinned in MODULE.bazel,
# the binary handed out after its checks). Each round changes one line of
# package api in both and rebuilds each (its Bazel server warm); the figure is
# the median of RUNS rounds after 3 untimed ones, and the ratio strict /
# default (goal: under 1.05).
#
# Usage: e2e/bench/strict.sh [RUNS]   (default 10)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/common.sh"
runs="${1:-10}"
sdk_version=1.26.6

"$TESTBED_DIR/setup" >/dev/null
goroot="$("$TESTBED_DIR/go-sdks" path "$sdk_version")"
bench="$FIPS_CACHE/bench-strict"
mkdir -p "$bench"
now() { date +%s.%N; }
elapsed() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.3f", a - b }'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
flags=(--@fips//:version=certified)
# Bazel in workspace $1 (default or strict); a failed build is no figure.
bazel() {
  local mode="$1"
  shift
  if ! (cd "$bench/$mode" && "$REPO_ROOT/e2e/bazel" "$@") >"$bench/bazel.log" 2>&1; then
    tail -n 30 "$bench/bazel.log" >&2
    echo "[bench] bazel $* failed in the $mode workspace" >&2
    exit 1
  fi
}

for mode in default strict; do
  ws="$bench/$mode"
  mkdir -p "$ws"
  for d in api certs cmd; do
    rm -rf "${ws:?}/$d"
    cp -r "$REPO_ROOT/e2e/smoke/$d" "$ws/$d"
  done
  cat >"$ws/MODULE.bazel" <<MOD
module(name = "bench_strict")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "$REPO_ROOT")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
go_sdk.local(path = "$goroot")
MOD
  printf 'schema = 1\n\n[versions]\nallow = ["certified"]\n\n[modes]\nallow = ["on", "only"]\n' >"$ws/fips_policy.toml"
  printf 'load("@fips//rules:defs.bzl", "fips_policy")\n\nfips_policy(name = "policy", src = "fips_policy.toml", visibility = ["//visibility:public"])\n' \
    >"$ws/BUILD.bazel"
  echo "common --noenable_workspace" >"$ws/.bazelrc"
  if [ "$mode" = strict ]; then
    printf '\nenforcement = use_extension("@fips//enforcement:extensions.bzl", "enforcement")\nenforcement.strict(policy = "//:policy")\n' \
      >>"$ws/MODULE.bazel"
  else
    echo "build --@fips//:policy=//:policy" >>"$ws/.bazelrc"
  fi
  echo "[bench] $mode: first build"
  bazel "$mode" build "${flags[@]}" //cmd/fipsdemo
done

times_default=() times_strict=() warmup=3
for i in $(seq $((warmup + runs))); do
  for mode in default strict; do
    sed -i "s/^var ErrBadMAC = errors.New(\"api: message authentication failed.*\")/var ErrBadMAC = errors.New(\"api: message authentication failed ($i)\")/" \
      "$bench/$mode/api/api.go"
  done
  t=$(now); bazel default build "${flags[@]}" //cmd/fipsdemo; d="$(elapsed "$t")"
  t=$(now); bazel strict build "${flags[@]}" //cmd/fipsdemo; s="$(elapsed "$t")"
  if [ "$i" -gt "$warmup" ]; then
    times_default+=("$d") times_strict+=("$s")
    echo "[bench] edit $((i - warmup)): default $d s, strict $s s"
  fi
done
for mode in default strict; do (cd "$bench/$mode" && "$REPO_ROOT/e2e/bazel" shutdown >/dev/null 2>&1) || true; done

d="$(printf '%s\n' "${times_default[@]}" | median)"
s="$(printf '%s\n' "${times_strict[@]}" | median)"
echo "[bench] strict mode, edit loop of the demo (go$sdk_version, certified, a policy; median of $runs)"
printf 'edit     default %6.3f s   strict %6.3f s   ratio %s×\n' "$d" "$s" "$(awk -v a="$s" -v b="$d" 'BEGIN { printf "%.3f", a / b }')"
