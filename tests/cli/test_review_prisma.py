"""``laktasi review prisma`` and ``laktasi review table`` from files, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from laktasi.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "review"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "review_dedup"


def _inputs(tmp_path):
    a, b = tmp_path / "pubmed.ris", tmp_path / "scopus.ris"
    a.write_bytes((FIXTURES / "pubmed.ris").read_bytes())
    b.write_bytes((FIXTURES / "scopus.ris").read_bytes())
    return a, b


def test_prisma_from_counts_yaml(tmp_path, capsys):
    svg, docx = tmp_path / "p.svg", tmp_path / "p.docx"
    code = main(["review", "prisma", str(EXAMPLES / "prisma_counts.yaml"), "--out", str(svg), "--out", str(docx),
                 "--lang", "id", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc["counts"]["records_screened"] == 353 and doc["warnings"] == []
    assert svg.exists() and docx.exists()


def test_prisma_from_template_csv(benchdata, tmp_path, capsys):
    assert main(["review", "prisma", str(benchdata / "prisma2020" / "PRISMA.csv"),
                 "--out", str(tmp_path / "p.png")]) == 0
    assert "Diagram" in capsys.readouterr().out


def test_prisma_from_records_and_decisions(tmp_path, capsys):
    a, b = _inputs(tmp_path)
    everything = tmp_path / "all.csv"
    assert main(["review", "dedup", str(a), str(b), "--out", str(tmp_path / "o.csv"), "--all", str(everything),
                 "--json"]) == 0
    capsys.readouterr()
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(
        "record_id,stage,decision,reason\n"
        "scopus:1,screening,include,\n"
        "pubmed:2,screening,exclude,\n"
        "scopus:2,penapisan,disertakan,\n"
        "scopus:3,screening,include,\n"
        "scopus:1,eligibility,include,\n"
        "scopus:2,retrieval,not_retrieved,\n"
        "scopus:3,kelayakan,dikeluarkan,bukan pijat oksitosin\n", encoding="utf-8")
    counts_yaml = tmp_path / "counts.yaml"
    code = main(["review", "prisma", "--records", str(everything), "--decisions", str(decisions),
                 "--out", str(tmp_path / "p.svg"), "--counts-out", str(counts_yaml), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0, doc
    c = doc["counts"]
    # 5 records identified, 1 duplicate; 4 screened, 1 excluded; 3 sought, 1 not retrieved;
    # 2 assessed, 1 excluded with its reason; 1 included
    assert (c["database_results"], c["duplicates"], c["records_screened"], c["records_excluded"]) == (5, 1, 4, 1)
    assert (c["dbr_sought_reports"], c["dbr_notretrieved_reports"], c["dbr_assessed"]) == (3, 1, 2)
    assert c["dbr_excluded"] == [{"name": "bukan pijat oksitosin", "n": 1}]
    assert (c["new_studies"], c["new_reports"]) == (1, 1)
    # the fixture's RIS files name no database: counted as "(unknown)" and said so
    assert [w["code"] for w in doc["warnings"]] == ["source_unknown"]
    # the saved counts draw the same diagram
    assert main(["review", "prisma", str(counts_yaml), "--out", str(tmp_path / "again.png"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == c


def test_prisma_errors_exit_2(tmp_path, capsys):
    assert main(["review", "prisma", "--out", str(tmp_path / "p.gif"), "--json"]) == 2
    codes = [e["code"] for e in json.loads(capsys.readouterr().out)["errors"]]
    assert codes == ["output_format", "prisma_input"]
    a, _ = _inputs(tmp_path)
    bad = tmp_path / "d.csv"
    bad.write_text("record_id,stage,decision\nnobody,screening,include\n", encoding="utf-8")
    code = main(["review", "prisma", "--records", str(a), "--decisions", str(bad), "--out", str(tmp_path / "p.svg"),
                 "--json"])
    assert code == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "records_without_duplicate_of"


def test_unknown_record_in_decisions_exits_2(tmp_path, capsys):
    a, b = _inputs(tmp_path)
    everything = tmp_path / "all.csv"
    main(["review", "dedup", str(a), str(b), "--out", str(tmp_path / "o.csv"), "--all", str(everything)])
    capsys.readouterr()
    bad = tmp_path / "d.csv"
    bad.write_text("record_id,stage,decision\nnobody,screening,include\n", encoding="utf-8")
    code = main(["review", "prisma", "--records", str(everything), "--decisions", str(bad),
                 "--out", str(tmp_path / "p.svg"), "--json"])
    assert code == 2
    error = json.loads(capsys.readouterr().out)["errors"][0]
    assert (error["code"], error["row"], error["value"]) == ("decision_unknown_record", 2, "nobody")


def test_review_table(tmp_path, capsys):
    out = tmp_path / "t.docx"
    assert main(["review", "table", str(EXAMPLES / "extraction_seed.csv"), "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"studies": 6, "outputs": [str(out)]}
    assert main(["review", "table", str(EXAMPLES / "extraction_seed.csv"), "--out", str(tmp_path / "t.pdf"),
                 "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["column"] == "--out"


def test_records_without_any_duplicate(tmp_path, capsys):
    a, _ = _inputs(tmp_path)
    everything = tmp_path / "all.csv"
    main(["review", "dedup", str(a), "--out", str(tmp_path / "o.csv"), "--all", str(everything)])
    capsys.readouterr()
    decisions = tmp_path / "d.csv"
    decisions.write_text("record_id,stage,decision\npubmed:1,screening,include\npubmed:2,screening,exclude\n",
                         encoding="utf-8")
    code = main(["review", "prisma", "--records", str(everything), "--decisions", str(decisions),
                 "--out", str(tmp_path / "p.svg"), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (doc["counts"]["duplicates"], doc["counts"]["records_screened"]) == (0, 2)
    assert [w["code"] for w in doc["warnings"]] == ["source_unknown", "eligibility_incomplete"]


def test_missing_output_folder_is_an_input_error(tmp_path, capsys):
    for argv in (["review", "prisma", str(EXAMPLES / "prisma_counts.yaml")],
                 ["review", "table", str(EXAMPLES / "extraction_seed.csv")],
                 ["review", "dedup", str(FIXTURES / "pubmed.ris")]):
        code = main([*argv, "--out", str(tmp_path / "nowhere" / "x.csv"
                                         if argv[1] != "prisma" else tmp_path / "nowhere" / "x.svg"), "--json"])
        assert code == 2
        assert json.loads(capsys.readouterr().out)["errors"][-1]["code"] == "output_folder_missing"


def test_prisma_from_template_saved_by_indonesian_excel(benchdata, tmp_path, capsys):
    """The real template filled in and saved by Excel in an Indonesian locale: ';', cp1252, 1.056."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO((benchdata / "prisma2020" / "PRISMA.csv").read_text(encoding="utf-8"))))
    values = {"database_results": "1.936", "database_specific_results": "PubMed, 1.056; Scopus, 880",
              "duplicates": "436", "records_screened": "1500", "records_excluded": "1380", "dbr_sought_reports": "120",
              "dbr_notretrieved_reports": "4", "dbr_assessed": "116", "dbr_excluded": "0", "new_reports": "116",
              "previous_studies": "9", "previous_reports": "9", "new_studies": "116", "total_studies": "125",
              "total_reports": "125"}
    for row in rows[1:]:
        if row[0] in values:
            row[7] = values[row[0]]
        row[3] = row[3].replace("Records identified from", "Rekaman teridentifikasi — café")
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    counts_csv = tmp_path / "PRISMA.csv"
    counts_csv.write_bytes(out.getvalue().encode("cp1252"))
    svg = tmp_path / "p.svg"
    code = main(["review", "prisma", str(counts_csv), "--out", str(svg), "--lang", "id", "--json"])
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert code == 0 and doc["warnings"] == []
    assert doc["counts"]["database_specific_results"] == [{"name": "PubMed", "n": 1056}, {"name": "Scopus", "n": 880}]
    assert doc["counts"]["previous_studies"] == 9
    text = svg.read_text(encoding="utf-8")
    assert "Studi sebelumnya" in text and "Register 1" not in text and "Reason1" not in text
    assert "Windows-1252" in captured.err  # the guessed encoding is said


