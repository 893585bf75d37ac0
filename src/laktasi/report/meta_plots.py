"""Forest, funnel and Baujat plots of a :class:`~laktasi.meta.analysis.MetaAnalysis` (matplotlib, PNG or SVG).

Labels are Indonesian or English; numbers use the locale's decimal mark (report.numbers). Ratio
measures are drawn on their natural scale with a logarithmic axis.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TypedDict

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.text import Text as MplText
from scipy import stats

from laktasi.errors import Text
from laktasi.files import write_bytes
from laktasi.meta.analysis import MIN_STUDIES_FOR_BIAS_TESTS, MetaAnalysis, Pooled, StudyRow, SubgroupResult
from laktasi.report.numbers import fmt_ci, fmt_num, fmt_p

__all__ = ["MEASURE_LABELS", "baujat_plot", "forest_plot", "funnel_plot", "method_label", "pi_short", "save_figure",
           "figure_bytes"]

MEASURE_LABELS: dict[str, Text] = {
    "RR": Text(en="Risk ratio", id="Rasio risiko"),
    "OR": Text(en="Odds ratio", id="Rasio odds"),
    "RD": Text(en="Risk difference", id="Selisih risiko"),
    "MD": Text(en="Mean difference", id="Selisih rerata"),
    "SMD": Text(en="Standardised mean difference (Hedges' g)", id="Selisih rerata terstandar (Hedges' g)"),
    "ROM": Text(en="Ratio of means", id="Rasio rerata"),
    "PR": Text(en="Proportion", id="Proporsi"),
    "PLO": Text(en="Proportion (pooled as logits)", id="Proporsi (digabung sebagai logit)"),
    "PFT": Text(en="Proportion (pooled as Freeman–Tukey double arcsine)",
                id="Proporsi (digabung sebagai double arcsine Freeman–Tukey)"),
    "SMCR": Text(en="Standardised mean change (pre/post)", id="Perubahan rerata terstandar (pre/post)"),
    "MC": Text(en="Mean change (pre/post)", id="Perubahan rerata (pre/post)"),
}
#: The scale a funnel plot is drawn on when it is not the displayed one (pooling scale).
_POOLING_SCALE: dict[str, Text] = {
    "PLO": Text(en="logit of the proportion", id="logit proporsi"),
    "PFT": Text(en="Freeman–Tukey double arcsine of the proportion", id="double arcsine Freeman–Tukey proporsi"),
}
_METHODS: dict[str, Text] = {
    "FE": Text(en="fixed effect, inverse variance", id="efek tetap, inverse variance"),
    "MH": Text(en="fixed effect, Mantel–Haenszel", id="efek tetap, Mantel–Haenszel"),
    "DL": Text(en="random effects, DerSimonian–Laird", id="efek acak, DerSimonian–Laird"),
    "REML": Text(en="random effects, REML", id="efek acak, REML"),
    "PM": Text(en="random effects, Paule–Mandel", id="efek acak, Paule–Mandel"),
    "ML": Text(en="random effects, maximum likelihood", id="efek acak, maximum likelihood"),
    "HE": Text(en="random effects, Hedges", id="efek acak, Hedges"),
    "SJ": Text(en="random effects, Sidik–Jonkman", id="efek acak, Sidik–Jonkman"),
}
_PI_SHORT = {"z": "z", "t_k-1": "t, df = k − 1", "t_k-2": "t, df = k − 2 (Riley)"}
_INK = "#1f2937"
_ACCENT = "#1d4ed8"
_PI = "#b91c1c"


class _TextStyle(TypedDict, total=False):
    fontsize: float
    fontweight: str
    color: str
    va: str


def method_label(method: str, hk: bool, lang: str) -> str:
    """``efek acak, REML, Hartung–Knapp`` — how a model is named in plots and reports."""
    text = _METHODS[method].in_(lang)
    return text + (", Hartung–Knapp" if hk else "")


def pi_short(a: MetaAnalysis) -> str:
    """The prediction interval's quantile in a few characters, for labels (``z``, ``t, df = k − 2 (Riley)``)."""
    return _PI_SHORT[a.pi_kind]


