"""PubMed MEDLINE / ``.nbib`` ("PMID- …" tagged text), read with Biopython's ``Bio.Medline``.

Field tags: https://www.nlm.nih.gov/bsd/mms/medlineelements.html. ERIC (eric.ed.gov) exports the
same layout with ``OWN - ERIC``, an ``OID - EJ…``/``ED…`` accession number and no PMID; those
records are labelled ERIC, not PubMed.
"""

from __future__ import annotations

import re
from typing import Any

from Bio import Medline

from laktasi.review.formats.base import Source, as_list, bad_record, first, make_record, raise_if, register
from laktasi.review.records import Record

# "PMID- 123", "TI  - …", "AU  - …": a tag of up to four characters, padded, then "- ".
_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]{0,3} {0,3}-( |$)")


def _doi(raw: dict[str, Any]) -> str:
    # LID and AID carry "<id> [doi]" next to "[pii]" ids; only the [doi] one is a DOI.
    for tag in ("LID", "AID"):
        for value in as_list(raw.get(tag)):
            if value.endswith("[doi]"):
                return value
    return ""


def _is_eric(raw: dict[str, Any]) -> bool:
    """An ERIC record: owner ERIC, or an ERIC accession number (EJ journal / ED document) and no PMID."""
    if first(raw, "OWN").upper() == "ERIC":
        return True
    return not raw.get("PMID") and bool(re.fullmatch(r"E[JD]\d{5,7}", first(raw, "OID")))


@register("nbib", "PubMed MEDLINE / .nbib (also ERIC)", (".nbib", ".medline", ".txt"))
def read_medline(source: Source) -> list[Record]:
    # Two passes over the lines as they are decoded (the structure check, then Bio.Medline), so a
    # large export is never held as one string.
    problems = []
    starts: list[int] = []
    in_record = False
    for i, line in enumerate(source.lines(), start=1):
        if i == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            in_record = False
            continue
        if line.startswith("      "):
            if not in_record:
                problems.append(bad_record(source, i, "continuation line outside a record",
                                           "baris lanjutan di luar rekaman", value=line.strip()[:60],
                                           code="medline_bad_line"))
            continue
        if not _TAG_LINE.match(line):
            problems.append(bad_record(
                source, i, "line is not a MEDLINE field ('TAG - value') nor a six-space continuation",
                "baris bukan medan MEDLINE ('TAG - nilai') maupun lanjutan berindentasi enam spasi",
                value=line[:60], code="medline_bad_line"))
            continue
        if not in_record:
            starts.append(i)
            in_record = True
    if not starts and not problems:
        problems.append(bad_record(source, None, "no MEDLINE record found (no line like 'PMID- 12345')",
                                   "tidak ada rekaman MEDLINE (tidak ada baris seperti 'PMID- 12345')",
                                   code="medline_empty"))
    raise_if(problems[:50])
    records = []
    # Bio.Medline takes a blank line as the end of a record; lines of spaces are blank too.
    parsed = Medline.parse((line.lstrip("\ufeff") if line.strip() else "") + "\n"
                           for line in source.lines())  # type: ignore[no-untyped-call]
    for position, rec in enumerate(parsed, start=1):
        raw: dict[str, Any] = dict(rec)
        if not raw.get("PMID") and not raw.get("TI"):
            problems.append(bad_record(source, starts[position - 1] if position <= len(starts) else None,
                                       f"record {position} has neither PMID nor TI",
                                       f"rekaman {position} tidak punya PMID maupun TI", code="medline_empty_record"))
            continue
        eric = _is_eric(raw)
        records.append(make_record(
            source, "nbib", position, raw,
            title=first(raw, "TI", "BTI"),
            abstract=first(raw, "AB"),
            authors=raw.get("FAU") or raw.get("AU") or (),
            year=first(raw, "DP", "DEP", "EDAT"),
            journal=first(raw, "JT", "TA"),
            volume=first(raw, "VI"),
            issue=first(raw, "IP"),
            pages=first(raw, "PG"),
            doi=_doi(raw),
            pmid="" if eric else first(raw, "PMID"),
            keywords=(raw.get("OT") or []) + (raw.get("MH") or []),
            language=first(raw, "LA"),
            database="ERIC" if eric else "PubMed",
            record_id=first(raw, "OID") if eric else "",
        ))
    raise_if(problems)
    return records
