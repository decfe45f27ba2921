#!/usr/bin/env bash
# Opens the extension in a real VS Code against a Docker engine: yours when one answers, otherwise
# a private engine filled with demo networks and containers. Without a desktop `code` on PATH it
# starts code-server and prints the address to open. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${DN_PORT:-8765}

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 5 docker version >/dev/null 2>&1; }

bash scripts/prereqs.sh
bash scripts/npm-ci.sh
npm run --silent build
private=""
if engine_answers; then
  echo "[try] using your Docker engine (${DOCKER_HOST:-the default socket or context})"
else
  echo "[try] no Docker engine answers; starting a private one with demo networks"
  eval "$(bash scripts/engine.sh start)"
  private=$DN_ENGINE_DIR
  trap 'bash scripts/engine.sh stop "$private"' EXIT
  trap 'exit 130' INT TERM   # so Ctrl-C also runs the EXIT trap
  bash scripts/demo-fill.sh
fi
workspace=$(mktemp -d /tmp/dn-try-workspace.XXXXXX)

if command -v code >/dev/null 2>&1; then
  echo "[try] opening VS Code with the extension under development (close the window to finish)"
  code --new-window --wait --extensionDevelopmentPath="$root" "$workspace"
  exit 0
fi

cs=$(bash scripts/install-code-server.sh)
state=${DOCKER_NETWORKS_CACHE:-$HOME/.cache/docker-networks-vscode}/try
mkdir -p "$state/ud/User" "$state/ext"
[ -f "$state/ud/User/settings.json" ] || echo '{"workbench.startupEditor":"none","telemetry.telemetryLevel":"off"}' >"$state/ud/User/settings.json"
rm -f docker-networks.vsix
npm run --silent package >/dev/null   # the one packaging command, in package.json
node "$cs/node_modules/code-server/out/node/entry.js" --extensions-dir "$state/ext" --install-extension "$root/docker-networks.vsix" --force >/dev/null
echo
echo "[try] open http://127.0.0.1:$port/?folder=$workspace and click Docker Networks in the activity bar"
echo "[try] Ctrl-C stops code-server${private:+ and the private engine}"
node "$cs/node_modules/code-server/out/node/entry.js" --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --user-data-dir "$state/ud" --extensions-dir "$state/ext" "$workspace"
