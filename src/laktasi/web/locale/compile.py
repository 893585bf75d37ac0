"""The web app's translations: ``{id,en}/LC_MESSAGES/django.po`` here are the source of truth (edit them in
Poedit or Weblate); Babel compiles them to ``.mo`` when the app starts.

The compiled files go to a folder named by a hash of the ``.po`` contents, under the app's cache, so a
changed catalogue is compiled once, several worker processes starting together never read a half-written
file (each writes to a temporary name and renames), and an installed package's folder is never written to.

New strings: from ``src/laktasi/web`` run ``django-admin makemessages -l id -l en --no-location``
(GNU gettext, Debian package ``gettext``; DJANGO_SETTINGS_MODULE=laktasi.web.settings), then fill the
``msgstr`` lines; ``tests/web/test_locale.py`` fails while any string lacks its text in either language.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = ("id", "en")
DOMAIN = "django"


def po_files() -> list[Path]:
    return [HERE / lang / "LC_MESSAGES" / f"{DOMAIN}.po" for lang in LANGS]


def _digest() -> str:
    h = hashlib.sha256()
    for po in po_files():
        h.update(po.name.encode() + po.parent.parent.name.encode() + po.read_bytes())
    return h.hexdigest()[:16]


def compile_catalogues(cache_root: Path) -> Path:
    """Compile every catalogue into ``cache_root/<hash>/<lang>/LC_MESSAGES/django.mo``; returns the folder
    to put in Django's ``LOCALE_PATHS``. Already compiled: returns at once."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    target = cache_root / _digest()
    for po in po_files():
        lang = po.parent.parent.name
        mo = target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.exists():
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                write_mo(out, catalog, use_fuzzy=False)  # a fuzzy (unchecked) text is not shown
            os.replace(tmp, mo)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return target


def locale_dir(home: Path) -> Path:
    """The compiled catalogues for the settings: under ``home/cache/locale``, or the system temporary
    folder when ``home`` cannot be written."""
    for root in (home / "cache" / "locale", Path(tempfile.gettempdir()) / f"laktasi-locale-{os.getuid()}"):
        try:
            return compile_catalogues(root)
        except OSError:
            continue
    raise OSError("no writable folder for the compiled translations")


if __name__ == "__main__":
    out = compile_catalogues(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "_compiled")
    print(out)
