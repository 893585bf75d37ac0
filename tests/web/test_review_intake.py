"""Records into a review: uploads as jobs with progress (all or nothing; every problem with file, row and
column in the user's language; the readers' warnings shown), the same job in a background thread, the queue of
uncertain duplicates (merge / keep apart, audited, applied, remembered, exported for the CLI and read back
from it)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laktasi.review.dedup_verdicts import parse_verdicts
from laktasi.web.review_intake import dedup_queue, exports, jobs, services
from laktasi.web.review_intake.models import (
    DECIDED,
    DONE,
    FAILED,
    OPEN,
    DedupCluster,
    DedupVerdict,
    IntakeJob,
)
from laktasi.web.reviews import services as review_services
from laktasi.web.reviews.models import REVIEWER, ReviewEvent, ReviewMember
from tests.web.conftest import client_for
from tests.web.test_reviews_permissions import make_review

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "review"


def ris(*records: tuple[str, ...]) -> bytes:
    """RIS text of (title, year[, doi]) records by one author in one journal."""
    out = []
    for title, year, *doi in records:
        out += ["TY  - JOUR", f"TI  - {title}", "AU  - Sari, Dewi", f"PY  - {year}", "JO  - Jurnal Kebidanan",
                *([f"DO  - {doi[0]}"] if doi else []), "ER  - ", ""]
    return "\n".join(out).encode()


PART1 = ("Oxytocin massage in postpartum women: part 1", "2020")
PART2 = ("Oxytocin massage in postpartum women: part 2", "2020")
OTHER = [("Back massage for lactation: a quasi-experiment", "2021", "10.5555/b1"),
         ("Lactation support by midwives at home", "2019", "10.5555/b2")]


@pytest.fixture
def team(db):
    User = get_user_model()
    people = {n: User.objects.create_user(username=n, password="kata-sandi-uji-123")
              for n in ("owner", "rev1", "outsider")}
    review = make_review(people["owner"])
    ReviewMember(review=review, user=people["rev1"], role=REVIEWER).save(by=people["owner"])
    return review, people


def client_in(user, lang: str = "en"):
    """A signed-in client whose pages are in ``lang`` (the session's language, as set_language stores it)."""
    client = client_for(user)
    session = client.session
    session["laktasi_lang"] = lang
    session.save()
    return client


def _post(client, review, *files: tuple[str, bytes]):
    return client.post(reverse("review_upload", args=[review.pk]),
                       {"exports": [SimpleUploadedFile(name, data) for name, data in files]})


def test_upload_is_a_job_with_its_page_and_json(team):
    review, people = team
    client = client_in(people["owner"])
    r = _post(client, review, ("scopus.ris", ris(PART1, PART2, *OTHER)), ("again.ris", ris(OTHER[0])))
    job = IntakeJob.objects.get(review=review)
    assert r.status_code == 302 and r["Location"] == reverse("review_intake_job", args=[review.pk, job.pk])
    assert job.status == DONE and job.files == ["scopus.ris", "again.ris"] and job.upload == 1
    assert job.result["records_in"] == 5 and job.result["duplicates"] == 1 and job.result["clusters"] == 1
    assert review.records.count() == 5 and review.records.exclude(duplicate_of="").count() == 1
    page = client.get(r["Location"])
    assert page.status_code == 200 and b"5 records read; 1 duplicates marked" in page.content
    body = client.get(reverse("review_intake_job_json", args=[review.pk, job.pk])).json()
    assert body["status"] == "done" and body["finished"] and body["result"]["kept"] == 4
    # the upload and the job are in the review's audit trail; the upload's event counts the clusters it stored
    entities = set(ReviewEvent.objects.filter(review=review).values_list("entity", flat=True))
    assert {"upload", "intakejob"} <= entities
    event = ReviewEvent.objects.get(review=review, entity="upload")
    assert event.changes["uncertain_clusters"] == 1 and event.changes["uncertain_pairs"] == 1


def test_one_bad_file_stores_nothing_and_every_problem_is_listed_in_the_users_language(team):
    review, people = team
    client = client_in(people["owner"], "id")
    bad = b"TY  - JOUR\nTI  - A title with no end record\n"
    r = _post(client, review, ("good.ris", ris(*OTHER)), ("bad.ris", bad), ("empty.csv", b"title,year\n"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "bad.ris" in page and "empty.csv" in page and "Tidak ada yang ditambahkan" in page
    assert "tidak punya baris akhir" in page  # the RIS reader's Indonesian text
    assert review.records.count() == 0 and not DedupCluster.objects.exists()
    job = IntakeJob.objects.get(review=review)
    assert job.status == FAILED and job.upload is None
    files = {p["file"] for p in job.problems}
    assert files == {"bad.ris", "empty.csv"}
    assert all(p["en"] and p["id"] and p["en"] != p["id"] for p in job.problems)
    row = next(p for p in job.problems if p["file"] == "bad.ris")
    assert row["row"] is not None  # the line of the record without its end
    english = client_in(people["owner"], "en").get(reverse("review_intake_job", args=[review.pk, job.pk]))
    assert "has no &#x27;ER  -&#x27; end line" in english.content.decode()


def test_reader_warnings_are_shown(team):
    review, people = team
    client = client_in(people["owner"])
    data = (FIX / "synthetic_endnote_cp1252.ris").read_bytes()
    r = _post(client, review, ("endnote.ris", data))
    job = IntakeJob.objects.get(review=review)
    assert job.status == DONE and job.warnings and "Windows-1252" in job.warnings[0]["en"]
    page = client.get(r["Location"]).content.decode()
    assert "Warnings from reading the files" in page and "Windows-1252" in page


def test_reviewer_cannot_upload_and_outsider_sees_nothing(team):
    review, people = team
    assert _post(client_for(people["rev1"]), review, ("a.ris", ris(*OTHER))).status_code == 403
    assert _post(client_for(people["outsider"]), review, ("a.ris", ris(*OTHER))).status_code == 404
    assert not IntakeJob.objects.exists() and review.records.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_job_runs_in_a_background_thread_and_reports_progress(monkeypatch):
    User = get_user_model()
    owner = User.objects.create_user(username="pemilik", password="kata-sandi-uji-123")
    review = make_review(owner)
    seen: list[tuple[str, int, int]] = []
    real = jobs._progress

    def spy(job):
        report = real(job)

        def wrapped(step, done, total):
            report(step, done, total)
            seen.append(jobs._LIVE.get(job.pk, ("", 0, 0)))
        return wrapped

    monkeypatch.setattr(jobs, "_progress", spy)
    monkeypatch.setattr(services, "STORE_BATCH", 2)
    job = jobs.create(review, owner, files=["a.ris"])
    finished = jobs.start(job, [("a.ris", ris(PART1, PART2, *OTHER))], "en")
    assert finished is False  # not in a transaction: a thread of its own
    jobs.wait(job.pk, 30)
    job.refresh_from_db()
    assert job.status == DONE and review.records.count() == 4
    steps = [s for s, _d, _t in seen]
    assert steps.index("reading") < steps.index("deduplicating") < steps.index("storing")
    assert ("storing", 2, 4) in seen and ("storing", 4, 4) in seen and ("reading", 1, 1) in seen
    # the uncertain pair is stored as its own step after the records, counted
    assert steps.index("storing") < steps.index("uncertain") and ("uncertain", 1, 1) in seen
    assert jobs.step_label("uncertain", "id") == "Menyimpan pasangan tidak pasti"
    assert jobs._LIVE == {} and jobs.status(job, "id")["step_label"] == ""


@pytest.mark.django_db
def test_a_job_that_stopped_moving_is_shown_as_interrupted(team):
    review, people = team
    job = jobs.create(review, people["owner"], files=["a.ris"])
    assert jobs.status(job, "en")["status"] == "queued"
    IntakeJob._base_manager.filter(pk=job.pk).update(created_at=job.created_at - jobs.STALE_AFTER * 2)
    job.refresh_from_db()
    state = jobs.status(job, "en")
    assert state["status"] == "interrupted" and state["finished"]
    page = client_in(people["owner"]).get(reverse("review_intake_job", args=[review.pk, job.pk]),
                                           HTTP_ACCEPT_LANGUAGE="en")
    assert b"cut off" in page.content


def test_progress_page_refreshes_itself_without_javascript(team):
    review, people = team
    job = jobs.create(review, people["owner"], files=["a.ris"])
    client = client_for(people["owner"])
    page = client.get(reverse("review_intake_job", args=[review.pk, job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page and 'id="job-bar"' in page
    assert reverse("review_intake_job_js") in page
    script = client.get(reverse("review_intake_job_js"))
    assert script.status_code == 200 and b"fetch(box.dataset.json" in script.content
    assert script["Content-Type"].startswith("text/javascript")


# --------------------------------------------------------------------------------------------
# the queue of uncertain duplicates


def _upload(review, owner, *records, name="scopus.ris"):
    return services.upload(review, [(name, ris(*records))], owner)


def _printed(title: str, volume: str, issue: str, pages: str) -> bytes:
    return "\n".join(["TY  - JOUR", f"TI  - {title}", "AU  - Sari, Dewi", "PY  - 2020", "JO  - Jurnal Kebidanan",
                      f"VL  - {volume}", f"IS  - {issue}", f"SP  - {pages}", "ER  - ", ""]).encode()


def test_volume_issue_and_pages_are_stored_shown_exported_and_used_against_later_uploads(team):
    review, people = team
    owner = people["owner"]
    title = "Oxytocin massage and breast milk volume in postpartum mothers at home"
    services.upload(review, [("scopus.ris", _printed(title, "12", "3", "101-108"))], owner)
    stored = review.records.get()
    assert (stored.volume, stored.issue, stored.pages) == ("12", "3", "101-108")
    frame = exports.records_frame(review)
    assert frame.loc[0, ["volume", "issue", "pages"]].tolist() == ["12", "3", "101-108"]
    ris_out = exports.records_ris(review).decode()
    assert "VL  - 12" in ris_out and "IS  - 3" in ris_out and "SP  - 101" in ris_out
    # the same export uploaded again: every record a duplicate of its stored copy, nothing to screen again
    again = services.upload(review, [("scopus.ris", _printed(title, "12", "3", "101-108"))], owner)
    assert (again.duplicates, again.kept, again.clusters) == (1, 0, 0)
    # a later record on other pages of the volume is listed, never merged: the stored pages are compared
    other = services.upload(review, [("pubmed.ris", _printed(title, "12", "3", "140-141"))], owner)
    assert other.duplicates == 0 and other.clusters == 1
    page = client_in(owner).get(reverse("review_duplicates", args=[review.pk])).content.decode()
    assert "12 (3): 101-108" in page and "12 (3): 140-141" in page and "Volume (issue): pages" in page
    assert "Volume (nomor): halaman" in client_in(owner, "id").get(
        reverse("review_duplicates", args=[review.pk])).content.decode()


def test_stored_records_are_read_in_a_few_queries_however_many(team):
    # the related manager sets each row's review: a deferred review_id once cost one query per stored record
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    review, people = team
    owner = people["owner"]

    def queries_of(call) -> int:
        with CaptureQueriesContext(connection) as seen:
            call()
        return len(seen.captured_queries)

    counts = []
    for n in (3, 30):
        services.upload(review, [(f"batch{n}.ris", ris(*((f"Massage study number {n}-{k}", "2020")
                                                            for k in range(n))))], owner)
        counts.append((queries_of(lambda: dedup_queue.Groups.of_review(review)),
                       queries_of(lambda: services._prepare(review, [], None, services._quiet))))
    assert counts[0] == counts[1] and counts[1][0] <= 3, counts


def test_merge_verdict_is_applied_audited_and_prisma_follows(team):
    review, people = team
    owner = people["owner"]
    summary = _upload(review, owner, PART1, PART2, *OTHER)
    assert summary.clusters == 1 and summary.uncertain_pairs == 1
    before = review_services.prisma_counts(review, "en")
    client = client_in(owner)
    page = client.get(reverse("review_duplicates", args=[review.pk])).content.decode()
    assert PART1[0] in page and PART2[0] in page and "titles differ in a number" in page
    cluster = DedupCluster.objects.get(review=review)
    r = client.post(reverse("review_duplicates", args=[review.pk]),
                    {"cluster": cluster.pk, "pair-0": "merge", "note": "same paper, typo in part"})
    assert r.status_code == 302
    cluster.refresh_from_db()
    assert cluster.status == DECIDED and cluster.decided_by == owner
    verdict = DedupVerdict.objects.get(review=review)
    assert verdict.merge and verdict.note == "same paper, typo in part" and verdict.by == owner
    dups = review.records.exclude(duplicate_of="")
    assert dups.count() == 1 and {dups.get().record_id, dups.get().duplicate_of} == {"scopus:1", "scopus:2"}
    event = ReviewEvent.objects.filter(review=review, entity="reviewrecord", action="update").get()
    assert event.changes["duplicate_of"][1] == dups.get().duplicate_of and event.user == owner
    assert ReviewEvent.objects.filter(review=review, entity="dedupverdict").exists()
    after = review_services.prisma_counts(review, "en")
    assert after.duplicates == before.duplicates + 1 and after.records_screened == before.records_screened - 1
    # nothing left to decide; the same export again asks nothing
    assert dedup_queue.next_cluster(review, owner)[0] is None
    again = _upload(review, owner, PART1, PART2, *OTHER)
    assert again.clusters == 0 and again.kept == 0


def test_keep_apart_is_remembered_for_a_new_upload(team):
    review, people = team
    owner = people["owner"]
    _upload(review, owner, PART1, *OTHER)
    _upload(review, owner, PART2, name="pubmed.ris")  # the uncertain pair spans two uploads
    cluster = DedupCluster.objects.get(review=review)
    assert cluster.upload == 2
    client_for(owner).post(reverse("review_duplicates", args=[review.pk]), {"cluster": cluster.pk,
                                                                            "all": "keep_apart"})
    assert review.records.exclude(duplicate_of="").count() == 0
    assert DedupVerdict.objects.get().merge is False
    later = _upload(review, owner, PART1, PART2, name="embase.ris")  # both again, a third database
    assert later.clusters == 0 and later.duplicates == 2
    assert DedupCluster.objects.filter(status=OPEN).count() == 0


def test_contradicting_verdicts_change_nothing(team):
    review, people = team
    owner = people["owner"]
    part3 = ("Oxytocin massage in postpartum women: part 3", "2020")
    _upload(review, owner, PART1, PART2, part3)
    cluster = DedupCluster.objects.get(review=review)
    pairs = {(p["first_id"], p["second_id"]) for p in cluster.pairs}
    assert len(pairs) == 3
    ordered = sorted(pairs)
    verdicts = {ordered[0]: True, ordered[1]: True, ordered[2]: False}
    from laktasi.errors import InputError

    with pytest.raises(InputError) as err:
        dedup_queue.decide(review, cluster, verdicts, owner)
    assert err.value.problems[0].code == "verdict_contradiction"
    assert not DedupVerdict.objects.exists() and review.records.exclude(duplicate_of="").count() == 0
    cluster.refresh_from_db()
    assert cluster.status == OPEN


def test_verdicts_export_is_the_clis_format_and_a_cli_file_is_applied(team):
    review, people = team
    owner = people["owner"]
    _upload(review, owner, PART1, PART2, *OTHER)
    cluster = DedupCluster.objects.get(review=review)
    dedup_queue.decide(review, cluster, {("scopus:1", "scopus:2"): False}, owner, note="parts")
    client = client_in(owner)
    body = client.get(reverse("review_dedup_verdicts", args=[review.pk])).content.decode()
    parsed = parse_verdicts(body, "verdicts.csv")
    assert [(v.first_id, v.second_id, v.merge, v.note) for v in parsed] == [("scopus:1", "scopus:2", False, "parts")]
    # a file from `laktasi review dedup --uncertain` with a reviewer's verdicts, ';' as Excel saves it
    sheet = "record_id_1;record_id_2;verdict;note\nscopus:3;scopus:4;gabung;\nscopus:3;nowhere:1;merge;\n"
    r = client.post(reverse("review_dedup_verdicts_import", args=[review.pk]),
                    {"verdicts": SimpleUploadedFile("review.csv", sheet.encode())})
    assert r.status_code == 302
    assert DedupVerdict.objects.filter(merge=True).count() == 1
    assert review.records.get(record_id="scopus:4").duplicate_of == "scopus:3"
    bad = client.post(reverse("review_dedup_verdicts_import", args=[review.pk]),
                      {"verdicts": SimpleUploadedFile("bad.csv", b"record_id_1,record_id_2,verdict\na,b,perhaps\n")},
                      follow=True)
    assert b"verdict must be merge or keep_apart" in bad.content


def test_queue_page_when_nothing_is_left(team):
    review, people = team
    page = client_in(people["owner"], "id").get(reverse("review_duplicates", args=[review.pk]),
                                           HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200 and "Tidak ada lagi duplikat meragukan" in page.content.decode()


def test_a_post_without_a_choice_changes_nothing(team):
    review, people = team
    _upload(review, people["owner"], PART1, PART2)
    cluster = DedupCluster.objects.get(review=review)
    r = client_in(people["owner"]).post(reverse("review_duplicates", args=[review.pk]), {"cluster": cluster.pk},
                                         follow=True)
    assert b"Choose merge or keep apart" in r.content and not DedupVerdict.objects.exists()
    assert client_for(people["owner"]).post(reverse("review_duplicates", args=[review.pk]),
                                            {"cluster": 999}).status_code == 404


def test_upload_timing_is_small_for_a_small_upload(team):
    """Not a benchmark (benchmarks/review_upload.py is): a guard that the job path adds no fixed delay."""
    review, people = team
    start = time.perf_counter()
    _post(client_for(people["owner"]), review, ("a.ris", ris(*OTHER)))
    assert time.perf_counter() - start < 10 and IntakeJob.objects.get().status == DONE


def test_methods_text_in_both_languages(team):
    review, people = team
    import datetime as dt

    job = IntakeJob(review=review, kind="pubmed", started_by=people["owner"], query="oxytocin[tiab]", hits=12,
                    searched_on=dt.date(2026, 12, 3), result={"records_in": 12}, status=DONE)
    job.save(by=people["owner"])
    assert services.methods_text(job, "en") == ("PubMed was searched on 2026-12-03 with the query oxytocin[tiab] "
                                                "(12 hits, 12 records imported).")
    assert services.methods_text(job, "id").startswith("PubMed dicari pada 2026-12-03 dengan kueri oxytocin[tiab]")


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_cluster_stays_open_until_each_of_its_pairs_is_settled(team):
    review, people = team
    owner = people["owner"]
    part3 = ("Oxytocin massage in postpartum women: part 3", "2020")
    _upload(review, owner, PART1, PART2, part3)
    cluster = DedupCluster.objects.get(review=review)
    first = sorted((p["first_id"], p["second_id"]) for p in cluster.pairs)[0]
    dedup_queue.decide(review, cluster, {first: False}, owner)
    cluster.refresh_from_db()
    assert cluster.status == OPEN
    shown, pairs, remaining = dedup_queue.next_cluster(review, owner)
    assert shown == cluster and len(pairs) == 2 and remaining == 1
    dedup_queue.decide(review, cluster, {(p["first_id"], p["second_id"]): False for p in pairs}, owner)
    cluster.refresh_from_db()
    assert cluster.status == DECIDED and DedupVerdict.objects.filter(merge=False).count() == 3


def test_an_upload_that_raced_another_is_deduplicated_again_on_the_new_state(team, monkeypatch):
    review, people = team
    owner = people["owner"]
    real = services._prepare
    calls = []

    def racing(review_, new, job, progress):
        prepared = real(review_, new, job, progress)
        calls.append(prepared.state)
        if len(calls) == 1:  # another upload lands while this one deduplicates
            monkeypatch.setattr(services, "_prepare", real)
            _upload(review, owner, OTHER[0], name="other.ris")
            monkeypatch.setattr(services, "_prepare", racing)
        return prepared

    monkeypatch.setattr(services, "_prepare", racing)
    summary = _upload(review, owner, *OTHER)
    assert len(calls) == 2 and calls[0] != calls[1]
    assert summary.upload == 2 and summary.duplicates == 1  # the other upload's copy was found
    assert review.records.count() == 3 and review.records.exclude(duplicate_of="").count() == 1


def test_a_job_is_seen_only_through_its_own_review(team):
    review, people = team
    other = make_review(people["outsider"], "Tinjauan B")
    job = jobs.create(other, people["outsider"], files=["b.ris"])
    client = client_in(people["owner"])
    assert client.get(reverse("review_intake_job", args=[review.pk, job.pk])).status_code == 404
    assert client.get(reverse("review_intake_job_json", args=[review.pk, job.pk])).status_code == 404
    assert client.get(reverse("review_intake_job", args=[other.pk, job.pk])).status_code == 404  # not a member


def test_many_uncertain_clusters_are_stored_in_bulk_with_one_audit_event_and_their_own_progress(team, monkeypatch):
    """Thousands of clusters were saved one by one (an audit event each) after the records' progress had reached
    its end: the page sat at "storing n / n". They are now stored in batches, as a step of their own counting
    pairs, and the upload's one event traces them (their number; each cluster carries the upload and job)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    review, people = team
    monkeypatch.setattr(services, "STORE_BATCH", 4)
    titles = ["Oxytocin massage and breast milk volume", "Kangaroo care after caesarean birth",
              "Lactation counselling by community midwives", "Prolactin levels in primiparous mothers",
              "Colostrum onset and early skin contact", "Infant weight gain under home visits",
              "Nutrition support for nursing adolescents", "Breast pump use among working women",
              "Herbal galactagogues: a quasi experiment", "Hospital policy and exclusive breastfeeding"]
    records = [(title, "2020", f"10.5555/c{k}a") for k, title in enumerate(titles)]
    copies = [(t, y, d[:-1] + "b") for t, y, d in records]  # similar titles, different DOIs: 10 uncertain pairs
    seen: list[tuple[str, int, int]] = []
    job = jobs.create(review, people["owner"], files=["a.ris"])
    with CaptureQueriesContext(connection) as queries:
        result = services.upload(review, [("a.ris", ris(*records, *copies))], people["owner"], job=job,
                                 progress=lambda step, done, total: seen.append((step, done, total)))
    assert result.clusters == 10 and result.uncertain_pairs == 10
    clusters = DedupCluster.objects.filter(review=review)
    assert clusters.count() == 10 and {c.upload for c in clusters} == {1} and {c.job_id for c in clusters} == {job.pk}
    assert sorted(c.number for c in clusters) == list(range(1, 11)) and all(c.status == OPEN for c in clusters)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "review_intake_dedupcluster"')]
    assert len(inserts) == 3  # 10 clusters in batches of 4
    events = ReviewEvent.objects.filter(review=review)
    assert not events.filter(entity="dedupcluster").exists()
    upload_event = events.get(entity="upload")
    assert upload_event.changes["uncertain_clusters"] == 10 and upload_event.changes["uncertain_pairs"] == 10
    assert upload_event.object_id == "1" and upload_event.user == people["owner"]
    uncertain = [s for s in seen if s[0] == "uncertain"]
    assert uncertain == [("uncertain", 0, 10), ("uncertain", 4, 10), ("uncertain", 8, 10), ("uncertain", 10, 10)]
    assert seen.index(uncertain[0]) > max(n for n, s in enumerate(seen) if s[0] == "storing")
    # the queue reads them as before: the most likely first, a verdict closes one
    cluster, pairs, remaining = dedup_queue.next_cluster(review, people["owner"])
    assert cluster is not None and remaining == 10 and len(pairs) == 1


def test_an_upload_without_uncertain_pairs_has_no_uncertain_step(team):
    review, people = team
    seen: list[str] = []
    services.upload(review, [("a.ris", ris(*OTHER))], people["owner"], progress=lambda step, d, t: seen.append(step))
    assert "storing" in seen and "uncertain" not in seen and not DedupCluster.objects.exists()


def test_a_locked_table_delays_the_jobs_status_and_skips_a_progress_row_but_never_loses_the_job(team, monkeypatch):
    # the tests' live server runs on SQLite's in-memory shared cache, which fails a write at once while another
    # connection reads the table ("database table is locked") instead of waiting as a file or a server does
    from django.db import OperationalError

    review, people = team
    job = jobs.create(review, people["owner"], files=["a.ris"])
    real_save, failures = jobs.IntakeJob.save, [2]

    def flaky_save(self, *args, **kwargs):
        if failures[0]:
            failures[0] -= 1
            raise OperationalError("database table is locked: review_intake_intakejob")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(jobs.IntakeJob, "save", flaky_save)
    job.status = "running"
    jobs._save_status(job, people["owner"])
    assert failures == [0] and jobs.IntakeJob.objects.get(pk=job.pk).status == "running"
    # any other database error is not retried
    monkeypatch.setattr(jobs.IntakeJob, "save", lambda self, *a, **k: (_ for _ in ()).throw(
        OperationalError("no such table: review_intake_intakejob")))
    with pytest.raises(OperationalError):
        jobs._save_status(job, people["owner"])
    # a progress row that meets a locked table is skipped, not raised
    monkeypatch.setattr(jobs.models.QuerySet, "update", lambda self, **kw: (_ for _ in ()).throw(
        OperationalError("database table is locked")))
    jobs._write(job.pk, step="storing", done=1, total=2)
