"""Screening metrics against ASReview-insights 1.6.1 and Cohen et al. (2006).

tests/fixtures/screening/insights_metrics.json was computed by ASReview-insights' own functions
(r/screening/insights_reference.py) on hand-made orders. Recall after a share screened must match
exactly. WSS: laktasi reports Cohen's definition, (N − records to reach r)/N − (1 − r), as the
benchmarks it is compared on do; insights' own variant (``wss_insights``) must match insights exactly.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from laktasi.review.screening_metrics import recall_at, records_to_recall, wss, wss_insights

REFERENCE = json.loads((Path(__file__).parents[1] / "fixtures" / "screening" / "insights_metrics.json")
                       .read_text(encoding="utf-8"))["orders"]


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_recall_at_share_matches_insights(name: str) -> None:
    ref = REFERENCE[name]
    assert recall_at(ref["labels"], 0.10) == pytest.approx(ref["recall_at_10"], abs=1e-12)
    assert recall_at(ref["labels"], 0.25) == pytest.approx(ref["recall_at_25"], abs=1e-12)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_wss_is_cohens_and_insights_variant_matches(name: str) -> None:
    ref = REFERENCE[name]
    labels = ref["labels"]
    n = len(labels)
    for r, key in ((0.95, "wss_insights_95"), (1.0, "wss_insights_100")):
        needed = math.ceil(r * sum(labels) - 1e-9)
        screened = next(k for k in range(1, n + 1) if sum(labels[:k]) >= needed)
        assert wss(labels, r) == pytest.approx((n - screened) / n - (1 - r), abs=1e-12)   # Cohen 2006, eq. 1
        assert wss_insights(labels, r) == pytest.approx(ref[key], abs=1e-12)


def test_hand_counted_cases() -> None:
    order = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]   # 5 includes, N = 20
    assert records_to_recall(order, 0.95) == 20      # 95% of 5 = 4.75 -> all five
    assert records_to_recall(order, 0.80) == 11      # four includes
    assert wss(order, 0.80) == pytest.approx((20 - 11) / 20 - 0.20)
    assert recall_at(order, 0.10) == pytest.approx(1 / 5)      # two records screened


@pytest.mark.parametrize("bad", [[], [0, 0, 0], [1, 2, 0]])
def test_metrics_refuse_meaningless_input(bad: list[int]) -> None:
    with pytest.raises(ValueError):
        wss(bad)
