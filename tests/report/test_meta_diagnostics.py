"""Issue 13 in the meta plots and report: Baujat plot, funnel warning below 10 studies, the
prediction interval's label, influence and cumulative tables, proportions shown back-transformed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from laktasi.meta.analysis import run_meta_analysis
from laktasi.meta.table import read_study_table
from laktasi.report.meta_plots import baujat_plot, forest_plot, funnel_plot
from laktasi.report.meta_report import build_meta_document, render_meta_docx, render_meta_html

ROOT = Path(__file__).resolve().parents[2]
REF13 = json.loads((ROOT / "r" / "meta" / "issue13_reference.json").read_text())


@pytest.fixture(scope="module")
def bcg():
    return run_meta_analysis(read_study_table(pd.read_csv(ROOT / "examples" / "meta" / "bcg.csv"), "RR"))


@pytest.fixture(scope="module")
def prevalence():
    frame = pd.read_csv(ROOT / "examples" / "meta" / "contoh_asi_eksklusif.csv")
    return run_meta_analysis(read_study_table(frame, "PLO"))


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_baujat_plot_labels_every_study_at_metafors_coordinates(bcg, lang):
    fig = baujat_plot(bcg, lang)
    ax = fig.axes[0]
    assert sorted(_texts(fig)) == sorted(s.study for s in bcg.studies)
    offsets = ax.collections[0].get_offsets()
    ref = REF13["diagnostics"]["REML"]["baujat"]  # same trials, same order as dat.bcg
    assert [float(x) for x in offsets[:, 0]] == pytest.approx(ref["x"], rel=1e-6)
    assert [float(y) for y in offsets[:, 1]] == pytest.approx(ref["y"], rel=1e-6)
    assert ("Plot Baujat" if lang == "id" else "Baujat plot") in ax.get_title()


def test_funnel_below_ten_studies_carries_the_warning(prevalence, bcg):
    assert prevalence.pooled.k == 9
    assert "asymmetry cannot be judged" in funnel_plot(prevalence, "en").axes[0].get_title()
    assert "asimetri tidak dapat dinilai" in funnel_plot(prevalence, "id").axes[0].get_title()
    assert "Only" not in funnel_plot(bcg, "en").axes[0].get_title()


def test_forest_shows_proportions_and_names_the_pi(prevalence):
    texts = _texts(forest_plot(prevalence, "id"))
    back = REF13["proportions"]["PLO"]["back"]
    pooled = [t for t in texts if t.startswith(f"{back['pred']:.2f}".replace(".", ","))]
    assert pooled, texts
    assert any(t.startswith("Interval prediksi (z)") for t in texts)


def test_report_has_influence_cumulative_baujat_and_pi_label(bcg):
    _, blocks = build_meta_document(bcg, "id")
    heads = [b.text for b in blocks if b.kind == "h2"]
    assert "Diagnostik pengaruh (influence)" in heads and "Meta-analisis kumulatif" in heads
    assert any(b.kind == "figure" and b.figure == "baujat" for b in blocks)
    text = " ".join(b.text for b in blocks if b.kind == "p")
    assert "kuantil normal (z)" in text
    html = render_meta_html(bcg, "en")
    assert "Influence diagnostics" in html and "Cumulative meta-analysis" in html and html.count("<svg") == 3
    assert len(render_meta_docx(bcg, "en")) > 10_000


def test_report_below_ten_studies_has_no_small_study_section(prevalence):
    _, blocks = build_meta_document(prevalence, "en")
    assert not any(b.kind == "figure" and b.figure == "funnel" for b in blocks)
    assert "Small-study effects" not in [b.text for b in blocks if b.kind == "h2"]
    methods = " ".join(b.text for b in blocks if b.kind == "p")
    assert "logits" in methods
