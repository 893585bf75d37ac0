"""laktasi.stats.spss against R (r/trial/spss_bridge.R → r/trial/spss_bridge.out; coin asymptotic Z with
zero.method = "Wilcoxon", wilcox.test(exact = FALSE, correct = FALSE), binom.test, pwilcox)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from laktasi.stats import spss

OUT = Path(__file__).resolve().parents[2] / "r" / "trial" / "spss_bridge.out"


def _r() -> dict[str, float]:
    pairs = (line.rpartition(" = ") for line in OUT.read_text().splitlines() if " = " in line)
    return {k: float(v) for k, _, v in pairs}


PAIRED = {
    "seed": ([1, 1, 1, 1, 1], [3, 3, 3, 3, 3]),
    "ties_zeros": ([10, 12, 11, 9, 14, 13, 10, 12, 15, 11, 9, 10], [14, 12, 15, 9, 20, 13, 16, 11, 22, 18, 8, 10]),
    "continuous": ([6.2, 9.8, 7.1, 12.4, 8.8, 10.1, 5.5, 11.9, 9.3, 7.7],
                   [21.7, 31.5, 18.2, 25.0, 19.9, 28.3, 16.6, 30.1, 22.4, 20.0]),
}
GROUPS = {
    "seed_post": ([3, 3, 3, 3, 3], [2, 2, 2, 2, 1]),
    "ties": ([2, 3, 3, 1, 2, 3, 3, 2], [1, 2, 1, 1, 2, 3, 1]),
    "continuous": ([15.5, 21.7, 9.8, 13.0, 18.4, 22.1], [7.2, 8.8, 12.5, 6.1, 9.9, 11.0, 10.4]),
}


@pytest.mark.parametrize("name", list(PAIRED))
def test_wilcoxon_z_and_sign_test_match_r(name):
    r = _r()
    pre, post = (np.array(v, dtype=float) for v in PAIRED[name])
    w = spss.wilcoxon_signed_rank(pre, post)
    assert w.z <= 0  # SPSS prints Z from the smaller rank sum
    assert abs(w.z) == pytest.approx(r[f"{name} wilcoxon abs_z"], abs=1e-9)
    assert w.asymp_sig == pytest.approx(r[f"{name} wilcoxon asymp_p"], rel=1e-9)
    s = spss.sign_test(pre, post)
    assert s.exact_sig == pytest.approx(r[f"{name} sign exact_p"], rel=1e-12)


def test_seed_figures_are_the_ones_the_issue_quotes():
    w = spss.wilcoxon_signed_rank(np.ones(5), np.full(5, 3.0))
    assert (round(w.z, 3), round(w.asymp_sig, 3)) == (-2.236, 0.025)


@pytest.mark.parametrize("name", list(GROUPS))
def test_mann_whitney_z_and_untied_exact_sig_match_r(name):
    r = _r()
    x, y = (np.array(v, dtype=float) for v in GROUPS[name])
    f = spss.mann_whitney(x, y)
    assert f.statistic == pytest.approx(r[f"{name} mann_whitney u"])
    assert abs(f.z) == pytest.approx(r[f"{name} mann_whitney abs_z"], abs=1e-9)
    assert f.asymp_sig == pytest.approx(r[f"{name} mann_whitney asymp_p"], rel=1e-9)
    assert f.exact_sig == pytest.approx(r[f"{name} mann_whitney exact_untied_p"], rel=1e-9)


def test_sign_test_beyond_25_pairs_is_a_continuity_corrected_z():
    pre = np.zeros(30)
    post = np.array([1.0] * 20 + [-1.0] * 10)
    f = spss.sign_test(pre, post)
    assert f.exact_sig is None
    assert f.z == pytest.approx(-(20 - 0.5 - 15) / (math.sqrt(30) / 2))  # SPSS algorithms, NPAR TESTS SIGN


def test_nothing_to_test_gives_undefined_figures():
    assert math.isnan(spss.wilcoxon_signed_rank(np.ones(4), np.ones(4)).z)
    assert spss.sign_test(np.ones(4), np.ones(4)).exact_sig is None
    assert spss.mann_whitney(np.array([]), np.ones(3)).exact_sig is None
