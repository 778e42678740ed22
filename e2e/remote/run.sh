#!/usr/bin/env bash
# Remote execution, shown end to end, on this machine only (127.0.0.1 and
# unix sockets):
#
#   1. provision (cached under $FIPS_CACHE/remote/): a Debian sid worker root
#      with buildbox, BuildGrid's bgd in a venv, PostgreSQL (e2e/remote/provision);
#   2. start PostgreSQL, bgd and a buildbox worker + casd, stopped by PID on exit;
#   3. in two consumer workspaces, `bazel test` with every action executed on
#      the worker (no cache, no local fallback), each action isolated by
#      buildbox-run-bubblewrap (only the image's /usr, /bin, /lib, /lib64):
#      the smoke demo with a cgo package (e2e/remote/cgo) and the NATS CLI
#      (the real program of the module tests: 149 modules, fetched by
#      go_deps), for --@fips//:version=certified;
#   4. build the same locally (own output base, no cache) and compare the
#      SHA-256 of the binaries, tests and report, and of every output of
#      every action both builds ran (the standard library's archives
#      included);
#   5. the figure remote-cache users decide on: each workspace copied to
#      another path (a fresh checkout) and its programs built in a fresh
#      output base with the cache the other checkout filled, once from the
#      disk cache the local build wrote and once from the REAPI server's
#      cache the remote build filled, against `go build` with an empty
#      GOCACHE: the wall time, the actions executed and the bytes fetched.
#
# Prints a summary (spawns per mnemonic and where they ran, digests, verdict)
# and exits non-zero if any action did not run remotely, any build or test
# failed, or any output differs. See docs/remote-execution.md.
#
# Usage: e2e/remote/run.sh          (FIPS_REMOTE_JOBS: worker concurrency, default 2;
#                                    FIPS_REMOTE_VERSIONS: the demo's, default certified)
#        e2e/remote/run.sh serve    only start the services, until interrupted
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/common.sh"

