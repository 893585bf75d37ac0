"""Decisions files: laktasi CSV (English/Indonesian words), Rayyan and ASReview export shapes.

The Rayyan and ASReview files here are synthetic, written in the shape those tools export
(Rayyan: ``key`` + ``notes`` with RAYYAN-INCLUSION; ASReview: ``record_id`` + ``included``).
"""

from __future__ import annotations

import pytest

from laktasi.errors import InputError
from laktasi.review.decisions import Decision, read_decisions, resolve, write_decisions
from laktasi.review.records import Record


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_laktasi_csv_with_indonesian_words(tmp_path):
    path = _write(tmp_path, "d.csv", "record_id,stage,decision,reason\n"
                  "a,penapisan,disertakan,\n"
                  "b,Title/Abstract,Excluded,bukan RCT\n"
                  "a,teks lengkap,dikeluarkan,populasi lain\n"
                  "c,retrieval,tidak diperoleh,\n"
                  "d,screening,maybe,\n"
                  "e,automation,exclude,\n")
    got = [(d.record_id, d.stage, d.decision, d.reason, d.row) for d in read_decisions(path)]
    assert got == [("a", "screening", "include", "", 2), ("b", "screening", "exclude", "bukan RCT", 3),
                   ("a", "eligibility", "exclude", "populasi lain", 4), ("c", "retrieval", "not_retrieved", "", 5),
                   ("d", "screening", "include", "", 6), ("e", "automation", "remove", "", 7)]


def test_semicolon_csv_in_cp1252(tmp_path):
    path = _write(tmp_path, "d.csv", "record_id;stage;decision;reason\na;screening;exclude;población\n",
                  encoding="cp1252")
    assert read_decisions(path)[0].reason == "población"


def test_every_problem_is_reported_with_row_and_column(tmp_path):
    path = _write(tmp_path, "d.csv", "record_id,stage,decision\na,screening,yes please\n,screening,include\n"
                  "b,triage,include\nc,screening,include\nc,screening,exclude\n")
    with pytest.raises(InputError) as exc:
        read_decisions(path)
    got = [(p.code, p.row, p.column) for p in exc.value.problems]
    assert got == [("decision_bad_decision", 2, "decision"), ("decision_no_record", 3, "record_id"),
                   ("decision_bad_stage", 4, "stage"), ("decision_conflict", 6, "decision")]


def test_missing_columns(tmp_path):
    path = _write(tmp_path, "d.csv", "id,verdict\na,include\n")
    with pytest.raises(InputError) as exc:
        read_decisions(path)
    assert exc.value.problems[0].column == "record_id, stage, decision"


def test_rayyan_export(tmp_path):
    path = _write(tmp_path, "rayyan.csv",
                  'key,title,authors,doi,notes\n'
                  '101,Oxytocin massage trial,"Putri, V",10.1/a,'
                  '"RAYYAN-INCLUSION: {""Ana""=>""Included"", ""Budi""=>""Included""}"\n'
                  '102,Breast care,"Sari, D",,'
                  '"RAYYAN-INCLUSION: {""Ana""=>""Excluded""} | RAYYAN-EXCLUSION-REASONS: wrong population"\n'
                  '103,Not yet screened,"X, Y",,""\n')
    got = [(d.record_id, d.stage, d.decision, d.reason, d.doi) for d in read_decisions(path, stage="screening")]
    assert got == [("101", "screening", "include", "", "10.1/a"),
                   ("102", "screening", "exclude", "wrong population", "")]


def test_rayyan_disagreement_is_an_error(tmp_path):
    path = _write(tmp_path, "rayyan.csv", 'key,title,notes\n'
                  '1,T,"RAYYAN-INCLUSION: {""Ana""=>""Included"", ""Budi""=>""Excluded""}"\n')
    with pytest.raises(InputError) as exc:
        read_decisions(path)
    assert exc.value.problems[0].code == "rayyan_conflict" and exc.value.problems[0].row == 2


