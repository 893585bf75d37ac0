"""What every reader plug-in shares: the decoded input, the registry, and field clean-up.

A reader is a function ``read(source) -> list[Record]`` registered under a format name
("nbib", "ris", "wos", "bibtex", "csv", "xlsx"). It raises one :class:`InputError` listing
every problem it found, so an import is all or nothing.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from laktasi.errors import InputError, Problem, Text
from laktasi.files import (  # one implementation, shared by every reader
    check_input_path,
    decode,
    decode_file,
    detect_encoding,
    read_bytes,
)
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


class Source:
    """One input file: its bytes (read only when a reader asks), its text, or its lines streamed.

    ``data`` may be given (a web upload) or left ``None`` to be read from ``path`` through
    :func:`laktasi.files.read_bytes` (size limit, OS errors as :class:`InputError`) on first use.
    :meth:`lines` decodes a UTF-8 or BOM-marked file incrementally, so a 200 MB RIS export is never
    held in memory as bytes and text at once. ``encoding`` forces an encoding (``--encoding gbk``).
    Warnings about the file (a guessed encoding, renamed BibTeX keys) collect in ``warnings``.
    """

    def __init__(self, path: Path, data: bytes | None = None, name: str = "", encoding: str = "") -> None:
        self.path = Path(path)
        self.name = name or str(path)
        self._data = data
        self.forced_encoding = encoding
        self.encoding = ""
        self._text: str | None = None
        self._streamed_as: str | None = None  # "" = not streamable (decoded whole instead)
        self.warnings: list[Problem] = []

    def __repr__(self) -> str:
        return f"Source({self.name!r})"

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = read_bytes(self.path)
        return self._data

    def prefix(self, n: int) -> bytes:
        """The first ``n`` bytes, without reading the rest of a file on disk."""
        if self._data is not None:
            return self._data[:n]
        try:
            with open(self.path, "rb") as handle:
                return handle.read(n)
        except OSError:
            return self.data[:n]  # read_bytes turns the error into an InputError naming the file

    @property
    def text(self) -> str:
        """The whole file decoded (``\\n`` line ends, no BOM); refuses what cannot be decoded safely."""
        if self._text is None:
            data = self.data
            if self.forced_encoding:
                self._text, self.encoding = _decode_forced(data, self.forced_encoding, self.name), \
                    self.forced_encoding
            else:
                _refuse_double_byte(data, self.name)
                decoded = decode_file(data, self.name)
                self.warnings.extend(decoded.warnings)
                self._text, self.encoding = decoded.text, decoded.encoding
        return self._text

    @property
    def head(self) -> str:
        """The first 64 KB as text, for format detection without decoding a large file."""
        if self._text is not None:
            return self._text[:65536]
        data = self.prefix(65536)
        if self.forced_encoding:
            return data.decode(self.forced_encoding, errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        return decode(data, partial=True)[0]

    def detect_encoding(self) -> str:
        """The file's encoding, checked over the whole file (strict UTF-8 decoding is fast)."""
        if not self.encoding:
            if self.forced_encoding:
                self.encoding = self.forced_encoding
            else:
                self.encoding = detect_encoding(self.data)
                if self.encoding in _GUESSED:
                    self.text  # noqa: B018 - the refusals and the warning of a guessed encoding
        return self.encoding

    def lines(self) -> Iterator[str]:
        """The file's lines without their line ends, decoded as they are read when it is UTF-8.

        A file that is not UTF-8 (or UTF-16 without a BOM) is decoded whole through :attr:`text`,
        with its checks and warnings; such files come from desktop tools and are small.
        """
        encoding = self._stream_encoding()
        if encoding is None:
            yield from self.text.split("\n")
            return
        self.encoding = encoding
        with self.open_binary() as raw, io.TextIOWrapper(raw, encoding=encoding, newline=None) as handle:
            for line in handle:
                yield line[:-1] if line.endswith("\n") else line

    def open_binary(self) -> IO[bytes]:
        """The bytes as a stream: the upload in memory, or the file opened (not read) from disk."""
        if self._data is not None:
            return io.BytesIO(self._data)
        check_input_path(self.path)
        return open(self.path, "rb")  # noqa: SIM115 - the caller closes it (with …)

    @property
    def from_disk(self) -> bool:
        """True when the bytes are read from ``path`` on demand (not an upload held in memory)."""
        return self._data is None

    def stream_encoding(self) -> str | None:
        """``utf-8`` / ``utf-8-sig`` when the whole file is valid UTF-8 and can be decoded as it is read;
        ``None`` when it must be decoded whole (another encoding, UTF-16, a forced encoding)."""
        return self._stream_encoding()

    def _stream_encoding(self) -> str | None:
        if self._text is not None:
            return None
        if self._streamed_as is not None:  # checked by an earlier pass over the lines
            return self._streamed_as or None
        self._streamed_as = self._check_stream_encoding() or ""
        return self._streamed_as or None

    def _check_stream_encoding(self) -> str | None:
        if self.forced_encoding:
            return None
        if self._data is None:
            check_input_path(self.path)
        head = self.prefix(4096)
        if head.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None  # UTF-16: decode_file checks the byte count
        elif detect_encoding(head).startswith("utf-16"):
            return None
        else:
            encoding = "utf-8"
        # Strict UTF-8 over the whole file, a megabyte at a time, before any line is handed out.
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for chunk in self._chunks():
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
        return encoding

    def _chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        if self._data is not None:
            for start in range(0, len(self._data), size):
                yield self._data[start:start + size]
            return
        with open(self.path, "rb") as handle:
            while chunk := handle.read(size):
                yield chunk

    @property
    def stem(self) -> str:
        return self.path.stem


_GUESSED = ("cp1252", "latin-1", "utf-8+cp1252")


