"""read_table: delimiters, decimal comma, XLSX, SPSS value labels, row numbering, refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from laktasi.errors import InputError
from laktasi.trial.io import parse_cell, read_table, sniff_delimiter


def test_semicolon_and_decimal_comma(examples):
    df = read_table(examples / "study_semicolon.csv")
    wide = read_table(examples / "study_wide.csv")
    assert list(df.columns)[:4] == ["ID", "Kelompok", "Volume_Pre", "Volume_Post"]
    assert df["Volume_Pre"].dtype == float
    # the same numbers as the comma-separated, decimal-point file
    np.testing.assert_array_equal(df["Volume_Pre"].to_numpy(), wide["volume_pre"].to_numpy())
    assert df["Volume_Pre"].iloc[0] == 6.2


def test_tab_delimiter_blank_line_keeps_row_numbers(trial_fixtures):
    df = read_table(trial_fixtures / "warnings.tsv")
    assert sniff_delimiter((trial_fixtures / "warnings.tsv").read_text()) == "\t"
    # the blank line 4 is dropped but participant 3 keeps its spreadsheet row 5 (index + 2)
    assert df.index[df["id"] == 3].tolist() == [3]
    assert df["volume_pre"].iloc[0] == 10.5
    assert np.isnan(df["volume_post"].iloc[0])  # empty cell
    assert np.isnan(df.loc[df["id"] == 6, "volume_pre"].iloc[0])  # "NA"


def test_comma_file_with_quoted_decimal_comma(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text('id,arm,volume_pre\n1,kontrol,"12,5"\n2,kontrol,"7,25"\n')
    assert read_table(p)["volume_pre"].tolist() == [12.5, 7.25]


def test_mixed_column_stays_text_for_validation(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("id,arm,volume_pre\n1,kontrol,12\n2,kontrol,dua belas\n")
    assert read_table(p)["volume_pre"].tolist() == ["12", "dua belas"]


def test_xlsx_equals_csv(examples):
    x = read_table(examples / "study.xlsx")
    c = read_table(examples / "study_wide.csv")
    assert list(x.columns) == list(c.columns)
    np.testing.assert_allclose(x["volume_post"].to_numpy(float), c["volume_post"].to_numpy(float))
    assert x["kelancaran_post"].tolist() == c["kelancaran_post"].tolist()


def test_sav_value_labels_make_ordered_categoricals(examples):
    df = read_table(examples / "study.sav")
    col = df["kelancaran_post"]
    assert isinstance(col.dtype, pd.CategoricalDtype) and col.cat.ordered
    # levels in code order 1, 2, 3 (as labelled in SPSS), not alphabetical
    assert list(col.cat.categories) == ["kurang lancar", "cukup lancar", "lancar"]
    # R haven::as_factor on the same file counts 12 "lancar" (r/trial/example_analysis.out)
    assert int((col == "lancar").sum()) == 12
    assert df.attrs["value_labels"]["arm"] == ["intervensi", "kontrol"]
    assert df["volume_pre"].dtype == float  # no labels: stays numeric


def test_sav_unlabelled_code_is_kept_visible(tmp_path):
    p = tmp_path / "u.sav"
    frame = pd.DataFrame({"id": [1.0, 2.0, 3.0], "k_pre": [1.0, 2.0, 9.0]})
    pyreadstat.write_sav(frame, str(p), variable_value_labels={"k_pre": {1: "tidak", 2: "ya"}})
    col = read_table(p)["k_pre"]
    assert col.tolist() == ["tidak", "ya", "9"]


def test_sav_control_characters_are_removed_as_in_csv(tmp_path):
    # a backspace typed into an SPSS string or value label: invisible, and refused by python-docx/openpyxl
    p = tmp_path / "c.sav"
    frame = pd.DataFrame({"id": [1.0, 2.0], "kelompok": ["kon\x08trol", "intervensi"], "k_pre": [1.0, 2.0]})
    pyreadstat.write_sav(frame, str(p), variable_value_labels={"k_pre": {1: "kurang\x0blancar", 2: "lancar"}})
    df = read_table(p)
    assert df["kelompok"].tolist() == ["kontrol", "intervensi"]
    assert df["k_pre"].tolist() == ["kuranglancar", "lancar"]


@pytest.mark.parametrize(("name", "code"), [("x.json", "unsupported_format"), ("missing.csv", "file_not_found")])
def test_refusals(tmp_path, name, code):
    if name.endswith(".json"):
        (tmp_path / name).write_text("{}")
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / name)
    assert exc.value.problems[0].code == code
    assert exc.value.problems[0].file.endswith(name)


def test_duplicate_header_names_its_columns(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("id,arm,Volume_pre,volume_pre\n1,a,1,2\n")
    with pytest.raises(InputError) as exc:
        read_table(p)
    prob = exc.value.problems[0]
    assert (prob.code, prob.row, prob.column) == ("duplicate_column", 1, "volume_pre")


@pytest.mark.parametrize(("text", "value"), [("12,5", 12.5), ("-3", -3.0), ("1.234,5", 1234.5),
                                             ("1,234.5", 1234.5), ("abc", None), ("12 ml", None), ("1e3", 1000.0)])
def test_parse_cell(text, value):
    assert parse_cell(text) == value
