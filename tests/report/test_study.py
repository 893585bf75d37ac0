"""The study report: tables, sentences, figures and both formats, checked the way an examiner reads them.

Expected descriptives are computed by hand from the fixture's raw values (``study_fixture.VOLUME``) in
the comments beside them; the test results are fixture inputs, so what is checked here is that each is
shown, formatted per locale, in the right place.
"""

from __future__ import annotations

import base64
import io
import re
import sys
from pathlib import Path

import pytest
from docx import Document
from lxml import html as lxml_html

from laktasi.errors import InputError
from laktasi.report.study import render_study_docx, render_study_html, write_study_report, write_study_reports
from laktasi.report.study_document import build_study_document, is_synthetic
from laktasi.report.study_figures import MAX_LINES, study_figures

sys.path.insert(0, str(Path(__file__).parent))
from study_fixture import make_analysis  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"
NO_FIGURES: dict[str, bytes] = {}  # for tests about text only: drawing is the slow part


def _tables(page: str) -> dict[str, list[list[str]]]:
    tree = lxml_html.fromstring(page)
    out = {}
    for table in tree.iter("table"):
        rows = [[" ".join(c.text_content().split()) for c in tr if c.tag in ("td", "th")] for tr in table.iter("tr")]
        out[table.get("data-key")] = rows
    return out


@pytest.fixture(scope="module")
def html_id() -> str:
    return render_study_html(make_analysis(), "id", style="plain")  # skripsi: test_study_skripsi.py


@pytest.fixture(scope="module")
def html_en() -> str:
    return render_study_html(make_analysis(), "en", images=NO_FIGURES)


def test_html_parses_and_has_every_section(html_id):
    tree = lxml_html.fromstring(html_id)
    headings = [h.text_content() for h in tree.iter("h2")]
    assert headings == ["Karakteristik responden", "Aturan klasifikasi", "Analisis univariat",
                        "Sebelum dan sesudah menurut kelompok", "Analisis bivariat", "Kesimpulan", "Peringatan",
                        "Cara hasil ini dihitung"]
    assert tree.get("lang") == "id"


def test_characteristics_table_counts_per_arm(html_id, html_en):
    assert _tables(html_id)["characteristics"] == [
        ["Kelompok", "n (%)"], ["Kelompok kontrol (pembanding)", "5 (50,0%)"],
        ["Kelompok intervensi", "5 (50,0%)"], ["Total", "10 (100,0%)"]]
    assert _tables(html_en)["characteristics"][1] == ["Control group (reference)", "5 (50.0%)"]


def test_descriptives_formatted_per_locale(html_id, html_en):
    rows = _tables(html_id)["descriptives:volume"]
    assert rows[0] == ["Kelompok", "Waktu", "n", "Rerata (SD)", "Median (IQR)", "Minimum–maksimum"]
    # intervention before: 5, 8, 6, 7, 9 → mean 7.0, SD sqrt(10/4) = 1.58, quartiles (type 7) 6 and 8
    assert rows[3] == ["Kelompok intervensi", "sebelum", "5", "7,0 (1,6)", "7,0 (6,0–8,0)", "5,0–9,0"]
    # intervention after: 25, 30, 22, 28, 26 → mean 26.2, SD sqrt(36.8/4) = 3.03
    assert rows[4] == ["Kelompok intervensi", "sesudah", "5", "26,2 (3,0)", "26,0 (25,0–28,0)", "22,0–30,0"]
    assert _tables(html_en)["descriptives:volume"][4][3] == "26.2 (3.0)"


def test_frequency_table_has_n_and_percent_per_arm_and_time(html_id):
    rows = _tables(html_id)["frequency:kelancaran"]
    assert rows[0] == ["", "Kelompok kontrol", "Kelompok intervensi"]
    assert rows[1] == ["Kategori", "sebelum", "sesudah", "sebelum", "sesudah"]
    # seed Table 4.7 read as data: control 4 × cukup lancar (80%), 1 × kurang lancar; intervention 5 → lancar
    assert rows[2] == ["kurang lancar", "1 (20,0%)", "1 (20,0%)", "5 (100,0%)", "0 (0,0%)"]
    assert rows[3] == ["cukup lancar", "4 (80,0%)", "4 (80,0%)", "0 (0,0%)", "0 (0,0%)"]
    assert rows[4] == ["lancar", "0 (0,0%)", "0 (0,0%)", "0 (0,0%)", "5 (100,0%)"]


def test_pre_post_crosstab_per_arm(html_id):
    rows = _tables(html_id)["crosstab:kelancaran:intervensi"]
    assert rows[0] == ["Sebelum \\ Sesudah", "kurang lancar", "cukup lancar", "lancar", "Total"]
    assert rows[1] == ["kurang lancar", "0", "0", "5", "5"]
    assert rows[-1] == ["Total", "0", "0", "5", "5"]


