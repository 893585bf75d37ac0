"""PubMed searched from the server (the local fake E-utilities, never the internet) and imported like an upload;
a network failure stores nothing and says so in both languages. The record exports: CSV/XLSX with formulas
neutralised, RIS with the decisions as labels that our reader and ASReview read back, and a decisions file that
`laktasi review prisma` turns into the same counts as the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import socket
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from laktasi.review.io import read_uploads
from laktasi.web.review_intake import services
from laktasi.web.review_intake.models import DONE, FAILED, IntakeJob
from laktasi.web.reviews import services as review_services
from laktasi.web.reviews.models import FULL_TEXT, REVIEWER, TITLE_ABSTRACT, ReviewMember, ScreeningDecision
from tests.review import fake_eutils
from tests.web.test_review_intake import client_in, ris
from tests.web.test_reviews_permissions import make_review

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "review"


@pytest.fixture
def eutils(monkeypatch):
    fake, server = fake_eutils.start(FIX / "synthetic_pubmed_oxytocin.nbib")
    monkeypatch.setenv("LAKTASI_PUBMED_URL", fake.url)
    monkeypatch.delenv("LAKTASI_PUBMED_API_KEY", raising=False)
    monkeypatch.setattr(services, "PUBMED_BATCH", 5)
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def team(db):
    User = get_user_model()
    people = {n: User.objects.create_user(username=n, password="kata-sandi-uji-123")
              for n in ("owner", "rev1", "rev2", "viewer")}
    review = make_review(people["owner"])
    for n in ("rev1", "rev2"):
        ReviewMember(review=review, user=people[n], role=REVIEWER).save(by=people["owner"])
    return review, people


def test_pubmed_search_is_imported_like_an_upload(team, eutils):
    review, people = team
    client = client_in(people["owner"])
    r = client.post(reverse("review_pubmed", args=[review.pk]),
                    {"query": "oxytocin[tiab] AND massage[tiab]", "date_from": "2017-01-01", "date_to": "2025-12-31"})
    job = IntakeJob.objects.get(review=review)
    assert r.status_code == 302 and job.status == DONE, job.problems
    assert job.query == 'oxytocin[tiab] AND massage[tiab]'.join(("(", ')')) + \
        ' AND ("2017/01/01"[dp] : "2025/12/31"[dp])'
    assert (job.hits, job.result["retrieved"], job.result["records_in"]) == (12, 12, 12)
    assert job.searched_on == dt.date.today() and job.date_from == "2017-01-01"
    searched = [q["term"] for p, q, _ in eutils.log if p.endswith("esearch.fcgi")]
    assert searched == [job.query]
    assert [q["retstart"] for p, q, _ in eutils.log if p.endswith("efetch.fcgi")] == ["0", "5", "10"]
    assert set(review.records.values_list("source_database", flat=True)) == {"PubMed"}
    # PRISMA: "records identified from databases", per database
    counts = review_services.prisma_counts(review, "en")
    assert counts.database_results == 12 and dict(counts.database_specific_results) == {"PubMed": 12}
    page = client.get(reverse("review_pubmed", args=[review.pk])).content.decode()
    assert "PubMed was searched on" in page and "(12 hits, 12 records imported)" in page
    # the same search again: every record is a duplicate of the first search's
    client.post(reverse("review_pubmed", args=[review.pk]), {"query": "oxytocin[tiab] AND massage[tiab]"})
    second = IntakeJob.objects.filter(review=review).order_by("pk").last()
    assert second.result["duplicates"] == 12 and second.result["kept"] == 0


def test_pubmed_without_hits_is_recorded_and_stores_no_records(team, eutils):
    review, people = team
    client_in(people["owner"]).post(reverse("review_pubmed", args=[review.pk]), {"query": "nothingmatches[tiab]"})
    job = IntakeJob.objects.get(review=review)
    assert job.status == DONE and job.hits == 0 and job.result["records_in"] == 0
    assert review.records.count() == 0


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("lang, text", [("en", "PubMed esearch.fcgi failed after 3 attempts"),
                                        ("id", "esearch.fcgi PubMed gagal setelah 3 percobaan")])
def test_network_failure_stores_nothing_and_says_why(team, monkeypatch, lang, text):
    review, people = team
    monkeypatch.setenv("LAKTASI_PUBMED_URL", f"http://127.0.0.1:{_closed_port()}/entrez/eutils/")
    monkeypatch.setattr(services, "PUBMED_BACKOFF", 0.0)
    r = client_in(people["owner"], lang).post(reverse("review_pubmed", args=[review.pk]), {"query": "oxytocin"})
    assert r.status_code == 200 and text in r.content.decode()
    job = IntakeJob.objects.get(review=review)
    assert job.status == FAILED and job.problems[0]["en"].startswith("PubMed esearch.fcgi failed")
    assert job.problems[0]["id"].startswith("esearch.fcgi PubMed gagal")
    assert review.records.count() == 0 and job.hits is None


def test_pubmed_form_checks_the_dates(team):
    review, people = team
    r = client_in(people["owner"]).post(reverse("review_pubmed", args=[review.pk]),
                                        {"query": "x", "date_from": "2025-01-01", "date_to": "2017-01-01"})
    assert r.status_code == 200 and b"The end date is before the start date." in r.content
    assert not IntakeJob.objects.exists()


def test_pubmed_query_dates():
    assert services.pubmed_query(" a ", None, None) == "a"
    assert services.pubmed_query("a", None, dt.date(2020, 5, 31)) == '(a) AND ("1800/01/01"[dp] : "2020/05/31"[dp])'


# --------------------------------------------------------------------------------------------
# exports

TITLES = ["=HYPERLINK(\"http://x\")", "Oxytocin massage and milk volume", "Back massage for lactation",
          "Engine oil viscosity", "Lactation support at home"]


@pytest.fixture
def screened(team):
    """Five records and a copy of one; both reviewers screen; two included at title/abstract, one of them
    excluded at full text with a reason, one conflict left open."""
    review, people = team
    records = [(t, "2021", f"10.5555/e{n}") for n, t in enumerate(TITLES)]
    services.upload(review, [("scopus.ris", ris(*records)), ("copy.ris", ris(records[1]))], people["owner"])
    pk = {r.title: r.pk for r in review.records.filter(duplicate_of="")}

    def both(title, stage, d1, d2=None, reason=""):
        for user, d in ((people["rev1"], d1), (people["rev2"], d2 or d1)):
            ScreeningDecision(record_id=pk[title], reviewer=user, stage=stage, decision=d,
                              reason=reason if d == "exclude" else "").save(by=user)

    both(TITLES[1], TITLE_ABSTRACT, "include")
    both(TITLES[2], TITLE_ABSTRACT, "include")
    both(TITLES[3], TITLE_ABSTRACT, "exclude", reason="not about lactation")
    both(TITLES[0], TITLE_ABSTRACT, "include", "exclude")  # a conflict
    both(TITLES[1], FULL_TEXT, "include")
    both(TITLES[2], FULL_TEXT, "exclude", reason="wrong population")
    return review, people


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_records_csv_and_xlsx_hold_every_record_with_its_decisions(screened):
    review, people = screened
    client = client_in(people["rev1"])  # a reviewer may export
    r = client.get(reverse("review_export", args=[review.pk, "csv"]))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('-records.csv"')
    rows = {row["title"]: row for row in _csv(r.content) if not row["duplicate_of"]}
    assert len(_csv(r.content)) == 6
    assert rows["'" + TITLES[0]]["decision"] == "undecided"  # the formula neutralised, the conflict undecided
    assert rows[TITLES[1]]["decision"] == "include" and rows[TITLES[1]]["stage"] == FULL_TEXT
    assert rows[TITLES[2]]["eligibility_reason"] == "wrong population"
    assert rows[TITLES[3]]["screening_decision"] == "exclude" and rows[TITLES[3]]["screening_reason"] == \
        "not about lactation"
    dup = [row for row in _csv(r.content) if row["duplicate_of"]]
    assert len(dup) == 1 and dup[0]["decision"] == "duplicate"
    import openpyxl

    x = client.get(reverse("review_export", args=[review.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(x.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "'" + TITLES[0] in cells and not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert client_in(people["owner"]).get(
        reverse("review_export", args=[review.pk, "pdf"])).status_code == 404


def test_ris_carries_the_decisions_as_labels_our_reader_and_asreview_read(screened):
    review, people = screened
    body = client_in(people["owner"]).get(reverse("review_export", args=[review.pk, "ris"])).content
    records = read_uploads([("export.ris", body)])
    assert len(records) == 6
    by_title = {r.title: r for r in records if "laktasi:duplicate" not in r.keywords}
    included = by_title[TITLES[1]]
    assert set(included.keywords) == {"laktasi:include", f"laktasi:stage={FULL_TEXT}"}
    notes = included.raw["N1"]
    assert "laktasi_decision: include" in notes and "asreview_label: ASReview_relevant" in notes
    excluded = by_title[TITLES[2]]
    assert "laktasi_reason: wrong population" in excluded.raw["N1"]
    assert any("ASReview_irrelevant" in n for n in excluded.raw["N1"])
    assert {r.record_id for r in records} == set(review.records.values_list("record_id", flat=True))
    # ASReview finds its labels with this pattern in the notes (asreview/io/ris_reader.py, ASREVIEW_PARSE_RE)
    import re

    labels = [re.findall(r"\bASReview_\w+\b", " ".join(r.raw["N1"])) for r in records]
    assert sorted(x for found in labels for x in found).count("ASReview_relevant") == 1


def test_decisions_file_gives_the_pages_prisma_counts_on_the_command_line(screened, tmp_path):
    review, people = screened
    client = client_in(people["owner"])
    (tmp_path / "records.csv").write_bytes(client.get(reverse("review_export", args=[review.pk, "csv"])).content)
    decisions = client.get(reverse("review_export", args=[review.pk, "decisions"])).content
    (tmp_path / "decisions.csv").write_bytes(decisions)
    rows = _csv(decisions)
    assert {(r["stage"], r["decision"]) for r in rows} == {("screening", "include"), ("screening", "exclude"),
                                                          ("eligibility", "include"), ("eligibility", "exclude")}
    from laktasi.cli import main

    out = tmp_path / "prisma.svg"
    code = main(["review", "prisma", "--records", str(tmp_path / "records.csv"), "--decisions",
                 str(tmp_path / "decisions.csv"), "--out", str(out), "--counts-out", str(tmp_path / "c.yaml"),
                 "--json", "--lang", "en"])
    assert code == 0 and out.exists()
    import yaml

    cli = yaml.safe_load((tmp_path / "c.yaml").read_text())
    page = review_services.prisma_counts(review, "en").to_json()
    for key in ("database_results", "duplicates", "records_screened", "records_excluded", "dbr_assessed",
                "new_studies"):
        assert cli[key] == page[key], key
    assert cli["duplicates"] == 1 and cli["records_excluded"] == 1 and cli["new_studies"] == 1
    assert {x["name"]: x["n"] for x in page["dbr_excluded"]} == cli["dbr_excluded"] == {"wrong population": 1}


def test_viewer_may_not_export(team):
    review, people = team
    ReviewMember(review=review, user=people["viewer"], role="viewer").save(by=people["owner"])
    assert client_in(people["viewer"]).get(reverse("review_export", args=[review.pk, "csv"])).status_code == 403


def test_a_full_text_not_retrieved_leaves_in_every_export_as_prisma_counts_it(screened, tmp_path):
    # exports and the PRISMA page share one source of final decisions (services.final_decisions_with_reasons)
    from laktasi.web.reviews import fulltexts

    review, people = screened
    record = review.records.get(title=TITLES[4], duplicate_of="")
    for user in (people["rev1"], people["rev2"]):
        ScreeningDecision(record=record, reviewer=user, stage=TITLE_ABSTRACT, decision="include").save(by=user)
    fulltexts.set_not_retrieved(record, True, "paywalled, author did not reply", people["owner"])
    client = client_in(people["owner"])
    rows = {row["title"]: row for row in _csv(client.get(reverse("review_export", args=[review.pk, "csv"])).content)}
    assert rows[TITLES[4]]["not_retrieved"] == "paywalled, author did not reply"
    assert rows[TITLES[4]]["screening_decision"] == "include" and rows[TITLES[4]]["eligibility_decision"] == ""
    decisions = _csv(client.get(reverse("review_export", args=[review.pk, "decisions"])).content)
    retrieval = [r for r in decisions if r["stage"] == "retrieval"]
    assert [(r["record_id"], r["decision"], r["reason"]) for r in retrieval] == [
        (record.record_id, "not_retrieved", "paywalled, author did not reply")]
    page = review_services.prisma_counts(review, "en").to_json()
    assert page["dbr_notretrieved_reports"] == 1
    (tmp_path / "records.csv").write_bytes(client.get(reverse("review_export", args=[review.pk, "csv"])).content)
    (tmp_path / "decisions.csv").write_bytes(client.get(reverse("review_export", args=[review.pk, "decisions"])).content)
    from laktasi.cli import main

    assert main(["review", "prisma", "--records", str(tmp_path / "records.csv"), "--decisions",
                 str(tmp_path / "decisions.csv"), "--out", str(tmp_path / "p.svg"), "--counts-out",
                 str(tmp_path / "c.yaml"), "--lang", "en"]) == 0
    import yaml

    cli = yaml.safe_load((tmp_path / "c.yaml").read_text())
    for key in ("records_screened", "records_excluded", "dbr_sought_reports", "dbr_notretrieved_reports",
                "dbr_assessed", "new_studies"):
        assert cli[key] == page[key], key
