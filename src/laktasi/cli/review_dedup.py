"""``laktasi review dedup FILE... --out OUT.(csv|ris) [--all PATH] [--uncertain PATH.csv] [--json]``.

Reads every export (any supported format), finds duplicates with :func:`laktasi.review.dedup.deduplicate`
and writes one row per kept record (each group's primary), in input order, with every input column
plus ``laktasi_group`` and ``laktasi_merged_ids``. ``--all`` writes every record with
``laktasi_group`` and ``duplicate_of`` (the file ``review prisma --records`` counts from);
``--uncertain`` lists the pairs a human should look at (never merged).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, print_json, progress
from laktasi.errors import InputError, Problem, Text


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "dedup",
        help="find duplicate records across exports; keep the most complete of each group",
        description="Deduplicate bibliographic exports (PubMed .nbib, RIS, WoS, BibTeX, CSV/XLSX). "
        "Nothing is deleted: --all keeps every record with duplicate_of, so PRISMA counts can be rebuilt. "
        "Pairs that look alike but disagree (different DOI, pages, year, erratum…) are never merged; "
        "--uncertain lists them for a human.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="export files to deduplicate together")
    parser.add_argument("--out", required=True, metavar="OUT", help="kept records: OUT.csv or OUT.ris")
    parser.add_argument("--all", dest="all_path", metavar="PATH",
                        help="every record with laktasi_group and duplicate_of (.csv or .ris)")
    parser.add_argument("--uncertain", metavar="PATH.csv", help="pairs for a human to check (CSV)")
    parser.add_argument("--format", dest="fmt", metavar="FMT", help="format of every input (default: detected)")
    add_lang_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run)


def _check_outputs(args: argparse.Namespace) -> None:
    problems = []
    for flag, value, allowed in (("--out", args.out, (".csv", ".ris")), ("--all", args.all_path, (".csv", ".ris")),
                                 ("--uncertain", args.uncertain, (".csv",))):
        if value and Path(value).suffix.lower() not in allowed:
            problems.append(Problem("output_format", Text(
                en=f"{flag} must end in {' or '.join(allowed)}",
                id=f"{flag} harus berakhiran {' atau '.join(allowed)}"),
                file=value, column=flag, value=Path(value).suffix or None))
    problems += _missing_folders([args.out, args.all_path, args.uncertain])
    if problems:
        raise InputError(problems)


def _missing_folders(paths: list[str | None]) -> list[Problem]:
    """An output whose folder does not exist would fail only after all the work; say so first."""
    return [Problem("output_folder_missing", Text(en="the folder for this output does not exist",
                                                  id="folder untuk keluaran ini tidak ada"),
                    file=p, value=str(Path(p).parent))
            for p in paths if p and not Path(p).resolve().parent.is_dir()]


def write_uncertain(result: Any, path: Path | str, lang: str) -> Path:
    """The uncertain pairs as a CSV a reviewer can sort and annotate."""
    out = Path(path)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id_1", "record_id_2", "title_similarity", "reason", "explanation",
                         "title_1", "title_2", "year_1", "year_2", "doi_1", "doi_2", "source_file_1",
                         "source_file_2"])
        for u in result.uncertain:
            a, b = result.records[u.first], result.records[u.second]
            writer.writerow([u.first_id, u.second_id, f"{u.title_similarity:.3f}", u.reason, u.text.in_(lang),
                             a.title, b.title, a.year or "", b.year or "", a.doi, b.doi, a.source_file,
                             b.source_file])
    return out


def run(args: argparse.Namespace) -> int:
    from laktasi.review.dedup import deduplicate
    from laktasi.review.io import read_records, write_records

    _check_outputs(args)
    lang = args.lang
    # ids are unique across the inputs: clashing ones (two export.ris in different folders, two
    # ASReview files numbering from 0) are qualified by read_records, their original kept
    records = read_records(args.files, args.fmt)
    progress(f"{len(records)} " + ("rekaman dibaca; mencari duplikat…" if lang == "id"
                                    else "records read; looking for duplicates…"))
    result = deduplicate(records)
    kept = result.kept()
    merged = result.merged_ids()
    write_records([records[i] for i in kept], args.out, extra={
        "laktasi_group": [result.group[i] for i in kept],
        "laktasi_merged_ids": ["; ".join(merged[i]) for i in kept],
    })
    if args.all_path:
        write_records(records, args.all_path, extra={
            "laktasi_group": list(result.group),
            "duplicate_of": list(result.duplicate_of),
        })
    if args.uncertain:
        write_uncertain(result, args.uncertain, lang)
    summary = result.summary()
    if args.json:
        print_json(summary)
    else:
        if lang == "id":
            print(f"Rekaman masuk: {summary['records_in']}; duplikat dihapus: {summary['duplicates_removed']}; "
                  f"rekaman keluar: {summary['records_out']}; pasangan meragukan: {summary['uncertain_pairs']}")
        else:
            print(f"Records in: {summary['records_in']}; duplicates removed: {summary['duplicates_removed']}; "
                  f"records out: {summary['records_out']}; uncertain pairs: {summary['uncertain_pairs']}")
        if summary["uncertain_pairs"] and not args.uncertain:
            progress("Gunakan --uncertain PATH.csv untuk melihat pasangan yang meragukan." if lang == "id"
                     else "Use --uncertain PATH.csv to see the uncertain pairs.")
    return 0
