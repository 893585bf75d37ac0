"""A study = a validated data table + its design, ready to analyse.

:func:`load_study` and :func:`study_from_frame` check everything at once and either return a
:class:`Study` (possibly with warnings) or raise one :class:`~laktasi.errors.InputError` listing
every problem with its file, row, column, value and reason — nothing is analysed then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from laktasi import data as package_data
from laktasi.errors import InputError, Problem, Text
from laktasi.trial.design import (
    CONTROL_NAMES,
    OutcomeSpec,
    StudyDesign,
    header_key,
    infer_design,
    infer_kind,
    load_design,
)
from laktasi.trial.io import is_missing, parse_cell, read_table
from laktasi.trial.results import ClassificationRule, Outcome

SINGLE_ARM = "all"  # arm name when the table has no arm column
_MAX_CELL_WARNINGS = 50  # per column; the rest are counted in one summary line


@dataclass(frozen=True)
class Study:
    """A validated study. ``data`` is wide with canonical columns: ``id``, ``arm``, ``row`` (the row in the
    source file), ``<outcome>_<time>`` per outcome and time point (categoricals as ordered
    ``pd.Categorical``), then the covariates under their design names."""

    design: StudyDesign
    data: pd.DataFrame
    outcomes: tuple[Outcome, ...]
    arms: tuple[str, ...]  # reference arm first
    reference_arm: str
    source: str
    problems: tuple[Problem, ...] = ()  # warnings (severity "warning")
    rules: tuple[ClassificationRule, ...] = ()
    covariates: tuple[str, ...] = ()
    characteristics: tuple[tuple[str, str], ...] = ()  # (kind: age/parity/education/occupation, column of data)

    @property
    def n(self) -> dict[str, int]:
        counts = self.data["arm"].value_counts()
        return {arm: int(counts.get(arm, 0)) for arm in self.arms}


def _norm(value: Any) -> str:
    return " ".join(str(value).strip().lower().split())


def _show(value: Any) -> Any:
    """A cell value as the user typed it (numbers without a spurious .0)."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


class _Check:
    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, code: str, en: str, id_: str, row: int | None = None, column: str | None = None,
              value: Any = None) -> None:
        self.errors.append(Problem(code, Text(en=en, id=id_), file=self.source, row=row, column=column,
                                   value=_show(value)))

    def warn(self, code: str, en: str, id_: str, row: int | None = None, column: str | None = None,
             value: Any = None) -> None:
        self.warnings.append(Problem(code, Text(en=en, id=id_), file=self.source, row=row, column=column,
                                     value=_show(value), severity="warning"))


@dataclass
class _Cells:
    """Raw values of one time point of one outcome, per participant, with where they came from."""

    values: pd.Series
    rows: np.ndarray  # source row per participant (0 when absent in a long table)
    column: str  # source column name


def _resolve(frame: pd.DataFrame, name: str, chk: _Check, what: Text) -> str | None:
    by_lower = {str(c).strip().lower(): str(c) for c in frame.columns}
    found = by_lower.get(name.strip().lower())
    if found is None:
        chk.error("missing_column",
                  f"column {name!r} ({what.en}) is not in the table; columns are: {list(map(str, frame.columns))}",
                  f"kolom {name!r} ({what.id}) tidak ada di tabel; kolom yang ada: {list(map(str, frame.columns))}",
                  row=1, column=name)
    return found


