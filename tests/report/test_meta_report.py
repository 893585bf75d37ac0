"""Meta-analysis report: the same content in HTML and DOCX, in the user's language."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from laktasi.meta.analysis import run_meta_analysis
from laktasi.meta.table import read_study_table
from laktasi.report.meta_report import (
    build_meta_document,
    render_meta_docx,
    render_meta_html,
    write_meta_report,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def analysis():
    frame = pd.read_csv(ROOT / "examples" / "meta" / "bcg.csv")
    return run_meta_analysis(read_study_table(frame, "RR", subgroup="allocation", moderator="latitude"))


def test_document_sections_and_numbers(analysis):
    title, blocks = build_meta_document(analysis, "en", source="bcg.csv")
    assert title == "Meta-analysis: Risk ratio"
    heads = [b.text for b in blocks if b.kind == "h2"]
    assert heads[:2] == ["Methods", "Pooled result"]
    assert "Subgroups (allocation)" in heads and "Meta-regression (latitude)" in heads and "Leave-one-out" in heads
    pooled = next(b.text for b in blocks if b.kind == "p" and b.text.startswith("Risk ratio pooled"))
    # BCG REML (metafor): RR 0.489 [0.344, 0.696], PI [0.155, 1.549], I² 92.2%
    assert "0.49 (95% CI [0.34, 0.70]; p < 0.001)" in pooled
    assert "[0.15, 1.55]" in pooled and "I² = 92.2%" in pooled
    table = next(b for b in blocks if b.kind == "table")
    assert len(table.rows) == 14  # 13 studies + pooled


def test_html_is_self_contained_and_indonesian(analysis):
    page = render_meta_html(analysis, "id")
    assert page.startswith("<!DOCTYPE html>") and 'lang="id"' in page
    assert page.count("<svg") == 3  # forest, funnel and Baujat inline
    assert "Heterogenitas" in page and "Interval prediksi 95%" in page and "0,49" in page
    assert "<script" not in page


def test_docx_has_tables_and_pictures(analysis, tmp_path):
    doc = Document(io.BytesIO(render_meta_docx(analysis, "en")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Pooled result" in text and "Trim-and-fill" in text
    assert len(doc.inline_shapes) == 3  # forest, funnel, Baujat
    assert len(doc.tables) == 6  # studies, subgroups, meta-regression, leave-one-out, influence, cumulative
    assert doc.tables[0].rows[1].cells[0].text == "Aronson 1948"
    path = write_meta_report(analysis, tmp_path / "m.docx", "id")
    assert path.read_bytes()[:2] == b"PK"
    with pytest.raises(ValueError):
        write_meta_report(analysis, tmp_path / "m.pdf")
