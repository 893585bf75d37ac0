"""EndNote XML (``<xml><records><record>…``), as EndNote, Zotero and Mendeley export it.

EndNote wraps every value in ``<style face=… font=… size=…>`` runs (one per change of italics,
so a title may be split over several); Zotero and Mendeley write plain text. Both are read by
joining the text of an element. Parsed incrementally with defusedxml's ``iterparse``: a record is
mapped and dropped as soon as its ``</record>`` is read, and a file that declares entities (the
"billion laughs" bomb) or external references is refused before anything is expanded.

Element names follow EndNote's RSXML DTD: ``titles/title``, ``titles/secondary-title`` (journal),
``periodical/full-title``, ``contributors/authors/author``, ``dates/year``, ``volume``,
``number`` (issue), ``pages``, ``electronic-resource-num`` (DOI), ``accession-num``,
``remote-database-name``/``-provider``, ``keywords/keyword``, ``abstract``, ``language``.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

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

# Elements whose several occurrences are all kept (as a list in raw).
_REPEATED = {"author", "secondary-author", "tertiary-author", "subsidiary-author", "translated-author",
             "keyword", "url", "pdf-urls", "date"}
# Containers whose children are the values (their own text is only whitespace).
_CONTAINERS = {"contributors", "authors", "secondary-authors", "tertiary-authors", "subsidiary-authors",
               "translated-authors", "titles", "periodical", "alt-periodical", "keywords", "dates", "pub-dates",
               "urls", "related-urls", "web-urls", "text-urls", "pdf-urls", "image-urls", "foreign-keys"}
_DATABASES = (("pubmed", "PubMed"), ("medline", "PubMed"), ("nlm", "PubMed"), ("embase", "Embase"),
              ("scopus", "Scopus"), ("web of science", "Web of Science"), ("wos", "Web of Science"),
              ("psycinfo", "PsycINFO"), ("cinahl", "CINAHL"), ("cochrane", "Cochrane CENTRAL"),
              ("google scholar", "Google Scholar"))


def _text(elem: Element) -> str:
    # EndNote writes line breaks inside a value as "&#xD;" (a carriage return); make_record folds them.
    text = "".join(elem.itertext())
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _flatten(record: Element) -> dict[str, Any]:
    """Every leaf element's text under its own name (``secondary-title``, ``author`` as a list…)."""
    raw: dict[str, Any] = {}

    def visit(elem: Element) -> None:
        for child in elem:
            tag = child.tag
            if tag in _CONTAINERS:
                visit(child)
                continue
            value = _text(child).strip()
            if tag == "source-app":
                value = child.get("name") or value
            elif tag == "ref-type":
                value = child.get("name") or value
            if not value:
                continue
            if tag in _REPEATED:
                raw.setdefault(tag, []).append(value)
            elif tag in raw:
                # the same element in two places (periodical/full-title and alt-periodical/full-title)
                existing = raw[tag]
                raw[tag] = [*existing, value] if isinstance(existing, list) else [existing, value]
            else:
                raw[tag] = value

    visit(record)
    return raw


def _database(raw: dict[str, Any]) -> str:
    hint = f"{first(raw, 'remote-database-name')} {first(raw, 'remote-database-provider')}"
    return database_in(hint, _DATABASES) or first(raw, "remote-database-name")


def to_record(source: Source, position: int, raw: dict[str, Any]) -> Record:
    database = _database(raw)
    return make_record(
        source, "endnote_xml", position, raw,
        title=first(raw, "title"),
        abstract=first(raw, "abstract"),
        authors=raw.get("author", ()),
        year=first(raw, "year", "date"),
        journal=first(raw, "secondary-title", "full-title", "abbr-1", "alt-title"),
        volume=first(raw, "volume"),
        issue=first(raw, "number", "issue"),
        pages=first(raw, "pages"),
        doi=doi_or_link(first(raw, "electronic-resource-num"), raw.get("url", [])),
        pmid=accession_or_link_pmid(first(raw, "accession-num"), raw.get("url", []), database),
        keywords=raw.get("keyword", ()),
        language=first(raw, "language"),
        database=database,
    )


@register("endnote_xml", "EndNote XML (EndNote, Zotero, Mendeley)", (".xml",), binary=True)
def read_endnote_xml(source: Source) -> list[Record]:
    records: list[Record] = []
    root_seen = ""
    try:
        with source.open_binary() as stream:
            for event, elem in SafeET.iterparse(stream, events=("start", "end")):
                if event == "start":
                    if not root_seen:
                        root_seen = elem.tag
                    continue
                if elem.tag == "record":
                    records.append(to_record(source, len(records) + 1, _flatten(elem)))
                    elem.clear()  # the record is mapped; its elements are not needed again
    except DefusedXmlException as exc:
        raise_if([bad_record(
            source, None,
            f"the XML declares entities or external references ({type(exc).__name__}); EndNote, Zotero and "
            "Mendeley never write them, and expanding them could exhaust memory",
            f"XML mendeklarasikan entitas atau rujukan eksternal ({type(exc).__name__}); EndNote, Zotero dan "
            "Mendeley tidak pernah menulisnya, dan mengembangkannya dapat menghabiskan memori",
            code="xml_entities")])
    except LookupError as exc:  # expat looks up the codec the XML declaration names: "UTF-0" is none
        raise_if([bad_record(
            source, 1, f"the XML declaration names an unknown character encoding ({exc}); EndNote, Zotero and "
            "Mendeley write UTF-8",
            f"deklarasi XML menyebut pengodean karakter yang tidak dikenal ({exc}); EndNote, Zotero dan Mendeley "
            "menulis UTF-8",
            code="xml_encoding")])
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]  # expat's "mismatched tag: line 3, column 5"
        raise_if([bad_record(
            source, line, f"not well-formed XML at line {line}, column {column + 1} ({reason})",
            f"XML tidak tersusun baik di baris {line}, kolom {column + 1} ({reason})",
            code="xml_syntax")])
    if not records:
        raise_if([bad_record(
            source, None, f"no EndNote <record> element found (the root element is <{root_seen or '?'}>)",
            f"tidak ada elemen <record> EndNote (elemen akarnya <{root_seen or '?'}>)",
            code="endnote_xml_empty")])
    return records
