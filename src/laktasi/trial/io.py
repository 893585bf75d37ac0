"""Reading study data tables: CSV (any delimiter, decimal comma), XLSX and SPSS ``.sav``.

:func:`read_table` returns the table as the user typed it — headers stripped, numbers as
numbers where a whole column is numeric (decimal point or decimal comma), everything else as
text, empty cells as missing — so that validation can point at the exact row and column of a
bad value. SPSS variables with value labels become ordered categoricals (levels in code
order); ``frame.attrs["value_labels"]`` lists them and ``frame.attrs["measure"]`` keeps
SPSS's measurement level.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from laktasi.errors import InputError, Problem, Text

#: Cell texts read as missing (SPSS and spreadsheet habits).
MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", ".", "missing", "#n/a"})

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_THOUSANDS_POINT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d*$")  # 1.234,5
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d*$")  # 1,234.5


def parse_cell(text: str) -> float | None:
    """A number typed with a decimal point or a decimal comma, or ``None`` when it is not one.

    (report.numbers.parse_number does the same for report text, but trial sits below report.)

    >>> parse_cell("12,5"), parse_cell("12.5"), parse_cell("1.234,5"), parse_cell("12 ml")
    (12.5, 12.5, 1234.5, None)
    """
    s = text.strip().replace("\u2212", "-")
    if _THOUSANDS_POINT.match(s):
        return float(s.replace(".", "").replace(",", "."))
    if _THOUSANDS_COMMA.match(s):
        return float(s.replace(",", ""))
    if not _NUMBER.match(s):
        return None
    return float(s.replace(",", "."))


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in MISSING_TOKENS


def _problem(path: Path, code: str, en: str, id_: str, **kw: object) -> Problem:
    return Problem(code=code, text=Text(en=en, id=id_), file=str(path), **kw)  # type: ignore[arg-type]


def _decode(raw: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one that splits the header into the most fields and every line alike."""
    lines = [ln for ln in text.splitlines()[:200] if ln.strip()]
    best, best_fields = ",", 0
    for delim in ("\t", ";", ","):
        rows = list(csv.reader(lines, delimiter=delim))
        if not rows:
            continue
        width = len(rows[0])
        consistent = all(len(r) == width for r in rows)
        if width > 1 and consistent and width > best_fields:
            best, best_fields = delim, width
    if best_fields == 0:  # ragged file: fall back on the character most frequent in the header
        header = lines[0] if lines else ""
        best = max(("\t", ";", ","), key=header.count)
    return best


