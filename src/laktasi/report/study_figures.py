"""Figures of the study report: paired before/after lines, box plots and stacked category bars.

Figures are built on :class:`matplotlib.figure.Figure` directly (no pyplot state, Agg rendering), so
many reports can be drawn in one process. They stay readable with 100,000 participants: at most
:data:`MAX_LINES` participant lines per group are drawn (a fixed-seed random subset, stated in the
figure) and the points of strip plots are shown only for small groups.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from laktasi.report.numbers import fmt_int, fmt_num
from laktasi.report.study_text import arm_name, capitalise, label, outcome_name, time_name
from laktasi.trial.results import Outcome, StudyAnalysis

MAX_LINES = 150  # participant lines per group in the paired plot
MAX_STRIP = 200  # above this many values per box, points are not drawn
_ARM_COLOURS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860")


def arm_column(analysis: StudyAnalysis) -> str | None:
    """The column of ``analysis.data`` holding the group, or ``None`` when it cannot be found."""
    data = analysis.data
    if data is None:
        return None
    for name in ("arm", "group", "kelompok"):
        for col in data.columns:
            if str(col).lower() == name:
                return str(col)
    arms = {str(a) for a in analysis.arms}
    for col in data.columns:
        values = set(data[col].dropna().astype(str).unique())
        if values and values <= arms:
            return str(col)
    return None


def _paired_values(analysis: StudyAnalysis, outcome: Outcome) -> dict[str, np.ndarray] | None:
    """Per arm: an (n, times) float array of the outcome's time columns, complete rows only."""
    data, col = analysis.data, arm_column(analysis)
    if data is None or col is None or not all(c in data.columns for c in outcome.time_columns):
        return None
    out: dict[str, np.ndarray] = {}
    groups = data[col].astype(str)
    for arm in analysis.arms:
        block = data.loc[groups == str(arm), list(outcome.time_columns)]
        values = block.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        out[arm] = values[~np.isnan(values).any(axis=1)]
    return out


def _title(fig: Figure, text: str) -> None:
    fig.suptitle(text, fontsize=11, fontweight="bold")


def paired_lines(analysis: StudyAnalysis, outcome: Outcome, lang: str) -> Figure | None:
    """One panel per group: a grey line per participant, the group mean in colour."""
    values = _paired_values(analysis, outcome)
    if values is None:
        return None
    arms = list(analysis.arms)
    fig = Figure(figsize=(3.2 * len(arms) + 0.6, 3.6), layout="constrained")
    axes = fig.subplots(1, len(arms), sharey=True, squeeze=False)[0]
    xs = np.arange(len(outcome.time_columns))
    sampled = False
    for i, (ax, arm) in enumerate(zip(axes, arms, strict=True)):
        v = values[arm]
        if len(v) > MAX_LINES:
            # A fixed seed keeps the figure the same from run to run.
            keep = np.random.default_rng(0).choice(len(v), MAX_LINES, replace=False)
            shown = v[keep]
            sampled = True
        else:
            shown = v
        if len(shown):
            # One collection instead of a Line2D per participant: drawing stays fast at any n.
            segments = np.stack([np.broadcast_to(xs, shown.shape), shown], axis=-1)
            ax.add_collection(LineCollection(list(segments), colors="0.55", alpha=0.5 if len(shown) < 60 else 0.25,
                                             linewidths=0.8))
            ax.plot(xs, v.mean(axis=0), color=_ARM_COLOURS[i % len(_ARM_COLOURS)], linewidth=2.5, marker="o",
                    label="rerata" if lang == "id" else "mean")
        ax.set_xticks(xs, [time_name(t, lang) for t in outcome.time_labels])
        ax.set_xlim(-0.25, len(xs) - 0.75)
        ax.set_title(f"{capitalise(arm_name(arm, lang))} (n = {fmt_int(len(v), lang)})", fontsize=10)
        ax.grid(axis="y", alpha=0.3)
        if i == 0:
            ax.set_ylabel(_axis_label(outcome, lang))
            _decimal_ticks(ax, lang)
            ax.legend(loc="upper left", fontsize=8, frameon=False)
    title = capitalise(outcome.label or outcome_name(outcome.name, lang))
    if len(outcome.time_labels) == 2:
        title += ": sebelum dan sesudah per responden" if lang == "id" else ": before and after, per participant"
    else:
        title += ": per responden menurut waktu" if lang == "id" else ": per participant over time"
    _title(fig, title)
    if sampled:
        note = (f"Garis abu-abu: {MAX_LINES} responden acak per kelompok; rerata dari semua responden."
                if lang == "id" else
                f"Grey lines: {MAX_LINES} random participants per group; mean of all participants.")
        fig.supxlabel(note, fontsize=7, color="0.35", x=0.01, ha="left")  # laid out, unlike fig.text
    return fig


