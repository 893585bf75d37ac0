"""Thousands separators read by the claim's locale, p = α under the usual p < α rule.

References: R ``2 * pt(-2.10, 1023)`` = 0.0360 (so "t(1,023) = 2.10, p = .036" is consistent, while
df = 1.023 would give p ≈ 0.28); ``pchisq(4.20, 1, lower.tail = FALSE)`` = 0.0404; ``pf(3.10, 2, 1023,
lower.tail = FALSE)`` = 0.0455 — the same recomputations tests/audit/test_pvalues.py checks against
r/audit/reference.csv.
"""

from __future__ import annotations

import pytest
from scipy import stats

from laktasi.audit import audit_text
from laktasi.audit.text import extract


@pytest.mark.parametrize(("text", "df1", "df2"), [
    ("t(1,023) = 2.10, p = .036", 1023, None),        # English: "," groups thousands
    ("t(1.023) = 2,10; p = 0,036", 1023, None),       # Indonesian: "." groups thousands
    ("F(2, 1,023) = 3.10, p = .046", 2, 1023),
    ("t(27.35) = 2.20, p = .036", 27.35, None),       # a Welch df keeps its decimals
    ("t(27,35) = 2,20; p = 0,036", 27.35, None),
    ("t(1,023) = 2, p = .04", 1023, None),            # no decimal in the claim: three digits after "," = thousands
])
def test_degrees_of_freedom_read_by_locale(text, df1, df2):
    (e,) = extract(text)
    assert e.df1 == pytest.approx(df1) and (e.df2 == df2 or e.df2 == pytest.approx(df2))


def test_thousands_df_is_consistent_not_a_false_alarm():
    (e,) = audit_text("t(1,023) = 2.10, p = .036")
    assert e.verdict == "consistent"
    assert round(2 * stats.t.sf(2.10, 1023), 3) == 0.036  # the recomputation the verdict rests on
    (e2,) = audit_text("t(1.023) = 2,10; p = 0,036")
    assert e2.verdict == "consistent"


@pytest.mark.parametrize("text", ["χ²(1, N = 1.250) = 4,20", "χ2(1, N = 1,250) = 4.20, p = .040",
                                  "chi-square(1, N = 12,500) = 4.20, p = .040"])
def test_chi_square_with_thousands_in_n_parses(text):
    (e,) = extract(text)
    assert e.kind == "chi2" and e.df1 == 1 and float(e.statistic.value) == 4.2


def test_chi_square_with_thousands_in_n_is_checked():
    (e,) = audit_text("χ2(1, N = 1,250) = 4.20, p = .040")
    assert e.check == "chi2" and e.verdict == "consistent"


@pytest.mark.parametrize("text", ["Hasil uji p = 0,05 sehingga tidak signifikan",
                                  "p = 0.05, not significant", "nilai p = 0,050 (tidak bermakna)"])
def test_p_equal_alpha_called_not_significant_is_no_contradiction(text):
    entries = audit_text(text)
    assert entries and all(e.verdict != "inconsistent" for e in entries)
    assert not any(d.check == "contradiction" for e in entries for d in e.details)


def test_p_equal_alpha_called_significant_is_a_note_not_a_contradiction():
    (e,) = audit_text("p = 0,05 menunjukkan pengaruh signifikan")
    assert e.verdict != "inconsistent"
    (w,) = e.warnings
    assert w.code == "significance_at_alpha" and "p < 0,05" in w.text.id and "p < 0.05" in w.text.en


def test_p_below_alpha_called_not_significant_is_still_a_contradiction():
    (e,) = audit_text("p = 0,01 sehingga tidak signifikan")
    assert e.verdict == "inconsistent"
