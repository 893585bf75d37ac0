"""BibTeX (Zotero, Mendeley, JabRef, Google Scholar "Import into BibTeX"), read with bibtexparser 2.

LaTeX is decoded (``{\\"u}`` -> ``ü``) only in values that contain a backslash: running the
decoder over every value makes a 1,000-entry Zotero export take seconds instead of a
fraction of one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import bibtexparser
from pylatexenc.latex2text import LatexNodes2Text

from laktasi.review.formats.base import Source, bad_record, make_record, raise_if, register
from laktasi.review.records import Record

_DATABASE_HINTS = (
    ("web of science", "Web of Science"),
    ("scopus", "Scopus"),
    ("pubmed", "PubMed"),
    ("embase", "Embase"),
)


@lru_cache(maxsize=1)
def _latex() -> LatexNodes2Text:
    return LatexNodes2Text()


# Zotero escapes these in nearly every abstract; replacing them directly keeps the slow
# full LaTeX decoder for the rare accents and math.
_WORDS = re.compile(r"\\(?:textless|textgreater|textasciitilde|textendash|textemdash)(?:\{\})?")
_SIMPLE = re.compile(r"\\(?:textless|textgreater|textasciitilde|textendash|textemdash|[%&_#$])(?:\{\})?")
_SIMPLE_MAP = {"textless": "<", "textgreater": ">", "textasciitilde": "~", "textendash": "\u2013",
               "textemdash": "\u2014"}


def _simple(match: re.Match[str]) -> str:
    name = match.group(0)[1:].removesuffix("{}")
    return _SIMPLE_MAP.get(name, name)


def _text(value: Any) -> str:
    text = str(value) if value is not None else ""
    if "\\" in text:
        simple = _SIMPLE.sub(_simple, text)
        # A remaining backslash needs the full decoder, on text that still has its "\\%":
        # a bare "%" would make LaTeX read the rest of the line as a comment.
        text = _latex().latex_to_text(_WORDS.sub(_simple, text)) if "\\" in simple else simple
    # Braces only protect capitals from BibTeX styles; they are not part of the title.
    return text.replace("{", "").replace("}", "").strip()


@register("bibtex", "BibTeX (Zotero, Mendeley, JabRef, Google Scholar)", (".bib", ".bibtex"))
def read_bibtex(source: Source) -> list[Record]:
    library = bibtexparser.parse_string(source.text)  # type: ignore[attr-defined]
    problems = []
    for block in library.failed_blocks:
        # bibtexparser counts lines from 0.
        problems.append(bad_record(
            source, None if block.start_line is None else block.start_line + 1,
            f"BibTeX entry cannot be read: {block.error}",
            f"entri BibTeX tidak dapat dibaca: {block.error}",
            value=(block.raw or "")[:60], code="bibtex_syntax"))
    if not library.entries and not problems:
        problems.append(bad_record(source, None, "no BibTeX entry found (no '@article{…}' or similar)",
                                   "tidak ada entri BibTeX (tidak ada '@article{…}' atau sejenisnya)",
                                   code="bibtex_empty"))
    raise_if(problems)
    records = []
    for position, entry in enumerate(library.entries, start=1):
        raw: dict[str, Any] = {"ENTRYTYPE": entry.entry_type, "ID": entry.key}
        raw.update({f.key.lower(): f.value for f in entry.fields})

        def get(*keys: str, _raw: dict[str, Any] = raw) -> str:
            for key in keys:
                if _raw.get(key):
                    return _text(_raw[key])
            return ""

        hints = " ".join(str(raw.get(k, "")) for k in ("annote", "note", "url", "eprint")).lower()
        database = next((name for hint, name in _DATABASE_HINTS if hint in hints), "")
        pmid = get("pmid")
        if not pmid:
            match = re.search(r"PMID:\s*(\d+)", hints, re.IGNORECASE)
            pmid = match.group(1) if match else ""
        records.append(make_record(
            source, "bibtex", position, raw,
            title=get("title", "booktitle"),
            abstract=get("abstract"),
            authors=get("author", "editor"),
            year=get("year", "date"),
            journal=get("journal", "journaltitle", "booktitle", "publisher"),
            volume=get("volume"),
            issue=get("number", "issue"),
            pages=get("pages").replace("--", "-"),
            doi=get("doi"),
            pmid=pmid,
            keywords=re.split(r"[;,]\s*", keywords) if (keywords := get("keywords")) else (),
            language=get("language", "langid"),
            database=database,
        ))
    return records
