"""Errors and problems shared by every layer.

A :class:`Problem` says what is wrong with which file, row, column and value, in
Indonesian and English. Code that validates input collects *all* problems first and
raises one :class:`InputError` so a user sees every mistake at once and nothing is
half-imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["id", "en"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Text:
    """A user-facing sentence in both languages."""

    en: str
    id: str

    def in_(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a user's input.

    ``row`` is the 1-based row as a user sees it in a spreadsheet (the header is row 1),
    or a record/line number for text formats; ``None`` when the problem is not tied to one.
    """

    code: str
    text: Text
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    severity: Severity = "error"

    def message(self, lang: str = "en") -> str:
        return self.text.in_(lang)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": value,
            "code": self.code,
            "message": self.message(lang),
        }

    def describe(self, lang: str = "en") -> str:
        """One line for a terminal: ``file:row [column=value] message``."""
        where = self.file or ""
        if self.row is not None:
            where += f":{self.row}" if where else f"row {self.row}"
        parts = [where] if where else []
        if self.column is not None:
            label = "kolom" if lang == "id" else "column"
            parts.append(f"{label} {self.column!r}" + (f" = {self.value!r}" if self.value is not None else ""))
        elif self.value is not None:
            parts.append(repr(self.value))
        parts.append(self.message(lang))
        return ": ".join(parts)


class LaktasiError(Exception):
    """Base class for errors a user can act on (never shown as a traceback)."""


class InputError(LaktasiError):
    """Invalid input: one or more problems; nothing was analysed or imported."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__("; ".join(p.describe("en") for p in self.problems[:5]))

    def to_json(self, lang: str = "en") -> dict[str, list[dict[str, Any]]]:
        return {"errors": [p.to_json(lang) for p in self.problems]}


@dataclass(frozen=True)
class Warning_:
    """A coded warning attached to a result (``{"code", "message"}`` in JSON)."""

    code: str
    text: Text
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {"code": self.code, "message": self.text.in_(lang)}
