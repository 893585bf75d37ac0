"""``laktasi demo`` end to end: files written, labelled synthetic, reports readable, errors clean."""

from __future__ import annotations

import json

import pytest
from docx import Document

from laktasi.cli import main


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "laktasi-demo"
    assert main(["demo", "--out", str(out), "--n-per-arm", "12", "--seed", "7", "--lang", "id"]) == 0
    return out


def test_writes_every_file(demo_dir):
    names = sorted(p.name for p in demo_dir.iterdir())
    assert names == ["README.txt", "demo-design.yaml", "demo-report.docx", "demo-report.html", "demo-study.csv"]
    assert "SYNTHETIC DATA" in (demo_dir / "README.txt").read_text(encoding="utf-8")
    assert (demo_dir / "demo-design.yaml").read_text(encoding="utf-8").startswith("# SYNTHETIC DATA")


def test_reports_are_labelled_synthetic(demo_dir):
    page = (demo_dir / "demo-report.html").read_text(encoding="utf-8")
    assert 'id="synthetic-data"' in page and "DATA SINTETIS" in page
    doc = Document(str(demo_dir / "demo-report.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "DATA SINTETIS" in text
    assert "p = 0,000" not in text and "p = 0,000" not in page
    assert len(doc.inline_shapes) >= 3 and len(doc.tables) >= 4


def test_csv_has_the_requested_size(demo_dir):
    import pandas as pd

    frame = pd.read_csv(demo_dir / "demo-study.csv")
    assert len(frame) == 24
    assert {"id", "arm", "volume_pre", "volume_post", "kelancaran_pre", "kelancaran_post"} <= set(frame.columns)


def test_json_output_is_only_json_and_the_seed_fixes_the_data(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["demo", "--out", str(a), "--n-per-arm", "5", "--seed", "1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["synthetic"] is True and doc["n_per_arm"] == 5 and doc["folder"] == str(a)
    assert sum(doc["n"].values()) == 10
    assert doc["tests"] and all(t["primary"] for t in doc["tests"])
    assert main(["demo", "--out", str(b), "--n-per-arm", "5", "--seed", "1", "--json"]) == 0
    assert (a / "demo-study.csv").read_bytes() == (b / "demo-study.csv").read_bytes()


def test_prints_where_and_a_summary(tmp_path, capsys):
    out = tmp_path / "d"
    assert main(["demo", "--out", str(out), "--n-per-arm", "8", "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "SYNTHETIC example study" in captured.out
    assert str(out / "demo-report.html") in captured.out
    assert "Primary tests:" in captured.out
    assert "analysing" in captured.err  # progress goes to standard error


def test_bad_arguments_exit_2_with_json_errors(tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    code = main(["demo", "--out", str(blocker), "--n-per-arm", "1", "--json"])
    assert code == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert {e["code"] for e in errors} == {"n_per_arm", "out_not_folder"}


def test_folder_that_cannot_be_made_exits_2(tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    assert main(["demo", "--out", str(blocker / "sub"), "--json"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert [e["code"] for e in errors] == ["out_not_writable"]


def test_an_interrupted_write_leaves_no_truncated_table(tmp_path, monkeypatch):
    """A demo stopped while writing its table leaves no half-written CSV behind (nor a temporary file)."""
    import pandas as pd

    real = pd.DataFrame.to_csv

    def half_then_interrupt(self, path, *args, **kwargs):
        real(self.head(2), path, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_interrupt)
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--n-per-arm", "12", "--seed", "7"]) == 130  # as after Ctrl+C
    assert sorted(p.name for p in out.iterdir()) == []
