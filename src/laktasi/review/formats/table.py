"""CSV and XLSX exports (Scopus, Embase, Publish or Perish / Google Scholar, SpringerLink, ASReview, Rayyan, Zotero).

Columns are found by name: headers are compared lower-cased with punctuation removed, and
each field takes the first column in its list of aliases that the file has. Every column
is kept in ``raw`` under its own header. Rows are numbered as a spreadsheet shows them
(the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from laktasi.review.formats.base import Source, bad_record, make_record, raise_if, register
from laktasi.review.records import Record

# field -> header aliases (normalised), most specific first.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "articletitle", "documenttitle", "primarytitle", "itemtitle", "ti", "t1", "originaltitle"),
    "abstract": ("abstract", "abstractnote", "ab", "n2", "originalabstract"),
    "authors": ("authors", "author", "authornames", "authorfullnames", "authorss", "af", "au", "a1", "creator",
                "creators"),
    "year": ("year", "publicationyear", "pubyear", "py", "yr", "dateofpublication", "publicationdate",
             "date", "y1"),
    "journal": ("sourcetitle", "journal", "journaltitle", "publicationtitle", "journalbook", "secondarytitle",
                "t2", "jo", "jf", "so", "fulljournalname", "venue", "publication", "source", "bookseriestitle"),
    "volume": ("volume", "vol", "vl", "vi", "journalvolume"),
    "issue": ("issue", "number", "is", "ip", "no", "journalissue"),
    "pages": ("pages", "page", "pagerange", "pg"),
    "start_page": ("pagestart", "startpage", "firstpage", "sp", "bp"),
    "end_page": ("pageend", "endpage", "lastpage", "ep"),
    "doi": ("doi", "di", "do", "doiurl", "itemdoi"),
    "pmid": ("pmid", "pubmedid", "medlinepmid", "pubmed", "pm"),
    "keywords": ("keywords", "authorkeywords", "kw", "manualtags", "automatictags", "de", "mesh", "meshterms",
                 "indexkeywords"),
    "language": ("language", "languageoforiginaldocument", "la", "lang"),
    "record_id": ("recordid", "eid", "ut", "accessionnumber", "key"),
    "database": ("sourcedatabase", "database", "db", "dp", "searchdatabase"),
}
# Fields whose several columns are all used (Scopus has author *and* index keywords).
_COMBINE = {"keywords"}
# Columns read for a field when a row leaves its own column empty: a conference paper's proceedings
# in a table of BibTeX fields (CoLRev, bib-dedupe: "journal" empty, "booktitle" filled)
_FALLBACK = {"journal": ("booktitle", "proceedingstitle", "conferencename")}
# A "Source" column names the database in Scopus exports but the journal elsewhere.
_DATABASE_NAMES = {"scopus": "Scopus", "pubmed": "PubMed", "medline": "PubMed", "embase": "Embase",
                   "web of science": "Web of Science", "google scholar": "Google Scholar",
                   "cochrane": "Cochrane CENTRAL", "psycinfo": "PsycINFO", "cinahl": "CINAHL"}
# Embase CSV "Source": "Endoscopic Ultrasound (2014) 3:3 (152-160). Date of Publication: 2014".
_EMBASE_SOURCE = re.compile(
    r"^(?P<journal>.*?)\s*\((?P<year>\d{4})\)\s*(?P<volume>[^:\s(]+)?(?::(?P<issue>[^\s(]+))?"
    r"\s*(?:\((?P<pages>[^)]*)\))?")


def norm_header(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def find_columns(headers: Sequence[str]) -> dict[str, list[str]]:
    """For each field, the input columns that hold it (first alias found wins, except keywords; a row
    without a journal takes its proceedings title, see ``_FALLBACK``)."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(norm_header(header), header)
    found: dict[str, list[str]] = {}
    for fld, aliases in ALIASES.items():
        cols = [by_norm[a] for a in aliases if a in by_norm]
        if cols:
            found[fld] = cols if fld in _COMBINE else cols[:1]
        fallback = [by_norm[a] for a in _FALLBACK.get(fld, ()) if a in by_norm]
        if fallback:
            found[fld] = found.get(fld, [])[:1] + fallback[:1]
    return found


