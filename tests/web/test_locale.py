"""Translations (issue 11): the .po files are the source of truth, Babel compiles them, and no user-facing
string is left untranslated in either language — every string the code and templates mark is in both
catalogues with its text, and no template shows text outside a translation tag."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_python
from babel.messages.pofile import read_po
from django.template.base import Lexer, TokenType
from django.utils import translation
from django.utils.translation.template import templatize

from laktasi.web.locale.compile import HERE, compile_catalogues, po_files

WEB = HERE.parent
KEYWORDS = {**DEFAULT_KEYWORDS, "gettext_lazy": None, "ngettext_lazy": (1, 2), "pgettext_lazy": ((1, "c"), 2),
            "gettext_noop": None}


def _python_files() -> list[Path]:
    return [p for p in WEB.rglob("*.py") if "migrations" not in p.parts and "locale" not in p.parts]


def _templates() -> list[Path]:
    return sorted(WEB.rglob("templates/**/*.html"))


def _ids(source: bytes) -> set[str]:
    found = set()
    for _lineno, _func, message, _comments in extract_python(io.BytesIO(source), KEYWORDS, [], {}):
        first = message[0] if isinstance(message, tuple) else message
        if first:
            found.add(first)
    return found


def marked_strings() -> dict[str, str]:
    """msgid → the file that marks it (Python gettext calls; templates through Django's own templatize)."""
    out: dict[str, str] = {}
    for path in _python_files():
        for msgid in _ids(path.read_bytes()):
            out.setdefault(msgid, str(path.relative_to(WEB)))
    for path in _templates():
        # templatize writes gettext() calls for xgettext, which reads them leniently; indentation aside it
        # is Python (a string with a newline in it stays on its line: its newlines are escaped)
        code = "\n".join(line.lstrip() for line in templatize(path.read_text(encoding="utf-8"),
                                                              origin=str(path)).splitlines())
        for msgid in _ids(code.encode("utf-8")):
            out.setdefault(msgid, str(path.relative_to(WEB)))
    return out


def _catalog(lang: str) -> list:
    """Every message of ``lang`` across the shared catalogue and the apps' own."""
    messages = []
    for po in po_files():
        if po.parent.parent.name == lang:
            with po.open("rb") as fh:
                messages.extend(read_po(fh, locale=lang))
    return messages


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_marked_string_has_its_text(lang):
    marked = marked_strings()
    assert len(marked) > 250
    catalog = _catalog(lang)
    texts = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = sorted(f"{where}: {msgid!r}" for msgid, where in marked.items() if msgid not in texts)
    empty = sorted(f"{marked.get(k, '?')}: {k!r}" for k, m in texts.items()
                   if not (m.string if isinstance(m.string, str) else all(m.string)))
    fuzzy = sorted(k for k, m in texts.items() if m.fuzzy)
    assert missing == [], f"not in {lang}/django.po (run makemessages): {missing}"
    assert empty == [], f"no {lang} text: {empty}"
    assert fuzzy == [], f"fuzzy (unchecked) in {lang}: {fuzzy}"


GETTEXT_IN_FSTRING = re.compile(r"""\bf(["'])[^\n]*?\{\s*(_|gettext|gettext_lazy|ngettext)\(\s*["']""")


def test_no_gettext_inside_f_strings():
    """Neither xgettext (makemessages) nor Babel sees a string marked inside an f-string: it would never be
    translated."""
    found = [f"{p.relative_to(WEB)}:{i}" for p in _python_files()
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if GETTEXT_IN_FSTRING.search(line)]
    assert found == []


# Literal text a template may show untranslated: names, units, symbols.
ALLOWED = {"laktasi", "English", "Bahasa", "Indonesia", "ml", "n", "h", "min", "CSV", "XLSX", "SPSS", "sav",
           "DOCX", "HTML", "YAML", "PNG", "SVG", "PDF", "ID", "WIB", "WITA", "WIT", "κ", "AC1", "RoB", "ROBINS-I",
           "PRISMA", "SD", "r", "p"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def _visible_text(path: Path) -> list[str]:
    """Words a template shows outside {% translate %} / {% blocktranslate %} (tags, attributes, comments,
    scripts and template variables aside)."""
    parts: list[str] = []
    depth = 0
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans", "comment"):
                depth += 1
            elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
                depth -= 1
            parts.append("\0")
        elif token.token_type == TokenType.TEXT and depth == 0:
            parts.append(token.contents)
        else:
            parts.append("\0")
    text = "".join(parts)
    text = re.sub(r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(WEB)))
def test_no_template_text_outside_translation(path):
    assert _visible_text(path) == []


def test_babel_compiles_and_django_reads_it(tmp_path):
    out = compile_catalogues(tmp_path)
    assert out[0].name == "web"
    assert all((out[0] / lang / "LC_MESSAGES" / "django.mo").stat().st_size > 1000 for lang in ("id", "en"))
    assert compile_catalogues(tmp_path) == out  # unchanged catalogues: compiled once
    with translation.override("id"):
        assert translation.gettext("Log out") == "Keluar"
    with translation.override("en"):
        assert translation.gettext("Log out") == "Log out"


def test_no_hand_written_catalogue_left():
    assert not (HERE / "id_text.py").exists() and not (HERE / "build.py").exists()
    assert {p.name for p in po_files()} == {"django.po"} and len(po_files()) % 2 == 0  # id and en per catalogue
