"""The Indonesian catalogue is complete and its compiled .mo matches the .po (no gettext needed)."""

from __future__ import annotations

import gettext

from laktasi.web.locale.build import HERE, parse_po


def test_every_string_has_indonesian_text():
    entries = parse_po((HERE / "id" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    empty = [k for k, v, _fuzzy in entries if k and not v]
    assert empty == [] and len(entries) > 200


def test_compiled_catalogue_matches():
    entries = parse_po((HERE / "id" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    with open(HERE / "id" / "LC_MESSAGES" / "django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for k, v, _f in entries:
        if k:
            assert mo.gettext(k) == v
