"""Django admin: user accounts (reset a forgotten password, deactivate a user) for staff.

Clinical records are shown read-only here: every change to them goes through the app, which audits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from laktasi.web.accounts.models import LoginFailure, Profile
from laktasi.web.accounts.views import ThrottledAdminAuthenticationForm

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only, not subscriptable at run time
    _ProfileAdmin = admin.ModelAdmin[Profile]
    _LoginFailureAdmin = admin.ModelAdmin[LoginFailure]
else:
    _ProfileAdmin = _LoginFailureAdmin = admin.ModelAdmin

admin.site.site_header = "laktasi"
admin.site.login_form = ThrottledAdminAuthenticationForm  # the admin login is throttled like the app's


@admin.register(Profile)
class ProfileAdmin(_ProfileAdmin):
    list_display = ("user", "language")


@admin.register(LoginFailure)
class LoginFailureAdmin(_LoginFailureAdmin):
    list_display = ("username", "address", "at")
    readonly_fields = ("username", "address", "at")
