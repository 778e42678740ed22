#!/usr/bin/env bash
# Run a link step (link.sh, test_build.sh) with its `fipstool linkinfo`
# arguments completed by the path of the default GODEBUG it writes:
#   linkinfo.sh LINKINFO_ARGS OUT_GODEBUG -- COMMAND ARGS...
# The argument @LINKINFO@ of COMMAND becomes the completed file. (Buck2
# cannot write an action's own output path into a file the action reads:
# the file would depend on the action.) Buck2 writes files without a final
# newline: sed adds it.
set -euo pipefail
base="$1" godebug="$2"
shift 3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{ sed '$a\' "$base"; printf -- '--out-godebug\n%s\n' "$godebug"; } >"$work/linkinfo_args"
args=()
for a in "$@"; do
  if [ "$a" = "@LINKINFO@" ]; then args+=("$work/linkinfo_args"); else args+=("$a"); fi
done
"${args[@]}"
