#!/usr/bin/env bash
# Resolve a GOFIPS140 value against the SDK at build time, as its go command
# would (Buck2 has no repository rules: the SDK's lib/fips140 cannot be read
# at analysis). The rule's dynamic action reads the result and fails with the
# Bazel rules' messages, or builds:
#   resolve.sh FIPSTOOL GOROOT VALUE OUT_JSON
# OUT_JSON: {"go_version": <GOROOT/VERSION's first line>, "accepted": [every
# value this SDK takes], "resolve": <fipstool snapshot resolve --json>}.
set -euo pipefail
fipstool="$1" goroot="$2" value="$3" out="$4"
if [ ! -f "$goroot/VERSION" ]; then
  echo "fips: the Go toolchain's goroot $goroot has no VERSION file: not a Go SDK" >&2
  exit 1
fi
# fipstool exits 2 on a value the SDK refuses: its JSON says why.
resolved="$("$fipstool" snapshot resolve --goroot "$goroot" --version "$value" --json 2>/dev/null)" || true
[ -n "$resolved" ] || resolved='{"ok": false, "error": {"kind": "tool", "message": "fipstool snapshot resolve failed"}}'
accepted='"off", "latest"'
for f in "$goroot"/lib/fips140/*.txt "$goroot"/lib/fips140/*.zip; do
  [ -e "$f" ] || continue
  name="${f##*/}"
  accepted="$accepted, \"${name%.*}\""
done
printf '{"go_version": "%s", "accepted": [%s], "resolve": %s}\n' "$(head -n1 "$goroot/VERSION")" "$accepted" "$resolved" >"$out"
