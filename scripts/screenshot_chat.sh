#!/bin/sh
# Screenshots of the chat page: switchboard headless with the chat service, four people in Debian's
# headless Chromium (scripts/screenshot_chat.js). Writes docs/chat-desktop.png and
# docs/chat-phone.png. Needs a build (default: build/app/switchboard; or give the binary).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-"$root/build/app/switchboard"}
log=$(mktemp)
"$binary" --headless --bind 127.0.0.1 --port 0 --status-interval 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait 2>/dev/null || true; rm -f "$log"' EXIT INT TERM
port=
for _ in $(seq 1 100); do
    port=$(grep -ao 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.2
done
[ -n "$port" ] || { echo "switchboard did not start:" >&2; cat "$log" >&2; exit 1; }
mkdir -p "$root/docs"
NODE_PATH="$root/tests/node_modules" node "$root/scripts/screenshot_chat.js" "http://127.0.0.1:$port" "$root/docs"
