"""One mother's history: the audit events of her record, identifying record, visits, measurements and ticks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.audittrail.reasons import shown
from laktasi.web.studies.models import Arm
from laktasi.web.visits.models import ChecklistTick, IdentifyingRecord, Measurement, Participant, Visit


def action_label(action: str) -> str:
    labels = {"create": _("first entry"), "update": _("change"), "view": _("viewed"), "unlock": _("unlocked"),
              "deactivate": _("removed")}
    return labels.get(action, action)


# Shown elsewhere in the row (the record, who) or internal bookkeeping.
HIDDEN = {"study_id", "participant_id", "visit_id", "item_id", "enrolled_by_id", "recorded_by_id"}
MODELS = {m._meta.model_name: m for m in (Participant, IdentifyingRecord, Visit, Measurement, ChecklistTick)}


@dataclass
class Row:
    at: dt.datetime
    user: str
    record: str
    action: str
    reason: str
    action_label: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)


def _value(model: Any, attname: str, value: Any, arms: dict[str, str]) -> str:
    if value is None or value == "":
        return "∅"
    if attname == "arm_id":
        return arms.get(str(value), str(value))
    f = next((f for f in model._meta.concrete_fields if f.attname == attname), None)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, str) and f is not None and f.get_internal_type() == "DateTimeField":
        try:
            return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return value
    return str(value)


def _label(model: Any, attname: str) -> str:
    # fields without a verbose name of their own
    if attname == "arm_id":
        return _("arm")
    if attname == "done":
        return _("done")
    if attname == "minutes":
        return _("min")
    f = next((f for f in model._meta.concrete_fields if f.attname == attname), None)
    return str(f.verbose_name) if f is not None else attname


def participant_history(p: Participant) -> list[Row]:
    """Every audited change to mother ``p``'s records, oldest first; a visit's checklist entered at once is
    one row. Times are in the current time zone (the view sets the study's)."""
    visits = dict(Visit.objects.filter(participant=p).values_list("pk", "day"))
    measurements = dict(Measurement.objects.filter(visit__participant=p).values_list("pk", "visit__day"))
    ticks = {pk: (day, text_id, text_en) for pk, day, text_id, text_en in ChecklistTick.objects.filter(
        visit__participant=p).values_list("pk", "visit__day", "item__text_id", "item__text_en")}
    identity = list(IdentifyingRecord.objects.filter(participant=p).values_list("pk", flat=True))
    wanted = {"participant": [p.pk], "identifyingrecord": identity, "visit": list(visits),
              "measurement": list(measurements), "checklisttick": list(ticks)}
    q = Q()
    for entity, pks in wanted.items():
        if pks:
            q |= Q(entity=entity, object_id__in=[str(pk) for pk in pks])
    events = AuditEvent.objects.filter(study_id=p.study_id).filter(q).select_related("user").order_by("at", "id")
    arms = {str(pk): name for pk, name in Arm.objects.filter(study_id=p.study_id).values_list("pk", "name")}
    en = (get_language() or "id").startswith("en")
    day_label = _("day %(day)s")
    rows: list[Row] = []
    for e in events:
        model = MODELS[e.entity]
        pk = int(e.object_id)
        item = ""
        if e.entity == "participant":
            record = _("Mother's record")
        elif e.entity == "identifyingrecord":
            record = _("Identifying record")
        elif e.entity == "visit":
            record = _("Visit") + ", " + day_label % {"day": visits[pk]}
        elif e.entity == "measurement":
            record = _("Measurement") + ", " + day_label % {"day": measurements[pk]}
        else:
            day, text_id, text_en = ticks[pk]
            record = _("Checklist") + ", " + day_label % {"day": day}
            item = (text_en if en and text_en else text_id) + " · "
        changes = [(item + _label(model, k), _value(model, k, old, arms), _value(model, k, new, arms))
                   for k, (old, new) in e.changes.items() if k not in HIDDEN]
        last = rows[-1] if rows else None
        if (e.entity == "checklisttick" and e.action == "create" and last is not None and last.record == record
                and last.action == e.action and last.user == e.user.username
                and abs((e.at - last.at).total_seconds()) < 60):
            last.changes += changes  # the ticks of one visit form, entered together
            continue
        rows.append(Row(at=e.at, user=e.user.username, record=record, action=e.action, reason=shown(e.reason),
                        changes=changes, action_label=action_label(e.action)))
    return rows
