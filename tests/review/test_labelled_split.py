"""The labelled records' shared/private split, extended record by record (laktasi.review.labelled_split)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from laktasi.review.labelled_split import LabelledSplit, built, split_for
from laktasi.review.prioritise import build_features, fit_l2svm, record_text
from tests.review.screening_data import labelled_set


@pytest.fixture(scope="module")
def matrix() -> sparse.csr_matrix:
    titles, abstracts, _ = labelled_set()
    return build_features([record_text(t, a) for t, a in zip(titles, abstracts, strict=True)]).matrix


def _dense_shared(split: LabelledSplit) -> np.ndarray:
    x = split.matrix()
    return np.column_stack([x.matvec(np.eye(x.shape[1])[k]) for k in range(x.shape[1])])


def _reference(matrix: sparse.csr_matrix, labelled: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From scratch, densely: the shared columns (sorted), the shared block, each record's private sum of squares."""
    xl = matrix[labelled].toarray()
    counts = (xl != 0).sum(axis=0)
    shared = np.flatnonzero(counts >= 2)
    private = counts == 1
    return shared, xl[:, shared], (xl[:, private] ** 2).sum(axis=1)


def _check(split: LabelledSplit, matrix: sparse.csr_matrix, labelled: np.ndarray) -> None:
    shared, block, p = _reference(matrix, labelled)
    columns = split.shared_columns
    assert sorted(columns.tolist()) == shared.tolist()
    # the split numbers its shared columns in the order they turned shared: compare column by column
    order = np.argsort(columns)
    np.testing.assert_allclose(_dense_shared(split)[:, order], block, rtol=0, atol=1e-15)
    np.testing.assert_allclose(split.p, p, rtol=1e-12, atol=1e-15)
    x = split.matrix()
    u = np.linspace(-1.0, 2.0, len(labelled))
    np.testing.assert_allclose(x.rmatvec(u)[order], block.T @ u, atol=1e-12)
    np.testing.assert_allclose(x.rmatvec_squared(u)[order], (block ** 2).T @ u, atol=1e-12)


def test_built_in_one_pass_matches_the_dense_split(matrix) -> None:  # type: ignore[no-untyped-def]
    labelled = np.random.default_rng(3).permutation(matrix.shape[0])[:40]
    _check(built(matrix, labelled), matrix, labelled)


def test_extended_record_by_record_matches_the_dense_split(matrix) -> None:  # type: ignore[no-untyped-def]
    labelled = np.random.default_rng(4).permutation(matrix.shape[0])[:60]
    split = built(matrix, labelled[:2])
    for n in range(3, 61):
        split = split_for(matrix, labelled[:n], split)
        assert len(split.rows) == n
    _check(split, matrix, labelled)


def test_extended_by_several_records_at_once(matrix) -> None:  # type: ignore[no-untyped-def]
    labelled = np.random.default_rng(5).permutation(matrix.shape[0])[:50]
    split = built(matrix, labelled[:10])
    for n in (13, 20, 21, 50):
        split = split_for(matrix, labelled[:n], split)
    _check(split, matrix, labelled)


def test_extending_a_split_twice_leaves_the_first_extension_intact(matrix) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(6)
    base = rng.permutation(matrix.shape[0])[:30]
    rest = np.setdiff1d(np.arange(matrix.shape[0]), base)
    one, other = np.concatenate([base, rest[:5]]), np.concatenate([base, rest[5:12]])
    start = built(matrix, base)
    first = split_for(matrix, one, start)
    second = split_for(matrix, other, start)  # shares the growing storage with `first`: must not overwrite it
    _check(first, matrix, one)
    _check(second, matrix, other)
    _check(start, matrix, base)


def test_a_labelled_list_that_does_not_continue_the_split_is_built_afresh(matrix) -> None:  # type: ignore[no-untyped-def]
    labelled = np.arange(20)
    start = built(matrix, labelled)
    reordered = labelled[::-1].copy()
    assert not start.continues(reordered)
    _check(split_for(matrix, reordered, start), matrix, reordered)


def test_the_fit_is_the_same_extended_or_built(matrix) -> None:  # type: ignore[no-untyped-def]
    _, _, labels = labelled_set()
    y = np.asarray(labels)
    labelled = np.concatenate([np.flatnonzero(y)[:3], np.flatnonzero(y == 0)[:50]])
    warm = fit_l2svm(matrix, labelled[:30], y[labelled[:30]])
    for n in range(31, len(labelled) + 1):
        warm = fit_l2svm(matrix, labelled[:n], y[labelled[:n]], warm=warm)
    cold = fit_l2svm(matrix, labelled, y[labelled])
    assert warm.split is not None and len(warm.split.rows) == len(labelled)
    np.testing.assert_allclose(matrix @ warm.coef + warm.intercept, matrix @ cold.coef + cold.intercept,
                               atol=1e-5)  # the solver stops ~1e-6 from the optimum


def test_records_without_text_and_without_shared_words_keep_their_rows() -> None:
    texts = ["milk massage oxytocin", "", "milk volume", "engine repair", "", "massage volume milk", "lonely"]
    matrix = build_features(texts).matrix
    labelled = np.asarray([1, 0, 4, 2, 6, 5, 3])
    _check(built(matrix, labelled), matrix, labelled)
    extended = built(matrix, labelled[:2])
    for n in range(3, len(labelled) + 1):
        extended = split_for(matrix, labelled[:n], extended)
    _check(extended, matrix, labelled)
