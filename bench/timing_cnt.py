"""Peer for Trichome's synchronised-burst finder: converts CooRTweet-shaped retweet data (object_id,
account_id, content_id, timestamp_share) into coordination-network-toolkit's CSV, and times its co-retweet
computation.

Usage: timing_cnt.py INPUT.csv OUT_DIR WINDOW_SECONDS MIN_EDGE_WEIGHT
Writes OUT_DIR/cnt_input.csv, OUT_DIR/edges.csv and prints one line `cnt_seconds <preprocess> <compute>`.
"""

import csv
import os
import sqlite3
import subprocess
import sys
import time


def main() -> None:
    src, out_dir, window, min_weight = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    os.makedirs(out_dir, exist_ok=True)
    converted = os.path.join(out_dir, "cnt_input.csv")
    with open(src, newline="") as f, open(converted, "w", newline="") as g:
        w = csv.writer(g)
        # Version 1.5.2 reads eight columns (its --help still lists the older six).
        w.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"])
        for row in csv.DictReader(f):
            ts = int(float(row["timestamp_share"]))
            w.writerow([row["content_id"], row["account_id"], row["account_id"], row["object_id"], "", "", ts, ""])
    db = os.path.join(out_dir, "cnt.db")
    if os.path.exists(db):
        os.remove(db)
    tool = os.path.join(os.path.dirname(sys.executable), "compute_networks")
    t0 = time.perf_counter()
    subprocess.run([tool, db, "preprocess", "--format", "csv", converted], check=True)
    t1 = time.perf_counter()
    # `--output_file ... --output_format csv` fails in 1.5.2 (output_gephi_csv() got an unexpected keyword
    # argument 'n_messages'), so the edges are read from the database the compute step fills.
    subprocess.run(
        [tool, db, "compute", "co_retweet", "--time_window", window, "--min_edge_weight", min_weight,
         "--n_cpus", "1"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    t2 = time.perf_counter()
    edges = os.path.join(out_dir, "edges.csv")
    pairs = {}
    with sqlite3.connect(db) as con:
        for a, b, weight in con.execute("select user_1, user_2, weight from co_retweet_network"):
            if a != b:
                key = (min(a, b), max(a, b))
                pairs[key] = max(pairs.get(key, 0), weight)
    with open(edges, "w", newline="") as g:
        w = csv.writer(g)
        w.writerow(["user_1", "user_2", "weight"])
        for (a, b), weight in sorted(pairs.items()):
            w.writerow([a, b, weight])
    print(f"cnt_seconds {t1 - t0:.3f} {t2 - t1:.3f}")


if __name__ == "__main__":
    main()
