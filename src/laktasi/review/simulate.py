"""Simulated screening of a labelled set: how early would the model have shown the includes?

The labelled set stands in for a reviewer: the priors (a few includes and excludes drawn from the
seed) are labelled first, then the model ranks the rest, the top record is "screened" (its label
revealed), and the model is retrained as labels arrive. The result holds the order and the
metrics ASReview reports, plus where the stopping rule would have stopped and the recall there.

By default the model is retrained after *every* label, as ASReview LAB does: with the same model this gives
ASReview's order (and so its WSS) record for record, in a fraction of its time, because each retrain starts
from the previous fit (a warm start: the same model, found in fewer iterations) and extends the previous
retrain's split of the labelled features by the one new record instead of rebuilding it
(:mod:`laktasi.review.labelled_split`). ``retrain_every_share`` > 0 retrains in batches instead — after
every label until ``retrain_every_share × labelled`` exceeds one, then after that many labels (0.02: after
500 labels, every 10) — several times faster again, at a small cost in WSS (docs/review-screening.md). The
ranking between retrains is the last model's, exactly what a reviewer screening a batch would see.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from laktasi.review.prioritise import DEFAULT_RANKER, Features, Fit, ranking
from laktasi.review.screening_metrics import recall_at, records_to_recall, wss
from laktasi.review.stopping import StoppingTest, hypergeometric_test

STOP_RULES = ("none", "hypergeometric")


@dataclass(frozen=True)
class Simulation:
    """One simulated screening run. ``order``: 0-based record indices, priors first."""

    order: tuple[int, ...]
    n_priors: int
    n_records: int
    n_includes: int
    wss95: float
    wss100: float
    recall_at_10: float
    to_recall_95: int
    to_recall_100: int
    stop_rule: str
    stop_at: int | None          # records screened (priors included) when the rule said stop
    recall_at_stop: float | None
    stop_test: StoppingTest | None
    seed: int
    ranker: str


def draw_priors(labels: npt.ArrayLike, n_included: int, n_excluded: int, seed: int) -> list[int]:
    """The prior records, drawn reproducibly from ``seed``: includes first, then excludes."""
    y = np.asarray(labels, dtype=np.int64)
    inc = np.flatnonzero(y == 1)
    exc = np.flatnonzero(y == 0)
    if n_included > len(inc) or n_excluded > len(exc):
        raise ValueError(f"cannot draw {n_included} included and {n_excluded} excluded priors from "
                         f"{len(inc)} included and {len(exc)} excluded records")
    rng = np.random.default_rng(seed)
    chosen = list(rng.choice(inc, n_included, replace=False)) + list(rng.choice(exc, n_excluded, replace=False))
    return [int(i) for i in chosen]


def simulate(features: Features, labels: npt.ArrayLike, *, seed: int, prior_included: int = 1,
             prior_excluded: int = 1, ranker: str = DEFAULT_RANKER, stop: str = "none",
             recall_target: float = 0.95, confidence: float = 0.95, retrain_every_share: float = 0.0,
             progress: Callable[[int, int], None] | None = None) -> Simulation:
    """Screen the labelled set to the end; with a ``stop`` rule, also where it would have stopped.

    The run always goes on to the last record, because the metrics (WSS, recall at 10%) need the
    whole order; ``stop_at`` and ``recall_at_stop`` say what a reviewer following the rule would
    have screened and found.
    """
    if stop not in STOP_RULES:
        raise ValueError(f"unknown stopping rule {stop!r}; known: {', '.join(STOP_RULES)}")
    y = np.asarray(labels, dtype=np.int64)
    n = len(y)
    if n != features.n_records:
        raise ValueError("labels and features differ in length")
    order = draw_priors(y, prior_included, prior_excluded, seed)
    n_priors = len(order)
    rng = np.random.default_rng(seed)
    stop_test: StoppingTest | None = None
    stop_at: int | None = None
    last: Fit | None = None
    while len(order) < n:
        batch = max(1, math.floor(retrain_every_share * len(order)))
        ranked = ranking(features, order, y[order], ranker=ranker, rng=rng, warm=last)
        last = ranked.fit
        order.extend(int(i) for i in ranked.order[:batch])
        if progress is not None:
            progress(len(order), n)
        if stop != "none" and stop_at is None:
            test = hypergeometric_test(y[order], n, recall_target=recall_target, confidence=confidence)
            if test.stop:
                stop_at, stop_test = len(order), test
    after = y[order[n_priors:]]
    total_inc = int(y.sum())
    recall_stop = None if stop_at is None else float(y[order[:stop_at]].sum() / total_inc)
    return Simulation(
        order=tuple(order), n_priors=n_priors, n_records=n, n_includes=total_inc,
        wss95=wss(after, 0.95), wss100=wss(after, 1.0), recall_at_10=recall_at(after, 0.10),
        to_recall_95=records_to_recall(after, 0.95), to_recall_100=records_to_recall(after, 1.0),
        stop_rule=stop, stop_at=stop_at, recall_at_stop=recall_stop, stop_test=stop_test, seed=seed,
        ranker=ranker)