def _id_text(value: Any) -> str:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _numbers(cells: _Cells, spec: OutcomeSpec, label: str, chk: _Check, ranges: dict[str, Any]) -> np.ndarray:
    raw = cells.values
    if pd.api.types.is_numeric_dtype(raw.dtype) and not isinstance(raw.dtype, pd.CategoricalDtype):
        x = raw.to_numpy(dtype=float, na_value=np.nan)
    else:
        x = np.full(len(raw), np.nan)
        for i, v in enumerate(raw.tolist()):
            if is_missing(v):
                continue
            number = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else parse_cell(str(v))
            if number is None:
                chk.error("not_a_number", f"{spec.name} ({label}) must be a number", f"{spec.name} ({label}) harus "
                          "berupa angka", row=int(cells.rows[i]), column=cells.column, value=v)
            else:
                x[i] = number
    entry = ranges.get(spec.measure or "")
    if entry is None:
        return x
    unit = entry.get("unit", "")
    hard_min, hard_max = entry.get("hard_min"), entry.get("hard_max")
    if hard_min is not None:
        for i in np.flatnonzero(x < hard_min).tolist():
            reason = ("a volume cannot be negative" if hard_min == 0 else f"below the possible minimum {hard_min} {unit}")
            reason_id = ("volume tidak mungkin negatif" if hard_min == 0 else f"di bawah minimum yang mungkin {hard_min} {unit}")
            chk.error("negative_value" if hard_min == 0 else "impossible_value", f"{spec.name} ({label}): {reason}",
                      f"{spec.name} ({label}): {reason_id}", row=int(cells.rows[i]), column=cells.column, value=x[i])
    if hard_max is not None:
        label_en, label_id = entry["label"]["en"], entry["label"]["id"]
        for i in np.flatnonzero(x > hard_max).tolist():
            chk.error("impossible_value",
                      f"{spec.name} ({label}): impossible — the largest possible {label_en} is {hard_max} {unit} "
                      f"(source: {entry.get('hard_max_source', 'package range table')})",
                      f"{spec.name} ({label}): tidak mungkin — {label_id} paling besar {hard_max} {unit} "
                      f"(sumber: {entry.get('hard_max_source_id', entry.get('hard_max_source', 'tabel rentang paket'))})",
                      row=int(cells.rows[i]), column=cells.column, value=x[i])
    warn_above = entry.get("warn_above_default")
    hours = spec.hours_at(label)
    when = ""
    if hours is not None:  # the soft limit for the period the measurement was taken in, when the study says
        for period in entry.get("warn_above", []):
            if period["from_hours"] <= hours < period["to_hours"]:
                warn_above = period["value"]
                when = f", {period['from_hours']:g}–{period['to_hours']:g} h"
    warn_below = entry.get("warn_below_default")
    source_en, source_id = entry.get("warn_source", ""), entry.get("warn_source_id", entry.get("warn_source", ""))
    if warn_above is None and entry.get("warn_below_source"):
        source_en, source_id = entry["warn_below_source"], entry.get("warn_below_source_id", entry["warn_below_source"])
    if hours is not None:  # day-appropriate lower limits (one wet nappy is normal on day 1), as the web app's
        for band in entry.get("warn_below", []):
            if band["from_hours"] <= hours < band["to_hours"]:
                warn_below = band["value"]
                when = f", {band['from_hours']:g}–{band['to_hours']:g} h"
                break
    unusual = np.zeros(x.size, dtype=bool)
    if warn_above is not None:
        unusual |= (x > warn_above) & (x <= (hard_max if hard_max is not None else np.inf))
    if warn_below is not None:
        unusual |= (x < warn_below) & (x >= (hard_min if hard_min is not None else -np.inf))
    idx = np.flatnonzero(unusual)
    limit = f"> {warn_above}" if warn_above is not None else f"< {warn_below}"
    for i in idx[:_MAX_CELL_WARNINGS]:
        chk.warn("unusual_value", f"{spec.name} ({label}): unusual but possible ({limit} {unit}{when}; "
                 f"{source_en}) — please check it",
                 f"{spec.name} ({label}): tidak lazim tetapi mungkin ({limit} {unit}{when.replace(' h', ' jam')}; "
                 f"{source_id}) — mohon diperiksa",
                 row=int(cells.rows[i]), column=cells.column,
                 value=x[i])
    if idx.size > _MAX_CELL_WARNINGS:
        chk.warn("unusual_value", f"{spec.name} ({label}): {idx.size - _MAX_CELL_WARNINGS} more unusual values",
                 f"{spec.name} ({label}): {idx.size - _MAX_CELL_WARNINGS} nilai tidak lazim lainnya",
                 column=cells.column)
    return x


def _code_values(per_time: list[_Cells]) -> list[float] | None:
    """Every value of an outcome as a number, or ``None`` when any is text."""
    out: list[float] = []
    for c in per_time:
        raw = c.values.astype(object) if isinstance(c.values.dtype, pd.CategoricalDtype) else c.values
        for v in raw.tolist():
            if is_missing(v):
                continue
            x = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else parse_cell(str(v))
            if x is None:
                return None
            out.append(x)
    return out


