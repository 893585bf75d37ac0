"""Classification rules (boundaries, gaps, overlaps, wording) and the JSON of results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from laktasi.trial.results import ClassificationRule

LEVELS = ("kurang lancar", "cukup lancar", "lancar")


def test_cutpoints_boundaries_belong_to_the_upper_level():
    rule = ClassificationRule("k", "volume", LEVELS, (10.0, 20.0), "ml")
    got = rule.classify(pd.Series([0, 9.99, 10, 19.9, 20, 55, np.nan])).astype(object).tolist()
    assert got[:6] == ["kurang lancar", "kurang lancar", "cukup lancar", "cukup lancar", "lancar", "lancar"]
    assert pd.isna(got[6])
    assert rule.check() == []


def test_describe_in_both_languages_with_locale_decimals():
    rule = ClassificationRule("k", "volume", LEVELS, (7.5, 20.0), "ml")
    assert rule.describe("id") == "k dari volume (ml): < 7,5 → kurang lancar; 7,5 sampai < 20 → cukup lancar; ≥ 20 → lancar"
    assert rule.describe("en").endswith("7.5 to < 20 → cukup lancar; ≥ 20 → lancar")


def test_published_score_instrument_leaves_nine_unclassified():
    # domain.md: 3 indicators scored 1-3 (total 3-9); low 3-4, moderate 5-6, high 7-8 → 9 is in no class
    rule = ClassificationRule("k", "skor", LEVELS, ranges=((3, 4), (5, 6), (7, 8)), score_range=(3, 9))
    problems = rule.check()
    assert len(problems) == 1
    assert "[9]" in problems[0].en and "gap" in problems[0].en and "celah" in problems[0].id


def test_overlap_and_reversed_ranges():
    rule = ClassificationRule("k", "skor", LEVELS, ranges=((3, 5), (5, 6), (7, 9)), score_range=(3, 9))
    (only,) = rule.check()
    assert "[5]" in only.en and "overlap" in only.en
    bad = ClassificationRule("k", "skor", LEVELS, ranges=((4, 3), (5, 6), (7, 9)), score_range=(3, 9))
    assert any("backwards" in t.en for t in bad.check())
    assert any("score_range" in t.en for t in
               ClassificationRule("k", "s", LEVELS, ranges=((3, 4), (5, 6), (7, 9))).check())


def test_cutpoint_count_and_order_are_checked():
    assert ClassificationRule("k", "v", LEVELS, (10.0,)).check()[0].en.startswith("rule 'k': 3 levels need 2")
    assert "increase strictly" in ClassificationRule("k", "v", LEVELS, (20.0, 10.0)).check()[0].en


def test_score_rule_classifies_inclusive_ranges():
    rule = ClassificationRule("k", "skor", LEVELS, ranges=((3, 4), (5, 6), (7, 9)), score_range=(3, 9))
    assert rule.check() == []
    assert rule.classify(pd.Series([3, 4, 5, 6, 7, 9])).astype(str).tolist() == [
        "kurang lancar", "kurang lancar", "cukup lancar", "cukup lancar", "lancar", "lancar"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_rule_json(lang):
    rule = ClassificationRule("k", "volume", LEVELS, (10.0, 20.0), "ml")
    doc = rule.to_json(lang)
    assert doc["kind"] == "cutpoints" and doc["cutpoints"] == [10.0, 20.0] and doc["text"] == rule.describe(lang)
