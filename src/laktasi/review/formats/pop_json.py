"""Publish or Perish JSON (Google Scholar, Crossref, Scopus … searches made in Harzing's Publish or Perish).

A JSON list with one object per result: ``title``, ``authors`` (a list, ending in ``"..."`` when
Google Scholar cut it), ``year``, ``source`` (the journal, often cut with "…"), ``publisher``,
``doi``, ``volume``/``issue``/``startpage``/``endpage`` (``0`` when unknown), ``abstract`` (a
snippet), ``article_url``, ``cites``, ``rank``, ``uid`` (``"GS:<cluster id>"``). Publish or
Perish's CSV export has the same fields and is read by the CSV reader.
"""

from __future__ import annotations

import json
from typing import Any

from laktasi.review.formats.base import Source, bad_record, make_record, raise_if, register
from laktasi.review.records import Record

_ENGINES = (("GS:", "Google Scholar"), ("CR:", "Crossref"), ("SC:", "Scopus"), ("WS:", "Web of Science"),
            ("PM:", "PubMed"), ("OA:", "OpenAlex"), ("SS:", "Semantic Scholar"))


def looks_like_pop_json(head: str) -> bool:
    text = head.lstrip("\ufeff \t\r\n")
    return text.startswith("[") and '"title"' in head[:5000] and any(
        f'"{k}"' in head[:5000] for k in ("cites", "article_url", "cites_url", "gsrank", "rank"))


def _database(item: dict[str, Any]) -> str:
    uid = str(item.get("uid") or "")
    for prefix, name in _ENGINES:
        if uid.startswith(prefix):
            return name
    if "scholar.google" in str(item.get("cites_url") or "") + str(item.get("related_url") or ""):
        return "Google Scholar"
    return ""


@register("pop_json", "Publish or Perish JSON (Google Scholar and other searches)", (".json",))
def read_pop_json(source: Source) -> list[Record]:
    try:
        data = json.loads(source.text)
    except json.JSONDecodeError as exc:
        raise_if([bad_record(source, exc.lineno, f"not valid JSON (line {exc.lineno}, column {exc.colno}: "
                             f"{exc.msg})", f"bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}: {exc.msg})",
                             code="json_syntax")])
        raise
    if isinstance(data, dict):  # some versions wrap the list: {"results": […]}
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        raise_if([bad_record(source, None, "expected a JSON list of results (Publish or Perish's JSON export)",
                             "diharapkan daftar hasil JSON (ekspor JSON Publish or Perish)", code="pop_json_shape")])
        raise AssertionError  # unreachable: raise_if raised
    problems = []
    records = []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not item.get("title"):
            problems.append(bad_record(source, None, f"result {n} is not an object with a title",
                                       f"hasil ke-{n} bukan objek yang berjudul", value=str(item)[:60],
                                       code="pop_json_item"))
            continue
        raw = dict(item)
        records.append(make_record(
            source, "pop_json", n, raw,
            title=item.get("title"),
            abstract=item.get("abstract"),
            authors=item.get("authors") or (),
            year=item.get("year") or None,
            journal=item.get("source"),
            volume=item.get("volume"),
            issue=item.get("issue"),
            start_page=item.get("startpage"),
            end_page=item.get("endpage"),
            doi=item.get("doi"),
            database=_database(item),
            record_id=item.get("uid") or "",
        ))
    raise_if(problems)
    return records
