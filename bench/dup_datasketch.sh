#!/usr/bin/env bash
# Runs the native duplicate-index benchmark and Python's datasketch on the same texts, one after the
# other on this machine, and prints the ratio; then the recall of both on the same shingle sets (the IRA
# tweets plus generated edits, pairs at exact Jaccard >= 0.6). Installs datasketch into a venv under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/dup-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet "datasketch==2.0.0"
mkdir -p target
cargo run --quiet -p trichome-bench --profile cli --example dup_bench -- --json target/dup_bench_native.json
echo
"$venv/bin/python" bench/dup_datasketch.py --json target/dup_bench_datasketch.json
echo
python3 - <<'PY'
import json
native = json.load(open("target/dup_bench_native.json"))
py = json.load(open("target/dup_bench_datasketch.json"))
print("| one core, same texts | native posts/s | datasketch posts/s | ratio |")
print("|---|---:|---:|---:|")
rows = [
    ("normalise/shingle + MinHash + LSH insert (native also queries and confirms)", native["insert_per_s"], py["full_per_s"]),
    ("same, datasketch also querying before each insert", native["insert_per_s"], py["full_with_query_per_s"]),
]
for name, a, b in rows:
    print(f"| {name} | {a:.0f} | {b:.0f} | {a / b:.1f}x |")
PY
echo
echo "Recall on the same shingle sets (native: dup_eval's index; datasketch: MinHashLSH(0.6, 128)):"
cargo run --quiet -p trichome-bench --profile cli --example dup_eval -- --dump target/bench/dup_sets \
  | grep -E "^\| (\||confirmation|exact sketch .* distinct texts)" | cut -d'|' -f2,4-8
"$venv/bin/python" bench/dup_datasketch_recall.py target/bench/dup_sets --json target/dup_recall_datasketch.json
