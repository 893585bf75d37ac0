"""Pages on one record of a review (full text PDF, "not retrieved", a member's own note and labels), the
screening settings (single or dual per stage, the exclusion reasons, a member's own highlight terms) and the
PRISMA 2020 diagram downloads. Every write is audited; every page needs membership (:func:`review_for`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from laktasi.report.prisma_diagram import save_prisma
from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.reviews import fulltexts, services
from laktasi.web.reviews.access import page_context, review_for, ui_lang
from laktasi.web.reviews.forms import (
    ExclusionReasonForm,
    FullTextForm,
    MyTermsForm,
    NoteLabelsForm,
    RetrievalForm,
    ScreeningModeForm,
)
from laktasi.web.reviews.models import (
    FULL_TEXT,
    ExclusionReason,
    RecordLabel,
    RecordNote,
    Review,
    ReviewRecord,
)
from laktasi.web.reviews.views import same_record_url

PRISMA_TYPES = {"png": "image/png", "svg": "image/svg+xml",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _record(rv: Review, record_pk: int) -> ReviewRecord:
    record = rv.records.filter(pk=record_pk).first()
    if record is None:
        raise Http404("record")
    return record


def _back(request: AuthenticatedHttpRequest, rv: Review, record: ReviewRecord) -> HttpResponse:
    """Back to the screening page showing the same record (``next`` names the stage)."""
    stage = request.POST.get("stage", "")
    if stage not in ("title_abstract", "full_text"):
        return redirect("review", rv.pk)
    return redirect(same_record_url(rv, request, stage, record.pk))


@csrf_exempt  # the CSRF check runs in _fulltext_upload, after the size limit is in place (Django's documented way)
@require_POST
def fulltext_upload(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    rv, _member = review_for(request, review_id, "screen")  # membership first: reads no body
    _record(rv, record_pk)
    limit = fulltexts.SizeLimit(fulltexts.max_pdf_bytes(), request)
    request.upload_handlers.insert(0, limit)
    return _fulltext_upload(request, rv, record_pk, limit)


@csrf_protect
def _fulltext_upload(request: AuthenticatedHttpRequest, rv: Review, record_pk: int,
                     limit: fulltexts.SizeLimit) -> HttpResponse:
    record = _record(rv, record_pk)
    form = FullTextForm(request.POST, request.FILES)
    too_large = limit.too_large
    if not form.is_valid() and not too_large:
        messages.error(request, _("Choose a PDF file."))
        return _back(request, rv, record)
    problem = fulltexts.PdfProblem("too_large", limit.limit / 1024 / 1024) if too_large else \
        fulltexts.check_pdf(form.cleaned_data["pdf"])
    if problem is not None:
        if problem.code == "too_large":
            messages.error(request, _("The file is larger than %(mb)s MB.") % {"mb": f"{problem.limit_mb:g}"})
        else:
            messages.error(request, _("This file is not a PDF (it does not start like one)."))
        return _back(request, rv, record)
    fulltexts.store(record, form.cleaned_data["pdf"], request.user)
    messages.success(request, _("Full text saved."))
    return _back(request, rv, record)


def fulltext(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> FileResponse:
    """The record's current PDF, to members only (never a public media URL)."""
    rv, _member = review_for(request, review_id, "view")
    row = fulltexts.current(_record(rv, record_pk))
    if row is None:
        raise Http404("no full text")
    response = FileResponse(row.file.open("rb"), content_type="application/pdf", as_attachment=False,
                            filename=row.original_name or "fulltext.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def retrieval(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    """Mark a record's full text "not retrieved" (a reason is required) or undo it."""
    rv, _member = review_for(request, review_id, "screen")
    record = _record(rv, record_pk)
    form = RetrievalForm(request.POST)
    if not form.is_valid():
        raise Http404("form")
    not_retrieved, reason = form.cleaned_data["not_retrieved"], form.cleaned_data["reason"].strip()
    if not_retrieved and not reason:
        messages.error(request, _("Say why the full text could not be obtained."))
        return _back(request, rv, record)
    if not_retrieved and record.decisions.filter(stage=FULL_TEXT).exists():
        messages.error(request, _("This record already has full-text decisions; it was retrieved."))
        return _back(request, rv, record)
    fulltexts.set_not_retrieved(record, not_retrieved, reason, request.user)
    messages.success(request, _("Marked as not retrieved.") if not_retrieved else _("Marked as retrieved again."))
    if not_retrieved:
        return redirect("review_screen", rv.pk, FULL_TEXT)
    return redirect("review", rv.pk)


@require_POST
def notes(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    """A member's own note and labels on a record."""
    rv, _member = review_for(request, review_id, "screen")
    record = _record(rv, record_pk)
    form = NoteLabelsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Labels are at most 600 characters."))
        return _back(request, rv, record)
    wanted = form.label_names()
    with transaction.atomic():
        note = RecordNote.objects.filter(record=record, author=request.user).first()
        text = form.cleaned_data["note"].strip()
        if note is not None or text:
            note = note or RecordNote(record=record, author=request.user)
            note.text = text
            note.save(by=request.user)
        have = {r.name: r for r in RecordLabel.objects.filter(record=record, user=request.user)}
        for name, row in have.items():
            if row.active != (name in wanted):
                row.active = name in wanted
                row.save(by=request.user)
        for name in wanted:
            if name not in have:
                RecordLabel(record=record, user=request.user, name=name).save(by=request.user)
    messages.success(request, _("Note and labels saved."))
    return _back(request, rv, record)


def settings_page(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """Single or dual screening per stage, and the list of full-text exclusion reasons (id/en)."""
    rv, member = review_for(request, review_id, "settings")
    mode_form = ScreeningModeForm(initial={"reviewers_title_abstract": rv.reviewers_title_abstract,
                                           "reviewers_full_text": rv.reviewers_full_text})
    reason_form = ExclusionReasonForm()
    if request.method == "POST" and request.POST.get("form") == "mode":
        mode_form = ScreeningModeForm(request.POST)
        if mode_form.is_valid():
            rv.reviewers_title_abstract = mode_form.cleaned_data["reviewers_title_abstract"]
            rv.reviewers_full_text = mode_form.cleaned_data["reviewers_full_text"]
            rv.save(by=request.user, reason="screening mode")
            messages.success(request, _("Saved."))
            return redirect("review_settings", rv.pk)
    elif request.method == "POST" and request.POST.get("form") == "reason":
        reason_form = ExclusionReasonForm(request.POST)
        if reason_form.is_valid():
            data = reason_form.cleaned_data
            row = (rv.exclusion_reasons.filter(pk=data["reason_pk"]).first() if data["reason_pk"] else None)
            if data["reason_pk"] and row is None:
                raise Http404("reason")
            if row is None:
                row = ExclusionReason(review=rv, order=rv.exclusion_reasons.count() + 1)
            row.label_id, row.label_en = data["label_id"].strip(), data["label_en"].strip()
            row.active = data["active"] if data["reason_pk"] else True
            row.save(by=request.user)
            messages.success(request, _("Saved."))
            return redirect("review_settings", rv.pk)
    reasons = services.exclusion_reasons(rv, request.user, active_only=False)
    rows = [(r, ExclusionReasonForm(initial={"reason_pk": r.pk, "label_id": r.label_id, "label_en": r.label_en,
                                             "active": r.active}, prefix=f"r{r.pk}")) for r in reasons]
    return render(request, "reviews/settings.html", page_context(
        member, "settings", mode_form=mode_form, reason_form=reason_form, rows=rows))


def my_terms(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """The member's own include / exclude terms, highlighted beside the review's shared ones."""
    rv, member = review_for(request, review_id, "screen")
    form = MyTermsForm(request.POST or None, initial={"include_terms": member.include_terms,
                                                      "exclude_terms": member.exclude_terms})
    if request.method == "POST" and form.is_valid():
        member.include_terms = form.cleaned_data["include_terms"].strip()
        member.exclude_terms = form.cleaned_data["exclude_terms"].strip()
        member.save(by=request.user, reason="personal highlight terms")
        messages.success(request, _("Saved."))
        return redirect("review_my_terms", rv.pk)
    return render(request, "reviews/my_terms.html", page_context(
        member, "my_terms", form=form, shared_include=services.terms(rv.include_terms),
        shared_exclude=services.terms(rv.exclude_terms)))


def prisma_file(request: AuthenticatedHttpRequest, review_id: int, diagram: str) -> HttpResponse:
    """The live PRISMA 2020 diagram as PNG, SVG or DOCX in Indonesian or English, drawn and written by
    :func:`laktasi.report.prisma_diagram.save_prisma` — the writer ``laktasi review prisma`` uses."""
    rv, _member = review_for(request, review_id)
    fmt = diagram  # png | svg | docx
    lang = request.GET.get("lang") or ui_lang()
    if lang not in ("id", "en") or fmt not in PRISMA_TYPES:
        raise Http404("format")
    counts = services.prisma_counts(rv, lang)
    with tempfile.TemporaryDirectory(prefix="laktasi-prisma-") as tmp:
        path = save_prisma(counts, Path(tmp) / f"prisma.{fmt}", lang)
        body = path.read_bytes()
    response = HttpResponse(body, content_type=PRISMA_TYPES[fmt])
    if request.GET.get("download") or fmt == "docx":
        response["Content-Disposition"] = f'attachment; filename="prisma-{rv.pk}-{lang}.{fmt}"'
    return response


def prisma_png(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """The diagram the review page shows: the same drawing and writer as every download."""
    return prisma_file(request, review_id, "png")
