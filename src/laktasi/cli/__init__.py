"""The ``laktasi`` command line: a thin dispatcher over one module per command.

Each module in :data:`COMMAND_MODULES` exposes ``register(subparsers)``, which adds its
sub-command and sets ``func`` (``args -> exit code``) on its parser. Modules import heavy
libraries inside their ``func`` so that ``laktasi --help`` stays fast.

The dispatcher makes three promises for every command, so no module can forget them:
``--lang id|en`` is accepted everywhere; ``--help`` is shown in the language chosen by
``--lang`` or ``LAKTASI_LANG`` (:mod:`laktasi.cli._help_id`); and an error a user can act on —
invalid input, an unusable file — exits with status 2 and no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence

from laktasi import __version__
from laktasi.cli._common import add_lang_flag, report_error
from laktasi.config import default_lang
from laktasi.errors import InputError, LaktasiError, Problem, Text

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

INTERRUPTED = Text(en="interrupted; nothing was written", id="dihentikan; tidak ada yang ditulis")


def _lang_from_argv(argv: Sequence[str]) -> str:
    """The language asked for on the command line (for --help, before parsing), else LAKTASI_LANG."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("id", "en"):
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in ("id", "en"):
            return arg[7:]
    return default_lang()


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from _parsers(child)


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
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
    for child in _parsers(parser):
        add_lang_flag(child)  # a no-op where the command added it itself
    if (lang or default_lang()) == "id":
        from laktasi.cli._help_id import translate_parser

        for child in _parsers(parser):
            translate_parser(child)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from_argv(argv)
    parser = build_parser(lang)
    if lang == "id":
        from laktasi.cli._help_id import argparse_in_indonesian

        with argparse_in_indonesian():
            args = parser.parse_args(argv)
    else:
        args = parser.parse_args(argv)
    if any(a == "--lang" or a.startswith("--lang=") for a in argv):
        args.lang = lang  # `laktasi --lang en review …`: a sub-command's default must not override it
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from laktasi.files import warnings_to

    out_lang = getattr(args, "lang", None) or lang

    def warn(problem: Problem) -> None:
        print(f"laktasi: {problem.describe(out_lang)}", file=sys.stderr)

    try:
        with warnings_to(warn):
            return int(args.func(args) or 0)
    except LaktasiError as exc:
        return report_error(exc, args)
    except KeyboardInterrupt:
        print(f"laktasi: {INTERRUPTED.in_(getattr(args, 'lang', lang))}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A file the user named that could not be read or written: their problem to fix, not a bug.
        if exc.filename is None or os.environ.get("LAKTASI_DEBUG"):
            return _internal(exc)
        from laktasi.files import os_error_problem

        problem = os_error_problem(exc, exc.filename, "read")
        return report_error(InputError([problem]), args)
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        return _internal(exc)


def run() -> int:
    """The ``laktasi`` program (console script and ``python -m laktasi.cli``): :func:`main`, and then Ctrl+C
    is ignored. The command is over and its outputs are in place; a Ctrl+C landing in the last
    milliseconds (while the interpreter shuts down, or while the "interrupted" message prints) must not
    show the user a traceback. ``main`` itself leaves the signal alone, as tests call it in-process."""
    try:
        return main()
    except KeyboardInterrupt:  # a second Ctrl+C while the first was being reported
        return 130
    finally:
        if _in_main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _internal(exc: BaseException) -> int:
    if os.environ.get("LAKTASI_DEBUG"):
        raise exc
    print(
        f"laktasi: internal error ({type(exc).__name__}: {str(exc)[:300]}). "
        "Run again with LAKTASI_DEBUG=1 for details and report it.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