def test_tests_table_marks_primary_and_never_prints_p_zero(html_id):
    rows = _tables(html_id)["tests:volume"]
    assert rows[0] == ["Perbandingan", "Uji", "n", "Statistik", "Nilai p", "Ukuran efek (IK 95%)"]
    assert rows[1][:5] == ["● Kelompok kontrol, sebelum vs sesudah", "Uji t berpasangan (uji t dependen)", "5",
                           "t(4) = 3,21", "0,033"]
    assert rows[2][3:] == ["t(4) = 12,25", "< 0,001", "beda rerata: 19,2 ml [14,8; 23,6]; dz: 5,48 [1,80; 9,10]"]  # d<sub>z</sub>
    assert rows[3][:5] == ["Kelompok intervensi, sebelum vs sesudah", "Uji peringkat bertanda Wilcoxon", "5",
                           "V = 15", "0,063 (eksak)"]
    assert "0,000" not in html_id and "0.000" not in html_id
    kel = _tables(html_id)["tests:kelancaran"]
    assert kel[2][3] == "S = 5"  # a count, not "5,00"
    assert kel[1][2] == "—"  # the control group: every pair unchanged, nothing entered the sign test


def test_one_apa_sentence_per_test_indonesian(html_id):
    tree = lxml_html.fromstring(html_id)
    sentences = [" ".join(p.text_content().split()) for p in tree.find_class("sentence")]
    assert ("Pada kelompok intervensi, volume ASI meningkat dari rerata 7,0 ml (SD 1,6) menjadi 26,2 ml (SD 3,0); "
            "uji t berpasangan (uji t dependen), t(4) = 12,25, p < 0,001, beda rerata 19,2 ml (IK 95% 14,8–23,6). "
            "Hasil ini bermakna secara statistik (α = 0,05).") in sentences
    assert ("Dibandingkan antarkelompok, volume ASI sesudah, dikoreksi untuk nilai sebelum: rerata sesudah "
            "tanpa koreksi 26,2 ml pada "
            "kelompok intervensi dan 12,4 ml pada kelompok kontrol; analisis kovarians (ANCOVA), t(7) = 7,91, "
            "p < 0,001, beda rerata terkoreksi 15,6 ml (IK 95% 10,9–20,3). "
            "Hasil ini bermakna secara statistik (α = 0,05).") in sentences
    assert any(s.startswith("Pada kelompok kontrol, proporsi kelancaran ASI kategori “lancar” tetap 0,0%")
               and s.endswith("uji tanda, S = 0, p = 1,000 (eksak); 5 pasangan tanpa perubahan kategori tidak ikut "
                              "dihitung. Hasil ini tidak bermakna secara statistik (α = 0,05), dan tidak mungkin bermakna: "
                              "tidak ada pasangan yang berubah.") for s in sentences)
    # 5 of 5 improving: not significant, and no data of this size could be (smallest exact p = 2/2^5)
    assert any(s.endswith("uji tanda, S = 5, p = 0,063 (eksak). Hasil ini tidak bermakna secara statistik "
                          "(α = 0,05), dan dengan besar sampel ini tidak mungkin bermakna: p terkecil yang dapat "
                          "dicapai uji ini adalah 0,0625.") for s in sentences)
    items = [" ".join(li.text_content().split()) for li in tree.iter("li")]
    # a CI crossing zero is written with words, since "−2,5–21,1" would read as a range of negatives
    assert ("Antarkelompok, perubahan (sesudah − sebelum): uji t Welch, t(7,6) = 8,10, p < 0,001, "
            "beda rerata 16,4 ml (IK 95% −2,5 sampai 21,1).") in items  # secondary tests: one line each
    primaries = sum(t.primary for t in make_analysis().tests)
    assert len(sentences) == primaries


def test_sentences_in_english(html_en):
    text = " ".join(lxml_html.fromstring(html_en).text_content().split())
    assert ("In the intervention group, mean milk volume increased from 7.0 ml (SD 1.6) to 26.2 ml (SD 3.0); "
            "paired t-test, t(4) = 12.25, p < 0.001, mean difference 19.2 ml (95% CI 14.8–23.6).") in text
    assert "Mann–Whitney test, U = 0, p = 0.008 (exact), rank-biserial correlation 1.00 (95% CI 0.60–1.00)" in text
    assert "Welch t-test, t(7.6) = 8.10" in text
    assert "(95% CI 14.8–23.6). This result is statistically significant (α = 0.05)." in text
    assert ("This result is not statistically significant (α = 0.05), and at this sample size it could not be: "
            "the smallest p this test can reach is 0.0625.") in text


