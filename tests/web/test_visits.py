"""The midwife's flow: enrol, record visits (time zone, checks, category), edits with reasons, withdrawal."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from laktasi.web.audittrail.models import AuditEvent, ClinicalRecordError
from laktasi.web.visits import services
from laktasi.web.visits.models import IdentifyingRecord, Measurement, Participant, Visit

pytestmark = pytest.mark.django_db


def _enrol(client, study, **extra):
    data = {"name": "Ibu Ani", "phone": "0813 1111", "address": "Jl. Melati 1", "consent": "on",
            "delivered_at": "2026-01-10T22:00", "parity": "1", "delivery_mode": "spontaneous",
            "arm": str(study.arms.get(name="intervensi").pk)}
    data.update(extra)
    return client.post(reverse("enrol", args=[study.pk]), data)


def _visit_data(**extra):
    data = {"visited_at": "2026-01-11T10:30", "performer": "midwife", "volume_ml": "12", "feeds_24h": "9"}
    data.update(extra)
    return data


def test_enrol_generates_id_keeps_identity_apart_and_audits(clients, study, users):
    r = _enrol(clients["midwife"], study)
    assert r.status_code == 302
    p = Participant.objects.get(study=study)
    assert p.code == "P001" and p.arm.name == "intervensi" and p.consent and p.status == "active"
    assert IdentifyingRecord.objects.get(participant=p).name == "Ibu Ani"
    events = AuditEvent.objects.filter(study=study, action="create")
    assert {e.entity for e in events} == {"participant", "identifyingrecord"}
    assert all(e.user == users["midwife"] for e in events)
    _enrol(clients["midwife"], study, name="Ibu Budi", phone="0813 2222")  # another mother (not a likely duplicate)
    assert list(Participant.objects.filter(study=study).values_list("code", flat=True)) == ["P001", "P002"]


def test_enrol_needs_consent_and_writes_nothing_without_it(clients, study):
    data = {"consent": ""}
    r = _enrol(clients["midwife"], study, **data)
    assert r.status_code == 200 and b"errorlist" in r.content
    assert not Participant.objects.exists() and not AuditEvent.objects.exists()


def test_delivery_time_is_read_in_the_study_time_zone(clients, study):
    # WIT (Asia/Jayapura) is UTC+9 all year: 22:00 local on 10 Jan = 13:00 UTC.
    study.time_zone = "Asia/Jayapura"
    study.save()
    _enrol(clients["midwife"], study)
    p = Participant.objects.get(study=study)
    assert p.delivered_at == dt.datetime(2026, 1, 10, 13, 0, tzinfo=dt.UTC)
    r = clients["midwife"].post(reverse("visit_new", args=[study.pk, p.pk, 1]), _visit_data())
    assert r.status_code == 302, r.content.decode()[:2000]
    v = Visit.objects.get(participant=p)
    # 22:00 → 10:30 next day = 12.5 hours, whatever the server's own time zone
    assert v.hours_postpartum == 12.5
    assert v.visited_at == dt.datetime(2026, 1, 11, 1, 30, tzinfo=dt.UTC)
    m = Measurement.objects.get(visit=v)
    assert float(m.volume_ml) == 12.0 and m.category == "cukup lancar"


def test_impossible_volume_is_refused(clients, study):
    _enrol(clients["midwife"], study)
    p = Participant.objects.get()
    r = clients["midwife"].post(reverse("visit_new", args=[study.pk, p.pk, 1]), _visit_data(volume_ml="500"))
    assert r.status_code == 200
    assert "400" in r.content.decode()  # names the limit (ranges.yaml hard_max)
    assert not Visit.objects.exists()


def test_unusual_volume_warns_and_needs_confirmation(clients, study):
    _enrol(clients["midwife"], study)
    p = Participant.objects.get()
    url = reverse("visit_new", args=[study.pk, p.pk, 1])
    # 45 ml at 12.5 h: above the 30 ml soft limit for 0-24 h in ranges.yaml
    r = clients["midwife"].post(url, _visit_data(volume_ml="45"))
    assert r.status_code == 200 and "class=\"warnings\"" in r.content.decode()
    assert not Visit.objects.exists()
    r = clients["midwife"].post(url, _visit_data(volume_ml="45", confirm_unusual="on"))
    assert r.status_code == 302
    assert Measurement.objects.get().category == "lancar"


def test_visit_before_delivery_is_refused(clients, study):
    _enrol(clients["midwife"], study)
    p = Participant.objects.get()
    r = clients["midwife"].post(reverse("visit_new", args=[study.pk, p.pk, 1]),
                                _visit_data(visited_at="2026-01-10T21:00"))
    assert r.status_code == 200 and not Visit.objects.exists()


def test_category_shown_at_once(clients, study, mother):
    url = reverse("measure_check", args=[study.pk, mother.pk])
    r = clients["midwife"].get(url, {"volume_ml": "19,5"})
    assert "cukup lancar" in r.content.decode()
    r = clients["midwife"].get(url, {"volume_ml": "20"})
    assert ">lancar<" in r.content.decode()  # the rule: >= 20 ml is lancar
    r = clients["midwife"].get(url, {"volume_ml": "401"})
    assert "errors" in r.content.decode()


def test_checklist_ticks_with_minutes(clients, study):
    _enrol(clients["midwife"], study)
    p = Participant.objects.get()
    items = list(study.checklist.all())
    timed = next(i for i in items if i.records_minutes)
    data = _visit_data(**{f"tick_{items[0].pk}": "on", f"tick_{timed.pk}": "on", f"min_{timed.pk}": "4.5"})
    assert clients["midwife"].post(reverse("visit_new", args=[study.pk, p.pk, 1]), data).status_code == 302
    v = Visit.objects.get()
    ticks = {t.item_id: t for t in v.ticks.all()}
    assert len(ticks) == len(items)
    assert ticks[items[0].pk].done and ticks[timed.pk].done and float(ticks[timed.pk].minutes) == 4.5
    assert not ticks[items[1].pk].done


def test_edit_needs_a_reason_and_is_audited(clients, study, users):
    _enrol(clients["midwife"], study)
    p = Participant.objects.get()
    clients["midwife"].post(reverse("visit_new", args=[study.pk, p.pk, 1]), _visit_data())
    v = Visit.objects.get()
    url = reverse("visit_edit", args=[study.pk, v.pk])
    r = clients["midwife"].post(url, _visit_data(volume_ml="14"))
    assert r.status_code == 200  # reason missing
    assert float(Measurement.objects.get().volume_ml) == 12.0
    r = clients["midwife"].post(url, _visit_data(volume_ml="14", reason="salah baca gelas ukur"))
    assert r.status_code == 302
    event = AuditEvent.objects.filter(entity="measurement", action="update").get()
    assert event.changes["volume_ml"] == [12.0, 14.0]
    assert event.reason == "salah baca gelas ukur" and event.user == users["midwife"]
    # the owner sees it in the audit trail
    assert "salah baca gelas ukur" in clients["owner"].get(reverse("audit", args=[study.pk])).content.decode()


def test_model_layer_refuses_unaudited_writes_and_deletion(visit, users):
    with pytest.raises(ClinicalRecordError):
        visit.delete()
    with pytest.raises(ClinicalRecordError):
        Visit.objects.all().delete()
    with pytest.raises(ClinicalRecordError):
        Visit.objects.filter(pk=visit.pk).update(notes="x")
    with pytest.raises(ClinicalRecordError):
        visit.save()  # no user: no audit, no write
    visit.notes = "catatan"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        visit.save(by=users["midwife"])  # an edit after first entry without a reason
    assert Visit.objects.get(pk=visit.pk).notes == ""


def test_one_visit_per_day_even_when_submitted_twice(clients, study, mother):
    url = reverse("visit_new", args=[study.pk, mother.pk, 1])
    data = _visit_data(visited_at=(mother.delivered_at + dt.timedelta(hours=5)).astimezone(
        ZoneInfo(study.time_zone)).strftime("%Y-%m-%dT%H:%M"))
    assert clients["midwife"].post(url, data).status_code == 302
    assert clients["midwife"].post(url, data).status_code == 409  # shown with the recorded visit (test_idempotency)
    assert Visit.objects.filter(participant=mother, day=1).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        services.save_visit(mother, mother.enrolled_by, services.VisitInput(day=1, visited_at=mother.delivered_at))


def test_withdrawal_is_a_status_with_a_reason(clients, study, mother):
    r = clients["midwife"].post(reverse("withdraw", args=[study.pk, mother.pk]), {"reason": "pindah domisili"})
    assert r.status_code == 302
    mother.refresh_from_db()
    assert mother.status == "withdrawn" and mother.status_reason == "pindah domisili"
    assert Participant.objects.filter(pk=mother.pk).exists()
    assert AuditEvent.objects.filter(entity="participant", action="update", reason="pindah domisili").exists()


def test_completed_after_all_scheduled_visits(study, mother, users):
    for day in study.visit_days:
        services.save_visit(mother, users["midwife"], services.VisitInput(
            day=day, visited_at=mother.delivered_at + dt.timedelta(hours=24 * (day - 1) + 2), volume_ml=10))
    mother.refresh_from_db()
    assert mother.status == "completed"


def test_today_and_overdue(study, users):
    now = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB
    arm = study.arms.first()
    fresh = services.enrol(study, users["midwife"], delivered_at=now - dt.timedelta(hours=3), parity=2,
                           delivery_mode="caesarean", consent=True, name="A", arm=arm)
    old = services.enrol(study, users["midwife"], delivered_at=now - dt.timedelta(days=5), parity=2,
                         delivery_mode="caesarean", consent=True, name="B", arm=arm)
    due, overdue = services.due_visits(study, now)
    assert [(r["participant"].code, r["day"]) for r in due] == [(fresh.code, 1)]
    assert [(r["participant"].code, r["day"]) for r in overdue] == [(old.code, 1), (old.code, 3)]


def test_ticks_created_together_are_audited_one_event_each(study, mother, users):
    items = list(study.checklist.all())[:3]
    v = services.save_visit(mother, users["midwife"], services.VisitInput(
        day=3, visited_at=mother.delivered_at + dt.timedelta(hours=50),
        ticks=tuple((i.pk, True, None) for i in items)))
    events = AuditEvent.objects.filter(entity="checklisttick", action="create")
    assert sorted(int(e.object_id) for e in events) == sorted(t.pk for t in v.ticks.all())
    assert all(e.changes["done"] == [None, True] and e.user == users["midwife"] for e in events)
    from laktasi.web.visits.models import ChecklistTick

    with pytest.raises(ClinicalRecordError):
        ChecklistTick.objects.bulk_create([ChecklistTick(visit=v, item=items[0])])
