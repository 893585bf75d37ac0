"""Records in: reading uploaded exports (:func:`laktasi.review.io.read_uploads`, all or nothing), a PubMed
search (:class:`laktasi.review.pubmed.PubMedClient`), deduplication (:func:`laktasi.review.dedup.deduplicate`)
against the review's earlier records with the verdicts its members gave, and storing the records with the
uncertain clusters a person still has to decide (:mod:`.dedup_queue`).

Nothing is stored unless every file reads cleanly; records, clusters and the upload's audit event are
written in one transaction, records and clusters in bulk (the upload's one event, with their numbers, traces them). ``progress(step, done, total)`` reports each step (:mod:`.jobs` shows it).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Max

from laktasi.errors import InputError, Problem, Text
from laktasi.review.dedup import deduplicate
from laktasi.review.dedup_result import DedupResult, UncertainPair
from laktasi.review.io import read_uploads
from laktasi.review.records import Record
from laktasi.web.review_intake.dedup_queue import Groups, stored_verdicts
from laktasi.web.review_intake.models import DedupCluster, IntakeJob
from laktasi.web.reviews.models import Review, ReviewEvent, ReviewRecord
from laktasi.web.reviews.services import as_record

Progress = Callable[[str, int, int], None]
STORE_BATCH = 500
STORE_ATTEMPTS = 3


def _quiet(step: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class UploadResult:
    records_in: int
    duplicates: int
    kept: int
    uncertain_pairs: int
    clusters: int = 0
    duplicates_of_previous: int = 0
    upload: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def problem_dict(p: Problem) -> dict[str, Any]:
    """A problem as a job keeps it: where (file, row, column, value) and what, in both languages."""
    value = p.value if p.value is None or isinstance(p.value, (str, int, float, bool)) else str(p.value)
    return {"file": p.file or "", "row": p.row, "column": p.column or "", "value": value,
            "en": p.text.en, "id": p.text.id}


def upload(review: Review, files: Sequence[tuple[str, bytes]], by: Any, *, database: str = "",
           progress: Progress = _quiet, job: IntakeJob | None = None,
           warnings: list[Problem] | None = None) -> UploadResult:
    """Read every file (all or nothing: ``InputError`` lists each problem and nothing is stored), deduplicate
    the new records against each other and against the review's earlier records, and store them all, the
    duplicates marked with the record they duplicate, and the uncertain clusters. One audit event per upload."""
    progress("reading", 0, len(files))
    new = read_uploads(files, database=database or None, warnings=warnings,
                       progress=lambda done, total: progress("reading", done, total))
    return store(review, new, by, files=[name for name, _ in files], progress=progress, job=job)


def _state(review: Review) -> tuple[Any, ...]:
    """What an upload's deduplication depended on: the review's records and verdicts as they were."""
    records = review.records.aggregate(n=Count("pk"), last=Max("pk"))
    verdicts = review.dedup_verdicts.aggregate(n=Count("pk"), last=Max("pk"))
    return records["n"], records["last"], verdicts["n"], verdicts["last"]


@dataclass(frozen=True)
class _Prepared:
    state: tuple[Any, ...]
    rows: list[ReviewRecord]
    clusters: list[DedupCluster]
    summary: UploadResult


def store(review: Review, new: Sequence[Record], by: Any, *, files: Sequence[str], progress: Progress = _quiet,
          job: IntakeJob | None = None, event: dict[str, Any] | None = None) -> UploadResult:
    """Deduplicate ``new`` against the review's records (all of them are the "previous search", duplicates
    included, so a new copy of a merged record finds its group; its verdicts are passed on, so a decided pair is
    never asked again) and store everything in one transaction.

    Deduplication runs outside the transaction (it takes seconds; SQLite would hold its write lock). When another
    upload or a verdict changed the review meanwhile, the work is done again on the new state, so two uploads
    started together never miss each other's duplicates."""
    for _attempt in range(STORE_ATTEMPTS):
        prepared = _prepare(review, new, job, progress)
        rows, summary = prepared.rows, prepared.summary
        progress("storing", 0, len(rows))
        with transaction.atomic():
            list(Review.objects.select_for_update().filter(pk=review.pk).values_list("pk"))  # one upload at a time
            if _state(review) != prepared.state:
                continue  # changed while deduplicating: again, on the new state
            manager = ReviewRecord._base_manager.all()
            for start in range(0, len(rows), STORE_BATCH):
                # one audit event for the upload (below) stands for its records: the audited bulk_create is refused
                models.QuerySet.bulk_create(manager, rows[start:start + STORE_BATCH])
                progress("storing", min(start + STORE_BATCH, len(rows)), len(rows))
            _store_clusters(prepared.clusters, progress)
            ReviewEvent.objects.create(
                review=review, user=by, entity="upload", object_id=str(summary.upload), action="upload",
                changes={"files": list(files), "records": summary.records_in, "duplicates": summary.duplicates,
                         "kept": summary.kept, "uncertain_clusters": summary.clusters,
                         "uncertain_pairs": summary.uncertain_pairs, **(event or {})})
            return summary
    raise InputError([Problem("review_busy", Text(
        en="the review kept changing during the upload (other uploads or verdicts); nothing was stored: upload again",
        id="tinjauan terus berubah selama unggahan (unggahan atau keputusan lain); tidak ada yang disimpan: "
           "unggah lagi"))])


