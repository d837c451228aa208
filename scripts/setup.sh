#!/usr/bin/env bash
# Installs everything the product's demo and tests need on a fresh Debian machine, idempotently:
# Debian packages (the real registry, skopeo, chromium, keychain tools), npm dependencies, and
# Node 24 + code-server (a real VS Code) from the npm registry. Run as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(docker-registry skopeo chromium openssl libkrb5-dev golang-docker-credential-helpers
  gnome-keyring dbus libsecret-tools iproute2)
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}"
fi

# The hostile-registry tests need a registry and a token server that look like hosts on the
# internet: TEST-NET-2 addresses (RFC 5737, never routed) on the loopback interface. Not kept
# across reboots; this script puts them back.
# The addresses are read whole first: `grep -q` would stop reading at its match, and with
# pipefail the pipe then fails at random (ip killed by SIGPIPE), as if the address were missing.
lo_addresses=$(ip -4 -o addr show dev lo)
for ip in 198.51.100.7 198.51.100.8; do
  if ! grep -qF " $ip/32 " <<<"$lo_addresses"; then
    echo "== ip addr add $ip/32 dev lo"
    $SUDO ip addr add "$ip/32" dev lo
  fi
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

echo "== Node 24 + code-server (from the npm registry)"
bash scripts/install-code-server.sh
