#!/usr/bin/env bash
# A three-node Docker Swarm on one machine, for the multi-node tests and the demo: three private
# engines, each `dockerd` in its own network namespace (and its own hostname), joined by veth pairs
# to a bridge this script makes. Node 1 inits the swarm, node 2 joins as a second manager, node 3 as
# a worker. Addresses come from 10.99.213.0/24, which exists only on that bridge and in these
# namespaces; the bridge itself has no address, so no traffic of theirs leaves them.
#
#   eval "$(bash scripts/swarm-world.sh start)"   # exports DN_NODES_DIR and DN_NODE_HOST_1..3
#   bash scripts/swarm-world.sh stop [DIR]         # stops the engines by pid, removes namespaces, links, rule
#   bash scripts/swarm-world.sh cut DIR N          # takes node N off the network (its veth down)
#   bash scripts/swarm-world.sh heal DIR N         # puts it back
#   bash scripts/swarm-world.sh env [DIR]          # prints the exports again
#
# Everything is found again from DIR: the tag in its name names the bridge, the namespaces and the
# host ends of the veths; each node's folder (DIR/nN) has the layout of an engine.sh folder.
set -euo pipefail
# shellcheck source=engine.sh
source "$(dirname "$0")/engine.sh"

log() { echo "[swarm] $*" >&2; }

NODES=3
SUBNET=10.99.213
addr_of() { echo "$SUBNET.$((10 + $1))"; }

