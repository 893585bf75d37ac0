"""Find reported statistics in free text (English or Indonesian) and check them, statcheck-style.

Recognised: ``t(df) = x``, ``F(df1, df2) = x``, ``χ²(df) = x`` (also ``chi2``, ``X2``, ``x²``),
``r(df) = x``, ``Z = x`` — each followed by its p — and p-values on their own (``p = 0,003``,
``p-value 0.016``, ``nilai p sebesar 0,016``, ``P kurang dari 0,05``). Decimal commas are read
(``p=0,003``), and thousands separators by the claim's own locale: "t(1,023) = 2.10" has
df = 1023, "χ²(1, N = 1.250) = 4,20" N = 1250. Beside recomputing p (Nuijten et al. 2016), the text is checked against itself:
a value followed by a contradicting bound ("0,003 (p > 0,05)"), and a p called significant
(*signifikan*, *bermakna*, *H0 ditolak*) when p > 0.05, or not significant when p < 0.05.
``p = 0.000`` is flagged: a p-value is never zero.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from laktasi.audit.printed import Printed, ReportedP, parse_printed, parse_reported_p
from laktasi.audit.pvalues import ALPHA, check_chi2, check_f, check_r, check_t, check_z
from laktasi.audit.results import SubCheck
from laktasi.errors import Text, Warning_

NUM = r"[-−–]?\s?(?:\d+(?:[.,]\d+)?|[.,]\d+)"
DF = r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?"
#: a sample size, possibly with a thousands separator ("N = 1.250", "N = 1,250")
N_SIZE = r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+"
EQ = r"\s*(?:=|:|adalah|sebesar|of|is)\s*"
REL = r"<=|>=|=<|=>|≤|≥|<|>|=|kurang\s+dari|lebih\s+kecil\s+dari|lebih\s+besar\s+dari|lebih\s+dari"

_STATS = [
    ("t", re.compile(rf"\bt\s*\(\s*(?P<df1>{DF})\s*\){EQ}(?P<x>{NUM})", re.I)),
    ("f", re.compile(rf"\bF\s*\(\s*(?P<df1>\d+(?:\.\d+)?)\s*[,;]\s*(?P<df2>{DF})\s*\){EQ}(?P<x>{NUM})")),
    ("chi2", re.compile(
        rf"(?:χ\s*[²2]|chi\s*-?\s*(?:2|²|square|squared|kuadrat)|\bX\s*(?:2|²|\^2))\s*"
        rf"\(\s*(?P<df1>{DF})(?:\s*[,;]\s*[Nn]\s*=\s*(?:{N_SIZE}))?\s*\){EQ}(?P<x>{NUM})", re.I)),
    ("r", re.compile(rf"\br\s*\(\s*(?P<df1>{DF})\s*\){EQ}(?P<x>{NUM})")),
    # SPSS-style wording common in Indonesian theses: "t hitung = 4,25; df = 29", "χ² = 6,77, df = 2"
    ("t", re.compile(rf"\bt(?:[\s-]*(?:hitung|value|statistic))?{EQ}(?P<x>{NUM})\s*[,;(]?\s*(?:df|db|dk){EQ}"
                     rf"(?P<df1>{DF})", re.I)),
    ("chi2", re.compile(
        rf"(?:χ\s*[²2]|chi\s*-?\s*(?:2|²|square|squared|kuadrat)|\bX\s*(?:2|²|\^2))(?:[\s-]*hitung)?{EQ}"
        rf"(?P<x>{NUM})\s*[,;(]?\s*(?:df|db|dk){EQ}(?P<df1>{DF})", re.I)),
    ("z", re.compile(rf"(?<![\w])[Zz](?:[\s-]*(?:score|hitung|value))?\s*(?:=|:|adalah|sebesar|of|is)\s*(?P<x>{NUM})")),
]
_P = re.compile(
    rf"(?<![\w])(?P<nilai>nilai\s+)?(?:[pP](?P<value>[\s-]*value)?|(?P<sig>(?:Asymp\.?\s*)?Sig\.?))"
    rf"(?:\s*\(\s*[12]-tailed\s*\))?"
    rf"(?:\s*(?:adalah|sebesar|of|is|:))?\s*(?P<rel>{REL})?\s*(?P<num>{NUM})(?![\w.,]?\d)"
)
_BOUND_AFTER = re.compile(rf"^\s*\(\s*[pP]\s*(?P<rel>{REL})\s*(?P<num>{NUM})\s*\)")
_SIG = re.compile(
    r"(?P<neg>\btidak\s+(?:signifikan|bermakna)|\bnot\s+(?:statistically\s+)?significant|\bnon-?significant"
    r"|\binsignificant|\bno\s+(?:statistically\s+)?significant|\bH[o0]\s+diterima)"
    r"|(?P<pos>\bsignifikan|\bbermakna|\bsignificant(?:ly)?|\bH[o0]\s+ditolak)",
    re.I,
)
_ID_REL = {"kurang dari": "<", "lebih kecil dari": "<", "lebih besar dari": ">", "lebih dari": ">"}


@dataclass(frozen=True)
class Extracted:
    """One statistic (or bare p-value) found in the text, with where it was found."""

    kind: str  # "t", "f", "chi2", "r", "z" or "p"
    raw: str
    start: int
    end: int
    statistic: Printed | None
    df1: float | None
    df2: float | None
    p: ReportedP | None


def _rel(text: str | None) -> str:
    if not text:
        return "="
    key = re.sub(r"\s+", " ", text.strip().lower())
    return _ID_REL.get(key, key)


def _p_at(m: re.Match[str]) -> ReportedP | None:
    if not (m.group("rel") or m.group("value") or m.group("nilai") or m.group("sig")
            or re.search(r"adalah|sebesar|:", m.group(0))):
        return None
    try:
        return parse_reported_p(_rel(m.group("rel")) + m.group("num").replace(" ", ""))
    except ValueError:
        return None


def _num(text: str) -> float:
    return float(parse_printed(text).value)


def _decimal_mark(*numbers: str | None) -> str | None:
    """The decimal mark a claim uses, from its other numbers ("2.10", ".036" → "."; "4,20" → ",")."""
    for n in numbers:
        m = re.search(r"\d?([.,])\d", n or "")
        if m:
            return m.group(1)
    return None


def _df(text: str, mark: str | None) -> float:
    """A degrees-of-freedom value read by locale: "1,023" is 1023 when the claim's decimals use "."
    (and "1.023" is 1023 when they use ","); with no other decimal in the claim, a separator followed
    by exactly three digits is read as thousands too, since a df of 1.023 is rarer than 1,023."""
    m = re.fullmatch(r"\d{1,3}(?:([.,])\d{3})+", text.strip())
    if m and m.group(1) != mark:
        return float(re.sub(r"[.,]", "", text))
    return _num(text)


def extract(text: str) -> list[Extracted]:
    """All reported statistics in ``text``, in order of appearance.

    >>> [(e.kind, e.p.shown if e.p else None) for e in extract("t(28) = 2.20, p = .03; nilai p=0,003")]
    [('t', '= .03'), ('p', '= 0,003')]
    """
    stat_hits: list[tuple[int, int, str, re.Match[str]]] = []
    in_stat = bytearray(len(text) + 1)  # characters inside a statistic already found (linear, not quadratic)
    for kind, rx in _STATS:
        for m in rx.finditer(text):
            if in_stat[m.start()]:
                continue
            stat_hits.append((m.start(), m.end(), kind, m))
            in_stat[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    stat_hits.sort()
    p_hits = [(m, _p_at(m)) for m in _P.finditer(text)]
    p_hits = [(m, p) for m, p in p_hits if p is not None and not in_stat[m.start()]]
    p_starts = [m.start() for m, _ in p_hits]
    used: set[int] = set()
    out: list[Extracted] = []
    for i, (start, end, kind, m) in enumerate(stat_hits):
        nxt = stat_hits[i + 1][0] if i + 1 < len(stat_hits) else len(text)
        j0 = bisect.bisect_left(p_starts, end)
        pair = next(((j, p_hits[j][0], p_hits[j][1]) for j in range(j0, len(p_hits))
                     if p_starts[j] < min(nxt, end + 80) and j not in used), None)
        rp = None
        stop = end
        ns = re.match(r"\s*[,;]?\s*\(?\s*(?:ns|n\.s\.)(?!\w)", text[end:])
        if pair is None and ns is not None:  # "t(28) = 1.20, ns": statcheck reads ns as p > .05
            rp = parse_reported_p("ns")
            stop = end + ns.end()
        elif pair is not None:
            used.add(pair[0])
            rp = pair[2]
            stop = pair[1].end()
        mark = _decimal_mark(m.group("x"), rp.number if rp is not None else None)
        df1 = _df(m.group("df1"), mark) if "df1" in m.groupdict() else None
        df2 = _df(m.group("df2"), mark) if "df2" in m.groupdict() and m.group("df2") else None
        stat = parse_printed(m.group("x").replace(" ", ""))
        out.append(Extracted(kind, " ".join(text[start:stop].split()), start, stop, stat, df1, df2, rp))
    for j, (pm, p) in enumerate(p_hits):
        if j not in used:
            out.append(Extracted("p", " ".join(pm.group(0).split()), pm.start(), pm.end(), None, None, None, p))
    out.sort(key=lambda e: e.start)
    # "p = 0,001 (p < 0,05)": the bound in brackets belongs to the value before it, not a new result
    return [e for i, e in enumerate(out)
            if not (i and e.kind == "p" and re.fullmatch(r"\s*\(\s*", text[out[i - 1].end:e.start]))]


def _bound_contradiction(text: str, item: Extracted, number: Printed, where: int) -> SubCheck | None:
    """"0,003 (p > 0,05)": a value followed by a bound it does not satisfy."""
    m = _BOUND_AFTER.match(text[where:])
    if not m:
        return None
    shown = f"{number.text} ({m.group(0).strip()[1:-1].strip()})"
    return _bound_check(number, _rel(m.group("rel")), m.group("num").strip(), shown, item.raw)


def _bound_check(number: Printed, rel: str, bound_text: str, shown: str, source: str) -> SubCheck:
    bound = _num(bound_text)
    x = float(number.value)
    holds = {"<": x < bound, "<=": x <= bound, "≤": x <= bound, ">": x > bound, ">=": x >= bound,
             "≥": x >= bound, "=<": x <= bound, "=>": x >= bound, "=": x == bound}.get(rel, True)
    if holds:
        return SubCheck("bound", "consistent", Text(f"{shown}: the value agrees with its stated bound.",
                                                    f"{shown}: nilai sesuai dengan batas yang disebut."),
                        reported=shown, source=source)
    return SubCheck("contradiction", "inconsistent",
                    Text(f"{shown} contradicts itself: {number.text} is not p {rel} {bound_text}.",
                         f"{shown} bertentangan: {number.text} bukan p {rel} {bound_text}."),
                    reported=shown, source=source)


def _significance(text: str, item: Extracted, p: ReportedP, stop: int, back: int) -> SubCheck | Warning_ | None:
    """A p called significant (or not) against what its value says, at alpha 0.05.

    The word after the result counts first ("p = 0,003 … signifikan"); failing that, the
    nearest one before it in the same clause ("tidak bermakna (p = 0,01)").
    """
    m = _SIG.search(text[item.end:stop])
    if not m:
        before = list(_SIG.finditer(text[back:item.start]))
        m = before[-1] if before else None
    if not m:
        return None
    called_sig = m.group("pos") is not None
    word = m.group(0)
    if p.relation == "=" and p.value == ALPHA and called_sig:
        # p = 0,05 "signifikan": only under p ≤ α, and a printed 0,05 may be 0.046 rounded; the usual
        # rule (p < α) says not significant — a note, not a contradiction
        return Warning_("significance_at_alpha", Text(
            f'p {p.shown} is called "{word}": that holds only under p ≤ {ALPHA}; the usual rule is p < {ALPHA}, '
            "under which p = 0.05 is not significant (unless the unrounded p was below 0.05).",
            f'p {p.shown} disebut "{word}": itu hanya berlaku bila p ≤ 0,05; aturan yang lazim adalah p < 0,05, '
            "sehingga p = 0,05 tidak bermakna (kecuali nilai p sebelum dibulatkan di bawah 0,05)."))
    actually = p.significant(ALPHA)
    if p.relation in (">", ">=") and p.value >= ALPHA:
        actually = False
    if actually is None or actually == called_sig:
        return None
    if called_sig:
        msg = Text(f'p {p.shown} is called "{word}", but p > {ALPHA} is not significant.',
                   f'p {p.shown} disebut "{word}", padahal p > {ALPHA:.2f} tidak bermakna.'.replace("0.05", "0,05"))
    else:
        msg = Text(f'p {p.shown} is called "{word}", but p < {ALPHA} is significant.',
                   f'p {p.shown} disebut "{word}", padahal p < 0,05 bermakna.')
    return SubCheck("contradiction", "inconsistent", msg, reported=f"p {p.shown}; {word}", source=item.raw)


def check_extracted(text: str, item: Extracted, stop: int, back: int | None = None
                    ) -> tuple[list[SubCheck], list[Warning_]]:
    """The sub-checks for one extracted item; ``back``..``stop`` is the stretch of text that belongs to it."""
    checks: list[SubCheck] = []
    warnings: list[Warning_] = []
    p = item.p
    if item.statistic is not None and p is not None:
        x, src = item.statistic, item.raw
        if item.kind == "t" and item.df1 is not None:
            checks.append(check_t(x, item.df1, p, src))
        elif item.kind == "f" and item.df1 is not None and item.df2 is not None:
            checks.append(check_f(x, item.df1, item.df2, p, src))
        elif item.kind == "chi2" and item.df1 is not None:
            checks.append(check_chi2(x, item.df1, p, src))
        elif item.kind == "r" and item.df1 is not None:
            checks.append(check_r(x, item.df1, p, src))
        elif item.kind == "z":
            checks.append(check_z(x, p, src))
    elif p is not None:
        checks.append(SubCheck("p_value", "not_checkable",
                               Text(f"p {p.shown} is given without a test statistic or data to recompute it from.",
                                    f"p {p.shown} dilaporkan tanpa statistik uji atau data untuk menghitung ulang."),
                               reported=p.text, source=item.raw))
    else:
        checks.append(SubCheck("p_value", "not_checkable",
                               Text("a test statistic without its p-value", "statistik uji tanpa nilai p"),
                               reported=item.raw, source=item.raw))
    if p is not None:
        if p.zero:
            warnings.append(Warning_("p_zero", Text(
                f'"{item.raw}": p = 0.000 is not a p-value (a p-value is never 0); report p < 0.001.',
                f'"{item.raw}": p = 0,000 bukan nilai p (nilai p tidak pernah 0); tulis p < 0,001.')))
        number = parse_printed(p.number) if p.number else None
        if number is not None:
            bound = _bound_contradiction(text, item, number, item.end)
            if bound is not None:
                checks.append(bound)
        sig = _significance(text, item, p, stop, item.start if back is None else back)
        if isinstance(sig, Warning_):
            warnings.append(sig)
        elif sig is not None:
            checks.append(sig)
    return checks, warnings


def _sentence_stop(text: str, start: int, limit: int) -> int:
    """Where the claim's sentence ends: a full stop followed by a space and a capital.

    Blank lines do not end it: text copied from PDFs breaks sentences across them.
    """
    m = re.search(r"\.\s+(?=[A-Z])", text[start:limit])
    return start + m.start() if m else limit


def audit_text_items(text: str) -> list[tuple[Extracted, list[SubCheck], list[Warning_]]]:
    """Every extracted item with its sub-checks, plus items for bare bounds after a number.

    A bare bound such as the "(p>0,05)" in "nilai T test 0,003 (p>0,05) … signifikan" is
    itself extracted as ``p > 0,05``; its preceding number is checked against it.
    """
    items = extract(text)
    out: list[tuple[Extracted, list[SubCheck], list[Warning_]]] = []
    for i, item in enumerate(items):
        prev = out[-1][0] if out else None
        if (prev is not None and prev.p is not None and prev.p.relation == "=" and item.kind == "p"
                and item.p is not None and item.p.relation != "=" and item.start - prev.end < 40
                and not re.search(r"\.\s", text[prev.end:item.start])):
            # "P sebesar 0,016, yang berarti P kurang dari 0,05": a bound restating the p before it
            number = parse_printed(prev.p.number)
            shown = f"{prev.p.number}; {item.raw}"
            out[-1][1].append(_bound_check(number, item.p.relation, item.p.number, shown, item.raw))
            continue
        nxt = items[i + 1].start if i + 1 < len(items) else len(text)
        stop = _sentence_stop(text, item.end, min(nxt, item.end + 300))
        back = max(prev.end if prev is not None else 0, item.start - 150)
        boundaries = list(re.finditer(r"\.\s+(?=[A-Z])", text[back:item.start]))
        if boundaries:
            back += boundaries[-1].end()
        checks, warnings = check_extracted(text, item, stop, back)
        if item.kind == "p" and item.p is not None and item.p.relation != "=":
            before = re.search(rf"(?P<num>{NUM})\s*\(\s*$", text[max(0, item.start - 40):item.start])
            if before:
                number = parse_printed(before.group("num").replace(" ", ""))
                bound = _bound_contradiction(text, item, number, item.start - (len(before.group(0))
                                                                               - len(before.group("num"))))
                if bound is not None and bound.verdict == "inconsistent":
                    checks.insert(0, bound)
        out.append((item, checks, warnings))
    return out
