"""A new study from an uploaded YAML design file: the round trip, and every problem with its line."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laktasi.trial.design import load_design
from laktasi.web.accounts.models import Profile
from laktasi.web.studies.models import Membership, Study
from laktasi.web.studies.services import create_study, design_yaml

pytestmark = pytest.mark.django_db

FORM = {"name": "Studi dari berkas", "planned_n": "24", "time_zone": "Asia/Makassar", "allocation": "total_sampling",
        "stratify_by": "", "random_seed": "0", "id_prefix": "Q", "arms_text": "intervensi, kontrol",
        "visit_days_text": "1, 3", "block_sizes_text": ""}


def _upload(client: Client, content: bytes, **change: str):
    return client.post(reverse("study_upload"), {**FORM, **change,
                                                 "design_file": SimpleUploadedFile("desain.yaml", content)})


def _body(study: Study) -> str:
    return design_yaml(study).split("\n", 3)[3]  # without the three comment lines naming the study


@pytest.mark.parametrize("design, arms, reference, cuts", [
    ("quasi_two_arm", [("intervensi", False, 10), ("kontrol", True, 10)], "kontrol", [10.0, 20.0]),
    ("rct", [("pijat", False, 10), ("standar", True, 10)], "standar", [12.5, 25.0]),
    ("one_group", [("pijat", True, 20)], "pijat", [10.0, 20.0]),
])
def test_download_then_upload_gives_the_same_design(clients, users, tmp_path, design, arms, reference, cuts):
    source = create_study(users["owner"], arms=arms, name="Sumber", design=design, planned_n=20, visit_days=[1, 3],
                          classification_cutpoints=cuts)
    content = clients["owner"].get(reverse("design_file", args=[source.pk])).content
    r = _upload(clients["outsider"], content, arms_text=", ".join(a[0] for a in arms))
    assert r.status_code == 302, r.context["form"].errors
    new = Study.objects.get(name="Studi dari berkas")
    assert r["Location"] == reverse("study_settings", args=[new.pk])
    assert Membership.objects.get(study=new).user == users["outsider"]
    assert (new.design, new.reference_arm.name, new.classification_cutpoints) == (design, reference, cuts)
    assert (new.time_zone, new.visit_days, new.id_prefix) == ("Asia/Makassar", [1, 3], "Q")
    assert _body(new) == _body(source)
    (tmp_path / "a.yaml").write_bytes(content)
    (tmp_path / "b.yaml").write_text(design_yaml(new), encoding="utf-8")
    a, b = load_design(tmp_path / "a.yaml"), load_design(tmp_path / "b.yaml")
    assert (a.outcomes, a.rules, a.reference_arm, a.design_label) == (b.outcomes, b.rules, b.reference_arm,
                                                                        b.design_label)


def test_a_file_written_by_hand_for_laktasi_analyze(clients):
    content = b"""# ditulis untuk laktasi analyze
id: no_responden
arm: {column: kelompok, reference: kontrol}
design_label: randomised controlled trial
outcomes:
  volume_asi: {pre: vol_sebelum, post: vol_sesudah, unit: cc, hours_postpartum: {pre: 10, post: 60}}
classification:
  kelancaran_volume: {from: volume_asi, levels: [tidak lancar, lancar], cutpoints: [15]}
"""
    r = _upload(clients["owner"], content)
    assert r.status_code == 302, r.context["form"].errors
    s = Study.objects.get(name="Studi dari berkas")
    assert (s.design, s.reference_arm.name) == ("rct", "kontrol")
    assert (s.classification_levels, s.classification_cutpoints) == (["tidak lancar", "lancar"], [15.0])


def test_without_a_rule_the_default_rule_is_used_and_said(clients):
    content = b"arm: {column: arm, reference: kontrol}\ndesign_label: two-arm quasi-experiment\n" \
              b"outcomes:\n  volume: {pre: a, post: b}\n"
    r = _upload(clients["owner"], content)
    assert r.status_code == 302
    s = Study.objects.get(name="Studi dari berkas")
    assert s.classification_cutpoints == [10.0, 20.0]
    page = clients["owner"].get(r["Location"]).content.decode()
    assert "aturan bawaan" in page or "default rule" in page


def _problems(response) -> list[str]:
    assert response.status_code == 200
    return [str(e) for e in response.context["form"].errors["design_file"]]


def test_every_problem_of_the_file_is_listed_with_its_line_and_nothing_is_created(clients, users):
    Profile.objects.create(user=users["owner"], language="en")
    content = b"""id: id
arm: {column: arm, reference: kontrol}
outcomes:
  volume:
    pre: a
    post: b
    kind: numerik
classification:
  kel: {from: vol, levels: [a, b], cutpoints: [1]}