def test_reasons_rules_and_warnings_are_shown(html_id):
    text = " ".join(lxml_html.fromstring(html_id).text_content().split())
    assert "Alasan pemilihan uji:" in text
    # the same test and reason in both groups is said once, naming both
    assert ("Uji t berpasangan (uji t dependen) (Kelompok kontrol, Kelompok intervensi): Selisih tampak normal, "
            "sehingga uji t berpasangan.") in text
    assert "< 10" in text and "kurang lancar" in text and "≥ 20" in text  # the classification rule
    assert "nilai p terkecil yang mungkin = 0,0625" in text


def test_figures_are_embedded_png(html_id):
    tree = lxml_html.fromstring(html_id)
    figures = list(tree.iter("figure"))
    assert [f.get("data-key") for f in figures] == ["volume_lines", "volume_box", "kelancaran_bars"]
    for fig in figures:
        src = next(fig.iter("img")).get("src")
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == PNG
    assert "Gambar 1." in html_id and "Tabel 1." in html_id


def test_synthetic_label_only_when_the_analysis_says_so():
    assert not is_synthetic(make_analysis())
    assert is_synthetic(make_analysis(synthetic=True))
    page = render_study_html(make_analysis(synthetic=True), "id", images=NO_FIGURES)
    banner = lxml_html.fromstring(page).get_element_by_id("synthetic-data")
    assert banner.text_content().startswith("DATA SINTETIS")
    assert "DATA SINTETIS" not in render_study_html(make_analysis(), "id", images=NO_FIGURES)
    assert "SYNTHETIC DATA" in render_study_html(make_analysis(), "en", synthetic=True, images=NO_FIGURES)


def test_docx_opens_with_tables_sentences_and_pictures(tmp_path):
    path = write_study_report(make_analysis(synthetic=True), tmp_path / "hasil.docx", "id", style="plain")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "Hasil Penelitian"
    assert "DATA SINTETIS" in text
    assert ("Pada kelompok intervensi, volume ASI meningkat dari rerata 7,0 ml (SD 1,6) menjadi 26,2 ml (SD 3,0); "
            "uji t berpasangan (uji t dependen), t(4) = 12,25, p < 0,001, beda rerata 19,2 ml (IK 95% 14,8–23,6).") in text
    assert "Tabel 1. Jumlah responden menurut kelompok" in text
    assert len(doc.inline_shapes) == 3
    document = build_study_document(make_analysis(), "id", ["volume_lines", "volume_box", "kelancaran_bars"])
    assert len(doc.tables) == len(document.tables())
    freq = doc.tables[[t.key for t in document.tables()].index("frequency:kelancaran")]
    assert [c.text for c in freq.rows[1].cells] == ["Kategori", "sebelum", "sesudah", "sebelum", "sesudah"]
    # short cells are kept on one line with no-break spaces
    assert [c.text for c in freq.rows[3].cells] == ["cukup\xa0lancar", "4\xa0(80,0%)", "4\xa0(80,0%)", "0\xa0(0,0%)",
                                                    "0\xa0(0,0%)"]
    assert freq.rows[0].cells[1].text == "Kelompok kontrol"  # merged over "sebelum" and "sesudah"
    assert freq.rows[0].cells[2].text == "Kelompok kontrol"
    assert "0,000" not in text and doc.core_properties.language == "id-ID"
    assert 'w:instr="PAGE"' in doc.sections[0].footer._element.xml  # page numbers
    assert round(doc.sections[0].page_width.cm, 1) == 21.0  # A4


