"""One mother's history: her records' audit events only, who / when / old → new / reason; owners only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from laktasi.web.accounts.models import Profile
from laktasi.web.visits import services
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _owner_reads_english(users):
    Profile.objects.update_or_create(user=users["owner"], defaults={"language": "en"})


def _history(client, study, mother):
    return client.get(reverse("participant_history", args=[study.pk, mother.pk]))


def test_history_shows_her_changes_and_no_one_elses(clients, study, mother, visit, users):
    items = list(study.checklist.all())[:2]
    other = services.enrol(study, users["midwife"], delivered_at=timezone.now() - dt.timedelta(hours=5), parity=2,
                           delivery_mode="caesarean", consent=True, name="Ibu Lain", arm=study.arms.get(name="kontrol"))
    services.save_visit(other, users["midwife"], services.VisitInput(
        day=1, visited_at=other.delivered_at + dt.timedelta(hours=2), volume_ml=Decimal("33.3")))
    day3 = services.save_visit(mother, users["midwife"], services.VisitInput(
        day=3, visited_at=mother.delivered_at + dt.timedelta(hours=50), volume_ml=Decimal("8"),
        ticks=tuple((i.pk, True, None) for i in items)))
    services.save_visit(mother, users["owner"], services.VisitInput(
        day=3, visited_at=day3.visited_at, volume_ml=Decimal("18.5"), ticks=tuple((i.pk, True, None) for i in items)),
        visit=day3, reason="salah baca gelas ukur")
    identity = mother.identity
    identity.phone = "0813"
    identity.save(by=users["owner"], reason="nomor baru")

    r = _history(clients["owner"], study, mother)
    assert r.status_code == 200
    rows = r.context["rows"]
    records = [row.record for row in rows]
    # her record, identity, day-1 visit + measurement, day-3 visit + 2 ticks (one row) + measurement,
    # completion (status), the correction of day 3, the phone change; oldest first
    assert records[:2] == ["Mother's record", "Identifying record"]
    assert "Checklist, day 3" in records and records.count("Checklist, day 3") == 1
    assert [row.at for row in rows] == sorted(row.at for row in rows)
    correction = next(row for row in rows if row.record == "Measurement, day 3" and row.action == "update")
    assert correction.user == "owner" and correction.reason == "salah baca gelas ukur"
    assert ("expressed volume (ml)", "8.0", "18.5") in correction.changes
    assert ("category", "kurang lancar", "cukup lancar") in correction.changes
    phone = next(row for row in rows if row.record == "Identifying record" and row.action == "update")
    assert phone.changes == [("phone", "0812", "0813")] and phone.reason == "nomor baru"
    ticks = next(row for row in rows if row.record == "Checklist, day 3")
    assert len(ticks.changes) == 2 and all(c[0].endswith(" · done") and c[2] == "yes" for c in ticks.changes)
    assert ticks.changes[0][0].startswith(items[0].text_en)
    status = [row for row in rows if row.record == "Mother's record" and row.action == "update"]
    assert [c for row in status for c in row.changes] == [("status", "Active", "Completed")]
    text = r.content.decode()
    assert "33.3" not in text and "Ibu Lain" not in text  # the other mother's records stay out
    assert "salah baca gelas ukur" in text and "0812 → 0813" in text


def test_history_is_linked_from_her_page_for_owners_only(clients, study, mother):
    url = reverse("participant_history", args=[study.pk, mother.pk])
    page = reverse("participant", args=[study.pk, mother.pk])
    assert url in clients["owner"].get(page).content.decode()
    assert url not in clients["midwife"].get(page).content.decode()
    assert _history(clients["midwife"], study, mother).status_code == 403
    assert _history(clients["outsider"], study, mother).status_code == 404


def test_another_studys_mother_is_not_found(clients, study, other_study, users):
    b = services.enrol(other_study, users["outsider"], delivered_at=timezone.now(), parity=1,
                       delivery_mode="spontaneous", consent=True, name="Ibu B", arm=other_study.arms.first())
    # the owner of study A asks for study B's mother through study A's URL
    assert clients["owner"].get(reverse("participant_history", args=[study.pk, b.pk])).status_code == 404


def test_times_are_in_the_study_time_zone(clients, study, mother):
    study.time_zone = "Asia/Jayapura"
    study.save()
    r = _history(clients["owner"], study, mother)
    enrolled = r.context["rows"][0]
    delivered = next(c for c in enrolled.changes if c[0] == "delivery date and time")[2]
    assert delivered == mother.delivered_at.astimezone(dt.timezone(dt.timedelta(hours=9))).strftime("%d/%m/%Y %H:%M")


def test_the_apps_own_reason_is_shown_in_the_readers_language(clients, study, mother, users):
    from laktasi.web.audittrail.models import AuditEvent

    for day in study.visit_days:
        services.save_visit(mother, users["midwife"], services.VisitInput(
            day=day, visited_at=mother.delivered_at + dt.timedelta(hours=24 * (day - 1) + 2), volume_ml=10))
    # stored once, in English (the message id), whoever wrote it
    assert AuditEvent.objects.filter(entity="participant", reason="all scheduled visits recorded").count() == 1
    english = [row.reason for row in _history(clients["owner"], study, mother).context["rows"]]
    assert "all scheduled visits recorded" in english
    assert "all scheduled visits recorded" in clients["owner"].get(reverse("audit", args=[study.pk])).content.decode()
    Profile.objects.update_or_create(user=users["owner"], defaults={"language": "id"})
    indonesian = client_for(users["owner"])
    rows = _history(indonesian, study, mother).context["rows"]
    assert "semua kunjungan terjadwal telah dicatat" in [row.reason for row in rows]
    audit_page = indonesian.get(reverse("audit", args=[study.pk])).content.decode()
    assert "semua kunjungan terjadwal telah dicatat" in audit_page
    assert "all scheduled visits recorded" not in audit_page
