"""Small user-made sheets (decisions, extraction): CSV or XLSX rows as dicts of stripped strings.

Bibliographic exports go through :mod:`laktasi.review.formats`; these sheets share its decoding
(UTF-8 with or without BOM, UTF-16, cp1252) and delimiter detection so every CSV a reviewer hands
laktasi is read the same way.
"""

from __future__ import annotations

import csv
from pathlib import Path

from laktasi.review.formats.base import decode
from laktasi.review.formats.table import detect_delimiter


def read_sheet(path: Path) -> list[dict[str, str]]:
    """Rows of a ``.csv``/``.txt`` or ``.xlsx``/``.xlsm`` sheet; keys and values stripped, blanks as ``""``.

    Raises ``OSError``, ``ValueError``, ``KeyError``, ``csv.Error`` or ``zipfile.BadZipFile`` for a
    damaged file; callers turn those into an :class:`~laktasi.errors.InputError` naming the file.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import pandas as pd

        frame = pd.read_excel(path, dtype=str).fillna("")
        return [{str(k).strip(): str(v).strip() for k, v in row.items()} for row in frame.to_dict("records")]
    text, _ = decode(path.read_bytes())
    reader = csv.DictReader(text.splitlines(keepends=True), delimiter=detect_delimiter(text))
    # surplus cells (key None) have no column to belong to; the header decides what a row holds
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
