#!/usr/bin/env bash
# Benchmark: the rules against go build, same program (the smoke demo: three
# packages, HTTPS over TLS 1.3), same SDK, same machine, one run. Prints
# figures and ratios and writes docs/performance.md.
#
#   cold      bazel clean, then bazel build --@fips//:version=certified (server
#             and repositories warm, every action executed, no disk cache)
#             vs GOFIPS140=certified go build with an empty GOCACHE and GOMODCACHE
#   edit      change one line of one package (api), rebuild, vs go build
#   flip      off -> certified -> off: actions the third build executes
#
# Usage: e2e/bench/build.sh [RUNS]   (default 3; medians are reported)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/common.sh"
runs="${1:-3}"
sdk_version=1.26.6

"$TESTBED_DIR/setup" >/dev/null
goroot="$("$TESTBED_DIR/go-sdks" path "$sdk_version")"
bench="$FIPS_CACHE/bench"
rm -rf "$bench/ws" "$bench/go"
mkdir -p "$bench/ws" "$bench/go"

# The same sources twice: a Bazel workspace and a Go module.
for d in api certs cmd; do
  cp -r "$REPO_ROOT/e2e/smoke/$d" "$bench/ws/$d"
  cp -r "$REPO_ROOT/e2e/smoke/$d" "$bench/go/$d"
done
find "$bench/go" -name BUILD.bazel -delete
printf 'module example.com/fipsdemo\n\ngo 1.26\n' >"$bench/go/go.mod"
cat >"$bench/ws/MODULE.bazel" <<MOD
module(name = "bench")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "$REPO_ROOT")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
go_sdk.local(path = "$goroot")
MOD
echo "common --noenable_workspace" >"$bench/ws/.bazelrc"
: >"$bench/ws/BUILD.bazel"

bazel() { (cd "$bench/ws" && "$REPO_ROOT/e2e/bazel" "$@"); }
gobuild() {
  (cd "$bench/go" && env -i PATH="$goroot/bin:/usr/bin:/bin" HOME="$bench/home" GOCACHE="$bench/gocache" \
    GOMODCACHE="$bench/gomodcache" GOTOOLCHAIN=local GOPROXY=off GOENV=off GOFLAGS=-modcacherw \
    CGO_ENABLED=0 GOFIPS140="$1" go build -trimpath -o "$bench/fipsdemo" ./cmd/fipsdemo)
}
now() { date +%s.%N; }
elapsed() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# Actions a build executed (Bazel's summary line: "N processes: M internal, K <strategy>").
executed() { grep -E '^INFO: [0-9]+ process' | sed -E 's/.*process(es)?: //; s/[0-9]+ internal,? ?//' | { grep -oE '[0-9]+' || true; } | awk '{ s += $1 } END { print s + 0 }'; }

echo "[bench] warming up (fetch, server start)"
bazel build --nobuild --@fips//:version=certified //cmd/fipsdemo >/dev/null 2>&1

cold_bazel=() cold_go=()
for i in $(seq "$runs"); do
  bazel clean >/dev/null 2>&1
  t=$(now); bazel build --@fips//:version=certified //cmd/fipsdemo >/dev/null 2>&1; cold_bazel+=("$(elapsed "$t")")
  rm -rf "$bench/gocache" "$bench/gomodcache"
  t=$(now); gobuild certified; cold_go+=("$(elapsed "$t")")
  echo "[bench] cold run $i: bazel ${cold_bazel[-1]} s, go build ${cold_go[-1]} s"
done

edit_bazel=() edit_go=()
for i in $(seq "$runs"); do
  sed -i "s/^var ErrBadMAC = errors.New(\"api: message authentication failed.*\")/var ErrBadMAC = errors.New(\"api: message authentication failed ($i)\")/" \
    "$bench/ws/api/api.go" "$bench/go/api/api.go"
  t=$(now); bazel build --@fips//:version=certified //cmd/fipsdemo >/dev/null 2>&1; edit_bazel+=("$(elapsed "$t")")
  t=$(now); gobuild certified; edit_go+=("$(elapsed "$t")")
  echo "[bench] edit run $i: bazel ${edit_bazel[-1]} s, go build ${edit_go[-1]} s"
done

bazel build --@fips//:version=off //cmd/fipsdemo >/dev/null 2>&1
bazel build --@fips//:version=certified //cmd/fipsdemo >/dev/null 2>&1
flip_actions="$(bazel build --@fips//:version=off //cmd/fipsdemo 2>&1 | executed)"
flip_actions="${flip_actions:-0}"

cb=$(printf '%s\n' "${cold_bazel[@]}" | median); cg=$(printf '%s\n' "${cold_go[@]}" | median)
eb=$(printf '%s\n' "${edit_bazel[@]}" | median); eg=$(printf '%s\n' "${edit_go[@]}" | median)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
cr=$(ratio "$cb" "$cg"); er=$(ratio "$eb" "$eg")
machine="$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
bazel_version="$("$REPO_ROOT/e2e/bazel" --version)"

table="| Benchmark (median of $runs) | Bazel + fips | go build | Ratio | Goal |
|---|---|---|---|---|
| cold build, \`certified\` | ${cb} s | ${cg} s | ${cr}× | ≤ 1.2× |
| one-file edit, rebuild | ${eb} s | ${eg} s | ${er}× | ≤ 2× |
| flip off → certified → off: actions the third build runs | ${flip_actions} | | | 0 |"
echo
echo "$table"

cat >"$REPO_ROOT/docs/performance.md" <<DOC
# Performance

Written by \`e2e/bench/build.sh\` on $(date -u +%Y-%m-%d): the smoke demo (\`e2e/smoke\`: three
packages, an HTTPS server and client over TLS 1.3), Go $sdk_version, built by the rules and by
\`GOFIPS140=certified go build -trimpath\` on the same machine in the same run.

Machine: $machine; $bazel_version (Debian's, in the test bed's sid root).

$table

- **cold**: \`bazel clean\`, then a build in which every action runs (the Bazel server and the
  repositories are warm; no disk or remote cache), against go build with an empty GOCACHE and
  GOMODCACHE. The rules compile the whole standard library once per configuration (shared by
  every target of it); go build compiles only the packages the program imports.
- **edit**: one line of package \`api\` changes; both rebuild \`api\` and what depends on it.
- **flip**: each FIPS configuration has its own output directory, so returning to \`off\`
  finds its outputs still there.

Why the rules are slower where they are: a cold build compiles the entire standard library (all of
\`std\`, about 360 packages) in one action, where go build compiles the 190 or so packages the
program needs; and a rebuild after an edit pays Bazel's own overhead plus the validation action
on top of the compile and link go build also runs. Compiling the standard library package by
package, only what the targets import, is the planned remedy for the first.

fipstool's own benchmarks are \`rust/bench/inspect.sh\` and \`rust/bench/snapshot.sh\`.
DOC
echo "[bench] wrote docs/performance.md"
