"""``laktasi review …``: the file side of a systematic review.

Each sub-command lives in its own module (``review_<name>.py``) exposing ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

REVIEW_MODULES = (
    "laktasi.cli.review_search",
    "laktasi.cli.review_import",
    "laktasi.cli.review_dedup",
    "laktasi.cli.review_prisma",
    "laktasi.cli.review_table",
    "laktasi.cli.review_screening",
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "review", help="systematic review: search, import, deduplicate, PRISMA diagram, study table"
    )
    sub = parser.add_subparsers(dest="review_command", metavar="STEP")
    for name in REVIEW_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)

    def show_help(args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    parser.set_defaults(func=show_help)
