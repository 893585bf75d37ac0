"""The runnable examples in the meta docstrings (each checked against R separately in the other tests)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["effects", "models", "mh", "bias", "sensitivity", "table", "analysis", "diagnostics"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"laktasi.meta.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
