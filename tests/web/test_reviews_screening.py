"""Screening beyond the first slice: single or dual screening per stage, full-text PDFs (type by content, size
limit, members only, Django storage), "not retrieved" with a reason, the review's exclusion reasons (id/en) feeding
PRISMA's "reports excluded, with reasons", personal highlight terms, a member's own notes and labels, and the
PRISMA 2020 diagram as PNG / SVG / DOCX in both languages — each write in the audit trail."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laktasi.web.reviews import fulltexts, queue, services, storage
from laktasi.web.reviews.models import (
    FullText,
    RecordLabel,
    RecordNote,
    Retrieval,
    ReviewEvent,
    ScreeningDecision,
)
from tests.web.conftest import client_for
from tests.web.test_reviews import RECORDS, loaded, team  # noqa: F401  (fixtures)

TA, FT = "title_abstract", "full_text"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def pdf_storage(tmp_path, monkeypatch):
    """Full texts go to a temporary folder (the field's storage is built once, at start-up, from the env)."""
    field = FullText._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "fulltexts", base_url=None))
    return tmp_path / "fulltexts"


def _decide(client, review, pk, decision, stage=TA, **extra):
    return client.post(reverse("review_screen", args=[review.pk, stage]),
                       {"record": pk, "decision": decision, "reason": "", "note": "", **extra})


def _set_modes(client, review, ta: int, ft: int):
    return client.post(reverse("review_settings", args=[review.pk]),
                       {"form": "mode", "reviewers_title_abstract": ta, "reviewers_full_text": ft})


def _include_at_ta(review, people, pks):
    for pk in pks:
        for who in ("rev1", "rev2"):
            _decide(client_for(people[who]), review, pk, "include")


def test_single_screening_one_decision_is_final_and_counts_follow(loaded):  # noqa: F811
    review, people = loaded
    owner = client_for(people["owner"])
    assert _set_modes(client_for(people["rev1"]), review, 1, 2).status_code == 403  # settings: the owner's
    assert _set_modes(owner, review, 1, 2).status_code == 302
    review.refresh_from_db()
    assert review.reviewers_per_record(TA) == 1 and review.reviewers_per_record(FT) == 2
    event = ReviewEvent.objects.filter(entity="review", action="update", reason="screening mode").get()
    assert event.changes["reviewers_title_abstract"] == [2, 1]
    page = owner.get(reverse("review", args=[review.pk])).content.decode()
    assert "single" in page.lower() or "tunggal" in page.lower()

    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    c1, c2 = client_for(people["rev1"]), client_for(people["rev2"])
    _decide(c1, review, pks[0], "include")
    _decide(c1, review, pks[1], "exclude")
    _decide(c1, review, pks[2], "maybe")
    # one decision ends a record: it leaves everyone else's queue, and a second decision is refused
    shown = c2.get(reverse("review_screen", args=[review.pk, TA])).context["remaining"]
    assert shown == 3
    for pk in pks[:3]:
        assert pk not in services.still_open(review, TA, queue.queue(review, people["rev2"], TA))
    _decide(c2, review, pks[0], "exclude")
    assert ScreeningDecision.objects.filter(record_id=pks[0]).count() == 1
    assert services.final_decisions(review, TA) == {pks[0]: "include", pks[1]: "exclude"}
    # the "maybe" waits on the conflicts page for another member; no κ without two reviewers
    assert [c.record.pk for c in services.conflicts(review, TA)] == [pks[2]]
    assert services.stage_agreement(review, TA) is None
    url = reverse("review_resolve", args=[review.pk, TA, pks[2]])
    assert c1.post(url, {"decision": "include", "reason": "x"}).status_code == 403
    c2.post(url, {"decision": "include", "reason": "populasi sesuai"})
    assert services.final_decisions(review, TA)[pks[2]] == "include"
    counts = services.prisma_counts(review, "en")
    assert counts.records_excluded == 1 and counts.dbr_sought_reports == 2
    # full text stays dual: one decision there is not final
    _decide(c1, review, pks[0], "include", FT)
    assert services.final_decisions(review, FT) == {}
    # back to dual at title/abstract: a record with one decision needs its second
    _set_modes(owner, review, 2, 2)
    review.refresh_from_db()
    assert pks[0] not in services.final_decisions(review, TA)


