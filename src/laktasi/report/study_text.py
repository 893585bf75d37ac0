"""Words of the study report in Indonesian and English: labels, test names and APA-style sentences.

Terms follow the project glossary (``glossary-id.md``) exactly. Every number is formatted by
:mod:`laktasi.report.numbers`, so ``0,05`` in Indonesian, ``0.05`` in English and never ``p = 0,000``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from laktasi.report.numbers import fmt_num, fmt_p
from laktasi.stats.ancova import AncovaReport
from laktasi.stats.results import Effect, TestResult
from laktasi.trial.results import Outcome, OutcomeTest, StudyAnalysis

# (en, id) pairs keyed by identifier.
_TEST_NAMES: Mapping[str, tuple[str, str]] = {
    "paired_t": ("paired t-test", "uji t berpasangan (uji t dependen)"),
    "wilcoxon_signed_rank": ("Wilcoxon signed-rank test", "uji peringkat bertanda Wilcoxon"),
    "sign_test": ("sign test", "uji tanda"),
    "mcnemar": ("McNemar test", "uji McNemar"),
    "marginal_homogeneity": ("marginal homogeneity test (Stuart–Maxwell)", "uji homogenitas marginal (Stuart–Maxwell)"),
    "welch_t": ("Welch t-test", "uji t Welch"),
    "independent_t": ("independent t-test", "uji t independen"),
    "mann_whitney": ("Mann–Whitney test", "uji Mann–Whitney"),
    "ancova": ("analysis of covariance (ANCOVA)", "analisis kovarians (ANCOVA)"),
    "fisher_exact": ("Fisher's exact test", "uji eksak Fisher"),
    "fisher_freeman_halton": ("Fisher–Freeman–Halton exact test", "uji eksak Fisher–Freeman–Halton"),
    "chi_square": ("chi-square test", "uji chi-square (kai-kuadrat)"),
    "shapiro_wilk": ("Shapiro–Wilk normality test", "uji normalitas Shapiro–Wilk"),
    "ancova_contrast": ("contrast of adjusted means (ANCOVA)", "kontras rerata terkoreksi (ANCOVA)"),
    "dunn": ("Dunn's test after Kruskal–Wallis", "uji Dunn setelah Kruskal–Wallis"),
}

_STAT_SYMBOL: Mapping[str, str] = {
    "paired_t": "t", "welch_t": "t", "independent_t": "t", "ancova": "t",
    "wilcoxon_signed_rank": "V", "sign_test": "S", "mann_whitney": "U",
    "mcnemar": "χ²", "marginal_homogeneity": "χ²", "chi_square": "χ²", "shapiro_wilk": "W",
}

_RANK_TESTS = frozenset({"wilcoxon_signed_rank", "sign_test"})
_COUNT_STATISTICS = frozenset({"wilcoxon_signed_rank", "sign_test", "mann_whitney"})

#: What each printed symbol means, said once under the tests table (only the symbols that appear).
_SYMBOL_MEANING: Mapping[str, tuple[str, str]] = {
    "t": ("t: the t statistic (difference divided by its standard error), df in brackets",
          "t: statistik t (selisih dibagi galat bakunya), derajat bebas dalam kurung"),
    "F": ("F: the ANCOVA F statistic for group, (numerator, denominator) degrees of freedom in brackets",
          "F: statistik F ANCOVA untuk kelompok, derajat bebas (pembilang, penyebut) dalam kurung"),
    "V": ("V: sum of the ranks of the positive differences (Wilcoxon signed-rank; R's V)",
          "V: jumlah peringkat selisih positif (uji peringkat bertanda Wilcoxon)"),
    "S": ("S: number of pairs that went up (sign test)", "S: banyaknya pasangan yang naik (uji tanda)"),
    "U": ("U: Mann–Whitney statistic, the number of (intervention, control) pairs in which the intervention "
          "mother is higher", "U: statistik Mann–Whitney, banyaknya pasangan (intervensi, kontrol) dengan nilai ibu "
          "kelompok intervensi lebih tinggi"),
    "W": ("W: Shapiro–Wilk statistic (1 = perfectly normal)", "W: statistik Shapiro–Wilk (1 = normal sempurna)"),
    "χ²": ("χ²: chi-square statistic, df in brackets", "χ²: statistik kai-kuadrat, derajat bebas dalam kurung"),
    "d_z": ("d_z: standardised mean of the differences (mean difference / SD of the differences)",
            "d_z: rerata selisih terstandar (rerata selisih / SD selisih)"),
    "r": ("r: rank-biserial correlation (−1 to 1; 1 = every intervention value above every control value)",
          "r: korelasi rank-biserial (−1 sampai 1; 1 = semua nilai kelompok intervensi di atas semua nilai "
          "kelompok kontrol)"),
    "IK": ("CI: confidence interval", "IK: interval kepercayaan"),
    "eta": ("partial η²: share of the variance left after the other terms that the group explains (0.01 small, "
            "0.06 medium, 0.14 large)", "η² parsial: bagian variasi (di luar suku lain) yang dijelaskan oleh "
            "kelompok (0,01 kecil, 0,06 sedang, 0,14 besar)"),
    "Z": ("Z and Asymp. Sig.: the normal approximation SPSS prints", "Z dan Asymp. Sig.: pendekatan normal yang "
          "dicetak SPSS"),
}

_EFFECT_NAMES: Mapping[str, tuple[str, str]] = {
    "mean_difference": ("mean difference", "beda rerata"),
    "adjusted_difference": ("adjusted mean difference", "beda rerata terkoreksi"),
    "d_z": ("d_z", "d_z"),
    "hedges_g": ("Hedges' g", "g Hedges"),
    "cohens_d": ("Cohen's d", "d Cohen"),
    "rank_biserial": ("rank-biserial correlation", "korelasi rank-biserial"),
    "risk_difference": ("risk difference", "selisih risiko"),
    "risk_ratio": ("risk ratio", "rasio risiko"),
    "odds_ratio": ("odds ratio", "rasio odds"),
    "median_difference": ("median difference", "beda median"),
    "proportion_difference": ("net share improved (up − down)", "selisih proporsi naik − turun"),
    "hodges_lehmann": ("Hodges–Lehmann estimate", "estimasi Hodges–Lehmann"),
    "partial_eta_squared": ("partial η²", "η² parsial"),
}

# Tests whose p comes from a distribution under model assumptions, not from counting arrangements:
# saying "exact" beside them would suggest an enumeration that did not happen.
_PARAMETRIC = frozenset({"paired_t", "welch_t", "independent_t", "ancova", "shapiro_wilk"})

# Effects measured in the outcome's unit (the others are unit-free).
_EFFECTS_IN_UNITS = frozenset({"mean_difference", "adjusted_difference", "median_difference", "hodges_lehmann"})

_P_METHOD: Mapping[str, tuple[str, str]] = {
    "exact": ("exact", "eksak"),
    "permutation": ("permutation", "permutasi"),
    "asymptotic": ("asymptotic", "asimtotik"),
    "monte_carlo": ("Monte Carlo", "Monte Carlo"),
}

_OUTCOME_NAMES: Mapping[str, tuple[str, str]] = {
    "volume": ("milk volume", "volume ASI"),
    "kelancaran": ("milk flow (kelancaran)", "kelancaran ASI"),
    "kelancaran_volume": ("milk flow classified from volume", "kelancaran ASI menurut volume"),
    "produksi": ("breast-milk production", "produksi ASI"),
}

_ARM_NAMES: Mapping[str, tuple[str, str]] = {
    "intervensi": ("intervention group", "kelompok intervensi"),
    "intervention": ("intervention group", "kelompok intervensi"),
    "kelompok intervensi": ("intervention group", "kelompok intervensi"),
    "perlakuan": ("intervention group", "kelompok intervensi"),
    "kontrol": ("control group", "kelompok kontrol"),
    "control": ("control group", "kelompok kontrol"),
    "kelompok kontrol": ("control group", "kelompok kontrol"),
    "all": ("whole sample", "seluruh responden"),  # a single-group study (trial.study.SINGLE_ARM)
}

_TIME_NAMES: Mapping[str, tuple[str, str]] = {
    "pre": ("before", "sebelum"),
    "post": ("after", "sesudah"),
    "sebelum": ("before", "sebelum"),
    "sesudah": ("after", "sesudah"),
}

LABELS: Mapping[str, tuple[str, str]] = {
    "title": ("Results", "Hasil Penelitian"),
    "synthetic": (
        "SYNTHETIC DATA — generated for demonstration; these are not real participants and no conclusion "
        "about oxytocin massage may be drawn from them.",
        "DATA SINTETIS — dibuat untuk demonstrasi; ini bukan responden nyata dan tidak ada kesimpulan tentang "
        "pijat oksitosin yang boleh ditarik darinya.",
    ),
    "characteristics": ("Participant characteristics", "Karakteristik responden"),
    "design": ("Study design", "Desain penelitian"),
    "source": ("Data", "Data"),
    "arm": ("Group", "Kelompok"),
    "n": ("n", "n"),
    "percent": ("%", "%"),
    "total": ("Total", "Total"),
    "reference": ("reference", "pembanding"),
    "complete_cases": ("Complete pairs analysed", "Pasangan lengkap yang dianalisis"),
    "rules": ("Classification rule", "Aturan klasifikasi"),
    "univariate": ("Univariate analysis", "Analisis univariat"),
    "frequency": ("Frequency distribution", "Distribusi frekuensi"),
    "descriptives": ("Descriptive statistics", "Statistik deskriptif"),
    "prepost": ("Before and after, by group", "Sebelum dan sesudah menurut kelompok"),
    "bivariate": ("Bivariate analysis", "Analisis bivariat"),
    "tests": ("Hypothesis tests", "Uji hipotesis"),
    "figures": ("Figures", "Gambar"),
    "warnings": ("Warnings", "Peringatan"),
    "data_problems": ("Data notes", "Catatan data"),
    "methods_note": ("How these results were computed", "Cara hasil ini dihitung"),
    "time": ("Time", "Waktu"),
    "level": ("Category", "Kategori"),
    "mean_sd": ("Mean (SD)", "Rerata (SD)"),
    "mean_sd_inline": ("mean (SD)", "rerata (SD)"),
    "median_iqr": ("Median (IQR)", "Median (IQR)"),
    "min_max": ("Minimum–maximum", "Minimum–maksimum"),
    "outcome": ("Outcome", "Variabel"),
    "scope": ("Comparison", "Perbandingan"),
    "test": ("Test", "Uji"),
    "statistic": ("Statistic", "Statistik"),
    "p": ("p-value", "Nilai p"),
    "effect": ("Effect size (95% CI)", "Ukuran efek (IK 95%)"),
    "primary": ("primary", "utama"),
    "secondary": ("secondary", "pendukung"),
    "role": ("Role", "Peran"),
    "reason": ("Why this test", "Alasan pemilihan uji"),
    "secondary_tests": ("Supporting tests", "Uji pendukung"),
    "between": ("between groups", "antarkelompok"),
    "pre_post": ("before vs after", "sebelum vs sesudah"),
    "post": ("after", "sesudah"),
    "change": ("change (after − before)", "perubahan (sesudah − sebelum)"),
    "ci95": ("95% CI", "IK 95%"),
    "none": ("none", "tidak ada"),
    "table": ("Table", "Tabel"),
    "figure": ("Figure", "Gambar"),
    "to": ("to", "sampai"),
    "row_pre": ("Before \\ After", "Sebelum \\ Sesudah"),
    "no_warnings": ("No warnings.", "Tidak ada peringatan."),
    "primary_note": (
        "Primary tests (marked ●) are the ones the conclusions rest on; the others are shown alongside.",
        "Uji utama (bertanda ●) adalah dasar kesimpulan; uji lain ditampilkan sebagai pendukung.",
    ),
    "methods_body": (
        "Small samples get exact p-values by full enumeration of the permutation or binomial distribution, "
        "correct under ties; zero differences are dropped from signed-rank and sign tests and counted. "
        "All tests are two-sided; results are called statistically significant when p < 0.05. "
        "Effect sizes are given with 95% confidence intervals. p-values below 0.001 are printed as p < 0.001.",
        "Sampel kecil memperoleh nilai p eksak dengan enumerasi penuh distribusi permutasi atau binomial, "
        "tepat walaupun ada nilai kembar (ties); selisih nol dikeluarkan dari uji peringkat bertanda dan uji tanda "
        "lalu dihitung jumlahnya. Semua uji dua sisi; hasil disebut bermakna secara statistik bila p < 0,05. "
        "Ukuran efek disajikan dengan interval kepercayaan 95% (IK 95%). Nilai p di bawah "
        "0,001 ditulis p < 0,001.",
    ),
}


def label(key: str, lang: str) -> str:
    en, id_ = LABELS[key]
    return id_ if lang == "id" else en


def _pick(table: Mapping[str, tuple[str, str]], key: str, lang: str, default: str) -> str:
    pair = table.get(key)
    if pair is None:
        return default
    return pair[1] if lang == "id" else pair[0]


def test_name(test: str, lang: str) -> str:
    """``"paired_t"`` → ``"uji t berpasangan (uji t dependen)"`` / ``"paired t-test"``."""
    return _pick(_TEST_NAMES, test, lang, test.replace("_", " "))


def effect_name(name: str, lang: str) -> str:
    return _pick(_EFFECT_NAMES, name, lang, name.replace("_", " "))


def p_method_name(method: str, lang: str) -> str:
    return _pick(_P_METHOD, method, lang, method)


def outcome_name(outcome: str, lang: str) -> str:
    return _pick(_OUTCOME_NAMES, outcome.lower(), lang, outcome.replace("_", " "))


def arm_name(arm: str, lang: str) -> str:
    """A group as a sentence names it: ``"kelompok intervensi"`` / ``"intervention group"``."""
    known = _pick(_ARM_NAMES, arm.strip().lower(), lang, "")
    if known:
        return known
    return f"kelompok {arm}" if lang == "id" else f"group {arm}"


def time_name(time: str, lang: str) -> str:
    return _pick(_TIME_NAMES, time.strip().lower(), lang, time)


def scope_name(scope: str, lang: str) -> str:
    return label("between", lang) if scope == "between" else arm_name(scope, lang)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _digits(values: list[float]) -> int:
    """Decimals for numbers of this size: one from 10 up, two from 0.1, else three (as in the tables)."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    biggest = max(finite, default=0.0)
    if biggest >= 10:
        return 1
    if biggest >= 0.1 or biggest == 0:
        return 2
    return 3


