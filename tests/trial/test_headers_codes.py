"""Tables as students type them (issue 13): category codes typed as numbers, Indonesian/English headers,
partial design files, every problem listed with what would work."""

from __future__ import annotations

import pandas as pd
import pytest

from laktasi.errors import InputError
from laktasi.trial.analysis import analyse
from laktasi.trial.design import infer_design, load_design
from laktasi.trial.study import load_study, study_from_frame

SEED_CODES = ("No;Kelompok;produksi_sebelum;produksi_sesudah\n" + "".join(f"{i};1;1;3\n" for i in range(1, 6))
              + "".join(f"{i};2;2;2\n" for i in range(6, 10)) + "10;2;1;1\n")


def _primary(analysis, scope):
    return next(t.result for t in analysis.tests if t.primary and t.scope == scope)


def test_codes_1_2_3_are_ordered_categories_never_a_t_or_ancova(tmp_path):
    data = tmp_path / "kode.csv"
    data.write_text(SEED_CODES)
    design = tmp_path / "d.yaml"
    design.write_text("reference_arm: 2\n")  # a partial design file: everything else from the headers
    study = load_study(data, design)
    (outcome,) = study.outcomes
    assert (outcome.name, outcome.kind, outcome.levels, outcome.unit) == ("produksi", "ordinal", ("1", "2", "3"), "")
    warning = next(p for p in study.problems if p.code == "category_codes")
    assert "kind: continuous" in warning.text.en and "kind: continuous" in warning.text.id
    a = analyse(study)
    assert not {t.result.test for t in a.tests} & {"ancova", "paired_t", "welch_t"}
    # the seed's between-arm comparison: all 5 massaged mothers in the top category, no control mother:
    # exact Mann–Whitney p = 2 / C(10, 5) = 2/252 (enumeration; coin::wilcox_test distribution = "exact")
    assert _primary(a, "between").p_value == pytest.approx(2 / 252)
    assert _primary(a, "1").p_value == pytest.approx(0.0625)  # 5 of 5 up: 2 / 2^5


def test_milk_volume_of_1_2_3_ml_is_codes_but_can_be_declared_continuous(tmp_path):
    frame = pd.DataFrame({"id": range(1, 9), "arm": ["kontrol"] * 4 + ["intervensi"] * 4,
                          "volume_pre": [1, 2, 1, 2, 1, 1, 2, 1], "volume_post": [2, 2, 1, 3, 3, 3, 3, 2]})
    study = study_from_frame(frame, source="v.csv")
    assert study.outcomes[0].kind == "ordinal"
    declared = tmp_path / "d.yaml"
    declared.write_text("outcomes:\n  volume: {pre: volume_pre, post: volume_post, kind: continuous, unit: ml}\n")
    study = study_from_frame(frame, load_design(declared), source="v.csv")
    assert study.outcomes[0].kind == "continuous"
    assert "category_codes" not in {p.code for p in study.problems}


def test_named_levels_typed_as_codes_are_mapped_in_order(tmp_path):
    data = tmp_path / "kode.csv"
    data.write_text(SEED_CODES)
    design = tmp_path / "d.yaml"
    design.write_text("arm: {column: Kelompok, reference: 2}\noutcomes:\n  kelancaran:\n    pre: produksi_sebelum\n"
                      "    post: produksi_sesudah\n    levels: [kurang lancar, cukup lancar, lancar]\n")
    study = load_study(data, design)
    assert study.data["kelancaran_post"].astype(str).tolist()[:5] == ["lancar"] * 5
    assert "1 = kurang lancar" in next(p for p in study.problems if p.code == "category_codes").text.en
    assert _primary(analyse(study), "between").p_value == pytest.approx(2 / 252)


@pytest.mark.parametrize(("headers", "outcome"), [
    (("No", "Kelompok", "Sebelum", "Sesudah"), "kelancaran"),
    (("No. Responden", "Perlakuan", "Pretest", "Posttest"), "kelancaran"),
    (("Kode", "Grup", "Pre-test", "Post-test"), "kelancaran"),
    (("Nomor", "group", "Kelancaran ASI sebelum", "Kelancaran ASI sesudah"), "Kelancaran_ASI"),
    (("Responden", "Kelompok", "Pre kelancaran", "Post kelancaran"), "kelancaran"),
    (("id", "arm", "kelancaran_pre", "kelancaran_post"), "kelancaran"),
])
def test_headers_as_users_write_them(headers, outcome):
    rows = [(1, "Intervensi", "Kurang Lancar", "Lancar"), (2, "Intervensi", "Kurang Lancar", "Lancar"),
            (3, "Kontrol", "Cukup Lancar", "Cukup Lancar"), (4, "Kontrol", "Kurang Lancar", "Kurang Lancar")]
    frame = pd.DataFrame(rows, columns=list(headers))
    study = study_from_frame(frame, source="s.csv")
    assert [o.name for o in study.outcomes] == [outcome]
    assert study.outcomes[0].levels == ("kurang lancar", "cukup lancar", "lancar")
    assert study.reference_arm == "Kontrol"


def test_every_problem_is_listed_with_the_alternatives():
    frame = pd.DataFrame({"Nama": list("abcd"), "Kelompok": list("AABB"), "Hasil": [1, 2, 3, 4]})
    with pytest.raises(InputError) as exc:
        study_from_frame(frame, source="s.csv")
    codes = {p.code for p in exc.value.problems}
    assert codes == {"no_id_column", "no_outcomes", "no_reference_arm"}
    by_code = {p.code: p.text for p in exc.value.problems}
    assert "No. Responden" in by_code["no_id_column"].en and "No. Responden" in by_code["no_id_column"].id
    assert "Sebelum / Sesudah" in by_code["no_outcomes"].id and "Nama, Kelompok, Hasil" in by_code["no_outcomes"].en
    with pytest.raises(InputError):  # the strict form (used by the demo) still raises at once
        infer_design(frame, "s.csv")


def test_partial_design_adds_to_header_recognition_and_label_is_kept(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text("No,Kelompok,Produksi ASI sebelum,Produksi ASI sesudah\n1,pijat,10,25\n2,pijat,12,21\n"
                    "3,pijat,8,30\n4,biasa,11,14\n5,biasa,9,15\n6,biasa,13,12\n")
    design = tmp_path / "d.yaml"
    design.write_text("design_label: kuasi eksperimen\nreference_arm: biasa\nallocation: total sampling\n")
    study = load_study(data, design)
    assert (study.design.id_column, study.design.arm_column) == ("No", "Kelompok")
    assert study.reference_arm == "biasa" and study.design.allocation == "total sampling"
    assert [o.name for o in study.outcomes] == ["Produksi_ASI"]
    design.write_text("reference_arm: biasa\noutcomes:\n  produksi:\n    pre: Produksi ASI sebelum\n"
                      "    post: Produksi ASI sesudah\n    label: Produksi ASI (ml)\n")
    study = load_study(data, design)
    assert study.outcomes[0].label == "Produksi ASI (ml)"
    assert analyse(study).to_json()["outcomes"][0]["label"] == "Produksi ASI (ml)"
