"""What the screening pages do, on the library's one path for each step: agreement
(:mod:`laktasi.stats.agreement`) and PRISMA counts (:func:`laktasi.review.prisma.compute_counts`). Reading
exports and deduplication: :mod:`laktasi.web.review_intake`; the screening order: :mod:`.queue`.

Screening is blind and dual by default; a review may switch a stage to single screening
(:meth:`Review.reviewers_per_record`): then one include or exclude is final, and a "maybe" waits on the
conflicts page for another member."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import models, transaction
from django.db.models import Count

from laktasi.errors import Warning_
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
    ExclusionReason,
    RecordLabel,
    RecordNote,
    Retrieval,
    Review,
    ReviewRecord,
    ScreeningDecision,
)

REVIEWERS_PER_RECORD = 2  # blind dual screening, the default; a review's own setting: reviewers_per_record()


def reviewers_per_record(review: Review, stage: str) -> int:
    return review.reviewers_per_record(stage)


def as_record(r: ReviewRecord) -> Record:
    return Record(title=r.title, abstract=r.abstract, authors=tuple(r.authors), year=r.year, journal=r.journal,
                  volume=r.volume, issue=r.issue, pages=r.pages, doi=r.doi, pmid=r.pmid,
                  source_database=r.source_database, source_file=r.source_file, record_id=r.record_id)


def screenable(review: Review, stage: str) -> models.QuerySet[ReviewRecord]:
    """Records to screen at ``stage``: not duplicates; at full text, those included at title/abstract whose full
    text was not marked "not retrieved"."""
    qs = review.records.filter(duplicate_of="")
    if stage == FULL_TEXT:
        ids = [pk for pk, d in final_decisions(review, TITLE_ABSTRACT).items() if d == INCLUDE]
        missing = Retrieval.objects.filter(record__review=review, not_retrieved=True).values_list("record_id",
                                                                                                 flat=True)
        qs = qs.filter(pk__in=ids).exclude(pk__in=list(missing))
    return qs.order_by("pk")


def still_open(review: Review, stage: str, pks: Iterable[int]) -> list[int]:
    """``pks`` (in order) without the records that already have as many decisions as the stage needs (one
    under single screening). The queue counts two; this makes single screening end a record at once."""
    wanted = list(pks)
    need = reviewers_per_record(review, stage)
    if need >= REVIEWERS_PER_RECORD or not wanted:
        return wanted
    full = set(ScreeningDecision.objects.filter(record__review=review, stage=stage).order_by().values("record_id")
               .annotate(n=Count("pk")).filter(n__gte=need).values_list("record_id", flat=True))
    return [pk for pk in wanted if pk not in full]


def _pairs(review: Review, stage: str) -> dict[int, list[ScreeningDecision]]:
    out: dict[int, list[ScreeningDecision]] = defaultdict(list)
    # first and second by creation (pk): a reviewer who changes her decision stays "first"
    for d in ScreeningDecision.objects.filter(record__review=review, stage=stage).select_related(
            "exclusion_reason").order_by("pk"):
        out[d.record_id].append(d)
    return out


def _counted(ds: list[ScreeningDecision], need: int) -> int:
    """How many of a record's decisions count: the stage's number, but both when two reviewers decided (a record
    screened by two before the stage was switched to single screening still needs them to agree)."""
    return max(need, min(len(ds), REVIEWERS_PER_RECORD))


def _agreed(ds: list[ScreeningDecision], need: int) -> str | None:
    """The final include/exclude of the counted decisions if they agree, else None ("maybe" is never final)."""
    need = _counted(ds, need)
    if len(ds) < need:
        return None
    first = ds[:need]
    if all(d.decision == first[0].decision for d in first) and first[0].decision != MAYBE:
        return first[0].decision
    return None


def final_decisions(review: Review, stage: str) -> dict[int, str]:
    """record pk → include/exclude: a resolution, or the stage's reviewers agreeing (dual: both the same and not
    "maybe"; single: the one decision, unless "maybe")."""
    need = reviewers_per_record(review, stage)
    out: dict[int, str] = {}
    for pk, ds in _pairs(review, stage).items():
        decided = _agreed(ds, need)
        if decided is not None:
            out[pk] = decided
    for r in ConflictResolution.objects.filter(record__review=review, stage=stage):
        out[r.record_id] = r.decision
    return out


@dataclass(frozen=True)
class Conflict:
    record: ReviewRecord
    decisions: tuple[ScreeningDecision, ...]
    resolution: ConflictResolution | None


def conflicts(review: Review, stage: str) -> list[Conflict]:
    """Records whose reviewers all decided and disagree, or said "maybe" (under single screening: the one
    "maybe"), resolved or not."""
    need = reviewers_per_record(review, stage)
    resolutions = {r.record_id: r for r in ConflictResolution.objects.filter(record__review=review, stage=stage)
                   .select_related("resolved_by", "exclusion_reason")}
    pairs = _pairs(review, stage)
    open_pks = [pk for pk, ds in pairs.items() if len(ds) >= need and _agreed(ds, need) is None]
    records = {r.pk: r for r in review.records.filter(pk__in=open_pks)}
    return [Conflict(records[pk], tuple(pairs[pk][:_counted(pairs[pk], need)]), resolutions.get(pk))
            for pk in sorted(open_pks)]


def _clipped(ci: tuple[float, float] | None) -> tuple[float, float] | None:
    return None if ci is None else (max(-1.0, ci[0]), min(1.0, ci[1]))


def stage_agreement(review: Review, stage: str) -> Agreement | None:
    """κ and AC1 between the first and the second decision on each record two reviewers decided (none under
    single screening unless two happened to decide). The large-sample intervals are cut at −1 and 1, the
    coefficients' range (as psych::cohen.kappa does): with few records they would reach past it."""
    first, second = [], []
    for ds in _pairs(review, stage).values():
        if len(ds) >= 2:
            first.append(ds[0].decision)
            second.append(ds[1].decision)
    if not first:
        return None
    a = agreement(first, second, [INCLUDE, EXCLUDE, MAYBE])
    return replace(a, kappa_ci=_clipped(a.kappa_ci), ac1_ci=_clipped(a.ac1_ci))


