"""Web of Science "plain text" / "other file format" export (``FN``/``VR``, ``PT … ER``, ``EF``).

Parsed with rispy's ``WokParser`` record by record as the file is decoded (like the RIS reader);
every two-letter field tag is kept in ``raw``.
WoS field tags: https://images.webofknowledge.com/images/help/WOS/hs_wos_fieldtags.html
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from laktasi.review.formats.base import Source, as_list, bad_record, first, make_record, raise_if, register
from laktasi.review.records import Record

_LIST_TAGS = ["AU", "AF", "BA", "BF", "CA", "GP", "CR", "RI", "OI", "C1", "C3", "EM", "FU", "WC", "SC"]
_TAG = re.compile(r"^([A-Z][A-Z0-9]) ")


class _TagsAsNames(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return key


@register("wos", "Web of Science plain text (FN/VR, PT…ER, EF)", (".txt", ".ciw"))
def read_wos(source: Source) -> list[Record]:
    """Read the export as it is decoded, one record at a time (a ``PT … ER`` block handed to rispy's
    parser), so a large export is never held whole in memory beside its records."""
    parser = rispy.WokParser(mapping=_TagsAsNames(), list_tags=_LIST_TAGS, delimiter_tags_mapping={},
                             enforce_list_tags=False)
    problems: list[Any] = []
    records: list[Record] = []
    block: list[str] | None = None
    open_at: int | None = None
    found = False
    for i, line in enumerate(source.lines(), start=1):
        if i == 1:
            line = line.lstrip("\ufeff")
        if line.startswith("PT "):
            if open_at is not None:
                problems.append(bad_record(
                    source, open_at, f"record starting at line {open_at} has no 'ER' line before the next 'PT'",
                    f"rekaman yang mulai di baris {open_at} tidak punya baris 'ER' sebelum 'PT' berikutnya",
                    code="wos_missing_er"))
            found = True
            open_at = i
            block = [line]
        elif line.rstrip() == "ER":
            if block is not None and not problems:
                block.append(line)
                records.extend(_record(source, len(records) + 1, raw) for raw in parser.parse_lines(iter(block)))
            block = open_at = None
        else:
            if line and not line.startswith("   ") and not _TAG.match(line) and line.rstrip() not in ("EF", "ER"):
                problems.append(bad_record(
                    source, i, "line is neither a two-letter field tag nor an indented continuation",
                    "baris bukan tag dua huruf maupun lanjutan yang menjorok", value=line[:60], code="wos_bad_line"))
            if block is not None and not problems:
                block.append(line)
    if open_at is not None:
        problems.append(bad_record(
            source, open_at, f"the last record (line {open_at}) has no 'ER' line: the file looks truncated",
            f"rekaman terakhir (baris {open_at}) tidak punya baris 'ER': berkas tampak terpotong",
            code="wos_missing_er"))
    if not found:
        problems.append(bad_record(source, None, "no Web of Science record found (no line starts with 'PT ')",
                                   "tidak ada rekaman Web of Science (tidak ada baris 'PT ')", code="wos_empty"))
    raise_if(problems[:50])
    return records


def _record(source: Source, position: int, raw: dict[str, Any]) -> Record:
    authors = raw.get("AF") or raw.get("AU") or ()
    return make_record(
        source, "wos", position, raw,
        title=first(raw, "TI"),
        abstract=first(raw, "AB"),
        authors=authors,
        year=first(raw, "PY", "EA", "PD"),
        journal=first(raw, "SO", "JI", "J9", "SE"),
        volume=first(raw, "VL"),
        issue=first(raw, "IS"),
        start_page=first(raw, "BP", "AR"),
        end_page=first(raw, "EP"),
        doi=first(raw, "DI", "D2"),
        pmid=first(raw, "PM"),
        keywords=[k for tag in ("DE", "ID") for k in as_list(raw.get(tag))],
        language=first(raw, "LA"),
        database="Web of Science",
        record_id=first(raw, "UT"),
    )
