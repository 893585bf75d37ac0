"""EndNote tagged / Refer (``.enw``): ``%0 Journal Article``, ``%A Author``, ``%T Title`` … one record
per block of lines, blocks separated by a blank line.

This is what Google Scholar's "EndNote" link, PubMed's and many publishers' "Export citation →
EndNote" and EndNote's own "Refer/BibIX" output style write. No maintained Python library reads
it; the grammar is one tag per line (``%`` plus one character, a space, the value), and a line
without a tag continues the field above it — an abstract wrapped over lines, or one more keyword
under ``%K``. Tags (EndNote's "Refer/BibIX" table): %0 type, %A author, %T title, %J journal,
%B secondary title, %D year, %8 date, %V volume, %N issue, %P pages, %R DOI, %M accession number,
%K keywords, %X abstract, %G language, %U URL, %@ ISSN/ISBN, %~ database name, %W database provider.
"""

from __future__ import annotations

import re
from typing import Any

from laktasi.review.formats.base import (
    Source,
    accession_or_link_pmid,
    bad_record,
    database_in,
    doi_or_link,
    first,
    make_record,
    raise_if,
    register,
)
from laktasi.review.records import Record

_TAG = re.compile(r"^%([A-Z0-9@!#$&()*+,\-./:;<=>?\[\]^_{|}~])(?: (.*)|$)")
# Tags that repeat: authors, editors, keywords, URLs, notes, addresses.
_REPEATED = {"%A", "%E", "%Y", "%?", "%K", "%U", "%Z", "%+", "%>"}
_DATABASES = (("pubmed", "PubMed"), ("medline", "PubMed"), ("nlm", "PubMed"), ("embase", "Embase"),
              ("scopus", "Scopus"), ("web of science", "Web of Science"), ("psycinfo", "PsycINFO"),
              ("cinahl", "CINAHL"), ("cochrane", "Cochrane CENTRAL"), ("google scholar", "Google Scholar"))


def looks_like_enw(head_lines: list[str]) -> bool:
    """Most of the first non-blank lines are ``%X value`` tags, and a record type or title is among them."""
    lines = [line for line in head_lines if line.strip()][:40]
    if not lines:
        return False
    tagged = sum(1 for line in lines if _TAG.match(line))
    return tagged >= 0.6 * len(lines) and any(line.startswith(("%0 ", "%T ")) for line in lines)


def _database(raw: dict[str, Any]) -> str:
    named = database_in(f"{first(raw, '%~')} {first(raw, '%W')}", _DATABASES)
    if named:
        return named
    if "scholar.google" in " ".join(raw.get("%U", [])).lower():
        return "Google Scholar"
    return first(raw, "%~")


def to_record(source: Source, position: int, raw: dict[str, Any]) -> Record:
    database = _database(raw)
    return make_record(
        source, "enw", position, raw,
        title=first(raw, "%T"),
        abstract=first(raw, "%X"),
        authors=raw.get("%A", ()),
        year=first(raw, "%D", "%8"),
        journal=first(raw, "%J", "%B"),
        volume=first(raw, "%V"),
        issue=first(raw, "%N"),
        pages=first(raw, "%P"),
        doi=doi_or_link(first(raw, "%R"), raw.get("%U", [])),
        pmid=accession_or_link_pmid(first(raw, "%M"), raw.get("%U", []), database),
        keywords=raw.get("%K", ()),
        language=first(raw, "%G"),
        database=database,
    )


@register("enw", "EndNote tagged / Refer (.enw: %0, %A, %T …)", (".enw", ".txt"))
def read_enw(source: Source) -> list[Record]:
    problems = []
    records: list[Record] = []
    raw: dict[str, Any] | None = None
    last: str | None = None

    def close() -> None:
        if raw:
            records.append(to_record(source, len(records) + 1, raw))

    for i, line in enumerate(source.lines(), start=1):
        if i == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            close()
            raw, last = None, None
            continue
        match = _TAG.match(line)
        if match is None:
            if raw is None or last is None:
                problems.append(bad_record(
                    source, i, "line is neither a '%X value' tag nor the continuation of one",
                    "baris bukan tag '%X nilai' maupun lanjutannya", value=line.strip()[:60], code="enw_bad_line"))
                continue
            text = line.strip()
            if last in _REPEATED:
                raw[last].append(text)  # one more keyword (or author) on its own line
            else:
                raw[last] = f"{raw[last]} {text}"
            continue
        tag, value = "%" + match.group(1), (match.group(2) or "").strip()
        if tag == "%0" and raw:
            close()  # no blank line between records
            raw = None
        if raw is None:
            raw = {}
        if tag in _REPEATED:
            if value:
                raw.setdefault(tag, []).append(value)
            else:
                raw.setdefault(tag, [])
        elif tag in raw:
            raw[tag] = f"{raw[tag]}; {value}" if value else raw[tag]
        else:
            raw[tag] = value
        last = tag
    close()
    if not records and not problems:
        problems.append(bad_record(source, None, "no EndNote tagged record found (no line like '%T Title')",
                                   "tidak ada rekaman EndNote bertag (tidak ada baris seperti '%T Judul')",
                                   code="enw_empty"))
    raise_if(problems[:50])
    return records
