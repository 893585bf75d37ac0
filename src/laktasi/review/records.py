"""The one normalised bibliographic record every reader produces and every later step uses."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Record:
    """A bibliographic record, normalised from any export format.

    ``raw`` keeps every field of the source record (unknown fields included) so that
    exports can be written back with all input columns; ``source_file`` and ``position``
    (1-based record number within the file) say where it came from.
    """

    title: str = ""
    abstract: str = ""
    authors: tuple[str, ...] = ()  # "Family, Given" or as printed
    year: int | None = None
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""  # normalised: lower case, no resolver prefix ("10.1000/xyz")
    pmid: str = ""
    keywords: tuple[str, ...] = ()
    language: str = ""
    source_database: str = ""  # "PubMed", "Scopus", "Web of Science", "Embase", ...
    source_format: str = ""  # reader key: "nbib", "ris", "wos", "bibtex", "csv", "xlsx"
    source_file: str = ""
    position: int = 0
    record_id: str = ""  # stable id within a project: "<file stem>:<position>" unless the source has one
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **changes: Any) -> Record:
        return replace(self, **changes)

    @property
    def first_author(self) -> str:
        return self.authors[0] if self.authors else ""
