"""The hypergeometric stopping rule (Callaghan & Müller-Hansen 2020, Systematic Reviews 9:273).

The p-values are checked against the hypergeometric distribution written out by hand with
binomial coefficients (math.comb), independent of scipy, and against the paper's logic on
hand-made screening orders.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from laktasi.review.stopping import REFERENCE, hypergeometric_test


def _cdf(k: int, urn: int, relevant: int, n: int) -> float:
    """P(X <= k), X ~ Hypergeometric(urn, relevant, n), by counting (Feller, ch. II.6)."""
    total = math.comb(urn, n)
    return sum(math.comb(relevant, j) * math.comb(urn - relevant, n - j) for j in range(0, k + 1)) / total


def _brute(labels: list[int], total: int, target: float) -> float:
    """Minimum over last-n samples of the H0 p-value, as the paper's equations 4-6."""
    found = sum(labels)
    r_min = math.floor(found / target) + 1
    best = 1.0
    for n in range(1, len(labels) + 1):
        k = sum(labels[len(labels) - n:])
        k_tar = r_min - (found - k)
        urn = total - len(labels) + n
        p = 0.0 if k_tar > urn else _cdf(k, urn, k_tar, n)
        best = min(best, p)
    return best


@pytest.mark.parametrize("labels,total", [
    ([1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], 40),
    ([1] * 10 + [0] * 60, 120),
    ([1, 0] * 5 + [0] * 30, 90),
    ([0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 1] + [0] * 25, 60),
])
def test_p_value_matches_counting(labels: list[int], total: int) -> None:
    test = hypergeometric_test(labels, total)
    assert test.p_value == pytest.approx(_brute(labels, total, 0.95), rel=1e-9, abs=1e-12)
    assert test.stop == (test.p_value < 0.05)


def test_all_records_screened_always_stops() -> None:
    labels = [1, 0, 1, 0, 0, 1, 0]
    assert hypergeometric_test(labels, len(labels)).stop


def test_no_include_found_never_stops() -> None:
    test = hypergeometric_test([0] * 50, 100)
    assert not test.stop and test.p_value == 1.0


def test_a_run_of_excludes_long_enough_stops_and_short_does_not() -> None:
    # 100 includes found early; the urn must hold 6 more under H0 (R > 100/0.95 = 105.3)
    early = [1] * 100
    assert not hypergeometric_test(early + [0] * 50, 3000).stop
    assert hypergeometric_test(early + [0] * 1500, 3000).stop


def test_stricter_target_needs_more_screening() -> None:
    labels = [1] * 100 + [0] * 900
    p95 = hypergeometric_test(labels, 1500, recall_target=0.95).p_value
    p99 = hypergeometric_test(labels, 1500, recall_target=0.99).p_value
    assert p99 > p95


def test_sentence_states_guarantee_and_reference() -> None:
    test = hypergeometric_test([1] * 100 + [0] * 900, 1500)
    assert test.stop
    en = test.sentence().en
    assert "recall ≥ 95% with 95% confidence after 1000 of 1500" in en
    assert "Callaghan" in en and "Callaghan" in REFERENCE and "9:273" in REFERENCE
    assert "kepercayaan 95%" in test.sentence().id
    # the p-value in the reader's notation: 0.0451 in English, 0,0451 in Indonesian
    p = f"{test.p_value:.3g}"
    assert "." in p and f"p = {p};" in en
    assert f"p = {p.replace('.', ',')};" in test.sentence().id and f"p = {p}" not in test.sentence().id
    going = hypergeometric_test([1] * 20 + [0] * 5, 1500)
    assert not going.stop and "," in going.sentence().id.split("p = ")[1].split(")")[0]
    assert going.sentence().en.split("p = ")[1].split(")")[0] == f"{going.p_value:.3g}"


def test_guarantee_holds_on_random_orders() -> None:
    """Screening in *random* order (the rule's worst case): recall at the stop >= 95% in >= 95% of runs."""
    rng = np.random.default_rng(20201)
    misses = runs = 0
    for _ in range(80):
        y = np.zeros(600, dtype=np.int64)
        y[rng.choice(600, 40, replace=False)] = 1
        y = y[rng.permutation(600)]
        for stop in range(30, 600, 30):
            if hypergeometric_test(y[:stop], 600).stop:
                runs += 1
                misses += int(y[:stop].sum() < 0.95 * 40)
                break
    assert runs > 0
    assert misses / runs <= 0.05


def test_bad_parameters() -> None:
    with pytest.raises(ValueError):
        hypergeometric_test([1], 10, recall_target=1.0)
    with pytest.raises(ValueError):
        hypergeometric_test([1, 0, 0], 2)


@pytest.mark.parametrize("labels,total", [
    ([1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], 40),
    ([1] * 10 + [0] * 5, 120),
    ([0, 0, 1], 30),
    ([1] * 8 + [0] * 30, 150),
])
def test_records_needed_is_the_least_number_of_further_excludes(labels: list[int], total: int) -> None:
    from laktasi.review.stopping import records_needed

    # linear scan over the counted p-values (_brute, independent of scipy): the first m at which p < 0.05
    expected = next(m for m in range(total - len(labels) + 1) if _brute(labels + [0] * m, total, 0.95) < 0.05)
    assert records_needed(labels, total) == expected
    assert hypergeometric_test(labels + [0] * expected, total).stop
    if expected:
        assert not hypergeometric_test(labels + [0] * (expected - 1), total).stop


def test_stopping_state_before_any_include_and_once_stopped() -> None:
    from laktasi.review.stopping import stopping_state

    none_yet = stopping_state([0] * 12, 100)
    assert none_yet.more_needed is None and not none_yet.test.stop
    done = stopping_state([1] * 100 + [0] * 900, 1500)
    assert done.test.stop and done.more_needed == 0
    waiting = stopping_state([1] * 10 + [0] * 5, 120)
    assert waiting.more_needed is not None and waiting.more_needed > 0 and not waiting.test.stop


def test_hypergeom_cdf_matches_counting_and_scipy() -> None:
    from scipy.stats import hypergeom

    from laktasi.review.stopping import hypergeom_cdf

    for k, urn, relevant, n in [(0, 40, 3, 10), (2, 40, 3, 10), (3, 12, 5, 7), (1, 90, 20, 5), (5, 60, 30, 10)]:
        assert hypergeom_cdf(k, urn, relevant, n)[0] == pytest.approx(_cdf(k, urn, relevant, n), rel=1e-10)
    rng = np.random.default_rng(3)
    urn = rng.integers(10, 30_000, 400)
    relevant = np.array([rng.integers(1, m) for m in urn])
    n = np.array([rng.integers(1, m + 1) for m in urn])
    k = np.array([rng.integers(max(0, s - (m - r)), min(s, r) + 1) for m, r, s in zip(urn, relevant, n, strict=True)])
    assert np.abs(hypergeom_cdf(k, urn, relevant, n) - hypergeom.cdf(k, urn, relevant, n)).max() < 1e-9
