"""Screening prioritisation: learn from the screening decisions so far, rank the unscreened records.

A *ranker* is a plug-in keyed by name (:data:`RANKERS`): it receives the feature matrix of every
record, the indices and labels (1 include, 0 exclude) screened so far, and returns a relevance
score per record. The screening queue shows the unscreened records by descending score ("max"
query, as ASReview does); :func:`rank` is that queue.

Two rankers ship:

``"asreview"``
    ASReview LAB's default model as a baseline: TF-IDF of title + abstract with bigrams and a
    linear SVM with balanced class weights.
``"laktasi"`` (default)
    An ensemble tuned on part of the benchmark sets (see ``benchmarks/screening.py`` for which
    were held out): the mean of the *rank-normalised* scores of a class-balanced logistic
    regression on word uni/bigrams and a complement naive Bayes on the same counts.
    Rank-averaging is used rather than averaging probabilities because the two models'
    scores live on different scales; a record ranked high by both comes first.

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
from sklearn.naive_bayes import ComplementNB
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
    """TF-IDF of word unigrams and bigrams (sublinear term frequency, English stop words kept out).

    >>> f = build_features(["oxytocin massage milk", "massage milk volume", "unrelated topic"])
    >>> f.n_records, f.matrix.shape[0]
    (3, 3)
    """
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, stop_words="english",
                                 dtype=np.float64)
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # every text empty or stop words only: nothing to learn from
        matrix = sparse.csr_matrix((len(texts), 1), dtype=np.float64)
    return Features(matrix=sparse.csr_matrix(matrix), n_records=len(texts))


Ranker = Callable[[Features, IntArray, IntArray], FloatArray]


def _one_class(labels: IntArray) -> bool:
    return bool(labels.min() == labels.max())


def _asreview_svm(features: Features, labelled: IntArray, labels: IntArray) -> FloatArray:
    model = LinearSVC(C=1.0, class_weight="balanced")
    model.fit(features.matrix[labelled], labels)
    return np.asarray(model.decision_function(features.matrix), dtype=np.float64)


def _laktasi_ensemble(features: Features, labelled: IntArray, labels: IntArray) -> FloatArray:
    x = features.matrix
    logistic = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000, solver="liblinear")
    logistic.fit(x[labelled], labels)
    score_lr = logistic.decision_function(x)
    bayes = ComplementNB(alpha=0.1)
    # complement NB has no class weights: the include rows are repeated to balance the classes,
    # as ASReview's "double" balancing does for its naive Bayes
    n_inc = int(labels.sum())
    weight = np.where(labels == 1, (len(labels) - n_inc) / max(n_inc, 1), 1.0)
    bayes.fit(x[labelled], labels, sample_weight=weight)
    log_proba = bayes.predict_log_proba(x)
    score_nb = log_proba[:, 1] - log_proba[:, 0]
    combined = rankdata(score_lr) + rankdata(score_nb)
    return np.asarray(combined, dtype=np.float64)


RANKERS: dict[str, Ranker] = {
    "laktasi": _laktasi_ensemble,
    "asreview": _asreview_svm,
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
    s = scores(features, labelled, labels, ranker=ranker, rng=rng)
    mask = np.ones(features.n_records, dtype=bool)
    mask[np.asarray(labelled, dtype=np.int64)] = False
    candidates = np.flatnonzero(mask).astype(np.int64)
    # lexsort: last key primary; -score descending, index ascending
    order = np.lexsort((candidates, -s[candidates]))
    return candidates[order]
