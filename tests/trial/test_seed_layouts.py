"""The seed table (examples/seed_balibo; the paper's Tables 4.5 and 4.7) typed in the four ways students type it
gives one and the same analysis.

References: between arms, exact Mann–Whitney p = 2 / C(10, 5) = 2/252 (all 5 massaged mothers "lancar", no control
mother — complete separation; R coin::wilcox_test(distribution = "exact") and fisher.test agree, see
docs/analyze.md); within the massaged arm the exact sign test gives 2 / 2^5 = 0.0625, the smallest p any exact
test can give with 5 pairs; within the control arm no mother changed (p = 1).
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pyreadstat
import pytest

from laktasi.trial.analysis import analyse
from laktasi.trial.study import load_study

LEVELS = ["Kurang Lancar", "Cukup Lancar", "Lancar"]
# (arm, before, after) per mother, as the paper's tables imply
SEED = [("Intervensi", 0, 2)] * 5 + [("Kontrol", 1, 1)] * 4 + [("Kontrol", 0, 0)]


def _text(tmp_path):
    p = tmp_path / "teks.csv"
    rows = ["No,Kelompok,Sebelum,Sesudah"] + [f"{i},{arm},{LEVELS[a]},{LEVELS[b]}"
                                              for i, (arm, a, b) in enumerate(SEED, 1)]
    p.write_text("\n".join(rows) + "\n")
    return p, None


def _codes(tmp_path):
    p = tmp_path / "kode.csv"
    code = {"Intervensi": 1, "Kontrol": 2}
    rows = ["No;Kelompok;produksi_sebelum;produksi_sesudah"] + [f"{i};{code[arm]};{a + 1};{b + 1}"
                                                               for i, (arm, a, b) in enumerate(SEED, 1)]
    p.write_text("\n".join(rows) + "\n")
    design = tmp_path / "kode.yaml"
    design.write_text("reference_arm: 2   # Kelompok: 1 = intervensi, 2 = kontrol\n")
    return p, design


def _sav(tmp_path):
    p = tmp_path / "spss.sav"
    frame = pd.DataFrame({"no": [float(i) for i in range(1, 11)],
                          "kelompok": [1.0 if arm == "Intervensi" else 2.0 for arm, _, _ in SEED],
                          "kelancaran_pre": [float(a + 1) for _, a, _ in SEED],
                          "kelancaran_post": [float(b + 1) for _, _, b in SEED]})
    labels = {1: "Kurang Lancar", 2: "Cukup Lancar", 3: "Lancar"}
    pyreadstat.write_sav(frame, str(p), variable_value_labels={
        "kelompok": {1: "Intervensi", 2: "Kontrol"}, "kelancaran_pre": labels, "kelancaran_post": labels},
        variable_measure={"kelancaran_pre": "ordinal", "kelancaran_post": "ordinal", "kelompok": "nominal",
                          "no": "scale"})
    return p, None


def _xlsx(tmp_path):
    p = tmp_path / "excel.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tabel Data Penelitian Pijat Oksitosin, Puskesmas Balibo"])
    sheet.append([])
    sheet.append(["No. Responden", "Perlakuan", "Kelancaran ASI Pretest", "Kelancaran ASI Posttest"])
    for i, (arm, a, b) in enumerate(SEED, 1):
        sheet.append([i, arm, LEVELS[a], LEVELS[b]])
    book.save(p)
    return p, None


@pytest.mark.parametrize("layout", [_text, _codes, _sav, _xlsx], ids=["text", "codes", "sav", "xlsx-title-row"])
def test_the_seed_in_four_layouts_gives_the_same_analysis(tmp_path, layout):
    data, design = layout(tmp_path)
    study = load_study(data, design)
    (outcome,) = study.outcomes
    assert outcome.kind == "ordinal" and len(outcome.levels) == 3
    assert sorted(study.n.values()) == [5, 5]
    a = analyse(study)
    primary = {t.scope: t.result for t in a.tests if t.primary}
    other = next(arm for arm in a.arms if arm != a.reference_arm)
    assert primary["between"].test == "mann_whitney"
    assert primary["between"].p_value == pytest.approx(2 / 252, rel=1e-12)
    assert primary[other].test == "sign_test" and primary[other].p_value == pytest.approx(0.0625, rel=1e-12)
    assert primary[other].p_value >= 0.0625  # never below what 5 pairs allow
    assert primary[a.reference_arm].p_value == pytest.approx(1.0)
    assert not {t.result.test for t in a.tests} & {"ancova", "paired_t", "welch_t"}
    if layout is _xlsx:  # the title row is skipped; rows keep their spreadsheet numbers (header in row 3)
        assert study.data["row"].tolist()[0] == 4
