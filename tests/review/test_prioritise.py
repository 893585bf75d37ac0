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


def _optimum(features, labelled, y):  # type: ignore[no-untyped-def]
    """The same objective solved by liblinear (scikit-learn's LinearSVC) to a tolerance of 1e-10: the reference."""
    from sklearn.svm import LinearSVC

    from laktasi.review.prioritise import balanced_weights

    model = LinearSVC(C=0.11, tol=1e-10, max_iter=1_000_000)
    model.fit(features.matrix[labelled], y, sample_weight=balanced_weights(np.asarray(y), 9.8))
    return model.decision_function(features.matrix)


@pytest.mark.parametrize("n_labelled", [4, 40, 120])
def test_newton_solver_reaches_liblinears_optimum(data, n_labelled: int) -> None:  # type: ignore[no-untyped-def]
    from laktasi.review.prioritise import ranking

    features, labels = data
    y = np.asarray(labels)
    labelled = list(np.flatnonzero(y)[:max(1, n_labelled // 10)]) + list(np.flatnonzero(y == 0)[:n_labelled])
    ours = ranking(features, labelled, y[labelled])
    reference = _optimum(features, labelled, y[labelled])
    assert np.abs(ours.scores - reference).max() < 1e-5
    assert ours.fit is not None and ours.fit.newton_steps >= 1


def test_private_features_solved_in_closed_form() -> None:
    # every record has words no other record has (the closed-form part) beside shared ones
    from laktasi.review.prioritise import ranking

    texts = [f"milk massage word{k} token{k}" if k % 3 == 0 else f"engine road word{k} other{k}" for k in range(30)]
    features = build_features(texts)
    labelled = list(range(0, 24))
    y = np.asarray([1 if k % 3 == 0 else 0 for k in range(30)])
    ours = ranking(features, labelled, y[labelled])
    assert np.abs(ours.scores - _optimum(features, labelled, y[labelled])).max() < 1e-5


def test_warm_start_changes_the_time_not_the_model(data) -> None:  # type: ignore[no-untyped-def]
    from laktasi.review.prioritise import ranking

    features, labels = data
    y = np.asarray(labels)
    labelled = list(np.flatnonzero(y)[:4]) + list(np.flatnonzero(y == 0)[:60])
    earlier = ranking(features, labelled[:-10], y[labelled[:-10]])
    cold = ranking(features, labelled, y[labelled])
    warm = ranking(features, labelled, y[labelled], warm=earlier.fit)
    assert np.abs(cold.scores - warm.scores).max() < 1e-5 and np.array_equal(cold.order, warm.order)
    assert warm.fit is not None and cold.fit is not None and warm.fit.matvecs <= cold.fit.matvecs


def test_features_saved_and_loaded_unchanged(data, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from laktasi.review.prioritise import load_features, save_features

    features, _labels = data
    path = tmp_path / "f.npz"
    save_features(features, path)
    again = load_features(path)
    assert again.n_records == features.n_records and (again.matrix != features.matrix).nnz == 0
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left
