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
from laktasi.files import raise_csv_field_limit, read_text, strip_control_chars

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


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one that splits most lines into the same, largest number of fields.

    "Most lines" (80%) rather than all, so that a title row above the header or a few short rows
    do not hide the delimiter.
    """
    lines = [ln for ln in text.splitlines()[:200] if ln.strip()]
    best, best_key = ",", (0, 0)
    for delim in ("\t", ";", ","):
        widths = [len(r) for r in csv.reader(lines, delimiter=delim)]
        if not widths:
            continue
        mode = max(set(widths), key=lambda w: (widths.count(w), w))
        header_fits = int(widths.count(mode) >= 0.8 * len(widths))
        key = (header_fits, mode)
        if mode > 1 and header_fits and key > best_key:
            best, best_key = delim, key
    if best_key == (0, 0):  # ragged file: fall back on the character most frequent in the header
        header = max(lines[:_HEADER_SCAN], key=lambda ln: sum(ln.count(c) for c in "\t;,"), default="")
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


_HEADER_SCAN = 10  # rows searched for the header under a title row ("Tabel 1. Data penelitian")


def _filled(row: list[object]) -> int:
    return sum(1 for c in row if not is_missing(c))


def _header_index(rows: list[list[object]]) -> int:
    """Index of the header row: the first of the top rows with at least two filled cells.

    Students often put a title (one merged cell) and a blank line above the header in Excel; those
    rows are skipped, and the data keep their spreadsheet row numbers.
    """
    widest = max((_filled(r) for r in rows[:_HEADER_SCAN]), default=0)
    for i, row in enumerate(rows[:_HEADER_SCAN]):
        if _filled(row) >= 2 and 2 * _filled(row) >= widest:
            return i
    return 0


def _frame_from_rows(path: Path, rows: list[list[object]], delimiter: str | None = None) -> pd.DataFrame:
    """A frame whose index + 2 is each row's spreadsheet row, from the header row found in ``rows``."""
    start = _header_index(rows)
    header = ["" if is_missing(c) else str(c).strip() for c in rows[start]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    problems: list[Problem] = []
    body: list[list[object]] = []
    index: list[int] = []
    for i, row in enumerate(rows[start + 1:], start=start + 2):  # 1-based spreadsheet row
        extra = [c for c in row[width:] if not is_missing(c)]
        if extra:
            numeric_tail = delimiter == "," and all(parse_cell(str(c)) is not None for c in extra)
            hint_en = hint_id = ""
            if numeric_tail:
                hint_en = (": numbers written with a decimal comma in a comma-separated file split into two "
                           "cells. Save the table as CSV with semicolons (Excel: 'CSV (semicolon delimited)'), "
                           "as .xlsx, or put such numbers in quotes (\"12,5\")")
                hint_id = (": angka dengan koma desimal pada berkas yang dipisah koma terbelah menjadi dua sel. "
                           "Simpan tabel sebagai CSV dengan titik koma (Excel: 'CSV (semicolon delimited)'), "
                           "sebagai .xlsx, atau beri tanda kutip pada angka tersebut (\"12,5\")")
            problems.append(_problem(
                path, "too_many_cells",
                f"this row has {width + len(row[width:])} cells but the header has {width}{hint_en}",
                f"baris ini berisi {width + len(row[width:])} sel padahal judul kolom hanya {width}{hint_id}",
                row=i, value=", ".join(str(c) for c in row)))
            continue
        cells = list(row[:width]) + [None] * (width - len(row))
        body.append(cells)
        index.append(i - 2)
    if problems:
        raise InputError(problems)
    return pd.DataFrame(body, columns=header, index=pd.Index(index, dtype=int), dtype=object)


def _read_csv(path: Path) -> pd.DataFrame:
    text = read_text(path).text  # laktasi.files: size limit, encodings (warning when guessed), OS errors
    text = strip_control_chars(text)  # invisible, and refused by the Word report
    raise_csv_field_limit()
    if not text.strip():
        raise InputError([_problem(path, "empty_file", "the file is empty", "berkas kosong")])
    delim = sniff_delimiter(text)
    try:
        rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delim)]
    except csv.Error as exc:
        raise InputError([_problem(path, "unreadable_csv", f"cannot read as CSV: {exc}",
                                   f"tidak dapat dibaca sebagai CSV: {exc}")]) from None
    return _frame_from_rows(path, rows, delim)


def _read_xlsx(path: Path) -> pd.DataFrame:
    try:
        raw = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl", header=None)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure means "not a readable workbook"
        raise InputError([_problem(path, "unreadable_xlsx", f"cannot read as an Excel workbook: {exc}",
                                   f"tidak dapat dibaca sebagai buku kerja Excel: {exc}")]) from None
    if raw.empty:
        raise InputError([_problem(path, "empty_file", "the first sheet is empty", "lembar pertama kosong")])
    rows = [[None if (isinstance(v, float) and np.isnan(v)) else _clean(v) for v in r]
            for r in raw.itertuples(index=False)]
    return _frame_from_rows(path, rows)


def _clean(value: object) -> object:
    """Text without invisible control characters (as CSV tables): the Word report and Excel refuse them."""
    return strip_control_chars(value) if isinstance(value, str) else value


def _read_sav(path: Path) -> pd.DataFrame:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    except Exception as exc:  # noqa: BLE001 - pyreadstat raises its own types for damaged files
        raise InputError([_problem(path, "unreadable_sav", f"cannot read as an SPSS .sav file: {exc}",
                                   f"tidak dapat dibaca sebagai berkas SPSS .sav: {exc}")]) from None
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].map(_clean)
    value_labels: dict[str, list[str]] = {}
    for col, labels in (meta.variable_value_labels or {}).items():
        labels = {k: strip_control_chars(str(v)) for k, v in labels.items()}
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
    if frame.empty:
        raise InputError([_problem(path, "no_rows", "the table has a header but no data rows (one row per "
                                   "participant is needed)", "tabel hanya berisi judul kolom tanpa baris data "
                                   "(diperlukan satu baris per responden)", row=1)])
    frame.attrs.update(attrs)
    return frame