def _short(label: str, limit: int = 60) -> str:
    """A study or subgroup label as a plot can show it: drawing a 300,000-character cell takes minutes."""
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _t(en: str, id_: str, lang: str) -> str:
    return id_ if lang == "id" else en


def _sc(a: MetaAnalysis, x: float | None) -> float:
    """A value on the plotting scale (natural scale for ratio measures, proportions back-transformed)."""
    if x is None or not math.isfinite(x):
        return math.nan
    shown = a.display(x)
    return math.nan if shown is None else shown


def _heterogeneity(p: Pooled, method: str, lang: str) -> str:
    parts = []
    if method not in ("FE", "MH"):
        parts.append(f"τ² = {fmt_num(p.tau2, 3, lang)}")
    parts.append(f"I² = {fmt_num(p.i2, 0, lang)}%")
    parts.append(f"Q = {fmt_num(p.q, 2, lang)} (df = {p.q_df}, {fmt_p(p.q_p, lang)})")
    return _t("Heterogeneity: ", "Heterogenitas: ", lang) + ", ".join(parts)


def forest_plot(a: MetaAnalysis, lang: str = "en", digits: int = 2) -> Figure:
    """A forest plot: one row per study (n, effect [95% CI], weight), pooled diamond(s), prediction interval.

    With subgroups, studies are grouped under headings, each group gets its own diamond, and the
    test for subgroup differences is printed under the overall result.
    """
    rows: list[tuple[str, str | StudyRow | SubgroupResult | Pooled | None]] = []  # (kind, payload)
    if a.subgroups:
        for g in a.subgroups:
            rows.append(("heading", g.name))
            rows.extend(("study", s) for s in a.studies if s.subgroup == g.name)
            rows.append(("subtotal", g))
            rows.append(("gap", None))
    else:
        rows.extend(("study", s) for s in a.studies)
        rows.append(("gap", None))
    rows.append(("total", a.pooled))
    if a.pooled.pi_low is not None:
        rows.append(("pi", a.pooled))
    rows.append(("het", a.pooled))
    if a.subgroups and a.q_between is not None:
        rows.append(("between", None))
    n_rows = len(rows) + 1
    height = 0.9 + 0.27 * n_rows
    fig = Figure(figsize=(10.5, height), dpi=150)
    gs = fig.add_gridspec(1, 3, width_ratios=[3.3, 3.6, 2.6], wspace=0.02, left=0.01, right=0.99,
                          top=1 - 0.35 / height, bottom=0.62 / height)
    ax_l, ax, ax_r = fig.add_subplot(gs[0]), fig.add_subplot(gs[1]), fig.add_subplot(gs[2])
    for t in (ax_l, ax_r):
        t.set_xlim(0, 1)
        t.axis("off")
    for axis in (ax_l, ax, ax_r):
        axis.set_facecolor("none")
    ax_l.set_zorder(3)
    ylim = (-(n_rows - 0.5), 0.7)
    for axis in (ax_l, ax, ax_r):
        axis.set_ylim(*ylim)
    fs = 8.5
    bold: _TextStyle = {"fontsize": fs, "fontweight": "bold", "color": _INK, "va": "center"}
    norm: _TextStyle = {"fontsize": fs, "color": _INK, "va": "center"}
    show_n = any(s.n is not None for s in a.studies)
    ax_l.text(0.02, 0, _t("Study", "Studi", lang), ha="left", **bold)
    if show_n:
        ax_l.text(0.97, 0, "n", ha="right", **bold)
    ax_r.text(0.03, 0, f"{_t('Effect', 'Efek', lang)} [{_t('95% CI', 'IK 95%', lang)}]", ha="left", **bold)
    ax_r.text(0.98, 0, _t("Weight", "Bobot", lang), ha="right", **bold)
    max_w = max((s.weight for s in a.studies if math.isfinite(s.weight)), default=1.0) or 1.0
    xs: list[float] = []
    labels: list[MplText] = []  # study and subgroup labels: fitted to the width before the n column
    n_texts: list[MplText] = []
    for i, (kind, payload) in enumerate(rows, start=1):
        y = -i
        if kind == "heading":
            labels.append(ax_l.text(0.02, y, _short(str(payload)), ha="left", fontstyle="italic", **bold))
        elif kind == "study" and isinstance(payload, StudyRow):
            s = payload
            labels.append(ax_l.text(0.04, y, _short(s.study), ha="left", **norm))
            if show_n and s.n is not None:
                n_texts.append(ax_l.text(0.97, y, str(s.n), ha="right", **norm))
            est, lo, hi = _sc(a, s.yi), _sc(a, s.ci_low), _sc(a, s.ci_high)
            if math.isfinite(est):
                ax.plot([lo, hi], [y, y], color=_INK, lw=1)
                size = 3 + 9 * math.sqrt(max(s.weight, 0) / max_w)
                ax.plot([est], [y], marker="s", ms=size, color=_ACCENT, mec=_ACCENT, ls="none")
                xs.extend([lo, hi])
                txt = f"{fmt_num(est, digits, lang)} {fmt_ci(lo, hi, digits, lang)}"
            else:
                txt = _t("not estimable", "tidak dapat dihitung", lang)
            ax_r.text(0.03, y, txt, ha="left", **norm)
            ax_r.text(0.98, y, f"{fmt_num(s.weight, 1, lang)}%", ha="right", **norm)
        elif kind in ("subtotal", "total") and isinstance(payload, (SubgroupResult, Pooled)):
            p = payload.pooled if isinstance(payload, SubgroupResult) else payload
            label = (_t("Subtotal", "Subtotal", lang) + f" (k = {p.k})" if kind == "subtotal"
                     else _t("Pooled effect", "Efek gabungan", lang) + f" ({method_label(a.method, a.hk, lang)})")
            ax_l.text(0.02, y, label, ha="left", **bold)
            est, lo, hi = _sc(a, p.estimate), _sc(a, p.ci_low), _sc(a, p.ci_high)
            if math.isfinite(est):
                color = _INK if kind == "total" else "#475569"
                ax.add_patch(Polygon([[lo, y], [est, y + 0.32], [hi, y], [est, y - 0.32]], closed=True,
                                     facecolor=color, edgecolor=color))
                xs.extend([lo, hi])
            ax_r.text(0.03, y, f"{fmt_num(est, digits, lang)} {fmt_ci(lo, hi, digits, lang)}", ha="left", **bold)
            ax_r.text(0.98, y, "100%" if kind == "total" else "", ha="right", **bold)
            if kind == "total":
                total_y, total_est = y, est
        elif kind == "pi" and isinstance(payload, Pooled):
            lo, hi = _sc(a, payload.pi_low), _sc(a, payload.pi_high)
            ax_l.text(0.04, y, _t("Prediction interval", "Interval prediksi", lang) + f" ({pi_short(a)})", ha="left",
                      **norm)
            ax.plot([lo, hi], [y, y], color=_PI, lw=2.2, solid_capstyle="butt")
            ax.plot([lo, lo], [y - 0.18, y + 0.18], color=_PI, lw=1.2)
            ax.plot([hi, hi], [y - 0.18, y + 0.18], color=_PI, lw=1.2)
            xs.extend([lo, hi])
            ax_r.text(0.03, y, fmt_ci(lo, hi, digits, lang), ha="left", color=_PI, fontsize=fs, va="center")
        elif kind == "het" and isinstance(payload, Pooled):
            ax_l.text(0.02, y, _heterogeneity(payload, a.method, lang), ha="left",
                      fontsize=fs - 0.5, color=_INK, va="center")
        elif kind == "between":
            ax_l.text(0.02, y, _t("Test for subgroup differences: ", "Uji perbedaan subkelompok: ", lang)
                      + f"Q = {fmt_num(a.q_between, 2, lang)} (df = {a.df_between}, {fmt_p(a.p_between, lang)})",
                      ha="left", fontsize=fs - 0.5, color=_INK, va="center")
    null = 1.0 if a.ratio else 0.0
    finite = [x for x in xs if math.isfinite(x) and (x > 0 or not a.ratio)]
    lo_x, hi_x = (min(finite + [null]), max(finite + [null])) if finite else (null - 1, null + 1)
    if a.ratio:
        ax.set_xscale("log")
        pad = (math.log(hi_x) - math.log(lo_x)) * 0.06 or 0.1
        ax.set_xlim(math.exp(math.log(lo_x) - pad), math.exp(math.log(hi_x) + pad))
    else:
        pad = (hi_x - lo_x) * 0.06 or 0.1
        ax.set_xlim(lo_x - pad, hi_x + pad)
    if a.measure not in ("PR", "PLO", "PFT"):  # a proportion has no "no effect" line
        ax.axvline(null, color="#6b7280", lw=0.9)
    if "total_est" in locals() and math.isfinite(total_est):
        ax.plot([total_est, total_est], [total_y, -0.5], color=_INK, lw=0.8, ls=(0, (3, 3)))
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=fs)
    _ratio_ticks(ax, a.ratio, lang)
    ax.set_xlabel(MEASURE_LABELS[a.measure].in_(lang) + (_t(" (log scale)", " (skala log)", lang) if a.ratio else ""),
                  fontsize=fs, color=_INK)
    _fit_labels(fig, ax_l, labels, n_texts, gap_points=fs)
    return fig


