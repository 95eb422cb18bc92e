#!/usr/bin/env bash
# Runs PyPI's coordination-network-toolkit co-retweet network on CooRTweet-shaped data, for comparison with
# Trichome's synchronised-burst finder (bench/examples/timing_eval.rs calls this).
# Usage: bench/timing_cnt.sh INPUT.csv OUT_DIR WINDOW_SECONDS MIN_EDGE_WEIGHT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
venv="$root/target/timing-cnt-venv"
if [ ! -x "$venv/bin/compute_networks" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "coordination-network-toolkit==1.5.2" >&2
fi
mkdir -p "$2"
"$venv/bin/python" "$here/timing_cnt.py" "$@" 2>"$2/cnt_stderr.txt" | grep '^cnt_seconds'
