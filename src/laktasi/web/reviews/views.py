"""Pages of the review workspace under /reviews/. Every page needs a login (LoginRequiredMiddleware) and
membership of the review (:func:`review_for`)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.reviews import fulltexts, services
from laktasi.web.reviews import queue as screening_queue
from laktasi.web.reviews.access import page_context, review_for, ui_lang
from laktasi.web.reviews.forms import (
    DecisionForm,
    FullTextForm,
    MemberForm,
    NoteLabelsForm,
    ResolutionForm,
    RetrievalForm,
    ReviewForm,
    TermsForm,
    stage_ok,
)
from laktasi.web.reviews.models import (
    EXCLUDE,
    FULL_TEXT,
    OWNER,
    STAGES,
    ConflictResolution,
    ExclusionReason,
    RecordLabel,
    RecordNote,
    Review,
    ReviewMember,
    ReviewRecord,
    ScreeningDecision,
)


def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    members = ReviewMember.objects.filter(user=request.user, active=True).select_related("review").order_by(
        "-review__created_at")
    return render(request, "reviews/list.html", {"members": members})


def review_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            r = Review(title=form.cleaned_data["title"], owner=request.user)
            r.save(by=request.user)
            ReviewMember(review=r, user=request.user, role=OWNER).save(by=request.user)
        return redirect("review", r.pk)
    return render(request, "reviews/new.html", {"form": form})


def review(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, member = review_for(request, review_id)
    records = rv.records.all()
    total = records.count()
    duplicates = records.exclude(duplicate_of="").count()
    per_stage = []
    for stage, label in STAGES:
        final = services.final_decisions(rv, stage)
        per_stage.append({
            "stage": stage, "label": label, "to_screen": services.screenable(rv, stage).count(),
            "mine": ScreeningDecision.objects.filter(record__review=rv, stage=stage, reviewer=request.user).count(),
            "included": sum(1 for d in final.values() if d == "include"),
            "excluded": sum(1 for d in final.values() if d == "exclude"),
            "conflicts": sum(1 for c in services.conflicts(rv, stage) if c.resolution is None),
            "single": services.reviewers_per_record(rv, stage) == 1,
            "agreement": services.stage_agreement(rv, stage)})
    return render(request, "reviews/review.html", page_context(
        member, "review", total=total, duplicates=duplicates, kept=total - duplicates, per_stage=per_stage,
        lang=ui_lang(), not_retrieved=fulltexts.not_retrieved_rows(rv.pk),
        prisma_notes=[w.text.in_(ui_lang()) for w in services.prisma_counts_and_warnings(rv, ui_lang())[1]],
        formats=[("png", "PNG"), ("svg", "SVG"), ("docx", "DOCX")]))


def members(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, member = review_for(request, review_id, "settings")
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            form.add_error("username", _("No user with this name."))
        else:
            row = ReviewMember.objects.filter(review=rv, user=user).first() or ReviewMember(review=rv, user=user)
            if row.pk and row.role == OWNER and form.cleaned_data["role"] != OWNER and not ReviewMember.objects.filter(
                    review=rv, role=OWNER, active=True).exclude(pk=row.pk).exists():
                messages.error(request, _("A review keeps at least one owner."))
            else:
                row.role, row.active = form.cleaned_data["role"], True
                row.save(by=request.user)
                messages.success(request, _("Member saved."))
            return redirect("review_members", rv.pk)
    rows = rv.members.select_related("user").order_by("-active", "user__username")
    return render(request, "reviews/members.html", page_context(member, "members", form=form, rows=rows))


def terms(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, member = review_for(request, review_id, "settings")
    form = TermsForm(request.POST or None, initial={"include_terms": rv.include_terms,
                                                    "exclude_terms": rv.exclude_terms})
    if request.method == "POST" and form.is_valid():
        rv.include_terms = form.cleaned_data["include_terms"].strip()
        rv.exclude_terms = form.cleaned_data["exclude_terms"].strip()
        rv.save(by=request.user)
        messages.success(request, _("Saved."))
        return redirect("review_terms", rv.pk)
    return render(request, "reviews/terms.html", page_context(member, "terms", form=form))


def audit(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, member = review_for(request, review_id, "audit")
    events = rv.events.select_related("user")[:500]
    return render(request, "reviews/audit.html", page_context(member, "audit", events=events))


def highlight(text: str, include: list[str], exclude: list[str], my_include: list[str] | None = None,
              my_exclude: list[str] | None = None) -> SafeString:
    """``text`` escaped, with each include term in <mark class="inc"> and each exclude term in
    <mark class="exc"> (the review's shared lists), and the member's personal terms in
    <mark class="inc mine"> / <mark class="exc mine"> (case-insensitive, whole text; longer terms first; a term
    on both a shared and a personal list is marked as shared)."""
    kinds = ({t.casefold(): "inc mine" for t in my_include or []} | {t.casefold(): "exc mine" for t in my_exclude or []}
             | {t.casefold(): "inc" for t in include} | {t.casefold(): "exc" for t in exclude})
    if not kinds:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(kinds, key=len, reverse=True)), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last:m.start()]))
        kind = kinds[m.group(0).casefold()]
        # a personal term: the same colour as the shared list's, with a dashed outline
        style = ' style="outline:2px dashed #555;outline-offset:-1px"' if kind.endswith("mine") else ""
        out.append(f'<mark class="{kind}"{style}>{escape(m.group(0))}</mark>')
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308  (every piece escaped above)


def _stage(stage: str) -> str:
    if not stage_ok(stage):
        raise Http404("stage")
    return stage


def _current(rv: Review, queue: list[int], request: AuthenticatedHttpRequest) -> ReviewRecord | None:
    """The record to show: ``?record=`` one this reviewer decided (to look again or change her decision), else
    the first in the queue, or the one after ``?after=`` ("n": next)."""
    again = request.GET.get("record", "")
    if again.isdigit() and int(again) not in queue:
        stage = request.resolver_match.kwargs.get("stage", "") if request.resolver_match else ""
        return rv.records.filter(pk=int(again), decisions__reviewer=request.user,
                                 decisions__stage=stage).distinct().first()
    if not queue:
        return None
    after = request.GET.get("after", "")
    pk = queue[0]
    if after.isdigit() and int(after) in queue:
        i = queue.index(int(after))
        pk = queue[(i + 1) % len(queue)]
    return rv.records.get(pk=pk)


def _queue(rv: Review, user: Any, stage: str) -> list[int]:
    return services.still_open(rv, stage, screening_queue.queue(rv, user, stage))


def _exclusion_reason(rv: Review, stage: str, decision: str, pk: int | None) -> tuple[bool, ExclusionReason | None]:
    """(ok, reason): at full text an exclusion must name one of the review's active reasons."""
    if stage != FULL_TEXT or decision != EXCLUDE:
        return True, None
    row = rv.exclusion_reasons.filter(pk=pk, active=True).first() if pk else None
    return row is not None, row


def screen(request: AuthenticatedHttpRequest, review_id: int, stage: str) -> HttpResponse:
    """One record at a time. Blind: the page shows this reviewer's own work only, never another's decision."""
    rv, member = review_for(request, review_id, "screen")
    stage = _stage(stage)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = rv.records.filter(pk=form.cleaned_data["record"], duplicate_of="").first()
        if record is None or not services.screenable(rv, stage).filter(pk=record.pk).exists():
            raise Http404("record")
        ok, reason_row = _exclusion_reason(rv, stage, form.cleaned_data["decision"],
                                           form.cleaned_data["exclusion_reason"])
        if not ok:
            messages.error(request, _("At full text, an exclusion needs one of the review's exclusion reasons."))
            return redirect(same_record_url(rv, request, stage, record.pk))
        need = services.reviewers_per_record(rv, stage)
        with transaction.atomic():
            # the record's row is the lock: two reviewers posting at once cannot make one decision too many
            ReviewRecord.objects.select_for_update().filter(pk=record.pk).first()
            row = ScreeningDecision.objects.select_for_update().filter(
                record=record, reviewer=request.user, stage=stage).first()
            if row is None and ScreeningDecision.objects.filter(record=record, stage=stage).count() >= need:
                messages.error(request, _("Two reviewers have already screened this record.") if need > 1 else
                               _("Another reviewer has already screened this record (single screening)."))
                return redirect("review_screen", rv.pk, stage)
            if row is not None and ConflictResolution.objects.filter(record=record, stage=stage).exists():
                messages.error(request, _("This record's conflict was resolved; its decision is final."))
                return redirect("review_screen", rv.pk, stage)
            row = row or ScreeningDecision(record=record, reviewer=request.user, stage=stage)
            row.decision = form.cleaned_data["decision"]
            row.reason, row.note = form.cleaned_data["reason"], form.cleaned_data["note"]
            row.exclusion_reason = reason_row
            row.save(by=request.user)
        return redirect("review_screen", rv.pk, stage)
    queue = _queue(rv, request.user, stage)
    record = _current(rv, queue, request)
    lang = ui_lang()
    context = page_context(
        member, "screen", stage=stage, stage_label=dict(STAGES)[stage], record=record, remaining=len(queue),
        form=DecisionForm(initial={"record": record.pk if record else None}),
        mine=ScreeningDecision.objects.filter(record__review=rv, stage=stage, reviewer=request.user).count(),
        single=services.reviewers_per_record(rv, stage) == 1, lang=lang,
        last=ScreeningDecision.objects.filter(record__review=rv, stage=stage, reviewer=request.user).order_by(
            "-at", "-pk").values_list("record_id", flat=True).first())
    if record is not None:
        inc, exc = services.terms(rv.include_terms), services.terms(rv.exclude_terms)
        my_inc, my_exc = services.terms(member.include_terms), services.terms(member.exclude_terms)
        context["title"] = highlight(record.title, inc, exc, my_inc, my_exc)
        context["abstract"] = highlight(record.abstract, inc, exc, my_inc, my_exc)
        note = RecordNote.objects.filter(record=record, author=request.user).first()
        labels = list(RecordLabel.objects.filter(record=record, user=request.user, active=True)
                      .values_list("name", flat=True))
        context["notes_form"] = NoteLabelsForm(initial={"note": note.text if note else "",
                                                        "labels": ", ".join(labels)})
        context["labels"] = labels
        context["my_decision"] = ScreeningDecision.objects.filter(record=record, reviewer=request.user,
                                                                  stage=stage).first()
        if stage == FULL_TEXT:
            context["reasons"] = [(r.pk, r.label(lang)) for r in services.exclusion_reasons(rv, request.user)]
            context["fulltext"] = fulltexts.current(record)
            context["fulltext_form"] = FullTextForm()
            context["retrieval_form"] = RetrievalForm()
            context["max_pdf_mb"] = fulltexts.max_pdf_bytes() // (1024 * 1024)
    return render(request, "reviews/screen.html", context)


def same_record_url(rv: Review, request: AuthenticatedHttpRequest, stage: str, record_pk: int) -> str:
    """The screening page showing ``record_pk`` again: "after=" the queue entry before it, or "record=" for a
    record this reviewer already decided (no longer in her queue)."""
    url = reverse("review_screen", args=[rv.pk, stage])
    queue = _queue(rv, request.user, stage)
    if record_pk not in queue:
        return f"{url}?record={record_pk}"
    return f"{url}?after={queue[queue.index(record_pk) - 1]}" if len(queue) > 1 else url


def screen_json(request: AuthenticatedHttpRequest, review_id: int, stage: str) -> JsonResponse:
    """The next record for this reviewer, as JSON (same blindness as the page)."""
    rv, _member = review_for(request, review_id, "screen")
    stage = _stage(stage)
    queue = _queue(rv, request.user, stage)
    record = _current(rv, queue, request)
    body: dict[str, Any] = {"stage": stage, "remaining": len(queue), "record": None}
    if record is not None:
        body["record"] = {"id": record.pk, "record_id": record.record_id, "title": record.title,
                          "abstract": record.abstract, "authors": record.authors, "year": record.year,
                          "journal": record.journal, "volume": record.volume, "issue": record.issue,
                          "pages": record.pages, "doi": record.doi, "pmid": record.pmid}
    return JsonResponse(body)


def conflicts(request: AuthenticatedHttpRequest, review_id: int, stage: str) -> HttpResponse:
    """Records both reviewers decided differently; shown only once both have decided."""
    rv, member = review_for(request, review_id, "resolve")
    stage = _stage(stage)
    rows = services.conflicts(rv, stage)
    reasons = ([(r.pk, r.label(ui_lang())) for r in services.exclusion_reasons(rv, request.user)]
               if stage == FULL_TEXT else [])
    return render(request, "reviews/conflicts.html", page_context(
        member, "conflicts", stage=stage, stage_label=dict(STAGES)[stage], rows=rows, form=ResolutionForm(),
        agreement=services.stage_agreement(rv, stage), reasons=reasons, lang=ui_lang(),
        with_fulltext=fulltexts.records_with_fulltext(rv.pk) if stage == FULL_TEXT else set(),
        remarks=services.screeners_remarks(rows),
        single=services.reviewers_per_record(rv, stage) == 1))


@require_POST
def resolve(request: AuthenticatedHttpRequest, review_id: int, stage: str, record_pk: int) -> HttpResponse:
    """A third member decides a conflict, with a reason; neither of the two who disagreed may."""
    rv, _member = review_for(request, review_id, "resolve")
    stage = _stage(stage)
    conflict = next((c for c in services.conflicts(rv, stage) if c.record.pk == record_pk), None)
    if conflict is None:
        raise Http404("no conflict")
    if any(d.reviewer_id == request.user.pk for d in conflict.decisions):
        raise PermissionDenied("a third member resolves")
    form = ResolutionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a decision and a reason."))
        return redirect("review_conflicts", rv.pk, stage)
    ok, reason_row = _exclusion_reason(rv, stage, form.cleaned_data["decision"], form.cleaned_data["exclusion_reason"])
    if not ok:
        messages.error(request, _("At full text, an exclusion needs one of the review's exclusion reasons."))
        return redirect("review_conflicts", rv.pk, stage)
    row = conflict.resolution or ConflictResolution(record=conflict.record, stage=stage, resolved_by=request.user)
    row.decision, row.reason, row.resolved_by = form.cleaned_data["decision"], form.cleaned_data["reason"], \
        request.user
    row.exclusion_reason = reason_row
    row.save(by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Conflict resolved."))
    return redirect("review_conflicts", rv.pk, stage)