def _fit_labels(fig: Figure, ax_l: Axes, labels: list[MplText], n_texts: list[MplText], gap_points: float) -> None:
    """Shorten each label (with "…") until its measured width ends a gap before the n column (or, without
    one, before the plot), so a long study name never overprints the next column."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    gap = gap_points * fig.dpi / 72
    edge = min((t.get_window_extent(renderer).x0 for t in n_texts), default=ax_l.get_window_extent(renderer).x1)
    limit = edge - gap
    for t in labels:
        full = t.get_text()
        if t.get_window_extent(renderer).x1 <= limit:
            continue
        lo, hi = 0, len(full)  # the longest prefix that fits: lo fits, hi does not
        while hi - lo > 1:
            mid = (lo + hi) // 2
            t.set_text(full[:mid].rstrip() + "…")
            if t.get_window_extent(renderer).x1 <= limit:
                lo = mid
            else:
                hi = mid
        t.set_text(full[:lo].rstrip() + "…")


def funnel_plot(a: MetaAnalysis, lang: str = "en") -> Figure:
    """A contour-enhanced funnel plot: effect against standard error (0 at the top).

    Shaded bands mark where a study's own two-sided p would be < 0.01, 0.01–0.05 and 0.05–0.10
    against no effect (Peters JL et al. 2008, *J Clin Epidemiol* 61:991–996); the dashed triangle is
    the pooled estimate ± 1.96 SE. Studies imputed by trim-and-fill are drawn as open circles.
    """
    yi = np.array([s.yi for s in a.studies])
    se = np.sqrt(np.array([s.vi for s in a.studies]))
    ok = np.isfinite(yi) & np.isfinite(se)
    fill_y = a.trimfill.filled_yi if a.trimfill is not None else np.zeros(0)
    fill_se = np.sqrt(a.trimfill.filled_vi) if a.trimfill is not None else np.zeros(0)
    max_se = float(max(se[ok].max() if ok.any() else 1.0, fill_se.max() if len(fill_se) else 0.0)) * 1.08
    fig = Figure(figsize=(6.4, 5.0), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    s_grid = np.linspace(0, max_se, 200)
    bands = [(0.10, 0.05, "#e5e7eb"), (0.05, 0.01, "#bfc5cf"), (0.01, 0.0, "#8f98a6")]
    tr = math.exp if a.ratio else (lambda v: v)
    null = 0.0
    est = a.pooled.estimate
    z = float(stats.norm.isf(0.025))
    lim = max(float(np.abs(yi[ok] - null).max()) if ok.any() else 1.0, abs(est) + z * max_se,
              float(np.abs(fill_y).max()) if len(fill_y) else 0.0) * 1.1
    extent = 2 * lim  # the outermost band runs past the visible edge
    handles: list[Artist] = []
    for p_hi, p_lo, color in bands:
        z_in = float(stats.norm.isf(p_hi / 2))
        z_out = float(stats.norm.isf(p_lo / 2)) if p_lo > 0 else math.inf
        inner = np.minimum(z_in * s_grid, extent)
        outer = np.full_like(s_grid, extent) if math.isinf(z_out) else np.minimum(z_out * s_grid, extent)
        for sign in (1, -1):
            ax.fill_betweenx(s_grid, [tr(null + sign * v) for v in inner], [tr(null + sign * v) for v in outer],
                             color=color, lw=0)
        label = f"p < {fmt_num(p_hi, 2, lang)}" if p_lo == 0 else f"{fmt_num(p_lo, 2, lang)} < p < {fmt_num(p_hi, 2, lang)}"
        handles.append(Patch(color=color, label=label))
    ax.plot([tr(est - z * max_se), tr(est), tr(est + z * max_se)], [max_se, 0, max_se], color=_INK, lw=0.9,
            ls=(0, (4, 3)))
    ax.axvline(tr(est), color=_INK, lw=1)
    ax.scatter([tr(v) for v in yi[ok]], se[ok], s=26, color=_ACCENT, edgecolor="white", lw=0.6, zorder=3)
    handles.append(Line2D([], [], marker="o", ls="none", color=_ACCENT, label=_t("study", "studi", lang)))
    if len(fill_y):
        ax.scatter([tr(v) for v in fill_y], fill_se, s=26, facecolor="white", edgecolor=_ACCENT, lw=1, zorder=3)
        handles.append(Line2D([], [], marker="o", ls="none", mfc="white", mec=_ACCENT,
                              label=_t("imputed (trim-and-fill)", "imputasi (trim-and-fill)", lang)))
    ax.set_ylim(max_se, 0)
    from matplotlib.ticker import FuncFormatter

    yt = [t for t in ax.get_yticks() if 0 <= t <= max_se]
    ystep = min((b - a for a, b in zip(yt, yt[1:], strict=False)), default=0.1)
    ydigits = max(0, math.ceil(-math.log10(ystep) - 1e-9)) if ystep > 0 else 2
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_num(v, ydigits, lang)))
    if a.ratio:
        ax.set_xscale("log")
        ax.set_xlim(math.exp(-lim), math.exp(lim))
    else:
        ax.set_xlim(-lim, lim)
    _ratio_ticks(ax, a.ratio, lang)
    scale = _POOLING_SCALE[a.measure].in_(lang) if a.measure in _POOLING_SCALE else MEASURE_LABELS[a.measure].in_(lang)
    ax.set_xlabel(scale + (_t(" (log scale)", " (skala log)", lang) if a.ratio else ""))
    ax.set_ylabel(_t("Standard error", "Galat baku (SE)", lang))
    title = _t("Funnel plot", "Funnel plot", lang)
    k = int(ok.sum())
    if k < MIN_STUDIES_FOR_BIAS_TESTS:
        # Sterne et al. 2011: below 10 studies the funnel's shape cannot be told from chance
        title += "\n" + _t(f"Only {k} studies (< {MIN_STUDIES_FOR_BIAS_TESTS}): asymmetry cannot be judged reliably",
                           f"Hanya {k} studi (< {MIN_STUDIES_FOR_BIAS_TESTS}): asimetri tidak dapat dinilai dengan andal",
                           lang)
    ax.set_title(title, fontsize=10, color=_PI if k < MIN_STUDIES_FOR_BIAS_TESTS else _INK)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    # below the axes, so that no study is hidden behind it
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=7.5, frameon=False)
    return fig


def baujat_plot(a: MetaAnalysis, lang: str = "en") -> Figure:
    """Baujat plot: each study's contribution to heterogeneity (x) against its influence on the
    pooled result (y), labelled with the study's name (Baujat et al. 2002; metafor ``baujat``).

    Studies in the upper right both add much heterogeneity and move the result. Needs ≥ 3 studies
    and an inverse-variance model (``a.baujat`` is ``None`` otherwise: ValueError).
    """
    if a.baujat is None:
        raise ValueError("no Baujat coordinates: needs at least 3 studies and an inverse-variance model")
    x, y = a.baujat.x, a.baujat.y
    fig = Figure(figsize=(6.4, 5.0), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    ok = np.isfinite(x) & np.isfinite(y)
    ax.scatter(x[ok], y[ok], s=22, color=_ACCENT, edgecolor="white", lw=0.6, zorder=3)
    xr = (float(np.ptp(x[ok])) or 1.0) if ok.any() else 1.0
    yr = (float(np.ptp(y[ok])) or 1.0) if ok.any() else 1.0
    placed: list[tuple[float, float]] = []
    for i in sorted(np.flatnonzero(ok), key=lambda j: (-float(y[j]), float(x[j]))):
        # labels near ones already placed go, in turn, left-above, right-below, left-below (less overlap)
        near = sum(abs(float(x[i]) - px) < 0.25 * xr and abs(float(y[i]) - py) < 0.06 * yr for px, py in placed) % 4
        dx, dy, ha = ((4, 3, "left"), (-4, 3, "right"), (4, -9, "left"), (-4, -9, "right"))[near]
        ax.annotate(_short(a.studies[i].study), (float(x[i]), float(y[i])), xytext=(dx, dy), ha=ha,
                    textcoords="offset points", fontsize=7, color=_INK)
        placed.append((float(x[i]), float(y[i])))
    ax.grid(color="#e5e7eb", lw=0.6)
    ax.set_axisbelow(True)
    ax.margins(x=0.18, y=0.1)  # room for the study names beside the outermost points
    xlab = (_t("Contribution to overall heterogeneity", "Kontribusi terhadap heterogenitas total", lang)
            if a.method in ("FE", "MH") else _t("Squared Pearson residual", "Residual Pearson kuadrat", lang))
    ax.set_xlabel(xlab)
    ax.set_ylabel(_t("Influence on overall result", "Pengaruh terhadap hasil gabungan", lang))
    ax.set_title(_t("Baujat plot", "Plot Baujat", lang) + f" ({method_label(a.method, a.hk, lang)})", fontsize=10)
    from matplotlib.ticker import FuncFormatter

    ax.set_xlim(left=max(ax.get_xlim()[0], -0.05 * xr))  # both coordinates are ≥ 0
    ax.set_ylim(bottom=max(ax.get_ylim()[0], -0.05 * yr))
    for axis, lim in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        ticks = [t for t in axis.get_majorticklocs() if lim[0] <= t <= lim[1]]
        # as many decimals as the ticks need to be shown exactly (0.25 steps need two)
        digits = next((d for d in range(7) if all(abs(round(t, d) - t) < 1e-9 for t in ticks)), 6)
        axis.set_major_formatter(FuncFormatter(lambda v, _pos, d=digits: fmt_num(v, d, lang)))
    fig.tight_layout()
    return fig


def _ratio_ticks(ax: Axes, ratio: bool, lang: str) -> None:
    """Round ticks in the locale's format; 0.1, 0.2, 0.5, 1, 2, 5, ... on a log axis."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    if ratio:
        lo, hi = ax.get_xlim()
        subs = (1, 2, 5) if math.log10(hi / lo) <= 2.2 else (1,)  # wide ranges: decades only, no crowding
        nice = [m * 10.0**e for e in range(-6, 7) for m in subs]
        ticks = [t for t in nice if lo <= t <= hi]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_num(v, max(0, -math.floor(math.log10(v))), lang)))
    else:
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        step = min((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=1.0)
        digits = max(0, math.ceil(-math.log10(step) - 1e-9)) if step > 0 else 1  # as many as the tick step needs
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_num(v, digits, lang)))


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buf.getvalue()


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write a figure as PNG or SVG according to the file's suffix."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError("figure path must end in .png or .svg")
    write_bytes(path, figure_bytes(fig, fmt))  # laktasi.files: atomic, OS errors as InputError
    return path
