"""``laktasi serve [--port N] [--host H] [--demo]``: the home-care study web app on waitress.

With no configuration it runs on this computer only (127.0.0.1), on SQLite in ``LAKTASI_HOME``, created and
migrated on first start. ``--host`` serves a network and needs ``LAKTASI_SECRET_KEY`` and
``LAKTASI_ALLOWED_HOSTS`` (a system check refuses otherwise).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import secrets
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from laktasi.cli._common import progress
from laktasi.errors import InputError, Problem, Text


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="run the home-care study web app (waitress; 127.0.0.1 unless --host)",
        description="Run the study web app. Data live in LAKTASI_HOME (SQLite) or LAKTASI_DATABASE_URL (PostgreSQL).",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1); anything else needs LAKTASI_SECRET_KEY "
                             "and LAKTASI_ALLOWED_HOSTS")
    parser.add_argument("--demo", action="store_true", help="create a demo study (synthetic data) and print its login")
    parser.add_argument("--threads", type=int, default=16, help="worker threads (default 16; per process with --workers)")
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes (default 1: waitress; more: gunicorn, for a district server)")
    parser.add_argument("--no-serve", action="store_true", help=argparse.SUPPRESS)  # set up, then exit (tests)
    parser.set_defaults(func=run)


def setup_django(host: str | None = None) -> None:
    """Configure Django from the environment (once per process)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laktasi.web.settings")
    if host is not None:
        os.environ["LAKTASI_BIND_HOST"] = host
    import django

    django.setup()


def prepare(host: str) -> list[str]:
    """System checks, then migrations; returns the lines to print (first-start login)."""
    from django.core import checks
    from django.core.management import call_command

    errors = [e for e in checks.run_checks() if e.level >= checks.ERROR]
    if errors:
        # the check's message is "English / Indonesian"
        raise InputError([Problem(code=e.id or "check", value=host,
                                  text=Text(en=str(e.msg).split(" / ")[0], id=str(e.msg).split(" / ")[-1]))
                          for e in errors])
    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model

    User = get_user_model()
    lines: list[str] = []
    if not User.objects.exists():
        password = secrets.token_urlsafe(12)
        # a superuser: the admin pages (/admin/) are where forgotten passwords are reset
        User.objects.create_superuser(username="admin", password=password)
        lines.append(f"First start: created user 'admin' with password {password} (change it after logging in)")
        lines.append(f"Mulai pertama: pengguna 'admin' dibuat dengan kata sandi {password}")
    return lines


class ServerRunning(Exception):
    """``laktasi serve`` holds the serve lock of this ``LAKTASI_HOME`` (raised by :func:`restore_lock`)."""


def _lock_file() -> Any:
    from laktasi.config import home_dir

    home = home_dir()
    home.mkdir(parents=True, exist_ok=True)
    return open(home / "serve.lock", "a+b")  # noqa: SIM115 - held for the life of the server


@contextlib.contextmanager
def serving_lock() -> Iterator[None]:
    """Held (shared) while serving; the kernel drops it when the process ends, however it ends."""
    handle = _lock_file()
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError([Problem("restore_running", Text(
                en="a restore is replacing the database: start the server when it has finished",
                id="pemulihan sedang mengganti basis data: jalankan server setelah selesai"))]) from None
        yield
    finally:
        handle.close()


@contextlib.contextmanager
def restore_lock() -> Iterator[None]:
    """Exclusive: refused (:class:`ServerRunning`) while any ``laktasi serve`` holds the serving lock."""
    handle = _lock_file()
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ServerRunning from None
        yield
    finally:
        handle.close()


def run(args: argparse.Namespace) -> int:
    setup_django(args.host)
    lines = prepare(args.host)
    url = f"http://{'localhost' if args.host in ('127.0.0.1', 'localhost') else args.host}:{args.port}/"
    if args.demo:
        from laktasi.web.studies.models import Study
        from laktasi.web.visits.demo import create_demo, ensure_user

        existing = Study.objects.filter(is_demo=True).first()
        if existing is None:
            _study, logins = create_demo()
        else:  # passwords are stored hashed: issue new ones so they can be printed
            logins = {"demo": secrets.token_urlsafe(9), "bidan": secrets.token_urlsafe(9)}
            for name, pw in logins.items():
                ensure_user(name, pw)
        lines += [
            "Demo study (synthetic data) ready / Studi demo (data sintetis) siap:",
            f"  owner / pemilik : demo / {logins['demo']}",
            f"  midwife / bidan : bidan / {logins['bidan']}",
        ]
        from laktasi.web.review_intake.demo import create_demo_review

        _review, review_logins = create_demo_review()
        lines += [
            "Demo review (synthetic records) ready / Tinjauan demo (rekaman sintetis) siap:",
            "  owner / pemilik : demo (as above / seperti di atas)",
            f"  second reviewer / peninjau kedua : peninjau / {review_logins['peninjau']}",
        ]
    for line in lines:
        print(line, flush=True)
    print(f"laktasi: open {url} (Ctrl+C to stop)", flush=True)
    if args.no_serve:
        return 0
    _stop_on_signals()
    with serving_lock():  # `laktasi restore` refuses while this is held
        return _serve(args)


def _stop_on_signals() -> None:
    """Ctrl+C and SIGTERM (``kill``, ``systemctl stop``) end the server through KeyboardInterrupt, so the serve
    lock is released and the exit is clean. Set explicitly because a process inherits an ignored SIGINT from a
    shell that starts it in the background (``nohup``, ``&`` in a script), and Python keeps it ignored."""
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers (tests call run() from others)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, stop)


def _serve(args: argparse.Namespace) -> int:
    if args.workers > 1:  # several processes (gunicorn): a district server, docs/deploy.md
        from laktasi.cli.serve_workers import serve_workers

        progress(f"laktasi: serving on {args.host}:{args.port} with gunicorn ({args.workers} workers, "
                 f"{args.threads} threads each)")
        serve_workers(args.host, args.port, args.workers, args.threads)
        return 0
    from waitress import serve

    from laktasi.web.wsgi import application

    progress(f"laktasi: serving on {args.host}:{args.port} with waitress ({args.threads} threads)")
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="laktasi",
          connection_limit=200, channel_timeout=60)
    return 0


if __name__ == "__main__":  # pragma: no cover
    from laktasi.cli import main

    sys.exit(main(["serve", *sys.argv[1:]]))
