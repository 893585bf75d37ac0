from __future__ import annotations

import csv

import pytest

from laktasi.errors import InputError
from laktasi.review.io import NORMALISED_COLUMNS, read_records, summarise, write_records


def _fields(r):
    return (r.title, r.authors, r.year, r.journal, r.volume, r.issue, r.pages, r.doi, r.pmid, r.abstract,
            r.keywords, r.language, r.source_database, r.record_id)


@pytest.fixture
def mixed(fixtures_dir):
    review = fixtures_dir / "review"
    return read_records([review / "synthetic_pubmed_oxytocin.nbib", review / "synthetic_scopus_oxytocin.ris",
                         review / "synthetic_asreview_bom.csv"])


def test_csv_round_trip_keeps_fields_and_raw(mixed, tmp_path):
    out = write_records(mixed, tmp_path / "records.csv")
    back = read_records([out])
    assert [_fields(r) for r in back] == [_fields(r) for r in mixed]
    # every raw input column survives. ASReview's "title", "abstract", "year", … equal the
    # normalised columns and are written once; its "doi" differs ("https://doi.org/…") and is kept as raw_doi.
    for before, after in zip(mixed, back, strict=True):
        expected = {k: v for k, v in before.raw.items() if v not in ("", [], None) and k not in NORMALISED_COLUMNS}
        assert set(expected) <= set(after.raw)
        assert {k: after.raw[k] for k in expected} == {
            k: "; ".join(v) if isinstance(v, list) else v for k, v in expected.items()}
    # provenance survives the round trip: the original export, its format and record number
    assert [(r.source_file, r.source_format, r.position) for r in back] == [
        (r.source_file, r.source_format, r.position) for r in mixed]
    # MEDLINE "IS" (ISSN) and RIS "IS" (issue) are different fields: one column each, restored per record
    assert back[0].raw["IS"] == "0000-0000 (Electronic)" and back[12].raw["IS"] == "2"
    asreview = back[-1]
    assert asreview.raw["doi"] == "https://doi.org/10.5555/jks.2021.0210"
    assert asreview.title == mixed[-1].raw["title"]


def test_csv_header_order_and_encoding(mixed, tmp_path):
    out = write_records(mixed, tmp_path / "records.csv", extra={"laktasi_group": list(range(len(mixed)))})
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(data.decode("utf-8").splitlines()))
    assert tuple(header[: len(NORMALISED_COLUMNS)]) == NORMALISED_COLUMNS
    assert header[-1] == "laktasi_group"
    assert "PMID" in header and "raw_doi" in header and "C7" in header
    assert "IS (nbib)" in header and "IS (ris)" in header and "IS" not in header
    assert "TI" in header and "TI (nbib)" not in header  # same meaning in MEDLINE and RIS: one column
    assert "raw_title" not in header and header.count("title") == 1
    rows = list(csv.DictReader(data.decode("utf-8").splitlines()))
    assert [r["raw_doi"] for r in rows[-4:]] == [f"https://doi.org/{r.doi}" for r in mixed[-4:]]
    assert all(r["raw_doi"] == "" for r in rows[:-4])  # PubMed/Scopus records have no "doi" input column


def test_ris_round_trip(mixed, tmp_path):
    out = write_records(mixed, tmp_path / "records.ris", extra={"laktasi_group": ["g"] * len(mixed)})
    back = read_records([out])
    # RIS "ID" holds the record id, except bare numbers (Rayyan numbers records 1, 2, … per file)
    assert [_fields(r)[:-1] for r in back] == [_fields(r)[:-1] for r in mixed]
    assert [r.record_id for r in back[:20]] == [r.record_id for r in mixed[:20]]
    assert back[20].record_id == "records:21" and mixed[20].record_id == "0"
    assert back[0].raw["N1"] == ["laktasi_group: g"]
    # tags of RIS-sourced records come back (Scopus publisher, PMID note, links); MEDLINE tags are not written
    scopus_before, scopus_after = mixed[12], back[12]
    assert scopus_after.raw["PB"] == scopus_before.raw["PB"] == "Synthetic Publisher"
    assert scopus_after.raw["C7"] == scopus_before.raw["C7"]
    assert scopus_after.raw["UR"] == scopus_before.raw["UR"]
    assert "OWN" not in back[0].raw and "FAU" not in back[0].raw
    # writing again with the same extra column replaces the note instead of adding a second one
    again = write_records(back, tmp_path / "again.ris", extra={"laktasi_group": ["h"] * len(back)})
    assert read_records([again])[12].raw["N1"] == ["laktasi_group: h"]


def test_write_rejects_other_suffix(mixed, tmp_path):
    with pytest.raises(InputError):
        write_records(mixed, tmp_path / "records.xls")


def test_extra_length_checked(mixed, tmp_path):
    with pytest.raises(ValueError):
        write_records(mixed, tmp_path / "r.csv", extra={"x": [1]})


def test_summary_counts(mixed):
    summary = summarise(mixed)
    assert summary["records"] == 24
    assert summary["databases"] == {"PubMed": 12, "Scopus": 8, "(unknown)": 4}
    assert [f["records"] for f in summary["files"]] == [12, 8, 4]
    assert [f["format"] for f in summary["files"]] == ["nbib", "ris", "csv"]


