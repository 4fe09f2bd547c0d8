#!/usr/bin/env bash
# Installs every dependency of Switchboard on Debian 12: the apt packages for building, testing
# and screenshots, and the npm packages the tests and the browser bundle use. Idempotent: a second
# run installs nothing new.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

apt_packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-websockets-dev qt6-charts-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    zlib1g-dev libhttp-parser-dev libhiredis-dev libmsgpack-cxx-dev libexpected-dev
    libqrencode-dev libssl-dev openssl libcrypt-dev
    clang-14 libclang-rt-14-dev
    xvfb xauth imagemagick redis-server fonts-wqy-microhei
    nodejs npm chromium
)

missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian on some machines: only ask apt for it when absent.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    filtered=()
    for p in "${missing[@]}"; do
        case "$p" in nodejs | npm) ;; *) filtered+=("$p") ;; esac
    done
    missing=("${filtered[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm packages for the tests and the client bundle, pinned in tests/package-lock.json.
cd "$here/tests"
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "bootstrap: installing npm packages"
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund
    else
        npm install --no-audit --no-fund
    fi
fi
echo "bootstrap: done"