@dataclass(frozen=True)
class Remark:
    """What one screener of a conflicting record wrote on it: her note and her labels."""

    username: str
    note: str
    labels: tuple[str, ...]


def screeners_remarks(rows: list[Conflict]) -> dict[int, list[Remark]]:
    """record pk → the notes and labels of the members who screened it, for the conflicts page only (the record
    is no longer blind there: both decisions are shown)."""
    who = {(c.record.pk, d.reviewer_id) for c in rows for d in c.decisions}
    pks = {pk for pk, _u in who}
    notes: dict[tuple[int, int], str] = {}
    for record_id, author_id, text in RecordNote.objects.filter(record_id__in=pks).values_list(
            "record_id", "author_id", "text"):
        if (record_id, author_id) in who and text:
            notes[(record_id, author_id)] = text
    labels: dict[tuple[int, int], list[str]] = defaultdict(list)
    for record_id, user_id, name in RecordLabel.objects.filter(record_id__in=pks, active=True).values_list(
            "record_id", "user_id", "name"):
        if (record_id, user_id) in who:
            labels[(record_id, user_id)].append(name)
    out: dict[int, list[Remark]] = defaultdict(list)
    for c in rows:
        for d in c.decisions:
            key = (c.record.pk, d.reviewer_id)
            if key in notes or key in labels:
                out[c.record.pk].append(Remark(d.reviewer.username, notes.get(key, ""), tuple(labels.get(key, []))))
    return dict(out)


DEFAULT_REASONS = [
    ("Populasi tidak sesuai", "Wrong population"),
    ("Intervensi tidak sesuai", "Wrong intervention"),
    ("Pembanding tidak sesuai", "Wrong comparator"),
    ("Luaran tidak sesuai", "Wrong outcomes"),
    ("Desain studi tidak sesuai", "Wrong study design"),
    ("Latar tidak sesuai", "Wrong setting"),
    ("Bukan laporan penelitian primer", "Not a primary study report"),
    ("Duplikat laporan yang sama", "Duplicate report of the same study"),
]