def fmt_value(x: float | None, lang: str, digits: int | None = None) -> str:
    if digits is None:
        digits = _digits([x] if x is not None else [])
    return fmt_num(x, digits, lang)


def fmt_range(low: float | None, high: float | None, lang: str, digits: int) -> str:
    """``8,1–16,5``; with a negative bound the dash would read as a minus sign, so ``−3,1 sampai 2,0``."""
    lo, hi = fmt_num(low, digits, lang), fmt_num(high, digits, lang)
    lo, hi = lo.replace("-", "−"), hi.replace("-", "−")
    if low is not None and high is not None and low >= 0 and high >= 0:
        return f"{lo}–{hi}"
    return f"{lo} {label('to', lang)} {hi}"


def statistic_text(result: TestResult, lang: str) -> str:
    """``t(29) = 5,12`` / ``U = 12,00`` / empty when the test has no statistic (Fisher)."""
    if result.statistic is None or not math.isfinite(result.statistic):
        return ""
    if result.df is not None and result.df == 0:  # χ²(0): nothing changed, nothing to test
        return ""
    symbol = _STAT_SYMBOL.get(result.test, "stat")
    df = ""
    if result.df is not None and math.isfinite(result.df):
        df_digits = 0 if float(result.df).is_integer() else 1
        df = f"({fmt_num(result.df, df_digits, lang)})"
    stat = float(result.statistic)
    # Rank and count statistics are whole (or half) numbers; printing "S = 5,00" looks computed wrongly.
    digits = 2
    if result.test in _COUNT_STATISTICS and (2 * stat).is_integer():
        digits = 0 if stat.is_integer() else 1
    return f"{symbol}{df} = {fmt_num(stat, digits, lang).replace('-', '−')}"


