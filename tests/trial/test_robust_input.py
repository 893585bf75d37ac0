"""Ordinary data that used to end in an internal error (issues 8 and 13): a clear exit 2 or a correct reading."""

from __future__ import annotations

import json
import math

import pytest

from laktasi.cli import main
from laktasi.errors import InputError
from laktasi.trial.analysis import analyse
from laktasi.trial.io import read_table
from laktasi.trial.study import load_study


def test_decimal_commas_in_a_comma_file_are_refused_row_by_row(tmp_path, capsys):
    p = tmp_path / "koma.csv"
    p.write_text("id,arm,volume_pre,volume_post\n1,kontrol,12,5,14,0\n2,kontrol,11,13\n3,intervensi,10,5,20,5\n")
    with pytest.raises(InputError) as exc:
        read_table(p)
    problems = exc.value.problems
    assert [(q.code, q.row) for q in problems] == [("too_many_cells", 2), ("too_many_cells", 4)]
    assert "decimal comma" in problems[0].text.en and "koma desimal" in problems[0].text.id
    assert main(["analyze", str(p), "--json"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert {e["row"] for e in errors} == {2, 4}


def test_quoted_decimal_commas_in_a_comma_file_are_read(tmp_path):
    p = tmp_path / "kutip.csv"
    p.write_text('id,arm,volume_pre,volume_post\n1,kontrol,"12,5","14,0"\n2,kontrol,"11,5",13\n')
    assert read_table(p)["volume_pre"].tolist() == [12.5, 11.5]


@pytest.mark.parametrize("text", ["id,arm,volume_pre,volume_post\n", "id;arm;volume_pre;volume_post\n\n\n"])
def test_header_only_table_exits_2(tmp_path, capsys, text):
    p = tmp_path / "kosong.csv"
    p.write_text(text)
    out = tmp_path / "hasil.docx"
    assert main(["analyze", str(p), "--report", str(out), "--json"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors[0]["code"] == "no_rows" and errors[0]["row"] == 1
    assert not out.exists()


def test_short_row_with_three_time_points_is_read(tmp_path, examples):
    design = tmp_path / "d.yaml"
    design.write_text("\n".join(line for line in (examples / "design_three_times.yaml").read_text().splitlines()
                                if not line.startswith("covariates")))
    data = tmp_path / "pendek.csv"
    data.write_text("no,grup,vol_h1,vol_h2,vol_h3\n1,P,6,16,21\n2,P,9,21\n3,K,8,12,14\n4,K,7,11,13\n"
                    "5,P,7,15,22\n6,K,8,12,15\n")
    study = load_study(data, design)
    assert math.isnan(study.data.loc[study.data["id"] == "2", "volume_hari3"].iloc[0])  # the missing cell
    a = analyse(study)
    assert a.complete_cases["volume"] == {"K": 3, "P": 2}
    assert "missing_values" in {w.code for w in a.warnings}


def test_a_numerical_failure_in_one_test_leaves_the_others(tmp_path):
    # Change scores 1..10 (intervention) vs 7..20 (control): R t.test(1:10, y = 7:20) gives t = -5.4349,
    # df = 21.982, p = 1.855e-05. The noncentral-t CI search used to abort here and take the analysis with it.
    rows = ["id,arm,volume_pre,volume_post"]
    rows += [f"i{c},intervensi,{40 + c % 4},{40 + c % 4 + c}" for c in range(1, 11)]
    rows += [f"k{c},kontrol,{40 + c % 5},{40 + c % 5 + c}" for c in range(7, 21)]
    p = tmp_path / "nct.csv"
    p.write_text("\n".join(rows) + "\n")
    a = analyse(load_study(p))
    welch = next(t.result for t in a.tests if t.result.test == "welch_t")
    if math.isfinite(welch.p_value):  # the stats layer computed it: it must be R's
        assert welch.statistic == pytest.approx(-5.4349, abs=1e-4)
        assert welch.df == pytest.approx(21.982, abs=1e-3)
        assert welch.p_value == pytest.approx(1.855e-05, rel=1e-3)
    else:  # or it is said to be undefined, with a coded warning, and the primary ANCOVA stands
        assert "test_not_computable" in {w.code for w in a.warnings}
    primary = next(t.result for t in a.tests if t.primary and t.scope == "between")
    assert primary.test == "ancova" and math.isfinite(primary.p_value)
