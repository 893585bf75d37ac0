"""The upload's progress page in headless Chromium: the job runs in a thread of the live server, the page's script
(served by the app, allowed by the Content-Security-Policy) polls the JSON and shows the result when the job ends;
then the owner decides an uncertain duplicate on a phone-sized screen."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model

from tests.web.test_e2e import DESKTOP, PHONE, _login, browser, shots  # noqa: F401  (fixtures)

PASSWORD = "kata-sandi-uji-123"


@pytest.mark.django_db(transaction=True)
def test_progress_page_polls_until_the_job_is_done(browser, live_server, shots, monkeypatch):  # noqa: F811
    from laktasi.web.review_intake import services, views
    from laktasi.web.review_intake.models import DedupCluster, DedupVerdict, IntakeJob
    from tests.web.test_review_intake import OTHER, PART1, PART2, ris
    from tests.web.test_reviews_permissions import make_review

    owner = get_user_model().objects.create_user(username="pemilik", password=PASSWORD)
    review = make_review(owner, "Pijat oksitosin: tinjauan")
    monkeypatch.setattr(views, "QUICK_ANSWER_SECONDS", 0.0)  # straight to the progress page
    real = services.deduplicate

    def slow(*args, **kwargs):
        time.sleep(2.5)  # long enough for the page to poll while the job runs
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "deduplicate", slow)
    base = live_server.url
    page = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    polled: list[tuple[str, int]] = []
    page.on("response", lambda r: polled.append((r.url, r.status)) if "/reviews/" in r.url else None)
    _login(page, base, "pemilik", PASSWORD)
    page.goto(f"{base}/reviews/{review.pk}/upload/")
    page.set_input_files("#id_exports", files=[
        {"name": "scopus.ris", "mimeType": "application/x-research-info-systems", "buffer": ris(PART1, *OTHER)},
        {"name": "pubmed.ris", "mimeType": "application/x-research-info-systems", "buffer": ris(PART2, OTHER[0])}])
    page.click("button[type=submit]")
    page.wait_for_selector("#job-bar")
    assert page.locator("#intake-job").get_attribute("data-finished") == "0"
    page.screenshot(path=str(shots / "review-intake-progress-desktop.png"), full_page=True)
    page.wait_for_selector(".msg.success", timeout=30000)  # reloaded by the script once the job ended
    assert "5 records read" in page.inner_text(".msg.success") or "5 rekaman dibaca" in page.inner_text(".msg.success")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]
    assert any(u.endswith("/intake/job.js") and st == 200 for u, st in polled)
    assert any(u.endswith("/status.json") and st == 200 for u, st in polled)  # the page polled the job
    job = IntakeJob.objects.get(review=review)
    assert job.status == "done" and review.records.count() == 5
    page.screenshot(path=str(shots / "review-intake-done-desktop.png"), full_page=True)

    phone = browser.new_page(viewport=PHONE)
    _login(phone, base, "pemilik", PASSWORD)
    phone.goto(f"{base}/reviews/{review.pk}/duplicates/")
    phone.screenshot(path=str(shots / "review-intake-duplicates-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    phone.check("input[name=pair-0][value=keep_apart]")
    phone.click("text=Simpan keputusan ini")
    phone.wait_for_selector(".msg.success")
    assert DedupVerdict.objects.get().merge is False
    assert DedupCluster.objects.get().status == "decided"


LONG_DOI = "10.5555/" + "x" * 112  # 120 characters, no place to break


def _tall_enough(page, selector: str) -> list[tuple[str, float]]:
    """Each element matching ``selector`` that is under a 44 px tap target (WCAG 2.5.5), with its height."""
    boxes = page.eval_on_selector_all(selector, "els => els.map(e => [e.id || e.name, e.getBoundingClientRect().height])")
    return [(name, height) for name, height in boxes if height < 44]


@pytest.mark.django_db(transaction=True)
def test_phone_pages_fit_the_screen_and_their_file_inputs_are_tap_targets(browser, live_server, shots):  # noqa: F811
    """At 390 px: a pair with a 120-character DOI and long ids does not make the duplicates page scroll sideways;
    the file inputs of the upload and duplicates pages are at least 44 px high; the upload form has a heading."""
    from laktasi.web.review_intake import services
    from tests.web.test_review_intake import PART1, PART2, ris
    from tests.web.test_reviews_permissions import make_review

    owner = get_user_model().objects.create_user(username="pemilik", password=PASSWORD)
    review = make_review(owner, "Pijat oksitosin: tinjauan")
    long_name = "embase-export-" + "y" * 90 + ".ris"  # record ids "<file>:<n>" as long as the file's name
    done = services.upload(review, [(long_name, ris((*PART1, LONG_DOI), (*PART2, LONG_DOI[:-1] + "z")))], owner)
    assert done.clusters == 1
    base = live_server.url
    phone = browser.new_page(viewport=PHONE)
    _login(phone, base, "pemilik", PASSWORD)
    phone.goto(f"{base}/reviews/{review.pk}/duplicates/")
    assert LONG_DOI in phone.content()
    phone.screenshot(path=str(shots / "review-intake-duplicates-long-doi-phone.png"), full_page=True)
    widths = phone.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth,"
                            " Math.max(...[...document.querySelectorAll('fieldset')].map(f => f.getBoundingClientRect().right))]")
    assert max(widths) <= 390 + 1, widths
    assert _tall_enough(phone, "input[type=file]") == []
    phone.goto(f"{base}/reviews/{review.pk}/upload/")
    phone.screenshot(path=str(shots / "review-intake-upload-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert _tall_enough(phone, "input[type=file]") == []
    heading = phone.locator("main h2, h2").first.inner_text()
    assert heading in ("Unggah rekaman", "Upload records")
