"""The result of analysing one study — the contract between ``trial`` and ``report``/``cli``/``web``.

``StudyAnalysis.to_json()`` produces the ``laktasi analyze --json`` document of design.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from laktasi.errors import Problem, Text, Warning_
from laktasi.stats.ancova import AncovaReport
from laktasi.stats.results import Effect, TestResult
from laktasi.stats.spss import SpssFigures
from laktasi.trial.posthoc import PairwiseComparison

OutcomeKind = Literal["continuous", "ordinal", "binary", "nominal"]
Scope = str  # an arm value as in the data, or "between"
Comparison = Literal["pre_post", "post", "change"]


def _cut(x: float, lang: str) -> str:
    """A cut-point as a person writes it: ``10``, ``7,5`` (id) / ``7.5`` (en)."""
    text = f"{x:g}"
    return text.replace(".", ",") if lang == "id" else text


@dataclass(frozen=True)
class ClassificationRule:
    """Derives a category from a measurement or a score.

    Two forms:

    * cut-points (a measurement such as volume in ml): ``levels[i]`` for
      ``cutpoints[i-1] <= x < cutpoints[i]``; by construction there are no gaps;
    * score ranges (an adequacy-sign score): ``levels[i]`` for ``ranges[i][0] <= x <= ranges[i][1]``,
      inclusive, over the integer scores ``score_range[0] .. score_range[1]``; :meth:`check`
      reports scores no level covers (gaps) and scores two levels cover (overlaps).

    >>> rule = ClassificationRule("k", "volume", ("kurang lancar", "cukup lancar", "lancar"), (10.0, 20.0), "ml")
    >>> rule.describe("en")
    'k from volume (ml): < 10 → kurang lancar; 10 to < 20 → cukup lancar; ≥ 20 → lancar'
    """

    name: str
    source: str  # outcome it is computed from
    levels: tuple[str, ...]
    cutpoints: tuple[float, ...] = ()
    unit: str = ""
    ranges: tuple[tuple[float, float], ...] = ()  # inclusive score range per level (score rules)
    score_range: tuple[float, float] | None = None  # every possible score, for the gap check

    @property
    def kind(self) -> Literal["cutpoints", "score"]:
        return "score" if self.ranges else "cutpoints"

    def check(self) -> list[Text]:
        """Everything wrong with the rule itself (empty when it classifies every possible value once)."""
        out: list[Text] = []
        if len(set(self.levels)) != len(self.levels) or len(self.levels) < 2:
            out.append(Text(en=f"rule {self.name!r}: needs at least two different levels",
                            id=f"aturan {self.name!r}: perlu sedikitnya dua kategori yang berbeda"))
        if self.kind == "cutpoints":
            if len(self.cutpoints) != len(self.levels) - 1:
                out.append(Text(
                    en=f"rule {self.name!r}: {len(self.levels)} levels need {len(self.levels) - 1} cut-points, "
                       f"got {len(self.cutpoints)}",
                    id=f"aturan {self.name!r}: {len(self.levels)} kategori memerlukan {len(self.levels) - 1} "
                       f"titik potong, tertulis {len(self.cutpoints)}"))
            if any(b <= a for a, b in zip(self.cutpoints, self.cutpoints[1:], strict=False)):
                out.append(Text(en=f"rule {self.name!r}: cut-points must increase strictly (overlap)",
                                id=f"aturan {self.name!r}: titik potong harus naik (tumpang tindih)"))
            return out
        if len(self.ranges) != len(self.levels):
            out.append(Text(en=f"rule {self.name!r}: one score range per level is needed",
                            id=f"aturan {self.name!r}: setiap kategori memerlukan satu rentang skor"))
            return out
        for level, (lo, hi) in zip(self.levels, self.ranges, strict=True):
            if lo > hi:
                out.append(Text(en=f"rule {self.name!r}: range of {level!r} runs backwards ({_cut(lo, 'en')}–"
                                   f"{_cut(hi, 'en')})",
                                id=f"aturan {self.name!r}: rentang {level!r} terbalik ({_cut(lo, 'id')}–"
                                   f"{_cut(hi, 'id')})"))
        if self.score_range is None:
            out.append(Text(en=f"rule {self.name!r}: give score_range (lowest and highest possible score) "
                               "so gaps can be checked",
                            id=f"aturan {self.name!r}: tuliskan score_range (skor terendah dan tertinggi yang "
                               "mungkin) agar celah dapat diperiksa"))
            return out
        lo_all, hi_all = self.score_range
        scores = np.arange(math.ceil(lo_all), math.floor(hi_all) + 1)
        cover = np.zeros(scores.size, dtype=int)
        for lo, hi in self.ranges:
            cover += (scores >= lo) & (scores <= hi)
        gaps = [int(s) for s in scores[cover == 0]]
        overlaps = [int(s) for s in scores[cover > 1]]
        if gaps:
            out.append(Text(en=f"rule {self.name!r}: score(s) {gaps} fall in no level (gap)",
                            id=f"aturan {self.name!r}: skor {gaps} tidak masuk kategori mana pun (celah)"))
        if overlaps:
            out.append(Text(en=f"rule {self.name!r}: score(s) {overlaps} fall in more than one level (overlap)",
                            id=f"aturan {self.name!r}: skor {overlaps} masuk lebih dari satu kategori "
                               "(tumpang tindih)"))
        outside = [(lvl, r) for lvl, r in zip(self.levels, self.ranges, strict=True)
                   if r[0] < lo_all or r[1] > hi_all]
        for level, _r in outside:
            out.append(Text(en=f"rule {self.name!r}: range of {level!r} lies outside the possible scores",
                            id=f"aturan {self.name!r}: rentang {level!r} di luar skor yang mungkin"))
        return out

    def classify(self, values: pd.Series) -> pd.Series:
        """An ordered categorical with this rule's levels (missing stays missing)."""
        x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        codes = np.full(x.size, -1, dtype=np.intp)
        ok = ~np.isnan(x)
        if self.kind == "cutpoints":
            codes[ok] = np.searchsorted(np.asarray(self.cutpoints, dtype=float), x[ok], side="right")
        else:
            for i, (lo, hi) in enumerate(self.ranges):
                codes[ok & (x >= lo) & (x <= hi) & (codes < 0)] = i
        cat = pd.Categorical.from_codes(codes, categories=pd.Index(list(self.levels)), ordered=True)
        return pd.Series(cat, index=values.index, name=self.name)

    def describe(self, lang: str = "en") -> str:
        """The rule in one line, as printed in the report."""
        unit = f" ({self.unit})" if self.unit else ""
        head = f"{self.name} {'dari' if lang == 'id' else 'from'} {self.source}{unit}: "
        parts: list[str] = []
        if self.kind == "cutpoints":
            cuts = self.cutpoints
            to = "sampai" if lang == "id" else "to"
            for i, level in enumerate(self.levels):
                if i == 0:
                    cond = f"< {_cut(cuts[0], lang)}"
                elif i == len(self.levels) - 1:
                    cond = f"≥ {_cut(cuts[-1], lang)}"
                else:
                    cond = f"{_cut(cuts[i - 1], lang)} {to} < {_cut(cuts[i], lang)}"
                parts.append(f"{cond} → {level}")
        else:
            for level, (lo, hi) in zip(self.levels, self.ranges, strict=True):
                parts.append(f"{_cut(lo, lang)}–{_cut(hi, lang)} → {level}")
            if self.score_range is not None:
                word = "skor yang mungkin" if lang == "id" else "possible scores"
                parts.append(f"{word} {_cut(self.score_range[0], lang)}–{_cut(self.score_range[1], lang)}")
        return head + "; ".join(parts)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {"name": self.name, "from": self.source, "kind": self.kind, "levels": list(self.levels),
                "cutpoints": list(self.cutpoints), "ranges": [list(r) for r in self.ranges],
                "score_range": list(self.score_range) if self.score_range else None,
                "unit": self.unit, "text": self.describe(lang)}


