"""Every real export in benchdata/exports: record count (from its README) and a few fields.

Expected counts are those listed in benchdata/exports/README.md (taken from the source
projects' own tests: nbib, asreview, ASySD; or by counting ER/PMID lines). Field values were
read off the files themselves (line numbers given) by eye, not produced by our reader.
"""

from __future__ import annotations

import pytest

from laktasi.review.formats import Source
from laktasi.review.io import detect_format, read_records

EXPORTS = "exports"


def _read(benchdata, name):
    return read_records([benchdata / EXPORTS / name])


def test_pubmed_nbib(benchdata):
    records = _read(benchdata, "pubmed_nbib__nbib-pkg_pubmed-balloongui-set.nbib")
    assert len(records) == 75  # holub008/nbib tests/test_read_file.py
    first = records[0]
    assert first.pmid == "30776994"  # line 1
    assert first.title == (  # lines 11-12: TI continued on a six-space line
        "Impact of Balloon Guide Catheter Use on Clinical and Angiographic Outcomes in the "
        "STRATIS Stroke Thrombectomy Registry."
    )
    assert first.doi == "10.1161/strokeaha.118.021126"  # "LID - 10.1161/STROKEAHA.118.021126 [doi]"
    assert (first.year, first.volume, first.issue, first.pages) == (2019, "50", "3", "697-704")
    assert first.journal == "Stroke"
    assert first.authors[0] == "Zaidat, Osama O"  # FAU
    assert first.language == "English"  # LA - eng
    assert all(r.source_database == "PubMed" and r.source_format == "nbib" for r in records)
    assert len({r.pmid for r in records}) == 75
    assert "MH" in first.raw and "Aged" in first.raw["MH"]


def test_embase_ris_with_bom(benchdata):
    records = _read(benchdata, "embase_ris__asreview_embase.ris")
    assert len(records) == 6  # asreview tests/test_readers.py
    first = records[0]
    assert first.title == "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound"
    assert first.doi == "10.4103/2303-9027.138783"
    assert (first.year, first.volume, first.issue, first.pages) == (2014, "3", "3", "152-160")
    assert first.authors[:2] == ("Liu R.", "Adler D.G.")
    assert all(r.source_database == "Embase" for r in records)
    assert "U2" in first.raw  # unknown tags kept


def test_embase_csv(benchdata):
    records = _read(benchdata, "embase_csv__asreview_embase.csv")
    assert len(records) == 6
    first = records[0]
    assert first.title == "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound"
    # "Endoscopic Ultrasound (2014) 3:3 (152-160). Date of Publication: 2014"
    assert (first.journal, first.year, first.volume, first.issue, first.pages) == (
        "Endoscopic Ultrasound", 2014, "3", "3", "152-160")
    assert first.doi == "10.4103/2303-9027.138783"  # from the OpenURL link, id=doi:10.4103%2F2303-9027.138783
    assert first.authors == ("Liu R.", "Adler D.G.")
    assert "bronchogenic duplication cyst (diagnosis, surgery)" in first.keywords
    assert first.raw["Copyright"].startswith("Copyright 2014 Elsevier")
    assert all(r.source_database == "Embase" for r in records)


def test_embase_ris_and_csv_agree(benchdata):
    ris = _read(benchdata, "embase_ris__asreview_embase.ris")
    csv = _read(benchdata, "embase_csv__asreview_embase.csv")
    assert [r.title for r in ris] == [r.title for r in csv]
    assert [r.year for r in ris] == [r.year for r in csv]


def test_ovid_psycinfo_ris(benchdata):
    records = _read(benchdata, "ovid_psycinfo_ris__asreview_ovid_psycinfo.ris")
    assert len(records) == 6
    first = records[0]
    assert first.title.startswith("The influence of self-criticism on depression symptoms")
    assert first.doi == "10.1002/cpp.2398"  # "DO  - http://dx.doi.org/10.1002/cpp.2398"
    assert first.year == 2019  # "Y1  - 2019//"
    assert first.pages == ""  # "SP  - No" / "EP  - Specified"
    assert first.journal == "Clinical Psychology & Psychotherapy"
    assert first.record_id == "2019-65183-001"
    assert records[1].keywords[0] == "Body Image"  # "KW  - *Body Image": major-heading star dropped
    assert all(r.source_database == "PsycINFO" for r in records)


def test_scopus_ris(benchdata):
    records = _read(benchdata, "scopus_ris__asreview_scopus.ris")
    assert len(records) == 6  # asreview tests/test_readers.py
    first = records[0]
    assert first.title.startswith("Stress and the brain-gut axis")
    assert (first.journal, first.volume, first.year) == ("Psychoneuroendocrinology", "111", 2020)
    assert first.doi == "10.1016/j.psyneuen.2019.104501"
    assert first.authors[0] == "Labanski, A."
    assert all(r.source_database == "Scopus" for r in records)


def test_rayyan_ris_multiline_keywords(benchdata):
    records = _read(benchdata, "rayyan_ris__asreview_ris_issue_992.txt")
    assert len(records) == 19
    first = records[0]
    assert first.title == "Overcoming Medication Reconciliation Challenges"
    # KW continued on untagged lines (asreview issue 992): each line is a keyword.
    assert first.keywords[:3] == ("Health Facility Administration", "Joint Commission", "Standards")
    assert "Patient Education" in first.keywords
    assert first.pages == "1-5" and first.year == 2011
    assert all(r.source_database == "Rayyan" for r in records)


