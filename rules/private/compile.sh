#!/usr/bin/env bash
# Compile one Go package with the SDK's compiler:
#   compile.sh FIPSTOOL BUILDCONTEXT LABEL COMPILE STD_IMPORTCFG DEPS_IMPORTCFG OUT_EXPORT
#              OUT_LINKOBJ [COMPILER FLAGS...] -- SRCS...
# OUT_EXPORT receives the export data importers compile against, OUT_LINKOBJ
# the object the linker reads (the compiler's -o and -linkobj).
# fipstool first applies the sources' build constraints (file name suffixes,
# //go:build lines) with the go command's build context of this
# configuration, as go build does; the compiler gets the files that remain.
# The importcfg it reads is the standard library's (produced by the stdlib
# action, so unknown at analysis) followed by the dependencies'.
set -euo pipefail
source "$(dirname "$0")/go_common.sh"
fipstool="$1" context="$2" label="$3" tool="$4" std="$5" deps="$6" export="$7" out="$8"
shift 8
flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do flags+=("$1"); shift; done
shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$fipstool" gofiles --context "$context" --package "$label" --out "$work/srcs" --cgo-out "$work/cgo_srcs" "$@"
mapfile -t srcs <"$work/srcs"
# With cgo on, files that import "C" are selected too; compiling them takes
# the cgo steps (cgo.sh, cgo = True).
mapfile -t cgo_srcs <"$work/cgo_srcs"
if [ ${#cgo_srcs[@]} -gt 0 ]; then
  echo "$label: ${cgo_srcs[0]} imports \"C\": set cgo = True on $label to compile it with cgo" >&2
  exit 1
fi
go_importcfg "$work/importcfg" "$std" "$deps"
"$tool" -o "$export" -linkobj "$out" -importcfg "$work/importcfg" -trimpath "$(go_trimpath "$PWD" "$PWD=>" "${srcs[@]}")" \
  -nolocalimports -pack "${flags[@]}" "${srcs[@]}"
