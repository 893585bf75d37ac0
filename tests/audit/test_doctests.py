"""The runnable examples in the audit docstrings are tests too."""

import doctest
import importlib

import pytest

MODULES = ["printed", "results", "pvalues", "grim", "paired", "groups", "text", "claims", "percentages"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"laktasi.audit.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0, f"laktasi.audit.{name} has no runnable example"
    assert result.failed == 0
