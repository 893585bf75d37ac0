#!/usr/bin/env bash
# Install laktasi with its test tools into .venv and run every check: ruff, mypy --strict on the
# library's pure layers, then the whole test suite (SQLite, and PostgreSQL when LAKTASI_TEST_PG_URL
# or a local server is reachable). This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
echo "== ruff"; .venv/bin/ruff check .
echo "== mypy --strict (pure computation layers)"
.venv/bin/mypy --strict src/laktasi/stats src/laktasi/meta src/laktasi/audit src/laktasi/errors.py src/laktasi/config.py
echo "== pytest"
.venv/bin/python -m pytest "$@"
