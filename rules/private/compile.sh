#!/usr/bin/env bash
# Compile one Go package with the SDK's compiler:
#   compile.sh COMPILE STD_IMPORTCFG DEPS_IMPORTCFG OUT [COMPILER FLAGS...] SRCS...
# The importcfg the compiler reads is the standard library's (produced by
# the stdlib action, so unknown at analysis) followed by the dependencies'.
set -euo pipefail
tool="$1" std="$2" deps="$3" out="$4"
shift 4
cfg="$(mktemp)"
trap 'rm -f "$cfg"' EXIT
cat "$std" "$deps" >"$cfg"
"$tool" -o "$out" -importcfg "$cfg" -trimpath "$PWD=>" -nolocalimports -pack "$@"