def _guess_database(headers: Sequence[str]) -> str:
    norm = {norm_header(h) for h in headers}
    if "eid" in norm or "linktoscopus" in norm:
        return "Scopus"
    if any(h.startswith("emtree") for h in norm) or "embaseaccessionid" in norm:
        return "Embase"
    if {"gsrank", "citesurl"} & norm:
        return "Google Scholar"
    if _is_springer(norm):
        return "SpringerLink"
    if "ut" in norm and "so" in norm:
        return "Web of Science"
    if {"pmcid", "nihmsid", "createdate"} & norm and "pmid" in norm:
        return "PubMed"
    return ""


def _is_springer(norm_headers: set[str]) -> bool:
    """SpringerLink's search-results CSV: Item Title, Publication Title, Item DOI, Authors, Content Type."""
    return {"itemtitle", "itemdoi", "contenttype"} <= norm_headers


# A name ends and the next begins where a lower-case letter (or ")" / ".") meets a capital.
_GLUED = re.compile(r"(?<=[a-z\u00df-\u00ff).])(?=[A-Z\u00c0-\u00de])")
# ...except inside one name: McDonald, MacArthur, DeVries, DiMaggio, LeBlanc, LaFontaine, DuBois.
_NAME_PREFIX = re.compile(r"(?:^|[\s\-'])(?:Mc|Mac|De|Di|Le|La|Du|Van|Von|Da)$")


def split_springer_authors(text: str) -> tuple[str, ...]:
    """SpringerLink's CSV writes all authors with nothing between them; cut where a name ends.

    >>> split_springer_authors("Datong WeiCan LiuXiaolong (Luke) ZhangXiaoru Yuan")
    ('Datong Wei', 'Can Liu', 'Xiaolong (Luke) Zhang', 'Xiaoru Yuan')
    >>> split_springer_authors("Jan van DiekenJürgen DöllnerRonan McDonald")
    ('Jan van Dieken', 'Jürgen Döllner', 'Ronan McDonald')
    """
    names: list[str] = []
    start = 0
    for match in _GLUED.finditer(text):
        if _NAME_PREFIX.search(text[start:match.start()]):
            continue
        names.append(text[start:match.start()].strip())
        start = match.start()
    names.append(text[start:].strip())
    return tuple(n for n in names if n)


def detect_delimiter(text: str) -> str:
    """``,`` ``;`` or tab, whichever splits the header line into the most fields."""
    header = text.split("\n", 1)[0]
    best, best_n = ",", 0
    for delim in (",", ";", "\t"):
        n = len(next(csv.reader([header], delimiter=delim)))
        if n > best_n:
            best, best_n = delim, n
    return best


