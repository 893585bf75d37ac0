"""URL map of the web app."""

from pathlib import Path

import django.contrib.admin
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve

from laktasi.web.accounts import views as accounts
from laktasi.web.settings import STATIC_ROOT

ADMIN_STATIC = Path(django.contrib.admin.__file__).resolve().parent / "static" / "admin"

urlpatterns = [
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/language/", accounts.set_language, name="set_language"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/password.html", success_url="/"), name="password_change"),
    path("admin/", admin.site.urls),
    # Static files are few and small (CSS, htmx); serving them here keeps `laktasi serve` one process.
    re_path(r"^static/admin/(?P<path>.*)$", serve, {"document_root": ADMIN_STATIC}),
    re_path(r"^static/(?P<path>.*)$", serve, {"document_root": STATIC_ROOT}),
    path("reviews/", include("laktasi.web.reviews.urls")),
    path("reviews/", include("laktasi.web.review_intake.urls")),
    path("reviews/", include("laktasi.web.review_extraction.urls")),
    path("reviews/", include("laktasi.web.review_appraisal.urls")),
    path("", include("laktasi.web.studies.urls")),
    path("", include("laktasi.web.visits.urls")),
    path("", include("laktasi.web.exports.urls")),
    path("", include("laktasi.web.audittrail.urls")),
    path("", include("laktasi.web.sync.urls")),  # /sw.js at the root: its scope is the whole app
]
