#!/usr/bin/env bash
# Archive mode inside Apache Spark against archive mode on one machine, in the same run: a generated archive
# (bench/examples/gen_archive.rs, from ../shared/data) cut into files as a release comes, scored by
# `trichome score` with 1 and every thread and by the Spark job (crate/python) in local mode with 1 and every
# core; prints the seconds, whether Spark's verdicts are the command line's, and the ratios. Never fails on a
# slow machine. Recorded in docs/benchmarks.md. Environment: SPARK_POSTS (default 100000), SPARK_FILES
# (default 8).
set -uo pipefail
source "$(dirname "$0")/common.sh"
posts="${SPARK_POSTS:-100000}"
files="${SPARK_FILES:-8}"
out="$root/target/bench-spark"
mkdir -p "$out"
venv="$(crate/python/develop.sh)" || exit 1
archive="$out/archive-$posts.csv"
[ -s "$out/part-$posts-0.csv" ] || {
    "$generate" --posts "$posts" --out "$archive" --data "$data" >/dev/null
    # Cut into files of whole records, each with the header, as a release's files are.
    "$venv/bin/python" - "$archive" "$files" "$out/part-$posts" <<'PY'
import csv, sys
source, parts, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(source, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
size = -(-len(rows) // parts)
for p in range(parts):
    with open(f"{prefix}-{p}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows[p * size:(p + 1) * size])
PY
    rm -f "$archive"
}
inputs=()
for ((p = 0; p < files; p++)); do inputs+=("$out/part-$posts-$p.csv"); done
cores=$(nproc)
echo "$(machine); $posts posts in $files files"
echo
echo "| run | cores | seconds | verdicts | same as trichome score |"
echo "|---|---:|---:|---:|---|"
declare -A cli_s
for jobs in 1 "$cores"; do
    /usr/bin/time -f "%e" -o "$out/time-cli-$jobs.txt" "$bin" score -q --jobs "$jobs" --format jsonl "${inputs[@]}" >"$out/cli-$jobs.jsonl"
    cli_s[$jobs]=$(cat "$out/time-cli-$jobs.txt")
    echo "| trichome score (archive mode) | $jobs | ${cli_s[$jobs]} | $(wc -l <"$out/cli-$jobs.jsonl") | — |"
done
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/python" "$here/spark_run.py" "$out/cli-1.jsonl" "${inputs[@]}" 2>"$out/spark.err" |
    while read -r c s n same; do
        echo "| Spark local[$c] | $c | $s | $n | $same |"
        echo "$c $s" >>"$out/spark-times.txt"
    done
echo
if [ -s "$out/spark-times.txt" ]; then
    awk -v one="${cli_s[1]}" 'NR == 1 { s1 = $2 } { last = $2; c = $1 }
        END { printf "Spark from 1 to %d cores: %.2fx faster; Spark on 1 core against trichome score on 1 thread: %.1fx the time\n", c, s1 / last, s1 / one }' \
        "$out/spark-times.txt"
    rm -f "$out/spark-times.txt"
fi
