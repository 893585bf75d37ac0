"""A study's data table as CSV, XLSX or SPSS .sav bytes."""

from __future__ import annotations

import io
import os
import tempfile

import pandas as pd


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")  # the BOM lets Excel read UTF-8 names correctly


def to_xlsx(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="data")
    return buf.getvalue()


def to_sav(frame: pd.DataFrame) -> bytes:
    import pyreadstat

    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if values.dropna().map(lambda v: isinstance(v, bool)).all() and values.notna().any():
            out[col] = values.map(lambda v: None if v is None or v != v else float(v)).astype("float64")
        elif values.dtype == object or str(values.dtype).startswith(("string", "str")):
            out[col] = values.map(lambda v: "" if v is None or v != v else str(v)).astype(object)
    fd, path = tempfile.mkstemp(suffix=".sav")
    os.close(fd)
    try:
        pyreadstat.write_sav(out, path)
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)
