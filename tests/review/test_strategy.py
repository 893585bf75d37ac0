"""Search strategy rendering and YAML. Expected query strings follow the syntax documented by
PubMed (Search Field Descriptions and Tags: [tiab], [MeSH], [dp] ranges "YYYY/MM/DD":"YYYY/MM/DD",
[la]), Scopus (Advanced search: TITLE-ABS-KEY, PUBYEAR >, LANGUAGE()) and Google Scholar
(as_ylo/as_yhi year range parameters)."""

from __future__ import annotations

from pathlib import Path

import pytest

from laktasi.errors import InputError
from laktasi.review.strategy import Concept, SearchRun, Strategy, load_strategy, save_strategy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "review" / "strategy_seed.yaml"


@pytest.fixture
def strategy():
    return Strategy(
        title="t",
        concepts=(Concept("massage", ("oxytocin massage", "pijat oksitosin", "back massage")),
                  Concept("milk", ("breast milk", "lactation", "breastfeed*"), mesh=("Lactation", "Milk, Human"))),
        date_from="2017", date_to="2025-06", languages=("English", "Indonesian"), exclude=("cattle",),
    )


def test_pubmed(strategy):
    assert strategy.pubmed() == (
        '("oxytocin massage"[tiab] OR "pijat oksitosin"[tiab] OR "back massage"[tiab]) AND '
        '("breast milk"[tiab] OR lactation[tiab] OR breastfeed*[tiab] OR "Lactation"[MeSH] OR "Milk, Human"[MeSH])'
        ' AND ("2017/01/01"[dp] : "2025/06/30"[dp]) AND (english[la] OR indonesian[la]) NOT (cattle[tiab])'
    )


def test_scopus(strategy):
    assert strategy.scopus() == (
        'TITLE-ABS-KEY("oxytocin massage" OR "pijat oksitosin" OR "back massage") AND '
        'TITLE-ABS-KEY("breast milk" OR lactation OR breastfeed* OR Lactation OR "Milk, Human") AND '
        "PUBYEAR > 2016 AND PUBYEAR < 2026 AND (LANGUAGE(English) OR LANGUAGE(Indonesian)) AND "
        "NOT TITLE-ABS-KEY(cattle)"
    )


def test_google_scholar(strategy):
    assert strategy.google_scholar() == (
        '("oxytocin massage" OR "pijat oksitosin" OR "back massage") ("breast milk" OR lactation OR breastfeed*)'
        " -cattle")
    url = strategy.google_scholar_url()
    assert url.startswith("https://scholar.google.com/scholar?q=") and url.endswith("&as_ylo=2017&as_yhi=2025")


def test_title_field_and_override():
    s = Strategy(concepts=(Concept("a", ("pijat oksitosin",), field="ti"),), queries={"google_scholar": "as typed"})
    assert s.pubmed() == '("pijat oksitosin"[ti])'
    assert s.scopus() == 'TITLE("pijat oksitosin")'
    assert s.google_scholar() == "as typed"


def test_yaml_round_trip_keeps_header_comment(strategy, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("# my review\n# second line\ntitle: x\nconcepts: [{name: a, terms: [b]}]\n")
    run = SearchRun("PubMed", "2025-06-01", strategy.pubmed(), hits=12, retrieved=12, file="r.nbib",
                    platform="NCBI E-utilities")
    save_strategy(strategy.with_run(run), path)
    assert path.read_text().startswith("# my review\n# second line\ntitle: t\n")
    again = load_strategy(path)
    assert again == strategy.with_run(run)
    assert again.latest_run("pubmed") == run


def test_seed_example():
    s = load_strategy(EXAMPLE)
    assert s.databases == ("pubmed", "google_scholar")
    assert s.pubmed() == '(oxytocin[tiab]) AND (massage[tiab]) AND ("2017/01/01"[dp] : "2025/12/31"[dp])'
    assert s.google_scholar() == "oxytocin massage"
    assert s.runs == ()


def test_invalid_yaml_reports_every_problem(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("title: x\nconcept: []\nconcepts:\n- name: a\n  terms: []\n- name: b\n  terms: [c]\n"
                    "  field: abstract\ndate_from: 2025\ndate_to: 2017\nruns:\n- database: PubMed\n  date: yesterday\n"
                    "  hits: -3\n")
    with pytest.raises(InputError) as exc:
        load_strategy(path)
    got = [(p.column, p.value) for p in exc.value.problems]
    assert got == [("concept", None), ("concepts[1]", "a"), ("concepts[2].field", "abstract"),
                   ("date_to", "2017"), ("runs[1].date", "yesterday"), ("runs[1].hits", -3)]
    assert all(p.file == str(path) for p in exc.value.problems)


def test_yaml_syntax_error_has_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("title: x\nconcepts: [a, b\n")
    with pytest.raises(InputError) as exc:
        load_strategy(path)
    assert exc.value.problems[0].row == 3 and exc.value.problems[0].code == "yaml_syntax"
