"""Frozen result objects returned by every test in :mod:`laktasi.stats`.

Rounding happens only at display; these hold full-precision floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# "exact": full enumeration of the null distribution (rank, sign, Fisher, McNemar, marginal
# homogeneity) or the exact sampling distribution under the test's own normal model (paired t,
# ANCOVA); "asymptotic": a large-sample approximation (normal / chi-square, Welch's df, Shapiro–Wilk).
PMethod = Literal["exact", "permutation", "asymptotic", "monte_carlo"]


@dataclass(frozen=True)
class Effect:
    """An effect size with its confidence interval (``ci_level`` 0.95 unless stated)."""

    name: str  # e.g. "mean_difference", "d_z", "hedges_g", "rank_biserial", "hodges_lehmann", "odds_ratio"
    value: float
    ci_low: float
    ci_high: float
    ci_level: float = 0.95
    ci_method: str = ""  # how the CI was computed, e.g. "t", "Fisher z", "Newcombe", "profile"; "" if none
    note: str = ""  # one short English remark on the interval (e.g. why it is undefined, R's warning)


@dataclass(frozen=True)
class MonteCarloP:
    """How a Monte Carlo p was obtained: ``samples`` random tables drawn with ``seed`` (None: a
    caller's Generator), ``hits`` of them at least as extreme as the observed; ``ci_low``/``ci_high``
    a Clopper–Pearson interval (``ci_level``) for the p being estimated."""

    samples: int
    seed: int | None
    hits: int
    ci_low: float
    ci_high: float
    ci_level: float = 0.99


@dataclass(frozen=True)
class TestResult:
    """The outcome of one hypothesis test.

    ``test`` uses the identifiers of the ``laktasi analyze --json`` contract
    (``paired_t``, ``wilcoxon_signed_rank``, ``sign_test``, ``mcnemar``,
    ``marginal_homogeneity``, ``welch_t``, ``mann_whitney``, ``ancova``, ``fisher_exact``,
    ``chi_square``, ``shapiro_wilk``, ...).
    """

    test: str
    statistic: float | None
    df: float | None
    p_value: float
    p_method: PMethod
    effect: Effect | None = None
    n: int = 0  # observations (pairs or participants) that entered the test
    n_zero: int = 0  # zero differences dropped (signed-rank / sign / McNemar concordant pairs)
    alternative: str = "two-sided"
    min_attainable_p: float | None = None  # smallest p any data of this size/ties could give
    extra_effects: tuple[Effect, ...] = ()  # further effect sizes (e.g. d_z beside the mean difference)
    note: str = ""  # one short English remark on a special case (e.g. "all differences equal")
    monte_carlo: MonteCarloP | None = None  # set when p_method == "monte_carlo"
    n_tables: int | None = None  # Fisher r×c: tables with the observed margins (exact count; None: > 10⁹)
