"""The table of included studies (a review's "Table 1"), from a data-extraction sheet.

The extraction sheet is a CSV or XLSX with one row per included study. Columns (any case;
Indonesian names understood): ``author`` + ``year`` or ``author_year``, ``title`` (required), and
``sample``, ``design``, ``intervention``, ``outcome``, ``results``. Other columns are kept and
written after these. The table is written as DOCX (landscape, header row repeated on each page),
XLSX or CSV, with Indonesian or English headings.

>>> s = IncludedStudy(author="Supardi", year="2022", title="Pengaruh Pijat Oksitosin Terhadap Volume ASI")
>>> s.author_year
'Supardi (2022)'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laktasi.errors import InputError, Problem, Text
from laktasi.files import atomic_path, atomic_write
from laktasi.review.sheets import clean_cell, read_sheet

__all__ = ["COLUMNS", "IncludedStudy", "read_extraction", "write_study_table"]

# canonical column -> (English heading, Indonesian heading)
COLUMNS: dict[str, Text] = {
    "author_year": Text(en="Author (year)", id="Penulis (tahun)"),
    "title": Text(en="Title", id="Judul"),
    "sample": Text(en="Sample", id="Sampel"),
    "design": Text(en="Design", id="Desain"),
    "intervention": Text(en="Intervention", id="Intervensi"),
    "outcome": Text(en="Outcome", id="Luaran"),
    "results": Text(en="Results", id="Hasil"),
}
_ALIASES = {
    "author": "author", "authors": "author", "penulis": "author", "first author": "author",
    "year": "year", "tahun": "year", "publication year": "year",
    "author year": "author_year", "author_year": "author_year", "study": "author_year", "studi": "author_year",
    "penulis tahun": "author_year", "citation": "author_year",
    "title": "title", "judul": "title",
    "sample": "sample", "sampel": "sample", "participants": "sample", "partisipan": "sample",
    "responden": "sample", "sample size": "sample", "n": "sample",
    "design": "design", "desain": "design", "method": "design", "metode": "design", "methods": "design",
    "study design": "design", "desain penelitian": "design",
    "intervention": "intervention", "intervensi": "intervention",
    "outcome": "outcome", "outcomes": "outcome", "luaran": "outcome", "hasil ukur": "outcome",
    "results": "results", "result": "results", "hasil": "results", "findings": "results", "temuan": "results",
    "no": "no", "nomor": "no", "#": "no",
}


@dataclass(frozen=True)
class IncludedStudy:
    """One included study as extracted by the reviewer."""

    author: str = ""
    year: str = ""
    title: str = ""
    sample: str = ""
    design: str = ""
    intervention: str = ""
    outcome: str = ""
    results: str = ""
    citation: str = ""  # an "author_year" cell given as such
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def author_year(self) -> str:
        if self.citation:
            return self.citation
        if self.author and self.year:
            return f"{self.author} ({self.year})"
        return self.author or self.year

    def cell(self, column: str) -> str:
        return self.author_year if column == "author_year" else str(getattr(self, column))


def _key(header: str) -> str:
    return re.sub(r"[\s_()\-–/]+", " ", header.strip().casefold()).strip()


def read_extraction(path: Path | str) -> list[IncludedStudy]:
    """Read an extraction sheet; every problem (file, row, column) is reported at once."""
    p = Path(path)
    name = str(path)

    def problem(code: str, en: str, id_: str, row: int | None = None, column: str | None = None,
                value: Any = None) -> Problem:
        return Problem(code, Text(en=en, id=id_), file=name, row=row, column=column, value=value)

    if p.suffix.lower() not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise InputError([problem("extraction_format", "the extraction sheet must be .csv or .xlsx",
                                  "lembar ekstraksi harus .csv atau .xlsx", value=p.suffix)])
    rows = read_sheet(p)
    if not rows:
        raise InputError([problem("no_studies", "the sheet holds no studies", "lembar tidak berisi studi")])
    mapping: dict[str, str] = {}
    problems = []
    for header in rows[0]:
        canonical = _ALIASES.get(_key(header))
        if canonical and canonical in mapping.values():
            # two headers for one column (title + judul): which one is meant is the user's call
            first = next(h for h, c in mapping.items() if c == canonical)
            problems.append(problem("duplicate_column", f"the columns {first!r} and {header!r} both name the "
                                    f"{canonical} column; keep one", f"kolom {first!r} dan {header!r} sama-sama "
                                    f"kolom {canonical}; pertahankan satu", 1, header))
        elif canonical:
            mapping[header] = canonical
    found = set(mapping.values())
    if "title" not in found:
        problems.append(problem("extraction_columns", "the sheet needs a title column (title/judul)",
                                "lembar memerlukan kolom judul (title/judul)", 1, "title"))
    if not found & {"author", "author_year"}:
        problems.append(problem("extraction_columns", "the sheet needs an author (and year) column",
                                "lembar memerlukan kolom penulis (dan tahun)", 1, "author"))
    if problems:
        raise InputError(problems)
    studies = []
    for k, row in enumerate(rows, start=2):
        if not any(v for v in row.values()):
            continue  # blank line
        values = {canonical: row.get(header, "") for header, canonical in mapping.items()}
        extra = {h: v for h, v in row.items() if h not in mapping and h}
        if not values.get("title"):
            problems.append(problem("extraction_missing_title", "the title is empty", "judul kosong", k,
                                    next(h for h, c in mapping.items() if c == "title")))
        if not (values.get("author") or values.get("author_year")):
            col = next(h for h, c in mapping.items() if c in ("author", "author_year"))
            problems.append(problem("extraction_missing_author", "the author is empty", "penulis kosong", k, col))
        year = values.get("year", "")
        if year and not re.fullmatch(r"(1[89]|20)\d\d[a-z]?", year.removesuffix(".0")):
            col = next(h for h, c in mapping.items() if c == "year")
            problems.append(problem("extraction_bad_year", "the year must look like 2021 (or 2021a)",
                                    "tahun harus seperti 2021 (atau 2021a)", k, col, year))
        studies.append(IncludedStudy(
            author=values.get("author", ""), year=year.removesuffix(".0"), title=values.get("title", ""),
            sample=values.get("sample", ""), design=values.get("design", ""),
            intervention=values.get("intervention", ""), outcome=values.get("outcome", ""),
            results=values.get("results", ""), citation=values.get("author_year", ""), extra=extra,
        ))
    if problems:
        raise InputError(problems)
    return studies


def _headings(studies: Sequence[IncludedStudy], lang: str) -> tuple[list[str], list[str]]:
    """(canonical columns, headings) — empty optional columns are left out."""
    columns = [c for c in COLUMNS if c in ("author_year", "title") or any(s.cell(c) for s in studies)]
    extra: list[str] = []
    for s in studies:
        extra.extend(k for k in s.extra if k not in extra)
    return columns + extra, ["No"] + [COLUMNS[c].in_(lang) for c in columns] + extra


def _table(studies: Sequence[IncludedStudy], lang: str) -> tuple[list[str], list[list[str]]]:
    columns, headings = _headings(studies, lang)
    rows = []
    for n, s in enumerate(studies, start=1):
        rows.append([str(n)] + [s.cell(c) if c in COLUMNS else s.extra.get(c, "") for c in columns])
    return headings, rows


CAPTION = Text(en="Studies included in the review", id="Studi yang disertakan dalam tinjauan")


def write_study_table(studies: Sequence[IncludedStudy], path: Path | str, lang: str = "en") -> Path:
    """Write the table to ``.docx``, ``.xlsx`` or ``.csv`` (by suffix)."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".docx"):
        raise InputError([Problem("table_output_format", Text(
            en="the table must be written to .docx, .xlsx or .csv", id="tabel harus ditulis ke .docx, .xlsx atau .csv"),
            file=str(path), value=out.suffix)])
    headings, rows = _table(studies, lang)
    headings = [clean_cell(h) for h in headings]
    rows = [[clean_cell(c) for c in row] for row in rows]
    if suffix == ".csv":
        with atomic_write(out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headings)
            writer.writerows(rows)
    else:
        with atomic_path(out) as tmp:
            (_write_xlsx if suffix == ".xlsx" else _write_docx)(headings, rows, tmp, lang)
    return out


