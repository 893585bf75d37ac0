"""run_meta_analysis: combination of the pieces, checked against metafor (r/meta/metafor_reference.json)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from laktasi.errors import InputError
from laktasi.meta.analysis import run_meta_analysis
from laktasi.meta.table import read_study_table


@pytest.fixture
def bcg_frame(r_data):
    b = r_data("bcg")
    return pd.DataFrame({"study": b.author, "events_t": b.tpos, "n_t": b.tpos + b.tneg, "events_c": b.cpos,
                         "n_c": b.cpos + b.cneg, "alloc": b.alloc, "ablat": b.ablat})


def test_categorical_moderator_uses_treatment_coding(metafor_ref, r_data, close):
    cur = r_data("curtis1998")
    node = metafor_ref["curtis1998"]
    frame = pd.DataFrame({"yi": node["yi"], "vi": node["vi"], "xtrt": cur.xtrt})
    a = run_meta_analysis(read_study_table(frame, "SMD", moderator="xtrt"), method="ML")
    r = node["metareg_xtrt_ML"]  # metafor rma(yi, vi, mods = ~ xtrt, method = "ML")
    close(a.regression.beta, r["beta"])
    close(a.regression.q_moderators, r["QM"])
    assert a.regression.names[1] == "xtrt=FERT+L"


def test_json_document_is_finite_or_null(bcg_frame):
    a = run_meta_analysis(read_study_table(bcg_frame, "RR", subgroup="alloc", moderator="ablat"))
    doc = a.to_json("en")

    def walk(x):
        if isinstance(x, float):
            assert math.isfinite(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)
    assert doc["subgroups"]["df_between"] == 2
    assert len(doc["leave_one_out"]) == 13


def test_mh_subgroups_use_mantel_haenszel_within_groups(bcg_frame, r_data):
    from laktasi.meta.mh import mantel_haenszel

    a = run_meta_analysis(read_study_table(bcg_frame, "OR", subgroup="alloc"), method="MH")
    rand = bcg_frame[bcg_frame.alloc == "random"]
    ref = mantel_haenszel("OR", rand.events_t, rand.n_t, rand.events_c, rand.n_c)
    g = next(g for g in a.subgroups if g.name == "random")
    assert g.pooled.estimate == pytest.approx(ref.estimate, rel=1e-12)
    assert a.loo is None and a.pooled.tau2 == 0


def test_hk_with_fixed_effect_is_refused(bcg_frame):
    with pytest.raises(InputError) as exc:
        run_meta_analysis(read_study_table(bcg_frame, "RR"), method="FE", hk=True)
    assert exc.value.problems[0].code == "hk_needs_random_effects"


def test_constant_moderator_is_refused(bcg_frame):
    frame = bcg_frame.assign(ablat=10)
    with pytest.raises(InputError) as exc:
        run_meta_analysis(read_study_table(frame, "RR", moderator="ablat"))
    assert exc.value.problems[0].code == "moderator_not_estimable"


def test_study_cis_are_normal_theory(bcg_frame):
    a = run_meta_analysis(read_study_table(bcg_frame, "RR"))
    s = a.studies[0]
    assert s.ci_high - s.yi == pytest.approx(1.959963984540054 * np.sqrt(s.vi), rel=1e-12)


def test_leave_one_out_is_skipped_with_a_warning_for_huge_tables():
    from laktasi.meta.analysis import MAX_LEAVE_ONE_OUT_K

    rng = np.random.default_rng(11)
    k = MAX_LEAVE_ONE_OUT_K + 1
    vi = rng.uniform(0.01, 0.5, k)
    frame = pd.DataFrame({"yi": rng.normal(0.3, np.sqrt(vi + 0.05)), "vi": vi})
    a = run_meta_analysis(read_study_table(frame, "SMD"), method="DL")
    assert a.loo is None and "leave_one_out" not in a.to_json()
    assert any(w.code == "leave_one_out_skipped" for w in a.warnings)
