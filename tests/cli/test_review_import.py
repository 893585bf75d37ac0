from __future__ import annotations

import csv
import json
from pathlib import Path

from laktasi.cli import main
from laktasi.cli.review_import import FORMATS
from laktasi.review.formats import REGISTRY

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "review"


def test_formats_listed_match_registry():
    assert set(FORMATS) == set(REGISTRY)


def test_import_nbib_and_scopus_ris_to_csv(tmp_path, capsys):
    out = tmp_path / "records.csv"
    code = main(["review", "import", str(FIX / "synthetic_pubmed_oxytocin.nbib"),
                 str(FIX / "synthetic_scopus_oxytocin.ris"), "--out", str(out), "--json", "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 0
    doc = json.loads(captured.out)  # stdout holds only the JSON document
    assert doc["records"] == 20 and doc["databases"] == {"PubMed": 12, "Scopus": 8}
    assert [(f["format"], f["records"]) for f in doc["files"]] == [("nbib", 12), ("ris", 8)]
    assert "20 records written to" in captured.err
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20 and rows[0]["pmid"] == "90000001" and rows[12]["source_database"] == "Scopus"


def test_import_to_ris_in_indonesian(tmp_path, capsys):
    out = tmp_path / "records.ris"
    assert main(["review", "import", str(FIX / "synthetic_cochrane_central.ris"), "--out", str(out),
                 "--lang", "id"]) == 0
    assert out.read_text().count("ER  - ") == 3
    assert "3 rekaman ditulis ke" in capsys.readouterr().err


def test_bad_file_exit_2_json_errors_and_nothing_written(tmp_path, capsys):
    bad = tmp_path / "cut.ris"
    bad.write_text("TY  - JOUR\nTI  - A\n")
    out = tmp_path / "records.csv"
    code = main(["review", "import", str(FIX / "synthetic_cochrane_central.ris"), str(bad), "--out", str(out),
                 "--json"])
    captured = capsys.readouterr()
    assert code == 2 and not out.exists()
    errors = json.loads(captured.out)["errors"]
    assert errors == [{"file": str(bad), "row": 1, "column": None, "value": None, "code": "ris_missing_er",
                       "message": errors[0]["message"]}]
    assert "Traceback" not in captured.err


def test_wrong_output_suffix(tmp_path, capsys):
    code = main(["review", "import", str(FIX / "synthetic_rayyan.csv"), "--out", str(tmp_path / "x.xlsx")])
    assert code == 2
    assert "--out" in capsys.readouterr().err


def test_forced_format_and_database(tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(["review", "import", str(FIX / "synthetic_asreview_bom.csv"), "--format", "csv",
                 "--database", "Google Scholar", "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["databases"] == {"Google Scholar": 4}


def test_same_file_names_get_qualified_ids(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for folder in (a, b):
        (folder / "export.ris").write_text("TY  - JOUR\nTI  - Same name, different folder\nER  - \n")
    out = tmp_path / "r.csv"
    assert main(["review", "import", str(a / "export.ris"), str(b / "export.ris"), "--out", str(out), "--json",
                 "--lang", "en"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert (summary["repeated_record_ids"], summary["renamed_record_ids"]) == (0, 2)
    assert "2 record_id values found in several files were qualified" in captured.err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["record_id"], r["laktasi_original_id"]) for r in rows] == [("a/export:1", "export:1"),
                                                                          ("b/export:1", "export:1")]


def test_import_new_formats_and_warnings(tmp_path, capsys):
    out = tmp_path / "records.csv"
    code = main(["review", "import", str(FIX / "imitation_endnote20.xml"), str(FIX / "imitation_google_scholar.enw"),
                 str(FIX / "imitation_publish_or_perish.json"), str(FIX / "imitation_ebsco.bib"),
                 "--out", str(out), "--json", "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 0
    doc = json.loads(captured.out)
    assert [(f["format"], f["records"]) for f in doc["files"]] == [
        ("endnote_xml", 2), ("enw", 3), ("pop_json", 2), ("bibtex", 3)]
    assert [w["code"] for w in doc["warnings"]] == ["bibtex_duplicate_key"]
    assert "Warning (" in captured.err and "line 29" in captured.err


def test_import_gbk_refused_then_read_with_encoding(tmp_path, capsys):
    src = tmp_path / "cnki.bib"
    src.write_bytes("@article{a,\n title={母乳喂养的研究},\n year={2020}\n}\n".encode("gbk"))
    out = tmp_path / "records.csv"
    assert main(["review", "import", str(src), "--out", str(out), "--lang", "en"]) == 2
    assert not out.exists() and "--encoding gbk" in capsys.readouterr().err
    assert main(["review", "import", str(src), "--out", str(out), "--encoding", "gbk", "--lang", "en"]) == 0
    with out.open(encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["title"] == "母乳喂养的研究"


def test_import_output_folder_checked_first(tmp_path, capsys):
    code = main(["review", "import", str(FIX / "imitation_zotero.xml"), "--out", str(tmp_path / "no" / "r.csv"),
                 "--lang", "en"])
    assert code == 2 and "does not exist" in capsys.readouterr().err


def test_import_says_when_records_name_no_database(tmp_path, capsys):
    src = tmp_path / "export.ris"
    src.write_text("TY  - JOUR\nTI  - A title\nER  - \n", encoding="utf-8")
    assert main(["review", "import", str(src), "--out", str(tmp_path / "r.csv"), "--lang", "id"]) == 0
    err = capsys.readouterr().err
    assert "(tidak diketahui) 1" in err and "--database" in err
