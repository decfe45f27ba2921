#!/usr/bin/env bash
# npm run bench [-- --quick] [-- --check]: builds and packages the extension, installs the bench's
# own dependencies (the peer library), and runs bench/run.mjs on a private engine it starts itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prereqs.sh
bash scripts/npm-ci.sh
if [ ! -f bench/node_modules/.package-lock.json ] || ! cmp -s bench/package-lock.json bench/node_modules/.dn-lock-stamp 2>/dev/null; then
  (cd bench && npm ci --no-audit --no-fund >&2 && cp package-lock.json node_modules/.dn-lock-stamp)
fi
rm -rf out
npm run --silent compile-tests
rm -f docker-networks.vsix
npm run --silent package >/dev/null   # the one packaging command, in package.json
exec node --expose-gc bench/run.mjs "$@"
