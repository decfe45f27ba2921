#!/usr/bin/env bash
# A private OpenSSH server on a loopback port whose sessions reach a private engine, for the
# remote-engine tests: its own host keys, client keys, authorized key, known_hosts, client config
# and log, all in one folder; stopped by its pid (and its sessions by theirs).
#
#   eval "$(bash scripts/sshd.sh start unix:///…/docker.sock)"   # exports DN_SSH_DIR and DN_SSH_PORT
#   bash scripts/sshd.sh halt DIR                  # stops the server and every session it has
#   bash scripts/sshd.sh resume DIR [HOSTKEY]      # starts it again on the same port (HOSTKEY:
#                                                  # host_ed25519, or host2_ed25519 for a changed key)
#   bash scripts/sshd.sh stop DIR                  # halt, then remove DIR
#
# In DIR: id_ed25519 (authorized), refused_ed25519 (not), known_hosts (the first host key as
# [127.0.0.1]:PORT), ssh_config (uses only these files, never ~/.ssh), sshd.log (logins and refusals).
set -euo pipefail

log() { echo "[sshd] $*" >&2; }

ensure_packages() {
  [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ]; then
    log "installing openssh-server and openssh-client with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server openssh-client >&2
  else
    log "needs Debian's OpenSSH server: sudo apt-get install -y openssh-server"
    exit 1
  fi
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

launch() {
  local d=$1 key=${2:-host_ed25519} port engine
  port=$(cat "$d/port")
  engine=$(cat "$d/engine")
  mkdir -p /run/sshd
  # -f /dev/null: none of the machine's sshd_config; everything this server does is said here.
  /usr/sbin/sshd -f /dev/null -h "$d/$key" -p "$port" -E "$d/sshd.log" \
    -o ListenAddress=127.0.0.1 -o PidFile="$d/sshd.pid" -o AuthorizedKeysFile="$d/authorized_keys" \
    -o StrictModes=no -o PermitRootLogin=prohibit-password -o UsePAM=no \
    -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no -o LogLevel=VERBOSE \
    -o "SetEnv=DOCKER_HOST=$engine"
  for _ in $(seq 1 100); do
    if [ -s "$d/sshd.pid" ] && python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then
      echo "$key" >"$d/hostkey"
      return 0
    fi
    sleep 0.1
  done
  log "sshd did not start; its log:"
  tail -n 20 "$d/sshd.log" >&2 || true
  return 1
}

start() {
  local engine=${1:?usage: sshd.sh start ENGINE_HOST}
  ensure_packages
  if [ "$(id -u)" != 0 ]; then log "sshd needs root"; exit 1; fi
  local d port
  d=$(mktemp -d /tmp/dn-sshd.XXXXXX)
  chmod 700 "$d"
  for k in host_ed25519 host2_ed25519 id_ed25519 refused_ed25519; do
    ssh-keygen -q -t ed25519 -N '' -C "dn-$k" -f "$d/$k"
  done
  cp "$d/id_ed25519.pub" "$d/authorized_keys"
  port=$(free_port)
  echo "$port" >"$d/port"
  echo "$engine" >"$d/engine"
  echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$d/host_ed25519.pub")" >"$d/known_hosts"
  # The client side of the tests: only this folder's keys and known hosts.
  cat >"$d/ssh_config" <<CONF
Host *
  UserKnownHostsFile $d/known_hosts
  GlobalKnownHostsFile /dev/null
  IdentityFile $d/id_ed25519
  IdentitiesOnly yes
  IdentityAgent none
CONF
  if ! launch "$d"; then rm -rf "$d"; exit 1; fi
  log "listening on 127.0.0.1:$port, sessions reach $engine"
  echo "export DN_SSH_DIR=$d"
  echo "export DN_SSH_PORT=$port"
}

halt() {
  local d=$1 pid child
  pid=$(cat "$d/sshd.pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  # Each connection is a child of the listener. Freeze the listener first, so that a client that
  # reconnects the moment its session ends is not accepted (and left running as an orphan) while
  # the others are being stopped; then stop its children by their pids, then the listener.
  kill -STOP "$pid" 2>/dev/null || true
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill -TERM "$child" 2>/dev/null || true; done
  kill -TERM "$pid" 2>/dev/null || true
  kill -CONT "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$d/sshd.pid"
}

stop() {
  local d=${1:?no folder given}
  case "$d" in /tmp/dn-sshd.*) ;; *) log "refusing to stop $d: not a private sshd folder"; return 1 ;; esac
  [ -d "$d" ] || return 0
  halt "$d"
  rm -rf "$d"
  log "stopped and removed $d"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  halt) halt "${2:?no folder given}" ;;
  resume) launch "${2:?no folder given}" "${3:-host_ed25519}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start ENGINE_HOST | halt DIR | resume DIR [HOSTKEY] | stop DIR" >&2; exit 2 ;;
esac
