"""Analyse a validated :class:`~laktasi.trial.study.Study`: descriptives, tests, effects, warnings.

The tests follow design.md's table (one primary per outcome and scope):

=================  ==========================================  =======================================
outcome            within an arm (``pre_post``)                between arms
=================  ==========================================  =======================================
continuous         paired t; Wilcoxon signed-rank when the     ANCOVA of post on arm adjusting for pre
                   differences are clearly non-normal          and the design's covariates (``post``);
                   (Shapiro–Wilk p < 0.05) or all equal        Welch t and Mann–Whitney on change alongside
ordered            exact sign test (signed-rank on levels and  exact Mann–Whitney on post; Fisher–
                   marginal homogeneity alongside)             Freeman–Halton alongside
binary / nominal   exact McNemar / exact marginal homogeneity  exact Fisher (–Freeman–Halton) on post
=================  ==========================================  =======================================

Category codes never enter a t-test. A design file may name another test per outcome
(``tests: {within: ..., between: ...}``); the default then stays alongside as a secondary.

References: Vickers AJ, Altman DG (2001) *BMJ* 323:1123–1124 (ANCOVA for baseline and follow-up);
Altman DG (1991) *Practical Statistics for Medical Research*, ch. 9–10 (paired and categorical tests);
Campbell DT, Stanley JC (1963) *Experimental and Quasi-Experimental Designs* (one-group pre/post:
maturation); Dahlan MS (2014) *Statistik untuk Kedokteran dan Kesehatan* (test selection as taught).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial

import numpy as np
import pandas as pd

from laktasi.errors import Text, Warning_
from laktasi.stats import independent, paired, spss
from laktasi.stats.ancova import ancova_report
from laktasi.stats.exact import min_p_signed_rank
from laktasi.stats.results import TestResult
from laktasi.trial.posthoc import PairwiseComparison, ancova_contrasts, category_pairs
from laktasi.trial.results import Characteristic, Outcome, OutcomeTest, StudyAnalysis
from laktasi.trial.study import Study

ALPHA = 0.05
NORMALITY_ALPHA = 0.05  # Shapiro–Wilk threshold for "clearly non-normal" differences
IMBALANCE_SMD = 0.5  # |standardised mean difference| at baseline worth a warning (Cohen's "medium")
IMBALANCE_POINTS = 20.0  # percentage points between arms in any baseline level worth a warning
_CASE_CONTROL = re.compile(r"case[\s_-]*control|kasus[\s_-]*kontrol", re.IGNORECASE)
_RANDOM = re.compile(r"random|acak|\brct\b", re.IGNORECASE)
_NOT_RANDOM = re.compile(r"non[\s_-]*random|tidak[\s_-]*acak|non[\s_-]*acak|total[\s_-]*sampling|purposive|consecutive|"
                         r"accidental|convenience|quota|berurutan|kuota", re.IGNORECASE)
_ONE_GROUP = re.compile(r"one[\s_-]*group|single[\s_-]*group|satu[\s_-]*kelompok|pre[\s_-]*experiment|pra[\s_-]*eksperimen",
                        re.IGNORECASE)
_WITH_CONTROL = re.compile(r"control[\s_-]*group|kelompok[\s_-]*kontrol|two[\s_-]*(arm|group)|dua[\s_-]*kelompok|"
                           r"randomi[sz]ed|\brct\b", re.IGNORECASE)


# ----------------------------------------------------------------------------- descriptives

def _summary(values: np.ndarray) -> dict[str, float]:
    """n, mean, SD, median, quartiles (SPSS's weighted-average definition, Hyndman–Fan type 6), min, max."""
    x = values[np.isfinite(values)]
    n = int(x.size)
    if n == 0:
        return {"n": 0, "mean": math.nan, "sd": math.nan, "median": math.nan, "q1": math.nan, "q3": math.nan,
                "min": math.nan, "max": math.nan}
    q1, med, q3 = np.quantile(x, [0.25, 0.5, 0.75], method="weibull")
    return {"n": n, "mean": float(x.mean()), "sd": float(x.std(ddof=1)) if n > 1 else math.nan,
            "median": float(med), "q1": float(q1), "q3": float(q3), "min": float(x.min()), "max": float(x.max())}


def _codes(series: pd.Series) -> np.ndarray:
    """Level codes 0..k−1 of an ordered categorical as floats (missing → NaN)."""
    codes = np.asarray(series.cat.codes, dtype=float)
    codes[codes < 0] = np.nan
    return codes


def describe(study: Study) -> tuple[pd.DataFrame, pd.DataFrame, dict[tuple[str, str], pd.DataFrame]]:
    """(descriptives, frequencies, crosstabs) as documented on :class:`StudyAnalysis`.

    Continuous outcomes get one descriptives row per arm × time point plus a ``change`` row (last
    compared time − first, complete pairs); categorical outcomes get n and % per level of the
    participants with a value at that time (``percent`` 0–100) and a pre × post table per arm.
    Covariates appear under time ``baseline``.
    """
    data = study.data
    desc_rows: list[dict[str, object]] = []
    freq_rows: list[dict[str, object]] = []
    crosstabs: dict[tuple[str, str], pd.DataFrame] = {}
    groups = {arm: data.index[data["arm"] == arm] for arm in study.arms}
    for o in study.outcomes:
        first, last = (o.column(t) for t in o.compared)
        for arm, idx in groups.items():
            part = data.loc[idx]
            if o.kind == "continuous":
                for label, col in zip(o.time_labels, o.time_columns, strict=True):
                    desc_rows.append({"outcome": o.name, "arm": arm, "time": label,
                                      **_summary(part[col].to_numpy(dtype=float))})
                change = part[last].to_numpy(dtype=float) - part[first].to_numpy(dtype=float)
                desc_rows.append({"outcome": o.name, "arm": arm, "time": "change", **_summary(change)})
                continue
            for label, col in zip(o.time_labels, o.time_columns, strict=True):
                counts = part[col].value_counts(sort=False).reindex(list(o.levels), fill_value=0)
                total = int(counts.sum())
                for level, count in counts.items():
                    freq_rows.append({"outcome": o.name, "arm": arm, "time": label, "level": str(level),
                                      "n": int(count), "percent": 100.0 * int(count) / total if total else math.nan})
            both = part[[first, last]].dropna()
            table = pd.crosstab(pd.Categorical(both[first], categories=list(o.levels)),
                                pd.Categorical(both[last], categories=list(o.levels)), dropna=False)
            table = table.reindex(index=list(o.levels), columns=list(o.levels), fill_value=0)
            table.index.name, table.columns.name = o.compared
            crosstabs[(o.name, arm)] = table.astype(int)
    for cov in study.covariates:
        covariate = data[cov]
        for arm, idx in groups.items():
            values = covariate.loc[idx]
            if pd.api.types.is_numeric_dtype(values.dtype):
                desc_rows.append({"outcome": cov, "arm": arm, "time": "baseline",
                                  **_summary(values.to_numpy(dtype=float))})
            else:
                counts = values.dropna().astype(str).value_counts().sort_index()
                total = int(counts.sum())
                for level, count in counts.items():
                    freq_rows.append({"outcome": cov, "arm": arm, "time": "baseline", "level": str(level),
                                      "n": int(count), "percent": 100.0 * int(count) / total if total else math.nan})
    desc = pd.DataFrame(desc_rows, columns=["outcome", "arm", "time", "n", "mean", "sd", "median", "q1", "q3",
                                            "min", "max"])
    freq = pd.DataFrame(freq_rows, columns=["outcome", "arm", "time", "level", "n", "percent"])
    return desc, freq, crosstabs


AGE_BANDS = ("< 20", "20–35", "> 35")  # years: the reproductive-risk bands Indonesian midwifery theses use
PARITY_BANDS = ("primipara", "multipara", "grande multipara")  # 1, 2–4, ≥ 5 births
_EDUCATION_ORDER = ("tidak sekolah", "sd", "smp", "sma", "smk", "diploma", "d3", "s1", "sarjana", "perguruan tinggi")


def _bands(kind: str, values: pd.Series) -> tuple[list[str | None], tuple[str, ...]]:
    """Each participant's category of a characteristic, and the categories in display order."""
    numeric = pd.api.types.is_numeric_dtype(values.dtype) and not isinstance(values.dtype, pd.CategoricalDtype)
    if numeric and kind == "age":
        x = values.to_numpy(dtype=float)
        return ([None if not np.isfinite(v) else AGE_BANDS[0] if v < 20 else AGE_BANDS[1] if v <= 35
                 else AGE_BANDS[2] for v in x], AGE_BANDS)
    if numeric and kind == "parity":
        x = values.to_numpy(dtype=float)
        return ([None if not np.isfinite(v) else PARITY_BANDS[0] if v <= 1 else PARITY_BANDS[1] if v <= 4
                 else PARITY_BANDS[2] for v in x], PARITY_BANDS)
    text = [None if v is None or (isinstance(v, float) and math.isnan(v)) else
            (f"{v:g}" if isinstance(v, float) else str(v)).strip() for v in values.astype(object).tolist()]
    seen = list(dict.fromkeys(t for t in text if t))
    order = {name: i for i, name in enumerate(_EDUCATION_ORDER)}
    if kind == "education":
        seen.sort(key=lambda t: (order.get(t.lower(), len(order)), t))
    elif kind == "parity":
        seen.sort(key=lambda t: (PARITY_BANDS.index(t.lower()) if t.lower() in PARITY_BANDS else 3, t))
    else:
        seen.sort()
    return text, tuple(seen)


def characteristics(study: Study) -> tuple[Characteristic, ...]:
    """Karakteristik responden per arm with an exact homogeneity test (Fisher–Freeman–Halton on arm × category:
    do the arms start alike?). Exact rather than chi-square: a thesis sample leaves most expected counts
    below 5."""
    out: list[Characteristic] = []
    arm = study.data["arm"].to_numpy(dtype=object)
    for kind, column in study.characteristics:
        values = study.data[column]
        cats, levels = _bands(kind, values)
        if not levels:
            continue
        counts = tuple(tuple(sum(1 for c, a in zip(cats, arm, strict=True) if a == group and c == lv)
                             for lv in levels) for group in study.arms)
        test = None
        table = np.array(counts, dtype=np.int64)
        if len(study.arms) >= 2 and (table.sum(axis=0) > 0).sum() >= 2:
            test = guarded("fisher_exact", int(table.sum()), partial(independent.fisher_exact, table))
        mean_sd: tuple[tuple[float, float], ...] = ()
        if pd.api.types.is_numeric_dtype(values.dtype) and not isinstance(values.dtype, pd.CategoricalDtype):
            stats_per_arm = []
            for group in study.arms:
                x = values[arm == group].to_numpy(dtype=float)
                x = x[np.isfinite(x)]
                stats_per_arm.append((float(x.mean()) if x.size else math.nan,
                                      float(x.std(ddof=1)) if x.size > 1 else math.nan))
            mean_sd = tuple(stats_per_arm)
        out.append(Characteristic(kind, column, levels, counts, test, mean_sd))
    return tuple(out)


# ----------------------------------------------------------------------------- test choice

def _t(en: str, id_: str) -> Text:
    return Text(en=en, id=id_)


#: Numerical failures a statistics routine may raise on unusual data (a root search that cannot
#: bracket, a singular matrix): the test is then reported as not computable instead of ending the
#: whole analysis in an internal error.
_NUMERICAL_FAILURES = (ValueError, ArithmeticError, np.linalg.LinAlgError)


def guarded(test: str, n: int, compute: Callable[[], TestResult]) -> TestResult:
    """``compute()``, or a result with an undefined statistic and p whose note names the failure."""
    try:
        return compute()
    except _NUMERICAL_FAILURES as exc:
        return TestResult(test=test, statistic=math.nan, df=None, p_value=math.nan, p_method="exact", n=n,
                          note=f"not computable: {type(exc).__name__}: {exc}")


def _within(o: Outcome, pre: np.ndarray, post: np.ndarray, override: str | None) -> list[tuple[TestResult, Text]]:
    """Tests within one arm, primary first."""
    out: list[tuple[TestResult, Text]] = []
    if o.kind == "continuous":
        diffs = post - pre
        sw = guarded("shapiro_wilk", diffs.size, lambda: paired.shapiro_wilk(diffs))
        pt = guarded("paired_t", pre.size, lambda: paired.paired_t(pre, post))
        wx = guarded("wilcoxon_signed_rank", pre.size, lambda: paired.wilcoxon_signed_rank(pre, post))
        sg = guarded("sign_test", pre.size, lambda: paired.sign_test(pre, post))
        if override:
            chosen = override
            why = _t(f"Chosen in the design file ({override}).", f"Dipilih di berkas desain ({override}).")
        elif not math.isfinite(pt.p_value):
            chosen = "wilcoxon_signed_rank"
            why = _t("The paired t-test is undefined here (all differences equal or fewer than 2 pairs), so the "
                     "exact Wilcoxon signed-rank test carries the inference.",
                     "Uji t berpasangan tidak terdefinisi di sini (semua selisih sama atau kurang dari 2 pasang), "
                     "sehingga uji peringkat bertanda Wilcoxon eksak yang dipakai.")
        elif math.isfinite(sw.p_value) and sw.p_value < NORMALITY_ALPHA:
            chosen = "wilcoxon_signed_rank"
            why = _t(f"The before–after differences are clearly non-normal (Shapiro–Wilk p < {NORMALITY_ALPHA}), so "
                     "the Wilcoxon signed-rank test (exact for small samples) replaces the paired t-test.",
                     f"Selisih sebelum–sesudah jelas tidak normal (Shapiro–Wilk p < {NORMALITY_ALPHA}), sehingga uji "
                     "peringkat bertanda Wilcoxon (eksak untuk sampel kecil) menggantikan uji t berpasangan.")
        else:
            chosen = "paired_t"
            why = _t("A measured outcome compared before and after in the same mothers: the paired t-test on the "
                     "differences, which show no clear departure from normality (Shapiro–Wilk); the Wilcoxon "
                     "signed-rank test is shown alongside as a check.",
                     "Luaran terukur yang dibandingkan sebelum dan sesudah pada ibu yang sama: uji t berpasangan "
                     "pada selisihnya, yang tidak jelas menyimpang dari normal (Shapiro–Wilk); uji peringkat bertanda "
                     "Wilcoxon ditampilkan sebagai pembanding.")
        results = {"paired_t": pt, "wilcoxon_signed_rank": wx, "sign_test": sg}
        out.append((results[chosen], why))
        for key in ("paired_t", "wilcoxon_signed_rank"):
            if key != chosen:
                out.append((results[key], _t("Shown alongside the primary test.", "Ditampilkan di samping uji utama.")))
        out.append((sw, _t("Normality of the before–after differences (an assumption of the paired t-test).",
                           "Normalitas selisih sebelum–sesudah (asumsi uji t berpasangan).")))
        return out
    k = len(o.levels)
    tests: dict[str, Callable[[], TestResult]] = {
        "sign_test": lambda: paired.sign_test(pre, post),
        "wilcoxon_signed_rank": lambda: paired.wilcoxon_signed_rank(pre, post),
        "marginal_homogeneity": lambda: paired.marginal_homogeneity(pre, post, k),
        "mcnemar": lambda: paired.mcnemar(pre, post),
    }
    if o.kind == "ordinal":
        default, others = "sign_test", ["wilcoxon_signed_rank", "marginal_homogeneity"]
        why = _t("Ordered categories measured twice: the exact sign test counts mothers who moved up versus down a "
                 "level and uses only the order of the levels, never codes as numbers; the signed-rank test on "
                 "levels and the marginal homogeneity test are shown alongside.",
                 "Kategori berurutan yang diukur dua kali: uji tanda eksak menghitung ibu yang naik dibanding yang "
                 "turun kategori dan hanya memakai urutan kategori, bukan kode sebagai angka; uji peringkat "
                 "bertanda pada kategori dan uji homogenitas marginal ditampilkan di sampingnya.")
    elif o.kind == "binary":
        default, others = "mcnemar", []
        why = _t("A yes/no outcome measured twice: the exact McNemar test on the mothers who changed.",
                 "Luaran ya/tidak yang diukur dua kali: uji McNemar eksak pada ibu yang berubah.")
    else:
        default, others = "marginal_homogeneity", []
        why = _t("Unordered categories measured twice: the exact marginal homogeneity (Stuart–Maxwell) test.",
                 "Kategori tak berurutan yang diukur dua kali: uji homogenitas marginal (Stuart–Maxwell) eksak.")
    chosen = override or default
    if override:
        why = _t(f"Chosen in the design file ({override}).", f"Dipilih di berkas desain ({override}).")
    out.append((guarded(chosen, pre.size, tests[chosen]), why))
    for key in [default, *others]:
        if key != chosen:
            out.append((guarded(key, pre.size, tests[key]), _t("Shown alongside the primary test.", "Ditampilkan di samping uji utama.")))
    return out


def _ancova_adjustment(fit: independent.AncovaFit) -> Text:
    """The covariates the ANCOVA adjusted for (and left out), to follow "adjusted for the before value"."""
    en = id_ = ""
    if fit.adjusted_for:
        names = ", ".join(fit.adjusted_for)
        en, id_ = f" and for the covariates {names}", f" serta kovariat {names}"
    for name, why in fit.dropped:
        reason = (("it has only one level among the complete cases", "hanya satu kategori pada kasus lengkap")
                  if why == "one level" else
                  ("it adds nothing beyond the other terms (collinear)", "tidak menambah informasi di luar suku "
                   "lain (kolinear)"))
        en += f" (covariate {name} left out: {reason[0]})"
        id_ += f" (kovariat {name} tidak dipakai: {reason[1]})"
    return _t(en, id_)


def _between(o: Outcome, study: Study, override: str | None) -> list[tuple[str, TestResult, Text]]:
    """Tests between arms, primary first: (comparison, result, reason)."""
    data = study.data
    ref = study.reference_arm
    others = [a for a in study.arms if a != ref]
    first, last = (o.column(t) for t in o.compared)
    arm = data["arm"].to_numpy(dtype=object)
    out: list[tuple[str, TestResult, Text]] = []
    two = len(others) == 1
    if o.kind == "continuous":
        pre = data[first].to_numpy(dtype=float)
        post = data[last].to_numpy(dtype=float)
        covariates = data[list(study.covariates)] if study.covariates else None
        fit = independent.ancova_fit(post, pre, arm, ref, covariates)
        results: dict[str, tuple[str, TestResult]] = {"ancova": ("post", fit.result)}
        if two:
            change = post - pre
            x, y = change[arm == others[0]], change[arm == ref]
            results["welch_t"] = ("change", guarded("welch_t", x.size + y.size, lambda: independent.welch_t(x, y)))
            results["mann_whitney"] = ("change", guarded("mann_whitney", x.size + y.size, lambda: independent.mann_whitney(x, y)))
        chosen = override if override in results else "ancova"
        adjusted = _ancova_adjustment(fit)
        why = (_t(f"Chosen in the design file ({override}).", f"Dipilih di berkas desain ({override}).") if chosen == override
               else _t("Comparing arms on a measured outcome: ANCOVA of the after value on arm, adjusted for the "
                       f"before value{adjusted.en} — the most precise fair comparison when arms start at different "
                       "levels (Vickers & Altman 2001); Welch t and Mann–Whitney on the change are shown alongside.",
                       "Membandingkan kelompok pada luaran terukur: ANCOVA nilai sesudah menurut kelompok, "
                       f"disesuaikan dengan nilai sebelum{adjusted.id} — perbandingan adil yang paling tepat bila "
                       "kelompok mulai dari tingkat berbeda (Vickers & Altman 2001); uji t Welch dan Mann–Whitney "
                       "pada perubahan ditampilkan di sampingnya."))
        comp, res = results[chosen]
        out.append((comp, res, why))
        for key, (comp, res) in results.items():
            if key != chosen:
                extra = (_t(f" ANCOVA adjusted for the before value{adjusted.en}.",
                            f" ANCOVA disesuaikan dengan nilai sebelum{adjusted.id}.")
                         if key == "ancova" and study.covariates else _t("", ""))
                out.append((comp, res, _t(f"Shown alongside the primary test.{extra.en}",
                                          f"Ditampilkan di samping uji utama.{extra.id}")))
        return out
    after = data[last]
    # rows: other arm(s) then reference; columns: highest level first, so a 2×2 odds ratio is the odds of the
    # better level ("lancar", "ya") in the other arm over the reference arm
    rows = [*others, ref]
    table = np.array([[int(((arm == a) & (after == lv).to_numpy()).sum()) for lv in reversed(o.levels)]
                      for a in rows], dtype=np.int64)
    fisher = independent.fisher_exact(table)
    if o.kind == "ordinal" and two:
        codes = _codes(after)
        mw = independent.mann_whitney(codes[arm == others[0]], codes[arm == ref])
        steps = codes - _codes(data[first])  # levels moved up (+) or down (−) per mother
        mw_change = independent.mann_whitney(steps[arm == others[0]], steps[arm == ref])
        results = {"mann_whitney": ("post", mw), "fisher_exact": ("post", fisher),
                   "mann_whitney@change": ("change", mw_change)}
        default = "mann_whitney"
        why = _t("Comparing arms on ordered categories after the intervention: the exact Mann–Whitney test uses "
                 "the order of the levels (exact under the many ties of a 3-level scale); Fisher's exact test "
                 "on the whole table and a Mann–Whitney test on the number of levels moved (which arms starting "
                 "at different levels makes worth a look) are shown alongside.",
                 "Membandingkan kelompok pada kategori berurutan sesudah intervensi: uji Mann–Whitney eksak "
                 "memakai urutan kategori (eksak walaupun banyak nilai kembar pada skala 3 kategori); uji eksak "
                 "Fisher pada seluruh tabel dan uji Mann–Whitney pada jumlah tingkat kategori yang berubah (penting "
                 "bila kelompok mulai dari tingkat berbeda) ditampilkan di sampingnya.")
    else:
        results = {"fisher_exact": ("post", fisher)}
        default = "fisher_exact"
        why = _t("Comparing arms on categories after the intervention: Fisher's exact test (Fisher–Freeman–Halton "
                 "for more than two levels or arms), computed exactly rather than by chi-square.",
                 "Membandingkan kelompok pada kategori sesudah intervensi: uji eksak Fisher (Fisher–Freeman–Halton "
                 "untuk lebih dari dua kategori atau kelompok), dihitung eksak, bukan dengan chi-square.")
    if override == "chi_square":
        results["chi_square"] = ("post", independent.chi_square(table))
    chosen = override if override in results else default
    if chosen == override:
        why = _t(f"Chosen in the design file ({override}).", f"Dipilih di berkas desain ({override}).")
    comp, res = results[chosen]
    out.append((comp, res, why))
    for key, (comp, res) in results.items():
        if key != chosen:
            out.append((comp, res, _t("Shown alongside the primary test.", "Ditampilkan di samping uji utama.")))
    return out


# ----------------------------------------------------------------------------- warnings

def _sup(n: int) -> str:
    """An exponent as printed text writes it: 2⁵ rather than 2^5."""
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _fmt(x: float, lang: str, digits: int = 4) -> str:
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "id" else text


def _imbalance(study: Study, name: str, col: pd.Series, when: str) -> Warning_ | None:
    """Baseline difference between the two arms in one variable (a description, not a test)."""
    ref = study.reference_arm
    other = next(a for a in study.arms if a != ref)
    arm = study.data["arm"]
    at = f" ({when})" if when else ""
    at_id = f" ({ {'pre': 'sebelum', 'post': 'sesudah'}.get(when, when)})" if when else ""
    if pd.api.types.is_numeric_dtype(col.dtype) and not isinstance(col.dtype, pd.CategoricalDtype):
        x = col[arm == other].dropna().to_numpy(dtype=float)
        y = col[arm == ref].dropna().to_numpy(dtype=float)
        if x.size < 2 or y.size < 2:
            return None
        pooled = math.sqrt(((x.size - 1) * x.var(ddof=1) + (y.size - 1) * y.var(ddof=1)) / (x.size + y.size - 2))
        if pooled == 0:
            return None
        smd = (x.mean() - y.mean()) / pooled
        if abs(smd) < IMBALANCE_SMD:
            return None
        return Warning_("baseline_imbalance", _t(
            f"{name}: the arms differ at baseline{at}: mean {_fmt(x.mean(), 'en', 2)} in {other!r} vs "
            f"{_fmt(y.mean(), 'en', 2)} in {ref!r}, standardised difference {_fmt(smd, 'en', 2)} (|d| ≥ {IMBALANCE_SMD}). "
            "Compare arms adjusted for baseline (the ANCOVA), not by after values alone.",
            f"{name}: kelompok berbeda pada awal{at_id}: rerata {_fmt(x.mean(), 'id', 2)} pada {other!r} "
            f"vs {_fmt(y.mean(), 'id', 2)} pada {ref!r}, selisih terstandar {_fmt(smd, 'id', 2)} (|d| ≥ "
            f"{_fmt(IMBALANCE_SMD, 'id')}). Bandingkan kelompok dengan penyesuaian nilai awal (ANCOVA), bukan "
            "hanya nilai sesudah."), {"outcome": name, "smd": float(smd)})
    values = col.astype(object).where(col.notna(), None)
    a = values[arm == other].dropna().astype(str).value_counts(normalize=True)
    b = values[arm == ref].dropna().astype(str).value_counts(normalize=True)
    levels = ([str(c) for c in col.cat.categories] if isinstance(col.dtype, pd.CategoricalDtype)
              else sorted(set(a.index) | set(b.index)))
    if not levels:
        return None
    a, b = a.reindex(levels, fill_value=0.0), b.reindex(levels, fill_value=0.0)
    gap = 100.0 * (a - b).abs()
    if gap.max() < IMBALANCE_POINTS:
        return None
    level = str(gap.idxmax())
    return Warning_("baseline_imbalance", _t(
        f"{name}: the arms differ at baseline{at}: {_fmt(100 * a[level], 'en', 1)}% vs "
        f"{_fmt(100 * b[level], 'en', 1)}% '{level}' in {other!r} vs {ref!r}. Differences after the intervention may "
        "reflect where the arms started; look at the change within each arm and the before × after tables.",
        f"{name}: kelompok berbeda pada awal{at_id}: {_fmt(100 * a[level], 'id', 1)}% vs "
        f"{_fmt(100 * b[level], 'id', 1)}% '{level}' pada {other!r} vs {ref!r}. Perbedaan sesudah intervensi dapat "
        "mencerminkan titik awal kelompok; lihat perubahan di tiap kelompok dan tabel sebelum × sesudah."),
        {"outcome": name, "points": float(gap.max())})


def _design_warnings(study: Study) -> list[Warning_]:
    """Allocation that is not random, and a design label that the data contradict (mixed designs)."""
    out: list[Warning_] = []
    label, allocation = study.design.design_label, study.design.allocation
    two_arms = len(study.arms) >= 2
    not_random = bool(allocation) and (bool(_NOT_RANDOM.search(allocation)) or not _RANDOM.search(allocation))
    if two_arms and not_random:
        out.append(Warning_("non_random_allocation", _t(
            f"Allocation '{allocation}' is not randomisation: it says who was included, not that chance decided who "
            "was massaged. Without random allocation the arms can differ in ways that affect milk flow (parity, "
            "day postpartum, feeding), so a difference between arms shows an association, not that the massage "
            "caused it; compare the arms' characteristics and say so in the discussion.",
            f"Alokasi '{allocation}' bukan randomisasi: ini menyatakan siapa yang diikutkan, bukan bahwa peluang yang "
            "menentukan siapa yang dipijat. Tanpa alokasi acak kedua kelompok dapat berbeda dalam hal yang "
            "memengaruhi kelancaran ASI (paritas, hari postpartum, cara menyusui), sehingga perbedaan antarkelompok "
            "menunjukkan hubungan, bukan bukti bahwa pijat penyebabnya; bandingkan karakteristik kelompok dan "
            "nyatakan hal ini di pembahasan."), {"allocation": allocation}))
    elif two_arms and not allocation:
        out.append(Warning_("allocation_not_stated", _t(
            "How mothers were allocated to the arms is not stated (write 'allocation: random' or e.g. 'allocation: "
            "total sampling' in the design file). Unless allocation was random, a difference between arms shows an "
            "association, not that the intervention caused it.",
            "Cara ibu dialokasikan ke kelompok tidak dinyatakan (tuliskan 'allocation: random' atau mis. "
            "'allocation: total sampling' di berkas desain). Kecuali alokasinya acak, perbedaan antarkelompok "
            "menunjukkan hubungan, bukan bukti bahwa intervensi penyebabnya.")))
    if label and _RANDOM.search(label) and not_random:
        out.append(Warning_("design_mismatch", _t(
            f"The design is called '{label}' but allocation was '{allocation}': a study without random allocation "
            "is a quasi-experiment, not a randomised trial.",
            f"Desain disebut '{label}' tetapi alokasinya '{allocation}': penelitian tanpa alokasi acak adalah "
            "kuasi-eksperimen, bukan uji acak terkendali."), {"label": label}))
    if label and _ONE_GROUP.search(label) and two_arms:
        out.append(Warning_("design_mismatch", _t(
            f"The design is called '{label}' (one group) but the table has {len(study.arms)} arms: the analysis "
            "follows the table and compares the arms; correct the design's name.",
            f"Desain disebut '{label}' (satu kelompok) tetapi tabel berisi {len(study.arms)} kelompok: analisis "
            "mengikuti tabel dan membandingkan kelompok; perbaiki nama desainnya."), {"label": label}))
    elif label and _WITH_CONTROL.search(label) and not two_arms:
        out.append(Warning_("design_mismatch", _t(
            f"The design is called '{label}' (with a control group) but the table has one group only: no "
            "between-group comparison is possible; check the arm column.",
            f"Desain disebut '{label}' (dengan kelompok kontrol) tetapi tabel hanya berisi satu kelompok: "
            "perbandingan antarkelompok tidak mungkin; periksa kolom kelompok."), {"label": label}))
    return out


def _warnings(study: Study, pairs: dict[str, dict[str, int]], tests: list[OutcomeTest]) -> list[Warning_]:
    out: list[Warning_] = []
    label = study.design.design_label
    if label and _CASE_CONTROL.search(label):
        out.append(Warning_("case_control_label", _t(
            f"The design is labelled {label!r}, but this is an intervention study (massage given, outcome measured "
            "before and after). A case–control study starts from the outcome and looks back at exposures; call this "
            "a (quasi-)experimental pre/post design with a control group.",
            f"Desain diberi label {label!r}, padahal ini penelitian intervensi (pijat diberikan, luaran diukur sebelum "
            "dan sesudah). Studi kasus–kontrol berangkat dari luaran lalu menelusuri paparan ke belakang; sebut "
            "desain ini (kuasi-)eksperimen pretest–posttest dengan kelompok kontrol.")))
    out.extend(_design_warnings(study))
    if len(study.arms) == 1:
        out.append(Warning_("no_control_group", _t(
            "No control group: a before–after change in one group cannot be credited to the intervention — milk "
            "comes in on day 2–4 after birth whether or not the mother is massaged (maturation), so volume and "
            "smoothness rise anyway.",
            "Tidak ada kelompok kontrol: perubahan sebelum–sesudah pada satu kelompok tidak dapat dianggap hasil "
            "intervensi — ASI keluar lancar pada hari ke-2–4 setelah melahirkan walaupun ibu tidak dipijat "
            "(maturasi), sehingga volume dan kelancaran tetap naik.")))
    if len(study.arms) > 2:
        out.append(Warning_("more_than_two_arms", _t(
            "More than two arms: the between-arm test is one overall test; which pairs differ is shown by pairwise "
            "comparisons (ANCOVA contrasts of adjusted means, or exact tests per pair), Holm-adjusted.",
            "Lebih dari dua kelompok: uji antarkelompok berupa satu uji keseluruhan; pasangan kelompok mana yang "
            "berbeda ditunjukkan oleh perbandingan berpasangan (kontras rerata terkoreksi ANCOVA, atau uji eksak per "
            "pasangan) dengan koreksi Holm.")))
    for arm in study.arms:
        n_pairs = max((pairs[o.name].get(arm, 0) for o in study.outcomes), default=0)
        smallest = min_p_signed_rank(n_pairs)
        if n_pairs and smallest > ALPHA:
            out.append(Warning_("sample_too_small", _t(
                f"Arm {arm!r} has {n_pairs} complete before–after pairs: no exact within-arm test (sign, signed-rank, "
                f"McNemar) can give a p-value below {_fmt(smallest, 'en')} with {n_pairs} pairs, whatever the data "
                f"(smallest attainable p = 2/2{_sup(n_pairs)}). A within-arm p < 0.05 at this size — such as a t-test's — "
                "rests on the normality assumption alone.",
                f"Kelompok {arm!r} memiliki {n_pairs} pasang data sebelum–sesudah lengkap: tidak ada uji eksak dalam "
                f"kelompok (uji tanda, peringkat bertanda, McNemar) yang dapat menghasilkan nilai p di bawah "
                f"{_fmt(smallest, 'id')} dengan {n_pairs} pasang, apa pun datanya (p terkecil yang mungkin = "
                f"2/2{_sup(n_pairs)}). Nilai p < 0,05 dalam kelompok pada ukuran ini — misalnya dari uji t — hanya "
                "bersandar pada asumsi normalitas."), {"arm": arm, "n_pairs": n_pairs, "min_p": smallest}))
    for t in tests:
        if t.result.note.startswith("not computable"):
            out.append(Warning_("test_not_computable", _t(
                f"{t.outcome} ({t.scope}): the {t.result.test} could not be computed on these data "
                f"({t.result.note.removeprefix('not computable: ')}); it is shown as undefined and the other tests "
                "stand.",
                f"{t.outcome} ({t.scope}): uji {t.result.test} tidak dapat dihitung pada data ini "
                f"({t.result.note.removeprefix('not computable: ')}); uji ini ditampilkan tidak terdefinisi dan "
                "uji lain tetap berlaku."), {"outcome": t.outcome, "test": t.result.test}))
    for t in tests:
        mp = t.result.min_attainable_p
        if t.primary and t.scope == "between" and mp is not None and mp > ALPHA:
            out.append(Warning_("sample_too_small", _t(
                f"{t.outcome}: with these arm sizes the exact between-arm test cannot give p below {_fmt(mp, 'en')}.",
                f"{t.outcome}: dengan besar kelompok ini uji eksak antarkelompok tidak dapat memberi p di bawah "
                f"{_fmt(mp, 'id')}."), {"outcome": t.outcome, "min_p": mp}))
    if len(study.arms) == 2:
        for o in study.outcomes:
            if o.derived_from is None:
                w = _imbalance(study, o.name, study.data[o.column(o.compared[0])], o.compared[0])
                if w is not None:
                    out.append(w)
        for cov in study.covariates:
            w = _imbalance(study, cov, study.data[cov], "")
            if w is not None:
                out.append(w)
    n = study.n
    for o in study.outcomes:
        used = sum(pairs[o.name].values())
        total = sum(n.values())
        if used < total:
            out.append(Warning_("missing_values", _t(
                f"{o.name}: {total - used} of {total} participants lack a {o.compared[0]} or {o.compared[1]} value; "
                f"tests use the {used} complete cases (complete-case analysis).",
                f"{o.name}: {total - used} dari {total} responden tidak memiliki nilai {o.compared[0]} atau "
                f"{o.compared[1]}; uji memakai {used} kasus lengkap (analisis kasus lengkap)."),
                {"outcome": o.name, "missing": total - used, "used": used}))
    for t in tests:
        if t.scope != "between" or t.result.test != "ancova" or not study.covariates:
            continue
        pairs_used = sum(pairs[t.outcome].values())
        lacking = pairs_used - t.result.n
        if lacking > 0:
            names = ", ".join(study.covariates)
            out.append(Warning_("missing_covariates", _t(
                f"{t.outcome}: {lacking} of the {pairs_used} participants with before and after values lack a "
                f"covariate value ({names}); the ANCOVA uses the {t.result.n} complete cases.",
                f"{t.outcome}: {lacking} dari {pairs_used} responden dengan nilai sebelum dan sesudah tidak memiliki "
                f"nilai kovariat ({names}); ANCOVA memakai {t.result.n} kasus lengkap."),
                {"outcome": t.outcome, "missing": lacking, "used": t.result.n}))
    if study.covariates:
        adjusted = len(study.arms) >= 2 and any(o.kind == "continuous" for o in study.outcomes)
        out.append(Warning_("covariates_described", _t(
            f"Covariates {', '.join(study.covariates)} are described per arm"
            + ("; the between-arm ANCOVA of measured outcomes adjusts for them besides the baseline value (tests "
               "on categories are not adjusted)." if adjusted else "; no between-arm ANCOVA here adjusts for them."),
            f"Kovariat {', '.join(study.covariates)} dideskripsikan per kelompok"
            + ("; ANCOVA antarkelompok pada luaran terukur menyesuaikannya di samping nilai awal (uji pada kategori "
               "tidak disesuaikan)." if adjusted else "; tidak ada ANCOVA antarkelompok di sini yang "
               "menyesuaikannya."))))
    return out


# ----------------------------------------------------------------------------- analyse

def _categorical_effects(o: Outcome, res: TestResult) -> TestResult:
    """No Hodges–Lehmann shift on category codes: a "median shift of 1 level" treats codes as numbers."""
    if o.kind == "continuous":
        return res
    keep = tuple(e for e in res.extra_effects if e.name != "hodges_lehmann")
    if res.effect is not None and res.effect.name == "hodges_lehmann":
        return replace(res, effect=keep[0] if keep else None, extra_effects=keep[1:])
    return replace(res, extra_effects=keep)


def _spss_between(o: Outcome, study: Study, comparison: str) -> spss.SpssFigures:
    """SPSS's Mann–Whitney figures for the same two samples the exact test compared."""
    data = study.data
    arm = data["arm"].to_numpy(dtype=object)
    first, last = (o.column(t) for t in o.compared)
    if o.kind == "continuous":
        pre, post = data[first].to_numpy(dtype=float), data[last].to_numpy(dtype=float)
    else:
        pre, post = _codes(data[first]), _codes(data[last])
    values = post - pre if comparison == "change" else post
    other = next(a for a in study.arms if a != study.reference_arm)
    return spss.mann_whitney(values[arm == other], values[arm == study.reference_arm])


def analyse(study: Study) -> StudyAnalysis:
    """Analyse a validated study: descriptives, the tests of design.md with effects, coded warnings.

    >>> import pandas as pd
    >>> from laktasi.trial.study import study_from_frame
    >>> df = pd.DataFrame({"id": range(1, 11), "arm": ["intervensi"] * 5 + ["kontrol"] * 5,
    ...     "kelancaran_pre": ["kurang lancar"] * 5 + ["cukup lancar"] * 4 + ["kurang lancar"],
    ...     "kelancaran_post": ["lancar"] * 5 + ["cukup lancar"] * 4 + ["kurang lancar"]})
    >>> a = analyse(study_from_frame(df, source="balibo.csv"))
    >>> [(t.scope, t.result.test, round(t.result.p_value, 4)) for t in a.tests if t.primary]
    [('kontrol', 'sign_test', 1.0), ('intervensi', 'sign_test', 0.0625), ('between', 'mann_whitney', 0.0079)]
    """
    data = study.data
    arm = data["arm"].to_numpy(dtype=object)
    tests: list[OutcomeTest] = []
    pairs: dict[str, dict[str, int]] = {}
    for o in study.outcomes:
        first, last = (o.column(t) for t in o.compared)
        if o.kind == "continuous":
            pre_all, post_all = data[first].to_numpy(dtype=float), data[last].to_numpy(dtype=float)
        else:
            pre_all, post_all = _codes(data[first]), _codes(data[last])
        complete = np.isfinite(pre_all) & np.isfinite(post_all)
        pairs[o.name] = {a: int((complete & (arm == a)).sum()) for a in study.arms}
        spec = next((s for s in study.design.outcomes if s.name == o.name), None)
        within_override = spec.test_for("within") if spec else None
        between_override = spec.test_for("between") if spec else None
        for a in study.arms:
            mask = complete & (arm == a)
            pre, post = pre_all[mask], post_all[mask]
            diff = post - pre
            changes = (int((diff > 0).sum()), int((diff < 0).sum()), int((diff == 0).sum()))
            for i, (res, why) in enumerate(_within(o, pre, post, within_override)):
                comparison = "change" if res.test == "shapiro_wilk" else "pre_post"
                res = _categorical_effects(o, res)
                figures = (spss.wilcoxon_signed_rank(pre, post) if res.test == "wilcoxon_signed_rank"
                           else spss.sign_test(pre, post) if res.test == "sign_test" else None)
                tests.append(OutcomeTest(o.name, a, comparison, i == 0, res, why,  # type: ignore[arg-type]
                                         spss=figures, changes=changes if comparison == "pre_post" else None))
        if len(study.arms) >= 2:
            for i, (comp, res, why) in enumerate(_between(o, study, between_override)):
                res = _categorical_effects(o, res)
                figures = _spss_between(o, study, comp) if res.test == "mann_whitney" and len(study.arms) == 2 else None
                report = None
                if res.test == "ancova":
                    covs = data[list(study.covariates)] if study.covariates else None
                    report = ancova_report(post_all, pre_all, arm, study.arms, covs)
                    if report is not None and not math.isfinite(report.f):
                        # no residual variance: the statistic is undefined (as the paired t already says), never
                        # a t of 10^15 with p < 0.001
                        res = replace(res, statistic=math.nan, p_value=math.nan,
                                      note="no residual variance: F and t undefined")
                tests.append(OutcomeTest(o.name, "between", comp, i == 0, res, why,  # type: ignore[arg-type]
                                         spss=figures, ancova=report))
    posthoc: list[PairwiseComparison] = []
    if len(study.arms) >= 3:
        for o in study.outcomes:
            first, last = (o.column(t) for t in o.compared)
            if o.kind == "continuous":
                posthoc += ancova_contrasts(o.name, data[last].to_numpy(dtype=float), data[first].to_numpy(dtype=float),
                                            arm, study.arms)
            else:
                posthoc += category_pairs(o.name, data[last], arm, study.arms, o.levels, o.kind == "ordinal")
    desc, freq, crosstabs = describe(study)
    warnings = _warnings(study, pairs, tests)
    label = study.design.design_label  # as the user named it; empty when not given (no invented label)
    return StudyAnalysis(
        arms=study.arms, reference_arm=study.reference_arm, n=study.n, outcomes=study.outcomes,
        descriptives=desc, frequencies=freq, crosstabs=crosstabs, tests=tuple(tests), warnings=tuple(warnings),
        problems=study.problems, rules=study.rules, data=data, design_label=label, complete_cases=pairs,
        source=study.source, covariates=study.covariates, characteristics=characteristics(study),
        allocation=study.design.allocation, settings=study.design.extras, posthoc=tuple(posthoc),
    )
