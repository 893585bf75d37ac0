"""Time and day (issue 10): a visit's day agrees with its hours postpartum (the study's window) or is refused
with the reason; the pretest cannot come after the posttest; moving the delivery time re-checks the visits
(refused, or kept with a reason and flagged); a visit without the primary outcome is not "complete"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.visits import services
from laktasi.web.visits.models import Participant, Visit

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")
DELIVERED = dt.datetime(2026, 1, 10, 22, 0, tzinfo=JKT)


@pytest.fixture
def ani(study, users):
    return services.enrol(study, users["midwife"], delivered_at=DELIVERED, parity=1, delivery_mode="spontaneous",
                          consent=True, name="Ibu Ani", arm=study.arms.get(name="intervensi"))


def _local(hours: float) -> str:
    return (DELIVERED + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _post(client, study, p, day, hours, **extra):
    data = {"visited_at": _local(hours), "performer": "midwife", "volume_ml": "12", **extra}
    return client.post(reverse("visit_new", args=[study.pk, p.pk, day]), data)


@pytest.mark.parametrize(("day", "hours", "ok"), [
    (1, 0.5, True), (1, 23.5, True), (1, 29.5, True),   # day 1 = 0–24 h, + 6 h window
    (1, 31, False),                                      # day 2 by the clock
    (3, 30, False), (3, 42.5, True), (3, 71, True), (3, 79, False),
])
def test_day_label_agrees_with_hours_postpartum(clients, study, ani, day, hours, ok):
    r = _post(clients["midwife"], study, ani, day, hours)
    assert (r.status_code == 302) == ok
    if not ok:
        error = r.context["form"].errors["visited_at"][0]
        assert f"{int(hours // 24) + 1}" in error and ("hari" in error or "day" in error)
        assert not Visit.objects.filter(participant=ani).exists()


def test_window_is_per_study(clients, study, ani):
    study.visit_window_hours = 0
    study.save()
    assert _post(clients["midwife"], study, ani, 1, 25).status_code == 200
    study.visit_window_hours = 2
    study.save()
    assert _post(clients["midwife"], study, ani, 1, 25).status_code == 302


def test_pretest_cannot_come_after_posttest(clients, study, ani):
    assert _post(clients["midwife"], study, ani, 3, 50).status_code == 302  # posttest first, at 50 h
    r = _post(clients["midwife"], study, ani, 1, 28)  # day 1 (window + 6 h), before the posttest: accepted
    assert r.status_code == 302
    visit = Visit.objects.get(participant=ani, day=3)
    # moving the posttest before the pretest is refused
    r = clients["midwife"].post(reverse("visit_edit", args=[study.pk, visit.pk]),
                                {"visited_at": _local(27), "performer": "midwife", "volume_ml": "12",
                                 "reason": "jam salah"})
    assert r.status_code == 200 and "visited_at" in r.context["form"].errors


def test_pretest_after_posttest_refused_on_entry(clients, study, ani, users):
    study.visit_days = [1, 2]
    study.save()
    assert _post(clients["midwife"], study, ani, 2, 22).status_code == 302  # day 2 early (window −6 h)
    r = _post(clients["midwife"], study, ani, 1, 23)  # day 1 later than day 2
    assert r.status_code == 200
    assert any("1" in e for e in r.context["form"].errors["visited_at"])


def _edit_delivery(client, study, p, when, **extra):
    data = {"delivered_at": when.strftime("%Y-%m-%dT%H:%M"), "parity": "1", "delivery_mode": "spontaneous",
            "reason": "jam lahir dikoreksi", **extra}
    return client.post(reverse("participant_edit", args=[study.pk, p.pk]), data)


def test_moving_delivery_rechecks_visits_refused_or_flagged(clients, study, ani, users):
    assert _post(clients["midwife"], study, ani, 1, 10).status_code == 302
    assert _post(clients["midwife"], study, ani, 3, 50).status_code == 302
    # 20 h earlier: the day 3 visit would be at 70 h (fine), day 1 at 30 h (outside day 1 + 6 h)
    r = _edit_delivery(clients["midwife"], study, ani, DELIVERED - dt.timedelta(hours=20))
    assert r.status_code == 200 and "accept_outside" in r.context["form"].errors
    ani.refresh_from_db()
    assert ani.delivered_at == DELIVERED
    # accepted with the reason: hours recomputed and the visit flagged, all audited
    r = _edit_delivery(clients["midwife"], study, ani, DELIVERED - dt.timedelta(hours=20), accept_outside="on")
    assert r.status_code == 302
    day1 = Visit.objects.get(participant=ani, day=1)
    day3 = Visit.objects.get(participant=ani, day=3)
    assert day1.hours_postpartum == 30.0 and "30.0 h" in day1.window_flag
    assert day3.hours_postpartum == 70.0 and day3.window_flag == ""
    event = AuditEvent.objects.filter(entity="visit", object_id=str(day1.pk), action="update").get()
    assert event.reason == "jam lahir dikoreksi" and "window_flag" in event.changes
    page = clients["owner"].get(reverse("participant", args=[study.pk, ani.pk])).content.decode()
    assert "di luar harinya" in page
    csv = clients["owner"].get(reverse("export", args=[study.pk, "csv"])).content.decode("utf-8-sig")
    assert "outside_window_d1" in csv
    # a delivery after a visit is impossible: refused even when accepted
    r = _edit_delivery(clients["midwife"], study, ani, DELIVERED + dt.timedelta(hours=15), accept_outside="on")
    assert r.status_code == 200


def test_visit_without_the_primary_outcome_is_not_complete(clients, study, ani, users):
    assert _post(clients["midwife"], study, ani, 1, 10).status_code == 302
    assert _post(clients["midwife"], study, ani, 3, 50, volume_ml="").status_code == 302
    ani.refresh_from_db()
    assert ani.status == "active"  # both visits recorded, but day 3 has no volume
    visit = Visit.objects.get(participant=ani, day=3)
    r = clients["midwife"].post(reverse("visit_edit", args=[study.pk, visit.pk]),
                                {"visited_at": _local(50), "performer": "midwife", "volume_ml": "20",
                                 "reason": "volume diukur ulang"})
    assert r.status_code == 302
    ani.refresh_from_db()
    assert ani.status == "completed"
    r = clients["midwife"].post(reverse("visit_edit", args=[study.pk, visit.pk]),
                                {"visited_at": _local(50), "performer": "midwife", "volume_ml": "",
                                 "reason": "gelas tumpah, nilai tidak sah"})
    assert r.status_code == 302
    assert Participant.objects.get(pk=ani.pk).status == "active"
