"""End-to-end ``laktasi analyze``: exit codes, JSON-only stdout, errors document, terminal tables."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from laktasi.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
FIXTURES = REPO / "tests" / "fixtures" / "trial"


def test_json_stdout_is_only_json_in_a_real_process():
    proc = subprocess.run([sys.executable, "-m", "laktasi.cli", "analyze", str(EXAMPLES / "study_semicolon.csv"),
                           "--json", "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)  # the whole of stdout parses
    assert doc["n"] == {"kontrol": 12, "intervensi": 12}
    assert "reading" in proc.stderr  # progress goes to stderr


def test_invalid_input_exits_2_with_every_error_and_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "laktasi.cli", "analyze", str(FIXTURES / "bad_study.csv"), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    errors = json.loads(proc.stdout)["errors"]
    assert len(errors) == 6
    assert {(e["row"], e["column"], e["code"]) for e in errors} >= {(3, "volume_pre", "not_a_number"),
                                                                    (8, "arm", "arm_of_one")}
    assert all(set(e) == {"file", "row", "column", "value", "code", "message"} for e in errors)
    assert all(e["file"].endswith("bad_study.csv") for e in errors)
    assert "Traceback" not in proc.stderr


def test_seed_json_primaries_and_warnings(capsys):
    code = main(["analyze", str(EXAMPLES / "seed_balibo" / "data.csv"), "--design",
                 str(EXAMPLES / "seed_balibo" / "design.yaml"), "--json", "--lang", "id"])
    out = capsys.readouterr().out
    assert code == 0
    doc = json.loads(out)
    lead = {(t["scope"], t["test"]): t for t in doc["tests"] if t["primary"]}
    assert set(lead) == {("kontrol", "sign_test"), ("intervensi", "sign_test"), ("between", "mann_whitney")}
    assert lead[("intervensi", "sign_test")]["p_value"] == pytest.approx(0.0625)  # 2/2^5 (enumeration)
    assert lead[("between", "mann_whitney")]["p_value"] == pytest.approx(2 / 252)  # 2/C(10,5) (enumeration)
    assert {w["code"] for w in doc["warnings"]} == {"case_control_label", "sample_too_small", "baseline_imbalance",
                                                "non_random_allocation"}
    assert "kasus–kontrol" in next(w["message"] for w in doc["warnings"] if w["code"] == "case_control_label")


@pytest.mark.parametrize(("lang", "words"), [("id", ["Kelompok", "Uji (* = utama)", "sebelum", "Peringatan"]),
                                             ("en", ["Arms", "Tests (* = primary)", "before", "Warnings"])])
def test_terminal_tables_bilingual(capsys, lang, words):
    assert main(["analyze", str(EXAMPLES / "study_wide.csv"), "--lang", lang]) == 0
    out = capsys.readouterr().out
    for w in words:
        assert w in out
    decimal = "," if lang == "id" else "."
    assert f"8{decimal}38" in out  # kontrol mean volume before, 8.375 (R: r/trial/example_analysis.out)


def test_no_reference_arm_exit_2_text_on_stderr(capsys):
    assert main(["analyze", str(FIXTURES / "no_reference.csv"), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "reference_arm" in captured.err


def test_report_suffix_checked_before_anything(capsys, tmp_path):
    assert main(["analyze", str(EXAMPLES / "study_wide.csv"), "--report", str(tmp_path / "x.pdf"), "--json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["errors"][0]["code"] == "report_format"


@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_report_is_written(capsys, tmp_path, suffix):
    pytest.importorskip("laktasi.report.study")
    target = tmp_path / f"hasil{suffix}"
    assert main(["analyze", str(EXAMPLES / "seed_balibo" / "data.csv"), "--design",
                 str(EXAMPLES / "seed_balibo" / "design.yaml"), "--report", str(target)]) == 0
    assert target.stat().st_size > 1000
    assert capsys.readouterr().out.strip() == str(target)


def test_missing_file_exit_2(capsys, tmp_path):
    assert main(["analyze", str(tmp_path / "none.csv"), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "file_not_found"


def test_terminal_shows_rules_and_characteristics(capsys):
    assert main(["analyze", str(EXAMPLES / "study_three_times.csv"), "--design",
                 str(EXAMPLES / "design_three_times.yaml"), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "kelancaran_volume dari volume (ml): < 10 → kurang lancar; 10 sampai < 20 → cukup lancar" in out
    assert "Karakteristik responden (awal)" in out and "primipara" in out
    assert "hari1" in out and "hari2" in out and "hari3" in out