def frame_to_records(source: Source, frame: pd.DataFrame, fmt: str) -> list[Record]:
    headers = [str(c) for c in frame.columns]
    columns = find_columns(headers)
    if "title" not in columns:
        raise_if([bad_record(
            source, 1,
            "no title column found; expected one of: Title, Article Title, Document Title, TI "
            f"(columns present: {', '.join(headers[:15])})",
            "kolom judul tidak ditemukan; diharapkan salah satu dari: Title, Article Title, Document Title, TI "
            f"(kolom yang ada: {', '.join(headers[:15])})",
            column="title", code="table_no_title")])
    default_db = _guess_database(headers)
    source_col = next((h for h in headers if norm_header(h) == "source"), None)
    idx = {h: i for i, h in enumerate(headers)}
    # A CSV that laktasi wrote: its normalised columns are read as fields, and only the other
    # columns (with "raw_" removed again) go back into raw — see laktasi.review.io.records_to_rows.
    own = _OWN_MARKERS <= set(headers)
    raw_names = [_own_raw_name(h) for h in headers] if own else list(headers)
    field_idx = {fld: [idx[c] for c in cols] for fld, cols in columns.items()}
    fi_abstract = field_idx.get("abstract", ())
    fi_authors = field_idx.get("authors", ())
    fi_database = field_idx.get("database", ())
    fi_doi = field_idx.get("doi", ())
    fi_end_page = field_idx.get("end_page", ())
    fi_issue = field_idx.get("issue", ())
    fi_journal = field_idx.get("journal", ())
    fi_language = field_idx.get("language", ())
    fi_pages = field_idx.get("pages", ())
    fi_pmid = field_idx.get("pmid", ())
    fi_record_id = field_idx.get("record_id", ())
    fi_start_page = field_idx.get("start_page", ())
    fi_title = field_idx.get("title", ())
    fi_volume = field_idx.get("volume", ())
    fi_year = field_idx.get("year", ())
    # A "Source" column that is the journal in one export and the database in another.
    source_is_journal = columns.get("journal", [""])[0] == source_col if source_col else False
    openurl_col = next((idx[h] for h in headers if norm_header(h) in ("openurllink", "openurl")), None)
    springer = _is_springer({norm_header(h) for h in headers})

    records: list[Record] = []
    # Plain Python lists: iterating pandas' string arrays row by row is several times slower.
    columns_as_lists = [frame.iloc[:, i].tolist() for i in range(len(headers))]
    for position, values in enumerate(zip(*columns_as_lists, strict=True), start=1):
        if own:
            raw = {name: v for name, v in zip(raw_names, values, strict=True) if name is not None and v != ""}
        else:
            raw = dict(zip(headers, values, strict=True))

        database = _pick(values, fi_database)
        journal = _pick(values, fi_journal)
        year, volume = _pick(values, fi_year), _pick(values, fi_volume)
        issue, pages = _pick(values, fi_issue), _pick(values, fi_pages)
        if source_is_journal and journal:
            low = journal.strip().lower()
            if low in _DATABASE_NAMES:
                database, journal = database or _DATABASE_NAMES[low], ""
            else:
                match = _EMBASE_SOURCE.match(journal)
                if match and "(" in journal:
                    journal = match.group("journal")
                    year = year or match.group("year")
                    volume = volume or (match.group("volume") or "")
                    issue = issue or (match.group("issue") or "")
                    pages = pages or (match.group("pages") or "")
        elif source_col and not database:
            low = str(values[idx[source_col]]).strip().lower()
            database = _DATABASE_NAMES.get(low, "")
        database = _DATABASE_NAMES.get(database.strip().lower(), database.strip()) or default_db
        if not database and _pick(values, fi_record_id).startswith("rayyan-"):
            database = "Rayyan"
        keywords = [k for i in field_idx.get("keywords", ()) if values[i] for k in _split_keywords(str(values[i]))]
        doi = _pick(values, fi_doi)
        if not doi and openurl_col is not None:
            match = _OPENURL_DOI.search(str(values[openurl_col]))
            doi = match.group(1) if match else ""
        row_fmt, row_file, row_position = fmt, None, position
        if own:
            # Records keep where they first came from through any number of CSV round trips.
            row_fmt = str(values[idx["source_format"]]) or fmt
            row_file = str(values[idx["source_file"]]) or None
            pos = str(values[idx["position"]])
            row_position = int(pos) if pos.isdigit() else position
        records.append(make_record(
            source, row_fmt, row_position, raw,
            title=_pick(values, fi_title), abstract=_pick(values, fi_abstract),
            authors=split_springer_authors(_pick(values, fi_authors)) if springer else _pick(values, fi_authors),
            year=year,
            journal=journal, volume=volume, issue=issue, pages=pages,
            start_page=_pick(values, fi_start_page), end_page=_pick(values, fi_end_page),
            doi=doi, pmid=_pick(values, fi_pmid), keywords=keywords, language=_pick(values, fi_language),
            database=database, record_id=_pick(values, fi_record_id), file=row_file,
        ))
    return records


def _pick(values: tuple[Any, ...], indices: Sequence[int]) -> str:
    for i in indices:
        value = values[i]
        if value:
            return str(value)
    return ""


_FORMAT_SUFFIX = re.compile(r"^(.+) \((nbib|ris|wos|bibtex|csv|xlsx|endnote_xml|enw|pop_json)\)$")