@dataclass(frozen=True)
class Outcome:
    name: str  # base name: "volume" for volume_pre / volume_post
    kind: OutcomeKind
    time_columns: tuple[str, ...]  # column per time point, first = pre, last = post unless named
    time_labels: tuple[str, ...]  # e.g. ("pre", "post")
    unit: str = ""
    levels: tuple[str, ...] = ()  # ordered levels for categorical outcomes
    derived_from: str | None = None  # set when computed by a ClassificationRule
    compare: tuple[str, str] | None = None  # the two time labels tested (default: first and last)
    measure: str | None = None  # key into the package range table (e.g. "expressed_volume")
    label: str = ""  # the name captions use (design file ``label:``, or the header's own words)

    @property
    def compared(self) -> tuple[str, str]:
        """The (earlier, later) time labels that the tests compare."""
        return self.compare or (self.time_labels[0], self.time_labels[-1])

    def column(self, label: str) -> str:
        return self.time_columns[self.time_labels.index(label)]

    @property
    def categorical(self) -> bool:
        return self.kind != "continuous"


@dataclass(frozen=True)
class OutcomeTest:
    """One test reported for one outcome in one scope."""

    outcome: str
    scope: Scope
    comparison: Comparison
    primary: bool
    result: TestResult
    reason: Text  # why this test was chosen, in plain words (shown in the report)
    spss: SpssFigures | None = None  # what SPSS prints for this test (Z, Asymp. Sig., Exact Sig.)
    changes: tuple[int, int, int] | None = None  # within an arm: (up, down, unchanged) pairs
    ancova: AncovaReport | None = None  # F, partial η², adjusted means, slopes check (ANCOVA only)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        r = self.result
        spss = None if self.spss is None else {
            "z": _num(self.spss.z), "asymp_sig": _num(self.spss.asymp_sig), "exact_sig": _num(self.spss.exact_sig),
            "statistic": _num(self.spss.statistic), "n": self.spss.n}
        changes = None if self.changes is None else dict(zip(("up", "down", "unchanged"), self.changes, strict=True))
        return {
            "outcome": self.outcome,
            "scope": self.scope,
            "comparison": self.comparison,
            "test": r.test,
            "primary": self.primary,
            "statistic": _num(r.statistic),
            "df": _num(r.df),
            "p_value": _num(r.p_value),
            "p_method": r.p_method,
            "effect": _effect(r.effect),
            "extra_effects": [_effect(e) for e in r.extra_effects],
            "n": r.n,
            "n_zero": r.n_zero,
            "min_attainable_p": _num(r.min_attainable_p),
            "note": r.note,
            "reason": self.reason.in_(lang),
            "spss": spss,
            "changes": changes,
            "ancova": None if self.ancova is None else {
                "F": _num(self.ancova.f), "df1": self.ancova.df1, "df2": self.ancova.df2,
                "p_value": _num(self.ancova.p_value), "partial_eta_squared": _effect(self.ancova.partial_eta2),
                "adjusted_means": {a: _num(m) for a, m in self.ancova.adjusted_means},
                "slopes_F": _num(self.ancova.slopes_f), "slopes_df": list(self.ancova.slopes_df),
                "slopes_p": _num(self.ancova.slopes_p)},
        }


