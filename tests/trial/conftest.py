from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
TRIAL_FIXTURES = REPO / "tests" / "fixtures" / "trial"


def r_reference(name: str) -> float:
    """A value from r/trial/example_analysis.out (R 4.2, script r/trial/example_analysis.R)."""
    for line in (REPO / "r" / "trial" / "example_analysis.out").read_text().splitlines():
        key, _, value = line.rpartition(" = ")
        if key == name:
            return float(value)
    raise KeyError(name)


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def trial_fixtures() -> Path:
    return TRIAL_FIXTURES