def p_text(result: TestResult, lang: str) -> str:
    """``p = 0,031 (eksak)``; ``p < 0,001``, never ``p = 0,000``."""
    text = fmt_p(result.p_value, lang)
    if result.p_method != "asymptotic" and result.test not in _PARAMETRIC:
        text += f" ({p_method_name(result.p_method, lang)})"
    return text


def effect_text(effect: Effect | None, lang: str, unit: str = "", digits: int | None = None) -> str:
    """``beda rerata 12,3 ml (IK 95% 8,1–16,5)``."""
    if effect is None:
        return ""
    if digits is None:
        digits = _digits([effect.value, effect.ci_low, effect.ci_high])
    value = fmt_num(effect.value, digits, lang).replace("-", "−")
    unit_text = f" {unit}" if unit and effect.name in _EFFECTS_IN_UNITS else ""
    if not _has_ci(effect):
        return f"{effect_name(effect.name, lang)} {value}{unit_text}"
    level = round(effect.ci_level * 100)
    ci_label = f"IK {level}%" if lang == "id" else f"{level}% CI"
    rng = fmt_range(effect.ci_low, effect.ci_high, lang, digits)
    return f"{effect_name(effect.name, lang)} {value}{unit_text} ({ci_label} {rng})"


def _has_ci(effect: Effect) -> bool:
    """A CI that could not be computed (NaN bounds) is left out rather than printed as "— to —"."""
    return all(b is not None and math.isfinite(b) for b in (effect.ci_low, effect.ci_high))


