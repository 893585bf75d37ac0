"""The midwife's flow (today's visits, enrol, record a visit) and the study dashboard."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from laktasi.web.audittrail.identity import identity_for
from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.studies.access import study_for
from laktasi.web.studies.models import Arm, Membership, Study
from laktasi.web.studies.views import study_context
from laktasi.web.sync.duplicates import likely_duplicates
from laktasi.web.sync.idempotency import idempotent
from laktasi.web.visits import services
from laktasi.web.visits.forms import EnrolForm, IdentityForm, ParticipantForm, VisitForm, WithdrawForm
from laktasi.web.visits.frame import study_frame
from laktasi.web.visits.lists import mother_rows, visit_rows
from laktasi.web.visits.models import Participant, Visit
from laktasi.web.visits.ranges import check_value


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


class ArmProgress(TypedDict):
    """One arm's row on the dashboard."""

    arm: Arm
    enrolled: int
    withdrawn: int
    complete: int
    pct: int


@require_GET
def today(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "view")
    due, overdue = services.due_visits(study)
    # Formatted here rather than with template filters: the list can be long and is opened all day.
    day_label = _("Day %(day)s")
    base = reverse("participants", args=[study.pk]).removesuffix("mothers/")
    for row in due + overdue:
        row["label"] = day_label % {"day": row["day"]}
        row["window"] = f"{row['start']:%d/%m %H:%M}–{row['end']:%d/%m %H:%M}"
        row["url"] = f"{base}m/{row['participant'].pk}/day/{row['day']}/"
    can_enter = membership.can("enter")
    return render(request, "visits/today.html", study_context(
        membership, "today", due=due, overdue=overdue, due_rows=visit_rows(due, overdue=False, can_enter=can_enter),
        overdue_rows=visit_rows(overdue, overdue=True, can_enter=can_enter)))


@require_GET
def participants(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "view")
    # the number of visits counted by the database (one query), not a prefetched list per mother
    rows = list(Participant.objects.filter(study=study).select_related("arm").annotate(n_visits=Count("visits"))
                .order_by("code"))
    base = reverse("participants", args=[study.pk]).removesuffix("mothers/")
    with timezone.override(ZoneInfo(study.time_zone)):
        rows_html = mother_rows(rows, base=base, visit_days=len(study.visit_days))
        return render(request, "visits/participants.html",
                      study_context(membership, "participants", rows=rows, rows_html=rows_html))


@require_http_methods(["GET", "POST"])
@idempotent
def enrol(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "enter")
    with timezone.override(ZoneInfo(study.time_zone)):
        form = EnrolForm(request.POST or None, study=study)
        duplicates: list[Participant] = []
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            # a likely duplicate (name + delivery date or phone) is shown and must be confirmed before saving
            if not request.POST.get("confirm_duplicate"):
                duplicates = likely_duplicates(study, d["name"], d["delivered_at"], d.get("phone", ""))
        if request.method == "POST" and form.is_valid() and not duplicates:
            d = form.cleaned_data
            arm = Arm.objects.get(pk=d["arm"], study=study) if d.get("arm") else None
            p = services.enrol(study, request.user, delivered_at=d["delivered_at"], parity=d["parity"],
                               delivery_mode=d["delivery_mode"], consent=d["consent"], name=d["name"],
                               phone=d.get("phone", ""), address=d.get("address", ""), arm=arm)
            messages.success(request, _("Enrolled as %(code)s, arm: %(arm)s.") % {"code": p.code, "arm": p.arm})
            return redirect("participant", study.pk, p.pk)
        return render(request, "visits/enrol.html", study_context(membership, "enrol", form=form,
                                                                  duplicates=duplicates))


@require_GET
def participant(request: HttpRequest, study_id: int, pid: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "view")
    p = get_object_or_404(Participant.objects.select_related("arm"), pk=pid, study=study)
    visits = {v.day: v for v in p.visits.select_related("measurement")}
    schedule = [(d, visits.get(d), p.window(d)[0]) for d in study.visit_days]
    identity = identity_for(membership, p, request.user)  # owners, and the midwife who visits her; audited
    with timezone.override(ZoneInfo(study.time_zone)):
        return render(request, "visits/participant.html",
                      study_context(membership, "participants", p=p, schedule=schedule, identity=identity))


@require_http_methods(["GET", "POST"])
@idempotent
def participant_edit(request: HttpRequest, study_id: int, pid: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "enter")
    p = get_object_or_404(Participant, pk=pid, study=study)
    with timezone.override(ZoneInfo(study.time_zone)):
        initial = {"delivered_at": p.delivered_at, "parity": p.parity, "delivery_mode": p.delivery_mode}
        form = ParticipantForm(request.POST or None, initial=initial, participant=p)
        if request.method == "POST" and form.is_valid():
            # hours postpartum depend on the delivery time: every visit re-checked, recomputed, flagged if kept
            form.save_changes(request.user)
            messages.success(request, _("Saved."))
            return redirect("participant", study.pk, p.pk)
        return render(request, "visits/simple_form.html",
                      study_context(membership, "participants", form=form, title=_("Edit %(code)s") % {"code": p.code}))


