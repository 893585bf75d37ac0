"""A meta-analysis data table (one row per study) checked cell by cell, turned into effect sizes.

Columns (headers match case-insensitively; other columns are ignored unless named as subgroup or
moderator), as the ``laktasi meta`` contract in design.md:

- two-group binary: ``study, events_t, n_t, events_c, n_c`` (RR, OR, RD);
- continuous: ``study, mean_t, sd_t, n_t, mean_c, sd_c, n_c`` (MD, SMD); a row may leave mean/SD
  empty and give ``median_<arm>`` with ``q1_<arm>``/``q3_<arm>`` and/or ``min_<arm>``/``max_<arm>``
  instead — the mean and SD are then estimated (Wan et al. 2014) and the study is flagged;
- ROM (log ratio of means): the continuous columns; every mean must be above 0;
- one group's proportion (PR, PLO, PFT): ``study, events, n``;
- pre/post (SMCR standardised mean change, MC raw mean change): ``study, mean_pre_t, sd_pre_t,
  mean_post_t, sd_post_t, n_t, r`` for the intervention group and, for a study with a control group,
  the same ``_c`` columns; a row with the ``_c`` cells empty is a one-group pre/post study. ``r`` is the
  pre–post correlation (stated in the paper or assumed; a ``--`` free choice is never made here);
- precomputed: ``study, yi, vi`` (ratio measures on the log scale, PLO as logits).

Every problem is collected (file, spreadsheet row, column, value, why) and raised together as one
:class:`~laktasi.errors.InputError`; nothing is half-read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from laktasi.errors import InputError, Problem, Text
from laktasi.meta.effects import (
    EffectSizes,
    change_smd_raw,
    log_ratio_of_means,
    mean_change,
    mean_difference,
    mean_sd_from_median,
    proportion,
    standardized_mean_difference,
    two_by_two,
)

FloatArray = NDArray[np.float64]
Kind = Literal["binary", "continuous", "precomputed", "proportion", "prepost"]

BINARY = ("events_t", "n_t", "events_c", "n_c")
CONTINUOUS = ("mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c")
PROPORTION = ("events", "n")
PREPOST_ARM = ("mean_pre", "sd_pre", "mean_post", "sd_post", "n")
PREPOST = (*(f"{c}_t" for c in PREPOST_ARM), "r")
PREPOST_CONTROL = tuple(f"{c}_c" for c in PREPOST_ARM)
PRECOMPUTED = ("yi", "vi")
RATIO_MEASURES = ("RR", "OR", "ROM")
PROPORTION_MEASURES = ("PR", "PLO", "PFT")
PREPOST_MEASURES = ("SMCR", "MC")
MEASURES = ("RR", "OR", "RD", "MD", "SMD", "ROM", *PROPORTION_MEASURES, *PREPOST_MEASURES)

__all__ = ["MEASURES", "PREPOST_MEASURES", "PROPORTION_MEASURES", "RATIO_MEASURES", "StudyTable", "read_study_table"]


@dataclass(frozen=True)
class StudyTable:
    """The checked numbers of a meta-analysis table (``rows`` are spreadsheet rows, header = 1)."""

    kind: Kind
    measure: str
    studies: tuple[str, ...]
    rows: tuple[int, ...]
    values: Mapping[str, FloatArray]
    subgroup: tuple[str, ...] | None = None
    subgroup_column: str | None = None
    moderator: tuple[float | str, ...] | None = None
    moderator_column: str | None = None
    estimated: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @property
    def k(self) -> int:
        return len(self.studies)

    @property
    def n(self) -> FloatArray | None:
        """Participants per study (both arms), when the table has group sizes."""
        if self.kind == "proportion":
            return self.values["n"]
        if self.kind == "prepost":
            if "n_c" not in self.values:
                return self.values["n_t"]
            return self.values["n_t"] + np.nan_to_num(self.values["n_c"], nan=0.0)
        if "n_t" in self.values and "n_c" in self.values:
            return self.values["n_t"] + self.values["n_c"]
        return None

    @property
    def one_group(self) -> NDArray[np.bool_]:
        """Pre/post studies without a control group (all ``False`` for other designs)."""
        if self.kind != "prepost":
            return np.zeros(self.k, dtype=bool)
        if "n_c" not in self.values:  # a table without control columns: every study is one group
            return np.ones(self.k, dtype=bool)
        return np.asarray(np.isnan(self.values["n_c"]), dtype=bool)

    def effect_sizes(self) -> EffectSizes:
        """Per-study effects as metafor ``escalc`` computes them by default.

        Pre/post: each arm's change (``SMCR`` standardised by the pre-test SD, or ``MC``); a study
        with a control group gives the difference of the arms' changes with the summed variances
        (Becker 1988; Morris 2008, *d_ppc1*), a one-group study its own change.
        """
        v = self.values
        if self.kind == "precomputed":
            return EffectSizes(self.measure, v["yi"], v["vi"])
        if self.kind == "binary":
            return two_by_two(self.measure, v["events_t"], v["n_t"], v["events_c"], v["n_c"])
        if self.kind == "proportion":
            return proportion(self.measure, v["events"], v["n"])
        if self.kind == "prepost":
            arms = []
            for a in "tc" if "n_c" in v else "t":
                if self.measure == "SMCR":
                    arms.append(change_smd_raw(v[f"mean_post_{a}"], v[f"mean_pre_{a}"], v[f"sd_pre_{a}"], v[f"n_{a}"], v["r"]))
                else:
                    arms.append(mean_change(v[f"mean_post_{a}"], v[f"mean_pre_{a}"], v[f"sd_post_{a}"], v[f"sd_pre_{a}"],
                                            v[f"n_{a}"], v["r"]))
            one = self.one_group
            if len(arms) == 1:
                return EffectSizes(self.measure, arms[0].yi, arms[0].vi)
            yi = np.where(one, arms[0].yi, arms[0].yi - arms[1].yi)
            vi = np.where(one, arms[0].vi, arms[0].vi + arms[1].vi)
            return EffectSizes(self.measure, yi, vi)
        if self.measure == "ROM":
            return log_ratio_of_means(v["mean_t"], v["sd_t"], v["n_t"], v["mean_c"], v["sd_c"], v["n_c"])
        f = mean_difference if self.measure == "MD" else standardized_mean_difference
        return f(v["mean_t"], v["sd_t"], v["n_t"], v["mean_c"], v["sd_c"], v["n_c"])


def _number(value: Any) -> float | None:
    """A cell as a float (decimal point or comma), ``None`` when empty, ``nan`` when not a number."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        f = float(value)
        return None if math.isnan(f) else f
    s = str(value).strip().replace("\u2212", "-")
    if s.lower() in ("", "na", "n/a", "nan", "-", "."):
        return None
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return math.nan


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    s = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        s = str(int(value))
    return s or None


