"""``{% load stopping %}``: the stopping rule's state for this reviewer's screening so far (templates/reviews/
_stopping.html shows it on the screening page).

The rule is the hypergeometric test of Callaghan & Müller-Hansen (2020, Systematic Reviews 9:273) on this
reviewer's own decisions in the order she made them (:func:`laktasi.review.stopping.stopping_state`): blind
screening stays blind, as in the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from laktasi.report.numbers import fmt_num
from laktasi.review.stopping import stopping_state
from laktasi.web.reviews.access import ui_lang
from laktasi.web.reviews.models import TITLE_ABSTRACT, Review
from laktasi.web.reviews.queue import screened_in_order

register = template.Library()

RECALL_TARGET = 0.95
CONFIDENCE = 0.95
DOI = "https://doi.org/10.1186/s13643-020-01521-4"


@dataclass(frozen=True)
class RuleView:
    """What the partial shows (numbers already formatted in the page's language)."""

    stop: bool
    no_include: bool
    screened: int
    total: int
    more: int
    p: str
    recall: str
    confidence: str
    doi: str = DOI


def _p_text(p: float, lang: str) -> str:
    return f"< {fmt_num(0.001, 3, lang)}" if p < 0.001 else f"= {fmt_num(p, 3, lang)}"


@register.simple_tag
def stopping_state_for(review: Review, stage: str, user: Any) -> RuleView | None:
    """The rule's state for ``user`` at ``stage`` (title/abstract only: the rule is for prioritised screening;
    None elsewhere or before her first decision)."""
    if stage != TITLE_ABSTRACT or not getattr(user, "is_authenticated", False):
        return None
    labels, total = screened_in_order(review, user, stage)
    if not labels or total == 0:
        return None
    state = stopping_state(labels, total, recall_target=RECALL_TARGET, confidence=CONFIDENCE)
    lang = ui_lang()
    return RuleView(stop=state.test.stop, no_include=state.more_needed is None, screened=state.test.screened,
                    total=total, more=state.more_needed or 0, p=_p_text(state.test.p_value, lang),
                    recall=f"{RECALL_TARGET:.0%}", confidence=f"{CONFIDENCE:.0%}")