@require_http_methods(["GET", "POST"])
@idempotent
def identity_edit(request: HttpRequest, study_id: int, pid: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "identify")
    p = get_object_or_404(Participant, pk=pid, study=study)
    ident = p.identity
    form = IdentityForm(request.POST or None, initial={"name": ident.name, "phone": ident.phone,
                                                       "address": ident.address})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ident.name, ident.phone, ident.address = d["name"], d["phone"], d["address"]
        ident.save(by=request.user, reason=d["reason"])
        messages.success(request, _("Saved."))
        return redirect("participant", study.pk, p.pk)
    return render(request, "visits/simple_form.html",
                  study_context(membership, "participants", form=form, title=_("Identifying record of %(code)s")
                                % {"code": p.code}))


@require_http_methods(["GET", "POST"])
@idempotent
def withdraw(request: HttpRequest, study_id: int, pid: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "enter")
    p = get_object_or_404(Participant, pk=pid, study=study)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw(p, request.user, form.cleaned_data["reason"])
        messages.success(request, _("%(code)s withdrawn; the records are kept.") % {"code": p.code})
        return redirect("participant", study.pk, p.pk)
    return render(request, "visits/simple_form.html",
                  study_context(membership, "participants", form=form, title=_("Withdraw %(code)s") % {"code": p.code}))


def _visit_page(request: HttpRequest, study: Study, membership: Membership, pid: int, day: int,
                visit: Visit | None, conflict: bool = False) -> HttpResponse:
    p = get_object_or_404(Participant.objects.select_related("study", "arm"), pk=pid, study=study)
    if day not in study.visit_days:
        return HttpResponse(status=404)
    with timezone.override(ZoneInfo(study.time_zone)):
        initial: dict[str, Any] = {"visited_at": timezone.localtime().replace(second=0, microsecond=0)}
        if visit is not None:
            m = getattr(visit, "measurement", None)
            initial = {"visited_at": visit.visited_at, "performer": visit.performer,
                       "adverse_events": visit.adverse_events, "notes": visit.notes}
            if m is not None:
                initial.update(volume_ml=m.volume_ml, feeds_24h=m.feeds_24h, urine_24h=m.urine_24h,
                               **{k: ("" if getattr(m, k) is None else ("1" if getattr(m, k) else "0"))
                                  for k in ("breast_full", "milk_dripping", "letdown_felt")})
            for t in visit.ticks.all():
                initial[f"tick_{t.item_id}"] = t.done
                initial[f"min_{t.item_id}"] = t.minutes
        form = VisitForm(request.POST or None, initial=initial, participant=p, day=day, editing=visit is not None)
        stale = (visit is not None and request.method == "POST" and bool(request.POST.get("base_version"))
                 and request.POST["base_version"] != visit.updated_at.isoformat())  # changed elsewhere meanwhile
        if (conflict or stale) and visit is not None:
            return _conflict_page(request, membership, form, p, visit, study.rule().describe(_lang()))
        if request.method == "POST" and form.is_valid():
            try:
                services.save_visit(p, request.user, form.visit_input(), visit=visit,
                                    reason=form.cleaned_data.get("reason", ""))
            except IntegrityError:  # recorded by someone else between the check and the save
                existing = Visit.objects.get(participant=p, day=day)
                return _visit_conflict(request, study, membership, existing)
            except ValidationError as exc:
                form.add_error("reason", exc)
            else:
                messages.success(request, _("Visit on day %(day)s saved for %(code)s.") % {"day": day, "code": p.code})
                return redirect("today", study.pk)
        return render(request, "visits/visit_form.html",
                      study_context(membership, "today", form=form, p=p, day=day, visit=visit,
                                    rule_text=study.rule().describe(_lang())))


def _visit_conflict(request: HttpRequest, study: Study, membership: Membership, existing: Visit) -> HttpResponse:
    return _visit_page(request, study, membership, existing.participant_id, existing.day, existing, conflict=True)


def _conflict_page(request: HttpRequest, membership: Membership, form: VisitForm, p: Participant, visit: Visit,
                   rule_text: str) -> HttpResponse:
    """A new visit posted for a day already recorded: the sent values are shown in the edit form (nothing is
    saved, nothing dropped) with the fields that differ from the recorded visit; saving them is an edit with a
    reason. Status 409 tells the offline outbox to leave the item to a person."""
    changed = [str(form.fields[name].label) for name in form.changed_data if name not in ("reason", "confirm_unusual")]
    at = timezone.localtime(visit.updated_at).strftime("%d/%m/%Y %H:%M")
    messages.warning(request, _(
        "Day %(day)s of %(code)s was already recorded (by %(user)s, last changed %(at)s). Your values are shown "
        "below and are NOT saved yet. Fields that differ: %(fields)s. To keep them, give a reason and save; "
        "otherwise leave this page.") % {"day": visit.day, "code": p.code, "user": visit.recorded_by, "at": at,
                                         "fields": ", ".join(changed) or "—"})
    return render(request, "visits/visit_form.html",
                  study_context(membership, "today", form=form, p=p, day=visit.day, visit=visit,
                                rule_text=rule_text), status=409)


