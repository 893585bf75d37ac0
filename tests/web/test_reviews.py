"""The review workspace: upload all-or-nothing with duplicates marked, blind dual screening (a reviewer's
page and JSON never hold the other's decision), the queue ordered by the reviewer's own labels only,
conflicts resolved by a third member, κ/AC1 on the page, PRISMA counts and diagram, audit trail."""

from __future__ import annotations

import json

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laktasi.stats.agreement import agreement
from laktasi.web.reviews import queue, services
from laktasi.web.reviews.models import REVIEWER, ReviewEvent, ReviewMember, ReviewRecord, ScreeningDecision
from tests.web.conftest import client_for
from tests.web.test_reviews_permissions import make_review

TA = "title_abstract"


def ris(*records: tuple[str, str, str]) -> bytes:
    """RIS text of (title, abstract, doi) records."""
    out = []
    for title, abstract, doi in records:
        out += ["TY  - JOUR", f"TI  - {title}", f"AB  - {abstract}", "AU  - Sari, Dewi", "PY  - 2021",
                "JO  - Jurnal Kebidanan", *( [f"DO  - {doi}"] if doi else []), "ER  - ", ""]
    return "\n".join(out).encode()


RECORDS = [
    ("Oxytocin massage and breast milk production in postpartum mothers", "Oxytocin massage increased milk.",
     "10.1000/a1"),
    ("Back massage for lactation: a quasi-experiment", "Massage and breastfeeding outcomes.", "10.1000/a2"),
    ("Engine oil viscosity in cold climates", "Cars and engines.", "10.1000/a3"),
    ("Lactation support by midwives at home", "Home visits and breast milk volume.", "10.1000/a4"),
    ("Tax policy and road building", "Roads and taxes.", "10.1000/a5"),
    ("Steel bridge corrosion", "Bridges rust.", "10.1000/a6"),
]


@pytest.fixture
def team(db):
    User = get_user_model()
    people = {n: User.objects.create_user(username=n, password="kata-sandi-uji-123")
              for n in ("owner", "rev1", "rev2", "third", "outsider")}
    review = make_review(people["owner"])
    for n in ("rev1", "rev2", "third"):
        ReviewMember(review=review, user=people[n], role=REVIEWER).save(by=people["owner"])
    return review, people


def _upload(client, review, *files: tuple[str, bytes]):
    return client.post(reverse("review_upload", args=[review.pk]),
                       {"exports": [SimpleUploadedFile(name, data) for name, data in files]})


@pytest.fixture
def loaded(team):
    review, people = team
    r = _upload(client_for(people["owner"]), review, ("scopus.ris", ris(*RECORDS)),
                ("pubmed.ris", ris(RECORDS[0])))  # the first record again: a duplicate
    assert r.status_code == 302
    return review, people


def test_upload_marks_duplicates_and_counts(loaded):
    review, people = loaded
    assert review.records.count() == 7
    dups = review.records.exclude(duplicate_of="")
    assert dups.count() == 1 and dups.get().title == RECORDS[0][0]
    assert services.screenable(review, TA).count() == 6
    page = client_for(people["owner"]).get(reverse("review", args=[review.pk])).content.decode()
    assert "7" in page and "review_prisma_png" not in page
    event = ReviewEvent.objects.get(review=review, entity="upload")
    assert event.changes["records"] == 7 and event.changes["duplicates"] == 1 and event.user == people["owner"]


def test_upload_is_all_or_nothing(team):
    review, people = team
    bad = b"TY  - JOUR\nTI  - A title with no end record\n"
    r = _upload(client_for(people["owner"]), review, ("good.ris", ris(*RECORDS)), ("bad.ris", bad))
    assert r.status_code == 200
    assert "bad.ris" in r.content.decode()
    assert review.records.count() == 0 and not ReviewEvent.objects.filter(entity="upload").exists()
    # the same export twice: stored with distinct ids, the second copy all marked as duplicates
    _upload(client_for(people["owner"]), review, ("good.ris", ris(*RECORDS)))
    _upload(client_for(people["owner"]), review, ("good.ris", ris(*RECORDS)))
    assert review.records.count() == 12 and review.records.filter(duplicate_of="").count() == 6


def _decide(client, review, record_pk, decision, stage=TA):
    return client.post(reverse("review_screen", args=[review.pk, stage]),
                       {"record": record_pk, "decision": decision, "reason": "", "note": "catatan rahasia " +
                        decision})


