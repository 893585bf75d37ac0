"""Reference values for the stats tests: R output committed under r/stats/ (tests never run R)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

R_DIR = Path(__file__).resolve().parents[2] / "r" / "stats"


def _load(name: str) -> dict[str, Any]:
    def fix(v: Any) -> Any:  # jsonlite writes Inf as the string "Inf"
        if v == "Inf":
            return float("inf")
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        return v

    return fix(json.loads((R_DIR / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def rref() -> dict[str, Any]:
    """Cases from r/stats/references.R (output r/stats/references.json), keyed by case name."""
    return _load("references.json")
