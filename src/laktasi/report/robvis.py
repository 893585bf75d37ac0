"""Risk-of-bias figures in the style of robvis (McGuinness & Higgins 2021, Res Synth Methods 12:55-61).

* :func:`traffic_light_plot` — one row per study, one column per domain and an overall column; each
  judgement a coloured circle with its symbol (low ``+`` green, some concerns / moderate ``-`` yellow,
  high / serious ``X`` red, critical ``!`` dark red, no information ``?`` blue), robvis' "cochrane" colours.
* :func:`summary_plot` — per domain (and overall) a horizontal bar split into the share of studies at each
  judgement, unweighted or weighted (e.g. by the studies' meta-analysis weights).

Labels are Indonesian or English (domain names from the tool's data file). The figures are matplotlib
:class:`~matplotlib.figure.Figure` objects (no pyplot state); :func:`laktasi.report.meta_plots.figure_bytes`
writes PNG or SVG. Every drawn circle and bar segment carries its judgement in its ``gid``
(``"rob:<judgement>"``), so tests and callers can read the figure's data back from its artists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from laktasi.review.risk_of_bias import tool

__all__ = ["COLOURS", "ROBVIS_VALUES", "SYMBOLS", "StudyJudgements", "judgement_shares", "robvis_table", "summary_plot",
           "traffic_light_plot"]

#: robvis' "cochrane" palette (rob_traffic_light / rob_summary, colour = "cochrane").
COLOURS: dict[str, str] = {
    "low": "#02C100", "some_concerns": "#E2DF07", "moderate": "#E2DF07", "high": "#BF0000",
    "serious": "#BF0000", "critical": "#820000", "no_information": "#4EA1F7",
}
#: robvis' symbols inside the traffic lights.
SYMBOLS: dict[str, str] = {
    "low": "+", "some_concerns": "-", "moderate": "-", "high": "X", "serious": "X", "critical": "!",
    "no_information": "?",
}
#: The judgement words robvis' ``rob_traffic_light`` / ``rob_summary`` read (their first letter counts).
ROBVIS_VALUES: dict[str, str] = {
    "low": "Low", "some_concerns": "Some concerns", "moderate": "Moderate", "high": "High", "serious": "Serious",
    "critical": "Critical", "no_information": "No information",
}
_NOT_JUDGED = "#cccccc"
_INK = "#1f2937"


@dataclass(frozen=True)
class StudyJudgements:
    """One study's final judgements: domain key ("D1", ...) → judgement key, and the overall one."""

    study: str
    domains: Mapping[str, str]
    overall: str
    weight: float = 1.0
    extra: Mapping[str, str] = field(default_factory=dict)


def _t(en: str, id_: str, lang: str) -> str:
    return id_ if lang == "id" else en


def _order(tool_key: str) -> list[str]:
    """Judgements from least to most severe, as robvis stacks them (no information last)."""
    return list(tool(tool_key).judgements)


def traffic_light_plot(tool_key: str, studies: Sequence[StudyJudgements], lang: str = "en") -> Figure:
    """Studies × domains (+ overall) as coloured circles with symbols; domain names and the legend below.

    Drawn in inch coordinates so that the figure grows with the number of studies and its texts."""
    t = tool(tool_key)
    keys = [d.key for d in t.domains]
    names = [s.study if len(s.study) <= 40 else s.study[:39] + "…" for s in studies]
    captions = [f"{d.key}: {d.name.in_(lang)}" for d in t.domains]
    overall_label = _t("Overall", "Keseluruhan", lang)
    col, row, line = 0.42, 0.4, 0.19
    label_w = max(0.9, 0.068 * max((len(n) for n in names), default=8)) + 0.15
    x_overall = label_w + col * len(keys) + 0.2 + 0.06 * len(overall_label) / 2
    grid_w = x_overall + 0.06 * len(overall_label) / 2 + 0.15
    width = max(grid_w, 0.058 * max(len(c) for c in captions) + 0.3, 4.2)
    judgements = _order(tool_key)
    legend_rows = 1 if len(judgements) <= 3 else 2
    height = 0.45 + row * max(len(studies), 1) + 0.2 + line * len(keys) + 0.12 + 0.28 * legend_rows + 0.25
    fig = Figure(figsize=(width, height), dpi=150)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    xs_of = {k: label_w + col * (j + 0.5) for j, k in enumerate(keys)} | {"overall": x_overall}
    y = height - 0.25
    ax.text(0.1, y, _t("Study", "Studi", lang), ha="left", va="center", fontsize=8, fontweight="bold", color=_INK)
    for c, x in xs_of.items():
        ax.text(x, y, overall_label if c == "overall" else c, ha="center", va="center", fontsize=8,
                fontweight="bold", color=_INK)
    by_judgement: dict[str, tuple[list[float], list[float]]] = {}
    for i, s in enumerate(studies):
        y = height - 0.45 - row * (i + 0.5)
        ax.text(0.1, y, names[i], ha="left", va="center", fontsize=7.5, color=_INK)
        for c, x in xs_of.items():
            judgement = s.overall if c == "overall" else s.domains.get(c, "")
            xs, ys = by_judgement.setdefault(judgement or "", ([], []))
            xs.append(x)
            ys.append(y)
            if judgement:
                ax.text(x, y, SYMBOLS[judgement], ha="center", va="center", fontsize=8, fontweight="bold",
                        color="white" if judgement in ("high", "serious", "critical") else _INK, zorder=4,
                        gid=f"rob-symbol:{judgement}")
    for judgement, (xs, ys) in by_judgement.items():
        ax.scatter(xs, ys, s=250, c=COLOURS.get(judgement, _NOT_JUDGED), edgecolors="#4b5563", linewidths=0.6,
                   zorder=3, gid=f"rob:{judgement or 'not_judged'}")
    grid_bottom = height - 0.45 - row * max(len(studies), 1)
    sep = (xs_of[keys[-1]] + x_overall) / 2
    ax.add_line(Line2D([sep, sep], [grid_bottom, height - 0.45], color="#9ca3af", lw=0.8))
    y = grid_bottom - 0.2
    for c in captions:
        y -= line
        ax.text(0.1, y, c, ha="left", va="center", fontsize=7, color=_INK)
    handles = [Line2D([], [], marker="o", ls="", markersize=8, markerfacecolor=COLOURS[j], markeredgecolor="#4b5563",
                      label=f"{SYMBOLS[j]}  {t.judgement_label(j, lang)}") for j in judgements]
    legend = ax.legend(handles=handles, loc="lower left", ncol=3, fontsize=7, frameon=False,
                       title=_t("Judgement", "Penilaian", lang), title_fontsize=7, bbox_to_anchor=(0.0, 0.0),
                       alignment="left")
    legend.set_gid("rob-legend")
    return fig


