"""The runnable examples in the trial modules' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["laktasi.trial.io", "laktasi.trial.design", "laktasi.trial.study", "laktasi.trial.results",
           "laktasi.trial.analysis", "laktasi.trial.demo", "laktasi.data"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
