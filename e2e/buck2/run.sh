#!/usr/bin/env bash
# The Buck2 suite: the fips cell's rules built with a real buck2 against the
# test bed's SDKs (pytest, this folder). Buck2 is in no registry here: the
# suite runs when one is in $FIPS_CACHE/buck2/bin or on PATH, and otherwise
# says so in one line and succeeds.
#   e2e/buck2/run.sh [PYTEST ARGS...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/common.sh"
if [ ! -x "$FIPS_CACHE/buck2/bin/buck2" ] && ! command -v buck2 >/dev/null; then
  echo "buck2 suite skipped: no buck2 in \$FIPS_CACHE/buck2/bin or on PATH"
  exit 0
fi
cd "$REPO_ROOT"
exec "$FIPS_CACHE/venv/bin/python" -m pytest -p no:cacheprovider --durations=10 e2e/buck2 "$@"
