#!/usr/bin/env bash
# Install laktasi with its test tools into .venv and run every check: ruff, mypy --strict on the
# library (pure layers, domain, report and CLI adapters; web/ except studies/), then the whole test suite
# (SQLite, and PostgreSQL when LAKTASI_TEST_PG_URL or a local server is reachable).
# This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
echo "== ruff"; .venv/bin/ruff check .
echo "== mypy --strict (pure layers, domain, report and CLI adapters, web app)"
.venv/bin/mypy --strict src/laktasi/stats src/laktasi/meta src/laktasi/audit src/laktasi/errors.py src/laktasi/config.py \
  src/laktasi/trial src/laktasi/review src/laktasi/report src/laktasi/cli \
  src/laktasi/web/__init__.py src/laktasi/web/settings.py src/laktasi/web/urls.py src/laktasi/web/wsgi.py \
  src/laktasi/web/accounts src/laktasi/web/audittrail src/laktasi/web/exports src/laktasi/web/visits src/laktasi/web/studies \
  src/laktasi/web/sync src/laktasi/web/passwords.py src/laktasi/web/locale \
  src/laktasi/web/reviews src/laktasi/web/review_intake src/laktasi/web/review_extraction src/laktasi/web/review_appraisal
echo "== pytest"
.venv/bin/python -m pytest "$@"
# The web app again on PostgreSQL (pytest-django creates and drops its own test database).
if [ -n "${LAKTASI_TEST_PG_URL:-}" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "== pytest tests/web on PostgreSQL"
  LAKTASI_DATABASE_URL=${LAKTASI_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/laktasi} \
    .venv/bin/python -m pytest tests/web -q
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432 (required when CI=true)" >&2; exit 1
else
  echo "== PostgreSQL not reachable: web tests ran on SQLite only"
fi
