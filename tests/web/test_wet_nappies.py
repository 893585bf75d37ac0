"""Wet nappies (issue 10): the warning uses day-appropriate, sourced thresholds — one wet nappy is normal on
day 1, six from day 6 (HSE Ireland, "Knowing if your newborn is getting enough") — so it no longer fires on
every day-1 visit and trains blind ticking."""

from __future__ import annotations

import pytest

from laktasi.data import ranges
from laktasi.web.visits.ranges import check_value

# HSE Ireland: day 1: 1, day 2: 2, day 3: 3, day 4: 4, day 5: 5, 6 days to 6 weeks: 6 wet nappies per day
HSE = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 10: 6}


@pytest.mark.parametrize("day", sorted(HSE))
def test_threshold_follows_the_day_of_life(day):
    hours = 24 * (day - 1) + 12
    usual = HSE[day]
    assert check_value("urine_24h", usual, hours).warnings == ()
    low = check_value("urine_24h", usual - 1, hours).warnings
    assert len(low) == 1 and f"{usual}" in low[0].en and "HSE" in low[0].en
    if day <= 5:
        assert f"day {day}" in low[0].en and f"hari ke-{day}" in low[0].id


def test_a_normal_day_one_does_not_warn():
    assert check_value("urine_24h", 1, 10).warnings == ()  # fired before: "below the usual 6"
    assert check_value("urine_24h", 0, 10).warnings  # none at all on day 1 is worth a look


def test_thresholds_are_sourced_and_rise_with_age():
    entry = ranges()["urine_24h"]
    values = [b["value"] for b in entry["warn_below"]] + [entry["warn_below_default"]]
    assert values == sorted(values) == [1, 2, 3, 4, 5, 6]
    assert any("hse.ie" in s for s in entry["sources"]) and entry["warn_below_source_id"]