def test_blind_screening_never_shows_the_other_decision(loaded):
    review, people = loaded
    c1, c2 = client_for(people["rev1"]), client_for(people["rev2"])
    first = queue.queue(review, people["rev1"], TA)[0]
    assert _decide(c1, review, first, "include").status_code == 302
    # rev2 gets the same record in her queue, and neither page nor JSON says what rev1 decided
    assert first in queue.queue(review, people["rev2"], TA)
    for url in (reverse("review_screen", args=[review.pk, TA]) + f"?after={first}",
                reverse("review_screen_json", args=[review.pk, TA])):
        for after in ("", f"?after={first}"):
            body = c2.get(url.split("?")[0] + after).content.decode()
            assert "catatan rahasia" not in body and "rev1" not in body
    doc = json.loads(c2.get(reverse("review_screen_json", args=[review.pk, TA])).content)
    assert set(doc["record"]) == {"id", "record_id", "title", "abstract", "authors", "year", "journal", "volume",
                                  "issue", "pages", "doi", "pmid"}
    # no conflicts page entry while only one has decided
    assert "catatan" not in client_for(people["third"]).get(
        reverse("review_conflicts", args=[review.pk, TA])).content.decode()
    # once two reviewers decided, the record leaves the third's queue
    _decide(c2, review, first, "exclude")
    assert first not in queue.queue(review, people["third"], TA)
    r = _decide(client_for(people["third"]), review, first, "include")
    assert ScreeningDecision.objects.filter(record_id=first).count() == 2 and r.status_code == 302


def test_queue_learns_from_the_reviewers_own_labels_only(loaded, monkeypatch):
    review, people = loaded
    by_title = {r.title: r.pk for r in review.records.filter(duplicate_of="")}
    oxy, engine = by_title[RECORDS[0][0]], by_title[RECORDS[2][0]]
    ScreeningDecision(record_id=oxy, reviewer=people["rev1"], stage=TA, decision="include").save(by=people["rev1"])
    ScreeningDecision(record_id=engine, reviewer=people["rev1"], stage=TA, decision="exclude").save(
        by=people["rev1"])
    seen = []
    real_rank = queue.rank

    def spy(features, labelled, labels, **kw):
        seen.append((list(labelled), list(labels)))
        return real_rank(features, labelled, labels, **kw)

    monkeypatch.setattr(queue, "rank", spy)
    q1 = queue.queue(review, people["rev1"], TA)
    q2 = queue.queue(review, people["rev2"], TA)
    assert len(seen[0][0]) == 2 and sorted(seen[0][1]) == [0, 1]  # rev1: her two labels
    assert seen[1] == ([], [])  # rev2 has none: rev1's labels never reach her model
    # rev1's model puts the lactation records first; rev2's order is the stable random one
    assert {by_title[RECORDS[1][0]], by_title[RECORDS[3][0]]} == set(q1[:2])
    assert q2 == queue.queue(review, people["rev2"], TA)  # stable
    assert oxy not in q1 and oxy in q2


def test_conflict_resolved_by_a_third_member_with_agreement_shown(loaded):
    review, people = loaded
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    plan = {pks[0]: ("include", "include"), pks[1]: ("include", "exclude"), pks[2]: ("exclude", "exclude"),
            pks[3]: ("exclude", "exclude"), pks[4]: ("exclude", "exclude"), pks[5]: ("exclude", "maybe")}
    for pk, (a, b) in plan.items():
        _decide(client_for(people["rev1"]), review, pk, a)
        _decide(client_for(people["rev2"]), review, pk, b)
    conflicts = services.conflicts(review, TA)
    assert [c.record.pk for c in conflicts] == [pks[1], pks[5]]
    expected = agreement([a for a, _ in plan.values()], [b for _, b in plan.values()], ["include", "exclude", "maybe"])
    got = services.stage_agreement(review, TA)
    assert got.kappa == pytest.approx(expected.kappa) and got.ac1 == pytest.approx(expected.ac1)
    c3 = client_for(people["third"])
    page = c3.get(reverse("review_conflicts", args=[review.pk, TA])).content.decode()
    assert f"{got.kappa:.2f}".replace(".", ",") in page  # Indonesian decimal comma
    # one of the two who disagreed may not resolve it; a third member does, with a reason
    url = reverse("review_resolve", args=[review.pk, TA, pks[1]])
    mine = client_for(people["rev1"]).get(reverse("review_conflicts", args=[review.pk, TA])).content.decode()
    assert url not in mine and url in page  # the form only for a third member
    assert client_for(people["rev1"]).post(url, {"decision": "include", "reason": "x"}).status_code == 403
    assert c3.post(url, {"decision": "include", "reason": ""}).status_code == 302
    assert not review.records.get(pk=pks[1]).resolutions.exists()  # no reason: nothing recorded
    c3.post(url, {"decision": "include", "reason": "populasi sesuai"})
    res = review.records.get(pk=pks[1]).resolutions.get()
    assert res.resolved_by == people["third"] and res.reason == "populasi sesuai"
    assert ReviewEvent.objects.filter(entity="conflictresolution", user=people["third"]).exists()
    assert services.final_decisions(review, TA)[pks[1]] == "include"
    # the PRISMA counts follow: 2 included at title/abstract (pks 0 and 1), 3 excluded, 1 open
    counts = services.prisma_counts(review, "en")
    assert counts.duplicates == 1 and counts.records_screened == 6 and counts.database_results == 7
    assert counts.records_excluded == 3 and counts.dbr_sought_reports == 2
    # full text: only the included records are screenable; an agreed exclude's reason (from the review's list)
    # reaches PRISMA, in the diagram's language; an exclusion without a listed reason is refused
    wrong_population = next(r for r in services.exclusion_reasons(review, people["owner"])
                            if r.label_en == "Wrong population")
    bare = {"record": pks[0], "decision": "exclude", "reason": "wrong population", "note": ""}
    client_for(people["rev1"]).post(reverse("review_screen", args=[review.pk, "full_text"]), bare)
    assert not ScreeningDecision.objects.filter(record_id=pks[0], stage="full_text").exists()
    for who in ("rev1", "rev2"):
        client_for(people[who]).post(reverse("review_screen", args=[review.pk, "full_text"]),
                                     {**bare, "exclusion_reason": wrong_population.pk})
    counts = services.prisma_counts(review, "en")
    assert dict(counts.dbr_excluded) == {"Wrong population": 1} and counts.dbr_assessed == 2
    assert dict(services.prisma_counts(review, "id").dbr_excluded) == {"Populasi tidak sesuai": 1}
    assert set(services.screenable(review, "full_text").values_list("pk", flat=True)) == {pks[0], pks[1]}


