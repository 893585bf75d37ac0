"""`laktasi backup` / `laktasi restore` round trips: SQLite (online backup API) and PostgreSQL (pg_dump)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from laktasi.cli.backup import backup_database, restore_database


def _env(tmp_path):
    e = {k: v for k, v in os.environ.items() if not k.startswith(("LAKTASI_", "DJANGO_", "PYTEST"))}
    e["LAKTASI_HOME"] = str(tmp_path / "home")
    return e


def _laktasi(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "laktasi.cli", *args], env=_env(tmp_path), capture_output=True,
                          text=True, timeout=120)


def _dump(path):
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_sqlite_round_trip(tmp_path):
    assert _laktasi(tmp_path, "serve", "--no-serve").returncode == 0  # first start: migrated, user 'admin'
    db = tmp_path / "home" / "laktasi.sqlite3"
    before = _dump(db)
    r = _laktasi(tmp_path, "backup", str(tmp_path / "b.sqlite3"), "--json")
    assert r.returncode == 0, r.stderr
    assert '"database": "sqlite"' in r.stdout
    con = sqlite3.connect(db)
    con.execute("update auth_user set username = 'rusak'")
    con.execute("delete from django_migrations where app = 'visits'")
    con.commit()
    con.close()
    assert _dump(db) != before
    r = _laktasi(tmp_path, "restore", str(tmp_path / "b.sqlite3"), "--yes")
    assert r.returncode == 0, r.stderr
    assert _dump(db) == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    (tmp_path / "x.sqlite3").write_text("not a database")
    r = _laktasi(tmp_path, "restore", str(tmp_path / "x.sqlite3"), "--yes", "--json")
    assert r.returncode == 2 and '"not_a_backup"' in r.stdout and "Traceback" not in r.stderr


@pytest.mark.django_db(transaction=True)
def test_postgresql_round_trip(tmp_path, study, users):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (LAKTASI_DATABASE_URL=postgresql://…)")
    from laktasi.web.visits import services
    from laktasi.web.visits.models import Participant

    arm = study.arms.first()
    services.enrol(study, users["owner"], delivered_at=study.created_at - dt.timedelta(hours=3), parity=1,
                   delivery_mode="spontaneous", consent=True, name="Ibu PG", arm=arm)
    db = dict(connection.settings_dict)
    backup_database(db, tmp_path / "pg.dump")
    services.enrol(study, users["owner"], delivered_at=study.created_at - dt.timedelta(hours=2), parity=2,
                   delivery_mode="spontaneous", consent=True, name="Ibu PG 2", arm=arm)
    assert Participant.objects.count() == 2
    connection.close()
    restore_database(db, tmp_path / "pg.dump")
    assert list(Participant.objects.values_list("code", flat=True)) == ["P001"]
