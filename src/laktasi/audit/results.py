"""Frozen results of the audit: one :class:`AuditEntry` per claim, sub-checks in ``details``.

An entry's verdict is the worst of its sub-checks (impossible > inconsistent > consistent >
not_checkable), so a reader sees at once what a paper got wrong; the sub-checks say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from laktasi.errors import Text, Warning_

Verdict = Literal["consistent", "inconsistent", "impossible", "not_checkable"]

_RANK: dict[str, int] = {"not_checkable": 0, "consistent": 1, "inconsistent": 2, "impossible": 3}

VERDICT_TEXT: dict[str, Text] = {
    "consistent": Text("consistent", "konsisten"),
    "inconsistent": Text("inconsistent", "tidak konsisten"),
    "impossible": Text("impossible", "tidak mungkin"),
    "not_checkable": Text("not checkable", "tidak dapat diperiksa"),
}


def worst(verdicts: list[Verdict] | tuple[Verdict, ...]) -> Verdict:
    """The most serious verdict; ``not_checkable`` only when nothing could be checked.

    >>> worst(["consistent", "impossible", "not_checkable"])
    'impossible'
    """
    if not verdicts:
        return "not_checkable"
    return max(verdicts, key=lambda v: _RANK[v])


@dataclass(frozen=True)
class Variant:
    """One standard way of recomputing a reported p-value, and whether it reproduces it.

    ``p_low``/``p_high`` span the p-values the *printed* statistic allows (rounding of the
    statistic, as statcheck does); for counts they are both ``p``. ``inappropriate`` says why
    this test does not suit the data (None when it does).
    """

    name: str
    label: Text
    p: float | None
    p_low: float | None = None
    p_high: float | None = None
    statistic: float | None = None
    df: float | None = None
    matches: bool = False
    inappropriate: Text | None = None
    note: Text | None = None

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "variant": self.name,
            "label": self.label.in_(lang),
            "p": self.p,
            "p_low": self.p_low,
            "p_high": self.p_high,
            "statistic": self.statistic,
            "df": self.df,
            "matches": self.matches,
            "appropriate": self.inappropriate is None,
            "note": " ".join(t.in_(lang) for t in (self.inappropriate, self.note) if t is not None) or None,
        }


@dataclass(frozen=True)
class SubCheck:
    """One check inside a claim (a p-value recomputation, a percentage, GRIM, a contradiction)."""

    check: str
    verdict: Verdict
    text: Text
    reported: Any = None
    recomputed: Any = None
    variants: tuple[Variant, ...] = ()
    source: str | None = None  # the text a statistic was extracted from

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check,
            "verdict": self.verdict,
            "reported": self.reported,
            "recomputed": self.recomputed,
            "message": self.text.in_(lang),
        }
        if self.source is not None:
            out["source"] = self.source
        if self.variants:
            out["variants"] = [v.to_json(lang) for v in self.variants]
        return out


@dataclass(frozen=True)
class AuditEntry:
    """The audit of one claim: its worst verdict, the headline sub-check, and all sub-checks."""

    id: str
    check: str
    verdict: Verdict
    text: Text
    reported: Any = None
    recomputed: Any = None
    details: tuple[SubCheck, ...] = ()
    warnings: tuple[Warning_, ...] = field(default=())
    #: for a claim found in free text: its 1-based line and the text quoted as found
    line: int | None = None
    quote: str | None = None

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The ``laktasi audit --json`` entry (design.md contract) plus ``warnings`` (and, for free
        text, ``line`` and ``quote``)."""
        out: dict[str, Any] = {
            "id": self.id,
            "check": self.check,
            "verdict": self.verdict,
            "reported": self.reported,
            "recomputed": self.recomputed,
            "message": self.text.in_(lang),
            "details": [d.to_json(lang) for d in self.details],
            "warnings": [w.to_json(lang) for w in self.warnings],
        }
        if self.line is not None:
            out["line"] = self.line
            out["quote"] = self.quote
        return out


def entry_from_checks(
    claim_id: str, kind: str, checks: list[SubCheck], warnings: list[Warning_] | None = None
) -> AuditEntry:
    """Summarise sub-checks into one entry led by the worst one (the first of equals)."""
    verdict = worst([c.verdict for c in checks])
    lead = next((c for c in checks if c.verdict == verdict), None)
    if lead is None:
        return AuditEntry(claim_id, kind, "not_checkable", Text("nothing to check", "tidak ada yang diperiksa"))
    return AuditEntry(
        id=claim_id,
        check=kind,
        verdict=verdict,
        text=lead.text,
        reported=lead.reported,
        recomputed=lead.recomputed,
        details=tuple(checks),
        warnings=tuple(warnings or ()),
    )
