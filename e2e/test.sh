#!/usr/bin/env bash
# Run the tests: provision the test bed (once; cached), then every suite.
#
# Usage: e2e/test.sh [SUITE [ARGS...]]
#   (no SUITE)   all suites: rust, analysis, e2e, next, remote, buck2
#   rust ARGS    cargo test in rust/ (ARGS go to cargo test)
#   analysis     the Starlark analysis tests (bazel test //tests/...)
#   e2e ARGS     the end-to-end pytest suite (ARGS go to pytest, e.g. -k smoke)
#   next         forward compatibility: the analysis tests, the smoke test and
#                a parity build with the defaults Bazel 8 and 9 flipped
#                (e2e/next.bazelrc), on the test bed's Bazel
#   remote       remote execution end to end (e2e/remote/run.sh): every action
#                of the demo, a cgo package and the NATS CLI on a REAPI worker,
#                outputs bit-identical to a local build, and the warm-cache
#                figures; needs root and /dev/fuse, and says so when missing
#   buck2 ARGS   the Buck2 rules' pytest suite (e2e/buck2; skipped, saying so,
#                without a buck2 in $FIPS_CACHE/buck2/bin or on PATH)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/testbed/common.sh"

suite="${1:-all}"
[ $# -gt 0 ] && shift

"$TESTBED_DIR/setup"

failed=()
run_suite() {
  local name="$1"; shift
  echo "=== suite: $name"
  if "$@"; then echo "=== suite $name: ok"; else echo "=== suite $name: FAILED"; failed+=("$name"); fi
}
rust_suite() { (cd "$REPO_ROOT/rust" && cargo test --workspace --locked "$@"); }
analysis_suite() { (cd "$REPO_ROOT" && "$REPO_ROOT/e2e/bazel" test //tests/...); }
e2e_suite() { (cd "$REPO_ROOT" && "$FIPS_CACHE/venv/bin/python" -m pytest -p no:cacheprovider --durations=15 e2e/tests "$@"); }
remote_suite() {
  local missing=()
  [ "$(id -u)" = 0 ] || missing+=("root (debootstrap, bubblewrap, PostgreSQL as its own user)")
  [ -c /dev/fuse ] || missing+=("/dev/fuse (buildbox-casd stages action inputs with FUSE)")
  if [ ${#missing[@]} -gt 0 ]; then
    local needs="${missing[0]}"
    [ ${#missing[@]} -lt 2 ] || needs+=" and ${missing[1]}"
    echo "remote suite could not run on this machine: it needs $needs"
    return 0
  fi
  bash "$REPO_ROOT/e2e/remote/run.sh"
}
buck2_suite() { "$REPO_ROOT/e2e/buck2/run.sh" "$@"; }
next_suite() {
  export FIPS_BAZEL_NEXT=1
  analysis_suite && e2e_suite -k 'test_smoke or test_parity_with_go_build[1.26.6-certified]'
}

case "$suite" in
  all)
    run_suite rust rust_suite
    run_suite analysis analysis_suite
    run_suite e2e e2e_suite
    run_suite next next_suite
    run_suite remote remote_suite
    run_suite buck2 buck2_suite ;;
  rust) run_suite rust rust_suite "$@" ;;
  analysis) run_suite analysis analysis_suite ;;
  e2e) run_suite e2e e2e_suite "$@" ;;
  next) run_suite next next_suite ;;
  remote) run_suite remote remote_suite ;;
  buck2) run_suite buck2 buck2_suite "$@" ;;
  *) echo "usage: e2e/test.sh [rust|analysis|e2e|next|remote|buck2] [ARGS...]" >&2; exit 2 ;;
esac

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED suites: ${failed[*]}"
  exit 1
fi
echo "all suites passed"
