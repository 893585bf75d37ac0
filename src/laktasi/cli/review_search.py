"""``laktasi review search STRATEGY.yaml [--pubmed --out records.nbib] [--json]``.

Without ``--pubmed``: prints the strategy's query for each database (PubMed, Google Scholar,
Scopus) and its recorded runs. With ``--pubmed``: searches PubMed through the E-utilities
(``LAKTASI_PUBMED_URL``, ``LAKTASI_PUBMED_API_KEY``), writes every record as MEDLINE text
(.nbib) and records the run — date, exact query, hit count, records retrieved — in the
strategy YAML (PRISMA-S). Progress goes to standard error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, check_outputs, print_json, progress
from laktasi.errors import InputError, Problem, Text
from laktasi.files import write_text

EXIT_SERVICE = 1  # PubMed unreachable or answering with errors: not the user's input


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "search",
        help="show a search strategy's queries, or run it on PubMed and save the records (.nbib)",
        description="Render a search strategy (YAML: concept blocks, dates, languages) for PubMed, Google Scholar "
        "and Scopus; with --pubmed, run it through the NCBI E-utilities and record the run in the YAML.",
    )
    parser.add_argument("strategy", metavar="STRATEGY.yaml", help="search strategy file")
    parser.add_argument("--pubmed", action="store_true", help="run the PubMed query and download the records")
    parser.add_argument("--out", metavar="PATH.nbib", help="where to write the PubMed records (MEDLINE text)")
    parser.add_argument("--batch-size", type=int, default=500, metavar="N", help="records per EFetch request")
    parser.add_argument("--max-records", type=int, metavar="N", help="download at most N records")
    parser.add_argument("--email", default=os.environ.get("LAKTASI_PUBMED_EMAIL"),
                        help="contact e-mail sent to NCBI (NCBI asks for one; default LAKTASI_PUBMED_EMAIL)")
    parser.add_argument("--no-update", action="store_true", help="do not record the run in STRATEGY.yaml")
    parser.add_argument("--record", metavar="DATABASE",
                        help='record a search you ran by hand (e.g. "Google Scholar") with --hits, in STRATEGY.yaml')
    parser.add_argument("--hits", type=int, metavar="N", help="with --record: the number of results shown")
    parser.add_argument("--retrieved", type=int, metavar="N", help="with --record: the number of records exported")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="with --record: when it was run (default today)")
    parser.add_argument("--query", help="with --record: the query as typed (default: the strategy's query)")
    parser.add_argument("--file", dest="export_file", metavar="PATH", help="with --record: the exported file")
    add_lang_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run)


def _show(strategy: Any, args: argparse.Namespace) -> int:
    from laktasi.review.strategy import DATABASES

    databases = list(dict.fromkeys([*strategy.databases, "pubmed", "google_scholar", "scopus"]))
    queries = {db: strategy.query_for(db) for db in databases}
    runs = strategy.to_dict()["runs"]
    if args.json:
        print_json({"title": strategy.title, "queries": queries, "google_scholar_url": strategy.google_scholar_url(),
                    "runs": runs})
        return 0
    id_ = args.lang == "id"
    print(strategy.title)
    for db, query in queries.items():
        marker = "" if db in strategy.databases else (" (tidak direncanakan)" if id_ else " (not planned)")
        print(f"\n{DATABASES.get(db, db)}{marker}:\n  {query}")
        if db == "google_scholar":
            print(f"  {strategy.google_scholar_url()}")
    if runs:
        print("\n" + ("Pencarian yang tercatat:" if id_ else "Recorded runs:"))
        for run in runs:
            hits = run.get("hits", "?")
            print(f"  {run['date']}  {run['database']}: {hits} {'hasil' if id_ else 'hits'}")
    return 0


def _record(strategy: Any, args: argparse.Namespace) -> int:
    """Add a hand-run search (Google Scholar, Scopus web) to the strategy: PRISMA-S items 8 and 13."""
    from laktasi.review.strategy import DATABASES, SearchRun, save_strategy

    problems = []
    for flag, value in (("--hits", args.hits), ("--retrieved", args.retrieved)):
        if value is not None and value < 0:
            problems.append(Problem("negative_count", Text(en=f"{flag} must be 0 or more",
                                                           id=f"{flag} harus 0 atau lebih"), column=flag, value=value))
    if args.hits is None:
        problems.append(Problem("missing_hits", Text(en="--record needs --hits N (the number of results shown)",
                                                     id="--record memerlukan --hits N (jumlah hasil yang tampil)"),
                                column="--hits"))
    run_date = args.date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(run_date)
    except ValueError:
        problems.append(Problem("bad_date", Text(en="--date must be like 2025-06-01",
                                                 id="--date harus seperti 2025-06-01"), column="--date", value=run_date))
    if problems:
        raise InputError(problems)
    key = next((k for k, name in DATABASES.items() if args.record.lower() in (k, name.lower())), None)
    database = DATABASES[key] if key else args.record
    query = args.query or (strategy.query_for(key) if key else "")
    run = SearchRun(database=database, date=run_date, query=query, hits=args.hits, retrieved=args.retrieved,
                    file=args.export_file or "", platform="recorded by hand")
    save_strategy(strategy.with_run(run), args.strategy)
    progress(f"{database}: {args.hits} " + ("hasil dicatat di " if args.lang == "id" else "hits recorded in ")
             + args.strategy)
    if args.json:
        print_json({"database": database, "date": run_date, "query": query, "hits": args.hits,
                    "retrieved": args.retrieved, "file": args.export_file or ""})
    return 0


def run(args: argparse.Namespace) -> int:
    from laktasi.review.strategy import SearchRun, load_strategy, save_strategy

    strategy = load_strategy(args.strategy)
    if args.record:
        return _record(strategy, args)
    if not args.pubmed:
        return _show(strategy, args)
    problems = []
    if not args.out:
        problems.append(Problem("missing_out", Text(en="--pubmed needs --out PATH.nbib",
                                                    id="--pubmed memerlukan --out PATH.nbib"), column="--out"))
    elif Path(args.out).suffix.lower() not in (".nbib", ".txt", ".medline"):
        problems.append(Problem("output_format", Text(en="--out must end in .nbib (MEDLINE text)",
                                                      id="--out harus berakhiran .nbib (teks MEDLINE)"),
                                file=args.out, column="--out", value=Path(args.out).suffix or None))
    if args.batch_size < 1 or args.batch_size > 10000:
        problems.append(Problem("batch_size", Text(en="--batch-size must be between 1 and 10000",
                                                   id="--batch-size harus antara 1 dan 10000"),
                                column="--batch-size", value=args.batch_size))
    if problems:
        raise InputError(problems)
    # before a download that may take minutes: can the records, and the run in the strategy, be saved?
    check_outputs([("--out", args.out), ("STRATEGY.yaml", None if args.no_update else args.strategy)])

    from laktasi.review.formats import Source
    from laktasi.review.formats.medline import read_medline
    from laktasi.review.pubmed import PubMedClient, PubMedError

    query = strategy.pubmed()
    client = PubMedClient(email=args.email, progress=progress, lang=args.lang)
    try:
        result, text = client.search_and_fetch(query, batch_size=args.batch_size, max_records=args.max_records)
    except PubMedError as exc:
        message = exc.id if args.lang == "id" else exc.en
        if args.json:
            print_json({"errors": [{"file": None, "row": None, "column": None, "value": None,
                                    "code": "pubmed_error", "message": message}]})
        print(f"laktasi: {message}", file=sys.stderr)
        return EXIT_SERVICE
    out = Path(args.out)
    retrieved = 0
    if text.strip():
        # Parse what came back before saving it: a broken download must not pass as a result.
        retrieved = len(read_medline(Source(path=out, data=text.encode("utf-8"), name=str(out))))
    write_text(out, text)  # laktasi.files: an interrupted download leaves no partial file
    today = dt.date.today().isoformat()
    run = SearchRun(database="PubMed", date=today, query=query, hits=result.count, retrieved=retrieved,
                    file=out.name, platform="NCBI E-utilities (laktasi review search)")
    if not args.no_update:
        save_strategy(strategy.with_run(run), args.strategy)
    id_ = args.lang == "id"
    expected = min(result.count, 10_000, args.max_records if args.max_records is not None else result.count)
    if retrieved != expected:
        progress(f"PubMed melaporkan {expected} rekaman untuk diambil, tetapi {retrieved} yang diterima" if id_
                 else f"PubMed reported {expected} records to fetch but {retrieved} arrived")
    for warning in result.warnings:
        progress(("PubMed memperingatkan: " if id_ else "PubMed warns: ") + warning)
    progress(f"PubMed: {result.count} {'hasil' if id_ else 'hits'}, {retrieved} "
             f"{'rekaman ditulis ke' if id_ else 'records written to'} {out}")
    if args.json:
        print_json({"database": "PubMed", "date": today, "query": query, "hits": result.count,
                    "retrieved": retrieved, "out": str(out), "query_translation": result.query_translation,
                    "warnings": list(result.warnings), "strategy_updated": not args.no_update})
    return 0
