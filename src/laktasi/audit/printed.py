"""Numbers as a paper printed them: value, decimals, and the values that round to them.

The audit compares recomputed values with *printed* ones, so it keeps the printed precision
("7.40" has two decimals) and works with exact fractions: 4/5 = 80 % exactly, never
79.99999999 %. Decimal commas ("0,016", Indonesian) and points are both read. This module is
deliberately self-contained: the audit is a pure layer below :mod:`laktasi.report`.

>>> parse_printed("0,016").decimals
3
>>> parse_reported_p("<0.001").relation
'<'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Relation = Literal["=", "<", "<=", ">", ">="]
RoundingRule = Literal["half_up", "half_even", "truncation"]
ROUNDING_RULES: tuple[RoundingRule, ...] = ("half_up", "half_even", "truncation")

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class Printed:
    """A printed number: ``text`` as given, its exact ``value`` and its number of ``decimals``."""

    text: str
    value: Fraction
    decimals: int

    @property
    def half_unit(self) -> Fraction:
        """Half a unit in the last printed place: 0.005 for "7.40"."""
        return Fraction(1, 2 * 10**self.decimals)

    def bounds(self) -> tuple[float, float]:
        """The interval of true values that print as this number under round-half rules."""
        return float(self.value - self.half_unit), float(self.value + self.half_unit)

    def __float__(self) -> float:
        return float(self.value)


def _normalise(text: str) -> str:
    s = text.strip().replace("\u2212", "-").replace("\u2013", "-").replace(" ", "").replace("\u00a0", "")
    if "," in s and "." in s:
        # the later separator is the decimal mark: "1.234,5" or "1,234.5"
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    return s.replace(",", ".")


def parse_printed(value: object) -> Printed:
    """Read a printed number from a string (decimal point or comma) or a YAML number.

    A YAML float such as ``7.4`` has lost any trailing zero; give ``"7.40"`` to keep it
    (``5.0`` keeps its one decimal, as typed).
    Raises ``ValueError`` for anything that is not a plain number.

    >>> p = parse_printed("7.40")
    >>> (p.value, p.decimals)
    (Fraction(37, 5), 2)
    >>> parse_printed(".03").decimals
    2
    """
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Printed(str(value), Fraction(value), 0)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(value, "f")  # "1e-05" → "0.000010"
    elif isinstance(value, str):
        text = value
    else:
        raise ValueError(f"not a number: {value!r}")
    s = _normalise(text)
    if not _NUMBER.match(s):
        raise ValueError(f"not a number: {text!r}")
    decimals = len(s.split(".", 1)[1]) if "." in s else 0
    if s.endswith("."):
        s += "0"
    if s.startswith(".") or s.startswith("-.") or s.startswith("+."):
        s = s.replace(".", "0.", 1)
    return Printed(text.strip(), Fraction(s), decimals)


def round_fraction(x: Fraction, decimals: int, rule: RoundingRule) -> Fraction:
    """Round an exact value to ``decimals`` places under one rounding rule.

    ``half_up`` rounds halves away from zero (school rounding, Excel, SPSS display);
    ``half_even`` rounds halves to the even digit (IEEE, R's ``round``, Python's ``round``);
    ``truncation`` drops the further digits.

    >>> str(round_fraction(Fraction(2, 8) * 100, 0, "half_even"))
    '25'
    >>> str(round_fraction(Fraction(1, 8), 2, "half_up"))
    '13/100'
    """
    scale = 10**decimals
    scaled = x * scale
    if rule == "half_even":
        return Fraction(round(scaled), scale)
    sign = -1 if scaled < 0 else 1
    mag = abs(scaled)
    whole = math.floor(mag + Fraction(1, 2)) if rule == "half_up" else math.floor(mag)
    return Fraction(sign * whole, scale)


@dataclass(frozen=True)
class ReportedP:
    """A p-value as printed: ``p < 0.001`` is relation ``<`` and bound 0.001.

    ``zero`` marks the printed "0.000" (SPSS's display of p < 0.0005), which the audit reads
    as p < 0.0005 and flags, because a p-value is never zero.
    """

    text: str
    relation: Relation
    value: float
    decimals: int
    zero: bool = False
    number: str = ""

    @property
    def shown(self) -> str:
        """``= 0,016`` or ``< 0.001``: the relation and the number as printed."""
        return f"{self.relation} {self.number or self.text}"

    def matches(self, low: float, high: float) -> bool:
        """Whether some p in ``[low, high]`` would be printed this way (round-half rules).

        >>> parse_reported_p("0.016").matches(0.015625, 0.015625)
        True
        >>> parse_reported_p("<0.05").matches(0.06, 0.07)
        False
        """
        eps = 1e-12
        if self.relation == "=":
            half = 0.5 * 10.0**-self.decimals
            return high >= self.value - half - eps and low <= self.value + half + eps
        if self.relation == "<":
            return low < self.value
        if self.relation == "<=":
            return low <= self.value + eps
        if self.relation == ">":
            return high > self.value
        return high >= self.value - eps

    def significant(self, alpha: float = 0.05) -> bool | None:
        """True/False when the printed p says which side of ``alpha`` it is on; None if it cannot.

        The usual rule is p < α: a printed ``p = 0,05`` is not significant at 0.05.
        """
        if self.relation == "=":
            return self.value < alpha if self.decimals >= 2 else None
        if self.relation in ("<", "<="):
            return True if self.value <= alpha else None
        return False if self.value >= alpha else None

    def describe(self) -> str:
        return self.text


_P_TEXT = re.compile(r"^\s*(?:p(?:[\s-]*value)?\s*)?(<=|>=|=<|=>|≤|≥|<|>|=)?\s*(.+?)\s*$", re.IGNORECASE)
_REL: dict[str, Relation] = {"<=": "<=", "=<": "<=", "≤": "<=", ">=": ">=", "=>": ">=", "≥": ">=", "<": "<", ">": ">", "=": "="}


def parse_reported_p(value: object) -> ReportedP:
    """Read a printed p-value: ``"0.016"``, ``"0,016"``, ``"<0.001"``, ``"p > 0,05"``, ``"0.000"``, ``"ns"``.

    Raises ``ValueError`` when the text is not a p-value or lies outside [0, 1].

    >>> r = parse_reported_p("0,000")
    >>> (r.relation, r.value, r.zero)
    ('=', 0.0, True)
    >>> parse_reported_p("n.s.").relation
    '>'
    """
    if isinstance(value, str) and value.strip().lower().replace(".", "") in ("ns", "tidak bermakna"):
        return ReportedP(value.strip(), ">", 0.05, 2, number="0.05")
    if isinstance(value, str):
        m = _P_TEXT.match(value)
        if not m:
            raise ValueError(f"not a p-value: {value!r}")
        rel_text, number = m.group(1), m.group(2)
    else:
        rel_text, number = None, value
    printed = parse_printed(number)
    p = float(printed.value)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a p-value lies between 0 and 1, not {printed.text}")
    relation: Relation = _REL[rel_text] if rel_text else "="
    text = value.strip() if isinstance(value, str) else printed.text
    return ReportedP(text, relation, p, printed.decimals, zero=(relation == "=" and p == 0.0), number=printed.text)
