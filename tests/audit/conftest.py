"""Reference values for the audit tests: R 4 + coin output committed under r/audit/ (tests never run R)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

REF = Path(__file__).resolve().parents[2] / "r" / "audit" / "reference.csv"


@pytest.fixture(scope="session")
def r_ref() -> dict[tuple[str, str], float]:
    """``r_ref[(case, quantity)]`` from r/audit/reference.csv (produced by r/audit/reference.R)."""
    with REF.open(encoding="utf-8") as fh:
        return {(row["case"], row["quantity"]): float(row["value"]) for row in csv.DictReader(fh)}
