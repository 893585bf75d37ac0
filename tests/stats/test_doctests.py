"""The runnable examples in the stats docstrings stay true (their values were checked against R)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["exact", "effects", "paired", "independent", "power", "hodges_lehmann", "noncentral", "fisher_rxc", "posthoc"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"laktasi.stats.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
