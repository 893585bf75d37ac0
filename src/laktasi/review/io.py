"""Read bibliographic exports into :class:`Record` lists, and write records to CSV or RIS.

>>> from laktasi.review.io import read_records, write_records   # doctest: +SKIP
>>> records = read_records(["pubmed.nbib", "scopus.ris"])          # doctest: +SKIP
>>> write_records(records, "records.csv")                           # doctest: +SKIP

The format of each file is detected from its content (and extension when content is
ambiguous) unless ``fmt`` names one of :data:`laktasi.review.formats.REGISTRY`. Reading is
all or nothing: problems in every file are collected and raised as one ``InputError``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from laktasi.errors import InputError, Problem, Text
from laktasi.files import atomic_write, check_input_path, detect_encoding
from laktasi.review.formats import REGISTRY, Source
from laktasi.review.formats.enw import looks_like_enw
from laktasi.review.formats.pop_json import looks_like_pop_json
from laktasi.review.records import Record

__all__ = [
    "NORMALISED_COLUMNS",
    "detect_format",
    "read_file",
    "read_records",
    "read_uploads",
    "records_to_rows",
    "summarise",
    "write_records",
]

# Columns every CSV written by laktasi starts with; input columns follow.
NORMALISED_COLUMNS = (
    "record_id", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid",
    "abstract", "keywords", "language", "source_database", "source_format", "source_file", "position",
)
_RAW_PREFIX = "raw_"
# Two-letter tags that mean different things in MEDLINE, RIS and Web of Science exports:
# IS ISSN/issue, DP date/database provider, CN corporate author/call number, ED editor/edition,
# SI secondary source/special issue, ID RIS reference id/WoS Keywords Plus, C1 RIS custom field/WoS
# address, PG pagination/page count, SO citation/journal, TA journal abbreviation/translated author.
_TAGS_WITH_SEVERAL_MEANINGS = {"IS", "DP", "CN", "ED", "SI", "ID", "C1", "PG", "SO", "TA"}
_MEDLINE_LINE = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,2}- ")


def detect_format(source: Source) -> str | None:
    """Registry key for a file, from its first lines; ``None`` when nothing fits."""
    start = source.prefix(4096)
    if start[:4] == b"PK\x03\x04":
        return "xlsx"
    if b"\x00" in start and not start.startswith((b"\xff\xfe", b"\xfe\xff")) and not source.forced_encoding:
        # binary: an old .xls, a PDF, an EndNote library — unless UTF-16 without a BOM
        if not detect_encoding(start).startswith("utf-16"):
            return None
    suffix = source.path.suffix.lower()
    head = source.head
    head_lines = [line for line in head[:20000].split("\n")[:60] if line.strip()]
    if not head_lines:
        return None
    first = head_lines[0].lstrip("\ufeff").lstrip()
    if first.startswith("<"):
        # EndNote, Zotero and Mendeley XML: <?xml …?><xml><records><record>
        return "endnote_xml" if "<record" in head or "<xml" in head else None
    if first.startswith("[") or (first.startswith("{") and suffix == ".json"):
        return "pop_json" if looks_like_pop_json(head) else None
    if looks_like_enw(head_lines):
        return "enw"
    if first.startswith("TY  -"):
        return "ris"  # before the MEDLINE test: APA PsycINFO RIS has "PMID- " lines near the top
    if first.startswith("PMID-") or any(line.startswith("PMID- ") for line in head_lines[:5]):
        return "nbib"
    if first.startswith(("FN ", "PT ")) and not first.startswith("PT  -"):
        return "wos"
    if any(line.startswith("TY  -") for line in head_lines):
        return "ris"
    # MEDLINE from other tools may not start with PMID: most lines are "TAG - value" or continuations.
    tagged = sum(1 for line in head_lines if _MEDLINE_LINE.match(line) or line.startswith("      "))
    if tagged >= 0.9 * len(head_lines) and any(line.startswith(("TI  - ", "PMID- ")) for line in head_lines):
        return "nbib"
    if first.lstrip().startswith("@") or (suffix in (".bib", ".bibtex") and "@" in head):
        return "bibtex"
    if suffix in (".csv", ".tsv") or any(d in first for d in (",", ";", "\t")):
        return "csv"
    return None


def _problem(code: str, en: str, id_: str, file: str, value: Any = None) -> Problem:
    return Problem(code=code, text=Text(en=en, id=id_), file=file, value=value)


def read_file(path: Path | str, fmt: str | None = None, *, database: str | None = None) -> list[Record]:
    """Read one export file (see :func:`read_records`)."""
    return read_records([path], fmt, database=database)


def read_records(
    paths: Sequence[Path | str] | Path | str,
    fmt: str | None = None,
    *,
    database: str | None = None,
    encoding: str | None = None,
    warnings: list[Problem] | None = None,
) -> list[Record]:
    """Read every file into one list of records, in file order then record order.

    ``database`` overrides the source database of every record (for exports that do not
    say where they came from, e.g. a Google Scholar BibTeX); ``encoding`` names the text
    encoding of every file when it cannot be detected (``"gbk"``). Raises ``InputError`` listing
    the problems of all files; nothing is returned unless every file reads cleanly. Warnings
    (a guessed encoding, renamed BibTeX keys) are appended to ``warnings`` when it is given.

    Files are read from disk only as their reader needs them: RIS is decoded and parsed line
    by line, so a large export is never in memory as bytes, text and records at once.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    sources = [Source(path=Path(p), name=str(p), encoding=encoding or "") for p in paths]
    return _read_sources(sources, fmt, database, warnings)


