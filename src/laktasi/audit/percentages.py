"""Counts and percentages of people in free text and in text tables, checked against the group sizes
the text states ("4 orang (75%)", "75% cukup lancar … sebanyak 5 responden", a frequency table with a
Total row).

Three kinds of claim are found:

- ``count_percent``: a whole count with its percentage, "4 orang (75%)", "sebanyak 5 (100%)". The
  percentage must be k/n for some group size n; the sizes that fit are compared with those the
  text states ("10 responden", "5 orang", "n = 22").
- ``percent_of_n``: a percentage without a count in a sentence that states a group size ("75% cukup
  lancar dan 25% kurang lancar … sebanyak 5 responden"): some whole count of that n must give it.
- ``table_row``: a row of a frequency table printed as text (label, then count/percent pairs) under
  or above a "Total"/"Jumlah" row whose counts are the column sizes.

Percentages are checked exactly under half-up, half-even and truncation rounding (:mod:`grim`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from laktasi.audit.grim import check_percentage, percent_rules
from laktasi.audit.printed import Printed, parse_printed
from laktasi.audit.results import SubCheck
from laktasi.errors import Text

__all__ = ["PercentClaim", "check_percent_claim", "find_percentages", "stated_sizes"]

_PEOPLE = (r"orang|responden|ibu(?:\s+nifas|\s+menyusui|\s+post\s*partum)?|subjek|sampel|pasien|partisipan|"
           r"peserta|mothers?|women|respondents?|participants?|subjects|patients")
#: a whole number of people, possibly with a thousands separator ("1.250 responden", "n = 1,023")
_WHOLE = r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+"
# "5 orang" states a group; "4 orang (75%)" is a count with its percentage, not a group
_SIZE = re.compile(rf"(?<![\d.,])(?P<n>{_WHOLE})\s*(?:{_PEOPLE})\b(?!\s*\(\s*\d+(?:[.,]\d+)?\s*%)"
                   rf"|\b[nN]\s*=\s*(?P<n2>{_WHOLE})(?![.,]?\d)", re.I)
_COUNT_PCT = re.compile(
    rf"(?<![\d.,])(?P<count>{_WHOLE})\s*(?:(?:{_PEOPLE})\s*)?\(\s*(?P<pct>\d+(?:[.,]\d+)?)\s*%\s*\)", re.I)
_PCT = re.compile(r"(?<![\d.,])(?P<pct>\d+(?:[.,]\d+)?)\s*%")
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z0-9])")
_CELL = r"(?:\d+(?:[.,]\d+)?|[-–])"
_ROW = re.compile(rf"^\s*(?P<label>[A-Za-z][A-Za-z .()/']*?)\s+(?P<cells>{_CELL}(?:\s+{_CELL})+)\s*$")
_TOTAL = re.compile(r"^\s*(?:total|jumlah)\b", re.I)


@dataclass(frozen=True)
class PercentClaim:
    """One percentage found in the text, where, and what it is checked against."""

    kind: str  # "count_percent", "percent_of_n" or "table_row"
    start: int
    end: int
    quote: str
    percent: Printed
    count: int | None = None
    sizes: tuple[int, ...] = ()  # the group sizes it is checked against (percent_of_n, table_row)


def _whole(text: str) -> int:
    return int(re.sub(r"[.,]", "", text))


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans


def stated_sizes(text: str) -> dict[int, int]:
    """Group sizes the text states ("10 responden", "5 orang", "n = 22"): size → offset of first mention.

    >>> sorted(stated_sizes("10 responden: 5 orang intervensi dan 5 orang kontrol"))
    [5, 10]
    """
    out: dict[int, int] = {}
    for m in _SIZE.finditer(text):
        n = _whole(m.group("n") or m.group("n2"))
        if n > 0:
            out.setdefault(n, m.start())
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 600), start + 1) if m.end() <= start]
    s = before[-1] if before else max(0, start - 600)
    after = _SENTENCE_END.search(text, end, min(len(text), end + 600))
    return s, after.start() + 1 if after else min(len(text), end + 600)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _tables(text: str) -> list[PercentClaim]:
    """Rows of text tables with count/percent pairs, sized by the block's Total row."""
    spans = _line_spans(text)
    rows: list[tuple[int, re.Match[str]]] = []
    for i, (a, b) in enumerate(spans):
        m = _ROW.match(text[a:b])
        if m:
            rows.append((i, m))
    blocks: list[list[tuple[int, re.Match[str]]]] = []
    for i, m in rows:
        # a block goes on across blank lines (PDF text) but not across other text
        if blocks and all(not text[spans[j][0]:spans[j][1]].strip() for j in range(blocks[-1][-1][0] + 1, i)):
            blocks[-1].append((i, m))
        else:
            blocks.append([(i, m)])
    out: list[PercentClaim] = []
    for block in blocks:
        totals = [(i, m) for i, m in block if _TOTAL.match(m.group("label"))]
        if not totals:
            continue
        t_cells = totals[0][1].group("cells").split()
        if len(t_cells) % 2:
            continue
        sizes = [int(c) if c.isdigit() else None for c in t_cells[0::2]]
        for i, m in block:
            cells = m.group("cells").split()
            if len(cells) != len(t_cells) or _TOTAL.match(m.group("label")):
                continue
            for j in range(0, len(cells), 2):
                count, pct, n = cells[j], cells[j + 1], sizes[j // 2]
                if not count.isdigit() or n is None or pct in ("-", "–"):
                    continue
                a, b = spans[i]
                out.append(PercentClaim("table_row", a, b, _clean(text[a:b]), parse_printed(pct), int(count), (n,)))
    return out


def find_percentages(text: str) -> list[PercentClaim]:
    """Every count with its percentage, every percentage in a sentence that states a group size,
    and every row of a text frequency table with a Total row, in order of appearance.

    >>> [(c.kind, c.count, c.percent.text, c.sizes) for c in find_percentages("cukup lancar 4 orang (75%)")]
    [('count_percent', 4, '75', ())]
    >>> [(c.kind, c.percent.text, c.sizes) for c in find_percentages("75% cukup lancar dari 5 responden.")]
    [('percent_of_n', '75', (5,))]
    """
    out: list[PercentClaim] = []
    taken = bytearray(len(text) + 1)  # characters already part of a claim (linear time for long texts)
    for c in _tables(text):
        out.append(c)
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    for m in _COUNT_PCT.finditer(text):
        if taken[m.start()]:
            continue
        out.append(PercentClaim("count_percent", m.start(), m.end(), _clean(m.group(0)),
                                parse_printed(m.group("pct")), _whole(m.group("count"))))
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in _PCT.finditer(text):
        if taken[m.start()]:
            continue
        s, e = _sentence(text, m.start(), m.end())
        sizes = tuple(dict.fromkeys(_whole(x.group("n") or x.group("n2")) for x in _SIZE.finditer(text, s, e)))
        sizes = tuple(n for n in sizes if n > 0)
        if not sizes:
            continue  # a percentage of a population ("44% of infants worldwide"): nothing to check it against
        # the sentence, trimmed around the percentage and the group size, at word boundaries
        last_size = max(x.end() for x in _SIZE.finditer(text, s, e))
        a, b = max(s, m.start() - 60), min(e, max(m.end() + 100, last_size))
        while a > s and not text[a - 1].isspace():
            a -= 1
        while b < e and not text[b].isspace():
            b += 1
        quote = ("… " if a > s else "") + _clean(text[a:b]) + (" …" if b < e else "")
        out.append(PercentClaim("percent_of_n", m.start(), m.end(), quote, parse_printed(m.group("pct")), None, sizes))
    out.sort(key=lambda c: c.start)
    return out


def _possible_sizes(count: int, percent: Printed, limit: int = 10_000) -> list[int]:
    """Group sizes n ≥ count for which count/n prints as ``percent`` (any rounding rule).

    When more than ``limit`` sizes are in the bracket (a large count), neighbouring sizes give
    percentages closer together than the printed resolution, so some size fits: the ones around
    100·count/percent are returned, not all of them.
    """
    lo, hi = _size_bracket(count, percent)
    if lo > hi:
        return []
    if hi - lo > limit:
        # 0% has no centre: every n past 100·count/unit prints it, so the smallest ones are returned
        centre = round(100 * count / percent.value) if percent.value else lo + 3
        lo, hi = max(count, centre - 3), centre + 3
    return [n for n in range(lo, hi + 1) if percent_rules(count, n, percent)]


def _size_bracket(count: int, percent: Printed) -> tuple[int, int]:
    """A range of group sizes that holds every n with count/n printing as ``percent`` (empty: lo > hi)."""
    p = percent.value
    if p < 0:
        return (1, 0)
    half = Fraction(1, 10**percent.decimals)  # a generous bracket around the printed value
    lo = max(count, 1, math.floor(100 * count / (p + half)) - 1)
    hi = math.ceil(100 * count / (p - half)) + 1 if p > half else 10**18
    return lo, hi


def check_percent_claim(c: PercentClaim, stated: dict[int, int] | None = None) -> SubCheck:
    """Check one found percentage; ``stated`` are the group sizes the whole text mentions.

    >>> c = find_percentages("cukup lancar 4 orang (75%)")[0]
    >>> check_percent_claim(c, {5: 0}).verdict
    'impossible'
    """
    stated = stated or {}
    if c.kind in ("table_row", "percent_of_n"):
        checks = [check_percentage(n, c.percent, c.count) for n in c.sizes]
        good = [x for x in checks if x.verdict == "consistent"]
        if good or len(checks) == 1:
            chosen = good[0] if good else checks[0]
            return SubCheck("percentage", chosen.verdict, chosen.text, reported=c.quote, recomputed=chosen.recomputed,
                            source=c.quote)
        listed = ", ".join(str(n) for n in c.sizes)
        return SubCheck("percentage", "impossible", Text(
            f"{c.percent.text}% fits none of the group sizes stated in the sentence (n = {listed}).",
            f"{c.percent.text}% tidak sesuai dengan besar kelompok mana pun dalam kalimat itu (n = {listed})."),
            reported=c.quote, source=c.quote)
    assert c.count is not None
    k = c.count
    if k == 0:
        ok = c.percent.value == 0
        return SubCheck("percentage", "consistent" if ok else "impossible", Text(
            f'"{c.quote}": 0 people are 0% of any group.' if ok else f'"{c.quote}": 0 people cannot be {c.percent.text}%.',
            f'"{c.quote}": 0 orang adalah 0% dari kelompok mana pun.' if ok
            else f'"{c.quote}": 0 orang tidak mungkin {c.percent.text}%.'), reported=c.quote, source=c.quote)
    sizes = _possible_sizes(k, c.percent)
    if not sizes:
        near = [n for n in (math.floor(100 * k / float(c.percent.value)) if c.percent.value else k,
                            math.ceil(100 * k / float(c.percent.value)) if c.percent.value else k) if n >= max(k, 1)]
        near = sorted(set(near))
        near_en = " or ".join(f"{k}/{n} = {float(Fraction(100 * k, n)):.1f}%" for n in near)
        near_id = " atau ".join(f"{k}/{n} = {float(Fraction(100 * k, n)):.1f}%".replace(".", ",") for n in near)
        return SubCheck("percentage", "impossible", Text(
            f'"{c.quote}": {k} people cannot be {c.percent.text}% of any group (nearest: {near_en}).',
            f'"{c.quote}": {k} orang tidak mungkin {c.percent.text}% dari kelompok mana pun (terdekat: {near_id}).'),
            reported=c.quote, recomputed=[{"n": n, "percent": float(Fraction(100 * k, n))} for n in near],
            source=c.quote)
    lo, hi = _size_bracket(k, c.percent)
    both = [n for n in sorted(stated) if lo <= n <= hi and percent_rules(k, n, c.percent)]
    shown = ", ".join(str(n) for n in sizes[:5]) + (" …" if len(sizes) > 5 else "")
    if both:
        n = both[0]
        inner = check_percentage(n, c.percent, k)  # names the rounding rules that fit
        return SubCheck("percentage", "consistent", Text(
            f'"{c.quote}", with n = {n} (a group size the text states): {inner.text.en}',
            f'"{c.quote}", dengan n = {n} (besar kelompok yang disebut dalam teks): {inner.text.id}'),
            reported=c.quote, recomputed=inner.recomputed, source=c.quote)
    return SubCheck("percentage", "not_checkable", Text(
        f'"{c.quote}": {c.percent.text}% of {k} people implies a group of n = {shown}; the text states no group of '
        "that size to check it against.",
        f'"{c.quote}": {c.percent.text}% untuk {k} orang berarti kelompok n = {shown}; teks tidak menyebut '
        "kelompok sebesar itu untuk pembanding."),
        reported=c.quote, recomputed=[{"n": n} for n in sizes[:5]], source=c.quote)
