"""Every page behind login; each user's own language (Indonesian unless they chose English); a form sent after
the session expired is kept as a draft and restored once the user has logged in again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/admin/")  # the admin has its own login (staff only)
DRAFT_KEY = "laktasi_draft"
# never kept in a draft: secrets, and the token that protects the form (a fresh page brings a fresh one)
NOT_KEPT = ("csrfmiddlewaretoken", "password", "password1", "password2", "old_password", "new_password1",
            "new_password2")
MAX_DRAFT_BYTES = 64 * 1024


def _draft(request: HttpRequest) -> dict[str, Any] | None:
    """The typed fields of a form sent without a session, if the form's CSRF check passes."""
    def nothing(_request: HttpRequest) -> HttpResponse:  # the check never calls on; a placeholder
        return HttpResponse()

    check = CsrfViewMiddleware(nothing)
    check.process_request(request)
    if check.process_view(request, nothing, (), {}) is not None:
        return None  # a forged post plants nothing in anyone's session
    fields = {k: request.POST.getlist(k) for k in request.POST if k not in NOT_KEPT}
    if sum(len(k) + sum(len(v) for v in vs) for k, vs in fields.items()) > MAX_DRAFT_BYTES:
        return None
    return {"path": request.path, "fields": fields}


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if request.method == "POST" and not request.FILES:
                draft = _draft(request)
                if draft is not None:
                    request.session[DRAFT_KEY] = draft  # survives the login (the session key is cycled)
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        if request.user.is_authenticated and request.method == "GET" and DRAFT_KEY in request.session:
            draft = request.session[DRAFT_KEY]
            if draft.get("path") == request.path:
                request.laktasi_draft = request.session.pop(DRAFT_KEY)["fields"]  # type: ignore[attr-defined]
        return self.get_response(request)


def draft_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the restored draft (base.html hands it to forms.js, which fills the form)."""
    return {"draft": getattr(request, "laktasi_draft", None)}


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            lang = request.session.get("laktasi_lang")
            if lang is None:  # once per session; set_language updates it
                profile = getattr(request.user, "profile", None)
                lang = profile.language if profile else settings.LANGUAGE_CODE
                request.session["laktasi_lang"] = lang
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


