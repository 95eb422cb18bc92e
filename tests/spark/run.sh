#!/usr/bin/env bash
# Archive mode inside Apache Spark: builds the core's Python module into a virtual environment of the project's
# own (crate/python/develop.sh: target/pyenv, maturin and pyspark from PyPI, pinned), and checks that
# Spark's local mode gives `trichome score`'s verdicts (tests/spark/same_verdicts.py). Needs Java 17 (Spark 3.5);
# skips with a printed reason without it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if ! command -v java >/dev/null; then
    echo "# skipping the Spark tests: java not found (Spark needs Java 17: apt-get install openjdk-17-jre-headless)"
    exit 0
fi
cargo build --quiet --profile cli -p trichome --bin trichome
venv="$(crate/python/develop.sh)"
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/python" tests/spark/same_verdicts.py "$root/target/cli/trichome"
