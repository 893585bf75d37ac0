"""What every reader plug-in shares: the decoded input, the registry, and field clean-up.

A reader is a function ``read(source) -> list[Record]`` registered under a format name
("nbib", "ris", "wos", "bibtex", "csv", "xlsx"). It raises one :class:`InputError` listing
every problem it found, so an import is all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laktasi.errors import InputError, Problem, Text
from laktasi.files import decode, detect_encoding  # one implementation, shared by every reader
from laktasi.review.records import Record, normalise_doi

__all__ = [
    "REGISTRY",
    "FormatReader",
    "Source",
    "bad_record",
    "clean",
    "decode",
    "detect_encoding",
    "make_record",
    "normalise_language",
    "parse_year",
    "register",
    "split_authors",
]


@dataclass
class Source:
    """One input file: its bytes, and its text once decoded (UTF-8 with/without BOM, UTF-16, cp1252)."""

    path: Path
    data: bytes
    name: str = ""
    encoding: str = ""
    _text: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.name:
            self.name = str(self.path)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text, self.encoding = decode(self.data)
        return self._text

    @property
    def head(self) -> str:
        """The first 64 KB as text, for format detection without decoding a large file."""
        if self._text is not None:
            return self._text[:65536]
        return decode(self.data[:65536], partial=True)[0]

    def detect_encoding(self) -> str:
        """The file's encoding, checked over the whole file (strict UTF-8 decoding is fast)."""
        if not self.encoding:
            self.encoding = detect_encoding(self.data)
        return self.encoding

    @property
    def stem(self) -> str:
        return self.path.stem


Reader = Callable[[Source], list[Record]]


@dataclass(frozen=True)
class FormatReader:
    """A registered format: its key, a human label, file extensions and the reading function."""

    name: str
    label: str
    extensions: tuple[str, ...]
    read: Reader
    binary: bool = False  # reads bytes itself (xlsx) rather than decoded text


REGISTRY: dict[str, FormatReader] = {}


def register(
    name: str, label: str, extensions: Iterable[str], binary: bool = False
) -> Callable[[Reader], Reader]:
    """Decorator adding a reader to :data:`REGISTRY` under ``name``."""

    def deco(fn: Reader) -> Reader:
        REGISTRY[name] = FormatReader(name, label, tuple(extensions), fn, binary)
        return fn

    return deco


def bad_record(source: Source, row: int | None, en: str, id_: str, value: Any = None,
               column: str | None = None, code: str = "bad_record") -> Problem:
    return Problem(code=code, text=Text(en=en, id=id_), file=source.name, row=row, column=column, value=value)


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


_YEAR_RE = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)")


def parse_year(value: Any) -> int | None:
    """The first plausible year (1600–2099) in a date string: "2019 Mar", "2019//", "2014-08-29".

    >>> parse_year("2019 Mar 5"), parse_year("in press")
    (2019, None)
    """
    if value is None:
        return None
    if isinstance(value, int):
        return value if 1600 <= value <= 2099 else None
    if isinstance(value, float):
        return int(value) if value == value and 1600 <= value <= 2099 else None
    match = _YEAR_RE.search(str(value))
    return int(match.group(1)) if match else None


def clean(value: Any) -> str:
    """A single string: lists are joined, whitespace collapsed, None/NaN become ""."""
    if isinstance(value, str):
        text = value
    elif value is None:
        return ""
    elif isinstance(value, (list, tuple)):
        text = " ".join(str(v) for v in value if v is not None)
    elif isinstance(value, float) and value != value:
        return ""
    else:
        text = str(value)
    if "  " in text or "\n" in text or "\t" in text:
        return " ".join(text.split())
    return text.strip()


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            text = clean(item)
            if text:
                out.append(text)
        return out
    text = clean(value)
    return [text] if text else []


def first(raw: Mapping[str, Any], *keys: str) -> str:
    """The first non-empty value among ``keys`` (a list contributes its first non-empty item)."""
    for key in keys:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            for item in value:
                text = clean(item)
                if text:
                    return text
        else:
            text = clean(value)
            if text:
                return text
    return ""


def split_authors(value: Any) -> tuple[str, ...]:
    """Split an author string as databases print it.

    Semicolons separate authors wherever they occur (Scopus, WoS, ASReview); BibTeX uses
    " and "; Scopus and Embase CSVs separate "Family I." names with commas — a comma is read
    as a separator only when no part looks like a bare given name, so "Smith, John" stays one.

    >>> split_authors("Liu R., Adler D.G.")
    ('Liu R.', 'Adler D.G.')
    >>> split_authors("Larsen, L. J. and Roush, J. K.")
    ('Larsen, L. J.', 'Roush, J. K.')
    >>> split_authors("Smith, John")
    ('Smith, John',)
    """
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            text = clean(item)
            # One author per item is the rule (RIS AU, MEDLINE FAU); split only when an item holds several.
            if ";" in text or " and " in text:
                out.extend(split_authors(text))
            elif text and text != "et al.":
                out.append(text)
        return tuple(out)
    text = clean(value)
    if not text:
        return ()
    if ";" in text:
        parts = text.split(";")
    elif " and " in text and re.search(r"\s+and\s+", text):
        parts = re.split(r"\s+and\s+", text)
    elif "," in text:
        pieces = [p.strip() for p in text.split(",")]
        # "Family I." pieces each hold a space or an initial; "Smith, John" is one name.
        if len(pieces) >= 2 and all(" " in p or p.endswith(".") for p in pieces if p):
            parts = pieces
        else:
            parts = [text]
    else:
        parts = [text]
    return tuple(p.strip() for p in parts if p.strip() and p.strip() != "et al.")


