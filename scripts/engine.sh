#!/usr/bin/env bash
# A private Docker engine for the tests, the bench and the demo: its own socket, data and exec root
# under one temporary folder, never the user's engine. Stopped by its pid, folder removed.
#
#   eval "$(bash scripts/engine.sh start)"   # starts it; exports DOCKER_HOST and DN_ENGINE_DIR
#   bash scripts/engine.sh start --swarm     # the same, then `docker swarm init` (one swarm engine per machine)
#   bash scripts/engine.sh start --tls       # also on tcp://127.0.0.1:PORT with --tlsverify; exports
#                                            # DN_TLS_HOST and DN_TLS_DIR (certificates made here); and on
#                                            # 127.0.0.2:PORT, an address its certificate does not name
#   bash scripts/engine.sh start --pool=base=10.99.240.0/24,size=28
#                                            # its own default address pool (an engine that runs out)
#   bash scripts/engine.sh stop [DIR]        # stops the engine of DIR (default: $DN_ENGINE_DIR)
#   bash scripts/engine.sh env [DIR]         # prints the exports again
#   bash scripts/engine.sh halt DIR          # stops its dockerd by pid, keeps its data (fault tests)
#   bash scripts/engine.sh resume DIR        # starts that dockerd again on the same socket and data
set -euo pipefail

log() { echo "[engine] $*" >&2; }

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    log "installing ${missing[*]} with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    log "a private engine needs these Debian packages and root: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
}

print_env() {
  local d=$1
  echo "export DOCKER_HOST=unix://$d/docker.sock"
  echo "export DN_ENGINE_DIR=$d"
  if [ -f "$d/tls-port" ]; then
    echo "export DN_TLS_HOST=tcp://127.0.0.1:$(cat "$d/tls-port")"
    echo "export DN_TLS_DIR=$d/tls"
  fi
}

