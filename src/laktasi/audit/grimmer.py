"""GRIMMER: can this SD come, with this mean, from whole-number data of this size?

Whole-number values x₁…xₙ with sum S have a sum of squares Q that is a whole number of the same parity as S
(x² ≡ x mod 2), and SD² = (Q − S²/n)/(n − 1). So after GRIM has found the sums S that print as the mean,
the SD is possible only if some whole Q of S's parity gives an SD that prints as the reported one
(Anaya 2016, *PeerJ Preprints* 4:e2400; the bounds on Q as in Allard's analytic GRIMMER, 2018). For a
score averaged over ``items`` whole-number items the same holds for the per-person totals. Rounding is
tried under the rules GRIM tries (half-up, half-even, truncation); arithmetic is exact. A necessary
condition only: "consistent" means no contradiction was found.

>>> from laktasi.audit.printed import parse_printed as p
>>> check_mean_sd(18, p("3.44"), p("2.47"), rules=("half_up", "half_even")).verdict   # rsprite2: inconsistent
'impossible'
>>> check_mean_sd(18, p("3.44"), p("2.47")).recomputed["rounding"]   # 2.4787 truncated prints as 2.47
['truncation']
>>> check_mean_sd(28, p("5.21"), p("1.6")).verdict                    # rsprite2: consistent
'consistent'
"""

from __future__ import annotations

import math
from fractions import Fraction

from laktasi.audit.grim import RULE_TEXT, assumption, check_mean, fits
from laktasi.audit.printed import ROUNDING_RULES, Printed, RoundingRule, round_fraction
from laktasi.audit.results import SubCheck
from laktasi.errors import Text

__all__ = ["check_mean_sd", "sd_prints_as"]

#: more candidate sums than this: every SD is reachable in practice; not checked
MAX_SUMS = 20_000


def sd_prints_as(variance: Fraction, sd: Printed,
                 rules: tuple[RoundingRule, ...] = ROUNDING_RULES) -> tuple[RoundingRule, ...]:
    """The rules under which the SD √variance prints as ``sd`` (exact: squares are compared).

    >>> from laktasi.audit.printed import parse_printed as p
    >>> sd_prints_as(Fraction(625, 100), p("2.5")), sd_prints_as(Fraction(25, 4) + Fraction(1, 10), p("2.5"))
    (('half_up', 'half_even', 'truncation'), ('half_up', 'half_even', 'truncation'))
    """
    v, h = sd.value, sd.half_unit
    last_even = (sd.value * 10**sd.decimals) % 2 == 0
    out: list[RoundingRule] = []
    for rule in rules:
        if rule == "truncation":
            lo, hi, lo_in, hi_in = v, v + 2 * h, True, False
        elif rule == "half_up":
            lo, hi, lo_in, hi_in = v - h, v + h, True, False
        else:
            lo, hi, lo_in, hi_in = v - h, v + h, last_even, last_even
        if lo < 0:
            lo, lo_in = Fraction(0), True
        above = variance >= lo * lo if lo_in else variance > lo * lo
        below = variance <= hi * hi if hi_in else variance < hi * hi
        if above and below:
            out.append(rule)
    return tuple(out)


def _show(x: float, lang: str) -> str:
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "id" else text


def check_mean_sd(n: int, mean: Printed, sd: Printed, items: int = 1, unit: str | None = None,
                  rules: tuple[RoundingRule, ...] = ROUNDING_RULES) -> SubCheck:
    """GRIM on the mean, then GRIMMER on the SD (sample SD, n − 1) with the SD rounded under ``rules``: the
    GRIM result when the mean is impossible, else the GRIMMER result."""
    grim = check_mean(n, mean, items, unit)
    reported = f"{mean.text} ± {sd.text} (n = {n}, items = {items})"
    if grim.verdict == "impossible":
        return grim
    if n < 2:
        return SubCheck("grimmer", "not_checkable", Text("an SD needs n of at least 2", "SD memerlukan n minimal 2"),
                        reported=reported)
    cells = n * items
    sums = fits(mean, cells) if cells < 10**mean.decimals else None
    if sums is None:
        lo_s = math.floor((mean.value - 2 * mean.half_unit) * cells)
        hi_s = math.ceil((mean.value + 2 * mean.half_unit) * cells)
        candidates = list(range(lo_s, hi_s + 1)) if hi_s - lo_s <= MAX_SUMS else []
    else:
        candidates = [f.numerator for f in sums]
    if not candidates:
        return SubCheck("grimmer", "not_checkable", Text(
            f"too many possible sums for n = {n} to test the SD", f"terlalu banyak kemungkinan jumlah untuk n = {n}"),
            reported=reported)
    scale = Fraction((n - 1) * items * items)
    fitted: set[RoundingRule] = set()
    example: tuple[int, int, float] | None = None
    for s in candidates:
        if sums is None and not any(_mean_prints(Fraction(s, cells), mean, r) for r in ROUNDING_RULES):
            continue
        base = Fraction(s * s, n)
        for rule in rules:
            if rule in fitted:
                continue
            # the smallest whole Q of S's parity (x² ≡ x mod 2) at or above the rule's lower SD bound,
            # and the next one (the bound itself may be excluded): no other can be closer to the interval
            lo = _lower(sd, rule)
            q = math.ceil(scale * lo * lo + base)
            q += (q - s) % 2
            for candidate in (q, q + 2):
                variance = (candidate - base) / scale
                if rule in sd_prints_as(variance, sd, (rule,)):
                    fitted.add(rule)
                    if example is None:
                        example = (s, candidate, math.sqrt(variance))
                    break
        if len(fitted) == len(rules):
            break
    if example is not None:
        s, q, sd_found = example
        fitting = tuple(r for r in rules if r in fitted)
        only = len(fitting) < len(rules)
        text = Text(
            f"SD {sd.text} with mean {mean.text} fits whole-number data: sum {s}, sum of squares {q} "
            f"(SD = {_show(sd_found, 'en')})"
            + (f", only under {', '.join(RULE_TEXT[r].en for r in fitting)}." if only else "."),
            f"SD {sd.text} dengan rerata {mean.text} sesuai dengan data bilangan bulat: jumlah {s}, jumlah "
            f"kuadrat {q} (SD = {_show(sd_found, 'id')})"
            + (f", hanya dengan {', '.join(RULE_TEXT[r].id for r in fitting)}." if only else "."))
        return SubCheck("grimmer", "consistent", text, reported=reported,
                        recomputed={"sum": s, "sum_of_squares": q, "sd": sd_found, "rounding": list(fitting)})
    text = Text(
        f"SD {sd.text} is impossible with mean {mean.text} for n = {n} whole-number values: no sum of squares of "
        f"the right parity gives it (GRIMMER).",
        f"SD {sd.text} tidak mungkin dengan rerata {mean.text} untuk n = {n} nilai bilangan bulat: tidak ada jumlah "
        f"kuadrat dengan paritas yang sesuai yang menghasilkannya (GRIMMER).")
    a = assumption(items, unit, "GRIMMER")
    return SubCheck("grimmer", "impossible", Text(text.en + a.en, text.id + a.id), reported=reported)


def _lower(sd: Printed, rule: RoundingRule) -> Fraction:
    """The smallest SD that prints as ``sd`` under ``rule`` (as a bound: it may itself be excluded)."""
    low = sd.value if rule == "truncation" else sd.value - sd.half_unit
    return max(low, Fraction(0))


def _mean_prints(x: Fraction, mean: Printed, rule: RoundingRule) -> bool:
    return round_fraction(x, mean.decimals, rule) == mean.value