def read_uploads(
    files: Sequence[tuple[str, bytes]],
    fmt: str | None = None,
    *,
    database: str | None = None,
    encoding: str | None = None,
    warnings: list[Problem] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Record]:
    """:func:`read_records` for files already in memory, as ``(file name, bytes)`` (web uploads).

    The name gives the extension used in format detection and appears in ``source_file``
    and in error messages. ``progress(files read, files)`` is called after each file (a web
    page's progress bar).
    """
    sources = [Source(path=Path(name), data=data, name=name, encoding=encoding or "") for name, data in files]
    return _read_sources(sources, fmt, database, warnings, progress)


def _read_sources(sources: Sequence[Source], fmt: str | None, database: str | None,
                  warnings: list[Problem] | None,
                  progress: Callable[[int, int], None] | None = None) -> list[Record]:
    if fmt is not None and fmt not in REGISTRY:
        raise InputError([_problem(
            "unknown_format", f"unknown format {fmt!r}; known formats: {', '.join(sorted(REGISTRY))}",
            f"format {fmt!r} tidak dikenal; format yang dikenal: {', '.join(sorted(REGISTRY))}", "", fmt)])
    problems: list[Problem] = []
    per_file: list[tuple[str, list[Record]]] = []
    for done, source in enumerate(sources, start=1):
        name = source.name
        try:
            file_records = _read_source(source, fmt)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        finally:
            if progress is not None:
                progress(done, len(sources))
        if warnings is not None:
            warnings.extend(source.warnings)
        if not file_records:
            problems.append(_problem("no_records", "the file holds no records", "berkas tidak berisi rekaman", name))
            continue
        if database:
            file_records = [r.with_(source_database=database) for r in file_records]
        per_file.append((name, file_records))
    if problems:
        raise InputError(problems)
    return _unique_ids(per_file)