_WIDTHS = {"No": 6, "Author (year)": 16, "Penulis (tahun)": 16, "Title": 30, "Judul": 30, "Sample": 18,
           "Sampel": 18, "Design": 18, "Desain": 18, "Intervention": 18, "Intervensi": 18, "Outcome": 16,
           "Luaran": 16, "Results": 40, "Hasil": 40}


def _write_xlsx(headings: list[str], rows: list[list[str]], out: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tabel 1" if lang == "id" else "Table 1"
    ws.append(headings)
    for row in rows:
        ws.append([int(row[0])] + row[1:])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for column_cells in ws.iter_cols(min_row=1, max_row=ws.max_row):
        for cell in column_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, heading in enumerate(headings, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(heading, 18)
    ws.freeze_panes = "A2"
    wb.save(str(out))


def _write_docx(headings: list[str], rows: list[list[str]], out: Path, lang: str) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    caption = doc.add_paragraph()
    run = caption.add_run("Tabel 1. " if lang == "id" else "Table 1. ")
    run.bold = True
    caption.add_run(CAPTION.in_(lang))
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    usable = (int(section.page_width or 0) - int(section.left_margin or 0)
              - int(section.right_margin or 0)) / 360000  # cm
    weights = [_WIDTHS.get(h, 18) for h in headings]
    widths = [Cm(usable * w / sum(weights)) for w in weights]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # LibreOffice reads the grid, Word the cells: set both
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text, width in zip(header.cells, headings, widths, strict=True):
        cell.width = width
        cell.text = ""
        r = cell.paragraphs[0].add_run(text)
        r.bold = True
        r.font.size = Pt(9)
    for row in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.width = width
            cell.text = ""
            r = cell.paragraphs[0].add_run(text)
            r.font.size = Pt(9)
    doc.save(str(out))
