"""Three arms: pairwise comparisons after the overall test, Holm-adjusted — against R emmeans pairs(adjust = "holm")
and coin exact wilcox_test + p.adjust (r/trial/posthoc.R → r/trial/posthoc.out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from laktasi.report.study_document import build_study_document
from laktasi.trial.analysis import analyse
from laktasi.trial.posthoc import holm
from laktasi.trial.study import load_study

REPO = Path(__file__).resolve().parents[2]


def _r(name: str) -> float:
    for line in (REPO / "r" / "trial" / "posthoc.out").read_text().splitlines():
        key, _, value = line.rpartition(" = ")
        if key == name:
            return float(value)
    raise KeyError(name)


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    design = tmp_path_factory.mktemp("d") / "d.yaml"
    design.write_text("reference_arm: kontrol\nallocation: random\n")
    return analyse(load_study(REPO / "tests" / "fixtures" / "trial" / "three_arms.csv", design))


def test_ancova_contrasts_match_emmeans(three):
    pairs = {(c.first, c.second): c for c in three.posthoc if c.outcome == "volume"}
    assert len(pairs) == 3
    for first, second in pairs:
        c = pairs[(first, second)]
        key = f"ancova {first}-{second}"
        assert c.estimate == pytest.approx(_r(f"{key} estimate"), rel=1e-9)
        assert c.statistic == pytest.approx(_r(f"{key} t"), rel=1e-9)
        assert c.p_holm == pytest.approx(_r(f"{key} p_holm"), rel=1e-7)
        assert c.df == _r("ancova df")


def test_exact_pairwise_mann_whitney_with_holm_matches_r(three):
    pairs = [c for c in three.posthoc if c.outcome == "kelancaran" and c.test != "dunn"]
    assert {c.test for c in pairs} == {"mann_whitney"}
    for c in pairs:
        assert c.p_value == pytest.approx(_r(f"mw {c.first}-{c.second} p"), rel=1e-9)
        assert c.p_holm == pytest.approx(_r(f"mw {c.first}-{c.second} p_holm"), rel=1e-9)


def test_dunn_after_kruskal_wallis_matches_r(three):
    # Dunn's z by formula in R with the tie correction, p.adjust(method = "holm") (r/trial/posthoc.R)
    pairs = [c for c in three.posthoc if c.outcome == "kelancaran" and c.test == "dunn"]
    assert len(pairs) == 3
    for c in pairs:
        key = f"dunn {c.first}-{c.second}" if f"dunn {c.first}-{c.second} z" in _keys() else f"dunn {c.second}-{c.first}"
        assert abs(c.statistic) == pytest.approx(abs(_r(f"{key} z")), rel=1e-9)
        assert c.p_value == pytest.approx(_r(f"{key} p"), rel=1e-9)
        assert c.p_holm == pytest.approx(_r(f"{key} p_holm"), rel=1e-9)


def _keys() -> str:
    return (REPO / "r" / "trial" / "posthoc.out").read_text()


def test_holm_by_hand():
    # Holm (1979): sorted 0.01, 0.03, 0.04 → ×3, ×2, ×1 with monotonicity: 0.03, 0.06, 0.06
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_posthoc_in_the_report_and_warning(three):
    doc = build_study_document(three, "id")
    table = doc.table("posthoc:volume")
    assert table.header[4] == "p (Holm)" and len(table.rows) == 3
    assert "kelompok pijat vs kelompok kontrol" in doc.blocks[doc.blocks.index(table) + 1].text
    warning = next(w for w in three.warnings if w.code == "more_than_two_arms")
    assert "Holm" in warning.text.id and "not made" not in warning.text.en
