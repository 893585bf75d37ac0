"""Risk of bias in the review workspace: the included studies, each study's final judgement (single,
two agreeing appraisers, consensus) as the stable keys other pages use."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from laktasi.web.review_appraisal import services
from laktasi.web.review_appraisal.models import Appraisal, AppraisalSettings, Consensus
from laktasi.web.reviews.models import (
    FULL_TEXT,
    REVIEWER,
    TITLE_ABSTRACT,
    VIEWER,
    ReviewMember,
    ReviewRecord,
    ScreeningDecision,
)
from tests.web.test_reviews_permissions import make_review


def include(record, people, decision="include"):
    for stage in (TITLE_ABSTRACT, FULL_TEXT):
        for who in ("rev1", "rev2"):
            ScreeningDecision(record=record, reviewer=people[who], stage=stage,
                              decision=decision if stage == FULL_TEXT else "include").save(by=people[who])


@pytest.fixture
def team(db):
    User = get_user_model()
    people = {n: User.objects.create_user(username=n, password="kata-sandi-uji-123")
              for n in ("owner", "rev1", "rev2", "third", "viewer", "outsider")}
    review = make_review(people["owner"])
    for n in ("rev1", "rev2", "third"):
        ReviewMember(review=review, user=people[n], role=REVIEWER).save(by=people["owner"])
    ReviewMember(review=review, user=people["viewer"], role=VIEWER).save(by=people["owner"])
    make_review(people["outsider"], "Tinjauan B")
    return review, people


@pytest.fixture
def studies(team):
    """Three included studies and one excluded at full text."""
    review, people = team
    rows = []
    for i in range(4):
        r = ReviewRecord(review=review, record_id=f"r{i}", title=f"Pijat oksitosin {i}", year=2020 + i,
                         authors=[f"Sari{i}, D"])
        r.save(by=people["owner"])
        include(r, people, "exclude" if i == 3 else "include")
        rows.append(r)
    return review, people, rows


def appraisal(record, user, tool, domains, overall, complete=True):
    a = Appraisal(record=record, appraiser=user, tool=tool, domains={k: {"proposed": v, "final": v, "reason": ""}
                                                                     for k, v in domains.items()},
                  overall_proposed=overall, overall=overall, complete=complete)
    a.save(by=user)
    return a


D_LOW = {"D1": "low", "D2": "low", "D3": "low", "D4": "low", "D5": "low"}


def test_judgement_labels_for_the_meta_page():
    assert services.judgement_label("some_concerns", "id") == "Beberapa kekhawatiran"
    assert services.judgement_label("serious", "en") == "Serious risk"
    assert services.judgement_label("low", "id") == "Risiko rendah"
    assert services.judgement_label("unknown", "en") == "unknown"


def test_included_are_full_text_includes(studies):
    review, _people, rows = studies
    assert list(services.included(review)) == rows[:3]


def test_overall_judgements_dual_single_and_consensus(studies):
    review, people, rows = studies
    # study 0: two appraisers agree → final
    appraisal(rows[0], people["rev1"], "rob2", D_LOW, "low")
    appraisal(rows[0], people["rev2"], "rob2", D_LOW, "low")
    # study 1: they disagree → absent until a consensus
    appraisal(rows[1], people["rev1"], "rob2", D_LOW, "low")
    appraisal(rows[1], people["rev2"], "rob2", {**D_LOW, "D3": "high"}, "high")
    # study 2: only one complete → absent with two appraisers per study
    appraisal(rows[2], people["rev1"], "robins_i", {"D1": "serious"}, "serious")
    appraisal(rows[2], people["rev2"], "robins_i", {"D1": "serious"}, "serious", complete=False)
    # the excluded study never counts
    appraisal(rows[3], people["rev1"], "rob2", D_LOW, "low")
    appraisal(rows[3], people["rev2"], "rob2", D_LOW, "low")
    assert services.overall_judgements(review) == {rows[0].pk: "low"}
    Consensus(record=rows[1], tool="rob2", domains={**D_LOW, "D3": "some_concerns"}, overall="some_concerns",
              reason="dibahas", decided_by=people["third"]).save(by=people["third"])
    assert services.overall_judgements(review) == {rows[0].pk: "low", rows[1].pk: "some_concerns"}
    AppraisalSettings(review=review, appraisers=1).save(by=people["owner"])
    assert services.overall_judgements(review) == {rows[0].pk: "low", rows[1].pk: "some_concerns",
                                                   rows[2].pk: "serious"}
    assert services.final_judgements(review)[rows[2].pk].tool == "robins_i"


# --- the pages ---------------------------------------------------------------------------------------------
from django.urls import reverse  # noqa: E402

from laktasi.web.reviews.models import ReviewEvent  # noqa: E402
from tests.web.conftest import client_for  # noqa: E402

LOW_ANSWERS = {"q_1.1": "Y", "q_1.2": "Y", "q_1.3": "N", "q_2.1": "N", "q_2.2": "N", "q_2.6": "Y", "q_3.1": "Y",
               "q_4.1": "N", "q_4.2": "N", "q_4.3": "N", "q_5.1": "Y", "q_5.2": "N", "q_5.3": "N"}


def client_in(user, lang: str = "en"):
    """A signed-in client whose pages are in ``lang`` (the session's language, as set_language stores it)."""
    client = client_for(user)
    session = client.session
    session["laktasi_lang"] = lang
    session.save()
    return client


def _post(client, review, record, data, action="finish"):
    return client.post(reverse("review_rob_appraise", args=[review.pk, record.pk]),
                       {"tool": "rob2", "action": action, **data})


def test_blind_dual_appraisal_comparison_and_consensus(studies):
    review, people, rows = studies
    study = rows[0]
    c1, c2, c3 = (client_in(people[n]) for n in ("rev1", "rev2", "third"))
    # rev1 departs from the proposal in D4, with a reason, and finishes
    r = _post(c1, review, study, {**LOW_ANSWERS, "j_D4": "some_concerns", "r_D4": "ibu menilai sendiri"})
    assert r.status_code == 302
    mine = Appraisal.objects.get(record=study, appraiser=people["rev1"])
    assert mine.complete and mine.domains["D4"] == {"proposed": "low", "final": "some_concerns",
                                                    "reason": "ibu menilai sendiri"}
    assert mine.overall_proposed == mine.overall == "some_concerns"
    event = ReviewEvent.objects.filter(review=review, entity="appraisal").first()
    assert event.user == people["rev1"] and "ibu menilai sendiri" in event.reason
    # rev2 sees a blank form: nothing of rev1's work, and no comparison yet
    page = c2.get(reverse("review_rob_appraise", args=[review.pk, study.pk]) + "?tool=rob2").content.decode()
    assert "ibu menilai sendiri" not in page and 'value="Y" checked' not in page
    assert "opens when both" in c1.get(reverse("review_rob_compare", args=[review.pk, study.pk])).content.decode()
    overview = c2.get(reverse("review_rob", args=[review.pk])).content.decode()
    assert "1 / 2" in overview and "ibu menilai sendiri" not in overview
    # rev2 finishes with all low: they disagree → consensus needed, nothing final
    _post(c2, review, study, LOW_ANSWERS)
    assert services.overall_judgements(review) == {}
    assert "consensus needed" in c3.get(reverse("review_rob", args=[review.pk])).content.decode()
    page = c3.get(reverse("review_rob_compare", args=[review.pk, study.pk])).content.decode()
    assert "ibu menilai sendiri" in page and "rev1" in page and "rev2" in page
    # a consensus that breaks the overall rule is refused; a reason is required
    url = reverse("review_rob_compare", args=[review.pk, study.pk])
    domains = {f"j_D{i}": "low" for i in range(1, 6)}
    r = c3.post(url, {"tool": "rob2", **domains, "j_D4": "some_concerns", "overall": "low", "reason": "dibahas"})
    assert r.status_code == 200 and not Consensus.objects.exists()
    r = c3.post(url, {"tool": "rob2", **domains, "j_D4": "some_concerns", "overall": "some_concerns", "reason": ""})
    assert not Consensus.objects.exists()
    r = c3.post(url, {"tool": "rob2", **domains, "j_D4": "some_concerns", "overall": "some_concerns",
                      "reason": "penilai luaran tidak tersamar"})
    assert r.status_code == 302
    assert services.overall_judgements(review) == {study.pk: "some_concerns"}
    assert ReviewEvent.objects.filter(review=review, entity="consensus", reason="penilai luaran tidak tersamar").exists()
    # the overview now shows the table and the plots
    page = client_in(people["viewer"], "id").get(reverse("review_rob", args=[review.pk])).content.decode()
    assert reverse("review_rob_png", args=[review.pk, "rob2", "traffic"]) in page and "Sari0 2020" in page
    assert "Grafik lampu lalu lintas" in page and "Beberapa kekhawatiran" in page and "konsensus" in page


def test_override_without_reason_is_not_saved(studies):
    review, people, rows = studies
    c1 = client_in(people["rev1"], "id")
    r = _post(c1, review, rows[0], {**LOW_ANSWERS, "j_D1": "high", "r_D1": ""})
    assert r.status_code == 200 and not Appraisal.objects.exists()
    assert "tuliskan alasan" in r.content.decode()  # the library's problem, in the page's language (id)


def test_draft_shows_the_proposals_and_finish_waits_for_every_answer(studies):
    review, people, rows = studies
    c1 = client_for(people["rev1"])
    r = _post(c1, review, rows[0], {"q_1.1": "Y", "q_1.2": "NI", "q_1.3": "Y"}, action="finish")
    assert r.status_code == 302
    a = Appraisal.objects.get()
    assert not a.complete and a.domains["D1"]["proposed"] == "high"  # 1.2 NI and 1.3 Y/PY → high
    page = c1.get(reverse("review_rob_appraise", args=[review.pk, rows[0].pk])).content.decode()
    assert 'class="rob rob-high"' in page and "2.1, 2.2, 2.6" in page


def test_robins_appraisal_needs_the_appraisers_domain_judgements(studies):
    review, people, rows = studies
    AppraisalSettings(review=review, appraisers=1).save(by=people["owner"])
    c1 = client_for(people["rev1"])
    answers = {"q_1.1": "N", "q_2.1": "N", "q_2.4": "Y", "q_3.1": "Y", "q_3.2": "Y", "q_3.3": "N", "q_4.1": "N",
               "q_5.1": "Y", "q_5.2": "N", "q_5.3": "N", "q_6.1": "Y", "q_6.2": "Y", "q_6.3": "Y", "q_6.4": "N",
               "q_7.1": "N", "q_7.2": "N", "q_7.3": "N"}
    judged = {"j_D2": "low", "j_D3": "low", "j_D4": "low", "j_D5": "low", "j_D6": "serious", "j_D7": "moderate"}
    url = reverse("review_rob_appraise", args=[review.pk, rows[1].pk])
    client = c1
    client.post(url, {"tool": "robins_i", "action": "finish", **answers})
    assert not Appraisal.objects.get().complete  # D2-D7 not judged yet
    client.post(url, {"tool": "robins_i", "action": "finish", **answers, **judged})
    a = Appraisal.objects.get()
    assert a.complete and a.domains["D1"]["final"] == "low" and a.overall == "serious"
    assert services.overall_judgements(review) == {rows[1].pk: "serious"}
    png = client.get(reverse("review_rob_png", args=[review.pk, "robins_i", "summary"]) + "?lang=en&download=1")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert "attachment" in png["Content-Disposition"]
    csv_text = client.get(reverse("review_rob_csv", args=[review.pk, "robins_i"])).content.decode()
    assert csv_text.splitlines() == ["Study,D1,D2,D3,D4,D5,D6,D7,Overall,Weight",
                                     "Sari1 2021,Low,Low,Low,Low,Low,Serious,Moderate,Serious,1"]


def test_a_third_appraiser_is_turned_away_and_others_cannot_appraise(studies):
    review, people, rows = studies
    for n in ("rev1", "rev2"):
        _post(client_for(people[n]), review, rows[0], LOW_ANSWERS, action="save")
    r = _post(client_for(people["third"]), review, rows[0], LOW_ANSWERS)
    assert r.status_code == 200 and Appraisal.objects.count() == 2
    assert _post(client_for(people["viewer"]), review, rows[0], LOW_ANSWERS).status_code == 403
    assert _post(client_for(people["outsider"]), review, rows[0], LOW_ANSWERS).status_code == 404
    # the excluded study cannot be appraised
    assert _post(client_for(people["rev1"]), review, rows[3], LOW_ANSWERS).status_code == 404


def test_settings_owner_only(studies):
    review, people, _rows = studies
    url = reverse("review_rob_settings", args=[review.pk])
    assert client_for(people["rev1"]).post(url, {"appraisers": "1"}).status_code == 403
    assert client_for(people["owner"]).post(url, {"appraisers": "1"}).status_code == 302
    assert services.appraisers_per_study(review) == 1
    client_for(people["owner"]).post(url, {"appraisers": "7"})
    assert services.appraisers_per_study(review) == 1


def test_live_proposals_are_fragments_and_save_nothing(studies):
    review, people, rows = studies
    url = reverse("review_rob_propose", args=[review.pk, rows[0].pk])
    c1 = client_in(people["rev1"])
    r = c1.post(url, {"tool": "rob2", "q_1.1": "Y", "q_1.2": "N", "q_1.3": "N", "q_2.1": "N", "q_2.2": "PN"})
    body = r.content.decode()
    assert r.status_code == 200 and not Appraisal.objects.exists()
    assert 'id="proposal-D1" aria-live="polite" hx-swap-oob="true"' in body and 'rob-high' in body  # 1.2 N → high
    assert "Still to answer: 2.6" in body  # 2.3-2.5 not applicable once nobody was aware
    assert '<em id="na-2-3" hx-swap-oob="true">(not applicable' in body
    assert '<em id="na-1-2" hx-swap-oob="true"></em>' in body
    assert 'id="nav-D1" hx-swap-oob="true">D1 <span class="rob rob-high" title="High risk">X</span>' in body
    assert c1.post(url, {"tool": "nope"}).status_code == 404
    assert client_for(people["viewer"]).post(url, {"tool": "rob2"}).status_code == 403
