"""Risk of bias in headless Chromium: two appraisers answer RoB 2 blind (one on a desktop, one on a 390 px
phone), the algorithm's proposals show after saving, and once both have finished with the same judgements
the traffic-light and summary plots appear on the review's risk-of-bias page, which fits a phone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.web.test_e2e import DESKTOP, PHONE, _login, browser, shots  # noqa: F401  (fixtures)

PASSWORD = "kata-sandi-uji-123"
LOW = {"1.1": "Y", "1.2": "Y", "1.3": "N", "2.1": "N", "2.2": "N", "2.6": "Y", "3.1": "Y", "4.1": "N", "4.2": "N",
       "4.3": "N", "5.1": "Y", "5.2": "N", "5.3": "N"}


def _answer(page, answers):
    for qid, value in answers.items():
        page.check(f'input[name="q_{qid}"][value="{value}"]')


@pytest.mark.django_db(transaction=True)
def test_rob2_blind_dual_appraisal_to_traffic_light_in_chromium(browser, live_server, shots):  # noqa: F811
    from laktasi.web.review_appraisal import services
    from laktasi.web.reviews.models import REVIEWER, ReviewMember, ReviewRecord
    from tests.web.test_review_appraisal import include
    from tests.web.test_reviews_permissions import make_review

    User = get_user_model()
    people = {n: User.objects.create_user(username=n, password=PASSWORD) for n in ("pemilik", "rev1", "rev2")}
    review = make_review(people["pemilik"], "Pijat oksitosin: risiko bias")
    for n in ("rev1", "rev2"):
        ReviewMember(review=review, user=people[n], role=REVIEWER).save(by=people["pemilik"])
    study = ReviewRecord(review=review, record_id="s1", title="Oxytocin massage and breast milk: a randomised trial",
                         year=2021, authors=["Sari, Dewi"])
    study.save(by=people["pemilik"])
    include(study, people)

    base = live_server.url
    url = f"{base}/reviews/{review.pk}/rob/study/{study.pk}/"
    desk = browser.new_page(viewport=DESKTOP)
    _login(desk, base, "pemilik", PASSWORD)
    desk.goto(url)
    desk.click('a[href="?tool=rob2"]')
    _answer(desk, {k: v for k, v in LOW.items() if k.startswith("1.")})
    desk.wait_for_selector("#proposal-D1 .rob-low")  # live, through htmx, before any save
    _answer(desk, {"2.1": "N", "2.2": "N"})
    desk.wait_for_function("() => document.getElementById('na-2-3').textContent.length > 0")  # 2.3 now NA
    with desk.expect_navigation():
        desk.click('button[value="save"]')
    assert desk.url.endswith("#D2")  # back at the first domain still to answer
    assert desk.locator("#D1 .proposal .rob-low").count() == 1  # the proposal, shown after saving
    desk.screenshot(path=str(shots / "rob-appraise-desktop.png"), full_page=True)
    _answer(desk, {k: v for k, v in LOW.items() if k[0] in "2345"})
    with desk.expect_navigation():
        desk.click('button[value="finish"]')
    assert desk.url.split("#")[0] == f"{base}/reviews/{review.pk}/rob/"  # (the browser keeps the #D2)

    phone = browser.new_page(viewport=PHONE)
    _login(phone, base, "rev1", PASSWORD)
    phone.goto(url + "?tool=rob2")
    assert phone.locator("input[type=radio]:checked[value=Y]").count() == 0  # blind: nothing of the first's
    phone.screenshot(path=str(shots / "rob-appraise-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _answer(phone, LOW)
    phone.click('button[value="finish"]')
    phone.wait_for_url(f"{base}/reviews/{review.pk}/rob/")
    assert services.overall_judgements(review) == {study.pk: "low"}

    for page, name in ((desk, "desktop"), (phone, "phone")):
        page.goto(f"{base}/reviews/{review.pk}/rob/")
        imgs = page.locator("img.rob-plot")
        assert imgs.count() == 2
        page.wait_for_function("() => [...document.querySelectorAll('img.rob-plot')].every(i => i.naturalWidth > 0)")
        page.screenshot(path=str(shots / f"rob-overview-{name}.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_disagreement_compared_and_resolved_on_a_phone(browser, live_server, shots):  # noqa: F811
    """Two finished appraisals that differ (ROBINS-I, made through the library path the form uses): a third
    member compares them on a 390 px phone and records the consensus; the study's judgement becomes final."""
    from laktasi.web.review_appraisal import services
    from laktasi.web.review_appraisal.models import Appraisal
    from laktasi.web.reviews.models import REVIEWER, ReviewMember, ReviewRecord
    from tests.web.test_review_appraisal import include
    from tests.web.test_reviews_permissions import make_review

    User = get_user_model()
    people = {n: User.objects.create_user(username=n, password=PASSWORD) for n in ("pemilik", "rev1", "rev2")}
    review = make_review(people["pemilik"], "Pijat oksitosin: konsensus")
    for n in ("rev1", "rev2"):
        ReviewMember(review=review, user=people[n], role=REVIEWER).save(by=people["pemilik"])
    study = ReviewRecord(review=review, record_id="q1", title="Pijat oksitosin pada ibu nifas: kuasi-eksperimen",
                         year=2019, authors=["Putri, Ayu"])
    study.save(by=people["pemilik"])
    include(study, people)
    answers = {"1.1": "Y", "1.2": "N", "1.4": "PN", "1.6": "N", "2.1": "N", "2.4": "Y", "3.1": "Y", "3.2": "Y",
               "3.3": "N", "4.1": "N", "5.1": "Y", "5.2": "N", "5.3": "N", "6.1": "Y", "6.2": "Y", "6.3": "Y",
               "6.4": "N", "7.1": "N", "7.2": "N", "7.3": "N"}
    for who, d1 in (("rev1", "serious"), ("rev2", "moderate")):
        judged = {"D1": (d1, "baseline confounding not controlled"), **{f"D{i}": ("low", "") for i in range(2, 8)}}
        state = services.FormState("robins_i", "volume ASI hari ke-3", answers, judged, ("", ""))
        services.save_appraisal(Appraisal(record=study, appraiser=people[who]), state, people[who], finish=True)
    assert services.overall_judgements(review) == {}

    base = live_server.url
    phone = browser.new_page(viewport=PHONE)
    _login(phone, base, "pemilik", PASSWORD)
    phone.goto(f"{base}/reviews/{review.pk}/rob/")
    phone.click(f'a[href="/reviews/{review.pk}/rob/study/{study.pk}/compare/"]')
    phone.wait_for_load_state()
    assert phone.locator(".badge.warn").count() == 1  # D1 differs
    phone.select_option('select[name="j_D1"]', "serious")
    phone.select_option('select[name="overall"]', "serious")
    phone.fill('input[name="reason"]', "tidak ada penyesuaian untuk paritas")
    phone.screenshot(path=str(shots / "rob-compare-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with phone.expect_navigation():
        phone.click("text=Simpan konsensus")
    assert services.overall_judgements(review) == {study.pk: "serious"}
    assert phone.locator("img.rob-plot").count() == 2
    # the domain grid reads as one card per study on the phone: no table scrolls sideways
    phone.screenshot(path=str(shots / "rob-overview-phone.png"), full_page=True)
    assert phone.locator("table.rob-grid").count() == 1
    assert phone.evaluate("Math.max(0, ...[...document.querySelectorAll('.table-wrap')]"
                          ".map(e => e.scrollWidth - e.clientWidth))") == 0
