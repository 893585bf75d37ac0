"""Login (throttled), logout and the per-user language switch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from laktasi.web.accounts import throttle
from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.accounts.models import Profile
from laktasi.web.accounts.throttle import client_address

if TYPE_CHECKING:
    # the mixin is only ever combined with an AuthenticationForm (data, request, clean come from it)
    _ThrottleBase = AuthenticationForm
else:
    _ThrottleBase = object


class ThrottleMixin(_ThrottleBase):
    """Refuses further attempts after too many recent failures for the user name or the address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed logins. Wait 15 minutes and try again."),
    }

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username") or "")[:150]
        address = client_address(self.request) if self.request else ""
        if throttle.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    error_messages = {**ThrottleMixin.error_messages, **AdminAuthenticationForm.error_messages}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        throttle.clear(form.get_user().get_username())
        return response


@require_POST
def set_language(request: AuthenticatedHttpRequest) -> HttpResponse:
    lang = request.POST.get("language", "")
    if lang in dict(settings.LANGUAGES):
        Profile.objects.update_or_create(user=request.user, defaults={"language": lang})
        request.session["laktasi_lang"] = lang
        translation.activate(lang)
    target = request.POST.get("next") or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)
