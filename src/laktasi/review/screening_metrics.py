"""How well a screening order did: work saved over sampling, recall after a share screened.

Definitions follow ASReview-insights (the metrics ASReview reports) and Cohen et al. (2006):
the prior records (the ones labelled before the model first ranks) are excluded from the counts,
so ``labels_in_order`` is the 0/1 labels of the records in the order the model showed them.

* ``records_to_recall(labels, r)``: how many records had been screened when the share of includes
  found first reached ``r``.
* ``wss(labels, r)`` — work saved over sampling at recall ``r``:
  ``(N − records_to_recall(r)) / N − (1 − r)`` (Cohen 2006, eq. 1, as ASReview-insights).
* ``recall_at(labels, share)``: the share of includes found after screening ``share`` of the
  records (ASReview-insights' "RRF"), the number screened being ``share × N`` rounded down.

Reference: Cohen A.M., Hersh W.R., Peterson K., Yen P.Y. (2006) *JAMIA* 13:206–219;
ASReview-insights, https://github.com/asreview/asreview-insights (metrics.py).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt


def _checked(labels: npt.ArrayLike) -> np.ndarray:
    y = np.asarray(labels, dtype=np.int64)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError("need a non-empty sequence of 0/1 labels")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    if y.sum() == 0:
        raise ValueError("no included record among the labels: recall is undefined")
    return y


def records_to_recall(labels_in_order: npt.ArrayLike, recall: float) -> int:
    """Records screened until the share ``recall`` of all includes had been found.

    >>> records_to_recall([1, 0, 1, 0, 0, 1, 0, 0], 1.0)
    6
    >>> records_to_recall([1, 0, 1, 0, 0, 1, 0, 0], 0.5)
    3
    """
    y = _checked(labels_in_order)
    needed = math.ceil(recall * int(y.sum()) - 1e-9)
    found = np.cumsum(y)
    return int(np.argmax(found >= max(needed, 1))) + 1


def wss(labels_in_order: npt.ArrayLike, recall: float = 0.95) -> float:
    """Work saved over sampling at ``recall`` (Cohen 2006).

    >>> round(wss([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], 0.95), 6)
    0.75
    """
    y = _checked(labels_in_order)
    n = len(y)
    return (n - records_to_recall(y, recall)) / n - (1.0 - recall)


def recall_at(labels_in_order: npt.ArrayLike, share: float = 0.10) -> float:
    """Share of the includes found after screening ``share`` of the records (rounded down).

    >>> recall_at([1, 0, 0, 0, 0, 0, 0, 0, 0, 1], 0.10)
    0.5
    """
    y = _checked(labels_in_order)
    screened = int(math.floor(share * len(y) + 1e-9))
    return float(y[:screened].sum() / y.sum())


def wss_insights(labels_in_order: npt.ArrayLike, recall: float = 0.95) -> float:
    """WSS as ASReview-insights 1.x computes it (``metrics._wss``), for comparison with its reports.

    Insights compares when the model found the ``j``-th include with when a random order would,
    the random curve being ``round(linspace(0, includes, N))``, at the last ``j`` whose recall
    ``j / includes`` does not exceed ``recall``. On small sets it can differ from Cohen's
    :func:`wss` by several records; laktasi reports Cohen's.

    >>> wss_insights([1, 1, 1, 1] + [0] * 16, 0.95)
    0.5
    """
    y = _checked(labels_in_order)
    n, positives = len(y), int(y.sum())
    targets = np.arange(1, positives + 1)
    when = np.searchsorted(np.cumsum(y), targets)
    when_random = np.searchsorted(np.round(np.linspace(0, positives, n)), targets)
    x = targets / positives
    j = int(np.searchsorted(x, recall, side="right")) - 1
    return float((when_random[j] - when[j]) / n)
