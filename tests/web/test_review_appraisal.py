"""Risk of bias in the review workspace: the included studies, each study's final judgement (single,
two agreeing appraisers, consensus) as the stable keys other pages use."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from laktasi.web.review_appraisal import services
from laktasi.web.review_appraisal.models import Appraisal, AppraisalSettings, Consensus
from laktasi.web.reviews.models import (
    FULL_TEXT,
    REVIEWER,
    TITLE_ABSTRACT,
    VIEWER,
    ReviewMember,
    ReviewRecord,
    ScreeningDecision,
)
from tests.web.test_reviews_permissions import make_review


def include(record, people, decision="include"):
    for stage in (TITLE_ABSTRACT, FULL_TEXT):
        for who in ("rev1", "rev2"):
            ScreeningDecision(record=record, reviewer=people[who], stage=stage,
                              decision=decision if stage == FULL_TEXT else "include").save(by=people[who])


@pytest.fixture
def team(db):
    User = get_user_model()
    people = {n: User.objects.create_user(username=n, password="kata-sandi-uji-123")
              for n in ("owner", "rev1", "rev2", "third", "viewer", "outsider")}
    review = make_review(people["owner"])
    for n in ("rev1", "rev2", "third"):
        ReviewMember(review=review, user=people[n], role=REVIEWER).save(by=people["owner"])
    ReviewMember(review=review, user=people["viewer"], role=VIEWER).save(by=people["owner"])
    make_review(people["outsider"], "Tinjauan B")
    return review, people


@pytest.fixture
def studies(team):
    """Three included studies and one excluded at full text."""
    review, people = team
    rows = []
    for i in range(4):
        r = ReviewRecord(review=review, record_id=f"r{i}", title=f"Pijat oksitosin {i}", year=2020 + i,
                         authors=[f"Sari{i}, D"])
        r.save(by=people["owner"])
        include(r, people, "exclude" if i == 3 else "include")
        rows.append(r)
    return review, people, rows


def appraisal(record, user, tool, domains, overall, complete=True):
    a = Appraisal(record=record, appraiser=user, tool=tool, domains={k: {"proposed": v, "final": v, "reason": ""}
                                                                     for k, v in domains.items()},
                  overall_proposed=overall, overall=overall, complete=complete)
    a.save(by=user)
    return a


D_LOW = {"D1": "low", "D2": "low", "D3": "low", "D4": "low", "D5": "low"}


def test_included_are_full_text_includes(studies):
    review, _people, rows = studies
    assert list(services.included(review)) == rows[:3]


def test_overall_judgements_dual_single_and_consensus(studies):
    review, people, rows = studies
    # study 0: two appraisers agree → final
    appraisal(rows[0], people["rev1"], "rob2", D_LOW, "low")
    appraisal(rows[0], people["rev2"], "rob2", D_LOW, "low")
    # study 1: they disagree → absent until a consensus
    appraisal(rows[1], people["rev1"], "rob2", D_LOW, "low")
    appraisal(rows[1], people["rev2"], "rob2", {**D_LOW, "D3": "high"}, "high")
    # study 2: only one complete → absent with two appraisers per study
    appraisal(rows[2], people["rev1"], "robins_i", {"D1": "serious"}, "serious")
    appraisal(rows[2], people["rev2"], "robins_i", {"D1": "serious"}, "serious", complete=False)
    # the excluded study never counts
    appraisal(rows[3], people["rev1"], "rob2", D_LOW, "low")
    appraisal(rows[3], people["rev2"], "rob2", D_LOW, "low")
    assert services.overall_judgements(review) == {rows[0].pk: "low"}
    Consensus(record=rows[1], tool="rob2", domains={**D_LOW, "D3": "some_concerns"}, overall="some_concerns",
              reason="dibahas", decided_by=people["third"]).save(by=people["third"])
    assert services.overall_judgements(review) == {rows[0].pk: "low", rows[1].pk: "some_concerns"}
    AppraisalSettings(review=review, appraisers=1).save(by=people["owner"])
    assert services.overall_judgements(review) == {rows[0].pk: "low", rows[1].pk: "some_concerns",
                                                   rows[2].pk: "serious"}
    assert services.final_judgements(review)[rows[2].pk].tool == "robins_i"
