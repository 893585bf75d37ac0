"""`laktasi serve` end to end in a subprocess: first start creates and migrates SQLite; --host is refused."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys


def _serve(tmp_path, *args, env=None):
    e = {k: v for k, v in os.environ.items() if not k.startswith(("LAKTASI_", "DJANGO_", "PYTEST"))}
    e.update({"LAKTASI_HOME": str(tmp_path / "home"), **(env or {})})
    return subprocess.run([sys.executable, "-m", "laktasi.cli", "serve", "--no-serve", *args], env=e,
                          capture_output=True, text=True, timeout=120)


def test_first_start_creates_a_migrated_sqlite_in_wal_mode(tmp_path):
    r = _serve(tmp_path)
    assert r.returncode == 0, r.stderr
    assert "admin" in r.stdout and "http://localhost:8000/" in r.stdout
    db = tmp_path / "home" / "laktasi.sqlite3"
    con = sqlite3.connect(db)
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    tables = {t for (t,) in con.execute("select name from sqlite_master where type='table'")}
    assert {"studies_study", "visits_visit", "audittrail_auditevent"} <= tables
    assert stat.S_IMODE(os.stat(tmp_path / "home" / "secret_key").st_mode) == 0o600


def test_host_needs_secret_and_allowed_hosts(tmp_path):
    r = _serve(tmp_path, "--host", "0.0.0.0")
    assert r.returncode == 2
    assert "LAKTASI_SECRET_KEY" in r.stderr and "LAKTASI_ALLOWED_HOSTS" in r.stderr and "Traceback" not in r.stderr
    r = _serve(tmp_path, "--host", "0.0.0.0",
               env={"LAKTASI_SECRET_KEY": "x" * 50, "LAKTASI_ALLOWED_HOSTS": "bidan.local"})
    assert r.returncode == 0, r.stderr
