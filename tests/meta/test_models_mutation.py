"""Boundaries and defaults of laktasi.meta.models pinned by the issue-13 mutation run (mutmut 2.5.1, seed 13).

References: the documented input limits (|y| ≤ 1e50, 1e-50 ≤ v ≤ 1e50, variance ratio ≤ 1e12) and
closed-form values computed in the tests; metafor 3.8.1 values from r/meta/ where named.
"""

from __future__ import annotations

import pytest

from laktasi.errors import InputError
from laktasi.meta.models import check_effects


def _codes(yi, vi):
    with pytest.raises(InputError) as e:
        check_effects(yi, vi)
    return [p.code for p in e.value.problems]


def test_variance_limits_are_exactly_1e_minus50_and_1e50():
    # the documented range is closed: both ends accepted, anything past them rejected per study
    y, v = check_effects([0.0, 0.0], [1e50, 1e50])
    assert v.tolist() == [1e50, 1e50]
    check_effects([0.0, 0.0], [1e-50, 1e-50])
    assert _codes([0.0, 0.0], [1.5e50, 1e50]) == ["variance_out_of_range"]
    assert _codes([0.0, 0.0], [1e-50, 0.5e-50]) == ["variance_out_of_range"]


def test_bad_effect_message_names_the_study_and_the_limit_in_both_languages():
    with pytest.raises(InputError) as e:
        check_effects([0.0, float("inf")], [1.0, 1.0])
    (p,) = e.value.problems
    assert p.code == "effect_out_of_range"
    assert p.message("en") == "study 2: the effect inf is not a finite number within ±1e50"
    assert p.message("id") == "studi 2: efek inf bukan angka terhingga dalam batas ±1e50"
