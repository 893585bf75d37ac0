"""Screening prioritisation: learn from the screening decisions so far, rank the unscreened records.

A *ranker* is a plug-in keyed by name (:data:`RANKERS`): it receives the feature matrix of every
record, the indices and labels (1 include, 0 exclude) screened so far and the previous fit (a warm
start), and returns a relevance score per record and its fit. The screening queue shows the unscreened records by descending score ("max"
query, as ASReview does); :func:`rank` is that queue.

Rankers shipped:

``"laktasi"`` (default)
    TF-IDF of title + abstract (word uni- and bigrams) and a squared-hinge linear SVM with the
    includes up-weighted — the configuration of ASReview LAB 3's default model "ELAS u4", which
    on the tuning sets no variant tried beat consistently (logistic regression, ensembles,
    keywords, SGD, naive Bayes: see ``benchmarks/screening.py`` and docs/review-screening.md).
    What laktasi adds is speed — the SVM solved to its optimum by a truncated Newton method
    (:func:`fit_l2svm`: closed-form weights for the features only one labelled record has,
    warm starts between retrains, and the labelled records' split into shared and private features
    extended by each new label rather than rebuilt, :mod:`laktasi.review.labelled_split`), so that
    retraining after every label, as ASReview does, gives ASReview's order in a fraction of its
    time — and a stopping rule with a guarantee.
``"asreview"``
    The same model, named for comparisons.
``"liblinear"``
    The same model fitted by scikit-learn's ``LinearSVC`` (liblinear's dual coordinate descent,
    as ASReview fits it): the reference the Newton solver is tested against; 5–10× slower.
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

import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.stats import rankdata
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from laktasi.review.labelled_split import LabelledSplit, SharedMatrix, split_for

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


@dataclass(frozen=True)
class Fit:
    """A trained linear model: a weight per feature and the intercept (a start for the next retrain)."""

    coef: FloatArray
    intercept: float
    newton_steps: int
    matvecs: int
    # the labelled records' shared/private split, extended (not rebuilt) by the next retrain
    split: LabelledSplit | None = field(default=None, compare=False, repr=False)


Scored = tuple[FloatArray, Fit | None]
Ranker = Callable[[Features, IntArray, IntArray, Fit | None], Scored]


def _dot(a: FloatArray, b: FloatArray) -> float:
    # not BLAS: a threaded ddot on a busy two-core machine costs milliseconds per call
    return float(np.multiply(a, b).sum())


def _newton(x: SharedMatrix, y: FloatArray, c: FloatArray, w: FloatArray,
            b: float, tol: float) -> tuple[FloatArray, float, int, int]:
    """Minimise ½‖w‖² + ½b² + Σ ½cᵢ·max(0, 1 − yᵢ(xᵢ·w + b))² by truncated Newton (preconditioned CG, exact
    line search on the piecewise quadratic), until the gradient is below ``tol`` × its norm at w = 0."""
    g_zero_w = x.rmatvec(-c * y)
    g_zero = math.sqrt(_dot(g_zero_w, g_zero_w) + float((c * y).sum()) ** 2)
    z = x.matvec(w) + b
    matvecs, steps = 2, 0
    for steps in range(1, 60):  # noqa: B007  (the count is returned)
        active = y * z < 1
        r = np.where(active, c * (z - y), 0.0)
        gw = w + x.rmatvec(r)
        gb = b + float(r.sum())
        matvecs += 1
        g_norm = math.sqrt(_dot(gw, gw) + gb * gb)
        if g_norm <= tol * g_zero:
            return w, b, steps - 1, matvecs
        ca = np.where(active, c, 0.0)
        diag_w = 1.0 + x.rmatvec_squared(ca)
        diag_b = 1.0 + float(ca.sum())
        # CG on (I + Xᵀ diag(ca) X) d = −g, Jacobi-preconditioned, relative residual η
        dw, db = np.zeros_like(w), 0.0
        rw, rb = -gw, -gb
        sw, sb = rw / diag_w, rb / diag_b
        rho = _dot(rw, sw) + rb * sb
        pw, pb = sw, sb
        # forcing term: superlinear far out, and no tighter than the final tolerance needs
        enough = max(0.1 * min(1.0, g_norm / g_zero) * g_norm, 0.3 * tol * g_zero)
        for _ in range(500):
            u = ca * (x.matvec(pw) + pb)
            qw = pw + x.rmatvec(u)
            qb = pb + float(u.sum())
            matvecs += 2
            alpha = rho / (_dot(pw, qw) + pb * qb)
            dw = dw + alpha * pw
            db += alpha * pb
            rw = rw - alpha * qw
            rb -= alpha * qb
            if math.sqrt(_dot(rw, rw) + rb * rb) <= enough:
                break
            sw, sb = rw / diag_w, rb / diag_b
            rho_next = _dot(rw, sw) + rb * sb
            pw, pb = sw + (rho_next / rho) * pw, sb + (rho_next / rho) * pb
            rho = rho_next
        delta = x.matvec(dw) + db
        matvecs += 1
        # exact line search: φ'(t) is piecewise linear and increasing
        a0, a1 = _dot(w, dw) + b * db, _dot(dw, dw) + db * db
        t = 1.0
        for _ in range(50):
            zt = z + t * delta
            on = y * zt < 1
            slope = a0 + t * a1 + float(np.where(on, c * (zt - y) * delta, 0.0).sum())
            curve = a1 + float(np.where(on, c * delta * delta, 0.0).sum())
            t_next = t - slope / curve
            if abs(t_next - t) <= 1e-12 * max(1.0, abs(t)):
                t = t_next
                break
            t = t_next
        w = w + t * dw
        b += t * db
        z = z + t * delta
    return w, b, steps, matvecs


def fit_l2svm(matrix: sparse.csr_matrix, labelled: IntArray, labels: IntArray, *, c: float = 0.11,
              ratio: float = 9.8, warm: Fit | None = None, tol: float = 1e-5) -> Fit:
    """The squared-hinge linear SVM of liblinear (``LinearSVC(C=c)``, intercept as a regularised feature of 1),
    includes weighted ``ratio`` × balanced — solved to its optimum by a truncated Newton method.

    liblinear's dual coordinate descent stops ~1e-5 from the optimum; this stops when the gradient is
    ``tol`` × its norm at zero (scores ~1e-6 from the optimum at the default), in a fraction of the
    time, because (1) a feature that only one labelled record has is solved in closed form (it adds ``pᵢ = Σ xᵢⱼ²`` to that record's kernel, which turns its cost Cᵢ into Cᵢ/(1 + 2Cᵢpᵢ)), so
    the iterations run over the shared columns only, and (2) ``warm``, the previous retrain, is the start —
    of the solver and of the shared/private split, which a ``labelled`` list continuing ``warm``'s by a few
    records extends instead of rebuilding.
    The optimum is unique (the objective is strictly convex), so the start changes the time, not the model.
    """
    split = split_for(matrix, np.asarray(labelled, dtype=np.int64), None if warm is None else warm.split)
    y = np.where(labels == 1, 1.0, -1.0)
    cost = 2.0 * c * balanced_weights(labels, ratio)
    shared = split.matrix()
    p = split.p
    c_eff = cost / (1.0 + cost * p)
    cols = split.shared_columns
    w0 = np.zeros(len(cols)) if warm is None else warm.coef[cols]
    b0 = 0.0 if warm is None else warm.intercept
    w, b, steps, matvecs = _newton(shared, y, c_eff, w0, b0, tol)
    # the private features' weights: each record's share of its margin, spread by its private values
    slack = np.maximum(0.0, 1.0 - y * (shared.matvec(w) + b))
    s = cost * p * slack / (1.0 + cost * p)
    per_record = np.divide(y * s, p, out=np.zeros_like(p), where=p > 0)
    coef = split.private_coef(per_record, matrix.shape[1])
    coef[cols] = w
    return Fit(coef=coef, intercept=b, newton_steps=steps, matvecs=matvecs + 1, split=split)


def _svm(features: Features, labelled: IntArray, labels: IntArray, warm: Fit | None) -> Scored:
    # ASReview LAB 3 "ELAS u4": squared-hinge linear SVM, C = 0.11, includes weighted 9.8× balanced
    fit = fit_l2svm(features.matrix, labelled, labels, c=0.11, ratio=9.8, warm=warm)
    return np.asarray(features.matrix @ fit.coef + fit.intercept, dtype=np.float64), fit


def _liblinear(features: Features, labelled: IntArray, labels: IntArray, warm: Fit | None) -> Scored:
    # the same model fitted by scikit-learn's LinearSVC (liblinear), kept as the reference the Newton solver
    # is checked against
    model = LinearSVC(C=0.11, loss="squared_hinge")
    model.fit(features.matrix[labelled], labels, sample_weight=balanced_weights(labels, 9.8))
    return np.asarray(model.decision_function(features.matrix), dtype=np.float64), None


def _logistic(features: Features, labelled: IntArray, labels: IntArray, warm: Fit | None) -> Scored:
    model = LogisticRegression(C=10.0, solver="liblinear")
    model.fit(features.matrix[labelled], labels, sample_weight=balanced_weights(labels, 9.8))
    return np.asarray(model.decision_function(features.matrix), dtype=np.float64), None


def _ensemble(features: Features, labelled: IntArray, labels: IntArray, warm: Fit | None) -> Scored:
    # rank-averaging: the two models' scores live on different scales
    svm, fit = _svm(features, labelled, labels, warm)
    combined = rankdata(svm) + rankdata(_logistic(features, labelled, labels, None)[0])
    return np.asarray(combined, dtype=np.float64), fit


RANKERS: dict[str, Ranker] = {
    "laktasi": _svm,
    "asreview": _svm,
    "liblinear": _liblinear,
    "logistic": _logistic,
    "ensemble": _ensemble,
}
DEFAULT_RANKER = "laktasi"


@dataclass(frozen=True)
class Ranking:
    """One retrain: the unlabelled records most-likely-include first, every record's score, and the fit (the
    start of the next retrain; None for the random order and the rankers without warm starts)."""

    order: IntArray
    scores: FloatArray
    fit: Fit | None


def ranking(features: Features, labelled: npt.ArrayLike, labels: npt.ArrayLike, *,
            ranker: str = DEFAULT_RANKER, rng: np.random.Generator | None = None,
            warm: Fit | None = None) -> Ranking:
    """Retrain on the labelled records and rank the others (see :func:`scores` and :func:`rank`).

    ``warm`` (the previous :class:`Ranking`'s fit) only shortens the fit: the model is the same optimum.
    """
    idx = np.asarray(labelled, dtype=np.int64)
    y = np.asarray(labels, dtype=np.int64)
    if ranker not in RANKERS:
        raise KeyError(f"unknown ranker {ranker!r}; known: {', '.join(sorted(RANKERS))}")
    fit: Fit | None = None
    if len(idx) == 0 or _one_class(y):
        generator = rng if rng is not None else np.random.default_rng(0)
        record_scores = generator.random(features.n_records)
    else:
        if warm is not None and len(warm.coef) != features.matrix.shape[1]:
            warm = None  # another feature set
        record_scores, fit = RANKERS[ranker](features, idx, y, warm)
    return Ranking(order=by_score(record_scores, idx), scores=record_scores, fit=fit)


def scores(features: Features, labelled: npt.ArrayLike, labels: npt.ArrayLike, *,
           ranker: str = DEFAULT_RANKER, rng: np.random.Generator | None = None) -> FloatArray:
    """A relevance score per record, learnt from the labelled ones (higher = more likely included).

    With only one class among the labels there is nothing to contrast, so every record scores
    the same except for a random tie-break drawn from ``rng`` (a stable random order).
    """
    return ranking(features, labelled, labels, ranker=ranker, rng=rng).scores


def rank(features: Features, labelled: npt.ArrayLike, labels: npt.ArrayLike, *,
         ranker: str = DEFAULT_RANKER, rng: np.random.Generator | None = None) -> IntArray:
    """The unlabelled records' indices, most likely includes first ("max" query).

    Ties are broken by record index, so the order is reproducible.

    >>> f = build_features(["oxytocin massage breast milk", "breast milk volume massage",
    ...                     "car engine repair", "engine oil change", "milk massage oxytocin"])
    >>> sorted(rank(f, [0, 2], [1, 0]).tolist()[:2])
    [1, 4]
    """
    return ranking(features, labelled, labels, ranker=ranker, rng=rng).order


def by_score(record_scores: FloatArray, labelled: npt.ArrayLike) -> IntArray:
    """The records not in ``labelled``, highest score first, ties by record index (reproducible)."""
    mask = np.ones(len(record_scores), dtype=bool)
    mask[np.asarray(labelled, dtype=np.int64)] = False
    candidates = np.flatnonzero(mask).astype(np.int64)
    # lexsort: last key primary; -score descending, index ascending
    order = np.lexsort((candidates, -record_scores[candidates]))
    return candidates[order]


def save_features(features: Features, path: Path) -> None:
    """Write the feature matrix to ``path`` (an ``.npz``), atomically: a reader sees the old file or the whole new
    one, never half of it (several web processes share the cache)."""
    matrix = features.matrix
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as out:
        np.savez(out, data=matrix.data, indices=matrix.indices, indptr=matrix.indptr,
                 shape=np.asarray(matrix.shape, dtype=np.int64))
    os.replace(tmp, path)


def load_features(path: Path) -> Features:
    """The features :func:`save_features` wrote."""
    with np.load(path) as stored:
        shape = tuple(int(v) for v in stored["shape"])
        matrix = sparse.csr_matrix((stored["data"], stored["indices"], stored["indptr"]), shape=shape)
    return Features(matrix=matrix, n_records=shape[0])


def build_features_file(texts_json: str, out_npz: str) -> None:
    """Build the features of the texts in a JSON list and save them (run in a child process by the workspace's
    queue, so a 20,000-record build never holds a web process's interpreter)."""
    texts = json.loads(Path(texts_json).read_text(encoding="utf-8"))
    save_features(build_features([str(t) for t in texts]), Path(out_npz))
