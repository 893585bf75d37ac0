"""``laktasi backup OUT`` / ``laktasi restore IN``: a consistent snapshot of the web app's database.

SQLite (``LAKTASI_HOME``): the SQLite online backup API, safe while ``laktasi serve`` is running.
PostgreSQL (``LAKTASI_DATABASE_URL``): ``pg_dump --format=custom`` and ``pg_restore --clean``.

The backup file appears only once complete (:mod:`laktasi.files`: a temporary file beside it,
then an atomic rename), so Ctrl+C or a kill during a backup leaves the previous backup intact.
A restore replaces the live database, so it asks first — and without a terminal to ask at it
needs ``--yes`` — and refuses while ``laktasi serve`` is serving from this ``LAKTASI_HOME``.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, check_outputs, print_json, progress
from laktasi.errors import InputError, LaktasiError, Problem, Text
from laktasi.files import atomic_path, check_input_path


def register(subparsers: Any) -> None:
    b = subparsers.add_parser("backup", help="snapshot the web app's database to a file (SQLite or PostgreSQL)")
    b.add_argument("out", type=Path, help="backup file to write (.sqlite3 for SQLite, .dump for PostgreSQL)")
    add_lang_flag(b)
    add_json_flag(b)
    b.set_defaults(func=run_backup)
    r = subparsers.add_parser("restore", help="replace the web app's database with a backup (stop the server first)")
    r.add_argument("src", type=Path, help="backup file written by `laktasi backup`")
    r.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_lang_flag(r)
    add_json_flag(r)
    r.set_defaults(func=run_restore)


def _error(code: str, en: str, id_: str, file: Path | str | None = None) -> InputError:
    return InputError([Problem(code, Text(en=en, id=id_), file=None if file is None else str(file))])


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
        raise _error("tool_missing", f"{name} not found: install the PostgreSQL client tools (Debian: "
                     "postgresql-client)", f"{name} tidak ditemukan: pasang perangkat klien PostgreSQL (Debian: "
                     "postgresql-client)")
    return path


def backup_database(db: dict[str, Any], out: Path) -> Path:
    """Write a consistent snapshot of ``db`` (a Django DATABASES entry) to ``out``, atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        if _is_sqlite(db):
            src = sqlite3.connect(str(db["NAME"]))
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)  # page-by-page copy under SQLite's locking: a consistent snapshot
            finally:
                dst.close()
                src.close()
        else:
            args, env = _pg_env_args(db)
            result = subprocess.run([_tool("pg_dump"), *args, "--format=custom", "--no-owner", "-f", str(tmp),
                                     str(db["NAME"])], env=env, capture_output=True, text=True)
            if result.returncode != 0:
                detail = result.stderr.strip()[:500]
                raise LaktasiError(f"pg_dump failed / pg_dump gagal: {detail}")
    return out


def _check_sqlite_backup(src: Path) -> None:
    try:
        con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            con.execute("select count(*) from django_migrations").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise _error("not_a_backup", "not a laktasi SQLite backup (no django_migrations table)",
                     "bukan cadangan SQLite laktasi (tidak ada tabel django_migrations)", src) from None


def restore_database(db: dict[str, Any], src: Path) -> None:
    """Replace the contents of ``db`` with the backup ``src``."""
    check_input_path(src)  # missing, a folder, unreadable: InputError naming the file
    if _is_sqlite(db):
        _check_sqlite_backup(src)
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        target = sqlite3.connect(str(db["NAME"]), timeout=30)
        try:
            source.backup(target)  # one transaction on the target: all pages or none
        finally:
            target.close()
            source.close()
        return
    args, env = _pg_env_args(db)
    result = subprocess.run([_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner",
                             "--single-transaction", "-d", str(db["NAME"]), str(src)],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise LaktasiError(f"pg_restore failed / pg_restore gagal: {result.stderr.strip()[:500]}")


def _database() -> dict[str, Any]:
    from laktasi.cli.serve import setup_django

    setup_django()
    from django.conf import settings

    return dict(settings.DATABASES["default"])


def run_backup(args: argparse.Namespace) -> int:
    id_ = args.lang == "id"
    check_outputs([("OUT", args.out)])
    db = _database()
    if _is_sqlite(db) and not Path(db["NAME"]).exists():
        raise _error("no_database", "no database yet: run `laktasi serve` first",
                     "belum ada basis data: jalankan `laktasi serve` dahulu", db["NAME"])
    out = backup_database(db, args.out)
    kind = "sqlite" if _is_sqlite(db) else "postgresql"
    size = out.stat().st_size
    if args.json:
        print_json({"backup": str(out), "database": kind, "bytes": size})
    else:
        progress(f"laktasi: basis data {kind} dicadangkan ke {out} ({size} bita)" if id_
                 else f"laktasi: {kind} database backed up to {out} ({size} bytes)")
    return 0


def _confirm(args: argparse.Namespace) -> bool:
    """Ask on the terminal; with no terminal to ask at, --yes is required (exit 2 rather than hang or crash)."""
    id_ = args.lang == "id"
    if not sys.stdin.isatty():
        raise _error("needs_yes", "restore replaces the database: without a terminal to confirm at, add --yes",
                     "restore mengganti basis data: tanpa terminal untuk konfirmasi, tambahkan --yes", args.src)
    question = (f"Ganti basis data dengan {args.src}? [y/N] " if id_
                else f"Replace the database with {args.src}? [y/N] ")
    try:
        answer = input(question)
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes", "ya")


def run_restore(args: argparse.Namespace) -> int:
    from laktasi.cli.serve import ServerRunning, restore_lock

    id_ = args.lang == "id"
    check_input_path(args.src)
    if not args.yes and not _confirm(args):
        progress("laktasi: pemulihan dibatalkan" if id_ else "laktasi: restore cancelled")
        return 1
    db = _database()
    try:
        with restore_lock():
            restore_database(db, args.src)
    except ServerRunning:
        raise _error("server_running", "laktasi serve is running on this database: stop it (Ctrl+C) first, then "
                     "restore", "laktasi serve sedang berjalan pada basis data ini: hentikan dahulu (Ctrl+C), lalu "
                     "pulihkan", args.src) from None
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # a backup from an older version catches up
    if args.json:
        print_json({"restored": str(args.src)})
    else:
        progress(f"laktasi: basis data dipulihkan dari {args.src}" if id_
                 else f"laktasi: database restored from {args.src}")
    return 0
