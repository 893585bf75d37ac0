"""Changes to the study itself (issue 10): audited with who, when, old → new and why (a reason required once
data exist); the classification rule versioned so exports and the report agree; allocation locked once
enrolment starts; memberships never deleted; who may create studies is a setting."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from django.urls import reverse

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.exports.analysis import analyse_study
from laktasi.web.studies.models import Membership, Study
from laktasi.web.visits import services
from laktasi.web.visits.models import Measurement

pytestmark = pytest.mark.django_db


def _form(client, study, **change):
    """The design page's own values (as the browser would send them back), with ``change`` applied."""
    form = client.get(reverse("study_settings", args=[study.pk])).context["form"]
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        data[name] = "" if value is None else value
    data.update(change)
    return data


def test_no_change_no_event_and_no_reason_needed(clients, study, visit):
    before = AuditEvent.objects.count()
    r = clients["owner"].post(reverse("study_settings", args=[study.pk]), _form(clients["owner"], study))
    assert r.status_code == 302 and AuditEvent.objects.count() == before


@pytest.mark.parametrize(("change", "field", "old", "new"), [
    ({"cutpoints_text": "8; 20"}, "classification_cutpoints", [10.0, 20.0], [8.0, 20.0]),
    ({"visit_days_text": "1, 3, 5"}, "visit_days", [1, 3], [1, 3, 5]),
    ({"time_zone": "Asia/Makassar"}, "time_zone", "Asia/Jakarta", "Asia/Makassar"),
    ({"visit_window_hours": "3"}, "visit_window_hours", 6, 3),
])
def test_design_change_after_data_needs_a_reason_and_is_audited(clients, study, visit, users, change, field, old,
                                                                 new):
    url = reverse("study_settings", args=[study.pk])
    r = clients["owner"].post(url, _form(clients["owner"], study, **change))
    assert r.status_code == 200 and "reason" in r.context["form"].errors
    study.refresh_from_db()
    assert getattr(study, field) == old
    r = clients["owner"].post(url, _form(clients["owner"], study, **change, reason="protokol revisi 2"))
    assert r.status_code == 302
    study.refresh_from_db()
    assert getattr(study, field) == new
    event = AuditEvent.objects.get(entity="study", action="update")
    assert event.user == users["owner"] and event.reason == "protokol revisi 2"
    assert event.changes[field] == [old, new]


def test_before_any_data_a_change_needs_no_reason(clients, study):
    r = clients["owner"].post(reverse("study_settings", args=[study.pk]),
                              _form(clients["owner"], study, cutpoints_text="12; 25"))
    assert r.status_code == 302
    assert AuditEvent.objects.get(entity="study").changes["classification_cutpoints"] == [[10.0, 20.0], [12.0, 25.0]]


def test_rule_change_versions_the_rule_and_exports_agree_with_the_report(clients, study, users):
    arm = study.arms.get(name="intervensi")
    for i, (pre, post) in enumerate([(9, 15), (12, 22), (18, 30)]):
        m = services.enrol(study, users["midwife"], delivered_at=study.created_at - dt.timedelta(hours=80 + i),
                           parity=1, delivery_mode="spontaneous", consent=True, name=f"Ibu {i}", arm=arm)
        for day, vol in ((1, pre), (3, post)):
            services.save_visit(m, users["midwife"], services.VisitInput(
                day=day, visited_at=m.delivered_at + dt.timedelta(hours=24 * (day - 1) + 10), volume_ml=vol))
    assert sorted(Measurement.objects.values_list("category", flat=True)) == sorted(
        ["kurang lancar", "cukup lancar", "cukup lancar", "lancar", "cukup lancar", "lancar"])
    url = reverse("study_settings", args=[study.pk])
    r = clients["owner"].post(url, _form(clients["owner"], study, cutpoints_text="13; 20", reason="rujukan baru"))
    assert r.status_code == 302
    study.refresh_from_db()
    assert study.rule_version == 2
    # every stored category follows the new rule, each change audited under the reason
    for m in Measurement.objects.all():
        assert m.category == study.classify(float(m.volume_ml))
    recomputed = AuditEvent.objects.filter(entity="measurement", action="update")
    assert recomputed.count() == 1 and "rujukan baru" in recomputed.get().reason  # only 12 ml changes category
    frame = pd.read_csv(io.BytesIO(clients["owner"].get(reverse("export", args=[study.pk, "csv"])).content))
    rule = study.rule()
    assert list(frame["kelancaran_pre"]) == list(rule.classify(frame["volume_pre"]))
    assert list(frame["kelancaran_post"]) == list(rule.classify(frame["volume_post"]))
    assert set(frame["rule_version"]) == {2}
    analysis = analyse_study(study)
    assert analysis.n_rows == len(frame)


