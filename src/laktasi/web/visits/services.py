"""Enrolment (study ID, allocation) and visit recording: the only code that writes clinical records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from laktasi.web.audittrail.reasons import ALL_VISITS_RECORDED, OUTCOME_MISSING
from laktasi.web.studies.allocation import allocate
from laktasi.web.studies.models import Arm, Study
from laktasi.web.visits.models import ChecklistTick, IdentifyingRecord, Measurement, Participant, Visit


def stratum_of(study: Study, parity: int, delivery_mode: str) -> str:
    if study.stratify_by == "parity":
        return "primipara" if parity <= 1 else "multipara"
    if study.stratify_by == "delivery_mode":
        return delivery_mode
    return ""


def next_code(study: Study) -> str:
    """The next study ID: prefix + 3-digit serial (P001, P002, …), never reused."""
    n = Participant.objects.filter(study=study).count() + 1
    while True:
        code = f"{study.id_prefix}{n:03d}"
        if not Participant.objects.filter(study=study, code=code).exists():
            return code
        n += 1


@transaction.atomic
def enrol(study: Study, by: Any, *, delivered_at: dt.datetime, parity: int, delivery_mode: str, consent: bool,
          name: str, phone: str = "", address: str = "", arm: Arm | None = None) -> Participant:
    """Enrol a mother: study ID, allocation (revealed only now) and her separate identifying record."""
    # Lock the study row so two simultaneous enrolments get different IDs and allocation slots.
    study = Study.objects.select_for_update().get(pk=study.pk)
    arms = list(study.arms.order_by("order", "id"))
    stratum = stratum_of(study, parity, delivery_mode)
    index = None
    if study.allocation == "block_randomisation" and len(arms) > 1:
        index = Participant.objects.filter(study=study, stratum=stratum, allocation_index__isnull=False).count()
        arm = arms[allocate(study.random_seed, stratum, index, len(arms), study.block_sizes)]
    elif len(arms) == 1:
        arm = arms[0]
    elif arm is None or arm.study_id != study.pk:
        raise ValueError("total sampling needs the arm chosen at enrolment")
    participant = Participant(
        study=study, code=next_code(study), arm=arm, stratum=stratum, allocation_index=index, consent=consent,
        delivered_at=delivered_at, parity=parity, delivery_mode=delivery_mode, enrolled_by=by,
    )
    participant.save(by=by)
    IdentifyingRecord(participant=participant, name=name, phone=phone, address=address).save(by=by)
    return participant


@dataclass(frozen=True)
class VisitInput:
    day: int
    visited_at: dt.datetime
    performer: str = "midwife"
    adverse_events: str = ""
    notes: str = ""
    volume_ml: Decimal | None = None
    breast_full: bool | None = None
    milk_dripping: bool | None = None
    letdown_felt: bool | None = None
    feeds_24h: int | None = None
    urine_24h: int | None = None
    ticks: tuple[tuple[int, bool, Decimal | None], ...] = ()  # (checklist item id, done, minutes)


@transaction.atomic
def save_visit(participant: Participant, by: Any, data: VisitInput, *, visit: Visit | None = None,
               reason: str = "") -> Visit:
    """Create (``visit`` None) or edit a visit with its checklist ticks and measurement, all audited."""
    study = participant.study
    first_entry = visit is None
    if visit is None:
        visit = Visit(participant=participant, recorded_by=by)
    visit.day = data.day
    visit.visited_at = data.visited_at
    visit.hours_postpartum = round(participant.hours_postpartum(data.visited_at), 2)
    visit.performer = data.performer
    visit.adverse_events = data.adverse_events
    visit.notes = data.notes
    visit.save(by=by, reason=reason)
    existing = {} if first_entry else {t.item_id: t for t in ChecklistTick.objects.filter(visit=visit)}
    new_ticks = []
    for item_id, done, minutes in data.ticks:
        tick = existing.get(item_id)
        if tick is None:
            new_ticks.append(ChecklistTick(visit=visit, item_id=item_id, done=done, minutes=minutes))
        else:
            tick.done, tick.minutes = done, minutes
            tick.save(by=by, reason=reason)
    if new_ticks:
        ChecklistTick.create_all(new_ticks, by=by)
    measurement = (None if first_entry else Measurement.objects.filter(visit=visit).first()) or Measurement(visit=visit)
    measurement.volume_ml = data.volume_ml
    measurement.breast_full = data.breast_full
    measurement.milk_dripping = data.milk_dripping
    measurement.letdown_felt = data.letdown_felt
    measurement.feeds_24h = data.feeds_24h
    measurement.urine_24h = data.urine_24h
    measurement.category = study.classify(float(data.volume_ml) if data.volume_ml is not None else None)
    measurement.save(by=by, reason=reason)
    # complete = every scheduled visit has the primary outcome (a visit without the volume is not enough);
    # a later edit that removes it makes her active again
    measured = set(participant.visits.filter(measurement__volume_ml__isnull=False).values_list("day", flat=True))
    complete = set(study.visit_days) <= measured
    if participant.status == "active" and complete:
        participant.status = "completed"
        participant.save(by=by, reason=reason or ALL_VISITS_RECORDED)  # stored in English, shown translated
    elif participant.status == "completed" and not complete:
        participant.status = "active"
        participant.save(by=by, reason=reason or OUTCOME_MISSING)
    return visit


def withdraw(participant: Participant, by: Any, reason: str) -> None:
    participant.status = "withdrawn"
    participant.status_reason = reason
    participant.save(by=by, reason=reason)


class ArmLabel(NamedTuple):
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class DueMother:
    """A mother on today's list: what its row shows and links to (not the whole record: the list is the most
    opened page of the day and names every active mother of the study)."""

    pk: int
    code: str
    delivered_at: dt.datetime
    arm: ArmLabel | None

    @property
    def arm_id(self) -> int | None:
        return self.arm.id if self.arm is not None else None


def due_visits(study: Study, now: dt.datetime | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(due today, overdue): scheduled visits not yet recorded, for mothers still active.

    Day ``d`` is due in its window [24(d-1) h, 24 d h) after delivery; it shows as due today when that window
    touches today's date in the study's time zone, and as overdue once the window has closed. Each row is
    ``{"participant": DueMother, "day", "start", "end"}`` (start and end in the study's time zone).
    """
    from zoneinfo import ZoneInfo

    now = now or timezone.now()
    tz = ZoneInfo(study.time_zone)
    today = now.astimezone(tz).date()
    done = set(Visit.objects.filter(participant__study=study).values_list("participant_id", "day"))
    due, overdue = [], []
    days = [(d, dt.timedelta(hours=24 * (d - 1))) for d in study.visit_days]
    day_length = dt.timedelta(hours=24)
    arms: dict[int, ArmLabel] = {}
    mothers = (Participant.objects.filter(study=study, status="active").order_by("code")
               .values_list("id", "code", "delivered_at", "arm_id", "arm__name"))
    for pk, code, delivered_at, arm_id, arm_name in mothers:
        mother = DueMother(pk, code, delivered_at,
                           None if arm_id is None else arms.setdefault(arm_id, ArmLabel(arm_id, arm_name)))
        for d, offset in days:  # the window of Participant.window(d)
            if (pk, d) in done:
                continue
            start = delivered_at + offset
            end = start + day_length
            local_start, local_end = start.astimezone(tz), end.astimezone(tz)
            row = {"participant": mother, "day": d, "start": local_start, "end": local_end}
            if end <= now:
                overdue.append(row)
            elif local_start.date() <= today <= local_end.date():
                due.append(row)
    return due, overdue


