"""A study: design, arms, outcomes and classification rule, visit schedule, checklist, members and roles."""

from __future__ import annotations

import bisect
import math
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laktasi.trial.results import ClassificationRule

DESIGNS = [
    ("quasi_two_arm", _("Two-arm quasi-experiment")),
    ("rct", _("Randomised controlled trial (RCT)")),
    ("one_group", _("One-group pre/post")),
]
ALLOCATIONS = [
    ("total_sampling", _("Total sampling by arm (chosen at enrolment)")),
    ("block_randomisation", _("Concealed randomisation in permuted blocks")),
]
STRATA = [
    ("", _("No strata")),
    ("parity", _("Parity (primipara / multipara)")),
    ("delivery_mode", _("Delivery mode")),
]
TIME_ZONES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]
DEFAULT_LEVELS = ["kurang lancar", "cukup lancar", "lancar"]
DEFAULT_CUTPOINTS = [10.0, 20.0]

OWNER, RESEARCHER, MIDWIFE, VIEWER = "owner", "researcher", "midwife", "viewer"
ROLES = [
    (OWNER, _("Owner")),
    (RESEARCHER, _("Researcher")),
    (MIDWIFE, _("Midwife (data entry)")),
    (VIEWER, _("Viewer")),
]
# What each role may do; views ask for a capability, never a role name.
CAPABILITIES: dict[str, frozenset[str]] = {
    OWNER: frozenset({"view", "enter", "design", "members", "audit", "identify", "export"}),
    RESEARCHER: frozenset({"view", "enter", "design", "export"}),
    MIDWIFE: frozenset({"view", "enter", "export"}),
    VIEWER: frozenset({"view", "export"}),
}


def _default_visit_days() -> list[int]:
    return [1, 3]


def _default_levels() -> list[str]:
    return list(DEFAULT_LEVELS)


def _default_cutpoints() -> list[float]:
    return list(DEFAULT_CUTPOINTS)


class Study(models.Model):
    name = models.CharField(_("name"), max_length=200)
    design = models.CharField(_("design"), max_length=20, choices=DESIGNS, default="quasi_two_arm")
    planned_n = models.PositiveIntegerField(_("planned sample size (total)"), default=30)
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TIME_ZONES, default="Asia/Jakarta")
    visit_days = models.JSONField(_("visit schedule (postpartum days)"), default=_default_visit_days)
    allocation = models.CharField(_("allocation"), max_length=24, choices=ALLOCATIONS, default="total_sampling")
    block_sizes = models.JSONField(_("block sizes"), default=list, blank=True)
    stratify_by = models.CharField(_("strata"), max_length=20, choices=STRATA, default="", blank=True)
    random_seed = models.BigIntegerField(_("random seed"), default=0)
    id_prefix = models.CharField(_("study ID prefix"), max_length=8, default="P")
    volume_unit = models.CharField(_("volume unit"), max_length=10, default="ml")
    # The kelancaran rule is always explicit and shown: levels[i] for cutpoints[i-1] <= volume < cutpoints[i].
    classification_levels = models.JSONField(_("category levels"), default=_default_levels)
    classification_cutpoints = models.JSONField(_("category cut-points (ml)"), default=_default_cutpoints)
    # Raised at each change of the levels or cut-points; the stored categories are then recomputed, so the
    # exports, the report and the audit trail all name the same rule.
    rule_version = models.PositiveIntegerField(_("classification rule version"), default=1)
    # How far (hours) a visit may fall outside its postpartum day [24(d-1), 24d) and still count as day d.
    visit_window_hours = models.PositiveSmallIntegerField(_("visit window: hours allowed outside the day"),
                                                          default=6)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def rule(self) -> ClassificationRule:
        """The study's kelancaran rule (from expressed volume), the same object the analysis applies."""
        return ClassificationRule(
            name="kelancaran",
            source="volume",
            levels=tuple(self.classification_levels),
            cutpoints=tuple(float(c) for c in self.classification_cutpoints),
            unit=self.volume_unit,
        )

    def classify(self, volume: float | None) -> str:
        """The category of one volume by the study's rule ("" when missing)."""
        if volume is None:
            return ""
        x = float(volume)
        if math.isnan(x):
            return ""
        # rule().classify's own arithmetic (searchsorted, side="right": levels[i] for cuts[i-1] <= x < cuts[i]) for
        # one value, without building a pandas Series at every visit saved (tests/web/test_query_counts.py)
        return str(self.classification_levels[bisect.bisect_right([float(c) for c in self.classification_cutpoints],
                                                                  x)])

    @property
    def reference_arm(self) -> Arm | None:
        return self.arms.filter(is_reference=True).first() or self.arms.first()


class Arm(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="arms")
    name = models.CharField(_("arm"), max_length=60)  # the value written in the data's arm column
    is_reference = models.BooleanField(_("reference (control) arm"), default=False)
    target_n = models.PositiveIntegerField(_("target"), default=15)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["study", "name"], name="arm_unique_name")]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """One step of the procedure checklist; copied from the package preset, then editable per study."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="checklist")
    order = models.PositiveSmallIntegerField(default=0)
    text_id = models.CharField(_("step (Indonesian)"), max_length=300)
    text_en = models.CharField(_("step (English)"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    key = models.CharField(max_length=40, blank=True)  # the preset's item key, when copied from it
    records_minutes = models.BooleanField(_("record minutes"), default=False)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text_id


class Membership(models.Model):
    """A user's role in a study. Never deleted: a member who leaves is made inactive (the audit trail keeps
    who was a member when, and their records keep naming them)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=ROLES)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["study", "user"], name="membership_unique")]

    def can(self, capability: str) -> bool:
        return self.active and capability in CAPABILITIES.get(self.role, frozenset())

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("memberships are never deleted; make the membership inactive instead")
