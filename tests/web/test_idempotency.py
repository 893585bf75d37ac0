"""Idempotent writes: the same POST twice is one row; likely duplicate mothers are asked about; a visit posted
for a day already recorded is shown with the sent values (409), never dropped or overwritten."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.sync.duplicates import likely_duplicates, normalise_name, phone_digits
from laktasi.web.sync.models import IdempotencyKey
from laktasi.web.visits.models import Measurement, Participant, Visit

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _enrol_data(study, **extra):
    data = {"name": "Ibu Sari", "phone": "0813 1111 2222", "address": "Jl. Melati 1", "consent": "on",
            "delivered_at": "2026-01-10T22:00", "parity": "1", "delivery_mode": "spontaneous",
            "arm": str(study.arms.get(name="intervensi").pk)}
    data.update(extra)
    return data


def _local(study, when):
    return when.astimezone(ZoneInfo(study.time_zone)).strftime("%Y-%m-%dT%H:%M")


def test_the_same_enrolment_posted_twice_creates_one_mother(clients, study):
    url = reverse("enrol", args=[study.pk])
    data = _enrol_data(study, idempotency_key=uuid.uuid4().hex)
    first = clients["midwife"].post(url, data)
    second = clients["midwife"].post(url, data)
    third = clients["midwife"].post(url, data)
    assert first.status_code == second.status_code == third.status_code == 302
    assert first["Location"] == second["Location"] == third["Location"]
    assert second["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Participant.objects.filter(study=study).count() == 1
    assert AuditEvent.objects.filter(study=study, entity="participant", action="create").count() == 1
    page = clients["midwife"].get(second["Location"])
    assert [m.level_tag for m in page.context["messages"]][-1] == "info"  # told it was already saved


def test_the_header_key_works_like_the_form_field(clients, study):
    url = reverse("enrol", args=[study.pk])
    key = uuid.uuid4().hex
    for _ in range(2):
        r = clients["midwife"].post(url, _enrol_data(study), HTTP_IDEMPOTENCY_KEY=key)
        assert r.status_code == 302
    assert Participant.objects.filter(study=study).count() == 1


def test_a_form_sent_back_with_errors_keeps_its_key_and_the_key_stays_free(clients, study):
    url = reverse("enrol", args=[study.pk])
    key = uuid.uuid4().hex
    r = clients["midwife"].post(url, _enrol_data(study, consent="", idempotency_key=key))
    assert r.status_code == 200 and f'name="idempotency_key" value="{key}"' in r.content.decode()
    assert not IdempotencyKey.objects.exists()
    assert clients["midwife"].post(url, _enrol_data(study, idempotency_key=key)).status_code == 302
    assert Participant.objects.filter(study=study).count() == 1


def test_every_write_form_carries_a_fresh_key(clients, study, mother):
    pages = [reverse("enrol", args=[study.pk]), reverse("visit_new", args=[study.pk, mother.pk, 1]),
             reverse("withdraw", args=[study.pk, mother.pk]), reverse("participant_edit", args=[study.pk, mother.pk])]
    keys = set()
    for url in pages + pages[:1]:
        html = clients["midwife"].get(url).content.decode()
        start = html.index('name="idempotency_key" value="') + len('name="idempotency_key" value="')
        keys.add(html[start:start + 32])
    assert len(keys) == len(pages) + 1  # one per page load, never reused


def test_keys_belong_to_one_user_and_one_request(clients, study, users):
    from laktasi.web.studies.models import MIDWIFE, Membership

    Membership.objects.create(study=study, user=users["outsider"], role=MIDWIFE)
    url = reverse("enrol", args=[study.pk])
    key = uuid.uuid4().hex
    assert clients["midwife"].post(url, _enrol_data(study, idempotency_key=key)).status_code == 302
    # the same key from someone else is that person's own write (here: flagged as a likely duplicate)
    r = clients["outsider"].post(url, _enrol_data(study, idempotency_key=key))
    assert r.status_code == 200 and "duplicate-warning" in r.content.decode()
    # the same key sent to another URL is refused, not answered with the first write's result
    p = Participant.objects.get(study=study)
    r = clients["midwife"].post(reverse("withdraw", args=[study.pk, p.pk]), {"reason": "x", "idempotency_key": key})
    assert r.status_code == 422
    assert Participant.objects.get(pk=p.pk).status == "active"
    r = clients["midwife"].post(url, _enrol_data(study, idempotency_key="not a key!"))
    assert r.status_code == 400


def test_a_likely_duplicate_mother_is_flagged_before_saving(clients, study):
    url = reverse("enrol", args=[study.pk])
    assert clients["midwife"].post(url, _enrol_data(study)).status_code == 302
    # same name written differently, same delivery date: asked, nothing saved
    r = clients["midwife"].post(url, _enrol_data(study, name="ibu  SARI", phone=""))
    html = r.content.decode()
    assert r.status_code == 200 and "duplicate-warning" in html and "P001" in html and "confirm_duplicate" in html
    assert Participant.objects.filter(study=study).count() == 1
    # same name and phone (+62 form), another delivery date: asked too
    r = clients["midwife"].post(url, _enrol_data(study, delivered_at="2026-02-01T08:00", phone="+62 813-1111-2222"))
    assert "duplicate-warning" in r.content.decode()
    # confirmed: a different mother of the same name
    r = clients["midwife"].post(url, _enrol_data(study, name="Sari", confirm_duplicate="1"))
    assert r.status_code == 302
    # a different name is not asked about
    assert clients["midwife"].post(url, _enrol_data(study, name="Ibu Ratna")).status_code == 302
    assert Participant.objects.filter(study=study).count() == 3


def test_duplicate_rule(study, users, mother):
    assert normalise_name("Ny. Siti  Aminah") == "siti aminah"
    assert phone_digits("+62 812-3456") == phone_digits("0812 3456") == "08123456"
    delivered = mother.delivered_at
    assert likely_duplicates(study, "Ibu Uji", delivered) == [mother]
    ident = mother.identity
    ident.name = "Siti Aminah"
    ident.save(by=users["owner"], reason="nama lengkap")
    assert likely_duplicates(study, "Siti Aminan", delivered) == [mother]  # a one-letter typo
    assert likely_duplicates(study, "Ibu Uji", delivered) == []
    later = delivered + dt.timedelta(days=3)
    assert likely_duplicates(study, "Siti Aminah", later) == []  # another day, no phone
    assert likely_duplicates(study, "Siti Aminah", later, "0812") == []  # too short a phone to tell
    assert likely_duplicates(study, "Siti Rahma", delivered) == []


def test_a_visit_posted_for_a_recorded_day_is_shown_not_dropped(clients, study, mother, visit):
    url = reverse("visit_new", args=[study.pk, mother.pk, 1])
    data = {"visited_at": _local(study, visit.visited_at), "performer": "midwife", "volume_ml": "17.5",
            "feeds_24h": "9", "idempotency_key": uuid.uuid4().hex}
    r = clients["midwife"].post(url, data)
    html = r.content.decode()
    assert r.status_code == 409
    assert 'value="17.5"' in html or 'value="17,5"' in html  # the sent value is on the page
    warning = [str(m) for m in r.context["messages"] if m.level_tag == "warning"][0]  # "not saved yet"
    assert "P001" in warning and str(r.context["form"].fields["volume_ml"].label) in warning  # the field that differs
    assert reverse("visit_edit", args=[study.pk, visit.pk]) in html  # saving it is an edit of that visit
    assert Measurement.objects.get(visit=visit).volume_ml == 12  # nothing overwritten
    assert Visit.objects.filter(participant=mother).count() == 1
    assert not IdempotencyKey.objects.exists()  # free for the person's decision


def test_an_edit_of_a_visit_changed_meanwhile_is_a_conflict(clients, study, mother, visit, users):
    url = reverse("visit_edit", args=[study.pk, visit.pk])
    page = clients["midwife"].get(url).content.decode()
    start = page.index('name="base_version" value="') + len('name="base_version" value="')
    base = page[start:page.index('"', start)]
    # the owner changes the visit in the meantime
    visit.notes = "diubah"
    visit.save(by=users["owner"], reason="koreksi")
    data = {"visited_at": _local(study, visit.visited_at), "performer": "midwife", "volume_ml": "20",
            "reason": "salah ketik", "base_version": base}
    r = clients["midwife"].post(url, data)
    assert r.status_code == 409
    assert Measurement.objects.get(visit=visit).volume_ml == 12
    # with the current version (the person has seen the other change) the edit is saved
    visit.refresh_from_db()
    r = clients["midwife"].post(url, {**data, "base_version": visit.updated_at.isoformat(), "notes": "diubah"})
    assert r.status_code == 302
    assert Measurement.objects.get(visit=visit).volume_ml == 20


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_at_once_from_two_connections_is_one_write(study, users):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need a server database (PostgreSQL); SQLite serialises writers anyway")
    url = reverse("enrol", args=[study.pk])
    data = _enrol_data(study, idempotency_key=uuid.uuid4().hex)
    results: list[int] = []

    def post() -> None:
        try:
            results.append(client_for(users["midwife"]).post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302] * 4
    assert Participant.objects.filter(study=study).count() == 1


def test_keys_older_than_90_days_are_forgotten(users):
    from django.utils import timezone

    from laktasi.web.sync.idempotency import KEEP_DAYS, purge_expired

    old = IdempotencyKey.objects.create(user=users["midwife"], key="a" * 32, method="POST", path="/x/", status=302)
    new = IdempotencyKey.objects.create(user=users["midwife"], key="b" * 32, method="POST", path="/x/", status=302)
    now = timezone.now()
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=KEEP_DAYS + 1))
    assert purge_expired(now) == 1
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [new.pk]
