#!/usr/bin/env bash
# Every benchmark that prints numbers (docs/benchmarks.md records them). Run by ./build.sh bench after a build.
# Not tests: the machine is shared and noisy; each compares against a peer in the same run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "== wasm size"; ls -l dist/chrome/trichome_core_bg.wasm | awk '{print $5" bytes raw"}'; gzip -9c dist/chrome/trichome_core_bg.wasm | wc -c | awk '{print $1" bytes gzipped"}'
echo "== the engine: native, wasm in Node, wasm in Chromium"; node bench/engine_wasm.mjs
if [[ -f target/bench/observations.jsonl ]]; then
  echo "== reading observation lines natively (the file engine_wasm.mjs wrote)"
  cargo run -q -p trichome-bench --profile cli --example observations_read -- target/bench/observations.jsonl
fi
echo "== the module's other paths: a first verdict, reading captures (a peer build with --against DIR)"; node bench/wasm_paths.mjs
echo "== the page: a 2,000-post infinite-scroll list, with and without Trichome"; node bench/scroll.mjs
echo "== near-duplicate index against datasketch"; bash bench/dup_datasketch.sh
echo "== near-duplicate index: native, wasm in Node, wasm in Chromium"; node bench/dup_wasm.mjs
echo "== cost of a page's verdicts after an ingest, and of clusters()"; cargo run -q -p trichome-bench --profile cli --example verdict_cost; cargo run -q -p trichome-bench --profile cli --example clusters_cost
echo "== synchronised bursts against coordination-network-toolkit"; bash bench/timing_cnt.sh
echo "== command-line throughput"; cargo run -q -p trichome-bench --profile cli --example cli_throughput
