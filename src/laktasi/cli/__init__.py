"""The ``laktasi`` command line: a thin dispatcher over one module per command.

Each module in :data:`COMMAND_MODULES` exposes ``register(subparsers)``, which adds its
sub-command and sets ``func`` (``args -> exit code``) on its parser. Modules import heavy
libraries inside their ``func`` so that ``laktasi --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from laktasi import __version__
from laktasi.cli._common import report_error
from laktasi.errors import LaktasiError

COMMAND_MODULES = (
    "laktasi.cli.demo",
    "laktasi.cli.analyze",
    "laktasi.cli.power",
    "laktasi.cli.meta",
    "laktasi.cli.audit",
    "laktasi.cli.review",
    "laktasi.cli.serve",
    "laktasi.cli.backup",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="laktasi",
        description="Lactation-support studies and systematic reviews, analysed correctly.",
    )
    parser.add_argument("--version", action="version", version=f"laktasi {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # command not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except LaktasiError as exc:
        return report_error(exc, args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        if os.environ.get("LAKTASI_DEBUG"):
            raise
        print(
            f"laktasi: internal error ({type(exc).__name__}: {exc}). "
            "Run again with LAKTASI_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
