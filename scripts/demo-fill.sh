#!/usr/bin/env bash
# Fills an engine (DOCKER_HOST) with a few demo networks and containers. Only ever run against the
# private engine scripts/engine.sh started.
set -euo pipefail
case "${DOCKER_HOST:-}" in unix:///tmp/dn-engine.*) ;; *) echo "demo-fill: only for the private engine" >&2; exit 1 ;; esac
d() { docker "$@" >/dev/null; }
d network create --subnet 10.201.1.0/24 --label com.docker.compose.project=shop shop_frontend
d network create --subnet 10.201.2.0/24 --internal --label com.docker.compose.project=shop shop_backend
d network create --ipv6 --subnet 10.201.3.0/24 --subnet fd00:dead:beef::/48 lab-ipv6
d network create --attachable --subnet 172.21.0.0/16 my_network
d run -d --name shop-web --network shop_frontend --ip 10.201.1.10 tiny:latest sleep infinity
d network connect --alias web shop_backend shop-web
d run -d --name shop-api --network shop_backend --network-alias api tiny:latest sleep infinity
d create --name shop-db --network shop_backend tiny:latest sleep infinity
d run -d --name shop-worker --network shop_backend tiny:latest sleep 1
d run -d --name lab-probe --network lab-ipv6 tiny:latest sleep infinity
d run -d --name sidecar --network container:shop-api tiny:latest sleep infinity
# With DN_DEMO_POOL_NETWORKS=N: networks that take their subnet from the engine's default pool, as
# Compose's do (a Compose project's two, then N more), for the address space.
if [ -n "${DN_DEMO_POOL_NETWORKS:-}" ]; then
  d network create --label com.docker.compose.project=blog blog_default
  d network create --label com.docker.compose.project=blog blog_db
  d run -d --name blog-web --network blog_default tiny:latest sleep infinity
  for i in $(seq 1 "$DN_DEMO_POOL_NETWORKS"); do d network create "ci-job-$i"; done
fi
echo "demo-fill: $(docker network ls -q | wc -l) networks, $(docker ps -aq | wc -l) containers" >&2
