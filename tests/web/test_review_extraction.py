"""Extraction (issue 11): the form template, two extractors with a comparison and a consensus, effect-size
data blocks with their validation, reported statistics through laktasi.audit, owner / reviewer / viewer /
outsider. The meta-analysis page and the exports: tests/web/test_review_extraction_meta.py."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from laktasi.web.accounts.models import Profile
from laktasi.web.review_extraction.models import (
    ConsensusValue,
    EffectBlock,
    Extraction,
    ExtractionField,
    ExtractionSettings,
    ReportedStatistic,
)
from laktasi.web.review_extraction.services import DEFAULT_FIELDS, audit_record, included_records, status_rows
from laktasi.web.reviews.models import (
    FULL_TEXT,
    OWNER,
    REVIEWER,
    TITLE_ABSTRACT,
    VIEWER,
    Review,
    ReviewEvent,
    ReviewMember,
    ReviewRecord,
    ScreeningDecision,
)
from tests.web.conftest import client_for


def speak(user, lang):
    Profile.objects.update_or_create(user=user, defaults={"language": lang})


def add_record(review, owner, rid, authors=("Supardi, A.",), year=2022, title="Pijat oksitosin dan volume ASI"):
    r = ReviewRecord(review=review, record_id=rid, title=title, authors=list(authors), year=year)
    r.save(by=owner)
    return r


def include(record, a, b, stages=(TITLE_ABSTRACT, FULL_TEXT), decision="include"):
    for stage in stages:
        for user in (a, b):
            ScreeningDecision(record=record, reviewer=user, stage=stage, decision=decision).save(by=user)


def make_people():
    User = get_user_model()
    return {n: User.objects.create_user(username=n, password="kata-sandi-uji-123")
            for n in ("xowner", "xrev1", "xrev2", "xviewer", "xoutsider")}


def make_review(people):
    """Review with an owner, two reviewers and a viewer; the outsider owns another review."""
    o = people["xowner"]
    r = Review(title="Tinjauan pijat oksitosin", owner=o)
    r.save(by=o)
    ReviewMember(review=r, user=o, role=OWNER).save(by=o)
    for name, role in (("xrev1", REVIEWER), ("xrev2", REVIEWER), ("xviewer", VIEWER)):
        ReviewMember(review=r, user=people[name], role=role).save(by=o)
    other = Review(title="Lain", owner=people["xoutsider"])
    other.save(by=people["xoutsider"])
    ReviewMember(review=other, user=people["xoutsider"], role=OWNER).save(by=people["xoutsider"])
    return r


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def review(people):
    return make_review(people)


@pytest.fixture
def studies(review, people):
    """Two records included at full text, one excluded at full text, one still at title/abstract."""
    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    inc1 = add_record(review, o, "r1", ("Supardi, A.",), 2022)
    inc2 = add_record(review, o, "r2", ("Ika, S.",), 2019)
    exc = add_record(review, o, "r3", ("Lain, B.",), 2020)
    add_record(review, o, "r4", ("Baru, C.",), 2024)
    include(inc1, a, b)
    include(inc2, a, b)
    include(exc, a, b, stages=(TITLE_ABSTRACT,))
    include(exc, a, b, stages=(FULL_TEXT,), decision="exclude")
    return inc1, inc2, exc


def test_included_studies_are_the_final_full_text_includes(review, studies):
    inc1, inc2, exc = studies
    assert [r.pk for r in included_records(review)] == [inc1.pk, inc2.pk]


def test_default_template_is_created_with_the_first_form(review, studies, people):
    inc1 = studies[0]
    assert not ExtractionField.objects.filter(review=review).exists()
    c = client_for(people["xrev1"])
    r = c.get(reverse("review_extraction_form", args=[review.pk, inc1.pk]))
    assert r.status_code == 200
    keys = list(ExtractionField.objects.filter(review=review).values_list("key", flat=True))
    assert keys == [k for k, *_ in DEFAULT_FIELDS]
    assert {"design", "country", "setting", "n_intervention", "n_control", "intervention", "comparator", "outcome",
            "timing"} <= set(keys)
    design = ExtractionField.objects.get(review=review, key="design")
    assert design.kind == "choice" and "RCT" in design.options and design.label_en == "Study design"
    assert ExtractionSettings.objects.get(review=review).extractors == 2
    # every field was an audited write
    assert ReviewEvent.objects.filter(review=review, entity="extractionfield", action="create").count() == len(keys)
    # the form shows the labels in the user's language
    assert "Desain penelitian" in r.content.decode()
    speak(people["xrev1"], "en")
    page = client_for(people["xrev1"]).get(reverse("review_extraction_form", args=[review.pk, inc1.pk])).content.decode()
    assert "Study design" in page and "Desain penelitian" not in page


def test_owner_edits_the_template_reviewer_cannot(review, studies, people):
    owner = client_for(people["xowner"])
    url = reverse("review_extraction_template", args=[review.pk])
    assert owner.get(url).status_code == 200
    r = owner.post(url, {"action": "field", "key": "allocation", "kind": "choice", "label_id": "Alokasi",
                         "label_en": "Allocation", "options": "acak\ntidak acak", "order": 5})
    assert r.status_code == 302
    f = ExtractionField.objects.get(review=review, key="allocation")
    assert f.options == ["acak", "tidak acak"] and f.label("id") == "Alokasi" and f.label("en") == "Allocation"
    # a choice needs options; a key must be a slug
    r = owner.post(url, {"action": "field", "key": "x", "kind": "choice", "label_id": "X", "label_en": "X",
                         "options": "", "order": 1})
    assert r.status_code == 200 and not ExtractionField.objects.filter(review=review, key="x").exists()
    r = owner.post(url, {"action": "field", "key": "Bad key!", "kind": "text", "label_id": "X", "label_en": "X",
                         "order": 1})
    assert r.status_code == 200 and "Bad key!" not in ExtractionField.objects.values_list("key", flat=True)
    # stop using a field: kept, inactive, audited
    owner.post(url, {"action": "off", "field": f.pk})
    f.refresh_from_db()
    assert f.active is False
    assert ReviewEvent.objects.filter(entity="extractionfield", object_id=str(f.pk), action="update").exists()
    owner.post(url, {"action": "settings", "extractors": 1})
    assert ExtractionSettings.objects.get(review=review).extractors == 1
    assert client_for(people["xrev1"]).get(url).status_code == 403
    assert client_for(people["xviewer"]).get(url).status_code == 403
    assert client_for(people["xoutsider"]).get(url).status_code == 404


def _fill(client, review, record, **values):
    return client.post(reverse("review_extraction_form", args=[review.pk, record.pk]), values)


def test_two_extractors_compare_and_a_consensus_is_recorded(review, studies, people):
    inc1 = studies[0]
    a, b = client_for(people["xrev1"]), client_for(people["xrev2"])
    base = {"design": "RCT", "country": "Indonesia", "n_intervention": "15", "n_control": "15",
            "intervention": "pijat-oks-A"}
    assert _fill(a, review, inc1, **base).status_code == 302
    # before the second extractor: no comparison yet (she cannot see the first one's answers)
    page = b.get(reverse("review_extraction_compare", args=[review.pk, inc1.pk])).content.decode()
    assert "pijat-oks-A" not in page
    form_b = b.get(reverse("review_extraction_form", args=[review.pk, inc1.pk])).content.decode()
    assert "pijat-oks-A" not in form_b
    # a number is checked; 15,0 equals 15
    r = _fill(b, review, inc1, **{**base, "n_control": "lima belas"})
    assert r.status_code == 200 and not Extraction.objects.filter(record=inc1, extractor=people["xrev2"]).exists()
    assert _fill(b, review, inc1, **{**base, "n_control": "15,0", "design": "kuasi-eksperimen dua kelompok",
                                     "country": "indonesia "}).status_code == 302
    # a third extractor is refused: the study has its two
    assert _fill(client_for(people["xowner"]), review, inc1, **base).status_code == 200
    assert Extraction.objects.filter(record=inc1).count() == 2
    # blind: both saved, neither done — Compare stays closed, each still sees only her own answers
    for client in (a, b):
        page = client.get(reverse("review_extraction_compare", args=[review.pk, inc1.pk]))
        assert page.context["comparison"] == [] and "kuasi-eksperimen" not in page.content.decode().split("compare-closed")[1]
    assert a.get(reverse("review_extraction_form", args=[review.pk, inc1.pk])).context["form"].initial["design"] == "RCT"
    assert _fill(a, review, inc1, **base, done="1").status_code == 302  # a marks hers done
    assert a.get(reverse("review_extraction_compare", args=[review.pk, inc1.pk])).context["comparison"] == []
    assert _fill(a, review, inc1, **{**base, "country": "Malaysia"}).status_code == 302  # locked: refused
    assert Extraction.objects.get(record=inc1, extractor=people["xrev1"]).values["country"] == "Indonesia"
    assert _fill(b, review, inc1, **{**base, "n_control": "15,0", "design": "kuasi-eksperimen dua kelompok",
                                     "country": "indonesia "}, done="1").status_code == 302
    page = a.get(reverse("review_extraction_compare", args=[review.pk, inc1.pk]))
    rows = {c.field.key: c for c, _label, _answers in page.context["comparison"]}
    assert rows["design"].differ and rows["design"].final is None
    assert not rows["n_control"].differ and not rows["country"].differ  # same number, same word
    assert rows["n_control"].final == "15"
    field = ExtractionField.objects.get(review=review, key="design")
    r = a.post(reverse("review_extraction_compare", args=[review.pk, inc1.pk]),
               {"field": field.pk, "value": "kuasi-eksperimen dua kelompok", "reason": "Metode hlm. 3: tanpa acak"})
    assert r.status_code == 302
    cv = ConsensusValue.objects.get(record=inc1, field=field)
    assert cv.decided_by == people["xrev1"] and cv.reason.startswith("Metode")
    ev = ReviewEvent.objects.get(entity="consensusvalue", object_id=str(cv.pk))
    assert ev.reason == "Metode hlm. 3: tanpa acak" and ev.user == people["xrev1"]
    page = a.get(reverse("review_extraction_compare", args=[review.pk, inc1.pk]))
    assert {c.field.key: c for c, _, _answers in page.context["comparison"]}["design"].final == "kuasi-eksperimen dua kelompok"
    # a consensus needs a reason
    a.post(reverse("review_extraction_compare", args=[review.pk, inc1.pk]), {"field": field.pk, "value": "RCT"})
    cv.refresh_from_db()
    assert cv.value == "kuasi-eksperimen dua kelompok"
    status = {s.record.pk: s for s in status_rows(review, "en")}
    assert status[inc1.pk].done == 2 and status[inc1.pk].open_differences == 0


def test_pages_of_a_study_not_included_are_404_and_roles_hold(review, studies, people):
    inc1, _inc2, exc = studies
    for name in ("review_extraction_form", "review_extraction_compare", "review_extraction_data"):
        assert client_for(people["xrev1"]).get(reverse(name, args=[review.pk, exc.pk])).status_code == 404
        assert client_for(people["xrev1"]).get(reverse(name, args=[review.pk, inc1.pk])).status_code == 200
        assert client_for(people["xviewer"]).get(reverse(name, args=[review.pk, inc1.pk])).status_code == 403
        assert client_for(people["xoutsider"]).get(reverse(name, args=[review.pk, inc1.pk])).status_code == 404
    # the viewer sees the included studies, without the links to edit
    page = client_for(people["xviewer"]).get(reverse("review_extraction", args=[review.pk])).content.decode()
    assert "Supardi 2022" in page and reverse("review_extraction_form", args=[review.pk, inc1.pk]) not in page
    assert "Lain 2020" not in page


def _block(client, review, record, **values):
    return client.post(reverse("review_extraction_data", args=[review.pk, record.pk]), {"action": "block", **values})


@pytest.mark.parametrize("lang, texts", [
    ("en", ["“SD, control” must be above 0", "“events, intervention” (12) exceeds “n, intervention” (10)",
            "the 95% CI must contain the estimate"]),
    ("id", ["“SD, kontrol” harus lebih dari 0", "“kejadian, intervensi” (12) melebihi “n, intervensi” (10)",
            "IK 95% harus memuat nilai estimasi"]),
])
def test_blocks_are_validated_with_clear_messages(review, studies, people, lang, texts):
    inc1 = studies[0]
    speak(people["xrev1"], lang)
    c = client_for(people["xrev1"])
    bad = [
        {"outcome": "volume", "kind": "mean_sd", "mean_t": "20", "sd_t": "5", "n_t": "15", "mean_c": "12",
         "sd_c": "0", "n_c": "15"},
        {"outcome": "lancar", "kind": "two_by_two", "events_t": "12", "n_t": "10", "events_c": "3", "n_c": "10"},
        {"outcome": "volume", "kind": "effect_ci", "measure": "MD", "estimate": "5", "ci_low": "6", "ci_high": "9"},
    ]
    for values, text in zip(bad, texts, strict=True):
        r = _block(c, review, inc1, **values)
        assert r.status_code == 200
        assert text in r.content.decode(), text
        assert not re.search(r"\b(events|sd|n)_[tc]\b", str(r.context["block_form"].non_field_errors()))
    assert not EffectBlock.objects.filter(review=review).exists()


def test_a_block_is_saved_edited_and_removed_audited(review, studies, people):
    inc1 = studies[0]
    c = client_for(people["xrev1"])
    values = {"outcome": "volume ASI", "kind": "mean_sd", "mean_t": "25,5", "sd_t": "6", "n_t": "15",
              "mean_c": "18", "sd_c": "5", "n_c": "15", "note": "Tabel 3"}
    assert _block(c, review, inc1, **values).status_code == 302
    b = EffectBlock.objects.get(review=review, record=inc1)
    assert b.values == {"mean_t": 25.5, "sd_t": 6.0, "n_t": 15.0, "mean_c": 18.0, "sd_c": 5.0, "n_c": 15.0}
    assert b.label == "Supardi 2022" and not b.own_study
    # the same outcome again updates the block (one per study and outcome)
    _block(c, review, inc1, **{**values, "mean_t": "26"})
    assert EffectBlock.objects.filter(review=review, record=inc1, active=True).count() == 1
    b.refresh_from_db()
    assert b.values["mean_t"] == 26.0
    assert ReviewEvent.objects.filter(entity="effectblock", object_id=str(b.pk)).count() == 2
    # a one-group pre/post block leaves the control arm empty; a half-filled control arm is refused
    pre = {"outcome": "volume ASI (pre/post)", "kind": "prepost", "mean_pre_t": "10", "sd_pre_t": "3",
           "mean_post_t": "20", "sd_post_t": "4", "n_t": "12", "r_t": "0,5"}
    assert _block(c, review, inc1, **pre).status_code == 302
    r = _block(c, review, inc1, **{**pre, "outcome": "x", "n_c": "10"})
    assert r.status_code == 200 and "kelompok kontrol memerlukan keenam nilai" in r.content.decode()
    c.post(reverse("review_extraction_data", args=[review.pk, inc1.pk]),
           {"action": "block_off", "pk": b.pk, "confirm": "1", "reason": "angka dari tabel yang salah"})
    b.refresh_from_db()
    assert b.active is False  # kept, never deleted
    assert client_for(people["xviewer"]).post(
        reverse("review_extraction_data", args=[review.pk, inc1.pk]), {"action": "block", **values}).status_code == 403


def test_reported_statistics_are_audited_and_flagged(review, studies, people, tmp_path, capsys):
    inc1, inc2, _ = studies
    c = client_for(people["xrev1"])
    url = reverse("review_extraction_data", args=[review.pk, inc1.pk])
    # the seed paper's Table 4.7: 4 of 5 mothers printed as 75% (laktasi audit: impossible)
    assert c.post(url, {"action": "statistic", "label": "Tabel 4.7", "kind": "percentage", "n": "5",
                        "percent": "75"}).status_code == 302
    # McNemar-free checks: t(28) = 2.05, p = .049 is consistent; a GRIM-impossible mean
    assert c.post(url, {"action": "statistic", "label": "Hasil", "kind": "t", "statistic": "2,05", "df": "28",
                        "reported_p": "0,049"}).status_code == 302
    assert c.post(url, {"action": "statistic", "label": "Tabel 2", "kind": "mean", "n": "10",
                        "mean": "3,47"}).status_code == 302
    # a claim laktasi audit refuses is refused here with its reason
    r = c.post(url, {"action": "statistic", "label": "x", "kind": "percentage", "n": "5", "percent": "40",
                     "count": "7"})
    assert r.status_code == 200 and ReportedStatistic.objects.filter(record=inc1).count() == 3
    from laktasi.audit import audit_claims

    expected = audit_claims([{"id": "a", "kind": "percentage", "n": 5, "percent": "75"},
                             {"id": "b", "kind": "t", "statistic": "2,05", "df": "28", "reported_p": "0,049"},
                             {"id": "c", "kind": "mean", "n": 10, "mean": "3,47"}])
    assert [e.verdict for e in expected] == ["impossible", "consistent", "impossible"]
    page = c.get(url)
    assert [e.verdict for _s, e, _t, _v in page.context["audited"]] == [e.verdict for e in expected]
    assert [t for _s, _e, t, _v in page.context["audited"]] == [e.text.en for e in expected] or \
        [t for _s, _e, t, _v in page.context["audited"]] == [e.text.id for e in expected]
    status = {s.record.pk: s for s in status_rows(review, "en")}
    assert [e.check for e in status[inc1.pk].flags] == ["percentage", "mean"]
    assert status[inc2.pk].flags == () and status[inc2.pk].audited == 0
    table = client_for(people["xviewer"]).get(reverse("review_extraction", args=[review.pk])).content.decode()
    assert "GRIM %" in table and "GRIM:" in table
    # a mean with its SD: GRIMMER (rsprite2's example 3.44 ± 2.46, n = 18: no whole numbers give it)
    assert c.post(reverse("review_extraction_data", args=[review.pk, inc2.pk]),
                  {"action": "statistic", "label": "Tabel 1", "kind": "mean_sd", "n": "18", "mean": "3,44",
                   "sd": "2,46"}).status_code == 302
    status = {s.record.pk: s for s in status_rows(review, "en")}
    assert [e.details[0].check for e in status[inc2.pk].flags] == ["grimmer"]
    table = client_for(people["xviewer"]).get(reverse("review_extraction", args=[review.pk])).content.decode()
    assert "GRIMMER:" in table
    # the claims file: `laktasi audit` (the CLI function) gives the same verdicts as the pages
    export = client_for(people["xviewer"]).get(reverse("review_extraction_export", args=[review.pk, "claims-yaml"]))
    assert export.status_code == 200
    path = tmp_path / "claims.yaml"
    path.write_bytes(export.content)
    capsys.readouterr()
    from laktasi.cli import main as laktasi_main

    assert laktasi_main(["audit", str(path), "--json"]) == 0
    cli = {e["id"]: e["verdict"] for e in json.loads(capsys.readouterr().out)}
    page = {e.id: e.verdict for r in (inc1, inc2) for e in audit_record(r)}
    assert cli == page and len(cli) == 4
    assert "Supardi 2022, Tabel 4.7 #" in next(iter(cli))


def test_study_labels_docstring_examples():
    import doctest

    from laktasi.web.review_extraction import services

    result = doctest.testmod(services)
    assert result.attempted > 0 and result.failed == 0


def test_a_second_member_checks_the_numbers(review, studies, people):
    inc1 = studies[0]
    a, b = client_for(people["xrev1"]), client_for(people["xrev2"])
    url = reverse("review_extraction_data", args=[review.pk, inc1.pk])
    values = {"outcome": "volume ASI", "kind": "two_by_two", "events_t": "12", "n_t": "15", "events_c": "5",
              "n_c": "15"}
    _block(a, review, inc1, **values)
    block = EffectBlock.objects.get(review=review, record=inc1)
    assert block.entered_by == people["xrev1"] and block.verified_by is None
    assert [s.unchecked for s in status_rows(review, "en") if s.record == inc1] == [1]
    # the one who typed them cannot check her own numbers
    a.post(url, {"action": "verify", "pk": block.pk})
    block.refresh_from_db()
    assert block.verified_by is None
    assert "I checked these numbers" not in a.get(url).content.decode()
    assert "Saya sudah mencocokkan" in b.get(url).content.decode()
    b.post(url, {"action": "verify", "pk": block.pk})
    block.refresh_from_db()
    assert block.verified_by == people["xrev2"]
    ev = ReviewEvent.objects.filter(entity="effectblock", object_id=str(block.pk)).first()
    assert ev.reason == "checked against the paper" and ev.user == people["xrev2"]
    # the same numbers again keep the check; changed numbers need a new one, from someone else
    _block(b, review, inc1, **{**values, "note": "Tabel 2"})
    block.refresh_from_db()
    assert block.verified_by == people["xrev2"] and block.note == "Tabel 2"
    _block(b, review, inc1, **{**values, "events_c": "6"})
    block.refresh_from_db()
    assert block.verified_by is None and block.entered_by == people["xrev2"]
    assert client_for(people["xviewer"]).post(url, {"action": "verify", "pk": block.pk}).status_code == 403