def effect_cell(effect: Effect | None, lang: str, unit: str = "") -> str:
    """Table cell: ``12,30 [8,10; 16,50]`` preceded by the effect's name."""
    if effect is None:
        return "—"
    digits = _digits([effect.value, effect.ci_low, effect.ci_high])
    value = fmt_num(effect.value, digits, lang)
    sep = "; " if lang == "id" else ", "
    ci = f" [{fmt_num(effect.ci_low, digits, lang)}{sep}{fmt_num(effect.ci_high, digits, lang)}]" if _has_ci(effect) else ""
    unit_text = f" {unit}" if unit and effect.name in _EFFECTS_IN_UNITS else ""
    return f"{effect_name(effect.name, lang)}: {value}{unit_text}{ci}"


def _desc_row(analysis: StudyAnalysis, outcome: str, arm: str, time: str) -> pd.Series | None:
    d = analysis.descriptives
    if d is None or d.empty:
        return None
    rows = d[(d["outcome"] == outcome) & (d["arm"].astype(str) == str(arm)) & (d["time"].astype(str) == str(time))]
    return None if rows.empty else rows.iloc[0]


def _freq_percent(analysis: StudyAnalysis, outcome: str, arm: str, time: str, level: str) -> float | None:
    f = analysis.frequencies
    if f is None or f.empty:
        return None
    rows = f[(f["outcome"] == outcome) & (f["arm"].astype(str) == str(arm)) & (f["time"].astype(str) == str(time))
             & (f["level"].astype(str) == str(level))]
    return None if rows.empty else float(rows.iloc[0]["percent"])


def _outcome(analysis: StudyAnalysis, name: str) -> Outcome | None:
    return next((o for o in analysis.outcomes if o.name == name), None)


def comparison_name(comparison: str, outcome: Outcome | None, lang: str) -> str:
    """``sebelum vs sesudah`` — or the design's own time points (``hari1 vs hari3``) when they are not pre/post."""
    first, last = compared_times(outcome)
    if (first.lower(), last.lower()) in (("pre", "post"), ("sebelum", "sesudah")):
        return label(comparison, lang)
    a, b = time_name(first, lang), time_name(last, lang)
    if comparison == "pre_post":
        return f"{a} vs {b}"
    if comparison == "change":
        return f"{label('change', lang).split(' (')[0]} ({b} − {a})"
    if comparison == "post":
        return b
    return label(comparison, lang) if comparison in LABELS else comparison


def compared_times(outcome: Outcome | None) -> tuple[str, str]:
    """The two time labels a test compares (first and last unless the design names them)."""
    if outcome is None or not outcome.time_labels:
        return ("pre", "post")
    compared = getattr(outcome, "compared", None)
    if compared:
        return (str(compared[0]), str(compared[1]))
    return (outcome.time_labels[0], outcome.time_labels[-1])


def _when(outcome: Outcome | None, lang: str) -> str:
    """`` (hari1 sampai hari3)`` when the compared time points are not simply before/after."""
    first, last = compared_times(outcome)
    if (first.lower(), last.lower()) in (("pre", "post"), ("sebelum", "sesudah")):
        return ""
    return f" ({time_name(first, lang)} {label('to', lang)} {time_name(last, lang)})"


def _direction(before: float, after: float, lang: str) -> str:
    if after > before:
        return "meningkat" if lang == "id" else "increased"
    if after < before:
        return "menurun" if lang == "id" else "decreased"
    return "tidak berubah" if lang == "id" else "did not change"


def test_statistic(test: OutcomeTest, lang: str) -> str:
    """The statistic as the report prints it: ANCOVA as F(df1, df2) (what SPSS's GLM prints), else
    :func:`statistic_text`; an F the model cannot give (no residual variance) is "F tidak terdefinisi"."""
    report = getattr(test, "ancova", None)
    if report is None:
        return statistic_text(test.result, lang)
    if not math.isfinite(report.f):
        return "F tidak terdefinisi" if lang == "id" else "F undefined"
    return f"F({report.df1}, {report.df2}) = {fmt_num(report.f, 2, lang)}"


