#!/usr/bin/env bash
# Benchmark: `fipstool inspect` (build info + FIPS facts, including the full
# integrity HMAC over the FIPS ranges) against `go version -m` on the same
# binaries, alternating, several runs each. Prints each binary's median wall
# time for both, the per-binary ratio and the ratio of the summed medians
# (goal: <= 1.0x).
#
# Binaries: a small crypto program built here with go1.26.6 (GOFIPS140=
# certified, and a PIE linked with gcc), plus the SDK's own `go` and
# `compile` executables (large real-world Go binaries with go:fipsinfo).
#
# Usage: rust/bench/inspect.sh [RUNS]          (default 21)
# Env:   FIPSTOOL   prebuilt fipstool (default: cargo build --release)
#        FIPS_GO_SDKS / FIPS_CACHE   where the test-bed SDKs are (as the tests)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/common.sh"
bench_setup 21 "$@"

cache="${FIPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fips-testbed}"

work="$(mktemp -d)"
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The fixture program (the same kind the integration tests build).
mkdir -p "$work/src"
cat >"$work/src/go.mod" <<'EOF'
module example.com/fipsbench

go 1.24
EOF
cat >"$work/src/main.go" <<'EOF'
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
)

func main() {
	sum := sha256.Sum256([]byte("bench"))
	mac := hmac.New(sha256.New, sum[:])
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	sig, _ := ecdsa.SignASN1(rand.Reader, key, sum[:])
	fmt.Println(fips140.Enabled(), ecdsa.VerifyASN1(&key.PublicKey, sum[:], sig), len(mac.Sum(nil)))
}
EOF
# build OUT "ENV=... ENV=..." [go build flags...]
build() {
  local out="$1" vars="$2"; shift 2
  # shellcheck disable=SC2086
  (cd "$work/src" && env -i PATH="$PATH" HOME="$HOME" GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOENV=off \
      GOMODCACHE="$work/modcache" GOCACHE="$cache/gocache/go1.26.6" $vars \
      "$go" build -trimpath -buildvcs=false -modcacherw "$@" -o "$work/$out" . ) >/dev/null
}
build certified "CGO_ENABLED=0 GOFIPS140=certified"
build pie-external "CGO_ENABLED=1 GOFIPS140=latest" -buildmode=pie -ldflags=-linkmode=external
cp "$go" "$work/go-cmd"
cp "$goroot/pkg/tool/linux_amd64/compile" "$work/compile"
binaries=(certified pie-external go-cmd compile)

# Both tools must succeed (and fipstool must verify) before timing.
for b in "${binaries[@]}"; do
  "$go" version -m "$work/$b" >/dev/null
  "$fipstool" inspect "$work/$b" | grep -q $'\tverdict\tfips-verified$' ||
    { echo "fipstool does not verify $b" >&2; exit 1; }
done

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-14s %10s %12s %14s %8s\n' binary size fipstool_ms go_version_m_ms ratio
total_f=0; total_g=0
for b in "${binaries[@]}"; do
  f="$work/$b"
  "$fipstool" inspect "$f" >/dev/null; "$go" version -m "$f" >/dev/null   # warm-up
  : >"$work/t.f"; : >"$work/t.g"
  for _ in $(seq "$runs"); do
    t0=$(now); "$fipstool" inspect "$f" >/dev/null; t1=$(now)
    "$go" version -m "$f" >/dev/null; t2=$(now)
    echo $((t1 - t0)) >>"$work/t.f"; echo $((t2 - t1)) >>"$work/t.g"
  done
  mf=$(median <"$work/t.f"); mg=$(median <"$work/t.g")
  total_f=$((total_f + mf)); total_g=$((total_g + mg))
  printf '%-14s %10s %12.2f %14.2f %7.2fx\n' "$b" "$(stat -c %s "$f")" \
    "$(echo "$mf / 1000000" | bc -l)" "$(echo "$mg / 1000000" | bc -l)" "$(echo "$mf / $mg" | bc -l)"
done
ratio=$(echo "$total_f / $total_g" | bc -l)
printf 'overall (sum of medians, %s runs each): fipstool inspect / go version -m = %.2fx (goal <= 1.0x)\n' "$runs" "$ratio"
