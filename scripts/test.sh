#!/usr/bin/env bash
# Runs every test layer, complete on a fresh machine: installs what it needs, starts a private
# Docker engine (never the user's), runs unit → engine → host (inside a real VS Code), checks the
# package, and stops the engine by its pid even when something fails.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { echo; echo "==== $* ($(( $(date +%s) - started )) s)"; }

step "prerequisites"
bash scripts/prereqs.sh
bash scripts/npm-ci.sh

step "lint, type-check, build"
npm run --silent lint
npm run --silent format:check
npm run --silent typecheck
node esbuild.js
rm -rf out  # no module left from an earlier layout
npm run --silent compile-tests

step "unit tests"
npx mocha --config test/unit/.mocharc.json

step "webview pages in Chromium"
npx mocha --config test/webview/.mocharc.json

step "private engines"
swarm_dir=""
podman_dir=""
DN_SSH_DIR=""
DN_REGISTRY_DIR=""
# The first engine also listens on TCP with --tlsverify (DN_TLS_HOST, DN_TLS_DIR: its certificates).
eval "$(bash scripts/engine.sh start --tls)"
# The first engine goes last: it made docker0, which it removes only when no other engine is left.
trap '[ -z "$DN_REGISTRY_DIR" ] || bash scripts/registry.sh stop "$DN_REGISTRY_DIR"; [ -z "$DN_SSH_DIR" ] || bash scripts/sshd.sh stop "$DN_SSH_DIR"; [ -z "$podman_dir" ] || bash scripts/podman.sh stop "$podman_dir"; [ -z "$swarm_dir" ] || bash scripts/engine.sh stop "$swarm_dir"; bash scripts/engine.sh stop "$DN_ENGINE_DIR"' EXIT
trap 'exit 130' INT TERM   # so Ctrl-C also runs the EXIT trap
# A second engine in swarm mode, for overlay networks, services and load balancers.
swarm_dir=$(bash scripts/engine.sh start --swarm | sed -n 's/^export DN_ENGINE_DIR=//p')
export DN_SWARM_HOST=unix://$swarm_dir/docker.sock
# Podman's Docker-compatible API, to prove it works as an engine.
podman_dir=$(bash scripts/podman.sh start)
export DN_PODMAN_HOST=unix://$podman_dir/podman.sock
# A real OpenSSH server whose sessions reach the first engine (DN_SSH_DIR, DN_SSH_PORT).
eval "$(bash scripts/sshd.sh start "$DOCKER_HOST")"
# A private image registry (DN_REGISTRY) holding the helper image, so a pull is tested for real.
eval "$(bash scripts/registry.sh start "$DOCKER_HOST")"

step "engine tests"
npx mocha --config test/engine/.mocharc.json

step "extension-host tests (real VS Code)"
node scripts/run-host-tests.mjs

step "package"
bash scripts/check-package.sh

step "end-to-end in the real UI (packaged extension)"
npx mocha --config test/e2e/.mocharc.json

step "benchmark, quick form (its own engine; fails on the ratio budgets)"
bash scripts/bench.sh --quick --check --no-activation --tls --ssh

step "all tests passed in $(( $(date +%s) - started )) s"
