"""Reader plug-ins, one per export format, registered by name in :data:`REGISTRY`.

Importing this package registers every built-in reader: ``nbib`` (PubMed MEDLINE, ERIC), ``ris``,
``wos`` (Web of Science plain text), ``bibtex``, ``endnote_xml`` (EndNote, Zotero, Mendeley XML),
``enw`` (EndNote tagged / Refer), ``pop_json`` (Publish or Perish JSON), ``csv`` and ``xlsx``.
"""

from __future__ import annotations

from laktasi.review.formats import (  # noqa: F401 - registration
    bibtex,
    endnote_xml,
    enw,
    medline,
    pop_json,
    ris,
    table,
    wos,
)
from laktasi.review.formats.base import REGISTRY, FormatReader, Source, decode

__all__ = ["REGISTRY", "FormatReader", "Source", "decode"]
