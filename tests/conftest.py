"""Shared fixtures. Third-party data is read through one configurable path (LAKTASI_BENCHDATA)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from laktasi.config import benchdata_dir

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"


def _need_benchdata(sub: str = "") -> Path:
    path = benchdata_dir() / sub if sub else benchdata_dir()
    if not path.exists():
        reason = f"benchmark data not found at {path} (set LAKTASI_BENCHDATA to the shared/benchdata folder)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " — required when CI=true")
        pytest.skip(reason)
    return path


@pytest.fixture
def benchdata() -> Path:
    """The benchdata root; skips (or fails under CI=true) when absent."""
    return _need_benchdata()


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
