"""Login throttling, CSRF, per-user language, and the safe-serving system check."""

from __future__ import annotations

import os
import stat

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from laktasi.web.accounts.models import Profile
from laktasi.web.settings import _secret_key
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_works_then_throttles_after_repeated_failures(users, settings):
    c = Client()
    assert _login(c, "owner", PASSWORD).status_code == 302
    c = Client()
    for _ in range(settings.LAKTASI_LOGIN_MAX_FAILURES):
        assert _login(c, "midwife", "salah").status_code == 200
    r = _login(c, "midwife", PASSWORD)  # right password, but locked for now
    assert r.status_code == 200 and r.context["form"].errors["__all__"][0].startswith(
        ("Too many", "Terlalu banyak"))
    assert _login(Client(), "owner", PASSWORD).status_code == 302  # another user is unaffected


def test_csrf_is_enforced(users, study):
    c = Client(enforce_csrf_checks=True)
    c.force_login(users["owner"])
    assert c.post(reverse("enrol", args=[study.pk]), {}).status_code == 403


def test_language_per_user(clients, users, study):
    url = reverse("today", args=[study.pk])
    assert "Kunjungan hari ini" in clients["midwife"].get(url).content.decode()  # Indonesian by default
    clients["midwife"].post(reverse("set_language"), {"language": "en", "next": url})
    assert Profile.objects.get(user=users["midwife"]).language == "en"
    assert "Due today" in clients["midwife"].get(url).content.decode()
    assert "Kunjungan hari ini" in clients["owner"].get(url).content.decode()  # others keep theirs


def test_system_check_refuses_lan_without_secret_and_hosts(settings):
    settings.LAKTASI_BIND_HOST = "0.0.0.0"
    settings.LAKTASI_SECRET_FROM_ENV = False
    settings.LAKTASI_ALLOWED_HOSTS_FROM_ENV = False
    assert {e.id for e in run_checks(tags=["laktasi"])} == {"laktasi.E001", "laktasi.E002"}
    settings.LAKTASI_SECRET_FROM_ENV = True
    settings.LAKTASI_ALLOWED_HOSTS_FROM_ENV = True
    assert run_checks(tags=["laktasi"]) == []
    settings.LAKTASI_BIND_HOST = "127.0.0.1"
    settings.LAKTASI_SECRET_FROM_ENV = False
    settings.LAKTASI_ALLOWED_HOSTS_FROM_ENV = False
    assert run_checks(tags=["laktasi"]) == []


def test_secret_key_generated_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.delenv("LAKTASI_SECRET_KEY", raising=False)
    key = _secret_key(tmp_path)
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600 and len(key) >= 50
    assert _secret_key(tmp_path) == key


def test_safe_defaults(settings):
    from django.conf import settings as live

    assert live.DEBUG is False
    assert "django.middleware.csrf.CsrfViewMiddleware" in live.MIDDLEWARE
    assert live.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")  # the test override…
    from django.conf import global_settings

    assert global_settings.PASSWORD_HASHERS[0].endswith("PBKDF2PasswordHasher")  # …of Django's hashing


def test_password_change(clients, users):
    r = clients["owner"].post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Sandi-Baru-Kuat-77", "new_password2": "Sandi-Baru-Kuat-77"})
    assert r.status_code == 302
    users["owner"].refresh_from_db()
    assert users["owner"].check_password("Sandi-Baru-Kuat-77")


def test_admin_login_is_throttled_too(users, settings):
    users["owner"].is_staff = True
    users["owner"].save()
    c = Client()
    for _ in range(settings.LAKTASI_LOGIN_MAX_FAILURES):
        c.post("/admin/login/", {"username": "owner", "password": "salah"})
    r = c.post("/admin/login/?next=/admin/", {"username": "owner", "password": PASSWORD})
    assert r.status_code == 200  # refused although the password is right
    assert _login(Client(), "outsider", PASSWORD).status_code == 302
