"""Enrolment and visit forms. Date-times are entered in the study's time zone (the view activates it)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from laktasi.report.numbers import fmt_num
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


def _h(hours: float) -> str:
    return fmt_num(hours, 1, _lang())


def window_problem(day: int, hours: float, tolerance: int) -> str | None:
    """Why ``hours`` postpartum cannot be the visit of postpartum day ``day`` (None when it can): day d covers
    [24(d−1), 24d) hours after the delivery, widened by the study's window on each side."""
    lo, hi = 24 * (day - 1) - tolerance, 24 * day + tolerance
    if lo <= hours < hi:
        return None
    return str(_("Day %(day)s means %(lo)s to %(hi)s hours after the delivery (this study allows %(tol)s h either "
                 "side); this visit is at %(hours)s hours postpartum, which is day %(actual)s. Check the date and "
                 "time of the visit, or the delivery time.")
               % {"day": day, "lo": max(lo, 0), "hi": hi, "tol": tolerance, "hours": _h(hours),
                  "actual": int(hours // 24) + 1})


_DECIMAL = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_WHOLE = re.compile(r"^\d+$")


class DecimalTextInput(forms.TextInput):
    """A text box for a decimal that any browser accepts as typed: ``<input type=number>`` cannot hold a
    locale-formatted value ("12,6" shows as empty and is then saved as nothing), and Chromium turns a typed
    "5,5" into 55. The value is shown with the reader's decimal mark; :class:`LocalDecimalField` reads both."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, (Decimal, float, int)):
            text = format(Decimal(str(value)).normalize(), "f")
            return text.replace(".", ",") if _lang() == "id" else text
        return str(value)


class LocalDecimalField(forms.DecimalField):
    """A decimal typed with a comma or a point: "12,5" and "12.5" are both 12.5, never 125. Anything else
    (thousands separators, two marks, letters) is refused with an example rather than guessed."""

    widget = DecimalTextInput

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs: DecimalField < IntegerField
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().replace(" ", "").replace("\u2212", "-")
        if text == "":
            return None
        if not _DECIMAL.match(text):
            raise forms.ValidationError(_("Write a number such as 12,5 or 12.5."), code="invalid")
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover (the pattern admits only digits)
            raise forms.ValidationError(_("Write a number such as 12,5 or 12.5."), code="invalid") from exc


class CountField(forms.IntegerField):
    """A whole count in a text box with the numeric keypad ("5,5" is refused, not read as 55)."""

    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text == "":
            return None
        if not _WHOLE.match(text):
            raise forms.ValidationError(_("Write a whole number, such as 6."), code="invalid")
        return int(text)


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
    volume_ml = LocalDecimalField(label=_("Expressed volume (ml)"), required=False, max_digits=6, decimal_places=1)
    breast_full = forms.TypedChoiceField(label=_("Breasts feel full/tense"), choices=TRI, required=False,
                                         coerce=lambda v: v == "1", empty_value=None)
    milk_dripping = forms.TypedChoiceField(label=_("Milk drips before feeding"), choices=TRI, required=False,
                                           coerce=lambda v: v == "1", empty_value=None)
    letdown_felt = forms.TypedChoiceField(label=_("Let-down felt"), choices=TRI, required=False,
                                          coerce=lambda v: v == "1", empty_value=None)
    feeds_24h = CountField(label=_("Feeds in the last 24 h"), required=False, min_value=0, max_value=99)
    urine_24h = CountField(label=_("Baby's wet nappies in the last 24 h"), required=False, min_value=0, max_value=99)
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
        # the category and any warning are shown while the midwife types (htmx)
        self.fields["volume_ml"].widget.attrs.update({
            "hx-get": reverse("measure_check", args=[participant.study_id, participant.pk]),
            "hx-trigger": "input changed delay:300ms, load", "hx-include": "#id_visited_at",
            "hx-target": "#measure-check"})
        self.warnings: list[str] = []
        self.category = ""
        for item in self.items:
            self.fields[f"tick_{item.pk}"] = forms.BooleanField(required=False, label=item.text(_lang()))
            if not item.records_minutes:
                continue
            self.fields[f"min_{item.pk}"] = LocalDecimalField(
                required=False, min_value=Decimal(0), max_value=Decimal(180), max_digits=5, decimal_places=1,
                label=_("min"))

    def changes(self) -> list[str]:
        """The fields whose value differs from the stored visit (the reason and the confirmation box aside)."""
        return [name for name in self.changed_data if name not in ("reason", "confirm_unusual")]

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
                value = DecimalTextInput().format_value(minutes.value())
                row.update(minutes_name=minutes.html_name, minutes_value=value or "", minutes_errors=minutes.errors)
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
            else:
                problem = window_problem(self.day, hours, self.participant.study.visit_window_hours)
                if problem:
                    self.add_error("visited_at", problem)
                self._check_order(at)
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
        # Re-saving a visit unchanged writes nothing, so it needs neither a reason nor a new confirmation.
        changed = not self.editing or bool(self.changes())
        if changed and self.warnings and not data.get("confirm_unusual"):
            self.add_error("confirm_unusual", _("Please check the unusual values and tick the box to save them."))
        if self.editing and changed and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A reason is required to change a record after its first entry."))
        return data

    def _check_order(self, at: dt.datetime) -> None:
        """The pretest cannot come after the posttest: visits of later days are later in time."""
        for other in self.participant.visits.exclude(day=self.day):
            when = timezone.localtime(other.visited_at).strftime("%d/%m/%Y %H:%M")
            if other.day < self.day and other.visited_at >= at:
                self.add_error("visited_at", _("The day %(other)s visit (%(when)s) is not before this day %(day)s "
                                               "visit: an earlier day cannot come later in time.")
                               % {"other": other.day, "when": when, "day": self.day})
            elif other.day > self.day and other.visited_at <= at:
                self.add_error("visited_at", _("The day %(other)s visit (%(when)s) is not after this day %(day)s "
                                               "visit: a later day cannot come earlier in time.")
                               % {"other": other.day, "when": when, "day": self.day})

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
    """A mother's delivery details. Moving the delivery time moves every visit's hours postpartum: visits
    that would leave their day's window are refused, or kept and flagged when the user says so."""

    delivered_at = _dt_field(_("Delivery date and time"))
    parity = forms.IntegerField(label=_("Parity (live births including this one)"), min_value=1, max_value=20)
    delivery_mode = forms.ChoiceField(label=_("Delivery mode"), choices=DELIVERY_MODES)
    accept_outside = forms.BooleanField(
        label=_("Keep the visits that fall outside their day and flag them for the analyst"), required=False)
    reason = forms.CharField(label=_("Reason for the change"))

    def __init__(self, *args: Any, participant: Participant | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.moved: list[tuple[Any, float, str]] = []  # (visit, new hours postpartum, flag text or "")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        at = data.get("delivered_at")
        p = self.participant
        if at is None or p is None:
            return data
        if at > timezone.now():
            self.add_error("delivered_at", _("The delivery cannot be in the future."))
            return data
        tolerance = p.study.visit_window_hours
        problems = []
        for v in p.visits.order_by("day"):
            hours = (v.visited_at - at).total_seconds() / 3600.0
            if hours < 0:
                self.add_error("delivered_at", _("The day %(day)s visit would then be before the delivery.")
                               % {"day": v.day})
                continue
            problem = window_problem(v.day, hours, tolerance)
            flag = ""
            if problem:
                problems.append(problem)
                flag = (f"day {v.day} visit at {hours:.1f} h postpartum after the delivery time was moved "
                        f"(window ±{tolerance} h)")
            self.moved.append((v, round(hours, 2), flag))
        if problems and not data.get("accept_outside"):
            for problem in problems:
                self.add_error("delivered_at", problem)
            self.add_error("accept_outside", _("Correct the delivery time, or tick this box to keep these visits "
                                               "and flag them."))
        return data

    def save_changes(self, by: Any) -> None:
        """The mother's record and every visit's hours postpartum (and flag), under the one reason."""
        from django.db import transaction

        p = self.participant
        assert p is not None
        d = self.cleaned_data
        with transaction.atomic():
            p.delivered_at, p.parity, p.delivery_mode = d["delivered_at"], d["parity"], d["delivery_mode"]
            p.save(by=by, reason=d["reason"])
            for visit, hours, flag in self.moved:
                visit.hours_postpartum = hours
                visit.window_flag = flag
                visit.save(by=by, reason=d["reason"])


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("Mother's name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason for the change"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))
