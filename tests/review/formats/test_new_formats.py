"""Formats and export quirks of issue 12, on hand-written fixtures that imitate real exports.

No real export of these kinds is in benchdata/exports; each fixture's header comment (or
tests/fixtures/review/README.md for CSV, JSON and .enw, which allow no comment) says what it
imitates. Expected values are read off the fixture text by eye, not produced by the reader.
"""

from __future__ import annotations

import pytest

from laktasi.errors import InputError
from laktasi.review.formats import REGISTRY, Source
from laktasi.review.io import detect_format, read_records, read_uploads


@pytest.fixture
def fx(fixtures_dir):
    return fixtures_dir / "review"


def _one(path, **kw):
    warnings = []
    records = read_records([path], warnings=warnings, **kw)
    return records, warnings


def test_endnote20_xml_style_runs_accession_and_doi(fx):
    records, _ = _one(fx / "imitation_endnote20.xml")
    assert len(records) == 2
    first, second = records
    # the title is three <style> runs (italics in the middle)
    assert first.title == "Effect of oxytocin massage on breast milk volume in ibu nifas: a quasi-experiment"
    assert first.authors == ("Lestari, Dewi", "Santoso, Budi")
    assert (first.journal, first.volume, first.issue, first.pages, first.year) == (
        "Jurnal Kebidanan Sintetis", "4", "2", "101-109", 2018)
    assert first.doi == "10.5555/jks.2018.0101"
    assert (first.pmid, first.source_database) == ("90000001", "PubMed")  # accession-num + provider NLM
    assert first.keywords == ("Breast Feeding", "Oxytocin", "Massage")
    assert first.abstract.startswith("BACKGROUND: Synthetic abstract. METHODS:")  # &#xD; folded
    assert first.language == "English" and first.source_format == "endnote_xml"
    assert (second.doi, second.source_database, second.pmid) == ("10.5555/jks.2021.0210", "Scopus", "")
    assert first.raw["source-app"] == "EndNote" and first.raw["ref-type"] == "Journal Article"


def test_zotero_and_mendeley_xml(fx):
    (z,), _ = _one(fx / "imitation_zotero.xml")
    assert (z.title, z.journal, z.issue, z.year, z.doi) == (
        "Music therapy and oxytocin massage for breast milk production", "Jurnal Kebidanan Sintetis", "4", 2021,
        "10.5555/jks.2021.0300")
    assert z.abstract.endswith("during massage & expressed milk.")
    assert z.language == "Indonesian" and z.raw["source-app"] == "Zotero"
    m, _ = _one(fx / "imitation_mendeley.xml")
    assert [r.title for r in m] == ["Back massage and prolactin in the first week postpartum",
                                    "Lactation counselling by midwives at home visits"]
    assert m[0].journal == "Proceedings of the Synthetic Midwifery Conference"
    assert m[0].keywords == ("oxytocin massage", "prolactin")


def test_endnote_xml_entity_bomb_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><records><record><titles><title>&b;'
                    "</title></titles></record></records></xml>")
    with pytest.raises(InputError) as exc:
        read_records([bomb])
    assert exc.value.problems[0].code == "xml_entities"


def _only_problem(path, text):
    """The one problem reported for a file holding ``text``, which must be refused."""
    path.write_text(text)
    with pytest.raises(InputError) as exc:
        read_records([path])
    (problem,) = exc.value.problems
    return problem


def test_endnote_xml_syntax_error_has_line(tmp_path):
    problem = _only_problem(tmp_path / "cut.xml", '<?xml version="1.0"?>\n<xml><records>\n<record><titles>'
                            "<title>A</title></titles></record>\n<record><titles><title>B</titles>\n")
    assert (problem.code, problem.row) == ("xml_syntax", 4)


