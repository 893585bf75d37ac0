"""Analyse (report HTML / DOCX) and data exports (CSV / XLSX / SPSS .sav), every one logged."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.exports import tables
from laktasi.web.exports.analysis import analyse_study, report_docx, report_html
from laktasi.web.exports.labels import sav_labels
from laktasi.web.exports.models import ExportLog
from laktasi.web.studies.access import study_for
from laktasi.web.studies.views import study_context
from laktasi.web.visits.frame import study_frame

FORMATS = {
    "csv": ("text/csv; charset=utf-8", tables.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", tables.to_xlsx),
    "sav": ("application/x-spss-sav", tables.to_sav),
}


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def analyse(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "view")
    outcome = analyse_study(study)
    lang = _lang()
    problems = [p.describe(lang) for p in outcome.problems]
    n_complete = dict(outcome.analysis.n) if outcome.analysis is not None else {}
    return render(request, "exports/analyse.html", study_context(
        membership, "analyse", outcome=outcome, problems=problems, n_complete=n_complete))


@require_GET
@xframe_options_sameorigin
def report(request: AuthenticatedHttpRequest, study_id: int, fmt: str) -> HttpResponse:
    study, _m = study_for(request, study_id, "view")
    outcome = analyse_study(study)
    if outcome.analysis is None:
        raise Http404(_("The analysis cannot run yet."))
    lang = _lang()
    if fmt == "html":
        response = HttpResponse(report_html(study, outcome.analysis, lang), content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response
    content = report_docx(study, outcome.analysis, lang)
    ExportLog.objects.create(study=study, user=request.user, kind="docx", identified=False, rows=outcome.n_rows)
    name = "hasil-penelitian" if lang == "id" else "study-results"
    return _attachment(content, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       f"{name}-{study.pk}.docx")


@require_GET
def exports(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "export")
    logs = ExportLog.objects.filter(study=study).select_related("user")[:50] if membership.can("audit") else []
    return render(request, "exports/exports.html", study_context(membership, "exports", logs=logs))


@require_GET
def export(request: AuthenticatedHttpRequest, study_id: int, fmt: str) -> HttpResponse:
    identified = request.GET.get("identifiers") == "1"
    study, membership = study_for(request, study_id, "identify" if identified else "export")
    if fmt not in FORMATS:
        raise Http404(fmt)
    frame = study_frame(study, identified=identified)
    content_type, writer = FORMATS[fmt]
    content = writer(frame, sav_labels(study, [str(c) for c in frame.columns]))
    ExportLog.objects.create(study=study, user=request.user, kind=fmt, identified=identified, rows=len(frame))
    suffix = "identified" if identified else "pseudonymised"
    return _attachment(content, content_type, f"study-{study.pk}-{suffix}.{fmt}")
