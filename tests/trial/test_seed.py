"""The seed study's printed tables (typed in as printed) against the reconstructed data."""

from __future__ import annotations

import pandas as pd

from laktasi.trial.analysis import analyse
from laktasi.trial.study import load_study

from .conftest import EXAMPLES, r_reference

SEED = EXAMPLES / "seed_balibo"


def _n(x: str) -> int:
    return 0 if x == "-" else int(x)


def test_table_4_5_counts_match_the_data_after():
    printed = pd.read_csv(SEED / "table_4_5.csv", dtype=str).set_index("peningkatan_produksi_asi")
    a = analyse(load_study(SEED / "data.csv", SEED / "design.yaml"))
    f = a.frequencies[(a.frequencies.time == "post")].set_index(["arm", "level"])
    for level in ("Lancar", "Cukup Lancar", "Kurang Lancar"):
        for arm in ("intervensi", "kontrol"):
            assert f.loc[(arm, level.lower()), "n"] == _n(printed.loc[level, f"{arm}_n"])
    # Table 4.5 prints 4/5 as 80% (correct); Table 4.7 prints the same 4/5 as 75%
    assert printed.loc["Cukup Lancar", "kontrol_persen"] == "80"
    assert f.loc[("kontrol", "cukup lancar"), "percent"] == 80.0


def test_table_4_7_counts_match_and_its_percentages_do_not():
    printed = pd.read_csv(SEED / "table_4_7.csv", dtype=str)
    a = analyse(load_study(SEED / "data.csv", SEED / "design.yaml"))
    f = a.frequencies.set_index(["arm", "time", "level"])
    bad_percentages = []
    for _, row in printed.iterrows():
        arm, time = row.pijat_oksitosin.lower(), {"Pretest": "pre", "Posttest": "post"}[row.waktu]
        for level, col in (("lancar", "lancar"), ("cukup lancar", "cukup_lancar"), ("kurang lancar", "kurang_lancar")):
            assert f.loc[(arm, time, level), "n"] == _n(row[f"{col}_n"])
            pct = row[f"{col}_persen"]
            if pct != "-" and float(pct) != f.loc[(arm, time, level), "percent"]:
                bad_percentages.append((arm, time, level, pct, f.loc[(arm, time, level), "percent"]))
    assert bad_percentages == [("kontrol", "pre", "cukup lancar", "75", 80.0), ("kontrol", "pre", "kurang lancar", "25", 20.0),
                               ("kontrol", "post", "cukup lancar", "75", 80.0), ("kontrol", "post", "kurang lancar", "25", 20.0)]


def test_the_papers_dependent_t_test_cannot_come_from_its_table():
    # every intervention mother moved kurang lancar → lancar: the code differences have SD 0
    # (R: sd = 0, r/trial/example_analysis.out), so a paired t is undefined, not p = 0.003;
    # over all 10 mothers a paired t on codes would give p = 0.0150 (R), still not 0.003
    assert r_reference("seed intervention sd of code differences") == 0
    assert abs(r_reference("seed paired t on codes, all 10 mothers, p") - 0.003) > 0.01
    printed = pd.read_csv(SEED / "table_4_7.csv", dtype=str)
    assert set(printed.p_value) == {"0.003"}
