"""Peer for Trichome's archive mode: coordination-network-toolkit's co_similar_tweet network (near-duplicate
texts within a time window) on the first N posts of a generated archive (IO-archive CSV, gzipped).

Usage: archive_cnt.py ARCHIVE.csv.gz N OUT_DIR WINDOW_SECONDS N_CPUS
Writes OUT_DIR/cnt_input.csv (the same N posts, in the toolkit's CSV) and OUT_DIR/posts.csv (the same N posts in
the archive's own format, for Trichome), and prints `cnt_seconds <preprocess> <compute>`.
"""

import csv
import gzip
import os
import subprocess
import sys
import time
from datetime import datetime, timezone


def main() -> None:
    src, n, out_dir, window, cpus = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    os.makedirs(out_dir, exist_ok=True)
    converted = os.path.join(out_dir, "cnt_input.csv")
    same = os.path.join(out_dir, "posts.csv")
    with gzip.open(src, "rt", newline="") as f, open(converted, "w", newline="") as g, open(same, "w", newline="") as h:
        reader = csv.DictReader(f)
        w = csv.writer(g)
        o = csv.DictWriter(h, fieldnames=reader.fieldnames)
        o.writeheader()
        # Version 1.5.2 reads eight columns.
        w.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"])
        for i, row in enumerate(reader):
            if i >= n:
                break
            ts = int(datetime.strptime(row["tweet_time"], "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc).timestamp())
            w.writerow([row["tweetid"], row["userid"], row["user_screen_name"], "", "", row["tweet_text"], ts, ""])
            o.writerow(row)
    db = os.path.join(out_dir, "cnt.db")
    if os.path.exists(db):
        os.remove(db)
    tool = os.path.join(os.path.dirname(sys.executable), "compute_networks")
    t0 = time.perf_counter()
    subprocess.run([tool, db, "preprocess", "--format", "csv", converted], check=True, stdout=subprocess.DEVNULL)
    t1 = time.perf_counter()
    subprocess.run(
        [tool, db, "compute", "co_similar_tweet", "--time_window", window, "--similarity_threshold", "0.6",
         "--n_cpus", cpus],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    t2 = time.perf_counter()
    print(f"cnt_seconds {t1 - t0:.3f} {t2 - t1:.3f}", flush=True)


if __name__ == "__main__":
    main()
