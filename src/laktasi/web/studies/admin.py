"""Admin for studies and memberships (e.g. to give a study a new owner)."""

from __future__ import annotations

from django.contrib import admin

from laktasi.web.studies.models import Membership, Study


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin):
    list_display = ("name", "design", "planned_n", "created_at", "is_demo")
    inlines = [MembershipInline]
    readonly_fields = ("created_by", "created_at")

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
