"""``laktasi power``: JSON and terminal output, bilingual, exit 2 on bad input.

Expected numbers come from R pwr (r/stats/references.json, checked in tests/stats/test_power.py);
here the values printed by the command are compared with the library's and with R's.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from laktasi.cli import main

REFS = json.loads((Path(__file__).resolve().parents[2] / "r" / "stats" / "references.json").read_text())


def run(capsys, *argv):
    code = main(["power", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_paired_t_sample_size_json_matches_pwr(capsys):
    code, out, err = run(capsys, "paired-t", "--d", "0.5", "--power", "0.8", "--json")
    assert code == 0
    doc = json.loads(out)  # stdout carries only JSON
    row = next(r for r in REFS["pwr_t"]["rows"] if r["type"] == "paired" and r["d"] == 0.5)
    assert doc["n_exact"] == pytest.approx(row["n_for_80"], abs=2e-3)  # R pwr.t.test(d=0.5, power=0.8, paired)
    assert doc["n"] == math.ceil(row["n_for_80"]) == 34
    assert doc["solved_for"] == "n" and doc["unit"] == "pairs" and doc["target_power"] == 0.8


def test_two_sample_power_with_decimal_comma(capsys):
    code, out, _ = run(capsys, "two-sample-t", "--d", "0,5", "--n", "20", "--json")
    row = next(r for r in REFS["pwr_t"]["rows"] if r["type"] == "two.sample" and r["d"] == 0.5)
    assert code == 0
    assert json.loads(out)["power"] == pytest.approx(row["power_at_20"], rel=1e-9)  # R pwr.t.test(n = 20)


def test_terminal_output_is_bilingual(capsys):
    _, out_id, _ = run(capsys, "ancova", "--d", "0.5", "--rho", "0.6", "--power", "0.8", "--lang", "id")
    _, out_en, _ = run(capsys, "ancova", "--d", "0.5", "--rho", "0.6", "--power", "0.8", "--lang", "en")
    assert "Diperlukan: 41 per kelompok (n = 40,81), total 82" in out_id  # Borm: 63.77 × 0.64
    assert "Required: 41 per arm (n = 40.81), total 82" in out_en


@pytest.mark.parametrize(
    "argv",
    [
        ("mcnemar", "--p-up", "0.3", "--p-down", "0.1", "--power", "0.8"),
        ("two-proportions", "--p1", "0.6", "--p2", "0.4", "--n", "30"),
    ],
)
def test_other_designs_run(capsys, argv):
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0
    doc = json.loads(out)
    if argv[0] == "mcnemar":
        assert doc["n_exact"] == pytest.approx(REFS["mcnemar_power"]["rows"][0]["n"], rel=1e-8)  # Connor, in R
    else:
        assert doc["power"] == pytest.approx(REFS["pwr_2p"]["rows"][0]["power_at_30"], rel=1e-9)  # pwr.2p.test


def test_bad_input_exits_2_with_json_errors(capsys):
    code, out, err = run(capsys, "paired-t", "--d", "abc", "--power", "0.8", "--json")
    assert code == 2
    errors = json.loads(out)["errors"]
    assert errors[0]["column"] == "--d" and errors[0]["value"] == "abc"
    assert set(errors[0]) == {"file", "row", "column", "value", "code", "message"}
    assert "Traceback" not in err


def test_missing_options_and_invalid_values_reported(capsys):
    code, out, err = run(capsys, "ancova", "--lang", "en")
    assert code == 2
    assert "--d (or --diff and --sd) is required" in err and "--rho is required" in err
    code, out, err = run(capsys, "paired-t", "--d", "0.5", "--n", "10", "--power", "0.8", "--alpha", "2")
    assert code == 2
    assert "alpha" in err and "--n" in err


def test_power_without_design_prints_help(capsys):
    assert main(["power"]) == 0
    assert "paired-t" in capsys.readouterr().out


def test_mcnemar_exact_flag(capsys):
    code, out, _ = run(capsys, "mcnemar", "--p-up", "0.3", "--p-down", "0.1", "--power", "0.8", "--exact", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["n"] > 77 and doc["exact_test_power"] >= 0.8
    _, text, _ = run(capsys, "mcnemar", "--p-up", "0.3", "--p-down", "0.1", "--power", "0.8", "--lang", "en")
    # R enumeration (r/stats/references.json): exact test at Connor's 77 pairs has power 0.761
    assert "Power of the exact McNemar test with 77 pairs: 0.761" in text


def test_difference_and_sd_instead_of_d(capsys):
    code, out, _ = run(capsys, "paired-t", "--diff", "10", "--sd", "8", "--n", "20", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["effect"]["d"] == 1.25 and doc["effect"]["diff"] == 10.0
    code2, out2, _ = run(capsys, "paired-t", "--d", "1.25", "--n", "20", "--json")
    assert json.loads(out2)["power"] == doc["power"]
    code, _, err = run(capsys, "two-sample-t", "--diff", "10", "--power", "0.8", "--lang", "en")
    assert code == 2 and "--sd is needed" in err
    code, _, err = run(capsys, "two-sample-t", "--diff", "10", "--sd", "0", "--power", "0.8", "--lang", "en")
    assert code == 2 and "--sd must be above 0" in err


def test_an_absurdly_small_alpha_is_refused_not_answered_wrongly(capsys):
    from laktasi.cli import main

    assert main(["power", "paired-t", "--d", "0.5", "--power", "0.8", "--alpha", "1e-300", "--json"]) == 2
    assert "--alpha" in capsys.readouterr().err
