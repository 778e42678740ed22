#!/usr/bin/env bash
# Benchmark: `fipstool crypto` (function names from the symbol table, the
# inventory and its text) against `go version -m` on the same large
# go-built binaries, alternating, several runs each. Prints each binary's
# median wall time for both and their ratio (goal: <= 2x).
#
# Binaries: the SDK's own `go` command and `compile` (large real-world Go
# programs), `go` stripped with `strip` (names read from the pclntab), and
# the NATS CLI (github.com/nats-io/natscli v0.5.1, the third-party program of
# the modules tests: 149 modules) built with `GOFIPS140=certified go build
# -trimpath` from the test bed's module cache (fetched through the module
# proxy on first use).
#
# Usage: rust/bench/crypto.sh [RUNS]           (default 21)
# Env:   FIPSTOOL   prebuilt fipstool (default: cargo build --release)
#        FIPS_GO_SDKS / FIPS_CACHE   where the test-bed SDKs are (as the tests)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/common.sh"
bench_setup 21 "$@"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$go" "$work/go-cmd"
cp "$goroot/pkg/tool/linux_amd64/compile" "$work/compile"
strip -o "$work/go-stripped" "$go"
natscli="$("$rust/../e2e/testbed/go-tools" module github.com/nats-io/natscli@v0.5.1)"
cp -R "$natscli" "$work/natscli-src" && chmod -R u+w "$work/natscli-src"
cache="${FIPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fips-testbed}"
(cd "$work/natscli-src" && env GOFIPS140=certified GOTOOLCHAIN=local GOFLAGS=-mod=mod GOENV=off CGO_ENABLED=0 \
  GOMODCACHE="$cache/gomodcache" GOCACHE="$cache/gocache/go1.26.6" "$go" build -trimpath -o "$work/natscli" ./nats)
binaries=(go-cmd compile go-stripped natscli)

for b in "${binaries[@]}"; do
  "$go" version -m "$work/$b" >/dev/null
  "$fipstool" crypto "$work/$b" >/dev/null
done

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-12s %10s %8s %12s %16s %7s\n' binary size names fipstool_ms go_version_m_ms ratio
worst=0
for b in "${binaries[@]}"; do
  f="$work/$b"
  : >"$work/t.f"; : >"$work/t.g"
  for _ in $(seq "$runs"); do
    t0=$(now); "$fipstool" crypto "$f" >/dev/null; t1=$(now)
    "$go" version -m "$f" >/dev/null; t2=$(now)
    echo $((t1 - t0)) >>"$work/t.f"; echo $((t2 - t1)) >>"$work/t.g"
  done
  mf=$(median <"$work/t.f"); mg=$(median <"$work/t.g")
  names=$("$fipstool" crypto --json "$f" | sed -n 's/^  "source": "\(.*\)",$/\1/p')
  ratio=$(echo "$mf / $mg" | bc -l)
  printf '%-12s %10s %8s %12.2f %16.2f %6.2fx\n' "$b" "$(stat -c %s "$f")" "$names" \
    "$(echo "$mf / 1000000" | bc -l)" "$(echo "$mg / 1000000" | bc -l)" "$ratio"
  if [ "$(echo "$ratio > $worst" | bc -l)" = 1 ]; then worst=$ratio; fi
done
printf 'worst ratio (median of %s runs each): fipstool crypto / go version -m = %.2fx (goal <= 2x)\n' "$runs" "$worst"