names() {
  local d=$1 tag
  tag=${d##*.}
  tag=$(echo "$tag" | tr 'A-Z' 'a-z')
  BR="dnsb$tag"
  NS_PREFIX="dnsw$tag-n"
  VETH_PREFIX="dnsv${tag}h"
}

print_env() {
  local d=$1 i
  echo "export DN_NODES_DIR=$d"
  for i in $(seq 1 $NODES); do echo "export DN_NODE_HOST_$i=unix://$d/n$i/docker.sock"; done
}

on() { local d=$1 i=$2; shift 2; DOCKER_HOST="unix://$d/n$i/docker.sock" docker "$@"; }

start_node() {
  local d=$1 i=$2 nd=$1/n$i ns=$NS_PREFIX$i
  mkdir -p "$nd"
  ip netns add "$ns"
  ip link add "$VETH_PREFIX$i" type veth peer name eth0 netns "$ns"
  ip link set "$VETH_PREFIX$i" master "$BR" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(addr_of "$i")/24" dev eth0
  ip -n "$ns" link set eth0 up
  # nsenter keeps the mounts (`ip netns exec` remounts /sys, and dockerd then finds no cgroups);
  # unshare gives the node its own hostname, which swarm shows as the node's name.
  printf '%s\n' nsenter "--net=/var/run/netns/$ns" unshare --uts sh -c "hostname dn-node-$i && exec \"\$@\"" sh \
    dockerd --data-root "$nd/data" --exec-root "$nd/exec" --pidfile "$nd/docker.pid" \
    -H "unix://$nd/docker.sock" --shutdown-timeout 2 >"$nd/command"
  launch "$nd"
}

start() {
  ensure_packages
  if [ "$(id -u)" != 0 ]; then log "the swarm world needs root (namespaces, links, dockerd)"; exit 1; fi
  local d i t0=$SECONDS
  d=$(mktemp -d /tmp/dn-swarm.XXXXXX)
  names "$d"
  ip link add "$BR" type bridge
  ip link set "$BR" up
  # An engine in the root namespace sets the FORWARD policy to DROP; frames between the nodes
  # cross this bridge, so let them (and only them) through. Removed again by stop.
  iptables -I FORWARD -i "$BR" -o "$BR" -j ACCEPT
  touch "$d/forward-rule"
  for i in $(seq 1 $NODES); do start_node "$d" "$i"; done
  for i in $(seq 1 $NODES); do
    if ! wait_ready "$d/n$i"; then stop "$d"; exit 1; fi
  done
  local imports=()
  for i in $(seq 1 $NODES); do
    import_tiny "$d/n$i" &
    imports+=($!)
  done
  for i in "${imports[@]}"; do wait "$i"; done   # a bare `wait` would wait for the engines too
  if ! on "$d" 1 swarm init --advertise-addr "$(addr_of 1)" --dispatcher-heartbeat 1s >/dev/null; then stop "$d"; exit 1; fi
  local manager worker
  manager=$(on "$d" 1 swarm join-token -q manager)
  worker=$(on "$d" 1 swarm join-token -q worker)
  if ! on "$d" 2 swarm join --advertise-addr "$(addr_of 2)" --token "$manager" "$(addr_of 1):2377" >/dev/null ||
    ! on "$d" 3 swarm join --advertise-addr "$(addr_of 3)" --token "$worker" "$(addr_of 1):2377" >/dev/null; then
    stop "$d"
    exit 1
  fi
  for _ in $(seq 1 120); do
    [ "$(on "$d" 1 node ls --format '{{.Status}}' 2>/dev/null | grep -c Ready)" = $NODES ] && break
    sleep 0.5
  done
  log "$NODES nodes ready in $((SECONDS - t0)) s (managers dn-node-1, dn-node-2; worker dn-node-3) in $d"
  print_env "$d"
}

cut() {
  local d=$1 i=$2
  names "$d"
  ip link set "$VETH_PREFIX$i" down
  log "node $i cut off"
}

heal() {
  local d=$1 i=$2
  names "$d"
  ip link set "$VETH_PREFIX$i" up
  log "node $i back"
}

stop() {
  local d=${1:-${DN_NODES_DIR:-}} i pid
  if [ -z "$d" ] || [ ! -d "$d" ]; then log "no swarm folder to stop"; return 0; fi
  case "$d" in /tmp/dn-swarm.*) ;; *) log "refusing to stop $d: not a swarm world folder"; return 1 ;; esac
  names "$d"
  for i in $(seq 1 $NODES); do
    pid=$(cat "$d/n$i/docker.pid" 2>/dev/null || cat "$d/n$i/launcher.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for i in $(seq 1 $NODES); do
    pid=$(cat "$d/n$i/docker.pid" 2>/dev/null || cat "$d/n$i/launcher.pid" 2>/dev/null || true)
    [ -n "$pid" ] || continue
    # A manager leaving its raft takes a while; give it 20 s before the kill.
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then log "dockerd $pid did not stop; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  done
  # A dockerd that had to be killed leaves its containerd, shims and containers: stop every
  # process of this world by pid (what runs from its folders), children first.
  local proc child
  for proc in $(ps -eo pid=,args= 2>/dev/null | awk -v d="$d/" 'index($0, d) && !index($0, "swarm-world.sh") {print $1}'); do
    for child in $(ps -o pid= --ppid "$proc" 2>/dev/null); do kill -KILL "$child" 2>/dev/null || true; done
    kill -KILL "$proc" 2>/dev/null || true
  done
  { grep -o " $d[^ ]*" /proc/self/mounts 2>/dev/null || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  # Deleting a namespace deletes the links in it, and with them the host ends of their veths.
  for i in $(seq 1 $NODES); do
    ip netns del "$NS_PREFIX$i" 2>/dev/null || true
    ip link del "$VETH_PREFIX$i" 2>/dev/null || true
  done
  ip link del "$BR" 2>/dev/null || true
  if [ -f "$d/forward-rule" ]; then
    while iptables -D FORWARD -i "$BR" -o "$BR" -j ACCEPT 2>/dev/null; do :; done
  fi
  rm -rf "$d"
  log "stopped and removed $d"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  env) print_env "${2:-${DN_NODES_DIR:?no swarm folder given}}" ;;
  cut) cut "${2:?no swarm folder given}" "${3:?no node number given}" ;;
  heal) heal "${2:?no swarm folder given}" "${3:?no node number given}" ;;
  *) echo "usage: $0 start|stop [DIR]|env [DIR]|cut DIR N|heal DIR N" >&2; exit 2 ;;
esac