def _decode_forced(data: bytes, encoding: str, name: str) -> str:
    """Decode with the encoding the user named; a byte it cannot read is an error with its line."""
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError([Problem("unknown_encoding", Text(
            en=f"unknown text encoding {encoding!r} (e.g. utf-8, cp1252, gbk, big5, shift_jis)",
            id=f"pengodean teks {encoding!r} tidak dikenal (mis. utf-8, cp1252, gbk, big5, shift_jis)"),
            file=name, value=encoding)]) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem("bad_encoding", Text(
            en=f"the file is not valid {encoding} text (byte {exc.start + 1})",
            id=f"berkas bukan teks {encoding} yang sah (bita ke-{exc.start + 1})"),
            file=name, row=line, value=encoding)]) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def double_byte_share(data: bytes) -> float:
    """Share of the bytes ≥ 0x80 that stand in runs of four or more such bytes (0 below 4 of them).

    Text in a Western single-byte encoding (cp1252) has high bytes alone or in pairs ("é" between
    ASCII letters, "ção" in Portuguese); GBK, Big5, Shift-JIS and EUC-KR write each character as two
    high bytes, and a word as a run of several characters.

    >>> double_byte_share("母乳喂养 study".encode("gbk")), double_byte_share("informação é ótima".encode("cp1252"))
    (1.0, 0.0)
    """
    high = in_runs = run = 0
    for b in data:
        if b >= 0x80:
            high += 1
            run += 1
            continue
        if run >= 4:
            in_runs += run
        run = 0
    if run >= 4:
        in_runs += run
    return in_runs / high if high >= 4 else 0.0


def _refuse_double_byte(data: bytes, name: str) -> None:
    """Refuse a non-UTF-8 file in a Chinese/Japanese/Korean encoding rather than misread it as cp1252.

    No heuristic can tell GBK from EUC-KR (or Big5) for certain, so the user names the encoding.
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or detect_encoding(data[:4096]).startswith(
            "utf-16"):
        return
    try:
        data.decode("utf-8")
        return
    except UnicodeDecodeError:
        pass
    sample = data[: 1 << 20]
    if double_byte_share(sample) < 0.6:
        return
    # UTF-8 with a few stray bytes also has its high bytes in pairs; most of them then decode.
    high = sum(1 for b in sample if b >= 0x80)
    in_utf8 = sum(len(ch.encode("utf-8")) for ch in sample.decode("utf-8", errors="ignore") if ord(ch) > 127)
    if in_utf8 >= 0.9 * high:
        return
    raise InputError([Problem("encoding_double_byte", Text(
        en="the file is not UTF-8 and looks like a Chinese, Japanese or Korean encoding (GBK, Big5, Shift-JIS, "
           "EUC-KR); reading it as Windows-1252 would garble every such character. Save it as UTF-8, or name "
           "the encoding: --encoding gbk (or big5, shift_jis, euc-kr)",
        id="berkas bukan UTF-8 dan tampaknya berpengodean Tionghoa, Jepang atau Korea (GBK, Big5, Shift-JIS, "
           "EUC-KR); membacanya sebagai Windows-1252 akan merusak setiap karakter itu. Simpan sebagai UTF-8, "
           "atau sebutkan pengodeannya: --encoding gbk (atau big5, shift_jis, euc-kr)"),
        file=name)])


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


_PUBMED_LINK = re.compile(r"(?:pubmed(?:\.ncbi\.nlm\.nih\.gov)?/|list_uids=)(\d{4,9})")


def pmid_in_links(urls: Iterable[Any]) -> str:
    """The PubMed id in a record's links (``pubmed.ncbi.nlm.nih.gov/123``, ``…list_uids=123``), or ``""``."""
    for url in urls:
        match = _PUBMED_LINK.search(str(url))
        if match:
            return match.group(1)
    return ""


def database_in(hint: str, names: Iterable[tuple[str, str]]) -> str:
    """The database a free-text hint names, by whole words (``(word, name)`` pairs in order), or ``""``."""
    text = hint.lower()
    return next((name for word, name in names if re.search(rf"\b{word}\b", text)), "")


def accession_or_link_pmid(accession: str, urls: Iterable[Any], database: str) -> str:
    """EndNote's accession number is the PMID for PubMed records; otherwise look in the links."""
    if database == "PubMed" and accession.isdigit():
        return accession
    return pmid_in_links(urls)


def doi_or_link(value: str, urls: Iterable[Any]) -> str:
    """A DOI field that holds one, else the first ``doi.org`` link, else ``""``."""
    if "10." in value:
        return value
    return next((str(url) for url in urls if "doi.org/10." in str(url)), "")


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
            elif text and text not in _NOT_AUTHORS:
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
    return tuple(p.strip() for p in parts if p.strip() and p.strip() not in _NOT_AUTHORS)


# "et al." and Google Scholar's "…" (Publish or Perish keeps it as a last author) name nobody.
_NOT_AUTHORS = frozenset({"et al.", "et al", "...", "…"})


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
    if pages_text and (not _DIGIT.search(pages_text) or _ZERO_PAGES.fullmatch(pages_text)):
        # Ovid writes "No-Specified"; Publish or Perish "0" for unknown; roman-numeral pages are rare
        # enough to lose.
        pages_text = ""
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
        volume=_unless_zero(volume),
        issue=_unless_zero(issue),
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
_ZERO_PAGES = re.compile(r"0+(?:\s*[-–]\s*0+)?")


def _unless_zero(value: Any) -> str:
    """Volume or issue as text; ``0`` is how Publish or Perish (Google Scholar) writes "unknown"."""
    if not value and value != 0:
        return ""
    text = clean(value)
    return "" if text.strip("0") == "" else text
_DIGITS = re.compile(r"\d+")