def _decimal_ticks(ax: Axes, lang: str) -> None:
    """Axis numbers with the locale's decimal mark (``2,5`` in Indonesian)."""
    if lang == "id":
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ",")))


def _axis_label(outcome: Outcome, lang: str) -> str:
    name = capitalise(outcome.label or outcome_name(outcome.name, lang))
    return f"{name} ({outcome.unit})" if outcome.unit else name


def _box_stats_from_descriptives(analysis: StudyAnalysis, outcome: Outcome, arm: str, time: str) -> dict[str, Any] | None:
    d = analysis.descriptives
    if d is None or d.empty:
        return None
    rows = d[(d["outcome"] == outcome.name) & (d["arm"].astype(str) == str(arm)) & (d["time"].astype(str) == str(time))]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return {"med": r["median"], "q1": r["q1"], "q3": r["q3"], "whislo": r["min"], "whishi": r["max"], "fliers": []}


def box_plot(analysis: StudyAnalysis, outcome: Outcome, lang: str) -> Figure | None:
    """Box per group and time (whiskers to 1.5 IQR); the points themselves when groups are small."""
    values = _paired_values(analysis, outcome)
    arms = list(analysis.arms)
    times = list(outcome.time_labels)
    fig = Figure(figsize=(max(4.5, 1.3 * len(arms) * len(times) + 1.5), 3.8), layout="constrained")
    ax = fig.subplots()
    positions: list[float] = []
    stats: list[dict[str, Any]] = []  # matplotlib's bxp() statistics
    colours: list[str] = []
    rng = np.random.default_rng(1)
    for i, arm in enumerate(arms):
        for j, time in enumerate(times):
            pos = i * (len(times) + 1) + j
            colour = _ARM_COLOURS[j % len(_ARM_COLOURS)]
            if values is not None:
                v = values[arm][:, j] if values[arm].size else np.array([])
                if v.size == 0:
                    continue
                q1, med, q3 = np.percentile(v, [25, 50, 75])
                iqr = q3 - q1
                lo = v[v >= q1 - 1.5 * iqr].min()
                hi = v[v <= q3 + 1.5 * iqr].max()
                fliers = v[(v < lo) | (v > hi)]
                show_points = v.size <= MAX_STRIP
                stats.append({"med": med, "q1": q1, "q3": q3, "whislo": lo, "whishi": hi,
                              "fliers": [] if show_points else np.unique(fliers)})  # unique: extremes kept, few points
                if show_points:
                    jitter = rng.uniform(-0.18, 0.18, v.size)
                    ax.scatter(pos + jitter, v, s=14, color=colour, alpha=0.8, zorder=3, edgecolors="black", linewidths=0.4)
            else:
                s = _box_stats_from_descriptives(analysis, outcome, arm, time)
                if s is None:
                    continue
                stats.append(s)
            positions.append(pos)
            colours.append(colour)
    if not stats:
        return None
    boxes = ax.bxp(stats, positions=positions, widths=0.6, patch_artist=True, showfliers=True,
                   medianprops={"color": "black", "linewidth": 1.5},
                   flierprops={"marker": ".", "markersize": 3, "alpha": 0.4})
    for patch, colour in zip(boxes["boxes"], colours, strict=True):
        patch.set_facecolor(colour)
        patch.set_alpha(0.35)
    centres = [i * (len(times) + 1) + (len(times) - 1) / 2 for i in range(len(arms))]
    ax.set_xticks(centres, [capitalise(arm_name(a, lang)) for a in arms])
    handles = [_legend_patch(_ARM_COLOURS[j % len(_ARM_COLOURS)]) for j in range(len(times))]
    ax.legend(handles, [capitalise(time_name(t, lang)) for t in times], fontsize=8, frameon=False,
              loc="upper left")
    ax.set_ylabel(_axis_label(outcome, lang))
    _decimal_ticks(ax, lang)
    ax.grid(axis="y", alpha=0.3)
    title = capitalise(outcome.label or outcome_name(outcome.name, lang))
    title += ": sebaran menurut kelompok dan waktu" if lang == "id" else ": distribution by group and time"
    _title(fig, title)
    return fig


def _legend_patch(colour: str) -> Patch:
    return Patch(facecolor=colour, alpha=0.35, edgecolor="black")


def _level_colours(k: int) -> list[str] | list[tuple[float, float, float, float]]:
    """Red (worst) to green (best); the pale yellow middle of RdYlGn vanishes on paper, so fixed colours."""
    fixed = {2: ["#d7301f", "#1a9850"], 3: ["#d7301f", "#f39c12", "#1a9850"],
             4: ["#d7301f", "#f39c12", "#91cf60", "#1a9850"]}
    if k in fixed:
        return fixed[k]
    from matplotlib import colormaps

    cmap = colormaps["viridis"]
    return [cmap(0.1 + 0.8 * i / max(k - 1, 1)) for i in range(k)]