def _store_clusters(clusters: Sequence[DedupCluster], progress: Progress) -> None:
    """The upload's uncertain clusters, in batches (thousands of audited saves took longer than the records): like
    the records, they are traced by the upload's one audit event (their number and pairs; each cluster carries the
    upload's number and job). Progress counts their pairs, the unit a person decides."""
    if not clusters:
        return
    total = sum(len(c.pairs) for c in clusters)
    done = 0
    progress("uncertain", 0, total)
    manager = DedupCluster._base_manager.all()
    for start in range(0, len(clusters), STORE_BATCH):
        batch = clusters[start:start + STORE_BATCH]
        models.QuerySet.bulk_create(manager, batch)  # the audited bulk_create is refused: the event stands for them
        done += sum(len(c.pairs) for c in batch)
        progress("uncertain", done, total)


def _prepare(review: Review, new: Sequence[Record], job: IntakeJob | None, progress: Progress) -> _Prepared:
    progress("deduplicating", 0, 0)  # no count inside deduplicate: the page shows a bar without a value
    state = _state(review)
    # "review" too: the related manager sets each row's review, which would query a deferred review_id per row
    rows_before = list(review.records.only("review", "record_id", "duplicate_of", "title", "abstract", "authors",
                                           "year", "journal", "volume", "issue", "pages", "doi", "pmid",
                                           "source_database", "source_file"))
    previous = [as_record(r) for r in rows_before]
    taken = {r.record_id for r in rows_before}
    number = (review.records.aggregate(m=Max("upload"))["m"] or 0) + 1
    renamed = []
    for r in new:  # the same export uploaded twice would repeat "<file>:<n>": prefix with the upload number
        rid = r.record_id if r.record_id not in taken else f"u{number}:{r.record_id}"
        taken.add(rid)
        renamed.append(r.with_(record_id=rid))
    verdicts = stored_verdicts(review)
    result = deduplicate(renamed, previous=previous, verdicts=verdicts)
    progress("deduplicating", len(new), len(new))
    groups = Groups.of_rows(rows_before, verdicts)
    # a new record whose group's kept record is a previous duplicate points at that one's kept record
    duplicate_of = [groups.canonical(d) if d else "" for d in result.duplicate_of]
    clusters = _clusters(review, result, groups, number, job)
    rows = []
    for pos in range(result.previous, result.records_in):
        r = result.records[pos]
        rows.append(ReviewRecord(
            review=review, record_id=r.record_id[:200], title=r.title, abstract=r.abstract, authors=list(r.authors),
            year=r.year, journal=r.journal[:500], volume=r.volume[:100], issue=r.issue[:100], pages=r.pages[:100],
            doi=r.doi[:300], pmid=r.pmid[:20],
            source_database=r.source_database[:100], source_file=r.source_file[:300],
            duplicate_of=duplicate_of[pos], upload=number))
    counts = result.update_counts()
    summary = UploadResult(records_in=len(rows), duplicates=counts.duplicates_removed,
                           kept=counts.records_after_dedup, uncertain_pairs=sum(len(c.pairs) for c in clusters),
                           clusters=len(clusters), duplicates_of_previous=counts.duplicates_of_previous,
                           upload=number)
    return _Prepared(state, rows, clusters, summary)


