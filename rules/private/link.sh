#!/usr/bin/env bash
# Link a Go binary with the SDK's linker:
#   link.sh LINK STD_IMPORTCFG DEPS_IMPORTCFG MODINFO_IMPORTCFG OUT [LINKER FLAGS...] MAIN_ARCHIVE
# GOROOT is empty, as go build -trimpath runs the linker, so no path of the
# build machine is written into the binary.
set -euo pipefail
tool="$1" std="$2" deps="$3" modinfo="$4" out="$5"
shift 5
cfg="$(mktemp)"
trap 'rm -f "$cfg"' EXIT
cat "$std" "$deps" "$modinfo" >"$cfg"
GOROOT= "$tool" -o "$out" -importcfg "$cfg" "$@"
