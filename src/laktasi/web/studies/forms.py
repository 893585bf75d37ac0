"""Study design, checklist and membership forms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from laktasi.errors import InputError
from laktasi.report.numbers import parse_number
from laktasi.trial.results import ClassificationRule
from laktasi.web.studies.design_upload import MAX_BYTES, read_design_file, study_settings
from laktasi.web.studies.models import DEFAULT_CUTPOINTS, DEFAULT_LEVELS, ROLES, ChecklistItem, Study

if TYPE_CHECKING:  # ModelForm is generic in django-stubs only, not subscriptable at run time
    _StudyModelForm = forms.ModelForm[Study]
    _ChecklistItemModelForm = forms.ModelForm[ChecklistItem]
else:
    _StudyModelForm = _ChecklistItemModelForm = forms.ModelForm


def _split(text: str) -> list[str]:
    sep = ";" if ";" in text else ","
    return [p.strip() for p in text.split(sep) if p.strip()]


class StudyForm(_StudyModelForm):
    arms_text = forms.CharField(
        label=_("Arms (comma-separated, as written in the data)"), initial="intervensi, kontrol",
        help_text=_("One arm for a one-group pre/post study."),
    )
    reference_text = forms.CharField(label=_("Reference (control) arm"), initial="kontrol", required=False)
    visit_days_text = forms.CharField(label=_("Visit schedule (postpartum days, comma-separated)"), initial="1, 3",
                                      help_text=_("The first day is the pretest, the last the posttest."))
    block_sizes_text = forms.CharField(label=_("Block sizes (randomisation)"), initial="4, 6", required=False)
    levels_text = forms.CharField(label=_("Categories, lowest first (semicolon-separated)"),
                                  initial="kurang lancar; cukup lancar; lancar")
    cutpoints_text = forms.CharField(label=_("Cut-points in ml between the categories"), initial="10; 20")
    reason = forms.CharField(
        label=_("Reason for the change"), required=False,
        help_text=_("Required once mothers are enrolled: every change of the design is kept in the audit trail."))

    class Meta:
        model = Study
        fields = ["name", "design", "planned_n", "time_zone", "visit_window_hours", "allocation", "stratify_by",
                  "random_seed", "id_prefix"]
        help_texts = {"visit_window_hours": _("A visit on day d is normally 24(d−1) to 24d hours after the delivery; "
                                              "this many hours before or after still count as day d.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        study = self.instance
        self.has_data = False
        self.fields["visit_window_hours"].required = False  # absent (older clients, scripts): kept as it is
        if not study.pk:
            del self.fields["reason"]
        if study.pk:
            arms = list(study.arms.all())
            self.initial.update({
                "arms_text": ", ".join(a.name for a in arms),
                "reference_text": next((a.name for a in arms if a.is_reference), ""),
                "visit_days_text": ", ".join(str(d) for d in study.visit_days),
                "block_sizes_text": ", ".join(str(b) for b in study.block_sizes),
                "levels_text": "; ".join(study.classification_levels),
                "cutpoints_text": "; ".join(f"{c:g}" for c in study.classification_cutpoints),
            })
            self.has_data = study.participants.exists()
            if self.has_data:  # arms and allocation are fixed once someone is enrolled
                for name in ("arms_text", "reference_text", "allocation", "block_sizes_text", "stratify_by",
                             "random_seed", "design"):
                    self.fields[name].disabled = True

    def clean_visit_window_hours(self) -> int:
        value = self.cleaned_data.get("visit_window_hours")
        if value is None:
            return int(self.instance.visit_window_hours if self.instance.pk else 6)
        if value > 24:
            raise forms.ValidationError(_("At most 24 hours."))
        return int(value)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (typed as possibly None there)
        arms = _split(data.get("arms_text", ""))
        design = data.get("design")
        if len(set(arms)) != len(arms):
            self.add_error("arms_text", _("Arm names must differ."))
        if design == "one_group" and len(arms) != 1:
            self.add_error("arms_text", _("A one-group pre/post study has exactly one arm."))
        if design in ("quasi_two_arm", "rct") and len(arms) != 2:
            self.add_error("arms_text", _("This design has exactly two arms."))
        ref = (data.get("reference_text") or "").strip()
        if len(arms) > 1 and ref not in arms:
            self.add_error("reference_text", _("Name one of the arms as the reference (control) arm."))
        try:
            days = [int(d) for d in _split(data.get("visit_days_text", ""))]
        except ValueError:
            days = []
        if not days or any(d < 1 or d > 42 for d in days) or days != sorted(set(days)):
            self.add_error("visit_days_text", _("Give increasing postpartum days between 1 and 42, e.g. 1, 3."))
        elif self.instance.pk:
            dropped = sorted(set(self.instance.visit_days) - set(days))
            used = sorted({d for d in dropped if self.instance.participants.filter(visits__day=d).exists()})
            if used:
                self.add_error("visit_days_text", _("Visits are already recorded on day(s) %(days)s; keep them in "
                                                    "the schedule.") % {"days": ", ".join(map(str, used))})
        blocks: list[int] = []
        if data.get("allocation") == "block_randomisation":
            try:
                blocks = [int(b) for b in _split(data.get("block_sizes_text", ""))]
            except ValueError:
                blocks = []
            if not blocks or any(b <= 0 or b % max(len(arms), 1) for b in blocks):
                self.add_error("block_sizes_text", _("Block sizes must be positive multiples of the number of arms."))
        levels = _split(data.get("levels_text", ""))
        try:
            cuts = [parse_number(c) for c in data.get("cutpoints_text", "").split(";") if c.strip()]
        except ValueError:
            cuts = []
            self.add_error("cutpoints_text", _("Cut-points must be numbers."))
        rule = ClassificationRule("kelancaran", "volume", tuple(levels), tuple(cuts), "ml")
        lang = get_language() or "id"
        for problem in rule.check():
            self.add_error("cutpoints_text", problem.in_(lang))
        data.update(arms=arms, reference=ref if len(arms) > 1 else (arms[0] if arms else ""), days=days,
                    blocks=blocks, levels=levels, cuts=cuts)
        return data

    def apply(self, study: Study) -> None:
        d = self.cleaned_data
        study.visit_days = d["days"]
        study.block_sizes = d["blocks"]
        study.classification_levels = d["levels"]
        study.classification_cutpoints = d["cuts"]

    def arm_rows(self) -> list[tuple[str, bool, int]]:
        d = self.cleaned_data
        arms = d["arms"]
        target = -(-int(d["planned_n"]) // max(len(arms), 1))
        return [(a, a == d["reference"], target) for a in arms]


class DesignUploadForm(StudyForm):
    """A new study whose design, reference arm and classification rule come from a YAML design file.

    The file holds no arms list, schedule, sample size or allocation, so those are asked here as on the
    New study form; the fields the file sets are hidden and filled from it before the same checks run.
    """

    FROM_FILE = ("design", "reference_text", "levels_text", "cutpoints_text")

    design_file = forms.FileField(
        label=_("Design file (YAML)"),
        help_text=_("As downloaded from a study's Design page, or as written for laktasi analyze."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.FROM_FILE:
            self.fields[name].required = False
            self.fields[name].widget = forms.HiddenInput()
        self.order_fields(["design_file", "name"])
        self.default_rule = False

    def add_error(self, field: str | None, error: Any) -> None:
        # checks on what the file set are about the file
        super().add_error("design_file" if field in self.FROM_FILE else field, error)

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        upload = data.get("design_file")
        if upload is None:
            return data
        lang = get_language() or "id"
        arms = _split(data.get("arms_text", ""))
        try:
            days = [int(d) for d in _split(data.get("visit_days_text", ""))]
        except ValueError:
            days = []
        try:
            design, text = read_design_file(upload.name, upload.read(MAX_BYTES + 1), arms)
            settings = study_settings(design, text, upload.name, arms, days)
        except InputError as exc:
            self.add_error("design_file", [problem_line(p, lang) for p in exc.problems])
            return data
        levels = settings.levels or tuple(DEFAULT_LEVELS)
        cuts = settings.cutpoints or tuple(DEFAULT_CUTPOINTS)
        self.default_rule = not settings.levels
        data.update(design=settings.design, reference_text=settings.reference, levels_text="; ".join(levels),
                    cutpoints_text="; ".join(repr(float(c)) for c in cuts))
        data = super().clean()
        data.update(levels=list(levels), cuts=[float(c) for c in cuts])
        return data


def problem_line(problem: Any, lang: str) -> str:
    """One problem of a design file as the form lists it: line, field (= value): message."""
    where = problem.column or ""
    if problem.value is not None and where:
        where += f" = {problem.value!r}"
    if problem.row is not None:
        line = (f"baris {problem.row}" if lang == "id" else f"line {problem.row}")
        where = f"{line}, {where}" if where else line
    return f"{where}: {problem.message(lang)}" if where else problem.message(lang)


class ChecklistItemForm(_ChecklistItemModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["order", "text_id", "text_en", "source", "records_minutes", "active"]


ChecklistFormSet = forms.modelformset_factory(ChecklistItem, form=ChecklistItemForm, extra=2, can_delete=False)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("User name"))
    role = forms.ChoiceField(label=_("Role"), choices=ROLES)
    password = forms.CharField(label=_("Password for a new user (leave empty for an existing user)"),
                               required=False, widget=forms.PasswordInput)
    reason = forms.CharField(label=_("Reason for the change"), required=False)

    def __init__(self, *args: Any, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (typed as possibly None there)
        User = get_user_model()
        exists = User.objects.filter(username=data.get("username", "")).exists()
        if not exists and len(data.get("password") or "") < 8:
            self.add_error("password", _("A new user needs a password of at least 8 characters."))
        return data
