"""``laktasi review dedup FILE... --out OUT.(csv|ris) [--all PATH] [--uncertain PATH.csv] [--json]``.

Reads every export (any supported format), finds duplicates with :func:`laktasi.review.dedup.deduplicate`
and writes one row per kept record (each group's primary), in input order, with every input column
plus ``laktasi_group`` and ``laktasi_merged_ids``. ``--all`` writes every record with
``laktasi_group``, ``duplicate_of`` and ``laktasi_merge_reason`` (the file ``review prisma --records`` counts
from);
``--uncertain`` lists the pairs a human should look at (never merged), ranked and in clusters, with
a ``verdict`` column; ``--verdicts`` feeds the reviewer's merge / keep_apart decisions back (it may
be the ``--uncertain`` file itself); ``--previous`` keeps an earlier search's records apart and
deduplicates the new ones against them (``update`` counts in ``--json``; ``--out`` then holds only
the new records to screen). Field names: docs/review-dedup-prisma.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, check_outputs, print_json, progress
from laktasi.errors import InputError, Problem, Text
from laktasi.files import OutputGroup


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
    parser.add_argument("--uncertain", metavar="PATH.csv",
                        help="pairs for a human to check, ranked in clusters, with a verdict column (CSV)")
    parser.add_argument("--verdicts", metavar="FILE.csv",
                        help="a reviewer's verdicts (record_id_1, record_id_2, verdict = merge | keep_apart); "
                        "may be the --uncertain file itself, which then keeps them on every re-run")
    parser.add_argument("--previous", metavar="FILE", action="append", default=[],
                        help="records of an earlier search of this review (repeatable): kept apart, new records "
                        "are deduplicated against them and counted for PRISMA's updated-review template")
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
    if args.verdicts and Path(args.verdicts).suffix.lower() != ".csv":
        problems.append(Problem("output_format", Text(en="--verdicts must end in .csv",
                                                      id="--verdicts harus berakhiran .csv"),
                                file=args.verdicts, column="--verdicts", value=Path(args.verdicts).suffix or None))
    if problems:
        raise InputError(problems)
    check_outputs([("--out", args.out), ("--all", args.all_path), ("--uncertain", args.uncertain)])


def write_uncertain(result: Any, path: Path | str, lang: str) -> Path:
    """The uncertain pairs as a CSV a reviewer can sort, annotate and pass back with ``--verdicts``."""
    from laktasi.review.dedup_verdicts import write_review_sheet

    return write_review_sheet(result, path, lang)


def run(args: argparse.Namespace) -> int:
    from laktasi.review.dedup import deduplicate
    from laktasi.review.dedup_verdicts import read_verdicts, write_review_sheet
    from laktasi.review.io import read_records, write_records

    _check_outputs(args)
    lang = args.lang
    # ids are unique across the inputs: clashing ones (two export.ris in different folders, two
    # ASReview files numbering from 0) are qualified by read_records, their original kept
    verdicts = read_verdicts(args.verdicts) if args.verdicts else []
    every = read_records([*args.previous, *args.files], args.fmt)
    previous_files = set(args.previous)
    n_previous = 0
    while n_previous < len(every) and every[n_previous].source_file in previous_files:
        n_previous += 1
    previous, records = every[:n_previous], every[n_previous:]
    progress(f"{len(records)} " + ("rekaman dibaca; mencari duplikat…" if lang == "id"
                                    else "records read; looking for duplicates…"))
    result = deduplicate(records, previous=previous, verdicts=verdicts)
    # an update writes what goes on to screening: new records whose study the earlier search lacked
    kept = result.new_kept() if previous else result.kept()
    merged = result.merged_ids()
    # --out, --all and --uncertain appear together or not at all (laktasi.files.OutputGroup): a failure
    # or Ctrl+C part-way leaves every earlier output as it was
    with OutputGroup() as group:
        with group.path(args.out) as tmp:
            write_records([result.records[i] for i in kept], tmp, extra={
                "laktasi_group": [result.group[i] for i in kept],
                "laktasi_merged_ids": ["; ".join(merged[i]) for i in kept],
            })
        if args.all_path:
            extra: dict[str, list[Any]] = {
                "laktasi_group": list(result.group),
                "duplicate_of": list(result.duplicate_of),
                # why a merged record joined its group (erratum_of, same_id, title, verdict …); empty when kept
                "laktasi_merge_reason": list(result.merge_reason) or [""] * result.records_in,
            }
            if previous:
                extra["laktasi_previous"] = ["yes" if i < n_previous else "" for i in range(result.records_in)]
            with group.path(args.all_path) as tmp:
                write_records(result.records, tmp, extra=extra)
        if args.uncertain:
            with group.path(args.uncertain) as tmp:
                write_review_sheet(result, tmp, lang, verdicts)
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
        if previous:
            u = result.update_counts()
            print(f"Pembaruan: {u.previous_records} rekaman sebelumnya; {u.new_records} rekaman baru, "
                  f"{u.duplicates_of_previous} sudah ada sebelumnya, {u.duplicates_within_new} duplikat di antara "
                  f"yang baru; {u.records_after_dedup} untuk disaring" if lang == "id" else
                  f"Update: {u.previous_records} previous records; {u.new_records} new records, "
                  f"{u.duplicates_of_previous} already in the previous search, {u.duplicates_within_new} "
                  f"duplicates among the new; {u.records_after_dedup} to screen")
        if summary["uncertain_pairs"] and not args.uncertain:
            progress("Gunakan --uncertain PATH.csv untuk melihat pasangan yang meragukan." if lang == "id"
                     else "Use --uncertain PATH.csv to see the uncertain pairs.")
    return 0
