"""Every runnable example in the library's docstrings runs and gives what it shows (the examples are the
first documentation a user reads; a wrong one is a defect like any other)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("stats", "meta", "audit", "trial", "review", "report")


def _modules() -> list[str]:
    names = ["laktasi.files"]
    for package in PACKAGES:
        pkg = importlib.import_module(f"laktasi.{package}")
        names += [m.name for m in pkgutil.walk_packages(pkg.__path__, prefix=f"laktasi.{package}.")]
    return sorted(names)


MODULES = _modules()


def test_the_library_has_examples():
    counted = sum(len([t for t in doctest.DocTestFinder().find(importlib.import_module(m)) if t.examples])
                  for m in MODULES)
    assert counted >= 150, counted


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (run pytest " \
                               f"--doctest-modules on it to see them)"

