"""PRISMA 2020 flow-diagram counts: read them from a file, or compute them from records and decisions.

The field names are the ``data`` names of the PRISMA2020 R package's CSV template (Haddaway et al.
2022, Campbell Systematic Reviews 18:e1230), so a counts file made for that package or its Shiny
app works here unchanged. "xxx", ``NA`` or an absent row means *not reported* (``None``).

:func:`compute_counts` is the one place that turns a review's records (with ``duplicate_of``) and
its screening decisions into these counts; the CLI and the web app both call it.

>>> from laktasi.review.decisions import Decision
>>> from laktasi.review.prisma import ReviewRecord, compute_counts
>>> recs = [ReviewRecord("a", "PubMed"), ReviewRecord("b", "Google Scholar"),
...         ReviewRecord("c", "Google Scholar", duplicate_of="a")]
>>> decs = [Decision("a", "screening", "include"), Decision("b", "screening", "exclude"),
...         Decision("a", "eligibility", "include")]
>>> counts, warnings = compute_counts(recs, decs)
>>> counts.database_results, counts.duplicates, counts.records_screened, counts.new_studies
(3, 1, 2, 1)
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from laktasi.errors import InputError, Problem, Text, Warning_
from laktasi.review.decisions import Decision
from laktasi.review.records import Record

__all__ = [
    "COUNT_FIELDS",
    "LIST_FIELDS",
    "UNKNOWN_SOURCE",
    "PrismaCounts",
    "ReviewRecord",
    "compute_counts",
    "counts_from_mapping",
    "read_counts",
    "review_records",
    "source_kind",
]

LIST_FIELDS = ("database_specific_results", "register_specific_results", "dbr_excluded", "other_excluded")
Breakdown = tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class PrismaCounts:
    """Counts for the PRISMA 2020 flow diagram (new systematic review); ``None`` = not reported."""

    database_results: int | None = None
    database_specific_results: Breakdown = ()
    register_results: int | None = None
    register_specific_results: Breakdown = ()
    website_results: int | None = None
    organisation_results: int | None = None
    citations_results: int | None = None
    duplicates: int | None = None
    excluded_automatic: int | None = None
    excluded_other: int | None = None
    records_screened: int | None = None
    records_excluded: int | None = None
    dbr_sought_reports: int | None = None
    dbr_notretrieved_reports: int | None = None
    dbr_assessed: int | None = None
    dbr_excluded: Breakdown = ()
    other_sought_reports: int | None = None
    other_notretrieved_reports: int | None = None
    other_assessed: int | None = None
    other_excluded: Breakdown = ()
    new_studies: int | None = None
    new_reports: int | None = None
    total_studies: int | None = None
    total_reports: int | None = None
    previous_studies: int | None = None
    previous_reports: int | None = None
    total_studies_ma: int | None = None
    total_reports_ma: int | None = None

    @property
    def has_other_methods(self) -> bool:
        """Whether the optional "other methods" column has anything to show: a count above zero.

        The PRISMA2020 template ships with 0 in every cell, so a column of zeros means "not used".
        """
        return any(
            (v or 0) > 0
            for v in (self.website_results, self.organisation_results, self.citations_results,
                      self.other_sought_reports, self.other_notretrieved_reports, self.other_assessed)
        ) or any((n or 0) > 0 for _, n in self.other_excluded)

    @property
    def is_update(self) -> bool:
        """An updated review (PRISMA 2020 template with a "previous studies" column): a previous count above 0."""
        return (self.previous_studies or 0) > 0 or (self.previous_reports or 0) > 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in LIST_FIELDS:
                out[f.name] = [{"name": name, "n": n} for name, n in value]
            else:
                out[f.name] = value
        return out

    def check(self) -> list[Warning_]:
        """Arithmetic the diagram implies (each box from the one above); a warning per mismatch."""
        warnings: list[Warning_] = []

        def expect(name: str, actual: int | None, expected: int, label: str) -> None:
            if actual is not None and actual != expected:
                warnings.append(Warning_(
                    "prisma_arithmetic",
                    Text(en=f"{name} is {actual} but {label} gives {expected}",
                         id=f"{name} bernilai {actual} tetapi {label} memberi {expected}"),
                    {"field": name, "value": actual, "expected": expected},
                ))

        identified = _sum_known(self.database_results, self.register_results)
        removed = _sum_known(self.duplicates, self.excluded_automatic, self.excluded_other)
        if identified is not None and removed is not None:
            expect("records_screened", self.records_screened, identified - removed,
                   "identified − removed before screening")
        if self.records_screened is not None and self.records_excluded is not None:
            expect("dbr_sought_reports", self.dbr_sought_reports,
                   self.records_screened - self.records_excluded, "screened − excluded")
        if self.dbr_sought_reports is not None and self.dbr_notretrieved_reports is not None:
            expect("dbr_assessed", self.dbr_assessed,
                   self.dbr_sought_reports - self.dbr_notretrieved_reports, "sought − not retrieved")
        if self.other_sought_reports is not None and self.other_notretrieved_reports is not None:
            expect("other_assessed", self.other_assessed,
                   self.other_sought_reports - self.other_notretrieved_reports, "sought − not retrieved")
        for name, total in (("database_results", self.database_results),
                            ("register_results", self.register_results)):
            parts = self.database_specific_results if name == "database_results" else self.register_specific_results
            known = [n for _, n in parts if n is not None]
            if parts and len(known) == len(parts):
                expect(name, total, sum(known), "the sum of its sources")
        assessed = _sum_known(self.dbr_assessed, self.other_assessed)
        reasons = self.dbr_excluded + self.other_excluded
        excluded = [n for _, n in reasons if n is not None]
        if assessed is not None and reasons and len(excluded) == len(reasons):
            expect("new_reports", self.new_reports, assessed - sum(excluded), "assessed − excluded")
        if self.is_update:
            for total_name, total, new_n, prev_n in (
                    ("total_studies", self.total_studies, self.new_studies, self.previous_studies),
                    ("total_reports", self.total_reports, self.new_reports, self.previous_reports)):
                if new_n is not None and prev_n is not None:
                    expect(total_name, total, new_n + prev_n, "new + previous")
        return warnings


def _sum_known(*values: int | None) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


# --------------------------------------------------------------------------------------------
# reading a counts file

_NOT_REPORTED = {"", "xxx", "na", "n/a", "nan", "none", "null", "-", "–", "—", "nr", "tt", "t/a"}
_GROUPED = re.compile(r"\d{1,3}(?:[.,\s\u00a0\u202f']\d{3})+")
# "name, count": the count is the last comma-separated part that is a number (thousands separators
# allowed) or a not-reported mark, so "PubMed, 1,056" is PubMed with 1056, not "PubMed, 1" with 56.
_PAIR = re.compile(r"^(?P<name>.*?)\s*,\s*(?P<n>\d{1,3}(?:[.,\u00a0\u202f' ]\d{3})+|\d+|xxx|na|n/a|nr|-)\s*$",
                   re.IGNORECASE)
# The template's own example entries ("Database 1, xxx", "Register 2, xxx", "Reason1, xxx").
_PLACEHOLDER = re.compile(r"^(?:database|register|reason|alasan|basis data|registri)\s*\d+$", re.IGNORECASE)
_INT_FIELDS = tuple(f.name for f in fields(PrismaCounts) if f.name not in LIST_FIELDS)
COUNT_FIELDS = tuple(f.name for f in fields(PrismaCounts))


def _problem(code: str, en: str, id_: str, file: str, row: int | None, column: str | None,
             value: Any) -> Problem:
    return Problem(code, Text(en=en, id=id_), file=file, row=row, column=column, value=value)


def _count(value: Any, file: str, row: int | None, column: str, problems: list[Problem]) -> int | None:
    if value is None or isinstance(value, bool):
        return None if value is None else _bad_count(value, file, row, column, problems)
    if isinstance(value, int):
        return value if value >= 0 else _bad_count(value, file, row, column, problems)
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return int(value) if value.is_integer() and value >= 0 else _bad_count(value, file, row, column, problems)
    text = str(value).strip()
    if text.lower() in _NOT_REPORTED:
        return None
    # Thousands separators as locales write them: 1,056 (en), 1.056 (id), 1 056 / 1\u00a0056 / 1\u202f056.
    cleaned = re.sub(r"[.,\s\u00a0\u202f']", "", text) if _GROUPED.fullmatch(text) else text
    if cleaned.isdigit():
        return int(cleaned)
    return _bad_count(value, file, row, column, problems)


def _bad_count(value: Any, file: str, row: int | None, column: str, problems: list[Problem]) -> int | None:
    problems.append(_problem(
        "prisma_bad_count", "a count must be a whole number ≥ 0, or xxx/NA when not reported",
        "jumlah harus bilangan bulat ≥ 0, atau xxx/NA bila tidak dilaporkan", file, row, column, value))
    return None


def _breakdown(value: Any, file: str, row: int | None, column: str, problems: list[Problem]) -> Breakdown:
    """``"PubMed, 120; Google Scholar, 80"``, a mapping ``{PubMed: 120}`` or a list of pairs."""
    if value is None:
        return ()
    items: list[tuple[str, Any]] = []
    if isinstance(value, Mapping):
        items = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, (list, tuple)):
        for entry in value:
            if isinstance(entry, Mapping) and len(entry) == 1:
                items.extend((str(k), v) for k, v in entry.items())
            elif isinstance(entry, Mapping) and "name" in entry:
                items.append((str(entry["name"]), entry.get("n")))
            elif isinstance(entry, (list, tuple)) and len(entry) == 2:
                items.append((str(entry[0]), entry[1]))
            else:
                problems.append(_problem(
                    "prisma_bad_breakdown", "each entry must be a name and a count",
                    "setiap entri harus berupa nama dan jumlah", file, row, column, entry))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        # a bare count (0 = nothing excluded): one total without reasons, drawn as "(n = 0)"
        n = _count(value, file, row, column, problems)
        return () if n is None else (("", n),)
    else:
        text = str(value).strip()
        if text.lower() in _NOT_REPORTED:
            return ()
        if _count(text, file, row, column, []) is not None or text.isdigit():
            n = _count(text, file, row, column, problems)
            return () if n is None else (("", n),)
        for part in (p.strip() for p in text.split(";")):
            if not part or part.lower() in _NOT_REPORTED:
                continue
            match = _PAIR.match(part)
            if match is None:
                problems.append(_problem(
                    "prisma_bad_breakdown", 'write "name, count" pairs separated by ";" (e.g. "PubMed, 1056; '
                    'Scopus, 880")', 'tulis pasangan "nama, jumlah" dipisahkan ";" (mis. "PubMed, 1056; Scopus, 880")',
                    file, row, column, part))
                continue
            items.append((match.group("name").strip(), match.group("n")))
    out = []
    for name, n in items:
        count = _count(n, file, row, column, problems)
        if _PLACEHOLDER.match(name.strip()) and not count:
            continue  # the template's "Reason1, xxx" left in place: nothing to draw
        out.append((name, count))
    return tuple(out)


def counts_from_mapping(data: Mapping[str, Any], file: str = "", rows: Mapping[str, int] | None = None
                        ) -> PrismaCounts:
    """Build counts from a ``{data name: value}`` mapping; unknown names are errors (typos)."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, value in data.items():
        row = (rows or {}).get(name)
        if name in LIST_FIELDS:
            values[name] = _breakdown(value, file, row, name, problems)
        elif name in _INT_FIELDS:
            values[name] = _count(value, file, row, name, problems)
        else:
            problems.append(_problem(
                "prisma_unknown_field", f"unknown PRISMA count name; known: {', '.join(COUNT_FIELDS)}",
                f"nama jumlah PRISMA tidak dikenal; yang dikenal: {', '.join(COUNT_FIELDS)}",
                file, row, "data", name))
    if problems:
        raise InputError(problems)
    return PrismaCounts(**values)


