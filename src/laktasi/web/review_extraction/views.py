"""Extraction pages: the included studies, the form template, each extractor's form, the comparison with the
consensus, and a study's effect-size data and reported statistics. Every page needs membership
(:func:`review_for`, capability first, then the record); every write is a ReviewAudited save."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from laktasi.audit import VERDICT_TEXT
from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.review_extraction import services
from laktasi.web.review_extraction.forms import (
    VALUE_LABELS,
    BlockForm,
    ConsensusForm,
    FieldForm,
    SettingsForm,
    StatisticForm,
    extraction_form,
    number_problems,
)
from laktasi.web.review_extraction.models import (
    BLOCK_KINDS,
    EFFECT_CI,
    STAT_KINDS,
    ConsensusValue,
    EffectBlock,
    Extraction,
    ExtractionField,
    ReportedStatistic,
)
from laktasi.web.reviews.access import page_context, review_for, ui_lang
from laktasi.web.reviews.models import Review, ReviewRecord

GET_POST = require_http_methods(["GET", "POST"])


def _record(review: Review, record_pk: int) -> ReviewRecord:
    """An included study of the review, else 404."""
    record = next((r for r in services.included_records(review) if r.pk == record_pk), None)
    if record is None:
        raise Http404("not an included study")
    return record


def studies(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """The included studies: extraction progress, data blocks, audit flags, risk of bias."""
    rv, member = review_for(request, review_id, "view")
    lang = ui_lang()
    rows = [(s, [(services.flag_name(e), VERDICT_TEXT[e.verdict].in_(lang), e.text.in_(lang)) for e in s.flags])
            for s in services.status_rows(rv, lang)]
    return render(request, "review_extraction/studies.html", page_context(member, "extraction", rows=rows))


@GET_POST
def template(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """The owner edits the review's extraction form: fields (typed, id/en labels) and extractors per study."""
    rv, member = review_for(request, review_id, "settings")
    services.ensure_template(rv, request.user)
    current = services.settings_of(rv, request.user)
    action = request.POST.get("action", "")
    form = FieldForm(request.POST if action == "field" else None)
    settings_form = SettingsForm(request.POST if action == "settings" else None,
                                 initial={"extractors": current.extractors})
    if action == "settings" and settings_form.is_valid():
        current.extractors = settings_form.cleaned_data["extractors"]
        current.save(by=request.user)
        messages.success(request, _("Saved."))
        return redirect("review_extraction_template", rv.pk)
    if action == "field" and form.is_valid():
        d = form.cleaned_data
        row = ExtractionField.objects.filter(review=rv, key=d["key"]).first() or ExtractionField(review=rv, key=d["key"])
        row.kind, row.label_id, row.label_en, row.options, row.order, row.active = (
            d["kind"], d["label_id"], d["label_en"], d["options"], d["order"], True)
        row.save(by=request.user)
        messages.success(request, _("Field saved."))
        return redirect("review_extraction_template", rv.pk)
    if action in ("off", "on"):
        pk = request.POST.get("field", "")
        target = ExtractionField.objects.filter(review=rv, pk=pk).first() if pk.isdigit() else None
        if target is None:
            raise Http404("field")
        target.active = action == "on"
        target.save(by=request.user)
        return redirect("review_extraction_template", rv.pk)
    fields = ExtractionField.objects.filter(review=rv)
    return render(request, "review_extraction/template.html", page_context(
        member, "extraction", form=form, settings_form=settings_form, fields=fields, lang=ui_lang()))


