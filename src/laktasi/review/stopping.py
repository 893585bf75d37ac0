"""When to stop screening: a statistical stopping rule with a stated guarantee.

The rule is the hypergeometric test of Callaghan & Müller-Hansen (2020). Null hypothesis: the
recall reached so far is *below* the target ``τ`` (e.g. 0.95). Under it, the records not yet
screened hold at least ``K_tar`` includes. Treat the last ``n`` records screened as a sample drawn
from an urn made of those ``n`` and all unscreened records: if drawing as few includes as were
seen in that sample is improbable (p < α) for an urn holding ``K_tar`` includes, the null is
rejected and screening may stop with "recall ≥ τ with confidence 1 − α".

Treating the *prioritised* last records as a random sample is conservative: a working model
shows likely includes earlier than chance would, so the real chance of meeting as few includes
as observed is even smaller (the paper's argument; it holds whenever the ranking is no worse than
random). The p-value is the smallest over the sample sizes ``n = 1 … screened``, as in the
authors' reference implementation (the ``buscar`` package).

Reference: Callaghan M.W., Müller-Hansen F. (2020) Statistical stopping criteria for automated
screening in systematic reviews. *Systematic Reviews* 9:273. doi:10.1186/s13643-020-01521-4
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

from laktasi.errors import Text

REFERENCE = ("Callaghan M.W., Müller-Hansen F. (2020) Statistical stopping criteria for automated screening "
             "in systematic reviews. Systematic Reviews 9:273. doi:10.1186/s13643-020-01521-4")


@dataclass(frozen=True)
class StoppingTest:
    """The rule's verdict after ``screened`` of ``total`` records."""

    screened: int
    total: int
    includes_found: int
    recall_target: float
    confidence: float
    p_value: float
    sample_size: int  # the n of the last-n sample giving the smallest p
    stop: bool

    def sentence(self) -> Text:
        """What a reviewer reads (and a methods section can cite)."""
        pct_t = f"{self.recall_target:.0%}"
        pct_c = f"{self.confidence:.0%}"
        p_en = f"{self.p_value:.3g}"
        p_id = p_en.replace(".", ",")  # Indonesian writes a decimal comma
        if self.stop:
            return Text(
                en=(f"Estimated recall ≥ {pct_t} with {pct_c} confidence after {self.screened} of {self.total} "
                    f"records (hypergeometric stopping test, p = {p_en}; Callaghan & Müller-Hansen "
                    "2020): the remaining records may be excluded by automation."),
                id=(f"Perkiraan recall ≥ {pct_t} dengan kepercayaan {pct_c} setelah {self.screened} dari "
                    f"{self.total} rekaman (uji henti hipergeometrik, p = {p_id}; Callaghan & "
                    "Müller-Hansen 2020): rekaman sisanya boleh dieksklusi secara otomatis."))
        return Text(
            en=(f"Not yet: recall ≥ {pct_t} cannot be claimed with {pct_c} confidence after {self.screened} of "
                f"{self.total} records (p = {p_en}); keep screening."),
            id=(f"Belum: recall ≥ {pct_t} belum dapat dinyatakan dengan kepercayaan {pct_c} setelah "
                f"{self.screened} dari {self.total} rekaman (p = {p_id}); lanjutkan penapisan."))


def _log_comb(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1), dtype=np.float64)


