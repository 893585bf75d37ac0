"""Risk of bias of a review's included studies: which studies to appraise, each study's final judgements
(consensus, or the agreeing appraisals), and the comparison of two appraisers. The algorithms live in
:mod:`laktasi.review.risk_of_bias`; the plots in :mod:`laktasi.report.robvis`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from laktasi.web.review_appraisal.models import Appraisal, AppraisalSettings, Consensus
from laktasi.web.reviews.models import FULL_TEXT, INCLUDE, Review, ReviewRecord
from laktasi.web.reviews.services import final_decisions


@dataclass(frozen=True)
class FinalJudgement:
    """A study's final risk-of-bias judgements. ``source``: "consensus", "agreement" (two appraisers gave
    the same judgements) or "single" (one appraiser per study)."""

    record_pk: int
    tool: str
    domains: dict[str, str]
    overall: str
    source: str


def included(review: Review) -> models.QuerySet[ReviewRecord]:
    """The review's included studies: final full-text decision "include"."""
    ids = [pk for pk, d in final_decisions(review, FULL_TEXT).items() if d == INCLUDE]
    return review.records.filter(pk__in=ids).order_by("pk")


def appraisers_per_study(review: Review) -> int:
    row = AppraisalSettings.objects.filter(review=review).first()
    return row.appraisers if row is not None else 2


def appraisal_finals(a: Appraisal) -> dict[str, str]:
    """Domain key → the appraisal's final judgement (the override, else the algorithm's proposal)."""
    return {k: str(v.get("final") or "") for k, v in (a.domains or {}).items()}


def agree(a: Appraisal, b: Appraisal) -> bool:
    """Same tool, same final judgement in every domain and overall."""
    return a.tool == b.tool and appraisal_finals(a) == appraisal_finals(b) and a.overall == b.overall


def final_judgements(review: Review) -> dict[int, FinalJudgement]:
    """Record pk → the final judgements of each included study that has them (see :func:`overall_judgements`)."""
    pks = list(included(review).values_list("pk", flat=True))
    needed = appraisers_per_study(review)
    out: dict[int, FinalJudgement] = {}
    done: dict[int, list[Appraisal]] = {}
    for a in Appraisal.objects.filter(record_id__in=pks, complete=True).order_by("pk"):
        done.setdefault(a.record_id, []).append(a)
    for pk, rows in done.items():
        first = rows[0]
        if needed == 1:
            out[pk] = FinalJudgement(pk, first.tool, appraisal_finals(first), first.overall, "single")
        elif len(rows) >= 2 and agree(rows[0], rows[1]):
            out[pk] = FinalJudgement(pk, first.tool, appraisal_finals(first), first.overall, "agreement")
    for c in Consensus.objects.filter(record_id__in=pks):
        out[c.record_id] = FinalJudgement(c.record_id, c.tool, dict(c.domains), c.overall, "consensus")
    return dict(sorted(out.items()))


def overall_judgements(review: Review) -> dict[int, str]:
    """Record pk of each included study (final full-text decision "include") → its final overall
    risk-of-bias judgement, as a stable key:

    * RoB 2 (randomised trials): ``"low"``, ``"some_concerns"``, ``"high"``;
    * ROBINS-I (non-randomised studies): ``"low"``, ``"moderate"``, ``"serious"``, ``"critical"``,
      ``"no_information"``.

    "Final" means: the consensus if one was recorded; otherwise, with two appraisers per study (the
    default), the judgement both gave when their completed appraisals agree (same tool, same domain and
    overall judgements); with one appraiser per study, her completed appraisal. A judgement is the
    appraiser's override where she gave one (with its reason), else the published algorithm's proposal.
    Included studies not yet judged (not appraised, incomplete, or two appraisers disagreeing without a
    consensus) are absent from the mapping. Which tool gave a key: :func:`final_judgements`.
    """
    return {pk: f.overall for pk, f in final_judgements(review).items()}
