"""Helpers every command shares: --json/--lang flags, error output, JSON printing, progress."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Iterable
from typing import Any

from laktasi.config import default_lang
from laktasi.errors import InputError, LaktasiError, Problem

EXIT_INPUT = 2


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print only a JSON document on standard output")


def add_lang_flag(parser: argparse.ArgumentParser) -> None:
    if any("--lang" in action.option_strings for action in parser._actions):
        return  # the dispatcher adds --lang to every command that did not
    parser.add_argument(
        "--lang", choices=("id", "en"), default=default_lang(), help="language of text (default: LAKTASI_LANG or id)"
    )


def check_outputs(paths: Iterable[tuple[str, str | os.PathLike[str] | None]]) -> None:
    """Check every output path (``(flag, path)``; ``None`` skipped) before any work starts.

    One :class:`InputError` lists every unusable path (missing folder, a folder, read-only, …), so a
    long analysis never ends in "cannot write".
    """
    from laktasi.files import check_output_path

    problems: list[Problem] = []
    for flag, path in paths:
        if path is None:
            continue
        try:
            check_output_path(path, what=flag)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)


def _clean(obj: Any) -> Any:
    """JSON has no NaN/Infinity: they become null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalar
        return _clean(obj.item())
    return obj


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(_clean(obj), ensure_ascii=False, indent=2, allow_nan=False))
    sys.stdout.write("\n")


def report_error(exc: LaktasiError, args: argparse.Namespace) -> int:
    """Print a user error (JSON on stdout with --json, text on stderr always); return exit code 2."""
    lang = getattr(args, "lang", None) or default_lang()
    if isinstance(exc, InputError):
        if getattr(args, "json", False):
            print_json(exc.to_json(lang))
        for problem in exc.problems:
            print(f"laktasi: {problem.describe(lang)}", file=sys.stderr)
    else:
        if getattr(args, "json", False):
            print_json({"errors": [{"file": None, "row": None, "column": None, "value": None,
                                    "code": type(exc).__name__, "message": str(exc)}]})
        print(f"laktasi: {exc}", file=sys.stderr)
    return EXIT_INPUT


def progress(message: str) -> None:
    """Progress and log lines go to standard error, never to standard output."""
    print(message, file=sys.stderr, flush=True)
