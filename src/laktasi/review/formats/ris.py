"""RIS (``TY  - … ER  -``) from PubMed, Scopus, Web of Science, Embase/Ovid, Cochrane, Rayyan, Zotero, EndNote.

The tag grammar is read here, line by line as the file is decoded, rather than with rispy:
rispy returns every record of a file at once (a 100,000-record export then held the text, its
lines, rispy's dicts and our records together — 8.6× the file), and it fails on lines real
exports contain: a blank line right after ``TY  -`` and a continuation line opening a record
(``KeyError``), and APA PsycINFO's four-letter ``PMID- …`` lines (``KeyError: None``, or glued
to the title). The semantics of rispy's parser are kept: repeated tags become lists, an untagged
line continues the tag above it (a new item of a list tag such as ``KW``), lines outside
``TY … ER`` are ignored (Ovid's record numbers). Tags are mapped to fields here because each
database fills different ones (Scopus puts the journal in T2, Ovid in JF, EndNote in JO/J2), and
every tag, known or not, survives in ``raw``. Structure errors (a record without ``ER``, text
that is not RIS) are reported with their line, all of them, and nothing is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from laktasi.review.formats.base import (
    Source,
    as_list,
    bad_record,
    first,
    make_record,
    pmid_in_links,
    raise_if,
    register,
)
from laktasi.review.records import Record

# Tags that may repeat in a record; values are kept as lists in raw.
_LIST_TAGS = frozenset({"A1", "A2", "A3", "A4", "AU", "KW", "N1", "UR", "AD", "SN", "L1", "L2", "L4", "DO", "C1",
                        "ID"})
# "TI  - value": two characters, two spaces, a hyphen, a space (or nothing: "ER  -").
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
# APA PsycINFO (and EndNote exports of PubMed records) add "PMID- 123" / "PMID  - 123" lines.
_LONG_TAG_LINE = re.compile(r"^(PMID|PMCID) {0,2}-(?: |$)")


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def detect_database(raw: dict[str, Any]) -> str:
    """The database that produced an RIS record, from its DB/DP/AN/UR/UT tags."""
    db = first(raw, "DB", "DP").lower()
    an = first(raw, "AN", "U2", "UT").lower()
    urls = " ".join(str(u) for tag in ("UR", "L2") for u in _listed(raw.get(tag))).lower()
    # An explicit database tag first, then accession numbers, then what links suggest.
    for hint, name in (("scopus", "Scopus"), ("embase", "Embase"), ("cochrane", "Cochrane CENTRAL"),
                       ("web of science", "Web of Science"), ("wos", "Web of Science"), ("psycinfo", "PsycINFO"),
                       ("cinahl", "CINAHL"), ("medline", "PubMed"), ("pubmed", "PubMed"),
                       ("google scholar", "Google Scholar")):
        if hint in db:
            return name
    if re.search(r"\beric\b", db):  # a word: "American" holds "eric"
        return "ERIC"
    if db == "nlm":
        return "PubMed"  # EndNote's export of PubMed records: "DP  - NLM", the PMID in AN
    if an.startswith("rayyan-"):
        return "Rayyan"
    if an.startswith("cn-") or first(raw, "ID").lower().startswith("cn-"):
        return "Cochrane CENTRAL"
    if an.startswith("wos:"):
        return "Web of Science"
    if "ovid" in db or "ovid.com" in urls:
        # Ovid hosts several databases; the D= parameter of its links names the one searched.
        match = re.search(r"[?&]d=([a-z]+)", urls)
        segment = match.group(1) if match else ""
        if segment.startswith("psyc"):
            return "PsycINFO"
        if segment.startswith(("emed", "emez", "emb", "oemez")):
            return "Embase"
        if segment.startswith(("med", "prem")):
            return "MEDLINE (Ovid)"
        return "Ovid"
    for hint, name in (("scopus.com", "Scopus"), ("embase.com", "Embase"), ("cochranelibrary.com", "Cochrane CENTRAL"),
                       ("webofscience", "Web of Science"), ("ncbi.nlm.nih.gov/pubmed", "PubMed"),
                       ("pubmed.ncbi", "PubMed"), ("scholar.google", "Google Scholar")):
        if hint in urls:
            return name
    return first(raw, "DB")


def _pmid(raw: dict[str, Any], database: str) -> str:
    # PubMed's RIS and Ovid MEDLINE put the PMID in AN; Embase puts it in C5 or M2 ("MEDLINE PMID").
    value = first(raw, "PMID")  # APA PsycINFO
    if value.isdigit():
        return value
    if database in ("PubMed",):
        value = first(raw, "AN", "PM")
        if value.isdigit():
            return value
    for tag in ("PM", "C5"):
        # Cochrane writes "PUBMED 31234567"
        match = re.fullmatch(r"(?:PUBMED|PMID)?:?\s*(\d{1,9})", first(raw, tag), re.IGNORECASE)
        if match:
            return match.group(1)
    return pmid_in_links(_listed(raw.get("UR")) + _listed(raw.get("L2")))


def _doi(raw: dict[str, Any]) -> str:
    value = first(raw, "DO", "DI")
    if value:
        return value
    for tag in ("L2", "UR", "M3", "N1"):
        for item in as_list(raw.get(tag)):
            if "10." in item and ("doi" in item.lower() or tag in ("L2", "UR", "M3")):
                return item
    return ""


def ris_to_record(source: Source, position: int, raw: dict[str, Any], fmt: str = "ris") -> Record:
    database = detect_database(raw)
    # Lists as read: make_record cleans each item once.
    authors = raw.get("AU") or raw.get("A1") or ()
    journal = first(raw, "T2", "JF", "JO", "JA", "J2", "BT", "T3")
    if raw.get("TY") in ("BOOK",) and not journal:
        journal = first(raw, "PB")
    return make_record(
        source, fmt, position, raw,
        title=first(raw, "TI", "T1", "CT", "ST"),
        abstract=first(raw, "AB", "N2"),
        authors=authors,
        year=first(raw, "PY", "Y1", "DA"),  # not Y2: Zotero writes the access date there
        journal=journal,
        volume=first(raw, "VL"),
        issue=first(raw, "IS", "CP"),
        start_page=first(raw, "SP"),
        end_page=first(raw, "EP"),
        doi=_doi(raw),
        pmid=_pmid(raw, database),
        keywords=raw.get("KW") or (),
        language=first(raw, "LA"),
        database=database,
        # Rayyan numbers records 1, 2, … in ID, which would clash across files; Ovid's
        # accession numbers and laktasi's own "<file>:<n>" ids are kept.
        record_id="" if (rid := first(raw, "ID")).isdigit() else rid,
    )


def _missing_er(source: Source, number: int, start: int, last: bool) -> Any:
    if last:
        return bad_record(
            source, start, f"the last record (line {start}) has no 'ER  -' end line: the file looks truncated",
            f"rekaman terakhir (baris {start}) tidak punya baris akhir 'ER  -': berkas tampak terpotong",
            code="ris_missing_er")
    return bad_record(
        source, start, f"record {number} starting at line {start} has no 'ER  -' end line before the next TY",
        f"rekaman {number} yang mulai di baris {start} tidak punya baris akhir 'ER  -' sebelum TY berikutnya",
        code="ris_missing_er")


def iter_ris(source: Source, problems: list[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(first line, raw tags)`` of each record as it is read; structure problems go to ``problems``.

    A record is handed out when its ``ER`` line is read. After the first problem, records are
    still scanned (to report every problem) but no longer built.
    """
    raw: dict[str, Any] | None = None
    start = number = 0
    last_tag: str | None = None
    shared: dict[str, str] = {}
    for i, line in enumerate(source.lines(), start=1):
        if i == 1:
            line = line.lstrip("\ufeff")
        match = _TAG_LINE.match(line)
        if match is None and line.startswith(("PMID", "PMCID")):
            match = _LONG_TAG_LINE.match(line)
        if match is None:
            # Untagged: a continuation of the tag above, a blank line, or text between records.
            if raw is None:
                continue
            text = line.strip()
            if not text:
                continue
            if last_tag is None:
                problems.append(bad_record(
                    source, i, "text before the first tag of the record (a line should start like 'TI  - ')",
                    "teks sebelum tag pertama rekaman (baris semestinya diawali seperti 'TI  - ')",
                    value=text[:60], code="ris_bad_line"))
                continue
            if not problems:
                _continue(raw, last_tag, text)
            continue
        tag = match.group(1)
        value = line[match.end():].strip()
        if tag == "TY":
            if raw is not None:
                problems.append(_missing_er(source, number, start, last=False))
            number += 1
            start = i
            raw = {"TY": shared.setdefault(value, value)}
            last_tag = None
        elif tag == "ER":
            if raw is None:
                problems.append(bad_record(
                    source, i, "'ER  -' without a record started by 'TY  -'",
                    "'ER  -' tanpa rekaman yang dimulai dengan 'TY  -'", code="ris_stray_er"))
            elif not problems:
                yield start, raw
            raw = None
        elif raw is not None:
            if not problems:
                _add(raw, tag, value, shared)
            last_tag = tag
    if raw is not None:
        problems.append(_missing_er(source, number, start, last=True))
    if not number and not problems:
        problems.append(bad_record(
            source, None, "no RIS record found (no line starts with 'TY  -')",
            "tidak ada rekaman RIS (tidak ada baris yang diawali 'TY  -')", code="ris_empty"))