def test_prisma_for_an_updated_review_from_records(tmp_path, capsys):
    # An --all CSV as `review dedup --previous old.ris new.ris --all` writes it (team dedup API):
    # laktasi_previous = yes for the earlier search's records.
    everything = tmp_path / "all.csv"
    everything.write_text(
        "record_id,title,source_database,duplicate_of,laktasi_previous\n"
        "old:1,Oxytocin massage trial,PubMed,,yes\n"
        "new:1,Oxytocin massage trial,PubMed,old:1,\n"
        "new:2,Back massage and prolactin,Scopus,,\n"
        "new:3,Lactation counselling at home,Scopus,,\n", encoding="utf-8")
    decisions = tmp_path / "d.csv"
    decisions.write_text("record_id,stage,decision,reason\nnew:2,screening,include,\nnew:3,screening,exclude,\n"
                         "new:2,eligibility,include,\n", encoding="utf-8")
    svg = tmp_path / "u.svg"
    code = main(["review", "prisma", "--records", str(everything), "--decisions", str(decisions), "--out", str(svg),
                 "--previous-studies", "4", "--previous-reports", "5", "--json", "--lang", "en"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0, doc
    c = doc["counts"]
    assert (c["database_results"], c["duplicates"], c["records_screened"], c["new_studies"]) == (3, 1, 2, 1)
    assert (c["previous_studies"], c["total_studies"], c["total_reports"]) == (4, 5, 6)
    assert "Previous studies" in svg.read_text(encoding="utf-8")


def test_prisma_draws_records_excluded_by_automation(tmp_path, capsys):
    # `review rank --automation-out` writes stage=automation, decision=exclude for the records a stopping
    # rule lets a reviewer leave unscreened; they are "marked as ineligible by automation tools".
    everything = tmp_path / "all.csv"
    everything.write_text("record_id,title,source_database,duplicate_of\n"
                          "r1,A,PubMed,\nr2,B,PubMed,\nr3,C,Scopus,\nr4,D,Scopus,\n", encoding="utf-8")
    decisions = tmp_path / "d.csv"
    decisions.write_text("record_id,stage,decision,reason\nr1,screening,include,\nr2,screening,exclude,\n"
                         "r3,automation,exclude,stopping rule\nr4,automation,exclude,stopping rule\n"
                         "r1,eligibility,include,\n", encoding="utf-8")
    svg = tmp_path / "a.svg"
    code = main(["review", "prisma", "--records", str(everything), "--decisions", str(decisions), "--out", str(svg),
                 "--json", "--lang", "en"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0, doc
    c = doc["counts"]
    assert (c["database_results"], c["excluded_automatic"], c["records_screened"], c["records_excluded"]) == (
        4, 2, 2, 1)
    text = svg.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Records marked as ineligible by automation tools" in text and "(n = 2)" in text
