#!/usr/bin/env bash
# Installs code-server 4.99.4 (a real VS Code 1.99.3 with a Node extension host) into a cache
# folder outside the repository, without downloading any binary: its postinstall steps are
# replaced by local builds (node-gyp against Node's headers) and Debian's ripgrep.
# Prints the folder that holds node_modules/code-server. Idempotent: a finished install is reused.
set -euo pipefail
version=4.99.4
cache=${DOCKER_NETWORKS_CACHE:-$HOME/.cache/docker-networks-vscode}
dir=$cache/code-server-$version
if [ -f "$dir/.complete" ]; then echo "$dir"; exit 0; fi

log() { echo "[code-server] $*" >&2; }
need_apt=()
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing ${need_apt[*]} with apt-get"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
  else
    echo "code-server needs these Debian packages: sudo apt-get install -y ${need_apt[*]}" >&2; exit 1
  fi
fi

rm -rf "$dir" && mkdir -p "$dir"
cd "$dir"
echo '{"name":"code-server-cache","private":true}' > package.json
log "npm install code-server@$version (scripts off)"
npm install --no-audit --no-fund --ignore-scripts "code-server@$version" >&2
cd node_modules/code-server/lib/vscode
log "installing VS Code's own dependencies"
npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
log "building native modules"
npm_config_yes=true npm rebuild >&2
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --no-audit --no-fund --omit=dev >&2)
cd "$dir"
npm_config_yes=true npm rebuild argon2 >&2
# Check that the native pieces the extension host needs really were built.
for m in node-pty spdlog; do
  if ! ls node_modules/code-server/lib/vscode/node_modules/$m/build/Release/*.node >/dev/null 2>&1 \
     && ! ls node_modules/code-server/lib/vscode/node_modules/@vscode/$m/build/Release/*.node >/dev/null 2>&1; then
    log "native module $m was not built; see the npm rebuild output above"; exit 1
  fi
done
touch .complete
echo "$dir"
