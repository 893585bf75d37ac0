"""backup/restore from the command line: --lang, atomic backups, a restore that cannot hang or race the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("LAKTASI_", "DJANGO_", "PYTEST"))}
    e["LAKTASI_HOME"] = str(tmp_path / "home")
    e.update(extra)
    return e


def _laktasi(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "laktasi.cli", *args], env=_env(tmp_path, **extra),
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("backup")
    assert _laktasi(tmp, "serve", "--no-serve").returncode == 0  # migrated database, first user
    return tmp


def test_backup_and_restore_take_lang_and_speak_it(home: Path) -> None:
    r = _laktasi(home, "backup", str(home / "b.sqlite3"), "--lang", "id")
    assert r.returncode == 0 and "dicadangkan ke" in r.stderr, r.stderr
    r = _laktasi(home, "backup", str(home / "b.sqlite3"), "--lang", "en")
    assert r.returncode == 0 and "backed up to" in r.stderr
    r = _laktasi(home, "restore", str(home / "b.sqlite3"), "--yes", "--lang", "id")
    assert r.returncode == 0 and "dipulihkan dari" in r.stderr


def test_restore_without_yes_and_without_a_terminal_exits_2(home: Path) -> None:
    r = _laktasi(home, "restore", str(home / "b.sqlite3"), "--json", "--lang", "en")
    assert r.returncode == 2 and '"needs_yes"' in r.stdout and "Traceback" not in r.stderr
    assert "--yes" in r.stderr


def test_backup_into_a_missing_folder_or_onto_a_folder_exits_2_before_work(home: Path) -> None:
    for target in (home / "nowhere" / "b.sqlite3", home):
        r = _laktasi(home, "backup", str(target), "--json")
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr


def _start_server(home: Path, *, ignore_sigint: bool = False) -> subprocess.Popen[str]:
    """``laktasi serve`` on a free port, returned once it accepts connections. ``ignore_sigint``: started as a
    shell starts a background job (``nohup``, ``&`` in a script), with SIGINT ignored."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "laktasi.cli", "serve", "--port", str(port)], env=_env(home),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None)
    deadline = time.time() + 120
    while time.time() < deadline:  # the lock is taken just before waitress starts
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        if server.poll() is not None:
            pytest.fail(f"server exited: {server.communicate()}")
        time.sleep(0.2)
    server.kill()
    pytest.fail("server did not start")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_restore_refuses_while_the_server_is_serving(home: Path, stop: signal.Signals) -> None:
    # SIGINT ignored at start, as CI or nohup may start it: Ctrl+C and SIGTERM must stop it all the same
    server = _start_server(home, ignore_sigint=True)
    try:
        r = _laktasi(home, "restore", str(home / "b.sqlite3"), "--yes", "--json")
        assert r.returncode == 2 and '"server_running"' in r.stdout, (r.stdout, r.stderr)
    finally:
        server.send_signal(stop)
        try:
            code = server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert code == 0  # waitress ends its loop on the KeyboardInterrupt; the serve lock is released
    r = _laktasi(home, "restore", str(home / "b.sqlite3"), "--yes")  # stopped: allowed again
    assert r.returncode == 0, r.stderr
