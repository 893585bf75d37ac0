"""Can this percentage or mean come from whole-number data of this size?

A percentage of n people is 100·k/n for a whole count k; a mean of n people each scoring
whole numbers on ``items`` items is S/(n·items) for a whole sum S. If no k (or S) prints as
the reported value, the value is impossible (GRIM: Brown & Heathers 2016, *Soc Psychol
Personal Sci* 8:363). Rounding is checked under three rules — half-up, half-even and
truncation — and the ones that fit are named. Arithmetic is exact (fractions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from laktasi.audit.printed import ROUNDING_RULES, Printed, RoundingRule, round_fraction
from laktasi.audit.results import SubCheck
from laktasi.errors import Text

RULE_TEXT: dict[str, Text] = {
    "half_up": Text("half-up rounding", "pembulatan setengah ke atas"),
    "half_even": Text("half-even rounding", "pembulatan setengah ke genap"),
    "truncation": Text("truncation", "pemotongan (truncation)"),
}


@dataclass(frozen=True)
class Fit:
    """Whole numbers (counts or sums) that print as the reported value, per rounding rule."""

    numerator: int
    value: Fraction
    rules: tuple[RoundingRule, ...]


def _rules_text(rules: tuple[RoundingRule, ...], lang: str) -> str:
    return ", ".join(RULE_TEXT[r].in_(lang) for r in rules)


def _show(x: Fraction, lang: str, digits: int = 4) -> str:
    text = f"{float(x):.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "id" else text


def fits(reported: Printed, denominator: int, scale: int = 1) -> list[Fit]:
    """Numerators k for which ``scale·k/denominator`` prints as ``reported``, with the rules that fit.

    Only numerators near the reported value are tried, so this is fast for any n.

    >>> from laktasi.audit.printed import parse_printed
    >>> [(f.numerator, f.rules) for f in fits(parse_printed("80"), 5, 100)]
    [(4, ('half_up', 'half_even', 'truncation'))]
    >>> fits(parse_printed("75"), 5, 100)
    []
    """
    target = reported.value
    centre = target * denominator / scale
    width = Fraction(denominator, scale * 10**reported.decimals) + 1
    out: list[Fit] = []
    for k in range(math.floor(centre - width), math.ceil(centre + width) + 1):
        value = Fraction(scale * k, denominator)
        rules = tuple(r for r in ROUNDING_RULES if round_fraction(value, reported.decimals, r) == target)
        if rules:
            out.append(Fit(k, value, rules))
    return out


def percent_rules(count: int, n: int, percent: Printed) -> tuple[RoundingRule, ...]:
    """The rounding rules under which ``count/n`` prints as ``percent`` (computed directly, any n).

    >>> from laktasi.audit.printed import parse_printed
    >>> percent_rules(566, 1250, parse_printed("45.2"))
    ('truncation',)
    """
    value = Fraction(100 * count, n)
    return tuple(r for r in ROUNDING_RULES if round_fraction(value, percent.decimals, r) == percent.value)


def check_percentage(n: int, percent: Printed, count: int | None = None) -> SubCheck:
    """Is ``percent`` % of ``n`` a whole count (and, when given, this ``count``)?

    >>> from laktasi.audit.printed import parse_printed
    >>> check_percentage(5, parse_printed("75"), 4).verdict  # seed 000, Table 4.7
    'impossible'
    >>> check_percentage(22, parse_printed("95,4")).text.en  # 21/22 = 95.45 %
    '95,4% of n = 22 fits 21/22 = 95.4545% only under truncation.'
    """
    reported = f"{percent.text}% of {n}" + (f" ({count})" if count is not None else "")
    if not 0 <= percent.value <= 100:
        why = Text(f"a percentage of people lies between 0 and 100, not {percent.text}%",
                   f"persentase orang terletak antara 0 dan 100, bukan {percent.text}%")
        return SubCheck("percentage", "impossible", why, reported=reported)
    if n >= 100 * 10**percent.decimals:
        # consecutive counts differ by at most the printed resolution: every percentage is reachable, and
        # enumerating them would take n/100 steps; a stated count is checked directly
        if count is None:
            return SubCheck("percentage", "consistent", Text(
                f"{percent.text}% is possible for n = {n}: with n ≥ {100 * 10**percent.decimals} every percentage "
                f"printed to {percent.decimals} decimal(s) is some whole count.",
                f"{percent.text}% mungkin untuk n = {n}: dengan n ≥ {100 * 10**percent.decimals} setiap persentase "
                f"dengan {percent.decimals} desimal berasal dari suatu jumlah bulat."), reported=reported)
        rules = percent_rules(count, n, percent) if 0 <= count <= n else ()
        found = [Fit(count, Fraction(100 * count, n), rules)] if rules else []
        if not found:
            exact = Fraction(100 * count, n)
            return SubCheck("percentage", "inconsistent", Text(
                f"{count}/{n} = {_show(exact, 'en')}%, not {percent.text}%.",
                f"{count}/{n} = {_show(exact, 'id')}%, bukan {percent.text}%."), reported=reported)
    else:
        found = [f for f in fits(percent, n, 100) if 0 <= f.numerator <= n]
    if not found:
        below = min(max(math.floor(percent.value * n / 100), 0), n - 1) if n > 1 else 0
        near = sorted({below, min(below + 1, n)})
        near_en = " or ".join(f"{k}/{n} = {_show(Fraction(100 * k, n), 'en')}%" for k in sorted(near))
        near_id = " atau ".join(f"{k}/{n} = {_show(Fraction(100 * k, n), 'id')}%" for k in sorted(near))
        text = Text(
            f"{percent.text}% is impossible for n = {n}: no whole count gives it under half-up, half-even or "
            f"truncation rounding (nearest: {near_en}).",
            f"{percent.text}% tidak mungkin untuk n = {n}: tidak ada jumlah bulat yang menghasilkannya dengan "
            f"pembulatan setengah ke atas, setengah ke genap, atau pemotongan (terdekat: {near_id}).",
        )
        return SubCheck("percentage", "impossible", text, reported=reported,
                        recomputed=[{"count": k, "percent": float(Fraction(100 * k, n))} for k in sorted(near)])
    recomputed = [{"count": f.numerator, "percent": float(f.value), "rounding": list(f.rules)} for f in found]
    if count is not None:
        mine = next((f for f in found if f.numerator == count), None)
        if mine is None:
            exact = Fraction(100 * count, n)
            text = Text(
                f"{count}/{n} = {_show(exact, 'en')}%, not {percent.text}% (that would be "
                f"{' or '.join(str(f.numerator) for f in found)} of {n}).",
                f"{count}/{n} = {_show(exact, 'id')}%, bukan {percent.text}% (itu berarti "
                f"{' atau '.join(str(f.numerator) for f in found)} dari {n}).",
            )
            return SubCheck("percentage", "inconsistent", text, reported=reported, recomputed=recomputed)
        found = [mine]
    f = found[0]
    only = len(f.rules) < len(ROUNDING_RULES)
    text = Text(
        f"{percent.text}% of n = {n} fits {f.numerator}/{n} = {_show(f.value, 'en')}%"
        + (f" only under {_rules_text(f.rules, 'en')}." if only else "."),
        f"{percent.text}% dari n = {n} sesuai dengan {f.numerator}/{n} = {_show(f.value, 'id')}%"
        + (f" hanya dengan {_rules_text(f.rules, 'id')}." if only else "."),
    )
    return SubCheck("percentage", "consistent", text, reported=reported, recomputed=recomputed)


def assumption(items: int, unit: str | None, check: str = "GRIM") -> Text:
    """What a GRIM (or GRIMMER) verdict rests on, said with the verdict: whole-number values."""
    if unit:
        return Text(f" This assumes every value was recorded as a whole number of {unit} (e.g. volumes in whole "
                    f"{unit}); if values had decimals, {check} does not apply.",
                    f" Ini mengandaikan setiap nilai dicatat sebagai bilangan bulat {unit} (mis. volume dalam {unit} "
                    f"bulat); bila nilai memiliki desimal, {check} tidak berlaku.")
    what_en = "every item score" if items > 1 else "every value"
    what_id = "setiap skor item" if items > 1 else "setiap nilai"
    return Text(f" This assumes {what_en} is a whole number (a score, a count, or e.g. a volume recorded in whole "
                f"cc); if values had decimals, {check} does not apply.",
                f" Ini mengandaikan {what_id} bilangan bulat (skor, hitungan, atau mis. volume yang dicatat dalam cc "
                f"bulat); bila nilai memiliki desimal, {check} tidak berlaku.")
    what_en = "every item score" if items > 1 else "every value"
    what_id = "setiap skor item" if items > 1 else "setiap nilai"
    return Text(f" This assumes {what_en} is a whole number (a score, a count, or e.g. a volume recorded in whole "
                "cc); if values had decimals, GRIM does not apply.",
                f" Ini mengandaikan {what_id} bilangan bulat (skor, hitungan, atau mis. volume yang dicatat dalam cc "
                "bulat); bila nilai memiliki desimal, GRIM tidak berlaku.")


def check_mean(n: int, mean: Printed, items: int = 1, unit: str | None = None) -> SubCheck:
    """GRIM: is ``mean`` a whole-number sum over ``n`` people × ``items`` items, at its printed precision?

    Brown & Heathers (2016): a mean of 5.19 from 28 people answering one integer item is
    impossible (145/28 = 5.18, 146/28 = 5.21). The verdict states its assumption — whole-number
    values (of ``unit`` when given, e.g. volumes in whole cc) — since a mean of values recorded
    with decimals can take any value.

    >>> from laktasi.audit.printed import parse_printed
    >>> check_mean(28, parse_printed("5.19")).verdict
    'impossible'
    >>> check_mean(28, parse_printed("5.18")).verdict
    'consistent'
    """
    reported = f"{mean.text} (n = {n}, items = {items})"
    cells = n * items
    if cells >= 10**mean.decimals:
        text = Text(
            f"GRIM cannot test a mean with {mean.decimals} decimal(s) when n × items = {cells} ≥ "
            f"{10**mean.decimals}: every such mean is possible.",
            f"GRIM tidak dapat menguji rerata dengan {mean.decimals} desimal bila n × item = {cells} ≥ "
            f"{10**mean.decimals}: setiap rerata seperti itu mungkin.",
        )
        return SubCheck("grim", "not_checkable", text, reported=reported)
    found = fits(mean, cells)
    if not found:
        centre = math.floor(mean.value * cells)
        near = [Fraction(s, cells) for s in (centre, centre + 1)]
        text = Text(
            f"A mean of {mean.text} is impossible for n = {n} with {items} whole-number item(s): no sum gives it "
            f"(nearest: {' or '.join(_show(x, 'en') for x in near)}).",
            f"Rerata {mean.text} tidak mungkin untuk n = {n} dengan {items} item bilangan bulat: tidak ada jumlah "
            f"yang menghasilkannya (terdekat: {' atau '.join(_show(x, 'id') for x in near)}).",
        )
        text = Text(text.en + assumption(items, unit).en, text.id + assumption(items, unit).id)
        return SubCheck("grim", "impossible", text, reported=reported, recomputed=[float(x) for x in near])
    f = found[0]
    only = len(f.rules) < len(ROUNDING_RULES)
    text = Text(
        f"A mean of {mean.text} fits a sum of {f.numerator} over {cells} = {_show(f.value, 'en')}"
        + (f", only under {_rules_text(f.rules, 'en')}." if only else ".") + assumption(items, unit).en,
        f"Rerata {mean.text} sesuai dengan jumlah {f.numerator} dibagi {cells} = {_show(f.value, 'id')}"
        + (f", hanya dengan {_rules_text(f.rules, 'id')}." if only else ".") + assumption(items, unit).id,
    )
    return SubCheck("grim", "consistent", text, reported=reported,
                    recomputed=[{"sum": x.numerator, "mean": float(x.value), "rounding": list(x.rules)} for x in found])
