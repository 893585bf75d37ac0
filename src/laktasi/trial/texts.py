"""Bilingual names of tests, comparisons and time points (shown by the CLI and the web app)."""

from __future__ import annotations

from laktasi.errors import Text

TEST_NAMES: dict[str, Text] = {
    "paired_t": Text(en="paired t-test", id="uji t berpasangan"),
    "wilcoxon_signed_rank": Text(en="Wilcoxon signed-rank test", id="uji peringkat bertanda Wilcoxon"),
    "sign_test": Text(en="sign test", id="uji tanda"),
    "mcnemar": Text(en="McNemar test", id="uji McNemar"),
    "marginal_homogeneity": Text(en="marginal homogeneity (Stuart–Maxwell) test",
                                 id="uji homogenitas marginal (Stuart–Maxwell)"),
    "shapiro_wilk": Text(en="Shapiro–Wilk normality test", id="uji normalitas Shapiro–Wilk"),
    "welch_t": Text(en="Welch t-test", id="uji t Welch"),
    "mann_whitney": Text(en="Mann–Whitney test", id="uji Mann–Whitney"),
    "fisher_exact": Text(en="Fisher's exact test", id="uji eksak Fisher"),
    "chi_square": Text(en="chi-square test", id="uji chi-square"),
    "ancova": Text(en="ANCOVA (post adjusted for pre)", id="ANCOVA (sesudah disesuaikan dengan sebelum)"),
}

COMPARISONS: dict[str, Text] = {
    "pre_post": Text(en="before vs after", id="sebelum vs sesudah"),
    "post": Text(en="after, between arms", id="sesudah, antarkelompok"),
    "change": Text(en="change (after − before)", id="perubahan (sesudah − sebelum)"),
}

TIMES: dict[str, Text] = {
    "pre": Text(en="before", id="sebelum"),
    "post": Text(en="after", id="sesudah"),
    "change": Text(en="change", id="perubahan"),
    "baseline": Text(en="baseline", id="awal"),
}

EFFECTS: dict[str, Text] = {
    "mean_difference": Text(en="mean difference", id="selisih rerata"),
    "adjusted_difference": Text(en="adjusted difference", id="selisih terkoreksi"),
    "d_z": Text(en="Cohen's d_z", id="d_z Cohen"),
    "hedges_g": Text(en="Hedges' g", id="g Hedges"),
    "rank_biserial": Text(en="rank-biserial r", id="r rank-biserial"),
    "proportion_difference": Text(en="increases − decreases (proportion)", id="naik − turun (proporsi)"),
    "odds_ratio": Text(en="odds ratio", id="rasio odds"),
    "risk_difference": Text(en="risk difference", id="selisih risiko"),
    "risk_ratio": Text(en="risk ratio", id="rasio risiko"),
    "hodges_lehmann": Text(en="Hodges–Lehmann shift", id="pergeseran Hodges–Lehmann"),
}


def name(table: dict[str, Text], key: str, lang: str) -> str:
    text = table.get(key)
    return text.in_(lang) if text else key
