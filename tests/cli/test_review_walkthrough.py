"""The seed review end to end, as a new user runs it (issue 4, "Done means"): the strategy YAML,
PubMed through the local fake E-utilities server (synthetic records, never the internet) with a
Scopus RIS, deduplicated, a decisions file applied, the PRISMA diagram and the study table made.
Every count is checked against the files by hand-countable facts (12 + 8 records, 6 shared DOIs)."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from laktasi.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "review"
EXAMPLES = ROOT / "examples" / "review"


@pytest.fixture
def eutils(monkeypatch):
    spec = importlib.util.spec_from_file_location("fake_eutils", ROOT / "tests" / "review" / "fake_eutils.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fake_eutils", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    fake, server = module.start(FIX / "synthetic_pubmed_oxytocin.nbib")
    monkeypatch.setenv("LAKTASI_PUBMED_URL", fake.url)
    monkeypatch.delenv("LAKTASI_PUBMED_API_KEY", raising=False)
    yield fake
    server.shutdown()
    server.server_close()


def test_seed_review_from_search_to_diagram_and_table(eutils, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "strategy_seed.yaml", "strategy.yaml")
    shutil.copy(FIX / "synthetic_scopus_oxytocin.ris", "scopus.ris")
    decisions = (EXAMPLES / "decisions_example.csv").read_text(encoding="utf-8")
    Path("decisions.csv").write_text(decisions.replace("synthetic_scopus_oxytocin:", "scopus:"), encoding="utf-8")

    assert main(["review", "search", "strategy.yaml", "--pubmed", "--out", "pubmed.nbib"]) == 0
    capsys.readouterr()

    assert main(["review", "dedup", "pubmed.nbib", "scopus.ris", "--out", "dedup.csv", "--all", "dedup_all.csv",
                 "--uncertain", "uncertain.csv", "--json"]) == 0
    # 12 PubMed + 8 Scopus records; the Scopus file repeats 6 of the PubMed studies (same DOIs)
    assert json.loads(capsys.readouterr().out) == {"records_in": 20, "duplicates_removed": 6, "records_out": 14,
                                                   "uncertain_pairs": 0, "uncertain_clusters": 0,
                                                   "verdicts_applied": 0, "verdicts_unmatched": 0}
    rows = list(csv.DictReader(open("dedup_all.csv", encoding="utf-8")))
    dois = {}
    for r in rows:
        dois.setdefault(r["doi"], []).append(r)
    for group in dois.values():  # every shared DOI is one group; its Scopus copy points to PubMed
        if len(group) == 2:
            pubmed, scopus = sorted(group, key=lambda r: r["source_database"])
            assert (pubmed["duplicate_of"], scopus["duplicate_of"]) == ("", pubmed["record_id"])

    assert main(["review", "prisma", "--records", "dedup_all.csv", "--decisions", "decisions.csv",
                 "--out", "prisma.svg", "--out", "prisma.docx", "--lang", "id", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["warnings"] == []
    c = doc["counts"]
    # decisions_example.csv: 14 screening rows (6 include, 8 exclude), 1 not retrieved,
    # 5 eligibility rows (4 include, 1 exclude)
    assert c["database_specific_results"] == [{"name": "PubMed", "n": 12}, {"name": "Scopus", "n": 8}]
    assert (c["database_results"], c["duplicates"], c["records_screened"], c["records_excluded"]) == (20, 6, 14, 8)
    assert (c["dbr_sought_reports"], c["dbr_notretrieved_reports"], c["dbr_assessed"]) == (6, 1, 5)
    assert c["dbr_excluded"] == [{"name": "Bukan pijat oksitosin saja", "n": 1}]
    assert (c["new_studies"], c["new_reports"]) == (4, 4)
    svg = Path("prisma.svg").read_text(encoding="utf-8").replace("\u00a0", " ")
    texts = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))
    for box in ("Basis data (n = 20)", "PubMed (n = 12)", "Scopus (n = 8)", "Rekaman duplikat dihapus (n = 6)",
                "(n = 14)", "(n = 8)", "(n = 6)", "(n = 1)", "(n = 5)", "Bukan pijat oksitosin saja (n = 1)",
                "(n = 4)"):
        assert box in texts, box

    assert main(["review", "table", str(EXAMPLES / "extraction_seed.csv"), "--out", "tabel1.docx",
                 "--lang", "id", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["studies"] == 6
    assert Path("tabel1.docx").stat().st_size > 5000