def test_asreview_export(tmp_path):
    path = _write(tmp_path, "asreview.csv", "record_id,title,doi,included\n0,A,10.1/a,1\n1,B,,0\n2,C,,\n3,D,,2\n")
    with pytest.raises(InputError) as exc:
        read_decisions(path)
    assert [(p.row, p.value) for p in exc.value.problems] == [(5, "2")]
    path = _write(tmp_path, "asreview.csv", "record_id,title,doi,included\n0,A,10.1/a,1\n1,B,,0\n2,C,,\n")
    assert [(d.record_id, d.decision) for d in read_decisions(path)] == [("0", "include"), ("1", "exclude")]


def test_resolve_by_id_doi_pmid_and_title():
    records = [Record(title="Oxytocin massage and breast milk", doi="10.1000/A", record_id="pubmed:1"),
               Record(title="Breast care for postpartum mothers", pmid="42", record_id="pubmed:2"),
               Record(title="Lactation massage: a quasi-experiment", record_id="scopus:1")]
    decisions = [Decision("pubmed:1", "screening", "include"), Decision("9", "screening", "include",
                                                                        doi="https://doi.org/10.1000/a"),
                 Decision("10", "screening", "exclude", pmid="42"),
                 Decision("11", "screening", "include", title="LACTATION MASSAGE - a quasi experiment."),
                 Decision("12", "screening", "include", title="Something else")]
    resolved, unmatched = resolve(decisions, records)
    assert [d.record_id for d in resolved] == ["pubmed:1", "pubmed:1", "pubmed:2", "scopus:1"]
    assert [d.record_id for d in unmatched] == ["12"]


def test_write_and_read_back(tmp_path):
    decisions = [Decision("a", "screening", "include"), Decision("a", "eligibility", "exclude", "no outcome", "S1")]
    path = write_decisions(decisions, tmp_path / "out.csv")
    back = read_decisions(path)
    assert [(d.record_id, d.stage, d.decision, d.reason, d.study_id) for d in back] == [
        ("a", "screening", "include", "", ""), ("a", "eligibility", "exclude", "no outcome", "S1")]


def test_xlsx_decisions(tmp_path):
    import pandas as pd

    path = tmp_path / "d.xlsx"
    pd.DataFrame({"record_id": ["a"], "stage": ["kelayakan"], "decision": ["disertakan"]}).to_excel(path, index=False)
    assert read_decisions(path)[0].stage == "eligibility"


def test_damaged_spreadsheet_is_an_input_error(tmp_path):
    path = tmp_path / "d.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(InputError) as exc:
        read_decisions(path)
    assert exc.value.problems[0].code == "file_unreadable"


def test_tool_exports_from_the_import_fixtures_match_pubmed_records():
    """The synthetic Rayyan and ASReview files of tests/fixtures/review (written by the import
    tests in those tools' export shapes) resolve to the synthetic PubMed records by DOI."""
    from pathlib import Path

    from laktasi.review.io import read_records

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "review"
    records = read_records([fixtures / "synthetic_pubmed_oxytocin.nbib"])
    rayyan, unmatched = resolve(read_decisions(fixtures / "synthetic_rayyan.csv"), records)
    assert unmatched == []
    assert [(d.record_id, d.stage, d.decision) for d in rayyan] == [
        (f"synthetic_pubmed_oxytocin:{n}", "screening", "include") for n in (7, 8, 9)]
    asreview, unmatched = resolve(read_decisions(fixtures / "synthetic_asreview_bom.csv"), records)
    assert unmatched == []
    assert [(d.record_id, d.decision) for d in asreview] == [
        ("synthetic_pubmed_oxytocin:1", "include"), ("synthetic_pubmed_oxytocin:2", "exclude"),
        ("synthetic_pubmed_oxytocin:3", "include"), ("synthetic_pubmed_oxytocin:4", "exclude")]