def _tail(result: TestResult, lang: str, unit: str, categorical: bool = False,
          test: OutcomeTest | None = None) -> str:
    parts = [test_name(result.test, lang)]
    stat = test_statistic(test, lang) if test is not None else statistic_text(result, lang)
    if stat:
        parts.append(stat)
    parts.append(p_text(result, lang))
    report = getattr(test, "ancova", None) if test is not None else None
    if report is not None and report.partial_eta2 is not None:
        parts.append(effect_text(report.partial_eta2, lang))
    eff = effect_text(result.effect, lang, unit)
    if eff:
        parts.append(eff)
    text = ", ".join(parts)
    if result.n_zero:
        if categorical:
            text += (f"; {result.n_zero} pasangan tanpa perubahan kategori tidak ikut dihitung" if lang == "id"
                     else f"; {result.n_zero} pair{'s' if result.n_zero != 1 else ''} with no change of category "
                     "did not enter the test")
        else:
            text += (f"; {result.n_zero} selisih nol dikeluarkan" if lang == "id"
                     else f"; {result.n_zero} zero difference{'s' if result.n_zero != 1 else ''} dropped")
    return text


def brief_sentence(test: OutcomeTest, analysis: StudyAnalysis, lang: str) -> str:
    """A secondary test in one line: where, which test, statistic, p and effect (no descriptives)."""
    outcome = _outcome(analysis, test.outcome)
    unit = outcome.unit if outcome else ""
    categorical = bool(outcome and outcome.kind != "continuous")
    where = capitalise(scope_name(test.scope, lang)) + ", " + comparison_name(test.comparison, outcome, lang)
    return f"{where}: {_tail(test.result, lang, unit, categorical, test)}."


ALPHA = 0.05


def adjusted_means(test: OutcomeTest, analysis: StudyAnalysis) -> tuple[float, float] | None:
    """(other arm, reference arm) adjusted means of an ANCOVA, when the analysis carries them."""
    report = getattr(test, "ancova", None)
    means = report.adjusted_means if report is not None else None
    if not means:
        return None
    others = [a for a in analysis.arms if a != analysis.reference_arm]
    lookup = dict(means)
    if len(others) != 1 or others[0] not in lookup or analysis.reference_arm not in lookup:
        return None
    return float(lookup[others[0]]), float(lookup[analysis.reference_arm])


def ancova_checks_sentence(test: OutcomeTest, lang: str) -> str:
    """The ANCOVA's assumption check, explained: are the before→after slopes alike in every group?"""
    report = getattr(test, "ancova", None)
    if report is None or not math.isfinite(report.slopes_p):
        return ""
    d1, d2 = report.slopes_df
    stat = f"F({d1}, {d2}) = {fmt_num(report.slopes_f, 2, lang)}, {fmt_p(report.slopes_p, lang)}"
    if lang == "id":
        head = ("Asumsi homogenitas kemiringan regresi terpenuhi" if report.slopes_p >= ALPHA else
                "Asumsi homogenitas kemiringan regresi tidak terpenuhi")
        text = (f"{head} (interaksi kelompok × nilai sebelum: {stat}): ANCOVA mengandaikan bahwa hubungan nilai "
                "sebelum dengan nilai sesudah sama pada setiap kelompok, sehingga koreksi terhadap nilai awal adil "
                "bagi semua kelompok.")
        if report.slopes_p < ALPHA:
            text += " Karena tidak terpenuhi, selisih terkoreksi bergantung pada nilai awal dan perlu ditafsirkan hati-hati."
        return text + _levene_sentence(report, lang)
    head = ("The homogeneity-of-slopes assumption holds" if report.slopes_p >= ALPHA else
            "The homogeneity-of-slopes assumption does not hold")
    text = (f"{head} (group × before interaction: {stat}): ANCOVA assumes the before value relates to the after "
            "value alike in every group, so adjusting for it is fair to all groups.")
    if report.slopes_p < ALPHA:
        text += " As it does not, the adjusted difference depends on the starting value; read it with care."
    return text + _levene_sentence(report, lang)


def _levene_sentence(report: AncovaReport, lang: str) -> str:
    """Levene's test as SPSS GLM prints it ("equality of error variances"), explained in one sentence."""
    if not math.isfinite(report.levene_p):
        return ""
    d1, d2 = report.levene_df
    stat = f"F({d1}, {d2}) = {fmt_num(report.levene_f, 2, lang)}, {fmt_p(report.levene_p, lang)}"
    equal = report.levene_p >= ALPHA
    if lang == "id":
        return (f" Uji Levene ({stat}) " + ("tidak menunjukkan perbedaan varians antarkelompok" if equal else
                "menunjukkan varians yang berbeda antarkelompok") + "; ANCOVA mengandaikan varians galat yang sama"
                + ("." if equal else ", sehingga nilai p perlu ditafsirkan hati-hati, terutama bila ukuran kelompok "
                   "berbeda."))
    return (f" Levene's test ({stat}) " + ("shows no difference in variance between the groups" if equal else
            "shows unequal variances between the groups") + "; ANCOVA assumes equal error variances"
            + ("." if equal else ", so read the p-value with care, above all when group sizes differ."))


