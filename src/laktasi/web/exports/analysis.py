"""The web app's "Analyse": the one analysis code path of the library, fed from the database.

study (database) → wide frame + StudyDesign → trial.study.study_from_frame → trial.analysis.analyse
→ report.study (HTML or DOCX), exactly what ``laktasi analyze`` does with a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from laktasi.errors import InputError, Problem
from laktasi.trial.results import StudyAnalysis
from laktasi.web.studies.models import Study
from laktasi.web.studies.services import study_design
from laktasi.web.visits.frame import analysis_frame


@dataclass(frozen=True)
class AnalysisOutcome:
    analysis: StudyAnalysis | None
    problems: tuple[Problem, ...]  # why it could not run (e.g. too few complete cases yet)
    n_rows: int


def analyse_study(study: Study) -> AnalysisOutcome:
    from laktasi.trial.analysis import analyse
    from laktasi.trial.study import study_from_frame

    frame = analysis_frame(study)
    try:
        trial_study = study_from_frame(frame, study_design(study), source=f"study {study.pk}: {study.name}")
        return AnalysisOutcome(analyse(trial_study), (), len(frame))
    except InputError as exc:
        return AnalysisOutcome(None, exc.problems, len(frame))


def report_html(study: Study, analysis: StudyAnalysis, lang: str) -> str:
    from laktasi.report.study import render_study_html

    return render_study_html(analysis, lang, synthetic=True if study.is_demo else None)


def report_docx(study: Study, analysis: StudyAnalysis, lang: str) -> bytes:
    from laktasi.report.study import render_study_docx

    return render_study_docx(analysis, lang, synthetic=True if study.is_demo else None)
