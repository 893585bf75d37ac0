"""Details of laktasi.meta.effects pinned by the issue-13 mutation run (mutmut 2.5.1, seed 13).

References: metafor's ``escalc`` measure names and closed-form values computed in the tests.
"""

from __future__ import annotations

import pytest

from laktasi.meta.effects import PROPORTION_MEASURES, proportion


def test_unknown_proportion_measure_names_the_three_escalc_measures():
    assert PROPORTION_MEASURES == ("PR", "PLO", "PFT")
    with pytest.raises(ValueError, match=r"unknown proportion measure 'PAS'.*'PR', 'PLO', 'PFT'"):
        proportion("PAS", [3], [10])


def test_prepost_control_measure_is_named_ppc_with_the_difference_of_two_smcr():
    # each arm: d = c(n−1)(m_post − m_pre)/sd_pre, v = 2(1−r)/n + d²/(2n) (Becker 1988), c from Γ directly
    from math import gamma, sqrt

    from laktasi.meta.effects import prepost_control_smd

    def c(m):
        return gamma(m / 2) / (sqrt(m / 2) * gamma((m - 1) / 2))

    dt, dc = c(11) * (14.8 - 10.2) / 4.1, c(10) * (11.1 - 10.0) / 3.9
    es = prepost_control_smd([14.8], [10.2], [4.1], [12], [11.1], [10.0], [3.9], [11], [0.6])
    assert es.measure == "PPC"
    assert float(es.yi[0]) == pytest.approx(dt - dc, rel=1e-12)
    assert float(es.vi[0]) == pytest.approx(0.8 / 12 + dt**2 / 24 + 0.8 / 11 + dc**2 / 22, rel=1e-12)
