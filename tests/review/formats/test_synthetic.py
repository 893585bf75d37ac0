"""Formats with no real sample offline, on the SYNTHETIC fixtures in tests/fixtures/review/
(written by make_synthetic.py; expected values are the values that script writes)."""

from __future__ import annotations

import pandas as pd
import pytest

from laktasi.review.formats import Source, decode
from laktasi.review.io import detect_format, read_records


@pytest.fixture
def review_fixtures(fixtures_dir):
    return fixtures_dir / "review"


def test_publish_or_perish_csv(review_fixtures):
    records = read_records([review_fixtures / "synthetic_publish_or_perish.csv"])
    assert len(records) == 5
    first = records[0]
    assert first.title.startswith("Effect of oxytocin massage on breast milk production")
    assert first.authors == ("D Lestari", "B Santoso")  # PoP prints "Initial Family"
    assert (first.year, first.journal, first.volume, first.issue, first.pages) == (
        2018, "Jurnal Kebidanan Sintetis", "4", "2", "101-109")  # Source + StartPage/EndPage
    assert first.doi == "10.5555/jks.2018.0101"
    assert records[1].doi == ""  # PoP often has no DOI
    assert all(r.source_database == "Google Scholar" for r in records)  # from GSRank/CitesURL columns
    assert first.raw["GSRank"] == "1" and first.raw["Cites"] == "9"


def test_cochrane_central_ris(review_fixtures):
    records = read_records([review_fixtures / "synthetic_cochrane_central.ris"])
    assert len(records) == 3
    first = records[0]
    assert first.record_id == "CN-01900000"
    assert first.pmid == "90000003"  # "PM  - PUBMED 90000003"
    assert first.journal == "Synthetic Journal of Lactation"  # JO
    assert first.pages == "512-520"  # SP holds the whole range
    assert all(r.source_database == "Cochrane CENTRAL" for r in records)


def test_cp1252_endnote_ris(review_fixtures):
    path = review_fixtures / "synthetic_endnote_cp1252.ris"
    text, encoding = decode(path.read_bytes())
    assert encoding == "cp1252"
    records = read_records([path])
    assert len(records) == 2
    assert records[0].authors == ("Müller, Jürgen", "Gonçalves, Inês")
    assert records[0].title == "Café-based \u201ckangaroo\u201d care and lactation \u2013 a synthetic record"
    assert records[0].doi == "10.5555/rs.2018.010"  # "doi:" label removed, lower case
    assert records[0].language == "French"
    assert records[1].authors == ("Åström, Björn",)
    assert records[1].title == "Señora Peña\u2019s breastfeeding diary (synthetic)"


def test_bom_asreview_csv(review_fixtures):
    path = review_fixtures / "synthetic_asreview_bom.csv"
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    records = read_records([path])
    assert len(records) == 4
    first = records[0]
    assert "record_id" in first.raw  # the BOM did not end up in the first header
    assert first.record_id == "0"
    assert first.doi == "10.5555/jks.2018.0101"  # "https://doi.org/" removed
    assert first.authors == ("Lestari, Dewi", "Santoso, Budi")
    assert first.keywords == ("oxytocin massage", "breast milk production")
    assert [r.raw["included"] for r in records] == ["1", "0", "1", "0"]


def test_rayyan_semicolon_csv(review_fixtures):
    records = read_records([review_fixtures / "synthetic_rayyan.csv"])
    assert len(records) == 3
    first = records[0]
    assert first.title == "Serum prolactin after oxytocin massage in breastfeeding mothers"
    assert first.record_id == "rayyan-90000007"
    assert first.source_database == "Rayyan"
    assert first.keywords == ("prolactin", "oxytocin")
    assert records[1].authors == ("Fauziah, Lina", "Gunawan, Hendra")  # " and "-separated


def test_synthetic_pubmed_and_scopus_share_dois(review_fixtures):
    pubmed = read_records([review_fixtures / "synthetic_pubmed_oxytocin.nbib"])
    scopus = read_records([review_fixtures / "synthetic_scopus_oxytocin.ris"])
    assert (len(pubmed), len(scopus)) == (12, 8)
    # Scopus writes two of the six shared DOIs as upper-case resolver URLs; normalised they match PubMed's.
    assert len({r.doi for r in pubmed} & {r.doi for r in scopus}) == 6
    assert pubmed[0].authors == ("Lestari, Dewi", "Santoso, Budi")  # FAU preferred over AU


def test_xlsx_scopus_columns(tmp_path):
    frame = pd.DataFrame({
        "Authors": ["Lestari D.; Santoso B.", "Sari I."],
        "Title": ["Synthetic title one", "Synthetic title two"],
        "Year": [2018, 2022],
        "Source title": ["Jurnal Kebidanan Sintetis", "Synthetic Midwifery Journal"],
        "DOI": ["10.5555/JKS.2018.0101", ""],
        "PubMed ID": ["90000001", ""],
        "Language of Original Document": ["Indonesian", "English"],
        "EID": ["2-s2.0-1", "2-s2.0-2"],
    })
    path = tmp_path / "scopus.xlsx"
    frame.to_excel(path, index=False)
    assert detect_format(Source(path=path, data=path.read_bytes())) == "xlsx"
    records = read_records([path])
    assert [r.title for r in records] == ["Synthetic title one", "Synthetic title two"]
    assert records[0].year == 2018 and records[0].doi == "10.5555/jks.2018.0101"
    assert records[0].pmid == "90000001" and records[0].language == "Indonesian"
    assert records[0].authors == ("Lestari D.", "Santoso B.")
    assert records[0].source_database == "Scopus" and records[0].source_format == "xlsx"