def _problem(code: str, en: str, id_: str, file: str | None, row: int | None = None,
             column: str | None = None, value: Any = None) -> Problem:
    return Problem(code=code, text=Text(en=en, id=id_), file=file, row=row, column=column, value=value)


def read_study_table(
    frame: pd.DataFrame,
    measure: str,
    file: str | None = None,
    subgroup: str | None = None,
    moderator: str | None = None,
) -> StudyTable:
    """Check a study table for ``measure`` and return its numbers; raise one InputError listing every problem.

    Rows are numbered as in a spreadsheet (header = row 1, first study = row 2) from the frame's
    integer index (0 = first data row), so a table read with blank rows dropped still points at the
    right row; pass the table as read, without resetting its index.

    >>> t = read_study_table(pd.DataFrame({"study": ["A", "B"], "yi": [0.1, 0.3], "vi": ["0,01", "0.02"]}), "MD")
    >>> t.kind, t.values["vi"].tolist()
    ('precomputed', [0.01, 0.02])
    """
    measure = measure.upper()
    lower = {str(c).strip().lower(): c for c in frame.columns}
    problems: list[Problem] = []
    if measure not in MEASURES:
        raise InputError([_problem("unknown_measure", f"unknown measure {measure}: use one of {', '.join(MEASURES)}",
                                   f"ukuran efek {measure} tidak dikenal: gunakan salah satu dari {', '.join(MEASURES)}",
                                   file, value=measure)])
    raw = BINARY if measure in ("RR", "OR", "RD") else PROPORTION if measure in PROPORTION_MEASURES \
        else PREPOST if measure in PREPOST_MEASURES else CONTINUOUS
    kind: Kind
    if measure in ("MD", "SMD", "ROM"):
        # a continuous study may give its median instead of mean and SD (per arm)
        present = [c for c in raw if c in lower or (c.split("_")[0] in ("mean", "sd") and f"median_{c[-1]}" in lower)]
    else:
        present = [c for c in raw if c in lower]
    if len(present) == len(raw):
        kind = "binary" if measure in ("RR", "OR", "RD") else "proportion" if measure in PROPORTION_MEASURES \
            else "prepost" if measure in PREPOST_MEASURES else "continuous"
        needed: tuple[str, ...] = raw
    elif all(c in lower for c in PRECOMPUTED):
        kind, needed = "precomputed", PRECOMPUTED
    else:
        missing = [c for c in raw if c not in present]
        if measure in PREPOST_MEASURES:
            missing = [c for c in PREPOST if c not in lower]
        raise InputError([_problem(
            "missing_columns",
            f"measure {measure} needs the columns {', '.join(raw)} (or yi and vi); missing: {', '.join(missing)}",
            f"ukuran efek {measure} memerlukan kolom {', '.join(raw)} (atau yi dan vi); tidak ada: {', '.join(missing)}",
            file, column=", ".join(missing))])
    if kind == "prepost":
        have_c = [c for c in PREPOST_CONTROL if c in lower]
        if have_c and len(have_c) < len(PREPOST_CONTROL):
            missing_c = [c for c in PREPOST_CONTROL if c not in lower]
            raise InputError([_problem(
                "missing_columns",
                f"a control group needs all of {', '.join(PREPOST_CONTROL)}; missing: {', '.join(missing_c)}",
                f"kelompok kontrol memerlukan semua kolom {', '.join(PREPOST_CONTROL)}; tidak ada: {', '.join(missing_c)}",
                file, column=", ".join(missing_c))])
        if have_c:
            needed = (*needed, *PREPOST_CONTROL)
    for name, col in (("subgroup", subgroup), ("moderator", moderator)):
        if col is not None and col.strip().lower() not in lower:
            problems.append(_problem(
                "column_not_found", f"{name} column {col!r} is not in the table",
                f"kolom {'subkelompok' if name == 'subgroup' else 'moderator'} {col!r} tidak ada di tabel",
                file, column=col))
    k = len(frame)
    # one list per column: cell access by position without pandas' per-cell overhead
    cells_of: dict[Any, list[Any]] = {c: frame[c].tolist() for c in frame.columns}
    index = list(frame.index)
    integer_index = all(isinstance(i, (int, np.integer)) for i in index) and len(set(index)) == k
    rows = tuple(int(i) + 2 for i in index) if integer_index else tuple(range(2, k + 2))
    values: dict[str, FloatArray] = {}
    estimated = np.zeros(k, dtype=bool)
    optional = ("median", "q1", "q3", "min", "max")
    extra = {f"{o}_{a}": lower.get(f"{o}_{a}") for o in optional for a in "tc"} if kind == "continuous" else {}
    for name in needed:
        values[name] = np.full(k, np.nan)
    for i in range(k):
        row = rows[i]
        cells: dict[str, float | None] = {}
        for name in needed:
            col = lower.get(name)
            cell = cells_of[col][i] if col is not None else None
            num = _number(cell)
            if num is not None and math.isnan(num):
                problems.append(_problem("not_a_number", "not a number", "bukan angka", file, row, str(col), cell))
                continue
            cells[name] = num
        if kind == "continuous":
            for arm in "tc":
                if cells.get(f"mean_{arm}") is None or cells.get(f"sd_{arm}") is None:
                    est = _from_median(cells_of, i, arm, extra, cells.get(f"n_{arm}"), file, row, problems)
                    if est is not None:
                        cells[f"mean_{arm}"], cells[f"sd_{arm}"] = est
                        estimated[i] = True
        if kind == "prepost" and all(cells.get(c) is None for c in PREPOST_CONTROL if c in cells):
            for c in PREPOST_CONTROL:  # no control group in this study: a one-group pre/post design
                cells.pop(c, None)
        for name in needed:
            if name not in cells:
                continue  # already reported as not a number, or a one-group study's empty control cells
            num = cells[name]
            col = str(lower.get(name, name))
            if num is None:
                problems.append(_problem("missing_value", "missing value", "nilai kosong", file, row, col))
                continue
            bad = _check_value(name, num, cells, measure)
            if bad is not None:
                problems.append(_problem(bad[0], bad[1], bad[2], file, row, col, _text(cells_of[lower[name]][i]) if name in lower else num))
                continue
            values[name][i] = num
    study_col = lower.get("study") or lower.get("studi")
    studies = tuple(
        (_text(cells_of[study_col][i]) if study_col is not None else None) or f"Study {i + 1}" for i in range(k)
    )
    sub_vals: tuple[str, ...] | None = None
    if subgroup is not None and subgroup.strip().lower() in lower:
        col = lower[subgroup.strip().lower()]
        texts = [_text(cells_of[col][i]) for i in range(k)]
        for i, t in enumerate(texts):
            if t is None:
                problems.append(_problem("missing_value", "missing subgroup", "subkelompok kosong", file, rows[i], str(col)))
        sub_vals = tuple(t or "" for t in texts)
    mod_vals: tuple[float | str, ...] | None = None
    if moderator is not None and moderator.strip().lower() in lower:
        col = lower[moderator.strip().lower()]
        texts = [_text(cells_of[col][i]) for i in range(k)]
        nums = [_number(cells_of[col][i]) for i in range(k)]
        for i, t in enumerate(texts):
            if t is None:
                problems.append(_problem("missing_value", "missing moderator value", "nilai moderator kosong", file, rows[i], str(col)))
        if all(n is not None and not math.isnan(n) for n in nums):
            mod_vals = tuple(float(n) for n in nums if n is not None)
        else:
            mod_vals = tuple(t or "" for t in texts)
    if k < 2:
        problems.append(_problem("too_few_studies", "a meta-analysis needs at least 2 studies",
                                 "meta-analisis memerlukan sedikitnya 2 studi", file, value=k))
    if problems:
        raise InputError(problems)
    return StudyTable(kind, measure, studies, rows, values, sub_vals, subgroup, mod_vals, moderator, estimated)


