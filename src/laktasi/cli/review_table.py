"""``laktasi review table EXTRACTION.(csv|xlsx) --out PATH.(docx|xlsx|csv) [--lang id|en]``.

The table of included studies (author–year, title, sample, design, intervention, outcome,
results) from a data-extraction sheet; ``--out`` may be repeated.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, check_outputs, print_json
from laktasi.errors import InputError, Problem, Text
from laktasi.files import OutputGroup


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "table",
        help="table of included studies from a data-extraction sheet (DOCX, XLSX, CSV)",
        description="Included-studies table from an extraction CSV/XLSX with columns author, year (or "
        "author_year), title, sample, design, intervention, outcome, results (Indonesian names understood: "
        "penulis, tahun, judul, sampel, desain/metode, intervensi, luaran, hasil).",
    )
    parser.add_argument("extraction", metavar="EXTRACTION", help="extraction sheet (.csv or .xlsx)")
    parser.add_argument("--out", action="append", required=True, metavar="PATH",
                        help="table file: .docx, .xlsx or .csv (may be repeated)")
    add_lang_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from laktasi.review.study_table import read_extraction, write_study_table

    problems = [Problem("output_format", Text(en="--out must end in .docx, .xlsx or .csv",
                                              id="--out harus berakhiran .docx, .xlsx atau .csv"),
                        file=p, column="--out", value=Path(p).suffix or None)
                for p in args.out if Path(p).suffix.lower() not in (".docx", ".xlsx", ".csv")]
    if problems:
        raise InputError(problems)
    check_outputs(("--out", p) for p in args.out)
    studies = read_extraction(args.extraction)
    with OutputGroup() as group:  # every --out appears, or none does
        for path in args.out:
            with group.path(path) as tmp:
                write_study_table(studies, tmp, args.lang)
    if args.json:
        print_json({"studies": len(studies), "outputs": list(args.out)})
    else:
        print((f"Tabel {len(studies)} studi ditulis: " if args.lang == "id"
               else f"Table of {len(studies)} studies written: ") + ", ".join(args.out))
    return 0

