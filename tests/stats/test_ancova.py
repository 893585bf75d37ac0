"""The ANCOVA as a thesis reports it: F(df1, df2), partial η² with CI, adjusted means, homogeneity of slopes —
against R anova(), effectsize::F_to_eta2 (two-sided) and emmeans (r/trial/ancova_report.R → .out)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from laktasi.stats.ancova import ancova_report
from laktasi.trial.analysis import analyse
from laktasi.trial.study import load_study

REPO = Path(__file__).resolve().parents[2]


def _r(name: str) -> float:
    for line in (REPO / "r" / "trial" / "ancova_report.out").read_text().splitlines():
        key, _, value = line.rpartition(" = ")
        if key == name:
            return float(value)
    raise KeyError(name)


@pytest.mark.parametrize(("tag", "data", "design", "arms"), [
    ("wide", "study_wide.csv", None, ("kontrol", "intervensi")),
    ("three", "study_three_times.csv", "design_three_times.yaml", ("K", "P")),  # adjusted for umur, paritas too
])
def test_ancova_report_matches_r(tag, data, design, arms):
    a = analyse(load_study(REPO / "examples" / data, REPO / "examples" / design if design else None))
    t = next(t for t in a.tests if t.result.test == "ancova" and t.primary)
    r = t.ancova
    assert (r.df1, r.df2) == (_r(f"{tag} df1"), _r(f"{tag} df2"))
    assert r.f == pytest.approx(_r(f"{tag} F"), rel=1e-9)
    assert r.f == pytest.approx(t.result.statistic ** 2, rel=1e-9)  # two arms: F = t²
    assert r.p_value == pytest.approx(_r(f"{tag} p"), rel=1e-7)
    assert r.partial_eta2.value == pytest.approx(_r(f"{tag} eta2p"), rel=1e-9)
    assert r.partial_eta2.ci_low == pytest.approx(_r(f"{tag} eta2p ci_low"), abs=1e-6)
    assert r.partial_eta2.ci_high == pytest.approx(_r(f"{tag} eta2p ci_high"), abs=1e-6)
    means = dict(r.adjusted_means)
    for arm in arms:
        assert means[arm] == pytest.approx(_r(f"{tag} emmean {arm}"), rel=1e-9)
    # the adjusted difference the ANCOVA reports is the difference of the adjusted means
    assert means[arms[1]] - means[arms[0]] == pytest.approx(t.result.effect.value, rel=1e-9)
    assert r.slopes_f == pytest.approx(_r(f"{tag} slopes F"), rel=1e-9)
    assert r.slopes_p == pytest.approx(_r(f"{tag} slopes p"), rel=1e-7)
    # Levene (SPSS GLM's "equality of error variances"), against car::leveneTest(center = mean)
    assert r.levene_f == pytest.approx(_r(f"{tag} levene F"), rel=1e-9)
    assert r.levene_df == (1, _r(f"{tag} levene df2"))
    assert r.levene_p == pytest.approx(_r(f"{tag} levene p"), rel=1e-7)


def test_zero_residual_variance_gives_an_undefined_f_not_1e15():
    # every post = pre + 2 in one arm and pre + 0 in the other: a perfect fit (the seed typed as numbers)
    pre = np.array([1.0, 1, 1, 2, 1, 2, 2, 2, 2, 1])
    post = pre + np.array([2.0] * 5 + [0.0] * 5)
    arm = np.array(["i"] * 5 + ["k"] * 5, dtype=object)
    r = ancova_report(post, pre, arm, ("k", "i"))
    assert math.isnan(r.f) and r.partial_eta2 is None


def test_analysis_reports_an_undefined_ancova_not_a_significant_one():
    import pandas as pd

    from laktasi.trial.study import study_from_frame

    # measured volumes (many values) where every post = pre + 10 in one arm and pre + 2 in the other
    pre = [11.5, 14.0, 9.5, 12.5, 16.0, 10.5, 13.0, 15.5, 8.5, 12.0]
    frame = pd.DataFrame({"id": range(10), "arm": ["intervensi"] * 5 + ["kontrol"] * 5, "volume_pre": pre,
                          "volume_post": [v + (10 if i < 5 else 2) for i, v in enumerate(pre)]})
    a = analyse(study_from_frame(frame, source="v.csv"))
    t = next(t for t in a.tests if t.result.test == "ancova")
    assert math.isnan(t.result.p_value) and math.isnan(t.result.statistic) and math.isnan(t.ancova.f)
