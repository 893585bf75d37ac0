"""Small user-made sheets (decisions, extraction): CSV or XLSX rows as dicts of stripped strings.

Bibliographic exports go through :mod:`laktasi.review.formats`; these sheets share its decoding
(UTF-8 with or without BOM, UTF-16, cp1252) and delimiter detection so every CSV a reviewer hands
laktasi is read the same way.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from laktasi.errors import InputError, Problem, Text
from laktasi.review.formats.base import decode
from laktasi.review.formats.table import detect_delimiter


def read_sheet(path: Path) -> list[dict[str, str]]:
    """Rows of a ``.csv``/``.txt`` or ``.xlsx``/``.xlsm`` sheet; keys and values stripped, blanks as ``""``.

    A damaged file raises :class:`~laktasi.errors.InputError` (``file_unreadable``) naming the file.
    """
    try:
        return _read_rows(path)
    except (OSError, ValueError, KeyError, csv.Error, zipfile.BadZipFile) as exc:
        raise InputError([Problem("file_unreadable", Text(
            en=f"cannot read the file as a table ({type(exc).__name__}: {exc})",
            id=f"berkas tidak dapat dibaca sebagai tabel ({type(exc).__name__}: {exc})"), file=str(path))]) from None


def _read_rows(path: Path) -> list[dict[str, str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import pandas as pd

        frame = pd.read_excel(path, dtype=str).fillna("")
        return [{str(k).strip(): str(v).strip() for k, v in row.items()} for row in frame.to_dict("records")]
    text, _ = decode(path.read_bytes())
    reader = csv.DictReader(text.splitlines(keepends=True), delimiter=detect_delimiter(text))
    # surplus cells (key None) have no column to belong to; the header decides what a row holds
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