def verdict_sentence(result: TestResult, lang: str) -> str:
    """``Hasil ini bermakna secara statistik (α = 0,05).`` — and, when the sample cannot reach
    significance at all, says so with the smallest attainable p (so "not significant" is not misread
    as "no effect")."""
    p = result.p_value
    if p is None or not math.isfinite(p):
        return ""
    alpha = "\u00a0".join(("α", "=", fmt_num(ALPHA, 2, lang)))  # no-break spaces: "α = 0,05" stays whole
    if p < ALPHA:
        return (f"Hasil ini bermakna secara statistik ({alpha})." if lang == "id"
                else f"This result is statistically significant ({alpha}).")
    text = (f"Hasil ini tidak bermakna secara statistik ({alpha})" if lang == "id"
            else f"This result is not statistically significant ({alpha})")
    smallest = result.min_attainable_p
    if result.n == 0 and result.n_zero > 0:
        text += (", dan tidak mungkin bermakna: tidak ada pasangan yang berubah" if lang == "id"
                 else ", and could not be: no pair changed")
    elif smallest is not None and math.isfinite(smallest) and ALPHA <= smallest < 1:
        value = fmt_num(smallest, 4 if smallest < 0.1 else 3, lang)
        text += (f", dan dengan besar sampel ini tidak mungkin bermakna: p terkecil yang dapat dicapai uji ini "
                 f"adalah {value}" if lang == "id" else
                 f", and at this sample size it could not be: the smallest p this test can reach is {value}")
    return text + "."


def apa_sentence(test: OutcomeTest, analysis: StudyAnalysis, lang: str) -> str:
    """One APA-style sentence for one test, in the report's language, for example

    ``Pada kelompok intervensi, volume ASI meningkat dari rerata 10,2 ml (SD 3,1) menjadi 22,4 ml (SD 4,0);
    uji t berpasangan (uji t dependen), t(29) = 5,12, p < 0,001, beda rerata 12,2 ml (IK 95% 8,1–16,5).``

    Within a group it gives the two time points' means (medians for rank tests, or the share in the
    highest category); between groups the groups' values after; then test, statistic, p and effect.
    """
    r = test.result
    outcome = _outcome(analysis, test.outcome)
    unit = outcome.unit if outcome else ""
    u = f" {unit}" if unit else ""
    oname = outcome_label(analysis, test.outcome, lang)
    pre_t, post_t = compared_times(outcome)
    categorical = bool(outcome and outcome.kind != "continuous")
    tail = _tail(r, lang, unit, categorical, test)
    if r.test == "sign_test" and changes_text(test, lang):
        tail += f" ({changes_text(test, lang)})"

    if r.test == "shapiro_wilk":
        where = scope_name(test.scope, lang)
        if lang == "id":
            return f"Uji normalitas selisih {oname} (sesudah − sebelum) pada {where}: {tail}."
        return f"Normality of the {oname} differences (after − before) in the {where}: {tail}."

    if test.scope != "between" and test.comparison == "pre_post":
        where = arm_name(test.scope, lang)
        lead = f"Pada {where}, " if lang == "id" else f"In the {where}, "
        if not categorical:
            a, b = _desc_row(analysis, test.outcome, test.scope, pre_t), _desc_row(analysis, test.outcome, test.scope, post_t)
            if a is not None and b is not None:
                when = _when(outcome, lang)
                if r.test in _RANK_TESTS:
                    # a rank test is reported with medians and IQRs, not means
                    ma, mb = float(a["median"]), float(b["median"])
                    dg = _digits([ma, mb])
                    fa, fb = (f"{fmt_value(float(x['median']), lang, dg)}{u} (IQR {fmt_value(float(x['q1']), lang, dg)}–"
                              f"{fmt_value(float(x['q3']), lang, dg)})" for x in (a, b))
                    word = "median"
                else:
                    ma, mb = float(a["mean"]), float(b["mean"])
                    dg = _digits([ma, mb])
                    fa, fb = (f"{fmt_value(float(x['mean']), lang, dg)}{u} (SD {fmt_value(float(x['sd']), lang, dg)})"
                              for x in (a, b))
                    word = "rerata" if lang == "id" else "mean"
                if lang == "id":
                    return f"{lead}{oname} {_direction(ma, mb, lang)} dari {word} {fa} menjadi {fb}{when}; {tail}."
                return f"{lead}{word} {oname} {_direction(ma, mb, lang)} from {fa} to {fb}{when}; {tail}."
        elif outcome is not None and outcome.levels:
            top = outcome.levels[-1]
            pa = _freq_percent(analysis, test.outcome, test.scope, pre_t, top)
            pb = _freq_percent(analysis, test.outcome, test.scope, post_t, top)
            if pa is not None and pb is not None:
                fa, fb = fmt_num(pa, 1, lang) + "%", fmt_num(pb, 1, lang) + "%"
                if fa == fb:
                    if lang == "id":
                        return f"{lead}proporsi {oname} kategori “{top}” tetap {fa} sebelum dan sesudah; {tail}."
                    return f"{lead}the share in category “{top}” of {oname} stayed at {fa} before and after; {tail}."
                if lang == "id":
                    return (f"{lead}proporsi {oname} kategori “{top}” berubah dari {fa} (sebelum) menjadi "
                            f"{fb} (sesudah); {tail}.")
                return f"{lead}the share in category “{top}” of {oname} went from {fa} before to {fb} after; {tail}."
        return f"{lead}{oname} (sebelum vs sesudah): {tail}." if lang == "id" else f"{lead}{oname} (before vs after): {tail}."

    # Between groups.
    others = [a for a in analysis.arms if a != analysis.reference_arm]
    ref = arm_name(analysis.reference_arm, lang)
    other = arm_name(others[0], lang) if len(others) == 1 else label("between", lang)
    if test.comparison == "change":
        what = f"perubahan {oname} (sesudah − sebelum)" if lang == "id" else f"the change in {oname} (after − before)"
    elif r.test == "ancova":
        # stats.ancova notes what entered the model: "adjusted for pre, umur, paritas"
        covs = r.note.removeprefix("adjusted for pre").lstrip(", ") if r.note.startswith("adjusted for pre") else ""
        what = (f"{oname} sesudah, dikoreksi untuk nilai sebelum" + (f" dan {covs}" if covs else "") if lang == "id"
                else f"{oname} after, adjusted for the value before" + (f" and {covs}" if covs else ""))
    else:
        what = f"{oname} sesudah" if lang == "id" else f"{oname} after"
    if not categorical and test.comparison == "post" and len(others) == 1:
        a = _desc_row(analysis, test.outcome, others[0], post_t)
        b = _desc_row(analysis, test.outcome, analysis.reference_arm, post_t)
        if a is not None and b is not None:
            key, name = ("median", "median") if r.test == "mann_whitney" else ("mean", "rerata" if lang == "id" else "mean")
            va, vb = float(a[key]), float(b[key])
            adjusted = adjusted_means(test, analysis)
            if r.test == "ancova" and adjusted is not None:
                va, vb = adjusted
                name = "rerata terkoreksi" if lang == "id" else "adjusted mean"
            elif r.test == "ancova":  # the raw means are not what the ANCOVA compares: say so
                name = "rerata sesudah tanpa koreksi" if lang == "id" else "unadjusted mean after"
            dg = _digits([va, vb])
            if lang == "id":
                return (f"Dibandingkan antarkelompok, {what}: {name} {fmt_value(va, lang, dg)}{u} pada {other} dan "
                        f"{fmt_value(vb, lang, dg)}{u} pada {ref}; {tail}.")
            return (f"Between groups, {what}: {name} {fmt_value(va, lang, dg)}{u} in the {other} and "
                    f"{fmt_value(vb, lang, dg)}{u} in the {ref}; {tail}.")
    if categorical and outcome is not None and outcome.levels and len(others) == 1:
        top = outcome.levels[-1]
        pa = _freq_percent(analysis, test.outcome, others[0], post_t, top)
        pb = _freq_percent(analysis, test.outcome, analysis.reference_arm, post_t, top)
        if pa is not None and pb is not None:
            fa, fb = fmt_num(pa, 1, lang) + "%", fmt_num(pb, 1, lang) + "%"
            if lang == "id":
                return (f"Dibandingkan antarkelompok, {oname} sesudah: kategori “{top}” {fa} pada {other} dan "
                        f"{fb} pada {ref}; {tail}.")
            return (f"Between groups, {oname} after: “{top}” in {fa} of the {other} and {fb} of the {ref}; "
                    f"{tail}.")
    if lang == "id":
        return f"Dibandingkan antarkelompok ({other} vs {ref}), {what}: {tail}."
    return f"Between groups ({other} vs {ref}), {what}: {tail}."


