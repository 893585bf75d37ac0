"""Checking a study table: every problem at once, with row and column; Wan-estimated rows flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from laktasi.errors import InputError
from laktasi.meta.effects import mean_sd_from_median
from laktasi.meta.table import read_study_table


def _problems(frame, measure, **kw):
    with pytest.raises(InputError) as exc:
        read_study_table(frame, measure, file="t.csv", **kw)
    return exc.value.problems


def test_binary_columns_case_insensitive_and_decimal_comma():
    f = pd.DataFrame({"Study": ["A", "B"], "Events_T": [4, 6], "N_t": ["10", "12"], "events_c": [2, 3], "n_c": [10, 12]})
    t = read_study_table(f, "or")
    assert t.kind == "binary" and t.measure == "OR" and t.studies == ("A", "B") and t.rows == (2, 3)
    assert t.n.tolist() == [20, 24]


def test_every_problem_reported_together():
    f = pd.DataFrame({"study": ["A", "B", "C"], "mean_t": [1, "abc", 3], "sd_t": [1, -1, 1], "n_t": [10, 10, 2.5],
                      "mean_c": [1, 1, None], "sd_c": [1, 1, 1], "n_c": [10, 10, 10]})
    probs = _problems(f, "SMD")
    where = {(p.row, p.column, p.code) for p in probs}
    assert where == {(3, "mean_t", "not_a_number"), (3, "sd_t", "not_positive"), (4, "n_t", "bad_group_size"),
                     (4, "mean_c", "missing_value")}
    assert all(p.file == "t.csv" for p in probs)
    assert all(p.text.id and p.text.en for p in probs)


def test_precomputed_fallback_and_missing_columns():
    t = read_study_table(pd.DataFrame({"yi": [0.1, 0.2], "vi": [0.01, 0.02]}), "RR")
    assert t.kind == "precomputed" and t.studies == ("Study 1", "Study 2")
    probs = _problems(pd.DataFrame({"events_t": [1, 2], "n_t": [5, 5]}), "RR")
    assert probs[0].code == "missing_columns" and "events_c" in probs[0].column


def test_median_rows_are_estimated_and_flagged():
    f = pd.DataFrame({"study": ["A", "B"], "mean_t": [50.0, None], "sd_t": [10.0, None], "n_t": [20, 40],
                      "median_t": [None, 48.0], "q1_t": [None, 40.0], "q3_t": [None, 60.0],
                      "mean_c": [45.0, 41.0], "sd_c": [9.0, 9.5], "n_c": [20, 40]})
    t = read_study_table(f, "MD")
    assert t.estimated.tolist() == [False, True]
    est = mean_sd_from_median(40, 48.0, q1=40.0, q3=60.0)
    assert t.values["mean_t"][1] == est.mean and t.values["sd_t"][1] == est.sd


def test_subgroup_and_moderator_checks():
    f = pd.DataFrame({"yi": [0.1, 0.2, 0.3], "vi": [0.01, 0.02, 0.03], "design": ["RCT", None, "quasi"],
                      "year": [2001, 2005, 2010]})
    probs = _problems(f, "MD", subgroup="design", moderator="missing")
    codes = {(p.code, p.column) for p in probs}
    assert ("column_not_found", "missing") in codes and ("missing_value", "design") in codes
    t = read_study_table(f.fillna("quasi"), "MD", subgroup="Design", moderator="YEAR")
    assert t.subgroup == ("RCT", "quasi", "quasi") and t.moderator == (2001.0, 2005.0, 2010.0)


def test_one_study_is_too_few():
    probs = _problems(pd.DataFrame({"yi": [0.1], "vi": [0.01]}), "MD")
    assert probs[0].code == "too_few_studies"
