"""The offline app's own URLs: the service worker at the site's root (so its scope is the whole app) and the
page shown for a page not kept on the phone."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

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
