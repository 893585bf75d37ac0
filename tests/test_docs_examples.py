"""Every command example in README.md and docs/*.md runs as written, from a fresh clone (issue 8).

Each document's ``$ laktasi …`` lines run in order in one temporary folder holding a copy of the
repository's ``examples/`` (as a fresh clone has it), so an example may use the files an earlier one
wrote — and nothing else: a file that only exists under ``tests/`` or on the author's machine fails
the test. PubMed is the test suite's local E-utilities stand-in (synthetic records, never the
internet). Afterwards the copied ``examples/`` must be unchanged: examples write only to the folder
they run in, never into tracked files. ``$ echo $?`` after an example gives its expected exit status.

Examples that cannot run here are listed in :data:`NOT_RUN` with the reason.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from laktasi.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

#: (document name, start of the command) -> why it is not run by this test
NOT_RUN: dict[tuple[str, str], str] = {
    ("README.md", "laktasi serve"): "serves until Ctrl+C (tests/cli/test_backup.py starts it)",
    ("web.md", "laktasi serve"): "serves until Ctrl+C",
    ("web.md", "export "): "shell settings for the server example",
    ("web.md", "laktasi backup /media/usb"): "a USB stick path; tests/cli/test_backup.py runs backup/restore",
    ("web.md", "laktasi restore /media/usb"): "a USB stick path; tests/cli/test_backup.py runs backup/restore",
    ("deploy.md", ""): "a server installation recipe (tests/web/test_deploy.py)",
    ("demo.md", ".venv/bin/python benchmarks/"): "a benchmark, minutes long (run by hand)",
    ("web.md", ".venv/bin/python benchmarks/"): "a benchmark, minutes long (run by hand)",
    ("review-search-import.md", "laktasi review import pubmed_nbib__"): "third-party exports in LAKTASI_BENCHDATA",
    ("review-search-import.md", "laktasi review import cnki.bib"): "illustrates a GBK export (not shipped)",
    ("review-dedup-prisma.md", "laktasi review dedup new/*.ris"): "illustrates an update search (placeholder files)",
    ("review-dedup-prisma.md", "laktasi review dedup pubmed.nbib examples/review/scopus.ris --out kept.csv "
     "--uncertain check.csv --verdicts"): "needs the verdict column filled in by a reviewer first",
    ("review-screening.md", ""): "screening docs are checked by their own tests",
}


def _commands(doc: Path) -> list[tuple[str, int | None]]:
    """(command, expected exit status or None) for each ``$ `` line of the document's code blocks."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    out: list[tuple[str, int | None]] = []
    in_block = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            in_block = not in_block
        elif in_block and line.startswith("$ "):
            cmd = line[2:]
            while cmd.endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd = cmd[:-1] + " " + lines[i].strip()
            cmd = re.sub(r"\s+#.*$", "", cmd).strip()  # a trailing comment
            if cmd.startswith("echo $?"):
                if out and i + 1 < len(lines) and lines[i + 1].strip().isdigit():
                    out[-1] = (out[-1][0], int(lines[i + 1].strip()))
            else:
                shown = lines[i + 1].lstrip() if i + 1 < len(lines) else ""
                out.append((cmd, 2 if shown.startswith('{"errors"') else None))  # shown failing with --json
        i += 1
    return out


def _skipped(doc: Path, cmd: str) -> str | None:
    for (name, start), why in NOT_RUN.items():
        if doc.name == name and cmd.startswith(start):
            return why
    return None


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def eutils(monkeypatch):
    spec = importlib.util.spec_from_file_location("fake_eutils", ROOT / "tests" / "review" / "fake_eutils.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fake_eutils", module)
    spec.loader.exec_module(module)
    fake, server = module.start(ROOT / "tests" / "fixtures" / "review" / "synthetic_pubmed_oxytocin.nbib")
    monkeypatch.setenv("LAKTASI_PUBMED_URL", fake.url)
    monkeypatch.delenv("LAKTASI_PUBMED_API_KEY", raising=False)
    yield fake
    server.shutdown()
    server.server_close()


def test_the_documents_have_examples() -> None:
    assert sum(len(_commands(d)) for d in DOCS) > 30


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_every_example_runs_as_written(doc: Path, tmp_path: Path, monkeypatch, capsys, eutils) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    before = _tree_digest(tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAKTASI_HOME", str(tmp_path / "home"))
    failures = []
    for cmd, expected in _commands(doc):
        if _skipped(doc, cmd):
            continue
        argv = shlex.split(cmd)
        if argv[0] == "cp":  # the documents copy an example before changing it
            shutil.copy(argv[1], argv[2])
            continue
        assert argv[0] in ("laktasi", ".venv/bin/laktasi"), f"{doc.name}: not a laktasi command: {cmd}"
        try:
            code = main(argv[1:])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        missing = "file_not_found" in captured.out or "tidak ada" in captured.err or "does not exist" in captured.err
        if code != (expected if expected is not None else 0) or "Traceback" in captured.err or missing:
            failures.append(f"{cmd!r}: exit {code}\n{captured.err[-600:]}")
    assert not failures, f"{doc.name}:\n" + "\n".join(failures)
    assert _tree_digest(tmp_path / "examples") == before, f"{doc.name}: an example wrote into examples/"


def test_readme_puts_laktasi_on_path_or_names_it_in_the_venv() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/activate" in text or all(c.startswith(".venv/bin/") for c, _ in _commands(ROOT / "README.md"))
