"""``laktasi meta``: the design.md JSON contract, checked against R metafor output (r/meta/metafor_reference.json)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from laktasi.cli import main

ROOT = Path(__file__).resolve().parents[2]
BCG = ROOT / "examples" / "meta" / "bcg.csv"
CONTOH = ROOT / "examples" / "meta" / "contoh_pijat_oksitosin.csv"
REF = json.loads((ROOT / "r" / "meta" / "metafor_reference.json").read_text())


def run_json(capsys, *argv):
    code = main(["meta", *map(str, argv), "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_bcg_rr_reml_contract_matches_metafor(capsys):
    code, doc = run_json(capsys, BCG, "--measure", "RR")
    assert code == 0
    r = REF["bcg"]["RR"]["fits"]["REML_z"]  # metafor rma(yi, vi, method="REML") on escalc("RR")
    for key in ("k", "measure", "method", "estimate", "se", "ci_low", "ci_high", "p_value", "tau2", "i2", "q", "q_p",
                "pi_low", "pi_high", "converged", "iterations", "studies", "exp_estimate", "exp_ci_low", "exp_ci_high",
                "exp_pi_low", "exp_pi_high"):
        assert key in doc, key
    assert doc["k"] == 13 and doc["measure"] == "RR" and doc["method"] == "REML"
    assert doc["estimate"] == pytest.approx(r["estimate"], rel=1e-6)
    assert doc["ci_low"] == pytest.approx(r["ci_lb"], rel=1e-6)
    assert doc["p_value"] == pytest.approx(r["pval"], rel=1e-6)
    assert doc["tau2"] == pytest.approx(r["tau2"], rel=1e-6)
    assert doc["i2"] == pytest.approx(r["I2"], rel=1e-6)
    assert doc["q"] == pytest.approx(r["QE"], rel=1e-6)
    assert doc["pi_low"] == pytest.approx(r["pi_lb"], rel=1e-6)
    assert doc["exp_estimate"] == pytest.approx(math.exp(r["estimate"]), rel=1e-6)
    assert doc["exp_pi_high"] == pytest.approx(math.exp(r["pi_ub"]), rel=1e-6)
    assert doc["converged"] is True and isinstance(doc["iterations"], int)
    assert [s["weight"] for s in doc["studies"]] == pytest.approx(r["weights"], rel=1e-6)
    assert sum(s["weight"] for s in doc["studies"]) == pytest.approx(100)
    assert [s["yi"] for s in doc["studies"]] == pytest.approx(REF["bcg"]["RR"]["yi"], rel=1e-6)
    assert doc["studies"][0]["study"] == "Aronson 1948"


@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_mh_has_zero_tau2_and_no_prediction_interval(capsys, measure):
    code, doc = run_json(capsys, BCG, "--measure", measure, "--method", "MH")
    assert code == 0
    r = REF["bcg"][measure]["mh"]  # metafor rma.mh
    assert doc["estimate"] == pytest.approx(r["estimate"], rel=1e-6)
    assert doc["se"] == pytest.approx(r["se"], rel=1e-6)
    assert doc["q"] == pytest.approx(r["QE"], rel=1e-6)
    assert doc["tau2"] == 0 and doc["pi_low"] is None and doc["pi_high"] is None
    assert [s["weight"] for s in doc["studies"]] == pytest.approx(r["weights"], rel=1e-6)
    if measure == "RD":
        assert "exp_estimate" not in doc
    else:
        assert doc["exp_pi_low"] is None and doc["exp_estimate"] == pytest.approx(math.exp(r["estimate"]))


def test_fe_and_hk(capsys):
    _, fe = run_json(capsys, BCG, "--measure", "OR", "--method", "FE")
    r = REF["bcg"]["OR"]["fits"]["FE_z"]
    assert fe["estimate"] == pytest.approx(r["estimate"], rel=1e-6)
    assert fe["tau2"] == 0 and fe["pi_low"] is None
    _, hk = run_json(capsys, BCG, "--measure", "OR", "--method", "DL", "--hk")
    r = REF["bcg"]["OR"]["fits"]["DL_knha"]  # test="knha": t quantiles for CI and PI
    assert hk["ci_low"] == pytest.approx(r["ci_lb"], rel=1e-6)
    assert hk["pi_low"] == pytest.approx(r["pi_lb"], rel=1e-6)
    assert hk["pi_high"] == pytest.approx(r["pi_ub"], rel=1e-6)
    assert hk["df"] == 12


def test_subgroup_and_moderator_sections(capsys):
    _, doc = run_json(capsys, BCG, "--measure", "RR", "--subgroup", "allocation", "--moderator", "latitude")
    ref = REF["bcg"]["RR"]
    sub = doc["subgroups"]
    assert sub["column"] == "allocation"
    assert sub["q_between"] == pytest.approx(ref["subgroup_alloc_REML"]["Qb"], rel=1e-6)
    for g in sub["groups"]:
        assert g["estimate"] == pytest.approx(ref["subgroup_alloc_REML"]["groups"][g["name"]]["estimate"], rel=1e-6)
    reg = doc["meta_regression"]
    assert [c["estimate"] for c in reg["coefficients"]] == pytest.approx(ref["metareg_ablat_z"]["beta"], rel=1e-6)
    assert reg["q_moderators"] == pytest.approx(ref["metareg_ablat_z"]["QM"], rel=1e-6)
    assert reg["r2"] == pytest.approx(ref["metareg_ablat_z"]["R2"], rel=1e-6)
    bias = doc["small_study_tests"]
    assert bias["egger"]["statistic"] == pytest.approx(ref["bias"]["REML"]["regtest_rma"]["zval"], rel=1e-6)
    assert bias["trim_and_fill"]["k0"] == ref["bias"]["REML"]["trimfill"]["k0"]
    assert [x["estimate"] for x in doc["leave_one_out"]] == pytest.approx(ref["bias"]["leave1out_REML"]["estimate"], rel=1e-6)


def test_semicolon_decimal_comma_and_median_row(capsys):
    # examples/meta/contoh_pijat_oksitosin.csv: ';' delimiter, decimal commas, study C given as median [IQR]
    code, doc = run_json(capsys, CONTOH, "--measure", "MD", "--lang", "id")
    assert code == 0
    r = REF["example_pijat"]["REML"]  # R: Wan (2014) S3 for study C, escalc("MD"), rma REML, confint(tau2.max=1e6)
    assert [s["yi"] for s in doc["studies"]] == pytest.approx(REF["example_pijat"]["yi"], rel=1e-6)
    assert doc["estimate"] == pytest.approx(r["estimate"], rel=1e-6)
    assert doc["tau2"] == pytest.approx(r["tau2"], rel=1e-6)
    assert doc["tau2_ci"] == pytest.approx(r["tau2_ci"], rel=1e-6, abs=1e-9)
    assert doc["i2_ci"] == pytest.approx(r["I2_ci"], rel=1e-6, abs=1e-9)
    assert doc["studies"][2]["estimated_from_median"] is True
    codes = {w["code"] for w in doc["warnings"]}
    assert {"estimated_from_median", "few_studies_for_bias_tests"} <= codes
    assert any("Wan" in w["message"] and "diperkirakan" in w["message"] for w in doc["warnings"])


def test_precomputed_yi_vi(tmp_path, capsys):
    src = ROOT / "r" / "meta" / "dat_hackshaw1998.csv"
    code, doc = run_json(capsys, src, "--measure", "OR", "--method", "DL")
    assert code == 0
    r = REF["hackshaw1998"]["fits"]["DL_z"]
    assert doc["k"] == 37
    assert doc["estimate"] == pytest.approx(r["estimate"], rel=1e-6)
    assert doc["tau2"] == pytest.approx(r["tau2"], rel=1e-6, abs=1e-12)


def test_zero_cells_are_reported(tmp_path, capsys):
    src = ROOT / "r" / "meta" / "dat_nielweise2007.csv"
    csv = tmp_path / "niel.csv"
    import pandas as pd

    d = pd.read_csv(src)
    pd.DataFrame({"study": d.author, "events_t": d.ai, "n_t": d.n1i, "events_c": d.ci, "n_c": d.n2i}).to_csv(csv, index=False)
    code, doc = run_json(capsys, csv, "--measure", "OR")
    assert code == 0
    assert doc["estimate"] == pytest.approx(REF["nielweise2007"]["OR"]["fits"]["REML_z"]["estimate"], rel=1e-6)
    assert any(w["code"] == "zero_cell_correction" for w in doc["warnings"])
    assert sum(s["zero_cell_corrected"] for s in doc["studies"]) == 6


def test_bad_csv_lists_every_problem_with_row_and_column(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("study,events_t,n_t,events_c,n_c\nA,4,10,2,10\nB,12,10,x,10\nC,,20,3,20\nD,1,0,1,5\n")
    code = main(["meta", str(bad), "--measure", "RR", "--json"])
    captured = capsys.readouterr()
    assert code == 2
    errors = json.loads(captured.out)["errors"]
    found = {(e["row"], e["column"], e["code"]) for e in errors}
    assert (3, "events_t", "count_above_n") in found
    assert (3, "events_c", "not_a_number") in found
    assert (4, "events_t", "missing_value") in found
    assert (5, "n_t", "bad_group_size") in found
    assert all(e["file"] == str(bad) for e in errors)
    assert any(e["value"] == "x" for e in errors)
    assert "Traceback" not in captured.err


def test_missing_columns_and_wrong_method(tmp_path, capsys):
    bad = tmp_path / "cols.csv"
    bad.write_text("study,mean_t,n_t\nA,1,10\nB,2,10\n")
    code = main(["meta", str(bad), "--measure", "SMD", "--json"])
    err = json.loads(capsys.readouterr().out)["errors"][0]
    assert code == 2 and err["code"] == "missing_columns" and "sd_t" in err["message"]
    code = main(["meta", str(CONTOH), "--measure", "MD", "--method", "MH", "--json"])
    assert code == 2 and json.loads(capsys.readouterr().out)["errors"][0]["code"] == "mh_needs_counts"
    code = main(["meta", str(BCG), "--measure", "RR", "--subgroup", "nope", "--json"])
    assert code == 2 and json.loads(capsys.readouterr().out)["errors"][0]["code"] == "column_not_found"


def test_plots_and_reports_are_written(tmp_path, capsys):
    forest, funnel = tmp_path / "f.svg", tmp_path / "fu.png"
    html, docx = tmp_path / "r.html", tmp_path / "r.docx"
    assert main(["meta", str(BCG), "--measure", "RR", "--forest", str(forest), "--funnel", str(funnel),
                 "--report", str(html), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Pooled: 0.489 [0.344, 0.696]" in out  # exp(-0.7145) = 0.4894 (metafor, BCG REML)
    assert forest.read_text().lstrip().startswith("<?xml") and "<svg" in forest.read_text()
    assert funnel.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = html.read_text()
    assert "<svg" in page and "The 95% prediction interval for the effect in a new study is" in page
    assert main(["meta", str(BCG), "--measure", "RR", "--report", str(docx), "--lang", "id", "--json"]) == 0
    json.loads(capsys.readouterr().out)  # --json keeps stdout pure JSON even when writing files
    assert docx.read_bytes()[:2] == b"PK"


def test_output_suffix_is_checked(tmp_path, capsys):
    code = main(["meta", str(BCG), "--measure", "RR", "--forest", str(tmp_path / "f.pdf"), "--json"])
    assert code == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "output_format"


def test_rows_count_blank_spreadsheet_rows(tmp_path, capsys):
    # a fully empty row 3 is dropped by the reader, but the error still names spreadsheet row 4
    src = tmp_path / "gap.csv"
    src.write_text("study;events_t;n_t;events_c;n_c\nA;4;10;2;10\n;;;;\nB;12;10;3;10\n")
    assert main(["meta", str(src), "--measure", "RR", "--json"]) == 2
    err = json.loads(capsys.readouterr().out)["errors"][0]
    assert (err["row"], err["column"], err["code"]) == (4, "events_t", "count_above_n")


def test_xlsx_input(tmp_path, capsys):
    import pandas as pd

    src = tmp_path / "bcg.xlsx"
    pd.read_csv(BCG).to_excel(src, index=False)
    code, doc = run_json(capsys, src, "--measure", "RR", "--method", "PM")
    assert code == 0
    assert doc["tau2"] == pytest.approx(REF["bcg"]["RR"]["fits"]["PM_z"]["tau2"], rel=1e-6)  # metafor method="PM"


# ----------------------------------------------------------------------------- issue 13
REF13 = json.loads((ROOT / "r" / "meta" / "issue13_reference.json").read_text())
PREPOST = ROOT / "examples" / "meta" / "contoh_prepost.csv"
PREVALENCE = ROOT / "examples" / "meta" / "contoh_asi_eksklusif.csv"


@pytest.mark.parametrize("measure", ["SMCR", "MC"])
def test_prepost_csv_contract(capsys, measure):
    # examples/meta/contoh_prepost.csv: ';' and decimal commas, study C without a control group
    code, doc = run_json(capsys, PREPOST, "--measure", measure, "--method", "DL")
    assert code == 0
    ref = REF13["prepost"][measure]  # R: escalc(SMCR/MC) per arm, difference of the arms (two-arm rows)
    assert [s["yi"] for s in doc["studies"]] == pytest.approx(ref["yi"], rel=1e-6)
    assert [s["vi"] for s in doc["studies"]] == pytest.approx(ref["vi"], rel=1e-6)
    assert "mixed_designs" in {w["code"] for w in doc["warnings"]}


def test_prevalence_plo_back_transformed_and_riley_pi(capsys):
    code, doc = run_json(capsys, PREVALENCE, "--measure", "PLO", "--pi", "riley")
    assert code == 0
    ref = REF13["proportions"]["PLO"]
    assert doc["estimate"] == pytest.approx(ref["fit"]["estimate"], rel=1e-6)
    assert doc["proportion_estimate"] == pytest.approx(ref["back"]["pred"], rel=1e-6)
    assert doc["pi_type"]["kind"] == "t_k-2"
    code = main(["meta", str(PREVALENCE), "--measure", "PFT", "--lang", "id"])
    out = capsys.readouterr().out
    assert code == 0
    back = REF13["proportions"]["PFT"]["back"]["pred"]  # transf.ipft.hm
    assert f"{back:.3f}".replace(".", ",") in out
    assert "kuantil normal (z)" in out


@pytest.mark.parametrize("method", ["HE", "SJ"])
def test_he_sj_methods(capsys, tmp_path, method):
    d = REF13["he_sj"]["bcg"]
    src = tmp_path / "yi.csv"
    src.write_text("study,yi,vi\n" + "".join(f"T{i},{y!r},{v!r}\n" for i, (y, v) in enumerate(zip(d["yi"], d["vi"], strict=True))))
    code, doc = run_json(capsys, src, "--measure", "RR", "--method", method)
    assert code == 0
    assert doc["tau2"] == pytest.approx(d[f"{method}_z"]["tau2"], rel=1e-6)
    assert doc["exp_estimate"] == pytest.approx(math.exp(d[f"{method}_z"]["estimate"]), rel=1e-6)


def test_baujat_plot_written_and_refused_when_impossible(capsys, tmp_path):
    out = tmp_path / "baujat.svg"
    assert main(["meta", str(BCG), "--measure", "RR", "--baujat", str(out)]) == 0
    assert out.read_bytes().startswith(b"<?xml") and b"Baujat" in out.read_bytes()
    capsys.readouterr()
    bad = tmp_path / "b.svg"
    assert main(["meta", str(BCG), "--measure", "RR", "--method", "MH", "--baujat", str(bad), "--json"]) == 2
    assert not bad.exists()
    assert "baujat_not_possible" in capsys.readouterr().out


@pytest.mark.parametrize(("content", "code_expected"), [
    ("study,yi,vi\nA,1e200,0.1\nB,2,0.2\nC,3,0.1\n", "too_large"),
    ("study,yi,vi\nA,inf,inf\nB,inf,inf\n", "not_finite"),
    ("study,yi,vi\nA,1,1e-320\nB,2,0.1\nC,2,0.1\n", "variance_out_of_range"),
    ("study,yi,vi\nA,1,1e-20\nB,2,0.1\nC,2,0.1\n", "variance_ratio_too_large"),
    ("study,mean_t,sd_t,n_t,mean_c,sd_c,n_c\nA,1e200,1e200,10,1,1,10\nB,2,1,10,1,1,10\n", "too_large"),
])
def test_unusable_numbers_exit_2_with_a_clear_error(capsys, tmp_path, content, code_expected):
    src = tmp_path / "bad.csv"
    src.write_text(content)
    measure = "MD"
    code = main(["meta", str(src), "--measure", measure, "--json"])
    out = capsys.readouterr().out
    assert code == 2
    errors = json.loads(out)["errors"]
    assert code_expected in {e["code"] for e in errors}
    assert all(e["message"] for e in errors)