# Certificates for a TLS engine and its tests, in DIR/tls:
#   ca.pem, server-cert.pem, server-key.pem   the engine's (its certificate names only IP 127.0.0.1)
#   client/{ca,cert,key}.pem                  a client the engine accepts (a DOCKER_CERT_PATH)
#   wrong-ca/{ca,cert,key}.pem                the right client certificate, but a CA that did not sign the engine's
#   wrong-client/{ca,cert,key}.pem            the right CA, but a client certificate from another CA
#   expired-client/{ca,cert,key}.pem          the right CA, a client certificate that expired in 2020
make_tls() {
  local t=$1/tls
  mkdir -p "$t/client" "$t/wrong-ca" "$t/wrong-client" "$t/expired-client" "$t/ca-db/new"
  (
    cd "$t"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj /CN=dn-test-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj /CN=dn-other-ca -keyout other-ca-key.pem -out other-ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3 -extfile server.ext -out server-cert.pem 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl req -newkey rsa:2048 -nodes -subj /CN=dn-client -keyout client/key.pem -out client.csr 2>/dev/null
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3 -extfile client.ext -out client/cert.pem 2>/dev/null
    cp ca.pem client/ca.pem
    cp other-ca.pem wrong-ca/ca.pem
    cp client/cert.pem client/key.pem wrong-ca/
    openssl req -newkey rsa:2048 -nodes -subj /CN=dn-stranger -keyout wrong-client/key.pem -out stranger.csr 2>/dev/null
    openssl x509 -req -in stranger.csr -CA other-ca.pem -CAkey other-ca-key.pem -CAcreateserial -days 3 -extfile client.ext -out wrong-client/cert.pem 2>/dev/null
    cp ca.pem wrong-client/ca.pem
    # An expired certificate needs dates in the past, which only `openssl ca` sets.
    touch ca-db/index.txt
    printf '[ca]\ndefault_ca=dn\n[dn]\ndatabase=ca-db/index.txt\nnew_certs_dir=ca-db/new\nserial=ca-db/serial\ndefault_md=sha256\npolicy=any\nunique_subject=no\n[any]\ncommonName=supplied\n[ext]\nextendedKeyUsage=clientAuth\n' >ca.cnf
    echo 1000 >ca-db/serial
    openssl req -newkey rsa:2048 -nodes -subj /CN=dn-expired -keyout expired-client/key.pem -out expired.csr 2>/dev/null
    openssl ca -batch -config ca.cnf -extensions ext -cert ca.pem -keyfile ca-key.pem -startdate 20200101000000Z -enddate 20200102000000Z \
      -in expired.csr -out expired-client/cert.pem 2>/dev/null
    cp ca.pem expired-client/ca.pem
    rm -f ./*.csr ./*.ext ./*.srl ca.cnf
  )
  [ -s "$t/expired-client/cert.pem" ] && [ -s "$t/server-cert.pem" ]
}

# A free port in the range swarm accepts for its VXLAN data path (1024-49151).
free_port() {
  python3 - "$1" <<'PY'
import random, socket, sys
kind = socket.SOCK_DGRAM if sys.argv[1] == 'udp' else socket.SOCK_STREAM
for port in random.sample(range(4790, 49151), 200):
    s = socket.socket(socket.AF_INET, kind)
    try:
        s.bind(('0.0.0.0', port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
PY
}

wait_ready() {
  local d=$1 i
  for i in $(seq 1 120); do
    if DOCKER_HOST=unix://$d/docker.sock docker version >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$d/docker.pid" 2>/dev/null || echo 0)" 2>/dev/null && [ "$i" -gt 10 ]; then break; fi
    sleep 0.5
  done
  log "dockerd did not come up; the end of its log:"
  tail -n 30 "$d/dockerd.log" >&2 || true
  return 1
}

import_tiny() {
  local d=$1 r=$1/tiny
  mkdir -p "$r/bin" "$r/etc" "$r/tmp"
  cp /bin/busybox "$r/bin/busybox"
  for c in sh sleep ip ping nc wget cat hostname ifconfig nslookup netstat timeout true echo ls; do ln -sf busybox "$r/bin/$c"; done
  echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"
  tar -C "$r" -c . | DOCKER_HOST=unix://$d/docker.sock docker import --change 'CMD ["/bin/sh"]' - tiny:latest >/dev/null
  rm -rf "$r"
}

launch() {
  local d=$1 cmd=()
  mapfile -t cmd <"$d/command"
  setsid "${cmd[@]}" >>"$d/dockerd.log" 2>&1 </dev/null &
  echo $! >"$d/launcher.pid"
}

# Stops the engine of DIR by its pid and keeps everything else (the fault tests start it again).
halt() {
  local d=$1 pid
  pid=$(cat "$d/docker.pid" 2>/dev/null || cat "$d/launcher.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  log "halted the engine of $d"
}

# dockerd, restarted on a data root that has its default network, deletes the interface docker0
# whatever --bridge says, so an engine on this machine that uses docker0 (the first private
# engine, or the user's) would lose it. Note docker0's addresses and ports, and put it back.
resume() {
  local d=$1 addrs="" ports="" a p
  if [ -e /sys/class/net/docker0 ]; then
    addrs=$(ip -o addr show dev docker0 | awk '{print $4}')
    ports=$(ls /sys/class/net/docker0/brif 2>/dev/null || true)
  fi
  launch "$d"
  wait_ready "$d"
  if [ -n "$addrs" ] && [ ! -e /sys/class/net/docker0 ]; then
    ip link add docker0 type bridge
    for a in $addrs; do ip addr add "$a" dev docker0 2>/dev/null || true; done
    for p in $ports; do ip link set "$p" master docker0 2>/dev/null || true; done
    ip link set docker0 up
    log "put back docker0, which the restarted dockerd removed"
  fi
  log "resumed the engine of $d"
}

start() {
  ensure_packages
  if [ "$(id -u)" != 0 ]; then log "dockerd needs root (it creates bridges and iptables rules)"; exit 1; fi
  local d
  d=$(mktemp -d /tmp/dn-engine.XXXXXX)
  local extra=() swarm="" tls="" pool="base=10.128.0.0/9,size=24"
  for flag in "$@"; do
    case "$flag" in
      --swarm) swarm=1 ;;
      --tls) tls=1 ;;
      --pool=base=*,size=*) pool=${flag#--pool=} ;;
      "") ;;
      *) log "unknown option $flag"; exit 2 ;;
    esac
  done
  if [ -n "$tls" ]; then
    command -v openssl >/dev/null 2>&1 || { log "--tls needs openssl"; rm -rf "$d"; exit 1; }
    if ! make_tls "$d"; then log "making the TLS certificates failed"; rm -rf "$d"; exit 1; fi
    local tls_port
    tls_port=$(free_port tcp)
    echo "$tls_port" >"$d/tls-port"
    extra+=(-H "tcp://127.0.0.1:$tls_port" -H "tcp://127.0.0.2:$tls_port" --tlsverify --tlscacert "$d/tls/ca.pem" --tlscert "$d/tls/server-cert.pem" --tlskey "$d/tls/server-key.pem")
  fi
  # Another engine on this machine owns docker0 (and maybe containerd): keep out of its way.
  # A docker0 that an earlier private engine left behind is reused.
  local other=""
  if [ -S /var/run/docker.sock ] && DOCKER_HOST=unix:///var/run/docker.sock timeout 5 docker version >/dev/null 2>&1; then other=1; fi
  if [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then other=1; fi
  if ps -C dockerd >/dev/null 2>&1; then other=1; fi   # another dockerd, e.g. a second private engine
  [ -e /sys/class/net/docker0 ] || touch "$d/made-docker0"
  if [ -n "$other" ]; then
    local br="dn${d##*.}"
    br=${br:0:15}
    ip link add "$br" type bridge
    ip addr add "10.127.$((RANDOM % 250)).1/24" dev "$br"
    ip link set "$br" up
    echo "$br" >"$d/bridge"
    extra+=(--bridge "$br")
  fi
  if [ -S /run/containerd/containerd.sock ]; then
    extra+=(--containerd-namespace "dn-${d##*.}" --containerd-plugins-namespace "dn-${d##*.}-plugins")
  fi
  # The command line is kept so `halt` and `resume` can stop and start this same engine.
  printf '%s\n' dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/docker.pid" \
    -H "unix://$d/docker.sock" --default-address-pool "$pool" \
    --shutdown-timeout 2 "${extra[@]}" >"$d/command"
  log "starting dockerd in $d"
  launch "$d"
  if ! wait_ready "$d"; then stop "$d"; exit 1; fi
  import_tiny "$d"
  if [ -n "$swarm" ]; then
    # Its own loopback address (gossip binds 7946 on it) and VXLAN port, so another swarm on this
    # machine (the user's, or a second private one) does not clash.
    local addr data_port
    addr=127.0.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 2))
    data_port=$(free_port udp)
    # The gateway bridge of swarm is made before `swarm init` so it can have its own interface name
    # instead of docker_gwbridge, which another swarm engine on this machine may own.
    local gw="dngw${d##*.}"
    echo "${gw:0:15}" >"$d/gwbridge"
    if ! DOCKER_HOST=unix://$d/docker.sock docker network create --opt "com.docker.network.bridge.name=${gw:0:15}" \
      --opt com.docker.network.bridge.enable_icc=false --opt com.docker.network.bridge.enable_ip_masquerade=true \
      docker_gwbridge >/dev/null || ! DOCKER_HOST=unix://$d/docker.sock docker swarm init --advertise-addr "$addr" \
      --listen-addr "$addr:2377" --data-path-port "$data_port" >/dev/null; then
      stop "$d"
      exit 1
    fi
    log "swarm initialised (single manager on $addr)"
  fi
  log "ready: DOCKER_HOST=unix://$d/docker.sock"
  print_env "$d"
}

# dockerd leaves the iptables rules of the networks that exist when it stops. Rules that name a
# Docker bridge interface (docker0, br-<id>, or this script's dn…) that no longer exists are
# stale: drop them, table by table, leaving every other rule (other engines' included) alone.
prune_rules() {
  command -v iptables-save >/dev/null 2>&1 || return 0
  local table
  for table in filter nat; do
    iptables-save -t "$table" 2>/dev/null | python3 -c '
import os, re, sys
rules = sys.stdin.read().splitlines()
names = re.compile(r"(?<![\w-])(docker0|docker_gwbridge|br-[0-9a-f]{12}|dn[A-Za-z0-9]{4,13})(?![\w-])")
def stale(line):
    return line.startswith("-A ") and any(not os.path.exists("/sys/class/net/" + n) for n in names.findall(line))
kept = [r for r in rules if not stale(r)]
if len(kept) != len(rules):
    sys.stderr.write(f"[engine] removing {len(rules) - len(kept)} stale iptables rules ({sys.argv[1]})\n")
    print("\n".join(kept))
' "$table" >"/tmp/dn-rules.$$" || true
    if [ -s "/tmp/dn-rules.$$" ]; then iptables-restore -T "$table" <"/tmp/dn-rules.$$" 2>/dev/null || iptables-restore <"/tmp/dn-rules.$$" || true; fi
    rm -f "/tmp/dn-rules.$$"
  done
}

stop() {
  local d=${1:-${DN_ENGINE_DIR:-}}
  if [ -z "$d" ] || [ ! -d "$d" ]; then log "no engine folder to stop"; return 0; fi
  case "$d" in /tmp/dn-engine.*) ;; *) log "refusing to stop $d: not a private engine folder"; return 1 ;; esac
  # The engine leaves the bridges of networks that still exist; note them to remove afterwards.
  # One quick list call (inspecting a thousand networks would not be quick): a bridge network's
  # interface is br-<first 12 of its ID>; the default one and swarm's gateway have their own names.
  local bridges=""
  if [ -S "$d/docker.sock" ]; then
    bridges=$(DOCKER_HOST=unix://$d/docker.sock timeout 60 docker network ls --no-trunc --filter driver=bridge --format '{{.ID}} {{.Name}}' 2>/dev/null |
      while read -r id name; do
        case "$name" in bridge | docker_gwbridge) ;; *) echo "br-${id:0:12}" ;; esac
      done) || true
  fi
  [ -f "$d/gwbridge" ] && bridges="$bridges $(cat "$d/gwbridge")"
  local pid
  pid=$(cat "$d/docker.pid" 2>/dev/null || cat "$d/launcher.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "dockerd $pid did not stop; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  # A dockerd killed with running containers leaves their containerd shims (and the containers)
  # running: stop those of this engine by pid, children first.
  local shim
  for shim in $(ps -eo pid=,args= 2>/dev/null | awk -v d="$d/" 'index($0, "containerd-shim") && index($0, d) {print $1}'); do
    for child in $(ps -o pid= --ppid "$shim" 2>/dev/null); do kill -KILL "$child" 2>/dev/null || true; done
    kill -KILL "$shim" 2>/dev/null || true
  done
  # Mounts the engine left behind (overlay layers, netns files) would keep the folder busy.
  { grep -o " $d[^ ]*" /proc/self/mounts 2>/dev/null || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  if [ -f "$d/bridge" ]; then ip link del "$(cat "$d/bridge")" 2>/dev/null || true; fi
  # docker0 and docker_gwbridge go only when no other engine remains that may use them.
  local others=""
  if ps -C dockerd >/dev/null 2>&1; then others=1; fi
  if [ -f "$d/made-docker0" ] && [ -z "$others" ]; then ip link del docker0 2>/dev/null || true; fi
  # A veth pair with both ends still in this namespace (`ip` shows it as vethA@vethB) is one dockerd
  # made for a container and never moved into it (a start cut short by a stop). With no engine
  # left, none will: delete them. A pair whose other end is in a container shows as vethA@ifN.
  if [ -z "$others" ]; then
    local l
    for l in $(ip -o link show type veth 2>/dev/null | awk -F': ' '$2 ~ /^veth[0-9a-f]+@veth[0-9a-f]+$/ {print $2}'); do
      ip link del "${l%@*}" 2>/dev/null || true
    done
  fi
  for b in $bridges; do
    if [ -n "$others" ] && { [ "$b" = docker0 ] || [ "$b" = docker_gwbridge ]; }; then continue; fi
    [ -e "/sys/class/net/$b" ] && ip link del "$b" 2>/dev/null || true
  done
  rm -rf "$d"
  prune_rules
  log "stopped and removed $d"
}

# Sourced (by swarm-world.sh) for its helpers: define them and stop here.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then return 0; fi

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop "${2:-}" ;;
  env) print_env "${2:-${DN_ENGINE_DIR:?no engine folder given}}" ;;
  halt) halt "${2:?no engine folder given}" ;;
  resume) resume "${2:?no engine folder given}" ;;
  *) echo "usage: $0 start|stop [DIR]|env [DIR]|halt DIR|resume DIR" >&2; exit 2 ;;
esac
