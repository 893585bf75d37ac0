"""Small user-made sheets (decisions, extraction): CSV or XLSX rows as dicts of stripped strings.

Bibliographic exports go through :mod:`laktasi.review.formats`; these sheets share its decoding
(:mod:`laktasi.files`: UTF-8 with or without BOM, UTF-16, cp1252) and delimiter detection so every
CSV a reviewer hands laktasi is read the same way. A header naming the same column twice is an
error rather than a silent choice of one of the two; control characters (invisible, and refused
by Word and Excel files) are removed from every cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from laktasi.errors import InputError, Problem, Text
from laktasi.files import csv_rows, decode_file, read_bytes
from laktasi.review.formats.table import detect_delimiter

# XML 1.0 forbids these (python-docx and openpyxl refuse them); a spreadsheet never shows them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_cell(value: object) -> str:
    """A cell as stripped text without control characters."""
    return _CONTROL.sub("", str(value)).strip()


def read_sheet(path: Path) -> list[dict[str, str]]:
    """Rows of a ``.csv``/``.txt`` or ``.xlsx``/``.xlsm`` sheet; keys and values stripped, blanks as ``""``.

    A missing or damaged file raises :class:`~laktasi.errors.InputError` naming the file; a
    header with a column name twice raises one naming the column and both positions.
    """
    data = read_bytes(path)
    name = str(path)
    try:
        table = _read_cells(path, data, name)
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, OSError, zipfile.BadZipFile) as exc:
        raise InputError([Problem("file_unreadable", Text(
            en=f"cannot read the file as a table ({type(exc).__name__}: {str(exc)[:200]})",
            id=f"berkas tidak dapat dibaca sebagai tabel ({type(exc).__name__}: {str(exc)[:200]})"),
            file=name)]) from None
    if not table:
        return []
    header = [clean_cell(h) for h in table[0]]
    _check_header(header, name)
    rows = []
    for cells in table[1:]:
        # surplus cells have no column to belong to; the header decides what a row holds
        row = {h: (clean_cell(cells[i]) if i < len(cells) else "") for i, h in enumerate(header) if h}
        rows.append(row)
    return rows


def _read_cells(path: Path, data: bytes, name: str) -> list[list[str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import pandas as pd

        frame = pd.read_excel(io.BytesIO(data), dtype=str, header=None).fillna("")
        return [[str(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    text = decode_file(data, name, path).text
    return csv_rows(text, name=name, delimiter=detect_delimiter(text))


def _check_header(header: list[str], name: str) -> None:
    seen: dict[str, int] = {}
    problems = []
    for i, h in enumerate(header, start=1):
        key = h.casefold()
        if not key:
            continue
        if key in seen:
            problems.append(Problem("duplicate_column", Text(
                en=f"the column name {h!r} appears twice (columns {seen[key]} and {i}); rename one",
                id=f"nama kolom {h!r} muncul dua kali (kolom {seen[key]} dan {i}); ganti salah satunya"),
                file=name, row=1, column=h))
        else:
            seen[key] = i
    if problems:
        raise InputError(problems)
