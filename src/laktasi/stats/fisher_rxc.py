"""Fisher–Freeman–Halton test of an r×c table: exact by a network algorithm, else Monte Carlo.

Three ways to the same p (the sum of the probabilities of all tables with the observed margins
that are no more probable than the observed one, R's ``fisher.test`` rule with relative
tolerance 1e-7), chosen by :func:`ffh_test`:

1. **full enumeration** (:func:`laktasi.stats.exact.enumerate_tables`) when the *exact* number of
   tables (:func:`count_tables`, a dynamic programme over remaining row margins) is small;
2. **network algorithm** (Mehta & Patel 1983): columns are filled one at a time; a node is the
   multiset of remaining row totals (tables that differ by a permutation of rows with equal
   remaining totals have the same completions), and each node keeps the distinct probabilities of
   the partial tables that reach it. A node is settled without expanding it when even its most
   probable completion is no more probable than the observed table (all completions count; their
   total is the closed form ``N'!/(Πr'!Πc'!)``) or when even its least probable completion is more
   probable (none counts). The bounds are per-column relaxations (most even / most concentrated
   split of each remaining column within the remaining row totals), valid because ``Σ log n!`` is
   Schur-convex. Exact wherever it finishes within a work budget;
3. **Monte Carlo** (``scipy.stats.random_table``, Patefield's algorithm) beyond that, with an
   explicit seed, the number of tables drawn, ``p = (1 + hits)/(B + 1)`` as R's
   ``simulate.p.value = TRUE``, and a Clopper–Pearson interval for the p it estimates.

Never the Pearson χ² approximation: with small expected counts it is the wrong answer (R's help
example, job satisfaction 4×4 N = 96: exact 0.7827, χ² 0.7434).

References: Freeman GH, Halton JH (1951) *Biometrika* 38:141–149; Mehta CR, Patel NR (1983) A
network algorithm for performing Fisher's exact test in r×c contingency tables. *JASA*
78:427–434; Patefield WM (1981) Algorithm AS 159. *Appl Stat* 30:91–97.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats as sps
from scipy.special import gammaln

from laktasi.stats.exact import REL_TOL, column_step, count_tables, enumerate_tables
from laktasi.stats.results import MonteCarloP

# partial-table probabilities examined by the network algorithm before it gives up (~10 s)
MAX_NETWORK_WORK = 3_000_000
MAX_ENUMERATED = 300_000  # tables: below this, vectorised full enumeration beats the network
MAX_COUNTED = 10**9  # the table count is reported up to here (None above)
MC_SAMPLES = 100_000
MC_SEED = 20_240_613  # the documented default seed of the Monte Carlo p

FfhMethod = Literal["enumeration", "network", "monte_carlo"]


@dataclass(frozen=True)
class FfhResult:
    """``p_value`` and how it was found (``method``); ``n_tables`` is the exact number of tables
    with the observed margins (None: above 10⁹, not counted); ``min_p`` the smallest attainable
    exact p (None if not computed)."""

    p_value: float
    method: FfhMethod
    n_tables: int | None
    min_p: float | None = None
    monte_carlo: MonteCarloP | None = None


def _margins(table: npt.ArrayLike) -> tuple[tuple[int, ...], tuple[int, ...], npt.NDArray[np.int64]]:
    t = np.asarray(table, dtype=np.int64)
    if t.shape[0] > t.shape[1]:  # fewer rows → fewer nodes (the test is symmetric)
        t = t.T
    return tuple(int(v) for v in t.sum(axis=1)), tuple(int(v) for v in t.sum(axis=0)), t


def _lfact(n: int) -> float:
    return math.lgamma(n + 1)


@dataclass(frozen=True)
class _Stage:
    """One column of the network: its nodes and arcs (sorted by parent)."""

    nodes: npt.NDArray[np.int64]  # (S, R) sorted remaining row totals
    parent: npt.NDArray[np.int64]  # per arc
    child: npt.NDArray[np.int64]  # per arc: index into the next stage's nodes
    step: npt.NDArray[np.float64]  # per arc: −Σ log x! of the column split
    starts: npt.NDArray[np.int64]  # first arc of each node
    counts: npt.NDArray[np.int64]  # arcs of each node


def _network(rows: tuple[int, ...], cols: tuple[int, ...], max_arcs: int) -> list[_Stage] | None:
    lf = gammaln(np.arange(sum(rows) + 2, dtype=float) + 1)
    nodes = np.array([sorted(rows)], dtype=np.int64)
    stages: list[_Stage] = []
    total = 0
    for c in cols:
        if nodes.shape[0] > max_arcs:
            return None
        found = column_step(nodes, c, max_arcs - total)
        if found is None:
            return None
        parent, split, children, child = found
        total += parent.size
        counts = np.bincount(parent, minlength=nodes.shape[0]).astype(np.int64)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        step = np.asarray(-lf[split].sum(axis=1), dtype=np.float64)
        stages.append(_Stage(nodes, parent, child, step, starts, counts))
        nodes = children
    return stages


def _oriented(t: npt.NDArray[np.int64], max_arcs: int) -> tuple[tuple[int, ...], tuple[int, ...], list[_Stage]] | None:
    """Fewer rows than columns, big columns first; of a square table's two orientations the one
    with fewer arcs."""
    best: tuple[tuple[int, ...], tuple[int, ...], list[_Stage]] | None = None
    size = math.inf
    for u in ([t] if t.shape[0] != t.shape[1] else [t, t.T]):
        if u.shape[0] > u.shape[1]:
            u = u.T
        rows = tuple(int(v) for v in u.sum(axis=1))
        cols = tuple(sorted((int(v) for v in u.sum(axis=0)), reverse=True))
        net = _network(rows, cols, max_arcs)
        if net is not None and sum(st.parent.size for st in net) < size:
            best, size = (rows, cols, net), sum(st.parent.size for st in net)
    return best


def _forward(net: list[_Stage], cols: tuple[int, ...], const: float, threshold: float,
             longest: list[npt.NDArray[np.float64]], shortest: list[npt.NDArray[np.float64]],
             max_work: int) -> float | None:
    """Σ P(table) over tables with ``s ≤ threshold``, pruning with the exact path bounds."""
    lf_n = gammaln(np.arange(sum(cols) + 2, dtype=float) + 1)
    tail_lf = [float(lf_n[list(cols[j:])].sum()) for j in range(len(cols) + 1)]
    node = np.zeros(1, dtype=np.int64)
    s = np.zeros(1)
    mult = np.ones(1)
    p = 0.0
    work = 0
    for j, st in enumerate(net):
        # log Σ e^s over all completions of a node: N'!/(Π r'! Π c'!)
        keys = st.nodes[node]
        log_all = lf_n[keys.sum(axis=1)] - lf_n[keys].sum(axis=1) - tail_lf[j]
        every = s + longest[j][node] <= threshold  # even the most probable completion counts
        p += float((mult[every] * np.exp(const + s[every] + log_all[every])).sum())
        live = ~every & (s + shortest[j][node] <= threshold)  # some completions count: expand
        node, s, mult = node[live], s[live], mult[live]
        if node.size == 0:
            break
        reps = st.counts[node]
        work += int(reps.sum())
        if work > max_work:
            return None
        # arc indices of every live path: starts[node] + 0, 1, …, counts[node] − 1
        first = np.repeat(st.starts[node] - np.concatenate([[0], np.cumsum(reps)[:-1]]), reps)
        arc = first + np.arange(int(reps.sum()))
        child = st.child[arc]
        s2 = np.repeat(s, reps) + st.step[arc]
        m2 = np.repeat(mult, reps)
        # merge paths reaching the same node with the same probability (to 1e-9 in log)
        tag = np.rint(s2 * 1e9).astype(np.int64)
        order = np.lexsort((tag, child))
        child, tag, s2, m2 = child[order], tag[order], s2[order], m2[order]
        new = np.ones(child.size, dtype=bool)
        new[1:] = (child[1:] != child[:-1]) | (tag[1:] != tag[:-1])
        idx = np.nonzero(new)[0]
        node, s, mult = child[idx], s2[idx], np.add.reduceat(m2, idx)
    return float(min(1.0, p))


def network_p(table: npt.ArrayLike, max_work: int = MAX_NETWORK_WORK,
              with_min_p: bool = False) -> tuple[float, float | None] | None:
    """Exact Freeman–Halton p (and, if asked, the smallest attainable p) by the network algorithm;
    ``None`` past ``max_work`` arcs or paths.

    The longest and shortest remaining path of every node (its most and least probable
    completion) are computed exactly, backwards over the network, as in Mehta & Patel (1983).

    >>> job = [[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]]  # R ?fisher.test
    >>> round(network_p(job)[0], 4)
    0.7827
    """
    t = np.asarray(table, dtype=np.int64)
    found = _oriented(t, max_work)
    if found is None:
        return None
    rows, cols, net = found
    n = sum(rows)
    const = float(sum(_lfact(r) for r in rows) + sum(_lfact(c) for c in cols) - _lfact(n))
    longest = [np.zeros(0)] * len(net) + [np.zeros(1)]
    shortest = [np.zeros(0)] * len(net) + [np.zeros(1)]
    for j in range(len(net) - 1, -1, -1):
        st = net[j]
        hi = np.full(st.nodes.shape[0], -np.inf)
        lo = np.full(st.nodes.shape[0], np.inf)
        np.maximum.at(hi, st.parent, st.step + longest[j + 1][st.child])
        np.minimum.at(lo, st.parent, st.step + shortest[j + 1][st.child])
        longest[j], shortest[j] = hi, lo
    # log P(table) = const + s with s = −Σ log n_ij!; count tables with s ≤ threshold
    threshold = -float(gammaln(t + 1).sum()) + math.log1p(REL_TOL)
    p = _forward(net, cols, const, threshold, longest, shortest, max_work)
    if p is None:
        return None
    min_p = None
    if with_min_p:
        min_p = _forward(net, cols, const, float(shortest[0][0]) + math.log1p(REL_TOL), longest, shortest, max_work)
    return p, min_p


def _log_probs(tables: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    return np.asarray(-gammaln(tables + 1).sum(axis=(-2, -1)), dtype=np.float64)


def monte_carlo_p(
    table: npt.ArrayLike, samples: int = MC_SAMPLES, rng: np.random.Generator | int | None = MC_SEED,
    ci_level: float = 0.99,
) -> MonteCarloP:
    """Monte Carlo Freeman–Halton p from ``samples`` random tables with the observed margins.

    ``p = (1 + hits)/(samples + 1)``, as R's ``fisher.test(simulate.p.value = TRUE, B = samples)``;
    the interval is the Clopper–Pearson interval of ``hits/samples``.

    >>> mc = monte_carlo_p([[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]], 20_000)
    >>> mc.ci_low < 0.7827 < mc.ci_high
    True
    """
    t = np.asarray(table, dtype=np.int64)
    seed = rng if isinstance(rng, int) else None
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    dist = sps.random_table(t.sum(axis=1), t.sum(axis=0), seed=gen)
    threshold = float(-gammaln(t + 1).sum()) + math.log1p(REL_TOL)
    hits = 0
    done = 0
    while done < samples:  # chunks keep memory flat
        k = min(20_000, samples - done)
        hits += int((_log_probs(dist.rvs(size=k)) <= threshold).sum())
        done += k
    ci = sps.binomtest(hits, samples).proportion_ci(ci_level, method="exact")
    return MonteCarloP(samples, seed, hits, float(ci.low), float(ci.high), ci_level)


def ffh_test(
    table: npt.ArrayLike, *, max_work: int = MAX_NETWORK_WORK, mc_samples: int = MC_SAMPLES,
    rng: np.random.Generator | int | None = MC_SEED, allow_monte_carlo: bool = True,
) -> FfhResult:
    """Freeman–Halton p of an r×c table: enumeration, network algorithm, else Monte Carlo.

    >>> r = ffh_test([[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]])
    >>> round(r.p_value, 4), r.method
    (0.7827, 'network')
    """
    t = np.asarray(table, dtype=np.int64)
    n_tables = count_tables(t, stop_above=MAX_COUNTED)
    if n_tables is not None and n_tables <= MAX_ENUMERATED:
        enum = enumerate_tables(t, limit=MAX_ENUMERATED)
        if enum is not None:
            return FfhResult(enum.p_value(), "enumeration", n_tables, enum.min_p())
    found = network_p(t, max_work, with_min_p=True)
    if found is not None:
        return FfhResult(found[0], "network", n_tables, found[1])
    if not allow_monte_carlo:
        return FfhResult(math.nan, "network", n_tables)
    mc = monte_carlo_p(t, mc_samples, rng)
    return FfhResult((1 + mc.hits) / (mc.samples + 1), "monte_carlo", n_tables, None, mc)
