"""Power at extreme effect sizes, where scipy's noncentral t returns NaN (issue 8: `power paired-t --d 10`).

Reference: R pwr 1.3, r/stats/power_extreme.R -> r/stats/power_extreme.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from laktasi.stats import power

REF = json.loads((Path(__file__).resolve().parents[2] / "r" / "stats" / "power_extreme.json").read_text())


def test_powers_match_r_pwr_where_scipy_gives_nan() -> None:
    assert power.paired_t(10, n=2.5).power == pytest.approx(REF["paired_d10_n2_5_power"], abs=1e-9)
    assert power.paired_t(6, n=3).power == pytest.approx(REF["paired_d6_n3_power"], abs=1e-9)
    assert power.two_sample_t(10, n=3).power == pytest.approx(REF["two_sample_d10_n3_power"], abs=1e-9)


def test_sample_size_for_d_10_matches_r() -> None:
    # pwr.t.test solves with uniroot's default tolerance (≈1.2e-4), so n agrees to that
    result = power.paired_t(10, power=0.8)
    assert result.n_exact == pytest.approx(REF["paired_d10_power80_n"], abs=2e-4)
    assert result.n == 3


@pytest.mark.parametrize("d", [50.0, 1e6, 1e308])
def test_absurdly_large_effects_need_the_smallest_sample(d: float) -> None:
    assert power.paired_t(d, power=0.8).n == 2
    assert power.two_sample_t(d, power=0.8).n == 2


def test_alpha_of_one_in_a_thousand_matches_r() -> None:
    # pwr.t.test(d = 0.5, power = 0.8, sig.level = 0.001, type = "paired")$n = 73.70119 (uniroot tolerance)
    assert power.paired_t(0.5, power=0.8, alpha=0.001).n_exact == pytest.approx(73.70119, abs=2e-4)
    assert 0.0 <= power.paired_t(0.5, n=4, alpha=1e-12).power <= 1.0
