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


@pytest.mark.django_db(transaction=True)
def test_full_text_upload_and_exclusion_with_a_reason_in_chromium(browser, live_server, shots, tmp_path,  # noqa: F811
                                                                  monkeypatch):
    """Single screening at both stages: a PDF uploaded on the full-text page opens from it; excluding without a
    reason is refused, with one it counts in PRISMA's "reports excluded" under that reason; the page fits 390 px."""
    from django.core.files.storage import FileSystemStorage

    from laktasi.web.review_intake import services as intake
    from laktasi.web.reviews import services
    from laktasi.web.reviews.models import FullText, ScreeningDecision
    from tests.web.test_reviews import RECORDS, ris
    from tests.web.test_reviews_permissions import make_review

    monkeypatch.setattr(FullText._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path / "ft"))
    User = get_user_model()
    owner = User.objects.create_user(username="pemilik", password=PASSWORD)
    review = make_review(owner, "Pijat oksitosin: teks lengkap")
    review.reviewers_title_abstract = review.reviewers_full_text = 1
    review.save(by=owner)
    intake.upload(review, [("scopus.ris", ris(*RECORDS[:3]))], owner)
    for pk in review.records.values_list("pk", flat=True):
        ScreeningDecision(record_id=pk, reviewer=owner, stage="title_abstract", decision="include").save(by=owner)
    reason = next(r for r in services.exclusion_reasons(review, owner) if r.label_en == "Wrong study design")
    pdf = tmp_path / "naskah.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    _login(page, base, "pemilik", PASSWORD)
    url = f"{base}/reviews/{review.pk}/screen/full_text/"
    page.goto(url)
    record_next = page.get_attribute("#record", "data-next")
    page.set_input_files("#fulltext input[type=file]", str(pdf))
    page.click("#fulltext button[type=submit]")
    page.wait_for_selector("#fulltext a.btn")
    assert page.get_attribute("#record", "data-next") == record_next  # the same record again
    assert FullText.objects.count() == 1
    response = page.request.get(base + page.get_attribute("#fulltext a.btn", "href"))
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(shots / "reviews-fulltext-phone.png"), full_page=True)
    page.click('#decide button[value="exclude"]')  # no reason picked: refused
    page.wait_for_load_state()
    assert not ScreeningDecision.objects.filter(stage="full_text").exists()
    page.select_option("#id_exclusion_reason", str(reason.pk))
    page.click('#decide button[value="exclude"]')
    page.wait_for_load_state()
    page.wait_for_function("() => !document.querySelector('#id_exclusion_reason') || "
                           "document.querySelector('#id_exclusion_reason').value === ''")
    assert ScreeningDecision.objects.get(stage="full_text").exclusion_reason_id == reason.pk
    assert dict(services.prisma_counts(review, "id").dbr_excluded) == {"Desain studi tidak sesuai": 1}
    desktop = browser.new_page(viewport=DESKTOP)
    _login(desktop, base, "pemilik", PASSWORD)
    desktop.goto(f"{base}/reviews/{review.pk}/")
    assert desktop.evaluate("document.querySelector('img.prisma').naturalWidth") > 500
    desktop.screenshot(path=str(shots / "reviews-overview-desktop.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_blind_conflict_resolved_kappa_shown_prisma_changes(browser, live_server, shots):  # noqa: F811
    """The screening path in Chromium: two reviewers screen the same records blind with the keyboard, their one
    disagreement appears on the conflicts page only then, a third member resolves it with a reason, κ and AC1 are
    shown, and the PRISMA diagram on the review page changes."""
    from laktasi.web.review_intake import services as intake
    from laktasi.web.reviews import services
    from laktasi.web.reviews.models import REVIEWER, ConflictResolution, ReviewMember, ScreeningDecision
    from tests.web.test_reviews import RECORDS, ris
    from tests.web.test_reviews_permissions import make_review

    User = get_user_model()
    owner = User.objects.create_user(username="pemilik", password=PASSWORD)
    names = ("peninjau1", "peninjau2", "peninjau3")
    review = make_review(owner, "Pijat oksitosin: penyaringan")
    for name in names:
        ReviewMember(review=review, user=User.objects.create_user(username=name, password=PASSWORD),
                     role=REVIEWER).save(by=owner)
    intake.upload(review, [("scopus.ris", ris(*RECORDS[:4]))], owner)
    lactation = {r.pk for r in review.records.all() if "lactation" in r.title.lower() or "milk" in r.title.lower()
                 or "massage" in r.title.lower()}

    base = live_server.url
    prisma_before = browser.new_page(viewport=DESKTOP)
    _login(prisma_before, base, "pemilik", PASSWORD)
    before = prisma_before.request.get(f"{base}/reviews/{review.pk}/prisma.png?lang=en").body()

    def screen_all(name: str, disagree_on: int | None) -> None:
        page = browser.new_page(viewport=PHONE if name == "peninjau2" else DESKTOP)
        _login(page, base, name, PASSWORD)
        page.goto(f"{base}/reviews/{review.pk}/screen/title_abstract/")
        for _ in range(4):
            shown = page.get_attribute("#record", "data-next")
            pk = int(shown.split("after=")[1])
            include = pk in lactation
            if pk == disagree_on:
                include = not include
            if name == "peninjau2":
                assert "peninjau1" not in page.content()  # blind: nothing of the first reviewer's work
            page.keyboard.press("i" if include else "e")
            page.wait_for_function("(shown) => { const r = document.querySelector('#record'); "
                                   "return !r || r.getAttribute('data-next') !== shown; }", arg=shown)
        assert page.locator("#record").count() == 0
        assert ScreeningDecision.objects.filter(reviewer__username=name).count() == 4
        if name == "peninjau2":
            page.screenshot(path=str(shots / "reviews-screened-phone.png"), full_page=True)
        page.close()

    disputed = sorted(lactation)[0]
    screen_all("peninjau1", None)
    third = browser.new_page(viewport=DESKTOP)
    _login(third, base, "peninjau3", PASSWORD)
    third.goto(f"{base}/reviews/{review.pk}/conflicts/title_abstract/")
    assert third.locator(".card form").count() == 0  # one reviewer only: no conflict yet
    screen_all("peninjau2", disputed)
    third.reload()
    assert third.locator(".card form").count() == 1
    text = third.inner_text("main") if third.locator("main").count() else third.inner_text("body")
    agreement = services.stage_agreement(review, "title_abstract")
    assert agreement.n == 4 and f"{agreement.kappa:.2f}".replace(".", ",") in text and "AC1" in text
    third.screenshot(path=str(shots / "reviews-conflict-desktop.png"), full_page=True)
    third.select_option(".card form select[name=decision]", "include")
    third.fill(".card form input[name=reason]", "populasi ibu nifas sesuai")
    third.click(".card form button[type=submit]")
    third.wait_for_load_state()
    resolution = ConflictResolution.objects.get()
    assert resolution.record_id == disputed and resolution.resolved_by.username == "peninjau3"
    assert services.final_decisions(review, "title_abstract")[disputed] == "include"
    after = third.request.get(f"{base}/reviews/{review.pk}/prisma.png?lang=en").body()
    assert after != before
    third.goto(f"{base}/reviews/{review.pk}/")
    third.screenshot(path=str(shots / "reviews-overview-after-screening-desktop.png"), full_page=True)
