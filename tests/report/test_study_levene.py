"""The ANCOVA's Levene check in the chapter's words (values: r/trial/ancova_report.out, car::leveneTest)."""

from __future__ import annotations

from pathlib import Path

from laktasi.report.study_text import ancova_checks_sentence
from laktasi.trial.analysis import analyse
from laktasi.trial.study import load_study

REPO = Path(__file__).resolve().parents[2]


def test_levene_explained_in_both_languages() -> None:
    a = analyse(load_study(REPO / "examples" / "study_wide.csv", None))
    t = next(t for t in a.tests if t.result.test == "ancova" and t.primary)
    # car::leveneTest(post ~ arm, center = mean): F(1, 22) = 3.054, p = 0.0945
    assert "Uji Levene (F(1, 22) = 3,05, p = 0,094)" in ancova_checks_sentence(t, "id")
    en = ancova_checks_sentence(t, "en")
    assert "Levene's test (F(1, 22) = 3.05, p = 0.094) shows no difference in variance" in en
