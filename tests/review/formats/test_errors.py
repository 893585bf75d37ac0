"""Bad files: one InputError naming file and line/record for every problem in every file."""

from __future__ import annotations

import pytest

from laktasi.errors import InputError
from laktasi.review.io import read_records


def _problems(*paths):
    with pytest.raises(InputError) as exc:
        read_records(list(paths))
    return exc.value.problems


def test_ris_record_without_end_line(tmp_path):
    path = tmp_path / "cut.ris"
    path.write_text("TY  - JOUR\nTI  - A\nER  - \n\nTY  - JOUR\nTI  - B\n\nTY  - JOUR\nTI  - C\n")
    problems = _problems(path)
    assert [(p.file, p.row, p.code) for p in problems] == [
        (str(path), 5, "ris_missing_er"), (str(path), 8, "ris_missing_er")]
    assert "truncated" in problems[1].message("en") and "terpotong" in problems[1].message("id")


def test_medline_garbage_line(tmp_path):
    path = tmp_path / "bad.nbib"
    path.write_text("PMID- 1\nTI  - x\nthis is not medline\n")
    (problem,) = _problems(path)
    assert (problem.row, problem.value, problem.code) == (3, "this is not medline", "medline_bad_line")


def test_wos_truncated(tmp_path):
    path = tmp_path / "savedrecs.txt"
    path.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A title\nER\n\nPT J\nTI Cut\n")
    (problem,) = _problems(path)
    assert (problem.row, problem.code) == (7, "wos_missing_er")


def test_bibtex_syntax_error(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("@article{a,\n title = {Fine},\n year = 2019\n}\n\n@article{b, title = {Broken\n\n"
                    "@article{c, title = {Also fine}}\n")
    (problem,) = _problems(path)
    assert (problem.row, problem.code) == (6, "bibtex_syntax")


def test_csv_without_title_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,when\nA,2019\n")
    (problem,) = _problems(path)
    assert (problem.row, problem.column, problem.code) == (1, "title", "table_no_title")
    assert "name, when" in problem.message("en")


def test_csv_ragged_row(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Title,Year\nA,2019\nB,2020,extra\n")
    (problem,) = _problems(path)
    assert (problem.row, problem.code) == (3, "table_bad_row")


def test_all_or_nothing_over_several_files(tmp_path, fixtures_dir):
    good = fixtures_dir / "review" / "synthetic_cochrane_central.ris"
    bad = tmp_path / "bad.nbib"
    bad.write_text("PMID- 1\nnonsense\n")
    missing = tmp_path / "nope.ris"
    problems = _problems(good, bad, missing)
    assert [(p.file, p.code) for p in problems] == [(str(bad), "medline_bad_line"), (str(missing), "file_not_found")]


def test_unknown_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some words\nnothing bibliographic\n")
    (problem,) = _problems(path)
    assert problem.code == "unknown_format"
    with pytest.raises(InputError):
        read_records([path], "endnote-xml")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.ris"
    path.write_text("")
    (problem,) = _problems(path)
    assert problem.code in ("unknown_format", "ris_empty")


def test_forced_format(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text("TY  - JOUR\nTI  - Only\nER  - \n")
    assert [r.title for r in read_records([path], "ris")] == ["Only"]
    with pytest.raises(InputError) as exc:
        read_records([path], "bibtex")
    assert exc.value.problems[0].code == "bibtex_empty"


def test_old_xls_and_binary(tmp_path):
    xls = tmp_path / "scopus.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    pdf = tmp_path / "paper.csv"
    pdf.write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    problems = _problems(xls, pdf)
    assert [p.code for p in problems] == ["xls_old", "unknown_format"]
    assert ".xlsx" in problems[0].message("en")


def test_medline_not_starting_with_pmid_is_detected(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("OWN - NLM\nSTAT- MEDLINE\nTI  - A synthetic title that goes on\n      over two lines.\n"
                    "DP  - 2020 Jan\nPMID- 90000099\n")
    (record,) = read_records([path])
    assert (record.title, record.pmid, record.source_format) == (
        "A synthetic title that goes on over two lines.", "90000099", "nbib")