def test_pdf_upload_type_size_storage_and_members_only(loaded, pdf_storage, monkeypatch):  # noqa: F811
    review, people = loaded
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    _include_at_ta(review, people, pks[:1])
    c1 = client_for(people["rev1"])
    upload = reverse("review_fulltext_upload", args=[review.pk, pks[0]])
    # the type is read from the content: a PDF name on a text file is refused, and so is an empty file
    r = c1.post(upload, {"stage": FT, "pdf": SimpleUploadedFile("paper.pdf", b"<html>not a pdf</html>",
                                                                 content_type="application/pdf")})
    assert r.status_code == 302 and not FullText.objects.exists()
    c1.post(upload, {"stage": FT, "pdf": SimpleUploadedFile("paper.pdf", b"<html><!-- %PDF-1.4 --></html>")})
    c1.post(upload, {"stage": FT, "pdf": SimpleUploadedFile("paper.pdf", b"")})
    assert not FullText.objects.exists()
    monkeypatch.setenv("LAKTASI_MAX_PDF_MB", "0.00001")  # about 10 bytes: stopped while reading the upload
    real_check = fulltexts.check_pdf
    monkeypatch.setattr(fulltexts, "check_pdf", lambda f: pytest.fail("read past the limit"))
    r = c1.post(upload, {"stage": FT, "pdf": SimpleUploadedFile("paper.pdf", PDF)}, follow=True)
    assert not FullText.objects.exists() and "MB" in r.content.decode()
    assert not list(pdf_storage.rglob("*.pdf")) if pdf_storage.exists() else True
    monkeypatch.setattr(fulltexts, "check_pdf", real_check)
    monkeypatch.delenv("LAKTASI_MAX_PDF_MB")
    assert fulltexts.max_pdf_bytes() == 50 * 1024 * 1024
    r = c1.post(upload, {"stage": FT, "pdf": SimpleUploadedFile("../../etc/Tinjauan <1>.pdf", PDF)})
    assert r.status_code == 302 and f"/screen/{FT}/" in r["Location"]
    row = FullText.objects.get()
    assert row.original_name == "Tinjauan _1_.pdf" and row.size == len(PDF) and row.uploaded_by == people["rev1"]
    assert row.file.name == f"review-{review.pk}/record-{pks[0]}/{row.sha256[:32]}.pdf"
    assert (pdf_storage / row.file.name).read_bytes() == PDF
    event = ReviewEvent.objects.get(entity="fulltext")
    assert event.user == people["rev1"] and event.changes["file"] == [None, row.file.name]
    # served through the review, to members only (a viewer too), never a public URL
    url = reverse("review_fulltext", args=[review.pk, pks[0]])
    r = client_for(people["third"]).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and b"".join(r.streaming_content) == PDF
    assert "no-store" in r["Cache-Control"]
    assert client_for(people["outsider"]).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    page = c1.get(reverse("review_screen", args=[review.pk, FT])).content.decode()
    assert url in page and "Tinjauan _1_.pdf" in page
    # the upload is CSRF-checked although the size limit needs the check moved into the view
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people["rev1"])
    assert strict.post(upload, {"stage": FT, "pdf": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
    # a second upload is the current one; the first stays
    c1.post(upload, {"stage": FT, "pdf": SimpleUploadedFile("v2.pdf", PDF + b"%v2\n")})
    assert FullText.objects.count() == 2 and fulltexts.current(review.records.get(pk=pks[0])).original_name == "v2.pdf"
    # the member who resolves a full-text conflict opens the PDF from the conflicts page
    _decide(c1, review, pks[0], "include", FT)
    reason = services.exclusion_reasons(review, people["owner"])[0]
    _decide(client_for(people["rev2"]), review, pks[0], "exclude", FT, exclusion_reason=reason.pk)
    conflicts_page = client_for(people["third"]).get(reverse("review_conflicts", args=[review.pk, FT]))
    assert url in conflicts_page.content.decode()


def test_not_retrieved_needs_a_reason_leaves_the_queue_and_feeds_prisma(loaded):  # noqa: F811
    review, people = loaded
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    _include_at_ta(review, people, pks[:2])
    c1 = client_for(people["rev1"])
    url = reverse("review_retrieval", args=[review.pk, pks[1]])
    c1.post(url, {"stage": FT, "not_retrieved": "on", "reason": ""})
    assert not Retrieval.objects.exists()
    c1.post(url, {"stage": FT, "not_retrieved": "on", "reason": "penulis tidak menjawab"})
    assert set(services.screenable(review, FT).values_list("pk", flat=True)) == {pks[0]}
    counts = services.prisma_counts(review, "en")
    assert counts.dbr_sought_reports == 2 and counts.dbr_notretrieved_reports == 1 and counts.dbr_assessed == 1
    assert ReviewEvent.objects.filter(entity="retrieval", user=people["rev1"]).exists()
    page = c1.get(reverse("review", args=[review.pk])).content.decode()
    assert "penulis tidak menjawab" in page
    # undone: back in the full-text queue, and PRISMA follows
    c1.post(url, {})
    assert set(services.screenable(review, FT).values_list("pk", flat=True)) == {pks[0], pks[1]}
    assert services.prisma_counts(review, "en").dbr_notretrieved_reports == 0
    # a record already screened at full text was retrieved: it cannot be marked otherwise
    _decide(c1, review, pks[0], "include", FT)
    c1.post(reverse("review_retrieval", args=[review.pk, pks[0]]), {"not_retrieved": "on", "reason": "x"})
    assert not Retrieval.objects.filter(record_id=pks[0]).exists()


def test_exclusion_reasons_owner_edits_id_en_and_prisma_lists_them(loaded):  # noqa: F811
    review, people = loaded
    owner = client_for(people["owner"])
    url = reverse("review_settings", args=[review.pk])
    page = owner.get(url).content.decode()
    assert "Wrong population" in page and "Populasi tidak sesuai" in page  # the default list, written once
    assert review.exclusion_reasons.count() == len(services.DEFAULT_REASONS)
    assert client_for(people["rev1"]).post(url, {"form": "reason", "label_id": "x", "label_en": "y"}).status_code \
        == 403
    owner.post(url, {"form": "reason", "label_id": "Bukan pijat oksitosin", "label_en": "Not oxytocin massage"})
    added = review.exclusion_reasons.get(label_en="Not oxytocin massage")
    assert ReviewEvent.objects.filter(entity="exclusionreason", object_id=str(added.pk), action="create").exists()
    retired = review.exclusion_reasons.get(label_en="Wrong setting")
    owner.post(url, {"form": "reason", "reason_pk": retired.pk, "label_id": retired.label_id,
                     "label_en": retired.label_en})  # "active" unticked: retired, not deleted
    retired.refresh_from_db()
    assert not retired.active
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    _include_at_ta(review, people, pks[:2])
    c1, c2 = client_for(people["rev1"]), client_for(people["rev2"])
    _decide(c1, review, pks[0], "exclude", FT, exclusion_reason=retired.pk)  # retired: refused
    assert not ScreeningDecision.objects.filter(stage=FT).exists()
    # the two disagree on the reason's record: resolved at full text, the resolution names a reason too
    _decide(c1, review, pks[0], "exclude", FT, exclusion_reason=added.pk)
    _decide(c2, review, pks[0], "include", FT)
    third = client_for(people["third"])
    conflicts_page = third.get(reverse("review_conflicts", args=[review.pk, FT])).content.decode()
    assert "Bukan pijat oksitosin" in conflicts_page or "Not oxytocin massage" in conflicts_page
    resolve = reverse("review_resolve", args=[review.pk, FT, pks[0]])
    third.post(resolve, {"decision": "exclude", "reason": "dibahas bersama"})
    assert not services.final_decisions(review, FT)
    third.post(resolve, {"decision": "exclude", "reason": "dibahas bersama", "exclusion_reason": added.pk})
    _decide(c1, review, pks[1], "include", FT)
    _decide(c2, review, pks[1], "include", FT)
    assert dict(services.prisma_counts(review, "en").dbr_excluded) == {"Not oxytocin massage": 1}
    assert dict(services.prisma_counts(review, "id").dbr_excluded) == {"Bukan pijat oksitosin": 1}
    assert services.prisma_counts(review, "en").new_studies == 1


def test_personal_terms_are_marked_apart_and_stay_personal(loaded):  # noqa: F811
    review, people = loaded
    review.include_terms = "oxytocin"
    review.save(by=people["owner"])
    c1 = client_for(people["rev1"])
    r = c1.post(reverse("review_my_terms", args=[review.pk]), {"include_terms": "breast milk\noxytocin",
                                                                "exclude_terms": "engine"})
    assert r.status_code == 302
    assert ReviewEvent.objects.filter(entity="reviewmember", reason="personal highlight terms").exists()
    assert client_for(people["third"]).get(reverse("review_my_terms", args=[review.pk])).status_code == 200
    oxy = review.records.get(title=RECORDS[0][0], duplicate_of="")
    q = queue.queue(review, people["rev1"], TA)
    page = c1.get(reverse("review_screen", args=[review.pk, TA]) + f"?after={q[q.index(oxy.pk) - 1]}")
    html = page.content.decode()
    assert '<mark class="inc">Oxytocin</mark>' in html  # shared wins over personal
    assert '<mark class="inc mine" style="outline:2px dashed #555;outline-offset:-1px">breast milk</mark>' in html
    q2 = queue.queue(review, people["rev2"], TA)
    other = client_for(people["rev2"]).get(reverse("review_screen", args=[review.pk, TA])
                                           + f"?after={q2[q2.index(oxy.pk) - 1]}").content.decode()
    assert "inc mine" not in other and '<mark class="inc">Oxytocin</mark>' in other


def test_notes_and_labels_are_saved_audited_and_private(loaded):  # noqa: F811
    review, people = loaded
    pk = services.screenable(review, TA).values_list("pk", flat=True)[0]
    c1 = client_for(people["rev1"])
    url = reverse("review_record_notes", args=[review.pk, pk])
    r = c1.post(url, {"stage": TA, "note": "cek desain", "labels": "RCT, latar belakang, RCT"})
    assert r.status_code == 302
    assert RecordNote.objects.get(record_id=pk, author=people["rev1"]).text == "cek desain"
    assert sorted(RecordLabel.objects.filter(record_id=pk, active=True).values_list("name", flat=True)) == [
        "RCT", "latar belakang"]
    c1.post(url, {"stage": TA, "note": "cek desain lagi", "labels": "RCT"})
    assert list(RecordLabel.objects.filter(record_id=pk, active=True).values_list("name", flat=True)) == ["RCT"]
    assert RecordLabel.objects.filter(record_id=pk).count() == 2  # removed = inactive, never deleted
    actions = list(ReviewEvent.objects.filter(entity__in=["recordnote", "recordlabel"]).values_list(
        "entity", "action"))
    assert actions.count(("recordnote", "update")) == 1 and actions.count(("recordlabel", "update")) == 1
    q = queue.queue(review, people["rev1"], TA)
    after = q[q.index(pk) - 1] if pk in q and len(q) > 1 else pk
    mine = c1.get(reverse("review_screen", args=[review.pk, TA]) + f"?after={after}").content.decode()
    assert "cek desain lagi" in mine and "RCT" in mine
    q2 = queue.queue(review, people["rev2"], TA)
    theirs = client_for(people["rev2"]).get(reverse("review_screen", args=[review.pk, TA])
                                            + f"?after={q2[q2.index(pk) - 1]}").content.decode()
    assert "cek desain" not in theirs and "latar belakang" not in theirs
    assert client_for(people["outsider"]).post(url, {"note": "x"}).status_code == 404
    # once the two screeners disagree, the member resolving it sees what each wrote (the record is not blind there)
    _decide(c1, review, pk, "include")
    _decide(client_for(people["rev2"]), review, pk, "exclude")
    conflicts = client_for(people["third"]).get(reverse("review_conflicts", args=[review.pk, TA])).content.decode()
    assert "rev1 [RCT]: cek desain lagi" in conflicts


def test_prisma_downloads_png_svg_docx_in_both_languages_follow_the_decisions(loaded):  # noqa: F811
    review, people = loaded
    c = client_for(people["owner"])

    def get(fmt, lang):
        r = c.get(reverse("review_prisma_file", args=[review.pk, fmt]) + f"?lang={lang}&download=1")
        assert r.status_code == 200 and f"prisma-{review.pk}-{lang}.{fmt}" in r["Content-Disposition"]
        return r.content

    assert get("png", "id")[:8] == b"\x89PNG\r\n\x1a\n"
    svg_en, svg_id = get("svg", "en").decode(), get("svg", "id").decode()
    assert "Records screened" in svg_en and "Rekaman yang ditapis" in svg_id
    for lang, words in (("en", "PRISMA 2020 flow diagram"), ("id", "Diagram alir PRISMA 2020")):
        with zipfile.ZipFile(io.BytesIO(get("docx", lang))) as z:
            document = z.read("word/document.xml").decode()
            assert words in document and any(n.startswith("word/media/") for n in z.namelist())
    assert c.get(reverse("review_prisma_file", args=[review.pk, "pdf"])).status_code == 404
    assert c.get(reverse("review_prisma_file", args=[review.pk, "svg"]) + "?lang=fr").status_code == 404
    # the diagram changes with the decisions
    before = get("svg", "en")
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    for pk in pks[:3]:
        for who in ("rev1", "rev2"):
            _decide(client_for(people[who]), review, pk, "exclude")
    assert get("svg", "en") != before and services.prisma_counts(review, "en").records_excluded == 3
    page = c.get(reverse("review", args=[review.pk])).content.decode()
    for fmt in ("png", "svg", "docx"):
        assert reverse("review_prisma_file", args=[review.pk, fmt]) + "?lang=id" in page


def test_storage_from_the_environment(tmp_path, settings):
    settings.LAKTASI_HOME = tmp_path
    default = storage.build_storage({})
    assert isinstance(default, FileSystemStorage) and default.location == str(tmp_path / "fulltexts")
    with pytest.raises(ValueError):
        default.url("review-1/record-1/x.pdf")  # no public URL, ever
    shared = storage.build_storage({"LAKTASI_FULLTEXT_STORAGE": "django.core.files.storage.FileSystemStorage",
                                    "LAKTASI_FULLTEXT_STORAGE_OPTIONS": f'{{"location": "{tmp_path}/shared"}}'})
    assert shared.location == str(tmp_path / "shared")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        storage.build_storage({"LAKTASI_FULLTEXT_STORAGE_OPTIONS": "[1]"})
    with pytest.raises(ImproperlyConfigured):
        storage.build_storage({"LAKTASI_FULLTEXT_STORAGE": "laktasi.web.reviews.storage.build_storage"})


def test_the_reviews_catalogue_serves_both_languages(loaded):  # noqa: F811
    from django.utils import translation

    review, people = loaded
    with translation.override("id"):
        assert translation.gettext("Screening settings") == "Pengaturan penyaringan"
    with translation.override("en"):
        assert translation.gettext("Screening settings") == "Screening settings"
    c = client_for(people["owner"])
    c.post(reverse("set_language"), {"language": "id"})
    page = c.get(reverse("review_settings", args=[review.pk])).content.decode()
    assert "Peninjau per rekaman" in page and "Populasi tidak sesuai" in page


def test_switching_to_single_keeps_a_two_reviewer_disagreement_a_conflict(loaded):  # noqa: F811
    review, people = loaded
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    c1, c2 = client_for(people["rev1"]), client_for(people["rev2"])
    _decide(c1, review, pks[0], "include")
    _decide(c2, review, pks[0], "exclude")
    _decide(c1, review, pks[1], "exclude")
    _set_modes(client_for(people["owner"]), review, 1, 2)
    review.refresh_from_db()
    assert services.final_decisions(review, TA) == {pks[1]: "exclude"}  # one decision, now final
    [conflict] = services.conflicts(review, TA)
    assert conflict.record.pk == pks[0] and len(conflict.decisions) == 2


def test_a_reviewer_goes_back_to_her_last_decision_and_changes_it_until_resolved(loaded):  # noqa: F811
    review, people = loaded
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    c1, c2 = client_for(people["rev1"]), client_for(people["rev2"])
    first = queue.queue(review, people["rev1"], TA)[0]
    _decide(c1, review, first, "include")
    page = c1.get(reverse("review_screen", args=[review.pk, TA])).content.decode()
    back = reverse("review_screen", args=[review.pk, TA]) + f"?record={first}"
    assert back in page
    again = c1.get(back)
    assert again.context["record"].pk == first and again.context["my_decision"].decision == "include"
    # another reviewer's page never shows rev1's decision, whichever record it shows
    other = c2.get(back)
    assert other.context["my_decision"] is None
    # a note saved on the record she went back to returns to that record, not the queue
    r = c1.post(reverse("review_record_notes", args=[review.pk, first]), {"stage": TA, "note": "lihat lagi"})
    assert r["Location"].endswith(f"?record={first}")
    _decide(c1, review, first, "exclude")
    row = ScreeningDecision.objects.get(record_id=first, reviewer=people["rev1"])
    assert row.decision == "exclude"
    assert ReviewEvent.objects.filter(entity="screeningdecision", object_id=str(row.pk), action="update").exists()
    # once the conflict is resolved, the decision stays as it was
    _decide(c2, review, first, "include")
    client_for(people["third"]).post(reverse("review_resolve", args=[review.pk, TA, first]),
                                     {"decision": "include", "reason": "dibahas"})
    _decide(c1, review, first, "include")
    row.refresh_from_db()
    assert row.decision == "exclude" and services.final_decisions(review, TA)[first] == "include"
    assert pks


def test_the_overview_says_what_prisma_still_waits_for(loaded):  # noqa: F811
    review, people = loaded
    c = client_for(people["owner"])
    c.post(reverse("set_language"), {"language": "en"})
    page = c.get(reverse("review", args=[review.pk])).content.decode()
    assert "6 screened records have no screening decision yet" in page


def test_the_agreement_interval_shown_stays_within_minus_one_and_one(loaded):  # noqa: F811
    review, people = loaded
    pks = list(services.screenable(review, TA).values_list("pk", flat=True))
    for pk, (a, b) in zip(pks, [("include", "include"), ("include", "exclude"), ("exclude", "exclude")],
                          strict=False):
        _decide(client_for(people["rev1"]), review, pk, a)
        _decide(client_for(people["rev2"]), review, pk, b)
    from laktasi.stats.agreement import agreement

    raw = agreement(["include", "include", "exclude"], ["include", "exclude", "exclude"],
                    ["include", "exclude", "maybe"])
    shown = services.stage_agreement(review, TA)
    assert raw.kappa_ci[1] > 1 and shown.kappa_ci == (raw.kappa_ci[0], 1.0) and shown.kappa == raw.kappa
    assert -1 <= shown.ac1_ci[0] and shown.ac1_ci[1] <= 1
