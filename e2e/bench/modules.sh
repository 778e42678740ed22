#!/usr/bin/env bash
# Benchmark of a real program with third-party modules: the NATS command-line
# tool (github.com/nats-io/natscli v0.5.1, 70 modules), its BUILD files
# written by gazelle, built by the rules and by go build, with go1.26.6, on the
# same machine in the same run. Prints figures and ratios (medians of RUNS).
#
#   fetch     every module the program needs: Bazel with an empty repository
#             cache and output base (the go_deps extension, one repository per
#             module, `bazel build --nobuild //nats`, its server started
#             first and timed apart as `startup`) vs `go mod download` with an
#             empty module cache (every module of the build list)
#   cold      bazel clean, then bazel build --@fips//:version=certified //nats
#             (repositories fetched, no disk cache) vs GOFIPS140=certified go
#             build -trimpath with an empty GOCACHE (modules downloaded)
#   edit      one line of code added to a first-party file (columns/columns.go:
#             a package variable, so the package is compiled and the program
#             linked again), rebuild
#   third     the same line in a third-party file: for Bazel a changed patch of
#             github.com/dustin/go-humanize (go_deps.module_override), for go
#             build a changed file of a local copy of it (a replace directive)
#
# Usage: e2e/bench/modules.sh [RUNS]   (default 3)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/common.sh"
runs="${1:-3}"
sdk_version=1.26.6

"$TESTBED_DIR/setup" >/dev/null
goroot="$("$TESTBED_DIR/go-sdks" path "$sdk_version")"
source_dir="$("$TESTBED_DIR/go-tools" module github.com/nats-io/natscli@v0.5.1)"
humanize_dir="$("$TESTBED_DIR/go-tools" module github.com/dustin/go-humanize@v1.1.0)"
gazelle="$("$TESTBED_DIR/go-tools" gazelle)"
fipstool="$FIPS_FIPSTOOL"
bench="$FIPS_CACHE/bench-modules"
rm -rf "$bench"
mkdir -p "$bench"

now() { date +%s.%N; }
elapsed() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# Bazel in the workspace, with its own output base and repository cache; its
# output goes to a log, shown when it fails (a failed build is no figure).
bazel() {
  if ! (cd "$bench/ws" && "$REPO_ROOT/e2e/bazel" --output_base="$bench/output-base" "$@" \
    --repository_cache="$bench/repo-cache") >"$bench/bazel.log" 2>&1; then
    tail -n 40 "$bench/bazel.log" >&2
    echo "[bench] bazel $* failed" >&2
    exit 1
  fi
}
bazel_startup() { (cd "$bench/ws" && "$REPO_ROOT/e2e/bazel" --output_base="$bench/output-base" "$@"); }
gocmd() {
  (cd "$bench/go" && env -i PATH="$goroot/bin:/usr/bin:/bin" HOME="$bench/home" GOCACHE="$bench/gocache" \
    GOMODCACHE="$bench/gomodcache" GOTOOLCHAIN=local GOFLAGS="-mod=mod -modcacherw" GOENV=off \
    ${GOPROXY:+GOPROXY="$GOPROXY"} CGO_ENABLED=0 GOFIPS140=certified "$goroot/bin/go" "$@")
}

# The program twice: a Go module, and a Bazel workspace whose BUILD files
# gazelle writes (as the e2e test does).
cp -r "$source_dir" "$bench/go"
cp -r "$source_dir" "$bench/ws"
chmod -R u+w "$bench/go" "$bench/ws"
cat >"$bench/ws/BUILD.bazel" <<'BUILD'
# gazelle:prefix github.com/nats-io/natscli
# gazelle:map_kind go_library go_library @fips//rules:defs.bzl
# gazelle:map_kind go_binary go_binary @fips//rules:defs.bzl
# gazelle:map_kind go_test go_test @fips//rules:defs.bzl
BUILD
"$fipstool" gomod parse --go-mod "$bench/ws/go.mod" | python3 -c '
import json, re, sys
def name(p):
    e = p.lower().split("/")
    return re.sub(r"[^a-z0-9_]", "_", "_".join(list(reversed(e[0].split("."))) + e[1:]))
for r in json.load(sys.stdin)["require"]:
    print("go_repository(name = \"%s\", importpath = \"%s\")" % (name(r["path"]), r["path"]))
' >"$bench/repos.cfg"
(cd "$bench/ws" && "$gazelle" -repo_root "$bench/ws" -repo_config "$bench/repos.cfg" -external static >/dev/null)
repos="$(grep -rhoE '"@[a-z0-9_]+//' "$bench/ws" --include=BUILD.bazel | sort -u | sed -E 's/"@(.*)\/\//"\1"/' |
  grep -v -E '"(fips|io_bazel_rules_go)"' | paste -sd, -)"
