"""robvis-style figures: what is drawn (circles per judgement and their colours, symbols, bar shares,
id/en labels), read back from the figure's artists, not pixels."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex

from laktasi.report.meta_plots import figure_bytes
from laktasi.report.robvis import (
    COLOURS,
    StudyJudgements,
    judgement_shares,
    robvis_table,
    summary_plot,
    traffic_light_plot,
)

ROB2_STUDIES = [
    StudyJudgements("Sari 2021", {"D1": "low", "D2": "some_concerns", "D3": "low", "D4": "high", "D5": "low"},
                    "high", weight=10.0),
    StudyJudgements("Putri 2019", {f"D{i}": "low" for i in range(1, 6)}, "low", weight=30.0),
    StudyJudgements("Wulandari 2020", {"D1": "some_concerns", "D2": "low", "D3": "low", "D4": "some_concerns",
                                       "D5": "low"}, "some_concerns", weight=60.0),
]
ROBINS_STUDIES = [
    StudyJudgements("Anggraini 2018", dict(zip([f"D{i}" for i in range(1, 8)], [
        "serious", "low", "low", "moderate", "no_information", "moderate", "low"], strict=True)), "serious"),
    StudyJudgements("Dewi 2022", dict(zip([f"D{i}" for i in range(1, 8)], [
        "critical", "low", "low", "moderate", "low", "serious", "low"], strict=True)), "critical"),
]


def _circles(fig):
    """judgement → (number of circles, their face colours)."""
    out = {}
    for coll in fig.axes[0].collections:
        gid = coll.get_gid() or ""
        if gid.startswith("rob:"):
            out[gid[4:]] = (len(coll.get_offsets()), {to_hex(c).upper() for c in coll.get_facecolors()})
    return out


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_traffic_light_counts_colours_and_symbols():
    fig = traffic_light_plot("rob2", ROB2_STUDIES, "en")
    circles = _circles(fig)
    # 3 studies × (5 domains + overall) = 18 circles: Sari 3 low, 1 some concerns, 2 high (D4, overall);
    # Putri 6 low; Wulandari 3 low, 3 some concerns (D1, D4, overall)
    assert {k: n for k, (n, _) in circles.items()} == {"low": 12, "some_concerns": 4, "high": 2}
    assert circles["low"][1] == {"#02C100"} and circles["some_concerns"][1] == {"#E2DF07"}
    assert circles["high"][1] == {"#BF0000"}
    symbols = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("rob-symbol:")]
    assert sorted(t.get_text() for t in symbols) == sorted(["+"] * 12 + ["-"] * 4 + ["X"] * 2)
    texts = _texts(fig)
    assert {"Study", "Overall", "Sari 2021", "Putri 2019", "Wulandari 2020", "D1", "D5"} <= set(texts)
    assert "D1: Bias arising from the randomisation process" in texts
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["+  Low risk", "-  Some concerns", "X  High risk"]


def test_traffic_light_robins_has_seven_domains_and_five_levels_in_indonesian():
    fig = traffic_light_plot("robins_i", ROBINS_STUDIES, "id")
    circles = _circles(fig)
    assert sum(n for n, _ in circles.values()) == 2 * 8
    assert circles["critical"] == (2, {"#820000"})  # Dewi D1 and overall
    assert circles["no_information"] == (1, {"#4EA1F7"})
    assert circles["serious"][0] == 3 and circles["moderate"][0] == 3 and circles["low"][0] == 7
    texts = _texts(fig)
    assert {"Studi", "Keseluruhan", "D7"} <= set(texts) and "D1: Bias karena perancu (confounding)" in texts
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["+  Risiko rendah", "-  Risiko sedang", "X  Risiko serius", "!  Risiko kritis",
                      "?  Tidak ada informasi"]


def test_missing_judgement_is_drawn_grey_not_dropped():
    s = [StudyJudgements("Baru 2024", {"D1": "low"}, "")]
    circles = _circles(traffic_light_plot("rob2", s, "en"))
    assert circles["not_judged"] == (5, {"#CCCCCC"}) and circles["low"][0] == 1


def _bars(fig):
    """row index (0 = top) → judgement → width (%)."""
    ax = fig.axes[0]
    out: dict[int, dict[str, float]] = {}
    n = len(ax.get_yticks())
    for container in ax.containers:
        j = container.patches[0].get_gid()
        for patch in container.patches:
            row = n - 1 - round(patch.get_y() + patch.get_height() / 2)
            out.setdefault(row, {})[j] = patch.get_width()
    return out


def test_summary_unweighted_shares_are_counts_over_studies():
    shares = judgement_shares("rob2", ROB2_STUDIES)
    assert shares["D1"] == pytest.approx({"low": 200 / 3, "some_concerns": 100 / 3, "high": 0.0})
    assert shares["overall"] == pytest.approx({"low": 100 / 3, "some_concerns": 100 / 3, "high": 100 / 3})
    fig = summary_plot("rob2", ROB2_STUDIES, "en")
    bars = _bars(fig)
    assert len(bars) == 6  # five domains and overall
    for row, key in enumerate(["D1", "D2", "D3", "D4", "D5", "overall"]):
        got = {k.removeprefix("rob:"): v for k, v in bars[row].items()}
        assert got == pytest.approx(shares[key])
        assert sum(got.values()) == pytest.approx(100.0)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Overall risk of bias"
    assert ax.get_xlabel() == "Studies (%)"
    colours = {p.get_gid(): to_hex(p.get_facecolor()).upper() for p in ax.patches}
    assert colours == {"rob:low": COLOURS["low"], "rob:some_concerns": COLOURS["some_concerns"],
                       "rob:high": COLOURS["high"]}


def test_summary_weighted_uses_the_weights():
    shares = judgement_shares("rob2", ROB2_STUDIES, weighted=True)
    # D4: low = Putri (30), some concerns = Wulandari (60), high = Sari (10) of 100
    assert shares["D4"] == pytest.approx({"low": 30.0, "some_concerns": 60.0, "high": 10.0})
    fig = summary_plot("rob2", ROB2_STUDIES, "id", weighted=True)
    assert fig.axes[0].get_xlabel() == "Studi, berbobot (%)"
    assert {k.removeprefix("rob:"): v for k, v in _bars(fig)[3].items()} == pytest.approx(shares["D4"])


def test_figures_render_to_png():
    for fig in (traffic_light_plot("rob2", ROB2_STUDIES, "id"), summary_plot("robins_i", ROBINS_STUDIES, "en")):
        assert figure_bytes(fig, "png").startswith(b"\x89PNG")


def test_robvis_table_uses_the_r_packages_format():
    """robvis' data_rob2 / data_robins: Study, D1..Dn, Overall, Weight; judgements as words."""
    rows = robvis_table("rob2", ROB2_STUDIES)
    assert rows[0] == ["Study", "D1", "D2", "D3", "D4", "D5", "Overall", "Weight"]
    assert rows[1] == ["Sari 2021", "Low", "Some concerns", "Low", "High", "Low", "High", "10"]
    rows = robvis_table("robins_i", ROBINS_STUDIES)
    assert rows[0][-2:] == ["Overall", "Weight"] and len(rows[0]) == 10
    assert rows[1][1:9] == ["Serious", "Low", "Low", "Moderate", "No information", "Moderate", "Low", "Serious"]
