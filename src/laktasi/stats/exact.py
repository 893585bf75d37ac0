"""Exact null distributions by full enumeration, correct under ties and zero differences.

The algorithms work on *doubled midranks* so that every score is an integer and a
distribution is a plain array indexed by the (doubled) statistic:

* signed-rank: a knapsack over the ``2**n`` sign assignments (dynamic programming, one
  pass per pair), the scheme of Streitberg & Röhmel (1986) extended to tied scores;
* rank-sum: the permutation distribution of the sum of scores in one group, by a
  dynamic programme over tie groups with binomial weights;
* Fisher–Freeman–Halton: enumeration of every r×c table with the observed margins;
* marginal homogeneity: enumeration of within-pair swaps grouped by cell pair, each cell
  pair contributing a Binomial(m, 1/2) count.

Two-sided p-values are ``P(|T − E T| ≥ |t − E T|)`` (the convention of R's ``coin``),
which equals ``2·min(P(T ≤ t), P(T ≥ t))`` for the symmetric signed-rank distribution.

Each ``min_p_*`` helper gives the smallest p-value any data of that size (and ties) could
produce — used for the warning "sample too small for any exact test to reach p < 0.05".

References: Streitberg B, Röhmel J (1986) Exact distributions for permutation and rank
tests. *Statistical Software Newsletter* 12:10–17. Hothorn T, Hornik K, van de Wiel MA,
Zeileis A (2006) A Lego system for conditional inference. *Am Stat* 60:257–263.
Mehta CR, Patel NR (1983) A network algorithm for Fisher's exact test in r×c tables.
*JASA* 78:427–434. Freeman GH, Halton JH (1951) *Biometrika* 38:141–149.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats as sps
from scipy.special import gammaln

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Relative tolerance for "as or more extreme" comparisons, as R's fisher.test (1 + 1e-7).
REL_TOL = 1e-7

# Feasibility limits for "auto": exact whenever the enumeration is cheap. The limits are
# far above 50 per group, so every study of the size this package is for is exact.
MAX_SIGNED_RANK_WORK = 4e7  # DP cost: n * (sum of doubled ranks) = n²(n+1) without ties; n ≈ 340
MAX_RANK_SUM_WORK = 2e8  # DP work estimate: N * cells
MAX_RANK_SUM_CELLS = 1.5e7  # DP table size: (m + 1) * (largest doubled sum + 1)
MAX_TABLES = 2_000_000  # r×c tables with fixed margins / swap configurations
MAX_COUNT_WORK = 5_000_000  # (state, split) pairs per column that count_tables will visit
MAX_COMPOSITIONS = 5_000_000  # splits of one column total held at once
MAX_ENUM_CELLS = 60_000_000  # partial tables × column splits held at once by enumerate_tables


def doubled_midranks(values: npt.ArrayLike) -> IntArray:
    """Midranks of ``values`` times two, as integers (ties share the average rank).

    >>> doubled_midranks([3.0, 1.0, 3.0]).tolist()
    [5, 2, 5]
    """
    r = sps.rankdata(np.asarray(values, dtype=float), method="average")
    return np.asarray(np.rint(2 * r), dtype=np.int64)


# --------------------------------------------------------------------------- signed rank


@dataclass(frozen=True)
class SignedRankDistribution:
    """Null distribution of ``2·T+`` (doubled sum of positive ranks) over all sign flips."""

    probs: FloatArray  # probs[s] = P(2·T+ = s)
    total: int  # sum of doubled ranks = maximum of 2·T+

    def p_two_sided(self, t2: int) -> float:
        """``P(|2T+ − E| ≥ |t2 − E|)`` with ``E = total/2``; integer arithmetic (×2)."""
        s = np.arange(self.probs.size)
        dev = np.abs(2 * s - self.total)
        return float(min(1.0, self.probs[dev >= abs(2 * t2 - self.total)].sum()))

    def p_greater(self, t2: int) -> float:
        return float(self.probs[t2:].sum())

    def p_less(self, t2: int) -> float:
        return float(self.probs[: t2 + 1].sum())


def signed_rank_distribution(ranks2: npt.ArrayLike) -> SignedRankDistribution:
    """Exact distribution of the doubled positive-rank sum for integer doubled ranks.

    Each pair contributes either 0 or its rank with probability 1/2, so the distribution is
    the convolution of ``n`` two-point distributions (a knapsack DP in ``O(n·Σr)``).

    >>> d = signed_rank_distribution([2, 4, 6])  # ranks 1, 2, 3 without ties
    >>> (d.probs[np.nonzero(d.probs)] * 8).round().astype(int).tolist()
    [1, 1, 1, 2, 1, 1, 1]
    """
    r = np.asarray(ranks2, dtype=np.int64)
    total = int(r.sum())
    probs = np.zeros(total + 1)
    probs[0] = 1.0
    upto = 0
    big = r.size > 1000
    for ri in r.tolist():
        upto += ri
        # in place over the live range; NumPy buffers the overlapping right-hand side
        probs[ri : upto + 1] += probs[: upto + 1 - ri]
        if big:
            probs[: upto + 1] *= 0.5  # keep probabilities: 2**n counts overflow beyond n ≈ 1000
    if not big:
        probs /= 2.0**r.size
    return SignedRankDistribution(probs, total)


def signed_rank_feasible(n: int) -> bool:
    """Whether the exact signed-rank distribution is cheap (always for n ≤ 340 pairs)."""
    return float(n) * n * (n + 1) <= MAX_SIGNED_RANK_WORK


def min_p_signed_rank(n: int) -> float:
    """Smallest two-sided exact p of a signed-rank (or sign) test on ``n`` non-zero differences.

    Whatever the ties, all-positive (or all-negative) is the unique most extreme sign pattern,
    so the answer is ``2 / 2**n``; at n = 5 it is 0.0625.

    >>> min_p_signed_rank(5)
    0.0625
    """
    if n <= 0:
        return 1.0
    return min(1.0, 2.0 ** (1 - n))


def min_p_sign(n: int) -> float:
    """Smallest two-sided exact p of a sign test / exact McNemar on ``n`` non-tied pairs.

    >>> min_p_sign(6)
    0.03125
    """
    return min_p_signed_rank(n)


# ------------------------------------------------------------------------------ rank sum


@dataclass(frozen=True)
class RankSumDistribution:
    """Permutation distribution of ``W`` = doubled score sum of a group of size ``m`` of ``N``."""

    probs: FloatArray  # probs[w] = P(W = w)
    m: int
    n_total: int
    score_total: int  # sum of all N doubled scores

    def _dev(self) -> IntArray:
        # N·W − m·Σ is N times the deviation from the mean; integer, so ties compare exactly.
        w = np.arange(self.probs.size, dtype=np.int64)
        return np.abs(self.n_total * w - self.m * self.score_total)

    def p_two_sided(self, w: int) -> float:
        obs = abs(self.n_total * w - self.m * self.score_total)
        return float(min(1.0, self.probs[self._dev() >= obs].sum()))

    def p_greater(self, w: int) -> float:
        return float(self.probs[w:].sum())

    def p_less(self, w: int) -> float:
        return float(self.probs[: w + 1].sum())

    def min_p(self) -> float:
        support = self.probs > 0
        dev = self._dev()
        top = dev[support].max()
        return float(self.probs[dev >= top].sum())


def rank_sum_cost(scores2: npt.ArrayLike, m: int) -> tuple[float, float]:
    """(work, memory) in DP cells for :func:`rank_sum_distribution`; used to decide feasibility."""
    s = np.asarray(scores2, dtype=np.int64)
    m = min(m, s.size - m)
    cells = float(m + 1) * float(np.sort(s)[::-1][:m].sum() + 1)
    return float(s.size) * cells, cells


def rank_sum_feasible(scores2: npt.ArrayLike, m: int) -> bool:
    work, cells = rank_sum_cost(scores2, m)
    return work <= MAX_RANK_SUM_WORK and cells <= MAX_RANK_SUM_CELLS


def rank_sum_distribution(scores2: npt.ArrayLike, m: int) -> RankSumDistribution:
    """Exact distribution of the sum of ``m`` scores drawn without replacement from ``scores2``.

    A knapsack over the N items with state (number chosen, doubled sum); tied scores simply
    add to the same cells, so ties need no special case.

    >>> d = rank_sum_distribution([2, 4, 6, 8], 2)  # ranks 1..4, groups of 2
    >>> (d.probs[np.nonzero(d.probs)] * 6).round().astype(int).tolist()
    [1, 1, 2, 1, 1]
    """
    s = np.asarray(scores2, dtype=np.int64)
    n_total = s.size
    top = int(np.sort(s)[::-1][:m].sum()) if m else 0
    dp = np.zeros((m + 1, top + 1))
    dp[0, 0] = 1.0
    reach, rows = 0, 0  # dp is zero beyond these: only touch the live corner
    for i, v in enumerate(np.sort(s).tolist()):
        new_rows = min(m, rows + 1)
        new_reach = min(top, reach + v)
        if v <= new_reach:
            # knapsack step "take this item or not"; NumPy buffers the overlapping slices,
            # so the right-hand side is the state before this item
            dp[1 : new_rows + 1, v : new_reach + 1] += dp[:new_rows, : new_reach + 1 - v]
        rows, reach = new_rows, new_reach
        if n_total > 1000 and i % 64 == 63:  # counts ≤ 2**N could overflow; only ratios matter
            dp /= dp.max()
    probs = dp[m] / dp[m].sum()
    return RankSumDistribution(probs, m, n_total, int(s.sum()))


def min_p_rank_sum(m: int, n: int, values: npt.ArrayLike | None = None) -> float:
    """Smallest two-sided exact p of a rank-sum test with group sizes ``m`` and ``n``.

    Without ties it is ``2 / C(m+n, m)``; with ``values`` given (the pooled data), the ties
    are taken into account by computing the exact distribution.

    >>> round(min_p_rank_sum(5, 5), 6)
    0.007937
    """
    if m <= 0 or n <= 0:
        return 1.0
    if values is None:
        return min(1.0, 2.0 / math.comb(m + n, m))
    scores = doubled_midranks(values)
    k = min(m, n)
    return rank_sum_distribution(scores, k).min_p()


# --------------------------------------------------------------- Fisher–Freeman–Halton


def _compositions(total: int, parts: int) -> IntArray:
    """All vectors of ``parts`` non-negative integers summing to ``total`` (lexicographic order)."""
    rows = np.zeros((1, 0), dtype=np.int64)
    rem = np.array([total], dtype=np.int64)
    for _ in range(parts - 1):  # choose the next part 0..rem for every partial vector
        counts = rem + 1
        idx = np.repeat(np.arange(rem.size), counts)
        part = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        rows = np.column_stack([rows[idx], part])
        rem = rem[idx] - part
    return np.asarray(np.column_stack([rows, rem]), dtype=np.int64)


def count_tables_bound(rows: IntArray, cols: IntArray) -> float:
    """A cheap upper bound on the number of tables with these margins (product over columns).

    Loose (a 4×4 table with N = 30: 3.5 million against 97,066 real); :func:`count_tables` is exact.
    """
    r = rows.size
    return float(np.prod([math.comb(int(c) + r - 1, r - 1) for c in cols[:-1]]))


def _unique_rows(a: IntArray, base: int) -> tuple[IntArray, IntArray]:
    """``np.unique(a, axis=0, return_inverse=True)``, by an integer key when the rows fit in one."""
    if a.shape[1] * math.log2(max(base, 2)) < 62:
        key = a @ (base ** np.arange(a.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        return a[first], np.asarray(inverse.ravel(), dtype=np.int64)
    uniq, inverse = np.unique(a, axis=0, return_inverse=True)
    return np.asarray(uniq, dtype=np.int64), np.asarray(inverse.ravel(), dtype=np.int64)


def column_step(nodes: IntArray, c: int, max_arcs: int) -> tuple[IntArray, IntArray, IntArray, IntArray] | None:
    """Every split of a column total ``c`` within each node's remaining row totals.

    ``nodes`` holds sorted remaining row totals, one node per row. Returns ``(parent, split,
    children, child)``: per arc its node, the split, and the index of the child node (sorted
    remaining totals) in ``children``. Nodes are processed in chunks to bound memory; ``None``
    as soon as there are more than ``max_arcs`` arcs.
    """
    if math.comb(c + nodes.shape[1] - 1, nodes.shape[1] - 1) > MAX_COMPOSITIONS:
        return None
    comp = _compositions(c, nodes.shape[1])
    chunk = max(1, 4_000_000 // max(comp.shape[0], 1))  # small chunks: a hopeless case stops early
    parents, splits = [], []
    arcs = 0
    for lo in range(0, nodes.shape[0], chunk):
        part = nodes[lo : lo + chunk]
        ok = np.ones((part.shape[0], comp.shape[0]), dtype=bool)
        for i in range(nodes.shape[1]):
            ok &= comp[None, :, i] <= part[:, i, None]
        arcs += int(np.count_nonzero(ok))
        if arcs > max_arcs:
            return None
        pi, ki = np.nonzero(ok)  # row-major: arcs sorted by parent
        parents.append(pi + lo)
        splits.append(comp[ki])
    parent = np.asarray(np.concatenate(parents), dtype=np.int64)
    split = np.asarray(np.concatenate(splits), dtype=np.int64).reshape(-1, nodes.shape[1])
    children, child = _unique_rows(np.sort(nodes[parent] - split, axis=1), int(nodes.max(initial=0)) + 1)
    return parent, split, children, child


def count_tables(table: npt.ArrayLike, stop_above: int | None = None) -> int | None:
    """The exact number of r×c tables with the margins of ``table``, or ``None`` once it is
    certainly above ``stop_above``.

    A dynamic programme over columns whose state is the sorted vector of remaining row totals
    (tables differing by a permutation of rows with equal remaining totals complete alike). Every
    (state, split) pair met at one column is a distinct partial table that can be completed, so
    more than ``stop_above`` of them at one column proves the count is larger. Counts are exact
    up to 2⁵³ (float64 sums of integers). ``None`` also when a column would need more than
    :data:`MAX_COUNT_WORK` (state, split) pairs (the count is then above that too).

    >>> count_tables([[1, 1], [1, 1]])
    3
    >>> count_tables([[3, 1, 0, 0], [2, 2, 1, 0], [1, 2, 2, 3], [0, 1, 4, 8]])  # 4×4, N = 30; bound 846,720
    166958
    """
    t = np.asarray(table, dtype=np.int64)
    if t.shape[0] > t.shape[1]:
        t = t.T  # fewer rows, fewer states; the count is symmetric
    nodes = np.sort(t.sum(axis=1))[None, :].astype(np.int64)
    ways = np.ones(1)
    limit = MAX_COUNT_WORK if stop_above is None else min(stop_above, MAX_COUNT_WORK)
    # the largest column is the one the margins complete: splitting it would cost the most, and a
    # column past MAX_COMPOSITIONS then never stops a count that is small (a dominant category)
    for c in sorted(t.sum(axis=0).tolist())[:-1]:
        if nodes.shape[0] > limit:
            return None
        step = column_step(nodes, int(c), limit)
        if step is None:
            return None
        parent, _, nodes, child = step
        ways = np.asarray(np.bincount(child, weights=ways[parent], minlength=nodes.shape[0]), dtype=np.float64)
    total = int(round(float(ways.sum())))
    return None if stop_above is not None and total > stop_above else total


@dataclass(frozen=True)
class TableEnumeration:
    """Log-probabilities of every table with the observed margins (hypergeometric)."""

    log_probs: FloatArray
    log_p_observed: float

    def p_value(self) -> float:
        """Sum of P(table) over tables no more probable than the observed (Freeman–Halton)."""
        keep = self.log_probs <= self.log_p_observed + math.log1p(REL_TOL)
        return float(min(1.0, np.exp(self.log_probs[keep]).sum()))

    def min_p(self) -> float:
        low = self.log_probs.min()
        keep = self.log_probs <= low + math.log1p(REL_TOL)
        return float(min(1.0, np.exp(self.log_probs[keep]).sum()))


def _log_table_prob_const(rows: IntArray, cols: IntArray) -> float:
    n = int(rows.sum())
    return float(gammaln(rows + 1).sum() + gammaln(cols + 1).sum() - gammaln(n + 1))


def enumerate_tables(table: npt.ArrayLike, limit: int = MAX_TABLES) -> TableEnumeration | None:
    """Every r×c table with the margins of ``table``, or ``None`` when there are more than ``limit``
    (counted exactly by :func:`count_tables`) or the vectorised step would need too much memory.

    Columns are filled one at a time; each partial table keeps its remaining row sums and
    its partial ``−Σ log(cell!)``; the last column is forced by the margins.

    >>> e = enumerate_tables([[3, 1], [1, 3]])
    >>> round(e.p_value(), 4)  # R: fisher.test(matrix(c(3,1,1,3), 2))$p.value
    0.4857
    """
    t = np.asarray(table, dtype=np.int64)
    t = t[:, np.argsort(t.sum(axis=0), kind="stable")]  # the largest column last: forced, never split
    rows = t.sum(axis=1)
    cols = t.sum(axis=0)
    const = _log_table_prob_const(rows, cols)
    log_obs = const - float(gammaln(t + 1).sum())
    if count_tables(t, stop_above=limit) is None:
        return None
    remaining = rows[None, :].copy()
    partial = np.zeros(1)
    for c in cols[:-1].tolist():
        if math.comb(int(c) + rows.size - 1, rows.size - 1) > MAX_COMPOSITIONS:
            return None
        comp = _compositions(int(c), rows.size)  # (K, r)
        comp_lf = gammaln(comp + 1).sum(axis=1)
        if remaining.shape[0] * comp.shape[0] > MAX_ENUM_CELLS:
            return None  # the (T, K) comparison below would not fit in memory
        ok = (comp[None, :, :] <= remaining[:, None, :]).all(axis=2)  # (T, K)
        ti, ki = np.nonzero(ok)
        if ti.size > MAX_TABLES:
            return None
        remaining = remaining[ti] - comp[ki]
        partial = partial[ti] - comp_lf[ki]
    last = gammaln(remaining + 1).sum(axis=1)
    log_probs = const + partial - last
    return TableEnumeration(log_probs, log_obs)


def min_p_fisher(table: npt.ArrayLike) -> float | None:
    """Smallest exact Fisher–Freeman–Halton p attainable with the margins of ``table``.

    >>> round(min_p_fisher([[5, 0], [0, 5]]), 6)  # 2/C(10,5)
    0.007937
    """
    e = enumerate_tables(table)
    return None if e is None else e.min_p()


# --------------------------------------------------------------- marginal homogeneity


@dataclass(frozen=True)
class SwapEnumeration:
    """Stuart–Maxwell statistic over every split of each discordant cell pair, with probabilities."""

    statistics: FloatArray
    probs: FloatArray

    def p_value(self, observed: float) -> float:
        keep = self.statistics >= observed * (1 - REL_TOL) - 1e-12
        return float(min(1.0, self.probs[keep].sum()))

    def min_p(self) -> float:
        top = self.statistics.max()
        return self.p_value(float(top))


def stuart_maxwell(table: npt.ArrayLike) -> tuple[float, int]:
    """Stuart–Maxwell statistic ``d' V⁺ d`` and its degrees of freedom (rank of V).

    The generalised inverse keeps the statistic defined when a level has no discordant
    pairs (where the textbook (k−1)×(k−1) inverse is singular and statsmodels gives NaN).

    Reference: Stuart A (1955) *Biometrika* 42:412–416; Maxwell AE (1970) *Br J Psychiatry*
    116:651–655.

    >>> s, df = stuart_maxwell([[1, 3], [0, 1]])  # k = 2: McNemar (b − c)²/(b + c)
    >>> round(s, 10), df
    (3.0, 1)
    """
    t = np.asarray(table, dtype=float)
    s = t + t.T
    np.fill_diagonal(s, 0.0)
    v = np.diag(s.sum(axis=1)) - s
    d = t.sum(axis=1) - t.sum(axis=0)
    rank = int(np.linalg.matrix_rank(v)) if v.any() else 0
    if rank == 0:
        return 0.0, 0
    stat = float(d @ np.linalg.pinv(v) @ d)
    return max(stat, 0.0), rank


def enumerate_swaps(table: npt.ArrayLike) -> SwapEnumeration | None:
    """Exact conditional null of the Stuart–Maxwell statistic for a k×k paired table.

    Under marginal homogeneity (conditionally on the unordered discordant pairs), each of the
    ``m_ij = n_ij + n_ji`` pairs is equally likely either way round, so ``n_ij`` is
    Binomial(m_ij, 1/2) independently for i < j. V depends only on the ``m_ij``, so the
    statistic depends only on the margin differences ``d``: cell pairs are added one at a time
    and configurations with the same ``d`` are merged (a DP over ``d``), which keeps five or
    more levels with 50 pairs exact. ``None`` when the number of states is too large.

    >>> e = enumerate_swaps([[0, 0, 5], [0, 0, 0], [0, 0, 0]])  # 5 pairs, all 0 → 2
    >>> sorted(zip(e.statistics.round(6).tolist(), (e.probs * 32).round().astype(int).tolist()))
    [(0.2, 10), (0.2, 10), (1.8, 5), (1.8, 5), (5.0, 1), (5.0, 1)]
    """
    t = np.asarray(table, dtype=np.int64)
    k = t.shape[0]
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k) if t[i, j] + t[j, i] > 0]
    if not pairs:
        return SwapEnumeration(np.zeros(1), np.ones(1))
    s = (t + t.T).astype(float)
    np.fill_diagonal(s, 0.0)
    v = np.diag(s.sum(axis=1)) - s
    vinv = np.linalg.pinv(v)
    n_disc = int(sum(int(t[i, j] + t[j, i]) for i, j in pairs))
    base = 2 * n_disc + 1  # each d_i lies in [−n_disc, n_disc]
    use_key = (k - 1) * math.log2(base) < 62
    states = np.zeros((1, k), dtype=np.int64)
    probs = np.ones(1)
    counting = n_disc <= 1000  # 2**n_disc stays a finite float
    for i, j in pairs:
        m = int(t[i, j] + t[j, i])
        if states.shape[0] * (m + 1) > MAX_TABLES:
            return None
        nij = np.arange(m + 1)
        diff = 2 * nij - m  # n_ij − n_ji
        step = np.zeros((m + 1, k), dtype=np.int64)
        step[:, i] = diff
        step[:, j] = -diff
        states = (states[:, None, :] + step[None, :, :]).reshape(-1, k)
        if counting:  # integer counts keep p = 2/2**5 exact rather than 0.0624999…
            weight: FloatArray = np.array([float(math.comb(m, x)) for x in range(m + 1)])
        else:
            weight = np.asarray(sps.binom.pmf(nij, m, 0.5), dtype=np.float64)
        probs = (probs[:, None] * weight[None, :]).ravel()
        # merge configurations with the same margin differences
        if use_key:
            key = ((states[:, : k - 1] + n_disc) * (base ** np.arange(k - 1, dtype=np.int64))).sum(axis=1)
            _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        else:
            _, first, inverse = np.unique(states, axis=0, return_index=True, return_inverse=True)
        probs = np.asarray(np.bincount(inverse.ravel(), weights=probs), dtype=np.float64)
        states = states[first]
        if states.shape[0] > MAX_TABLES:
            return None
    if counting:
        probs = probs / 2.0**n_disc
    d = states.astype(float)
    stats_ = np.einsum("ti,ij,tj->t", d, vinv, d)
    return SwapEnumeration(np.maximum(stats_, 0.0), probs)


def min_p_marginal_homogeneity(table: npt.ArrayLike) -> float | None:
    """Smallest exact Stuart–Maxwell p attainable given the discordant cell pairs of ``table``.

    >>> min_p_marginal_homogeneity([[0, 0, 5], [0, 0, 0], [0, 0, 0]])
    0.0625
    """
    e = enumerate_swaps(table)
    return None if e is None else e.min_p()


def smallest_attainable_p(
    test: str,
    *,
    n: int | None = None,
    n2: int | None = None,
    values: npt.ArrayLike | None = None,
    table: npt.ArrayLike | None = None,
) -> float | None:
    """Smallest two-sided p the exact ``test`` could give with this much data (``None``: unknown).

    ``n`` counts non-zero differences (signed-rank, sign test) or discordant pairs (McNemar);
    ``n``/``n2`` are the group sizes for the rank-sum test (``values``: pooled data, for ties);
    ``table`` is the contingency table for Fisher and marginal homogeneity. When this is above
    0.05, no result of the study could have been significant at 5%.

    >>> smallest_attainable_p("wilcoxon_signed_rank", n=5)
    0.0625
    >>> round(smallest_attainable_p("mann_whitney", n=5, n2=5), 4)
    0.0079
    """
    if test in ("wilcoxon_signed_rank", "sign_test", "mcnemar") and n is not None:
        return min_p_signed_rank(n)
    if test == "mann_whitney" and n is not None and n2 is not None:
        return min_p_rank_sum(n, n2, values)
    if test == "fisher_exact" and table is not None:
        return min_p_fisher(table)
    if test == "marginal_homogeneity" and table is not None:
        return min_p_marginal_homogeneity(table)
    return None