def _coded_levels(per_time: list[_Cells], levels: tuple[str, ...], spec: OutcomeSpec, chk: _Check) -> int | None:
    """The first code (1, or 0) when the outcome's values are category codes 1..k (or 0..k−1) standing for
    ``levels`` in order, else ``None``.

    Warns (``category_codes``) in either case where numbers are read as categories: named levels typed
    as codes, and codes with no names at all (read as ordered categories, never as measurements).
    """
    values = _code_values(per_time)
    if not values or not levels:
        return None
    column = per_time[0].column
    if all(x.is_integer() for x in values) and all(lv.isdigit() for lv in levels):
        shown = ", ".join(levels)
        chk.warn("category_codes",
                 f"{spec.name}: the values are only the small whole numbers {shown} — category codes, not "
                 f"measurements (a milk volume or score takes many values). They are analysed as ordered categories "
                 f"{' < '.join(levels)}: never in a t-test or ANCOVA. If they really are measurements, write "
                 f"'kind: continuous' for outcome {spec.name} in a design file; to name the categories, write "
                 f"'levels: [kurang lancar, cukup lancar, lancar]' (lowest code first).",
                 f"{spec.name}: nilainya hanya bilangan bulat kecil {shown} — kode kategori, bukan hasil pengukuran "
                 f"(volume ASI atau skor memiliki banyak nilai). Data dianalisis sebagai kategori berurutan "
                 f"{' < '.join(levels)}: tidak pernah dengan uji t atau ANCOVA. Bila memang hasil pengukuran, "
                 f"tuliskan 'kind: continuous' untuk luaran {spec.name} di berkas desain; untuk memberi nama "
                 f"kategori, tuliskan 'levels: [kurang lancar, cukup lancar, lancar]' (kode terkecil dahulu).",
                 column=column)
        return None
    known = {_norm(lv) for lv in levels}
    if any(_norm(_id_text(x)) in known for x in values):
        return None
    base = 0 if min(values) == 0 else 1
    if not all(x.is_integer() and base <= x < base + len(levels) for x in values):
        return None
    mapping = ", ".join(f"{base + i} = {lv}" for i, lv in enumerate(levels))
    chk.warn("category_codes", f"{spec.name}: the codes are read as the categories in order: {mapping}",
             f"{spec.name}: kode dibaca sebagai kategori sesuai urutan: {mapping}", column=column)
    return base


def _categories(cells: _Cells, spec: OutcomeSpec, levels: tuple[str, ...], label: str, chk: _Check,
                coded: int | None = None) -> pd.Categorical[str]:
    lookup = {_norm(level): i for i, level in enumerate(levels)}
    if coded is not None:  # codes 1..k (or 0..k−1) stand for the levels in order
        lookup.update({str(coded + i): i for i in range(len(levels))})
    raw = cells.values
    if isinstance(raw.dtype, pd.CategoricalDtype):
        raw = raw.astype(object)
    objs = raw.tolist()
    codes = np.full(len(objs), -1, dtype=np.intp)
    for i, v in enumerate(objs):
        if is_missing(v):
            continue
        code = lookup.get(_norm(_id_text(v)))
        if code is None:
            chk.error("unknown_level", f"{spec.name} ({label}): unknown category; expected one of {list(levels)}",
                      f"{spec.name} ({label}): kategori tidak dikenal; seharusnya salah satu dari {list(levels)}",
                      row=int(cells.rows[i]), column=cells.column, value=v)
        else:
            codes[i] = code
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(levels)), ordered=True)


def _participants_wide(frame: pd.DataFrame, design: StudyDesign, chk: _Check, id_col: str | None,
                       arm_col: str | None) -> tuple[pd.DataFrame, dict[str, list[_Cells]]]:
    rows = np.asarray(frame.index, dtype=int) + 2  # header is row 1
    ids = frame[id_col] if id_col else pd.Series([None] * len(frame), index=frame.index)
    arms = frame[arm_col] if arm_col else pd.Series([SINGLE_ARM] * len(frame), index=frame.index)
    people = pd.DataFrame({"id": ids.to_numpy(dtype=object), "arm": arms.to_numpy(dtype=object), "row": rows})
    cells: dict[str, list[_Cells]] = {}
    for spec in design.outcomes:
        cols = [_resolve(frame, c, chk, Text(en=f"outcome {spec.name}", id=f"luaran {spec.name}")) for c in spec.columns]
        if all(cols):
            cells[spec.name] = [_Cells(frame[c].reset_index(drop=True), rows, c) for c in cols if c]
    return people, cells


