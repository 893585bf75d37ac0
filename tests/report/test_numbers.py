import pytest

from laktasi.report.numbers import fmt_ci, fmt_num, fmt_p, fmt_percent, parse_number


@pytest.mark.parametrize(
    ("p", "lang", "expected"),
    [(0.0004, "id", "p < 0,001"), (0.0004, "en", "p < 0.001"), (0.0162, "id", "p = 0,016"),
     (0.05, "en", "p = 0.050"), (1.0, "en", "p = 1.000"), (0.001, "en", "p = 0.001")],
)
def test_fmt_p_never_prints_zero(p, lang, expected):
    assert fmt_p(p, lang) == expected


def test_locale_numbers():
    assert fmt_num(1234.5, 1, "id", thousands=True) == "1.234,5"
    assert fmt_num(1234.5, 1, "en", thousands=True) == "1,234.5"
    assert fmt_num(-0.001, 2, "en") == "0.00"
    assert fmt_num(float("nan")) == "—"
    assert fmt_ci(1.2, 3.4, 2, "id") == "[1,20; 3,40]"
    assert fmt_ci(1.2, 3.4, 2, "en") == "[1.20, 3.40]"
    assert fmt_percent(80, 1, "id") == "80,0%"


@pytest.mark.parametrize(("text", "value"), [("0,016", 0.016), ("7.40", 7.4), ("1.234,5", 1234.5),
                                             ("1,234.5", 1234.5), ("\u22122,5", -2.5)])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("x", "digits", "lang", "expected"),
    # exact binary halves round away from zero (SPSS/APA), not to even as Python's format() does
    [(0.0625, 3, "en", "0.063"), (2.5, 0, "en", "3"), (-2.5, 0, "en", "-3"), (0.125, 2, "id", "0,13"),
     (2.675, 2, "en", "2.68"), (1234.5, 0, "id", "1235"), (12345.5, 0, "en", "12346"), (0.0004, 3, "en", "0.000")],
)
def test_rounding_half_away_from_zero(x, digits, lang, expected):
    assert fmt_num(x, digits, lang) == expected


def test_smallest_exact_p_for_five_pairs_prints_as_spss_does():
    # 2/2^5 = 0.0625: exact two-sided sign test, 5 of 5 pairs improving
    assert fmt_p(0.0625, "id") == "p = 0,063"
    assert fmt_num(12345.5, 0, "id", thousands=True) == "12.346"
