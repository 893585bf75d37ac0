"""The PRISMA 2020 flow diagram as SVG, PNG, PDF or inside a Word document.

Layout and wording follow the PRISMA 2020 templates (Page MJ et al. The PRISMA 2020 statement.
BMJ 2021;372:n71, Figure 1): new systematic reviews with databases and registers, optionally with
the "other methods" column (drawn when it has a count above zero — the template ships with zeros),
and updated reviews, with the "previous studies" column and the new/total included boxes (drawn
when a previous count is above zero). The template's footnotes (* and **) and its source line are
drawn under the diagram. Drawn with matplotlib's object API (no pyplot state), so the web app can
call it from any thread. Counts that are not reported show as "–"; the template's placeholder
entries ("Reason1, xxx") are never drawn.

>>> from laktasi.review.prisma import PrismaCounts
>>> fig = draw_prisma(PrismaCounts(database_results=120, duplicates=20, records_screened=100), lang="id")
>>> float(round(fig.get_figwidth(), 1))
8.0
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from laktasi.errors import InputError, Problem, Text
from laktasi.files import atomic_path
from laktasi.report.numbers import fmt_int
from laktasi.review.prisma import UNKNOWN_SOURCE, Breakdown, PrismaCounts

__all__ = ["LABELS", "draw_prisma", "label", "save_prisma"]

LABELS: dict[str, Text] = {
    "dbr_header": Text(en="Identification of new studies via databases and registers",
                       id="Identifikasi studi baru melalui basis data dan registri"),
    "other_header": Text(en="Identification of new studies via other methods",
                         id="Identifikasi studi baru melalui metode lain"),
    "identification": Text(en="Identification", id="Identifikasi"),
    "screening": Text(en="Screening", id="Penapisan"),
    "included": Text(en="Included", id="Disertakan"),
    "identified_from": Text(en="Records identified from*:", id="Rekaman yang teridentifikasi dari*:"),
    "identified_from_other": Text(en="Records identified from:", id="Rekaman yang teridentifikasi dari:"),
    "databases": Text(en="Databases", id="Basis data"),
    "registers": Text(en="Registers", id="Registri"),
    "websites": Text(en="Websites", id="Situs web"),
    "organisations": Text(en="Organisations", id="Organisasi"),
    "citations": Text(en="Citation searching", id="Penelusuran sitasi"),
    "removed_before": Text(en="Records removed before screening:", id="Rekaman yang dihapus sebelum penapisan:"),
    "duplicates": Text(en="Duplicate records removed", id="Rekaman duplikat dihapus"),
    "automatic": Text(en="Records marked as ineligible by automation tools",
                      id="Rekaman ditandai tidak layak oleh alat otomatis"),
    "other_reasons": Text(en="Records removed for other reasons", id="Rekaman dihapus karena alasan lain"),
    "screened": Text(en="Records screened", id="Rekaman yang ditapis"),
    "records_excluded": Text(en="Records excluded**", id="Rekaman yang dikeluarkan**"),
    "sought": Text(en="Reports sought for retrieval", id="Laporan yang dicari untuk diperoleh"),
    "not_retrieved": Text(en="Reports not retrieved", id="Laporan yang tidak diperoleh"),
    "assessed": Text(en="Reports assessed for eligibility", id="Laporan yang dinilai kelayakannya"),
    "reports_excluded": Text(en="Reports excluded:", id="Laporan yang dikeluarkan:"),
    "studies_included": Text(en="Studies included in review", id="Studi yang disertakan dalam tinjauan"),
    "reports_included": Text(en="Reports of included studies", id="Laporan dari studi yang disertakan"),
    "caption": Text(en="PRISMA 2020 flow diagram", id="Diagram alir PRISMA 2020"),
    "prev_header": Text(en="Previous studies", id="Studi sebelumnya"),
    "prev_studies": Text(en="Studies included in previous version of review",
                         id="Studi yang disertakan dalam versi tinjauan sebelumnya"),
    "prev_reports": Text(en="Reports of studies included in previous version of review",
                         id="Laporan dari studi yang disertakan dalam versi tinjauan sebelumnya"),
    "new_studies": Text(en="New studies included in review", id="Studi baru yang disertakan dalam tinjauan"),
    "new_reports": Text(en="Reports of new included studies", id="Laporan dari studi baru yang disertakan"),
    "total_studies": Text(en="Total studies included in review", id="Total studi yang disertakan dalam tinjauan"),
    "total_reports": Text(en="Reports of total included studies", id="Laporan dari total studi yang disertakan"),
    "unknown_source": Text(en="(unknown source)", id="(sumber tidak diketahui)"),
    "not_itemised": Text(en="Reasons not itemised", id="Alasan tidak dirinci"),
    "footnote1": Text(
        en="*Consider, if feasible to do so, reporting the number of records identified from each database or "
           "register searched (rather than the total number across all databases/registers).",
        id="*Bila memungkinkan, laporkan jumlah rekaman yang teridentifikasi dari setiap basis data atau registri "
           "yang ditelusuri (bukan jumlah total dari semua basis data/registri)."),
    "footnote2": Text(
        en="**If automation tools were used, indicate how many records were excluded by a human and how many "
           "were excluded by automation tools.",
        id="**Bila alat otomatis digunakan, sebutkan berapa rekaman yang dikeluarkan oleh manusia dan berapa yang "
           "dikeluarkan oleh alat otomatis."),
    "source": Text(
        en="From: Page MJ, McKenzie JE, Bossuyt PM, Boutron I, Hoffmann TC, Mulrow CD, et al. The PRISMA 2020 "
           "statement: an updated guideline for reporting systematic reviews. BMJ 2021;372:n71. "
           "doi: 10.1136/bmj.n71. For more information, visit: http://www.prisma-statement.org/",
        id="Sumber: Page MJ, McKenzie JE, Bossuyt PM, Boutron I, Hoffmann TC, Mulrow CD, et al. The PRISMA 2020 "
           "statement: an updated guideline for reporting systematic reviews. BMJ 2021;372:n71. "
           "doi: 10.1136/bmj.n71. Informasi lebih lanjut: http://www.prisma-statement.org/"),
    "figure": Text(en="Figure", id="Gambar"),
}

_FONT = 8.0  # points
_NOTE_FONT = 6.5  # footnotes and source line
_LINE = _FONT * 1.32 / 72  # inches per text line
_PAD = 0.09  # inches inside a box
_GAP = 0.32  # inches between rows
_YELLOW, _GREY, _BLUE = "#FFD966", "#D9D9D9", "#9DC3E6"


def label(key: str, lang: str) -> str:
    return LABELS[key].in_(lang)


def _n(value: int | None, lang: str) -> str:
    """``(n = 12)`` with no-break spaces, so a wrapped line never splits the count."""
    return "(n\u00a0=\u00a0" + ("–" if value is None else fmt_int(value, lang)) + ")"


def _item(text: str, value: int | None, lang: str, indent: bool = False) -> str:
    return f"{'   ' if indent else ''}{text} {_n(value, lang)}"


_PLACEHOLDER = re.compile(r"^(?:database|register|reason)\s*\d+$", re.IGNORECASE)


def _source_name(name: str, lang: str) -> str:
    if name == UNKNOWN_SOURCE:
        return label("unknown_source", lang)
    return name or label("not_itemised", lang)


def _breakdown_lines(items: Breakdown, lang: str) -> list[str]:
    # placeholders of the template that reached here unfilled (built in code, not read) are not drawn
    return [_item(_source_name(name, lang), n, lang, indent=True) for name, n in items
            if not (_PLACEHOLDER.match(name.strip()) and not n)]


@dataclass
class _Box:
    key: str
    col: int
    row: int
    lines: list[str]
    fill: str = "white"
    bold_first: bool = False
    x: float = 0.0
    y: float = 0.0  # top
    w: float = 0.0
    h: float = 0.0


def _wrap(lines: list[str], width_in: float) -> list[str]:
    chars = max(12, int((width_in - 2 * _PAD) * 72 / (_FONT * 0.5)))
    out: list[str] = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        out.extend(textwrap.wrap(line, chars, initial_indent="", subsequent_indent=" " * (indent + 2)) or [""])
    return out


def _excluded_lines(items: Breakdown, lang: str) -> list[str]:
    """ "Reports excluded:" with one line per reason; a total without reasons (the template's "0") as "(n = 0)"."""
    head = label("reports_excluded", lang)
    if len(items) == 1 and not items[0][0]:
        return [head.rstrip(":"), _n(items[0][1], lang)]
    lines = _breakdown_lines(items, lang)
    return [head] + lines if lines else [head.rstrip(":"), _n(None, lang)]


def _boxes(c: PrismaCounts, lang: str, other: bool, update: bool) -> list[_Box]:
    """The boxes, by column (the previous-studies column first in an update) and row (0 = headers)."""
    t = LABELS
    o = 1 if update else 0  # the databases column's index
    ident = [t["identified_from"].in_(lang), _item(t["databases"].in_(lang), c.database_results, lang, True)]
    ident += ["   " + s for s in _breakdown_lines(c.database_specific_results, lang)]
    if c.register_results is not None or _breakdown_lines(c.register_specific_results, lang):
        ident.append(_item(t["registers"].in_(lang), c.register_results, lang, True))
        ident += ["   " + s for s in _breakdown_lines(c.register_specific_results, lang)]
    removed = [t["removed_before"].in_(lang), _item(t["duplicates"].in_(lang), c.duplicates, lang, True)]
    # records excluded by automation tools (and for other reasons) are drawn when given
    if c.excluded_automatic is not None:
        removed.append(_item(t["automatic"].in_(lang), c.excluded_automatic, lang, True))
    if c.excluded_other is not None:
        removed.append(_item(t["other_reasons"].in_(lang), c.excluded_other, lang, True))
    boxes = [
        _Box("dbr_header", o, 0, [t["dbr_header"].in_(lang)], _YELLOW, True),
        _Box("identified", o, 1, ident),
        _Box("removed", o + 1, 1, removed),
        _Box("screened", o, 2, [t["screened"].in_(lang), f"{_n(c.records_screened, lang)}"]),
        _Box("records_excluded", o + 1, 2, [t["records_excluded"].in_(lang), f"{_n(c.records_excluded, lang)}"]),
        _Box("sought", o, 3, [t["sought"].in_(lang), f"{_n(c.dbr_sought_reports, lang)}"]),
        _Box("not_retrieved", o + 1, 3, [t["not_retrieved"].in_(lang), f"{_n(c.dbr_notretrieved_reports, lang)}"]),
        _Box("assessed", o, 4, [t["assessed"].in_(lang), f"{_n(c.dbr_assessed, lang)}"]),
        _Box("reports_excluded", o + 1, 4, _excluded_lines(c.dbr_excluded, lang)),
    ]
    if update:
        boxes += [
            _Box("prev_header", 0, 0, [t["prev_header"].in_(lang)], _GREY, True),
            _Box("previous", 0, 1, [t["prev_studies"].in_(lang), _n(c.previous_studies, lang),
                                    t["prev_reports"].in_(lang), _n(c.previous_reports, lang)]),
            _Box("included", o, 5, [t["new_studies"].in_(lang), _n(c.new_studies, lang),
                                    t["new_reports"].in_(lang), _n(c.new_reports, lang)]),
            _Box("total", o, 6, [t["total_studies"].in_(lang), _n(c.total_studies, lang),
                                 t["total_reports"].in_(lang), _n(c.total_reports, lang)]),
        ]
    else:
        boxes.append(_Box("included", o, 5, [t["studies_included"].in_(lang), f"{_n(c.total_studies, lang)}",
                                             t["reports_included"].in_(lang), f"{_n(c.total_reports, lang)}"]))
    if other:
        k = o + 2
        boxes += [
            _Box("other_header", k, 0, [t["other_header"].in_(lang)], _GREY, True),
            _Box("other_identified", k, 1, [
                t["identified_from_other"].in_(lang),
                _item(t["websites"].in_(lang), c.website_results, lang, True),
                _item(t["organisations"].in_(lang), c.organisation_results, lang, True),
                _item(t["citations"].in_(lang), c.citations_results, lang, True)]),
            _Box("other_sought", k, 3, [t["sought"].in_(lang), f"{_n(c.other_sought_reports, lang)}"]),
            _Box("other_not_retrieved", k + 1, 3, [t["not_retrieved"].in_(lang),
                                                   f"{_n(c.other_notretrieved_reports, lang)}"]),
            _Box("other_assessed", k, 4, [t["assessed"].in_(lang), f"{_n(c.other_assessed, lang)}"]),
            _Box("other_excluded", k + 1, 4, _excluded_lines(c.other_excluded, lang)),
        ]
    return boxes


_CENTRED = {"dbr_header", "other_header", "prev_header", "screened", "records_excluded", "sought", "not_retrieved",
            "assessed", "included", "total", "previous", "other_sought", "other_not_retrieved", "other_assessed"}
_WIDE = {"dbr_header", "other_header"}  # a header over a column and its side column


def draw_prisma(counts: PrismaCounts, lang: str = "en", other_methods: bool | None = None,
                update: bool | None = None) -> Figure:
    """Draw the diagram.

    The other-methods column appears when it has a count above zero, the previous-studies column
    (updated-review template) when a previous count is above zero; ``other_methods`` / ``update``
    force either way.
    """
    other = counts.has_other_methods if other_methods is None else other_methods
    upd = counts.is_update if update is None else update
    bar_x, bar_w = 0.12, 0.34
    col_w = ([2.3] if upd else []) + ([2.75, 2.75, 2.35, 2.35] if other else [3.35, 3.35])
    col_gap = 0.42
    xs = [bar_x + bar_w + 0.22]
    for w in col_w[:-1]:
        xs.append(xs[-1] + w + col_gap)
    width = xs[-1] + col_w[-1] + 0.15
    boxes = _boxes(counts, lang, other, upd)
    for b in boxes:
        b.w = col_w[b.col] + (col_gap + col_w[b.col + 1] if b.key in _WIDE else 0.0)
        b.x = xs[b.col]
        b.lines = _wrap(b.lines, b.w)
        b.h = len(b.lines) * _LINE + 2 * _PAD
    rows = max(b.row for b in boxes) + 1
    row_h = [max([b.h for b in boxes if b.row == r] or [0.0]) for r in range(rows)]
    row_h[2] = max(row_h[2], 0.55)
    # the blue phase bars carry a rotated word that must fit
    for r0, r1, key in ((1, 1, "identification"), (5, rows - 1, "included")):
        need = len(label(key, lang)) * (_FONT + 0.5) * 0.62 / 72 + 0.2
        row_h[r1] = max(row_h[r1], need - sum(row_h[r0:r1]) - _GAP * (r1 - r0))
    tops = [0.15]
    for r in range(1, rows):
        tops.append(tops[-1] + row_h[r - 1] + _GAP)
    diagram_bottom = tops[-1] + row_h[-1]
    for b in boxes:
        b.y = tops[b.row]
        b.h = row_h[b.row]  # boxes side by side share their row's height
    # the template's footnotes and source line, wrapped to the figure's width
    chars = max(40, int((width - 0.3) * 72 / (_NOTE_FONT * 0.6)))
    notes = [line for key in ("footnote1", "footnote2", "source")
             for line in textwrap.wrap(label(key, lang), chars)]
    notes_h = len(notes) * _NOTE_FONT * 1.35 / 72
    height = diagram_bottom + 0.25 + notes_h + 0.15

    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # inches from the top
    ax.axis("off")

    def bar(r0: int, r1: int, key: str) -> None:
        top, bottom = tops[r0], tops[r1] + row_h[r1]
        ax.add_patch(Rectangle((bar_x, top), bar_w, bottom - top, facecolor=_BLUE, edgecolor="#5B9BD5",
                               linewidth=0.8))
        ax.text(bar_x + bar_w / 2, (top + bottom) / 2, label(key, lang), rotation=90, ha="center",
                va="center", fontsize=_FONT + 0.5, fontweight="bold")

    bar(1, 1, "identification")
    bar(2, 4, "screening")
    bar(5, rows - 1, "included")
    by_key = {b.key: b for b in boxes}
    for b in boxes:
        ax.add_patch(Rectangle((b.x, b.y), b.w, b.h, facecolor=b.fill, edgecolor="black", linewidth=0.8,
                               gid=f"prisma-{b.key}"))
        text = "\n".join(b.lines)
        if b.key in _CENTRED:
            ax.text(b.x + b.w / 2, b.y + b.h / 2, text, ha="center", va="center", fontsize=_FONT,
                    fontweight="bold" if b.bold_first else "normal", linespacing=1.25)
        else:
            ax.text(b.x + _PAD, b.y + _PAD, text, ha="left", va="top", fontsize=_FONT, linespacing=1.25)
    ax.text(0.15, diagram_bottom + 0.25, "\n".join(notes), ha="left", va="top", fontsize=_NOTE_FONT,
            linespacing=1.35, color="#333333")

    def arrow(x0: float, y0: float, x1: float, y1: float) -> None:
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=9,
                                     linewidth=0.8, color="black", shrinkA=0, shrinkB=0))

    def down(a: str, b: str) -> None:
        ba, bb = by_key[a], by_key[b]
        x = ba.x + ba.w / 2
        arrow(x, ba.y + ba.h, x, bb.y)

    def right(a: str, b: str) -> None:
        ba, bb = by_key[a], by_key[b]
        y = ba.y + ba.h / 2
        arrow(ba.x + ba.w, y, bb.x, y)

    def elbow_left(src_key: str, dst_key: str) -> None:
        """Down from ``src`` to the middle of ``dst``'s row, then left into ``dst``'s right side."""
        src, dst = by_key[src_key], by_key[dst_key]
        x = src.x + src.w / 2
        y = dst.y + dst.h / 2
        ax.plot([x, x], [src.y + src.h, y], color="black", linewidth=0.8)
        arrow(x, y, dst.x + dst.w, y)

    down("identified", "screened")
    right("identified", "removed")
    right("screened", "records_excluded")
    down("screened", "sought")
    right("sought", "not_retrieved")
    down("sought", "assessed")
    right("assessed", "reports_excluded")
    down("assessed", "included")
    if upd:
        down("included", "total")
        prev, total = by_key["previous"], by_key["total"]
        x = prev.x + prev.w / 2
        y = total.y + total.h / 2
        ax.plot([x, x], [prev.y + prev.h, y], color="black", linewidth=0.8)
        arrow(x, y, total.x, y)
    if other:
        down("other_identified", "other_sought")
        right("other_sought", "other_not_retrieved")
        down("other_sought", "other_assessed")
        right("other_assessed", "other_excluded")
        elbow_left("other_assessed", "included")
    return fig