def judgement_shares(tool_key: str, studies: Sequence[StudyJudgements],
                     weighted: bool = False) -> dict[str, dict[str, float]]:
    """Row ("D1", ..., "overall") → judgement → percentage of studies (or of the total weight)."""
    keys = [d.key for d in tool(tool_key).domains]
    out: dict[str, dict[str, float]] = {}
    for row in [*keys, "overall"]:
        totals = dict.fromkeys(_order(tool_key), 0.0)
        for s in studies:
            j = s.overall if row == "overall" else s.domains.get(row, "")
            if j in totals:
                totals[j] += s.weight if weighted else 1.0
        whole = sum(totals.values())
        out[row] = {j: (100.0 * v / whole if whole else 0.0) for j, v in totals.items()}
    return out


def summary_plot(tool_key: str, studies: Sequence[StudyJudgements], lang: str = "en",
                 weighted: bool = False) -> Figure:
    """Per domain and overall, a bar split into the percentage of studies at each judgement."""
    t = tool(tool_key)
    shares = judgement_shares(tool_key, studies, weighted)
    rows = list(shares)
    labels = [t.domain(r).name.in_(lang) if r != "overall" else _t("Overall risk of bias",
                                                                   "Risiko bias keseluruhan", lang) for r in rows]
    labels = [lab if len(lab) <= 60 else lab[:59] + "…" for lab in labels]
    width, height = 8.5, 1.3 + 0.36 * len(rows)
    margin = (0.062 * max(len(lab) for lab in labels) + 0.2) / width
    fig = Figure(figsize=(width, height), dpi=150)
    ax = fig.add_axes((margin, 1.0 / height, 0.94 - margin, 1.0 - 1.25 / height))
    ys = list(range(len(rows)))[::-1]  # first domain on top, overall at the bottom
    left = [0.0] * len(rows)
    for j in _order(tool_key):
        widths = [shares[r][j] for r in rows]
        ax.barh(ys, widths, left=left, color=COLOURS[j], edgecolor="#4b5563", linewidth=0.5, height=0.7,
                label=t.judgement_label(j, lang), gid=f"rob:{j}")
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(ys, labels, fontsize=7.5)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=7.5)
    ax.set_xlabel(_t("Studies, weighted (%)", "Studi, berbobot (%)", lang) if weighted
                  else _t("Studies (%)", "Studi (%)", lang), fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, texts = ax.get_legend_handles_labels()
    fig.legend(handles, texts, loc="lower center", bbox_to_anchor=(0.5, 0.02), ncol=len(texts), fontsize=7,
               frameon=False)
    return fig



def robvis_table(tool_key: str, studies: Sequence[StudyJudgements]) -> list[list[str]]:
    """Header and rows in the data format of the robvis R package (``Study, D1, ..., Overall, Weight``), so
    the judgements can be drawn there too: ``rob_traffic_light(read.csv(f), tool = "ROB2"`` or
    ``"ROBINS-I")``."""
    keys = [d.key for d in tool(tool_key).domains]
    rows = [["Study", *keys, "Overall", "Weight"]]
    for s in studies:
        rows.append([s.study, *(ROBVIS_VALUES.get(s.domains.get(k, ""), "") for k in keys),
                     ROBVIS_VALUES.get(s.overall, ""), f"{s.weight:g}"])
    return rows