def test_endnote_xml_with_an_unknown_declared_encoding_is_refused_with_its_name(tmp_path):
    # found by benchmarks/fuzz.py: a number mutated in the declaration reached the user as a LookupError
    problem = _only_problem(tmp_path / "odd.xml", '<?xml version="1.0" encoding="UTF-0"?>\n<xml><records><record>'
                            "<titles><title>A</title></titles></record></records></xml>")
    assert (problem.code, problem.row) == ("xml_encoding", 1)
    assert "UTF-0" in problem.message("en") and "UTF-0" in problem.message("id")


def test_enw_google_scholar_and_pubmed_style(fx):
    records, _ = _one(fx / "imitation_google_scholar.enw")
    assert len(records) == 3  # the third starts with %0 without a blank line before it
    a, b, c = records
    assert (a.title, a.authors, a.journal, a.volume, a.issue, a.pages, a.year) == (
        "Effect of oxytocin massage on breast milk production in postpartum mothers", ("Lestari, Dewi", "Santoso, Budi"),
        "Jurnal Kebidanan Sintetis", "4", "2", "101-109", 2018)
    assert b.keywords == ("Breast Feeding", "Oxytocin", "Massage")  # one %K line, two continuation lines
    assert b.abstract == ("Synthetic abstract. Caesarean mothers received massage twice a day; milk volume was "
                          "measured at 72 hours.")
    assert (b.doi, b.pmid, b.source_database, b.language) == ("10.5555/jks.2021.0210", "90000004", "PubMed", "English")
    assert (c.title, c.journal, c.pages) == ("Home visits in the first week", "Midwifery care at home (synthetic)",
                                             "33-41")
    assert all(r.source_format == "enw" for r in records)


def test_publish_or_perish_json(fx):
    records, _ = _one(fx / "imitation_publish_or_perish.json")
    a, b = records
    assert (a.title[:30], a.authors, a.year, a.volume, a.issue, a.pages, a.doi) == (
        "Effect of oxytocin massage on ", ("D Lestari", "B Santoso"), 2018, "4", "2", "101-109",
        "10.5555/jks.2018.0101")
    assert (a.source_database, a.record_id, a.journal) == ("Google Scholar", "GS:90000000000000000001",
                                                          "Jurnal Kebidanan Sintetis")
    # 0 means unknown; "..." is Google Scholar cutting the author list
    assert (b.volume, b.issue, b.pages) == ("", "", "")
    assert b.authors == ("F Wulandari", "E Kurniawan")


def test_publish_or_perish_csv_zeros(fx, tmp_path):
    text = (fx / "synthetic_publish_or_perish.csv").read_text(encoding="utf-8")
    header, row = text.splitlines()[:2]
    cells = row.split(",")
    # Volume, Issue, StartPage, EndPage at 0 — how PoP writes "unknown"
    path = tmp_path / "pop.csv"
    path.write_text(header + "\n" + row.replace(",4,2,101,109,", ",0,0,0,0,") + "\n", encoding="utf-8")
    (record,) = read_records([path])
    assert (record.volume, record.issue, record.pages) == ("", "", "")
    assert len(cells) > 20


def test_csv_of_bibtex_fields_takes_a_conference_papers_proceedings_as_its_journal(tmp_path):
    # the layout of CoLRev / bib-dedupe record tables: "journal" empty for an inproceedings row
    path = tmp_path / "records_pre_merged.csv"
    path.write_text(
        '"ID","ENTRYTYPE","journal","title","year","volume","number","pages","author","doi","booktitle"\n'
        '"id_1","inproceedings",,"Seller uncertainty in sharing economy",2017,,,,"Lei, Yu and Yayla, Ali",,'
        '"Americas Conference on Information Systems"\n'
        '"id_2","article","MIS Quarterly","Detecting fake websites",2010,34,3,"435--461",'
        '"Abbasi, Ahmed and Zhang, Zhu","10.2307/25750686","Ignored Proceedings"\n', encoding="utf-8")
    conference, article = read_records([path])
    assert conference.journal == "Americas Conference on Information Systems"
    assert conference.authors == ("Lei, Yu", "Yayla, Ali")
    assert (article.journal, article.volume, article.issue, article.pages) == ("MIS Quarterly", "34", "3", "435--461")
    # a table with a proceedings column only
    only = tmp_path / "only.csv"
    only.write_text("Title,Authors,Year,Conference name\nSeller uncertainty,\"Lei, Yu\",2017,AMCIS\n",
                    encoding="utf-8")
    assert read_records([only])[0].journal == "AMCIS"


