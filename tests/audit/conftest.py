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


SEED_000 = "000_ae99253d400d5bc1.txt"


@pytest.fixture(scope="session")
def seed_text():
    """The seed papers' full text from shared/seeds beside the checkout (found next to the configured
    benchdata folder); skips when absent, fails when CI=true — never copied into the repo."""
    import os

    from laktasi.config import benchdata_dir

    def read(name: str) -> str:
        path = benchdata_dir().parent / "seeds" / name
        if not path.exists():
            reason = f"seed text not found at {path} (shared/seeds beside LAKTASI_BENCHDATA)"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(reason + " — required when CI=true")
            pytest.skip(reason)
        return path.read_text(encoding="utf-8")

    return read