# ----------------------------------------------------------------------------- skripsi-style sentences

#: Design labels as the web app and design files write them in English, in Indonesian.
_DESIGN_NAMES: Mapping[str, tuple[str, str]] = {
    "two-arm quasi-experiment": ("two-arm quasi-experiment", "kuasi-eksperimen dua kelompok"),
    "quasi-experiment": ("quasi-experiment", "kuasi-eksperimen"),
    "quasi experiment": ("quasi-experiment", "kuasi-eksperimen"),
    "randomised controlled trial": ("randomised controlled trial", "uji acak terkendali"),
    "randomized controlled trial": ("randomised controlled trial", "uji acak terkendali"),
    "rct": ("randomised controlled trial", "uji acak terkendali"),
    "one-group pre/post": ("one-group pre/post", "satu kelompok pretest–posttest"),
    "one group pretest-posttest": ("one-group pretest–posttest", "satu kelompok pretest–posttest"),
    "case control": ("case control", "kasus–kontrol"),
}


def design_name(text: str, lang: str) -> str:
    """A design label in the report's language (labels not known are shown as the user wrote them)."""
    return _pick(_DESIGN_NAMES, " ".join(text.strip().lower().rstrip(".").split()), lang, text.strip().rstrip("."))


def outcome_label(analysis: StudyAnalysis, name: str, lang: str) -> str:
    """The outcome as captions name it: the design file's ``label:`` when given, else :func:`outcome_name`."""
    outcome = _outcome(analysis, name)
    if outcome is not None and outcome.label:
        return str(outcome.label)
    return outcome_name(name, lang)


def symbols_note(results: list[TestResult], lang: str, effects: tuple[str, ...] = ()) -> str:
    """Defines every symbol the tests table prints (V, S, U, W, t, F, χ², d_z, r), once."""
    seen: list[str] = []
    for r in results:
        symbol = "F" if r.test == "ancova" else _STAT_SYMBOL.get(r.test)
        if symbol and r.statistic is not None and math.isfinite(r.statistic) and symbol not in seen:
            seen.append(symbol)
    for name in effects:
        key = {"d_z": "d_z", "rank_biserial": "r", "partial_eta_squared": "eta"}.get(name)
        if key and key not in seen:
            seen.append(key)
    parts = [_SYMBOL_MEANING[k][1 if lang == "id" else 0] for k in seen if k in _SYMBOL_MEANING]
    return "; ".join(parts) + "." if parts else ""


