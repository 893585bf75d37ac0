"""Reader plug-ins, one per export format, registered by name in :data:`REGISTRY`.

Importing this package registers every built-in reader: ``nbib`` (PubMed MEDLINE),
``ris``, ``wos`` (Web of Science plain text), ``bibtex``, ``csv`` and ``xlsx``.
"""

from __future__ import annotations

from laktasi.review.formats import bibtex, medline, ris, table, wos  # noqa: F401 - registration
from laktasi.review.formats.base import REGISTRY, FormatReader, Source, decode

__all__ = ["REGISTRY", "FormatReader", "Source", "decode"]
