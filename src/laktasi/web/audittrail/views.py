"""The audit trail of a study, visible to owners."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.studies.access import study_for
from laktasi.web.studies.views import study_context


@require_GET
def audit(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "audit")
    events = AuditEvent.objects.filter(study=study).select_related("user")
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audittrail/audit.html", study_context(membership, "audit", page=page))
