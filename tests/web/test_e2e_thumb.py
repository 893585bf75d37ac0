"""For the midwife's thumb (issue 10), in Chromium at 390 px in the id-ID locale: tap targets of at least 44 px
(WCAG 2.5.5), the error summary at the top after Save, the visit form in short sections, the mothers list's
status visible, the audit page in field labels. Screenshots to LAKTASI_SCREENSHOT_DIR (docs/img)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from laktasi.web.visits import services
from tests.web.conftest import PASSWORD
from tests.web.test_e2e import DESKTOP, PHONE, _login, browser, shots  # noqa: F401  (fixtures)

# Every visible control and every link outside running text; a checkbox counts by its row (label + box).
SMALL_TARGETS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('a, button, input:not([type=hidden]), select, textarea')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (el.closest('p, .muted, .help, .helptext, .msg, .demo-banner') && el.tagName === 'A' && !el.classList.contains('btn')) continue;
    let h = box.height;
    if (el.type === 'checkbox') { const row = el.closest('.tick, label'); h = row ? row.getBoundingClientRect().height : h; }
    if (h < 44) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}[${(el.name || el.textContent || '').trim().slice(0, 30)}] ${Math.round(h)}px`);
  }
  return out;
}"""


@pytest.fixture
def field(users, study):
    arm = study.arms.get(name="intervensi")
    now = timezone.now()
    mothers = []
    for i, hours in enumerate((20, 60, 30)):
        m = services.enrol(study, users["midwife"], delivered_at=now - dt.timedelta(hours=hours), parity=1 + i,
                           delivery_mode="spontaneous", consent=True, name=f"Ibu Jempol {i}", phone="0812 555",
                           address=f"Dusun Krajan RT 0{i}", arm=arm)
        mothers.append(m)
    services.save_visit(mothers[1], users["midwife"], services.VisitInput(
        day=1, visited_at=mothers[1].delivered_at + dt.timedelta(hours=8), volume_ml=9, urine_24h=1))
    services.withdraw(mothers[2], users["midwife"], "pindah ke luar kota")
    return mothers


@pytest.mark.django_db(transaction=True)
def test_thumb_sized_phone_pages(browser, live_server, shots, users, study, field):  # noqa: F811
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    _login(page, base, "midwife", PASSWORD)
    m = field[0]
    pages = {
        "today": f"/s/{study.pk}/today/", "mothers": f"/s/{study.pk}/mothers/", "mother": f"/s/{study.pk}/m/{m.pk}/",
        "visit": f"/s/{study.pk}/m/{m.pk}/day/1/", "enrol": f"/s/{study.pk}/enrol/",
    }
    for name, url in pages.items():
        page.goto(base + url)
        assert page.evaluate(SMALL_TARGETS) == [], name

    # the mothers list: every status visible inside 390 px, no sideways scrolling needed
    page.goto(base + pages["mothers"])
    for box in [el.bounding_box() for el in page.query_selector_all(".status")]:
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert "Mengundurkan diri" in page.inner_text("table")
    page.screenshot(path=str(shots / "web-mothers-390.png"), full_page=True)

    # the visit form in short numbered sections; Save with mistakes: the summary at the top, focused
    page.goto(base + pages["visit"])
    assert page.locator("fieldset.section legend").count() == 4
    page.screenshot(path=str(shots / "web-visit-sections-390.png"))
    page.fill("#id_volume_ml", "12,5,0")
    page.fill("#id_visited_at", (m.delivered_at + dt.timedelta(hours=40)).astimezone(
        timezone.get_default_timezone()).strftime("%Y-%m-%dT%H:%M"))
    page.click("button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = page.locator("#error-summary a")
    assert links.count() == 2
    assert page.locator("#error-summary").bounding_box()["y"] < page.locator("#sec-time").bounding_box()["y"]
    page.screenshot(path=str(shots / "web-visit-errors-390.png"))
    links.nth(1).click()  # jumps to the field
    assert page.evaluate("document.activeElement.id") in ("id_volume_ml", "id_visited_at")

    # the wet-nappies warning is day-appropriate: 1 on day 1 passes without a warning
    page.goto(base + pages["visit"])
    page.fill("#id_visited_at", (m.delivered_at + dt.timedelta(hours=10)).astimezone(
        timezone.get_default_timezone()).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_volume_ml", "6")
    page.fill("#id_urine_24h", "1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/s/{study.pk}/today/")

    # the midwife sees the address of the mother she visits
    page.goto(base + pages["mother"])
    assert "Dusun Krajan RT 00" in page.inner_text(".identity")
    page.screenshot(path=str(shots / "web-mother-identity-390.png"), full_page=True)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_owner_screens(browser, live_server, shots, users, study, field):  # noqa: F811
    base = live_server.url
    for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "390")):
        context = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta")
        page = context.new_page()
        _login(page, base, "owner", PASSWORD)
        page.goto(f"{base}/s/{study.pk}/audit/")
        text = page.inner_text("table.audit")
        assert "checklisttick #" not in text and "Pengukuran, hari ke-1" in text
        page.screenshot(path=str(shots / f"web-audit-{suffix}.png"), full_page=suffix == "desktop")
        page.select_option("#f-kind", "participant")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/audit/?*")
        records = [td.inner_text() for td in page.query_selector_all("table.audit td:nth-child(3)")]
        assert records and all(r.startswith("Ibu P0") for r in records), records[:3]
        page.goto(f"{base}/s/{study.pk}/members/")
        if suffix == "desktop":
            page.screenshot(path=str(shots / "web-members-desktop.png"), full_page=True)
        assert page.evaluate(SMALL_TARGETS) == []
        page.goto(f"{base}/s/{study.pk}/design/")
        page.screenshot(path=str(shots / f"web-design-{suffix}.png"), full_page=True)
        page.goto(f"{base}/s/{study.pk}/m/99999999999999999999999/")
        assert "Halaman tidak ditemukan" in page.content()
        if suffix == "390":
            page.screenshot(path=str(shots / "web-404-390.png"))
        context.close()


@pytest.mark.django_db(transaction=True)
def test_expired_session_restores_the_typed_visit_in_chromium(browser, live_server, shots, users, study,  # noqa: F811
                                                                field):
    """The midwife types a visit, her session expires, she taps Save: after logging in again the form is back
    with what she typed (nothing saved yet), and saving it then records the visit once."""
    from laktasi.web.visits.models import Measurement, Visit

    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    _login(page, base, "midwife", PASSWORD)
    m = field[0]
    url = f"{base}/s/{study.pk}/m/{m.pk}/day/1/"
    page.goto(url)
    page.fill("#id_visited_at", (m.delivered_at + dt.timedelta(hours=10)).astimezone(
        timezone.get_default_timezone()).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_volume_ml", "7,5")
    page.fill("#id_notes", "ibu mengantuk")
    context.clear_cookies(name="sessionid")  # the session ends while the form is open
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/login/**")
    assert not Visit.objects.filter(participant=m).exists()
    page.fill("#id_username", "midwife")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url)
    page.wait_for_selector("#draft-notice")
    assert page.input_value("#id_volume_ml") == "7,5" and page.input_value("#id_notes") == "ibu mengantuk"
    page.screenshot(path=str(shots / "web-draft-restored-390.png"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/s/{study.pk}/today/")
    assert str(Measurement.objects.get(visit__participant=m).volume_ml) == "7.5"
    context.close()
