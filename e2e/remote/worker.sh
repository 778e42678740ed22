#!/bin/bash
# The remote worker, run by e2e/remote/run.sh inside the worker root (a
# minimal Debian sid with buildbox): buildbox-casd, the worker's local CAS
# and stager, and buildbox-worker, which takes jobs from bgd and runs each
# in buildbox-run-bubblewrap.
#   worker.sh RUN_DIR CONCURRENT_JOBS
# Both run in this one mount namespace: casd stages each action's input
# root where the runner must see it. Their PIDs (host PIDs: the root is
# entered without a PID namespace) go to RUN_DIR/pids/, which run.sh uses to
# stop them.
set -euo pipefail
run="$1" jobs="$2"
endpoint=http://127.0.0.1:50051

buildbox-casd --cas-remote="$endpoint" --bind="unix:$run/casd.sock" --log-level=warning \
  "$run/casd" >>"$run/logs/casd.log" 2>&1 &
echo $! >"$run/pids/casd"
for _ in $(seq 100); do [ -S "$run/casd.sock" ] && break; sleep 0.1; done
[ -S "$run/casd.sock" ] || { echo "buildbox-casd did not open $run/casd.sock" >&2; exit 1; }

# The runner isolates every action: a fresh root made of the action's staged
# inputs, no network (bubblewrap's own namespaces), and only the image's
# /usr, /bin, /lib and /lib64 bound read-only. Nothing else of the machine
# is there, so an action that reads a file it did not declare fails.
# Debian's /bin, /lib and /lib64 are symlinks into /usr; the runner would
# pass their relative targets to bwrap, so each is bound from its real path.
runner_args=()
for d in /usr /bin /lib /lib64; do runner_args+=("--runner-arg=--ro-bind-mount=$(readlink -f "$d"):$d"); done

buildbox-worker --bots-remote="$endpoint" --cas-remote="unix:$run/casd.sock" \
  --buildbox-run=/usr/bin/buildbox-run-bubblewrap "${runner_args[@]}" \
  --concurrent-jobs="$jobs" --platform OSFamily=linux --platform ISA=x86-64 \
  --log-level=warning fips-remote-worker >>"$run/logs/worker.log" 2>&1 &
echo $! >"$run/pids/worker"

# Return when either daemon exits (run.sh stops both by PID).
wait -n