def _num(x: Any) -> float | None:
    if x is None:
        return None
    value = float(x)
    return value if math.isfinite(value) else None


def _effect(e: Effect | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"name": e.name, "value": _num(e.value), "ci_low": _num(e.ci_low), "ci_high": _num(e.ci_high),
            "ci_level": e.ci_level, "ci_method": e.ci_method, "note": e.note}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if isinstance(value, (float, np.floating)):
                clean[str(key)] = _num(value)
            elif isinstance(value, np.integer):
                clean[str(key)] = int(value)
            else:
                clean[str(key)] = None if value is pd.NA else value
        out.append(clean)
    return out


@dataclass(frozen=True)
class Characteristic:
    """One participant characteristic (karakteristik responden) by arm, with its homogeneity test.

    ``levels`` are the categories shown (age bands ``< 20``/``20–35``/``> 35`` years; parity
    primipara/multipara/grande multipara from a number; text categories as typed), ``counts`` the
    participants per arm and level (arms in the analysis's order), ``test`` the exact
    Fisher–Freeman–Halton test of arm × level (``None`` with one arm or one level).
    """

    kind: str  # "age" | "parity" | "education" | "occupation"
    column: str
    levels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # per arm, per level
    test: TestResult | None = None
    mean_sd: tuple[tuple[float, float], ...] = ()  # per arm, for a numeric characteristic (age)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "column": self.column, "levels": list(self.levels),
                "counts": [list(c) for c in self.counts],
                "test": None if self.test is None else {"test": self.test.test, "p_value": _num(self.test.p_value),
                                                         "p_method": self.test.p_method}}


