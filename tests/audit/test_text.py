"""Free-text extraction (statcheck-style, Nuijten et al. 2016) in English and Indonesian."""

import pytest

from laktasi.audit.claims import audit_text
from laktasi.audit.text import extract


@pytest.mark.parametrize(
    ("text", "kind", "stat", "df1", "df2", "p"),
    [
        ("t(28) = 2.20, p = .03", "t", "2.20", 28, None, "= .03"),
        ("F(2, 28) = 2.20, p = .15", "f", "2.20", 2, 28, "= .15"),
        ("F(1,28)=4,20; p=0,049", "f", "4,20", 1, 28, "= 0,049"),
        ("r(28) = .22, p = .26", "r", ".22", 28, None, "= .26"),
        ("chi2(28) = 22.20, p = .79", "chi2", "22.20", 28, None, "= .79"),
        ("χ²(2, N = 44) = 6,77; p = 0,034", "chi2", "6,77", 2, None, "= 0,034"),
        ("X2(1) = 5.00, p < .05", "chi2", "5.00", 1, None, "< .05"),
        (" z = 2.20, p = .04", "z", "2.20", None, None, "= .04"),
        ("(z = 2.20, p = .04)", "z", "2.20", None, None, "= .04"),
        ("nilai Z adalah -2,673 dan nilai p-value adalah 0,008", "z", "-2,673", None, None, "= 0,008"),
        ("t(27,5) = 2,10; p = 0,045", "t", "2,10", 27.5, None, "= 0,045"),
        ("t hitung = 4,25; df = 29; p = 0,000", "t", "4,25", 29, None, "= 0,000"),
        ("χ² = 6,77, df = 2, p = 0,034", "chi2", "6,77", 2, None, "= 0,034"),
        ("t(28) = 1.20, ns", "t", "1.20", 28, None, "> 0.05"),
    ],
)
def test_extracts_statistics(text, kind, stat, df1, df2, p):
    (item,) = extract(text)
    assert item.kind == kind
    assert item.statistic.text == stat
    assert item.df1 == df1 and item.df2 == df2
    assert item.p.shown == p


@pytest.mark.parametrize(
    ("text", "shown"),
    [("nilai p=0,003", "= 0,003"), ("p-value = 0,000", "= 0,000"), ("nilai P sebesar 0,016", "= 0,016"),
     ("P kurang dari 0,05", "< 0,05"), ("p value : 0,001", "= 0,001"), ("nilai p-value 0.003", "= 0.003"),
     ("(p ≤ 0,05)", "<= 0,05"), ("p<.001", "< .001"), ("Asymp. Sig. (2-tailed) 0.003", "= 0.003"),
     ("Sig. (2-tailed) = 0,016", "= 0,016")],
)
def test_extracts_bare_p_values(text, shown):
    (item,) = extract(text)
    assert (item.kind, item.p.shown) == ("p", shown)


def test_ignores_things_that_are_not_p_values():
    assert extract("Tabel 4.5 pada halaman 12 menunjukkan 5 responden.") == []
    assert extract("step 2 (p 12)") == []


def test_ids_in_order_and_statcheck_verdicts():
    text = "We found t(28) = 2.20, p = .03 and F(2, 28) = 2.20, p = .13; also Z = -2.42, p = 0.016."
    entries = audit_text(text)
    assert [(e.id, e.check, e.verdict) for e in entries] == [
        ("text-1", "t", "inconsistent"), ("text-2", "f", "consistent"), ("text-3", "z", "consistent")]


def test_seed_000_self_contradiction():
    # seed 000, Pembahasan: "nilai T test 0,003 (p>0,05) ... sangat signifikan"
    text = ("diperoleh nilai T test 0,003 (p>0,05) hal ini menunjukan secara statistik \n\n"
            "bahwa terdapat pengaruh yang sangat signifikan antara pijat oksitosin")
    (e,) = audit_text(text)
    assert e.verdict == "inconsistent"
    checks = [(d.check, d.verdict) for d in e.details]
    assert ("contradiction", "inconsistent") in checks
    messages = " ".join(d.text.en for d in e.details)
    assert "0,003 is not p > 0,05" in messages
    assert 'called "signifikan"' in messages


@pytest.mark.parametrize(
    "text",
    ["p = 0,003 (p > 0,05) menunjukkan pengaruh yang signifikan",
     "perbedaan dengan p = 0,01 yang tidak bermakna",
     "perbedaan tidak bermakna (p = 0,01)",
     "the difference was not significant, t(28) = 3.10, p = .004, which is not significant",
     "p > 0.05, a significant effect"],
)
def test_significance_contradictions(text):
    entries = audit_text(text)
    assert any(d.check == "contradiction" and d.verdict == "inconsistent" for e in entries for d in e.details), text


@pytest.mark.parametrize("text", ["p = 0,001 (p < 0,05) bermakna", "p = 0,20, tidak signifikan",
                                  "significant in A (p = 0.01) but not in B (p = 0.30)",
                                  "Not significant. Then a difference (p = 0.01)",
                                  "t(28) = 3.10, p = .004, a significant difference"])
def test_no_false_contradiction(text):
    assert not any(d.check == "contradiction" for e in audit_text(text) for d in e.details)


def test_p_zero_is_flagged():
    (e,) = audit_text("Hasil uji paired t-test diperoleh nilai p adalah 0,000 < 0,05")
    assert [w.code for w in e.warnings] == ["p_zero"]
    assert e.verdict == "not_checkable"
    (e,) = audit_text("t(28) = 5.10, p = .000")
    assert e.verdict == "consistent" and [w.code for w in e.warnings] == ["p_zero"]


def test_restated_bound_is_checked_not_counted_twice():
    entries = audit_text("nilai P sebesar 0,016, yang berarti P kurang dari 0,05.")
    assert len(entries) == 1
    assert [d.check for d in entries[0].details] == ["p_value", "bound"]


def test_ns_is_p_above_05_as_statcheck_reads_it():
    # statcheck test-error.R: "t(28) = 2.20, ns" is an error (p = .036)
    assert audit_text("t(28) = 2.20, ns")[0].verdict == "inconsistent"
    assert audit_text("t(28) = 1.20, ns")[0].verdict == "consistent"
