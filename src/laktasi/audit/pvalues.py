"""Recompute p-values from printed test statistics (z, t, chi², F, r) and judge reported ones.

The rule is statcheck's (Nuijten et al. 2016, *Behav Res Methods* 48:1205): a printed statistic
such as ``t(28) = 2.20`` stands for any value in [2.195, 2.205]; the reported p is consistent
when some p-value from that interval prints as the reported one. Two-sided p-values are the
default; a one-sided reading (half the two-sided p) is offered as a named variant.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from scipy import stats

from laktasi.audit.printed import Printed, ReportedP
from laktasi.audit.results import SubCheck, Variant
from laktasi.errors import Text

ALPHA = 0.05


def fmt(x: float | None, lang: str, digits: int = 4) -> str:
    """A recomputed p or statistic for a message: 4 decimals, tiny values as ``< 0.0001``.

    >>> fmt(0.0625, "id")
    '0,0625'
    >>> fmt(1e-9, "en")
    '< 0.0001'
    """
    if x is None or not math.isfinite(x):
        return "—"
    floor = 10.0**-digits
    text = f"< {floor:.{digits}f}" if 0 < x < floor / 2 else f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "id" else text


def both(make: Callable[[str], str]) -> Text:
    """Build a :class:`Text` from one template function applied in English and Indonesian."""
    return Text(en=make("en"), id=make("id"))


def variant(
    name: str,
    label: Text,
    p: float | None,
    reported: ReportedP,
    *,
    p_low: float | None = None,
    p_high: float | None = None,
    statistic: float | None = None,
    df: float | None = None,
    inappropriate: Text | None = None,
    note: Text | None = None,
) -> Variant:
    """A recomputation, with ``matches`` set against the reported p."""
    low = p if p_low is None else p_low
    high = p if p_high is None else p_high
    ok = False
    if low is not None and high is not None and math.isfinite(low) and math.isfinite(high):
        ok = reported.matches(low, high)
    return Variant(
        name=name,
        label=label,
        p=p,
        p_low=low,
        p_high=high,
        statistic=statistic,
        df=df,
        matches=ok,
        inappropriate=inappropriate,
        note=note,
    )


def p_range_symmetric(printed: Printed, two_sided_p: Callable[[float], float]) -> tuple[float, float, float]:
    """(p, p_low, p_high) for a two-sided p of a statistic symmetric around 0 (z, t, r)."""
    lo, hi = printed.bounds()
    x = abs(float(printed.value))
    a_max = max(abs(lo), abs(hi))
    a_min = 0.0 if lo <= 0.0 <= hi else min(abs(lo), abs(hi))
    return two_sided_p(x), two_sided_p(a_max), two_sided_p(a_min)


def p_range_upper(printed: Printed, upper_p: Callable[[float], float]) -> tuple[float, float, float]:
    """(p, p_low, p_high) for an upper-tail p of a non-negative statistic (chi², F)."""
    lo, hi = printed.bounds()
    return upper_p(float(printed.value)), upper_p(hi), upper_p(max(lo, 0.0))


def _p_span(v: Variant, lang: str) -> str:
    """``p = 0.0553`` plus, when the printed statistic's rounding matters, the range it allows."""
    shown = fmt(v.p, lang)
    text = f"p {shown}" if shown.startswith("<") else f"p = {shown}"
    if v.p_low is not None and v.p_high is not None and fmt(v.p_low, lang) != fmt(v.p_high, lang):
        text += f", {fmt(v.p_low, lang)}–{fmt(v.p_high, lang)}" + (
            " dari pembulatan angka yang dicetak" if lang == "id" else " over the rounding of the printed numbers")
    return text


