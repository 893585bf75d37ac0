"""Screening prioritisation: learn from the screening decisions so far, rank the unscreened records.

A *ranker* is a plug-in keyed by name (:data:`RANKERS`): it receives the feature matrix of every
record, the indices and labels (1 include, 0 exclude) screened so far, and returns a relevance
score per record. The screening queue shows the unscreened records by descending score ("max"
query, as ASReview does); :func:`rank` is that queue.

Rankers shipped:

``"laktasi"`` (default)
    TF-IDF of title + abstract (word uni- and bigrams) and a squared-hinge linear SVM with the
    includes up-weighted — the configuration of ASReview LAB 3's default model "ELAS u4", which
    on the tuning sets no variant tried beat consistently (logistic regression, ensembles,
    keywords, SGD, naive Bayes: see ``benchmarks/screening.py`` and docs/review-screening.md).
    What laktasi adds is the retraining schedule of :mod:`laktasi.review.simulate` (the same
    ranking in a fraction of the time) and a stopping rule with a guarantee.
``"asreview"``
    The same model, named for comparisons.
``"logistic"``, ``"ensemble"``
    A class-weighted logistic regression, and its rank-average with the SVM (slower; kept as
    plug-ins to compare).

Features are built once for the whole set (:func:`build_features`), as ASReview does: TF-IDF is
unsupervised, so fitting it on every record's text leaks no labels.

References: van de Schoot R. et al. (2021) An open source machine learning framework for efficient
and transparent systematic reviews. *Nature Machine Intelligence* 3:125–133; Cohen A.M. et al.
(2006) Reducing workload in systematic review preparation using automated citation
classification. *JAMIA* 13:206–219.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.stats import rankdata
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Features:
    """The feature matrix of a record set (one row per record, in input order)."""

    matrix: sparse.csr_matrix
    n_records: int


def record_text(title: str | None, abstract: str | None) -> str:
    """The text a model reads: title and abstract (missing parts are empty)."""
    return f"{title or ''} {abstract or ''}".strip()


def build_features(texts: Sequence[str]) -> Features:
    """TF-IDF of word unigrams and bigrams (sublinear term frequency; terms in > 95% of records dropped).

    These are ASReview LAB 2/3's default TF-IDF settings (model "ELAS u4").

    >>> f = build_features(["oxytocin massage milk", "massage milk volume", "unrelated topic"])
    >>> f.n_records, f.matrix.shape[0]
    (3, 3)
    """
    max_df = 0.95 if len(texts) >= 20 else 1.0
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_df=max_df, dtype=np.float64)
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # every text empty: nothing to learn from
        matrix = sparse.csr_matrix((len(texts), 1), dtype=np.float64)
    return Features(matrix=sparse.csr_matrix(matrix), n_records=len(texts))


Ranker = Callable[[Features, IntArray, IntArray], FloatArray]


def _one_class(labels: IntArray) -> bool:
    return bool(labels.min() == labels.max())


def balanced_weights(labels: IntArray, ratio: float) -> FloatArray:
    """Sample weights giving the includes ``ratio`` times the weight of a class-balanced fit.

    ASReview's "balanced" balancer: includes weigh 1, excludes ``n_inc / (ratio · n_exc)``,
    rescaled to sum to the number of records.
    """
    n_inc = int(labels.sum())
    n_exc = len(labels) - n_inc
    weights = np.where(labels == 1, 1.0, n_inc / (ratio * n_exc))
    return np.asarray(weights * len(labels) / weights.sum(), dtype=np.float64)


def _svm(features: Features, labelled: IntArray, labels: IntArray) -> FloatArray:
    # ASReview LAB 3 "ELAS u4": squared-hinge linear SVM, C = 0.11, includes weighted 9.8× balanced
    model = LinearSVC(C=0.11, loss="squared_hinge")
    model.fit(features.matrix[labelled], labels, sample_weight=balanced_weights(labels, 9.8))
    return np.asarray(model.decision_function(features.matrix), dtype=np.float64)


def _logistic(features: Features, labelled: IntArray, labels: IntArray) -> FloatArray:
    model = LogisticRegression(C=10.0, solver="liblinear")
    model.fit(features.matrix[labelled], labels, sample_weight=balanced_weights(labels, 9.8))
    return np.asarray(model.decision_function(features.matrix), dtype=np.float64)


def _ensemble(features: Features, labelled: IntArray, labels: IntArray) -> FloatArray:
    # rank-averaging: the two models' scores live on different scales
    combined = rankdata(_svm(features, labelled, labels)) + rankdata(_logistic(features, labelled, labels))
    return np.asarray(combined, dtype=np.float64)


RANKERS: dict[str, Ranker] = {
    "laktasi": _svm,
    "asreview": _svm,
    "logistic": _logistic,
    "ensemble": _ensemble,
}
DEFAULT_RANKER = "laktasi"


def scores(features: Features, labelled: npt.ArrayLike, labels: npt.ArrayLike, *,
           ranker: str = DEFAULT_RANKER, rng: np.random.Generator | None = None) -> FloatArray:
    """A relevance score per record, learnt from the labelled ones (higher = more likely included).

    With only one class among the labels there is nothing to contrast, so every record scores
    the same except for a random tie-break drawn from ``rng`` (a stable random order).
    """
    idx = np.asarray(labelled, dtype=np.int64)
    y = np.asarray(labels, dtype=np.int64)
    if ranker not in RANKERS:
        raise KeyError(f"unknown ranker {ranker!r}; known: {', '.join(sorted(RANKERS))}")
    if len(idx) == 0 or _one_class(y):
        generator = rng if rng is not None else np.random.default_rng(0)
        return generator.random(features.n_records)
    return RANKERS[ranker](features, idx, y)


def rank(features: Features, labelled: npt.ArrayLike, labels: npt.ArrayLike, *,
         ranker: str = DEFAULT_RANKER, rng: np.random.Generator | None = None) -> IntArray:
    """The unlabelled records' indices, most likely includes first ("max" query).

    Ties are broken by record index, so the order is reproducible.

    >>> f = build_features(["oxytocin massage breast milk", "breast milk volume massage",
    ...                     "car engine repair", "engine oil change", "milk massage oxytocin"])
    >>> sorted(rank(f, [0, 2], [1, 0]).tolist()[:2])
    [1, 4]
    """
    return by_score(scores(features, labelled, labels, ranker=ranker, rng=rng), labelled)


def by_score(record_scores: FloatArray, labelled: npt.ArrayLike) -> IntArray:
    """The records not in ``labelled``, highest score first, ties by record index (reproducible)."""
    mask = np.ones(len(record_scores), dtype=bool)
    mask[np.asarray(labelled, dtype=np.int64)] = False
    candidates = np.flatnonzero(mask).astype(np.int64)
    # lexsort: last key primary; -score descending, index ascending
    order = np.lexsort((candidates, -record_scores[candidates]))
    return candidates[order]
