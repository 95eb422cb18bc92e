"""Recall of datasketch's MinHashLSH on the very shingle sets the native index is measured on.

`cargo run -p trichome-bench --profile cli --example dup_eval -- --dump DIR` writes the distinct shingle sets of the IRA
tweets plus generated edits (DIR/sets.txt) and every pair at exact Jaccard >= 0.6 (DIR/truth.txt, found by
brute force with prefix filtering). This builds datasketch's MinHash(128) of each set, inserts them all into
MinHashLSH(threshold=0.6, num_perm=128), queries each set, and prints the share of true pairs found: as
candidates, and after confirming each candidate on the MinHash estimate (>= 0.6). Run through
bench/dup_datasketch.sh.
"""

import json
import struct
import sys

from datasketch import MinHash, MinHashLSH


def main():
    folder = sys.argv[1]
    with open(f"{folder}/sets.txt") as fh:
        sets = [[int(x) for x in line.split()] for line in fh]
    with open(f"{folder}/truth.txt") as fh:
        truth = {tuple(int(x) for x in line.split()) for line in fh}
    lsh = MinHashLSH(threshold=0.6, num_perm=128)
    sketches = []
    for i, s in enumerate(sets):
        m = MinHash(num_perm=128)
        m.update_batch([struct.pack("<I", x) for x in s])
        sketches.append(m)
        lsh.insert(i, m)
    candidates = set()
    confirmed = set()
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if j == i:
                continue
            pair = (min(i, j), max(i, j))
            candidates.add(pair)
            if m.jaccard(sketches[j]) >= 0.6:
                confirmed.add(pair)
    found = len(truth & candidates)
    kept = len(truth & confirmed)
    result = {
        "sets": len(sets),
        "true_pairs": len(truth),
        "candidate_recall": found / len(truth),
        "confirmed_recall": kept / len(truth),
        "confirmed_precision": kept / max(1, len(confirmed)),
        "bands_rows": [lsh.b, lsh.r],
    }
    print(f"datasketch MinHashLSH(0.6, 128) chose b={lsh.b} bands of r={lsh.r} rows, on {len(sets)} distinct sets")
    print("| datasketch, same shingle sets | true pairs (J >= 0.6) | found | recall | precision |")
    print("|---|---:|---:|---:|---:|")
    print(f"| LSH candidates | {len(truth)} | {found} | {found / len(truth):.4f} | |")
    print(f"| candidates confirmed on the MinHash estimate | {len(truth)} | {kept} | "
          f"{kept / len(truth):.4f} | {result['confirmed_precision']:.4f} |")
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as fh:
            json.dump(result, fh)


if __name__ == "__main__":
    main()