def _coerce_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers where the whole column is numeric; text stripped; missing tokens → missing."""
    out: dict[str, pd.Series] = {}
    for col in frame.columns:
        s = frame[col]
        if isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_numeric_dtype(s.dtype):
            out[col] = s
            continue
        values = s.to_numpy(dtype=object)
        cleaned = np.empty(values.size, dtype=object)
        numbers = np.full(values.size, np.nan)
        all_numeric = True
        for i, v in enumerate(values):
            if is_missing(v):
                cleaned[i] = None
                continue
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                cleaned[i] = v
                numbers[i] = float(v)
                continue
            text = str(v).strip()
            cleaned[i] = text
            number = parse_cell(text) if all_numeric else None
            if number is None:
                all_numeric = False
            else:
                numbers[i] = number
        if all_numeric:
            out[col] = pd.Series(numbers, index=frame.index, name=col)
        else:
            out[col] = pd.Series(cleaned, index=frame.index, name=col, dtype=object)
    return pd.DataFrame(out, index=frame.index)


def _check_headers(path: Path, headers: list[str]) -> None:
    problems = []
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        key = h.strip().lower()
        if not key:
            continue
        if key in seen:
            problems.append(_problem(path, "duplicate_column", f"column name {h!r} appears twice "
                                     f"(columns {seen[key] + 1} and {i + 1})",
                                     f"nama kolom {h!r} muncul dua kali (kolom {seen[key] + 1} dan {i + 1})",
                                     row=1, column=h))
        seen.setdefault(key, i)
    if problems:
        raise InputError(problems)


def _read_csv(path: Path) -> pd.DataFrame:
    text = _decode(path.read_bytes())
    if not text.strip():
        raise InputError([_problem(path, "empty_file", "the file is empty", "berkas kosong")])
    delim = sniff_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delim, dtype=object, keep_default_na=False,
                            skip_blank_lines=False, engine="python")
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputError([_problem(path, "unreadable_csv", f"cannot read as CSV: {exc}",
                                   f"tidak dapat dibaca sebagai CSV: {exc}")]) from None
    return frame


def _read_xlsx(path: Path) -> pd.DataFrame:
    try:
        return pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure means "not a readable workbook"
        raise InputError([_problem(path, "unreadable_xlsx", f"cannot read as an Excel workbook: {exc}",
                                   f"tidak dapat dibaca sebagai buku kerja Excel: {exc}")]) from None


def _read_sav(path: Path) -> pd.DataFrame:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    except Exception as exc:  # noqa: BLE001 - pyreadstat raises its own types for damaged files
        raise InputError([_problem(path, "unreadable_sav", f"cannot read as an SPSS .sav file: {exc}",
                                   f"tidak dapat dibaca sebagai berkas SPSS .sav: {exc}")]) from None
    value_labels: dict[str, list[str]] = {}
    for col, labels in (meta.variable_value_labels or {}).items():
        if col not in frame.columns or not labels:
            continue
        ordered = [str(labels[k]).strip() for k in sorted(labels)]
        mapping = {float(k): str(v).strip() for k, v in labels.items()}
        extra: list[str] = []
        values: list[str | None] = []
        for v in frame[col].tolist():
            if v is None or (isinstance(v, float) and np.isnan(v)):
                values.append(None)
                continue
            label = mapping.get(float(v)) if isinstance(v, (int, float)) else None
            if label is None:  # a code with no label: kept visibly so validation can name it
                label = f"{v:g}" if isinstance(v, float) else str(v)
                if label not in extra:
                    extra.append(label)
            values.append(label)
        frame[col] = pd.Categorical(values, categories=list(dict.fromkeys(ordered + extra)), ordered=True)
        value_labels[col] = list(dict.fromkeys(ordered))
    frame.attrs["value_labels"] = value_labels
    frame.attrs["measure"] = dict(meta.variable_measure or {})
    return frame


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a study table (``.csv``/``.tsv``/``.txt``, ``.xlsx``, ``.sav``) as typed by the user.

    Raises :class:`laktasi.errors.InputError` when the file is missing or unreadable.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = p.write_text("id;arm;volume_pre\\n1;kontrol;12,5\\n")
    >>> read_table(p)["volume_pre"].tolist()
    [12.5]
    """
    path = Path(path)
    if not path.is_file():
        raise InputError([_problem(path, "file_not_found", "file not found", "berkas tidak ditemukan")])
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        frame = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        frame = _read_xlsx(path)
    elif suffix in (".sav", ".zsav"):
        frame = _read_sav(path)
    else:
        raise InputError([_problem(path, "unsupported_format",
                                   f"unsupported file type {suffix or '(none)'}: use .csv, .xlsx or .sav",
                                   f"jenis berkas {suffix or '(tanpa)'} tidak didukung: gunakan .csv, .xlsx "
                                   "atau .sav")])
    attrs = dict(frame.attrs)
    headers = [str(c).strip() for c in frame.columns]
    _check_headers(path, headers)
    frame.columns = pd.Index(headers)
    frame = frame.loc[:, [h for h in headers if h and not h.lower().startswith("unnamed:")]]
    frame = _coerce_columns(frame)
    # drop rows that are entirely empty (trailing spreadsheet rows), keeping row numbers intact
    frame = frame.loc[~frame.isna().all(axis=1)]
    frame.attrs.update(attrs)
    return frame