_LANGUAGES = {
    "eng": "English", "en": "English", "english": "English",
    "ind": "Indonesian", "id": "Indonesian", "indonesian": "Indonesian", "bahasa indonesia": "Indonesian",
    "may": "Malay", "msa": "Malay", "malay": "Malay",
    "ger": "German", "deu": "German", "de": "German", "german": "German",
    "fre": "French", "fra": "French", "fr": "French", "french": "French",
    "spa": "Spanish", "es": "Spanish", "spanish": "Spanish",
    "por": "Portuguese", "pt": "Portuguese", "portuguese": "Portuguese",
    "chi": "Chinese", "zho": "Chinese", "zh": "Chinese", "chinese": "Chinese",
    "jpn": "Japanese", "ja": "Japanese", "japanese": "Japanese",
    "tur": "Turkish", "tr": "Turkish", "turkish": "Turkish",
    "ita": "Italian", "it": "Italian", "italian": "Italian",
    "dut": "Dutch", "nld": "Dutch", "nl": "Dutch", "dutch": "Dutch",
    "rus": "Russian", "ru": "Russian", "russian": "Russian",
    "kor": "Korean", "ko": "Korean", "korean": "Korean",
    "per": "Persian", "fas": "Persian", "persian": "Persian",
    "ara": "Arabic", "ar": "Arabic", "arabic": "Arabic",
    "tha": "Thai", "th": "Thai", "thai": "Thai",
}


def normalise_language(value: Any) -> str:
    """English language name from an ISO 639 code or a name ("eng" -> "English"); unknown kept as given."""
    items = as_list(value)
    if not items:
        return ""
    text = items[0].strip()
    return _LANGUAGES.get(text.lower(), text)


def make_record(
    source: Source,
    fmt: str,
    position: int,
    raw: dict[str, Any],
    *,
    title: Any = "",
    abstract: Any = "",
    authors: Any = (),
    year: Any = None,
    journal: Any = "",
    volume: Any = "",
    issue: Any = "",
    pages: Any = "",
    start_page: Any = "",
    end_page: Any = "",
    doi: Any = "",
    pmid: Any = "",
    keywords: Any = (),
    language: Any = "",
    database: str = "",
    record_id: Any = "",
    file: str | None = None,
) -> Record:
    """Build a normalised :class:`Record` from field values in any shape a reader has."""
    # Empty values skip the clean-up calls: most records leave several fields blank, and this
    # runs once per record for 100,000-record imports.
    pages_text = clean(pages) if pages else ""
    if not pages_text and start_page:
        sp, ep = clean(start_page), clean(end_page) if end_page else ""
        pages_text = f"{sp}-{ep}" if sp and ep and sp != ep else sp
    if pages_text and not _DIGIT.search(pages_text):
        pages_text = ""  # Ovid writes "No-Specified"; roman-numeral pages are rare enough to lose
    kw: list[str] = []
    if keywords:
        for item in keywords if isinstance(keywords, (list, tuple)) else [keywords]:
            if not isinstance(item, str):
                item = clean(item)
            for k in item.split(";"):
                # Ovid and PubMed star major headings ("*Body Image"); the star is not part of the term.
                k = k.strip().lstrip("*")
                if k:
                    kw.append(k)
    pmid_match = _DIGITS.search(clean(pmid)) if pmid else None
    rid = clean(record_id) if record_id else ""
    return Record(
        title=clean(title).rstrip() if title else "",
        abstract=clean(abstract) if abstract else "",
        authors=split_authors(authors) if authors else (),
        year=(parse_year(clean(year) if not isinstance(year, (int, float)) else year)
              if year or year == 0 else None),
        journal=clean(journal) if journal else "",
        volume=clean(volume) if volume else "",
        issue=clean(issue) if issue else "",
        pages=pages_text,
        doi=normalise_doi(clean(doi)) if doi else "",
        pmid=pmid_match.group(0) if pmid_match else "",
        keywords=tuple(dict.fromkeys(kw)) if kw else (),
        language=normalise_language(language) if language else "",
        source_database=database,
        source_format=fmt,
        source_file=source.name if file is None else file,
        position=position,
        record_id=rid or f"{source.stem}:{position}",
        raw=raw,
    )


_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
