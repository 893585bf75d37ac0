"""Ctrl+C (SIGINT) or a kill (SIGKILL) while a command writes its output leaves the old output intact (issue 8).

Each command runs in a subprocess over an output that already exists. The signal is sent the moment the
command's temporary file appears beside the output — that is, while it is writing — so the test hits
the dangerous window rather than a random moment. Afterwards the output is byte-for-byte the old one
(or, if the command had already finished, the complete new one); after SIGINT no temporary file is left.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RIS = (ROOT / "tests" / "fixtures" / "review" / "synthetic_scopus_oxytocin.ris").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals")


def _big_ris(path: Path, copies: int) -> None:
    records = [r for r in RIS.split("\nER  - \n") if r.strip()]
    out = []
    for k in range(copies):
        for j, rec in enumerate(records):
            rec = rec.replace("TI  - ", f"TI  - Copy {k}-{j}: ", 1).replace("DO  - ", f"DO  - 10.9999/{k}.{j}/", 1)
            out.append(rec.strip("\n") + "\nER  - \n")
    path.write_text("\n".join(out), encoding="utf-8")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAKTASI_", "DJANGO_", "PYTEST"))}
    env["LAKTASI_HOME"] = str(tmp_path / "home")
    return env


def _interrupt_while_writing(argv: list[str], folder: Path, sig: int, env: dict[str, str]) -> bool:
    """Run ``laktasi argv``; send ``sig`` when a temporary output file appears. True if it was sent."""
    proc = subprocess.Popen([sys.executable, "-m", "laktasi.cli", *argv], env=env, cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sent = False
    try:
        deadline = time.time() + 300
        while proc.poll() is None and time.time() < deadline:
            if any(".laktasi-tmp" in p.name for p in folder.iterdir()):
                proc.send_signal(sig)
                sent = True
                break
            time.sleep(0.002)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert "Traceback" not in err, err
    return sent


def _check(outputs: list[Path], old: dict[Path, bytes], new: dict[Path, bytes], sig: int, sent: bool) -> None:
    now = {p: p.read_bytes() for p in outputs}
    if now == old:
        pass  # the interrupted run left every old output as it was
    else:
        # only possible if the command had already put its outputs in place: then all of them, complete
        assert now == new, "a partly written or partly replaced output"
    if sig == signal.SIGINT and sent:
        assert not [p for p in outputs[0].parent.iterdir() if ".laktasi-tmp" in p.name]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_import_keeps_the_old_records(tmp_path: Path, sig: int) -> None:
    _big_ris(tmp_path / "big.ris", 1000)  # 8,000 records
    out = tmp_path / "records.csv"
    env = _env(tmp_path)
    argv = ["review", "import", "big.ris", "--out", "records.csv"]
    subprocess.run([sys.executable, "-m", "laktasi.cli", *argv], env=env, cwd=tmp_path, check=True,
                   capture_output=True)
    new = {out: out.read_bytes()}
    old = {out: b"record_id,title\nold,the previous import\n"}
    out.write_bytes(old[out])
    sent = _interrupt_while_writing(argv, tmp_path, sig, env)
    _check([out], old, new, sig, sent)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_dedup_keeps_every_old_output(tmp_path: Path, sig: int) -> None:
    _big_ris(tmp_path / "a.ris", 200)
    out, every = tmp_path / "dedup.csv", tmp_path / "dedup_all.csv"
    env = _env(tmp_path)
    argv = ["review", "dedup", "a.ris", "--out", "dedup.csv", "--all", "dedup_all.csv"]
    subprocess.run([sys.executable, "-m", "laktasi.cli", *argv], env=env, cwd=tmp_path, check=True,
                   capture_output=True)
    new = {out: out.read_bytes(), every: every.read_bytes()}
    old = {out: b"old kept\n", every: b"old all\n"}
    for p, data in old.items():
        p.write_bytes(data)
    sent = _interrupt_while_writing(argv, tmp_path, sig, env)
    _check([out, every], old, new, sig, sent)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_backup_keeps_the_old_backup(tmp_path: Path, sig: int) -> None:
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-m", "laktasi.cli", "serve", "--no-serve"], env=env, check=True,
                   capture_output=True)
    db = tmp_path / "home" / "laktasi.sqlite3"
    con = sqlite3.connect(db)  # a database big enough for the copy to take a moment
    con.execute("create table ballast (b blob)")
    con.executemany("insert into ballast values (?)", [(os.urandom(1 << 16),) for _ in range(400)])  # 25 MB
    con.commit()
    con.close()
    out = tmp_path / "backup.sqlite3"
    old = {out: b"the previous backup"}
    out.write_bytes(old[out])
    sent = _interrupt_while_writing(["backup", "backup.sqlite3"], tmp_path, sig, env)
    now = out.read_bytes()
    if now != old[out]:  # finished before the signal: then it is a complete, valid backup
        check = sqlite3.connect(out)
        assert check.execute("select count(*) from ballast").fetchone() == (400,)
        check.close()
    if sig == signal.SIGINT and sent:
        assert not [p for p in tmp_path.iterdir() if ".laktasi-tmp" in p.name]


def test_ctrl_c_after_the_command_has_finished_shows_no_traceback(tmp_path: Path) -> None:
    # a Ctrl+C landing once the command is over (its outputs in place), while the interpreter shuts
    # down: ``run`` — the program behind the console script and ``python -m laktasi.cli`` — ignores it
    code = ("import os, signal, sys\n"
            "from laktasi.cli import run\n"
            "status = run()\n"
            "os.kill(os.getpid(), signal.SIGINT)\n"
            "sum(range(10**6))  # bytecode after the signal: a KeyboardInterrupt would surface here\n"
            "sys.exit(status)\n")
    done = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path), cwd=tmp_path,
                          capture_output=True, text=True)  # no arguments: the help, exit 0
    assert done.returncode == 0 and "usage" in done.stdout.lower() + done.stdout, done.stderr
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr
    # the library entry point ``main`` leaves the signal alone (tests and other programs call it)
    probe = ("import signal\n"
             "from laktasi.cli import main\n"
             "main([])\n"
             "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n")
    kept = subprocess.run([sys.executable, "-c", probe], env=_env(tmp_path), cwd=tmp_path, capture_output=True,
                          text=True)
    assert kept.stdout.strip().endswith("True"), kept.stderr
