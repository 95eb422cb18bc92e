#!/usr/bin/env bash
# Runs `trichome eval` on every set crowd_controls writes (docs/crowds.md) and prints one table:
# for each set, its accounts, the share at watch or above and at likely, and the share with a sign of each
# signal kind. `bash bench/crowd_eval.sh [TRICHOME_BINARY] [SETS_DIR]`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="${1:-target/cli/trichome}"
SETS="${2:-target/crowd}"
DATA="${TRICHOME_DATA:-$ROOT/../shared/data}"
if [[ ! -d "$DATA/campaigns" ]]; then
  echo "crowd_eval: $DATA not found; the sets are made from ../shared/data" >&2
  exit 1
fi
if [[ "$BIN" == target/cli/trichome ]]; then
  cargo build --quiet --profile cli --bin trichome
fi
if [[ ! -f "$SETS/weibo-crowd-fresh.csv" ]]; then
  cargo run --quiet -p trichome-bench --profile cli --example crowd_controls -- "$SETS"
fi
row() {
  local name="$1" role="$2"; shift 2
  "$BIN" eval --quiet --format json --labels "$SETS/$name.labels.tsv" "$@" | python3 -c '
import json, sys
name, role = sys.argv[1], sys.argv[2]
e = json.load(sys.stdin)
pos, neg = e["positives"], e["negatives"]
cls = "positive" if pos else "negative"
n = pos or neg
lv = e["levels"].get(cls, {})
watch = lv.get("watch", 0) + lv.get("likely", 0)
likely = lv.get("likely", 0)
signs = {s["kind"]: s for s in e.get("signs", [])}
def sign(kind):
    s = signs.get(kind)
    if s is None:
        return "  n/a"
    k = s["positives"] if pos else s["negatives"]
    return f"{100.0 * k / max(n, 1):5.1f}"
print(f"| {name:<22} | {role:<8} | {cls:<8} | {n:>5} | {100.0*watch/max(n,1):6.2f}% ({watch}) | {100.0*likely/max(n,1):6.2f}% ({likely}) | "
      + " | ".join(sign(k) for k in ("duplicate", "timing", "drift", "identity")) + " |")
' "$name" "$role"
}
echo "| set                    | role     | label    |     n | watch+          | likely          | dup % | time% | drift%| ident%|"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
row weibo-timelines tune "$SETS/weibo-timelines.csv"
row weibo-crowd-tune tune "$SETS/weibo-crowd-tune.csv"
row weibo-crowd-holdout held-out "$SETS/weibo-crowd-holdout.csv"
row weibo-crowd-fresh fresh "$SETS/weibo-crowd-fresh.csv"
row airline-crowd held-out "$SETS/airline-crowd.csv"
row airline-crowd-minute held-out "$SETS/airline-crowd-minute.csv"
row ira campaign "$DATA"/campaigns/ira/authors/*.csv
row io-archive-sample campaign "$DATA/campaigns/io-archive-sample/speed_layer_sample.csv"
