from __future__ import annotations

import pytest

from laktasi.review.records import Record, normalise_doi


@pytest.mark.parametrize(("given", "expected"), [
    ("10.1000/XYZ", "10.1000/xyz"),
    ("https://doi.org/10.1000/XYZ", "10.1000/xyz"),
    ("http://dx.doi.org/10.1000/xyz.", "10.1000/xyz"),
    ("doi:10.1000/xyz", "10.1000/xyz"),
    ("DOI 10.1000/xyz", "10.1000/xyz"),
    ("10.1161/STROKEAHA.118.021126 [doi]", "10.1161/strokeaha.118.021126"),
    ("https://doi.org/10.4103%2F2303-9027.138783", "10.4103/2303-9027.138783"),
    ("  10.1016/S0022-2836(84)80011-X ", "10.1016/s0022-2836(84)80011-x"),  # parentheses inside a DOI stay
    ("", ""), (None, ""), ("not a doi", ""), ("S0140-6736(19)30001-2 [pii]", ""),
])
def test_normalise_doi(given, expected):
    assert normalise_doi(given) == expected


def test_first_author_family_and_first_page():
    assert Record(authors=("Liu R.", "Adler D.G.")).first_author_family == "Liu"
    assert Record(authors=("Trindade, Ines A",)).first_author_family == "Trindade"
    assert Record().first_author_family == ""
    assert Record(pages="697-704").pages_first == "697"
    assert Record(pages="e0213\u2013e0220").pages_first == "e0213"


def test_raw_not_compared():
    assert Record(title="A", raw={"x": 1}) == Record(title="A", raw={"y": 2})


@pytest.mark.parametrize("module", [
    "laktasi.review.records", "laktasi.review.strategy", "laktasi.review.pubmed", "laktasi.review.formats.base",
])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
