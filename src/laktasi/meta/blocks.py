"""Typed effect-size data blocks (one study, one outcome) → the study table ``laktasi meta`` reads.

A review app enters each study's numbers as one of four blocks: 2×2 counts, mean/SD/n per arm, pre/post
mean and SD with the pre–post correlation per arm, or an effect with its 95% CI. :func:`check_block`
validates a block (id/en messages); :func:`meta_frame` turns a list of blocks into the same table a user
would give ``laktasi meta`` — so the caller goes on with :func:`laktasi.meta.table.read_study_table` and
:func:`laktasi.meta.analysis.run_meta_analysis`, the CLI's one path, and the frame written as CSV is the
file ``laktasi meta`` reads back to the same result.

When every block is the measure's own raw kind the frame has the raw columns (``events_t, n_t, …``,
``mean_t, sd_t, …``, ``mean_pre_t, …, r``). Otherwise (kinds mixed with effects given as CIs, or pre/post
arms with different correlations) every study becomes ``yi, vi``, each computed by the library's own
effect functions (:meth:`StudyTable.effect_sizes`); an effect with CI gives ``yi`` = estimate (log for
RR, OR, ROM) and ``vi`` = ((upper − lower) / (2 · 1.959964))² (Cochrane Handbook §6.3.1 and §6.5.2.3).

>>> rows = [StudyBlock("A", TwoByTwo(4, 123, 11, 139)), StudyBlock("B", EffectCI("RR", 0.5, 0.25, 1.0))]
>>> f = meta_frame(rows, "RR")
>>> list(f.columns), round(float(f["vi"][1]), 6)
(['study', 'yi', 'vi'], 0.12507)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from laktasi.errors import Text
from laktasi.meta.table import PREPOST_MEASURES, RATIO_MEASURES, StudyTable

__all__ = ["KIND_MEASURES", "Block", "EffectCI", "MeanSD", "PrePost", "StudyBlock", "TwoByTwo", "block_kind",
           "check_block", "ci_to_yi_vi", "meta_frame"]

BlockKind = Literal["two_by_two", "mean_sd", "prepost", "effect_ci"]
#: the measures each kind of block can be pooled as (an effect with CI: its own measure only)
KIND_MEASURES: dict[str, tuple[str, ...]] = {
    "two_by_two": ("RR", "OR", "RD"),
    "mean_sd": ("MD", "SMD", "ROM"),
    "prepost": PREPOST_MEASURES,
    "effect_ci": ("RR", "OR", "RD", "MD", "SMD", "ROM", "SMCR", "MC"),
}
Z975 = float(stats.norm.isf(0.025))


@dataclass(frozen=True)
class TwoByTwo:
    events_t: float
    n_t: float
    events_c: float
    n_c: float


@dataclass(frozen=True)
class MeanSD:
    mean_t: float
    sd_t: float
    n_t: float
    mean_c: float
    sd_c: float
    n_c: float


@dataclass(frozen=True)
class PrePost:
    """Pre/post per arm with each arm's pre–post correlation; no control arm (``n_c`` None): one group."""

    mean_pre_t: float
    sd_pre_t: float
    mean_post_t: float
    sd_post_t: float
    n_t: float
    r_t: float
    mean_pre_c: float | None = None
    sd_pre_c: float | None = None
    mean_post_c: float | None = None
    sd_post_c: float | None = None
    n_c: float | None = None
    r_c: float | None = None

    @property
    def one_group(self) -> bool:
        return self.n_c is None


@dataclass(frozen=True)
class EffectCI:
    """An effect as a paper prints it: RR/OR/ROM on their own (not log) scale, with the 95% CI."""

    measure: str
    estimate: float
    ci_low: float
    ci_high: float


Block = TwoByTwo | MeanSD | PrePost | EffectCI


@dataclass(frozen=True)
class StudyBlock:
    study: str
    block: Block
    subgroup: str | None = None


def block_kind(block: Block) -> BlockKind:
    if isinstance(block, TwoByTwo):
        return "two_by_two"
    if isinstance(block, MeanSD):
        return "mean_sd"
    if isinstance(block, PrePost):
        return "prepost"
    return "effect_ci"


def _t(en: str, id_: str) -> Text:
    return Text(en=en, id=id_)


def _whole_above_zero(x: float | None) -> bool:
    return x is not None and math.isfinite(x) and x > 0 and float(x).is_integer()


