"""Creating a study, the checklist preset, members, and the design file round-trip."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from laktasi.data import checklist_pijat_oksitosin
from laktasi.trial.design import load_design
from laktasi.web.studies.models import Membership, Study
from laktasi.web.studies.services import study_design

pytestmark = pytest.mark.django_db

FORM = {"name": "Studi baru", "design": "quasi_two_arm", "planned_n": "30", "time_zone": "Asia/Makassar",
        "allocation": "total_sampling", "stratify_by": "", "random_seed": "0", "id_prefix": "PK",
        "arms_text": "intervensi, kontrol", "reference_text": "kontrol", "visit_days_text": "1, 2, 3",
        "block_sizes_text": "", "levels_text": "kurang lancar; cukup lancar; lancar", "cutpoints_text": "10; 20"}


def test_create_study_copies_the_checklist_preset(clients, users):
    r = clients["outsider"].post(reverse("study_new"), FORM)
    assert r.status_code == 302
    s = Study.objects.get(name="Studi baru")
    assert Membership.objects.get(study=s).user == users["outsider"]
    assert Membership.objects.get(study=s).role == "owner"
    preset = checklist_pijat_oksitosin()["items"]
    assert [i.text_id for i in s.checklist.all()] == [i["id"] for i in preset]
    assert [a.name for a in s.arms.all()] == ["intervensi", "kontrol"]
    assert s.reference_arm.name == "kontrol" and s.visit_days == [1, 2, 3] and s.time_zone == "Asia/Makassar"
    assert [a.target_n for a in s.arms.all()] == [15, 15]


@pytest.mark.parametrize("change, field", [
    ({"cutpoints_text": "10"}, "cutpoints_text"),           # 3 levels need 2 cut-points
    ({"cutpoints_text": "20; 10"}, "cutpoints_text"),       # not increasing
    ({"design": "one_group"}, "arms_text"),                 # one group has one arm
    ({"reference_text": "plasebo"}, "reference_text"),
    ({"visit_days_text": "3, 1"}, "visit_days_text"),
    ({"allocation": "block_randomisation", "block_sizes_text": "3"}, "block_sizes_text"),
])
def test_invalid_designs_are_refused(clients, change, field):
    r = clients["owner"].post(reverse("study_new"), {**FORM, **change})
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert not Study.objects.filter(name="Studi baru").exists()


def test_checklist_is_editable_per_study(clients, study):
    item = study.checklist.first()
    formset = clients["owner"].get(reverse("checklist", args=[study.pk])).context["formset"]
    data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
    n = study.checklist.count()
    data.update({"form-TOTAL_FORMS": str(n), "form-INITIAL_FORMS": str(n)})
    for i, f in enumerate(formset.forms):
        inst = f.instance
        if inst.pk:
            data.update({f"form-{i}-id": str(inst.pk), f"form-{i}-order": str(inst.order),
                         f"form-{i}-text_id": inst.text_id, f"form-{i}-text_en": inst.text_en,
                         f"form-{i}-source": inst.source, f"form-{i}-active": "on"})
            if inst.records_minutes:
                data[f"form-{i}-records_minutes"] = "on"
    data["form-0-text_id"] = "Skrining kontraindikasi (versi studi)"
    assert clients["owner"].post(reverse("checklist", args=[study.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.text_id == "Skrining kontraindikasi (versi studi)"


def test_owner_adds_a_midwife(clients, study):
    r = clients["owner"].post(reverse("members", args=[study.pk]),
                              {"username": "bidan2", "role": "midwife", "password": "Bidan-Kuat-2026"})
    assert r.status_code == 302
    user = get_user_model().objects.get(username="bidan2")
    assert Membership.objects.get(study=study, user=user).role == "midwife"
    r = clients["owner"].post(reverse("members", args=[study.pk]),
                              {"username": "bidan3", "role": "midwife", "password": "12345678"})
    assert r.status_code == 200 and not get_user_model().objects.filter(username="bidan3").exists()


def test_design_file_round_trips(clients, study, tmp_path):
    r = clients["midwife"].get(reverse("design_file", args=[study.pk]))
    path = tmp_path / "design.yaml"
    path.write_bytes(r.content)
    loaded = load_design(path)
    built = study_design(study)
    assert loaded.reference_arm == "kontrol"
    assert loaded.outcomes == built.outcomes and loaded.rules == built.rules
    assert (loaded.id_column, loaded.arm_column, loaded.design_label) == (built.id_column, built.arm_column,
                                                                          built.design_label)
    assert loaded.rules[0].cutpoints == (10.0, 20.0)


def test_design_edit_keeps_arms_fixed_once_mothers_are_enrolled(clients, study, mother):
    url = reverse("study_settings", args=[study.pk])
    form = clients["owner"].get(url).context["form"]
    assert form.fields["arms_text"].disabled and form.fields["allocation"].disabled
    data = {**FORM, "name": "Studi A (revisi)", "arms_text": "x, y", "reference_text": "y",
            "visit_days_text": "1, 2, 3", "reason": "hari ke-2 ditambahkan"}
    r = clients["owner"].post(url, data)
    assert r.status_code == 302
    study.refresh_from_db()
    assert study.name == "Studi A (revisi)" and study.visit_days == [1, 2, 3]
    assert [a.name for a in study.arms.all()] == ["intervensi", "kontrol"]  # the posted arms were ignored
    assert clients["midwife"].post(url, data).status_code == 403
