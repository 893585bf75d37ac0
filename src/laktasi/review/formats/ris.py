"""RIS (``TY  - … ER  -``) from PubMed, Scopus, Web of Science, Embase/Ovid, Cochrane, Rayyan, Zotero, EndNote.

rispy does the tag parsing; we map tags to fields ourselves, because each database
fills different tags (Scopus puts the journal in T2, Ovid in JF, EndNote in JO/J2) and
because every tag, known or not, must survive in ``raw``. rispy skips anything it cannot
read silently, so a line scan first checks the record structure and reports where a
record is broken (a record without ``ER``, text that is not RIS at all).
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from laktasi.review.formats.base import (
    Source,
    as_list,
    bad_record,
    first,
    make_record,
    raise_if,
    register,
)
from laktasi.review.records import Record

# Tags that may repeat in a record; values are kept as lists in raw.
_LIST_TAGS = ["A1", "A2", "A3", "A4", "AU", "KW", "N1", "UR", "AD", "SN", "L1", "L2", "L4", "DO", "C1", "ID"]
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
# Ovid numbers its records: a line "1." (or "<1>") before each TY.
_OVID_NUMBER = re.compile(r"^\s*(?:\d+\.|<\d+>)\s*$")


class _TagsAsNames(dict[str, str]):
    """A rispy mapping that keeps every RIS tag under its own name (nothing lands in 'unknown')."""

    def __missing__(self, key: str) -> str:
        return key


class _Parser(rispy.RisParser):  # type: ignore[misc]
    """rispy's parser, keeping repeated tags as lists and continuing the last item of such a list."""

    def _add_single_value(self, record: dict[str, Any], name: str, value: Any, is_multi: bool = False) -> None:
        if is_multi and isinstance(record.get(name), list):
            record[name][-1] = f"{record[name][-1]} {value}"
            return
        super()._add_single_value(record, name, value, is_multi)


def _structure_problems(source: Source, lines: list[str]) -> tuple[list[int], list[Any]]:
    """Line numbers where records start, and problems with the TY/ER structure."""
    starts: list[int] = []
    problems = []
    open_at: int | None = None
    for i, line in enumerate(lines, start=1):
        tag = line[:2] if _TAG_LINE.match(line) else None
        if tag == "TY":
            if open_at is not None:
                problems.append(bad_record(
                    source, open_at,
                    f"record {len(starts)} starting at line {open_at} has no 'ER  -' end line before the next TY",
                    f"rekaman {len(starts)} yang mulai di baris {open_at} tidak punya baris akhir 'ER  -' "
                    "sebelum TY berikutnya",
                    code="ris_missing_er"))
            starts.append(i)
            open_at = i
        elif tag == "ER":
            if open_at is None:
                problems.append(bad_record(
                    source, i, "'ER  -' without a record started by 'TY  -'",
                    "'ER  -' tanpa rekaman yang dimulai dengan 'TY  -'", code="ris_stray_er"))
            open_at = None
    if open_at is not None:
        problems.append(bad_record(
            source, open_at,
            f"the last record (line {open_at}) has no 'ER  -' end line: the file looks truncated",
            f"rekaman terakhir (baris {open_at}) tidak punya baris akhir 'ER  -': berkas tampak terpotong",
            code="ris_missing_er"))
    if not starts:
        problems.append(bad_record(
            source, None, "no RIS record found (no line starts with 'TY  -')",
            "tidak ada rekaman RIS (tidak ada baris yang diawali 'TY  -')", code="ris_empty"))
    return starts, problems


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
    if database in ("PubMed",):
        value = first(raw, "AN", "PM")
        if value.isdigit():
            return value
    for tag in ("PM", "C5"):
        # Cochrane writes "PUBMED 31234567"
        match = re.fullmatch(r"(?:PUBMED|PMID)?:?\s*(\d{1,9})", first(raw, tag), re.IGNORECASE)
        if match:
            return match.group(1)
    for url in _listed(raw.get("UR")) + _listed(raw.get("L2")):
        match = re.search(r"(?:pubmed(?:\.ncbi\.nlm\.nih\.gov)?/|list_uids=)(\d{4,9})", url)
        if match:
            return match.group(1)
    return ""


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
    # Lists straight from rispy: make_record cleans each item once.
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


def _parse(text: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = rispy.loads(
        text,
        implementation=_Parser,
        mapping=_TagsAsNames(),
        list_tags=_LIST_TAGS,
        delimiter_tags_mapping={},
        skip_unknown_tags=False,
        enforce_list_tags=False,
    )
    return entries


@register("ris", "RIS (PubMed, Scopus, Web of Science, Embase/Ovid, Cochrane, Rayyan, Zotero, EndNote)",
          (".ris", ".txt"))
def read_ris(source: Source) -> list[Record]:
    text = source.text.lstrip("\ufeff")
    lines = text.split("\n")
    # Tolerate the two-space or trailing-space variants some tools write ("TY  - " vs "TY  -").
    starts, problems = _structure_problems(source, lines)
    raise_if(problems)
    # Ovid's "1." lines between records are not RIS; drop them before rispy sees them.
    if any(_OVID_NUMBER.match(line) for line in lines[: starts[0]]):
        text = "\n".join(line for line in lines if not _OVID_NUMBER.match(line))
    entries = _parse(text)
    if len(entries) != len(starts):
        raise_if([bad_record(
            source, None,
            f"{len(starts)} records start with 'TY  -' but {len(entries)} could be read",
            f"{len(starts)} rekaman diawali 'TY  -' tetapi hanya {len(entries)} yang terbaca",
            code="ris_unreadable")])
    records = []
    for position, raw in enumerate(entries, start=1):
        # rispy joins continuation lines of single tags with a space and appends them to list tags;
        # a stray empty continuation leaves "" items that we drop.
        for key, value in raw.items():
            if isinstance(value, list) and "" in value:
                raw[key] = [v for v in value if v]
        records.append(ris_to_record(source, position, raw))
    return records


def record_start_lines(text: str) -> list[int]:
    """1-based line numbers of each record's TY line (for error messages about a record)."""
    return [i for i, line in enumerate(text.split("\n"), start=1) if line.startswith("TY  -")]
