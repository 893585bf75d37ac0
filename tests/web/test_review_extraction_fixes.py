"""Regression tests for the documentation pass's findings on the extraction & synthesis app (issue 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from laktasi.web.review_extraction.models import EffectBlock
from tests.web.conftest import client_for
from tests.web.test_review_extraction import make_people, make_review, speak
from tests.web.test_review_extraction_meta import included


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def review(people):
    return make_review(people)


def mean_sd(rv, user, rec, label, outcome="asi", **v):
    values = {"mean_t": 10.0, "sd_t": 2.0, "n_t": 20, "mean_c": 8.0, "sd_c": 2.5, "n_c": 21} | v
    row = EffectBlock(review=rv, record=rec, label=label, outcome=outcome, kind="mean_sd", values=values,
                      entered_by=user)
    row.save(by=user)
    return row


def two_by_two(rv, user, rec, label, outcome="asi"):
    row = EffectBlock(review=rv, record=rec, label=label, outcome=outcome, kind="two_by_two",
                      values={"events_t": 15, "n_t": 20, "events_c": 9, "n_c": 21}, entered_by=user)
    row.save(by=user)
    return row


def test_mixed_block_kinds_offer_the_measures_and_say_who_is_left_out(review, people):
    """One outcome with a 2×2 block and two mean/SD blocks: the measures some blocks can give are offered,
    the default is the one most studies give (MD), and the 2×2 study is named under "Left out" with why."""
    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    r1, r2, r3 = (included(review, o, a, b, f"m{i}", name, 2020 + i) for i, name in enumerate(("Ani", "Budi", "Cici")))
    mean_sd(review, a, r1, "Ani 2020")
    mean_sd(review, a, r2, "Budi 2021", mean_t=11.0)
    two_by_two(review, a, r3, "Cici 2022")
    speak(a, "en")
    c = client_for(a)
    page = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "asi"})
    assert page.status_code == 200
    choices = page.context["c"]
    assert choices["measure"] == "MD"
    assert choices["measures"][:3] == ["MD", "SMD", "ROM"] and {"RR", "OR", "RD"} <= set(choices["measures"])
    run = page.context["run"]
    assert run.analysis is not None and run.analysis.pooled.k == 2
    (label, why), = page.context["excluded"]
    assert label == "Cici 2022" and "2×2" in why and "cannot give MD" in why and "RR" in why
    html = page.content.decode()
    assert "Left out of this analysis" in html and "Cici 2022" in html
    # RR chosen: the 2×2 study is pooled, the two mean/SD studies are left out with the reason
    rr = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "asi", "measure": "RR"})
    assert [x[0] for x in rr.context["excluded"]] == ["Ani 2020", "Budi 2021"]
    assert "<option selected>RR</option>" in rr.content.decode()
    speak(a, "id")
    page = client_for(a).get(reverse("review_meta", args=[review.pk]), {"outcome": "asi"})
    assert "tidak dapat menghasilkan MD" in page.context["excluded"][0][1]
