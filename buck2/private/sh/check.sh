#!/usr/bin/env bash
# Check a linked binary against its FIPS configuration, as the Bazel rules'
# validation does (fipstool check, then verify --fipso), and only then hand
# it out: the binary users get is a copy made once both passed.
#   check.sh FIPSTOOL BINARY GOFIPS140 MODULE DEFAULT_GODEBUG_FILE FIPSO OUT
# MODULE: the snapshot version, or in-tree; FIPSO: empty without FIPS.
set -euo pipefail
fipstool="$1" binary="$2" gofips140="$3" module="$4" godebug="$5" fipso="$6" out="$7"
if ! err="$("$fipstool" check "$binary" --gofips140 "$gofips140" --module "$module" --default-godebug "$godebug" 2>&1 >/dev/null)"; then
  printf '%s\n' "$err" >&2
  exit 1
fi
if [ -n "$fipso" ]; then "$fipstool" verify "$binary" --fipso "$fipso" >/dev/null; fi
cp "$binary" "$out"
chmod 0755 "$out"
