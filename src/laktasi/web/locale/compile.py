"""The web app's translations: ``{id,en}/LC_MESSAGES/django.po`` here, and the same under each app's own
``locale/`` folder (``web/<app>/locale/``), are the source of truth (edit them in Poedit or Weblate); Babel
compiles them to ``.mo`` when the app starts. One catalogue per app lets the apps of the review workspace
grow their texts side by side; the shared texts (base template, accounts, studies) stay here.

The compiled files go to a folder named by a hash of the ``.po`` contents, under the app's cache, so a
changed catalogue is compiled once, several worker processes starting together never read a half-written
file (each writes to a temporary name and renames), and an installed package's folder is never written to.

New strings: from ``src/laktasi/web`` (or from an app's folder, for its own catalogue) run
``django-admin makemessages -l id -l en --no-location``
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


def catalogue_dirs() -> list[Path]:
    """The shared catalogue first, then each app's that has one (Django gives the first one found priority)."""
    apps = sorted(d for d in HERE.parent.glob("*/locale") if d.resolve() != HERE and d.is_dir())
    return [HERE, *apps]


def po_files() -> list[Path]:
    return [d / lang / "LC_MESSAGES" / f"{DOMAIN}.po" for d in catalogue_dirs() for lang in LANGS
            if (d / lang / "LC_MESSAGES" / f"{DOMAIN}.po").exists()]


def _digest() -> str:
    h = hashlib.sha256()
    for po in po_files():
        h.update(str(po.relative_to(HERE.parent)).encode() + po.read_bytes())
    return h.hexdigest()[:16]


def _name(po: Path) -> str:
    """The compiled catalogue's folder: ``web`` for the shared one, else the app's name."""
    catalogue = po.parent.parent.parent
    return "web" if catalogue.resolve() == HERE else catalogue.parent.name


def compile_catalogues(cache_root: Path) -> list[Path]:
    """Compile every catalogue into ``cache_root/<hash>/<web|app>/<lang>/LC_MESSAGES/django.mo``; returns
    the folders to put in Django's ``LOCALE_PATHS``, the shared one first. Already compiled: returns at
    once."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    root = cache_root / _digest()
    targets: list[Path] = []
    for po in po_files():
        lang = po.parent.parent.name
        target = root / _name(po)
        if target not in targets:
            targets.append(target)
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
    return targets


def locale_dirs(home: Path) -> list[Path]:
    """The compiled catalogues for the settings: under ``home/cache/locale``, or the system temporary
    folder when ``home`` cannot be written."""
    for root in (home / "cache" / "locale", Path(tempfile.gettempdir()) / f"laktasi-locale-{os.getuid()}"):
        try:
            return compile_catalogues(root)
        except OSError:
            continue
    raise OSError("no writable folder for the compiled translations")


if __name__ == "__main__":
    for out in compile_catalogues(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "_compiled"):
        print(out)