def test_docx_english(tmp_path):
    doc = Document(io.BytesIO(render_study_docx(make_analysis(), "en", images=NO_FIGURES)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "Results"
    assert "paired t-test, t(4) = 12.25, p < 0.001, mean difference 19.2 ml (95% CI 14.8–23.6)" in text
    cells = [c.text.replace("\xa0", " ") for t in doc.tables for r in t.rows for c in r.cells]
    assert "26.2 (3.0)" in cells and "26,2 (3,0)" not in cells


def test_unknown_suffix_is_a_user_error(tmp_path):
    with pytest.raises(InputError) as exc:
        write_study_report(make_analysis(), tmp_path / "hasil.pdf")
    assert exc.value.problems[0].code == "report_format"
    assert "laporan harus berakhiran .html atau .docx" in exc.value.problems[0].message("id")


def test_report_without_participant_data_draws_boxes_from_descriptives():
    figures = study_figures(make_analysis(with_data=False), "id")
    assert sorted(figures) == ["kelancaran_bars", "volume_box"]
    page = render_study_html(make_analysis(with_data=False), "en")
    assert page.count("data:image/png;base64,") == 2
    assert "whiskers: minimum–maximum" in page


def test_many_data_notes_are_counted_not_listed():
    page = render_study_html(make_analysis(problems=45), "en", images=NO_FIGURES)
    items = [li.text_content() for li in lxml_html.fromstring(page).iter("li")]
    assert sum("unusually high volume" in i for i in items) == 30
    assert "… and 15 more." in items


def test_paired_lines_are_subsampled_for_large_groups():
    import dataclasses

    import numpy as np
    import pandas as pd
    from matplotlib.collections import LineCollection

    rng = np.random.default_rng(3)
    n = 2000
    frame = pd.DataFrame({"id": range(2 * n), "arm": ["kontrol"] * n + ["intervensi"] * n,
                          "volume_pre": rng.uniform(5, 20, 2 * n), "volume_post": rng.uniform(10, 40, 2 * n)})
    analysis = dataclasses.replace(make_analysis(), data=frame)
    fig = study_figures(analysis, "en")["volume_lines"]
    for ax in fig.axes:
        (participants,) = [c for c in ax.collections if isinstance(c, LineCollection)]
        assert len(participants.get_segments()) == MAX_LINES  # a random subset of the 2000
        assert len(ax.lines) == 1  # the mean of all 2000
    assert "150 random participants" in fig.get_supxlabel()
    box = study_figures(analysis, "en")["volume_box"]
    assert all(len(c.get_offsets()) == 0 for c in box.axes[0].collections if hasattr(c, "get_offsets"))


def test_write_html_file_is_self_contained(tmp_path):
    path = write_study_report(make_analysis(), tmp_path / "sub" / "hasil.html", "id")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r'(src|href)="(?!data:|#)', page)  # nothing loaded from outside the file
    assert "@media print" in page


def test_pre_post_table_for_measured_outcome(html_id):
    rows = _tables(html_id)["prepost:volume"]
    assert rows[0] == ["Kelompok", "n", "Sebelum, rerata (SD)", "Sesudah, rerata (SD)", "Uji", "Nilai p"]
    # control before 10, 12, 11, 9, 6: mean 9.6, SD sqrt(21.2/4) = 2.30; after 14, 15, 13, 12, 8: 12.4, sqrt(29.2/4) = 2.70
    assert rows[1] == ["Kelompok kontrol", "5", "9,6 (2,3)", "12,4 (2,7)", "Uji t berpasangan (uji t dependen)", "0,033"]
    assert rows[2][2:4] == ["7,0 (1,6)", "26,2 (3,0)"]


def test_unwritable_target_is_a_user_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(InputError) as exc:
        write_study_report(make_analysis(), blocker / "hasil.html", images=NO_FIGURES)
    problem = exc.value.problems[0]
    assert problem.code == "report_not_written" and problem.file == str(blocker / "hasil.html")


def test_an_analysis_with_nothing_to_show_still_renders(tmp_path):
    import dataclasses

    import pandas as pd

    empty = dataclasses.replace(make_analysis(with_data=False), descriptives=pd.DataFrame(),
                                frequencies=pd.DataFrame(), crosstabs={}, tests=(), warnings=(), rules=(),
                                complete_cases={})
    assert study_figures(empty, "id") == {}
    html_path, docx_path = write_study_reports(empty, [tmp_path / "e.html", tmp_path / "e.docx"], "en")
    text = lxml_html.fromstring(html_path.read_text(encoding="utf-8")).text_content()
    assert "No warnings." in text and "Participants by group" in text
    assert Document(str(docx_path)).paragraphs[0].text == "Results"


def test_effect_without_ci_and_hodges_lehmann_are_worded():
    from laktasi.report.study_text import effect_cell, effect_text
    from laktasi.stats.results import Effect

    nan = float("nan")
    assert effect_text(Effect("rank_biserial", 1.0, nan, nan), "id") == "korelasi rank-biserial 1,00"
    assert effect_cell(Effect("rank_biserial", 1.0, nan, nan), "en") == "rank-biserial correlation: 1.00"
    assert (effect_text(Effect("hodges_lehmann", 14.4, 13.2, 15.6), "id", "ml")
            == "estimasi Hodges–Lehmann 14,4 ml (IK 95% 13,2–15,6)")


def test_user_text_is_escaped_in_html():
    import dataclasses

    analysis = dataclasses.replace(make_analysis(), design_label="<script>alert(1)</script>")
    page = render_study_html(analysis, "en", images=NO_FIGURES)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_figure_axes_use_the_locale_decimal_mark():
    figures = study_figures(make_analysis(), "id")
    formatter = figures["volume_box"].axes[0].yaxis.get_major_formatter()
    assert formatter(2.5, 0) == "2,5" and formatter(10.0, 0) == "10"