def arm_counts(study: Study) -> dict[int, tuple[int, int, int]]:
    """Per arm id: (enrolled and not withdrawn, withdrawn, complete pre and post) — the dashboard's numbers.

    The same counts as :func:`laktasi.web.visits.frame.study_frame` gives (complete: the expressed volume recorded
    at the first and at the last scheduled day, withdrawn mothers included), from two aggregate queries instead
    of the whole table with every visit and checklist tick (tests/web/test_query_counts.py compares them).
    """
    counts: dict[int, list[int]] = {}
    by_status = (Participant.objects.filter(study=study).values_list("arm_id", "status").annotate(n=Count("id"))
                 .order_by())
    for arm_id, status, n in by_status:
        if arm_id is not None:  # a mother without an arm is in no arm's row
            counts.setdefault(arm_id, [0, 0, 0])[1 if status == "withdrawn" else 0] += n
    days = list(study.visit_days)
    if days:
        first, last = days[0], days[-1]
        measured: dict[tuple[int, int], set[int]] = {}
        for pid, arm_id, day in (Visit.objects.filter(participant__study=study, day__in={first, last},
                                                      measurement__volume_ml__isnull=False)
                                 .values_list("participant_id", "participant__arm_id", "day")):
            measured.setdefault((pid, arm_id), set()).add(day)
        for (_pid, arm_id), got in measured.items():
            if arm_id is not None and {first, last} <= got:
                counts.setdefault(arm_id, [0, 0, 0])[2] += 1
    return {arm_id: (c[0], c[1], c[2]) for arm_id, c in counts.items()}

