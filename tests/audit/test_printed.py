from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from laktasi.audit.printed import parse_printed, parse_reported_p, round_fraction


@pytest.mark.parametrize(
    ("text", "value", "decimals"),
    [("7.40", Fraction(37, 5), 2), ("0,016", Fraction(2, 125), 3), (".03", Fraction(3, 100), 2),
     ("-2,673", Fraction(-2673, 1000), 3), ("\u22122.5", Fraction(-5, 2), 1), ("80", Fraction(80), 0),
     (5, Fraction(5), 0), (7.4, Fraction(37, 5), 1), (5.0, Fraction(5), 1), ("1.234,5", Fraction(12345, 10), 1)],
)
def test_parse_printed_keeps_precision(text, value, decimals):
    p = parse_printed(text)
    assert (p.value, p.decimals) == (value, decimals)


@pytest.mark.parametrize("bad", ["abc", "", "1.2.3x", True, None, [1]])
def test_parse_printed_rejects(bad):
    with pytest.raises(ValueError):
        parse_printed(bad)


@pytest.mark.parametrize(
    ("text", "relation", "value", "decimals", "zero"),
    [("0.016", "=", 0.016, 3, False), ("0,016", "=", 0.016, 3, False), ("<0.001", "<", 0.001, 3, False),
     ("p < 0,05", "<", 0.05, 2, False), ("0.000", "=", 0.0, 3, True), ("p ≤ 0,05", "<=", 0.05, 2, False),
     (">.05", ">", 0.05, 2, False), ("ns", ">", 0.05, 2, False), (0.03, "=", 0.03, 2, False)],
)
def test_parse_reported_p(text, relation, value, decimals, zero):
    p = parse_reported_p(text)
    assert (p.relation, p.value, p.decimals, p.zero) == (relation, pytest.approx(value), decimals, zero)


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "p = x"])
def test_parse_reported_p_rejects(bad):
    with pytest.raises(ValueError):
        parse_reported_p(bad)


def test_zero_p_means_below_half_a_unit():
    p = parse_reported_p("0.000")
    assert p.matches(0.0004, 0.0004)
    assert not p.matches(0.0006, 0.0006)


def test_relations():
    assert parse_reported_p("<0.05").matches(0.049, 0.049)
    assert not parse_reported_p("<0.05").matches(0.05, 0.05)
    assert parse_reported_p("<=0.05").matches(0.05, 0.05)
    assert parse_reported_p(">0.05").matches(0.2, 0.2)
    assert not parse_reported_p(">0.05").matches(0.01, 0.04)


def test_rounding_rules_agree_with_decimal_module_exhaustively():
    # independent reference: Python's decimal module quantize with the three rounding modes
    modes = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncation": ROUND_DOWN}
    for num in range(-300, 301):
        for den in (1, 2, 3, 4, 5, 7, 8, 16, 40):
            x = Fraction(num, den)
            for d in (0, 1, 2):
                for rule, mode in modes.items():
                    exact = Decimal(num) / Decimal(den)  # exact for these denominators or to 28 digits
                    expected = Fraction(exact.quantize(Decimal(1).scaleb(-d), rounding=mode))
                    if den in (3, 7) and rule != "truncation":
                        continue  # non-terminating: Decimal's division already rounded; skip ties check
                    assert round_fraction(x, d, rule) == expected, (num, den, d, rule)
