"""Risk of bias of a review's included studies: which studies to appraise, each study's final judgements
(consensus, or the agreeing appraisals), and the comparison of two appraisers. The algorithms live in
:mod:`laktasi.review.risk_of_bias`; the plots in :mod:`laktasi.report.robvis`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from laktasi.review import risk_of_bias as rob
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


def judgement_label(key: str, lang: str) -> str:
    """The label of a judgement key of :func:`overall_judgements` in ``lang`` ("id"/"en"), e.g.
    ``"some_concerns"`` → "Beberapa kekhawatiran" / "Some concerns" (the keys do not overlap between the
    tools except "low", labelled alike); an unknown key is returned as it is."""
    for tool_key in rob.TOOLS:
        t = rob.tool(tool_key)
        if key in t.judgement_labels:
            return t.judgement_label(key, lang)
    return key


# ---------------------------------------------------------------------------------------------------------
# Appraising: the state of a form, saving through the library, comparing two appraisers
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormState:
    """What one appraiser entered: the tool, the result assessed, answers, domain judgements chosen
    (domain → (judgement, reason); "" = the proposal) and the overall override ("" = the proposal)."""

    tool: str
    result: str
    answers: dict[str, str]
    judgements: dict[str, tuple[str, str]]
    overall: tuple[str, str]


def state_of(a: Appraisal) -> FormState:
    judgements = {k: (str(v.get("final") or "") if v.get("final") != v.get("proposed") else "",
                      str(v.get("reason") or "")) for k, v in (a.domains or {}).items()}
    overall = (a.overall if a.overall and a.overall != a.overall_proposed else "", a.overall_reason)
    return FormState(a.tool, a.result, dict(a.answers or {}), judgements, overall)


def state_from_post(post: Mapping[str, str], tool_key: str) -> FormState:
    t = rob.tool(tool_key)
    answers = {q.id: post.get(f"q_{q.id}", "") for d in t.domains for q in d.questions if post.get(f"q_{q.id}")}
    judgements = {d.key: (post.get(f"j_{d.key}", ""), post.get(f"r_{d.key}", "")) for d in t.domains}
    return FormState(tool_key, post.get("result", "").strip()[:300], answers, judgements,
                     (post.get("overall", ""), post.get("overall_reason", "")))


def evaluate(state: FormState) -> rob.Assessment:
    """The library's judgement of a form state (raises InputError for an invalid answer or override)."""
    return rob.assess(state.tool, state.answers, state.judgements, state.overall if state.overall[0] else None)


def save_appraisal(a: Appraisal, state: FormState, user: Any, finish: bool) -> rob.Assessment:
    """Store the state and its judgements; ``complete`` only when asked and nothing is missing."""
    result = evaluate(state)
    a.tool, a.result, a.answers = state.tool, state.result, state.answers
    a.domains = {d.key: {"proposed": d.proposed, "final": d.final, "reason": d.reason if d.overridden or
                         d.proposed is None else ""} for d in result.domains}
    a.overall_proposed = result.overall_proposed or ""
    a.overall = result.overall or ""
    a.overall_reason = result.overall_reason
    a.complete = finish and result.complete
    a.save(by=user, reason="; ".join(f"{d.key}: {d.reason}" for d in result.domains if d.overridden)
           + (f"; overall: {result.overall_reason}" if result.overall_reason else ""))
    return result


def completed(record: ReviewRecord) -> list[Appraisal]:
    return list(Appraisal.objects.filter(record=record, complete=True).select_related("appraiser").order_by("pk"))


@dataclass(frozen=True)
class StudyStatus:
    record: ReviewRecord
    mine: Appraisal | None
    done: int  # completed appraisals
    started: int
    final: FinalJudgement | None
    needs_consensus: bool


def statuses(review: Review, user: Any) -> list[StudyStatus]:
    """Each included study with this user's own appraisal, how many appraisers have finished (never what
    they judged), the final judgement and whether a consensus is needed."""
    finals = final_judgements(review)
    needed = appraisers_per_study(review)
    rows = []
    records = list(included(review))
    by_record: dict[int, list[Appraisal]] = {}
    for a in Appraisal.objects.filter(record__in=records).order_by("pk"):
        by_record.setdefault(a.record_id, []).append(a)
    for r in records:
        apps = by_record.get(r.pk, [])
        done = sum(a.complete for a in apps)
        rows.append(StudyStatus(r, next((a for a in apps if a.appraiser_id == user.pk), None), done, len(apps),
                                finals.get(r.pk), needed >= 2 and done >= 2 and r.pk not in finals))
    return rows


def study_label(r: ReviewRecord) -> str:
    """"Sari 2021" from the first author's family name and the year, else the record's title."""
    first = str(r.authors[0]).split(",")[0].strip() if r.authors else ""
    label = " ".join(x for x in (first, str(r.year or "")) if x)
    return label or r.title[:40] or r.record_id
