"""Error pages in the reader's language (403, 404, 500 and a refused form's CSRF check)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was refused as possibly forged (usually: the page was open for a long time, or cookies are
    off); says what to do, in the reader's language, and keeps the technical reason out of sight."""
    return render(request, "403_csrf.html", status=403)