def test_springer_csv_glued_authors(fx):
    records, _ = _one(fx / "imitation_springer.csv")
    a, b = records
    assert a.authors == ("Dewi Lestari", "Budi Santoso")
    assert (a.journal, a.volume, a.issue, a.doi, a.year) == ("Jurnal Kebidanan Sintetis", "4", "2",
                                                              "10.5555/jks.2018.0101", 2018)
    assert b.title == "Back massage, prolactin and milk volume: a randomised trial"
    assert b.authors == ("Eko Kurniawan", "Ayu Putri (Yani) Lestari", "Ronan McDonald")
    assert all(r.source_database == "SpringerLink" for r in records)


def test_psycinfo_ris_pmid_lines(fx):
    records, _ = _one(fx / "imitation_psycinfo_apa.ris")
    a, b = records
    # the PMID line after T1 no longer ends up in the title; after TY it no longer crashes
    assert a.title == "Maternal anxiety and breast milk volume after oxytocin massage"
    assert (a.pmid, a.source_database, a.journal, a.year) == ("90000011", "PsycINFO",
                                                              "Journal of Synthetic Perinatal Psychology", 2020)
    assert (b.pmid, b.title) == ("90000012", "Postpartum depression screening during home visits")
    assert a.raw["PMID"] == "90000011"


def test_endnote_ris_of_pubmed_records(fx):
    records, _ = _one(fx / "imitation_endnote_pubmed.ris")
    a, b = records
    assert (a.pmid, a.source_database, b.pmid, b.source_database) == ("90000001", "PubMed", "90000004", "PubMed")
    assert a.abstract == "Synthetic abstract. Thirty mothers received massage; milk volume was measured on day three."
    assert a.title.startswith("Effect of oxytocin") and a.authors == ("Lestari, D.", "Santoso, B.")


def test_ris_continuation_does_not_reach_the_next_record(tmp_path):
    # A blank line then text at the top of a record used to raise KeyError: 'AB' (the last tag of
    # the previous record); now it is reported with its line.
    path = tmp_path / "x.ris"
    path.write_text("TY  - JOUR\nTI  - A\nAB  - first\nER  - \n\nTY  - JOUR\nstray text\nTI  - B\nER  - \n")
    with pytest.raises(InputError) as exc:
        read_records([path])
    (problem,) = exc.value.problems
    assert (problem.code, problem.row, problem.value) == ("ris_bad_line", 7, "stray text")


def test_eric_nbib_is_labelled_eric(fx):
    records, _ = _one(fx / "imitation_eric.nbib")
    a, b = records
    assert (a.source_database, a.pmid, a.record_id, a.journal, a.pages, a.year) == (
        "ERIC", "", "EJ9000001", "Journal of Synthetic Health Education", "45-60", 2022)
    assert a.keywords == ("Midwifery", "Nursing Education", "Breastfeeding")
    assert (b.source_database, b.record_id) == ("ERIC", "ED9000002")
    assert all(r.source_format == "nbib" for r in records)


def test_ebsco_bibtex_at_inside_braces_and_duplicate_keys(fx):
    records, warnings = _one(fx / "imitation_ebsco.bib")
    assert [r.title for r in records] == ["Breastfeeding support @ home: a synthetic trial",
                                          "Midwife-led lactation counselling",
                                          "Another record under the same accession key"]
    assert "@home{lactation}" in records[0].raw["abstract"] and "data@example.org" in records[0].abstract
    assert [r.raw["ID"] for r in records] == ["90000021", "90000022", "90000022#2"]
    (warning,) = warnings
    assert (warning.code, warning.row, warning.severity) == ("bibtex_duplicate_key", 29, "warning")
    assert "90000022#2" in warning.message("en") and "90000022#2" in warning.message("id")