def _participants_long(frame: pd.DataFrame, design: StudyDesign, chk: _Check, id_col: str | None,
                       arm_col: str | None) -> tuple[pd.DataFrame, dict[str, list[_Cells]]]:
    time_col = _resolve(frame, design.time_column or "time", chk, Text(en="time point", id="titik waktu"))
    value_cols = {spec.name: _resolve(frame, spec.value_column or spec.name, chk,
                                      Text(en=f"outcome {spec.name}", id=f"luaran {spec.name}"))
                  for spec in design.outcomes}
    if time_col is None or id_col is None or not all(value_cols.values()):
        return pd.DataFrame(columns=["id", "arm", "row"]), {}
    rows = np.asarray(frame.index, dtype=int) + 2
    levels = {_norm(t): t for t in design.time_levels}
    order: dict[str, int] = {}
    first_row: dict[str, int] = {}
    arm_of: dict[str, Any] = {}
    slot: dict[tuple[str, str], int] = {}
    ids = frame[id_col].tolist()
    arms = frame[arm_col].tolist() if arm_col else [SINGLE_ARM] * len(frame)
    times = frame[time_col].tolist()
    for i, (pid, arm, t) in enumerate(zip(ids, arms, times, strict=True)):
        if is_missing(pid):
            chk.error("missing_id", "participant id is empty", "id responden kosong", row=int(rows[i]), column=id_col)
            continue
        key = _id_text(pid)
        label = levels.get(_norm(_id_text(t))) if not is_missing(t) else None
        if label is None:
            chk.error("unknown_time", f"unknown time point; expected one of {list(design.time_levels)}",
                      f"titik waktu tidak dikenal; seharusnya salah satu dari {list(design.time_levels)}",
                      row=int(rows[i]), column=time_col, value=t)
            continue
        if (key, label) in slot:
            chk.error("duplicate_id", f"participant {key!r} has two rows for time {label!r} (first in row "
                      f"{int(rows[slot[(key, label)]])})", f"responden {key!r} memiliki dua baris untuk waktu "
                      f"{label!r} (pertama di baris {int(rows[slot[(key, label)]])})",
                      row=int(rows[i]), column=id_col, value=pid)
            continue
        slot[(key, label)] = i
        if key not in order:
            order[key] = len(order)
            first_row[key] = int(rows[i])
            arm_of[key] = arm
        elif arm_col and _norm(arm) != _norm(arm_of[key]):
            chk.error("arm_changes", f"participant {key!r} is in arm {arm_of[key]!r} in row {first_row[key]} "
                      "but in another arm here", f"responden {key!r} berada di kelompok {arm_of[key]!r} pada baris "
                      f"{first_row[key]} tetapi di kelompok lain di sini", row=int(rows[i]), column=arm_col, value=arm)
    keys = list(order)
    people = pd.DataFrame({"id": keys, "arm": [arm_of[k] for k in keys], "row": [first_row[k] for k in keys]},
                          columns=["id", "arm", "row"])
    cells: dict[str, list[_Cells]] = {}
    for spec in design.outcomes:
        col = value_cols[spec.name]
        assert col is not None
        source = frame[col].tolist()
        per_time = []
        for label in design.time_levels:
            vals = [source[slot[(k, label)]] if (k, label) in slot else None for k in keys]
            rws = np.array([int(rows[slot[(k, label)]]) if (k, label) in slot else 0 for k in keys], dtype=int)
            per_time.append(_Cells(pd.Series(vals, dtype=object), rws, col))
        cells[spec.name] = per_time
    return people, cells


