"""Every view, for an owner, a midwife of the same study and an outsider (a member of another study only).

The outsider gets 404 for every page of study A (its existence is not revealed); the midwife gets 403 for
pages her role does not allow; an anonymous visitor is sent to the login page. The URL list is checked
against the URL configuration so that a new view cannot be added without a permission case.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.web.conftest import client_for

# name -> (kwargs keys, capability needed, method)
VIEWS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "dashboard": (("study_id",), "view", "get"),
    "prepost_plot": (("study_id",), "view", "get"),
    "today": (("study_id",), "view", "get"),
    "participants": (("study_id",), "view", "get"),
    "enrol": (("study_id",), "enter", "get"),
    "participant": (("study_id", "pid"), "view", "get"),
    "participant_edit": (("study_id", "pid"), "enter", "get"),
    "identity_edit": (("study_id", "pid"), "identify", "get"),
    "withdraw": (("study_id", "pid"), "enter", "get"),
    "visit_new": (("study_id", "pid", "day"), "enter", "get"),
    "measure_check": (("study_id", "pid"), "enter", "get"),
    "visit_edit": (("study_id", "vid"), "enter", "get"),
    "study_settings": (("study_id",), "design", "get"),
    "study_sample_size": (("study_id",), "design", "get"),
    "checklist": (("study_id",), "design", "get"),
    "members": (("study_id",), "members", "get"),
    "member_remove": (("study_id", "member_id"), "members", "post"),
    "member_unlock": (("study_id", "member_id"), "members", "post"),
    "design_file": (("study_id",), "view", "get"),
    "audit": (("study_id",), "audit", "get"),
    "audit_csv": (("study_id",), "audit", "get"),
    "participant_history": (("study_id", "pid"), "audit", "get"),
    "analyse": (("study_id",), "view", "get"),
    "report": (("study_id", "fmt"), "view", "get"),
    "exports": (("study_id",), "export", "get"),
    "export": (("study_id", "fmt"), "export", "get"),
    "offline_visit": (("study_id",), "enter", "get"),  # a mother enrolled without signal (test_offline.py)
}
GLOBAL_VIEWS = ("home", "study_new", "study_upload", "sample_size", "set_language", "logout", "login", "password_change",
                "service_worker", "offline")  # the offline app (tests/web/test_offline.py)
MIDWIFE_CAN = {"view", "enter", "export"}


def test_every_url_has_a_permission_case():
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "name", None)}
    for resolver in get_resolver().url_patterns:
        if getattr(resolver, "namespace", None) == "admin":
            continue  # Django's admin: staff only, tested in test_admin_is_for_staff_and_read_only
        names |= {p.name for p in getattr(resolver, "url_patterns", []) if p.name}
    from tests.web.test_reviews_permissions import REVIEW_VIEWS  # the review workspace's own matrix

    assert names == set(VIEWS) | set(GLOBAL_VIEWS) | set(REVIEW_VIEWS)


@pytest.fixture
def objects(study, mother, visit, users):
    owner_membership = study.memberships.get(user=users["owner"])
    return {"study_id": study.pk, "pid": mother.pk, "vid": visit.pk, "day": 3, "fmt": "csv",
            "member_id": owner_membership.pk}


def _url(name: str, objects: dict) -> str:
    keys = VIEWS[name][0]
    kwargs = {k: objects[k] for k in keys}
    if name == "report":
        kwargs["fmt"] = "html"
    return reverse(name, kwargs=kwargs)


def _call(client: Client, name: str, url: str):
    return client.post(url) if VIEWS[name][2] == "post" else client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("who", ["owner", "midwife", "outsider", "anonymous"])
def test_access(name, who, objects, users, other_study):
    url = _url(name, objects)
    client = Client() if who == "anonymous" else client_for(users[who])
    response = _call(client, name, url)
    capability = VIEWS[name][1]
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif who == "outsider":
        assert response.status_code == 404
    elif who == "midwife" and capability not in MIDWIFE_CAN:
        assert response.status_code == 403
    else:
        # member_remove of the only owner redirects with a message; report needs an analysable study (404 here)
        allowed = {200, 302} if name != "report" else {200, 404}
        assert response.status_code in allowed, (name, who, response.status_code)


@pytest.mark.django_db
def test_midwife_of_study_a_cannot_change_study_b_by_editing_the_url(study, other_study, users):
    """Posting a visit or an enrolment into study B with study A's ids: 404, nothing written."""
    from laktasi.web.visits import services
    from laktasi.web.visits.models import Participant, Visit

    b_mother = services.enrol(other_study, users["outsider"], delivered_at=study.created_at, parity=1,
                              delivery_mode="spontaneous", consent=True, name="Ibu B",
                              arm=other_study.arms.first())
    c = client_for(users["midwife"])
    before = (Participant.objects.count(), Visit.objects.count())
    for url in (
        reverse("visit_new", args=[other_study.pk, b_mother.pk, 1]),
        reverse("visit_new", args=[study.pk, b_mother.pk, 1]),  # study A in the URL, B's mother
        reverse("enrol", args=[other_study.pk]),
        reverse("withdraw", args=[study.pk, b_mother.pk]),
    ):
        r = c.post(url, {"visited_at": "2026-01-01T10:00", "performer": "midwife", "reason": "x", "name": "x"})
        assert r.status_code == 404, url
    assert c.get(reverse("participant", args=[study.pk, b_mother.pk])).status_code == 404
    assert (Participant.objects.count(), Visit.objects.count()) == before
    b_mother.refresh_from_db()
    assert b_mother.status == "active"


