"""The path converter of every id in a URL: digits that fit a database key.

Django's ``int`` takes any length, and a 30-digit id then overflows the database driver (a 500 error); this
one matches at most 18 digits, so an oversized id is simply not found (404).
"""

from __future__ import annotations

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
