"""Reads the execution logs Bazel wrote (--execution_log_json_file, a stream
of JSON objects, one per spawn) for e2e/remote/run.sh.

    python3 summarize.py spawns LOG
        per mnemonic, how many spawns ran where; exits 1 when any spawn was
        not executed remotely (a local run, a fallback, a cache hit) or there
        were none.
    python3 summarize.py compare REMOTE_LOG LOCAL_LOG
        the SHA-256 of every output file of every action both builds ran
        (intermediate ones too: the standard library's archives, each
        package's archive); exits 1 when any differs or none are shared.
    python3 summarize.py cached LOG
        one line: `SPAWNS HITS EXECUTED BYTES`, the spawns a build with a
        cache ran, how many the cache answered, how many were executed, and
        the bytes of the outputs the hits brought (what was downloaded).

Standalone (the e2e suite's conftest has the same reader, but needs pytest).
"""

import collections
import json
import sys


def spawns(path):
    text, decoder, pos = open(path).read(), json.JSONDecoder(), 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        spawn, pos = decoder.raw_decode(text, pos)
        yield spawn


def where_spawns_ran(path):
    by_mnemonic = collections.Counter()
    not_remote = []
    for s in spawns(path):
        runner = s.get("runner", "?")
        if s.get("cacheHit") or s.get("remoteCacheHit"):
            runner += " (cache hit)"
        by_mnemonic[(s.get("mnemonic", "?"), runner)] += 1
        if runner != "remote":
            not_remote.append(f"{s.get('mnemonic')} {s.get('targetLabel', '')} ran on {runner!r}")
    total = sum(by_mnemonic.values())
    for (mnemonic, runner), n in sorted(by_mnemonic.items()):
        print(f"    {mnemonic:<20} {n:>4}  {runner}")
    print(f"    {'total':<20} {total:>4}  spawns, {total - len(not_remote)} executed remotely")
    for line in not_remote:
        print(f"    NOT REMOTE: {line}")
    return 1 if not_remote or total == 0 else 0


def outputs(path):
    """exec-root path -> SHA-256 of every output file, and the number of spawns."""
    digests, n = {}, 0
    for s in spawns(path):
        n += 1
        for output in s.get("actualOutputs", []):
            digests[output["path"]] = output.get("digest", {}).get("hash")
    return digests, n


def compare(remote_log, local_log):
    remote, _ = outputs(remote_log)
    local, _ = outputs(local_log)
    common = sorted(set(remote) & set(local))
    differing = [p for p in common if remote[p] != local[p]]
    # Only the remote build runs the tests: their logs have no local twin.
    only_remote = len(set(remote) - set(local))
    only_local = len(set(local) - set(remote))
    print(f"    every output of every action both builds ran: {len(common) - len(differing)} of "
          f"{len(common)} files identical (remote only: {only_remote}, test logs; local only: {only_local})")
    for p in differing[:20]:
        print(f"    DIFFERENT: {p}\n      remote {remote[p]}\n      local  {local[p]}")
    return 1 if differing or not common or only_local else 0


def cached(path):
    total = hits = size = 0
    for s in spawns(path):
        total += 1
        # Bazel 7 writes cacheHit (disk and remote cache), older ones remoteCacheHit.
        if s.get("cacheHit") or s.get("remoteCacheHit"):
            hits += 1
            size += sum(int(o.get("digest", {}).get("sizeBytes", 0)) for o in s.get("actualOutputs", []))
    print(total, hits, total - hits, size)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "cached":
        sys.exit(cached(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "spawns":
        sys.exit(where_spawns_ran(sys.argv[2]))
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    sys.exit(__doc__)