def stacked_bars(analysis: StudyAnalysis, outcome: Outcome, lang: str) -> Figure | None:
    """One 100% bar per group and time, split by category (lowest category at the bottom)."""
    f = analysis.frequencies
    if f is None or f.empty:
        return None
    f = f[f["outcome"] == outcome.name]
    if f.empty:
        return None
    levels = list(outcome.levels) or [str(x) for x in pd.unique(f["level"])]
    arms, times = list(analysis.arms), list(outcome.time_labels)
    fig = Figure(figsize=(max(4.8, 1.1 * len(arms) * len(times) + 2.8), 3.8), layout="constrained")
    ax = fig.subplots()
    colours = _level_colours(len(levels))
    xs, names = [], []
    bottoms: dict[float, float] = {}
    for i in range(len(arms)):
        for j, time in enumerate(times):
            x = i * (len(times) + 0.6) + j
            xs.append(x)
            names.append(time_name(time, lang))
            bottoms[x] = 0.0
    for k, level in enumerate(levels):
        heights = []
        for arm in arms:
            for time in times:
                rows = f[(f["arm"].astype(str) == str(arm)) & (f["time"].astype(str) == str(time))
                         & (f["level"].astype(str) == str(level))]
                heights.append(float(rows["percent"].iloc[0]) if not rows.empty else 0.0)
        ax.bar(xs, heights, bottom=[bottoms[x] for x in xs], color=colours[k], edgecolor="white",
               width=0.8, label=level)
        for x, h in zip(xs, heights, strict=True):
            if h >= 8:
                ax.text(x, bottoms[x] + h / 2, _pct(h, lang), ha="center", va="center", fontsize=7.5)
            bottoms[x] += h
    ax.set_xticks(xs, names, fontsize=8)
    for i, arm in enumerate(arms):
        centre = i * (len(times) + 0.6) + (len(times) - 1) / 2
        ax.text(centre, -0.16, capitalise(arm_name(arm, lang)), transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=9)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.legend(title=label("level", lang), fontsize=8, title_fontsize=8, frameon=False,
              loc="center left", bbox_to_anchor=(1.0, 0.5), reverse=True)
    title = capitalise(outcome.label or outcome_name(outcome.name, lang))
    title += ": distribusi kategori" if lang == "id" else ": categories by group and time"
    _title(fig, title)
    return fig


def _pct(x: float, lang: str) -> str:
    return fmt_num(x, 0, lang) + "%"


def study_figures(analysis: StudyAnalysis, lang: str = "id") -> dict[str, Figure]:
    """All figures of the report, keyed ``"<outcome>_lines"``, ``"<outcome>_box"``, ``"<outcome>_bars"``.

    Continuous outcomes get paired lines (when the participant data are attached) and box plots;
    categorical ones a stacked bar chart.
    """
    figures: dict[str, Figure] = {}
    for outcome in analysis.outcomes:
        if outcome.kind == "continuous":
            lines = paired_lines(analysis, outcome, lang)
            if lines is not None:
                figures[f"{outcome.name}_lines"] = lines
            box = box_plot(analysis, outcome, lang)
            if box is not None:
                figures[f"{outcome.name}_box"] = box
        else:
            bars = stacked_bars(analysis, outcome, lang)
            if bars is not None:
                figures[f"{outcome.name}_bars"] = bars
    return figures


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (white background, for print and Word)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def figure_caption(key: str, analysis: StudyAnalysis, lang: str) -> str:
    name, _, kind = key.rpartition("_")
    outcome = next((o for o in analysis.outcomes if o.name == name), None)
    oname = outcome.label if outcome is not None and outcome.label else outcome_name(name, lang)
    captions = {
        "lines": ("Paired before/after values of {o} per participant, by group",
                  "Nilai {o} sebelum dan sesudah per responden, menurut kelompok"),
        "box": ("Distribution of {o} by group and time (box: median and IQR; whiskers: 1.5 IQR)",
                "Sebaran {o} menurut kelompok dan waktu (kotak: median dan IQR; garis: 1,5 IQR)"),
        "bars": ("Categories of {o} by group and time (%)", "Kategori {o} menurut kelompok dan waktu (%)"),
    }
    outcome = next((o for o in analysis.outcomes if o.name == name), None)
    if kind == "box" and outcome is not None and _paired_values(analysis, outcome) is None:
        # drawn from the descriptive table: the whiskers are the minimum and maximum
        captions["box"] = ("Distribution of {o} by group and time (box: median and IQR; whiskers: minimum–maximum)",
                           "Sebaran {o} menurut kelompok dan waktu (kotak: median dan IQR; garis: minimum–maksimum)")
    en, id_ = captions.get(kind, ("{o}", "{o}"))
    return (id_ if lang == "id" else en).format(o=oname)

