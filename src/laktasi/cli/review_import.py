"""``laktasi review import FILE... --out records.(csv|ris) [--format F] [--database NAME] [--json]``.

Reads database exports of any supported format (detected per file) into one normalised
record list and writes it as CSV (every input column kept) or RIS. All or nothing: if any
file has a problem, every problem is listed, nothing is written and the exit status is 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, print_json, progress
from laktasi.errors import InputError, Problem, Text

# The keys of laktasi.review.formats.REGISTRY, listed here so that `--help` imports no parser.
FORMATS = ("bibtex", "csv", "endnote_xml", "enw", "nbib", "pop_json", "ris", "wos", "xlsx")


def register(subparsers: Any) -> None:
    formats = ("nbib (PubMed MEDLINE, ERIC), ris, wos (Web of Science plain text), bibtex, endnote_xml (EndNote, "
               "Zotero, Mendeley XML), enw (EndNote tagged %A/%T), pop_json (Publish or Perish JSON), csv, xlsx")
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="read database exports (PubMed .nbib, RIS, Web of Science, BibTeX, EndNote XML/.enw, CSV/XLSX/JSON) "
        "into one record file",
        description="Read exports from PubMed, Scopus, Web of Science, Embase/Ovid, PsycINFO, ERIC, Cochrane, Rayyan, "
        "EndNote, Zotero, Mendeley, Publish or Perish / Google Scholar, SpringerLink and ASReview into one file. "
        f"Formats: {formats}.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="export files (format detected per file)")
    parser.add_argument("--out", required=True, metavar="PATH", help="records.csv or records.ris")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, help="read every FILE as this format")
    parser.add_argument("--database", metavar="NAME",
                        help='source database for every record, when the export does not say (e.g. "Google Scholar")')
    parser.add_argument("--encoding", metavar="NAME",
                        help="text encoding of every FILE when it is not UTF-8 and cannot be told (e.g. gbk, big5)")
    add_lang_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from laktasi.files import check_output_path
    from laktasi.review.io import read_records, summarise, write_records

    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".ris"):
        raise InputError([Problem("output_format", Text(en="--out must end in .csv or .ris",
                                                        id="--out harus berakhiran .csv atau .ris"),
                                  file=args.out, column="--out", value=out.suffix or None)])
    check_output_path(out, what="--out")  # before reading: a wrong folder should not cost the whole import
    warnings: list[Problem] = []
    records = read_records(args.files, args.fmt, database=args.database, encoding=args.encoding, warnings=warnings)
    write_records(records, out)  # atomic: a failure leaves no half-written file
    id_ = args.lang == "id"
    for w in warnings:
        where = f"{w.file}" + (f", {'baris' if id_ else 'line'} {w.row}" if w.row else "")
        progress(f"{'Peringatan' if id_ else 'Warning'} ({where}): {w.message(args.lang)}")
    summary = summarise(records)
    summary["out"] = str(out)
    summary["warnings"] = [{"file": w.file, "row": w.row, "code": w.code, "message": w.message(args.lang)}
                           for w in warnings]
    for item in summary["files"]:
        progress(f"{item['file']}: {item['records']} {'rekaman' if id_ else 'records'} ({item['format']})")
    unknown = "(tidak diketahui)" if id_ else "(unknown)"
    databases = ", ".join(f"{unknown if name == '(unknown)' else name} {n}" for name, n in summary["databases"].items())
    if "(unknown)" in summary["databases"]:
        progress(f"Peringatan: {summary['databases']['(unknown)']} rekaman tidak menyebut basis data asalnya; "
                 "sebutkan dengan --database NAMA (diagram PRISMA menghitung per basis data)" if id_ else
                 f"Warning: {summary['databases']['(unknown)']} records do not say which database they came from; "
                 "give it with --database NAME (the PRISMA diagram counts per database)")
    progress(("Basis data: " if id_ else "Databases: ") + databases)
    if summary["without_title"]:
        progress(f"Peringatan: {summary['without_title']} rekaman tanpa judul" if id_
                 else f"Warning: {summary['without_title']} records have no title")
    if summary["repeated_record_ids"]:
        progress(f"Peringatan: {summary['repeated_record_ids']} record_id berulang (berkas dengan nama sama?); "
                 "keputusan penapisan mungkin tertuju ke rekaman yang salah" if id_ else
                 f"Warning: {summary['repeated_record_ids']} repeated record_id values (files with the same name?); "
                 "screening decisions may point at the wrong record")
    if summary["renamed_record_ids"]:
        progress(f"Catatan: {summary['renamed_record_ids']} record_id yang sama di beberapa berkas diberi nama "
                 "berkasnya (mis. a/export:1); id asli ada di kolom laktasi_original_id" if id_ else
                 f"Note: {summary['renamed_record_ids']} record_id values found in several files were qualified "
                 "with their file (e.g. a/export:1); the original id is in the laktasi_original_id column")
    progress(f"{summary['records']} rekaman ditulis ke {out}" if id_ else f"{summary['records']} records written to {out}")
    if args.json:
        print_json(summary)
    return 0
