#!/usr/bin/env bash
# Remote execution, shown end to end, on this machine only (127.0.0.1 and
# unix sockets):
#
#   1. provision (cached under $FIPS_CACHE/remote/): a Debian sid worker root
#      with buildbox, BuildGrid's bgd in a venv, PostgreSQL (e2e/remote/provision);
#   2. start PostgreSQL, bgd and a buildbox worker + casd, stopped by PID on exit;
#   3. in a consumer workspace of the smoke demo, `bazel test` everything for
#      --@fips//:version=off and =certified with every action executed on the
#      worker (no cache, no local fallback), each action isolated by
#      buildbox-run-bubblewrap (only the image's /usr, /bin, /lib, /lib64);
#   4. build the same locally (own output base, no cache) and compare the
#      SHA-256 of the binaries and the report, and of every output of every
#      action both builds ran (the standard library's archives included).
#
# Prints a summary (spawns per mnemonic and where they ran, digests, verdict)
# and exits non-zero if any action did not run remotely, any build or test
# failed, or any output differs. See docs/remote-execution.md.
#
# Usage: e2e/remote/run.sh          (FIPS_REMOTE_JOBS: worker concurrency, default 2)
#        e2e/remote/run.sh serve    only start the services, until interrupted
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/common.sh"

REMOTE="$FIPS_CACHE/remote"
REMOTE_DIR="$REPO_ROOT/e2e/remote"
WORKER_ROOT="$REMOTE/worker-root"
VENV="$REMOTE/venv"
ENDPOINT=grpc://127.0.0.1:50051
VERSIONS=(off certified)
# What is built, tested and compared: the demo in both FIPS variants (one of
# them pinned to certified whatever the flag), its two tests, and the
# release evidence (policy check, attestations, report).
TARGETS=(//... //cmd/fipsdemo:fipsdemo_fips //release:report)
COMPARED=(//cmd/fipsdemo //cmd/fipsdemo:fipsdemo_fips //api:api_test //certs:certs_test //release:report)
COMMON_FLAGS=(--output_groups=+fips_attestation)
# The flags of one FIPS version. The release policy allows only certified
# binaries, so it is checked (FipsPolicyCheck actions) in that build only.
version_flags() {
  echo "--@fips//:version=$1"
  [ "$1" != certified ] || echo "--@fips//:policy=//release:policy"
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
ws=""

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
  if [ -n "$ws" ]; then
    (cd "$ws" && "${bazel_remote[@]}" shutdown && "${bazel_local[@]}" shutdown) >/dev/null 2>&1
  fi
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

# --- 3. The consumer workspace -------------------------------------------------
# conftest's demo_workspace: the smoke demo's packages in
# $FIPS_CACHE/e2e-workspaces/remote, with the test bed's Go 1.26.6.
ws="$("$FIPS_CACHE/venv/bin/python" - "$REPO_ROOT" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/e2e/tests")
from conftest import demo_workspace, sdk_path
print(demo_workspace("remote", f'go_sdk.local(path = "{sdk_path("1.26.6")}")'))
PY
)"
cd "$ws"

# digests WHERE VERSION BAZEL...: record the SHA-256 of the COMPARED
# targets' outputs, right after WHERE's build (while the workspace's
# bazel-out link points into its output base). Bazel's cquery says where they
# are: Go targets build in their own FIPS configuration's directory.
digests() {
  local where="$1" v="$2"; shift 2
  local label path list="$run/out/$where-$v.files"
  "$@" cquery $(version_flags "$v") "${COMMON_FLAGS[@]}" --output=starlark \
    --starlark:expr='"\n".join([str(target.label) + " " + f.path for f in target.files.to_list()])' \
    "set(${COMPARED[*]})" >"$list" 2>>"$run/logs/cquery.log" ||
    die "cquery of the $where outputs failed (log: $REMOTE/logs/cquery.log)"
  sort "$list" | while read -r label path; do
    [ -n "$path" ] || continue
    printf '%s %s %s\n' "${label#@@}" "$(basename "$path")" "$(sha256sum "$path" | cut -d' ' -f1)"
  done >"$run/out/$where-$v.sha256"
  [ -s "$run/out/$where-$v.sha256" ] || die "no $where outputs found for $v"
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

# Every spawn must run remotely: start from a clean output base, so Bazel's
# own action cache cannot skip any (--noremote_accept_cached already stops
# the remote action cache from answering).
"${bazel_remote[@]}" clean >"$run/logs/bazel-remote-clean.log" 2>&1

# The runner's isolation, checked first (e2e/remote/isolation.BUILD): what
# an action sees, and an action reading an undeclared file must fail.
t=$(now)
mkdir -p "$ws/remote_isolation"
cp "$REMOTE_DIR/isolation.BUILD" "$ws/remote_isolation/BUILD.bazel"
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

# The demo, built and tested remotely, one FIPS version after the other.
declare -A remote_time local_time remote_line local_line
for v in "${VERSIONS[@]}"; do
  log "remote: bazel test ${TARGETS[*]} $(version_flags "$v" | tr "\n" " ")"
  t=$(now)
  rlog="$run/logs/bazel-remote-$v.log"
  if ! "${bazel_remote[@]}" test "${TARGETS[@]}" $(version_flags "$v") "${COMMON_FLAGS[@]}" "${REMOTE_FLAGS[@]}" \
      --nocache_test_results --execution_log_json_file="$run/logs/exec-remote-$v.json" >"$rlog" 2>&1; then
    tail -n 40 "$rlog" >&2
    die "the remote build or tests failed for --@fips//:version=$v (log: $REMOTE/logs/bazel-remote-$v.log)"
  fi
  remote_time[$v]=$(took "$t")
  remote_line[$v]="$(processes_line "$rlog")"
  digests remote "$v" "${bazel_remote[@]}"
done

# --- 4. The same, built locally ------------------------------------------------
# Its own output root (so its own Bazel server), cleaned, no disk or remote
# cache: every action runs here, in Bazel's local sandbox.
"${bazel_local[@]}" clean >"$run/logs/bazel-local-clean.log" 2>&1
for v in "${VERSIONS[@]}"; do
  log "local: bazel build ${TARGETS[*]} $(version_flags "$v" | tr "\n" " ")"
  t=$(now)
  llog="$run/logs/bazel-local-$v.log"
  if ! "${bazel_local[@]}" build "${TARGETS[@]}" $(version_flags "$v") "${COMMON_FLAGS[@]}" \
      --execution_log_json_file="$run/logs/exec-local-$v.json" >"$llog" 2>&1; then
    tail -n 40 "$llog" >&2
    die "the local build failed for --@fips//:version=$v"
  fi
  local_time[$v]=$(took "$t")
  local_line[$v]="$(processes_line "$llog")"
  digests local "$v" "${bazel_local[@]}"
done

# --- Summary -----------------------------------------------------------------
failed=0
echo
echo "=== Remote execution: BuildGrid $("$VENV/bin/pip" show buildgrid 2>/dev/null | awk '/^Version/ {print $2}') on $ENDPOINT;" \
  "worker: Debian sid $(paste -sd, "$WORKER_ROOT/.fips-remote-complete" | sed 's/,/, /g'), buildbox-run-bubblewrap"
echo "--- isolation: an action sees only its inputs and the image's /usr, /bin, /lib, /lib64 (read-only);" \
  "no /etc, /work, /root, /home, /var, no network; reading undeclared /etc/debian_version failed as it must  [$t_isolation]"
for v in "${VERSIONS[@]}"; do
  echo "--- --@fips//:version=$v"
  echo "  remote: ${remote_line[$v]}  [${remote_time[$v]}]"
  grep -E '^//.* (PASSED|FAILED|NO STATUS)' "$run/logs/bazel-remote-$v.log" | sed 's/^/    test /' || true
  echo "  spawns of the remote build, from its execution log:"
  python3 "$REMOTE_DIR/summarize.py" spawns "$run/logs/exec-remote-$v.json" || failed=1
  # Bazel's own summary must name no strategy but remote (and internal:
  # Bazel writing files itself, not a spawn).
  if ! only_remote "${remote_line[$v]}"; then
    echo "  FAIL: Bazel's summary names a strategy other than remote: ${remote_line[$v]:-(none)}"
    failed=1
  fi
  echo "  local:  ${local_line[$v]}  [${local_time[$v]}]"
  echo "  outputs (sha256, remote vs local):"
  python3 "$REMOTE_DIR/summarize.py" compare "$run/logs/exec-remote-$v.json" "$run/logs/exec-local-$v.json" || failed=1
  while read -r label file rsum; do
    lsum="$(awk -v l="$label" -v f="$file" '$1 == l && $2 == f { print $3 }' "$run/out/local-$v.sha256")"
    if [ "$rsum" = "$lsum" ]; then verdict=identical; else verdict=DIFFERENT; failed=1; fi
    printf '    %-26s %-14s %s\n' "$label" "$file" "$verdict"
    printf '      remote %s\n      local  %s\n' "$rsum" "${lsum:-(missing)}"
  done <"$run/out/remote-$v.sha256"
done
echo "--- timings: provision $t_provision, services up $t_services, isolation checks $t_isolation, total $(took "$t_start")"
if [ "$failed" = 0 ]; then
  echo "VERDICT: PASS: every action ran remotely in the bubblewrap runner, and the remote outputs are bit-identical to the local ones"
else
  echo "VERDICT: FAIL (see above; logs in $REMOTE/logs/)"
fi
exit "$failed"
