"""Decimal comma (issue 10): no input holds a value the browser cannot read, "12,5" and "12.5" are both 12.5,
and re-saving a visit unchanged writes nothing (no audit event)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.visits.models import Measurement, Participant, Visit

pytestmark = pytest.mark.django_db


def _enrol(client, study):
    data = {"name": "Ibu Koma", "consent": "on", "delivered_at": "2026-01-10T22:00", "parity": "1",
            "delivery_mode": "spontaneous", "arm": str(study.arms.get(name="intervensi").pk)}
    assert client.post(reverse("enrol", args=[study.pk]), data).status_code == 302
    return Participant.objects.get(identity__name="Ibu Koma")


def _visit(**extra):
    data = {"visited_at": "2026-01-11T10:30", "performer": "midwife", "volume_ml": "12", "feeds_24h": "9"}
    data.update(extra)
    return data


def _form_values(html: str) -> dict[str, str]:
    """name → value of every <input> with a value attribute (what the browser would send back unchanged)."""
    out = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or "csrfmiddlewaretoken" in tag:
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                out[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        out[name.group(1)] = value.group(1) if value else ""
    for m in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        sel = re.search(r'<option value="([^"]*)"[^>]*selected', m.group(2))
        out[m.group(1)] = sel.group(1) if sel else ""
    for m in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        out[m.group(1)] = m.group(2).strip()
    return out


@pytest.mark.parametrize("typed", ["12,5", "12.5", " 12,5 "])
def test_comma_or_point_is_twelve_and_a_half(clients, study, typed):
    p = _enrol(clients["midwife"], study)
    r = clients["midwife"].post(reverse("visit_new", args=[study.pk, p.pk, 1]), _visit(volume_ml=typed))
    assert r.status_code == 302
    assert Measurement.objects.get(visit__participant=p).volume_ml == Decimal("12.5")


@pytest.mark.parametrize("typed", ["1.234,5", "12,5,1", "12.5.1", "12 ml", "abc"])
def test_ambiguous_numbers_are_refused_not_guessed(clients, study, typed):
    p = _enrol(clients["midwife"], study)
    r = clients["midwife"].post(reverse("visit_new", args=[study.pk, p.pk, 1]), _visit(volume_ml=typed))
    assert r.status_code == 200 and not Visit.objects.filter(participant=p).exists()
    assert "12,5" in r.content.decode()  # the message gives an example


def test_counts_with_a_comma_are_refused_not_multiplied(clients, study):
    p = _enrol(clients["midwife"], study)
    r = clients["midwife"].post(reverse("visit_new", args=[study.pk, p.pk, 1]), _visit(feeds_24h="5,5"))
    assert r.status_code == 200 and not Visit.objects.filter(participant=p).exists()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_number_input_carries_a_locale_formatted_value(clients, study, users, lang):
    from laktasi.web.accounts.models import Profile

    Profile.objects.update_or_create(user=users["midwife"], defaults={"language": lang})
    client = clients["midwife"]
    p = _enrol(client, study)
    data = _visit(volume_ml="12,6")
    item = study.checklist.filter(records_minutes=True).first()
    data[f"tick_{item.pk}"] = "on"
    data[f"min_{item.pk}"] = "7,5"
    assert client.post(reverse("visit_new", args=[study.pk, p.pk, 1]), data).status_code == 302
    html = client.get(reverse("visit_edit", args=[study.pk, Visit.objects.get(participant=p).pk])).content.decode()
    assert 'type="number"' not in html  # a number input cannot show "12,6"
    values = _form_values(html)
    mark = "," if lang == "id" else "."
    assert values["volume_ml"] == f"12{mark}6" and values[f"min_{item.pk}"] == f"7{mark}5"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_resaving_unchanged_writes_nothing(clients, study, users, lang):
    from laktasi.web.accounts.models import Profile

    Profile.objects.update_or_create(user=users["midwife"], defaults={"language": lang})
    client = clients["midwife"]
    p = _enrol(client, study)
    data = _visit(volume_ml="12,6", breast_full="1", notes="baik")
    item = study.checklist.filter(records_minutes=True).first()
    data[f"tick_{item.pk}"] = "on"
    data[f"min_{item.pk}"] = "7,5"
    client.post(reverse("visit_new", args=[study.pk, p.pk, 1]), data)
    visit = Visit.objects.get(participant=p)
    url = reverse("visit_edit", args=[study.pk, visit.pk])
    before = AuditEvent.objects.count()
    # the page's own values sent back as they are, without a reason
    r = client.post(url, _form_values(client.get(url).content.decode()))
    assert r.status_code == 302
    assert AuditEvent.objects.count() == before
    m = Measurement.objects.get(visit=visit)
    assert m.volume_ml == Decimal("12.6")
    assert visit.ticks.get(item=item).minutes == Decimal("7.5")
    # a real change still needs a reason
    values = _form_values(client.get(url).content.decode())
    values["volume_ml"] = "13"
    r = client.post(url, values)
    assert r.status_code == 200 and Measurement.objects.get(visit=visit).volume_ml == Decimal("12.6")
    values["reason"] = "salah baca"
    assert client.post(url, values).status_code == 302
    assert Measurement.objects.get(visit=visit).volume_ml == Decimal("13")
