"""`laktasi review search` against the local fake E-utilities server (never the internet)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from laktasi.cli import main
from laktasi.review.io import read_records
from laktasi.review.strategy import load_strategy

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "review" / "strategy_seed.yaml"
FIX = ROOT / "tests" / "fixtures" / "review"


def _fake_eutils():
    spec = importlib.util.spec_from_file_location("fake_eutils", ROOT / "tests" / "review" / "fake_eutils.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fake_eutils", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def eutils(monkeypatch):
    fake, server = _fake_eutils().start(FIX / "synthetic_pubmed_oxytocin.nbib")
    monkeypatch.setenv("LAKTASI_PUBMED_URL", fake.url)
    monkeypatch.delenv("LAKTASI_PUBMED_API_KEY", raising=False)
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def strategy(tmp_path):
    path = tmp_path / "strategy.yaml"
    shutil.copy(SEED, path)
    return path


def test_show_queries(strategy, capsys):
    assert main(["review", "search", str(strategy), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["queries"]["pubmed"] == '(oxytocin[tiab]) AND (massage[tiab]) AND ("2017/01/01"[dp] : "2025/12/31"[dp])'
    assert doc["queries"]["google_scholar"] == "oxytocin massage"
    assert doc["google_scholar_url"].endswith("as_ylo=2017&as_yhi=2025")


def test_show_text(strategy, capsys):
    assert main(["review", "search", str(strategy), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "PubMed:" in out and "Scopus (not planned):" in out


def test_pubmed_run_writes_nbib_and_records_run(eutils, strategy, tmp_path, capsys):
    out = tmp_path / "records.nbib"
    code = main(["review", "search", str(strategy), "--pubmed", "--out", str(out), "--batch-size", "5", "--json",
                 "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 0
    doc = json.loads(captured.out)
    assert (doc["hits"], doc["retrieved"], doc["date"]) == (12, 12, dt.date.today().isoformat())
    assert "fetching records 11–12 of 12" in captured.err
    assert len(read_records([out])) == 12
    efetches = [q for p, q, _ in eutils.log if p.endswith("efetch.fcgi")]
    assert [q["retstart"] for q in efetches] == ["0", "5", "10"]
    run = load_strategy(strategy).latest_run("pubmed")
    assert (run.database, run.hits, run.retrieved, run.file) == ("PubMed", 12, 12, "records.nbib")
    assert run.query == doc["query"]
    assert strategy.read_text().startswith("# Search strategy of the seed review")  # header comment kept


def test_pubmed_429_then_success(eutils, strategy, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda s: None)  # backoff without waiting
    eutils.fail_next = [429]
    out = tmp_path / "records.nbib"
    assert main(["review", "search", str(strategy), "--pubmed", "--out", str(out), "--no-update", "--lang", "id"]) == 0
    assert "HTTP 429; mencoba lagi dalam 1 detik" in capsys.readouterr().err
    assert len(read_records([out])) == 12
    assert load_strategy(strategy).runs == ()  # --no-update


def test_pubmed_down_exit_1_no_file(eutils, strategy, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda s: None)
    eutils.fail_next = [503] * 6
    out = tmp_path / "records.nbib"
    code = main(["review", "search", str(strategy), "--pubmed", "--out", str(out), "--json", "--lang", "id"])
    captured = capsys.readouterr()
    assert code == 1 and not out.exists()
    assert json.loads(captured.out)["errors"][0]["code"] == "pubmed_error"
    assert "gagal setelah 6 percobaan" in captured.err


def test_pubmed_needs_out(strategy, capsys):
    assert main(["review", "search", str(strategy), "--pubmed", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["column"] == "--out"


def test_invalid_strategy_exit_2(tmp_path, capsys):
    bad = tmp_path / "s.yaml"
    bad.write_text("title: x\n")
    assert main(["review", "search", str(bad)]) == 2
    assert "concepts" in capsys.readouterr().err


def test_record_hand_run_google_scholar(strategy, capsys):
    code = main(["review", "search", str(strategy), "--record", "Google Scholar", "--hits", "245", "--retrieved",
                 "200", "--date", "2025-06-01", "--file", "scholar.csv", "--json"])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["query"] == "oxytocin massage"  # the strategy's Google Scholar string
    run = load_strategy(strategy).latest_run("google_scholar")
    assert (run.database, run.date, run.hits, run.retrieved, run.file) == (
        "Google Scholar", "2025-06-01", 245, 200, "scholar.csv")


def test_record_needs_hits_and_a_date(strategy, capsys):
    assert main(["review", "search", str(strategy), "--record", "Scopus", "--date", "1 June", "--json"]) == 2
    columns = [e["column"] for e in json.loads(capsys.readouterr().out)["errors"]]
    assert columns == ["--hits", "--date"]


def test_new_user_search_then_import_with_scopus(eutils, strategy, tmp_path, capsys):
    """The seed review as a new user runs it: strategy → PubMed (fake server) → import with a Scopus RIS."""
    nbib, out = tmp_path / "pubmed.nbib", tmp_path / "records.csv"
    assert main(["review", "search", str(strategy), "--pubmed", "--out", str(nbib)]) == 0
    capsys.readouterr()
    assert main(["review", "import", str(nbib), str(FIX / "synthetic_scopus_oxytocin.ris"), "--out", str(out),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["databases"] == {"PubMed": 12, "Scopus": 8}
    records = read_records([out])
    assert len(records) == 20
    by_db = {}
    for r in records:
        by_db.setdefault(r.source_database, set()).add(r.doi)
    assert len(by_db["PubMed"] & by_db["Scopus"]) == 6  # the studies both databases hold
    assert load_strategy(strategy).latest_run("pubmed").hits == 12


def test_dns_failure_fails_at_once_without_retrying(strategy, tmp_path, capsys, monkeypatch):
    """A name that does not resolve is not transient: no 30 s of backoff (issue 8)."""
    import socket
    import urllib.error

    calls = []

    def unresolvable(request, timeout=None):
        calls.append(request.full_url)
        raise urllib.error.URLError(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))

    monkeypatch.setattr("urllib.request.urlopen", unresolvable)
    sleeps = []
    monkeypatch.setattr("time.sleep", sleeps.append)
    monkeypatch.setenv("LAKTASI_PUBMED_URL", "http://eutils.invalid/")
    out = tmp_path / "records.nbib"
    code = main(["review", "search", str(strategy), "--pubmed", "--out", str(out), "--json", "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 1 and not out.exists()
    assert len(calls) == 1 and sleeps == []
    assert "does not resolve" in captured.err and "eutils.invalid" in captured.err


def test_unwritable_out_or_strategy_is_refused_before_searching(strategy, tmp_path, capsys, monkeypatch):
    def never(request, timeout=None):  # pragma: no cover - the point is that it is not reached
        raise AssertionError("PubMed was contacted")

    monkeypatch.setattr("urllib.request.urlopen", never)
    code = main(["review", "search", str(strategy), "--pubmed", "--out", str(tmp_path / "no" / "r.nbib"), "--json"])
    assert code == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "output_folder_missing"


@pytest.mark.parametrize("content", [
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
    "concepts: " + "[" * 4000 + "]" * 4000 + "\n",
    "title: x\ndate_from: 2025-13-45\n",
])
def test_hostile_strategy_yaml_exits_2_quickly_without_echoing(tmp_path, capsys, content):
    bad = tmp_path / "s.yaml"
    bad.write_text(content)
    assert main(["review", "search", str(bad), "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["errors"][0]["code"] == "yaml_syntax"
    assert len(captured.out) + len(captured.err) < 2000  # never the expanded aliases


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig"])
def test_strategy_in_other_encodings_is_read(tmp_path, capsys, encoding):
    text = SEED.read_text(encoding="utf-8").replace("title:", "title: Pijat oksitosin — café\n# ", 1)
    p = tmp_path / "s.yaml"
    p.write_bytes(text.encode(encoding, errors="replace"))
    assert main(["review", "search", str(p), "--json"]) == 0
    assert "café" in json.loads(capsys.readouterr().out)["title"]
