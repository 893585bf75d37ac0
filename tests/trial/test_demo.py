"""demo_frame: synthetic, reproducible, shaped like the seed study, valid under the study rules."""

from __future__ import annotations

import numpy as np

from laktasi import data as package_data
from laktasi.trial.analysis import analyse
from laktasi.trial.demo import DEMO_RULE, demo_frame
from laktasi.trial.study import study_from_frame


def test_shape_labels_and_reproducibility():
    a = demo_frame(np.random.default_rng(7))
    b = demo_frame(np.random.default_rng(7))
    assert a.equals(b) and a.attrs["synthetic"] is True
    assert list(a.columns) == ["id", "arm", "volume_pre", "volume_post", "kelancaran_pre", "kelancaran_post"]
    assert a["arm"].value_counts().to_dict() == {"intervensi": 30, "kontrol": 30}
    assert a["id"].str.startswith("SYN-").all()


def test_categories_follow_the_stated_rule_and_volumes_are_plausible():
    df = demo_frame(np.random.default_rng(11), n_per_arm=50)
    for t in ("pre", "post"):
        v = df[f"volume_{t}"]
        expect = np.where(v < 10, "kurang lancar", np.where(v < 20, "cukup lancar", "lancar"))
        assert (df[f"kelancaran_{t}"].to_numpy() == expect).all()
        assert v.min() >= 0 and v.max() <= package_data.ranges()["expressed_volume"]["warn_above_default"]
    assert DEMO_RULE.cutpoints == (10.0, 20.0)


def test_demo_analyses_cleanly():
    study = study_from_frame(demo_frame(np.random.default_rng(2026)), source="demo (synthetic)")
    assert study.problems == ()
    a = analyse(study)
    assert a.n == {"kontrol": 30, "intervensi": 30}
    assert {t.result.p_method for t in a.tests if t.primary and t.outcome == "kelancaran"} == {"exact"}