def judge_p(
    check: str,
    reported: ReportedP,
    variants: Sequence[Variant],
    *,
    source: str | None = None,
    unavailable: Text | None = None,
) -> SubCheck:
    """Verdict on a reported p given the standard recomputations (the first is the recommended one).

    consistent when a variant reproduces it (naming the variant, and warning when only tests
    unsuited to the data do); inconsistent when none does.
    """
    usable = [v for v in variants if v.p is not None and math.isfinite(v.p)]
    if not usable:
        reason = unavailable or Text("no p-value can be recomputed from these numbers",
                                     "nilai p tidak dapat dihitung ulang dari angka ini")
        return SubCheck(check, "not_checkable", reason, reported=reported.text, variants=tuple(variants),
                        source=source)
    zero_note = Text(
        ' "p = 0.000" is not a p-value: a p-value is never 0; report p < 0.001.',
        ' "p = 0,000" bukan nilai p: nilai p tidak pernah 0; tulis p < 0,001.',
    ) if reported.zero else Text("", "")
    first = usable[0]
    matched = [v for v in usable if v.matches]
    if matched:
        good = [v for v in matched if v.inappropriate is None]
        chosen = good[0] if good else matched[0]
        names_en = "; ".join(v.label.en for v in (good or matched))
        names_id = "; ".join(v.label.id for v in (good or matched))
        if good:
            text = Text(
                f"p {reported.shown} is reproduced by {names_en} ({_p_span(chosen, 'en')}).{zero_note.en}",
                f"p {reported.shown} dihasilkan oleh {names_id} ({_p_span(chosen, 'id')}).{zero_note.id}",
            )
        else:
            why = chosen.inappropriate or Text("", "")
            text = Text(
                f"p {reported.shown} is reproduced only by {names_en} ({_p_span(chosen, 'en')}), "
                f"which does not suit these data: {why.en}{zero_note.en}",
                f"p {reported.shown} hanya dihasilkan oleh {names_id} ({_p_span(chosen, 'id')}), "
                f"yang tidak sesuai untuk data ini: {why.id}{zero_note.id}",
            )
        return SubCheck(check, "consistent", text, reported=reported.text, recomputed=chosen.p,
                        variants=tuple(variants), source=source)
    decision = ""
    decision_id = ""
    sig = reported.significant(ALPHA)
    if sig is not None and first.p is not None and (first.p < ALPHA) != sig:
        decision = " The conclusion about significance at 0.05 changes."
        decision_id = " Kesimpulan kemaknaan pada 0,05 berubah."
    note = first.note or Text("", "")
    text = Text(
        f"No standard test reproduces p {reported.shown}: {first.label.en} gives {_p_span(first, 'en')}"
        f"{'; ' + note.en if note.en else '.'}{decision}{zero_note.en}",
        f"Tidak ada uji standar yang menghasilkan p {reported.shown}: {first.label.id} memberi "
        f"{_p_span(first, 'id')}{'; ' + note.id if note.id else '.'}{decision_id}{zero_note.id}",
    )
    return SubCheck(check, "inconsistent", text, reported=reported.text, recomputed=first.p,
                    variants=tuple(variants), source=source)


def _impossible(check: str, reported: ReportedP, why: Text, source: str | None) -> SubCheck:
    return SubCheck(check, "impossible", why, reported=reported.text, source=source)


def _sided(
    base: str, label: Text, printed: Printed, reported: ReportedP, two_sided: Callable[[float], float],
    df: float | None,
) -> list[Variant]:
    p, lo, hi = p_range_symmetric(printed, two_sided)
    stat = float(printed.value)
    return [
        variant(f"{base}_two_sided", Text(f"{label.en}, two-sided", f"{label.id}, dua sisi"), p, reported,
                p_low=lo, p_high=hi, statistic=stat, df=df),
        variant(f"{base}_one_sided", Text(f"{label.en}, one-sided", f"{label.id}, satu sisi"), p / 2, reported,
                p_low=lo / 2, p_high=hi / 2, statistic=stat, df=df),
    ]


def check_z(z: Printed, reported: ReportedP, source: str | None = None) -> SubCheck:
    """Check a reported p against a printed z (standard normal).

    >>> from laktasi.audit.printed import parse_printed, parse_reported_p
    >>> check_z(parse_printed("-2.42"), parse_reported_p("0.016")).verdict  # statcheck's test suite
    'consistent'
    """
    vs = _sided("z", Text("z test", "uji z"), z, reported, lambda a: float(2 * stats.norm.sf(a)), None)
    return judge_p("p_value", reported, vs, source=source)