def test_visit_days_with_recorded_visits_cannot_be_dropped(clients, study, visit):
    r = clients["owner"].post(reverse("study_settings", args=[study.pk]),
                              _form(clients["owner"], study, visit_days_text="2, 3", reason="x"))
    assert r.status_code == 200 and "visit_days_text" in r.context["form"].errors


def test_allocation_is_locked_once_enrolment_starts(clients, study, mother):
    data = _form(clients["owner"], study, random_seed="999", allocation="block_randomisation",
                 block_sizes_text="4", stratify_by="parity", reason="coba ubah")
    r = clients["owner"].post(reverse("study_settings", args=[study.pk]), data)
    assert r.status_code == 302
    study.refresh_from_db()
    assert (study.random_seed, study.allocation, study.stratify_by) == (0, "total_sampling", "")


def test_membership_changes_are_audited_and_never_deleted(clients, study, users, mother):
    url = reverse("members", args=[study.pk])
    r = clients["owner"].post(url, {"username": "midwife", "role": "viewer"})
    assert r.status_code == 200 and "reason" in r.context["form"].errors  # data exist: a reason is required
    r = clients["owner"].post(url, {"username": "midwife", "role": "viewer", "reason": "pindah tugas"})
    assert r.status_code == 302
    event = AuditEvent.objects.get(entity="membership", action="update")
    assert event.changes["role"] == ["midwife", "viewer"] and event.reason == "pindah tugas"
    member = Membership.objects.get(study=study, user=users["midwife"])
    remove = reverse("member_remove", args=[study.pk, member.pk])
    clients["owner"].post(remove)  # no reason: refused
    assert Membership.objects.get(pk=member.pk).active
    clients["owner"].post(remove, {"reason": "selesai kontrak"})
    member.refresh_from_db()
    assert member.active is False  # kept, inactive
    assert AuditEvent.objects.get(entity="membership", action="deactivate").reason == "selesai kontrak"
    # a former member sees nothing of the study
    assert clients["midwife"].get(reverse("today", args=[study.pk])).status_code == 404
    # and can be brought back, audited
    clients["owner"].post(url, {"username": "midwife", "role": "midwife", "reason": "kembali bertugas"})
    member.refresh_from_db()
    assert member.active and member.role == "midwife"


def test_last_owner_cannot_leave(clients, study, users):
    owner = Membership.objects.get(study=study, user=users["owner"])
    clients["owner"].post(reverse("member_remove", args=[study.pk, owner.pk]))
    assert Membership.objects.get(pk=owner.pk).active


@pytest.mark.parametrize(("rule", "allowed"), [("anyone", {"owner", "midwife"}), ("staff", {"owner"}),
                                               ("midwife, someone", {"midwife"})])
def test_who_may_create_studies_is_a_setting(clients, users, settings, rule, allowed):
    settings.LAKTASI_STUDY_CREATORS = rule
    users["owner"].is_staff = True
    users["owner"].save()
    for who in ("owner", "midwife"):
        r = clients[who].get(reverse("study_new"))
        assert (r.status_code == 200) == (who in allowed), (who, r.status_code)
        assert (clients[who].get(reverse("study_upload")).status_code == 200) == (who in allowed)
        home = clients[who].get("/").content.decode()
        assert (reverse("study_new") in home) == (who in allowed)
    assert Study.objects.count() == 0
