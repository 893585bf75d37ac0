"""Candidate pairs (laktasi.review.dedup_candidates): the boundaries of the blocking keys and of the
pre-filter that skips pairs the pair rule could only call distinct. Hand-made records, no benchdata;
written for the survivors of a mutation sample of the module (benchmarks/dedup_mutants.py --module)."""

from __future__ import annotations

import numpy as np

from laktasi.review.dedup_candidates import _candidates, _worth_judging
from laktasi.review.dedup_keys import _key
from laktasi.review.records import Record


def test_the_printed_place_key_needs_year_volume_and_first_page():
    # window 0: no sorted neighbourhood, so only the shared-value keys can pair the records
    same_year = [_key(Record(title="Oxytocin massage and milk volume", year=2020)),
                 _key(Record(title="Zinc supplements in pregnancy", year=2020))]
    assert _candidates(same_year, 0)[0].shape == (0, 2)  # a year alone is no printed place
    placed = [_key(r.with_(volume="12", pages="101-108")) for r in (
        Record(title="Oxytocin massage and milk volume", year=2020),
        Record(title="Zinc supplements in pregnancy", year=2020))]
    assert _candidates(placed, 0)[0].tolist() == [[0, 1]]
    no_year = [_key(Record(title=t, volume="12", pages="101-108")) for t in ("Oxytocin massage", "Zinc in pregnancy")]
    assert _candidates(no_year, 0)[0].shape == (0, 2)


def _kept(first: str, second: str, sim: float) -> bool:
    keys = [_key(Record(title=first)), _key(Record(title=second))]
    return _worth_judging(keys, np.array([[0, 1]], dtype=np.int64), np.array([sim])).tolist() == [0]


def test_similar_titles_are_judged_from_0_8():
    first, second = "Oxytocin massage and breast milk volume", "Lactation counselling by midwives at home"
    assert _kept(first, second, 0.8)
    assert not _kept(first, second, 0.7999)


def test_a_title_inside_the_other_is_judged_from_0_6_when_start_and_end_differ():
    inner = "oxytocin massage and breast milk volume"
    outer = "a randomised trial of oxytocin massage and breast milk volume in mothers at home"
    assert _kept(inner, outer, 0.6)
    assert not _kept(inner, outer, 0.5999)  # below 0.6 only a shared start or end lets it through
    assert _kept(inner, inner + " in mothers at home", 0.1)  # shared start


def test_window_zero_compares_only_records_that_share_a_value():
    from laktasi.review.dedup import deduplicate

    article = Record(title="Oxytocin massage and breast milk volume in postpartum mothers", year=2021,
                     authors=("Lestari, D",), record_id="a")
    records = [article, article.with_(record_id="b"),  # the same title: a shared value
               article.with_(title="Oxytocin massage and breast milk volume in postpartum mothres", record_id="c")]
    assert deduplicate(records, window=0).records_out == 2  # the slip needs a neighbourhood to be found
    assert deduplicate(records).records_out == 1
