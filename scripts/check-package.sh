#!/usr/bin/env bash
# Builds the .vsix (production bundle) and installs it into code-server, which must then list it.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f docker-networks.vsix
npm run --silent package >/dev/null   # the one packaging command, in package.json
size=$(stat -c %s docker-networks.vsix)
echo "[package] docker-networks.vsix: $size bytes"
echo "[package] contents:"; unzip -l docker-networks.vsix | awk 'NR>3 && $4 {print "  " $4}' | grep -v '^  -*$' | head -40
if [ "$size" -gt 1048576 ]; then echo "[package] larger than 1 MB" >&2; exit 1; fi
cs=$(bash scripts/install-code-server.sh)
ext=$(mktemp -d)
trap 'rm -rf "$ext"' EXIT
node "$cs/node_modules/code-server/out/node/entry.js" --extensions-dir "$ext" --install-extension docker-networks.vsix >/dev/null
listed=$(node "$cs/node_modules/code-server/out/node/entry.js" --extensions-dir "$ext" --list-extensions --show-versions)
echo "[package] code-server lists: $listed"
echo "$listed" | grep -q '^docker-networks.docker-networks@' || { echo "[package] the .vsix did not install" >&2; exit 1; }