@pytest.mark.django_db
def test_identifying_record_per_role(clients, study, users):
    """REDCap-style identifier rights: owners see every mother's name, phone and address; a midwife those of
    the mothers she visits (she enrolled her or recorded a visit), not the others'; researchers and viewers
    never; every look is audited."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from laktasi.web.audittrail.models import AuditEvent
    from laktasi.web.studies.models import MIDWIFE, RESEARCHER, VIEWER
    from laktasi.web.visits import services

    User = get_user_model()
    others = {role: User.objects.create_user(username=role, password="x-Kata-Sandi-9") for role in
              (RESEARCHER, VIEWER, "midwife2")}
    for role, user in others.items():
        study.memberships.create(user=user, role=MIDWIFE if role == "midwife2" else role)
    arm = study.arms.first()
    mine = services.enrol(study, users["midwife"], delivered_at=study.created_at, parity=1,
                          delivery_mode="spontaneous", consent=True, name="Ibu Sendiri", phone="0811",
                          address="Jl. Mawar 3", arm=arm)
    theirs = services.enrol(study, users["owner"], delivered_at=study.created_at, parity=2,
                            delivery_mode="spontaneous", consent=True, name="Ibu Lain", address="Jl. Anggrek",
                            arm=arm)
    page = lambda who, p: client_for(who).get(reverse("participant", args=[study.pk, p.pk])).content.decode()  # noqa: E731
    assert "Ibu Sendiri" in page(users["midwife"], mine) and "Jl. Mawar 3" in page(users["midwife"], mine)
    assert "Ibu Lain" not in page(users["midwife"], theirs)
    assert "Ibu Lain" in page(users["owner"], theirs)
    for role in (RESEARCHER, VIEWER, "midwife2"):
        assert "Ibu Sendiri" not in page(others[role], mine), role
    # recording a visit makes her one of the mothers midwife2 visits
    services.save_visit(mine, others["midwife2"], services.VisitInput(
        day=1, visited_at=mine.delivered_at + dt.timedelta(hours=5), volume_ml=5))
    assert "Ibu Sendiri" in page(others["midwife2"], mine)
    looks = AuditEvent.objects.filter(entity="identifyingrecord", action="view")
    assert {e.user.username for e in looks} == {"midwife", "owner", "midwife2"}
    # the identifying record stays owners-only for editing and identified exports
    assert clients["midwife"].get(reverse("identity_edit", args=[study.pk, mine.pk])).status_code == 403
    r = clients["midwife"].get(reverse("export", args=[study.pk, "csv"]) + "?identifiers=1")
    assert r.status_code == 403


@pytest.mark.django_db
def test_admin_is_for_staff_and_read_only(clients, users, visit):
    assert clients["owner"].get("/admin/").status_code == 302  # not staff: sent to the admin login
    users["owner"].is_staff = users["owner"].is_superuser = True
    users["owner"].save()
    c = client_for(users["owner"])
    assert c.get("/admin/").status_code == 200
    assert c.get(f"/admin/visits/visit/{visit.pk}/change/").status_code == 200  # a read-only view
    r = c.post(f"/admin/visits/visit/{visit.pk}/change/", {"notes": "lewat admin"})
    assert r.status_code == 403
    r = c.post(f"/admin/visits/visit/{visit.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403
    visit.refresh_from_db()
    assert visit.notes == ""
