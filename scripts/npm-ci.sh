#!/usr/bin/env bash
# `npm ci` unless node_modules already matches package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.dn-lock-stamp
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then exit 0; fi
echo "[npm] npm ci" >&2
npm ci --no-audit --no-fund >&2
cp package-lock.json "$stamp"
