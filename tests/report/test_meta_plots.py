"""Forest and funnel plots: what is drawn (rows, scale, labels), not pixels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from laktasi.meta.analysis import run_meta_analysis
from laktasi.meta.table import read_study_table
from laktasi.report.meta_plots import figure_bytes, forest_plot, funnel_plot, save_figure

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bcg_analysis():
    frame = pd.read_csv(ROOT / "examples" / "meta" / "bcg.csv")
    return run_meta_analysis(read_study_table(frame, "RR", subgroup="allocation"))


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_forest_has_a_row_per_study_subgroup_diamonds_and_pi(bcg_analysis):
    fig = forest_plot(bcg_analysis, "en")
    texts = _texts(fig)
    for s in bcg_analysis.studies:
        assert s.study in texts
    assert sum(t.startswith("Subtotal (k = ") for t in texts) == 3
    assert "Prediction interval (z)" in texts  # the label says which quantile (issue 13)
    assert any(t.startswith("Test for subgroup differences") for t in texts)
    plot_ax = fig.axes[1]
    assert plot_ax.get_xscale() == "log"  # ratio measure: natural scale on a log axis
    assert len(plot_ax.patches) == 4  # three subgroup diamonds and the overall one
    # the pooled effect is printed back-transformed: exp(-0.7145) = 0.49 (metafor BCG REML)
    assert "0.49 [0.34, 0.70]" in texts
    assert "Risk ratio (log scale)" == plot_ax.get_xlabel()


def test_forest_indonesian_labels_and_decimal_comma(bcg_analysis):
    texts = _texts(forest_plot(bcg_analysis, "id"))
    assert "Studi" in texts and "Bobot" in texts and "Interval prediksi (z)" in texts
    assert "0,49 [0,34; 0,70]" in texts


def test_forest_without_subgroups_and_fixed_effect_has_no_pi():
    frame = pd.read_csv(ROOT / "examples" / "meta" / "contoh_pijat_oksitosin.csv", sep=";", decimal=",")
    a = run_meta_analysis(read_study_table(frame, "MD"), method="FE")
    fig = forest_plot(a, "en")
    texts = _texts(fig)
    assert "Prediction interval" not in texts
    assert fig.axes[1].get_xscale() == "linear"
    assert len(fig.axes[1].patches) == 1


def test_funnel_marks_filled_studies_and_contours(bcg_analysis):
    fig = funnel_plot(bcg_analysis, "en")
    ax = fig.axes[0]
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # standard error 0 at the top
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "p < 0.01" in labels and "0.01 < p < 0.05" in labels and "0.05 < p < 0.10" in labels
    k0 = bcg_analysis.trimfill.k0
    assert k0 == 1 and "imputed (trim-and-fill)" in labels
    offsets = [c.get_offsets() for c in ax.collections if c.get_offsets().shape[0] in (13, k0)]
    assert any(o.shape[0] == 13 for o in offsets)
    # points sit at (exp(yi), sqrt(vi)) for a ratio measure
    pts = next(o for o in offsets if o.shape[0] == 13)
    np.testing.assert_allclose(pts[:, 1], np.sqrt([s.vi for s in bcg_analysis.studies]))


def test_save_png_and_svg(tmp_path, bcg_analysis):
    fig = forest_plot(bcg_analysis, "en")
    assert save_figure(fig, tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in save_figure(fig, tmp_path / "f.svg").read_bytes()
    with pytest.raises(ValueError):
        save_figure(fig, tmp_path / "f.jpg")
    assert len(figure_bytes(fig, "png")) > 10000


def test_a_long_study_label_never_overprints_the_n_column():
    """A review's own-study label ("DEMO — Pijat oksitosin … (laktasi)") is shortened with an ellipsis to
    the measured width: every study label ends before the n column starts, in PNG and SVG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    long = "DEMO — Pijat oksitosin dan volume ASI (data sintetis) (laktasi)"
    frame = pd.DataFrame({"study": ["Ani 2020", long, "Budi 2021 " + "W" * 40],
                          "mean_t": [10.0, 11.0, 9.5], "sd_t": [2.0, 2.5, 2.2], "n_t": [20, 188, 31],
                          "mean_c": [8.0, 8.5, 8.0], "sd_c": [2.5, 2.4, 2.1], "n_c": [21, 190, 30]})
    a = run_meta_analysis(read_study_table(frame, "MD"))
    for lang in ("id", "en"):
        fig = forest_plot(a, lang)
        renderer = FigureCanvasAgg(fig).get_renderer()
        ax_l = fig.axes[0]
        n_col = [t for t in ax_l.texts if t.get_text() in ("41", "378", "61")]
        assert len(n_col) == 3
        n_left = min(t.get_window_extent(renderer).x0 for t in n_col)
        rows = {round(t.get_position()[1]): t for t in ax_l.texts if t.get_position()[0] == 0.04}
        names = [rows[-i].get_text() for i in (1, 2, 3)]
        assert names[0] == "Ani 2020"  # a short label is left alone
        assert names[1].endswith("…") and long.startswith(names[1][:-1]) and len(names[1]) > 10
        assert names[2].endswith("…")
        for i in (1, 2, 3):
            assert rows[-i].get_window_extent(renderer).x1 < n_left
        assert "…".encode() in figure_bytes(fig, "svg")  # the shortened label is what is drawn
