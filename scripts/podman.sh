#!/usr/bin/env bash
# A private Podman engine serving the Docker-compatible API on its own socket, with its own storage,
# network configuration and run folder: the tests use it to prove Podman works as an engine.
#
#   dir=$(bash scripts/podman.sh start)   # prints its folder; the socket is $dir/podman.sock
#   bash scripts/podman.sh stop DIR       # removes its containers, stops it by its pid, deletes DIR
set -euo pipefail

log() { echo "[podman] $*" >&2; }

podman_in() {
  local d=$1
  shift
  CONTAINERS_CONF=$d/containers.conf podman --root "$d/root" --runroot "$d/run" \
    --network-config-dir "$d/net" --tmpdir "$d/tmp" "$@"
}

start() {
  if ! command -v podman >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      log "installing podman with apt-get"
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman >&2
    else
      log "needs Podman: sudo apt-get install -y podman"
      exit 1
    fi
  fi
  local d
  d=$(mktemp -d /tmp/dn-podman.XXXXXX)
  mkdir -p "$d/net" "$d/tmp"
  # Podman's default limits exceed what some sandboxes allow; events go to a file, not journald.
  cat >"$d/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
events_logger = "file"
CONF
  # exec, so the pid recorded is Podman's own.
  (CONTAINERS_CONF=$d/containers.conf exec podman --root "$d/root" --runroot "$d/run" --network-config-dir "$d/net" \
    --tmpdir "$d/tmp" system service --time=0 "unix://$d/podman.sock" >"$d/service.log" 2>&1 </dev/null) &
  echo $! >"$d/service.pid"
  for _ in $(seq 1 60); do
    [ -S "$d/podman.sock" ] && DOCKER_HOST=unix://$d/podman.sock docker version >/dev/null 2>&1 && break
    sleep 0.25
  done
  if ! DOCKER_HOST=unix://$d/podman.sock docker version >/dev/null 2>&1; then
    log "the Podman service did not come up:"; tail -n 20 "$d/service.log" >&2; stop "$d"; exit 1
  fi
  local r=$d/tiny
  mkdir -p "$r/bin"
  cp /bin/busybox "$r/bin/busybox"
  for c in sh sleep ip cat; do ln -sf busybox "$r/bin/$c"; done
  tar -C "$r" -c . | DOCKER_HOST=unix://$d/podman.sock docker import - tiny:latest >/dev/null
  rm -rf "$r"
  log "ready: unix://$d/podman.sock"
  echo "$d"
}

stop() {
  local d=$1
  case "$d" in /tmp/dn-podman.*) ;; *) log "refusing to stop $d: not a private Podman folder"; return 1 ;; esac
  [ -d "$d" ] || return 0
  # Podman's containers are not children of the service: remove them (and their networks) first.
  podman_in "$d" rm -af -t 0 >/dev/null 2>&1 || true
  podman_in "$d" network prune -f >/dev/null 2>&1 || true
  local pid
  pid=$(cat "$d/service.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  { grep -o " $d[^ ]*" /proc/self/mounts 2>/dev/null || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$d"
  log "stopped and removed $d"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?folder}" ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
