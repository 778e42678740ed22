#!/usr/bin/env bash
# The executable of a go_test (written by rules/private/test_runner.bzl).
# go test runs a test binary in its package's directory: so does this, in
# the package's directory within the runfiles tree, where the package's
# sources, embeddable files and data are. Under `bazel test`
# (XML_OUTPUT_FILE set) the binary runs with -test.v=test2json through
# `fipstool testxml`, which prints its output as go test -v does and writes
# the JUnit report of its tests to XML_OUTPUT_FILE; otherwise (bazel run,
# running it by hand) the binary itself runs. Either way the exit code is
# the test binary's, and the arguments (the target's args, then
# --test_arg's) follow.
set -euo pipefail

label=%LABEL_WORD%
# Paths below the runfiles root.
test_binary=%TEST_BINARY%
fipstool=%FIPSTOOL%
package_dir=%PACKAGE_DIR%
importpath=%IMPORTPATH%

fail() {
  echo "go_test $label: $*" >&2
  exit 1
}

# The runfiles root: the test's (TEST_SRCDIR), that of a program that runs
# this one (RUNFILES_DIR), or the tree beside this script.
if [ -n "${RUNFILES_DIR:-}" ]; then
  runfiles="$RUNFILES_DIR"
elif [ -n "${TEST_SRCDIR:-}" ]; then
  runfiles="$TEST_SRCDIR"
elif [ -d "$0.runfiles" ]; then
  runfiles="$0.runfiles"
else
  fail "no runfiles: neither RUNFILES_DIR nor TEST_SRCDIR is set and $0.runfiles is not a directory"
fi
case "$runfiles" in /*) ;; *) runfiles="$PWD/$runfiles" ;; esac

[ -x "$runfiles/$test_binary" ] || fail "no test binary at $runfiles/$test_binary (a runfiles tree is needed: --enable_runfiles)"
cd "$runfiles/$package_dir" || fail "cannot run in the package's directory $runfiles/$package_dir"

if [ -n "${XML_OUTPUT_FILE:-}" ]; then
  exec "$runfiles/$fipstool" testxml --package "$importpath" --out "$XML_OUTPUT_FILE" -- \
    "$runfiles/$test_binary" -test.v=test2json "$@"
fi
exec "$runfiles/$test_binary" "$@"