# The third-party edit: a patch of go-humanize's comma.go, empty at first.
: >"$bench/ws/humanize.patch"
cat >"$bench/ws/MODULE.bazel" <<MOD
module(name = "bench_modules")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "$REPO_ROOT")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
go_sdk.local(path = "$goroot")

go_deps = use_extension("@fips//deps:extensions.bzl", "go_deps")
go_deps.from_file(go_mod = "//:go.mod")
go_deps.module_override(path = "github.com/dustin/go-humanize", patches = ["//:humanize.patch"], patch_strip = 1)
use_repo(go_deps, $repos)

rules_go_compat = use_extension("@fips//deps:extensions.bzl", "rules_go_compat")
use_repo(rules_go_compat, "io_bazel_rules_go")
MOD
echo 'common --noenable_workspace' >"$bench/ws/.bazelrc"
echo 'exports_files(["humanize.patch"])' >>"$bench/ws/BUILD.bazel"

echo "[bench] fetch"
fetch_bazel=() fetch_go=() startup_bazel=() fetched_bazel=0
for i in $(seq "$runs"); do
  bazel_startup shutdown >/dev/null 2>&1 || true
  rm -rf "$bench/output-base" "$bench/repo-cache"
  t=$(now); bazel_startup info release >/dev/null 2>&1; startup_bazel+=("$(elapsed "$t")")
  t=$(now); bazel build --nobuild --@fips//:version=certified //nats; fetch_bazel+=("$(elapsed "$t")")
  fetched_bazel=$(ls -d "$bench/output-base/external/"*go_deps~[a-z]* 2>/dev/null | grep -vc fips_go_modules || true)
  rm -rf "$bench/gomodcache"
  t=$(now); gocmd mod download >/dev/null; fetch_go+=("$(elapsed "$t")")
done
fetched_go=$(gocmd list -m all | tail -n +2 | wc -l)

echo "[bench] cold builds"
cold_bazel=() cold_go=()
for i in $(seq "$runs"); do
  bazel_startup clean >/dev/null 2>&1
  t=$(now); bazel build --@fips//:version=certified //nats; cold_bazel+=("$(elapsed "$t")")
  rm -rf "$bench/gocache"
  t=$(now); gocmd build -trimpath -o "$bench/nats" ./nats; cold_go+=("$(elapsed "$t")")
done

echo "[bench] first-party edits"
edit_bazel=() edit_go=()
for i in $(seq "$runs"); do
  for tree in ws go; do echo "var benchEdit$i = $i" >>"$bench/$tree/columns/columns.go"; done
  t=$(now); bazel build --@fips//:version=certified //nats; edit_bazel+=("$(elapsed "$t")")
  t=$(now); gocmd build -trimpath -o "$bench/nats" ./nats; edit_go+=("$(elapsed "$t")")
done

echo "[bench] third-party edits"
cp -r "$humanize_dir" "$bench/humanize"
chmod -R u+w "$bench/humanize"
echo 'replace github.com/dustin/go-humanize => ../humanize' >>"$bench/go/go.mod"
gocmd build -trimpath -o "$bench/nats" ./nats
third_bazel=() third_go=()
for i in $(seq "$runs"); do
  # One more line of code at the end of comma.go, as a patch and as an edit.
  mkdir -p "$bench/patch/a" "$bench/patch/b"
  cp "$humanize_dir/comma.go" "$bench/patch/a/comma.go"
  cp "$bench/humanize/comma.go" "$bench/patch/b/comma.go"
  echo "var benchEdit$i = $i" >>"$bench/patch/b/comma.go"
  (cd "$bench/patch" && diff -u a/comma.go b/comma.go >"$bench/ws/humanize.patch" || true)
  cp "$bench/patch/b/comma.go" "$bench/humanize/comma.go"
  t=$(now); bazel build --@fips//:version=certified //nats; third_bazel+=("$(elapsed "$t")")
  t=$(now); gocmd build -trimpath -o "$bench/nats" ./nats; third_go+=("$(elapsed "$t")")
done
bazel_startup shutdown >/dev/null 2>&1 || true

report() {
  local what="$1" b g
  shift
  b="$(printf '%s\n' "${@:1:$runs}" | median)"
  g="$(printf '%s\n' "${@:$((runs + 1))}" | median)"
  printf '%-8s Bazel + fips %7.2f s   go %7.2f s   ratio %s×\n' "$what" "$b" "$g" "$(ratio "$b" "$g")"
}
echo "[bench] natscli v0.5.1, go$sdk_version, certified; medians of $runs"
echo "fetched modules: Bazel $fetched_bazel repositories, go mod download $fetched_go modules"
printf 'startup  Bazel server %7.2f s (before the fetch, not in it)\n' "$(printf '%s\n' "${startup_bazel[@]}" | median)"
report fetch "${fetch_bazel[@]}" "${fetch_go[@]}"
report cold "${cold_bazel[@]}" "${cold_go[@]}"
report edit "${edit_bazel[@]}" "${edit_go[@]}"
report third "${third_bazel[@]}" "${third_go[@]}"