@dataclass(frozen=True)
class StudyAnalysis:
    """Everything the report needs; produced by :func:`laktasi.trial.analysis.analyse`."""

    arms: tuple[str, ...]  # reference arm first
    reference_arm: str
    n: dict[str, int]  # participants per arm
    outcomes: tuple[Outcome, ...]
    descriptives: pd.DataFrame  # tidy: outcome, arm, time, n, mean, sd, median, q1, q3, min, max
    frequencies: pd.DataFrame  # tidy: outcome, arm, time, level, n, percent
    crosstabs: dict[tuple[str, str], pd.DataFrame]  # (outcome, arm) -> pre levels x post levels counts
    tests: tuple[OutcomeTest, ...]
    warnings: tuple[Warning_, ...]
    problems: tuple[Problem, ...] = ()  # non-fatal data problems (warnings) with file/row/column
    rules: tuple[ClassificationRule, ...] = ()
    data: pd.DataFrame | None = None  # the cleaned wide table analysed (for figures)
    design_label: str = ""  # e.g. "two-arm quasi-experiment"
    complete_cases: dict[str, dict[str, int]] = field(default_factory=dict)  # outcome -> arm -> n used
    source: str = ""  # the data file (or a description) analysed
    covariates: tuple[str, ...] = ()  # baseline characteristics described per arm (columns of ``data``)
    characteristics: tuple[Characteristic, ...] = ()  # karakteristik responden with homogeneity tests
    allocation: str = ""  # how participants were allocated, as the design file says
    settings: tuple[tuple[str, str], ...] = ()  # report settings from the design file (report_style, chapter …)
    posthoc: tuple[PairwiseComparison, ...] = ()  # pairwise comparisons, Holm-adjusted, with three or more arms

    def primary_tests(self) -> tuple[OutcomeTest, ...]:
        return tuple(t for t in self.tests if t.primary)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The ``laktasi analyze --json`` document (design.md), plus descriptive tables."""
        return {
            "source": self.source,
            "design_label": self.design_label,
            "arms": list(self.arms),
            "reference_arm": self.reference_arm,
            "n": {str(k): int(v) for k, v in self.n.items()},
            "outcomes": [
                {"name": o.name, "label": o.label, "kind": o.kind, "unit": o.unit, "levels": list(o.levels),
                 "times": list(o.time_labels), "compared": list(o.compared), "derived_from": o.derived_from}
                for o in self.outcomes
            ],
            "rules": [r.to_json(lang) for r in self.rules],
            "allocation": self.allocation,
            "characteristics": [c.to_json() for c in self.characteristics],
            "posthoc": [{"outcome": c.outcome, "first": c.first, "second": c.second, "test": c.test,
                         "statistic": _num(c.statistic), "df": _num(c.df), "p_value": _num(c.p_value),
                         "p_holm": _num(c.p_holm), "estimate": _num(c.estimate)} for c in self.posthoc],
            "complete_cases": self.complete_cases,
            "tests": [t.to_json(lang) for t in self.tests],
            "warnings": [w.to_json(lang) for w in self.warnings],
            "problems": [dict(p.to_json(lang), severity=p.severity) for p in self.problems],
            "descriptives": _records(self.descriptives),
            "frequencies": _records(self.frequencies),
            "crosstabs": [
                {"outcome": outcome, "arm": arm, "rows": [str(i) for i in table.index],
                 "columns": [str(c) for c in table.columns],
                 "counts": [[int(v) for v in row] for row in table.to_numpy()]}
                for (outcome, arm), table in self.crosstabs.items()
            ],
        }
