"""`laktasi review simulate` and `laktasi review rank`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from laktasi.cli import main
from tests.review.screening_data import write_labelled


def test_simulate_json_holds_metrics_and_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_labelled(tmp_path / "labelled.csv")
    assert main(["review", "simulate", str(data), "--seed", "4", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert sorted(doc["order"]) == list(range(150))
    with data.open(encoding="utf-8") as handle:
        labels = [int(r["label_included"]) for r in csv.DictReader(handle)]
    assert [labels[i] for i in doc["order"][:2]] == [1, 0]
    for key in ("wss95", "recall_at_10", "records_to_95", "records_to_100", "stop_at", "recall_at_stop"):
        assert doc[key] is not None
    assert doc["recall_at_stop"] >= 0.95 and "Callaghan" in doc["stop_reference"]
    # the same seed gives the same order; another seed other priors
    assert main(["review", "simulate", str(data), "--seed", "4", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["order"] == doc["order"]


def test_simulate_text_in_indonesian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_labelled(tmp_path / "labelled.csv", label_column="included")
    assert main(["review", "simulate", str(data), "--seed", "1", "--label-column", "included",
                 "--prior-included", "2", "--prior-excluded", "2", "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "WSS@95: 0," in out and "rekaman ditapis hingga 95% inklusi" in out and "kepercayaan 95%" in out


@pytest.mark.parametrize("content,code", [
    ("title,abstract,label_included\na,b,1\nc,d,yes\n", "label_value"),
    ("title,abstract,decision\na,b,1\n", "label_column"),
    ("title,abstract,label_included\na,b,1\nc,d,1\n", "too_few_labels"),
])
def test_simulate_bad_input_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, code: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["review", "simulate", str(path), "--seed", "1", "--json"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors[0]["code"] == code and errors[0]["file"] == str(path)


def test_rank_a_real_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_labelled(tmp_path / "records.csv")
    with data.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = tmp_path / "decisions.csv"
    includes = [r for r in rows if r["label_included"] == "1"][:3]
    excludes = [r for r in rows if r["label_included"] == "0"][:20]
    with labels.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "stage", "decision", "title"])
        for r in includes + excludes:
            writer.writerow(["", "screening", "include" if r["label_included"] == "1" else "exclude", r["title"]])
    out = tmp_path / "ranking.csv"
    assert main(["review", "rank", str(data), str(labels), "--out", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["screened"] == 23 and len(doc["ranking"]) == 150 - 23
    by_title = {r["title"]: r["label_included"] for r in rows}
    top = [by_title[r["title"]] for r in doc["ranking"][:12]]
    assert top.count("1") >= 8   # 12 includes remain among 127 records
    with out.open(encoding="utf-8") as handle:
        assert [r["rank"] for r in csv.DictReader(handle)][:3] == ["1", "2", "3"]
    assert doc["stop"]["stop"] is False


def test_rank_writes_automation_decisions_when_the_rule_allows(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = write_labelled(tmp_path / "records.csv")
    with data.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    includes = [r for r in rows if r["label_included"] == "1"]
    excludes = [r for r in rows if r["label_included"] == "0"][:130]
    labels = tmp_path / "decisions.csv"
    with labels.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "stage", "decision", "title"])
        for r in includes + excludes:
            writer.writerow(["", "screening", "include" if r["label_included"] == "1" else "exclude", r["title"]])
    auto = tmp_path / "automation.csv"
    assert main(["review", "rank", str(data), str(labels), "--automation-out", str(auto), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    # 15 includes then 130 excludes of 150: H0 needs 1 more include (R > 15/0.95); P(none among the
    # last 130 of an urn of 135) = 5/135 = 0.037 < 0.05
    assert doc["stop"]["stop"] is True and doc["excluded_by_automation"] == 5
    with auto.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == 5 and {w["stage"] for w in written} == {"automation"}
    assert {w["decision"] for w in written} == {"exclude"} and "Callaghan" in written[0]["reason"]
