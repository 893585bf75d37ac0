"""The seed chapter in skripsi style as an examiner checks it (issue 13): numbering as Word captions, Sumber lines,
"Berdasarkan tabel" paragraphs, page layout, hypothesis sentences, the SPSS bridge, symbols defined, the design's
correction on page 1, and no English in the Indonesian text."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.shared import Pt
from lxml import html as lxml_html

from laktasi.cli import main
from laktasi.report.study import _column_widths, render_study_docx, render_study_html
from laktasi.report.study_document import Table, build_study_document
from laktasi.trial.analysis import analyse
from laktasi.trial.design import design_from_mapping
from laktasi.trial.study import load_study, study_from_frame

sys.path.insert(0, str(Path(__file__).parent))
from study_fixture import make_analysis  # noqa: E402

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed_balibo"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def seed():
    return analyse(load_study(SEED / "data.csv", SEED / "design.yaml"))


@pytest.fixture(scope="module")
def docx_id(seed):
    return Document(io.BytesIO(render_study_docx(seed, "id", images={})))


def _text(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_captions_are_word_seq_fields_numbered_by_chapter(docx_id, seed):
    instr = [e.text.strip() for e in docx_id.element.body.iter(f"{W}instrText")]
    doc = build_study_document(seed, "id", ["kelancaran_bars"])
    n_tables = len(doc.tables())
    assert instr.count("SEQ Tabel \\* ARABIC") == n_tables >= 6  # what Word's Daftar Tabel (TOC \c "Tabel") collects
    captions = [p for p in docx_id.paragraphs if p.style.name == "Caption"]
    assert [c.text.split(" ")[1] for c in captions] == [f"4.{i}" for i in range(1, n_tables + 1)]
    assert captions[0].text == "Tabel 4.1 Jumlah responden menurut kelompok"
    chapter2 = build_study_document(seed, "id", ["kelancaran_bars"], style="skripsi")
    assert chapter2.tables()[0].shown == "4.1"
    figure = next(b for b in doc.blocks if b.__class__.__name__ == "FigureRef")
    assert figure.shown == "4.1"


def test_every_table_has_its_source_and_a_berdasarkan_paragraph(docx_id):
    text = _text(docx_id)
    year = dt.date.today().year
    assert text.count(f"Sumber: Data Primer, {year}") == sum(1 for p in docx_id.paragraphs if p.style.name == "Caption"
                                                             and p.text.startswith("Tabel"))
    for i in range(1, 7):
        assert any(t.startswith(f"Berdasarkan tabel 4.{i}, ") for t in text), i


def test_page_layout_font_and_spacing(docx_id):
    section = docx_id.sections[0]
    margins = (section.left_margin, section.top_margin, section.right_margin, section.bottom_margin)
    assert [round(m.cm, 2) for m in margins] == [4.0, 3.0, 3.0, 3.0]  # left, top, right, bottom (stored in twips)
    normal = docx_id.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(12)
    assert normal.paragraph_format.line_spacing == 1.5
    for table in docx_id.tables:  # no row split across pages
        assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in table.rows)


def test_hypothesis_conclusion_and_spss_bridge(docx_id):
    text = " ".join(_text(docx_id))
    assert ("Karena p = 0,008 < α = 0,05, maka H0 ditolak: terdapat perbedaan kelancaran ASI sesudah intervensi "
            "antara kelompok intervensi dan kelompok kontrol.") in text
    assert "Karena p = 0,063 ≥ α = 0,05, maka H0 diterima" in text
    # what SPSS prints for the massaged arm's Wilcoxon test (r/trial/spss_bridge.out), beside the exact p
    assert "Z = −2,236, Asymp. Sig. (2-tailed) = 0,025" in text
    assert "pendekatan normal" in text  # the one sentence on why it differs at small n
    # where SPSS's Asymp. Sig. and the exact p fall on different sides of α, that is said at that very test
    assert "Di SPSS hasil ini tampak bermakna (Asymp. Sig. = 0,025), padahal p eksak = 0,063" in text
    assert "Kesimpulan" in _text(docx_id)
    conclusion = _text(docx_id)[_text(docx_id).index("Kesimpulan") + 1]
    assert conclusion.startswith("Terdapat perbedaan kelancaran ASI yang bermakna") and "alokasi tidak acak" in conclusion


def test_case_control_label_only_with_its_correction(docx_id):
    paragraphs = [t for t in _text(docx_id) if "Case Control" in t]
    assert paragraphs and all("kasus–kontrol" in t for t in paragraphs)
    page_one = _text(docx_id)[:6]
    assert any("Case Control" in t and "tidak tepat" in t for t in page_one)


def test_symbols_defined_and_d_z_subscript():
    document = Document(io.BytesIO(render_study_docx(make_analysis(), "id", images={})))
    notes = " ".join(_text(document))
    for meaning in ("V: jumlah peringkat selisih positif", "U: statistik Mann–Whitney", "t: statistik t"):
        assert meaning in notes
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert any(r.text == "z" and r.font.subscript for r in runs)
    page = render_study_html(make_analysis(), "id", images={})
    assert "<i>d</i><sub>z</sub>" in page and "d_z" not in lxml_html.fromstring(page).text_content()


def test_no_category_word_is_cut_mid_word():
    table = Table(1, "x", ("Kategori", "Kelompok intervensi, n (%)", "Kelompok kontrol, n (%)", "Total, n (%)", "p"),
                  (("   kurang lancar", "5 (100,0%)", "0 (0,0%)", "5 (50,0%)", "0,008"),
                   ("   perguruan tinggi", "2 (40,0%)", "1 (20,0%)", "3 (30,0%)", ""),), shown="4.1")
    widths, _ = _column_widths(table, 14.0)
    for j, width in enumerate(widths):
        longest = max(len(w) for row in (table.header, *table.rows) for w in row[j].split())
        assert width.cm >= longest * 0.19, (j, width.cm)


def test_chapter_flag_and_plain_style(tmp_path, capsys):
    out = tmp_path / "bab3.docx"
    assert main(["analyze", str(SEED / "data.csv"), "--design", str(SEED / "design.yaml"), "--report", str(out),
                 "--chapter", "3"]) == 0
    captions = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Tabel 3.1 ")
    plain = tmp_path / "plain.docx"
    assert main(["analyze", str(SEED / "data.csv"), "--design", str(SEED / "design.yaml"), "--report", str(plain),
                 "--style", "plain"]) == 0
    document = Document(str(plain))
    assert [p.text for p in document.paragraphs if p.style.name == "Caption"][0].startswith("Tabel 1. ")
    assert not any(p.text.startswith("Sumber:") for p in document.paragraphs)
    assert main(["analyze", str(SEED / "data.csv"), "--report", str(plain), "--chapter", "0"]) == 2


# English words that must not appear in an Indonesian report (design labels, sources, warnings, Python lists).
# Allowed: names of tests and people (Mann–Whitney, Fisher), SPSS's own output labels (Exact Sig., Asymp. Sig.),
# and a label the user wrote, in quotes with its correction (“Case Control”).
ENGLISH = frozenset("""the and of between group groups arm arms study before after adjusted warning not with which
from this that were was is are trial control none true false nan test tests difference mean change participant
participants quasi experiment quasi-experiment two-arm randomised randomized two one only pairs pair for in to on by or
no yes level levels outcome reference significant rank sign sum left out because could computed exact table figure
source day days covariate covariates missing values value unusual possible baseline pre post""".split())
ALLOWED_CONTEXT = re.compile(r"“[^”]*”|Exact Sig\.|Asymp\. Sig\.|'Case Control'")


def _english(text: str) -> list[str]:
    text = ALLOWED_CONTEXT.sub(" ", text)
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", text) if w.lower() in ENGLISH})


def _web_like_study():
    frame = pd.DataFrame({"id": range(1, 9), "arm": ["kontrol"] * 4 + ["intervensi"] * 4,
                          "volume_pre": [10, 12, 11, 9, 8, 10, 12, 11.5], "volume_post": [12, 13, 14, 10, 20, 24, 22, 19],
                          "umur": [19, 25, 30, 36, 22, 28, 33, 40], "skor": [1, 2, 3, None, 5, 6, 7, 8]})
    design = design_from_mapping({
        "id": "id", "arm": {"column": "arm", "reference": "kontrol"}, "design_label": "two-arm quasi-experiment",
        "outcomes": {"volume": {"pre": "volume_pre", "post": "volume_post", "unit": "ml", "kind": "continuous",
                                "measure": "expressed_volume"}}, "covariates": ["umur", "skor"]})
    return analyse(study_from_frame(frame, design, source="study 1: Pijat oksitosin"))


@pytest.mark.parametrize("style", ["skripsi", "plain"])
def test_no_english_in_indonesian_output(seed, style):
    for analysis in (seed, make_analysis(), _web_like_study()):
        page = render_study_html(analysis, "id", images={}, style=style)
        body = " ".join(lxml_html.fromstring(page).find("body").text_content().split())
        assert _english(body) == [], body[:200]
        assert not re.search(r"\['[^\]]*'\]", body)  # no printed Python list
        document = Document(io.BytesIO(render_study_docx(analysis, "id", images={}, style=style)))
        text = " ".join(_text(document) + [c.text for t in document.tables for row in t.rows for c in row.cells])
        assert _english(text) == []


def test_ancova_reported_as_f_with_partial_eta_and_adjusted_means():
    # R (r/trial/ancova_report.out): F(1, 21) = 23.26, partial η² 0.53 [0.21, 0.71], emmeans 23.90 vs 15.66,
    # homogeneity of slopes F(1, 20) = 2.27, p = 0.147 — and 23,9 − 15,7 = 8,2, the adjusted difference printed
    a = analyse(load_study(SEED.parent / "study_wide.csv"))
    page = render_study_html(a, "id", images={})
    text = " ".join(lxml_html.fromstring(page).find("body").text_content().split())
    assert ("rerata terkoreksi 23,9 ml pada kelompok intervensi dan 15,7 ml pada kelompok kontrol; analisis "
            "kovarians (ANCOVA), F(1, 21) = 23,26, p < 0,001, η² parsial 0,53 (IK 95% 0,21–0,71), beda rerata "
            "terkoreksi 8,2 ml") in text
    assert "Asumsi homogenitas kemiringan regresi terpenuhi (interaksi kelompok × nilai sebelum: F(1, 20) = 2,27, " \
           "p = 0,147)" in text
    assert "η² parsial: bagian variasi" in text and "F: statistik F ANCOVA" in text
