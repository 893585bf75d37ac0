"""A search strategy: concept blocks of synonyms, limits, and the record of each search run.

Synonyms within a concept are joined with OR, concepts with AND, and an optional exclusion
block with NOT. The same strategy is rendered for each database in its own syntax —
PubMed field tags (``[tiab]``, ``[MeSH]``, ``[dp]``, ``[la]``), Scopus ``TITLE-ABS-KEY``,
and a plain string for Google Scholar — and saved as YAML together with the date, exact
query and hit count of every run, as PRISMA-S asks (Rethlefsen et al. PRISMA-S: an
extension to the PRISMA statement for reporting literature searches in systematic reviews.
Syst Rev 2021;10:39, items 1, 8, 13).

>>> s = Strategy(title="Pijat oksitosin",
...              concepts=(Concept("oxytocin massage", ("oxytocin massage", "pijat oksitosin")),
...                        Concept("milk", ("breast milk", "lactation"), mesh=("Lactation",))),
...              date_from="2017-01-01", date_to="2025-12-31", languages=("English",))
>>> print(s.pubmed())
("oxytocin massage"[tiab] OR "pijat oksitosin"[tiab]) AND ("breast milk"[tiab] OR lactation[tiab] OR "Lactation"[MeSH]) AND ("2017/01/01"[dp] : "2025/12/31"[dp]) AND (english[la])
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

from laktasi.errors import InputError, Problem, Text
from laktasi.files import load_yaml, read_text, write_text

__all__ = ["DATABASES", "Concept", "SearchRun", "Strategy", "load_strategy", "save_strategy"]

# Database keys used in YAML, with the names used in reports and PRISMA diagrams.
DATABASES = {
    "pubmed": "PubMed",
    "google_scholar": "Google Scholar",
    "scopus": "Scopus",
}
_FIELDS = ("tiab", "ti", "all")
_PUBMED_FIELD = {"tiab": "[tiab]", "ti": "[ti]", "all": "[all]"}
_SCOPUS_FIELD = {"tiab": "TITLE-ABS-KEY", "ti": "TITLE", "all": "ALL"}
_TOP_KEYS = ("title", "question", "concepts", "exclude", "date_from", "date_to", "languages", "databases",
             "queries", "runs", "notes")


@dataclass(frozen=True)
class Concept:
    """One idea of the question, with its synonyms (free-text terms) and MeSH headings."""

    name: str
    terms: tuple[str, ...] = ()
    mesh: tuple[str, ...] = ()
    field: str = "tiab"  # where free-text terms are searched: title/abstract, title, all fields


@dataclass(frozen=True)
class SearchRun:
    """One search as run (PRISMA-S items 8 and 13): where, when, exactly what, and how many."""

    database: str
    date: str  # ISO date the search was run
    query: str
    hits: int | None = None  # records the database reported
    retrieved: int | None = None  # records exported/downloaded
    file: str = ""
    platform: str = ""  # interface, e.g. "NCBI E-utilities", "Publish or Perish 8"
    note: str = ""


def _quote(term: str) -> str:
    """A term as a search engine expects it: phrases and terms with punctuation in quotes."""
    term = term.strip()
    if term.startswith('"') and term.endswith('"'):
        return term
    if re.fullmatch(r"[\w*-]+", term) and "-" not in term:
        return term
    return f'"{term}"'


def _pubmed_date(value: str, end: bool) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        parts += ["12", "31"] if end else ["01", "01"]
    elif len(parts) == 2:
        parts.append(f"{calendar.monthrange(int(parts[0]), int(parts[1]))[1]:02d}" if end else "01")
    return "/".join(parts)


@dataclass(frozen=True)
class Strategy:
    """A search strategy and its run history; see the module docstring for an example."""

    title: str = ""
    concepts: tuple[Concept, ...] = ()
    exclude: tuple[str, ...] = ()
    date_from: str = ""  # "2017", "2017-01" or "2017-01-01"
    date_to: str = ""
    languages: tuple[str, ...] = ()
    databases: tuple[str, ...] = ("pubmed",)
    queries: Mapping[str, str] = field(default_factory=dict)  # per-database override, as typed by hand
    runs: tuple[SearchRun, ...] = ()
    question: str = ""
    notes: str = ""

    # -- rendering -------------------------------------------------------------------------
    def pubmed(self) -> str:
        """The PubMed query: ``[tiab]``/``[ti]`` terms, ``[MeSH]`` headings, ``[dp]`` range, ``[la]``."""
        if "pubmed" in self.queries:
            return self.queries["pubmed"]
        blocks = []
        for concept in self.concepts:
            tag = _PUBMED_FIELD[concept.field]
            items = [f"{_quote(t)}{tag}" for t in concept.terms]
            items += [f'"{m}"[MeSH]' for m in concept.mesh]
            blocks.append("(" + " OR ".join(items) + ")")
        query = " AND ".join(blocks)
        if self.date_from or self.date_to:
            start = _pubmed_date(self.date_from or "1800", end=False)
            stop = _pubmed_date(self.date_to or "3000", end=True)
            query += f' AND ("{start}"[dp] : "{stop}"[dp])'
        if self.languages:
            query += " AND (" + " OR ".join(f"{lang.lower()}[la]" for lang in self.languages) + ")"
        if self.exclude:
            query += " NOT (" + " OR ".join(f"{_quote(t)}[tiab]" for t in self.exclude) + ")"
        return query

    def scopus(self) -> str:
        """The Scopus advanced-search string (``TITLE-ABS-KEY``, ``PUBYEAR``, ``LANGUAGE``)."""
        if "scopus" in self.queries:
            return self.queries["scopus"]
        blocks = []
        for concept in self.concepts:
            terms = [_quote(t) for t in concept.terms] + [_quote(m) for m in concept.mesh]
            blocks.append(f"{_SCOPUS_FIELD[concept.field]}(" + " OR ".join(terms) + ")")
        query = " AND ".join(blocks)
        if self.date_from:
            query += f" AND PUBYEAR > {int(self.date_from[:4]) - 1}"
        if self.date_to:
            query += f" AND PUBYEAR < {int(self.date_to[:4]) + 1}"
        if self.languages:
            query += " AND (" + " OR ".join(f"LANGUAGE({lang})" for lang in self.languages) + ")"
        if self.exclude:
            query += " AND NOT TITLE-ABS-KEY(" + " OR ".join(_quote(t) for t in self.exclude) + ")"
        return query

    def google_scholar(self) -> str:
        """A Google Scholar string: quoted phrases, OR within a concept, blocks side by side (AND).

        Google Scholar has no field tags, MeSH or language operator: years go in its "custom
        range" (see :meth:`google_scholar_url`) and languages are a manual setting.
        """
        if "google_scholar" in self.queries:
            return self.queries["google_scholar"]
        blocks = []
        for concept in self.concepts:
            terms = [_quote(t) for t in concept.terms] or [_quote(m) for m in concept.mesh]
            blocks.append("(" + " OR ".join(terms) + ")" if len(terms) > 1 else terms[0])
        query = " ".join(blocks)
        if self.exclude:
            query += " " + " ".join(f"-{_quote(t)}" for t in self.exclude)
        return query

    def google_scholar_url(self) -> str:
        params: dict[str, str] = {"q": self.google_scholar()}
        if self.date_from:
            params["as_ylo"] = self.date_from[:4]
        if self.date_to:
            params["as_yhi"] = self.date_to[:4]
        return "https://scholar.google.com/scholar?" + urlencode(params)

    def query_for(self, database: str) -> str:
        renderers = {"pubmed": self.pubmed, "scopus": self.scopus, "google_scholar": self.google_scholar}
        if database in renderers:
            return renderers[database]()
        return self.queries.get(database, "")

    # -- runs ------------------------------------------------------------------------------
    def with_run(self, run: SearchRun) -> Strategy:
        return replace(self, runs=(*self.runs, run))

    def latest_run(self, database: str) -> SearchRun | None:
        name = DATABASES.get(database, database)
        found = [r for r in self.runs if r.database in (database, name)]
        return found[-1] if found else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title}
        if self.question:
            out["question"] = self.question
        out["concepts"] = []
        for c in self.concepts:
            item: dict[str, Any] = {"name": c.name, "terms": list(c.terms)}
            if c.mesh:
                item["mesh"] = list(c.mesh)
            if c.field != "tiab":
                item["field"] = c.field
            out["concepts"].append(item)
        if self.exclude:
            out["exclude"] = list(self.exclude)
        for key in ("date_from", "date_to"):
            if getattr(self, key):
                value = getattr(self, key)
                out[key] = int(value) if value.isdigit() else value
        if self.languages:
            out["languages"] = list(self.languages)
        out["databases"] = list(self.databases)
        if self.queries:
            out["queries"] = dict(self.queries)
        out["runs"] = [
            {k: v for k, v in (("database", r.database), ("date", r.date), ("platform", r.platform),
                               ("query", r.query), ("hits", r.hits), ("retrieved", r.retrieved),
                               ("file", r.file), ("note", r.note)) if v not in ("", None)}
            for r in self.runs
        ]
        if self.notes:
            out["notes"] = self.notes
        return out


# -- YAML ------------------------------------------------------------------------------------
def _problem(file: str, key: str, value: Any, en: str, id_: str) -> Problem:
    return Problem(code="strategy_invalid", text=Text(en=en, id=id_), file=file, column=key, value=value)


def _strings(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return None


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text
    return None


def strategy_from_dict(data: Any, file: str = "") -> Strategy:
    """Validate a parsed YAML mapping; every problem is reported at once."""
    if not isinstance(data, dict):
        raise InputError([_problem(file, "", None, "a strategy file must be a YAML mapping (key: value)",
                                   "berkas strategi harus berupa pemetaan YAML (kunci: nilai)")])
    problems: list[Problem] = []
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(_problem(file, str(key), None,
                                     f"unknown key; known keys: {', '.join(_TOP_KEYS)}",
                                     f"kunci tidak dikenal; kunci yang dikenal: {', '.join(_TOP_KEYS)}"))
    concepts = []
    raw_concepts = data.get("concepts")
    if not isinstance(raw_concepts, list) or not raw_concepts:
        problems.append(_problem(file, "concepts", raw_concepts,
                                 "'concepts' must list at least one concept block (name, terms)",
                                 "'concepts' harus memuat minimal satu blok konsep (name, terms)"))
        raw_concepts = []
    for i, item in enumerate(raw_concepts, start=1):
        key = f"concepts[{i}]"
        if not isinstance(item, dict):
            problems.append(_problem(file, key, item, "a concept must be a mapping with name and terms",
                                     "konsep harus berupa pemetaan dengan name dan terms"))
            continue
        terms, mesh = _strings(item.get("terms")), _strings(item.get("mesh"))
        fld = str(item.get("field", "tiab"))
        if terms is None or mesh is None:
            problems.append(_problem(file, key, None, "terms and mesh must be lists of words or phrases",
                                     "terms dan mesh harus berupa daftar kata atau frasa"))
            continue
        if not terms and not mesh:
            problems.append(_problem(file, key, item.get("name"), "a concept needs at least one term or MeSH heading",
                                     "konsep memerlukan minimal satu istilah atau judul MeSH"))
        if fld not in _FIELDS:
            problems.append(_problem(file, f"{key}.field", fld, f"field must be one of {', '.join(_FIELDS)}",
                                     f"field harus salah satu dari {', '.join(_FIELDS)}"))
            fld = "tiab"
        concepts.append(Concept(str(item.get("name") or f"concept {i}"), terms, mesh, fld))
    dates = {}
    for key in ("date_from", "date_to"):
        value = _date(data.get(key))
        if value is None:
            problems.append(_problem(file, key, data.get(key), "a date must be a year (2017) or 2017-01-31",
                                     "tanggal harus berupa tahun (2017) atau 2017-01-31"))
            value = ""
        dates[key] = value
    if dates["date_from"] and dates["date_to"] and dates["date_from"][:4] > dates["date_to"][:4]:
        problems.append(_problem(file, "date_to", dates["date_to"], "date_to is before date_from",
                                 "date_to lebih awal daripada date_from"))
    languages, exclude, databases = (_strings(data.get(k)) for k in ("languages", "exclude", "databases"))
    for key, names in (("languages", languages), ("exclude", exclude), ("databases", databases)):
        if names is None:
            problems.append(_problem(file, key, data.get(key), "must be a list of names",
                                     "harus berupa daftar nama"))
    queries = data.get("queries") or {}
    if not isinstance(queries, dict):
        problems.append(_problem(file, "queries", None, "queries must map a database to its query string",
                                 "queries harus memetakan basis data ke string kuerinya"))
        queries = {}
    runs = []
    for i, item in enumerate(data.get("runs") or [], start=1):
        key = f"runs[{i}]"
        if not isinstance(item, dict) or not item.get("database"):
            problems.append(_problem(file, key, None, "a run needs at least database and date",
                                     "sebuah pencarian memerlukan minimal database dan date"))
            continue
        run_date = _date(item.get("date"))
        hits = item.get("hits")
        retrieved = item.get("retrieved")
        if run_date is None or not run_date:
            problems.append(_problem(file, f"{key}.date", item.get("date"), "date must be like 2025-06-01",
                                     "date harus seperti 2025-06-01"))
            run_date = ""
        for name, number in (("hits", hits), ("retrieved", retrieved)):
            if number is not None and (not isinstance(number, int) or number < 0):
                problems.append(_problem(file, f"{key}.{name}", number, "must be a whole number ≥ 0",
                                         "harus bilangan bulat ≥ 0"))
        runs.append(SearchRun(
            database=str(item["database"]), date=run_date, query=str(item.get("query") or ""),
            hits=hits if isinstance(hits, int) else None,
            retrieved=retrieved if isinstance(retrieved, int) else None,
            file=str(item.get("file") or ""), platform=str(item.get("platform") or ""),
            note=str(item.get("note") or "")))
    if problems:
        raise InputError(problems)
    return Strategy(
        title=str(data.get("title") or ""), question=str(data.get("question") or ""),
        concepts=tuple(concepts), exclude=exclude or (), date_from=dates["date_from"], date_to=dates["date_to"],
        languages=languages or (), databases=databases or ("pubmed",),
        queries={str(k): str(v) for k, v in queries.items()}, runs=tuple(runs), notes=str(data.get("notes") or ""),
    )


def load_strategy(path: Path | str) -> Strategy:
    """Read and validate a strategy YAML file; ``InputError`` names the file and key of each problem."""
    name = str(path)
    data = load_yaml(path)  # guarded: size, encodings, depth and alias-expansion limits, bad dates
    return strategy_from_dict(data, name)


def save_strategy(strategy: Strategy, path: Path | str) -> None:
    """Write the strategy as YAML in a fixed key order.

    The comment block at the top of an existing file is kept; comments further down are not
    (PyYAML does not keep them), so explanations belong in ``notes``.
    """
    out = Path(path)
    header = ""
    if out.exists():
        lines = read_text(out).text.splitlines(keepends=True)
        kept = []
        for line in lines:
            if not line.startswith("#"):
                break
            kept.append(line)
        header = "".join(kept)
    text = yaml.dump(strategy.to_dict(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    write_text(out, header + text)  # atomic: an interrupted save leaves the old strategy


class _Dumper(yaml.SafeDumper):
    """Multi-line text (notes, long queries with line breaks) as a readable ``|`` block."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)
