#!/usr/bin/env bash
# Benchmark: `fipstool snapshot verify` + `fipstool snapshot unpack` of
# v1.26.0.zip (go1.26.6 SDK) against the go command's own unpack of the same
# snapshot (`GOFIPS140=v1.26.0 go list crypto/internal/fips140/sha256` with an
# empty GOMODCACHE and GOCACHE), alternating, several runs in one go.
# Prints each side's median wall time and the ratio (goal: <= 0.5x).
#
# Usage: rust/bench/snapshot.sh [RUNS]          (default 15)
# Env:   FIPSTOOL   prebuilt fipstool (default: cargo build --release)
#        FIPS_GO_SDKS / FIPS_CACHE   where the test-bed SDKs are (as the tests)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/common.sh"
bench_setup 15 "$@"
repo="$(dirname "$rust")"

index="$repo/snapshots/index.toml"
zip="$goroot/lib/fips140/v1.26.0.zip"

work="$(mktemp -d)"
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

now() { date +%s%N; }

run_fipstool() {
  local out="$work/fipstool-out.$1"
  "$fipstool" snapshot verify --goroot "$goroot" --version v1.26.0 --index "$index" >/dev/null
  "$fipstool" snapshot unpack --zip "$zip" --out "$out" >/dev/null
  test -f "$out/fips140/v1.26.0/sha256/sha256.go"
}

run_go() {
  local d="$work/go.$1"
  mkdir -p "$d/modcache" "$d/cache" "$d/cwd"
  (cd "$d/cwd" && env GOFIPS140=v1.26.0 GOTOOLCHAIN=local GOPROXY=off GOFLAGS= \
      GOMODCACHE="$d/modcache" GOCACHE="$d/cache" GOENV=off \
      "$goroot/bin/go" list crypto/internal/fips140/sha256 >/dev/null)
  test -f "$d/modcache/golang.org/fips140@v1.26.0/fips140/v1.26.0/sha256/sha256.go"
}

# One warm-up of each (page cache, binary loading), not measured.
run_fipstool warm; run_go warm

fip_times=(); go_times=()
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 0 ]; then
    t0=$(now); run_go "$i"; t1=$(now); go_times+=($(( (t1 - t0) / 1000 )))
    t0=$(now); run_fipstool "$i"; t1=$(now); fip_times+=($(( (t1 - t0) / 1000 )))
  else
    t0=$(now); run_fipstool "$i"; t1=$(now); fip_times+=($(( (t1 - t0) / 1000 )))
    t0=$(now); run_go "$i"; t1=$(now); go_times+=($(( (t1 - t0) / 1000 )))
  fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
fm=$(median "${fip_times[@]}")
gm=$(median "${go_times[@]}")
awk -v f="$fm" -v g="$gm" -v n="$runs" -v v="$("$goroot/bin/go" version)" 'BEGIN {
  printf "snapshot v1.26.0.zip (%s), %d runs each, median wall time\n", v, n
  printf "  fipstool snapshot verify + unpack : %8.1f ms\n", f / 1000
  printf "  go list (unpack into GOMODCACHE)  : %8.1f ms\n", g / 1000
  ratio = f / g
  printf "  ratio fipstool/go                 : %8.2fx (goal <= 0.50x: %s)\n", ratio, (ratio <= 0.5 ? "met" : "NOT met")
}'