def check_block(block: Block) -> list[Text]:
    """Every problem of a block, in both languages (empty: the block can be pooled)."""
    out: list[Text] = []
    values = [v for v in vars(block).values() if isinstance(v, (int, float))]
    if any(not math.isfinite(float(v)) for v in values):
        return [_t("every number must be finite", "setiap angka harus terhingga")]
    ns = {k: v for k, v in vars(block).items() if k.startswith("n_") and v is not None}
    for name, n in ns.items():
        if not _whole_above_zero(n):
            out.append(_t(f"{name} must be a whole number above 0", f"{name} harus bilangan bulat lebih dari 0"))
    if isinstance(block, TwoByTwo):
        for arm in "tc":
            e, n = getattr(block, f"events_{arm}"), getattr(block, f"n_{arm}")
            if e < 0 or not float(e).is_integer():
                out.append(_t(f"events_{arm} must be a whole number of 0 or more",
                              f"events_{arm} harus bilangan bulat 0 atau lebih"))
            elif e > n:
                out.append(_t(f"events_{arm} ({e:g}) exceeds n_{arm} ({n:g})",
                              f"events_{arm} ({e:g}) melebihi n_{arm} ({n:g})"))
    for name, v in vars(block).items():
        if name.startswith("sd") and v is not None and v <= 0:
            out.append(_t(f"{name} must be above 0", f"{name} harus lebih dari 0"))
        if name.startswith("r_") and v is not None and not -1 <= v <= 1:
            out.append(_t(f"{name} must lie between -1 and 1", f"{name} harus antara -1 dan 1"))
    if isinstance(block, PrePost):
        control = (block.mean_pre_c, block.sd_pre_c, block.mean_post_c, block.sd_post_c, block.n_c, block.r_c)
        if any(v is None for v in control) and any(v is not None for v in control):
            out.append(_t("a control arm needs all six values (or none, for a one-group study)",
                          "kelompok kontrol memerlukan keenam nilai (atau tidak sama sekali, untuk studi satu kelompok)"))
    if isinstance(block, EffectCI):
        if block.measure not in KIND_MEASURES["effect_ci"]:
            out.append(_t(f"unknown measure {block.measure}", f"ukuran efek {block.measure} tidak dikenal"))
        if not block.ci_low < block.ci_high:
            out.append(_t("the lower CI limit must be below the upper", "batas bawah IK harus di bawah batas atas"))
        elif not block.ci_low <= block.estimate <= block.ci_high:
            out.append(_t("the 95% CI must contain the estimate", "IK 95% harus memuat nilai estimasi"))
        if block.measure in RATIO_MEASURES and min(block.estimate, block.ci_low) <= 0:
            out.append(_t(f"a {block.measure} and its CI must be above 0", f"{block.measure} dan IK-nya harus lebih dari 0"))
    return out


def ci_to_yi_vi(measure: str, estimate: float, ci_low: float, ci_high: float) -> tuple[float, float]:
    """Effect and variance from a 95% CI: on the log scale for RR, OR and ROM.

    >>> [round(x, 6) for x in ci_to_yi_vi("MD", 2.0, 2 - 1.959964, 2 + 1.959964)]
    [2.0, 1.0]
    """
    if measure in RATIO_MEASURES:
        estimate, ci_low, ci_high = math.log(estimate), math.log(ci_low), math.log(ci_high)
    return estimate, ((ci_high - ci_low) / (2 * Z975)) ** 2


def _arr(*xs: float | None) -> np.ndarray:
    return np.asarray([np.nan if x is None else float(x) for x in xs], dtype=float)


def _effect(block: Block, measure: str) -> tuple[float, float]:
    """One study's (yi, vi) through the library's effect functions (as :meth:`StudyTable.effect_sizes`)."""
    if isinstance(block, EffectCI):
        return ci_to_yi_vi(measure, block.estimate, block.ci_low, block.ci_high)
    if isinstance(block, PrePost):
        arms = [("t", block.r_t)] + ([] if block.one_group else [("c", block.r_c)])
        changes = []
        for arm, r in arms:  # each arm as a one-group pre/post table with its own r
            vals = {f"{c}_t": _arr(getattr(block, f"{c}_{arm}"))
                    for c in ("mean_pre", "sd_pre", "mean_post", "sd_post", "n")}
            vals["r"] = _arr(r)
            es = StudyTable("prepost", measure, ("s",), (2,), vals).effect_sizes()
            changes.append((float(es.yi[0]), float(es.vi[0])))
        if len(changes) == 1:
            return changes[0]
        return changes[0][0] - changes[1][0], changes[0][1] + changes[1][1]
    kind: Literal["binary", "continuous"] = "binary" if isinstance(block, TwoByTwo) else "continuous"
    es = StudyTable(kind, measure, ("s",), (2,), {k: _arr(v) for k, v in vars(block).items()}).effect_sizes()
    return float(es.yi[0]), float(es.vi[0])


def _raw_ok(block: Block, measure: str) -> bool:
    kind = block_kind(block)
    if kind == "effect_ci" or measure not in KIND_MEASURES[kind]:
        return False
    return not (isinstance(block, PrePost) and not block.one_group and block.r_c != block.r_t)


def meta_frame(rows: Sequence[StudyBlock], measure: str) -> pd.DataFrame:
    """The ``laktasi meta`` input table of ``rows`` for ``measure`` (blocks must fit it: see
    :data:`KIND_MEASURES`; an :class:`EffectCI` of another measure raises ``ValueError``). A ``subgroup``
    column is added when any row has one."""
    measure = measure.upper()
    for row in rows:
        kind = block_kind(row.block)
        if measure not in KIND_MEASURES[kind] or (isinstance(row.block, EffectCI) and row.block.measure != measure):
            raise ValueError(f"{row.study}: a {kind} block cannot be pooled as {measure}")
    records: list[dict[str, object]] = []
    if rows and all(_raw_ok(r.block, measure) for r in rows):
        for r in rows:
            values = dict(vars(r.block))
            if isinstance(r.block, PrePost):
                values["r"] = values.pop("r_t")
                values.pop("r_c")
            records.append({"study": r.study, **values})
    else:
        for r in rows:
            yi, vi = _effect(r.block, measure)
            records.append({"study": r.study, "yi": yi, "vi": vi})
    frame = pd.DataFrame.from_records(records)
    if any(r.subgroup for r in rows):
        frame["subgroup"] = [r.subgroup or "" for r in rows]
    return frame
