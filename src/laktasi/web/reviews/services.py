"""What the screening pages do, on the library's one path for each step: agreement
(:mod:`laktasi.stats.agreement`) and PRISMA counts (:func:`laktasi.review.prisma.compute_counts`). Reading
exports and deduplication: :mod:`laktasi.web.review_intake`; the screening order: :mod:`.queue`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import models

from laktasi.review.decisions import Decision
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
    ReviewRecord,
    ScreeningDecision,
)

REVIEWERS_PER_RECORD = 2  # blind dual screening


def as_record(r: ReviewRecord) -> Record:
    return Record(title=r.title, abstract=r.abstract, authors=tuple(r.authors), year=r.year, journal=r.journal,
                  doi=r.doi, pmid=r.pmid, source_database=r.source_database, source_file=r.source_file,
                  record_id=r.record_id)


def screenable(review: Review, stage: str) -> models.QuerySet[ReviewRecord]:
    """Records to screen at ``stage``: not duplicates; at full text, those included at title/abstract."""
    qs = review.records.filter(duplicate_of="")
    if stage == FULL_TEXT:
        ids = [pk for pk, d in final_decisions(review, TITLE_ABSTRACT).items() if d == INCLUDE]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("pk")


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
    records = [as_record(r) for r in rows]
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
