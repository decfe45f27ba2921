#!/usr/bin/env bash
# A private image registry on a loopback port (Debian's docker-registry, the CNCF Distribution
# registry), so the tests can pull an image for real with no internet: the helper image that a
# diagnosis asks before pulling. Its storage, config, log and pid in one folder; stopped by its pid.
#
#   eval "$(bash scripts/registry.sh start unix:///…/docker.sock)"   # exports DN_REGISTRY (host:port)
#                                       # and DN_REGISTRY_DIR; pushes tiny:latest as $DN_REGISTRY/dn/tiny:latest
#   bash scripts/registry.sh stop DIR
#
# Engines treat registries on 127.0.0.0/8 as insecure (plain HTTP) by default: nothing to configure.
set -euo pipefail

log() { echo "[registry] $*" >&2; }

ensure_package() {
  command -v docker-registry >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ]; then
    log "installing docker-registry with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >&2
  else
    log "needs Debian's docker-registry: sudo apt-get install -y docker-registry"
    exit 1
  fi
}

up() {
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$1/v2/', timeout=1)" >/dev/null 2>&1
}

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(('127.0.0.1', 0))
print(s.getsockname()[1])
s.close()
PY
}

start() {
  local engine=${1:?usage: registry.sh start ENGINE_HOST}
  ensure_package
  local dir port
  dir=$(mktemp -d /tmp/dn-registry.XXXXXX)
  port=$(free_port)
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
  setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  for _ in $(seq 1 100); do
    up "$port" && break
    sleep 0.1
  done
  if ! up "$port"; then
    log "did not start; its log:"; cat "$dir/registry.log" >&2
    stop "$dir"; exit 1
  fi
  DOCKER_HOST=$engine docker tag tiny:latest "127.0.0.1:$port/dn/tiny:latest"
  DOCKER_HOST=$engine docker push -q "127.0.0.1:$port/dn/tiny:latest" >/dev/null
  DOCKER_HOST=$engine docker rmi "127.0.0.1:$port/dn/tiny:latest" >/dev/null
  log "ready: 127.0.0.1:$port (dn/tiny:latest) in $dir"
  echo "export DN_REGISTRY=127.0.0.1:$port"
  echo "export DN_REGISTRY_DIR=$dir"
}

stop() {
  local dir=${1:?usage: registry.sh stop DIR}
  [ -d "$dir" ] || return 0
  if [ -f "$dir/pid" ]; then
    local pid; pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: registry.sh start ENGINE_HOST | stop DIR" >&2; exit 2 ;;
esac
