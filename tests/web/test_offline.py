"""Offline in headless Chromium (id-ID, a 390 px phone): the midwife loses signal, enrols one mother, records her
first visit and visits of three other mothers, reloads the page without signal (the outbox badge still counts
5), gets the signal back, and the
outbox is sent once — exactly those rows exist, once, with their audit events. A visit recorded meanwhile on
another phone is a conflict shown to her, not overwritten. Service workers need a secure context: localhost.

Screenshots (the badge and the outbox list) go to a temporary folder, or to LAKTASI_SCREENSHOT_DIR (docs/img).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from .test_e2e import ARGS, CHROMIUM, PHONE, browser, shots  # noqa: F401  (fixtures)

PASSWORD = "Bidan-Luring-2026"


def _setup():
    from laktasi.web.studies.models import MIDWIFE, Membership
    from laktasi.web.studies.services import create_study
    from laktasi.web.visits import services

    User = get_user_model()
    owner = User.objects.create_user("pemilik", password=PASSWORD)
    midwife = User.objects.create_user("bidan", password=PASSWORD)
    other = User.objects.create_user("bidan2", password=PASSWORD)
    study = create_study(owner, arms=[("intervensi", False, 10), ("kontrol", True, 10)], name="Studi Luring",
                         design="quasi_two_arm", planned_n=20, visit_days=[1, 2, 3])
    for user in (midwife, other):
        Membership.objects.create(study=study, user=user, role=MIDWIFE)
    arm = study.arms.get(name="intervensi")
    now = timezone.now()
    # three mothers with a visit due today: day 1 (5 h after delivery), day 2 (29 h), day 1 (6 h)
    mothers = [services.enrol(study, owner, delivered_at=now - dt.timedelta(hours=h), parity=1,
                              delivery_mode="spontaneous", consent=True, name=f"Ibu {i}", arm=arm)
               for i, h in enumerate((5, 29, 6))]
    return study, mothers, other


def _counts(study):
    from laktasi.web.audittrail.models import AuditEvent
    from laktasi.web.visits.models import ChecklistTick, Measurement, Participant, Visit

    return {"mothers": Participant.objects.filter(study=study).count(),
            "visits": Visit.objects.filter(participant__study=study).count(),
            "measurements": Measurement.objects.filter(visit__participant__study=study).count(),
            "ticks": ChecklistTick.objects.filter(visit__participant__study=study).count(),
            "events": AuditEvent.objects.filter(study=study).count()}


def _badge(page) -> str:
    return page.inner_text("#outbox-badge") if page.is_visible("#outbox-badge") else ""


def _wait_count(page, n: int) -> None:
    """offline.js fills the badge from IndexedDB after the page has loaded: wait for it."""
    page.wait_for_function(f"(document.getElementById('outbox-badge') || {{dataset: {{}}}}).dataset.count === '{n}'",
                           timeout=60_000)


@pytest.mark.django_db(transaction=True)
def test_offline_enrol_and_two_visits_sync_once_and_a_conflict_waits_for_a_person(browser, live_server, shots):  # noqa: F811
    from laktasi.web.audittrail.models import AuditEvent
    from laktasi.web.visits import services
    from laktasi.web.visits.models import IdentifyingRecord, Measurement, Participant, Visit

    study, (m1, m2, m3), other = _setup()
    base = live_server.url.replace("127.0.0.1", "localhost")  # a secure context for the service worker
    tz = ZoneInfo(study.time_zone)
    # bypass_csp: Playwright evaluates its waits as strings, which the app's CSP (no eval) would refuse
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "bidan")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    # with signal: today's list once — the service worker starts and keeps the pages of the list
    today = f"{base}/s/{study.pk}/today/"
    page.goto(f"{base}/s/{study.pk}/m/{m1.pk}/")  # a page not needed without signal: not kept
    page.goto(today)
    page.wait_for_function("document.documentElement.dataset.offlineReady === '1'", timeout=60_000)
    assert int(page.evaluate("document.documentElement.dataset.pagesKept")) >= 5  # list, enrol, 3 visit forms
    kept = page.evaluate("caches.open('laktasi-pages-v1').then(c => c.keys())"
                         ".then(ks => ks.map(r => new URL(r.url).pathname).sort())")
    assert f"/s/{study.pk}/today/" in kept and f"/s/{study.pk}/enrol/" in kept
    assert f"/s/{study.pk}/m/{m1.pk}/" not in kept and all("/day/" in k or k.endswith(("/today/", "/enrol/", "/offline/", "/offline/visit/"))
                                                          for k in kept), kept
    before = _counts(study)

    # no signal
    context.set_offline(True)
    response = page.goto(f"{base}/s/{study.pk}/enrol/")
    assert response.headers.get("x-laktasi-offline") == "1"  # the copy kept on the phone, not the server's
    page.fill("#id_name", "Ibu Luring")
    page.fill("#id_phone", "0812 7777 8888")
    page.check("#id_consent")
    delivered = (dt.datetime.now(tz) - dt.timedelta(hours=3)).replace(second=0, microsecond=0)
    page.fill("#id_delivered_at", delivered.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_parity", "2")
    page.select_option("#id_delivery_mode", "spontaneous")
    page.select_option("#id_arm", label="intervensi")
    page.click("button[type=submit]")
    page.wait_for_url(today)
    _wait_count(page, 1)
    assert _badge(page).startswith("1 belum terkirim")

    # her first visit, before her enrolment is sent: from the outbox list, "Catat"
    page.click("#outbox-badge")
    page.click("#outbox-list a.record")
    page.wait_for_selector("main h1:has-text('Ibu Luring')")  # the form says whose visit it is
    page.fill("#id_visited_at", (delivered + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_volume_ml", "7,5")
    page.click("button[type=submit]")
    page.wait_for_url(today)
    _wait_count(page, 2)

    visits = ((m1, 1, "8,5"), (m2, 2, "14.5"), (m3, 1, "6"))
    for mother, day, volume in visits:
        page.click(f"a[href='/s/{study.pk}/m/{mother.pk}/day/{day}/']")
        page.wait_for_selector("#visit-form")
        local = dt.datetime.now(tz).replace(second=0, microsecond=0) - dt.timedelta(minutes=5)
        page.fill("#id_visited_at", local.strftime("%Y-%m-%dT%H:%M"))
        page.fill("#id_volume_ml", volume)
        for box in page.query_selector_all(".tick input[type=checkbox]")[:3]:
            box.check()
        page.click("button[type=submit]")
        page.wait_for_url(today)
    _wait_count(page, 5)
    assert _badge(page).startswith("5 belum terkirim")
    assert page.locator("li.queued").count() == 3  # today's list marks what is kept on the phone

    # reload without signal: the list comes from the phone, the outbox from IndexedDB
    response = page.reload()
    assert response.headers.get("x-laktasi-offline") == "1"
    _wait_count(page, 5)
    assert _badge(page).startswith("5 belum terkirim")
    page.screenshot(path=str(shots / "web-offline-badge-390.png"))
    page.click("#outbox-badge")
    page.screenshot(path=str(shots / "web-offline-outbox-390.png"))
    assert _counts(study) == before  # nothing reached the server

    # meanwhile another midwife records mother 3's day-1 visit, with another volume
    services.save_visit(m3, other, services.VisitInput(day=1, visited_at=timezone.now() - dt.timedelta(minutes=30),
                                                       volume_ml=Decimal("9.0")))
    after_other = _counts(study)

    # signal again: sent once
    context.set_offline(False)
    page.evaluate("window.laktasiSync()")  # the "online" event does this too; awaited here
    _wait_count(page, 1)
    assert "1 perlu diperiksa" in _badge(page)
    page.screenshot(path=str(shots / "web-offline-conflict-390.png"))

    new = Participant.objects.get(identity__name="Ibu Luring")
    assert IdentifyingRecord.objects.filter(name="Ibu Luring").count() == 1
    assert new.arm.name == "intervensi" and new.parity == 2
    got = {(v.participant_id, v.day): Measurement.objects.get(visit=v).volume_ml
           for v in Visit.objects.filter(participant__study=study)}
    assert got == {(m1.pk, 1): Decimal("8.5"), (m2.pk, 2): Decimal("14.5"), (m3.pk, 1): Decimal("9.0"),
                   (new.pk, 1): Decimal("7.5")}
    counts = _counts(study)
    assert counts["mothers"] == after_other["mothers"] + 1 and counts["visits"] == after_other["visits"] + 3
    assert counts["measurements"] == counts["visits"]
    # the audit trail has each new row's creation, once, by the midwife who entered it offline
    for entity, object_id in (("participant", new.pk), ("identifyingrecord", new.identity.pk),
                              *(("visit", v.pk) for v in Visit.objects.filter(participant__in=[m1, m2, new])),
                              *(("measurement", m.pk)
                                for m in Measurement.objects.filter(visit__participant__in=[m1, m2, new]))):
        events = AuditEvent.objects.filter(study=study, entity=entity, object_id=str(object_id), action="create")
        assert [e.user.username for e in events] == ["bidan"], (entity, object_id)

    # sending again changes nothing (the outbox is empty but for the conflict; keys make repeats harmless)
    page.evaluate("window.laktasiSync()")
    assert _counts(study) == counts

    # the conflict: opened, the phone's value is filled in for her to decide; the recorded one is untouched
    if not page.is_visible("#outbox-panel"):  # still open from before the signal came back
        page.click("#outbox-badge")
    page.click("#outbox-list a.open")
    page.wait_for_selector("#visit-form")
    assert page.input_value("#id_volume_ml") in ("6", "6,0", "6.0")
    assert Measurement.objects.get(visit__participant=m3, visit__day=1).volume_ml == Decimal("9.0")
    page.screenshot(path=str(shots / "web-offline-conflict-open-390.png"), full_page=True)

    # the same visit POSTed once more by a client with the same key (a retried request): still once
    keys = json.loads(page.evaluate(
        "new Promise(r => { const q = indexedDB.open('laktasi'); q.onsuccess = () => { const t = q.result"
        ".transaction('outbox').objectStore('outbox').getAll(); t.onsuccess = () => r(JSON.stringify(t.result)); }; })"))
    assert len(keys) == 1 and keys[0]["state"] == "conflict"
    c = Client()
    c.force_login(get_user_model().objects.get(username="bidan"))
    r = c.post(f"/s/{study.pk}/m/{m1.pk}/day/1/", {"visited_at": "2026-01-01T00:00"}, HTTP_IDEMPOTENCY_KEY="x" * 32)
    assert r.status_code == 409 and _counts(study) == counts
    context.close()


@pytest.mark.django_db
def test_service_worker_offline_page_and_manifest(clients):
    anonymous = Client()
    for url in ("/sw.js", "/offline/"):
        r = anonymous.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    r = clients["midwife"].get("/sw.js")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/javascript")
    assert r["Service-Worker-Allowed"] == "/" and b"idempotency_key" in r.content
    assert clients["midwife"].get("/offline/").status_code == 200
    manifest = anonymous.get("/static/laktasi/manifest.webmanifest")  # the browser fetches it without cookies
    data = json.loads(b"".join(manifest.streaming_content))
    assert data["start_url"] == "/" and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    page = clients["midwife"].get("/").content.decode()
    assert 'rel="manifest"' in page and "offline.js" in page and 'id="outbox"' in page


@pytest.mark.django_db(transaction=True)
def test_a_typed_form_is_kept_as_a_draft_until_saved(browser, live_server):  # noqa: F811
    study, _mothers, _other = _setup()
    base = live_server.url.replace("127.0.0.1", "localhost")
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "bidan")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    enrol = f"{base}/s/{study.pk}/enrol/"
    page.goto(enrol)
    page.wait_for_function("document.documentElement.dataset.offlineReady === '1'", timeout=60_000)
    page.fill("#id_name", "Ibu Draf")
    page.fill("#id_address", "Jl. Mawar 3")
    page.wait_for_timeout(1000)  # kept 0.4 s after the last keystroke
    page.goto(enrol)  # the page again (a tap elsewhere, the phone's browser closed and reopened)
    page.wait_for_function("document.getElementById('id_name').value === 'Ibu Draf'", timeout=30_000)
    assert page.input_value("#id_address") == "Jl. Mawar 3"
    assert page.is_visible("text=Draf yang diketik sebelumnya")
    context.close()
