"""The screening page in headless Chromium: the keyboard shortcuts (i, e, m, n) work under the app's
Content-Security-Policy, highlighted terms show, and a reviewer never sees the other's decision."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.web.test_e2e import DESKTOP, PHONE, _login, browser, shots  # noqa: F401  (fixtures)

PASSWORD = "kata-sandi-uji-123"


@pytest.mark.django_db(transaction=True)
def test_keyboard_screening_in_chromium(browser, live_server, shots):  # noqa: F811
    from laktasi.web.review_intake import services
    from laktasi.web.reviews.models import REVIEWER, ReviewMember, ScreeningDecision
    from tests.web.test_reviews import RECORDS, ris
    from tests.web.test_reviews_permissions import make_review

    User = get_user_model()
    owner = User.objects.create_user(username="pemilik", password=PASSWORD)
    rev2 = User.objects.create_user(username="peninjau2", password=PASSWORD)
    review = make_review(owner, "Pijat oksitosin: tinjauan")
    ReviewMember(review=review, user=rev2, role=REVIEWER).save(by=owner)
    review.include_terms, review.exclude_terms = "oxytocin\nmassage", "engine"
    review.save(by=owner)
    services.upload(review, [("scopus.ris", ris(*RECORDS))], owner)

    base = live_server.url
    page = browser.new_page(viewport=DESKTOP)
    _login(page, base, "pemilik", PASSWORD)
    url = f"{base}/reviews/{review.pk}/screen/title_abstract/"
    page.goto(url)
    first = page.get_attribute("#record", "data-next")
    page.screenshot(path=str(shots / "reviews-screen-desktop.png"), full_page=True)
    page.keyboard.press("n")  # next without deciding
    page.wait_for_url(f"{base}{first}")
    shown = page.get_attribute("#record", "data-next")
    assert shown != first
    page.keyboard.press("i")
    page.wait_for_load_state()
    page.fill("#id_note", "enginemassage")  # typing in a field is not a shortcut
    page.keyboard.press("e")
    assert page.input_value("#id_note") == "enginemassagee"  # typed, not a decision
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("e")
    page.wait_for_function("() => document.querySelector('#id_note') && document.querySelector('#id_note').value === ''")
    decisions = list(ScreeningDecision.objects.filter(reviewer=owner).order_by("pk").values_list("decision", "note"))
    assert [d for d, _ in decisions] == ["include", "exclude"] and decisions[1][1] == "enginemassagee"
    text = page.inner_text("#record").lower()
    assert page.locator("#record mark.inc").count() == text.count("oxytocin") + text.count("massage")
    assert page.locator("#record mark.exc").count() == text.count("engine")

    phone = browser.new_page(viewport=PHONE)
    _login(phone, base, "peninjau2", PASSWORD)
    phone.goto(url)
    phone.screenshot(path=str(shots / "reviews-screen-phone.png"), full_page=True)
    assert "enginemassagee" not in phone.content() and "pemilik" not in phone.content()