REMOTE="$FIPS_CACHE/remote"
REMOTE_DIR="$REPO_ROOT/e2e/remote"
WORKER_ROOT="$REMOTE/worker-root"
VENV="$REMOTE/venv"
ENDPOINT=grpc://127.0.0.1:50051
# The workspaces, each with the FIPS versions it is built for, what is built
# and tested, and what is compared by digest. demo: the smoke demo in both
# FIPS variants (one pinned to certified whatever the flag), its tests, the
# release evidence (policy check, attestations, report), and a cgo library,
# its test and a program the C toolchain links (remote_cgo). natscli: the
# NATS CLI and a test gazelle wrote for it. certified only, every action of
# FIPS builds: `off` adds two more standard libraries and nothing the
# certified builds do not run (FIPS_REMOTE_VERSIONS="off certified" adds it).
WORKSPACES=(demo natscli)
read -r -a versions_demo <<<"${FIPS_REMOTE_VERSIONS:-certified}"
targets_demo=(//... //cmd/fipsdemo:fipsdemo_fips //release:report)
compared_demo=(//cmd/fipsdemo //cmd/fipsdemo:fipsdemo_fips //api:api_test //certs:certs_test //release:report
  //remote_cgo:cgo_demo //remote_cgo:adder_test)
programs_demo=(//cmd/fipsdemo)
versions_natscli=(certified)
targets_natscli=(//nats //columns:columns_test)
compared_natscli=(//nats //columns:columns_test)
programs_natscli=(//nats)
COMMON_FLAGS=(--output_groups=+fips_attestation)
# The flags of one workspace's FIPS version. The demo's release policy allows
# only certified binaries, so it is checked (FipsPolicyCheck actions) in that
# build only.
version_flags() {
  echo "--@fips//:version=$2"
  [ "$1" != demo ] || [ "$2" != certified ] || echo "--@fips//:policy=//release:policy"
}
REMOTE_FLAGS=(--remote_executor="$ENDPOINT" --noremote_accept_cached --remote_local_fallback=false
  --spawn_strategy=remote --jobs=8
  # One gRPC connection carries about 100 concurrent requests: within what
  # bgd serves at once (thread-pool-size in bgd.yml.in).
  --remote_max_connections=1
  # Every output comes back, so the local comparison reads real files.
  --remote_download_outputs=all)

log() { printf '[remote] %s\n' "$*" >&2; }
die() { printf '[remote] error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
t_start=$(now)

# One run at a time: the endpoint's port is fixed.
mkdir -p "$FIPS_CACHE/locks" "$REMOTE"
exec 8>"$FIPS_CACHE/locks/remote-run.lock"
flock -n 8 || { log "waiting for another e2e/remote/run.sh"; flock 8; }

# --- 1. Provision ------------------------------------------------------------
t=$(now)
"$TESTBED_DIR/setup"          # Go SDKs, fipstool, the shared sid root Bazel runs in
"$REMOTE_DIR/provision" all   # worker root, bgd venv, PostgreSQL
pg_bin="$("$REMOTE_DIR/provision" postgres-bindir)"
t_provision=$(took "$t")

# --- 2. Services ---------------------------------------------------------------
# Per-run state in /tmp, not under $FIPS_CACHE: PostgreSQL runs as `postgres`,
# which cannot enter /root. Removed on exit; the logs are kept in
# $REMOTE/logs/ (the last run's).
run="$(mktemp -d /tmp/fips-remote.XXXXXX)"
chmod 755 "$run"
mkdir -p "$run/logs" "$run/pids" "$run/pg" "$run/pgsock" "$run/cas" "$run/casd" "$run/out"
chown postgres: "$run/pg" "$run/pgsock"

bazel_remote=("$REPO_ROOT/e2e/bazel" "--output_user_root=$REMOTE/bazel-root-remote")
bazel_local=("$REPO_ROOT/e2e/bazel" "--output_user_root=$REMOTE/bazel-root-local")
bazel_warm=("$REPO_ROOT/e2e/bazel" "--output_user_root=$REMOTE/bazel-root-warm")
# The local build fills the disk cache the warm builds read; every build
# shares one repository cache, as one user's output bases do.
DISK_CACHE="$REMOTE/disk-cache"
REPO_CACHE=(--repository_cache="$REMOTE/repository-cache")
declare -A ws_dir=()

# Stops what this run started, by the PIDs it recorded, newest first: the
# worker before casd, both before bgd, bgd before PostgreSQL; then this
# run's own Bazel servers (their own output roots, nobody else's).
stop_pid() {
  local name="$1" sig="${2:-TERM}" pid
  pid="$(cat "$run/pids/$name" 2>/dev/null)" || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "$name (PID $pid) did not stop on SIG$sig; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  stop_pid worker
  stop_pid casd
  stop_pid worker-ns
  stop_pid bgd
  stop_pid postgres INT   # SIGINT: PostgreSQL's fast shutdown
  local d
  for d in "${ws_dir[@]}" "$run"/checkout/*; do
    [ -d "$d" ] || continue
    (cd "$d" && "${bazel_remote[@]}" shutdown; "${bazel_local[@]}" shutdown; "${bazel_warm[@]}" shutdown) >/dev/null 2>&1
  done
  rm -rf "$REMOTE/logs"
  cp -r "$run/logs" "$REMOTE/logs" 2>/dev/null
  rm -rf "$run"
  [ "$rc" = 0 ] || log "failed (exit $rc); logs: $REMOTE/logs/"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() {  # wait_for WHAT SECONDS CMD...: poll CMD until it succeeds
  local what="$1" secs="$2"; shift 2
  for _ in $(seq $((secs * 5))); do "$@" && return 0; sleep 0.2; done
  die "$what did not come up in $secs s (logs: $run/logs/)"
}
# PostgreSQL refuses to run as root.
as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)

t=$(now)
port_open 50051 && die "something already listens on 127.0.0.1:50051"

# PostgreSQL: a throwaway cluster, unix socket only (no TCP), no fsync.
"${as_postgres[@]}" "$pg_bin/initdb" -D "$run/pg" -U postgres -A trust --no-sync >"$run/logs/initdb.log" 2>&1 ||
  die "initdb failed: $(tail -n 5 "$run/logs/initdb.log")"
"${as_postgres[@]}" "$pg_bin/postgres" -D "$run/pg" -c listen_addresses= -c unix_socket_directories="$run/pgsock" \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off >"$run/logs/postgres.log" 2>&1 &
echo $! >"$run/pids/postgres"
wait_for PostgreSQL 30 "$pg_bin/pg_isready" -q -h "$run/pgsock"
db_url="postgresql+psycopg2://postgres@/postgres?host=$run/pgsock"

# bgd: schema first, then the server on 127.0.0.1:50051.
sed -e "s|@CAS_DIR@|$run/cas|" -e "s|@DB_URL@|$db_url|" "$REMOTE_DIR/bgd.yml.in" >"$run/bgd.yml"
"$VENV/bin/bgd" migrate apply "$db_url" >"$run/logs/bgd-migrate.log" 2>&1 ||
  die "bgd migrate failed: $(tail -n 5 "$run/logs/bgd-migrate.log")"
"$VENV/bin/bgd" server start "$run/bgd.yml" >"$run/logs/bgd.log" 2>&1 &
echo $! >"$run/pids/bgd"
wait_for bgd 60 port_open 50051

# The worker and its casd, in the worker root (Debian sid with buildbox),
# entered with bubblewrap; only the run directory and worker.sh are shared.
# /dev/fuse: casd stages each action's input root as a FUSE file system
# (buildbox-fuse: copy-on-write, so an action cannot alter the CAS).
# /proc is the host's own, bound: the runner's bubblewrap mounts a fresh
# proc for each action inside a user namespace, which the kernel allows
# only where the proc above is fully visible (bwrap's own --proc is not: it
# covers parts of it).
[ -c /dev/fuse ] || die "/dev/fuse is missing: buildbox-casd stages inputs with FUSE"
bwrap --bind "$WORKER_ROOT" / --dev /dev --dev-bind /dev/fuse /dev/fuse --bind /proc /proc --tmpfs /tmp \
  --bind "$run" "$run" --ro-bind "$REMOTE_DIR/worker.sh" /worker.sh \
  --clearenv --setenv PATH /usr/sbin:/usr/bin:/sbin:/bin --setenv HOME /root --setenv LANG C.UTF-8 \
  /bin/bash /worker.sh "$run" "${FIPS_REMOTE_JOBS:-2}" >"$run/logs/worker-ns.log" 2>&1 &
echo $! >"$run/pids/worker-ns"
wait_for buildbox-worker 30 test -s "$run/pids/worker"
sleep 1
for p in casd worker; do kill -0 "$(cat "$run/pids/$p")" 2>/dev/null || die "$p exited: $(tail -n 5 "$run/logs/$p.log")"; done
t_services=$(took "$t")
log "services up ($t_services): postgres $(cat "$run/pids/postgres"), bgd $(cat "$run/pids/bgd"), casd $(cat "$run/pids/casd"), worker $(cat "$run/pids/worker")"

if [ "${1:-}" = serve ]; then
  trap 'exit 0' INT TERM
  log "serving $ENDPOINT until interrupted (Ctrl-C stops everything)"
  wait "$(cat "$run/pids/bgd")" || true
  exit 0
fi

# --- 3. The consumer workspaces --------------------------------------------------
# conftest's demo_workspace (the smoke demo's packages, the test bed's Go
# 1.26.6) with the cgo package; natscli.py's workspace, BUILD files written by
# gazelle. Both under $FIPS_CACHE/e2e-workspaces, named remote-*.
t=$(now)
mkdir -p "$run/plain"
while read -r name dir; do ws_dir[$name]="$dir"; done < <("$FIPS_CACHE/venv/bin/python" - "$REPO_ROOT" "$run/plain" <<'PY'
import pathlib, sys
sys.path.insert(0, sys.argv[1] + "/e2e/tests")
from conftest import demo_workspace, sdk_path
from module_workspaces import natscli_workspace
print("demo", demo_workspace("remote", f'go_sdk.local(path = "{sdk_path("1.26.6")}")'))
print("natscli", natscli_workspace("remote_natscli", pathlib.Path(sys.argv[2]) / "natscli")[0])
PY
)
[ -n "${ws_dir[demo]:-}" ] && [ -n "${ws_dir[natscli]:-}" ] || die "the consumer workspaces could not be made"
rm -rf "${ws_dir[demo]}/remote_cgo"
mkdir -p "${ws_dir[demo]}/remote_cgo"
cp "$REMOTE_DIR"/cgo/*.go "$REMOTE_DIR"/cgo/*.c "$REMOTE_DIR"/cgo/*.h "${ws_dir[demo]}/remote_cgo/"
cp "$REMOTE_DIR/cgo/BUILD.remote" "${ws_dir[demo]}/remote_cgo/BUILD.bazel"
t_workspaces=$(took "$t")

# digests WHERE WS VERSION BAZEL...: record the SHA-256 of workspace WS's
# compared targets' outputs, right after WHERE's build (while the
# workspace's bazel-out link points into its output base). Bazel's cquery
# says where they are: Go targets build in their own FIPS configuration's
# directory.
digests() {
  local where="$1" w="$2" v="$3"; shift 3
  local -n compared="compared_$w"
  local label path list="$run/out/$where-$w-$v.files"
  "$@" cquery $(version_flags "$w" "$v") "${COMMON_FLAGS[@]}" --output=starlark \
    --starlark:expr='"\n".join([str(target.label) + " " + f.path for f in target.files.to_list()])' \
    "set(${compared[*]})" >"$list" 2>>"$run/logs/cquery.log" ||
    die "cquery of the $where outputs of $w failed (log: $REMOTE/logs/cquery.log)"
  sort "$list" | while read -r label path; do
    [ -n "$path" ] || continue
    printf '%s %s %s\n' "${label#@@}" "$(basename "$path")" "$(sha256sum "$path" | cut -d' ' -f1)"
  done >"$run/out/$where-$w-$v.sha256"
  [ -s "$run/out/$where-$w-$v.sha256" ] || die "no $where outputs of $w found for $v"
}
# only_remote "N processes: A internal, B remote.": true when every
# strategy named is internal or remote.
only_remote() {
  local part
  [ -n "$1" ] || return 1
  while read -r part; do
    part="${part#"${part%%[! ]*}"}"; part="${part#[0-9]* }"; part="${part%.}"
    case "$part" in internal|remote) ;; *) return 1 ;; esac
  done < <(printf '%s\n' "${1#*: }" | tr ',' '\n')
}
processes_line() { grep -E '^INFO: [0-9]+ process(es)?' "$1" | tail -n1 | sed 's/^INFO: //'; }

# The runner's isolation, checked first (e2e/remote/isolation.BUILD): what
# an action sees, and an action reading an undeclared file must fail.
t=$(now)
cd "${ws_dir[demo]}"
mkdir -p remote_isolation
cp "$REMOTE_DIR/isolation.BUILD" remote_isolation/BUILD.bazel
"${bazel_remote[@]}" build //remote_isolation:sandbox_view "${REMOTE_FLAGS[@]}" >"$run/logs/bazel-isolation.log" 2>&1 ||
  die "the isolation probe failed to run remotely (log: $REMOTE/logs/bazel-isolation.log)"
isolation_view="$(cat bazel-bin/remote_isolation/sandbox_view.txt)"
expected_view="$(printf '%s\n' "/etc absent" "/work absent" "/root absent" "/home absent" "/var absent" \
  "network unreachable" "/usr read-only")"
[ "$isolation_view" = "$expected_view" ] ||
  die "the remote sandbox is not isolated as expected:"$'\n'"$isolation_view"
if "${bazel_remote[@]}" build //remote_isolation:reads_undeclared "${REMOTE_FLAGS[@]}" >>"$run/logs/bazel-isolation.log" 2>&1; then
  die "an action reading an undeclared file (/etc/debian_version) succeeded remotely: the runner does not isolate"
fi
grep -q 'debian_version: No such file or directory' "$run/logs/bazel-isolation.log" ||
  die "the undeclared-file probe failed for another reason (log: $REMOTE/logs/bazel-isolation.log)"
t_isolation=$(took "$t")

# build_each WHERE BAZEL_ARRAY COMMAND FLAGS...: in every workspace, for each
# of its FIPS versions, `bazel COMMAND` its targets with FLAGS, keeping the
# log, the execution log, Bazel's process summary, the time and the digests
# of the compared outputs under WHERE.
declare -A build_time build_line
build_each() {
  local where="$1" v rlog; local -n bazel_cmd="$2"; local command="$3"; shift 3
  for w in "${WORKSPACES[@]}"; do
    cd "${ws_dir[$w]}"
    "${bazel_cmd[@]}" clean >>"$run/logs/bazel-$where-clean.log" 2>&1
    local -n versions="versions_$w" targets="targets_$w"
    for v in "${versions[@]}"; do
      log "$where ($w): bazel $command ${targets[*]} $(version_flags "$w" "$v" | tr "\n" " ")"
      t=$(now)
      rlog="$run/logs/bazel-$where-$w-$v.log"
      if ! "${bazel_cmd[@]}" "$command" "${targets[@]}" $(version_flags "$w" "$v") "${COMMON_FLAGS[@]}" "${REPO_CACHE[@]}" \
          "$@" --execution_log_json_file="$run/logs/exec-$where-$w-$v.json" >"$rlog" 2>&1; then
        tail -n 40 "$rlog" >&2
        die "the $where $command of $w failed for --@fips//:version=$v (log: $REMOTE/logs/bazel-$where-$w-$v.log)"
      fi
      build_time[$where-$w-$v]=$(took "$t")
      build_line[$where-$w-$v]="$(processes_line "$rlog")"
      digests "$where" "$w" "$v" "${bazel_cmd[@]}"
    done
    unset -n versions targets
  done
}

# Each workspace built and tested remotely (after a clean: every spawn must
# run remotely, so Bazel's own action cache may skip none;
# --noremote_accept_cached already stops the remote action cache from
# answering).
build_each remote bazel_remote test "${REMOTE_FLAGS[@]}" --nocache_test_results

# --- 4. The same, built locally ------------------------------------------------
# Its own output root (so its own Bazel servers), cleaned, no remote cache:
# every action runs here, in Bazel's local sandbox. It fills a fresh disk
# cache for step 5.
rm -rf "$DISK_CACHE"
build_each local bazel_local build --disk_cache="$DISK_CACHE"

# --- 5. A fresh checkout with a warm shared cache ------------------------------
# Each workspace copied to another path, its programs built certified in a
# fresh output base (its own server, started by the timed command) with one
# cache, then with the other; outputs fetched (--remote_download_outputs=all,
# so the programs are there to run). go build builds the same programs with
# an empty GOCACHE (the module cache filled: both sides have their sources).
declare -A warm_time warm_counts
for w in "${WORKSPACES[@]}"; do
  mkdir -p "$run/checkout"
  cp -a "${ws_dir[$w]}" "$run/checkout/$w"
  rm -f "$run/checkout/$w"/bazel-*   # the other checkout's output links
done
for cache in disk remote; do
  case "$cache" in
    disk) cache_flags=(--disk_cache="$DISK_CACHE") ;;
    remote) cache_flags=(--remote_cache="$ENDPOINT" --remote_download_outputs=all --remote_max_connections=1) ;;
  esac
  for w in "${WORKSPACES[@]}"; do
    cd "$run/checkout/$w"
    declare -n programs="programs_$w"
    "${bazel_warm[@]}" clean --expunge >>"$run/logs/bazel-warm-clean.log" 2>&1 || true
    "${bazel_warm[@]}" shutdown >/dev/null 2>&1 || true
    log "warm ($cache cache, $w at another path): bazel build ${programs[*]}"
    t=$(now)
    wlog="$run/logs/bazel-warm-$cache-$w.log"
    "${bazel_warm[@]}" build "${programs[@]}" $(version_flags "$w" certified) "${COMMON_FLAGS[@]}" "${REPO_CACHE[@]}" \
      "${cache_flags[@]}" --execution_log_json_file="$run/logs/exec-warm-$cache-$w.json" >"$wlog" 2>&1 ||
      { tail -n 40 "$wlog" >&2; die "the warm build of $w from the $cache cache failed"; }
    warm_time[$cache-$w]=$(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
    warm_counts[$cache-$w]="$(python3 "$REMOTE_DIR/summarize.py" cached "$run/logs/exec-warm-$cache-$w.json")"
    "${bazel_warm[@]}" shutdown >/dev/null 2>&1 || true
    unset -n programs
  done
done
# go build, each program with an empty GOCACHE.
go_sdk="$("$TESTBED_DIR/go-sdks" path 1.26.6)"
declare -A go_time
go_build() {  # go_build NAME DIR PACKAGE
  local gocache; gocache="$(mktemp -d "$run/gocache.XXXXXX")"
  t=$(now)
  (cd "$2" && env -i PATH=/usr/bin:/bin HOME="$run" GOROOT="$go_sdk" GOCACHE="$gocache" GOMODCACHE="$FIPS_CACHE/gomodcache" \
    GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOENV=off CGO_ENABLED=0 GOFIPS140=certified \
    "$go_sdk/bin/go" build -trimpath -o "$run/go-$1" "$3") >"$run/logs/go-build-$1.log" 2>&1 ||
    die "go build of $1 failed: $(tail -n 5 "$run/logs/go-build-$1.log")"
  go_time[$1]=$(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
  rm -rf "$gocache"
}
go_build demo "$REPO_ROOT/e2e/smoke" ./cmd/fipsdemo
go_build natscli "$run/plain/natscli" ./nats

# --- Summary -----------------------------------------------------------------
failed=0
echo
echo "=== Remote execution: BuildGrid $("$VENV/bin/pip" show buildgrid 2>/dev/null | awk '/^Version/ {print $2}') on $ENDPOINT;" \
  "worker: Debian sid $(paste -sd, "$WORKER_ROOT/.fips-remote-complete" | sed 's/,/, /g'), buildbox-run-bubblewrap"
echo "--- isolation: an action sees only its inputs and the image's /usr, /bin, /lib, /lib64 (read-only);" \
  "no /etc, /work, /root, /home, /var, no network; reading undeclared /etc/debian_version failed as it must  [$t_isolation]"
for w in "${WORKSPACES[@]}"; do
  declare -n versions="versions_$w"
  for v in "${versions[@]}"; do
    echo "--- $w, --@fips//:version=$v"
    echo "  remote: ${build_line[remote-$w-$v]}  [${build_time[remote-$w-$v]}]"
    grep -E '^//.* (PASSED|FAILED|NO STATUS)' "$run/logs/bazel-remote-$w-$v.log" | sed 's/^/    test /' || true
    echo "  spawns of the remote build, from its execution log:"
    python3 "$REMOTE_DIR/summarize.py" spawns "$run/logs/exec-remote-$w-$v.json" || failed=1
    # Bazel's own summary must name no strategy but remote (and internal:
    # Bazel writing files itself, not a spawn).
    if ! only_remote "${build_line[remote-$w-$v]}"; then
      echo "  FAIL: Bazel's summary names a strategy other than remote: ${build_line[remote-$w-$v]:-(none)}"
      failed=1
    fi
    echo "  local:  ${build_line[local-$w-$v]}  [${build_time[local-$w-$v]}]"
    echo "  outputs (sha256, remote vs local):"
    python3 "$REMOTE_DIR/summarize.py" compare "$run/logs/exec-remote-$w-$v.json" "$run/logs/exec-local-$w-$v.json" || failed=1
    while read -r label file rsum; do
      lsum="$(awk -v l="$label" -v f="$file" '$1 == l && $2 == f { print $3 }' "$run/out/local-$w-$v.sha256")"
      if [ "$rsum" = "$lsum" ]; then verdict=identical; else verdict=DIFFERENT; failed=1; fi
      printf '    %-26s %-14s %s\n' "$label" "$file" "$verdict"
      printf '      remote %s\n      local  %s\n' "$rsum" "${lsum:-(missing)}"
    done <"$run/out/remote-$w-$v.sha256"
  done
  unset -n versions
done
echo "--- a fresh checkout at another path, its programs built certified with the cache another checkout filled"
echo "    (Bazel: fresh output base, server start included, outputs fetched; go build: empty GOCACHE)"
printf '    %-8s %-8s %10s %8s %7s %9s %14s\n' cache program bazel_s go_s ratio executed bytes_fetched
for cache in disk remote; do
  for w in "${WORKSPACES[@]}"; do
    read -r spawns hits executed bytes <<<"${warm_counts[$cache-$w]}"
    ratio=$(awk -v a="${warm_time[$cache-$w]}" -v b="${go_time[$w]}" 'BEGIN { printf "%.2fx", a / b }')
    printf '    %-8s %-8s %10s %8s %7s %9s %14s\n' "$cache" "$w" "${warm_time[$cache-$w]}" "${go_time[$w]}" "$ratio" \
      "$executed" "$bytes"
    # Nothing may be executed: the other checkout's cache has every action.
    [ "$executed" = 0 ] || { echo "    FAIL: the warm $cache-cache build of $w executed $executed of $spawns actions"; failed=1; }
  done
  total=$(awk -v a="${warm_time[$cache-demo]}" -v b="${warm_time[$cache-natscli]}" 'BEGIN { printf "%.2f", a + b }')
  go_total=$(awk -v a="${go_time[demo]}" -v b="${go_time[natscli]}" 'BEGIN { printf "%.2f", a + b }')
  printf '    %-8s %-8s %10s %8s %7s\n' "$cache" both "$total" "$go_total" \
    "$(awk -v a="$total" -v b="$go_total" 'BEGIN { printf "%.2fx", a / b }')"
done
echo "--- timings: provision $t_provision, services up $t_services, workspaces $t_workspaces, isolation checks $t_isolation, total $(took "$t_start")"
if [ "$failed" = 0 ]; then
  echo "VERDICT: PASS: every action ran remotely in the bubblewrap runner, and the remote outputs are bit-identical to the local ones"
else
  echo "VERDICT: FAIL (see above; logs in $REMOTE/logs/)"
fi
exit "$failed"