def _check_people(people: pd.DataFrame, design: StudyDesign, chk: _Check, id_col: str | None,
                  arm_col: str | None) -> tuple[list[str], str]:
    seen: dict[str, int] = {}
    ids: list[str] = []
    for pid, row in zip(people["id"].tolist(), people["row"].tolist(), strict=True):
        if id_col is None:  # already reported once: the id column is missing
            ids.append(str(row))
            continue
        if design.layout == "wide" and is_missing(pid):
            chk.error("missing_id", "participant id is empty", "id responden kosong", row=int(row), column=id_col)
            ids.append("")
            continue
        key = _id_text(pid)
        if key in seen and design.layout == "wide":
            chk.error("duplicate_id", f"duplicate participant id (first in row {seen[key]})",
                      f"id responden ganda (pertama di baris {seen[key]})", row=int(row), column=id_col, value=pid)
        seen.setdefault(key, int(row))
        ids.append(key)
    people["id"] = ids
    spelled: dict[str, str] = {}
    arms: list[str] = []
    for arm, row in zip(people["arm"].tolist(), people["row"].tolist(), strict=True):
        if design.arm_column and arm_col is None:  # already reported once: the arm column is missing
            arms.append("")
            continue
        if is_missing(arm):
            chk.error("missing_arm", "the arm (group) is empty", "kelompok kosong", row=int(row), column=arm_col)
            arms.append("")
            continue
        text = _id_text(arm)
        arms.append(spelled.setdefault(_norm(text), text))
    people["arm"] = arms
    names = [a for a in dict.fromkeys(arms) if a]
    counts = pd.Series(arms).value_counts()
    for arm in names:
        if counts[arm] == 1:
            row = int(people.loc[people["arm"] == arm, "row"].iloc[0])
            chk.error("arm_of_one", f"arm {arm!r} has only one participant; an arm needs at least two",
                      f"kelompok {arm!r} hanya berisi satu responden; setiap kelompok memerlukan sedikitnya dua",
                      row=row, column=arm_col, value=arm)
    reference = ""
    if design.reference_arm is not None:
        match = [a for a in names if _norm(a) == _norm(design.reference_arm)]
        if not match and names:
            chk.error("unknown_reference_arm", f"reference arm {design.reference_arm!r} is not in the data "
                      f"(arms: {names})", f"kelompok rujukan {design.reference_arm!r} tidak ada di data "
                      f"(kelompok: {names})", column=arm_col, value=design.reference_arm)
        reference = match[0] if match else ""
    elif len(names) == 1:
        reference = names[0]
    elif names:
        match = [a for a in names if _norm(a) in CONTROL_NAMES]
        if len(match) == 1:
            reference = match[0]
        else:
            chk.error("no_reference_arm",
                      f"which arm is the reference (control)? None of {names} is named control/kontrol/"
                      "kelompok kontrol: write 'arm: {column: ..., reference: <arm>}' (or reference_arm) in a "
                      "design file and pass it with --design",
                      f"kelompok mana yang menjadi rujukan (kontrol)? Tidak ada di antara {names} yang bernama "
                      "control/kontrol/kelompok kontrol: tuliskan 'arm: {column: ..., reference: <kelompok>}' "
                      "(atau reference_arm) di berkas desain dan berikan dengan --design", column=arm_col)
    ordered = ([reference] if reference else []) + [a for a in names if a != reference]
    return ordered, reference


