"""Web of Science "plain text" / "other file format" export (``FN``/``VR``, ``PT … ER``, ``EF``).

Parsed with rispy's ``WokParser``; every two-letter field tag is kept in ``raw``.
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
    lines = source.text.split("\n")
    starts: list[int] = []
    problems = []
    open_at: int | None = None
    for i, line in enumerate(lines, start=1):
        if line.startswith("PT "):
            if open_at is not None:
                problems.append(bad_record(
                    source, open_at, f"record starting at line {open_at} has no 'ER' line before the next 'PT'",
                    f"rekaman yang mulai di baris {open_at} tidak punya baris 'ER' sebelum 'PT' berikutnya",
                    code="wos_missing_er"))
            starts.append(i)
            open_at = i
        elif line.rstrip() == "ER":
            open_at = None
        elif line and not line.startswith("   ") and not _TAG.match(line) and line.rstrip() not in ("EF", "ER"):
            problems.append(bad_record(
                source, i, "line is neither a two-letter field tag nor an indented continuation",
                "baris bukan tag dua huruf maupun lanjutan yang menjorok", value=line[:60], code="wos_bad_line"))
    if open_at is not None:
        problems.append(bad_record(
            source, open_at, f"the last record (line {open_at}) has no 'ER' line: the file looks truncated",
            f"rekaman terakhir (baris {open_at}) tidak punya baris 'ER': berkas tampak terpotong",
            code="wos_missing_er"))
    if not starts:
        problems.append(bad_record(source, None, "no Web of Science record found (no line starts with 'PT ')",
                                   "tidak ada rekaman Web of Science (tidak ada baris 'PT ')", code="wos_empty"))
    raise_if(problems[:50])
    entries: list[dict[str, Any]] = rispy.loads(
        source.text, implementation=rispy.WokParser, mapping=_TagsAsNames(), list_tags=_LIST_TAGS,
        delimiter_tags_mapping={}, enforce_list_tags=False,
    )
    records = []
    for position, raw in enumerate(entries, start=1):
        authors = raw.get("AF") or raw.get("AU") or ()
        records.append(make_record(
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
        ))
    return records
