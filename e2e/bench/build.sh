#!/usr/bin/env bash
# Benchmark report: the rules against go build, same program (the smoke demo:
# three packages, HTTPS over TLS 1.3), on each genuine SDK of the test bed,
# same machine, one run; and fipstool inspect against go version -m on each
# SDK's binary. Prints figures and ratios, then writes docs/performance.md
# and its chart, docs/images/performance.png.
#
#   cold      bazel clean, then bazel build with FIPS (server and repositories
#             warm, every action executed, no disk cache) vs GOFIPS140=<v> go
#             build with an empty GOCACHE and GOMODCACHE. <v> is certified, or
#             inprocess on SDKs that have no certified (1.24, 1.25).
#   edit      change one line of one package (api), rebuild, vs go build: an
#             edit loop (the median of RUNS edits after 3 untimed ones, the
#             Bazel server warm), and the first edit after the cold builds
#             on its own (the server's JIT has not run an incremental build)
#   flip      off -> <v> -> off: actions the third build executes
#   inspect   fipstool inspect (build info, FIPS facts, the full integrity
#             HMAC) vs go version -m, on the go-built binary
#
# Usage: e2e/bench/build.sh [RUNS [SDK...]]   (default 3 runs, every SDK;
#        medians are reported)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/common.sh"
runs="${1:-3}"
shift || true
sdk_versions=("$@")
[ ${#sdk_versions[@]} -gt 0 ] || sdk_versions=(1.24.11 1.25.5 1.26.6 1.27.3)

"$TESTBED_DIR/setup" >/dev/null
bench="$FIPS_CACHE/bench"
results="$bench/results.tsv"
mkdir -p "$bench"
: >"$results"
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

bench_sdk() {
  local sdk_version="$1" value="$2"
  goroot="$("$TESTBED_DIR/go-sdks" path "$sdk_version")"
  rm -rf "$bench/ws" "$bench/go" "$bench/gocache" "$bench/gomodcache"
  mkdir -p "$bench/ws" "$bench/go"

  # The same sources twice: a Bazel workspace and a Go module.
  for d in api certs cmd; do
    rm -rf "$bench/ws/$d" "$bench/go/$d"
    cp -r "$REPO_ROOT/e2e/smoke/$d" "$bench/ws/$d"
    cp -r "$REPO_ROOT/e2e/smoke/$d" "$bench/go/$d"
  done
  find "$bench/go" -name BUILD.bazel -delete
  printf 'module example.com/fipsdemo\n\ngo 1.24\n' >"$bench/go/go.mod"
  cat >"$bench/ws/MODULE.bazel" <<MOD
module(name = "bench")

bazel_dep(name = "fips")
local_path_override(module_name = "fips", path = "$REPO_ROOT")

go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
go_sdk.local(path = "$goroot")
MOD
  echo "common --noenable_workspace" >"$bench/ws/.bazelrc"
  : >"$bench/ws/BUILD.bazel"

  echo "[bench] go$sdk_version: warming up (fetch, server start)"
  bazel build --nobuild --@fips//:version=$value //cmd/fipsdemo >/dev/null 2>&1

  cold_bazel=() cold_go=()
  for i in $(seq "$runs"); do
    bazel clean >/dev/null 2>&1
    t=$(now); bazel build --@fips//:version=$value //cmd/fipsdemo >/dev/null 2>&1; cold_bazel+=("$(elapsed "$t")")
    rm -rf "$bench/gocache" "$bench/gomodcache"
    t=$(now); gobuild "$value"; cold_go+=("$(elapsed "$t")")
    echo "[bench] cold run $i: bazel ${cold_bazel[-1]} s, go build ${cold_go[-1]} s"
  done

  edit_bazel=() edit_go=() warmup=3
  for i in $(seq $((1 + warmup + runs))); do
    sed -i "s/^var ErrBadMAC = errors.New(\"api: message authentication failed.*\")/var ErrBadMAC = errors.New(\"api: message authentication failed ($i)\")/" \
      "$bench/ws/api/api.go" "$bench/go/api/api.go"
    t=$(now); bazel build --@fips//:version=$value //cmd/fipsdemo >/dev/null 2>&1; b="$(elapsed "$t")"
    t=$(now); gobuild "$value"; g="$(elapsed "$t")"
    if [ "$i" -eq 1 ]; then
      first_bazel="$b" first_go="$g"
      echo "[bench] first edit after the cold builds: bazel $b s, go build $g s"
    elif [ "$i" -gt $((1 + warmup)) ]; then
      edit_bazel+=("$b") edit_go+=("$g")
      echo "[bench] edit run $((i - 1 - warmup)): bazel $b s, go build $g s"
    fi
  done

  bazel build --@fips//:version=off //cmd/fipsdemo >/dev/null 2>&1
  bazel build --@fips//:version=$value //cmd/fipsdemo >/dev/null 2>&1
  flip_actions="$(bazel build --@fips//:version=off //cmd/fipsdemo 2>&1 | executed)"
  flip_actions="${flip_actions:-0}"

  # fipstool inspect vs go version -m, alternating, on go build's binary;
  # each sample times 10 invocations (milliseconds each).
  insp_tool=() insp_go=()
  per_call_ms() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.3f", (a - b) * 100 }'; }
  for i in $(seq $((runs * 7))); do
    t=$(now); for _ in 1 2 3 4 5 6 7 8 9 10; do "$FIPS_FIPSTOOL" inspect "$bench/fipsdemo" >/dev/null; done
    insp_tool+=("$(per_call_ms "$t")")
    t=$(now); for _ in 1 2 3 4 5 6 7 8 9 10; do "$goroot/bin/go" version -m "$bench/fipsdemo" >/dev/null; done
    insp_go+=("$(per_call_ms "$t")")
  done
  ms() { awk '{ printf "%.2f", $1 }'; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sdk_version" "$value" \
    "$(printf '%s\n' "${cold_bazel[@]}" | median)" "$(printf '%s\n' "${cold_go[@]}" | median)" \
    "$(printf '%s\n' "${edit_bazel[@]}" | median)" "$(printf '%s\n' "${edit_go[@]}" | median)" \
    "$flip_actions" "$(printf '%s\n' "${insp_tool[@]}" | median | ms)" "$(printf '%s\n' "${insp_go[@]}" | median | ms)" \
    "$first_bazel" "$first_go" >>"$results"
}

for v in "${sdk_versions[@]}"; do
  goroot="$("$TESTBED_DIR/go-sdks" path "$v")"
  value=certified
  [ -f "$goroot/lib/fips140/certified.txt" ] || value=inprocess
  bench_sdk "$v" "$value"
done

machine="$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
bazel_version="$("$REPO_ROOT/e2e/bazel" --version)"
venv="$FIPS_CACHE/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r "$REPO_ROOT/e2e/bench/requirements.txt"
fi
"$venv/bin/python" "$REPO_ROOT/e2e/bench/render.py" --results "$results" --runs "$runs" \
  --machine "$machine" --bazel "$bazel_version" --out "$REPO_ROOT/docs/performance.md" \
  --chart "$REPO_ROOT/docs/images/performance.png"