def _own_raw_name(header: str) -> str | None:
    """The raw key a column of a laktasi CSV came from (None for the normalised columns).

    ``raw_doi`` is the export's own "doi" beside the normalised one; ``IS (nbib)`` is the
    MEDLINE tag IS (an ISSN) kept apart from the RIS tag IS (an issue) in a mixed file.
    """
    if header in _OWN_MARKERS_ALL:
        return None
    if header.startswith("raw_"):
        return header[4:]
    match = _FORMAT_SUFFIX.match(header)
    return match.group(1) if match else header


_PANDAS_LINE = re.compile(r"line (\d+)")
_OWN_MARKERS = {"record_id", "source_format", "source_file", "source_database", "position"}
# The columns laktasi.review.io.NORMALISED_COLUMNS (kept in step by a test).
_OWN_MARKERS_ALL = {
    "record_id", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "abstract",
    "keywords", "language", "source_database", "source_format", "source_file", "position",
}
# Embase CSV has no DOI column; its OpenURL link carries "id=doi:10.4103%2F…&".
_OPENURL_DOI = re.compile(r"[?&]id=doi:([^&]+)")


def _split_keywords(text: str) -> list[str]:
    """Semicolons separate keywords; Embase uses commas, outside its "(diagnosis, surgery)" groups."""
    if ";" in text or "," not in text:
        return [text]
    return [k.strip() for k in re.split(r",\s*(?![^()]*\))", text) if k.strip()]


@register("csv", "CSV (Scopus, Embase, Publish or Perish / Google Scholar, SpringerLink, ASReview, Rayyan)",
          (".csv", ".tsv"))
def read_csv(source: Source) -> list[Record]:
    if not source.prefix(65536).strip() or not source.head.strip():  # nothing, or only a byte-order mark
        raise_if([bad_record(source, None, "the file is empty", "berkas kosong", code="table_empty")])
    delimiter = "\t" if source.path.suffix.lower() == ".tsv" else detect_delimiter(source.head)
    # pandas' C parser decodes bytes itself, twice as fast as reading the decoded str; object
    # columns of plain str are faster to walk than pandas' string dtype. A UTF-8 file on disk is
    # handed to pandas by its path, so its bytes are never held in memory beside the table.
    streamed = source.stream_encoding() if source.from_disk else None
    buffer: io.StringIO | io.BytesIO | str
    if streamed is not None:
        buffer, encoding = str(source.path), streamed
    else:
        encoding = source.detect_encoding()
        buffer = (io.BytesIO(source.data) if encoding in ("utf-8", "utf-8-sig", "cp1252")
                  else io.StringIO(source.text))
    try:
        frame = pd.read_csv(buffer, sep=delimiter, dtype=object, keep_default_na=False, na_filter=False,
                            engine="c", encoding=None if isinstance(buffer, io.StringIO) else encoding)
    except pd.errors.EmptyDataError:
        raise_if([bad_record(source, None, "the file is empty", "berkas kosong", code="table_empty")])
        raise
    except pd.errors.ParserError as exc:
        match = _PANDAS_LINE.search(str(exc))
        raise_if([bad_record(
            source, int(match.group(1)) if match else None,
            f"CSV row has a different number of fields than the header ({exc})",
            f"baris CSV punya jumlah kolom berbeda dari header ({exc})", code="table_bad_row")])
        raise
    return frame_to_records(source, frame, "csv")


@register("xlsx", "Excel workbook (first sheet)", (".xlsx", ".xlsm"), binary=True)
def read_xlsx(source: Source) -> list[Record]:
    try:
        frame = pd.read_excel(io.BytesIO(source.data), sheet_name=0, dtype=object, keep_default_na=False,
                              na_filter=False, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged workbook
        raise_if([bad_record(source, None, f"not a readable Excel workbook ({type(exc).__name__}: {exc})",
                             f"bukan buku kerja Excel yang dapat dibaca ({type(exc).__name__}: {exc})",
                             code="xlsx_unreadable")])
        raise
    return frame_to_records(source, frame, "xlsx")
