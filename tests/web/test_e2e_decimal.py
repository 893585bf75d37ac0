"""Decimal comma in Chromium (issue 10): a midwife on a phone in the id-ID and en-US locales types "12,5" or
"12.5", gets 12.5 (never 125), and editing another field later keeps the volume and the minutes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from laktasi.web.accounts.models import Profile
from laktasi.web.visits import services
from laktasi.web.visits.models import Measurement, Visit
from tests.web.conftest import PASSWORD
from tests.web.test_e2e import PHONE, _login, browser, shots  # noqa: F401  (fixtures)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("locale", "lang", "typed"), [
    ("id-ID", "id", "12,5"), ("id-ID", "id", "12.5"), ("en-US", "en", "12.5"), ("en-US", "en", "12,5")])
def test_typed_volume_survives_an_edit(browser, live_server, shots, users, study, locale, lang, typed):  # noqa: F811
    Profile.objects.update_or_create(user=users["midwife"], defaults={"language": lang})
    arm = study.arms.get(name="intervensi")
    mother = services.enrol(study, users["owner"], delivered_at=timezone.now() - dt.timedelta(hours=20), parity=1,
                            delivery_mode="spontaneous", consent=True, name="Ibu Koma", arm=arm)
    item = study.checklist.filter(records_minutes=True).first()
    context = browser.new_context(viewport=PHONE, locale=locale, timezone_id="Asia/Jakarta")
    page = context.new_page()
    base = live_server.url
    _login(page, base, "midwife", PASSWORD)
    page.goto(f"{base}/s/{study.pk}/m/{mother.pk}/day/1/")
    page.fill("#id_volume_ml", typed)
    page.check(f"#id_tick_{item.pk}")
    page.fill(f"input[name=min_{item.pk}]", typed.replace("12", "7"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/s/{study.pk}/today/")
    visit = Visit.objects.get(participant=mother)
    assert Measurement.objects.get(visit=visit).volume_ml == Decimal("12.5")
    assert visit.ticks.get(item=item).minutes == Decimal("7.5")

    # the edit page shows the value the browser can hold, in the reader's notation; change only the notes
    page.goto(f"{base}/s/{study.pk}/visit/{visit.pk}/")
    mark = "," if lang == "id" else "."
    assert page.input_value("#id_volume_ml") == f"12{mark}5"
    assert page.input_value(f"input[name=min_{item.pk}]") == f"7{mark}5"
    if typed == "12,5":
        page.screenshot(path=str(shots / f"web-visit-decimal-{lang}-390.png"))
    page.fill("#id_notes", "ibu tampak lelah")
    page.fill("#id_reason", "catatan ditambah")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/s/{study.pk}/today/")
    visit.refresh_from_db()
    assert visit.notes == "ibu tampak lelah"
    assert Measurement.objects.get(visit=visit).volume_ml == Decimal("12.5")
    assert visit.ticks.get(item=item).minutes == Decimal("7.5")
    context.close()