def _clusters(review: Review, result: DedupResult, groups: Groups, number: int,
              job: IntakeJob | None) -> list[DedupCluster]:
    """The library's ranked clusters, without the pairs already settled: records now in one group, or
    groups a person kept apart (a re-upload of decided records asks nothing again)."""
    def canonical(pos: int) -> str:
        return groups.canonical(result.ids[result.primary[pos]])

    by_number: dict[int, list[UncertainPair]] = {}
    for pair in result.uncertain:
        a, b = canonical(pair.first), canonical(pair.second)
        if a == b or groups.kept_apart(a, b):
            continue
        by_number.setdefault(pair.cluster, []).append(pair)
    out = []
    for rank, (_n, pairs) in enumerate(sorted(by_number.items()), start=1):
        ids = list(dict.fromkeys(x for p in pairs for x in (p.first_id, p.second_id)))
        out.append(DedupCluster(
            review=review, job=job, upload=number, number=rank, likelihood=max(p.likelihood for p in pairs),
            record_ids=ids, pairs=[{"first_id": p.first_id, "second_id": p.second_id, "reason": p.reason,
                                    "likelihood": p.likelihood, "title_similarity": p.title_similarity}
                                   for p in pairs]))
    return out


# --------------------------------------------------------------------------------------------
# PubMed

PUBMED_RETRIES = 2  # a page waits for the answer: fail within seconds, not the CLI's half minute
PUBMED_BACKOFF = 1.0
PUBMED_BATCH = 500


def pubmed_query(query: str, date_from: dt.date | None, date_to: dt.date | None) -> str:
    """The query with a publication-date range in PubMed's syntax (``"2017/01/01"[dp] : "2025/12/31"[dp]``).

    >>> pubmed_query("oxytocin[tiab]", dt.date(2017, 1, 1), None)
    '(oxytocin[tiab]) AND ("2017/01/01"[dp] : "3000/12/31"[dp])'
    """
    query = query.strip()
    if not (date_from or date_to):
        return query
    start = (date_from or dt.date(1800, 1, 1)).strftime("%Y/%m/%d")
    stop = date_to.strftime("%Y/%m/%d") if date_to else "3000/12/31"
    return f'({query}) AND ("{start}"[dp] : "{stop}"[dp])'


@dataclass(frozen=True)
class PubMedOutcome:
    query: str
    hits: int
    retrieved: int
    query_translation: str
    upload: UploadResult | None


def search_pubmed(review: Review, query: str, by: Any, *, lang: str = "en", progress: Progress = _quiet,
                  job: IntakeJob | None = None, warnings: list[Problem] | None = None) -> PubMedOutcome:
    """Run ``query`` on PubMed (``LAKTASI_PUBMED_URL``), read the MEDLINE text and store it like an upload.

    A network or NCBI failure raises :class:`~laktasi.review.pubmed.PubMedError` and stores nothing."""
    from laktasi.review.pubmed import MAX_RETRIEVABLE, PubMedClient

    client = PubMedClient(email=os.environ.get("LAKTASI_PUBMED_EMAIL"), lang=lang, max_retries=PUBMED_RETRIES,
                          backoff=PUBMED_BACKOFF, timeout=30.0)
    progress("searching", 0, 0)
    result, text = client.search_and_fetch(query, batch_size=PUBMED_BATCH,
                                           on_batch=lambda done, total: progress("fetching", done, total))
    if warnings is not None:
        warnings.extend(Problem("pubmed_warning", Text(en=w, id=w)) for w in result.warnings)
        if result.count > MAX_RETRIEVABLE:
            warnings.append(Problem("pubmed_cap", Text(
                en=f"PubMed returns only the first {MAX_RETRIEVABLE} records of a search; split it by date range",
                id=f"PubMed hanya memberikan {MAX_RETRIEVABLE} rekaman pertama dari satu pencarian; "
                   "bagi pencarian menurut rentang tanggal")))
    if not text.strip():
        return PubMedOutcome(query, result.count, 0, result.query_translation, None)
    name = f"pubmed-{dt.date.today().isoformat()}.nbib"
    records = read_uploads([(name, text.encode("utf-8"))], fmt="nbib", warnings=warnings)
    summary = store(review, records, by, files=[name], progress=progress, job=job,
                    event={"database": "PubMed", "query": query, "hits": result.count})
    return PubMedOutcome(query, result.count, len(records), result.query_translation, summary)


def methods_text(job: IntakeJob, lang: str) -> str:
    """The sentence a methods section needs for one PubMed search (PRISMA-S items 8 and 13)."""
    date = job.searched_on.isoformat() if job.searched_on else ""
    if lang == "id":
        return (f"PubMed dicari pada {date} dengan kueri {job.query} ({job.hits or 0} hasil, "
                f"{job.result.get('records_in', 0)} rekaman diimpor).")
    return (f"PubMed was searched on {date} with the query {job.query} ({job.hits or 0} hits, "
            f"{job.result.get('records_in', 0)} records imported).")

