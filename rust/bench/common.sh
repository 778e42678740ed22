# Sourced by the fipstool benchmarks: `bench_setup DEFAULT_RUNS [RUNS]` sets
# `runs` (the first argument, else DEFAULT_RUNS), `rust` (the Cargo
# workspace), `goroot` and `go` (the test bed's go1.26.6) and `fipstool`
# (FIPSTOOL, else a release build of this checkout's).
# Env: FIPSTOOL, FIPS_GO_SDKS / FIPS_CACHE (where the test-bed SDKs are).
bench_setup() {
  runs="${2:-$1}"
  case "$runs" in ''|*[!0-9]*|0) echo "usage: $0 [RUNS]" >&2; exit 2 ;; esac
  rust="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local sdks
  if [ -n "${FIPS_GO_SDKS:-}" ]; then sdks="$FIPS_GO_SDKS"
  elif [ -n "${FIPS_CACHE:-}" ]; then sdks="$FIPS_CACHE/sdk"
  else sdks="${XDG_CACHE_HOME:-$HOME/.cache}/fips-testbed/sdk"; fi
  goroot="$sdks/go1.26.6"
  if [ ! -x "$goroot/bin/go" ]; then
    echo "Go SDK go1.26.6 not found at $goroot: run e2e/testbed/go-sdks" >&2
    exit 2
  fi
  go="$goroot/bin/go"
  fipstool="${FIPSTOOL:-}"
  if [ -z "$fipstool" ]; then
    (cd "$rust" && cargo build --release --quiet -p fipstool)
    fipstool="$rust/target/release/fipstool"
  fi
}