def study_from_frame(frame: pd.DataFrame, design: StudyDesign | None = None, source: str = "(data)") -> Study:
    """Validate a table against a design (inferred when ``None``) and return the :class:`Study`.

    Raises :class:`InputError` with every problem when anything is wrong; warnings (unusual values,
    missing values, unpaired columns) travel in ``Study.problems``.

    >>> df = pd.DataFrame({"id": [1, 2, 3, 4], "arm": ["kontrol"] * 2 + ["intervensi"] * 2,
    ...                    "volume_pre": [10, 12, 11, 9], "volume_post": [14, 15, 25, 22]})
    >>> s = study_from_frame(df, source="demo.csv")
    >>> s.arms, s.n, s.outcomes[0].time_columns
    (('kontrol', 'intervensi'), {'kontrol': 2, 'intervensi': 2}, ('volume_pre', 'volume_post'))
    """
    chk = _Check(source)
    if design is None:
        design = infer_design(frame, source, strict=False)
    elif design.layout == "wide" and "design_file" in design.given and not {"id", "arm", "outcomes"} <= design.given:
        # a partial design file adds to what the headers say; it does not switch header recognition off
        design = infer_design(frame, source, base=design, strict=False)
    for note in design.notes:
        note = note if note.file else Problem(note.code, note.text, source, note.row, note.column, note.value,
                                              note.severity)
        (chk.errors if note.severity == "error" else chk.warnings).append(note)
    id_col = (_resolve(frame, design.id_column, chk, Text(en="participant id", id="id responden"))
              if design.id_column else None)
    arm_col = (_resolve(frame, design.arm_column, chk, Text(en="arm (group)", id="kelompok"))
               if design.arm_column else None)
    if design.layout == "long":
        people, cells = _participants_long(frame, design, chk, id_col, arm_col)
    else:
        people, cells = _participants_wide(frame, design, chk, id_col, arm_col)
    arms, reference = _check_people(people, design, chk, id_col, arm_col)
    ranges = package_data.ranges()
    columns: dict[str, Any] = {"id": people["id"].to_numpy(dtype=object),
                               "arm": people["arm"].to_numpy(dtype=object),
                               "row": people["row"].to_numpy(dtype=int)}
    outcomes: list[Outcome] = []
    for spec in design.outcomes:
        if spec.name not in cells:
            continue
        per_time = cells[spec.name]
        kind, levels = spec.kind, spec.levels
        if kind is None or (kind != "continuous" and not levels):
            probe = pd.DataFrame({c.column + f"#{i}": c.values for i, c in enumerate(per_time)})
            probe.attrs = dict(frame.attrs)
            probe.attrs["value_labels"] = {c.column + f"#{i}": frame.attrs.get("value_labels", {}).get(c.column)
                                           for i, c in enumerate(per_time)
                                           if frame.attrs.get("value_labels", {}).get(c.column)}
            inferred_kind, inferred_levels = infer_kind(probe, list(probe.columns))
            kind = kind or inferred_kind
            levels = levels or inferred_levels
        names = []
        coded = _coded_levels(per_time, tuple(levels), spec, chk) if kind != "continuous" else None
        for label, c in zip(spec.labels, per_time, strict=True):
            name = f"{spec.name}_{label}"
            names.append(name)
            if kind == "continuous":
                columns[name] = _numbers(c, spec, label, chk, ranges)
            else:
                columns[name] = _categories(c, spec, tuple(levels), label, chk, coded)
            missing = int(pd.isna(pd.Series(columns[name])).sum())
            if missing:
                where = c.rows[pd.isna(pd.Series(columns[name])).to_numpy()]
                listed = ", ".join(str(int(r)) for r in where[:10] if r) + (" …" if missing > 10 else "")
                chk.warn("missing_value", f"{spec.name} ({label}): {missing} missing value(s) (rows {listed}); "
                         "those participants are left out of tests that need this time point",
                         f"{spec.name} ({label}): {missing} nilai kosong (baris {listed}); responden tersebut "
                         "tidak diikutkan pada uji yang memerlukan titik waktu ini", column=c.column, value=missing)
        outcomes.append(Outcome(name=spec.name, kind=kind,  # type: ignore[arg-type]
                                time_columns=tuple(names), time_labels=spec.labels,
                                unit=spec.unit if kind == "continuous" else "",
                                levels=tuple(levels) if kind != "continuous" else (), compare=spec.compare,
                                measure=spec.measure if kind == "continuous" else None, label=spec.label))
    by_name = {o.name: o for o in outcomes}
    for rule in design.rules:
        src = by_name.get(rule.source)
        if src is None:
            continue
        if src.kind != "continuous":
            chk.error("rule_source", f"rule {rule.name!r} needs a numeric outcome, but {rule.source!r} is "
                      f"{src.kind}", f"aturan {rule.name!r} memerlukan luaran numerik, tetapi {rule.source!r} "
                      f"bertipe {src.kind}", column=src.time_columns[0])
            continue
        names = []
        for label, col in zip(src.time_labels, src.time_columns, strict=True):
            values = pd.Series(columns[col])
            derived = rule.classify(values)
            if rule.kind == "score":
                lost = values.notna().to_numpy() & derived.isna().to_numpy()
                for i in np.flatnonzero(lost):
                    chk.error("unclassifiable", f"{rule.source} ({label}): score {values.iloc[i]:g} is in no level "
                              f"of rule {rule.name!r}", f"{rule.source} ({label}): skor {values.iloc[i]:g} tidak "
                              f"masuk kategori mana pun pada aturan {rule.name!r}",
                              row=int(columns["row"][i]), column=col, value=values.iloc[i])
            name = f"{rule.name}_{label}"
            columns[name] = derived.array
            names.append(name)
        outcomes.append(Outcome(name=rule.name, kind="binary" if len(rule.levels) == 2 else "ordinal",
                                time_columns=tuple(names), time_labels=src.time_labels, unit="",
                                levels=rule.levels, derived_from=rule.source, compare=src.compare))
    covariates: list[str] = []
    for cov in design.covariates:
        cov_col = _resolve(frame, cov, chk, Text(en="covariate", id="kovariat"))
        if cov_col is None:
            continue
        if design.layout == "long":  # one value per mother: the first one given on any of her rows
            first: dict[str, Any] = {}
            for pid, v in zip(frame[id_col].tolist() if id_col else [], frame[cov_col].tolist(), strict=False):
                if not is_missing(pid) and not is_missing(v):
                    first.setdefault(_id_text(pid), v)
            values = pd.Series([first.get(k) for k in people["id"].tolist()], dtype=object)
        else:
            values = frame[cov_col].reset_index(drop=True)
        if not pd.api.types.is_numeric_dtype(values.dtype) and not isinstance(values.dtype, pd.CategoricalDtype):
            parsed = [None if is_missing(v) else parse_cell(str(v)) for v in values.tolist()]
            if all(p is not None for p, v in zip(parsed, values.tolist(), strict=True) if not is_missing(v)):
                values = pd.Series([np.nan if p is None else p for p in parsed], dtype=float)
        columns[cov] = values.to_numpy()
        covariates.append(cov)
    characteristics = _characteristics(frame, design, columns, covariates, id_col, arm_col)
    if chk.errors:  # in reading order: by row, then column
        raise InputError(sorted(chk.errors, key=lambda p: (p.row or 0, p.column or "")))
    data = pd.DataFrame(columns)
    return Study(design=design, data=data, outcomes=tuple(outcomes), arms=tuple(arms), reference_arm=reference,
                 source=source, problems=tuple(chk.warnings), rules=design.rules, covariates=tuple(covariates),
                 characteristics=characteristics)