def test_prisma_png_in_both_languages(loaded):
    review, people = loaded
    c = client_for(people["owner"])
    for lang in ("id", "en"):
        r = c.get(reverse("review_prisma_png", args=[review.pk]) + f"?lang={lang}&download=1")
        assert r.status_code == 200 and r.content[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"prisma-{review.pk}-{lang}.png" in r["Content-Disposition"]
    assert c.get(reverse("review_prisma_png", args=[review.pk]) + "?lang=fr").status_code == 404


def test_screen_page_highlights_terms_and_every_decision_is_audited(loaded):
    review, people = loaded
    c = client_for(people["owner"])
    c.post(reverse("review_terms", args=[review.pk]), {"include_terms": "oxytocin\nmassage",
                                                       "exclude_terms": "engine"})
    review.refresh_from_db()
    assert ReviewEvent.objects.filter(entity="review", action="update").exists()
    oxy = review.records.get(title=RECORDS[0][0], duplicate_of="")
    q = queue.queue(review, people["owner"], TA)
    before_oxy = q[q.index(oxy.pk) - 1]  # "next" after it shows the oxytocin record (wrapping round)
    page = c.get(reverse("review_screen", args=[review.pk, TA]) + f"?after={before_oxy}").content.decode()
    assert '<mark class="inc">Oxytocin</mark> <mark class="inc">massage</mark>' in page
    r = _decide(c, review, oxy.pk, "maybe")
    assert r.status_code == 302
    _decide(c, review, oxy.pk, "include")  # changing one's own decision: an update in the trail
    events = ReviewEvent.objects.filter(entity="screeningdecision", user=people["owner"]).order_by("at", "id")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes["decision"] == ["maybe", "include"]


def test_highlight_escapes_html():
    from laktasi.web.reviews.views import highlight

    out = str(highlight("<b>Oxytocin</b> massage & engine", ["oxytocin"], ["engine"]))
    assert out == '&lt;b&gt;<mark class="inc">Oxytocin</mark>&lt;/b&gt; massage &amp; <mark class="exc">engine</mark>'


def test_stable_random_order_until_one_include_and_one_exclude(loaded):
    review, people = loaded
    before = queue.queue(review, people["rev1"], TA)
    pk = before[-1]
    ScreeningDecision(record_id=pk, reviewer=people["rev1"], stage=TA, decision="include").save(by=people["rev1"])
    after = queue.queue(review, people["rev1"], TA)
    assert after == [p for p in before if p != pk]  # one class only: the same random order
    assert len(set(before)) == len(before) == 6 and isinstance(np.int64(before[0]), np.integer)
    assert ReviewRecord.objects.filter(review=review).count() == 7


def test_features_built_once_per_record_set_and_not_for_the_random_order(loaded, monkeypatch):
    review, people = loaded
    calls = []
    real = queue.build_features
    monkeypatch.setattr(queue, "build_features", lambda texts: calls.append(len(texts)) or real(texts))
    queue._features_cache.clear()
    queue.queue(review, people["rev1"], TA)
    assert calls == []  # no labels: the stable random order needs no model
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    for pk, d in ((pks[0], "include"), (pks[2], "exclude")):
        ScreeningDecision(record_id=pk, reviewer=people["rev1"], stage=TA, decision=d).save(by=people["rev1"])
    first = queue.queue(review, people["rev1"], TA)
    assert queue.queue(review, people["rev1"], TA) == first and calls == [6]
    _upload(client_for(people["owner"]), review, ("more.ris", ris(("Kangaroo care and milk", "Skin to skin.", ""))))
    queue.queue(review, people["rev1"], TA)
    assert calls == [6, 7]  # a new record set: built anew
