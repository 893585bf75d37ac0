"""The audit page (issue 10): in field labels (not "checklisttick #720"), with filters and a CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from laktasi.web.exports.models import ExportLog
from laktasi.web.visits import services
from laktasi.web.visits.models import IdentifyingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(study, mother, users, visit):
    item = study.checklist.first()
    services.save_visit(mother, users["midwife"], services.VisitInput(
        day=1, visited_at=visit.visited_at, volume_ml=14, ticks=((item.pk, True, None),)), visit=visit,
        reason="salah baca gelas ukur")
    other = services.enrol(study, users["owner"], delivered_at=mother.delivered_at, parity=2,
                           delivery_mode="caesarean", consent=True, name="Ibu Dua", arm=study.arms.first())
    ident = IdentifyingRecord.objects.get(participant=other)
    ident.phone = "=HYPERLINK(1)"
    ident.save(by=users["owner"], reason="nomor baru")
    return mother, other


def test_events_in_field_labels(clients, study, history):
    html = clients["owner"].get(reverse("audit", args=[study.pk])).content.decode()
    assert "checklisttick #" not in html and "measurement #" not in html and "<code>" not in html
    assert "Pengukuran, hari ke-1 · P001" in html
    assert "volume ASI yang diperah (ml): 12 → 14" in html.replace(".0", "")
    assert "salah baca gelas ukur" in html
    assert "Daftar tilik, hari ke-1 · P001" in html


def test_filters(clients, study, history, users):
    url = reverse("audit", args=[study.pk])
    rows = lambda **q: clients["owner"].get(url, q).context["rows"]  # noqa: E731
    assert rows(mother="P002") and all("P002" in r.record for r in rows(mother="P002"))
    assert all(r.record.startswith("Pengukuran") for r in rows(kind="measurement"))
    assert {r.user for r in rows(user="owner")} == {"owner"}
    assert all(r.action == "perubahan" for r in rows(action="update"))
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert rows(since=tomorrow) == []
    assert rows(mother="P999") == []


def test_csv_export_is_filtered_labelled_neutralised_and_logged(clients, study, history):
    r = clients["owner"].get(reverse("audit_csv", args=[study.pk]), {"mother": "P002"})
    assert r["Content-Type"].startswith("text/csv") and r["Cache-Control"] == "no-store"
    table = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    assert len(header) == 8 and header[4] == "Isian" and header[7] == "Alasan"
    assert body and all("P002" in row[2] for row in body)
    phone = [row for row in body if row[4] == "telepon" and row[6].startswith("'=")]
    assert phone and phone[0][7] == "nomor baru"
    assert ExportLog.objects.filter(kind="audit").count() == 1  # the export is itself logged
    assert clients["midwife"].get(reverse("audit_csv", args=[study.pk])).status_code == 403