def spss_sentence(test: OutcomeTest, lang: str, explain: bool = True) -> str:
    """What SPSS prints for this test, beside the exact p, and why the two differ at small n."""
    f = getattr(test, "spss", None)
    if f is None:
        return ""
    r = test.result
    bits: list[str] = []
    if f.statistic is not None and math.isfinite(f.statistic):
        bits.append(f"U = {fmt_num(f.statistic, 0 if float(f.statistic).is_integer() else 1, lang)}")
    if math.isfinite(f.z):
        bits.append(f"Z = {fmt_num(f.z, 3, lang).replace('-', '−')}")
        bits.append(f"Asymp. Sig. (2-tailed) = {fmt_num(f.asymp_sig, 3, lang)}")
    if f.exact_sig is not None and math.isfinite(f.exact_sig):
        name = "Exact Sig. [2*(1-tailed Sig.)]" if r.test == "mann_whitney" else "Exact Sig. (2-tailed)"
        bits.append(f"{name} = {fmt_num(f.exact_sig, 3, lang)}")
    if not bits:
        return ""
    shown = ", ".join(bits)
    if (r.test == "mann_whitney" and f.statistic is not None and r.statistic is not None
            and abs(float(f.statistic) - float(r.statistic)) > 1e-9):
        shown += (f" (SPSS mencetak U yang lebih kecil dari dua arah, n₁n₂ − U = "
                  f"{fmt_num(float(f.statistic), 0, lang)})" if lang == "id" else
                  f" (SPSS prints the smaller U of the two directions, n₁n₂ − U = {fmt_num(float(f.statistic), 0, lang)})")
    finite = math.isfinite(f.asymp_sig) and math.isfinite(r.p_value)
    flips = finite and (f.asymp_sig < ALPHA) != (r.p_value < ALPHA)  # SPSS and the exact test disagree at α
    differs = finite and (explain or flips) and abs(f.asymp_sig - r.p_value) >= 0.0005
    asymp, exact = fmt_num(f.asymp_sig, 3, lang), fmt_p(r.p_value, lang).removeprefix("p ")
    if lang == "id":
        text = f"Keluaran SPSS untuk uji yang sama: {shown}."
        if flips:
            text += (f" Di SPSS hasil ini tampak {'bermakna' if f.asymp_sig < ALPHA else 'tidak bermakna'} "
                     f"(Asymp. Sig. = {asymp}), padahal p eksak {exact}: pendekatan normal yang dipakai SPSS tidak "
                     "dapat dipercaya pada sampel sekecil ini, sehingga yang dilaporkan adalah p eksak.")
        elif differs:
            text += (" Asymp. Sig. berasal dari pendekatan normal, yang pada sampel kecil dan banyak nilai kembar "
                     "tidak tepat; nilai p eksak di atas menghitung semua kemungkinan susunan data, sehingga "
                     "nilai p eksak itulah yang dilaporkan.")
        return text
    text = f"SPSS prints for the same test: {shown}."
    if flips:
        text += (f" In SPSS this result looks {'significant' if f.asymp_sig < ALPHA else 'not significant'} "
                 f"(Asymp. Sig. = {asymp}), yet the exact p is {exact}: SPSS's normal approximation cannot be "
                 "trusted at this sample size, so the exact p is the one reported.")
    elif differs:
        text += (" Asymp. Sig. comes from the normal approximation, which is poor with a small sample and many "
                 "ties; the exact p above counts every possible arrangement of the data, so it is the one reported.")
    return text


def changes_text(test: OutcomeTest, lang: str) -> str:
    """``5 naik, 0 turun, 0 tetap`` — the sign test's effect with the unchanged pairs counted."""
    changes = getattr(test, "changes", None)
    if not changes:
        return ""
    up, down, same = changes
    total = up + down + same
    if lang == "id":
        return f"{up} dari {total} pasangan naik kategori, {down} turun, {same} tetap"
    return f"{up} of {total} pairs moved up a category, {down} down, {same} unchanged"


def hypothesis_sentence(test: OutcomeTest, analysis: StudyAnalysis, lang: str) -> str:
    """``p = 0,008 < α = 0,05, maka H0 ditolak: …`` — the hypothesis decision a skripsi states for each primary test."""
    r = test.result
    if r.p_value is None or not math.isfinite(r.p_value) or r.test == "shapiro_wilk":
        return ""
    oname = outcome_label(analysis, test.outcome, lang)
    alpha = fmt_num(ALPHA, 2, lang)
    p = fmt_p(r.p_value, lang)
    rejected = r.p_value < ALPHA
    if test.scope == "between":
        others = [a for a in analysis.arms if a != analysis.reference_arm]
        who = (f"{arm_name(others[0], lang)} dan {arm_name(analysis.reference_arm, lang)}" if len(others) == 1 and lang == "id"
               else f"the {arm_name(others[0], lang)} and the {arm_name(analysis.reference_arm, lang)}" if len(others) == 1
               else ("kelompok-kelompok" if lang == "id" else "the groups"))
        what_id = f"perbedaan {oname} sesudah intervensi antara {who}"
        what_en = f"a difference in {oname} after the intervention between {who}"
    else:
        where = arm_name(test.scope, lang)
        what_id = f"perbedaan {oname} sebelum dan sesudah pada {where}"
        what_en = f"a difference in {oname} before and after in the {where}"
    if lang == "id":
        sign = "<" if rejected else "≥"
        head = f"Karena {p} {sign} α = {alpha}, maka H0 {'ditolak' if rejected else 'diterima'}: "
        return head + (f"terdapat {what_id}." if rejected else f"tidak terbukti ada {what_id}.")
    sign = "<" if rejected else "≥"
    head = f"Since {p} {sign} α = {alpha}, H0 is {'rejected' if rejected else 'not rejected'}: "
    return head + (f"there is {what_en}." if rejected else f"{what_en} is not shown.")
