"""Study list, creation (by form or from a design file), design settings, checklist, members, design-file download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from laktasi.web.accounts import throttle
from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.audittrail.reasons import UNLOCKED
from laktasi.web.audittrail.study_log import diff, log_study_change
from laktasi.web.studies.access import study_for
from laktasi.web.studies.changes import may_create_studies, pending_changes, save_design, snapshot
from laktasi.web.studies.forms import ChecklistFormSet, DesignUploadForm, MemberForm, StudyForm
from laktasi.web.studies.models import CAPABILITIES, OWNER, ChecklistItem, Membership, Study
from laktasi.web.studies.services import create_study, design_yaml


def study_context(membership: Membership, tab: str, **extra: Any) -> dict[str, Any]:
    caps = CAPABILITIES.get(membership.role, frozenset())
    return {"study": membership.study, "membership": membership, "tab": tab,
            "can": {c: True for c in caps}, **extra}


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = (Membership.objects.filter(user=request.user, active=True).select_related("study")
                   .order_by("-study__created_at"))
    return render(request, "studies/home.html", {"memberships": memberships,
                                                 "may_create": may_create_studies(request.user)})


def _may_create(request: HttpRequest) -> None:
    if not may_create_studies(request.user):
        raise PermissionDenied("create studies")


@require_http_methods(["GET", "POST"])
def study_new(request: HttpRequest) -> HttpResponse:
    _may_create(request)
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        study = _create(request, form)
        return redirect("dashboard", study.pk)
    return render(request, "studies/study_form.html", {"form": form, "creating": True})


def _create(request: HttpRequest, form: StudyForm) -> Study:
    fields = {k: form.cleaned_data[k] for k in StudyForm.Meta.fields}
    fields.update(visit_days=form.cleaned_data["days"], block_sizes=form.cleaned_data["blocks"],
                  classification_levels=form.cleaned_data["levels"],
                  classification_cutpoints=form.cleaned_data["cuts"])
    study = create_study(request.user, arms=form.arm_rows(), **fields)
    messages.success(request, _("Study created. The checklist was copied from the preset “Pijat oksitosin – SOP”."))
    return study


@require_http_methods(["GET", "POST"])
def study_upload(request: HttpRequest) -> HttpResponse:
    """A new study from a YAML design file; with any problem in the file nothing is created."""
    _may_create(request)
    form = DesignUploadForm(request.POST, request.FILES) if request.method == "POST" else DesignUploadForm()
    if request.method == "POST" and form.is_valid():
        study = _create(request, form)
        if form.default_rule:
            messages.info(request, _("The design file has no classification rule; the default rule is used: "
                                     "%(rule)s") % {"rule": study.rule().describe(_lang(request))})
        return redirect("study_settings", study.pk)
    return render(request, "studies/design_upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
def study_settings(request: AuthenticatedHttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "design")
    before = snapshot(study)
    form = StudyForm(request.POST or None, instance=study)
    if request.method == "POST" and form.is_valid():
        study = form.save(commit=False)
        form.apply(study)
        arms = None if form.has_data else form.arm_rows()
        changes = pending_changes(before, study, arms)
        reason = form.cleaned_data.get("reason", "").strip()
        if changes and form.has_data and not reason:
            form.add_error("reason", _("Mothers are enrolled: give the reason for this change of the design."))
        else:
            save_design(study, request.user, changes, reason, arms)
            messages.success(request, _("Design saved.") if changes else _("Nothing changed."))
            return redirect("study_settings", study.pk)
        study.refresh_from_db()
    return render(request, "studies/study_form.html",
                  study_context(membership, "settings", form=form, rule_text=study.rule().describe(_lang(request))))


def _lang(request: HttpRequest) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "id") == "en" else "id"


@require_http_methods(["GET", "POST"])
def checklist(request: HttpRequest, study_id: int) -> HttpResponse:
    study, membership = study_for(request, study_id, "design")
    qs = ChecklistItem.objects.filter(study=study)
    formset = ChecklistFormSet(request.POST or None, queryset=qs)
    if request.method == "POST" and formset.is_valid():
        for form in formset.forms:
            if form.has_changed() and form.cleaned_data.get("text_id"):
                item = form.save(commit=False)
                item.study = study
                item.save()
        messages.success(request, _("Checklist saved."))
        return redirect("checklist", study.pk)
    return render(request, "studies/checklist.html", study_context(membership, "settings", formset=formset))


@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest, study_id: int) -> HttpResponse:
    """Add a member, change a role or bring a former member back; every change audited, with a reason once
    mothers are enrolled."""
    study, membership = study_for(request, study_id, "members")
    has_data = study.participants.exists()
    form = MemberForm(request.POST or None, reason_required=has_data)
    if request.method == "POST" and form.is_valid():
        User = get_user_model()
        username = form.cleaned_data["username"]
        reason = form.cleaned_data.get("reason", "")
        user = User.objects.filter(username=username).first()
        if user is None:
            try:
                validate_password(form.cleaned_data["password"])
            except ValidationError as exc:
                form.add_error("password", exc)
            else:
                user = User.objects.create_user(username=username, password=form.cleaned_data["password"])
        if user is not None:
            with transaction.atomic():
                row = Membership.objects.select_for_update().filter(study=study, user=user).first()
                before = {"role": row.role, "active": row.active} if row else {"role": None, "active": False}
                after = {"role": form.cleaned_data["role"], "active": True}
                if row is None:
                    row = Membership.objects.create(study=study, user=user, role=after["role"])
                elif before != after and _would_leave_no_owner(study, row, after["role"]):
                    messages.error(request, _("A study keeps at least one owner."))
                    return redirect("members", study.pk)
                else:
                    row.role, row.active = after["role"], True
                    row.save()
                changes = diff(before, after)
                if changes:
                    changes = {"user": [user.get_username(), user.get_username()], **changes}
                log_study_change(study, request.user, "membership", row.pk,
                                 "create" if before["role"] is None else "update", changes, reason)
            messages.success(request, _("Member saved."))
            return redirect("members", study.pk)
    rows = list(study.memberships.select_related("user").order_by("-active", "user__username"))
    for row in rows:
        row.locked = throttle.account_locked(row.user.get_username())  # type: ignore[attr-defined]
    return render(request, "studies/members.html",
                  study_context(membership, "members", form=form, rows=rows, has_data=has_data))


def _would_leave_no_owner(study: Study, row: Membership, new_role: str | None) -> bool:
    if row.role != OWNER or (new_role == OWNER and row.active):
        return False
    return not study.memberships.filter(role=OWNER, active=True).exclude(pk=row.pk).exists()


@require_POST
def member_unlock(request: AuthenticatedHttpRequest, study_id: int, member_id: int) -> HttpResponse:
    """An owner lifts a member's login lock (too many failed logins); the unlock is audited."""
    study, membership = study_for(request, study_id, "members")
    target = get_object_or_404(Membership, pk=member_id, study=study)
    cleared = throttle.clear(target.user.get_username())
    log_study_change(study, request.user, "membership", target.pk, "unlock",
                     {"login_failures": [cleared, 0]}, UNLOCKED)
    messages.success(request, _("%(user)s can log in again.") % {"user": target.user.get_username()})
    return redirect("members", study.pk)


