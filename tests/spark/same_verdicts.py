"""Archive mode inside Apache Spark (crate/python) gives the verdicts `trichome score` gives on the same inputs,
byte for byte, in Spark's local mode with one core and with every core.

Inputs: a generated archive written here (an operation's accounts posting the same texts, some edited, minutes
and years apart; accounts created in one batch; a group posting in the same minutes again and again; ordinary
accounts), the repository's observations fixture, and, when ../shared/data is present, a dozen IRA authors'
tweets. Run by `tests/spark/run.sh` (which builds the module), with the command-line tool's path as argument.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(ROOT, "target", "cli", "trichome")
DATA = os.environ.get("TRICHOME_DATA", os.path.join(os.path.dirname(ROOT), "shared", "data"))

TEXTS = [
    "the western media keeps lying about the happy lives of people in the region",
    "our leaders deserve respect and the protesters are paid by foreign forces",
    "do not believe the rumours online the official statement explains everything",
    "economic growth needs a stable society and any unrest hurts ordinary people",
]


def observation(kind, **fields):
    return json.dumps({"schema": "trichome.observation/1", "site": "x", "kind": kind, **fields})


def write_archive(directory):
    """Three files: the operation's posts, a crowd of ordinary accounts, and profiles with a creation batch and
    a group that keeps posting in the same minutes."""
    operation = ["account,time,text"]
    for a in range(12):
        for i, t in enumerate(TEXTS):
            year = 2016 + a % 4
            text = t.replace("the ", "") if a % 3 == 0 else t
            operation.append(f"@op{a},{year}-03-{1 + i:02} 09:{10 + a:02},{text}")
    ordinary = ["account,time,text"]
    for p in range(20):
        for i in range(12):
            ordinary.append(
                f"@person{p},2017-0{1 + i % 9}-{1 + p:02} 2{i % 4}:15,"
                f"went to the market number {i} with friend {p} and bought {i * p} apples"
            )
    profiles = []
    for b in range(8):
        # Created within the same hour of one day, with nobody else created for months around them.
        profiles.append(
            observation("account", id=str(9000 + b), handle=f"batch_{b}", name=f"Batch {b}",
                        created_at=1_559_469_600 + 300 * b, followers=3, following=400)
        )
    for g in range(6):
        profiles.append(observation("account", id=str(9100 + g), handle=f"shift_{g}", name=f"Shift {g}"))
        for day in range(10):
            # The same two minutes every fourth day, each in its own words.
            at = 1_600_000_000 + day * 86_400 * 4 + 20 * g
            profiles.append(
                observation("post", id=f"s{g}-{day}", account_id=str(9100 + g),
                            text=f"member {g} writes about topic {day * 7 + g} in its own words today",
                            created={"earliest": at, "latest": at, "precision": "second"})
            )
    paths = []
    for name, lines in (("operation.csv", operation), ("ordinary.csv", ordinary), ("profiles.jsonl", profiles)):
        path = os.path.join(directory, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        paths.append(path)
    return paths


WORDS = (
    "harbour lantern copper meadow violin thunder basket orchard pencil glacier saddle marble kettle falcon "
    "ribbon quarry tunnel velvet walnut anchor beacon canyon dagger ember fossil garnet hammock island jigsaw "
    "kernel lobster mosaic nectar oyster pepper quiver raisin sponge trumpet umbrella vapour whistle yogurt "
    "zephyr bramble cobalt drizzle engine fabric gravel"
).split()


def write_repeats(directory):
    """Issue #14, the Spark benchmark's 59 differing verdicts: accounts in many text clusters at once (texts they
    repeat themselves, texts shared with partners, several of equal weight). A verdict is built from its
    account's clusters in the order given, so Spark's shuffles must not decide that order."""
    rng = random.Random(14)
    texts = [" ".join(rng.choice(WORDS) for _ in range(14)) for _ in range(40)]
    rows = ["account,time,text"]
    for a in range(4):
        for t in range(10):
            # Ten texts of its own, each posted two or three times, days apart.
            for r in range(2 + (a + t) % 2):
                rows.append(f"@echo{a},2018-0{1 + r}-{1 + t:02} 1{a}:{t:02},{texts[10 * a + t]}")
        for p in range(3):
            # Texts shared with the next account, months apart: copy clusters of equal weight.
            text = texts[10 * ((a + 1) % 4) + p]
            rows.append(f"@echo{a},2019-0{1 + p}-1{a} 08:{10 * p:02},{text}")
    path = os.path.join(directory, "repeats.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    return path


def cli_verdicts(paths):
    out = subprocess.run([CLI, "score", "--quiet", "--format", "jsonl", *paths], check=True, capture_output=True)
    return out.stdout.decode("utf-8").splitlines()


class SameVerdicts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from pyspark import SparkConf, SparkContext

        cls.contexts = {}
        cls.tmp = tempfile.TemporaryDirectory(prefix="trichome-spark-")
        cls.paths = write_archive(cls.tmp.name) + [
            write_repeats(cls.tmp.name),
            os.path.join(ROOT, "crate", "tests", "fixtures", "import", "observations.jsonl"),
        ]
        cls.SparkConf, cls.SparkContext = SparkConf, SparkContext

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def spark_verdicts(self, master, paths):
        from trichome.spark import score

        conf = (
            self.SparkConf()
            .setMaster(master)
            .setAppName("trichome-test")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.driver.host", "127.0.0.1")
        )
        sc = self.SparkContext.getOrCreate(conf)
        sc.setLogLevel("ERROR")
        try:
            started = time.monotonic()
            verdicts = [v for _, v in score(sc, paths).collect()]
            print(f"# spark {master}: {len(verdicts)} verdicts in {time.monotonic() - started:.1f} s", file=sys.stderr)
            return verdicts
        finally:
            sc.stop()

    def assert_same(self, paths, master):
        expected = cli_verdicts(paths)
        got = self.spark_verdicts(master, paths)
        self.assertEqual(len(got), len(expected))
        for e, g in zip(expected, got):
            self.assertEqual(json.loads(g), json.loads(e))
            self.assertEqual(g, e)
        return got

    def test_generated_archive_one_core_and_every_core(self):
        one = self.assert_same(self.paths, "local[1]")
        every = self.assert_same(self.paths, "local[*]")
        self.assertEqual(one, every)
        # The test could fail for what it is about: the operation's copies, years apart, are found, and the
        # batch and the synchronised group are joint findings.
        verdicts = [json.loads(v) for v in one]
        op = [v for v in verdicts if v["account"]["id"].startswith("@op")]
        self.assertEqual(len(op), 12)
        self.assertTrue(all(len(v["clusters"]) >= 4 for v in op), [v["clusters"] for v in op])
        ids = {c for v in verdicts for c in v["clusters"]}
        self.assertTrue(any(c.startswith("batch:") for c in ids), sorted(ids))
        self.assertTrue(any(c.startswith("burst-") for c in ids), sorted(ids))
        # Issue #14: accounts in many clusters at once, whose order is the core's whatever Spark's shuffles do.
        echo = [v for v in verdicts if v["account"]["id"].startswith("@echo")]
        self.assertEqual(len(echo), 4)
        for v in echo:
            evidence = next(s["evidence"] for s in v["signals"] if s["kind"] == "duplicate")
            self.assertEqual(len(evidence["self_repeats"]), 10, v["account"]["id"])
            self.assertGreaterEqual(len(evidence["clusters"]), 6, v["account"]["id"])

    def test_ira_authors(self):
        authors = os.path.join(DATA, "campaigns", "ira", "authors")
        if not os.path.isdir(authors):
            self.skipTest(f"{authors} not found (../shared/data is absent)")
        files = sorted(os.path.join(authors, f) for f in os.listdir(authors) if f.endswith(".csv"))[:12]
        verdicts = self.assert_same(files, "local[*]")
        self.assertGreater(len(verdicts), 10)


if __name__ == "__main__":
    unittest.main(verbosity=2)
