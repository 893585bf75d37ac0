"""Reference values for the meta tests: R + metafor output committed under r/meta/ (never run here)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

R_DIR = Path(__file__).resolve().parents[2] / "r" / "meta"


@pytest.fixture(scope="session")
def metafor_ref() -> dict:
    """r/meta/metafor_reference.json, written by r/meta/metafor_reference.R (metafor 3.8.1)."""
    return json.loads((R_DIR / "metafor_reference.json").read_text())


@pytest.fixture(scope="session")
def r_data():
    """The datasets exactly as R wrote them (metadat), by short name."""
    return lambda name: pd.read_csv(R_DIR / f"dat_{name}.csv")


def assert_close(actual, expected, rel=1e-6, abs_=1e-9, what=""):
    """Agreement with R at full precision: relative 1e-6, or absolute 1e-9 near zero."""
    a = np.asarray(actual, dtype=float)
    e = np.asarray([np.nan if x is None else x for x in np.atleast_1d(expected)], dtype=float).reshape(a.shape)
    np.testing.assert_allclose(a, e, rtol=rel, atol=abs_, equal_nan=True, err_msg=what)


@pytest.fixture(scope="session")
def close():
    return assert_close


@pytest.fixture(scope="session")
def ref13() -> dict:
    """r/meta/issue13_reference.json, written by r/meta/issue13_reference.R (metafor 3.8.1)."""
    return json.loads((R_DIR / "issue13_reference.json").read_text())