warna: biru
"""
    problems = _problems(_upload(clients["owner"], content))
    # what laktasi analyze would say and what the app needs (design_label), in one round, by line
    assert len(problems) == 4
    assert problems[0].startswith("line 7, outcomes.volume.kind = 'numerik': kind must be one of")
    assert problems[1].startswith("line 9, classification.kel.from = 'vol':")
    assert problems[2].startswith("line 10, warna = 'warna': unknown key")
    assert problems[3].startswith("design_label: name the design")
    assert not Study.objects.filter(name="Studi dari berkas").exists()


def test_what_the_app_cannot_hold_is_a_problem_too(clients, users):
    Profile.objects.create(user=users["owner"], language="en")
    content = b"""arm: {column: kelompok, reference: plasebo}
outcomes:
  volume: {pre: v1, post: v2, tests: {within: wilcoxon_signed_rank}}
  kelancaran: {pre: k1, post: k2, levels: [kurang lancar, cukup lancar, lancar]}
covariates: [paritas]
"""
    problems = _problems(_upload(clients["owner"], content))
    lines = {p.split(",")[0] for p in problems}
    assert any(p.startswith("line 1, design_label:") or p.startswith("design_label") for p in problems)
    assert any("outcomes" in p and "one outcome" in p for p in problems)
    assert any(p.startswith("line 3, outcomes.volume.tests.within = 'wilcoxon_signed_rank'") for p in problems)
    assert any(p.startswith("line 5, covariates") for p in problems)
    assert "line 3" in lines and "line 5" in lines
    assert not Study.objects.filter(name="Studi dari berkas").exists()


def test_the_apps_problems_come_with_the_files_own(clients, users):
    Profile.objects.create(user=users["owner"], language="en")
    content = b"""arm: {column: arm, reference: plasebo}
design_label: rct
outcomes:
  volume: {pre: a, post: b, kind: numerik}
covariates: [paritas]
"""
    problems = _problems(_upload(clients["owner"], content))
    assert [p.split(":")[0] for p in problems] == ["line 1, arm.reference = 'plasebo'",
                                                   "line 4, outcomes.volume.kind = 'numerik'", "line 5, covariates"]


def test_reference_arm_must_be_one_of_the_arms_typed(clients, users):
    Profile.objects.create(user=users["owner"], language="en")
    content = b"arm: {column: arm, reference: plasebo}\ndesign_label: rct\noutcomes:\n  volume: {pre: a, post: b}\n"
    problems = _problems(_upload(clients["owner"], content))
    assert problems == ["line 1, arm.reference = 'plasebo': the reference arm is not one of the study's arms "
                        "['intervensi', 'kontrol']"]


@pytest.mark.parametrize("content, expected", [
    (b"id: id\narm: {column: arm\n", "baris 3: bukan YAML yang sah"),   # YAML syntax: the parser's line
    (b"\xff\xfeid: id\n", "bukan teks UTF-8"),
    (b"a: &x [1, 2]\nb: *x\n", "baris 2: anchor dan alias YAML"),
    (b"- id\n- arm\n", "berkas desain berupa pemetaan YAML"),
    (b"# " + b"x" * 200_000 + b"\n", "lebih dari 100000 byte"),
])
def test_unreadable_files_are_refused_in_indonesian_by_default(clients, content, expected):
    problems = _problems(_upload(clients["owner"], content))
    assert len(problems) == 1 and expected in problems[0]
    assert not Study.objects.filter(name="Studi dari berkas").exists()


def test_form_checks_still_apply(clients):
    content = b"arm: {column: arm, reference: kontrol}\ndesign_label: one-group pre/post\n" \
              b"outcomes:\n  volume: {pre: a, post: b}\n"
    r = _upload(clients["owner"], content, visit_days_text="3, 1")
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert "visit_days_text" in errors and "arms_text" in errors  # one group with two arms typed
    assert not Study.objects.filter(name="Studi dari berkas").exists()


def test_the_upload_page_needs_a_login_and_is_linked(clients):
    assert Client().get(reverse("study_upload")).status_code == 302
    assert reverse("study_upload") in clients["midwife"].get(reverse("home")).content.decode()
    assert clients["midwife"].get(reverse("study_upload")).status_code == 200


def test_hours_postpartum_must_fall_on_the_first_and_last_visit_day(clients, users):
    Profile.objects.create(user=users["owner"], language="en")
    content = b"""arm: {column: arm, reference: kontrol}
design_label: rct
outcomes:
  volume:
    pre: a
    post: b
    hours_postpartum: {pre: 10, post: 100}
"""
    problems = _problems(_upload(clients["owner"], content, visit_days_text="1, 3"))
    assert problems == ["line 7, outcomes.volume.hours_postpartum.post = 100.0: 100 h postpartum is not on the "
                        "visit day 3 of the schedule (48–72 h)"]
