"""PRISMA 2020 diagram: every box shows its count, in both languages, as SVG, PNG and DOCX.

The SVG keeps text as text (svg.fonttype none), so each box's wording and count is checked
against the counts it was drawn from.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from laktasi.errors import InputError
from laktasi.report.prisma_diagram import draw_prisma, save_prisma
from laktasi.review.prisma import PrismaCounts, read_counts

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "review" / "prisma_counts.yaml"


def _texts(svg_path: Path) -> str:
    svg = svg_path.read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return "\n".join(re.sub(r"<[^>]+>", "", t) for t in texts).replace("\u00a0", " ")


def test_svg_boxes_match_the_counts_in_english(tmp_path):
    counts = read_counts(EXAMPLE)
    text = _texts(save_prisma(counts, tmp_path / "p.svg", "en"))
    for expected in [
        "Identification of new studies via databases and registers", "Records identified from:",
        "Databases (n = 412)", "Google Scholar (n = 356)", "PubMed (n = 56)",
        "Duplicate records removed (n = 38)", "(n = 0)", "Records removed for other reasons (n = 21)",
        "Records screened", "(n = 353)", "Records excluded", "(n = 318)", "Reports sought for retrieval",
        "(n = 35)", "Reports not retrieved", "(n = 4)", "Reports assessed for eligibility", "(n = 31)",
        "Not oxytocin massage alone (n = 11)", "No breast-milk outcome (n = 8)",
        "Not an intervention study (n = 6)", "Studies included in review", "(n = 6)",
        "Reports of included studies", "Identification", "Screening", "Included",
    ]:
        assert expected in text, expected
    assert "other methods" not in text  # no counts for the optional column
    assert "Registers" not in text  # not reported: the line is left out


def test_indonesian_labels_and_number_format(tmp_path):
    counts = replace(read_counts(EXAMPLE), database_results=12345, database_specific_results=(("PubMed", 12345),))
    text = _texts(save_prisma(counts, tmp_path / "p.svg", "id"))
    for expected in ["Identifikasi studi baru melalui basis data dan registri", "Basis data (n = 12.345)",
                     "Rekaman duplikat dihapus (n = 38)", "Rekaman yang ditapis", "Laporan yang tidak diperoleh",
                     "Laporan yang dinilai kelayakannya", "Studi yang disertakan dalam tinjauan", "Penapisan",
                     "Disertakan"]:
        assert expected in text, expected


def test_other_methods_column_and_not_reported(tmp_path):
    counts = replace(read_counts(EXAMPLE), citations_results=7, website_results=3, other_sought_reports=10,
                     other_notretrieved_reports=1, other_assessed=9, other_excluded=(("Wrong population", 7),))
    assert counts.has_other_methods
    text = _texts(save_prisma(counts, tmp_path / "p.svg", "en"))
    for expected in ["Identification of new studies via other methods", "Websites (n = 3)",
                     "Organisations (n = –)", "Citation searching (n = 7)", "(n = 10)", "(n = 9)",
                     "Wrong population (n = 7)"]:
        assert expected in text, expected
    wide = draw_prisma(counts, "en")
    narrow = draw_prisma(counts, "en", other_methods=False)
    assert wide.get_figwidth() > narrow.get_figwidth()


def test_png_and_docx(tmp_path):
    from docx import Document
    from PIL import Image

    counts = read_counts(EXAMPLE)
    png = save_prisma(counts, tmp_path / "p.png", "id", dpi=100)
    with Image.open(png) as im:
        assert im.size[0] == pytest.approx(draw_prisma(counts, "id").get_figwidth() * 100, abs=1)
    docx = save_prisma(counts, tmp_path / "p.docx", "id")
    doc = Document(str(docx))
    assert len(doc.inline_shapes) == 1
    assert doc.paragraphs[-1].text == "Gambar 1. Diagram alir PRISMA 2020"


def test_template_with_nothing_reported_draws(tmp_path, benchdata):
    counts = read_counts(benchdata / "prisma2020" / "PRISMA.csv")
    assert save_prisma(counts, tmp_path / "t.png").stat().st_size > 10_000
    assert save_prisma(PrismaCounts(), tmp_path / "empty.svg").exists()


def test_bad_suffix(tmp_path):
    with pytest.raises(InputError):
        save_prisma(PrismaCounts(), tmp_path / "p.jpg")