def check_t(t: Printed, df: float, reported: ReportedP, source: str | None = None) -> SubCheck:
    """Check a reported p against a printed t with ``df`` degrees of freedom (Student's t).

    >>> from laktasi.audit.printed import parse_printed, parse_reported_p
    >>> check_t(parse_printed("2.20"), 28, parse_reported_p(".03")).verdict  # p = .036
    'inconsistent'
    """
    if not df > 0:
        return _impossible("p_value", reported, Text(f"degrees of freedom must be positive, not {df:g}",
                                                     f"derajat bebas harus positif, bukan {df:g}"), source)
    vs = _sided("t", Text("t test", "uji t"), t, reported, lambda a: float(2 * stats.t.sf(a, df)), df)
    return judge_p("p_value", reported, vs, source=source)


def check_r(r: Printed, df: float, reported: ReportedP, source: str | None = None) -> SubCheck:
    """Check a reported p against a printed Pearson r with ``df`` = n − 2 (t = r√(df/(1−r²)); Fisher 1915).

    >>> from laktasi.audit.printed import parse_printed, parse_reported_p
    >>> check_r(parse_printed(".22"), 28, parse_reported_p(".26")).verdict  # statcheck's test suite: p = .243
    'inconsistent'
    """
    lo, hi = r.bounds()
    if abs(float(r.value)) > 1 or not df > 0:
        why = Text(f"a correlation lies between -1 and 1 with positive df (r = {r.text}, df = {df:g})",
                   f"korelasi terletak antara -1 dan 1 dengan df positif (r = {r.text}, df = {df:g})")
        return _impossible("p_value", reported, why, source)

    def two_sided(a: float) -> float:
        a = min(a, 1.0)
        if a >= 1.0:
            return 0.0
        return float(2 * stats.t.sf(a * math.sqrt(df / (1 - a * a)), df))

    vs = _sided("r", Text("correlation t test", "uji t korelasi"), r, reported, two_sided, df)
    return judge_p("p_value", reported, vs, source=source)


def check_chi2(x: Printed, df: float, reported: ReportedP, source: str | None = None) -> SubCheck:
    """Check a reported p against a printed chi-square statistic (upper tail; Pearson 1900).

    >>> from laktasi.audit.printed import parse_printed, parse_reported_p
    >>> check_chi2(parse_printed("22.20"), 28, parse_reported_p(".77")).verdict  # p = .772
    'consistent'
    """
    if float(x.value) < 0 or not df > 0:
        why = Text(f"a chi-square statistic is ≥ 0 with positive df (χ² = {x.text}, df = {df:g})",
                   f"statistik chi-square ≥ 0 dengan df positif (χ² = {x.text}, df = {df:g})")
        return _impossible("p_value", reported, why, source)
    p, lo, hi = p_range_upper(x, lambda a: float(stats.chi2.sf(a, df)))
    vs = [variant("chi2_upper", Text("chi-square test", "uji chi-square"), p, reported, p_low=lo, p_high=hi,
                  statistic=float(x.value), df=df)]
    return judge_p("p_value", reported, vs, source=source)


def check_f(x: Printed, df1: float, df2: float, reported: ReportedP, source: str | None = None) -> SubCheck:
    """Check a reported p against a printed F statistic (upper tail; Snedecor's F).

    >>> from laktasi.audit.printed import parse_printed, parse_reported_p
    >>> check_f(parse_printed("2.20"), 2, 28, parse_reported_p(".15")).verdict  # statcheck: p = .130
    'inconsistent'
    """
    if float(x.value) < 0 or not (df1 > 0 and df2 > 0):
        why = Text(f"an F statistic is ≥ 0 with positive df (F = {x.text}, df = {df1:g}, {df2:g})",
                   f"statistik F ≥ 0 dengan df positif (F = {x.text}, df = {df1:g}, {df2:g})")
        return _impossible("p_value", reported, why, source)
    p, lo, hi = p_range_upper(x, lambda a: float(stats.f.sf(a, df1, df2)))
    vs = [variant("f_upper", Text("F test", "uji F"), p, reported, p_low=lo, p_high=hi,
                  statistic=float(x.value), df=df1)]
    return judge_p("p_value", reported, vs, source=source)
