"""Login throttling (issue 10): per account (NFKC, case-insensitive) and per address; X-Forwarded-For only from
trusted proxies; made-up names never lock out others; an owner can unlock (audited)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from laktasi.web.accounts.models import LoginFailure
from laktasi.web.accounts.throttle import account_key, client_address
from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.studies.models import Membership
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"


def _login(username, password, remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client(**extra).post(reverse("login"), {"username": username, "password": password})


def _locked(response) -> bool:
    errors = response.context["form"].errors.get("__all__", []) if response.status_code == 200 else []
    return any(e.startswith(("Too many", "Terlalu banyak")) for e in errors)


def test_account_key_is_nfkc_and_case_insensitive():
    assert account_key("Bidan") == account_key("BIDAN") == account_key("ｂｉｄａｎ") == "bidan"


def test_forwarded_for_only_from_trusted_proxies(settings):
    rf = RequestFactory()
    settings.LAKTASI_TRUSTED_PROXIES = []
    req = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_address(req) == "203.0.113.9"  # not a proxy we trust: its header is ignored
    settings.LAKTASI_TRUSTED_PROXIES = ["10.0.0.0/24"]
    req = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert client_address(req) == "198.51.100.1"  # the right-most address the proxy saw; 1.2.3.4 is forgeable
    req = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.7")
    assert client_address(req) == "198.51.100.1"  # a chain of trusted proxies is skipped
    req = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="nonsense")
    assert client_address(req) == PROXY


def test_case_variants_share_one_account_counter(users, settings):
    settings.LAKTASI_TRUSTED_PROXIES = []
    for i, name in enumerate(["midwife", "MIDWIFE", "Midwife", "ｍｉｄｗｉｆｅ", "MidWife"]):
        _login(name, "salah", remote=f"198.51.100.{i + 1}")  # five addresses: the account counter matters
    assert _locked(_login("midwife", PASSWORD, remote="198.51.100.99"))


def test_made_up_names_from_one_address_never_lock_out_others(users, settings):
    """Behind the recommended reverse proxy every request has the proxy's address; 50 failures under made-up
    names from one client lock neither the others behind the proxy nor the others at that client's address."""
    settings.LAKTASI_TRUSTED_PROXIES = [PROXY]
    for i in range(50):
        _login(f"tamu{i}", "salah", forwarded="198.51.100.7")
    assert LoginFailure.objects.filter(address="198.51.100.7").count() == 50
    assert _login("owner", PASSWORD, forwarded="198.51.100.8").status_code == 302
    assert _login("midwife", PASSWORD, forwarded="198.51.100.7").status_code == 302  # same address (a shared NAT)
    # without trusting the proxy, all of it would be one address — and still nobody is locked out
    settings.LAKTASI_TRUSTED_PROXIES = []
    for i in range(50):
        _login(f"asing{i}", "salah")
    assert _login("owner", PASSWORD).status_code == 302


def test_spraying_real_accounts_blocks_that_address_only(users, settings):
    from django.contrib.auth import get_user_model

    settings.LAKTASI_TRUSTED_PROXIES = [PROXY]
    limit = settings.LAKTASI_LOGIN_MAX_FAILURES
    targets = [get_user_model().objects.create_user(username=f"sasaran{k}", password=PASSWORD).username
               for k in range(5)]
    for i in range(4 * limit):  # a few guesses at each of several real accounts, none of them locked alone
        _login(targets[i % 5], f"tebakan{i}", forwarded="198.51.100.66")
    assert _locked(_login("midwife", PASSWORD, forwarded="198.51.100.66"))  # that address is blocked
    assert _login("midwife", PASSWORD, forwarded="198.51.100.5").status_code == 302  # others are not


def test_owner_unlocks_a_member_and_it_is_audited(users, study, clients, settings):
    for _ in range(settings.LAKTASI_LOGIN_MAX_FAILURES):
        _login("Midwife", "salah", remote="198.51.100.3")
    assert _locked(_login("midwife", PASSWORD, remote="198.51.100.4"))
    member = Membership.objects.get(study=study, user=users["midwife"])
    page = clients["owner"].get(reverse("members", args=[study.pk])).content.decode()
    assert reverse("member_unlock", args=[study.pk, member.pk]) in page
    assert clients["midwife"].post(reverse("member_unlock", args=[study.pk, member.pk])).status_code == 403
    r = clients["owner"].post(reverse("member_unlock", args=[study.pk, member.pk]))
    assert r.status_code == 302
    assert _login("midwife", PASSWORD, remote="198.51.100.4").status_code == 302
    event = AuditEvent.objects.get(entity="membership", action="unlock")
    assert event.user == users["owner"] and event.changes["login_failures"][0] == settings.LAKTASI_LOGIN_MAX_FAILURES
