"""Times archive mode inside Apache Spark (crate/python) in local mode with 1 core and with every core, on the
inputs given, and checks its verdicts against a file of `trichome score --format jsonl` lines. Prints one line
per run: `cores seconds verdicts same`. Run by bench/spark.sh."""

import os
import sys
import time

from pyspark import SparkConf, SparkContext

from trichome.spark import score


def run(master, paths):
    conf = (
        SparkConf()
        .setMaster(master)
        .setAppName("trichome-bench")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.memory", "4g")
    )
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("ERROR")
    try:
        started = time.monotonic()
        verdicts = [v for _, v in score(sc, paths).collect()]
        return time.monotonic() - started, verdicts
    finally:
        sc.stop()


def main():
    expected_path, *paths = sys.argv[1:]
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read().splitlines()
    for cores in (1, os.cpu_count() or 1):
        seconds, verdicts = run(f"local[{cores}]", paths)
        print(cores, f"{seconds:.1f}", len(verdicts), "yes" if verdicts == expected else "NO", flush=True)


if __name__ == "__main__":
    main()