#: Participant characteristics a results chapter describes (karakteristik responden) when the table has them.
CHARACTERISTIC_HEADERS: dict[str, tuple[str, ...]] = {
    "age": ("umur", "usia", "age", "umur ibu", "usia ibu", "umur tahun", "usia tahun"),
    "parity": ("paritas", "parity", "para", "jumlah anak", "jumlah persalinan"),
    "education": ("pendidikan", "education", "pendidikan terakhir", "pendidikan ibu"),
    "occupation": ("pekerjaan", "occupation", "pekerjaan ibu", "job"),
}


def _characteristics(frame: pd.DataFrame, design: StudyDesign, columns: dict[str, Any], covariates: list[str],
                     id_col: str | None, arm_col: str | None) -> tuple[tuple[str, str], ...]:
    """Age, parity, education and occupation columns of a wide table, copied into the study's data
    (described per arm; never adjusted for unless they are also covariates)."""
    if design.layout != "wide":
        return tuple((kind, cov) for cov in covariates for kind, names in CHARACTERISTIC_HEADERS.items()
                     if header_key(cov) in names)
    used = {id_col, arm_col, *(c for o in design.outcomes for c in o.columns)}
    found: list[tuple[str, str]] = []
    for kind, names in CHARACTERISTIC_HEADERS.items():
        column = next((str(c) for c in frame.columns if header_key(c) in names and str(c) not in used), None)
        if column is None:
            continue
        if column not in covariates:
            values = frame[column].reset_index(drop=True)
            if not pd.api.types.is_numeric_dtype(values.dtype) and not isinstance(values.dtype, pd.CategoricalDtype):
                parsed = [None if is_missing(v) else parse_cell(str(v)) for v in values.tolist()]
                if all(q is not None for q, v in zip(parsed, values.tolist(), strict=True) if not is_missing(v)):
                    values = pd.Series([np.nan if q is None else q for q in parsed], dtype=float)
                else:
                    values = pd.Series([None if is_missing(v) else str(v).strip() for v in values.tolist()],
                                       dtype=object)
            columns[column] = values.to_numpy()
        found.append((kind, column))
    return tuple(found)


def load_study(data_path: str | Path, design_path: str | Path | None = None) -> Study:
    """Read and validate a study table (CSV/XLSX/SAV), with an optional YAML design file."""
    frame = read_table(data_path)
    design = load_design(design_path) if design_path is not None else infer_design(frame, str(data_path))
    return study_from_frame(frame, design, source=str(data_path))


def problems_of(errors: Sequence[Problem]) -> list[dict[str, Any]]:
    return [p.to_json() for p in errors]