@GET_POST
def extract(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    """This extractor's form for one included study (she sees only her own answers here). "Mark my form
    done" locks it; the comparison opens once every extractor's form is done (blind, as dual screening)."""
    rv, member = review_for(request, review_id, "extract")
    record = _record(rv, record_pk)
    fields = services.ensure_template(rv, request.user)
    needed = services.settings_of(rv, request.user).extractors
    mine = Extraction.objects.filter(record=record, extractor=request.user).first()
    others = Extraction.objects.filter(record=record).exclude(extractor=request.user).count()
    full = mine is None and others >= needed
    locked = mine is not None and mine.done
    lang = ui_lang()
    form = extraction_form(fields, request.POST if request.method == "POST" else None,
                           initial={k: str(v) for k, v in (mine.values if mine else {}).items()}, lang=lang)
    if request.method == "POST" and locked:
        messages.error(request, _("Your form is marked done; differences are settled on Compare."))
        return redirect("review_extraction_form", rv.pk, record.pk)
    if request.method == "POST" and not full and form.is_valid():
        values = {k: str(v).strip() for k, v in form.cleaned_data.items()}
        bad = number_problems(fields, values)
        for key in bad:
            form.add_error(key, _("Not a number."))
        if not bad:
            with transaction.atomic():
                ReviewRecord.objects.select_for_update().filter(pk=record.pk).first()
                if mine is None and Extraction.objects.filter(record=record).count() >= needed:
                    messages.error(request, _("This study already has its extractors."))
                    return redirect("review_extraction", rv.pk)
                row = mine or Extraction(record=record, extractor=request.user)
                row.values = {**(row.values or {}), **values}
                row.done = request.POST.get("done") == "1"
                row.save(by=request.user, reason="extraction form marked done" if row.done else "")
            messages.success(request, _("Extraction saved and marked done.") if row.done else _("Extraction saved."))
            return redirect("review_extraction_form", rv.pk, record.pk)
    done = Extraction.objects.filter(record=record, done=True).count()
    return render(request, "review_extraction/form.html", page_context(
        member, "extraction", record=record, label=services.study_label(record), form=form, full=full,
        locked=locked, needed=needed, done=done, open=done >= needed,
        mine=[(f.label(lang), str((mine.values if mine else {}).get(f.key, ""))) for f in fields] if locked else []))


@GET_POST
def compare(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    """Where the extractors differ, side by side, and the consensus value with who and why; open only once
    every extractor's form is done (nobody sees another's answers before)."""
    rv, member = review_for(request, review_id, "extract")
    record = _record(rv, record_pk)
    fields = services.ensure_template(rv, request.user)
    needed = services.settings_of(rv, request.user).extractors
    is_open = services.comparison_open(record, needed)
    rows = services.visible_extractions(record)
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Compare opens once every extractor has marked her form done."))
            return redirect("review_extraction_compare", rv.pk, record.pk)
        field = ExtractionField.objects.filter(review=rv, pk=request.POST.get("field") or 0).first() \
            if str(request.POST.get("field", "")).isdigit() else None
        if field is None:
            raise Http404("field")
        form = ConsensusForm(request.POST, field=field)
        if form.is_valid():
            row = ConsensusValue.objects.filter(record=record, field=field).first() or \
                ConsensusValue(record=record, field=field, decided_by=request.user)
            row.value, row.reason, row.decided_by = form.cleaned_data["value"], \
                form.cleaned_data["reason"].strip(), request.user
            row.save(by=request.user, reason=row.reason)
            messages.success(request, _("Consensus saved."))
        else:
            for error in form.errors.get("value", []):
                messages.error(request, str(error))
            if "reason" in form.errors:
                messages.error(request, _("Give the agreed value and why."))
        return redirect("review_extraction_compare", rv.pk, record.pk)
    lang = ui_lang()
    names = [e.extractor.username for e in rows]
    comparison = [(c, c.field.label(lang), list(zip(names, c.answers, strict=True)))
                  for c in services.compare(record, fields)] if is_open else []
    done = Extraction.objects.filter(record=record, done=True).count()
    return render(request, "review_extraction/compare.html", page_context(
        member, "extraction", record=record, label=services.study_label(record), rows=rows, needed=needed,
        done=done, comparison=comparison, lang=lang))


@GET_POST
def data(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    """A study's effect-size data blocks (per outcome) and its reported statistics with their audit."""
    rv, member = review_for(request, review_id, "extract")
    record = _record(rv, record_pk)
    action = request.POST.get("action", "")
    block_form = BlockForm(request.POST if action == "block" else None)
    stat_form = StatisticForm(request.POST if action == "statistic" else None)
    if action == "block" and block_form.is_valid():
        d = block_form.cleaned_data
        with transaction.atomic():  # the record's row is the lock: one active block per study and outcome
            ReviewRecord.objects.select_for_update().filter(pk=record.pk).first()
            row = EffectBlock.objects.filter(review=rv, record=record, outcome=d["outcome"].strip(),
                                             active=True).first() \
                or EffectBlock(review=rv, record=record, outcome=d["outcome"].strip(), entered_by=request.user)
            row.label = services.study_label(record)
            measure = d["measure"] if d["kind"] == EFFECT_CI else ""
            if row.pk is None or (row.kind, row.values, row.measure) != (d["kind"], d["values"], measure):
                row.entered_by, row.verified_by = request.user, None  # changed numbers need a new check
            row.kind, row.values, row.note, row.measure = d["kind"], d["values"], d["note"], measure
            row.save(by=request.user)
        messages.success(request, _("Data saved."))
        return redirect("review_extraction_data", rv.pk, record.pk)
    if action == "statistic" and stat_form.is_valid():
        d = stat_form.cleaned_data
        ReportedStatistic(record=record, label=d["label"].strip(), kind=d["kind"], fields=d["fields"],
                          entered_by=request.user).save(by=request.user)
        messages.success(request, _("Statistic saved and audited."))
        return redirect("review_extraction_data", rv.pk, record.pk)
    if action == "verify":
        pk = request.POST.get("pk", "")
        block = EffectBlock.objects.filter(pk=pk, review=rv, record=record, active=True).first() if pk.isdigit() \
            else None
        if block is None:
            raise Http404("block")
        if block.entered_by_id == request.user.pk:
            messages.error(request, _("Another member checks the numbers you entered."))
        else:
            block.verified_by = request.user
            block.save(by=request.user, reason="checked against the paper")
            messages.success(request, _("Marked as checked against the paper."))
        return redirect("review_extraction_data", rv.pk, record.pk)
    confirm: dict[str, object] | None = None
    removing = action if action in ("block_off", "statistic_off") else \
        {"block": "block_off", "statistic": "statistic_off"}.get(request.GET.get("remove", ""), "")
    if removing:  # two steps, without JS: the button asks; removing needs the confirmation and a reason
        pk = request.POST.get("pk", "") if action else request.GET.get("pk", "")
        off: EffectBlock | ReportedStatistic | None = None
        if pk.isdigit() and removing == "block_off":
            off = EffectBlock.objects.filter(pk=pk, review=rv, record=record, active=True).first()
        elif pk.isdigit():
            off = ReportedStatistic.objects.filter(pk=pk, record=record, active=True).first()
        if off is None:
            raise Http404("row")
        reason = request.POST.get("reason", "").strip()[:300]
        if action and request.POST.get("confirm") == "1" and reason:
            off.active = False
            off.save(by=request.user, reason=reason)
            messages.success(request, _("Removed; the reason is in the audit trail."))
            return redirect("review_extraction_data", rv.pk, record.pk)
        what = f"{off.outcome} ({off.get_kind_display()})" if isinstance(off, EffectBlock) else \
            f"{off.label or off.get_kind_display()}"
        confirm = {"action": removing, "pk": off.pk, "what": what, "reason": reason,
                   "missing": bool(action and request.POST.get("confirm") == "1" and not reason),
                   "block": removing == "block_off"}
    lang = ui_lang()
    entries = services.audit_record(record)
    stats = list(ReportedStatistic.objects.filter(record=record, active=True))
    audited = list(zip(stats, entries, strict=False)) if len(entries) == len(stats) else []
    return render(request, "review_extraction/data.html", page_context(
        member, "extraction", record=record, label=services.study_label(record),
        blocks=[(b, [(VALUE_LABELS.get(k, k), services.count_value(k, v)) for k, v in b.values.items()])
                for b in record.effect_blocks.filter(active=True).select_related("entered_by", "verified_by")],
        block_form=block_form, stat_form=stat_form,
        audited=[(s, e, e.text.in_(lang), VERDICT_TEXT[e.verdict].in_(lang)) for s, e in audited],
        kinds=dict(BLOCK_KINDS), stat_kinds=dict(STAT_KINDS), value_names=services.BLOCK_VALUES,
        stat_fields=services.STAT_FIELDS, confirm=confirm))
