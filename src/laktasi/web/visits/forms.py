"""Enrolment and visit forms. Date-times are entered in the study's time zone (the view activates it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from laktasi.web.studies.models import Study
from laktasi.web.visits.models import DELIVERY_MODES, PERFORMERS, Participant
from laktasi.web.visits.ranges import check_value

if TYPE_CHECKING:
    from laktasi.web.visits.services import VisitInput

DT_FORMAT = "%Y-%m-%dT%H:%M"
TRI = [("", "—"), ("1", _("Yes")), ("0", _("No"))]


def _dt_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, input_formats=[DT_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DT_FORMAT),
    )


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


class EnrolForm(forms.Form):
    name = forms.CharField(label=_("Mother's name"), max_length=200,
                           help_text=_("Kept in a separate identifying record that only study owners see."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel"}))
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    consent = forms.BooleanField(label=_("Informed consent given by the mother and family"), required=True)
    delivered_at = _dt_field(_("Delivery date and time"))
    parity = forms.IntegerField(label=_("Parity (live births including this one)"), min_value=1, max_value=20)
    delivery_mode = forms.ChoiceField(label=_("Delivery mode"), choices=DELIVERY_MODES)
    arm = forms.ChoiceField(label=_("Arm"), required=False)

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        arms = list(study.arms.all())
        if study.allocation == "total_sampling" and len(arms) > 1:
            cast(forms.ChoiceField, self.fields["arm"]).choices = [("", "—")] + [(str(a.pk), a.name) for a in arms]
            self.fields["arm"].required = True
        else:
            del self.fields["arm"]

    def clean_delivered_at(self) -> Any:
        value = self.cleaned_data["delivered_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The delivery cannot be in the future."))
        return value


class VisitForm(forms.Form):
    visited_at = _dt_field(_("Date and time of the visit"))
    performer = forms.ChoiceField(label=_("Massage performed by"), choices=PERFORMERS)
    volume_ml = forms.DecimalField(label=_("Expressed volume (ml)"), required=False, max_digits=6, decimal_places=1,
                                   widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}))
    breast_full = forms.TypedChoiceField(label=_("Breasts feel full/tense"), choices=TRI, required=False,
                                         coerce=lambda v: v == "1", empty_value=None)
    milk_dripping = forms.TypedChoiceField(label=_("Milk drips before feeding"), choices=TRI, required=False,
                                           coerce=lambda v: v == "1", empty_value=None)
    letdown_felt = forms.TypedChoiceField(label=_("Let-down felt"), choices=TRI, required=False,
                                          coerce=lambda v: v == "1", empty_value=None)
    feeds_24h = forms.IntegerField(label=_("Feeds in the last 24 h"), required=False, min_value=0)
    urine_24h = forms.IntegerField(label=_("Baby's wet nappies in the last 24 h"), required=False, min_value=0)
    adverse_events = forms.CharField(label=_("Adverse events (empty if none)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm_unusual = forms.BooleanField(label=_("I checked: the unusual values above are correct"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), required=False)

    def __init__(self, *args: Any, participant: Participant, day: int, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.day = day
        self.editing = editing
        self.items = list(participant.study.checklist.filter(active=True))
        self.warnings: list[str] = []
        self.category = ""
        for item in self.items:
            self.fields[f"tick_{item.pk}"] = forms.BooleanField(required=False, label=item.text(_lang()))
            if not item.records_minutes:
                continue
            self.fields[f"min_{item.pk}"] = forms.DecimalField(
                required=False, min_value=Decimal(0), max_value=Decimal(180), max_digits=5, decimal_places=1,
                label=_("min"), widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
        if editing:
            self.fields["reason"].required = True

    def tick_rows(self) -> list[dict[str, Any]]:
        """The checklist rows, rendered as plain inputs in the template (16 widget renders cost more than the
        rest of the page)."""
        rows = []
        for item in self.items:
            tick = self[f"tick_{item.pk}"]
            row: dict[str, Any] = {"item": item, "name": tick.html_name, "id": tick.auto_id,
                                   "label": tick.label, "checked": bool(tick.value())}
            if item.records_minutes:
                minutes = self[f"min_{item.pk}"]
                value = minutes.value()
                row.update(minutes_name=minutes.html_name, minutes_value="" if value is None else value,
                           minutes_errors=minutes.errors)
            rows.append(row)
        return rows

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (typed as possibly None there)
        lang = _lang()
        at = data.get("visited_at")
        hours = None
        if at is not None:
            hours = self.participant.hours_postpartum(at)
            if hours < 0:
                self.add_error("visited_at", _("The visit cannot be before the delivery."))
            elif hours > 42 * 24:
                self.add_error("visited_at", _("The visit is more than 42 days after the delivery."))
            elif at > timezone.now() + dt.timedelta(minutes=10):
                self.add_error("visited_at", _("The visit cannot be in the future."))
        for field, measure in (("volume_ml", "expressed_volume"), ("feeds_24h", "feeds_24h"),
                               ("urine_24h", "urine_24h")):
            value = data.get(field)
            if value is None:
                continue
            check = check_value(measure, float(value), hours)
            for e in check.errors:
                self.add_error(field, e.in_(lang))
            self.warnings.extend(w.in_(lang) for w in check.warnings)
        volume = data.get("volume_ml")
        if volume is not None and not self.errors.get("volume_ml"):
            self.category = self.participant.study.classify(float(volume))
        if self.warnings and not data.get("confirm_unusual"):
            self.add_error("confirm_unusual", _("Please check the unusual values and tick the box to save them."))
        return data

    def visit_input(self) -> VisitInput:
        from laktasi.web.visits.services import VisitInput

        d = self.cleaned_data
        ticks = tuple((item.pk, bool(d.get(f"tick_{item.pk}")), d.get(f"min_{item.pk}")) for item in self.items)
        return VisitInput(
            day=self.day, visited_at=d["visited_at"], performer=d["performer"],
            adverse_events=d.get("adverse_events", ""), notes=d.get("notes", ""), volume_ml=d.get("volume_ml"),
            breast_full=d.get("breast_full"), milk_dripping=d.get("milk_dripping"),
            letdown_felt=d.get("letdown_felt"), feeds_24h=d.get("feeds_24h"), urine_24h=d.get("urine_24h"),
            ticks=ticks,
        )


class ParticipantForm(forms.Form):
    delivered_at = _dt_field(_("Delivery date and time"))
    parity = forms.IntegerField(label=_("Parity (live births including this one)"), min_value=1, max_value=20)
    delivery_mode = forms.ChoiceField(label=_("Delivery mode"), choices=DELIVERY_MODES)
    reason = forms.CharField(label=_("Reason for the change"))


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("Mother's name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason for the change"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))