# Values that recur across records (keywords, journals, years, types): one string object per distinct
# value instead of one per record — MeSH terms alone are about a quarter of a PubMed export.
_SHARED_TAGS = frozenset({"TY", "KW", "LA", "DB", "DP", "PY", "Y1", "DA", "T2", "JO", "JF", "JA", "J2", "T3", "PB",
                          "CY", "SN", "M3", "VL", "IS"})


def _add(raw: dict[str, Any], tag: str, value: str, shared: dict[str, str] | None = None) -> None:
    if shared is not None and tag in _SHARED_TAGS and len(value) < 200:
        value = shared.setdefault(value, value)
    if tag in _LIST_TAGS:
        if value:
            items = raw.get(tag)
            if items is None:
                raw[tag] = [value]
            else:
                items.append(value)
        return
    current = raw.get(tag)
    if current is None:
        raw[tag] = value
    elif isinstance(current, list):
        current.append(value)
    else:
        raw[tag] = [current, value]  # a single-valued tag given twice keeps both


def _continue(raw: dict[str, Any], tag: str, text: str) -> None:
    """An untagged line: a new item of a list tag (Rayyan's keyword lines), else more of the last value."""
    if tag in _LIST_TAGS:
        _add(raw, tag, text)
        return
    current = raw.get(tag)
    if isinstance(current, list):
        current[-1] = f"{current[-1]} {text}" if current[-1] else text
    else:
        raw[tag] = f"{current} {text}" if current else text


@register("ris", "RIS (PubMed, Scopus, Web of Science, Embase/Ovid, Cochrane, Rayyan, Zotero, EndNote, PsycINFO)",
          (".ris", ".txt"))
def read_ris(source: Source) -> list[Record]:
    problems: list[Any] = []
    records = []
    for position, (_, raw) in enumerate(iter_ris(source, problems), start=1):
        records.append(ris_to_record(source, position, raw))
    raise_if(problems)
    return records


def record_start_lines(text: str) -> list[int]:
    """1-based line numbers of each record's TY line (for error messages about a record)."""
    return [i for i, line in enumerate(text.split("\n"), start=1) if line.startswith("TY  -")]
