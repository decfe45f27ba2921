#!/usr/bin/env bash
# Keeps the machine busy, to prove the test suite holds when other work competes for the CPU:
#   bash scripts/busy.sh start [N]   starts N busy processes (default: one per core), prints a pid file
#   bash scripts/busy.sh stop FILE   stops exactly those processes (by pid, never by name)
# Each process spins at normal priority, like a build or a second test run on the same machine.
# Example: f=$(bash scripts/busy.sh start); CI=true bash .ci/run; bash scripts/busy.sh stop "$f"
set -euo pipefail
case "${1:-}" in
  start)
    n=${2:-$(nproc)}
    file=$(mktemp /tmp/dn-busy.XXXXXX)
    for _ in $(seq "$n"); do
      # A subshell spinning on arithmetic: 100 % of one core, no memory, no I/O.
      setsid bash -c 'i=0; while :; do i=$(( (i + 1) % 1000003 )); done' </dev/null >/dev/null 2>&1 &
      echo $! >>"$file"
    done
    echo "$file"
    ;;
  stop)
    file=${2:?usage: busy.sh stop PIDFILE}
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$file"
    rm -f "$file"
    ;;
  *)
    echo "usage: busy.sh start [N] | stop PIDFILE" >&2
    exit 2
    ;;
esac
