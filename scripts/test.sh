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
npm run --silent typecheck
node esbuild.js
npm run --silent compile-tests

step "unit tests"
npx mocha --config test/unit/.mocharc.json

step "private engine"
eval "$(bash scripts/engine.sh start)"
trap 'bash scripts/engine.sh stop "$DN_ENGINE_DIR"' EXIT
trap 'exit 130' INT TERM   # so Ctrl-C also runs the EXIT trap

step "engine tests"
npx mocha --config test/engine/.mocharc.json

step "extension-host tests (real VS Code)"
node scripts/run-host-tests.mjs

step "package"
bash scripts/check-package.sh

step "all tests passed in $(( $(date +%s) - started )) s"
