"""Percentages and means from whole-number data. References: Brown & Heathers (2016) GRIM
examples; independent exhaustive enumeration with Python's decimal module (three rounding modes)."""

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest

from laktasi.audit.grim import check_mean, check_percentage
from laktasi.audit.printed import parse_printed

MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncation": ROUND_DOWN}


def _printable(k: int, n: int, scale: int, d: int) -> dict[str, str]:
    """How k/n·scale prints with d decimals under each rule (Decimal arithmetic with 50 digits)."""
    from decimal import localcontext

    with localcontext() as ctx:
        ctx.prec = 50
        exact = Decimal(scale * k) / Decimal(n)
        return {rule: str(exact.quantize(Decimal(1).scaleb(-d), rounding=mode)) for rule, mode in MODES.items()}


def test_seed_000_table_4_7_percentages_are_impossible():
    # 4 of 5 mothers printed as 75 %, 1 of 5 as 25 % (Table 4.7); Table 4.5 prints 80 % correctly
    assert check_percentage(5, parse_printed("75"), 4).verdict == "impossible"
    assert check_percentage(5, parse_printed("25"), 1).verdict == "impossible"
    assert check_percentage(5, parse_printed("80"), 4).verdict == "consistent"


def test_percentage_wrong_count_is_inconsistent():
    c = check_percentage(5, parse_printed("80"), 3)
    assert c.verdict == "inconsistent"
    assert "3/5 = 60%" in c.text.en


def test_rule_that_fits_is_named():
    c = check_percentage(22, parse_printed("95,4"))  # 21/22 = 95.4545…: only truncation prints 95.4
    assert c.verdict == "consistent"
    assert c.recomputed == [{"count": 21, "percent": pytest.approx(95.4545454545), "rounding": ["truncation"]}]
    assert "truncation" in c.text.en and "pemotongan" in c.text.id
    c = check_percentage(8, parse_printed("12.5"))  # exact: every rule fits
    assert c.recomputed[0]["rounding"] == ["half_up", "half_even", "truncation"]
    c = check_percentage(8, parse_printed("63"))  # 62.5 → 63 only half-up
    assert c.recomputed[0]["rounding"] == ["half_up"]


def test_percentages_agree_with_exhaustive_enumeration():
    for n in (*range(1, 13), 17, 22, 30, 37):
        printed: dict[str, set[str]] = {}
        for k in range(n + 1):
            for rule, text in _printable(k, n, 100, 1).items():
                printed.setdefault(text, set()).add(rule)
        for tenth in range(0, 1001):
            text = f"{tenth / 10:.1f}"
            verdict = check_percentage(n, parse_printed(text)).verdict
            assert verdict == ("consistent" if text in printed else "impossible"), (n, text)


def test_grim_brown_heathers_example():
    # Brown & Heathers (2016): M = 5.19 with N = 28 is impossible (145/28 = 5.18, 146/28 = 5.21)
    c = check_mean(28, parse_printed("5.19"))
    assert c.verdict == "impossible"
    assert c.recomputed == [pytest.approx(145 / 28), pytest.approx(146 / 28)]
    assert check_mean(28, parse_printed("5.18")).verdict == "consistent"


def test_grim_multi_item_scale():
    # 3 items per person: the granularity is 1/(n·items)
    assert check_mean(20, parse_printed("2.59"), items=3).verdict == "impossible"  # 155/60 = 2.583, 156/60 = 2.6
    assert check_mean(20, parse_printed("2.51"), items=3).recomputed[0]["rounding"] == ["truncation"]  # 151/60
    assert check_mean(20, parse_printed("2.50"), items=3).verdict == "consistent"  # 150/60


def test_grim_agrees_with_exhaustive_enumeration():
    for n in range(1, 60):
        ok = set()
        for s in range(0, 7 * n + 1):
            ok |= set(_printable(s, n, 1, 2).values())
        for hundredth in range(100, 600, 7):
            text = f"{hundredth / 100:.2f}"
            assert (check_mean(n, parse_printed(text)).verdict == "consistent") == (text in ok), (n, text)


def test_grim_not_checkable_for_large_n():
    c = check_mean(150, parse_printed("3.47"))
    assert c.verdict == "not_checkable"
    assert "150" in c.text.en


def test_grim_verdict_states_its_assumption():
    # Brown & Heathers (2016): the check holds only for whole-number data; the verdict must say so
    from laktasi.audit.grim import check_mean
    from laktasi.audit.printed import parse_printed

    for verdict_mean in ("5.19", "5.18"):
        r = check_mean(28, parse_printed(verdict_mean))
        assert "whole number" in r.text.en and "bilangan bulat" in r.text.id
    cc = check_mean(10, parse_printed("52.35"), unit="cc")
    assert cc.verdict == "impossible"
    assert "whole number of cc" in cc.text.en and "cc bulat" in cc.text.id


def test_grim_unit_field_in_claims():
    from laktasi.audit import audit_claims

    (e,) = audit_claims([{"id": "vol", "kind": "mean", "n": 10, "mean": "52,35", "unit": "cc"}])
    assert e.verdict == "impossible" and "cc" in e.text.en
