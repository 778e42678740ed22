# Sourced by compile.sh, cgo.sh and test_build.sh (an input of their
# actions): what compiling Go sources takes in each of them.

# go_importcfg FIPSTOOL OUT STD_IMPORTCFG STD_PACKAGES [OPTIONS...]
# The importcfg the compiler or linker reads, written by `fipstool
# importcfg`: the standard library's (written by the stdlib action, so
# unknown at analysis) and the dependencies' (--deps), with the action's own
# lines (--add, --replace), no dependency standing in for a standard-library
# package (STD_PACKAGES lists them) and no path mapped twice; with
# --importer, the package's imports checked first as go build checks them.
go_importcfg() {
  local fipstool="$1" out="$2" std="$3" packages="$4"
  shift 4
  "$fipstool" importcfg --std "$std" --std-packages "$packages" --out "$out" "$@"
}

# go_godebug_args TABLE GO_VERSION DIRECTIVES_OUT
# fipstool gofiles' options that check a package's //go:debug directives
# against the SDK's table and, when DIRECTIVES_OUT is not empty, write them
# there (one word each: paths and versions hold no spaces).
go_godebug_args() {
  printf '%s\n' --godebug-table "$1" --go-toolchain-version "$2"
  [ -z "$3" ] || printf '%s\n' --directives-out "$3"
}

# go_trimpath EXEC_ROOT TAIL SRCS...
# The -trimpath value that records every source by its exec-root-relative
# path, then TAIL (more rewrites, ';'-separated). One rewrite per file:
# "$PWD=>" alone is not enough, because the compiler matches a prefix only at
# a path-component boundary, so where the exec root is "/" (remote runners
# that stage the input root as the sandbox's root, such as
# buildbox-run-bubblewrap) nothing matched, and binaries recorded
# "/api/api.go" where a local build records "api/api.go".
go_trimpath() {
  local root="${1%/}" trim="$2" f
  shift 2
  for f in "$@"; do trim="$root/$f=>$f${trim:+;$trim}"; done
  printf '%s' "$trim"
}

# go_package_clause FILE
# The name in the file's package clause.
go_package_clause() {
  sed -n -e '/^package[[:space:]]\{1,\}[A-Za-z0-9_]/{' \
    -e 's/^package[[:space:]]\{1,\}\([A-Za-z0-9_]\{1,\}\).*/\1/p' -e 'q' -e '}' "$1"
}

# go_any_matches PATTERN WORDS...
# Whether one of WORDS matches the glob PATTERN. No pipe into `grep -q`:
# bash's printf writes a line at a time, grep -q exits at the first match,
# and under load printf's next write then dies of SIGPIPE, which pipefail
# turns into "no match" (a library with Go files taken for one without).
go_any_matches() {
  local pattern="$1" word
  shift
  for word in "$@"; do
    # shellcheck disable=SC2053 # a glob, on purpose
    [[ "$word" == $pattern ]] && return 0
  done
  return 1
}

# go_pack ARCHIVE OBJECTS...
# Appends the objects to the Go archive as go build's `pack r` does
# (cmd/go/internal/work gcToolchain.pack): one ar entry per object, named by
# its base name, with zero time, owner and group and mode 0644. (The SDK has
# no pack tool.)
go_pack() {
  local archive="$1" o size
  shift
  for o in "$@"; do
    size="$(stat -c %s "$o")"
    printf '%-16.16s%-12d%-6d%-6d%-8o%-10d`\n' "${o##*/}" 0 0 0 420 "$size" >>"$archive"
    cat "$o" >>"$archive"
    [ $((size % 2)) -eq 0 ] || printf '\n' >>"$archive"
  done
}
