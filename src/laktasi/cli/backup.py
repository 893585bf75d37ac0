"""``laktasi backup OUT`` / ``laktasi restore IN``: a consistent snapshot of the web app's database.

SQLite (``LAKTASI_HOME``): the SQLite online backup API, safe while ``laktasi serve`` is running.
PostgreSQL (``LAKTASI_DATABASE_URL``): ``pg_dump --format=custom`` and ``pg_restore --clean``.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, print_json, progress
from laktasi.errors import InputError, LaktasiError, Problem, Text


def register(subparsers: Any) -> None:
    b = subparsers.add_parser("backup", help="snapshot the web app's database to a file (SQLite or PostgreSQL)")
    b.add_argument("out", type=Path, help="backup file to write (.sqlite3 for SQLite, .dump for PostgreSQL)")
    add_json_flag(b)
    b.set_defaults(func=run_backup)
    r = subparsers.add_parser("restore", help="replace the web app's database with a backup (stop the server first)")
    r.add_argument("src", type=Path, help="backup file written by `laktasi backup`")
    r.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_json_flag(r)
    r.set_defaults(func=run_restore)


def _is_sqlite(db: dict[str, Any]) -> bool:
    return "sqlite" in str(db["ENGINE"])


def _pg_env_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    import os

    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise LaktasiError(f"{name} not found: install the PostgreSQL client tools (Debian: postgresql-client)")
    return path


def backup_database(db: dict[str, Any], out: Path) -> Path:
    """Write a consistent snapshot of ``db`` (a Django DATABASES entry) to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite(db):
        tmp = out.with_name(out.name + ".partial")
        tmp.unlink(missing_ok=True)
        src = sqlite3.connect(str(db["NAME"]))
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)  # page-by-page copy under SQLite's locking: a consistent snapshot
        finally:
            dst.close()
            src.close()
        tmp.replace(out)
        return out
    args, env = _pg_env_args(db)
    subprocess.run([_tool("pg_dump"), *args, "--format=custom", "--no-owner", "-f", str(out), str(db["NAME"])],
                   check=True, env=env, capture_output=True)
    return out


def _check_sqlite_backup(src: Path) -> None:
    try:
        con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            con.execute("select count(*) from django_migrations").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise InputError([Problem("not_a_backup", Text(
            en="not a laktasi SQLite backup (no django_migrations table)",
            id="bukan cadangan SQLite laktasi (tidak ada tabel django_migrations)"), file=str(src))]) from None


def restore_database(db: dict[str, Any], src: Path) -> None:
    """Replace the contents of ``db`` with the backup ``src``."""
    if not src.is_file():
        raise InputError([Problem("file_not_found", Text(en="backup file not found", id="berkas cadangan tidak "
                                                         "ditemukan"), file=str(src))])
    if _is_sqlite(db):
        _check_sqlite_backup(src)
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        target = sqlite3.connect(str(db["NAME"]), timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    args, env = _pg_env_args(db)
    result = subprocess.run([_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner",
                             "--single-transaction", "-d", str(db["NAME"]), str(src)],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise LaktasiError(f"pg_restore failed: {result.stderr.strip()[:500]}")


def _database() -> dict[str, Any]:
    from laktasi.cli.serve import setup_django

    setup_django()
    from django.conf import settings

    return dict(settings.DATABASES["default"])


def run_backup(args: argparse.Namespace) -> int:
    db = _database()
    if _is_sqlite(db) and not Path(db["NAME"]).exists():
        raise InputError([Problem("no_database", Text(en="no database yet: run `laktasi serve` first",
                                                      id="belum ada basis data: jalankan `laktasi serve` dahulu"),
                                  file=str(db["NAME"]))])
    out = backup_database(db, args.out)
    kind = "sqlite" if _is_sqlite(db) else "postgresql"
    if args.json:
        print_json({"backup": str(out), "database": kind, "bytes": out.stat().st_size})
    else:
        progress(f"laktasi: {kind} database backed up to {out} ({out.stat().st_size} bytes)")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    db = _database()
    if not args.yes:
        answer = input(f"Replace the database with {args.src}? Stop `laktasi serve` first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "ya"):
            progress("laktasi: restore cancelled")
            return 1
    restore_database(db, args.src)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # a backup from an older version catches up
    if args.json:
        print_json({"restored": str(args.src)})
    else:
        progress(f"laktasi: database restored from {args.src}")
    return 0
