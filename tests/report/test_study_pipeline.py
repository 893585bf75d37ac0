"""The report on real analyses (trial.load_study → trial.analyse): the seed study, three time points, one group.

Independent references for the numbers checked here are worked out by enumeration in the comments.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from docx import Document
from lxml import html as lxml_html

from laktasi.report.study import render_study_html, write_study_reports
from laktasi.trial.analysis import analyse
from laktasi.trial.design import design_from_mapping
from laktasi.trial.study import load_study, study_from_frame

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _tables(page: str) -> dict[str, list[list[str]]]:
    tree = lxml_html.fromstring(page)
    return {t.get("data-key"): [[" ".join(c.text_content().split()) for c in tr if c.tag in ("td", "th")]
                                for tr in t.iter("tr")] for t in tree.iter("table")}


def _text(page: str) -> str:
    return " ".join(lxml_html.fromstring(page).text_content().split())


@pytest.fixture(scope="module")
def seed():
    return analyse(load_study(EXAMPLES / "seed_balibo" / "data.csv", EXAMPLES / "seed_balibo" / "design.yaml"))


def test_seed_study_report(seed):
    page = render_study_html(seed, "id")
    rows = _tables(page)["frequency:kelancaran"]
    # the seed study's Table 4.7 as data: control 1 kurang + 4 cukup lancar at both times; intervention 5 → lancar
    assert rows[2] == ["kurang lancar", "1 (20,0%)", "1 (20,0%)", "5 (100,0%)", "0 (0,0%)"]
    assert rows[3] == ["cukup lancar", "4 (80,0%)", "4 (80,0%)", "0 (0,0%)", "0 (0,0%)"]
    text = _text(page)
    # exact sign test, 5 of 5 improving: p = 2 × 0.5^5 = 0.0625 (binomial enumeration), printed half-up
    assert "uji tanda, S = 5, p = 0,063 (eksak)" in text
    # exact Mann–Whitney on the categories after: only 1 of C(10,5) = 252 labellings puts all five
    # intervention mothers above all five controls, and 1 puts them all below → p = 2/252 = 0.0079
    assert "uji Mann–Whitney, U = 25, p = 0,008 (eksak)" in text
    assert "Case Control" in text  # the mislabelled design is shown as the paper labels it …
    assert any(w.code for w in seed.warnings)
    for warning in seed.warnings:  # … and every coded warning is printed
        assert " ".join(warning.text.in_("id").split()) in text
    assert "0,000" not in text


def test_three_time_points_name_the_compared_times():
    analysis = analyse(load_study(EXAMPLES / "study_three_times.csv", EXAMPLES / "design_three_times.yaml"))
    outcome = analysis.outcomes[0]
    first, last = outcome.compared
    page = render_study_html(analysis, "id")
    desc = _tables(page)[f"descriptives:{outcome.name}"]
    assert {row[1] for row in desc[1:]} == set(outcome.time_labels)  # every time point described
    tests = _tables(page)[f"tests:{outcome.name}"]
    assert any(row[0].endswith(f"{first} vs {last}") for row in tests[1:])
    assert f"({first} sampai {last})" in _text(page)


def test_one_group_study(tmp_path):
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({
        "id": range(8), "volume_pre": rng.uniform(5, 15, 8).round(1), "volume_post": rng.uniform(10, 25, 8).round(1),
        "asi_pre": ["tidak", "ya", "tidak", "tidak", "ya", "tidak", "tidak", "tidak"],
        "asi_post": ["ya", "ya", "ya", "tidak", "ya", "ya", "ya", "tidak"],
    })
    analysis = analyse(study_from_frame(frame, source="satu-kelompok.csv"))
    html_path, docx_path = write_study_reports(analysis, [tmp_path / "r.html", tmp_path / "r.docx"], "id")
    text = _text(html_path.read_text(encoding="utf-8"))
    assert "Pada seluruh responden, volume ASI" in text
    assert "Antarkelompok" not in text
    # binary outcome: 4 "tidak" → "ya", 0 back; 2 unchanged "ya", 2 unchanged "tidak"
    assert "proporsi asi kategori “ya” berubah dari 25,0% (sebelum) menjadi 75,0% (sesudah); uji McNemar" in text
    doc = Document(str(docx_path))
    assert any("Tidak ada kelompok kontrol" in p.text for p in doc.paragraphs)


def test_long_design_with_covariates_shows_characteristics():
    frame = pd.DataFrame({
        "id": list(range(1, 9)), "kelompok": ["kontrol"] * 4 + ["intervensi"] * 4,
        "umur": [24, 31, 28, 35, 22, 29, 33, 26], "paritas": ["primipara", "multipara"] * 4,
        "v1": [8, 9, 10, 7, 6, 9, 8, 7], "v2": [12, 13, 15, 10, 20, 24, 22, 19],
    })
    design = design_from_mapping({"id": "id", "arm": {"column": "kelompok", "reference": "kontrol"},
                                  "outcomes": {"volume": {"pre": "v1", "post": "v2", "unit": "ml",
                                                          "kind": "continuous"}},
                                  "covariates": ["umur", "paritas"]})
    analysis = analyse(study_from_frame(frame, design, source="kovariat.csv"))
    rows = _tables(render_study_html(analysis, "id"))["karakteristik"]
    # umur, kontrol: 24, 31, 28, 35 → mean 29.5, SD sqrt(65/3) = 4.65; intervensi 22, 29, 33, 26 → 27.5, 4.65
    assert ["rerata (SD)", "29,5 (4,7)", "27,5 (4,7)", "", ""] in rows
    assert ["20–35", "4 (100,0%)", "4 (100,0%)", "8 (100,0%)", ""] in rows  # every mother aged 20–35
    assert ["primipara", "2 (50,0%)", "2 (50,0%)", "4 (50,0%)", ""] in rows
