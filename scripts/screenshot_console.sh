#!/bin/sh
# Renders the operator console filled with sample traffic (tests/gui/sample_server.cpp) and saves
# the PNGs to docs/ (the composer's and the ack inspector's from tst_composer_live): the GUI test tst_console_screenshot with SB_SCREENSHOT_DIR set, offscreen.
# Uses the asan build tree (cmake --preset asan); pass another build directory as $1.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-asan"}
cmake --build "$build" --target tst_console_screenshot tst_composer_live
mkdir -p "$root/docs"
QT_QPA_PLATFORM=offscreen SB_SCREENSHOT_DIR="$root/docs" \
    ASAN_OPTIONS=detect_leaks=0 "$build/tests/gui/tst_console_screenshot"
# The composer with live ack answers and the ack inspector: the real server and real
# socket.io-client peers (docs/console-composer.png, docs/console-acks.png).
QT_QPA_PLATFORM=offscreen SB_SCREENSHOT_DIR="$root/docs" SB_SOURCE_DIR="$root" \
    SB_NODE_MODULES="$root/tests/node_modules" ASAN_OPTIONS=detect_leaks=0 \
    "$build/tests/gui/tst_composer_live" acksShowAnswerTimeoutAndDisconnect
ls -l "$root"/docs/console*.png
