"""The result of analysing one study — the contract between ``trial`` and ``report``/``cli``/``web``.

``StudyAnalysis.to_json()`` produces the ``laktasi analyze --json`` document of design.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from laktasi.errors import Problem, Text, Warning_
from laktasi.stats.results import TestResult

OutcomeKind = Literal["continuous", "ordinal", "binary", "nominal"]
Scope = str  # an arm value as in the data, or "between"
Comparison = Literal["pre_post", "post", "change"]


@dataclass(frozen=True)
class ClassificationRule:
    """Derives a category from a measurement: ``levels[i]`` for ``cutpoints[i-1] <= x < cutpoints[i]``."""

    name: str
    source: str  # outcome it is computed from
    levels: tuple[str, ...]
    cutpoints: tuple[float, ...]
    unit: str = ""


@dataclass(frozen=True)
class Outcome:
    name: str  # base name: "volume" for volume_pre / volume_post
    kind: OutcomeKind
    time_columns: tuple[str, ...]  # column per time point, first = pre, last = post unless named
    time_labels: tuple[str, ...]  # e.g. ("pre", "post")
    unit: str = ""
    levels: tuple[str, ...] = ()  # ordered levels for categorical outcomes
    derived_from: str | None = None  # set when computed by a ClassificationRule


@dataclass(frozen=True)
class OutcomeTest:
    """One test reported for one outcome in one scope."""

    outcome: str
    scope: Scope
    comparison: Comparison
    primary: bool
    result: TestResult
    reason: Text  # why this test was chosen, in plain words (shown in the report)


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
