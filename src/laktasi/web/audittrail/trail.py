"""The study's audit trail as people read it: each event named by its record ("Visit, day 3 · P004"), each
field by its label ("expressed volume (ml)"), values as shown in the app; filters; a CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laktasi.web.audittrail.history import HIDDEN, MODELS, _label, _value, action_label
from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.audittrail.reasons import shown
from laktasi.web.studies.models import Arm, Membership, Study
from laktasi.web.visits.models import ChecklistTick, IdentifyingRecord, Measurement, Participant, Visit

KINDS = ("participant", "identifyingrecord", "visit", "measurement", "checklisttick", "study", "membership")


def kind_label(kind: str) -> str:
    return {"participant": _("Mother's record"), "identifyingrecord": _("Identifying record"),
            "visit": _("Visit"), "measurement": _("Measurement"), "checklisttick": _("Checklist"),
            "study": _("Study design"), "membership": _("Member")}.get(kind, kind)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    user: str = ""
    mother: str = ""  # study ID (code)
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        def day(name: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(str(query.get(name, "")).strip())
            except ValueError:
                return None

        kind = str(query.get("kind", ""))
        return cls(kind=kind if kind in KINDS else "", user=str(query.get("user", "")).strip()[:150],
                   mother=str(query.get("mother", "")).strip()[:20], action=str(query.get("action", ""))[:12],
                   since=day("since"), until=day("until"))


def _mother_q(p: Participant) -> Q:
    wanted = {
        "participant": [p.pk],
        "identifyingrecord": list(IdentifyingRecord.objects.filter(participant=p).values_list("pk", flat=True)),
        "visit": list(Visit.objects.filter(participant=p).values_list("pk", flat=True)),
        "measurement": list(Measurement.objects.filter(visit__participant=p).values_list("pk", flat=True)),
        "checklisttick": list(ChecklistTick.objects.filter(visit__participant=p).values_list("pk", flat=True)),
    }
    q = Q(pk__in=[])
    for entity, pks in wanted.items():
        if pks:
            q |= Q(entity=entity, object_id__in=[str(pk) for pk in pks])
    return q


def events(study: Study, f: Filters) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(study=study).select_related("user")
    if f.kind:
        qs = qs.filter(entity=f.kind)
    if f.user:
        qs = qs.filter(user__username=f.user)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.mother:
        p = Participant.objects.filter(study=study, code__iexact=f.mother).first()
        qs = qs.filter(_mother_q(p)) if p is not None else qs.none()
    tz = timezone.get_current_timezone()
    if f.since:
        qs = qs.filter(at__gte=dt.datetime.combine(f.since, dt.time.min, tzinfo=tz))
    if f.until:
        qs = qs.filter(at__lt=dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs


@dataclass(frozen=True)
class Line:
    at: dt.datetime
    user: str
    record: str
    action: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, old, new)
    reason: str


class Namer:
    """Names records and fields of one study's events, looking each kind up once per page."""

    def __init__(self, study: Study, page: list[AuditEvent]) -> None:
        ids: dict[str, set[int]] = {}
        for e in page:
            if e.object_id.isdigit():
                ids.setdefault(e.entity, set()).add(int(e.object_id))
        g = ids.get
        self.codes = dict(Participant.objects.filter(pk__in=g("participant", set())).values_list("pk", "code"))
        self.identities = dict(IdentifyingRecord.objects.filter(pk__in=g("identifyingrecord", set()))
                               .values_list("pk", "participant__code"))
        self.visits = {pk: (code, day) for pk, code, day in Visit.objects.filter(pk__in=g("visit", set()))
                       .values_list("pk", "participant__code", "day")}
        self.measurements = {pk: (code, day) for pk, code, day in Measurement.objects.filter(
            pk__in=g("measurement", set())).values_list("pk", "visit__participant__code", "visit__day")}
        self.ticks = {pk: (code, day, text_id, text_en) for pk, code, day, text_id, text_en in
                      ChecklistTick.objects.filter(pk__in=g("checklisttick", set())).values_list(
                          "pk", "visit__participant__code", "visit__day", "item__text_id", "item__text_en")}
        self.members = dict(Membership.objects.filter(pk__in=g("membership", set()))
                            .values_list("pk", "user__username"))
        self.arms = {str(pk): name for pk, name in Arm.objects.filter(study=study).values_list("pk", "name")}
        self.en = (get_language() or "id").startswith("en")

    def record(self, e: AuditEvent) -> tuple[str, str]:
        """(record label, prefix for field labels)."""
        pk = int(e.object_id) if e.object_id.isdigit() else 0
        day = _("day %(day)s")
        mother, identifying, checklist, member = _("Mother"), _("Identifying record"), _("Checklist"), _("Member")
        if e.entity == "participant":
            return f"{mother} {self.codes.get(pk, '?')}", ""
        if e.entity == "identifyingrecord":
            return f"{identifying} · {self.identities.get(pk, '?')}", ""
        if e.entity in ("visit", "measurement"):
            code, d = (self.visits if e.entity == "visit" else self.measurements).get(pk, ("?", "?"))
            return f"{kind_label(e.entity)}, {day % {'day': d}} · {code}", ""
        if e.entity == "checklisttick":
            code, d, text_id, text_en = self.ticks.get(pk, ("?", "?", "?", ""))
            return f"{checklist}, {day % {'day': d}} · {code}", (text_en if self.en and text_en else text_id) + " · "
        if e.entity == "membership":
            return f"{member} {self.members.get(pk, '?')}", ""
        return kind_label(e.entity), ""

    def field(self, e: AuditEvent, name: str, old: Any, new: Any) -> tuple[str, str, str]:
        model = MODELS.get(e.entity)
        if model is not None:
            return _label(model, name), _value(model, name, old, self.arms), _value(model, name, new, self.arms)
        if e.entity == "study":
            f = next((f for f in Study._meta.concrete_fields if f.name == name), None)
            label = str(f.verbose_name) if f is not None else {"arms": _("arms")}.get(name, name)
        else:
            label = {"role": _("role"), "active": _("active"), "user": _("user"),
                     "login_failures": _("failed logins")}.get(name, name)
        return label, _plain(old), _plain(new)

    def line(self, e: AuditEvent) -> Line:
        record, prefix = self.record(e)
        changes = tuple((prefix + label, old, new) for label, old, new in
                        (self.field(e, k, o, n) for k, (o, n) in e.changes.items() if k not in HIDDEN))
        return Line(at=timezone.localtime(e.at), user=e.user.username, record=record,
                    action=action_label(e.action), changes=changes, reason=shown(e.reason))


def _plain(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "∅"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def lines(study: Study, page: list[AuditEvent]) -> list[Line]:
    namer = Namer(study, page)
    return [namer.line(e) for e in page]


def to_csv(study: Study, qs: QuerySet[AuditEvent]) -> bytes:
    """One row per changed field (an event without field changes: one row), formulas neutralised."""
    from laktasi.web.exports.tables import neutralise

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("When"), _("Who"), _("Record"), _("Action"), _("Field"), _("Old"), _("New"), _("Reason")])
    batch: list[AuditEvent] = []

    def flush() -> None:
        for line in lines(study, batch):
            when = line.at.strftime("%Y-%m-%d %H:%M:%S")
            for label, old, new in line.changes or (("", "", ""),):
                writer.writerow([neutralise(v) for v in (when, line.user, line.record, line.action, label, old,
                                                          new, line.reason)])
        batch.clear()

    for e in qs.iterator(chunk_size=500):
        batch.append(e)
        if len(batch) >= 500:
            flush()
    flush()
    return out.getvalue().encode("utf-8-sig")
