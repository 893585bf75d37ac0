"""Participants (mothers), their identifying record, home visits, checklist ticks and measurements.

All are audited (:class:`~laktasi.web.audittrail.models.AuditedModel`) and never deleted: a mother who
leaves the study is *withdrawn* (a status with a reason).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laktasi.web.audittrail.models import AuditedModel
from laktasi.web.studies.models import Arm, ChecklistItem, Study

DELIVERY_MODES = [
    ("spontaneous", _("Spontaneous vaginal")),
    ("assisted", _("Assisted vaginal (vacuum/forceps)")),
    ("caesarean", _("Caesarean section")),
]
STATUSES = [("active", _("Active")), ("withdrawn", _("Withdrawn")), ("completed", _("Completed"))]
PERFORMERS = [("midwife", _("Midwife")), ("husband", _("Husband")), ("family", _("Family member"))]


class Participant(AuditedModel):
    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="participants")
    code = models.CharField(_("study ID"), max_length=20)
    arm = models.ForeignKey(Arm, on_delete=models.PROTECT, null=True, related_name="participants")
    stratum = models.CharField(max_length=40, blank=True, default="")
    allocation_index = models.PositiveIntegerField(null=True, blank=True)  # k-th in its stratum (randomised)
    consent = models.BooleanField(_("informed consent given (mother and family)"), default=False)
    delivered_at = models.DateTimeField(_("delivery date and time"))
    parity = models.PositiveSmallIntegerField(_("parity (live births including this one)"))
    delivery_mode = models.CharField(_("delivery mode"), max_length=16, choices=DELIVERY_MODES)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default="active")
    status_reason = models.TextField(_("reason for withdrawal"), blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["study", "code"], name="participant_unique_code")]

    def __str__(self) -> str:
        return self.code

    def audit_study_id(self) -> int:
        return self.study_id

    def window(self, day: int) -> tuple[dt.datetime, dt.datetime]:
        """Postpartum day ``day`` covers hours [24(day-1), 24 day) after delivery."""
        start = self.delivered_at + dt.timedelta(hours=24 * (day - 1))
        return start, start + dt.timedelta(hours=24)

    def hours_postpartum(self, at: dt.datetime) -> float:
        return (at - self.delivered_at).total_seconds() / 3600.0

    def local_delivery(self) -> dt.datetime:
        return self.delivered_at.astimezone(ZoneInfo(self.study.time_zone))


class IdentifyingRecord(AuditedModel):
    """Name, phone and address: kept apart from the study data and shown to owners only."""

    participant = models.OneToOneField(Participant, on_delete=models.PROTECT, related_name="identity")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)

    def audit_study_id(self) -> int:
        return self.participant.study_id


class Visit(AuditedModel):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="visits")
    day = models.PositiveSmallIntegerField(_("postpartum day (schedule)"))
    visited_at = models.DateTimeField(_("date and time of the visit"))
    hours_postpartum = models.FloatField(_("hours postpartum"))
    performer = models.CharField(_("massage performed by"), max_length=10, choices=PERFORMERS, default="midwife")
    adverse_events = models.TextField(_("adverse events"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Set when the delivery time was moved and this visit then fell outside its day's window (accepted with
    # a reason rather than refused): the analyst sees it, the export carries it.
    window_flag = models.CharField(_("outside its day's window"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["participant", "day"]
        # one visit per scheduled day: a double-submitted form cannot create a duplicate record
        constraints = [models.UniqueConstraint(fields=["participant", "day"], name="visit_unique_day")]

    def audit_study_id(self) -> int:
        return self.participant.study_id


class ChecklistTick(AuditedModel):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    done = models.BooleanField(default=False)
    minutes = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="tick_unique_item")]

    def audit_study_id(self) -> int:
        return self.visit.participant.study_id


class Measurement(AuditedModel):
    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="measurement")
    volume_ml = models.DecimalField(_("expressed volume (ml)"), max_digits=6, decimal_places=1, null=True, blank=True)
    breast_full = models.BooleanField(_("breasts feel full/tense"), null=True, blank=True)
    milk_dripping = models.BooleanField(_("milk drips before feeding"), null=True, blank=True)
    letdown_felt = models.BooleanField(_("let-down felt"), null=True, blank=True)
    feeds_24h = models.PositiveSmallIntegerField(_("feeds in 24 h"), null=True, blank=True)
    urine_24h = models.PositiveSmallIntegerField(_("baby's wet nappies in 24 h"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=40, blank=True)  # by the study's rule, stored as shown

    def audit_study_id(self) -> int:
        return self.visit.participant.study_id

