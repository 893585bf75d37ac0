"""Admin for studies and memberships (e.g. to give a study a new owner)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from laktasi.web.studies.models import Membership, Study

if TYPE_CHECKING:  # the admin classes are generic in django-stubs only, not subscriptable at run time
    _MembershipInline = admin.TabularInline[Membership, Study]
    _StudyAdmin = admin.ModelAdmin[Study]
else:
    _MembershipInline = admin.TabularInline
    _StudyAdmin = admin.ModelAdmin


class MembershipInline(_MembershipInline):
    model = Membership
    extra = 1
    can_delete = False  # a member who leaves is made inactive (audited on the Members page), never deleted


@admin.register(Study)
class StudyAdmin(_StudyAdmin):
    list_display = ("name", "design", "planned_n", "created_at", "is_demo")
    inlines = [MembershipInline]
    readonly_fields = ("created_by", "created_at")

    def has_delete_permission(self, request: HttpRequest, obj: Study | None = None) -> bool:
        return False