@require_http_methods(["GET", "POST"])
@idempotent
def visit_new(request: HttpRequest, study_id: int, pid: int, day: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "enter")
    existing = Visit.objects.filter(participant_id=pid, participant__study=study, day=day).first()
    if existing is not None:
        if request.method == "POST":  # recorded meanwhile (another phone, the offline outbox): show, never drop
            return _visit_conflict(request, study, membership, existing)
        return redirect("visit_edit", study_id, existing.pk)
    return _visit_page(request, study, membership, pid, day, None)


@require_http_methods(["GET", "POST"])
@idempotent
def visit_edit(request: HttpRequest, study_id: int, vid: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "enter")
    visit = get_object_or_404(Visit.objects.select_related("participant"), pk=vid, participant__study=study)
    return _visit_page(request, study, membership, visit.participant_id, visit.day, visit)


@require_GET
def measure_check(request: HttpRequest, study_id: int, pid: int) -> HttpResponse:
    """htmx: the category by the study's rule and any warning, shown while the midwife types."""
    study, _m = study_for(request, study_id, "enter")
    p = get_object_or_404(Participant, pk=pid, study=study)
    lang = _lang()
    raw = (request.GET.get("volume_ml") or "").strip().replace(",", ".")
    hours = None
    at = request.GET.get("visited_at", "")
    with timezone.override(ZoneInfo(study.time_zone)):
        try:
            local = dt.datetime.strptime(at, "%Y-%m-%dT%H:%M")
            hours = p.hours_postpartum(timezone.make_aware(local))
        except ValueError:
            hours = None
    errors: list[str] = []
    warnings: list[str] = []
    category = ""
    if raw:
        try:
            value = float(raw)
        except ValueError:
            errors.append(_("Not a number."))
        else:
            check = check_value("expressed_volume", value, hours)
            errors = [e.in_(lang) for e in check.errors]
            warnings = [w.in_(lang) for w in check.warnings]
            category = "" if errors else study.classify(value)
    return render(request, "visits/_measure_check.html",
                  {"errors": errors, "warnings": warnings, "category": category, "hours": hours})


@require_GET
def dashboard(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "view")
    arms = list(study.arms.all())
    counts = services.arm_counts(study)  # counted by the database, not from the whole study_frame
    by_arm: list[ArmProgress] = []
    for arm in arms:
        active, withdrawn, complete = counts.get(arm.pk, (0, 0, 0))
        pct = min(100, round(100 * active / arm.target_n)) if arm.target_n else 0
        by_arm.append({"arm": arm, "enrolled": active, "withdrawn": withdrawn, "complete": complete, "pct": pct})
    due, overdue = services.due_visits(study)
    visits_done = Visit.objects.filter(participant__study=study).count()
    enrolled = sum(r["enrolled"] for r in by_arm)
    complete = sum(r["complete"] for r in by_arm)
    ctx = study_context(
        membership, "dashboard", by_arm=by_arm, visits_done=visits_done, due=len(due), overdue=len(overdue),
        enrolled=enrolled, complete=complete, completeness=round(100 * complete / enrolled) if enrolled else 0,
        recent=AuditEvent.objects.filter(study=study).count() if membership.can("audit") else None,
    )
    return render(request, "visits/dashboard.html", ctx)


@require_GET
def prepost_plot(request: HttpRequest, study_id: int) -> HttpResponse:
    """Live pre/post plot of expressed volume: each mother a line, the arm's mean in bold."""
    study, _m = study_for(request, study_id, "view")
    # The object API, not pyplot: pyplot keeps global state that waitress's threads would share.
    from matplotlib.figure import Figure

    lang = _lang()
    frame = study_frame(study, include_withdrawn=False)
    arms = [a.name for a in study.arms.all()]
    fig = Figure(figsize=(3.2 * max(len(arms), 1) + 0.6, 3.4))
    axes = fig.subplots(1, max(len(arms), 1), sharey=True, squeeze=False)
    labels = ("sebelum", "sesudah") if lang == "id" else ("pre", "post")
    for ax, arm in zip(axes[0], arms or [""], strict=False):
        sub = frame[frame["arm"] == arm] if not frame.empty else frame
        pairs = sub[["volume_pre", "volume_post"]].dropna() if len(sub) else sub
        for _i, row in pairs.iterrows():
            ax.plot([0, 1], [row["volume_pre"], row["volume_post"]], color="#9aa5b1", lw=0.8, alpha=0.7)
        if len(pairs):
            ax.plot([0, 1], [pairs["volume_pre"].mean(), pairs["volume_post"].mean()], color="#0b6e4f", lw=3,
                    marker="o")
        ax.set_xticks([0, 1], labels)
        ax.set_xlim(-0.3, 1.3)
        ax.set_title(f"{arm} (n = {len(pairs)})", fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].set_ylabel(("Volume ASI" if lang == "id" else "Expressed volume") + f" ({study.volume_unit})")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    response = HttpResponse(buf.getvalue(), content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response
