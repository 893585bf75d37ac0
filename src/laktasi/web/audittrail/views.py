"""The audit trail of a study, and of one mother, visible to owners."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.audittrail import history, trail
from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.exports.models import ExportLog
from laktasi.web.studies.access import study_for
from laktasi.web.studies.views import study_context
from laktasi.web.visits.models import Participant


@require_GET
def audit(request: HttpRequest, study_id: int) -> HttpResponse:
    """The study's audit trail in field labels, with filters (record kind, who, mother, action, dates)."""
    study, membership = study_for(request, study_id, "audit")
    filters = trail.Filters.from_query(request.GET)
    with timezone.override(ZoneInfo(study.time_zone)):
        page = Paginator(trail.events(study, filters), 100).get_page(request.GET.get("page"))
        rows = trail.lines(study, list(page.object_list))
        query = request.GET.copy()
        query.pop("page", None)
        users = sorted(set(AuditEvent.objects.filter(study=study).values_list("user__username", flat=True)))
        kinds = [(k, trail.kind_label(k)) for k in trail.KINDS]
        actions = [(a, history.action_label(a)) for a in ("create", "update", "view", "deactivate", "unlock")]
        return render(request, "audittrail/audit.html", study_context(
            membership, "audit", page=page, rows=rows, filters=filters, users=users, kinds=kinds,
            actions=actions, query=query.urlencode()))


@require_GET
def audit_csv(request: AuthenticatedHttpRequest, study_id: int) -> HttpResponse:
    """The filtered audit trail as CSV (one row per changed field), for owners; itself logged."""
    study, _m = study_for(request, study_id, "audit")
    filters = trail.Filters.from_query(request.GET)
    with timezone.override(ZoneInfo(study.time_zone)):
        qs = trail.events(study, filters)
        content = trail.to_csv(study, qs)
    ExportLog.objects.create(study=study, user=request.user, kind="audit", identified=False, rows=qs.count())
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-study-{study.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def participant_history(request: HttpRequest, study_id: int, pid: int) -> HttpResponse:
    """One mother's audit trail (owners): who changed what in her records, when, old → new, why."""
    study, membership = study_for(request, study_id, "audit")
    p = get_object_or_404(Participant, pk=pid, study=study)
    with timezone.override(ZoneInfo(study.time_zone)):
        rows = history.participant_history(p)
        return render(request, "audittrail/history.html", study_context(membership, "audit", p=p, rows=rows))
