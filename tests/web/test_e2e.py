"""End to end in headless Chromium (Debian's, via Playwright): a midwife on a phone enrols a mother and records
two visits; the owner sees the dashboard and downloads the DOCX report.

Screenshots go to a temporary folder, or to ``LAKTASI_SCREENSHOT_DIR`` (``docs/img`` for the README).
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} not found (Debian package chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " — required when CI=true")
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test body are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
    # Connections leaked by ORM calls made inside Playwright's greenlets are closed once, at the end of the
    # session (tests/web/conftest.py): terminating them here would also kill connections later tests use.


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("LAKTASI_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.django_db(transaction=True)
def test_midwife_enrols_records_two_visits_owner_downloads_docx(browser, live_server, shots, tmp_path):
    from laktasi.web.visits.demo import create_demo
    from laktasi.web.visits.models import Measurement, Participant, Visit

    study, logins = create_demo(n_per_arm=5, seed=3, pending=2, owner_password="Demo-Pemilik-2026",
                                midwife_password="Demo-Bidan-2026")
    base = live_server.url
    tz = ZoneInfo(study.time_zone)
    delivered = (dt.datetime.now(tz) - dt.timedelta(hours=60)).replace(second=0, microsecond=0)

    phone = browser.new_page(viewport=PHONE)
    _login(phone, base, "bidan", "Demo-Bidan-2026")
    phone.goto(f"{base}/s/{study.pk}/today/")
    phone.screenshot(path=str(shots / "web-today-390.png"), full_page=True)

    # enrol a mother
    phone.click(f"a[href='/s/{study.pk}/enrol/']")
    phone.fill("#id_name", "Ibu Uji Peramban")
    phone.fill("#id_phone", "0812 0000 1111")
    phone.fill("#id_address", "Jl. Kenanga 7")
    phone.check("#id_consent")
    phone.fill("#id_delivered_at", delivered.strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#id_parity", "1")
    phone.select_option("#id_delivery_mode", "spontaneous")
    phone.select_option("#id_arm", label="intervensi")
    phone.screenshot(path=str(shots / "web-enrol-390.png"), full_page=True)
    phone.click("button[type=submit]")
    phone.wait_for_selector("h1:has-text('P0')")
    mother = Participant.objects.get(identity__name="Ibu Uji Peramban")
    assert mother.arm.name == "intervensi"

    # two visits: day 1 (10 h postpartum) and day 3 (50 h)
    for day, hours, volume, category in ((1, 10, "8.5", "kurang lancar"), (3, 50, "24", "lancar")):
        phone.goto(f"{base}/s/{study.pk}/m/{mother.pk}/")
        phone.click(f"a[href='/s/{study.pk}/m/{mother.pk}/day/{day}/']")
        phone.fill("#id_visited_at", (delivered + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M"))
        phone.fill("#id_volume_ml", volume)
        phone.wait_for_selector(f"#measure-check .category:text-is('{category}')")  # shown at once (htmx)
        phone.select_option("#id_breast_full", "1")
        for box in phone.query_selector_all(".tick input[type=checkbox]")[:5]:
            box.check()
        if day == 3:
            phone.screenshot(path=str(shots / "web-visit-390.png"), full_page=True)
        phone.click("button[type=submit]")
        phone.wait_for_url(f"{base}/s/{study.pk}/today/")
    visits = Visit.objects.filter(participant=mother).order_by("day")
    assert [(v.day, v.hours_postpartum) for v in visits] == [(1, 10.0), (3, 50.0)]
    assert [Measurement.objects.get(visit=v).category for v in visits] == ["kurang lancar", "lancar"]

    phone.goto(f"{base}/s/{study.pk}/")
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(shots / "web-dashboard-390.png"), full_page=True)
    enrolled = Participant.objects.filter(study=study).exclude(status="withdrawn").count()
    assert f"{enrolled} / {study.planned_n}" in phone.inner_text(".grid")

    # the owner on a desktop: dashboard, analysis, DOCX download
    desk = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    _login(desk, base, "demo", "Demo-Pemilik-2026")
    desk.goto(f"{base}/s/{study.pk}/")
    desk.wait_for_load_state("networkidle")
    desk.screenshot(path=str(shots / "web-dashboard-desktop.png"), full_page=True)
    desk.goto(f"{base}/s/{study.pk}/analyse/")
    desk.wait_for_load_state("networkidle")
    desk.screenshot(path=str(shots / "web-analyse-desktop.png"))
    with desk.expect_download() as info:
        desk.click(f"a[href='/s/{study.pk}/analyse/report.docx']")
    target = tmp_path / "report.docx"
    info.value.save_as(target)
    with zipfile.ZipFile(target) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Hasil Penelitian" in xml
    desk.goto(f"{base}/s/{study.pk}/m/{mother.pk}/")
    assert "Ibu Uji Peramban" in desk.content()  # owners see the identifying record
    phone.goto(f"{base}/s/{study.pk}/m/{mother.pk}/")
    assert "Jl. Kenanga 7" in phone.content()  # and the midwife who visits her (she must find the house)
    other = Participant.objects.exclude(enrolled_by__username="bidan").exclude(visits__recorded_by__username="bidan")
    if other.exists():
        phone.goto(f"{base}/s/{study.pk}/m/{other.first().pk}/")
        assert other.first().identity.name not in phone.content()  # not the mothers she does not visit
