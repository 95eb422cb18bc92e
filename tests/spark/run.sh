#!/usr/bin/env bash
# Archive mode inside Apache Spark: builds the core's Python module (crate/python, with maturin) into a virtual
# environment of the project's own (target/pyenv: maturin and pyspark from PyPI, pinned), and checks that
# Spark's local mode gives `trichome score`'s verdicts (tests/spark/same_verdicts.py). Needs Java 17 (Spark 3.5);
# skips with a printed reason without it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if ! command -v java >/dev/null; then
    echo "# skipping the Spark tests: java not found (Spark needs Java 17: apt-get install openjdk-17-jre-headless)"
    exit 0
fi
venv="$root/target/pyenv"
if [ ! -x "$venv/bin/maturin" ] || ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$root/crate/python/requirements-dev.txt"
fi
cargo build --quiet --profile cli -p trichome --bin trichome
(cd crate/python && VIRTUAL_ENV="$venv" "$venv/bin/maturin" develop --quiet --profile cli >/dev/null)
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/python" tests/spark/same_verdicts.py "$root/target/cli/trichome"
