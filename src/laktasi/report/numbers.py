"""Locale-aware number formatting for reports: ``0,05`` in Indonesian, ``0.05`` in English.

Rounding happens here, at display, and nowhere else.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def _sep(lang: str) -> tuple[str, str]:
    """(decimal separator, thousands separator) for a language."""
    return (",", ".") if lang == "id" else (".", ",")


def _half_up(x: float | int, digits: int) -> Decimal | float | int:
    """Round half away from zero on the number as written, as SPSS and APA do.

    Python's float formatting rounds exact binary halves to even, so 0.0625 — the smallest p an exact
    test on 5 pairs can reach — would print as 0.062 and 2.5 as 2.
    """
    if isinstance(x, bool) or not 0 < abs(float(x)) < 1e15:
        return x
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def fmt_num(x: float | int | None, digits: int = 2, lang: str = "en", thousands: bool = False) -> str:
    """Format a number with ``digits`` decimals in the locale; ``—`` for missing values.

    >>> fmt_num(1234.5, 1, "id", thousands=True)
    '1.234,5'
    >>> fmt_num(0.05, 2, "en")
    '0.05'
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    dec, tho = _sep(lang)
    value = _half_up(x, digits)
    text = f"{value:,.{digits}f}" if thousands else f"{value:.{digits}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # never print "-0.00"
    return text.replace(",", "\0").replace(".", dec).replace("\0", tho if thousands else "")


def fmt_int(x: int | None, lang: str = "en") -> str:
    return "—" if x is None else fmt_num(x, 0, lang, thousands=abs(x) >= 10000)


def fmt_p(p: float | None, lang: str = "en", digits: int = 3, prefix: bool = True) -> str:
    """APA-style p: ``p = 0,016``, ``p < 0,001`` — never ``p = 0,000``.

    >>> fmt_p(0.0004, "id")
    'p < 0,001'
    >>> fmt_p(0.0162, "en")
    'p = 0.016'
    """
    if p is None or not math.isfinite(p):
        return "p = —" if prefix else "—"
    threshold = 10.0**-digits
    if p < threshold:
        body = "< " + fmt_num(threshold, digits, lang)
    else:
        body = ("= " if prefix else "") + fmt_num(min(p, 1.0), digits, lang)
    return f"p {body}" if prefix else body


def fmt_ci(low: float | None, high: float | None, digits: int = 2, lang: str = "en") -> str:
    """``[1,20; 3,40]`` in Indonesian (a semicolon, since the comma is the decimal mark), ``[1.20, 3.40]`` in English."""
    sep = "; " if lang == "id" else ", "
    return f"[{fmt_num(low, digits, lang)}{sep}{fmt_num(high, digits, lang)}]"


def fmt_percent(x: float | None, digits: int = 1, lang: str = "en") -> str:
    """A percentage given in 0–100: ``80,0%``."""
    return "—" if x is None else fmt_num(x, digits, lang) + "%"


def parse_number(text: str) -> float:
    """Parse a number printed with a decimal point or a decimal comma (``"0,016"`` → 0.016).

    Raises ``ValueError`` when the text is not a number.
    """
    s = text.strip().replace("\u2212", "-").replace(" ", "")
    if "," in s and "." in s:
        # the later separator is the decimal mark: "1.234,5" or "1,234.5"
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        s = s.replace(",", ".")
    return float(s)
