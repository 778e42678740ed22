# Shared helpers for the test-bed scripts. Sourced, never run.
#
# Everything the test bed provisions lives in one cache directory outside the
# repository, so that a fresh clone reuses it and `rm -rf` of it starts over.

FIPS_CACHE="${FIPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fips-testbed}"
TESTBED_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$TESTBED_DIR/../.." && pwd)"

testbed_log() { printf '[testbed] %s\n' "$*" >&2; }
testbed_die() { printf '[testbed] error: %s\n' "$*" >&2; exit 1; }

# testbed_with_lock NAME CMD...: run CMD while holding an exclusive lock, so
# two callers provisioning the same thing at once wait for each other instead
# of racing. The second caller then finds the work done and returns at once.
testbed_with_lock() {
  local name="$1"; shift
  mkdir -p "$FIPS_CACHE/locks"
  (
    exec 9>"$FIPS_CACHE/locks/$name.lock"
    if ! flock -n 9; then
      testbed_log "waiting for another process provisioning $name"
      flock 9
    fi
    "$@"
  )
}

# testbed_need_space DIR MIB: fail with a clear message when DIR's file
# system has less than MIB mebibytes free.
testbed_need_space() {
  local dir="$1" need="$2" have
  mkdir -p "$dir"
  have=$(df -Pm "$dir" | awk 'NR==2 {print $4}')
  if [ "${have:-0}" -lt "$need" ]; then
    testbed_die "not enough disk space in $dir: ${have} MiB free, ${need} MiB needed"
  fi
}

# The fipstool every test-bed workspace uses (built by setup).
# Set but empty (FIPS_FIPSTOOL=) lets the rules build fipstool from source.
export FIPS_FIPSTOOL="${FIPS_FIPSTOOL-$REPO_ROOT/rust/target/release/fipstool}"
