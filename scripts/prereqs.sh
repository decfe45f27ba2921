#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need (as root), or says exactly what to
# install. Never skips: a missing prerequisite is an error.
set -euo pipefail
packages=(docker.io busybox-static iptables iproute2 podman chromium fonts-ipafont-gothic openssl util-linux openssh-server openssh-client docker-compose
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep unzip zsh fish dash)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "[prereqs] installing ${missing[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
else
  echo "[prereqs] missing Debian packages; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