def test_database_override(fixtures_dir):
    records = read_records([fixtures_dir / "review" / "synthetic_asreview_bom.csv"], database="Google Scholar")
    assert {r.source_database for r in records} == {"Google Scholar"}


def test_read_records_accepts_a_single_path(fixtures_dir):
    assert len(read_records(fixtures_dir / "review" / "synthetic_cochrane_central.ris")) == 3


def test_table_reader_knows_the_normalised_columns():
    from laktasi.review.formats.table import _OWN_MARKERS_ALL

    assert _OWN_MARKERS_ALL == set(NORMALISED_COLUMNS)


def test_head_of_large_utf8_file_cut_inside_a_character(tmp_path):
    from laktasi.review.formats import Source

    path = tmp_path / "r.ris"
    path.write_bytes(("TY  - JOUR\nTI  - " + "é" * 40000 + "\nER  - \n").encode("utf-8"))
    source = Source(path=path, data=path.read_bytes())
    assert source.head.startswith("TY  - JOUR") and source.detect_encoding() == "utf-8"
    assert read_records([path])[0].title == "é" * 40000


def test_read_uploads_from_memory(fixtures_dir):
    from laktasi.review.io import read_uploads

    data = (fixtures_dir / "review" / "synthetic_cochrane_central.ris").read_bytes()
    records = read_uploads([("upload.ris", data)])
    assert len(records) == 3 and records[0].source_file == "upload.ris" and records[0].record_id == "CN-01900000"
    with pytest.raises(InputError) as exc:
        read_uploads([("a.ris", data), ("b.ris", b"TY  - JOUR\nTI  - cut\n")])
    assert [(p.file, p.code) for p in exc.value.problems] == [("b.ris", "ris_missing_er")]


# --- record ids unique across the files of one call -------------------------------------------------

_RIS = "TY  - JOUR\nTI  - {title}\nPY  - 2021\nER  - \n"


def test_same_file_name_in_two_folders_gets_folder_qualified_ids(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "export.ris").write_text(
            _RIS.format(title=f"First in {folder}") + _RIS.format(title=f"Second in {folder}"), encoding="utf-8")
    records = read_records([tmp_path / "a" / "export.ris", tmp_path / "b" / "export.ris"])
    assert [r.record_id for r in records] == ["a/export:1", "a/export:2", "b/export:1", "b/export:2"]
    assert [r.raw["laktasi_original_id"] for r in records] == ["export:1", "export:2"] * 2
    assert [r.title for r in records] == ["First in a", "Second in a", "First in b", "Second in b"]
    # deterministic: the same call gives the same ids
    again = read_records([tmp_path / "a" / "export.ris", tmp_path / "b" / "export.ris"])
    assert [r.record_id for r in again] == [r.record_id for r in records]


def test_two_asreview_files_numbering_from_zero(fixtures_dir, tmp_path):
    data = (fixtures_dir / "review" / "synthetic_asreview_bom.csv").read_bytes()
    (tmp_path / "asreview_a.csv").write_bytes(data)
    (tmp_path / "asreview_b.csv").write_bytes(data)
    alone = read_records([tmp_path / "asreview_a.csv"])
    assert [r.record_id for r in alone] == ["0", "1", "2", "3"]  # a file on its own keeps its ids
    assert all("laktasi_original_id" not in r.raw for r in alone)
    both = read_records([tmp_path / "asreview_a.csv", tmp_path / "asreview_b.csv"])
    assert [r.record_id for r in both] == [f"asreview_{f}:{n}" for f in "ab" for n in range(4)]
    assert [r.raw["laktasi_original_id"] for r in both] == ["0", "1", "2", "3"] * 2
    assert len({r.record_id for r in both}) == 8


def test_only_clashing_ids_change_and_repeats_inside_a_file_are_numbered(tmp_path):
    (tmp_path / "x.ris").write_text(
        "TY  - JOUR\nID  - K1\nTI  - One\nER  - \nTY  - JOUR\nID  - K1\nTI  - Two\nER  - \n"
        "TY  - JOUR\nID  - shared\nTI  - Three\nER  - \n", encoding="utf-8")
    (tmp_path / "y.ris").write_text("TY  - JOUR\nID  - shared\nTI  - Four\nER  - \n", encoding="utf-8")
    records = read_records([tmp_path / "x.ris", tmp_path / "y.ris"])
    assert [r.record_id for r in records] == ["K1", "K1#2", "x:shared", "y:shared"]
    assert "laktasi_original_id" not in records[0].raw and records[1].raw["laktasi_original_id"] == "K1"


def test_the_same_file_twice_and_uploads(tmp_path):
    from laktasi.review.io import read_uploads

    path = tmp_path / "export.ris"
    path.write_text(_RIS.format(title="Only"), encoding="utf-8")
    twice = read_records([path, path])
    assert [r.record_id for r in twice] == ["export#1:1", "export#2:1"]
    uploads = read_uploads([("export.ris", path.read_bytes()), ("export.ris", path.read_bytes())])
    assert [r.record_id for r in uploads] == ["export#1:1", "export#2:1"]
