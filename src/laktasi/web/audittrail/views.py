"""The audit trail of a study, and of one mother, visible to owners."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from laktasi.web.audittrail import history
from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.studies.access import study_for
from laktasi.web.studies.views import study_context
from laktasi.web.visits.models import Participant


@require_GET
def audit(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "audit")
    events = AuditEvent.objects.filter(study=study).select_related("user")
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audittrail/audit.html", study_context(membership, "audit", page=page))


@require_GET
def participant_history(request: HttpRequest, study_id: int, pid: int) -> HttpResponse:
    """One mother's audit trail (owners): who changed what in her records, when, old → new, why."""
    study, membership = study_for(request, study_id, "audit")
    p = get_object_or_404(Participant, pk=pid, study=study)
    with timezone.override(ZoneInfo(study.time_zone)):
        rows = history.participant_history(p)
        return render(request, "audittrail/history.html", study_context(membership, "audit", p=p, rows=rows))
