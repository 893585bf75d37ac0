"""Two independent groups: which test could give the reported p from proportions or means/SDs?

Proportions: Fisher's exact test (two- and one-sided), Pearson's chi-square without and with
Yates' correction, the likelihood-ratio G² and SPSS's linear-by-linear association (the
N − 1 chi-square of Campbell 2007) — the rows of SPSS's "Chi-Square Tests" table that papers
copy. A group given as a percentage is turned into every whole count that prints as it.
Means: Student's pooled t and Welch's t, two- and one-sided, over the values the printed
(rounded) means and SDs allow.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from scipy import stats

from laktasi.audit.grim import check_percentage
from laktasi.audit.printed import Printed, ReportedP
from laktasi.audit.pvalues import judge_p
from laktasi.audit.results import SubCheck, Variant
from laktasi.errors import Text


@dataclass(frozen=True)
class Proportion:
    """One group: ``n`` and either ``events`` or a printed ``percent``."""

    n: int
    events: int | None = None
    percent: Printed | None = None


@dataclass(frozen=True)
class MeanSD:
    """One group: ``n``, printed ``mean`` and ``sd``."""

    n: int
    mean: Printed
    sd: Printed


def _table_pvalues(e1: int, n1: int, e2: int, n2: int) -> dict[str, tuple[float | None, float | None]]:
    """(p, min expected count) per variant for one 2×2 table [[e1, n1−e1], [e2, n2−e2]]."""
    table = [[e1, n1 - e1], [e2, n2 - e2]]
    out: dict[str, tuple[float | None, float | None]] = {}
    out["fisher_exact"] = (float(stats.fisher_exact(table)[1]), None)
    less = float(stats.fisher_exact(table, alternative="less")[1])
    greater = float(stats.fisher_exact(table, alternative="greater")[1])
    out["fisher_exact_one_sided"] = (min(less, greater), None)
    n = n1 + n2
    events, non = e1 + e2, n - e1 - e2
    if events == 0 or non == 0:
        for key in ("chi2", "chi2_one_sided", "chi2_yates", "g_test", "linear_by_linear"):
            out[key] = (None, None)
        return out
    exp_min = min(events, non) * min(n1, n2) / n
    x2, p, _, _ = stats.chi2_contingency(table, correction=False)
    out["chi2"] = (float(p), exp_min)
    out["chi2_one_sided"] = (float(p) / 2, exp_min)
    out["chi2_yates"] = (float(stats.chi2_contingency(table, correction=True)[1]), exp_min)
    out["g_test"] = (float(stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[1]), exp_min)
    out["linear_by_linear"] = (float(stats.chi2.sf(x2 * (n - 1) / n, 1)), exp_min)
    return out


_PROPORTION_LABELS: dict[str, Text] = {
    "fisher_exact": Text("Fisher's exact test, two-sided", "uji eksak Fisher, dua sisi"),
    "fisher_exact_one_sided": Text("Fisher's exact test, one-sided", "uji eksak Fisher, satu sisi"),
    "chi2": Text("Pearson chi-square (two-proportion z), no correction",
                 "chi-square Pearson (uji z dua proporsi), tanpa koreksi"),
    "chi2_one_sided": Text("two-proportion z test, one-sided", "uji z dua proporsi, satu sisi"),
    "chi2_yates": Text("chi-square with Yates' continuity correction", "chi-square dengan koreksi kontinuitas Yates"),
    "g_test": Text("likelihood-ratio chi-square (G²)", "chi-square rasio kemungkinan (G²)"),
    "linear_by_linear": Text("linear-by-linear association (SPSS; N − 1 chi-square)",
                             "asosiasi linear-by-linear (SPSS; chi-square N − 1)"),
}


def _counts(g: Proportion) -> tuple[list[int], SubCheck | None]:
    if g.events is not None:
        return [g.events], None
    assert g.percent is not None
    check = check_percentage(g.n, g.percent)
    counts = [] if not isinstance(check.recomputed, list) or check.verdict == "impossible" else [
        int(r["count"]) for r in check.recomputed]
    return counts, check


def check_two_proportions(g1: Proportion, g2: Proportion, reported: ReportedP) -> list[SubCheck]:
    """Sub-checks for two independent proportions: percentages (if given) and the p-value.

    >>> from laktasi.audit.printed import parse_reported_p
    >>> checks = check_two_proportions(Proportion(22, 21), Proportion(22, 5), parse_reported_p("0,015"))
    >>> checks[-1].verdict  # seed 003, Agustia & Camelia 2025: 21/22 vs 5/22 gives p < 0.0001
    'inconsistent'
    """
    c1, pc1 = _counts(g1)
    c2, pc2 = _counts(g2)
    checks = [c for c in (pc1, pc2) if c is not None]
    if not c1 or not c2:
        checks.append(SubCheck("p_value", "not_checkable",
                               Text("the p-value cannot be checked: a group's percentage is impossible",
                                    "nilai p tidak dapat diperiksa: persentase salah satu kelompok tidak mungkin"),
                               reported=reported.text))
        return checks
    if len(c1) * len(c2) > 100:
        # large n: many counts print as the same percentage; the ends and middle bound the p-values
        c1, c2 = (sorted({c[0], c[len(c) // 2], c[-1]}) for c in (c1, c2))
    per: dict[str, list[tuple[float | None, float | None]]] = {k: [] for k in _PROPORTION_LABELS}
    for e1, e2 in itertools.product(c1, c2):
        for key, value in _table_pvalues(e1, g1.n, e2, g2.n).items():
            per[key].append(value)
    variants: list[Variant] = []
    for key, label in _PROPORTION_LABELS.items():
        ps = [p for p, _ in per[key] if p is not None]
        if not ps:
            continue
        exps = [e for _, e in per[key] if e is not None]
        why = None
        if exps and min(exps) < 5:
            why = Text(f"an expected count is {min(exps):.2f} (< 5): the chi-square approximation is unreliable.",
                       f"frekuensi harapan terkecil {min(exps):.2f} (< 5): pendekatan chi-square tidak andal.")
        variants.append(Variant(key, label, ps[0], min(ps), max(ps),
                                matches=any(reported.matches(p, p) for p in ps), inappropriate=why))
    checks.append(judge_p("p_value", reported, variants))
    return checks


def _t_range(g1: MeanSD, g2: MeanSD, welch: bool) -> tuple[float, float, float, float]:
    """(t at printed values, df, |t| min, |t| max) over the rounding intervals of means and SDs."""

    def t_and_df(diff: float, s1: float, s2: float) -> tuple[float, float]:
        v1, v2 = s1 * s1 / g1.n, s2 * s2 / g2.n
        df = g1.n + g2.n - 2.0
        if welch:
            se = math.sqrt(v1 + v2)
            if se > 0:
                df = (v1 + v2) ** 2 / (v1 * v1 / (g1.n - 1) + v2 * v2 / (g2.n - 1))
        else:
            sp2 = ((g1.n - 1) * s1 * s1 + (g2.n - 1) * s2 * s2) / df
            se = math.sqrt(sp2 * (1 / g1.n + 1 / g2.n))
        if se > 0:
            return diff / se, df
        return (math.inf if diff != 0 else math.nan), df  # both SDs 0: t is infinite, or undefined

    diff = float(g1.mean.value - g2.mean.value)
    t0, df0 = t_and_df(diff, float(g1.sd.value), float(g2.sd.value))
    m1, m2 = g1.mean.bounds(), g2.mean.bounds()
    dmin, dmax = m1[0] - m2[1], m1[1] - m2[0]
    adiffs = [abs(dmin), abs(dmax)] + ([0.0] if dmin <= 0 <= dmax else [])
    sds1 = [max(x, 1e-12) for x in g1.sd.bounds()]
    sds2 = [max(x, 1e-12) for x in g2.sd.bounds()]
    ts = [abs(t_and_df(a, s1, s2)[0]) for a in adiffs for s1 in sds1 for s2 in sds2]
    return t0, df0, min(ts), max(ts)


def check_two_means(g1: MeanSD, g2: MeanSD, reported: ReportedP) -> SubCheck:
    """Check a p reported for two independent means (Student 1908 and Welch 1947 t, two- and one-sided).

    >>> from laktasi.audit.printed import parse_printed, parse_reported_p
    >>> g1 = MeanSD(10, parse_printed("3.74"), parse_printed("1.20"))
    >>> g2 = MeanSD(12, parse_printed("2.04"), parse_printed("0.60"))
    >>> check_two_means(g1, g2, parse_reported_p("0.001")).recomputed < 0.0015  # Welch p = .00138 (R t.test)
    True
    """
    if g1.n < 2 or g2.n < 2:
        return SubCheck("p_value", "not_checkable", Text("each group needs n ≥ 2", "setiap kelompok perlu n ≥ 2"),
                        reported=reported.text)
    variants: list[Variant] = []
    for welch in (True, False):
        t0, df0, tmin, tmax = _t_range(g1, g2, welch)
        # Welch's df moves with the SDs; the printed-value df is close enough for the interval ends
        def two(a: float, df: float = df0) -> float:
            return float(2 * stats.t.sf(a, df))
        p, plo, phi = two(abs(t0)), two(tmax), two(tmin)
        base = "welch_t" if welch else "student_t"
        en = "Welch t test" if welch else "Student t test (pooled SD)"
        id_ = "uji t Welch" if welch else "uji t Student (SD gabungan)"
        for one in (False, True):
            f = 0.5 if one else 1.0
            variants.append(Variant(
                base + ("_one_sided" if one else ""),
                Text(en + (", one-sided" if one else ", two-sided"), id_ + (", satu sisi" if one else ", dua sisi")),
                p * f, plo * f, phi * f, statistic=t0, df=df0,
                matches=reported.matches(plo * f, phi * f)))
    return judge_p("p_value", reported, variants)