@pytest.mark.parametrize(("data", "encoding"), [
    ("Título".encode(), "utf-8"),
    (b"\xef\xbb\xbf" + "Título".encode(), "utf-8-sig"),
    ("Título".encode("cp1252"), "cp1252"),
    ("Título".encode("utf-16"), "utf-16"),
])
def test_decode(data, encoding):
    text, found = decode(data)
    assert (text, found) == ("Título", encoding)


def test_decode_normalises_line_ends():
    assert decode(b"a\r\nb\rc\n")[0] == "a\nb\nc\n"


def test_wos_tab_delimited_utf16(review_fixtures):
    path = review_fixtures / "synthetic_wos_tab_utf16.txt"
    assert path.read_bytes()[:2] == b"\xff\xfe"
    records = read_records([path])
    assert len(records) == 3
    first = records[0]
    assert first.authors == ("Lestari, Dewi", "Santoso, Budi")  # AF (full names) preferred over AU
    assert (first.journal, first.year, first.pages) == ("JURNAL KEBIDANAN SINTETIS", 2018, "101-109")
    assert (first.doi, first.pmid, first.record_id) == ("10.5555/jks.2018.0101", "90000001", "WOS:000000000000001")
    assert first.source_database == "Web of Science" and first.source_format == "csv"


def test_pubmed_csv_export(tmp_path):
    # SYNTHETIC rows in the column layout of PubMed's "Save → CSV" export.
    path = tmp_path / "csv-oxytocinm-set.csv"
    path.write_text(
        "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n"
        '90000001,Effect of oxytocin massage (synthetic).,"Lestari D, Santoso B",J Kebidanan Sint. 2018;4(2):101-109.,'
        "Lestari D,J Kebidanan Sint,2018,2018/06/01,,,10.5555/jks.2018.0101\n", encoding="utf-8")
    (record,) = read_records([path])
    assert (record.pmid, record.year, record.journal, record.doi) == (
        "90000001", 2018, "J Kebidanan Sint", "10.5555/jks.2018.0101")
    assert record.authors == ("Lestari D", "Santoso B")
    assert record.source_database == "PubMed"


def test_zotero_csv_export(tmp_path):
    # SYNTHETIC row in the column layout of Zotero's "Export Collection → CSV".
    path = tmp_path / "zotero.csv"
    path.write_text(
        '"Key","Item Type","Publication Year","Author","Title","Publication Title","ISSN","DOI","Url",'
        '"Abstract Note","Date","Pages","Issue","Volume","Language","Manual Tags"\n'
        '"ABCD1234","journalArticle","2021","Wulandari, Fitri; Kurniawan, Eko","Oxytocin massage therapy (synthetic)",'
        '"Jurnal Kebidanan Sintetis","","10.5555/JKS.2021.0210","","An abstract.","2021-09","210-218","3","7",'
        '"ind","pijat oksitosin; caesarean section"\n', encoding="utf-8")
    (record,) = read_records([path])
    assert record.record_id == "ABCD1234"
    assert record.authors == ("Wulandari, Fitri", "Kurniawan, Eko")
    assert (record.journal, record.year, record.pages, record.issue, record.volume) == (
        "Jurnal Kebidanan Sintetis", 2021, "210-218", "3", "7")
    assert record.language == "Indonesian" and record.keywords == ("pijat oksitosin", "caesarean section")


def test_pubmed_and_zotero_style_ris(tmp_path):
    # SYNTHETIC records in the tag layout of a PubMed record exported as RIS by a citation manager,
    # and of a Zotero RIS with no PY (year only in DA; Y2 is Zotero's access date).
    path = tmp_path / "mixed.ris"
    path.write_text(
        "TY  - JOUR\nDB  - PubMed\nAN  - 90000004\nTI  - Oxytocin massage therapy (synthetic)\n"
        "AU  - Wulandari, F\nPY  - 2021\nJO  - J Kebidanan Sint\nER  - \n\n"
        "TY  - JOUR\nTI  - A Zotero item (synthetic)\nAU  - Sari, Intan\nDA  - 2019/03/01/\n"
        "Y2  - 2025/06/01/20:11:00\nUR  - https://pubmed.ncbi.nlm.nih.gov/90000005/\nER  - \n", encoding="utf-8")
    pubmed, zotero = read_records([path])
    assert (pubmed.pmid, pubmed.year, pubmed.source_database, pubmed.journal) == (
        "90000004", 2021, "PubMed", "J Kebidanan Sint")
    assert (zotero.year, zotero.pmid) == (2019, "90000005")
