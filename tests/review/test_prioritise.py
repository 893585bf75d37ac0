"""Ranking and simulated screening (laktasi.review.prioritise / simulate)."""

from __future__ import annotations

import numpy as np
import pytest

from laktasi.review.prioritise import RANKERS, build_features, rank, record_text, scores
from laktasi.review.simulate import draw_priors, simulate
from tests.review.screening_data import labelled_set


@pytest.fixture(scope="module")
def data() -> tuple[object, list[int]]:
    titles, abstracts, labels = labelled_set()
    return build_features([record_text(t, a) for t, a in zip(titles, abstracts, strict=True)]), labels


def test_rank_lists_each_unlabelled_record_once(data) -> None:  # type: ignore[no-untyped-def]
    features, labels = data
    labelled = [0, 1, 2, int(np.flatnonzero(labels)[0])]
    order = rank(features, labelled, [labels[i] for i in labelled])
    assert sorted(order.tolist()) == sorted(set(range(len(labels))) - set(labelled))


@pytest.mark.parametrize("ranker", sorted(RANKERS))
def test_model_puts_includes_first(data, ranker: str) -> None:  # type: ignore[no-untyped-def]
    features, labels = data
    y = np.asarray(labels)
    labelled = list(np.flatnonzero(y)[:3]) + list(np.flatnonzero(y == 0)[:10])
    order = rank(features, labelled, y[labelled].tolist(), ranker=ranker)
    remaining_includes = int(y.sum()) - 3
    top = y[order[:remaining_includes * 2]]
    assert top.sum() >= 0.8 * remaining_includes   # random order would find ~15% there


def test_one_class_gives_a_reproducible_random_order(data) -> None:  # type: ignore[no-untyped-def]
    features, labels = data
    a = scores(features, [0, 1], [0, 0], rng=np.random.default_rng(3))
    b = scores(features, [0, 1], [0, 0], rng=np.random.default_rng(3))
    assert np.array_equal(a, b) and len(np.unique(a)) == len(a)


def test_unknown_ranker(data) -> None:  # type: ignore[no-untyped-def]
    features, labels = data
    with pytest.raises(KeyError, match="unknown ranker"):
        scores(features, [0, 1], [0, 1], ranker="bert")


def test_empty_texts_do_not_crash() -> None:
    features = build_features(["", "", ""])
    assert len(rank(features, [0, 1], [1, 0])) == 1


def test_priors_are_reproducible_and_of_the_right_class() -> None:
    labels = [0, 1, 0, 0, 1, 0, 1, 0]
    a = draw_priors(labels, 2, 3, seed=11)
    assert a == draw_priors(labels, 2, 3, seed=11)
    assert [labels[i] for i in a] == [1, 1, 0, 0, 0]
    with pytest.raises(ValueError):
        draw_priors(labels, 4, 1, seed=1)


def test_simulation_order_and_metrics(data) -> None:  # type: ignore[no-untyped-def]
    features, labels = data
    sim = simulate(features, labels, seed=5, stop="hypergeometric")
    assert sorted(sim.order) == list(range(len(labels)))
    assert [labels[i] for i in sim.order[:2]] == [1, 0]           # priors first: include, exclude
    assert sim.to_recall_95 <= sim.to_recall_100 <= len(labels) - 2
    assert 0.3 < sim.wss95 < 0.95                                # far better than random (0)
    assert sim.stop_at is not None and sim.recall_at_stop is not None and sim.recall_at_stop >= 0.95
    again = simulate(features, labels, seed=5, stop="hypergeometric")
    assert again.order == sim.order


def test_every_record_retrained_when_share_is_zero(data) -> None:  # type: ignore[no-untyped-def]
    features, labels = data
    steps: list[int] = []
    simulate(features, labels, seed=1, retrain_every_share=0.0, progress=lambda done, total: steps.append(done))
    assert steps == list(range(3, len(labels) + 1))
