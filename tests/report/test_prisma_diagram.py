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
        "Identification of new studies via databases and registers", "Records identified from*:",
        "Databases (n = 412)", "Google Scholar (n = 356)", "PubMed (n = 56)",
        "Duplicate records removed (n = 38)", "(n = 0)", "Records removed for other reasons (n = 21)",
        "Records screened", "(n = 353)", "Records excluded**", "(n = 318)", "Reports sought for retrieval",
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


# ---------------------------------------------------------------------------------------------
# template variants (issue 12); each was also rendered to PNG and looked at (see the closing note)

FOOTNOTE_EN = ("*Consider, if feasible to do so, reporting the number of records identified from each database or "
               "register searched")


def test_footnotes_and_source_line_in_both_languages(tmp_path):
    counts = read_counts(EXAMPLE)
    en = _texts(save_prisma(counts, tmp_path / "en.svg", "en")).replace("\n", " ")
    assert FOOTNOTE_EN in en and "**If automation tools were used" in en
    assert "BMJ 2021;372:n71" in en and "doi: 10.1136/bmj.n71" in en
    idn = _texts(save_prisma(counts, tmp_path / "id.svg", "id")).replace("\n", " ")
    assert "*Bila memungkinkan" in idn and "**Bila alat otomatis" in idn and "Sumber: Page MJ" in idn


def test_updated_review_template(tmp_path):
    counts = replace(read_counts(EXAMPLE), previous_studies=9, previous_reports=11, new_studies=6, new_reports=6,
                     total_studies=15, total_reports=17)
    assert counts.is_update
    text = _texts(save_prisma(counts, tmp_path / "u.svg", "en"))
    flat = " ".join(text.split())
    for expected in ["Previous studies", "Studies included in previous version of review", "(n = 9)",
                     "Reports of studies included in previous version of review", "(n = 11)",
                     "New studies included in review", "Reports of new included studies",
                     "Total studies included in review", "(n = 15)", "Reports of total included studies", "(n = 17)"]:
        assert expected in flat, expected
    plain = draw_prisma(replace(counts, previous_studies=None, previous_reports=None), "en")
    assert draw_prisma(counts, "en").get_figwidth() > plain.get_figwidth()  # the extra column
    idn = " ".join(_texts(save_prisma(counts, tmp_path / "u_id.svg", "id")).split())
    assert "Studi sebelumnya" in idn and "Total studi yang disertakan dalam tinjauan" in idn


def test_template_placeholders_and_zero_columns_are_not_drawn(tmp_path, benchdata):
    counts = read_counts(benchdata / "prisma2020" / "PRISMA.csv")
    text = _texts(save_prisma(counts, tmp_path / "t.svg", "en"))
    for placeholder in ("Reason1", "Register 1", "Database 1", "xxx"):
        assert placeholder not in text
    assert "other methods" not in text and "Previous studies" not in text  # the template's zeros
    # placeholders built in code (not read from a file) are not drawn either
    built = PrismaCounts(dbr_excluded=(("Reason1", None), ("Wrong population", 3)))
    text = _texts(save_prisma(built, tmp_path / "b.svg", "en"))
    assert "Reason1" not in text and "Wrong population (n = 3)" in text


def test_unknown_source_translated_and_bare_total_of_reasons(tmp_path):
    from laktasi.review.prisma import UNKNOWN_SOURCE

    counts = PrismaCounts(database_results=14, database_specific_results=(("PubMed", 10), (UNKNOWN_SOURCE, 4)),
                          dbr_excluded=(("", 0),))
    en = _texts(save_prisma(counts, tmp_path / "en.svg", "en"))
    assert "(unknown source) (n = 4)" in en and "Reports excluded\n(n = 0)" in en
    idn = _texts(save_prisma(counts, tmp_path / "id.svg", "id"))
    assert "(sumber tidak diketahui) (n = 4)" in idn


def test_automation_line_drawn_when_given(tmp_path):
    given = _texts(save_prisma(PrismaCounts(duplicates=3, excluded_automatic=120), tmp_path / "a.svg", "en"))
    assert "Records marked as ineligible by automation tools" in given and "(n = 120)" in given
    absent = _texts(save_prisma(PrismaCounts(duplicates=3), tmp_path / "b.svg", "en"))
    assert "automation tools (n" not in absent.replace("\n", " ")
