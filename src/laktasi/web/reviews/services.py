"""What the review pages do, on the library's one path for each step: reading exports
(:func:`laktasi.review.io.read_uploads`), deduplication (:func:`laktasi.review.dedup.deduplicate`), the
screening order (:func:`laktasi.review.prioritise.rank`), agreement (:mod:`laktasi.stats.agreement`) and
PRISMA counts (:func:`laktasi.review.prisma.compute_counts`)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import models, transaction
from django.db.models import Max
from scipy import sparse

from laktasi.review.decisions import Decision
from laktasi.review.dedup import deduplicate
from laktasi.review.io import read_uploads
from laktasi.review.prioritise import Features, build_features, rank, record_text
from laktasi.review.prisma import PrismaCounts, compute_counts, review_records
from laktasi.review.records import Record
from laktasi.stats.agreement import Agreement, agreement
from laktasi.web.reviews.models import (
    EXCLUDE,
    FULL_TEXT,
    INCLUDE,
    MAYBE,
    TITLE_ABSTRACT,
    ConflictResolution,
    Review,
    ReviewEvent,
    ReviewRecord,
    ScreeningDecision,
)

REVIEWERS_PER_RECORD = 2  # blind dual screening


@dataclass(frozen=True)
class UploadResult:
    records_in: int
    duplicates: int
    kept: int
    uncertain_pairs: int


def _as_record(r: ReviewRecord) -> Record:
    return Record(title=r.title, abstract=r.abstract, authors=tuple(r.authors), year=r.year, journal=r.journal,
                  doi=r.doi, pmid=r.pmid, source_database=r.source_database, source_file=r.source_file,
                  record_id=r.record_id)


def upload(review: Review, files: Sequence[tuple[str, bytes]], by: Any, *, database: str = "") -> UploadResult:
    """Read every file (all or nothing: ``InputError`` lists each problem and nothing is stored), deduplicate
    the new records against each other and against the review's earlier records, and store them all, the
    duplicates marked with the record they duplicate. One audit event per upload."""
    new = read_uploads(files, database=database or None)
    previous_rows = list(review.records.all())
    previous = [_as_record(r) for r in previous_rows]
    taken = {r.record_id for r in previous}
    number = (review.records.aggregate(m=Max("upload"))["m"] or 0) + 1
    renamed = []
    for r in new:  # the same export uploaded twice would repeat "<file>:<n>": prefix with the upload number
        rid = r.record_id if r.record_id not in taken else f"u{number}:{r.record_id}"
        taken.add(rid)
        renamed.append(r.with_(record_id=rid))
    result = deduplicate(renamed, previous=previous)
    rows = []
    for pos in range(result.previous, result.records_in):
        r = result.records[pos]
        rows.append(ReviewRecord(
            review=review, record_id=r.record_id, title=r.title, abstract=r.abstract, authors=list(r.authors),
            year=r.year, journal=r.journal[:500], doi=r.doi[:300], pmid=r.pmid[:20],
            source_database=r.source_database[:100], source_file=r.source_file[:300],
            duplicate_of=result.duplicate_of[pos], upload=number))
    counts = result.update_counts()
    summary = UploadResult(records_in=len(rows), duplicates=counts.duplicates_removed,
                           kept=counts.records_after_dedup, uncertain_pairs=len(result.uncertain))
    with transaction.atomic():
        models.QuerySet.bulk_create(ReviewRecord._base_manager.all(), rows, batch_size=500)
        ReviewEvent.objects.create(review=review, user=by, entity="upload", object_id=str(number), action="upload",
                                   changes={"files": [name for name, _ in files], "records": summary.records_in,
                                            "duplicates": summary.duplicates, "kept": summary.kept})
    return summary


def screenable(review: Review, stage: str) -> models.QuerySet[ReviewRecord]:
    """Records to screen at ``stage``: not duplicates; at full text, those included at title/abstract."""
    qs = review.records.filter(duplicate_of="")
    if stage == FULL_TEXT:
        ids = [pk for pk, d in final_decisions(review, TITLE_ABSTRACT).items() if d == INCLUDE]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("pk")


def _stable_seed(review: Review, user_id: int, stage: str) -> int:
    digest = hashlib.sha256(f"{review.pk}:{user_id}:{stage}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


_CACHE_SIZE = 8
_features_cache: OrderedDict[tuple[int, str, str], Features] = OrderedDict()
_features_lock = threading.Lock()


def _features(review: Review, stage: str, records: list[tuple[int, str, str]]) -> Features:
    """The TF-IDF features of the stage's records, built once per record set and kept in this process (the
    matrix takes seconds for thousands of records; a retrain and rank on it takes milliseconds). The key
    holds a digest of the record pks, so an upload or a change of the full-text set builds anew."""
    digest = hashlib.sha256(",".join(str(pk) for pk, _t, _a in records).encode()).hexdigest()
    key = (int(review.pk), stage, digest)
    with _features_lock:
        if key in _features_cache:
            _features_cache.move_to_end(key)
            return _features_cache[key]
    features = build_features([record_text(t, a) for _pk, t, a in records])
    with _features_lock:
        _features_cache[key] = features
        while len(_features_cache) > _CACHE_SIZE:
            _features_cache.popitem(last=False)
    return features


def queue(review: Review, user: Any, stage: str) -> list[int]:
    """The record pks this reviewer still has to screen, in the order of
    :func:`laktasi.review.prioritise.rank`.

    The model learns from THIS reviewer's own includes and excludes only (never another reviewer's, so blind
    screening stays blind; "maybe" is no label). Until she has one include and one exclude the order is a
    stable random one, seeded by review, reviewer and stage. A record leaves everyone's queue once two
    reviewers have decided it.
    """
    records = list(screenable(review, stage).values_list("pk", "title", "abstract"))
    if not records:
        return []
    pks = [pk for pk, _t, _a in records]
    position = {pk: i for i, pk in enumerate(pks)}
    decided: dict[int, int] = defaultdict(int)
    mine: dict[int, str] = {}
    for record_id, reviewer_id, decision in ScreeningDecision.objects.filter(
            record_id__in=pks, stage=stage).values_list("record_id", "reviewer_id", "decision"):
        decided[record_id] += 1
        if reviewer_id == user.pk:
            mine[record_id] = decision
    labelled = [(position[pk], 1 if d == INCLUDE else 0) for pk, d in mine.items() if d in (INCLUDE, EXCLUDE)]
    if len({y for _, y in labelled}) < 2:
        # one class or none: rank's order is the seeded random one and never reads the features (see
        # prioritise.scores), so the TF-IDF matrix is not built
        features = Features(matrix=sparse.csr_matrix((len(records), 1)), n_records=len(records))
    else:
        features = _features(review, stage, records)
    order = rank(features, [i for i, _ in labelled], [y for _, y in labelled],
                 rng=np.random.default_rng(_stable_seed(review, user.pk, stage)))
    return [pks[i] for i in order.tolist()
            if pks[i] not in mine and decided[pks[i]] < REVIEWERS_PER_RECORD]


def _pairs(review: Review, stage: str) -> dict[int, list[ScreeningDecision]]:
    out: dict[int, list[ScreeningDecision]] = defaultdict(list)
    # first and second by creation (pk): a reviewer who changes her decision stays "first"
    for d in ScreeningDecision.objects.filter(record__review=review, stage=stage).order_by("pk"):
        out[d.record_id].append(d)
    return out


def final_decisions(review: Review, stage: str) -> dict[int, str]:
    """record pk → include/exclude: a resolution, or two reviewers agreeing (both "maybe" is a conflict)."""
    out: dict[int, str] = {}
    for pk, ds in _pairs(review, stage).items():
        if len(ds) >= REVIEWERS_PER_RECORD and ds[0].decision == ds[1].decision != MAYBE:
            out[pk] = ds[0].decision
    for r in ConflictResolution.objects.filter(record__review=review, stage=stage):
        out[r.record_id] = r.decision
    return out


@dataclass(frozen=True)
class Conflict:
    record: ReviewRecord
    decisions: tuple[ScreeningDecision, ...]
    resolution: ConflictResolution | None


def conflicts(review: Review, stage: str) -> list[Conflict]:
    """Records both reviewers decided differently (or both "maybe"), resolved or not."""
    resolutions = {r.record_id: r for r in ConflictResolution.objects.filter(record__review=review, stage=stage)}
    out = []
    records = {r.pk: r for r in review.records.all()}
    for pk, ds in sorted(_pairs(review, stage).items()):
        if len(ds) >= REVIEWERS_PER_RECORD and (ds[0].decision != ds[1].decision or ds[0].decision == MAYBE):
            out.append(Conflict(records[pk], tuple(ds[:2]), resolutions.get(pk)))
    return out


def stage_agreement(review: Review, stage: str) -> Agreement | None:
    """κ and AC1 between the first and the second decision on each record both reviewers decided."""
    first, second = [], []
    for ds in _pairs(review, stage).values():
        if len(ds) >= REVIEWERS_PER_RECORD:
            first.append(ds[0].decision)
            second.append(ds[1].decision)
    if not first:
        return None
    return agreement(first, second, [INCLUDE, EXCLUDE, MAYBE])


def prisma_counts(review: Review, lang: str) -> PrismaCounts:
    rows = list(review.records.all())
    records = [_as_record(r) for r in rows]
    decisions = []
    by_pk = {r.pk: r.record_id for r in rows}
    for stage, name in ((TITLE_ABSTRACT, "screening"), (FULL_TEXT, "eligibility")):
        # the exclusion reason PRISMA lists: the resolution's, else the first reviewer's that gave one
        reasons = {pk: next((d.reason for d in ds if d.reason), "") for pk, ds in _pairs(review, stage).items()}
        reasons |= {r.record_id: r.reason for r in ConflictResolution.objects.filter(record__review=review,
                                                                                     stage=stage)}
        for pk, d in final_decisions(review, stage).items():
            decisions.append(Decision(record_id=by_pk[pk], stage=name, decision=d, reason=reasons.get(pk, "")))
    counts, _warnings = compute_counts(review_records(records, [r.duplicate_of for r in rows]), decisions,
                                       lang=lang)
    return counts
