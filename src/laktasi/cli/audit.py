"""``laktasi audit CLAIMS.(yaml|txt) [--json] [--lang id|en]``: check reported statistics.

A ``.txt`` (or ``.md``) file is read as free text (statcheck-style extraction, ids text-1,
text-2, …); anything else as a YAML list of claims. With ``--json`` standard output is one
JSON list, one entry per claim (design.md contract).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, print_json

TEXT_SUFFIXES = (".txt", ".md", ".text")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "audit",
        help="check reported statistics (p-values, percentages, means) for consistency",
        description="Check whether reported p-values, percentages and means can be right. "
        "CLAIMS is a YAML list of claims or a .txt file of text from a paper.",
    )
    parser.add_argument("claims", metavar="CLAIMS", help="claims file (.yaml/.yml) or text (.txt)")
    add_json_flag(parser)
    add_lang_flag(parser)
    parser.set_defaults(func=run)


def _read(path: Path) -> str:
    from laktasi.files import read_text

    return read_text(path).text  # guarded: size, encodings (with a warning when guessed), OS errors


def run(args: argparse.Namespace) -> int:
    from laktasi.audit import audit_claims, audit_text, claims_from_yaml

    path = Path(args.claims)
    source = _read(path)
    if path.suffix.lower() in TEXT_SUFFIXES:
        entries = audit_text(source)
    else:
        claims, lines = claims_from_yaml(source, str(path))
        entries = audit_claims(claims, str(path), lines)
    if args.json:
        print_json([e.to_json(args.lang) for e in entries])
    else:
        print_table(entries, args.lang)
    return 0


_MARK = {"consistent": "✓", "inconsistent": "✗", "impossible": "✗✗", "not_checkable": "?"}


def print_table(entries: list[Any], lang: str, out: Any = None) -> None:
    """Plain text for a terminal: per claim a line ``id  kind  verdict``, then its finding, wrapped."""
    from laktasi.audit import VERDICT_TEXT

    out = out or sys.stdout
    width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))
    id_w = min(max([len(e.id) for e in entries] + [2]), 40)
    check_w = max([len(e.check) for e in entries] + [5])
    rule = "-" * width
    for e in entries:
        verdict = f"{_MARK[e.verdict]} {VERDICT_TEXT[e.verdict].in_(lang)}"
        print(f"{e.id:<{id_w}}  {e.check:<{check_w}}  {verdict}", file=out)
        if e.line is not None:  # found in free text: where, and the words as printed
            where = f"{'line' if lang == 'en' else 'baris'} {e.line}: \"{e.quote}\""
            for i, line in enumerate(textwrap.wrap(where, width - 4)):
                print(("    " if i == 0 else "      ") + line, file=out)
        for line in textwrap.wrap(e.text.in_(lang), width - 4):
            print("    " + line, file=out)
        # further problems in the same claim (e.g. a contradiction beside a failed recomputation)
        for d in e.details:
            if d.verdict in ("inconsistent", "impossible") and d.text != e.text:
                for i, line in enumerate(textwrap.wrap(d.text.in_(lang), width - 6)):
                    print(("    • " if i == 0 else "      ") + line, file=out)
        for w in e.warnings:
            for i, line in enumerate(textwrap.wrap(w.text.in_(lang), width - 6)):
                print(("    ! " if i == 0 else "      ") + line, file=out)
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.verdict] = counts.get(e.verdict, 0) + 1
    parts = [f"{counts[v]} {VERDICT_TEXT[v].in_(lang)}" for v in VERDICT_TEXT if v in counts]
    total = f"{len(entries)} " + ("claims" if lang == "en" else "klaim")
    print(rule, file=out)
    print(f"{total}: " + ", ".join(parts), file=out)
    hint = ("every recomputation and variant: laktasi audit FILE --json" if lang == "en"
            else "setiap perhitungan ulang dan variannya: laktasi audit BERKAS --json")
    print(hint, file=out)