def hypergeom_cdf(k: npt.ArrayLike, urn: npt.ArrayLike, relevant: npt.ArrayLike,
                  n: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """P(X ≤ k) for X ~ Hypergeometric(urn, relevant, n), elementwise: the term at ``k`` from log-binomials,
    then the lower terms by the ratio of successive terms until they no longer add to the sum (below the
    mode they fall geometrically).

    scipy.stats.hypergeom.cdf gives the same values at ~150 µs an element; the rule needs one per sample
    size, i.e. thousands per test, on every screening page.

    >>> round(float(hypergeom_cdf(1, 10, 3, 4)[0]), 12)  # (C(7,4) + 3·C(7,3)) / C(10,4) = 140/210
    0.666666666667
    """
    kk = np.atleast_1d(np.asarray(k, dtype=np.float64))
    m = np.atleast_1d(np.asarray(urn, dtype=np.float64))
    big_k = np.atleast_1d(np.asarray(relevant, dtype=np.float64))
    nn = np.atleast_1d(np.asarray(n, dtype=np.float64))
    low = np.maximum(0.0, nn - (m - big_k))  # fewest relevant a sample of n can hold
    high = np.minimum(nn, big_k)
    mode = np.floor((nn + 1) * (big_k + 1) / (m + 2))
    upper = kk >= mode  # at or above the mode: 1 − the upper tail (whose terms fall from k + 1 on)
    j = np.clip(np.where(upper, kk + 1, kk), low, high)
    term = np.exp(_log_comb(big_k, j) + _log_comb(m - big_k, nn - j) - _log_comb(m, nn))
    term = np.where((kk < low) | (upper & (kk >= high)), 0.0, term)
    total = term.copy()
    while True:
        down = ~upper & (j > low) & (term > 1e-17 * total)
        up = upper & (j < high) & (term > 1e-17 * total)
        if not (down.any() or up.any()):
            break
        ratio_down = j * (m - big_k - nn + j) / np.maximum((big_k - j + 1) * (nn - j + 1), 1.0)
        ratio_up = (big_k - j) * (nn - j) / np.maximum((j + 1) * (m - big_k - nn + j + 1), 1.0)
        term = np.where(down, term * ratio_down, np.where(up, term * ratio_up, 0.0))
        j = j - down + up
        total = total + term
    cdf = np.where(upper, 1.0 - total, total)
    return np.asarray(np.clip(cdf, 0.0, 1.0), dtype=np.float64)


def hypergeometric_test(labels_in_order: npt.ArrayLike, total: int, *, recall_target: float = 0.95,
                        confidence: float = 0.95) -> StoppingTest:
    """Test H0 "recall < ``recall_target``" after screening ``labels_in_order`` of ``total`` records.

    ``labels_in_order`` are the 0/1 decisions in the order screened, priors first. A sample that
    reaches back to the priors counts their includes too, which only raises the p-value
    (conservative).

    >>> t = hypergeometric_test([1] * 100 + [0] * 900, total=1500)
    >>> t.stop, t.includes_found
    (True, 100)
    >>> hypergeometric_test([1] * 20 + [0] * 10, total=1000).stop
    False
    """
    if not 0 < recall_target < 1 or not 0 < confidence < 1:
        raise ValueError("recall_target and confidence must lie strictly between 0 and 1")
    y = np.asarray(labels_in_order, dtype=np.int64)
    seen = len(y)
    if seen > total:
        raise ValueError("more records screened than exist")
    found = int(y.sum())
    alpha = 1.0 - confidence
    if seen == 0 or found == 0:
        return StoppingTest(seen, total, found, recall_target, confidence, 1.0, 0, False)
    unseen = total - seen
    n = np.arange(1, seen + 1, dtype=np.int64)            # last-n sample sizes
    k = np.cumsum(y[::-1])                                  # includes among the last n
    found_before = found - k                                # includes outside each sample
    # least number of includes in the urn under H0: total includes R > found / τ
    r_min = math.floor(found / recall_target) + 1
    k_tar = r_min - found_before
    urn = unseen + n
    valid = k_tar <= urn
    # an urn too small to hold K_tar includes makes H0 impossible for that sample: p = 0
    p = np.zeros(seen, dtype=np.float64)
    p[valid] = hypergeom_cdf(k[valid], urn[valid], k_tar[valid], n[valid])
    best = int(np.argmin(p))
    p_min = float(p[best])
    return StoppingTest(seen, total, found, recall_target, confidence, p_min, int(n[best]), p_min < alpha)


@dataclass(frozen=True)
class StoppingState:
    """Where a reviewer stands with the rule: the test now and, if it does not yet allow stopping, how many
    more records screened without a new include would make it (None: no include yet, nothing to test)."""

    test: StoppingTest
    more_needed: int | None


def records_needed(labels_in_order: npt.ArrayLike, total: int, *, recall_target: float = 0.95,
                   confidence: float = 0.95) -> int | None:
    """The least number ``m`` of further records, all excludes, after which the rule allows stopping (0 if it
    already does); None while no include has been found (the test needs one).

    The p-value only falls as excludes are added (each sample that reaches the new records grows by them
    with the same includes, from an urn of the same size), so the least ``m`` is found by bisection; at
    ``m = total − screened`` every record is screened and the rule always stops.

    >>> records_needed([1] * 30 + [0] * 10, total=1000) > 0
    True
    >>> records_needed([1] * 100 + [0] * 900, total=1500)
    0
    """
    y = np.asarray(labels_in_order, dtype=np.int64)
    if int(y.sum()) == 0:
        return None
    return _needed(y.tobytes(), total, recall_target, confidence)


@lru_cache(maxsize=256)
def _needed(labels: bytes, total: int, recall_target: float, confidence: float) -> int:
    y = np.frombuffer(labels, dtype=np.int64)

    found = int(y.sum())
    r_min = math.floor(found / recall_target) + 1
    k = np.concatenate(([0], np.cumsum(y[::-1])))  # includes among the last j screened, j = 0 … len(y)
    k_tar = r_min - (found - k)

    def stops(m: int) -> bool:
        # after m more excludes, the last-n samples are n = m + j; those inside the m excludes (n < m, no
        # include) give larger p-values than n = m, since P(X = 0) = Π (1 − K/t) over t up to the urn size
        n = m + np.arange(len(k))
        urn = (total - len(y) - m) + n
        # a sample holding at least its expected number of includes + 1 holds at least the median (which
        # lies within one of the mean), so its p-value is ≥ 0.5 and cannot make the rule stop: not computed
        keep = (n >= 1) & (k < n * np.maximum(k_tar, 0) / np.maximum(urn, 1) + 1.0)
        p = np.zeros(len(k), dtype=np.float64)
        valid = keep & (k_tar <= urn)
        p[valid] = hypergeom_cdf(k[valid], urn[valid], k_tar[valid], n[valid])
        p[~keep] = 1.0
        return bool(p.min() < 1.0 - confidence)

    low, high = 0, total - len(y)  # stops(high) holds: nothing left unscreened
    if stops(low):
        return 0
    while high - low > 1:  # invariant: not stops(low), stops(high)
        mid = (low + high) // 2
        if stops(mid):
            high = mid
        else:
            low = mid
    return high


def stopping_state(labels_in_order: npt.ArrayLike, total: int, *, recall_target: float = 0.95,
                   confidence: float = 0.95) -> StoppingState:
    """The test after the records screened so far, and :func:`records_needed` when it does not yet stop."""
    test = hypergeometric_test(labels_in_order, total, recall_target=recall_target, confidence=confidence)
    more = 0 if test.stop else records_needed(labels_in_order, total, recall_target=recall_target,
                                              confidence=confidence)
    return StoppingState(test=test, more_needed=more)
