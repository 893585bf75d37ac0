"""BibTeX (Zotero, Mendeley, JabRef, Google Scholar "Import into BibTeX"), read with bibtexparser 2.

LaTeX is decoded (``{\\"u}`` -> ``ü``) only in values that contain a backslash: running the
decoder over every value makes a 1,000-entry Zotero export take seconds instead of a
fraction of one.

Two things real exports do that bibtexparser does not survive are handled before it sees the text:
an ``@`` inside a value (EBSCO abstracts with "@home{…}" or an e-mail address at a line start
abort the entry and conjure a bogus one) is masked and restored afterwards; an entry key used twice
(two "Smith2019") is read, renamed ``Smith2019#2`` and reported as a warning, not an error.

The file is read as it is decoded, in batches of entries cut at entry starts (see ``_batches``), like
the RIS reader: a 100,000-entry export peaks at a fraction of the memory of parsing it whole.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from pylatexenc.latex2text import LatexNodes2Text

from laktasi.errors import Problem, Text
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


# Entry types that start a new entry even inside an unclosed one (whose error bibtexparser reports).
_ENTRY_TYPES = frozenset({
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished", "online", "report",
    "thesis", "dataset", "software", "electronic", "patent", "periodical", "standard", "string", "preamble",
    "comment", "collection", "mvbook", "reference", "set", "www", "webpage", "data", "audio", "video"})
_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*[{(]")
_AT = "\ue000"  # a private-use character standing for an "@" inside a value while bibtexparser reads


def mask_inner_at(text: str) -> str:
    """Replace every ``@`` inside an entry (brace depth ≥ 1) except a known entry type at a line start.

    >>> mask_inner_at("@article{a, abstract={x\\n@home{y} z}}\\n@misc{b}").count("@")
    2
    """
    if text.count("@") <= 1:
        return text
    out: list[str] = []
    depth = 0
    line_start = True
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "@":
            match = _ENTRY_START.match(text, i)
            at_line_start = line_start or text[text.rfind("\n", 0, i) + 1:i].strip() == ""
            if depth == 0 or (match and at_line_start and match.group(1).lower() in _ENTRY_TYPES):
                depth = 0
                out.append(ch)
            else:
                out.append(_AT)
        else:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth = max(0, depth - 1)
            out.append(ch)
        line_start = ch == "\n"
        i += 1
    return "".join(out)


def _unmask(value: Any) -> Any:
    return value.replace(_AT, "@") if isinstance(value, str) and _AT in value else value


_LINE_ENTRY = re.compile(r"\s*@\s*([A-Za-z]+)\s*[{(]")
_BATCH = 2000  # entries handed to bibtexparser at once


def _batches(lines: Iterator[str]) -> Iterator[tuple[int, str]]:
    """``(0-based first line, text)`` of runs of about ``_BATCH`` entries, cut only before a line that
    starts a known entry type (where :func:`mask_inner_at` starts an entry whatever came before)."""
    chunk: list[str] = []
    start = entries = 0
    for number, line in enumerate(lines):
        if number == 0:
            line = line.lstrip("\ufeff")
        match = _LINE_ENTRY.match(line) if "@" in line else None
        if match and match.group(1).lower() in _ENTRY_TYPES:
            if entries >= _BATCH:
                yield start, "\n".join(chunk)
                chunk, start, entries = [], number, 0
            entries += 1
        chunk.append(line)
    if chunk:
        yield start, "\n".join(chunk)


@register("bibtex", "BibTeX (Zotero, Mendeley, JabRef, Google Scholar)", (".bib", ".bibtex"))
def read_bibtex(source: Source) -> list[Record]:
    """Read the file as it is decoded, a batch of entries at a time (bibtexparser parses each batch
    into a library that also holds the ``@string`` macros defined before it), so a large export is
    never held whole in memory beside bibtexparser's blocks and the records."""
    problems: list[Problem] = []
    records: list[Record] = []
    seen: set[str] = set()
    renamed: dict[str, int] = {}
    strings: list[Any] = []
    found = False
    # bibtexparser logs each broken entry on standard error; the problems below say the same, once.
    splitter_log = logging.getLogger("bibtexparser.splitter")
    level = splitter_log.level
    splitter_log.setLevel(logging.CRITICAL)
    try:
        for offset, text in _batches(source.lines()):
            library = Library()
            library.add(strings)
            library = bibtexparser.parse_string(mask_inner_at(text), library=library)  # type: ignore[attr-defined]
            strings = list(library.strings)
            entries = [(_line(e), e) for e in library.entries]
            for block in library.failed_blocks:
                duplicate = getattr(block, "ignore_error_block", None)
                if isinstance(block, DuplicateBlockKeyBlock) and isinstance(duplicate, Entry):
                    # renamed below, like a key seen in an earlier batch; parsed again on its own, since
                    # bibtexparser leaves a duplicate's braces and @string macros unresolved
                    entries.append((_line(duplicate), _reparsed(duplicate, strings)))
                    continue
                if isinstance(block, DuplicateBlockKeyBlock):
                    continue  # a @string defined twice: the first stands
                # bibtexparser counts lines from 0.
                problems.append(bad_record(
                    source, None if block.start_line is None else offset + block.start_line + 1,
                    f"BibTeX entry cannot be read: {block.error}",
                    f"entri BibTeX tidak dapat dibaca: {block.error}",
                    value=(block.raw or "")[:60], code="bibtex_syntax"))
            entries.sort(key=lambda pair: pair[0])
            found = found or bool(entries)
            for line, entry in entries:
                key = str(entry.key)
                if key in seen:
                    # Read it under a new key; the key only names the entry in the file.
                    renamed[key] = renamed.get(key, 1) + 1
                    entry.key = f"{key}#{renamed[key]}"
                    source.warnings.append(Problem(
                        "bibtex_duplicate_key", Text(
                            en=f"the entry key {_unmask(key)!r} is used more than once; the entry at this line "
                               f"was read as {_unmask(entry.key)!r}",
                            id=f"kunci entri {_unmask(key)!r} dipakai lebih dari sekali; entri pada baris ini "
                               f"dibaca sebagai {_unmask(entry.key)!r}"),
                        file=source.name, row=offset + line + 1,
                        value=_unmask(key), severity="warning"))
                seen.add(str(entry.key))
                if not problems:
                    records.append(_record(source, len(records) + 1, entry))
    finally:
        splitter_log.setLevel(level)
    if not found and not problems:
        problems.append(bad_record(source, None, "no BibTeX entry found (no '@article{…}' or similar)",
                                   "tidak ada entri BibTeX (tidak ada '@article{…}' atau sejenisnya)",
                                   code="bibtex_empty"))
    raise_if(problems)
    return records


def _reparsed(entry: Entry, strings: list[Any]) -> Entry:
    if not entry.raw:
        return entry
    library = Library()
    library.add(strings)
    again = bibtexparser.parse_string(entry.raw, library=library).entries  # type: ignore[attr-defined]
    return again[0] if len(again) == 1 else entry


def _line(entry: Entry) -> int:
    """The entry's first line, counted from 0 in its batch."""
    return entry.start_line if entry.start_line is not None else 0


def _record(source: Source, position: int, entry: Entry) -> Record:
    raw: dict[str, Any] = {"ENTRYTYPE": entry.entry_type, "ID": _unmask(entry.key)}
    raw.update({f.key.lower(): _unmask(f.value) for f in entry.fields})

    def get(*keys: str) -> str:
        for key in keys:
            if raw.get(key):
                return _text(raw[key])
        return ""

    hints = " ".join(str(raw.get(k, "")) for k in ("annote", "note", "url", "eprint")).lower()
    database = next((name for hint, name in _DATABASE_HINTS if hint in hints), "")
    pmid = get("pmid")
    if not pmid:
        match = re.search(r"PMID:\s*(\d+)", hints, re.IGNORECASE)
        pmid = match.group(1) if match else ""
    return make_record(
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
    )
