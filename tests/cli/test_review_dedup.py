"""``laktasi review dedup``: the design.md contract (kept rows in input order, every input column,
laktasi_group / laktasi_merged_ids, --all with duplicate_of, --json summary, exit 2 on bad input)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from laktasi.cli import main

# two small synthetic exports: one record in both (DOI with/without resolver, title case, pages "101-8"),
# and a "Part 1" / "Part 2" pair that must stay apart
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "review_dedup"


def _inputs(tmp_path):
    a = tmp_path / "pubmed.ris"
    b = tmp_path / "scopus.ris"
    a.write_bytes((FIXTURES / "pubmed.ris").read_bytes())
    b.write_bytes((FIXTURES / "scopus.ris").read_bytes())
    return a, b


def test_dedup_json_and_outputs(tmp_path, capsys):
    a, b = _inputs(tmp_path)
    out, everything, unsure = tmp_path / "out.csv", tmp_path / "all.csv", tmp_path / "unsure.csv"
    code = main(["review", "dedup", str(a), str(b), "--out", str(out), "--all", str(everything),
                 "--uncertain", str(unsure), "--json"])
    captured = capsys.readouterr()
    assert code == 0
    assert json.loads(captured.out) == {"records_in": 5, "duplicates_removed": 1, "records_out": 4,
                                        "uncertain_pairs": 1, "uncertain_clusters": 1, "verdicts_applied": 0,
                                        "verdicts_unmatched": 0}
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    # kept rows in input order; the Scopus copy (with an abstract) is its group's primary
    assert [r["title"] for r in rows] == [
        "Breast care and lactation onset in primiparous mothers",
        "EFFECT OF OXYTOCIN MASSAGE ON BREAST MILK PRODUCTION.",
        "Lactation massage in postpartum women: part 1", "Lactation massage in postpartum women: part 2"]
    assert rows[1]["laktasi_merged_ids"] == "pubmed:1"
    assert rows[1]["laktasi_group"] == "1"
    assert rows[1]["source_file"].endswith("scopus.ris")
    assert {"TI", "AU", "PY", "DO", "AB"} <= set(rows[0])  # every input column
    all_rows = list(csv.DictReader(everything.open(encoding="utf-8")))
    assert [r["duplicate_of"] for r in all_rows] == ["scopus:1", "", "", "", ""]
    assert all_rows[0]["laktasi_merge_reason"] and [r["laktasi_merge_reason"] for r in all_rows[1:]] == [""] * 4
    pairs = list(csv.DictReader(unsure.open(encoding="utf-8")))
    assert [(p["record_id_1"], p["record_id_2"], p["reason"]) for p in pairs] == [
        ("scopus:2", "scopus:3", "different_numbers")]


def test_dedup_ris_output_and_text_summary(tmp_path, capsys):
    a, b = _inputs(tmp_path)
    out = tmp_path / "out.ris"
    assert main(["review", "dedup", str(a), str(b), "--out", str(out), "--lang", "id"]) == 0
    captured = capsys.readouterr()
    assert "duplikat dihapus: 1" in captured.out
    assert out.read_text(encoding="utf-8").count("ER  - ") == 4


def test_bad_output_suffix_exits_2_with_json_errors(tmp_path, capsys):
    a, _ = _inputs(tmp_path)
    code = main(["review", "dedup", str(a), "--out", str(tmp_path / "out.txt"), "--uncertain",
                 str(tmp_path / "u.ris"), "--json"])
    assert code == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert [e["column"] for e in errors] == ["--out", "--uncertain"]


def test_missing_input_exits_2(tmp_path, capsys):
    code = main(["review", "dedup", str(tmp_path / "nope.ris"), "--out", str(tmp_path / "o.csv"), "--json"])
    assert code == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "file_not_found"


def test_real_exports_deduplicate_against_each_other(benchdata, tmp_path, capsys):
    exports = benchdata / "exports"
    # the ASReview demo Embase export exists as RIS and as CSV: the same six records twice
    code = main(["review", "dedup", str(exports / "embase_ris__asreview_embase.ris"),
                 str(exports / "embase_csv__asreview_embase.csv"), "--out", str(tmp_path / "o.csv"), "--json"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["records_in"], summary["duplicates_removed"], summary["records_out"],
            summary["uncertain_pairs"]) == (12, 6, 6, 0)


def test_inputs_with_the_same_file_name_get_distinct_ids(tmp_path, capsys):
    a, _ = _inputs(tmp_path)
    (tmp_path / "other").mkdir()
    twin = tmp_path / "other" / "pubmed.ris"
    twin.write_bytes(a.read_bytes())
    out, every = tmp_path / "o.csv", tmp_path / "all.csv"
    code = main(["review", "dedup", str(a), str(twin), "--out", str(out), "--all", str(every), "--json"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    rows = list(csv.DictReader(every.open(encoding="utf-8")))
    ids = [r["record_id"] for r in rows]
    assert len(set(ids)) == len(ids) == summary["records_in"]
    folder = tmp_path.name
    assert ids[0] == f"{folder}/pubmed:1" and "other/pubmed:1" in ids
    assert {r["laktasi_original_id"] for r in rows} >= {"pubmed:1"}
    # each record of the copy duplicates its twin in the first file
    twin_rows = [r for r in rows if r["record_id"].startswith("other/")]
    assert twin_rows and all(r["duplicate_of"].startswith(f"{folder}/") for r in twin_rows)


def test_two_asreview_files_numbering_from_zero_are_accepted(tmp_path, capsys):
    data = (Path(__file__).resolve().parents[1] / "fixtures" / "review" / "synthetic_asreview_bom.csv").read_bytes()
    a, b = tmp_path / "asreview_a.csv", tmp_path / "asreview_b.csv"
    a.write_bytes(data)
    b.write_bytes(data)
    every = tmp_path / "all.csv"
    assert main(["review", "dedup", str(a), str(b), "--out", str(tmp_path / "o.csv"), "--all", str(every),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["duplicates_removed"] == 4
    rows = list(csv.DictReader(every.open(encoding="utf-8")))
    assert [(r["record_id"], r["duplicate_of"]) for r in rows] == (
        [(f"asreview_a:{n}", "") for n in range(4)] + [(f"asreview_b:{n}", f"asreview_a:{n}") for n in range(4)])
    assert [r["laktasi_original_id"] for r in rows] == ["0", "1", "2", "3"] * 2


def test_verdicts_close_the_loop_through_one_file(tmp_path, capsys):
    a, b = _inputs(tmp_path)
    sheet = tmp_path / "check.csv"
    args = ["review", "dedup", str(a), str(b), "--out", str(tmp_path / "o.csv"), "--uncertain", str(sheet),
            "--verdicts", str(sheet), "--json"]
    sheet.write_text("record_id_1,record_id_2,verdict\n", encoding="utf-8")  # nothing decided yet
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["uncertain_pairs"] == 1
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert [(r["cluster"], r["record_id_1"], r["record_id_2"], r["verdict"]) for r in rows] == [
        ("1", "scopus:2", "scopus:3", "")]
    # the reviewer decides in Excel with an Indonesian locale (semicolons) and reruns
    sheet.write_text("record_id_1;record_id_2;verdict;note\nscopus:2;scopus:3;pisah;bagian 1 dan 2\n",
                     encoding="cp1252")
    assert main(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["uncertain_pairs"], summary["verdicts_applied"], summary["records_out"]) == (0, 1, 4)
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert [(r["record_id_1"], r["verdict"], r["note"]) for r in rows] == [("scopus:2", "keep_apart",
                                                                              "bagian 1 dan 2")]
    assert main(args) == 0  # remembered on the next run
    assert json.loads(capsys.readouterr().out)["verdicts_applied"] == 1
    sheet.write_text("record_id_1,record_id_2,verdict\nscopus:2,scopus:3,merge\n", encoding="utf-8")
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["records_out"] == 3


def test_bad_verdicts_exit_2_naming_row_and_value(tmp_path, capsys):
    a, b = _inputs(tmp_path)
    sheet = tmp_path / "v.csv"
    sheet.write_text("record_id_1,record_id_2,verdict\nscopus:2,scopus:3,perhaps\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    code = main(["review", "dedup", str(a), str(b), "--out", str(out), "--verdicts", str(sheet), "--json"])
    assert code == 2
    error = json.loads(capsys.readouterr().out)["errors"][0]
    assert (error["code"], error["row"], error["value"]) == ("verdict_unknown", 2, "perhaps")
    assert not out.exists()  # nothing half-written
    code = main(["review", "dedup", str(a), "--out", str(out), "--verdicts", str(tmp_path / "v.txt"), "--json"])
    assert code == 2


def test_previous_search_is_kept_apart_and_counted(tmp_path, capsys):
    a, b = _inputs(tmp_path)
    out, every = tmp_path / "to_screen.csv", tmp_path / "all.csv"
    code = main(["review", "dedup", str(b), "--previous", str(a), "--out", str(out), "--all", str(every), "--json"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["update"] == {"previous_records": 2, "new_records": 3, "duplicates_of_previous": 1,
                                 "duplicates_within_new": 0, "duplicates_removed": 1, "records_after_dedup": 2}
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["title"] for r in rows] == ["Lactation massage in postpartum women: part 1",
                                          "Lactation massage in postpartum women: part 2"]
    all_rows = list(csv.DictReader(every.open(encoding="utf-8")))
    assert [r["laktasi_previous"] for r in all_rows] == ["yes", "yes", "", "", ""]
    assert all_rows[2]["duplicate_of"] == "pubmed:1"  # the previous record stays
    assert main(["review", "dedup", str(b), "--previous", str(a), "--out", str(out), "--lang", "en"]) == 0
    assert "1 already in the previous search" in capsys.readouterr().out
