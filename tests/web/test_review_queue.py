"""The screening queue of a large record set (issue 9): features built once off the request path and shared on
disk, the stable random order while they are not ready, retrains in the background on the reviewer's own labels
only; and the stopping rule's state on the screening page (Callaghan & Müller-Hansen 2020)."""

from __future__ import annotations

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from laktasi.review.prioritise import by_score
from laktasi.review.stopping import records_needed
from laktasi.web.reviews import queue, services
from laktasi.web.reviews.models import REVIEWER, ReviewMember, ReviewRecord, ScreeningDecision
from tests.web.conftest import client_for
from tests.web.test_reviews import RECORDS, TA, _upload, ris
from tests.web.test_reviews_permissions import make_review


def _team():
    User = get_user_model()
    people = {n: User.objects.create_user(username=n, password="kata-sandi-uji-123") for n in ("owner", "rev1", "rev2")}
    review = make_review(people["owner"])
    for n in ("rev1", "rev2"):
        ReviewMember(review=review, user=people[n], role=REVIEWER).save(by=people["owner"])
    assert _upload(client_for(people["owner"]), review, ("scopus.ris", ris(*RECORDS))).status_code == 302
    return review, people


def _decide(review, user, pk, decision):
    ScreeningDecision(record_id=pk, reviewer=user, stage=TA, decision=decision).save(by=user)


@pytest.fixture
def large(settings, tmp_path, monkeypatch):
    """The six-record review treated as a large one: everything heavy goes to the background worker."""
    settings.LAKTASI_HOME = tmp_path
    monkeypatch.setattr(queue, "SYNC_LIMIT", 3)
    for cache in (queue._features_cache, queue._rankings, queue._record_sets):
        cache.clear()
    yield
    assert queue.wait_idle(120)
    for cache in (queue._features_cache, queue._rankings, queue._record_sets):
        cache.clear()


@pytest.mark.django_db(transaction=True)  # the background thread reads the rows with its own connection
def test_large_set_ranks_in_the_background_from_features_on_disk(large, tmp_path, monkeypatch):
    review, people = _team()
    by_title = {r.title: r.pk for r in review.records.all()}
    oxy, engine = by_title[RECORDS[0][0]], by_title[RECORDS[2][0]]
    _decide(review, people["rev1"], oxy, "include")
    _decide(review, people["rev1"], engine, "exclude")
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    # features not built yet: the stable random order (the one a reviewer without labels sees), at once
    first = queue.queue(review, people["rev1"], TA)
    rng = np.random.default_rng(queue._stable_seed(review, people["rev1"].pk, TA))
    random_order = [pks[i] for i in by_score(rng.random(len(pks)), [pks.index(oxy), pks.index(engine)]).tolist()]
    assert first == random_order
    assert queue.wait_idle(120)
    files = list((tmp_path / "screening-features").glob("*.npz"))
    assert len(files) == 1 and not list((tmp_path / "screening-features").glob("*.building"))
    # the background retrain on rev1's two labels: the lactation records first
    ranked = queue.queue(review, people["rev1"], TA)
    assert set(ranked[:2]) == {by_title[RECORDS[1][0]], by_title[RECORDS[3][0]]}
    assert oxy not in ranked and engine not in ranked
    # blind: rev2 has no labels, gets the random order, and no model of hers exists
    assert queue.queue(review, people["rev2"], TA)[0] in pks
    assert {key[1] for key in queue._rankings} == {people["rev1"].pk}
    # another process (an empty memory cache) loads the features file instead of building again, and serves
    # rev1's ranking that the first process saved beside it at once, not the random order
    queue._features_cache.clear()
    queue._rankings.clear()
    monkeypatch.setattr(queue, "_build_in_child", lambda *a: pytest.fail("built again"))
    assert queue.queue(review, people["rev1"], TA) == ranked
    assert len(list((tmp_path / "screening-features" / "rankings").glob("*.npz"))) == 1
    assert queue.wait_idle(120)
    assert queue.queue(review, people["rev1"], TA) == ranked
    # a damaged ranking file is ignored: the random order until the retrain, then the ranking again
    queue._rankings.clear()
    next((tmp_path / "screening-features" / "rankings").glob("*.npz")).write_bytes(b"not a numpy file")
    assert queue.queue(review, people["rev1"], TA) == [pk for pk in random_order if pk not in (oxy, engine)]
    assert queue.wait_idle(120)
    assert queue.queue(review, people["rev1"], TA) == ranked


@pytest.mark.django_db(transaction=True)
def test_a_decision_is_served_from_the_last_ranking_while_the_retrain_runs(large, monkeypatch):
    review, people = _team()
    by_title = {r.title: r.pk for r in review.records.all()}
    _decide(review, people["rev1"], by_title[RECORDS[0][0]], "include")
    _decide(review, people["rev1"], by_title[RECORDS[2][0]], "exclude")
    queue.queue(review, people["rev1"], TA)
    assert queue.wait_idle(120)
    ranked = queue.queue(review, people["rev1"], TA)
    # a new decision: the next request does not retrain (the job waits), it serves the last order minus it
    hold = []
    monkeypatch.setattr(queue._worker, "submit", lambda key, job: hold.append(key))
    _decide(review, people["rev1"], ranked[0], "include")
    assert queue.queue(review, people["rev1"], TA) == ranked[1:]
    assert [k[0] for k in hold] == ["retrain"]


def test_record_set_read_again_after_an_upload(db, settings, tmp_path):
    settings.LAKTASI_HOME = tmp_path
    review, people = _team()
    queue._record_sets.clear()
    before = queue.queue(review, people["rev1"], TA)
    _upload(client_for(people["owner"]), review, ("more.ris", ris(("Kangaroo care and milk", "Skin to skin.", ""))))
    after = queue.queue(review, people["rev1"], TA)
    assert len(after) == len(before) + 1


def test_screening_page_shows_the_stopping_rule(db, settings, tmp_path):
    settings.LAKTASI_HOME = tmp_path
    review, people = _team()
    url = reverse("review_screen", args=[review.pk, TA])
    c = client_for(people["rev1"])
    assert 'id="stopping"' not in c.get(url).content.decode()  # nothing decided yet
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    _decide(review, people["rev1"], pks[0], "exclude")
    page = c.get(url).content.decode()  # the user's language: Indonesian
    assert "Belum ada inklusi di antara 1 keputusan Anda" in page
    _decide(review, people["rev1"], pks[1], "include")
    needed = records_needed([0, 1], len(pks))
    assert needed is not None and needed > 0
    page = c.get(url).content.decode()
    assert "Aturan henti" in page and f"Diperlukan sedikitnya {needed} rekaman lagi" in page
    assert "Syst Rev 9:273" in page and "10.1186/s13643-020-01521-4" in page
    for pk in pks[2:]:
        _decide(review, people["rev1"], pk, "exclude")
    page = c.get(url).content.decode()
    assert "Perkiraan recall ≥ 95% dengan kepercayaan 95% setelah 6 rekaman (dari 6)" in page
    # rev2 sees her own state only (blind): nothing decided, no rule shown
    assert 'id="stopping"' not in client_for(people["rev2"]).get(url).content.decode()
    assert ReviewRecord.objects.filter(review=review).count() == 6