@require_POST
def member_remove(request: AuthenticatedHttpRequest, study_id: int, member_id: int) -> HttpResponse:
    """A member leaves the study: made inactive, never deleted (the audit trail keeps who was a member)."""
    study, membership = study_for(request, study_id, "members")
    target = get_object_or_404(Membership, pk=member_id, study=study)
    reason = (request.POST.get("reason") or "").strip()
    if not target.active:
        messages.info(request, _("Nothing changed."))
    elif _would_leave_no_owner(study, target, None):
        messages.error(request, _("A study keeps at least one owner."))
    elif study.participants.exists() and not reason:
        messages.error(request, _("Mothers are enrolled: give the reason why this member leaves the study."))
    else:
        target.active = False
        target.save()
        log_study_change(study, request.user, "membership", target.pk, "deactivate",
                         {"user": [target.user.get_username(), target.user.get_username()],
                          "active": [True, False]}, reason)
        messages.success(request, _("Member removed."))
    return redirect("members", study.pk)


def design_file(request: HttpRequest, study_id: int) -> HttpResponse:
    study, _m = study_for(request, study_id, "view")
    response = HttpResponse(design_yaml(study), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="design-study-{study.pk}.yaml"'
    return response


__all__ = ["Study", "home", "study_new", "study_upload", "study_settings", "checklist", "members", "member_remove", "member_unlock",
           "design_file"]