def _read_source(source: Source, fmt: str | None) -> list[Record]:
    name = source.name
    if source._data is None:
        check_input_path(source.path)  # missing, a folder, unreadable or over the size limit
    key = fmt or detect_format(source)
    if key is None and source.prefix(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError([_problem(
            "xls_old", "an old Excel .xls workbook; save it as .xlsx or CSV and import that",
            "buku kerja Excel .xls lama; simpan sebagai .xlsx atau CSV lalu impor berkas itu", name)])
    if key is None:
        raise InputError([_problem(
            "unknown_format",
            "cannot tell the export format; give it with --format "
            f"({', '.join(sorted(REGISTRY))})",
            "format ekspor tidak dapat dikenali; sebutkan dengan --format "
            f"({', '.join(sorted(REGISTRY))})", name)])
    return REGISTRY[key].read(source)


ORIGINAL_ID = "laktasi_original_id"  # raw key keeping a record id that had to be changed


def _file_labels(names: Sequence[str]) -> list[str]:
    """The shortest end of each file's path (without extension) that tells the files apart:
    ``export`` / ``export`` from ``a/export.ris`` and ``b/export.ris`` → ``a/export``, ``b/export``."""
    parts = [Path(n).with_suffix("").parts or (n,) for n in names]
    depth = max((len(p) for p in parts), default=1)
    for k in range(1, depth + 1):
        labels = ["/".join(p[-k:]) for p in parts]
        if len(set(labels)) == len(labels):
            return labels
    # the same path given twice: number the files
    return [f"{p[-1]}#{n}" for n, p in enumerate(parts, start=1)]


def _unique_ids(per_file: Sequence[tuple[str, list[Record]]]) -> list[Record]:
    """All records of one call, each with an id no other record has.

    Ids name records in ``duplicate_of`` and decision files, so a clash would tie a decision to the
    wrong record. An id found in more than one file (two ``export.ris`` from different folders both
    numbering ``export:1``; two ASReview files both numbering from 0) is qualified by its file, the
    shortest end of the path that tells the files apart (``a/export:1``, ``b/export:1``;
    ``asreview_a:0``); an id repeated inside one file gets ``#2``, ``#3`` … on its later
    occurrences. The renaming depends only on the files and their order; the original id is kept in
    ``raw["laktasi_original_id"]``. Records whose ids are unique keep them unchanged.
    """
    files_of: dict[str, set[int]] = {}
    for n, (_, recs) in enumerate(per_file):
        for r in recs:
            files_of.setdefault(r.record_id, set()).add(n)
    clashing = {rid for rid, files in files_of.items() if len(files) > 1}
    labels = _file_labels([name for name, _ in per_file]) if clashing else []
    taken = set(files_of) - clashing
    out: list[Record] = []
    for n, (_, recs) in enumerate(per_file):
        seen: set[str] = set()
        for r in recs:
            rid = r.record_id
            if rid in clashing:
                generated = rid == f"{Path(r.source_file).stem}:{r.position}"
                rid = f"{labels[n]}:{r.position}" if generated else f"{labels[n]}:{rid}"
            if rid in seen or rid in taken and rid != r.record_id:
                k = 2
                while f"{rid}#{k}" in seen or f"{rid}#{k}" in taken:
                    k += 1
                rid = f"{rid}#{k}"
            seen.add(rid)
            taken.add(rid)
            out.append(r if rid == r.record_id else r.with_(record_id=rid, raw={**r.raw, ORIGINAL_ID: r.record_id}))
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)


