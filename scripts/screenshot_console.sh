#!/bin/sh
# Renders the operator console filled with sample traffic (tests/gui/sample_server.cpp) and saves
# the PNGs to docs/: the GUI test tst_console_screenshot with SB_SCREENSHOT_DIR set, offscreen.
# Uses the asan build tree (cmake --preset asan); pass another build directory as $1.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-asan"}
cmake --build "$build" --target tst_console_screenshot
mkdir -p "$root/docs"
QT_QPA_PLATFORM=offscreen SB_SCREENSHOT_DIR="$root/docs" \
    ASAN_OPTIONS=detect_leaks=0 "$build/tests/gui/tst_console_screenshot"
ls -l "$root"/docs/console*.png
