#!/usr/bin/env bash
# Cold FIPS build of the smoke demo: the Buck2 rules against
# `GOFIPS140=<v> go build -trimpath` with an empty GOCACHE, same SDK, same
# machine, alternating, median of RUNS (default 3). Goal: Buck2 <= 1.2x go.
#   e2e/buck2/bench.sh [VERSION]     (default certified; SDK=1.26.6)
# "Cold" for Buck2: buck-out removed (`buck2 clean`), the daemon started
# before the clock starts; parsing, analysis and every action are timed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/common.sh"
version="${1:-certified}" sdk="${SDK:-1.26.6}" runs="${RUNS:-3}"
buck2="$FIPS_CACHE/buck2/bin/buck2"
[ -x "$buck2" ] || buck2="$(command -v buck2)" || testbed_die "no buck2 in \$FIPS_CACHE/buck2/bin or on PATH"
goroot="$("$TESTBED_DIR/go-sdks" path "$sdk")"
ws="$FIPS_CACHE/e2e-workspaces/buck2-bench"
(cd "$REPO_ROOT/e2e/buck2" && "$FIPS_CACHE/venv/bin/python" -c \
  "import pathlib, conftest; conftest.make_workspace(pathlib.Path('$ws'))")
now() { date +%s.%N; }

go_cold() {
  local tmp t0 t1
  tmp="$(mktemp -d)"
  cp -r "$REPO_ROOT/e2e/smoke/." "$tmp/src"
  t0="$(now)"
  (cd "$tmp/src" && env -i PATH=/usr/bin:/bin HOME="$tmp" GOCACHE="$tmp/cache" GOMODCACHE="$tmp/mod" GOPATH="$tmp/gopath" \
    GOFIPS140="$version" GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-modcacherw CGO_ENABLED=0 \
    "$goroot/bin/go" build -trimpath -o "$tmp/fipsdemo" ./cmd/fipsdemo)
  t1="$(now)"
  chmod -R u+w "$tmp" && rm -rf "$tmp"
  echo "$t1 - $t0" | bc
}

buck2_cold() {
  local t0 t1
  (cd "$ws" && "$buck2" clean >/dev/null 2>&1 && "$buck2" server >/dev/null 2>&1)
  t0="$(now)"
  (cd "$ws" && "$buck2" build -c fips.toolchain="toolchains//:go$sdk" -c fips.version="$version" \
    //cmd/fipsdemo:fipsdemo >/dev/null 2>&1)
  t1="$(now)"
  echo "$t1 - $t0" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
go_times=() buck2_times=() ratios=()
for ((i = 1; i <= runs; i++)); do
  go_times+=("$(go_cold)")
  buck2_times+=("$(buck2_cold)")
  ratios+=("$(echo "${buck2_times[-1]} / ${go_times[-1]}" | bc -l)")
  printf 'run %d: go build %.2f s, buck2 %.2f s (%.2fx)\n' "$i" "${go_times[-1]}" "${buck2_times[-1]}" "${ratios[-1]}"
done
(cd "$ws" && "$buck2" kill >/dev/null 2>&1) || true
go_median="$(printf '%s\n' "${go_times[@]}" | median)"
buck2_median="$(printf '%s\n' "${buck2_times[@]}" | median)"
printf 'cold FIPS build of the demo (GOFIPS140=%s, go%s, %d runs, median):\n' "$version" "$sdk" "$runs"
printf '  go build -trimpath (empty GOCACHE): %6.2f s\n' "$go_median"
printf '  buck2 (fips rules, empty buck-out): %6.2f s  = %.2fx go build\n' "$buck2_median" "$(echo "$buck2_median / $go_median" | bc -l)"
# Each run's two builds are back to back: on a shared machine their ratio
# is steadier than the ratio of the medians.
printf '  median of the runs'"'"' ratios:             %.2fx\n' "$(printf '%s\n' "${ratios[@]}" | median)"