def records_to_rows(
    records: Sequence[Record], extra: Mapping[str, Sequence[Any]] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Header and rows for a CSV: normalised columns, then every input column, then ``extra``.

    An input column with the name of a normalised column (ASReview's "title", "doi") is not
    written twice: where its value equals the normalised one the normalised column holds it;
    where it differs (a DOI as the export printed it, "https://doi.org/10…") the original
    goes into a ``raw_<name>`` column beside it, which is left out when it would be empty.
    """
    extra = dict(extra or {})
    for name, values in extra.items():
        if len(values) != len(records):
            raise ValueError(f"extra column {name!r} has {len(values)} values for {len(records)} records")
    rows = [
        [r.record_id, r.title, "; ".join(r.authors), "" if r.year is None else str(r.year), r.journal,
         r.volume, r.issue, r.pages, r.doi, r.pmid, r.abstract, "; ".join(r.keywords), r.language,
         r.source_database, r.source_format, r.source_file, str(r.position)]
        for r in records
    ]
    position = {name: i for i, name in enumerate(NORMALISED_COLUMNS)}
    # Which formats use each raw key: RIS "IS" is the issue, MEDLINE "IS" the ISSN, so such a
    # key gets one column per format ("IS (nbib)", "IS (ris)"). Tags that mean the same in
    # every format (TI, AB, AU, LA…) share one column.
    key_formats: dict[str, dict[str, None]] = {}
    for record in records:
        for key in record.raw:
            key_formats.setdefault(key, {}).setdefault(record.source_format, None)
    header = list(NORMALISED_COLUMNS)
    for key, formats in key_formats.items():
        if key in position:
            col = position[key]
            cells = []
            for r, row in zip(records, rows, strict=True):
                cell = _cell(r.raw[key]) if key in r.raw else ""
                cells.append("" if cell == row[col] else cell)
            if not any(cells):
                continue
            header.append(_RAW_PREFIX + key)
            for row, cell in zip(rows, cells, strict=True):
                row.append(cell)
            continue
        name = _RAW_PREFIX + key if key.startswith(_RAW_PREFIX) else key
        if len(formats) == 1 or key not in _TAGS_WITH_SEVERAL_MEANINGS:
            header.append(name)
            for r, row in zip(records, rows, strict=True):
                row.append(_cell(r.raw.get(key)))
            continue
        for fmt in formats:
            header.append(f"{name} ({fmt})")
            for r, row in zip(records, rows, strict=True):
                row.append(_cell(r.raw.get(key)) if r.source_format == fmt else "")
    for name, values in extra.items():
        header.append(name)
        for row, value in zip(rows, values, strict=True):
            row.append(_cell(value))
    return header, rows


def _ris_lines(record: Record, extra: Iterable[tuple[str, Any]]) -> list[str]:
    extra = list(extra)
    extra_names = {name for name, _ in extra}
    lines = [f"TY  - {_ris_type(record)}"]

    def add(tag: str, value: Any) -> None:
        text = _cell(value).replace("\n", " ").strip()
        if text:
            lines.append(f"{tag}  - {text}")

    add("TI", record.title)
    for author in record.authors:
        add("AU", author)
    add("PY", record.year)
    add("T2", record.journal)
    add("VL", record.volume)
    add("IS", record.issue)
    if record.pages:
        first, _, last = record.pages.partition("-")
        add("SP", first)
        add("EP", last)
    add("DO", record.doi)
    if record.pmid:
        add("UR", f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/")
    add("AB", record.abstract)
    for keyword in record.keywords:
        add("KW", keyword)
    add("LA", record.language)
    add("DB", record.source_database)
    add("ID", record.record_id)
    if record.source_format == "ris":
        # The record came from RIS: its other tags (publisher, ISSN, addresses, notes…) mean the
        # same here and are written back unchanged. MEDLINE or WoS tags would not, so they are not.
        for tag, value in record.raw.items():
            if tag in _RIS_WRITTEN or not re.fullmatch(r"[A-Z][A-Z0-9]", tag):
                continue
            for item in value if isinstance(value, list) else [value]:
                if tag == "UR" and record.pmid and str(item).rstrip("/").endswith(record.pmid):
                    continue
                if tag == "N1" and str(item).split(":", 1)[0] in extra_names:
                    continue  # an earlier run's note, written again below with its new value
                add(tag, item)
    for name, value in extra:
        add("N1", f"{name}: {_cell(value)}")
    lines.append("ER  - ")
    return lines


# Tags written from the normalised fields, and the tags those fields were read from.
_RIS_WRITTEN = {"TY", "TI", "T1", "CT", "AU", "A1", "PY", "Y1", "T2", "JF", "JO", "JA", "VL", "IS", "CP", "SP", "EP",
                "DO", "AB", "N2", "KW", "LA", "DB", "ID", "ER"}


def _ris_type(record: Record) -> str:
    value = record.raw.get("TY")
    if isinstance(value, str) and re.fullmatch(r"[A-Z]{2,6}", value):
        return value
    return "JOUR"


def write_records(
    records: Sequence[Record],
    path: Path | str,
    extra: Mapping[str, Sequence[Any]] | None = None,
) -> Path:
    """Write records to ``.csv`` (UTF-8, every input column kept) or ``.ris``, chosen by suffix.

    ``extra`` adds columns (CSV) or ``N1`` notes (RIS), one value per record, e.g. a
    deduplication group.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        header, rows = records_to_rows(records, extra)
        with atomic_write(out, newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
    elif suffix == ".ris":
        extra_items = list((extra or {}).items())
        with atomic_write(out, newline="\n") as handle:
            for i, record in enumerate(records):
                lines = _ris_lines(record, [(name, values[i]) for name, values in extra_items])
                handle.write("\n".join(lines) + "\n\n")
    else:
        raise InputError([_problem(
            "unknown_output_format", "output must end in .csv or .ris", "keluaran harus berakhiran .csv atau .ris",
            str(path), out.suffix)])
    return out


def summarise(records: Sequence[Record]) -> dict[str, Any]:
    """Counts per file and per source database (for `review import` and the PRISMA identification box)."""
    by_file: Counter[str] = Counter(r.source_file for r in records)
    by_db: Counter[str] = Counter(r.source_database or "(unknown)" for r in records)
    formats = {r.source_file: r.source_format for r in records}
    return {
        "records": len(records),
        "files": [{"file": f, "format": formats[f], "records": n} for f, n in by_file.items()],
        "databases": dict(by_db),
        "with_doi": sum(1 for r in records if r.doi),
        "with_pmid": sum(1 for r in records if r.pmid),
        "with_abstract": sum(1 for r in records if r.abstract),
        "without_title": sum(1 for r in records if not r.title),
        # Ids must be unique for screening decisions to find their record; read_records renames
        # clashing ones (two exports with the same file name, two ASReview files numbering from 0),
        # so records from elsewhere are the only source of repeats.
        "repeated_record_ids": sum(n - 1 for n in Counter(r.record_id for r in records).values() if n > 1),
        "renamed_record_ids": sum(1 for r in records if ORIGINAL_ID in r.raw),
    }
