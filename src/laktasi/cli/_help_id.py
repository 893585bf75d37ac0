"""Indonesian ``--help``: every help and description string of the command line, translated.

The commands are written with English help; :func:`translate_parser` swaps in the Indonesian
text when ``--lang id`` or ``LAKTASI_LANG=id`` (the default) is in force, and
:func:`argparse_in_indonesian` translates argparse's own words ("usage", "options", …).
A string missing here stays English (tests/cli/test_main.py lists any that are).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

ARGPARSE: dict[str, str] = {
    "usage: ": "penggunaan: ",
    "options": "opsi",
    "positional arguments": "argumen posisi",
    "show this help message and exit": "tampilkan pesan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "expected one argument": "memerlukan satu argumen",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
}

HELP: dict[str, str] = {}


def _id(text: str | None) -> str | None:
    if text is None or text == argparse.SUPPRESS:
        return text
    return HELP.get(text, text)


def translate_parser(parser: argparse.ArgumentParser) -> None:
    """Replace the parser's description and every argument's help with the Indonesian text."""
    parser.description = _id(parser.description)
    parser.epilog = _id(parser.epilog)
    for action in parser._actions:
        action.help = _id(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = _id(choice.help)
    for group in parser._action_groups:
        if group.title in ARGPARSE:
            group.title = ARGPARSE[group.title]


@contextlib.contextmanager
def argparse_in_indonesian() -> Iterator[None]:
    """argparse's own messages (usage, errors) in Indonesian while parsing."""
    original = argparse._  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return ARGPARSE.get(message, message)

    argparse._ = gettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
