"""Regression tests for the documentation pass's findings on the extraction & synthesis app (issue 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from laktasi.web.review_extraction.models import EffectBlock
from tests.web.conftest import client_for
from tests.web.test_review_extraction import make_people, make_review, speak
from tests.web.test_review_extraction_meta import included


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def review(people):
    return make_review(people)


def mean_sd(rv, user, rec, label, outcome="asi", **v):
    values = {"mean_t": 10.0, "sd_t": 2.0, "n_t": 20, "mean_c": 8.0, "sd_c": 2.5, "n_c": 21} | v
    row = EffectBlock(review=rv, record=rec, label=label, outcome=outcome, kind="mean_sd", values=values,
                      entered_by=user)
    row.save(by=user)
    return row


def two_by_two(rv, user, rec, label, outcome="asi"):
    row = EffectBlock(review=rv, record=rec, label=label, outcome=outcome, kind="two_by_two",
                      values={"events_t": 15, "n_t": 20, "events_c": 9, "n_c": 21}, entered_by=user)
    row.save(by=user)
    return row


def test_mixed_block_kinds_offer_the_measures_and_say_who_is_left_out(review, people):
    """One outcome with a 2×2 block and two mean/SD blocks: the measures some blocks can give are offered,
    the default is the one most studies give (MD), and the 2×2 study is named under "Left out" with why."""
    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    r1, r2, r3 = (included(review, o, a, b, f"m{i}", name, 2020 + i) for i, name in enumerate(("Ani", "Budi", "Cici")))
    mean_sd(review, a, r1, "Ani 2020")
    mean_sd(review, a, r2, "Budi 2021", mean_t=11.0)
    two_by_two(review, a, r3, "Cici 2022")
    speak(a, "en")
    c = client_for(a)
    page = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "asi"})
    assert page.status_code == 200
    choices = page.context["c"]
    assert choices["measure"] == "MD"
    assert choices["measures"][:3] == ["MD", "SMD", "ROM"] and {"RR", "OR", "RD"} <= set(choices["measures"])
    run = page.context["run"]
    assert run.analysis is not None and run.analysis.pooled.k == 2
    (label, why), = page.context["excluded"]
    assert label == "Cici 2022" and "2×2" in why and "cannot give MD" in why and "RR" in why
    html = page.content.decode()
    assert "Left out of this analysis" in html and "Cici 2022" in html
    # RR chosen: the 2×2 study is pooled, the two mean/SD studies are left out with the reason
    rr = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "asi", "measure": "RR"})
    assert [x[0] for x in rr.context["excluded"]] == ["Ani 2020", "Budi 2021"]
    assert "<option selected>RR</option>" in rr.content.decode()
    speak(a, "id")
    page = client_for(a).get(reverse("review_meta", args=[review.pk]), {"outcome": "asi"})
    assert "tidak dapat menghasilkan MD" in page.context["excluded"][0][1]


def _fields(review, owner):
    from laktasi.web.review_extraction.models import ExtractionField

    c = client_for(owner)
    url = reverse("review_extraction_template", args=[review.pk])
    c.get(url)  # the default template first
    c.post(url, {"action": "field", "key": "dose", "kind": "number", "label_id": "Dosis (menit)",
                 "label_en": "Dose (minutes)", "order": 1})
    c.post(url, {"action": "field", "key": "place", "kind": "choice", "label_id": "Tempat", "label_en": "Place",
                 "options": "rumah\npuskesmas", "order": 2})
    assert ExtractionField.objects.filter(review=review, key__in=["dose", "place"]).count() == 2


def test_moderator_and_subgroup_leave_out_studies_without_a_value(review, people):
    """The team's own study (no extraction form) and a study not yet extracted are left out of the
    meta-regression and of the field subgroups, by name and with the reason; the rest are analysed."""
    from laktasi.web.review_extraction.models import Extraction
    from laktasi.web.studies.models import RESEARCHER, Membership
    from laktasi.web.visits.demo import create_demo

    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    _fields(review, o)
    doses = (10, 20, 30, 40)
    for i, dose in enumerate(doses):
        rec = included(review, o, a, b, f"d{i}", f"Penulis{i}", 2010 + i)
        mean_sd(review, a, rec, f"Penulis{i} {2010 + i}", mean_t=9.0 + i * 0.7, sd_t=2.0 + 0.1 * i)
        for user in (a, b):
            Extraction(record=rec, extractor=user, values={"dose": str(dose), "place": ("rumah", "puskesmas")[i % 2]},
                       done=True).save(by=user)
    late = included(review, o, a, b, "late", "Lambat", 2024)
    mean_sd(review, a, late, "Lambat 2024")
    study, _logins = create_demo(n_per_arm=8, pending=0)
    Membership.objects.create(study=study, user=a, role=RESEARCHER)
    speak(a, "en")
    c = client_for(a)
    assert c.post(reverse("review_extraction_own", args=[review.pk]),
                  {"study": study.pk, "outcome": "asi", "basis": "change"}).status_code == 302
    own_label = EffectBlock.objects.get(review=review, study=study).label
    url = reverse("review_meta", args=[review.pk])
    page = c.get(url, {"outcome": "asi", "measure": "MD", "moderator": "dose"})
    run = page.context["run"]
    assert run.problems == () and run.analysis is not None and run.analysis.regression is not None
    assert run.analysis.pooled.k == 4
    out = dict(page.context["excluded"])
    assert set(out) == {own_label, "Lambat 2024"}
    assert "own study has no extraction form" in out[own_label] and "meta-regression" in out[own_label]
    assert "not extracted" in out["Lambat 2024"] and "Dose (minutes)" in out["Lambat 2024"]
    assert any("Lambat 2024" in n and own_label in n for n in page.context["notes"])
    assert "missing moderator value" not in page.content.decode()
    # subgroups by a field: the two without a value are left out, not put in a "not extracted" group
    page = c.get(url, {"outcome": "asi", "measure": "MD", "subgroup": "place"})
    an = page.context["run"].analysis
    assert sorted(g.name for g in an.subgroups) == ["puskesmas", "rumah"] and an.pooled.k == 4
    assert set(dict(page.context["excluded"])) == {own_label, "Lambat 2024"}
    # fewer than two studies with a value: refused, naming the studies without one
    for e in Extraction.objects.filter(record__record_id__in=["d1", "d2", "d3"]):
        e.values = {"place": "rumah"}
        e.save(by=e.extractor)
    speak(a, "id")
    page = client_for(a).get(url, {"outcome": "asi", "measure": "MD", "moderator": "dose"})
    (problem,) = page.context["problems"]
    assert "meta-regresi memerlukan sedikitnya 2 studi" in problem
    assert all(name in problem for name in ("Penulis1 2011", "Penulis3 2013", "Lambat 2024", own_label))


def test_counts_are_whole_numbers_on_the_page_and_in_the_meta_csv(review, people):
    """n and events entered as "22" show as 22 (not 22,0) and the meta CSV has n_t = 20 (not 20.0)."""
    import io

    import pandas as pd

    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    recs = [included(review, o, a, b, f"c{i}", name, 2020 + i) for i, name in enumerate(("Ani", "Budi"))]
    speak(a, "id")
    c = client_for(a)
    for rec, (e, n) in zip(recs, ((21, 22), (15, 20)), strict=True):
        r = c.post(reverse("review_extraction_data", args=[review.pk, rec.pk]),
                   {"action": "block", "outcome": "lancar", "kind": "two_by_two", "events_t": str(e), "n_t": str(n),
                    "events_c": "9", "n_c": "21,0"})
        assert r.status_code == 302
    block = EffectBlock.objects.get(record=recs[0])
    assert block.values == {"events_t": 21, "n_t": 22, "events_c": 9, "n_c": 21}
    assert all(type(v) is int for v in block.values.values())
    page = c.get(reverse("review_extraction_data", args=[review.pk, recs[0].pk])).content.decode()
    assert "kejadian, intervensi: 21<" in page and "n, intervensi: 22<" in page and "21,0" not in page
    # a block stored with float counts (as before) still shows whole numbers
    block.values = {"events_t": 21.0, "n_t": 22.0, "events_c": 9.0, "n_c": 21.0}
    block.save(by=a)
    page = c.get(reverse("review_extraction_data", args=[review.pk, recs[0].pk])).content.decode()
    assert "n, intervensi: 22<" in page and "22,0" not in page
    csv = c.get(reverse("review_extraction_export", args=[review.pk, "meta-csv"]), {"outcome": "lancar"}).content
    text = csv.decode("utf-8-sig")
    assert ".0" not in text.replace("\r\n", "\n").split("\n", 1)[1]
    frame = pd.read_csv(io.StringIO(text))
    assert frame["n_t"].tolist() == [22, 20] and frame["events_t"].tolist() == [21, 15]


def test_extraction_is_blind_until_both_forms_are_done(review, people):
    """As dual screening: after the second extractor saves part of her form, neither sees the other's
    answers (Compare, the CSV export, the meta page's subgroups); both forms done → Compare opens, forms lock."""
    import io

    import pandas as pd

    from laktasi.web.review_extraction.models import Extraction

    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    rec = included(review, o, a, b, "blind", "Rahasia", 2023)
    ca, cb = client_for(a), client_for(b)
    form = reverse("review_extraction_form", args=[review.pk, rec.pk])
    compare = reverse("review_extraction_compare", args=[review.pk, rec.pk])
    html = ca.get(form).content.decode()
    assert 'type="checkbox" name="done" value="1"' in html and html.count('type="submit"') == 1  # no JS needed
    assert ca.post(form, {"design": "RCT", "country": "Negeri-A"}).status_code == 302
    assert cb.post(form, {"country": "Negeri-B"}).status_code == 302  # part of her form
    for c in (ca, cb):
        page = c.get(compare)
        assert page.context["comparison"] == [] and "Negeri-A" not in page.content.decode().split('id="compare-closed"')[1]
        assert "Negeri-B" not in page.content.decode().split('id="compare-closed"')[1]
    assert cb.get(form).context["form"].initial.get("design", "") == ""  # b's own form: not a's answers
    assert ca.get(form).context["form"].initial["country"] == "Negeri-A"
    field = review.extraction_fields.get(key="country")
    assert cb.post(compare, {"field": field.pk, "value": "Negeri-B", "reason": "x"}).status_code == 302
    assert not rec.consensus_values.exists()  # no consensus while closed
    csv = client_for(o).get(reverse("review_extraction_export", args=[review.pk, "csv"])).content
    assert b"Negeri-A" not in csv and b"Negeri-B" not in csv
    assert ca.post(form, {"design": "RCT", "country": "Negeri-A", "done": "1"}).status_code == 302
    assert cb.get(compare).context["comparison"] == []  # one done of two: still closed
    assert cb.post(form, {"design": "RCT", "country": "Negeri-B", "done": "1"}).status_code == 302
    page = ca.get(compare)
    rows = {c.field.key: answers for c, _label, answers in page.context["comparison"]}
    assert [x[1] for x in rows["country"]] == ["Negeri-A", "Negeri-B"]
    # both forms are locked now: changes go through the consensus
    assert ca.post(form, {"design": "RCT", "country": "Negeri-C"}).status_code == 302
    assert Extraction.objects.get(record=rec, extractor=a).values["country"] == "Negeri-A"
    assert "extraction-done" in ca.get(form).content.decode()
    frame = pd.read_csv(io.BytesIO(client_for(o).get(reverse("review_extraction_export", args=[review.pk, "csv"])
                                                     ).content), encoding="utf-8-sig")
    assert set(frame.filter(like="country__extractor").iloc[0]) == {"Negeri-A", "Negeri-B"}


def test_removal_asks_for_confirmation_and_a_reason_kept_in_the_audit(review, people):
    """"Keluarkan dari analisis" / "Hapus dari daftar": the button asks (a page, no JS), the reason is
    required, and it is saved in the audit event."""
    from laktasi.web.review_extraction.models import ReportedStatistic
    from laktasi.web.reviews.models import ReviewEvent

    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    rec = included(review, o, a, b, "rm", "Hapus", 2021)
    block = mean_sd(review, a, rec, "Hapus 2021")
    stat = ReportedStatistic(record=rec, label="Tabel 2", kind="mean", fields={"n": "20", "mean": "3.45"},
                             entered_by=a)
    stat.save(by=a)
    speak(a, "id")
    c = client_for(a)
    url = reverse("review_extraction_data", args=[review.pk, rec.pk])
    page = c.get(url).content.decode()
    assert 'name="remove" value="block"' in page and 'name="remove" value="statistic"' in page
    assert 'value="block_off"' not in page  # no one-tap removal form
    # step 1: the button opens the confirmation with a required reason
    ask = c.get(url, {"remove": "block", "pk": block.pk})
    html = ask.content.decode()
    assert ask.status_code == 200 and 'id="confirm-remove"' in html and "Keluarkan data ini dari analisis?" in html
    assert 'name="reason"' in html and "required" in html and 'name="confirm" value="1"' in html
    block.refresh_from_db()
    assert block.active
    # a one-tap POST (no confirmation) and a confirmation without a reason remove nothing
    assert c.post(url, {"action": "block_off", "pk": block.pk}).status_code == 200
    r = c.post(url, {"action": "block_off", "pk": block.pk, "confirm": "1", "reason": "  "})
    assert r.status_code == 200 and "Berikan alasannya." in r.content.decode()
    block.refresh_from_db()
    assert block.active
    # confirmed with a reason: set aside, the reason in the audit event
    assert c.post(url, {"action": "block_off", "pk": block.pk, "confirm": "1",
                        "reason": "data ganda dengan tabel 3"}).status_code == 302
    block.refresh_from_db()
    assert not block.active
    ev = ReviewEvent.objects.filter(entity="effectblock", object_id=str(block.pk)).order_by("pk").last()
    assert ev.reason == "data ganda dengan tabel 3" and ev.user == a
    assert "Hapus statistik ini dari daftar?" in c.get(url, {"remove": "statistic", "pk": stat.pk}).content.decode()
    assert c.post(url, {"action": "statistic_off", "pk": stat.pk, "confirm": "1",
                        "reason": "bukan luaran yang ditinjau"}).status_code == 302
    stat.refresh_from_db()
    assert not stat.active
    ev = ReviewEvent.objects.filter(entity="reportedstatistic", object_id=str(stat.pk)).order_by("pk").last()
    assert ev.reason == "bukan luaran yang ditinjau"
    # a viewer cannot even ask
    assert client_for(people["xviewer"]).get(url, {"remove": "block", "pk": block.pk}).status_code == 403


def test_consensus_of_a_choice_or_number_field_is_checked(review, people):
    """The agreed value of a choice field is one of its options (offered as a list); of a number field, a number."""
    from laktasi.web.review_extraction.models import ConsensusValue

    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    rec = included(review, o, a, b, "cv", "Sepakat", 2020)
    form = reverse("review_extraction_form", args=[review.pk, rec.pk])
    compare = reverse("review_extraction_compare", args=[review.pk, rec.pk])
    speak(a, "en")
    ca = client_for(a)
    ca.post(form, {"design": "RCT", "n_intervention": "15", "country": "A", "done": "1"})
    client_for(b).post(form, {"design": "lainnya", "n_intervention": "16", "country": "B", "done": "1"})
    page = ca.get(compare).content.decode()
    assert '<select name="value" required>' in page and '<option value="pra-pasca satu kelompok">' in page
    design = review.extraction_fields.get(key="design")
    n = review.extraction_fields.get(key="n_intervention")
    r = ca.post(compare, {"field": design.pk, "value": "randomised, probably", "reason": "hlm. 3"}, follow=True)
    assert "Choose one of the field&#x27;s options" in r.content.decode()
    assert ca.post(compare, {"field": n.pk, "value": "lima belas", "reason": "tabel 1"}).status_code == 302
    assert not ConsensusValue.objects.filter(record=rec).exists()
    assert ca.post(compare, {"field": design.pk, "value": "rct", "reason": "hlm. 3"}).status_code == 302
    assert ca.post(compare, {"field": n.pk, "value": "15,0", "reason": "tabel 1"}).status_code == 302
    got = {c.field.key: c.value for c in ConsensusValue.objects.filter(record=rec).select_related("field")}
    assert got == {"design": "RCT", "n_intervention": "15,0"}  # the option as the template spells it
    country = review.extraction_fields.get(key="country")
    assert ca.post(compare, {"field": country.pk, "value": "Indonesia", "reason": "hlm. 2"}).status_code == 302
    assert ConsensusValue.objects.get(record=rec, field=country).value == "Indonesia"  # text: free
