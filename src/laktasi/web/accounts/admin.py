"""Django admin: user accounts (reset a forgotten password, deactivate a user) for staff.

Clinical records are shown read-only here: every change to them goes through the app, which audits it.
"""

from __future__ import annotations

from django.contrib import admin

from laktasi.web.accounts.models import LoginFailure, Profile
from laktasi.web.accounts.views import ThrottledAdminAuthenticationForm

admin.site.site_header = "laktasi"
admin.site.login_form = ThrottledAdminAuthenticationForm  # the admin login is throttled like the app's


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "language")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "address", "at")
    readonly_fields = ("username", "address", "at")