# Rows of the template that are layout, not counts.
_LAYOUT_ROWS = {"identification", "screening", "included"}


def read_counts(path: Path | str) -> PrismaCounts:
    """Read a PRISMA2020 template CSV (``data,…,n``) or a YAML mapping of data names to counts."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError([_problem("file_not_found", "file not found", "berkas tidak ditemukan",
                                   name, None, None, None)])
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        from laktasi.files import load_yaml

        data = load_yaml(p)  # guarded: encodings, size, depth and alias-expansion limits
        if isinstance(data, Mapping) and isinstance(data.get("data"), Mapping):
            data = data["data"]
        if not isinstance(data, Mapping):
            raise InputError([_problem(
                "prisma_yaml_shape", "the YAML file must map PRISMA data names to counts",
                "berkas YAML harus memetakan nama data PRISMA ke jumlah", name, None, None, None)])
        return counts_from_mapping({str(k): v for k, v in data.items()}, name)
    if suffix == ".csv":
        import io

        import pandas as pd

        from laktasi.files import raise_csv_field_limit, read_text
        from laktasi.review.formats.table import detect_delimiter

        text = read_text(p).text  # guarded: encodings (cp1252 from Excel), size limit, OS errors as InputError
        raise_csv_field_limit()
        # Excel saves CSV with ";" where the decimal separator is a comma (Indonesian, most of Europe).
        delimiter = detect_delimiter(text)
        try:
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                                engine="python")
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, csv.Error) as exc:
            raise InputError([_problem("csv_unreadable", f"cannot read the CSV: {exc}",
                                       f"CSV tidak dapat dibaca: {exc}", name, None, None, None)]) from None
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        missing = [c for c in ("data", "n") if c not in frame.columns]
        if missing:
            raise InputError([_problem(
                "prisma_csv_columns", "the PRISMA2020 template needs the columns 'data' and 'n'",
                "templat PRISMA2020 memerlukan kolom 'data' dan 'n'", name, 1, ",".join(missing), None)])
        values: dict[str, Any] = {}
        rows: dict[str, int] = {}
        for k, (key, n) in enumerate(zip(frame["data"], frame["n"], strict=True), start=2):
            key = key.strip()
            if key.lower() in _NOT_REPORTED or key in _LAYOUT_ROWS:
                continue
            values[key] = n
            rows[key] = k
        return counts_from_mapping(values, name, rows)
    raise InputError([_problem("prisma_counts_format", "counts must be a .csv or .yaml file",
                               "berkas jumlah harus .csv atau .yaml", name, None, None, p.suffix)])


# --------------------------------------------------------------------------------------------
# computing counts from records and decisions

_REGISTERS = ("clinicaltrials", "ictrp", "register", "registri", "isrctn", "anzctr", "ctri", "ina-registry",
              "chictr", "drks", "euctr", "pactr")
_WEBSITES = ("website", "web site", "situs", "google ")  # "Google Scholar" is a database (below)
_ORGANISATIONS = ("organisation", "organization", "organisasi")
_CITATIONS = ("citation", "sitasi", "reference list", "snowball", "hand search", "handsearch")


def source_kind(source: str) -> str:
    """Where a record came from, for the PRISMA columns: database, register, website, organisation or citation.

    >>> [source_kind(s) for s in ("PubMed", "Google Scholar", "ClinicalTrials.gov", "citation searching")]
    ['database', 'database', 'register', 'citation']
    """
    s = source.casefold()
    if "google scholar" in s or not s:
        return "database"
    for kind, words in (("register", _REGISTERS), ("citation", _CITATIONS),
                        ("organisation", _ORGANISATIONS), ("website", _WEBSITES)):
        if any(w in s for w in words):
            return kind
    return "database"


@dataclass(frozen=True)
class ReviewRecord:
    """The little the counts need from a record: its id, source and duplicate status."""

    record_id: str
    source: str = ""  # source database / register / "website" / "citation searching" ...
    duplicate_of: str = ""
    study_id: str = ""  # reports of one study share a study id; empty = a study of its own
    previous: bool = False  # from the earlier search of an updated review (``review dedup --previous``)


def review_records(records: Sequence[Record], duplicate_of: Sequence[str] | None = None) -> list[ReviewRecord]:
    """The :class:`ReviewRecord` view of records: ``duplicate_of`` from a deduplication result
    (``DedupResult.duplicate_of``) or, when not given, from each record's own ``duplicate_of`` /
    ``study_id`` columns (a CSV written by ``review dedup --all``)."""
    out = []
    for n, r in enumerate(records):
        dup = duplicate_of[n] if duplicate_of is not None else str(r.raw.get("duplicate_of") or "")
        # `review dedup --previous … --all` marks the earlier search's records (docs: team dedup API)
        previous = str(r.raw.get("laktasi_previous") or "").strip().lower() in ("yes", "ya", "true", "1")
        out.append(ReviewRecord(r.record_id, r.source_database, dup, str(r.raw.get("study_id") or ""), previous))
    return out


@dataclass
class _State:
    screening: dict[str, Decision] = field(default_factory=dict)
    retrieval: dict[str, Decision] = field(default_factory=dict)
    eligibility: dict[str, Decision] = field(default_factory=dict)
    removal: dict[str, Decision] = field(default_factory=dict)


def _warn(code: str, en: str, id_: str, **data: Any) -> Warning_:
    return Warning_(code, Text(en=en, id=id_), data)


NO_REASON = Text(en="No reason given", id="Tanpa alasan")
#: The name counted for records without a source database; the diagram shows it translated.
UNKNOWN_SOURCE = "(unknown)"


def compute_counts(
    records: Sequence[ReviewRecord], decisions: Iterable[Decision], *, lang: str = "en",
    previous_studies: int | None = None, previous_reports: int | None = None,
) -> tuple[PrismaCounts, list[Warning_]]:
    """PRISMA 2020 counts from every identified record and the final decision at each stage.

    - identified: all records, per source (databases/registers left, other methods right);
    - duplicates: records with ``duplicate_of`` (from :func:`laktasi.review.dedup.deduplicate`);
    - removed before screening: decisions at stage ``automation`` (automation tools) and
      ``removal`` (other reasons);
    - screened: the remaining database/register records; excluded: ``screening`` excludes;
    - sought for retrieval: screening includes (and every other-methods record);
      not retrieved: ``retrieval`` decisions ``not_retrieved``;
    - assessed: sought − not retrieved; excluded with reasons: ``eligibility`` excludes;
    - included: ``eligibility`` includes (reports); studies: distinct study ids among them.

    Decisions naming a duplicate count for the record it duplicates. Records still without a
    decision are reported as warnings, never guessed.

    An **updated review**: records marked ``previous`` (the earlier search, given to ``review dedup
    --previous``) are not identified again; new records that duplicate them count as duplicates
    removed, as do duplicates among the new ones (the dedup ``update`` counts). The earlier review's
    included studies and reports are not in the records: give them as ``previous_studies`` /
    ``previous_reports``, and the totals become new + previous.
    """
    by_id = {r.record_id: r for r in records}
    state = _State()
    warnings: list[Warning_] = []
    for d in decisions:
        rid = d.record_id
        target = by_id.get(rid)
        if target is not None and target.duplicate_of and target.duplicate_of in by_id:
            rid = target.duplicate_of
        stage_map = {"screening": state.screening, "retrieval": state.retrieval,
                     "eligibility": state.eligibility, "automation": state.removal,
                     "removal": state.removal}[d.stage]
        stage_map[rid] = d if d.stage != "automation" else replace(d, reason=d.reason or "automation")
    unknown = sorted({d.record_id for d in decisions if d.record_id not in by_id})
    if unknown:
        warnings.append(_warn("decision_unknown_record",
                              f"{len(unknown)} decisions name records not in the records file "
                              f"(first: {unknown[0]})",
                              f"{len(unknown)} keputusan menyebut rekaman yang tidak ada di berkas rekaman "
                              f"(pertama: {unknown[0]})", ids=unknown))

    searched = [r for r in records if not r.previous]
    dbr = [r for r in searched if source_kind(r.source) in ("database", "register")]
    other = [r for r in searched if source_kind(r.source) not in ("database", "register")]
    db_counts: Counter[str] = Counter(r.source or UNKNOWN_SOURCE for r in dbr
                                      if source_kind(r.source) == "database")
    if db_counts.get(UNKNOWN_SOURCE):
        unknown_ids = [r.record_id for r in dbr if not r.source]
        warnings.append(_warn("source_unknown",
                              f"{len(unknown_ids)} records do not say which database they came from; they are "
                              "counted as \"(unknown source)\" — name their database when importing (--database NAME on the "
                              "command line, \"Source database\" on the upload page)",
                              f"{len(unknown_ids)} rekaman tidak menyebut basis data asalnya; dihitung sebagai "
                              "\"(sumber tidak diketahui)\" — sebutkan basis datanya saat impor (--database NAMA di baris "
                              "perintah, \"Basis data sumber\" di halaman unggah)", ids=unknown_ids))
    reg_counts: Counter[str] = Counter(r.source for r in dbr if source_kind(r.source) == "register")
    kind_counts: Counter[str] = Counter(source_kind(r.source) for r in other)

    kept_dbr = [r for r in dbr if not r.duplicate_of]
    kept_other = [r for r in other if not r.duplicate_of]
    automatic = [r for r in kept_dbr if r.record_id in state.removal and state.removal[r.record_id].stage
                 == "automation"]
    removed_other = [r for r in kept_dbr if r.record_id in state.removal and state.removal[r.record_id].stage
                     == "removal"]
    removed_ids = {r.record_id for r in automatic + removed_other}
    screened = [r for r in kept_dbr if r.record_id not in removed_ids]
    excluded = [r for r in screened if _is(state.screening, r, "exclude")]
    sought = [r for r in screened if _is(state.screening, r, "include")]
    undecided = [r.record_id for r in screened if r.record_id not in state.screening]
    if undecided:
        warnings.append(_warn("screening_incomplete",
                              f"{len(undecided)} screened records have no screening decision yet",
                              f"{len(undecided)} rekaman belum memiliki keputusan penapisan", ids=undecided))

    def flow(sought_: list[ReviewRecord]) -> tuple[list[ReviewRecord], list[ReviewRecord], Counter[str],
                                                   list[ReviewRecord]]:
        not_retrieved = [r for r in sought_ if _is(state.retrieval, r, "not_retrieved")]
        assessed = [r for r in sought_ if not _is(state.retrieval, r, "not_retrieved")]
        reasons: Counter[str] = Counter(
            state.eligibility[r.record_id].reason or NO_REASON.in_(lang)
            for r in assessed if _is(state.eligibility, r, "exclude"))
        included = [r for r in assessed if _is(state.eligibility, r, "include")]
        pending = [r.record_id for r in assessed if r.record_id not in state.eligibility]
        if pending:
            warnings.append(_warn("eligibility_incomplete",
                                  f"{len(pending)} assessed reports have no eligibility decision yet",
                                  f"{len(pending)} laporan belum memiliki keputusan kelayakan", ids=pending))
        return not_retrieved, assessed, reasons, included

    dbr_not, dbr_assessed, dbr_reasons, dbr_included = flow(sought)
    # the other-methods column has no screening box: records found there are reports sought, unless
    # the reviewer excluded them on title/abstract, which the template has no box for (warned)
    dropped_other = [r.record_id for r in kept_other if _is(state.screening, r, "exclude")]
    if dropped_other:
        warnings.append(_warn("other_methods_screened_out",
                              f"{len(dropped_other)} records from other methods were excluded at screening; "
                              "the PRISMA 2020 template has no box for them",
                              f"{len(dropped_other)} rekaman dari metode lain dikeluarkan saat penapisan; "
                              "templat PRISMA 2020 tidak memiliki kotak untuknya", ids=dropped_other))
    kept_other = [r for r in kept_other if not _is(state.screening, r, "exclude")]
    other_not, other_assessed, other_reasons, other_included = flow(kept_other)
    included = dbr_included + other_included
    studies = {r.study_id or f"record:{r.record_id}" for r in included}
    late = [d.record_id for d in state.eligibility.values()
            if d.record_id in by_id and _is(state.screening, by_id[d.record_id], "exclude")]
    if late:
        warnings.append(_warn("eligibility_after_exclusion",
                              f"{len(late)} records excluded at screening also have an eligibility decision",
                              f"{len(late)} rekaman yang dikeluarkan saat penapisan juga memiliki keputusan "
                              "kelayakan", ids=late))

    has_other = bool(other)
    counts = PrismaCounts(
        database_results=sum(db_counts.values()),
        database_specific_results=_by_count(db_counts),
        register_results=sum(reg_counts.values()) if reg_counts else None,
        register_specific_results=_by_count(reg_counts),
        website_results=kind_counts.get("website") if has_other else None,
        organisation_results=kind_counts.get("organisation") if has_other else None,
        citations_results=kind_counts.get("citation") if has_other else None,
        duplicates=sum(1 for r in dbr if r.duplicate_of),
        excluded_automatic=len(automatic),
        excluded_other=len(removed_other),
        records_screened=len(screened),
        records_excluded=len(excluded),
        dbr_sought_reports=len(sought),
        dbr_notretrieved_reports=len(dbr_not),
        dbr_assessed=len(dbr_assessed),
        dbr_excluded=_by_count(dbr_reasons),
        other_sought_reports=len(kept_other) if has_other else None,
        other_notretrieved_reports=len(other_not) if has_other else None,
        other_assessed=len(other_assessed) if has_other else None,
        other_excluded=_by_count(other_reasons),
        new_studies=len(studies),
        new_reports=len(included),
        total_studies=len(studies) + (previous_studies or 0),
        total_reports=len(included) + (previous_reports or 0),
        previous_studies=previous_studies,
        previous_reports=previous_reports,
    )
    return counts, warnings


def _by_count(counter: Counter[str]) -> Breakdown:
    """(name, count) pairs, largest first (ties by name)."""
    items: list[tuple[str, int]] = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple((name, n) for name, n in items)


def _is(stage: Mapping[str, Decision], record: ReviewRecord, decision: str) -> bool:
    d = stage.get(record.record_id)
    return d is not None and d.decision == decision
