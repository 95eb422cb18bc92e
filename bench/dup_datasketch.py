"""The duplicate-phrasing workload through Python's datasketch, for comparison with the native index.

Same texts as bench/examples/dup_bench.rs (the IRA authors' tweets), the same kind of shingles (NFKC,
lower case, links reduced to domains, word pairs; character pairs for Chinese), MinHash with 128
permutations and MinHashLSH at the same 0.6 threshold. Run through bench/dup_datasketch.sh.
"""

import csv
import glob
import json
import os
import re
import sys
import time
import unicodedata

from datasketch import MinHash, MinHashLSH

csv.field_size_limit(1 << 30)


def data_dir():
    for d in [os.environ.get("TRICHOME_DATA"),
              os.path.join(os.path.dirname(__file__), "../../shared/data"),
              os.path.join(os.path.dirname(__file__), "../../../shared/data"),
              "/work/shared/data"]:
        if d and os.path.isdir(os.path.join(d, "campaigns")):
            return d
    return None


URL = re.compile(r"https?://(?:www\.)?([^/\s?#:]+)\S*")
WORD = re.compile(r"\w+(?:\.\w+)*")
HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def shingles(text):
    t = unicodedata.normalize("NFKC", text).lower()
    t = URL.sub(lambda m: " " + m.group(1) + " ", t)
    words = [w for w in WORD.findall(t) if not HAN.search(w)]
    han = HAN.findall(t)
    out = set()
    if len(words) < 2:
        out.update(words)
    else:
        out.update(a + " " + b for a, b in zip(words, words[1:]))
    out.update(a + b for a, b in zip(han, han[1:]))
    return [s.encode("utf-8") for s in out]


def main():
    d = data_dir()
    if d is None:
        print("skipping: ../shared/data not found (set TRICHOME_DATA)")
        return
    texts = []
    for f in sorted(glob.glob(os.path.join(d, "campaigns/ira/authors/*.csv"))):
        with open(f, encoding="utf-8", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                texts.append(row["content"])
    n = len(texts)

    t0 = time.perf_counter()
    shingled = [shingles(t) for t in texts]
    t_shingle = time.perf_counter() - t0

    lsh = MinHashLSH(threshold=0.6, num_perm=128)
    t0 = time.perf_counter()
    kept = 0
    for i, s in enumerate(shingled):
        if len(s) < 4:
            continue
        m = MinHash(num_perm=128)
        m.update_batch(s)
        lsh.insert(str(i), m)
        kept += 1
    t_minhash_insert = time.perf_counter() - t0

    lsh2 = MinHashLSH(threshold=0.6, num_perm=128)
    t0 = time.perf_counter()
    for i, s in enumerate(shingled):
        if len(s) < 4:
            continue
        m = MinHash(num_perm=128)
        m.update_batch(s)
        lsh2.query(m)
        lsh2.insert(str(i), m)
    t_query_insert = time.perf_counter() - t0

    result = {
        "posts": n,
        "indexed": kept,
        "shingle_per_s": n / t_shingle,
        "minhash_insert_per_s": n / t_minhash_insert,
        "full_per_s": n / (t_shingle + t_minhash_insert),
        "full_with_query_per_s": n / (t_shingle + t_query_insert),
        "bands_rows": [lsh.b, lsh.r],
    }
    print("| datasketch stage (one core) | posts/s |")
    print("|---|---:|")
    print(f"| shingle (Python) | {result['shingle_per_s']:.0f} |")
    print(f"| MinHash(128).update_batch + MinHashLSH.insert | {result['minhash_insert_per_s']:.0f} |")
    print(f"| **shingle + MinHash + insert** | **{result['full_per_s']:.0f}** |")
    print(f"| shingle + MinHash + query + insert | {result['full_with_query_per_s']:.0f} |")
    print(f"\nMinHashLSH(threshold=0.6, num_perm=128) chose b={lsh.b} bands of r={lsh.r} rows")
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as fh:
            json.dump(result, fh)


if __name__ == "__main__":
    main()
