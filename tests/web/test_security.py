"""Security details (issue 10): Content-Security-Policy, no-store on patient pages, localised error pages,
a form sent after the session expired restored after login, an oversized id is 404 (not 500)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from laktasi.web.visits.models import Visit
from tests.web.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def test_csp_and_no_store_on_patient_pages(clients, study, mother):
    r = clients["midwife"].get(reverse("participant", args=[study.pk, mother.pk]))
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert r["Cache-Control"] == "no-store"
    for name in ("today", "participants", "dashboard"):
        assert clients["midwife"].get(reverse(name, args=[study.pk]))["Cache-Control"] == "no-store"
    export = clients["owner"].get(reverse("export", args=[study.pk, "csv"]))
    assert export["Cache-Control"] == "no-store"


def test_no_inline_script_in_any_page(clients, study, mother, visit):
    for url in (reverse("participant", args=[study.pk, mother.pk]), reverse("visit_edit", args=[study.pk, visit.pk]),
                reverse("study_settings", args=[study.pk]), reverse("enrol", args=[study.pk]), "/"):
        html = clients["owner"].get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers


@pytest.mark.parametrize(("lang", "text404", "text403"), [
    ("id", "Halaman tidak ditemukan", "Tidak diizinkan"), ("en", "Page not found", "Not allowed")])
def test_error_pages_in_the_readers_language(users, study, lang, text404, text403, settings):
    from laktasi.web.accounts.models import Profile

    Profile.objects.update_or_create(user=users["midwife"], defaults={"language": lang})
    c = client_for(users["midwife"])
    r = c.get(reverse("participant", args=[study.pk, 999999]))
    assert r.status_code == 404 and text404 in r.content.decode()
    r = c.get(reverse("audit", args=[study.pk]))
    assert r.status_code == 403 and text403 in r.content.decode()


def test_csrf_page_is_localised(users, study):
    c = Client(enforce_csrf_checks=True)
    c.force_login(users["midwife"])
    r = c.post(reverse("enrol", args=[study.pk]), {"name": "x"})
    assert r.status_code == 403 and "Formulir tidak dapat diterima" in r.content.decode()


def test_500_page_is_localised(users, study, clients, monkeypatch):
    from laktasi.web.visits import views

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.services, "due_visits", boom)
    c = client_for(users["midwife"])
    c.raise_request_exception = False
    r = c.get(reverse("today", args=[study.pk]))
    assert r.status_code == 500 and "Terjadi kesalahan" in r.content.decode()


@pytest.mark.parametrize("url", ["/s/99999999999999999999999999/", "/s/1/m/99999999999999999999999999/",
                                 "/s/1/visit/999999999999999999999999999999/", "/s/1/m/1/day/99999999999999999999/"])
def test_oversized_id_is_404(clients, study, url):
    assert clients["owner"].get(url).status_code == 404


def test_expired_session_keeps_the_typed_visit(users, study, mother):
    """The midwife fills the visit form, her session expires, she saves: after logging in she gets the form
    back with what she typed (nothing saved until she saves again)."""
    c = Client(enforce_csrf_checks=True)
    c.force_login(users["midwife"])
    url = reverse("visit_new", args=[study.pk, mother.pk, 1])
    page = c.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    del c.cookies["sessionid"]  # the session ends (expiry); the CSRF cookie stays, as in a browser
    data = {"csrfmiddlewaretoken": token, "visited_at": "2026-01-11T10:30", "performer": "midwife",
            "volume_ml": "12,5", "notes": "ibu lelah"}
    r = c.post(url, data)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/?next=")
    assert not Visit.objects.exists()
    login_page = c.get(r["Location"]).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    r = c.post(r["Location"], {"username": "midwife", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert r.status_code == 302 and r["Location"] == url
    html = c.get(url).content.decode()
    draft = json.loads(re.search(r'<script id="laktasi-draft" type="application/json">(.*?)</script>', html,
                                 re.S).group(1))
    assert draft["volume_ml"] == ["12,5"] and draft["notes"] == ["ibu lelah"]
    assert "csrfmiddlewaretoken" not in draft
    assert "laktasi-draft" not in c.get(url).content.decode()  # restored once


def test_forged_post_plants_no_draft(users, study, mother):
    c = Client(enforce_csrf_checks=True)
    url = reverse("visit_new", args=[study.pk, mother.pk, 1])
    c.post(url, {"volume_ml": "999"})
    c.login(username="midwife", password=PASSWORD)
    assert "laktasi-draft" not in c.get(url).content.decode()