def exclusion_reasons(review: Review, by: Any = None, *, active_only: bool = True) -> list[ExclusionReason]:
    """The review's exclusion reasons; a review without any gets the default list (written as ``by``)."""
    rows = list(review.exclusion_reasons.all())
    if not rows and by is not None:
        with transaction.atomic():
            # the review's row is the lock: two first visits at once write the list once
            Review.objects.select_for_update().filter(pk=review.pk).first()
            rows = list(review.exclusion_reasons.all())
            for i, (label_id, label_en) in enumerate(DEFAULT_REASONS if not rows else []):
                row = ExclusionReason(review=review, label_id=label_id, label_en=label_en, order=i + 1)
                row.save(by=by, reason="default list")
                rows.append(row)
    return [r for r in rows if r.active or not active_only]


def _reason_text(d: ScreeningDecision | ConflictResolution, lang: str) -> str:
    return d.exclusion_reason.label(lang) if d.exclusion_reason_id and d.exclusion_reason else d.reason


def prisma_counts(review: Review, lang: str) -> PrismaCounts:
    """PRISMA 2020 counts: title/abstract = screening, "not retrieved" = retrieval, full text = eligibility with
    the exclusion reason from the review's list (in ``lang``)."""
    return prisma_counts_and_warnings(review, lang)[0]


STAGE_NAMES = {TITLE_ABSTRACT: "screening", FULL_TEXT: "eligibility"}  # laktasi.review.decisions' stage names


def final_decisions_with_reasons(review: Review, lang: str, record_ids: dict[int, str] | None = None,
                                 ) -> list[tuple[int, Decision]]:
    """Every final decision of the review as the library's :class:`Decision` beside its record's pk: screening
    and eligibility (a resolution, or the reviewers agreeing; an exclusion's reason the resolution's, else the
    first decision's that gave one, from the review's list in ``lang``) and "not retrieved" full texts.

    The one source of what PRISMA counts and what the exports write, so the two cannot disagree. Listed by stage,
    then record pk. ``record_ids`` (pk → record id) spares reading them when the caller has the records."""
    by_pk = record_ids if record_ids is not None else dict(review.records.values_list("pk", "record_id"))
    out: list[tuple[int, Decision]] = []
    for stage, name in STAGE_NAMES.items():
        reasons = {pk: next((_reason_text(d, lang) for d in ds if _reason_text(d, lang)), "")
                   for pk, ds in _pairs(review, stage).items()}
        reasons |= {r.record_id: _reason_text(r, lang) for r in ConflictResolution.objects.filter(
            record__review=review, stage=stage).select_related("exclusion_reason")}
        for pk, d in sorted(final_decisions(review, stage).items()):
            reason = reasons.get(pk, "") if d == EXCLUDE else ""
            out.append((pk, Decision(record_id=by_pk[pk], stage=name, decision=d, reason=reason)))
    for pk, reason in sorted(Retrieval.objects.filter(record__review=review, not_retrieved=True).values_list(
            "record_id", "reason")):
        out.append((pk, Decision(record_id=by_pk[pk], stage="retrieval", decision="not_retrieved", reason=reason)))
    return out


def prisma_counts_and_warnings(review: Review, lang: str) -> tuple[PrismaCounts, list[Warning_]]:
    """:func:`prisma_counts` with the library's warnings (records still without a decision, ...)."""
    rows = list(review.records.all())
    decisions = [d for _, d in final_decisions_with_reasons(review, lang, {r.pk: r.record_id for r in rows})]
    return compute_counts(review_records([as_record(r) for r in rows], [r.duplicate_of for r in rows]), decisions,
                          lang=lang)


def terms(text: str) -> list[str]:
    return [t.strip() for t in text.splitlines() if t.strip()]
