#!/usr/bin/env bash
# The main job: provision the test bed (once; cached), then build the smoke
# consumer workspace with the FIPS switch on, exactly as a user would:
#   bazel build //... --@fips//:version=certified
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/testbed/common.sh"

"$TESTBED_DIR/setup"
cd "$REPO_ROOT/e2e/smoke"
"$REPO_ROOT/e2e/bazel" build --@fips//:version=certified //...
