"""A laktasi home-care study's own result as a data block of a review, in one step.

The study is analysed on the library's one path (:func:`laktasi.web.exports.analysis.analyse_study`, what
the study's "Analyse" page and ``laktasi analyze`` run); its primary outcome's per-arm n, mean and SD come
from the analysis's descriptives (:func:`laktasi.trial.analysis.describe`: the last compared time point, or
the change from the first, complete pairs only). Read-only use of the studies app.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from laktasi.errors import Text
from laktasi.web.exports.analysis import analyse_study
from laktasi.web.review_extraction.models import MEAN_SD, EffectBlock
from laktasi.web.reviews.models import Review
from laktasi.web.studies.models import Membership, Study

CHANGE, POST = "change", "post"
BASES = (CHANGE, POST)


def studies_of(user: Any) -> list[Study]:
    """Studies the user may export from (read-only use)."""
    rows = Membership.objects.filter(user=user, active=True).select_related("study").order_by("study__name")
    return [m.study for m in rows if m.can("export")]


@dataclass(frozen=True)
class OwnResult:
    values: dict[str, float] | None
    problem: Text | None
    outcome_name: str = ""


def primary_result(study: Study, basis: str = CHANGE) -> OwnResult:
    """n, mean and SD per arm (intervention = ``_t``, reference arm = ``_c``) of the primary outcome."""
    outcome = analyse_study(study)
    a = outcome.analysis
    if a is None:
        why = "; ".join(p.text.en for p in outcome.problems) or "no data"
        why_id = "; ".join(p.text.id for p in outcome.problems) or "tidak ada data"
        return OwnResult(None, Text(en=f"the study cannot be analysed yet: {why}",
                                    id=f"studi belum dapat dianalisis: {why_id}"))
    if len(a.arms) != 2:
        return OwnResult(None, Text(en="only a two-arm study can be pooled as a comparison",
                                    id="hanya studi dua kelompok yang dapat digabungkan sebagai perbandingan"))
    primary = next((o for o in a.outcomes if o.kind == "continuous"), None)
    if primary is None:
        return OwnResult(None, Text(en="the study has no continuous outcome", id="studi tidak memiliki luaran kontinu"))
    time = "change" if basis == CHANGE else primary.compared[1]
    d = a.descriptives
    values: dict[str, float] = {}
    other = next(arm for arm in a.arms if arm != a.reference_arm)
    for suffix, arm in (("t", other), ("c", a.reference_arm)):
        row = d[(d["outcome"] == primary.name) & (d["arm"] == arm) & (d["time"] == time)]
        if row.empty:
            return OwnResult(None, Text(en=f"no values for arm {arm}", id=f"tidak ada nilai untuk kelompok {arm}"))
        n, mean, sd = (float(row.iloc[0][c]) for c in ("n", "mean", "sd"))
        if not (n >= 2 and math.isfinite(mean) and math.isfinite(sd) and sd > 0):
            return OwnResult(None, Text(en=f"arm {arm} needs at least 2 complete pairs with some spread",
                                        id=f"kelompok {arm} memerlukan sedikitnya 2 pasang data lengkap yang bervariasi"))
        values |= {f"n_{suffix}": int(n), f"mean_{suffix}": mean, f"sd_{suffix}": sd}  # n: a whole number
    return OwnResult(values, None, primary.label or primary.name)


def add_own_study(review: Review, study: Study, outcome: str, basis: str, user: Any) -> tuple[EffectBlock | None,
                                                                                               Text | None]:
    """Create (or refresh) the review's block for the study's primary outcome; labelled as the team's own."""
    result = primary_result(study, basis)
    if result.values is None:
        return None, result.problem
    row = (EffectBlock.objects.filter(review=review, study=study, outcome=outcome, active=True).first()
           or EffectBlock(review=review, study=study, outcome=outcome, kind=MEAN_SD, entered_by=user))
    row.label = f"{study.name} (laktasi)"
    row.kind, row.values = MEAN_SD, result.values
    what = "change from baseline" if basis == CHANGE else "post values"
    row.note = f"own laktasi study {study.pk}, {result.outcome_name}, {what}"
    row.save(by=user, reason=f"own study {study.pk} added ({what})")
    return row, None
