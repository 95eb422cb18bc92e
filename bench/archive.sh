#!/usr/bin/env bash
# Archive mode at scale: throughput and peak memory of `trichome score` on generated archives (bench/examples/
# gen_archive.rs, built at run time from ../shared/data), and coordination-network-toolkit's co_similar_tweet on
# the first N posts of the same archive, in the same run, with Trichome on the same N posts, as a ratio.
# Prints numbers; never fails on a slow machine. Recorded in docs/benchmarks.md.
#
# Environment: ARCHIVE_SIZES (posts, default "1000000 3000000"; add 10000000 for the full run),
# CNT_SIZES (default "2000 5000 10000 20000"), CNT_CAP_SECONDS (default 600: a size the toolkit does not
# finish in this is the last tried), CNT_WINDOW (seconds, default 3600), CNT_FROM (the archive size the toolkit's
# posts are taken from, default the first of ARCHIVE_SIZES; ARCHIVE_SIZES="" with CNT_FROM set runs the toolkit
# comparison alone on an archive generated before), JOBS (default: every core).
set -uo pipefail
source "$(dirname "$0")/common.sh"
sizes="${ARCHIVE_SIZES-1000000 3000000}"
cnt_sizes="${CNT_SIZES:-2000 5000 10000 20000}"
cap="${CNT_CAP_SECONDS:-600}"
window="${CNT_WINDOW:-3600}"
jobs="${JOBS:-$(nproc)}"
out="$root/target/bench-archive"
mkdir -p "$out"

echo "$(machine); trichome --jobs $jobs"
echo
echo "| posts | accounts | wall s | CPU s (user+sys) | posts/s | posts/s per core (wall × jobs) | posts per CPU-second | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
    file="$out/archive-$n.csv.gz"
    [ -s "$file" ] || "$generate" --posts "$n" --out "$file" --data "$data" >/dev/null
    /usr/bin/time -f "%e %U %S %M" -o "$out/time-$n.txt" "$bin" score --jobs "$jobs" --format csv "$file" \
        >"$out/verdicts-$n.csv" 2>"$out/stderr-$n.txt"
    read -r wall user sys rss <"$out/time-$n.txt"
    accounts=$(($(wc -l <"$out/verdicts-$n.csv") - 1))
    awk -v n="$n" -v a="$accounts" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v j="$jobs" 'BEGIN {
        printf "| %d | %d | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f MB |\n", n, a, w, u + s, n / w, n / w / j, n / (u + s), r / 1024 }'
done

echo
venv="$root/target/archive-cnt-venv"
if [ ! -x "$venv/bin/compute_networks" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "coordination-network-toolkit==1.5.2" >&2
fi
first="${CNT_FROM:-$(set -- $sizes; echo "$1")}"
[ -s "$out/archive-$first.csv.gz" ] || "$generate" --posts "$first" --out "$out/archive-$first.csv.gz" --data "$data" >/dev/null
echo "coordination-network-toolkit 1.5.2 co_similar_tweet (similarity 0.6, window ${window} s, --n_cpus $jobs) against"
echo "trichome score (archive mode, --jobs $jobs) on the first N posts of archive-$first; cap ${cap} s per toolkit run"
echo
echo "| posts | toolkit preprocess s | toolkit compute s | toolkit total s | trichome s | ratio |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $cnt_sizes; do
    dir="$out/cnt-$n"
    line=$(timeout "$cap" "$venv/bin/python" "$here/archive_cnt.py" "$out/archive-$first.csv.gz" "$n" "$dir" "$window" "$jobs" 2>"$out/cnt-$n.err")
    status=$?
    /usr/bin/time -f "%e" -o "$out/time-cnt-$n.txt" "$bin" score -q --jobs "$jobs" --format csv "$dir/posts.csv" >/dev/null
    ours=$(cat "$out/time-cnt-$n.txt")
    if [ $status -ne 0 ] || [ -z "$line" ]; then
        echo "| $n | | did not finish in ${cap} s | > $cap | $ours | > $(awk -v c="$cap" -v o="$ours" 'BEGIN { printf "%.0f×", c / o }') |"
        break
    fi
    set -- $line
    awk -v n="$n" -v p="$2" -v c="$3" -v o="$ours" 'BEGIN { printf "| %d | %.1f | %.1f | %.1f | %.2f | %.0f× |\n", n, p, c, p + c, o, (p + c) / o }'
done