def _check_value(name: str, num: float, cells: Mapping[str, float | None],
                 measure: str = "") -> tuple[str, str, str] | None:
    if name == "r":
        if not -1 <= num <= 1:
            return ("bad_correlation", "a pre-post correlation must lie between -1 and 1",
                    "korelasi pre-post harus antara -1 dan 1")
    elif name == "events":
        n = cells.get("n")
        if num < 0 or not float(num).is_integer():
            return ("bad_count", "an event count must be a whole number of 0 or more",
                    "jumlah kejadian harus bilangan bulat 0 atau lebih")
        if n is not None and num > n:
            return ("count_above_n", f"more events than participants ({num:g} > {n:g})",
                    f"jumlah kejadian melebihi jumlah partisipan ({num:g} > {n:g})")
    elif name == "n":
        if num <= 0 or not float(num).is_integer():
            return ("bad_group_size", "a group size must be a whole number above 0",
                    "besar kelompok harus bilangan bulat lebih dari 0")
    elif measure == "ROM" and name.startswith("mean_") and num <= 0:
        return ("not_positive", "a ratio of means needs means above 0 (log ratio)",
                "rasio rerata memerlukan rerata lebih dari 0 (log rasio)")
    if name.startswith("n_"):
        if num <= 0 or not float(num).is_integer():
            return ("bad_group_size", "a group size must be a whole number above 0",
                    "besar kelompok harus bilangan bulat lebih dari 0")
    elif name.startswith("events_"):
        n = cells.get("n_" + name[-1])
        if num < 0 or not float(num).is_integer():
            return ("bad_count", "an event count must be a whole number of 0 or more",
                    "jumlah kejadian harus bilangan bulat 0 atau lebih")
        if n is not None and num > n:
            return ("count_above_n", f"more events than participants ({num:g} > {n:g})",
                    f"jumlah kejadian melebihi jumlah partisipan ({num:g} > {n:g})")
    elif name.startswith("sd_") or name == "vi":
        if num <= 0:
            what = ("a standard deviation", "simpangan baku") if name.startswith("sd_") else ("a variance", "varians")
            return ("not_positive", f"{what[0]} must be above 0", f"{what[1]} harus lebih dari 0")
    if not math.isfinite(num):
        return ("not_finite", "not a finite number", "bukan angka terhingga")
    if abs(num) > 1e100:
        # squares of such numbers overflow double precision (1e308) in every variance formula
        return ("too_large", "too large to compute with (above 1e100 in absolute value)",
                "terlalu besar untuk dihitung (di atas 1e100 secara mutlak)")
    return None


