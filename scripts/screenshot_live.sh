#!/bin/sh
# Screenshots of the real console under real traffic: switchboard in a window on Xvfb, the echo
# service on three namespaces, scripts/live_traffic.js as the clients, ImageMagick's `import` for
# the picture. Needs the default build (cmake --preset default && cmake --build --preset default).
# Writes docs/console-live.png.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-"$root/build/app/switchboard"}
display=:97
port=3917
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
server=
traffic=
cleanup() {
    [ -n "$traffic" ] && kill "$traffic" 2>/dev/null || true
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
sleep 1
# A settings folder of its own: the picture shows the default layout, not the last session's.
export XDG_CONFIG_HOME="$(mktemp -d)"
DISPLAY=$display QT_QPA_PLATFORM=xcb "$binary" --bind 127.0.0.1 --port "$port" --service echo \
    --namespace / --namespace /chat --namespace /game >/dev/null 2>&1 &
server=$!
sleep 3
NODE_PATH="$root/tests/node_modules" node "$root/scripts/live_traffic.js" "http://127.0.0.1:$port" 40 &
traffic=$!
sleep 25
mkdir -p "$root/docs"
DISPLAY=$display import -window root "$root/docs/console-live.png"
echo "wrote $root/docs/console-live.png"
