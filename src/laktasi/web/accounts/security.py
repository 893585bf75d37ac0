"""Response headers every page gets (issue 10): a Content-Security-Policy, and ``Cache-Control: no-store`` so
a shared phone's browser keeps no copy of a mother's page (the back button after log-out shows nothing).

The policy allows scripts only from this server (htmx and the app's own files; no inline script), styles
from this server plus inline style attributes (progress bars, the report's own stylesheet), images from
this server and ``data:`` (plots), framing only by this server (the report preview on the Analyse page).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
CACHEABLE_PREFIXES = ("/static/",)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        if not request.path.startswith(CACHEABLE_PREFIXES):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
