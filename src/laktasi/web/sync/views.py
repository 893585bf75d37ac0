"""The offline app's own URLs: the service worker at the site's root (so its scope is the whole app), the
page shown for a page not kept on the phone, and the visit form for a mother enrolled without signal."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from laktasi.web.studies.access import study_for
from laktasi.web.studies.views import study_context
from laktasi.web.visits.forms import VisitForm
from laktasi.web.visits.models import Participant

SW_FILE = "laktasi/sw.js"


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js``: a service worker controls only the pages under its own path, so it is served from the root."""
    path = settings.STATIC_ROOT / SW_FILE
    response = HttpResponse(path.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # the browser checks for a new version at every visit
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Kept by the service worker and shown, without signal, for a page the phone has not kept."""
    return render(request, "sync/offline.html")


@require_GET
def offline_visit(request: HttpRequest, study_id: int) -> HttpResponse:
    """The visit form for a mother enrolled on this phone whose enrolment is not sent yet (she has no study ID).

    Kept by the service worker; offline.js queues what is entered here behind her enrolment and sends it to
    her own visit URL once the enrolment has been saved (the day follows from her delivery time). The form
    is the study's visit form, drawn for a stand-in mother that is never saved.
    """
    study, membership = study_for(request, study_id, "enter")
    day = study.visit_days[0]
    stand_in = Participant(pk=0, study=study, code="…", delivered_at=timezone.now(), parity=1,
                           delivery_mode="spontaneous")
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    with timezone.override(ZoneInfo(study.time_zone)):
        form = VisitForm(None, initial={"visited_at": timezone.localtime().replace(second=0, microsecond=0)},
                         participant=stand_in, day=day)
        return render(request, "visits/visit_form.html",
                      study_context(membership, "today", form=form, p=stand_in, day=day, visit=None,
                                    rule_text=study.rule().describe(lang), offline_new_mother=True))