def save_prisma(counts: PrismaCounts, path: Path | str, lang: str = "en", *,
                other_methods: bool | None = None, update: bool | None = None, dpi: int = 200) -> Path:
    """Write the diagram to ``.svg``, ``.png``, ``.pdf`` or ``.docx`` (chosen by the suffix)."""
    import matplotlib

    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".svg", ".png", ".pdf", ".docx"):
        raise InputError([Problem(
            "prisma_output_format", Text(en="the diagram must be written to .svg, .png, .pdf or .docx",
                                         id="diagram harus ditulis ke .svg, .png, .pdf atau .docx"),
            file=str(path), value=out.suffix)])
    fig = draw_prisma(counts, lang, other_methods, update)
    if suffix == ".docx":
        import io

        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm, Pt

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        buffer.seek(0)
        doc = Document()
        section = doc.sections[0]
        if fig.get_figwidth() > fig.get_figheight():
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        emu_per_cm = 360000
        usable_w = (int(section.page_width or 0) - int(section.left_margin or 0)
                    - int(section.right_margin or 0)) / emu_per_cm
        usable_h = (int(section.page_height or 0) - int(section.top_margin or 0)
                    - int(section.bottom_margin or 0)) / emu_per_cm - 2.0
        ratio = fig.get_figheight() / fig.get_figwidth()
        width_cm = min(usable_w, usable_h / ratio)
        doc.add_picture(buffer, width=Cm(width_cm))
        caption = doc.add_paragraph()
        run = caption.add_run(f"{label('figure', lang)} 1. ")
        run.bold = True
        caption.add_run(label("caption", lang))
        for r in caption.runs:
            r.font.size = Pt(10)
        with atomic_path(out) as tmp:  # laktasi.files: the old file stays until the new one is complete
            doc.save(str(tmp))
        return out
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "laktasi-prisma"}), atomic_path(out) as tmp:
        fig.savefig(str(tmp), dpi=dpi, format=suffix.lstrip(".") or None,
                    metadata={"Date": None} if suffix == ".svg" else None)
    return out
