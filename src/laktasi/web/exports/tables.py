"""A study's data table as CSV, XLSX or SPSS .sav bytes.

- Spreadsheet formulas are neutralised (OWASP "CSV injection"): a text cell that begins with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so a phone number typed as
  ``=HYPERLINK(…)`` stays text in Excel or LibreOffice; XLSX cells are also written as text, never formulas.
- Counts (parity, feeds, wet nappies, checklist steps done) are whole numbers, also where some are missing.
- The .sav file carries variable labels and value labels (arm, status, delivery mode, performer, the
  kelancaran category in the order of the study's rule, yes/no), as an SPSS user expects.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

# OWASP, "CSV Injection": cells beginning with these are read as formulas (U+2212 as well, which some
# spreadsheets accept as a minus sign).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\u2212")
COUNT = re.compile(r"^(parity|feeds_24h_d\d+|urine_24h_d\d+|checklist_done_d\d+|allocation_index)$")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def prepared(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as every format writes it: formulas neutralised, counts as (nullable) integers."""
    out = frame.copy()
    for col in out.columns:
        if COUNT.match(str(col)):
            out[col] = pd.to_numeric(out[col], errors="coerce").round().astype("Int64")
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise)
    return out


@dataclass(frozen=True)
class Labels:
    """What the .sav file says about its variables: label per column, and per coded column its codes."""

    variables: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column → {stored text: shown label}
    order: dict[str, list[str]] = field(default_factory=dict)  # column → stored texts in code order (1, 2, …)
    lang: str = "en"


def to_csv(frame: pd.DataFrame, labels: Labels | None = None) -> bytes:
    return prepared(frame).to_csv(index=False).encode("utf-8-sig")  # the BOM lets Excel read UTF-8 names


def to_xlsx(frame: pd.DataFrame, labels: Labels | None = None) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        prepared(frame).to_excel(writer, index=False, sheet_name="data")
        sheet = writer.sheets["data"]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # openpyxl would store "=…" as a formula
                    cell.data_type = "s"
    return buf.getvalue()


def to_sav(frame: pd.DataFrame, labels: Labels | None = None) -> bytes:
    import pyreadstat

    labels = labels or Labels()
    out = prepared(frame)
    value_labels: dict[str, dict[float, str]] = {}
    formats: dict[str, str] = {}
    for col in out.columns:
        values = out[col]
        if col in labels.order:
            # coded: 1, 2, … in the given order, each with its label (unknown texts keep a code of their own)
            order = list(labels.order[col])
            order += sorted({str(v) for v in values.dropna()} - set(order))
            codes = {text: float(i + 1) for i, text in enumerate(order)}
            out[col] = values.map(lambda v, c=codes: None if v is None or v != v else c[str(v)]).astype("float64")
            value_labels[col] = {code: labels.values.get(col, {}).get(text, text) for text, code in codes.items()}
            formats[col] = "F2.0"
        elif values.dropna().map(lambda v: isinstance(v, bool)).all() and values.notna().any():
            out[col] = values.map(lambda v: None if v is None or v != v else float(v)).astype("float64")
            value_labels[col] = dict(BOOL_LABELS.get(labels.lang, BOOL_LABELS["en"]))
            formats[col] = "F1.0"
        elif str(values.dtype) == "Int64":
            out[col] = values.astype("float64")
            formats[col] = "F4.0"
        elif values.dtype == object or str(values.dtype).startswith(("string", "str")):
            out[col] = values.map(lambda v: "" if v is None or v != v else str(v)).astype(object)
    column_labels: dict[str, str | None] = {c: labels.variables[c] for c in out.columns if c in labels.variables}
    fd, path = tempfile.mkstemp(suffix=".sav")
    os.close(fd)
    try:
        pyreadstat.write_sav(out, path, column_labels=column_labels or None,
                             variable_value_labels=value_labels or None, variable_format=formats or None)
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


BOOL_LABELS = {"en": {0.0: "no", 1.0: "yes"}, "id": {0.0: "tidak", 1.0: "ya"}}

Writer = Callable[[pd.DataFrame, Labels | None], bytes]
