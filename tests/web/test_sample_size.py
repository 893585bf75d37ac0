"""The sample-size helper on the study form gives the numbers of ``laktasi power`` (laktasi.stats.power).

Expected sizes come from two places: the library function the CLI calls, and R ``pwr`` output committed in
r/stats/references.json (r/stats/references.R) — ``pwr.t.test(type = "paired")`` for one group and
``pwr.t.test(type = "two.sample")$n × (1 − ρ²)`` (Borm et al. 2007) for two arms.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from laktasi.stats import power
from laktasi.web.accounts.models import Profile
from tests.web.test_e2e import browser, shots  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

R_REF = json.loads((Path(__file__).resolve().parents[2] / "r" / "stats" / "references.json").read_text("utf-8"))


def _ask(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("row", R_REF["ancova_power"]["rows"], ids=lambda r: f"d{r['d']}-rho{r['rho']}")
def test_two_arm_size_is_the_ancova_of_laktasi_power(clients, row):
    r = _ask(clients["outsider"], reverse("sample_size"), design="rct", ss_d=str(row["d"]), ss_power="0.8",
             ss_alpha="0.05", ss_rho=str(row["rho"]))
    got = r.context["result"]
    lib = power.ancova(row["d"], row["rho"], power=0.8, alpha=0.05)
    assert (got.design, got.n, got.n_total) == ("ancova", lib.n, 2 * lib.n)
    assert lib.n == math.ceil(row["n_ancova"])  # R pwr × (1 − ρ²)
    assert f'data-value="{2 * lib.n}"' in r.content.decode()


@pytest.mark.parametrize("row", [r for r in R_REF["pwr_t"]["rows"] if r["type"] == "paired"], ids=lambda r: f"d{r['d']}")
def test_one_group_size_is_the_paired_t_of_laktasi_power(clients, row):
    # decimal comma, as an Indonesian user types it
    r = _ask(clients["outsider"], reverse("sample_size"), design="one_group", ss_d=str(row["d"]).replace(".", ","),
             ss_power="0,8", ss_alpha="0,05", ss_rho="")
    got = r.context["result"]
    lib = power.paired_t(row["d"], power=0.8)
    assert (got.design, got.n, got.n_total) == ("paired_t", lib.n, lib.n)
    assert lib.n == math.ceil(row["n_for_80"])  # R pwr.t.test(type = "paired")
    assert f'data-value="{lib.n}"' in r.content.decode()


def test_method_text_in_both_languages(clients, users):
    params = {"design": "quasi_two_arm", "ss_d": "0.5", "ss_power": "0.8", "ss_alpha": "0.05", "ss_rho": "0.6"}
    lib = power.ancova(0.5, 0.6, power=0.8)
    indonesian = _ask(clients["midwife"], reverse("sample_size"), **params).content.decode()
    assert "besar sampel uji t dua sampel × (1 − ρ²)" in indonesian
    assert f"{lib.n} per kelompok, total {lib.n_total}" in indonesian
    Profile.objects.create(user=users["owner"], language="en")
    english = _ask(clients["owner"], reverse("sample_size"), **params).content.decode()
    assert lib.method in english and escape(lib.reference) in english
    assert f"{lib.n} per arm, {lib.n_total} in total" in english
    assert f"Use {lib.n_total} as the planned sample size" in english


def test_bad_inputs_are_listed_all_at_once(clients):
    r = _ask(clients["owner"], reverse("sample_size"), design="rct", ss_d="lima", ss_power="0.8", ss_alpha="x",
             ss_rho="0.5")
    assert r.context["result"] is None
    assert r.context["problems"] == ["d: bukan angka", "alpha: bukan angka"]
    r = _ask(clients["owner"], reverse("sample_size"), design="rct", ss_d="0.5", ss_power="1.5", ss_alpha="0.05",
             ss_rho="1")
    text = r.content.decode()
    assert "power: harus di atas alpha dan di bawah 1" in text and "rho: korelasi pre–post harus" in text
    assert "data-value" not in text


def test_design_page_uses_the_studys_design_when_the_field_is_locked(clients, study, mother):
    # with a mother enrolled the design field is disabled and not sent; the study's design is used
    url = reverse("study_sample_size", args=[study.pk])
    r = _ask(clients["owner"], url, ss_d="0.5", ss_power="0.8", ss_alpha="0.05", ss_rho="0.6")
    assert r.context["result"].design == "ancova"
    page = clients["owner"].get(reverse("study_settings", args=[study.pk])).content.decode()
    assert f'hx-get="{url}"' in page and 'id="id_ss_d"' in page
    assert clients["outsider"].get(url, {"ss_d": "0.5"}).status_code == 404
    assert clients["midwife"].get(url, {"ss_d": "0.5"}).status_code == 403


def test_new_study_form_shows_the_helper_beside_the_planned_size(clients):
    page = clients["outsider"].get(reverse("study_new")).content.decode()
    assert page.index('id="id_planned_n"') < page.index('id="sample-size"') < page.index('id="id_time_zone"')
    assert f'hx-get="{reverse("sample_size")}"' in page


@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_result_goes_into_the_planned_size(browser, live_server, shots, users):  # noqa: F811
    from tests.web.conftest import PASSWORD
    from tests.web.test_e2e import PHONE, _login

    page = browser.new_page(viewport=PHONE)
    _login(page, live_server.url, "owner", PASSWORD)
    page.goto(f"{live_server.url}{reverse('study_new')}")
    assert page.input_value("#id_ss_power") == "0,8"  # the defaults in the reader's number format
    page.fill("#id_ss_rho", "0,6")
    page.click("text=Hitung besar sampel")
    page.wait_for_selector("[data-testid=sample-size]")
    n_total = power.ancova(0.5, 0.6, power=0.8).n_total
    page.click(f"text=Pakai {n_total} sebagai besar sampel yang direncanakan")
    assert page.input_value("#id_planned_n") == str(n_total)
    page.locator("#sample-size").screenshot(path=str(shots / "web-sample-size-phone.png"))
    page.close()
