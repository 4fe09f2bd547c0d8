#!/usr/bin/env bash
# run_fuzzer.sh BINARY SEED_DIR SECONDS [ARTIFACT_DIR]
# Runs one libFuzzer target for SECONDS over its seed corpus. New inputs go to a scratch directory
# (the committed seeds stay as they are); a crash, leak or timeout leaves its input in
# ARTIFACT_DIR (default: the build directory's fuzz-artifacts) and fails.
set -euo pipefail
binary=$1
seeds=$2
seconds=$3
artifacts=${4:-$(dirname "$binary")/fuzz-artifacts}
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# One job, bounded memory and time per input; the seeds are read, never written.
exec_args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=4096
    -print_final_stats=1 -artifact_prefix="$artifacts/$(basename "$binary")-")
"$binary" "${exec_args[@]}" "$scratch" "$seeds"