GBK_BIB = ("@article{a,\n title={母乳喂养的研究},\n author={张三},\n year={2020}\n}\n")


def test_gbk_bibtex_refused_or_read_when_named(tmp_path):
    path = tmp_path / "cnki.bib"
    path.write_bytes(GBK_BIB.encode("gbk"))
    with pytest.raises(InputError) as exc:
        read_records([path])
    (problem,) = exc.value.problems
    assert problem.code == "encoding_double_byte" and "--encoding gbk" in problem.message("en")
    (record,) = read_records([path], encoding="gbk")
    assert (record.title, record.authors) == ("母乳喂养的研究", ("张三",))


def test_cp1252_bibtex_still_read_with_a_warning(tmp_path):
    path = tmp_path / "old.bib"
    path.write_bytes("@article{a, title={Müller and Peña: café study}, year={2020}}\n".encode("cp1252"))
    warnings = []
    (record,) = read_records([path], warnings=warnings)
    assert record.title == "Müller and Peña: café study"
    assert [w.severity for w in warnings] == ["warning"]


def test_utf16_with_odd_byte_count_refused(tmp_path):
    data = "TY  - JOUR\nTI  - A\nER  - \n\nTY  - JOUR\nTI  - B\nER  - \n".encode("utf-16")
    path = tmp_path / "cut.ris"
    path.write_bytes(data[:-1])
    with pytest.raises(InputError) as exc:
        read_records([path])
    assert exc.value.problems[0].code == "bad_encoding"
    path.write_bytes(data)
    assert [r.title for r in read_records([path])] == ["A", "B"]


@pytest.mark.parametrize(("name", "fmt"), [
    ("imitation_endnote20.xml", "endnote_xml"), ("imitation_zotero.xml", "endnote_xml"),
    ("imitation_mendeley.xml", "endnote_xml"), ("imitation_google_scholar.enw", "enw"),
    ("imitation_publish_or_perish.json", "pop_json"), ("imitation_springer.csv", "csv"),
    ("imitation_psycinfo_apa.ris", "ris"), ("imitation_endnote_pubmed.ris", "ris"),
    ("imitation_eric.nbib", "nbib"), ("imitation_ebsco.bib", "bibtex"),
])
def test_detected_from_content(fx, name, fmt, tmp_path):
    # detection looks at the content: the same bytes under a neutral name are recognised too
    data = (fx / name).read_bytes()
    assert detect_format(Source(path=fx / name)) == fmt
    neutral = tmp_path / "export.dat"
    neutral.write_bytes(data)
    if fmt not in ("csv", "bibtex"):  # those two lean on the extension when the content is ambiguous
        assert detect_format(Source(path=neutral)) == fmt
    assert fmt in REGISTRY


def test_uploads_read_the_same(fx):
    data = (fx / "imitation_zotero.xml").read_bytes()
    (record,) = read_uploads([("zotero.xml", data)])
    assert record.doi == "10.5555/jks.2021.0300" and record.source_file == "zotero.xml"


@pytest.mark.parametrize("module", ["laktasi.review.formats.bibtex", "laktasi.review.formats.table",
                                    "laktasi.review.formats.base", "laktasi.review.records"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_portuguese_and_spanish_cp1252_are_not_taken_for_gbk(tmp_path):
    # accented letters side by side ("ção", "ñó") are pairs of high bytes, not a double-byte encoding
    path = tmp_path / "br.bib"
    path.write_bytes("@article{a, title={Avaliação da informação sobre amamentação: são ações ñó}, year={2020}}\n"
                     .encode("cp1252"))
    (record,) = read_records([path])
    assert record.title == "Avaliação da informação sobre amamentação: são ações ñó"
