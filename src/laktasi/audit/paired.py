"""Which paired test could have produced a reported p, given the pre × post table?

Papers in this field report one p for a before/after table of categories (*kurang lancar*,
*cukup lancar*, *lancar*). From the table alone every standard paired test can be redone:
McNemar (exact, mid-p, asymptotic with/without continuity correction; McNemar 1947,
Edwards 1948, Fagerland et al. 2013), the sign test, Wilcoxon's signed-rank test on the level
codes (exact by enumeration of sign flips, correct under ties; asymptotic with tie-corrected
variance, with/without correction, as R's ``wilcox.test``), marginal homogeneity (Stuart 1955,
Maxwell 1970, Bhapkar 1966), Bowker's symmetry test (1948) — and the wrong but common ones:
a paired t-test on category codes, or a chi-square test of independence that treats the same
mothers before and after as two independent groups.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from laktasi.audit.printed import ReportedP
from laktasi.audit.pvalues import fmt, judge_p, variant
from laktasi.audit.results import SubCheck, Variant
from laktasi.errors import Text

SMALL = 25  # below this many informative pairs an asymptotic paired test is unreliable [domain.md, 51]
MAX_EXACT_PAIRS = 300  # exact enumeration cost grows as m³; asymptotic is accurate beyond


def _small(m: int) -> Text | None:
    if m >= SMALL:
        return None
    return Text(f"an asymptotic test with only {m} informative pair(s) (< {SMALL}); the exact test applies.",
                f"uji asimtotik dengan hanya {m} pasangan informatif (< {SMALL}); gunakan uji eksak.")


ORDINAL_T = Text("a t-test treats category codes as measurements; they are ordered categories.",
                 "uji t memperlakukan kode kategori sebagai ukuran; data ini kategori berurutan.")
BINARY_T = Text("a t-test on 0/1 codes of a paired yes/no outcome; McNemar's test applies.",
                "uji t pada kode 0/1 untuk hasil ya/tidak berpasangan; gunakan uji McNemar.")
INDEPENDENCE = Text("a test of independence treats the same mothers before and after as independent groups.",
                    "uji independensi memperlakukan ibu yang sama sebelum dan sesudah sebagai kelompok bebas.")


def _label(en: str, id_: str) -> Text:
    return Text(en, id_)


def binom_two_sided(k: int, m: int) -> float:
    """Exact two-sided binomial p for k of m under p = 1/2 (doubling the smaller tail, as R's binom.test).

    >>> binom_two_sided(5, 5)  # five of five pairs improve: 2 / 2**5
    0.0625
    """
    if m == 0:
        return 1.0
    return float(min(1.0, 2 * stats.binom.cdf(min(k, m - k), m, 0.5)))


def mcnemar_variants(up: int, down: int, reported: ReportedP, prefix: str = "mcnemar",
                     label_en: str = "McNemar", label_id: str = "McNemar", one_sided: bool = True) -> list[Variant]:
    """McNemar's test on the discordant counts ``up`` (no → yes) and ``down`` (yes → no).

    >>> from laktasi.audit.printed import parse_reported_p
    >>> v = mcnemar_variants(7, 0, parse_reported_p("0,016"))  # seed 003, Triansyah et al. 2021
    >>> [x.name for x in v if x.matches]
    ['mcnemar_exact']
    """
    m = up + down
    small = _small(m)
    out = [variant(f"{prefix}_exact", _label(f"{label_en} exact (binomial), two-sided",
                                             f"{label_id} eksak (binomial), dua sisi"),
                   binom_two_sided(up, m), reported, statistic=float(min(up, down)))]
    if m == 0:
        return out
    lo = min(up, down)
    if one_sided:
        out.append(variant(f"{prefix}_exact_one_sided", _label(f"{label_en} exact, one-sided",
                                                               f"{label_id} eksak, satu sisi"),
                           float(stats.binom.cdf(lo, m, 0.5)), reported, statistic=float(lo)))
        mid = float(min(1.0, 2 * (stats.binom.cdf(lo, m, 0.5) - 0.5 * stats.binom.pmf(lo, m, 0.5))))
        out.append(variant(f"{prefix}_mid_p", _label(f"{label_en} mid-p", f"{label_id} mid-p"), mid, reported))
    for cc in (False, True):
        x2 = (max(abs(up - down) - (1 if cc else 0), 0)) ** 2 / m
        p = float(stats.chi2.sf(x2, 1))
        tag = "corrected" if cc else "uncorrected"
        en = f"{label_en} asymptotic χ², " + ("with continuity correction" if cc else "no continuity correction")
        id_ = f"{label_id} asimtotik χ², " + ("dengan koreksi kontinuitas" if cc else "tanpa koreksi kontinuitas")
        out.append(variant(f"{prefix}_asymptotic_{tag}", _label(en, id_), p, reported, statistic=x2, df=1.0,
                           inappropriate=small))
        if one_sided:
            out.append(variant(f"{prefix}_asymptotic_{tag}_one_sided",
                               _label(en + ", one-sided", id_ + ", satu sisi"), p / 2, reported,
                               statistic=x2, df=1.0, inappropriate=small))
    return out


def _differences(table: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(difference post − pre in level steps, count) for every cell of a pre × post table."""
    k = table.shape[0]
    i, j = np.indices((k, k))
    return (j - i).ravel(), table.ravel()


def signed_rank_variants(table: NDArray[np.int64], reported: ReportedP) -> list[Variant]:
    """Wilcoxon signed-rank test on level codes: exact (enumeration) and asymptotic (R's ``wilcox.test``).

    Wilcoxon (1945). Zero differences are dropped; ties get mid-ranks. The exact p is the
    conditional (permutation) distribution over all 2^m sign flips, computed by convolution —
    correct under ties, as coin's ``wilcoxsign_test(distribution = "exact")``.

    >>> from laktasi.audit.printed import parse_reported_p
    >>> t = np.array([[0, 0, 5], [0, 0, 0], [0, 0, 0]])
    >>> [round(v.p, 4) for v in signed_rank_variants(t, parse_reported_p("0.05"))][:3]
    [0.0625, 0.0312, 0.0253]
    """
    diffs, counts = _differences(table)
    d = np.repeat(diffs, counts)
    d = d[d != 0]  # zero differences dropped, as R and SPSS do
    m = int(d.size)
    name_en, name_id = "Wilcoxon signed-rank on levels", "Wilcoxon peringkat bertanda pada level"
    if m == 0:
        return [variant("wilcoxon_exact", _label(name_en + ", exact", name_id + ", eksak"), None, reported,
                        note=Text("no pair changed level", "tidak ada pasangan yang berubah level"))]
    ranks = stats.rankdata(np.abs(d))
    v = float(ranks[d > 0].sum())
    out: list[Variant] = []
    if m <= MAX_EXACT_PAIRS:
        doubled = np.rint(2 * ranks).astype(np.int64)  # mid-ranks are halves: double them to count exactly
        total = int(doubled.sum())
        dist = np.zeros(total + 1)
        dist[0] = 1.0
        for r in doubled:
            shifted = np.zeros_like(dist)
            shifted[r:] = dist[: total + 1 - r]
            dist = (dist + shifted) / 2
        support = np.arange(total + 1)
        v2 = 2 * v
        centre = total / 2
        tol = 1e-9
        two = float(min(1.0, dist[np.abs(support - centre) >= abs(v2 - centre) - tol].sum()))
        upper = float(dist[support >= v2 - tol].sum())
        lower = float(dist[support <= v2 + tol].sum())
        floor = float(dist[np.abs(support - centre) >= total / 2 - tol].sum())
        note = Text(f"with {m} pair(s) the smallest exact two-sided p is {fmt(floor, 'en')}.",
                    f"dengan {m} pasangan, p eksak dua sisi terkecil adalah {fmt(floor, 'id')}.")
        out += [
            variant("wilcoxon_exact", _label(name_en + ", exact, two-sided", name_id + ", eksak, dua sisi"), two,
                    reported, statistic=v, note=note),
            variant("wilcoxon_exact_one_sided", _label(name_en + ", exact, one-sided", name_id + ", eksak, satu sisi"),
                    min(upper, lower), reported, statistic=v),
        ]
    _, tie_counts = np.unique(np.abs(d), return_counts=True)
    var = m * (m + 1) * (2 * m + 1) / 24 - float(((tie_counts**3) - tie_counts).sum()) / 48
    small = _small(m)
    for cc in (False, True):
        z0 = v - m * (m + 1) / 4
        z = (z0 - (0.5 * math.copysign(1, z0) if cc and z0 != 0 else 0.0)) / math.sqrt(var) if var > 0 else math.nan
        p = float(2 * stats.norm.sf(abs(z))) if math.isfinite(z) else None
        tag = "corrected" if cc else "uncorrected"
        en = f"{name_en}, asymptotic, " + ("with continuity correction (R)" if cc else "no correction (SPSS)")
        id_ = f"{name_id}, asimtotik, " + ("dengan koreksi kontinuitas (R)" if cc else "tanpa koreksi (SPSS)")
        out.append(variant(f"wilcoxon_asymptotic_{tag}", _label(en, id_), p, reported, statistic=z,
                           inappropriate=small))
        out.append(variant(f"wilcoxon_asymptotic_{tag}_one_sided", _label(en + ", one-sided", id_ + ", satu sisi"),
                           None if p is None else p / 2, reported, statistic=z, inappropriate=small))
    return out


def sign_test_variants(table: NDArray[np.int64], reported: ReportedP) -> list[Variant]:
    """Sign test on the direction of change: exact binomial and normal approximation (Dixon & Mood 1946).

    >>> from laktasi.audit.printed import parse_reported_p
    >>> sign_test_variants(np.array([[0, 5], [0, 0]]), parse_reported_p("0.06"))[0].p
    0.0625
    """
    up = int(np.triu(table, 1).sum())
    down = int(np.tril(table, -1).sum())
    m = up + down
    out = [variant("sign_exact", _label("sign test, exact, two-sided", "uji tanda, eksak, dua sisi"),
                   binom_two_sided(up, m), reported, statistic=float(up))]
    if m == 0:
        return out
    out.append(variant("sign_exact_one_sided", _label("sign test, exact, one-sided", "uji tanda, eksak, satu sisi"),
                       float(stats.binom.cdf(min(up, down), m, 0.5)), reported, statistic=float(up)))
    for cc in (False, True):
        z = max(abs(up - m / 2) - (0.5 if cc else 0.0), 0.0) / math.sqrt(m / 4)
        tag = "corrected" if cc else "uncorrected"
        out.append(variant(
            f"sign_asymptotic_{tag}",
            _label("sign test, asymptotic, " + ("with continuity correction" if cc else "no correction"),
                   "uji tanda, asimtotik, " + ("dengan koreksi kontinuitas" if cc else "tanpa koreksi")),
            float(2 * stats.norm.sf(z)), reported, statistic=z, inappropriate=_small(m)))
    return out


def marginal_homogeneity_variants(table: NDArray[np.int64], reported: ReportedP) -> list[Variant]:
    """Stuart–Maxwell and Bhapkar tests of marginal homogeneity, and Bowker's symmetry test.

    Stuart–Maxwell: d = row − column margins (k − 1 of them), S_ii = n_i. + n_.i − 2 n_ii,
    S_ij = −(n_ij + n_ji), X² = dᵀS⁻d on rank(S) df (a generalised inverse when a level is
    empty, as coin's ``mh_test``). Bhapkar uses the sample covariance of the per-person
    differences instead: W = X²/(1 − X²/n).

    >>> from laktasi.audit.printed import parse_reported_p
    >>> t = np.array([[6, 8, 3], [2, 7, 9], [1, 3, 5]])
    >>> [(v.name, round(v.statistic, 4)) for v in marginal_homogeneity_variants(t, parse_reported_p("0.05"))]
    [('stuart_maxwell', 6.7692), ('bhapkar', 8.0), ('bowker', 7.6)]
    """
    k = table.shape[0]
    n = int(table.sum())
    t = table.astype(float)
    rows, cols = t.sum(axis=1), t.sum(axis=0)
    d = (rows - cols)[: k - 1]
    s = -(t + t.T)[: k - 1, : k - 1]
    np.fill_diagonal(s, (rows + cols - 2 * np.diag(t))[: k - 1])
    rank = int(np.linalg.matrix_rank(s)) if s.size else 0
    off_diag = int((np.triu(t, 1) + np.tril(t, -1).T).sum())
    small = _small(off_diag)
    out: list[Variant] = []
    sm_stat: float | None = None
    if rank > 0:
        sm_stat = float(d @ np.linalg.pinv(s) @ d)
        out.append(variant("stuart_maxwell", _label("Stuart–Maxwell marginal homogeneity", "homogenitas marginal "
                                                    "Stuart–Maxwell"),
                           float(stats.chi2.sf(sm_stat, rank)), reported, statistic=sm_stat, df=float(rank),
                           inappropriate=small))
    if sm_stat is not None and sm_stat < n - 1e-9:
        w = sm_stat / (1 - sm_stat / n)
        out.append(variant("bhapkar", _label("Bhapkar marginal homogeneity", "homogenitas marginal Bhapkar"),
                           float(stats.chi2.sf(w, rank)), reported, statistic=w, df=float(rank), inappropriate=small))
    else:
        out.append(variant("bhapkar", _label("Bhapkar marginal homogeneity", "homogenitas marginal Bhapkar"), None,
                           reported, note=Text("every changed pair changed the same way: the statistic is infinite.",
                                               "semua pasangan berubah dengan cara sama: statistik tak hingga.")))
    iu = np.triu_indices(k, 1)
    upper, lower = t[iu], t.T[iu]
    used = (upper + lower) > 0
    if used.any():
        b = float((((upper - lower) ** 2)[used] / (upper + lower)[used]).sum())
        df = float(used.sum())
        out.append(variant("bowker", _label("Bowker symmetry (McNemar–Bowker)", "simetri Bowker (McNemar–Bowker)"),
                           float(stats.chi2.sf(b, df)), reported, statistic=b, df=df, inappropriate=small))
    return out


def paired_t_on_codes(table: NDArray[np.int64], reported: ReportedP, why: Text) -> list[Variant]:
    """The wrong-but-common paired t-test (Student 1908) on the level codes (1, 2, 3 …; for yes/no 0, 1).

    >>> from laktasi.audit.printed import parse_reported_p
    >>> round(paired_t_on_codes(np.array([[11, 7], [0, 12]]), parse_reported_p("0.01"), BINARY_T)[0].p, 5)
    0.00591
    """
    diffs, counts = _differences(table)
    d = np.repeat(diffs, counts).astype(float)
    n = d.size
    label = _label("paired t-test on category codes", "uji t berpasangan pada kode kategori")
    sd = float(d.std(ddof=1)) if n > 1 else 0.0
    if n < 2 or sd == 0.0:
        note = Text("all differences are equal, so t is undefined (SD of differences 0); no p follows.",
                    "semua selisih sama sehingga t tidak terdefinisi (SD selisih 0); tidak ada nilai p.")
        return [variant("paired_t_codes", label, None, reported, inappropriate=why, note=note)]
    t = float(d.mean() / (sd / math.sqrt(n)))
    p = float(2 * stats.t.sf(abs(t), n - 1))
    return [
        variant("paired_t_codes", Text(label.en + ", two-sided", label.id + ", dua sisi"), p, reported, statistic=t,
                df=float(n - 1), inappropriate=why),
        variant("paired_t_codes_one_sided", Text(label.en + ", one-sided", label.id + ", satu sisi"), p / 2, reported,
                statistic=t, df=float(n - 1), inappropriate=why),
    ]


def independence_variants(table: NDArray[np.int64], reported: ReportedP) -> list[Variant]:
    """Chi-square (and for 2×2, Yates and Fisher) tests of independence on the pre × post table — wrong here.

    Pearson (1900), Yates (1934), Fisher (1935): correct for two independent groups, not for the
    same mothers measured twice; included because papers report them for paired tables.

    >>> from laktasi.audit.printed import parse_reported_p
    >>> [v.name for v in independence_variants(np.array([[11, 7], [0, 12]]), parse_reported_p("0.01"))]
    ['chi2_independence', 'chi2_independence_yates', 'fisher_independence']
    """
    t = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if t.shape[0] < 2 or t.shape[1] < 2:
        return []
    out: list[Variant] = []
    expected = stats.contingency.expected_freq(t)
    why = INDEPENDENCE
    if float(expected.min()) < 5:
        why = Text(why.en + f" Also, an expected count is {expected.min():.2f} (< 5).",
                   why.id + f" Selain itu, frekuensi harapan terkecil {expected.min():.2f} (< 5).")
    x2, p, dof, _ = stats.chi2_contingency(t, correction=False)
    out.append(variant("chi2_independence", _label("chi-square test of independence on the pre × post table",
                                                   "uji chi-square independensi pada tabel sebelum × sesudah"),
                       float(p), reported, statistic=float(x2), df=float(dof), inappropriate=why))
    if t.shape == (2, 2):
        x2c, pc, _, _ = stats.chi2_contingency(t, correction=True)
        out.append(variant("chi2_independence_yates", _label("chi-square of independence with Yates correction",
                                                             "chi-square independensi dengan koreksi Yates"),
                           float(pc), reported, statistic=float(x2c), df=1.0, inappropriate=why))
        out.append(variant("fisher_independence", _label("Fisher's exact test on the pre × post table",
                                                         "uji eksak Fisher pada tabel sebelum × sesudah"),
                           float(stats.fisher_exact(t)[1]), reported, inappropriate=INDEPENDENCE))
    return out


def check_paired_binary(yes_yes: int, yes_no: int, no_yes: int, no_no: int, reported: ReportedP) -> SubCheck:
    """Check a p reported for a paired yes/no outcome (pre → post counts).

    >>> from laktasi.audit.printed import parse_reported_p
    >>> check_paired_binary(12, 0, 7, 11, parse_reported_p("0,016")).verdict
    'consistent'
    """
    table = np.array([[no_no, no_yes], [yes_no, yes_yes]], dtype=np.int64)
    vs = mcnemar_variants(no_yes, yes_no, reported)
    vs += paired_t_on_codes(table, reported, BINARY_T)
    vs += independence_variants(table, reported)
    return judge_p("p_value", reported, vs)


def check_paired_table(levels: Sequence[str], table: Sequence[Sequence[int]], reported: ReportedP) -> SubCheck:
    """Check a p reported for an ordered pre (rows) × post (columns) table of levels.

    Seed 000: five mothers all moved from *kurang lancar* to *lancar*; "dependent t-test,
    p = 0.003" — but no test on five pairs gives 0.003 (the exact tests give 0.0625).

    >>> from laktasi.audit.printed import parse_reported_p
    >>> check_paired_table(["kurang lancar", "cukup lancar", "lancar"],
    ...                    [[0, 0, 5], [0, 0, 0], [0, 0, 0]], parse_reported_p("0.003")).recomputed
    0.0625
    """
    t = np.asarray(table, dtype=np.int64)
    k = len(levels)
    vs = signed_rank_variants(t, reported)
    vs += sign_test_variants(t, reported)
    vs += marginal_homogeneity_variants(t, reported)
    for cut in range(1, k):
        up = int(t[:cut, cut:].sum())
        down = int(t[cut:, :cut].sum())
        en = f"McNemar on ≥ {levels[cut]!s} vs below" if k > 2 else "McNemar"
        id_ = f"McNemar pada ≥ {levels[cut]!s} vs di bawahnya" if k > 2 else "McNemar"
        vs += mcnemar_variants(up, down, reported, prefix=f"mcnemar_cut{cut}" if k > 2 else "mcnemar",
                               label_en=en, label_id=id_, one_sided=False)
    vs += paired_t_on_codes(t, reported, ORDINAL_T if k > 2 else BINARY_T)
    vs += independence_variants(t, reported)
    check = judge_p("p_value", reported, vs)
    undefined_t = next((v for v in vs if v.name == "paired_t_codes" and v.p is None), None)
    if undefined_t is not None and undefined_t.note is not None and check.verdict == "inconsistent":
        # the test papers most often name ("uji t dependen") cannot give any p here: say so
        check = replace(check, text=Text(
            f"{check.text.en} A paired t-test on the category codes: {undefined_t.note.en}",
            f"{check.text.id} Uji t berpasangan pada kode kategori: {undefined_t.note.id}"))
    return check