def _from_median(
    cells_of: Mapping[Any, list[Any]], i: int, arm: str, extra: Mapping[str, Any], n: float | None,
    file: str | None, row: int, problems: list[Problem],
) -> tuple[float, float] | None:
    got: dict[str, float] = {}
    for o in ("median", "q1", "q3", "min", "max"):
        col = extra.get(f"{o}_{arm}")
        if col is None:
            continue
        num = _number(cells_of[col][i])
        if num is not None and math.isnan(num):
            problems.append(_problem("not_a_number", "not a number", "bukan angka", file, row, str(col), cells_of[col][i]))
            return None
        if num is not None:
            got[o] = num
    if "median" not in got or n is None or not (("q1" in got and "q3" in got) or ("min" in got and "max" in got)):
        return None
    if not math.isfinite(n) or not all(math.isfinite(v) for v in got.values()):
        problems.append(_problem("not_finite", "the median, quartiles, range and n must be finite numbers",
                                 "median, kuartil, rentang, dan n harus bilangan hingga", file, row,
                                 f"median_{arm}", cells_of[extra[f"median_{arm}"]][i]))
        return None
    est = mean_sd_from_median(int(n), got["median"], got.get("min"), got.get("max"), got.get("q1"), got.get("q3"))
    return est.mean, est.sd
