#!/usr/bin/env bash
# Verify the snapshot zip (against the SDK's fips140.sum and the pinned
# index) and unpack it, both with fipstool, as the Bazel rules do:
#   snapshot.sh FIPSTOOL GOROOT VALUE INDEX ZIP VERSION OUT_TREE OUT_H1
# The verify report is shown only when it fails (it names what differs).
set -euo pipefail
fipstool="$1" goroot="$2" value="$3" index="$4" zip="$5" version="$6" tree="$7" h1="$8"
report="$("$fipstool" snapshot verify --goroot "$goroot" --version "$value" --index "$index" 2>&1)" || {
  printf '%s\n' "$report" >&2
  exit 1
}
"$fipstool" snapshot unpack --zip "$zip" --out "$tree" --version "$version" >/dev/null
"$fipstool" dirhash "$zip" | tr -d '\n' >"$h1"