def test_scopus_csv(benchdata):
    records = _read(benchdata, "scopus_csv__baysren_Scopus1.csv")
    assert len(records) == 19
    first = records[0]
    assert first.title.startswith("Modelling the trends of inpatient and outpatient rehabilitation")
    assert first.authors == ("Mushanyu J.", "Nyabadza F.", "Stewart A.G.R.")
    assert (first.year, first.journal, first.volume, first.issue) == (2015, "BMC Research Notes", "8", "1")
    assert first.doi == "10.1186/s13104-015-1741-4"
    assert first.record_id == "2-s2.0-84950252162"  # EID
    assert "Methamphetamine" in first.keywords and "South Africa" in first.keywords  # author + index keywords
    assert all(r.source_database == "Scopus" for r in records)
    assert first.raw["Cited by"] == "14"


def test_wos_ris_with_bom(benchdata):
    records = _read(benchdata, "wos_ris__asysd_wos_test.ris")
    assert len(records) == 50  # ASySD tests/testthat/test-loading.R
    first = records[0]
    assert first.title == "Microangiography of the humeral condyle in Cocker Spaniel and non-Cocker Spaniel dogs"
    assert first.authors[0] == "Larsen, LJ"
    assert first.journal == "VETERINARY AND COMPARATIVE ORTHOPAEDICS AND TRAUMATOLOGY"
    assert first.language == "English"


def test_wos_plain_text(benchdata):
    path = benchdata / EXPORTS / "wos_plaintext_ciw__rispy_example_wos.ris"
    assert detect_format(Source(path=path, data=path.read_bytes())) == "wos"  # despite the .ris name
    records = read_records([path])
    assert len(records) == 2
    first, second = records
    assert first.title == ("Interactions stabilizing the structure of the core light-harvesting "
                           "complex (LHl) of photosynthetic bacteria and its subunit (B820)")
    assert first.authors == ("Parkes-Loach, PS", "Majeed, AP", "Law, CJ", "Loach, PA")
    assert (first.year, first.volume, first.issue, first.pages) == (2004, "43", "22", "7003-7016")
    assert (first.doi, first.pmid, first.record_id) == ("10.1021/bi049798f", "15170338", "WOS:000221807500019")
    assert (second.doi, second.pmid) == ("10.1021/bi0497291", "15170339")
    assert first.source_database == "Web of Science"
    assert "CRYSTAL-STRUCTURE" in first.keywords


def test_zotero_bibtex(benchdata):
    records = _read(benchdata, "zotero_bibtex__asysd_zotero_export.bib")
    assert len(records) == 1000  # ASySD tests/testthat/test-loading.R
    first = records[0]
    # "{Cocker} {Spaniel}": protective braces are not part of the title
    assert first.title == "Microangiography of the humeral condyle in Cocker Spaniel and non-Cocker Spaniel dogs"
    assert first.authors == ("Larsen, LJ", "Roush, JK", "McLaughlin, RM", "Cash, WC")
    assert (first.year, first.volume, first.issue, first.pages) == (1999, "12", "3", "134-137")
    assert first.raw["ID"] == "larsen_microangiography_1999"
    assert sum(1 for r in records if r.doi) == 718  # entries with a doi field (grep -c "doi = ")
    # LaTeX escapes decoded: no backslashes survive in any abstract
    assert not any("\\" in r.abstract for r in records)


def test_same_study_in_wos_ris_and_zotero_bibtex(benchdata):
    ris = _read(benchdata, "wos_ris__asysd_wos_test.ris")
    bib = _read(benchdata, "zotero_bibtex__asysd_zotero_export.bib")
    assert (ris[0].title, ris[0].year, ris[0].pages) == (bib[0].title, bib[0].year, bib[0].pages)


@pytest.mark.parametrize("name", [
    "pubmed_nbib__nbib-pkg_pubmed-balloongui-set.nbib", "embase_ris__asreview_embase.ris",
    "scopus_csv__baysren_Scopus1.csv", "zotero_bibtex__asysd_zotero_export.bib",
])
def test_every_record_has_a_title_and_unique_id(benchdata, name):
    records = _read(benchdata, name)
    assert all(r.title for r in records)
    assert len({r.record_id for r in records}) == len(records)
    assert [r.position for r in records] == list(range(1, len(records) + 1))


def test_every_real_export_parses_with_its_readme_count(benchdata):
    """Every file in benchdata/exports reads, with the record count its README table gives."""
    import re

    folder = benchdata / EXPORTS
    readme = (folder / "README.md").read_text(encoding="utf-8")
    expected = {m.group(1): int(m.group(2))
                for m in re.finditer(r"^\| (\S+?) \| [^|]+ \| (\d+)", readme, flags=re.MULTILINE)}
    files = sorted(p for p in folder.iterdir() if p.name not in ("README.md", "LICENSE"))
    assert files and set(expected) == {p.name for p in files}  # the table lists every file
    for path in files:
        records = read_records([path])
        assert len(records) == expected[path.name], path.name
        assert all(r.title for r in records), path.name
