"""Read-only admin views of clinical records (changes go through the app, which audits them)."""

from __future__ import annotations

from django.contrib import admin

from laktasi.web.audittrail.models import AuditEvent
from laktasi.web.visits.models import Measurement, Participant, Visit


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
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
