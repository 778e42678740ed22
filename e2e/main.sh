#!/usr/bin/env bash
# The main job: provision the test bed (once; cached), then, in the smoke
# consumer workspace, build and run the demo (an HTTPS server and client over
# TLS 1.3) with the FIPS switch on, exactly as a user would:
#   bazel run --@fips//:version=certified //cmd/fipsdemo
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/testbed/common.sh"

"$TESTBED_DIR/setup"
cd "$REPO_ROOT/e2e/smoke"
"$REPO_ROOT/e2e/bazel" run --@fips//:version=certified //cmd/fipsdemo
