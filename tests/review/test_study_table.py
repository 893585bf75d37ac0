"""Included-studies table: the seed review's Table 1 read from the extraction sheet and written out."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from laktasi.errors import InputError
from laktasi.review.study_table import IncludedStudy, read_extraction, write_study_table

SEED = Path(__file__).resolve().parents[2] / "examples" / "review" / "extraction_seed.csv"


def test_seed_extraction_has_the_six_included_studies():
    studies = read_extraction(SEED)
    assert [s.author_year for s in studies] == [
        "Triansyah et al. (2021)", "V. S. Putri et al. (2025)", "Triveni et al. (2024)", "Supardi (2022)",
        "Pilaria & Sopiatun (2018)", "Agustia & Camelia (2025)"]
    # as printed in the seed's Table 1
    assert studies[0].sample == "Responden ibu menyusui, jumlah responden 30 responden"
    assert "0,016" in studies[0].results
    assert studies[3].sample == "30 ibu nifas" and "paired t-test" in studies[3].results
    assert "(p = 0,015)" in studies[5].results


def test_indonesian_headers_and_author_year_column(tmp_path):
    path = tmp_path / "ekstraksi.csv"
    path.write_text("Penulis (tahun);Judul;Sampel;Metode;Hasil;Catatan\n"
                    "Supardi (2022);Pengaruh pijat oksitosin;30 ibu nifas;Kuasi-eksperimen;p = 0,000;cek ulang\n",
                    encoding="utf-8")
    (study,) = read_extraction(path)
    assert (study.author_year, study.title, study.design, study.extra) == (
        "Supardi (2022)", "Pengaruh pijat oksitosin", "Kuasi-eksperimen", {"Catatan": "cek ulang"})


def test_problems_name_row_and_column(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("author,year,title\nA,2021,T1\nB,20x1,\n,2020,T3\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_extraction(path)
    got = [(p.code, p.row, p.column, p.value) for p in exc.value.problems]
    assert got == [("extraction_missing_title", 3, "title", None), ("extraction_bad_year", 3, "year", "20x1"),
                   ("extraction_missing_author", 4, "author", None)]
    path.write_text("study,sample\nA,30\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_extraction(path)
    assert [p.column for p in exc.value.problems] == ["title"]


def test_csv_and_xlsx_outputs_read_back(tmp_path):
    studies = read_extraction(SEED)
    write_study_table(studies, tmp_path / "t.csv", "id")
    rows = list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8")))
    assert rows[0] == ["No", "Penulis (tahun)", "Judul", "Sampel", "Desain", "Intervensi", "Luaran", "Hasil"]
    assert rows[4][:3] == ["4", "Supardi (2022)", "Pengaruh Pijat Oksitosin Terhadap Volume Asi Pada Ibu Nifas"]
    assert len(rows) == 7

    from openpyxl import load_workbook

    write_study_table(studies, tmp_path / "t.xlsx", "en")
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in ws[1]][:3] == ["No", "Author (year)", "Title"]
    assert ws.cell(row=7, column=2).value == "Agustia & Camelia (2025)"
    assert ws.cell(row=2, column=1).value == 1


def test_docx_output(tmp_path):
    from docx import Document

    write_study_table(read_extraction(SEED), tmp_path / "t.docx", "id")
    doc = Document(str(tmp_path / "t.docx"))
    assert doc.paragraphs[0].text == "Tabel 1. Studi yang disertakan dalam tinjauan"
    table = doc.tables[0]
    assert len(table.rows) == 7
    assert [c.text for c in table.rows[0].cells][:3] == ["No", "Penulis (tahun)", "Judul"]
    assert table.rows[2].cells[1].text == "V. S. Putri et al. (2025)"
    assert table.rows[0]._tr.trPr is not None  # header row repeats on each page


def test_empty_optional_columns_are_left_out(tmp_path):
    write_study_table([IncludedStudy(author="A", year="2020", title="T")], tmp_path / "t.csv", "en")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()[0] == "No,Author (year),Title"


def test_bad_output_suffix(tmp_path):
    with pytest.raises(InputError):
        write_study_table([IncludedStudy(author="A", title="T")], tmp_path / "t.pdf")


def test_damaged_spreadsheet_is_an_input_error(tmp_path):
    path = tmp_path / "e.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError) as exc:
        read_extraction(path)
    assert exc.value.problems[0].code == "file_unreadable"
