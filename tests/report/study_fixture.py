"""A hand-built StudyAnalysis shaped like the seed study (5 + 5 mothers), for report tests.

The report layer formats what it is given, so the test results here are fixed inputs; the tests check
that each one appears, formatted per locale, where an examiner expects it. The counts are the seed
study's Table 4.7 read as data (intervention 5 × kurang lancar → lancar; control 4 × cukup lancar →
cukup lancar, 1 × kurang lancar → kurang lancar).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from laktasi.errors import Problem, Text, Warning_
from laktasi.stats.results import Effect, TestResult
from laktasi.trial.results import ClassificationRule, Outcome, OutcomeTest, StudyAnalysis

LEVELS = ("kurang lancar", "cukup lancar", "lancar")

VOLUME = {
    "intervensi": ([5.0, 8.0, 6.0, 7.0, 9.0], [25.0, 30.0, 22.0, 28.0, 26.0]),
    "kontrol": ([10.0, 12.0, 11.0, 9.0, 6.0], [14.0, 15.0, 13.0, 12.0, 8.0]),
}
KELANCARAN = {
    "intervensi": (["kurang lancar"] * 5, ["lancar"] * 5),
    "kontrol": (["cukup lancar"] * 4 + ["kurang lancar"], ["cukup lancar"] * 4 + ["kurang lancar"]),
}


def wide_frame() -> pd.DataFrame:
    rows = []
    pid = 0
    for arm in ("kontrol", "intervensi"):
        for i in range(5):
            pid += 1
            rows.append({
                "id": f"R{pid:02d}", "arm": arm,
                "volume_pre": VOLUME[arm][0][i], "volume_post": VOLUME[arm][1][i],
                "kelancaran_pre": KELANCARAN[arm][0][i], "kelancaran_post": KELANCARAN[arm][1][i],
            })
    return pd.DataFrame(rows)


def _descriptives(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for arm in ("kontrol", "intervensi"):
        for time in ("pre", "post"):
            v = frame.loc[frame["arm"] == arm, f"volume_{time}"].to_numpy(dtype=float)
            q1, med, q3 = np.percentile(v, [25, 50, 75])
            rows.append({"outcome": "volume", "arm": arm, "time": time, "n": len(v), "mean": v.mean(),
                         "sd": v.std(ddof=1), "median": med, "q1": q1, "q3": q3, "min": v.min(), "max": v.max()})
    return pd.DataFrame(rows)


def _frequencies(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for arm in ("kontrol", "intervensi"):
        for time in ("pre", "post"):
            v = frame.loc[frame["arm"] == arm, f"kelancaran_{time}"]
            for level in LEVELS:
                n = int((v == level).sum())
                rows.append({"outcome": "kelancaran", "arm": arm, "time": time, "level": level, "n": n,
                             "percent": 100.0 * n / len(v)})
    return pd.DataFrame(rows)


def _crosstabs(frame: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    out = {}
    for arm in ("kontrol", "intervensi"):
        sub = frame[frame["arm"] == arm]
        ct = pd.crosstab(pd.Categorical(sub["kelancaran_pre"], LEVELS), pd.Categorical(sub["kelancaran_post"], LEVELS),
                         dropna=False)
        ct.index, ct.columns = list(LEVELS), list(LEVELS)
        out[("kelancaran", arm)] = ct
    return out


def _reason(en: str, id_: str) -> Text:
    return Text(en=en, id=id_)


def make_analysis(*, synthetic: bool = False, with_data: bool = True, problems: int = 0) -> StudyAnalysis:
    frame = wide_frame()
    tests = (
        OutcomeTest("volume", "intervensi", "pre_post", True,
                    TestResult("paired_t", 12.2474, 4.0, 0.000254, "asymptotic",
                               Effect("mean_difference", 19.2, 14.8476, 23.5524, ci_method="t"), n=5,
                               extra_effects=(Effect("d_z", 5.477, 1.8, 9.1),)),
                    _reason("The differences look normal, so the paired t-test.",
                            "Selisih tampak normal, sehingga uji t berpasangan.")),
        OutcomeTest("volume", "intervensi", "pre_post", False,
                    TestResult("wilcoxon_signed_rank", 15.0, None, 0.0625, "exact",
                               Effect("rank_biserial", 1.0, 0.38, 1.0), n=5),
                    _reason("Shown beside the paired t-test.", "Ditampilkan di samping uji t berpasangan.")),
        OutcomeTest("volume", "kontrol", "pre_post", True,
                    TestResult("paired_t", 3.2071, 4.0, 0.03262, "asymptotic",
                               Effect("mean_difference", 2.8, 0.376, 5.224), n=5),
                    _reason("The differences look normal, so the paired t-test.",
                            "Selisih tampak normal, sehingga uji t berpasangan.")),
        OutcomeTest("volume", "between", "post", True,
                    TestResult("ancova", 7.9102, 7.0, 0.0000981, "asymptotic",
                               Effect("adjusted_difference", 15.61, 10.94, 20.28), n=10),
                    _reason("ANCOVA of the value after, adjusted for the value before.",
                            "ANCOVA nilai sesudah, dikoreksi untuk nilai sebelum.")),
        OutcomeTest("volume", "between", "change", False,
                    TestResult("welch_t", 8.1, 7.6, 0.00005, "asymptotic",
                               Effect("mean_difference", 16.4, -2.5, 21.1), n=10),
                    _reason("Welch t-test on the change.", "Uji t Welch pada perubahan.")),
        OutcomeTest("kelancaran", "intervensi", "pre_post", True,
                    TestResult("sign_test", 5.0, None, 0.0625, "exact", None, n=5, min_attainable_p=0.0625),
                    _reason("Ordered categories: exact sign test on the direction of change.",
                            "Kategori berjenjang: uji tanda eksak pada arah perubahan.")),
        OutcomeTest("kelancaran", "kontrol", "pre_post", True,
                    TestResult("sign_test", 0.0, None, 1.0, "exact", None, n=0, n_zero=5),
                    _reason("Ordered categories: exact sign test on the direction of change.",
                            "Kategori berjenjang: uji tanda eksak pada arah perubahan.")),
        OutcomeTest("kelancaran", "between", "post", True,
                    TestResult("mann_whitney", 0.0, None, 0.007937, "exact",
                               Effect("rank_biserial", 1.0, 0.6, 1.0), n=10),
                    _reason("Exact Mann–Whitney on the categories after.",
                            "Uji Mann–Whitney eksak pada kategori sesudah.")),
    )
    warnings = [
        Warning_("sample_too_small",
                 Text(en="With 5 pairs no exact within-group test can reach p < 0.05 (smallest attainable p = 0.0625).",
                      id="Dengan 5 pasangan tidak ada uji eksak dalam kelompok yang dapat mencapai p < 0,05 "
                         "(nilai p terkecil yang mungkin = 0,0625).")),
    ]
    if synthetic:
        warnings.append(Warning_("synthetic_data", Text(en="Synthetic data.", id="Data sintetis.")))
    probs = tuple(
        Problem("unusual_volume", Text(en="unusually high volume", id="volume tinggi tidak biasa"),
                file="study.csv", row=i + 2, column="volume_post", value=float(i), severity="warning")
        for i in range(problems)
    )
    return StudyAnalysis(
        arms=("kontrol", "intervensi"),
        reference_arm="kontrol",
        n={"kontrol": 5, "intervensi": 5},
        outcomes=(
            Outcome("volume", "continuous", ("volume_pre", "volume_post"), ("pre", "post"), unit="ml"),
            Outcome("kelancaran", "ordinal", ("kelancaran_pre", "kelancaran_post"), ("pre", "post"), levels=LEVELS),
        ),
        descriptives=_descriptives(frame),
        frequencies=_frequencies(frame),
        crosstabs=_crosstabs(frame),
        tests=tests,
        warnings=tuple(warnings),
        problems=probs,
        rules=(ClassificationRule("kelancaran_volume", "volume", LEVELS, (10.0, 20.0), unit="ml"),),
        data=frame if with_data else None,
        design_label="kuasi-eksperimen dua kelompok",
        complete_cases={"volume": {"kontrol": 5, "intervensi": 5}, "kelancaran": {"kontrol": 5, "intervensi": 5}},
    )
