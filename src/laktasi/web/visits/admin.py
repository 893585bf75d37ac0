"""Read-only admin views of clinical records (changes go through the app, which audits them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.visits.models import Measurement, Participant, Visit

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only, not subscriptable at run time
    _ModelAdmin = admin.ModelAdmin[Model]
else:
    _ModelAdmin = admin.ModelAdmin


class ReadOnly(_ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Participant)
class ParticipantAdmin(ReadOnly):
    list_display = ("code", "study", "arm", "status", "delivered_at")
    list_filter = ("study", "status")


@admin.register(Visit)
class VisitAdmin(ReadOnly):
    list_display = ("participant", "day", "visited_at", "hours_postpartum", "recorded_by")


@admin.register(Measurement)
class MeasurementAdmin(ReadOnly):
    list_display = ("visit", "volume_ml", "category")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly):
    list_display = ("at", "study", "user", "entity", "object_id", "action", "reason")
    list_filter = ("study", "entity", "action")
