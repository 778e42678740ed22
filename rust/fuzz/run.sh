#!/usr/bin/env bash
# Run every fuzz target in fuzz_targets/ for a bounded time, one after the
# other (the machines have 2 cores), and report executions and crashes per
# target. Exits non-zero if any target crashed (or failed to build/run).
#
# Usage: rust/fuzz/run.sh [SECONDS]      (default: 60 seconds per target)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz wants nightly
# features; RUSTC_BOOTSTRAP=1 enables them on the stable toolchain.
# Corpora and crash artifacts go to corpus/<target>/ and artifacts/<target>/
# (both git-ignored); a crash is reproduced with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> artifacts/<target>/<file>
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:-60}"
case "$seconds" in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi

mapfile -t targets < <(find fuzz_targets -maxdepth 1 -name '*.rs' -printf '%f\n' | sed 's/\.rs$//' | sort)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "no fuzz targets in fuzz_targets/" >&2
  exit 2
fi
# Every target file must be registered as a [[bin]] in Cargo.toml.
for t in "${targets[@]}"; do
  grep -q "^name = \"$t\"\$" Cargo.toml || { echo "fuzz target $t is not a [[bin]] in Cargo.toml" >&2; exit 2; }
done

echo "building ${#targets[@]} fuzz targets"
cargo fuzz build -O >/dev/null

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
failed=0
results=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  before=$(find "artifacts/$t" -type f | wc -l)
  status=0
  cargo fuzz run -O "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$t/" >"$logs/$t.log" 2>&1 || status=$?
  after=$(find "artifacts/$t" -type f | wc -l)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | tail -1 | grep -o '[0-9]*$' || true)
  crashes=$((after - before))
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    crashes=1   # the run failed without writing an artifact: count it
  fi
  if [ "$crashes" -ne 0 ]; then
    failed=1
    echo "---- $t failed (exit $status); last lines of its log:" >&2
    tail -30 "$logs/$t.log" >&2
  fi
  results+=("$(printf '%-16s %12s %8s' "$t" "${execs:-?}" "$crashes")")
done

printf '%-16s %12s %8s\n' target executions crashes
printf '%s\n' "${results[@]}"
exit "$failed"
