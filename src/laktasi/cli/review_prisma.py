"""``laktasi review prisma COUNTS.(csv|yaml) --out PATH.(svg|png|pdf|docx)`` or
``laktasi review prisma --records ALL.csv --decisions DECISIONS.csv --out …``.

Draws the PRISMA 2020 flow diagram either from counts (the PRISMA2020 R package's CSV template, or
YAML of its ``data`` names; "xxx"/NA = not reported) or from the review's own files: every record
with ``duplicate_of`` (``review dedup --all``) and the screening decisions (a laktasi decisions CSV,
or a Rayyan / ASReview export). ``--out`` may be given several times (e.g. .svg and .docx).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, print_json, progress
from laktasi.errors import InputError, Problem, Text

_SUFFIXES = (".svg", ".png", ".pdf", ".docx")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "prisma",
        help="PRISMA 2020 flow diagram from counts, or from records + screening decisions",
        description="PRISMA 2020 flow diagram (new or updated review; databases/registers and other methods) as SVG, "
        "PNG, PDF or inside a Word document, with Indonesian or English labels, the template's footnotes and "
        "source line. COUNTS may be the PRISMA2020 template as Excel saves it (';' or ',', Windows-1252, "
        "1,056 or 1.056).",
    )
    parser.add_argument("counts", nargs="?", metavar="COUNTS", help="counts: PRISMA2020 template .csv or .yaml")
    parser.add_argument("--records", metavar="ALL.csv", help="every record with duplicate_of (review dedup --all)")
    parser.add_argument("--decisions", metavar="FILE", action="append",
                        help="decisions CSV/XLSX (laktasi, Rayyan or ASReview); may be repeated")
    parser.add_argument("--stage", default="screening",
                        help="stage of Rayyan/ASReview decisions (default: screening; or eligibility)")
    parser.add_argument("--out", metavar="PATH", action="append", required=True,
                        help="diagram file: .svg, .png, .pdf or .docx (may be repeated)")
    parser.add_argument("--other-methods", dest="other", action=argparse.BooleanOptionalAction, default=None,
                        help="show the 'other methods' column (default: when it has a count above 0)")
    parser.add_argument("--previous", dest="update", action=argparse.BooleanOptionalAction, default=None,
                        help="draw the updated-review template with its 'previous studies' column (default: when "
                        "previous_studies or previous_reports is above 0)")
    parser.add_argument("--counts-out", metavar="PATH.yaml", help="also save the computed counts as YAML")
    parser.add_argument("--previous-studies", type=_count_arg, metavar="N",
                        help="updated review: studies included in the previous version (with --records; records "
                        "of the earlier search come from `review dedup --previous … --all`)")
    parser.add_argument("--previous-reports", type=_count_arg, metavar="N",
                        help="updated review: reports of the studies included in the previous version")
    add_lang_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run)


def _count_arg(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"a whole number ≥ 0, not {text!r}")
    return int(text)


def _usage_problems(args: argparse.Namespace) -> list[Problem]:
    problems = []
    for value in args.out:
        if Path(value).suffix.lower() not in _SUFFIXES:
            problems.append(Problem("output_format", Text(
                en="--out must end in .svg, .png, .pdf or .docx", id="--out harus berakhiran .svg, .png, .pdf atau .docx"),
                file=value, column="--out", value=Path(value).suffix or None))
    if bool(args.counts) == bool(args.records):
        problems.append(Problem("prisma_input", Text(
            en="give either a COUNTS file or --records with --decisions",
            id="berikan berkas COUNTS atau --records bersama --decisions")))
    if args.counts and (args.previous_studies is not None or args.previous_reports is not None):
        problems.append(Problem("prisma_input", Text(
            en="--previous-studies/--previous-reports go with --records; in a COUNTS file write previous_studies "
               "and previous_reports",
            id="--previous-studies/--previous-reports dipakai bersama --records; di berkas COUNTS tulis "
               "previous_studies dan previous_reports"), column="--previous-studies"))
    if args.records and not args.decisions:
        problems.append(Problem("prisma_input", Text(
            en="--records needs --decisions (the screening decisions)",
            id="--records memerlukan --decisions (keputusan penapisan)"), column="--decisions"))
    # before any work: a missing folder, a folder given as the file, a read-only place (laktasi.files)
    from laktasi.files import check_output_path

    for flag, path in [*(("--out", p) for p in args.out), ("--counts-out", args.counts_out)]:
        if path:
            try:
                check_output_path(path, what=flag)
            except InputError as exc:
                problems.extend(exc.problems)
    return problems


def _has_duplicate_of_column(path: str) -> bool:
    """Whether ``path`` is a CSV whose header has ``duplicate_of`` (as ``review dedup --all`` writes)."""
    import csv

    p = Path(path)
    if p.suffix.lower() != ".csv" or not p.exists():
        return False
    with p.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    return "duplicate_of" in header


def counts_from_files(records_path: str, decision_paths: list[str], stage: str, lang: str, *,
                      previous_studies: int | None = None, previous_reports: int | None = None
                      ) -> tuple[Any, list[Any]]:
    """Read the records and decisions files and compute the counts (shared with the web import)."""
    from laktasi.review.decisions import read_decisions, resolve
    from laktasi.review.io import read_records
    from laktasi.review.prisma import compute_counts, review_records

    if not _has_duplicate_of_column(records_path):
        raise InputError([Problem("records_without_duplicate_of", Text(
            en="the records file must be a CSV with a duplicate_of column; write it with "
               "`laktasi review dedup … --all ALL.csv`",
            id="berkas rekaman harus CSV dengan kolom duplicate_of; tulis dengan "
               "`laktasi review dedup … --all ALL.csv`"),
            file=records_path, row=1, column="duplicate_of")])
    records = read_records([records_path])
    decisions = []
    problems: list[Problem] = []
    for path in decision_paths:
        try:
            decisions.extend(read_decisions(path, stage=stage))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    resolved, unmatched = resolve(decisions, records)
    if unmatched:
        raise InputError([Problem("decision_unknown_record", Text(
            en="no record with this id, DOI, PMID or title in the records file",
            id="tidak ada rekaman dengan id, DOI, PMID atau judul ini di berkas rekaman"),
            file=d.file, row=d.row, column="record_id", value=d.record_id or d.doi or d.title) for d in unmatched])
    return compute_counts(review_records(records), resolved, lang=lang, previous_studies=previous_studies,
                          previous_reports=previous_reports)


def run(args: argparse.Namespace) -> int:
    from laktasi.report.prisma_diagram import save_prisma
    from laktasi.review.prisma import read_counts

    problems = _usage_problems(args)
    if problems:
        raise InputError(problems)
    lang = args.lang
    if args.counts:
        counts = read_counts(args.counts)
        warnings = counts.check()
    else:
        counts, warnings = counts_from_files(args.records, args.decisions, args.stage, lang,
                                             previous_studies=args.previous_studies,
                                             previous_reports=args.previous_reports)
        warnings += counts.check()
    from laktasi.files import OutputGroup

    with OutputGroup() as group:  # every --out and --counts-out appear together, or none does
        for path in args.out:
            with group.path(path) as tmp:
                save_prisma(counts, tmp, lang, other_methods=args.other, update=args.update)
        if args.counts_out:
            import yaml

            data: dict[str, Any] = {}
            for k, v in counts.to_json().items():
                if isinstance(v, list):
                    v = {item["name"]: item["n"] for item in v} or None
                if v is not None:
                    data[k] = v
            group.write_text(args.counts_out, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    for w in warnings:
        progress(("peringatan: " if lang == "id" else "warning: ") + w.text.in_(lang))
    if args.json:
        print_json({"counts": counts.to_json(), "warnings": [w.to_json(lang) for w in warnings],
                    "outputs": list(args.out)})
    else:
        print(("Diagram ditulis: " if lang == "id" else "Diagram written: ") + ", ".join(args.out))
    return 0
