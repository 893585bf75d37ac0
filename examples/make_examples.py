"""Regenerate the small example tables in this folder (synthetic data, fixed seed).

    .venv/bin/python examples/make_examples.py

The seed study's files (seed_balibo/) are typed in by hand and are not touched.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from laktasi.trial.demo import DEMO_RULE, demo_frame

HERE = Path(__file__).resolve().parent
LEVELS = list(DEMO_RULE.levels)


def main() -> None:
    rng = np.random.default_rng(2026)
    wide = demo_frame(rng, n_per_arm=12)
    wide["umur"] = rng.integers(19, 39, len(wide))
    wide["paritas"] = rng.choice(["primipara", "multipara"], len(wide))
    wide.to_csv(HERE / "study_wide.csv", index=False)

    # the same study as an Indonesian spreadsheet exports it: semicolons, decimal comma, other capitals
    semi = wide.rename(columns={"id": "ID", "arm": "Kelompok", "volume_pre": "Volume_Pre",
                                "volume_post": "Volume_Post", "kelancaran_pre": "Kelancaran_Pre",
                                "kelancaran_post": "Kelancaran_Post"})
    semi.to_csv(HERE / "study_semicolon.csv", index=False, sep=";", decimal=",")
    wide.to_excel(HERE / "study.xlsx", index=False)

    # SPSS: kelancaran coded 1-3 with value labels (so it is categorical), arm coded 1-2 with labels
    sav = wide.copy()
    codes = {level: i + 1 for i, level in enumerate(LEVELS)}
    sav["kelancaran_pre"] = sav["kelancaran_pre"].map(codes).astype(float)
    sav["kelancaran_post"] = sav["kelancaran_post"].map(codes).astype(float)
    sav["arm"] = sav["arm"].map({"intervensi": 1.0, "kontrol": 2.0})
    labels = {i + 1: level for i, level in enumerate(LEVELS)}
    pyreadstat.write_sav(
        sav, str(HERE / "study.sav"),
        variable_value_labels={"kelancaran_pre": labels, "kelancaran_post": labels,
                               "arm": {1: "intervensi", 2: "kontrol"}},
        variable_measure={"kelancaran_pre": "ordinal", "kelancaran_post": "ordinal", "arm": "nominal"},
        column_labels={"volume_pre": "Volume ASI sebelum (ml)", "volume_post": "Volume ASI sesudah (ml)"})

    # long layout: one row per mother and visit, Indonesian column names
    long = pd.concat([
        pd.DataFrame({"responden": wide["id"], "kelompok": wide["arm"], "waktu": t,
                      "vol_ml": wide[f"volume_{s}"], "kelancaran": wide[f"kelancaran_{s}"]})
        for s, t in (("pre", "sebelum"), ("post", "sesudah"))
    ]).sort_values(["responden", "waktu"], kind="stable")
    long.to_csv(HERE / "study_long.csv", index=False)

    # three visits (days 1, 2, 3): tests compare day 1 with day 3
    mid = np.round(wide["volume_pre"] + (wide["volume_post"] - wide["volume_pre"]) * rng.uniform(0.3, 0.7, len(wide)), 1)
    three = pd.DataFrame({"no": wide["id"], "grup": np.where(wide["arm"] == "kontrol", "K", "P"),
                          "vol_h1": wide["volume_pre"], "vol_h2": mid, "vol_h3": wide["volume_post"],
                          "umur": wide["umur"], "paritas": wide["paritas"]})
    three.to_csv(HERE / "study_three_times.csv", index=False)


if __name__ == "__main__":
    main()
