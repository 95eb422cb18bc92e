#!/usr/bin/env bash
# The core's Python module (trichome._core, this crate) built into the project's own virtual environment,
# target/pyenv: maturin and pyspark from PyPI as requirements-dev.txt pins them, then `maturin develop` with
# the command line's profile. Prints the environment's directory (and nothing else on stdout), for
# tests/spark/run.sh and bench/spark.sh: `venv="$(crate/python/develop.sh)"`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/target/pyenv"
if [ ! -x "$venv/bin/maturin" ] || ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$here/requirements-dev.txt" >&2
fi
(cd "$here" && VIRTUAL_ENV="$venv" "$venv/bin/maturin" develop --quiet --profile cli >/dev/null)
echo "$venv"
