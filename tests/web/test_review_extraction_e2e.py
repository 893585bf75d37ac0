"""Extraction into a forest plot in headless Chromium (issue 11's "an extraction flows into a forest plot"):
a reviewer types a study's means and SDs into the data form, the meta page pools it with the others and
shows the forest and funnel plots; at 390 px nothing spills sideways. Screenshots go to
LAKTASI_SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.web.test_e2e import DESKTOP, PHONE, _login, browser, shots  # noqa: F401  (fixtures)

PASSWORD = "kata-sandi-uji-123"


@pytest.mark.django_db(transaction=True)
def test_extraction_flows_into_a_forest_plot(browser, live_server, shots):  # noqa: F811
    from laktasi.web.review_extraction.models import EffectBlock
    from laktasi.web.reviews.models import FULL_TEXT, REVIEWER, ReviewMember, ReviewRecord
    from tests.web.test_review_extraction import include
    from tests.web.test_reviews_permissions import make_review

    User = get_user_model()
    owner = User.objects.create_user(username="pemilik", password=PASSWORD)
    rev = User.objects.create_user(username="peninjau", password=PASSWORD)
    rev2 = User.objects.create_user(username="peninjau2", password=PASSWORD)
    review = make_review(owner, "Pijat oksitosin: tinjauan")
    for u in (rev, rev2):
        ReviewMember(review=review, user=u, role=REVIEWER).save(by=owner)
    studies = [("Supardi, A.", 2022, (32.1, 8.2, 15, 21.4, 7.9, 15)), ("Ika, S.", 2019, (28.0, 9.1, 20, 22.5, 8.8, 20)),
               ("Putri, D.", 2025, (40.2, 11.0, 12, 30.1, 10.4, 12)), ("Sari, M.", 2021, None)]
    records = []
    for i, (author, year, values) in enumerate(studies):
        r = ReviewRecord(review=review, record_id=f"r{i}", title=f"Pijat oksitosin {year}", authors=[author],
                         year=year)
        r.save(by=owner)
        include(r, rev, rev2, stages=(FULL_TEXT,))
        records.append(r)
        if values is not None:
            keys = ("mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c")
            EffectBlock(review=review, record=r, label=f"{author.split(',')[0]} {year}", outcome="volume ASI (ml)",
                        kind="mean_sd", values=dict(zip(keys, map(float, values), strict=True)),
                        entered_by=rev).save(by=rev)

    base = live_server.url
    page = browser.new_page(viewport=DESKTOP)
    _login(page, base, "peninjau", PASSWORD)
    page.goto(f"{base}/reviews/{review.pk}/extraction/{records[3].pk}/data/")
    page.fill("#id_outcome", "volume ASI (ml)")
    page.select_option("#id_kind", "two_by_two")  # only the chosen kind's values are shown
    assert page.is_visible("#id_events_t") and not page.is_visible("#id_mean_t") and page.is_visible("#id_n_t")
    page.select_option("#id_kind", "effect_ci")
    assert page.is_visible("#id_estimate") and not page.is_visible("#id_n_t")
    page.select_option("#id_kind", "mean_sd")
    assert page.is_visible("#id_mean_t") and not page.is_visible("#id_events_t") and not page.is_visible("#id_r_t")
    for field, value in (("mean_t", "35,5"), ("sd_t", "0"), ("n_t", "18"), ("mean_c", "25"), ("sd_c", "9,5"),
                         ("n_c", "18")):
        page.fill(f"#id_{field}", value)
    page.click("#block-form button[type=submit]")
    page.wait_for_load_state()
    assert "“SD, intervensi” harus lebih dari 0" in page.inner_text("#block-form")  # refused, with the reason
    page.fill("#id_sd_t", "10,2")
    page.click("#block-form button[type=submit]")
    page.wait_for_load_state()
    assert EffectBlock.objects.filter(review=review, record=records[3], active=True).count() == 1

    page.goto(f"{base}/reviews/{review.pk}/meta/")
    assert "k = 4" in page.inner_text("#pooled")
    assert "Sari 2021" in page.inner_text("#meta-studies")
    page.wait_for_function("() => [...document.querySelectorAll('img.plot')].every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=str(shots / "review-meta-desktop.png"), full_page=True)

    phone = browser.new_page(viewport=PHONE)
    _login(phone, base, "peninjau2", PASSWORD)
    phone.goto(f"{base}/reviews/{review.pk}/meta/")
    phone.wait_for_function("() => [...document.querySelectorAll('img.plot')].every(i => i.complete && i.naturalWidth > 0)")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
    phone.screenshot(path=str(shots / "review-meta-phone.png"), full_page=True)
    phone.goto(f"{base}/reviews/{review.pk}/extraction/{records[0].pk}/data/")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
    phone.screenshot(path=str(shots / "review-data-phone.png"), full_page=True)
    phone.goto(f"{base}/reviews/{review.pk}/extraction/")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
    phone.screenshot(path=str(shots / "review-extraction-phone.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_comparison_is_usable_at_390_px(browser, live_server, shots):  # noqa: F811
    """The agreed-value column with its "Record consensus" button is on screen at 390 px (the row stacks)."""
    from laktasi.web.review_extraction import services
    from laktasi.web.review_extraction.models import Extraction
    from laktasi.web.reviews.models import FULL_TEXT, REVIEWER, ReviewMember, ReviewRecord
    from tests.web.test_review_extraction import include
    from tests.web.test_reviews_permissions import make_review

    User = get_user_model()
    owner = User.objects.create_user(username="pemilik", password=PASSWORD)
    rev = User.objects.create_user(username="peninjau_dengan_nama_panjang", password=PASSWORD)
    rev2 = User.objects.create_user(username="peninjau2", password=PASSWORD)
    review = make_review(owner, "Pijat oksitosin: tinjauan")
    for u in (rev, rev2):
        ReviewMember(review=review, user=u, role=REVIEWER).save(by=owner)
    r = ReviewRecord(review=review, record_id="r0", title="Pijat oksitosin 2022", authors=["Supardi, A."], year=2022)
    r.save(by=owner)
    include(r, rev, rev2, stages=(FULL_TEXT,))
    services.ensure_template(review, owner)
    for user, design in ((rev, "RCT"), (rev2, "kuasi-eksperimen dua kelompok")):
        e = Extraction(record=r, extractor=user, values={"design": design, "country": "Indonesia (Jawa Tengah)"})
        e.save(by=user)
    mark_done = getattr(services, "mark_done", None)
    if mark_done is not None:  # blind extraction: Compare opens once both forms are done
        for user in (rev, rev2):
            mark_done(r, user)

    phone = browser.new_page(viewport=PHONE)
    _login(phone, live_server.url, "peninjau2", PASSWORD)
    phone.goto(f"{live_server.url}/reviews/{review.pk}/extraction/{r.pk}/compare/")
    assert phone.locator("#comparison").count() == 1
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
    table = phone.evaluate("() => document.querySelector('#comparison').getBoundingClientRect().width")
    box = phone.evaluate("() => document.querySelector('#comparison').parentElement.clientWidth")
    assert table <= box + 1
    for el in phone.locator("#comparison button[type=submit], #comparison input, #comparison select").all():
        if el.get_attribute("type") == "hidden":
            continue
        b = el.bounding_box()
        assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"]
    assert phone.locator("#comparison button[type=submit]").first.bounding_box()["height"] >= 40
    phone.screenshot(path=str(shots / "review-compare-phone.png"), full_page=True)
